//! The home page: the latest edition's groups, every edition, the content
//! pages.

use super::tera_values::Put;
use super::Rendered;
use crate::i18n;
use crate::site::{urls, PlannedPage, Site};
use serde_json::{json, Value};

impl<'a> Site<'a> {
    pub(super) fn home(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.base(page, &self.dataset.site.title, "home", Vec::new(), false);
        if !self.dataset.lineage.is_empty() {
            c.insert("reorganisation_url", &urls::reorganisation());
        }
        // Home renders while the downloads are written; the ZIP is always
        // among them.
        c.insert("bundle_url", crate::export::BUNDLE_PATH);
        let latest = self
            .editions_newest_first()
            .find(|(e, _)| !self.is_draft(*e))
            .or_else(|| self.editions_newest_first().next());
        if let Some((e, edition)) = latest {
            let groups: Vec<Value> = (0..edition.groups.len())
                .map(|g| self.group_summary(e, g))
                .collect();
            self.groups_listing(&mut c, e);
            c.put(
                "latest",
                &json!({
                    "year": edition.year,
                    "title": edition.title,
                    "url": urls::edition(edition.year),
                    "published_on": edition.published_on.as_ref().map(|d| i18n::date(d, self.lang)),
                    "groups": groups,
                }),
            );
            c.insert("draft", &self.is_draft(e));
            // The latest edition at a glance, before its numbers: its main
            // group's map, else its first group's ranking chart.
            // The main group is the mapped one with the most units: a
            // province's handful of wards would leave its map mostly grey.
            let units = |g: usize| self.group(e, g).1.units.len();
            let mapped = (0..edition.groups.len())
                .filter(|&g| self.group_map(e, g).is_some())
                .max_by_key(|&g| (units(g), std::cmp::Reverse(g)));
            if let Some(g) = mapped {
                c.insert("map", &self.subject_map(&page.path, e, g, None, None, None));
                c.insert(
                    "map_group_url",
                    &urls::group(edition.year, &edition.groups[g].id),
                );
            } else if let Some((g, stats)) = self
                .edition_results(e)
                .iter()
                .enumerate()
                .find_map(|(g, r)| Some((g, r.stats.as_ref()?)))
            {
                let group = &edition.groups[g];
                let chart = self.ranking_chart(edition, group, self.group(e, g).1, stats.mean);
                let owner = urls::group(edition.year, &group.id);
                c.insert(
                    "ranking_chart",
                    &super::chart::link_only(&owner, "xep-hang", chart),
                );
                c.insert("map_group_url", &owner);
            }
        }
        let editions: Vec<Value> = self
            .editions_newest_first()
            .map(|(e, ed)| json!({ "year": ed.year, "title": ed.title, "url": urls::edition(ed.year), "draft": self.is_draft(e) }))
            .collect();
        c.put_list("editions", &editions);
        c.put_list(
            "content_pages",
            &self
                .content
                .iter()
                .map(|p| json!({ "title": p.title, "url": format!("{}.html", p.slug) }))
                .collect::<Vec<_>>(),
        );
        Rendered {
            template: "home.html",
            context: c,
            files: Vec::new(),
        }
    }
}
