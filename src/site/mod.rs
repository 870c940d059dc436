//! The page plan: every page of the site, its URL and its own small
//! context. The stage after `compute`: it reads the dataset and the
//! results and hands each page's context to `render`.
//!
//! Planning lists pages without rendering them (`PageKind`, `Site::plan`
//! here; addresses in `urls.rs`); each page's context is built when it is
//! rendered (`context/`: a file per page kind, which also draws the
//! page's charts with `render::charts` and offers their SVG and CSV), from
//! shared read-only lookups, so pages can be rendered in parallel and no
//! page ever carries the whole dataset. A new page is a `PageKind`, an
//! entry in `plan`, an address and a context function. Of the disk, only
//! `read_content` reads `content/*.md`.

mod context;
mod reads;
pub mod urls;

use crate::compute::{GroupResult, Results, UnitResult};
use crate::i18n;
use crate::model::{Dataset, Document, Edition, Group, Language, Status, Unit};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

pub use context::{Rendered, CHART_NANOS};
pub use reads::capture;

/// What a page shows; its URL follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Edition(usize),
    Group(usize, usize),
    /// The units x fields heatmap of a group, on its own page so that the
    /// ranking page of a large group stays light.
    Fields(usize, usize),
    /// Edition, group, framework node.
    Criterion(usize, usize, usize),
    Unit(usize),
    UnitList,
    /// The units under one top-level unit (a province), when the whole list
    /// is too long for one page.
    UnitListPart(usize),
    /// Group means over the years, a few groups per page.
    Trends(usize),
    Documents,
    Data,
    Dictionary,
    /// Every change of the lineage by date, with the counts of units
    /// before and after; only when the dataset has a lineage.
    Reorganisation,
    /// One top-level unit's changes, when there are too many for one page.
    ReorganisationPart(usize),
    Content(usize),
    /// The periodic reports: periods, groups and the indicator tree.
    Reports,
    /// One period's report of one group: report, group.
    ReportGroup(usize, usize),
    /// One indicator of the tree over the periods.
    Indicator(usize),
    /// The free comparison of units chosen in the browser.
    Compare,
    /// A parent's units side by side (the parent's position in the
    /// registry).
    CompareParent(usize),
    /// An edition's chart alone, for an `<iframe>` elsewhere.
    Embed(Embed),
    NotFound,
}

/// An edition's chart that has a page of its own to embed (edition and
/// group indices; a node's position in the group's framework).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embed {
    Ranking(usize, usize),
    /// The units x fields heatmap.
    Fields(usize, usize),
    /// How a field's shares of its maximum are spread.
    Distribution(usize, usize, usize),
    /// A field's group mean over the years, pinned to the latest edition
    /// that gives the field a page (whose page writes the chart).
    History(usize, usize, usize),
    /// A group's mean over the years, pinned to its latest edition.
    Trend(usize, usize),
    Map(usize, usize),
}

/// Where the pages in `lang` are, relative to the site's root: the root's
/// language at the root, another in a folder named by its code.
pub fn language_prefix(site: &crate::model::Site, lang: Language) -> String {
    if lang == site.language {
        String::new()
    } else {
        format!("{}/", lang.code())
    }
}

/// One page per field: its criteria and sub-criteria are rows (and its
/// criteria columns) there; a page per sub-criterion would make a national
/// site mostly near-empty pages.
pub fn has_own_page(node: &crate::model::Node) -> bool {
    node.parent.is_none()
}

/// Groups per trends page: a national site has nearly 200 groups, each
/// with its chart.
pub const TRENDS_PER_PAGE: usize = 6;

/// More groups than this and the home and edition pages list them as one
/// table rather than a card each: a national edition's 189 cards would
/// weigh 170 KB on a phone.
pub const GROUP_CARDS: usize = 12;

/// More units than this and the unit list is split by top-level unit: a
/// national list of 12,000 names would weigh 2 MB.
pub const UNITS_PER_LIST_PAGE: usize = 1500;

#[derive(Debug, Clone)]
pub struct PlannedPage {
    pub kind: PageKind,
    /// Relative to the output root, e.g. `2022/so-nganh/index.html`.
    pub path: String,
}

/// A Markdown page from `content/`.
#[derive(Debug, Clone)]
pub struct ContentPage {
    pub slug: String,
    pub title: String,
    pub html: String,
    /// The language of its text where it is not the site's (a page not yet
    /// translated is shown as written).
    pub lang: Option<Language>,
}

/// A document copied into the site, with what the documents page shows.
#[derive(Debug, Clone)]
pub struct PublishedDocument {
    pub of: DocumentOf,
    pub document: Document,
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// Whose document it is: an edition's or a periodic report's (indices in
/// the dataset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOf {
    Edition(usize),
    Report(usize),
}

/// A data download, as the Data page lists it.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: String,
    pub format: &'static str,
    pub size: u64,
    pub rows: usize,
    /// `None`: all editions.
    pub year: Option<i32>,
    pub table: Option<&'static str>,
    pub title_vi: String,
    pub title_en: String,
}

/// Where one unit appears: edition index, group index, its result.
pub type Appearance<'a> = (usize, usize, &'a UnitResult);

