//! The reorganisation page ("Sắp xếp đơn vị hành chính"): every change of
//! the lineage, grouped by date and, within a date, by the unit it made
//! (a new commune with the communes it was formed from, each split part
//! with its share), with the legal basis; and for each date the number of
//! units of each kind the day before and on the day (the first date's are
//! the counts before and after the whole reorganisation began; a later,
//! larger wave has its own).
//!
//! A national lineage (thousands of changes) would make one page of
//! megabytes: past `CHANGES_PER_PAGE` changes made under several top-level
//! units, the page keeps the counts and lists the provinces, and each
//! province's changes have a page of their own.

use super::Rendered;
use crate::i18n;
use crate::model::{LineageEdge, LineageKind, Unit, UnitKind};
use crate::site::{urls, PlannedPage, Site};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

/// More changes than this, under more than one top-level unit, and the
/// changes move to a page per top-level unit.
pub const CHANGES_PER_PAGE: usize = 400;

#[derive(serde::Serialize)]
struct DateView<'a> {
    date: String,
    /// An anchor for the date's section, diacritic-free and unique.
    id: String,
    /// The legal basis most of the date's changes share, said once above
    /// them (a national province's 190 changes cite one resolution); a
    /// change citing anything else says its own.
    basis: Option<&'a str>,
    changes: Vec<Change<'a>>,
    before: String,
    counts: Vec<CountRow>,
}

/// What one date did to one unit: the unit it made (or renamed, or that
/// absorbed others) and where it came from.
#[derive(serde::Serialize)]
struct Change<'a> {
    to: UnitCell<'a>,
    kind: &'static str,
    from: Vec<FromCell<'a>>,
    basis: Vec<&'a str>,
    notes: Vec<&'a str>,
}

#[derive(serde::Serialize)]
struct UnitCell<'a> {
    name: &'a str,
    url: String,
}

#[derive(serde::Serialize)]
struct FromCell<'a> {
    name: &'a str,
    url: String,
    /// For a split: the part that went to the new unit, "60%".
    share: Option<String>,
    /// A split without a stated share.
    part: bool,
}

#[derive(serde::Serialize)]
struct CountRow {
    kind: &'static str,
    before: usize,
    after: usize,
}

/// A top-level unit's page of changes, as the index lists it.
#[derive(serde::Serialize)]
struct PartLink {
    /// With its dates when it did not always exist (`dated_name`).
    name: String,
    url: String,
    changes: usize,
    fold: String,
}

/// The basis cited alone by more than one of `changes`, the most often
/// (the first of equals), taken off those that cite it. Only when every
/// change cites a basis: one citing none would read as citing the shared
/// one.
fn shared_basis<'a>(changes: &mut [Change<'a>]) -> Option<&'a str> {
    if changes.iter().any(|c| c.basis.is_empty()) {
        return None;
    }
    let mut counts: Vec<(&'a str, usize)> = Vec::new();
    for change in changes.iter() {
        if let [basis] = change.basis[..] {
            match counts.iter_mut().find(|(b, _)| *b == basis) {
                Some((_, n)) => *n += 1,
                None => counts.push((basis, 1)),
            }
        }
    }
    let mut best: Option<(&'a str, usize)> = None;
    for (basis, n) in counts {
        if n > 1 && best.is_none_or(|(_, most)| n > most) {
            best = Some((basis, n));
        }
    }
    let (shared, _) = best?;
    for change in changes.iter_mut() {
        if change.basis[..] == [shared] {
            change.basis.clear();
        }
    }
    Some(shared)
}

/// How a change reads: merges and splits into one unit are one change.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Dissolved,
    Formed,
    Rename,
    Reclass,
    Move,
}

impl<'a> Site<'a> {
    /// The lineage split by the top-level unit of each change's result,
    /// in the order of the names; empty when one page holds it all.
    pub fn reorganisation_parts(&self) -> Vec<(&'a Unit, Vec<&'a LineageEdge>)> {
        let edges = &self.dataset.lineage;
        if edges.len() <= CHANGES_PER_PAGE {
            return Vec::new();
        }
        let mut parts: Vec<(&'a Unit, Vec<&'a LineageEdge>)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::default();
        for e in edges {
            let Some(to) = self.unit(&e.to) else { continue };
            let root = self.root_of(to);
            let at = *index.entry(root.id.as_ref()).or_insert_with(|| {
                parts.push((root, Vec::new()));
                parts.len() - 1
            });
            parts[at].1.push(e);
        }
        if parts.len() < 2 {
            return Vec::new();
        }
        crate::text::sort_vietnamese(&mut parts, |(root, _)| root.name.as_str());
        parts
    }

