//! An edition's page: its groups, its bands and its documents.

use super::tera_values::Put;
use super::Rendered;
use crate::i18n;
use crate::site::{PlannedPage, Site};
use serde_json::{json, Value};

impl<'a> Site<'a> {
    pub(super) fn edition_page(&self, page: &PlannedPage, e: usize) -> Rendered {
        let edition = self.edition(e);
        let title = format!("{} {}", self.word("edition"), edition.year);
        let mut crumbs = self.edition_crumbs(edition);
        crumbs.pop();
        let mut c = self.base(page, &title, "editions", crumbs, self.is_draft(e));
        let groups: Vec<Value> = (0..edition.groups.len())
            .map(|g| self.group_summary(e, g))
            .collect();
        self.groups_listing(&mut c, e);
        c.put(
            "edition",
            &json!({
                "year": edition.year,
                "title": edition.title,
                "published_on": edition.published_on.as_ref().map(|d| i18n::date(d, self.lang)),
                "groups": groups,
                "bands": edition.bands.iter().map(|b| {
                    let next = edition.bands.iter().take_while(|x| x.name != b.name).last();
                    json!({ "band": self.band(edition, Some(&b.name)), "min": self.exact(b.min, 6), "below": next.map(|n| self.exact(n.min, 6)) })
                }).collect::<Vec<_>>(),
            }),
        );
        c.insert_value("documents", self.documents_of(e));
        Rendered {
            template: "edition.html",
            context: c,
            files: Vec::new(),
        }
    }
}
