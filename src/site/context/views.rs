//! What several pages show alike: numbers in the site's format, a unit's
//! name, band and index, its changes since the previous edition, and a
//! group's summary.

use super::tera_values::Put;
use crate::compute::{Change, UnitResult};
use crate::decimal::round_half_up;
use crate::i18n;
use crate::model::Edition;
use crate::site::{urls, Site};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A unit's band as pages show it.
#[derive(serde::Serialize)]
pub(super) struct BandView {
    pub(super) name: String,
    /// `band-1` (the best) to `band-5`, for its colour.
    pub(super) class: String,
    /// Its place among the edition's bands, best first, for sorting a
    /// ranking by band.
    order: usize,
}

/// A change since the previous edition, as `partials/change.html` shows
/// it: the signed number, and the words a screen reader says instead.
#[derive(serde::Serialize)]
pub(super) struct ChangeView {
    /// `up`, `down`, `same` or `new`; the style sheet draws its arrow.
    pub(super) class: &'static str,
    pub(super) text: String,
    label: String,
    /// The exact change, for sorting; empty for a unit new to the group.
    pub(super) value: String,
}

impl<'a> Site<'a> {
    pub(super) fn num(&self, value: Decimal, decimals: u32) -> String {
        i18n::number(value, decimals, self.lang)
    }

    /// A unit's name, or its id where the registry has no such unit.
    pub(super) fn unit_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.unit(id).map_or(id, |u| &u.name)
    }

    pub(super) fn unit_label(&self, id: &str) -> String {
        self.unit(id)
            .map_or_else(|| id.to_string(), |u| u.label().to_string())
    }

    pub(super) fn band(&self, edition: &Edition, name: Option<&str>) -> Option<BandView> {
        let name = name?;
        let position = edition.bands.iter().position(|b| b.name == name);
        let label = self.band_name(edition, name).to_string();
        let order = position.unwrap_or(4) + 1;
        Some(BandView {
            name: label,
            class: format!("band-{}", order.min(5)),
            order,
        })
    }

    /// The index a page shows: the printed one when the decision prints
    /// one (it agrees with the scores, or was published anyway), else the
    /// computed one, rounded.
    pub(super) fn shown_index(&self, unit: &UnitResult, edition: &Edition) -> String {
        self.num(unit.shown, edition.decimals)
    }

    pub(super) fn shown_achieved(&self, unit: &UnitResult, edition: &Edition) -> Option<String> {
        let value = unit
            .printed
            .as_ref()
            .and_then(|p| p.achieved)
            .or(unit.achieved)?;
        Some(self.num(value, edition.decimals))
    }

    /// A maximum is points as a score is: shown with the edition's
    /// decimals, so that `11,50/12,00` reads as one kind of number.
    pub(super) fn shown_max(&self, unit: &UnitResult, edition: &Edition) -> Option<String> {
        let value = unit.printed.as_ref().and_then(|p| p.max).or(unit.max)?;
        Some(self.num(value, edition.decimals))
    }

    pub(super) fn exact(&self, value: Decimal, decimals: u32) -> String {
        let rounded = round_half_up(value, decimals).normalize();
        self.num(rounded, rounded.scale())
    }

    fn new_entry(&self) -> ChangeView {
        ChangeView {
            class: "new",
            text: self.word("new_entry").to_string(),
            label: self.word("new_entry").to_string(),
            value: String::new(),
        }
    }

    /// A change of `unit` with nothing to compare, said as "new unit"
    /// where the unit came from a reorganisation (its territory was not
    /// ranked as it is) rather than "new" to the group.
    pub(super) fn new_unit_or(&self, unit: &str, view: ChangeView) -> ChangeView {
        let reorganised = !self.dataset.predecessors(unit).is_empty();
        if view.class != "new" || !reorganised {
            return view;
        }
        ChangeView {
            text: self.word("new_unit").to_string(),
            label: self.word("new_unit").to_string(),
            ..view
        }
    }

    pub(super) fn index_change(&self, change: Option<&Change>, decimals: u32) -> ChangeView {
        match change {
            None => self.new_entry(),
            Some(c) => {
                let rounded = round_half_up(c.index, decimals);
                // Also the word for a screen reader; the style sheet draws
                // the arrow of each class.
                let class = if rounded > Decimal::ZERO {
                    "up"
                } else if rounded < Decimal::ZERO {
                    "down"
                } else {
                    "same"
                };
                ChangeView {
                    class,
                    text: i18n::signed(c.index, decimals, self.lang),
                    label: format!(
                        "{} {} {} {}",
                        self.word(class),
                        self.num(c.index.abs(), decimals),
                        self.word("since"),
                        c.previous_year
                    ),
                    value: c.index.to_string(),
                }
            }
        }
    }

    pub(super) fn rank_change(&self, change: Option<&Change>) -> ChangeView {
        match change {
            None => self.new_entry(),
            Some(Change {
                rank: None,
                previous_year,
                ..
            }) => ChangeView {
                class: "other",
                text: "–".to_string(),
                label: format!("{} {previous_year}", self.word("ranked_elsewhere")),
                value: String::new(),
            },
            Some(c) => {
                let rank = c.rank.unwrap_or_default();
                let class = match rank.signum() {
                    1 => "up",
                    -1 => "down",
                    _ => "same",
                };
                let text = if rank > 0 {
                    format!("+{rank}")
                } else {
                    rank.to_string()
                };
                ChangeView {
                    class,
                    text,
                    label: format!(
                        "{} {} {} {} {}",
                        self.word(class),
                        rank.abs(),
                        self.word("places"),
                        self.word("since"),
                        c.previous_year
                    ),
                    value: rank.to_string(),
                }
            }
        }
    }

    pub(super) fn group_summary(&self, e: usize, g: usize) -> Value {
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let stats = result.stats.as_ref();
        let first = result.units.first();
        let last = result.units.last();
        let pick = |u: Option<&UnitResult>| {
            u.map(|u| json!({ "name": self.unit_name(&u.unit), "url": urls::unit(&u.unit), "index": self.shown_index(u, edition) }))
        };
        let bands: Vec<Value> = stats
            .map(|s| {
                s.band_counts
                    .iter()
                    .map(|(name, n)| {
                        let mut b = json!(self.band(edition, Some(name)));
                        b["count"] = json!(n);
                        b
                    })
                    .collect()
            })
            .unwrap_or_default();
        json!({
            "name": group.name,
            "url": urls::group(edition.year, &group.id),
            "count": result.units.len(),
            "mean": stats.map(|s| self.num(s.mean, edition.decimals)),
            "median": stats.map(|s| self.num(s.median, edition.decimals)),
            "best": pick(first),
            "worst": pick(last),
            "bands": bands,
            "framework_changed": result.framework_changed,
        })
    }

    /// How the groups of edition `e` are listed (see [`crate::site::GROUP_CARDS`]):
    /// as a table, its band columns, and whether any group's framework
    /// changed (the table marks those).
    pub(super) fn groups_listing(&self, c: &mut tera::Context, e: usize) {
        let edition = self.edition(e);
        let groups = self.edition_results(e);
        c.insert("groups_table", &(groups.len() > crate::site::GROUP_CARDS));
        c.insert(
            "groups_changed",
            &groups.iter().any(|g| g.framework_changed),
        );
        let heads: Vec<Value> = edition
            .bands
            .iter()
            .map(|b| json!(self.band(edition, Some(&b.name))))
            .collect();
        c.put_list("band_heads", &heads);
    }
}