    /// A unit's name with its dates when it did not always exist: the Tỉnh
    /// An Giang formed on 1 July 2025 is listed beside the one before it.
    fn dated_name(&self, unit: &Unit) -> String {
        match (unit.first_day(), unit.last_day()) {
            (_, Some(last)) => format!(
                "{} ({} {})",
                unit.name,
                self.word("lineage_until"),
                self.day(last)
            ),
            (Some(first), None) => format!(
                "{} ({} {})",
                unit.name,
                self.word("from_day"),
                self.day(first)
            ),
            (None, None) => unit.name.clone(),
        }
    }

    fn root_of(&self, unit: &'a Unit) -> &'a Unit {
        let mut root = unit;
        for _ in 0..self.dataset.units.len() {
            match self.dataset.parent_now(root).and_then(|p| self.unit(p)) {
                Some(parent) => root = parent,
                None => break,
            }
        }
        root
    }

    /// The index (`part` None) or one top-level unit's changes.
    pub(super) fn reorganisation_page(&self, page: &PlannedPage, part: Option<usize>) -> Rendered {
        let parts = self.reorganisation_parts();
        let title = self.word("reorganisation");
        let mut c = match part {
            Some(i) => {
                let name = self.dated_name(parts[i].0);
                let title = format!("{title} – {name}");
                let crumbs = vec![
                    (self.word("home").to_string(), "index.html".to_string()),
                    (
                        self.word("reorganisation").to_string(),
                        urls::reorganisation(),
                    ),
                ];
                let mut c = self.base(page, &title, "units", crumbs, false);
                c.insert("part_name", &name);
                c
            }
            None => self.top_level(page, title, "units"),
        };
        let edges: Vec<&LineageEdge> = match part {
            Some(i) => parts[i].1.clone(),
            None if parts.is_empty() => self.dataset.lineage.iter().collect(),
            None => Vec::new(),
        };
        let mut dates: Vec<DateView> = Vec::new();
        // The lineage is sorted by date; changes keep the file's order.
        let all: Vec<&LineageEdge> = self.dataset.lineage.iter().collect();
        for chunk in all.chunk_by(|a, b| a.date == b.date) {
            let date = chunk[0].date;
            let before = date.previous();
            let mine: Vec<&LineageEdge> =
                edges.iter().copied().filter(|e| e.date == date).collect();
            if part.is_some() && mine.is_empty() {
                continue;
            }
            let mut changes = self.changes(&mine);
            let basis = shared_basis(&mut changes);
            dates.push(DateView {
                date: self.day(date),
                id: format!("ngay-{}", date.iso()),
                basis,
                changes,
                before: self.day(before),
                counts: if part.is_some() {
                    Vec::new()
                } else {
                    self.counts_around(date)
                },
            });
        }
        let links: Vec<PartLink> = match part {
            None => parts
                .iter()
                .map(|(root, edges)| PartLink {
                    name: self.dated_name(root),
                    url: urls::reorganisation_part(&root.id),
                    changes: self.changes(edges).len(),
                    fold: crate::text::fold(&root.name),
                })
                .collect(),
            Some(_) => Vec::new(),
        };
        c.insert("dates", &dates);
        c.insert("parts", &links);
        // The filter submits to the page itself, with or without JavaScript.
        c.insert("self_url", &page.path);
        Rendered {
            template: "reorganisation.html",
            context: c,
            files: Vec::new(),
        }
    }

    fn counts_around(&self, date: crate::model::Day) -> Vec<CountRow> {
        let before = date.previous();
        UnitKind::ALL
            .iter()
            .map(|&(_, kind)| CountRow {
                kind: i18n::kind_label(self.lang, kind),
                before: self.count_valid(kind, |u| u.valid_on(before)),
                after: self.count_valid(kind, |u| u.valid_on(date)),
            })
            .filter(|r| r.before + r.after > 0)
            .collect()
    }

    fn count_valid(&self, kind: UnitKind, valid: impl Fn(&Unit) -> bool) -> usize {
        self.dataset
            .units
            .iter()
            .filter(|u| u.kind == kind && valid(u))
            .count()
    }

    fn class(&self, from: &Unit, e: &LineageEdge) -> Class {
        if self.merges_into_ancestor(from, e) {
            return Class::Dissolved;
        }
        match e.kind {
            LineageKind::Merge | LineageKind::Split => Class::Formed,
            LineageKind::Rename => Class::Rename,
            LineageKind::Reclass => Class::Reclass,
            LineageKind::Move => Class::Move,
        }
    }

    /// The edges of one date, one change per resulting unit and class, in
    /// the order of their first edge.
    fn changes(&self, edges: &[&'a LineageEdge]) -> Vec<Change<'a>> {
        let mut changes: Vec<Change<'a>> = Vec::new();
        let mut kinds: Vec<(Class, Vec<LineageKind>)> = Vec::new();
        let mut index: HashMap<(&str, Class, crate::model::Day), usize> = HashMap::default();
        for &e in edges {
            let (Some(from), Some(to)) = (self.unit(&e.from), self.unit(&e.to)) else {
                continue;
            };
            let class = self.class(from, e);
            let at = *index.entry((&e.to, class, e.date)).or_insert_with(|| {
                changes.push(Change {
                    to: UnitCell {
                        name: to.name_on(e.date),
                        url: urls::unit(&to.id),
                    },
                    kind: "",
                    from: Vec::new(),
                    basis: Vec::new(),
                    notes: Vec::new(),
                });
                kinds.push((class, Vec::new()));
                changes.len() - 1
            });
            let change = &mut changes[at];
            kinds[at].1.push(e.kind);
            let from_name = from.name_on(e.date.previous());
            change.from.push(FromCell {
                name: from_name,
                url: urls::unit(&from.id),
                share: e.share.map(|s| self.num(s * Decimal::ONE_HUNDRED, 0) + "%"),
                part: e.kind == LineageKind::Split && e.share.is_none(),
            });
            for (list, value) in [(&mut change.basis, &e.basis), (&mut change.notes, &e.note)] {
                if let Some(v) = value.as_deref() {
                    if !list.contains(&v) {
                        list.push(v);
                    }
                }
            }
        }
        for (change, (class, kinds)) in changes.iter_mut().zip(&kinds) {
            change.kind = self.word(match class {
                Class::Dissolved => "lineage_kind_dissolved",
                Class::Formed if kinds.contains(&LineageKind::Merge) => "lineage_kind_merge",
                Class::Formed => "lineage_kind_split",
                Class::Rename => "lineage_kind_rename",
                Class::Reclass => "lineage_kind_reclass",
                Class::Move => "lineage_kind_move",
            });
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(basis: &[&'static str]) -> Change<'static> {
        Change {
            to: UnitCell {
                name: "Xã A",
                url: "don-vi/xa-a.html".into(),
            },
            kind: "",
            from: Vec::new(),
            basis: basis.to_vec(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_shared_basis_is_the_one_cited_alone_most_often_and_never_covers_a_change_citing_none() {
        let mut changes = vec![
            change(&["NQ 1"]),
            change(&["NQ 2"]),
            change(&["NQ 2"]),
            change(&["NQ 2", "NQ 1"]),
        ];
        assert_eq!(shared_basis(&mut changes), Some("NQ 2"));
        let left: Vec<&[&str]> = changes.iter().map(|c| &c.basis[..]).collect();
        assert_eq!(left, vec![&["NQ 1"][..], &[], &[], &["NQ 2", "NQ 1"]]);
        // Each cited once: nothing shared.
        let mut changes = vec![change(&["NQ 1"]), change(&["NQ 2"])];
        assert_eq!(shared_basis(&mut changes), None);
        // A change citing nothing would read as citing the shared basis.
        let mut changes = vec![change(&["NQ 1"]), change(&["NQ 1"]), change(&[])];
        assert_eq!(shared_basis(&mut changes), None);
        assert_eq!(changes[0].basis, vec!["NQ 1"]);
    }
}
