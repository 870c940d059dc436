//! The list of all units, by letter, whole or in parts.

use super::tera_values::Put;
use super::Rendered;
use crate::i18n;
use crate::model::Unit;
use crate::site::{urls, PlannedPage, Site};
use serde_json::{json, Value};

impl<'a> Site<'a> {
    pub(super) fn unit_list(&self, page: &PlannedPage, part: Option<usize>) -> Rendered {
        let parts = self.list_parts();
        let mut units: Vec<&Unit> = match part {
            Some(i) => parts[i].1.clone(),
            None if !parts.is_empty() => Vec::new(),
            None => self.dataset.units.iter().collect(),
        };
        let mut c = match part {
            Some(i) => {
                let title = format!("{} – {}", self.word("all_units"), parts[i].0.name);
                let crumbs = vec![
                    (self.word("home").to_string(), "index.html".to_string()),
                    (self.word("all_units").to_string(), urls::unit_list()),
                ];
                self.base(page, &title, "units", crumbs, false)
            }
            None => self.top_level(page, self.word("all_units"), "units"),
        };
        c.insert("part", &part.is_some());
        if !self.dataset.lineage.is_empty() {
            c.insert("reorganisation_url", &urls::reorganisation());
        }
        if part.is_none() {
            let links: Vec<Value> = parts
                .iter()
                .map(|(root, members)| json!({ "name": root.name, "url": urls::unit_list_part(&root.id), "count": members.len() }))
                .collect();
            c.put_list("parts", &links);
        }
        // By the proper name (Đắk Ơ, not Xã Đắk Ơ): a citizen looks for the
        // name, and the kind prefix would put every commune under X.
        crate::text::sort_vietnamese(&mut units, |u| crate::text::proper_name(u));
        let mut letters: Vec<Value> = Vec::new();
        let mut current: Option<String> = None;
        let mut items: Vec<Value> = Vec::new();
        let flush = |letter: &Option<String>, items: &mut Vec<Value>, letters: &mut Vec<Value>| {
            if let Some(l) = letter {
                letters.push(json!({ "letter": l, "id": format!("chu-{}", crate::text::letter_anchor(l)), "units": std::mem::take(items) }));
            }
        };
        for unit in units {
            let letter = crate::text::proper_name(unit)
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            let letter = crate::text::base_letter(&letter);
            if current.as_deref() != Some(letter.as_str()) {
                flush(&current, &mut items, &mut letters);
                current = Some(letter);
            }
            items.push(json!({
                "name": unit.name,
                "url": urls::unit(&unit.id),
                // Old names too: without JavaScript, this list is the search.
                "fold": crate::text::fold(&format!("{} {} {}", unit.name, unit.label(), self.other_names(unit).join(" "))),
                "now": self.now(unit).iter().map(|n| json!({ "name": n.name, "url": urls::unit(&n.id) })).collect::<Vec<_>>(),
                "kind": i18n::kind_label(self.lang, unit.kind),
                "parent": self.dataset.parent_now(unit).and_then(|p| self.unit(p)).map(|p| p.name.clone()),
            }));
        }
        flush(&current, &mut items, &mut letters);
        c.put_list("letters", &letters);
        Rendered {
            template: "units.html",
            context: c,
            files: Vec::new(),
        }
    }
}