/// Read-only lookups shared by every page.
pub struct Site<'a> {
    pub dataset: &'a Dataset,
    /// Read through [`Site::group`], [`Site::edition_results`] and
    /// [`Site::appearances`], which record what a page read (see `reads`);
    /// [`Site::membership`] only for which units a group holds.
    results: &'a Results,
    pub lang: Language,
    /// Where this language's pages are, relative to the site's root:
    /// empty for the root's language, `en/` for another.
    pub prefix: String,
    pub base_url: Option<String>,
    pub content: Vec<ContentPage>,
    pub documents: Vec<PublishedDocument>,
    /// The downloads, known once they are written: only the Data page
    /// needs them, so the other pages render while they are made.
    pub data_files: std::sync::OnceLock<Vec<DataFile>>,
    /// Each of `documents` as Tera's value, made the first time a page
    /// lists them: every unit page lists its years' documents (a national
    /// unit's: twenty), and Tera's values are shared, not copied.
    document_views: std::sync::OnceLock<Vec<tera::Value>>,
    units: HashMap<&'a str, usize>,
    appearances: HashMap<&'a str, Vec<Appearance<'a>>>,
    children: HashMap<&'a str, Vec<&'a Unit>>,
    /// Per group of each edition (flattened), the group mean of every
    /// node's share of its maximum: computed the first time a page needs
    /// it, since ten editions' criterion pages each chart all ten years.
    node_means: Vec<reads::Shared<HashMap<String, Decimal>>>,
    /// Charts several pages show (a node's mean over the years), drawn by
    /// the first page that needs one: per group (flattened), per node code.
    shared_charts: Vec<HashMap<&'a str, reads::Shared<context::ChartView>>>,
    group_offsets: Vec<usize>,
    /// Each map file's shapes as shared arcs, simplified once, the first
    /// time a page or a download needs them.
    topologies: Vec<std::sync::OnceLock<crate::render::map::Topology>>,
    /// Per group (flattened), the map file it uses, if any.
    group_maps: Vec<std::sync::OnceLock<Option<usize>>>,
    /// Per group (flattened), the part of its map file its units cover:
    /// its ranking, its eight fields' pages and its units' locators each
    /// ask, and the answer looks at every feature of the file.
    group_views: Vec<std::sync::OnceLock<Option<[i32; 4]>>>,
    /// Per edition and map file (editions x files), the unit each
    /// feature of the file stands for in the edition: every map and unit
    /// page's locator asks.
    /// (Positions in the registry: a borrowed id in a `OnceLock` would make
    /// the site invariant in its lifetime.)
    feature_units: Vec<std::sync::OnceLock<Vec<Option<usize>>>>,
    /// Per edition, by position in the registry: the group each unit is
    /// ranked in and its parent that year. Every map of the edition asks
    /// of each of its file's features (a country's 10,000 communes).
    places: Vec<std::sync::OnceLock<Places>>,
    /// Where each reported value is.
    report_index: context::ReportIndex<'a>,
    /// Per parent (its position in the registry), the latest edition in
    /// which units were ranked under it: its comparison page shows that
    /// edition.
    compare_parents: std::sync::OnceLock<HashMap<usize, usize>>,
    /// Per group (flattened), the criteria where its units lost points,
    /// most often first: every unit page of the group compares with them.
    common_lost: Vec<reads::Shared<Vec<context::CommonLost>>>,
}

/// Where the units of the registry stand in one edition, by position.
pub(crate) struct Places {
    /// The group each is ranked in.
    pub group: Vec<u32>,
    /// Its parent on the last day of the edition's year.
    pub parent: Vec<u32>,
}

impl Places {
    pub const NONE: u32 = u32::MAX;
}

impl<'a> Site<'a> {
    pub fn new(
        dataset: &'a Dataset,
        results: &'a Results,
        base_url: Option<String>,
        content: Vec<ContentPage>,
        documents: Vec<PublishedDocument>,
    ) -> Site<'a> {
        let units = dataset
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let mut appearances: HashMap<&str, Vec<Appearance>> = HashMap::default();
        for (e, edition) in results.editions.iter().enumerate() {
            for (g, group) in edition.groups.iter().enumerate() {
                for unit in &group.units {
                    appearances
                        .entry(unit.unit.as_str())
                        .or_default()
                        .push((e, g, unit));
                }
            }
        }
        let mut children: HashMap<&str, Vec<&Unit>> = HashMap::default();
        for unit in &dataset.units {
            if let Some(parent) = dataset.parent_now(unit) {
                children.entry(parent).or_default().push(unit);
            }
        }
        let base_url = base_url.or_else(|| dataset.site.base_url.clone()).map(|u| {
            if u.ends_with('/') {
                u
            } else {
                format!("{u}/")
            }
        });
        let mut group_offsets = Vec::with_capacity(results.editions.len());
        let mut total = 0;
        for edition in &results.editions {
            group_offsets.push(total);
            total += edition.groups.len();
        }
        let shared_charts = dataset
            .editions
            .iter()
            .flat_map(|edition| &edition.groups)
            .map(|group| {
                group
                    .framework
                    .iter()
                    .flat_map(|fw| &fw.nodes)
                    .map(|n| (n.code.as_str(), reads::Shared::default()))
                    .collect()
            })
            .collect();
        Site {
            report_index: context::ReportIndex::new(dataset),
            shared_charts,
            node_means: (0..total).map(|_| reads::Shared::default()).collect(),
            topologies: dataset
                .maps
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            group_maps: (0..total).map(|_| std::sync::OnceLock::new()).collect(),
            group_views: (0..total).map(|_| std::sync::OnceLock::new()).collect(),
            feature_units: (0..dataset.editions.len() * dataset.maps.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            places: dataset
                .editions
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            common_lost: (0..total).map(|_| reads::Shared::default()).collect(),
            compare_parents: std::sync::OnceLock::new(),
            group_offsets,
            dataset,
            results,
            lang: dataset.site.language,
            prefix: String::new(),
            base_url,
            content,
            documents,
            data_files: std::sync::OnceLock::new(),
            document_views: std::sync::OnceLock::new(),
            units,
            appearances,
            children,
        }
    }

