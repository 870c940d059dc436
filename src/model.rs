//! The data directory as typed values, immutable after loading.
//!
//! Every record keeps where it came from (file and line) so that validation
//! and the cross-check against printed figures can point at it.

use crate::diag::Location;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Dataset {
    /// The data directory as given on the command line.
    pub root: PathBuf,
    pub site: Site,
    pub units: Vec<Unit>,
    /// Sorted by year, oldest first.
    pub editions: Vec<Edition>,
    unit_index: std::collections::HashMap<String, usize>,
}

impl Dataset {
    pub fn new(root: PathBuf, site: Site, units: Vec<Unit>, editions: Vec<Edition>) -> Dataset {
        let mut unit_index = std::collections::HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            // The first of duplicated ids wins, as validation reports it.
            unit_index.entry(u.id.clone()).or_insert(i);
        }
        Dataset {
            root,
            site,
            units,
            editions,
            unit_index,
        }
    }

    /// Looks a unit up by id; every table row does this, so it is indexed.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_index.get(id).map(|&i| &self.units[i])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Vi,
    En,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub title_en: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Province,
    Department,
    District,
    Commune,
    Other,
}

impl UnitKind {
    pub const ALL: [(&'static str, UnitKind); 5] = [
        ("province", UnitKind::Province),
        ("department", UnitKind::Department),
        ("district", UnitKind::District),
        ("commune", UnitKind::Commune),
        ("other", UnitKind::Other),
    ];

    pub fn parse(text: &str) -> Option<UnitKind> {
        Self::ALL
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, k)| *k)
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: UnitKind,
    pub parent: Option<String>,
    pub name_en: Option<String>,
    pub successor: Option<String>,
    pub valid_from: Option<i32>,
    pub valid_to: Option<i32>,
    pub location: Location,
}

impl Unit {
    /// The label charts and tight tables use.
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Final,
    Draft,
}

/// `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` where the source gives no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.trim().split('-');
        let year = parts.next()?;
        if year.len() != 4 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 => {
                let d = d.parse::<u8>().ok()?;
                if !(1..=days_in_month(year, month?)).contains(&d) {
                    return None;
                }
                Some(d)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// ISO form: `2023-01-31`, `2022-12` or `2022`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub name_en: Option<String>,
    pub min: Decimal,
}

#[derive(Debug, Clone)]
pub struct Edition {
    pub year: i32,
    pub title: String,
    pub title_en: Option<String>,
    pub status: Status,
    pub published_on: Option<PartialDate>,
    pub scale: Decimal,
    pub decimals: u32,
    /// Highest first, as validated.
    pub bands: Vec<Band>,
    pub groups: Vec<Group>,
    pub documents: Vec<Document>,
    /// The edition folder.
    pub dir: PathBuf,
    /// `edition.json`, for diagnostics.
    pub file: PathBuf,
}

impl Edition {
    /// The band an index falls in. Bands are matched on the index as it
    /// is printed (rounded to `decimals`), so a page never shows 85,00
    /// next to the band below 85.
    pub fn band_for(&self, index: Decimal) -> Option<&Band> {
        let shown = crate::compute::round_half_up(index, self.decimals);
        self.bands.iter().find(|b| shown >= b.min)
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub framework: Option<Framework>,
    pub scores: Option<Scores>,
    pub published: Option<Published>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Framework {
    pub location: Location,
    /// The tree had a cycle or an unknown parent (reported when read); its
    /// sums are not checked.
    pub broken: bool,
    /// The file itself could not be read as a framework (reported).
    pub unreadable: bool,
    /// In file order.
    pub nodes: Vec<Node>,
}

impl Framework {
    pub fn node(&self, code: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.code == code)
    }

    /// Top-level nodes (fields), in file order.
    pub fn fields(&self) -> impl Iterator<Item = (usize, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.parent.is_none())
    }

    pub fn depth(&self, mut index: usize) -> usize {
        let mut depth = 0;
        while let Some(p) = self.nodes[index].parent {
            depth += 1;
            index = p;
            if depth > self.nodes.len() {
                break;
            }
        }
        depth
    }

    /// The top-level field a node belongs to.
    pub fn field_of(&self, mut index: usize) -> usize {
        let mut steps = 0;
        while let Some(p) = self.nodes[index].parent {
            index = p;
            steps += 1;
            if steps > self.nodes.len() {
                break;
            }
        }
        index
    }

    /// True when the two frameworks measure the same things the same way:
    /// used to mark methodology breaks on trend charts.
    pub fn same_method(&self, other: &Framework) -> bool {
        self.nodes.len() == other.nodes.len()
            && self.nodes.iter().zip(&other.nodes).all(|(a, b)| {
                a.code == b.code && a.max == b.max && a.parent == b.parent && a.name == b.name
            })
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub max: Option<Decimal>,
    /// Index of the parent node; `None` for top-level fields.
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Scores {
    pub location: Location,
    pub rows: Vec<ScoreRow>,
}

/// The `max` cell of a score row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicable {
    /// Empty: the framework's maximum applies.
    Framework,
    /// This unit's own maximum.
    Max(Decimal),
    /// `x` or `-`: the node does not apply to this unit.
    NotApplicable,
}

#[derive(Debug, Clone)]
pub struct ScoreRow {
    pub unit: String,
    pub code: String,
    pub score: Option<Decimal>,
    pub max: Applicable,
    pub self_score: Option<Decimal>,
    pub note: Option<String>,
    pub responsible: Option<String>,
    pub line: usize,
    /// A cell of this row could not be read (already reported); later
    /// checks skip the row instead of reporting it again.
    pub unreadable: bool,
}

#[derive(Debug, Clone)]
pub struct Published {
    pub location: Location,
    pub rows: Vec<PublishedRow>,
}

#[derive(Debug, Clone)]
pub struct PublishedRow {
    pub unit: String,
    pub achieved: Option<Decimal>,
    pub max: Option<Decimal>,
    pub index: Option<Decimal>,
    pub rank: Option<u32>,
    pub band: Option<String>,
    /// Non-empty when the publisher states that the printed figures stand
    /// although they differ from the scores: the reason, shown on the site.
    pub discrepancy_note: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub kind: String,
    pub title: String,
    pub number: Option<String>,
    pub date: Option<PartialDate>,
    pub signer: Option<String>,
    /// As written in `edition.json`, relative to the edition folder.
    pub file: String,
    /// Resolved inside the edition folder (validated).
    pub path: PathBuf,
}
