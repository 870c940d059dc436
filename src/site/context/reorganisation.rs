//! The reorganisation page ("Sắp xếp đơn vị hành chính"): every change of
//! the lineage, grouped by date, each with its kind, share and basis, and
//! for each date the number of units of each kind the day before and on
//! the day (the first date's are the counts before and after the whole
//! reorganisation began; a later, larger wave has its own).

use super::Rendered;
use crate::i18n;
use crate::model::{LineageEdge, LineageKind, UnitKind};
use crate::site::{urls, PlannedPage, Site};
use rust_decimal::Decimal;

#[derive(serde::Serialize)]
struct DateView<'a> {
    date: String,
    /// An anchor for the date's table, diacritic-free and unique.
    id: String,
    rows: Vec<ChangeRow<'a>>,
    before: String,
    counts: Vec<CountRow>,
}

#[derive(serde::Serialize)]
struct ChangeRow<'a> {
    from: UnitCell<'a>,
    to: UnitCell<'a>,
    kind: &'static str,
    share: Option<String>,
    basis: Option<&'a str>,
    /// Both names, folded, for the list filter.
    fold: String,
}

#[derive(serde::Serialize)]
struct UnitCell<'a> {
    name: &'a str,
    url: String,
}

#[derive(serde::Serialize)]
struct CountRow {
    kind: &'static str,
    before: usize,
    after: usize,
}

impl<'a> Site<'a> {
    pub(super) fn reorganisation_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("reorganisation"), "units");
        let edges = &self.dataset.lineage;
        let mut dates: Vec<DateView> = Vec::new();
        // The lineage is sorted by date; rows keep the file's order within it.
        for chunk in edges.chunk_by(|a, b| a.date == b.date) {
            let date = chunk[0].date;
            let before = date.previous();
            dates.push(DateView {
                date: self.day(date),
                id: format!("ngay-{}", date.iso()),
                rows: chunk.iter().filter_map(|e| self.change_row(e)).collect(),
                before: self.day(before),
                counts: UnitKind::ALL
                    .iter()
                    .map(|&(_, kind)| CountRow {
                        kind: i18n::kind_label(self.lang, kind),
                        before: self.count_valid(kind, |u| u.valid_on(before)),
                        after: self.count_valid(kind, |u| u.valid_on(date)),
                    })
                    .filter(|r| r.before + r.after > 0)
                    .collect(),
            });
        }
        c.insert("dates", &dates);
        Rendered {
            template: "reorganisation.html",
            context: c,
            files: Vec::new(),
        }
    }

    fn count_valid(&self, kind: UnitKind, valid: impl Fn(&crate::model::Unit) -> bool) -> usize {
        self.dataset
            .units
            .iter()
            .filter(|u| u.kind == kind && valid(u))
            .count()
    }

    fn change_row(&self, e: &'a LineageEdge) -> Option<ChangeRow<'a>> {
        let from = self.unit(&e.from)?;
        let to = self.unit(&e.to)?;
        let from_name = from.name_on(e.date.previous());
        let to_name = to.name_on(e.date);
        let kind = if self.merges_into_ancestor(from, e) {
            "lineage_kind_dissolved"
        } else {
            match e.kind {
                LineageKind::Merge => "lineage_kind_merge",
                LineageKind::Split => "lineage_kind_split",
                LineageKind::Rename => "lineage_kind_rename",
                LineageKind::Reclass => "lineage_kind_reclass",
                LineageKind::Move => "lineage_kind_move",
            }
        };
        Some(ChangeRow {
            from: UnitCell {
                name: from_name,
                url: urls::unit(&from.id),
            },
            to: UnitCell {
                name: to_name,
                url: urls::unit(&to.id),
            },
            kind: self.word(kind),
            share: e.share.map(|s| self.num(s * Decimal::ONE_HUNDRED, 0) + "%"),
            basis: e.basis.as_deref(),
            fold: crate::text::fold(&format!(
                "{from_name} {} {to_name} {}",
                from.label(),
                to.label()
            )),
        })
    }
}