    /// A band as this language's pages name it: results name a band as
    /// the data does, and English pages use its `name_en` where given.
    pub fn band_name<'e>(&self, edition: &'e Edition, name: &'e str) -> &'e str {
        match self.lang {
            Language::En => edition
                .bands
                .iter()
                .find(|b| b.name == name)
                .and_then(|b| b.name_en.as_deref())
                .unwrap_or(name),
            Language::Vi => name,
        }
    }

    /// The same site in `lang`: its pages under the language's folder
    /// unless it is the root's language.
    pub fn in_language(mut self, lang: Language) -> Self {
        self.lang = lang;
        self.prefix = language_prefix(&self.dataset.site, lang);
        self
    }

    /// Map file `m`'s shapes, simplified once.
    pub fn topology(&self, m: usize) -> &crate::render::map::Topology {
        self.topologies[m]
            .get_or_init(|| crate::render::map::Topology::build(&self.dataset.maps[m]))
    }

    /// Group `g` of edition `e`'s view of its map file, worked out once.
    pub(crate) fn cached_group_view(
        &self,
        e: usize,
        g: usize,
        view: impl FnOnce() -> Option<[i32; 4]>,
    ) -> Option<[i32; 4]> {
        *self.group_views[self.group_offsets[e] + g].get_or_init(view)
    }

    /// The map file group `g` of edition `e` is drawn with, if any.
    pub fn group_map(&self, e: usize, g: usize) -> Option<usize> {
        let at = self.group_offsets[e];
        if let Some(&m) = self.group_maps[at + g].get() {
            return m;
        }
        // Every group of the edition at once: what each file covers is
        // worked out once per edition, not once per group.
        let coverage = self.dataset.map_coverage(&self.dataset.editions[e]);
        for (h, result) in self.membership(e).iter().enumerate() {
            let units: Vec<&str> = result.units.iter().map(|u| u.unit.as_str()).collect();
            let _ = self.group_maps[at + h].set(coverage.best(&units));
        }
        self.group_maps[at + g].get().copied().flatten()
    }

