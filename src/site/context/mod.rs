//! Each page's context: only what that page shows, already formatted for
//! the site's language.
//!
//! [`Site::context`] sends each page kind to the file that builds it: the
//! home page (`home.rs`), an edition (`edition.rs`), a group's ranking and
//! fields heatmap (`group.rs`), a criterion (`criterion.rs`), a unit
//! (`unit.rs`), the list of units (`unit_list.rs`), the trends
//! (`trends.rs`), the documents (`documents.rs`), the reorganisation
//! (`reorganisation.rs`), the comparisons (`compare.rs`), an edition's chart alone to embed
//! (`embed.rs`) and the open data with its dictionary
//! (`data.rs`); content pages and the 404 page are built here.
//! What pages share is apart: numbers, names, bands and changes as shown
//! (`views.rs`), a chart with its table and downloadable files
//! (`chart.rs`), a map with its legend (`map.rs`), shown numbers read back for CSV cells and sorting
//! (`cells.rs`) and Tera's values (`tera_values.rs`). A new page kind is a
//! file here with its `*_page` function, and an arm in [`Site::context`].

mod cells;
mod chart;
mod compare;
mod criterion;
mod data;
mod documents;
mod edition;
mod embed;
mod group;
mod home;
mod map;
mod reorganisation;
mod reports;
mod tera_values;
mod trends;
mod unit;
mod unit_list;
mod views;

pub(super) use chart::ChartView;
pub use chart::CHART_NANOS;
pub use compare::CommonLost;
pub use reports::ReportIndex;

use crate::model::Edition;
use crate::site::{urls, PageKind, PlannedPage, Site};
use serde_json::{json, Value};

/// A page ready for its template, with the files its charts offer for
/// download (standalone SVG and CSV of the data).
pub struct Rendered {
    pub template: &'static str,
    pub context: tera::Context,
    pub files: Vec<(String, Vec<u8>)>,
}

type Files = Vec<(String, Vec<u8>)>;

impl<'a> Site<'a> {
    /// Builds the context of one page.
    pub fn context(&self, page: &PlannedPage) -> Rendered {
        match page.kind {
            PageKind::Home => self.home(page),
            PageKind::Edition(e) => self.edition_page(page, e),
            PageKind::Group(e, g) => self.group_page(page, e, g),
            PageKind::Fields(e, g) => self.fields_page(page, e, g),
            PageKind::Criterion(e, g, n) => self.criterion_page(page, e, g, n),
            PageKind::Unit(u) => self.unit_page(page, &self.dataset.units[u]),
            PageKind::UnitList => self.unit_list(page, None),
            PageKind::UnitListPart(i) => self.unit_list(page, Some(i)),
            PageKind::Trends(part) => self.trends_page(page, part),
            PageKind::Documents => self.documents_page(page),
            PageKind::Data => self.data_page(page),
            PageKind::Dictionary => self.dictionary_page(page),
            PageKind::Reorganisation => self.reorganisation_page(page, None),
            PageKind::ReorganisationPart(i) => self.reorganisation_page(page, Some(i)),
            PageKind::Reports => self.reports_page(page),
            PageKind::ReportGroup(r, g) => self.report_group_page(page, r, g),
            PageKind::Indicator(n) => self.indicator_page(page, n),
            PageKind::Compare => self.compare_page(page),
            PageKind::CompareParent(u) => self.compare_parent_page(page, &self.dataset.units[u]),
            PageKind::Embed(embed) => self.embed_page(page, embed),
            PageKind::Content(i) => {
                let content = &self.content[i];
                let mut c = self.top_level(page, &content.title, &content.slug);
                c.insert("html", &content.html);
                c.insert("content_lang", &content.lang.map(|l| l.code()));
                Rendered {
                    template: "content.html",
                    context: c,
                    files: Vec::new(),
                }
            }
            PageKind::NotFound => {
                let mut c = self.base(page, self.word("not_found_title"), "", Vec::new(), false);
                // A 404 page is served at any address, so its links must
                // be absolute when the site knows its address.
                c.insert("root", &self.base_url.clone().unwrap_or_default());
                c.insert("shared", &self.base_url.clone().unwrap_or_default());
                c.insert("switch", &Vec::<Value>::new());
                Rendered {
                    template: "404.html",
                    context: c,
                    files: Vec::new(),
                }
            }
        }
    }

    fn base(
        &self,
        page: &PlannedPage,
        title: &str,
        section: &str,
        crumbs: Vec<(String, String)>,
        draft: bool,
    ) -> tera::Context {
        let mut c = tera::Context::new();
        let root = urls::root_of(&page.path);
        // Style sheets, downloads and documents are the site's, not a
        // language's: one copy at the site's root.
        let shared = format!("{root}{}", urls::root_of(&self.prefix));
        c.insert("switch", &self.language_switch(page, &shared));
        c.insert("root", &root);
        c.insert("shared", &shared);
        c.insert("page_title", title);
        c.insert("section", section);
        c.insert("draft", &draft);
        c.insert("canonical", &self.absolute(&page.path));
        let crumbs: Vec<Value> = crumbs
            .into_iter()
            .map(|(label, url)| json!({ "label": label, "url": url }))
            .collect();
        c.insert("breadcrumbs", &crumbs);
        c
    }

    /// The same page in the site's other languages: a link each, and the
    /// address search engines are told of where the site knows its own.
    fn language_switch(&self, page: &PlannedPage, shared: &str) -> Vec<Value> {
        let site = &self.dataset.site;
        site.all_languages()
            .into_iter()
            .filter(|&lang| lang != self.lang)
            .map(|lang| {
                let path = format!("{}{}", crate::site::language_prefix(site, lang), page.path);
                json!({
                    "lang": lang.code(),
                    "name": lang.own_name(),
                    "url": format!("{shared}{path}"),
                    "absolute": self.address(&path),
                })
            })
            .collect()
    }

    /// A page one step below home.
    fn top_level(&self, page: &PlannedPage, title: &str, section: &str) -> tera::Context {
        let home = (self.word("home").to_string(), "index.html".to_string());
        self.base(page, title, section, vec![home], false)
    }

    fn edition_crumbs(&self, edition: &Edition) -> Vec<(String, String)> {
        vec![
            (self.word("home").to_string(), "index.html".into()),
            (
                format!("{} {}", self.word("edition"), edition.year),
                urls::edition(edition.year),
            ),
        ]
    }
}