    /// The unit each feature of group `(e, g)`'s map file stands for in
    /// edition `e` (empty without a map).
    pub fn feature_units(&self, e: usize, g: usize) -> Vec<Option<&'a str>> {
        let units = &self.dataset.units;
        self.feature_positions(e, g)
            .iter()
            .map(|p| p.map(|i| units[i].id.as_str()))
            .collect()
    }

    /// [`Site::feature_units`] as positions in the registry.
    pub(crate) fn feature_positions(&self, e: usize, g: usize) -> &[Option<usize>] {
        let Some(m) = self.group_map(e, g) else {
            return &[];
        };
        // The same for every group of the edition drawn from the file.
        self.feature_units[e * self.dataset.maps.len() + m].get_or_init(|| {
            let edition = &self.dataset.editions[e];
            self.dataset.maps[m]
                .features
                .iter()
                .map(|f| {
                    let unit = self.dataset.map_unit(&f.link, edition)?;
                    self.units.get(unit.id.as_str()).copied()
                })
                .collect()
        })
    }

    /// Where each unit of the registry stands in edition `e`: its group
    /// and its parent (positions), [`Places::NONE`] where it has none.
    pub(crate) fn places(&self, e: usize) -> &Places {
        self.places[e].get_or_init(|| {
            let n = self.dataset.units.len();
            let mut group = vec![Places::NONE; n];
            for (g, result) in self.membership(e).iter().enumerate() {
                for u in &result.units {
                    if let Some(&i) = self.units.get(u.unit.as_str()) {
                        group[i] = g as u32;
                    }
                }
            }
            let day = crate::model::Day::last_of_year(self.edition(e).year);
            let parent = self
                .dataset
                .units
                .iter()
                .map(|unit| {
                    self.dataset
                        .parent_on(unit, day)
                        .and_then(|p| self.units.get(p))
                        .map_or(Places::NONE, |&i| i as u32)
                })
                .collect();
            Places { group, parent }
        })
    }

    /// The downloads, once `data_files` is set (empty before).
    pub fn data_files(&self) -> &[DataFile] {
        self.data_files.get().map_or(&[], Vec::as_slice)
    }

    pub fn unit(&self, id: &str) -> Option<&'a Unit> {
        self.units.get(id).map(|&i| &self.dataset.units[i])
    }

    /// Where unit `id` was ranked, oldest edition first, with its results:
    /// the page asking is recorded as reading each of those groups.
    pub fn appearances(&self, id: &str) -> &[Appearance<'a>] {
        let found = self.appearances.get(id).map_or(&[][..], Vec::as_slice);
        for &(e, g, _) in found {
            reads::record(self.group_offsets[e] + g);
        }
        found
    }

    /// Whether unit `id` was ranked in any edition, without reading its
    /// results.
    pub fn was_ranked(&self, id: &str) -> bool {
        self.appearances.contains_key(id)
    }

    /// The results of every group of edition `e`, recorded as read.
    pub fn edition_results(&self, e: usize) -> &'a [GroupResult] {
        let groups = &self.results.editions[e].groups;
        for g in 0..groups.len() {
            reads::record(self.group_offsets[e] + g);
        }
        groups
    }

    /// The groups of edition `e`, for which units each holds and nothing
    /// else: what a group holds is part of what every page is made from
    /// (see `crate::build`), so reading it records nothing. A result's
    /// figures are read through [`Site::group`].
    pub(crate) fn membership(&self, e: usize) -> &'a [GroupResult] {
        &self.results.editions[e].groups
    }

    /// Position of group `(e, g)` among every group of every edition.
    pub fn flat_group(&self, e: usize, g: usize) -> usize {
        self.group_offsets[e] + g
    }

    pub fn children(&self, id: &str) -> &[&'a Unit] {
        self.children.get(id).map_or(&[], Vec::as_slice)
    }

    /// The alphabetical unit list, split by top-level unit (in Vietnamese
    /// order) when it is longer than one light page holds; empty when one
    /// page holds it.
    pub fn list_parts(&self) -> Vec<(&'a Unit, Vec<&'a Unit>)> {
        if self.dataset.units.len() <= UNITS_PER_LIST_PAGE {
            return Vec::new();
        }
        let mut parts: Vec<(&'a Unit, Vec<&'a Unit>)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::default();
        for unit in &self.dataset.units {
            let mut root = unit;
            let mut steps = 0;
            while let Some(parent) = self.dataset.parent_now(root).and_then(|p| self.unit(p)) {
                root = parent;
                steps += 1;
                if steps > self.dataset.units.len() {
                    break;
                }
            }
            let at = *index.entry(root.id.as_ref()).or_insert_with(|| {
                parts.push((root, Vec::new()));
                parts.len() - 1
            });
            parts[at].1.push(unit);
        }
        crate::text::sort_vietnamese(&mut parts, |(root, _)| root.name.as_str());
        parts
    }

    /// The mean share of its maximum (%) a node has in a group, over the
    /// units where it applies and is scored.
    pub fn node_mean(&self, e: usize, g: usize, code: &str) -> Option<Decimal> {
        let means = self.node_means[self.group_offsets[e] + g].get_or_init(|| {
            let mut sums: HashMap<&str, (Decimal, u32)> = HashMap::default();
            for unit in &self.group(e, g).1.units {
                for node in &unit.nodes {
                    if !node.applicable() {
                        continue;
                    }
                    if let Some(p) = node.percent() {
                        let entry = sums.entry(node.code()).or_insert((Decimal::ZERO, 0));
                        entry.0 += p;
                        entry.1 += 1;
                    }
                }
            }
            sums.into_iter()
                .map(|(code, (sum, n))| (code.to_string(), sum / Decimal::from(n)))
                .collect()
        });
        means.get(code).copied()
    }

    /// A chart of group `(e, g)` keyed by node code, drawn once.
    fn shared_chart(
        &self,
        (e, g): (usize, usize),
        code: &str,
        draw: impl FnOnce() -> context::ChartView,
    ) -> std::borrow::Cow<'_, context::ChartView> {
        match self.shared_charts[self.group_offsets[e] + g].get(code) {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(draw)),
            None => std::borrow::Cow::Owned(draw()),
        }
    }

    /// How many pages the trends take.
    pub fn trend_pages(&self) -> usize {
        self.trend_groups().len().div_ceil(TRENDS_PER_PAGE).max(1)
    }

    /// Group ids (with a name) in order of first appearance.
    pub fn trend_groups(&self) -> Vec<(&'a str, &'a str)> {
        let mut seen = std::collections::HashSet::new();
        let mut ids = Vec::new();
        for edition in &self.dataset.editions {
            for g in &edition.groups {
                if seen.insert(g.id.as_str()) {
                    ids.push((g.id.as_str(), g.name.as_str()));
                }
            }
        }
        ids
    }

    pub fn edition(&self, e: usize) -> &'a Edition {
        &self.dataset.editions[e]
    }

    /// Group `g` of edition `e` and its results, recorded as read.
    pub fn group(&self, e: usize, g: usize) -> (&'a Group, &'a GroupResult) {
        reads::record(self.group_offsets[e] + g);
        (
            &self.dataset.editions[e].groups[g],
            &self.results.editions[e].groups[g],
        )
    }

    /// Editions shown on the site, newest first.
    pub fn editions_newest_first(&self) -> impl Iterator<Item = (usize, &'a Edition)> {
        self.dataset.editions.iter().enumerate().rev()
    }

    pub fn is_draft(&self, e: usize) -> bool {
        self.dataset.editions[e].status == Status::Draft
    }

    pub fn word(&self, key: &str) -> &'static str {
        i18n::word(self.lang, key)
    }

    /// Every page of the site, in a stable order.
    pub fn plan(&self) -> Vec<PlannedPage> {
        let mut pages = vec![
            PlannedPage {
                kind: PageKind::Home,
                path: "index.html".into(),
            },
            PlannedPage {
                kind: PageKind::UnitList,
                path: urls::unit_list(),
            },
            PlannedPage {
                kind: PageKind::Documents,
                path: urls::documents(),
            },
            PlannedPage {
                kind: PageKind::Data,
                path: urls::data(),
            },
            PlannedPage {
                kind: PageKind::Dictionary,
                path: urls::dictionary(),
            },
        ];
        // A host serves one page for every missing address: the root's.
        if self.prefix.is_empty() {
            pages.push(PlannedPage {
                kind: PageKind::NotFound,
                path: "404.html".into(),
            });
        }
        if !self.dataset.lineage.is_empty() {
            pages.push(PlannedPage {
                kind: PageKind::Reorganisation,
                path: urls::reorganisation(),
            });
        }
        for (i, (root, _)) in self.reorganisation_parts().iter().enumerate() {
            pages.push(PlannedPage {
                kind: PageKind::ReorganisationPart(i),
                path: urls::reorganisation_part(&root.id),
            });
        }
        for part in 0..self.trend_pages() {
            pages.push(PlannedPage {
                kind: PageKind::Trends(part),
                path: urls::trends_part(part),
            });
        }
        for (i, (root, _)) in self.list_parts().iter().enumerate() {
            pages.push(PlannedPage {
                kind: PageKind::UnitListPart(i),
                path: urls::unit_list_part(&root.id),
            });
        }
        for (e, edition) in self.dataset.editions.iter().enumerate() {
            pages.push(PlannedPage {
                kind: PageKind::Edition(e),
                path: urls::edition(edition.year),
            });
            for (g, group) in edition.groups.iter().enumerate() {
                pages.push(PlannedPage {
                    kind: PageKind::Group(e, g),
                    path: urls::group(edition.year, &group.id),
                });
                let result = &self.membership(e)[g];
                if group.framework.is_some() && result.from_scores && !result.units.is_empty() {
                    pages.push(PlannedPage {
                        kind: PageKind::Fields(e, g),
                        path: urls::fields(edition.year, &group.id),
                    });
                }
                if let Some(framework) = &group.framework {
                    for (n, node) in framework.nodes.iter().enumerate() {
                        let scored = has_own_page(node)
                            && result.units.iter().any(|u| u.node(&node.code).is_some());
                        if scored {
                            pages.push(PlannedPage {
                                kind: PageKind::Criterion(e, g, n),
                                path: urls::criterion(edition.year, &group.id, &node.code),
                            });
                        }
                    }
                }
            }
        }
        pages.extend(self.embed_pages());
        for (i, unit) in self.dataset.units.iter().enumerate() {
            pages.push(PlannedPage {
                kind: PageKind::Unit(i),
                path: urls::unit(&unit.id),
            });
        }
        if !self.appearances.is_empty() {
            pages.push(PlannedPage {
                kind: PageKind::Compare,
                path: urls::compare(),
            });
        }
        for (i, unit) in self.dataset.units.iter().enumerate() {
            if self.compare_parents().contains_key(&i) {
                pages.push(PlannedPage {
                    kind: PageKind::CompareParent(i),
                    path: urls::compare_parent(&unit.id),
                });
            }
        }
        if !self.dataset.reports.is_empty() {
            pages.push(PlannedPage {
                kind: PageKind::Reports,
                path: urls::reports(),
            });
            for (r, report) in self.dataset.reports.iter().enumerate() {
                for (g, group) in report.groups.iter().enumerate() {
                    pages.push(PlannedPage {
                        kind: PageKind::ReportGroup(r, g),
                        path: urls::report_group(&report.period, &group.id),
                    });
                }
            }
            for (n, node) in self
                .dataset
                .indicators
                .iter()
                .flat_map(|t| t.nodes.iter().enumerate())
            {
                if self.has_indicator_page(n) {
                    pages.push(PlannedPage {
                        kind: PageKind::Indicator(n),
                        path: urls::indicator(&node.code),
                    });
                }
            }
        }
        for (i, page) in self.content.iter().enumerate() {
            pages.push(PlannedPage {
                kind: PageKind::Content(i),
                path: format!("{}.html", page.slug),
            });
        }
        pages
    }

    /// The search index script: every unit with its page, as a global the
    /// search script reads (a script, not JSON, so it loads from file://).
    ///
    /// Packed, because a whole country's index is fetched by phones:
    /// `{"page": [before, after], "kinds": [label], "bands": [name], "units":
    /// [[name, short, kind, parent, id, others, now, latest]]}`. A unit's
    /// page is `before + id + after`; `kind` indexes `kinds` (the kind as
    /// the name says it: Phường, Thị trấn); `parent` indexes `units` (-1:
    /// none); `short` is the short name, or, where the name ends with it,
    /// how many UTF-16 units of the name come before it (what JavaScript's
    /// `slice` counts); `others` the unit's former names and its
    /// predecessors' names, `now` the units (indices) an old unit's
    /// territory belongs to today, `latest` its latest result as `[year,
    /// index as shown, band, group]` (`band` indexes `bands`, -1: none;
    /// `group` indexes `groups`, the group's id, which with the year names
    /// the comparison's data file, `urls::compare_data`). Trailing
    /// elements a unit lacks are left out, and one it lacks before one it
    /// has is 0.
    pub fn search_index(&self) -> String {
        use serde_json::{json, Value};
        let mut kinds: Vec<&str> = Vec::new();
        let mut bands: Vec<&str> = Vec::new();
        let mut groups: Vec<&str> = Vec::new();
        let units: Vec<Value> = self
            .dataset
            .units
            .iter()
            .map(|u| {
                let label = i18n::named_kind(self.lang, u);
                let kind = kinds.iter().position(|k| *k == label).unwrap_or_else(|| {
                    kinds.push(label);
                    kinds.len() - 1
                });
                let short = match u.name.strip_suffix(u.label()) {
                    Some(prefix) => json!(prefix.encode_utf16().count()),
                    None => json!(u.label()),
                };
                let parent = self
                    .dataset
                    .parent_now(u)
                    .and_then(|p| self.units.get(p))
                    .map_or(-1, |&i| i as i64);
                let others = self.other_names(u);
                let now: Vec<usize> = self
                    .now(u)
                    .iter()
                    .filter_map(|n| self.units.get(n.id.as_str()).copied())
                    .collect();
                // The latest result: its year, the index as shown and the
                // band (an index into `bands`, -1 for none).
                let latest = self.appearances(&u.id).last().map(|&(e, g, r)| {
                    let edition = self.edition(e);
                    let group = self.group(e, g).0.id.as_str();
                    let group = groups.iter().position(|x| *x == group).unwrap_or_else(|| {
                        groups.push(group);
                        groups.len() - 1
                    });
                    let band = r.band.as_deref().map_or(-1, |b| {
                        let b = self.band_name(edition, b);
                        let at = bands.iter().position(|x| *x == b).unwrap_or_else(|| {
                            bands.push(b);
                            bands.len() - 1
                        });
                        at as i64
                    });
                    json!([
                        edition.year,
                        i18n::number(r.shown, edition.decimals, self.lang),
                        band,
                        group
                    ])
                });
                // Trailing empty lists are left out: most units have none;
                // an empty list before a later element is 0.
                let mut row = vec![
                    json!(u.name),
                    short,
                    json!(kind),
                    json!(parent),
                    json!(u.id),
                ];
                let tail = [
                    (!others.is_empty()).then(|| json!(others)),
                    (!now.is_empty()).then(|| json!(now)),
                    latest,
                ];
                let used = tail.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
                row.extend(tail.into_iter().take(used).map(|x| x.unwrap_or(json!(0))));
                Value::Array(row)
            })
            .collect();
        let (before, after) = urls::UNIT_PAGE;
        let index = json!({ "page": [before, after], "kinds": kinds, "bands": bands, "groups": groups, "units": units });
        // `<` escaped so the index stays inert even if a page ever inlines it.
        let json = serde_json::to_string(&index)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c");
        format!("window.CHISO_UNITS={json};\n")
    }

    /// The names a unit can also be found by: those it had under its id
    /// and those of every unit it came from.
    pub fn other_names(&self, unit: &'a Unit) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = Vec::new();
        let predecessors = self
            .dataset
            .all_predecessors(&unit.id)
            .into_iter()
            .filter_map(|e| self.unit(&e.from))
            .map(|p| p.name.as_str());
        for name in unit
            .former_names
            .iter()
            .map(|n| n.name.as_str())
            .chain(predecessors)
        {
            if name != unit.name && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The units of today a unit's territory went to (none for a unit
    /// that still exists), in the order of the lineage.
    pub fn now(&self, unit: &Unit) -> Vec<&'a Unit> {
        let mut now: Vec<&'a Unit> = Vec::new();
        for e in self.dataset.all_successors(&unit.id) {
            if !self.dataset.successors(&e.to).is_empty() {
                continue;
            }
            if let Some(u) = self.unit(&e.to) {
                if !now.iter().any(|n| n.id == u.id) {
                    now.push(u);
                }
            }
        }
        now
    }

    /// The address of the page at `path` from the site's root (a
    /// folder's `index.html` as the folder), when the site knows its own.
    pub fn address(&self, path: &str) -> Option<String> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        self.base_url.as_ref().map(|b| format!("{b}{path}"))
    }

    /// The address of this language's page at `path`.
    pub fn absolute(&self, path: &str) -> Option<String> {
        self.address(&format!("{}{path}", self.prefix))
    }

    pub fn sitemap(&self, pages: &[PlannedPage]) -> Option<String> {
        self.base_url.as_ref()?;
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        // An embed page is a chart's frame for other sites: search finds
        // the chart on its own page.
        for page in pages
            .iter()
            .filter(|p| !matches!(p.kind, PageKind::NotFound | PageKind::Embed(_)))
        {
            let loc = self.absolute(&page.path).unwrap_or_default();
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&loc)));
        }
        xml.push_str("</urlset>\n");
        Some(xml)
    }

    /// The sitemap of a site in several languages: it points to one
    /// sitemap per language (`files`), each within the 50,000 addresses
    /// a sitemap may hold.
    pub fn sitemap_index(&self, files: &[String]) -> Option<String> {
        let base = self.base_url.as_ref()?;
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for file in files {
            xml.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                escape_xml(&format!("{base}{file}"))
            ));
        }
        xml.push_str("</sitemapindex>\n");
        Some(xml)
    }

    pub fn robots(&self) -> String {
        match &self.base_url {
            Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
            None => "User-agent: *\nAllow: /\n".to_string(),
        }
    }

    /// An Atom feed of editions and documents, dated by their publication
    /// dates (never the build time, so builds stay byte-identical).
    pub fn feed(&self) -> Option<String> {
        let base = self.base_url.as_ref()?;
        let atom_date = |d: Option<&crate::model::PartialDate>, year: i32| {
            let (y, m, day) = match d {
                Some(d) => (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1)),
                None => (year, 1, 1),
            };
            format!("{y:04}-{m:02}-{day:02}T00:00:00Z")
        };
        let mut entries: Vec<(String, String, String, String)> = Vec::new();
        for (e, edition) in self.dataset.editions.iter().enumerate() {
            if self.is_draft(e) {
                continue;
            }
            let updated = atom_date(edition.published_on.as_ref(), edition.year + 1);
            entries.push((
                updated.clone(),
                edition.title.clone(),
                format!("{base}{}", urls::edition(edition.year)),
                format!("{base}{}", urls::edition(edition.year)),
            ));
        }
        for doc in &self.documents {
            // A document of a draft is not announced; a report's is dated
            // by itself, its report, or the period's end.
            let (signed, fallback_year) = match doc.of {
                DocumentOf::Edition(e) if self.is_draft(e) => continue,
                DocumentOf::Edition(e) => {
                    let edition = &self.dataset.editions[e];
                    (edition.published_on.as_ref(), edition.year + 1)
                }
                DocumentOf::Report(r) => {
                    let report = &self.dataset.reports[r];
                    (report.published_on.as_ref(), report.period.year)
                }
            };
            let updated = match (doc.document.date.as_ref().or(signed), doc.of) {
                (None, DocumentOf::Report(r)) => {
                    let end = self.dataset.reports[r].period.last_day();
                    format!("{}T00:00:00Z", end.iso())
                }
                (date, _) => atom_date(date, fallback_year),
            };
            let title = match &doc.document.number {
                Some(n) => format!("{n}: {}", doc.document.title),
                None => doc.document.title.clone(),
            };
            entries.push((
                updated,
                title,
                format!("{base}{}", doc.path),
                format!("{base}{}", doc.path),
            ));
        }
        entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        let updated = entries
            .first()
            .map(|e| e.0.clone())
            .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
            if self.lang == Language::En { "en" } else { "vi" },
            escape_xml(&self.dataset.site.title),
            escape_xml(base),
            escape_xml(base),
            escape_xml(base),
            escape_xml(&self.dataset.site.publisher),
        );
        for (updated, title, id, link) in entries {
            xml.push_str(&format!(
                "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{updated}</updated>\n  </entry>\n",
                escape_xml(&title),
                escape_xml(&id),
                escape_xml(&link)
            ));
        }
        xml.push_str("</feed>\n");
        Some(xml)
    }
}

pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Reads `content/*.md`, sorted by file name.
/// The content pages of the site in another language than the root's:
/// each page of `content/` in its translation from `content/<code>/` (the
/// same file name), or as written, marked as in the root's language,
/// where there is none yet. A translation of no page of `content/` would
/// have no page to switch to, so only translations are read.
pub fn content_in(
    pages: &[ContentPage],
    dir: &std::path::Path,
    site: &crate::model::Site,
    lang: Language,
) -> std::io::Result<Vec<ContentPage>> {
    if lang == site.language {
        return Ok(pages.to_vec());
    }
    let translated = read_content(&dir.join(lang.code()))?;
    Ok(pages
        .iter()
        .map(|page| {
            translated
                .iter()
                .find(|t| t.slug == page.slug)
                .cloned()
                .unwrap_or_else(|| ContentPage {
                    lang: Some(site.language),
                    ..page.clone()
                })
        })
        .collect())
}

pub fn read_content(dir: &std::path::Path) -> std::io::Result<Vec<ContentPage>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for path in files {
        // A link to a file elsewhere on the machine is refused, not
        // published.
        let bytes = crate::output::read_inside(dir, &path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let invalid_data = |message: String| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}{message}", path.display()),
            )
        };
        let (text, decoded) = crate::input::decode::decode(&bytes)
            .map_err(|_| invalid_data(": not UTF-8 text".into()))?;
        // A page is published as written: a byte that is not UTF-8 would
        // reach readers as a replacement character.
        if let Some(&(at, byte)) = decoded.invalid.first() {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(invalid_data(format!(
                ":{line}:{column}: byte 0x{byte:02X} is not UTF-8: this file mixes encodings (save it as UTF-8)"
            )));
        }
        let rendered = crate::render::markdown::render(&text);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        pages.push(ContentPage {
            slug: crate::text::slug(&stem),
            title: rendered.title.unwrap_or_else(|| stem.clone()),
            html: rendered.html,
            lang: None,
        });
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Site as SiteSettings, UnitKind};

    fn unit(id: &str, name: &str, parent: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            name: name.into(),
            short_name: None,
            kind: if parent.is_some() {
                UnitKind::Commune
            } else {
                UnitKind::Province
            },
            parent: parent.map(Into::into),
            name_en: None,
            successor: None,
            valid_from: None,
            valid_to: None,
            code: None,
            valid: Default::default(),
            former_names: Vec::new(),
            former_names_text: None,
            location: crate::diag::Location::file("units.csv"),
        }
    }

    fn settings() -> SiteSettings {
        serde_json::from_str(r#"{ "title": "T", "publisher": "P" }"#).unwrap()
    }

    #[test]
    fn a_long_unit_list_is_split_by_province() {
        let mut units = vec![
            unit("dak-lak", "Đắk Lắk", None),
            unit("an-giang", "An Giang", None),
        ];
        for i in 0..UNITS_PER_LIST_PAGE {
            let province = if i % 3 == 0 { "dak-lak" } else { "an-giang" };
            units.push(unit(&format!("u{i}"), &format!("Xã {i}"), Some(province)));
        }
        let dataset = Dataset::new(PathBuf::from("data"), settings(), units, Vec::new());
        let results = Results::default();
        let site = Site::new(&dataset, &results, None, Vec::new(), Vec::new());
        let parts = site.list_parts();
        let names: Vec<&str> = parts.iter().map(|(root, _)| root.name.as_str()).collect();
        assert_eq!(names, ["An Giang", "Đắk Lắk"]);
        // Every unit is listed once, under its own province.
        assert_eq!(
            parts.iter().map(|(_, u)| u.len()).sum::<usize>(),
            dataset.units.len()
        );
        assert!(parts[1]
            .1
            .iter()
            .all(|u| u.id == "dak-lak" || u.parent.as_deref() == Some("dak-lak")));
        let plan = site.plan();
        assert!(plan
            .iter()
            .any(|p| p.path == "don-vi/danh-sach-an-giang.html"));
        assert!(plan
            .iter()
            .any(|p| p.path == "don-vi/danh-sach-dak-lak.html"));

        // A list that fits one page is not split.
        let small = Dataset::new(
            PathBuf::from("data"),
            settings(),
            dataset.units[..100].to_vec(),
            Vec::new(),
        );
        let site = Site::new(&small, &results, None, Vec::new(), Vec::new());
        assert!(site.list_parts().is_empty());
    }

    #[test]
    fn trends_are_split_a_few_groups_per_page() {
        let group = |id: &str| crate::model::Group {
            id: id.into(),
            name: format!("Nhóm {id}"),
            name_en: None,
            framework: None,
            scores: None,
            published: None,
            location: crate::diag::Location::file("edition.json"),
        };
        let edition = |year: i32, groups: Vec<crate::model::Group>| crate::model::Edition {
            year,
            title: format!("Chỉ số {year}"),
            title_en: None,
            status: Status::Final,
            published_on: None,
            scale: Decimal::ONE_HUNDRED,
            decimals: 2,
            bands: Vec::new(),
            groups,
            documents: Vec::new(),
            dir: PathBuf::from("editions"),
            file: PathBuf::from("edition.json"),
        };
        let first: Vec<_> = (0..TRENDS_PER_PAGE + 1)
            .map(|i| group(&format!("g{i}")))
            .collect();
        let mut second = first.clone();
        second.push(group("moi"));
        let dataset = Dataset::new(
            PathBuf::from("data"),
            settings(),
            Vec::new(),
            vec![edition(2023, first), edition(2024, second)],
        );
        let results = Results::default();
        let site = Site::new(&dataset, &results, None, Vec::new(), Vec::new());
        let ids: Vec<&str> = site.trend_groups().iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), TRENDS_PER_PAGE + 2, "each group once: {ids:?}");
        assert_eq!(ids.last(), Some(&"moi"));
        assert_eq!(site.trend_pages(), 2);
        assert_eq!(urls::trends_part(0), "xu-huong.html");
        assert_eq!(urls::trends_part(1), "xu-huong-2.html");
    }
}
