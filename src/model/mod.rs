//! The data directory as typed values, immutable after loading.
//!
//! Every record keeps where it came from (file and line) so that validation
//! and the cross-check against printed figures can point at it.

use crate::diag::Location;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

mod maps;
mod reports;
mod scores;

pub use maps::*;
pub use reports::*;
pub use scores::*;

/// A shared string: ids, codes and notes repeat millions of times in a
/// national dataset and are held once each.
pub type Text = Arc<str>;

/// Hands out one shared copy of each distinct string.
#[derive(Debug, Default)]
pub struct Interner(FxHashSet<Text>);

impl Interner {
    pub fn get(&mut self, text: &str) -> Text {
        if let Some(t) = self.0.get(text) {
            return t.clone();
        }
        let t: Text = Arc::from(text);
        self.0.insert(t.clone());
        t
    }
}

#[derive(Debug, Clone)]
pub struct Dataset {
    /// The data directory as given on the command line.
    pub root: PathBuf,
    pub site: Site,
    pub units: Vec<Unit>,
    /// Sorted by year, oldest first.
    pub editions: Vec<Edition>,
    /// Merges, splits, renames, reclassifications and moves, from
    /// `lineage.csv` and the `successor` shorthand of the registry, in
    /// date order (file order within a date).
    pub lineage: Vec<LineageEdge>,
    /// The columns of `lineage.csv`, to name any cell of a row.
    pub lineage_header: Option<Header>,
    /// The boundaries of `maps/*.geojson`, by file name.
    pub maps: Vec<MapFile>,
    unit_index: rustc_hash::FxHashMap<String, usize>,
    /// By official code, the units that held it.
    code_index: FxHashMap<String, Vec<usize>>,
    /// By unit id, the positions in `lineage` of the edges from it and to it.
    lineage_from: FxHashMap<String, Vec<usize>>,
    lineage_to: FxHashMap<String, Vec<usize>>,
    /// The indicator tree of the periodic reports (`indicators.csv`).
    pub indicators: Option<Indicators>,
    /// The periodic reports (`reports/<period>/`), oldest period first.
    pub reports: Vec<Report>,
}

/// The file name of the registry `unit` was read from (`units.csv` when
/// there is no unit to tell).
pub fn registry_name(unit: Option<&Unit>) -> String {
    unit.and_then(|u| u.location.file.file_name()).map_or_else(
        || "units.csv".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Per map file, the units it has a shape for in one edition and how
/// many of them did not exist in the edition's year.
pub struct MapCoverage<'d> {
    maps: Vec<(FxHashSet<&'d str>, usize)>,
}

impl MapCoverage<'_> {
    /// The map file of a group whose units are `units`: the one whose
    /// shapes cover the most of them; then the one with the fewest shapes
    /// of units that did not exist in the edition's year (an older file
    /// also covers a commune that kept its id when it absorbed a
    /// neighbour, with the neighbour beside it); then the first by name.
    /// `None` when no file has a shape for any of them.
    pub fn best(&self, units: &[&str]) -> Option<usize> {
        let wanted: FxHashSet<&str> = units.iter().copied().collect();
        let mut best: Option<(usize, usize, usize)> = None;
        for (i, (shaped, stale)) in self.maps.iter().enumerate() {
            let covered = wanted.iter().filter(|u| shaped.contains(*u)).count();
            let better = best.is_none_or(|(_, n, s)| covered > n || (covered == n && *stale < s));
            if covered > 0 && better {
                best = Some((i, covered, *stale));
            }
        }
        best.map(|(i, _, _)| i)
    }

    /// Whether map file `m` has a shape for `unit`.
    pub fn has_shape(&self, m: usize, unit: &str) -> bool {
        self.maps[m].0.contains(unit)
    }
}

impl Dataset {
    /// The dataset as pages in English name things: an edition's
    /// `title_en`, a group's and a criterion's `name_en`, where the data
    /// gives one. Units keep their names: proper names, searched as
    /// written. Bands keep theirs too: results name them, and pages look
    /// their English names up.
    pub fn in_english(&self) -> Dataset {
        let mut english = self.clone();
        let rename = |name: &mut String, english: &Option<String>| {
            if let Some(text) = english.as_ref().filter(|t| !t.trim().is_empty()) {
                name.clone_from(text);
            }
        };
        for edition in &mut english.editions {
            rename(&mut edition.title, &edition.title_en);
            for group in &mut edition.groups {
                rename(&mut group.name, &group.name_en);
                for node in group.framework.iter_mut().flat_map(|f| &mut f.nodes) {
                    rename(&mut node.name, &node.name_en);
                }
            }
        }
        english
    }

    /// The file name of the unit registry (`units.csv`, or `units.xlsx`
    /// when kept as a workbook), for messages.
    pub fn registry(&self) -> String {
        registry_name(self.units.first())
    }

    pub fn new(root: PathBuf, site: Site, units: Vec<Unit>, editions: Vec<Edition>) -> Dataset {
        let mut unit_index =
            rustc_hash::FxHashMap::with_capacity_and_hasher(units.len(), Default::default());
        for (i, u) in units.iter().enumerate() {
            // The first of duplicated ids wins, as validation reports it.
            unit_index.entry(u.id.clone()).or_insert(i);
        }
        let mut code_index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, u) in units.iter().enumerate() {
            if let Some(code) = &u.code {
                code_index.entry(code.clone()).or_default().push(i);
            }
        }
        Dataset {
            root,
            site,
            units,
            editions,
            lineage: Vec::new(),
            lineage_header: None,
            maps: Vec::new(),
            unit_index,
            code_index,
            lineage_from: FxHashMap::default(),
            lineage_to: FxHashMap::default(),
            indicators: None,
            reports: Vec::new(),
        }
    }

    /// The dataset with its periodic reports and their indicator tree.
    pub fn with_reports(mut self, indicators: Option<Indicators>, reports: Vec<Report>) -> Dataset {
        self.indicators = indicators;
        self.reports = reports;
        self
    }

    /// The dataset with its lineage, indexed for the queries below.
    pub fn with_lineage(
        mut self,
        mut lineage: Vec<LineageEdge>,
        header: Option<Header>,
    ) -> Dataset {
        self.lineage_header = header;
        // Stable: rows of one date keep their file order.
        lineage.sort_by_key(|e| e.date);
        self.lineage_from.clear();
        self.lineage_to.clear();
        for (i, e) in lineage.iter().enumerate() {
            self.lineage_from.entry(e.from.clone()).or_default().push(i);
            self.lineage_to.entry(e.to.clone()).or_default().push(i);
        }
        self.lineage = lineage;
        self
    }

    /// The dataset with its map files.
    pub fn with_maps(mut self, maps: Vec<MapFile>) -> Dataset {
        self.maps = maps;
        self
    }

    /// The unit a map feature stands for in an edition: by id, or by the
    /// official code as it was on the edition's day ([`Edition::day`]),
    /// since a code names another unit after a reorganisation.
    pub fn map_unit(&self, link: &MapLink, edition: &Edition) -> Option<&Unit> {
        match link {
            MapLink::Unit(id) => self.unit(id),
            MapLink::Code(code) => self.unit_by_code(code, edition.day()),
            MapLink::Context => None,
        }
    }

    /// The map file of a group of `edition` whose units are `units`: the
    /// one whose shapes cover the most of them (a tie goes to the first
    /// file by name); `None` when no file has a shape for any of them.
    pub fn map_for(&self, edition: &Edition, units: &[&str]) -> Option<usize> {
        self.map_coverage(edition).best(units)
    }

    /// What each map file has a shape for in `edition`: worked out once
    /// per edition, then asked of each of its groups (a national edition
    /// has hundreds, a national file 10,000 shapes).
    pub fn map_coverage(&self, edition: &Edition) -> MapCoverage<'_> {
        let year = edition.year;
        MapCoverage {
            maps: self
                .maps
                .iter()
                .map(|map| {
                    let linked: Vec<&Unit> = map
                        .features
                        .iter()
                        .filter(|f| !f.polygons.is_empty())
                        .filter_map(|f| self.map_unit(&f.link, edition))
                        .collect();
                    let stale = linked.iter().filter(|u| !u.exists_in(year)).count();
                    (linked.iter().map(|u| u.id.as_str()).collect(), stale)
                })
                .collect(),
        }
    }

    /// Whether any unit ever had the official `code`.
    pub fn code_known(&self, code: &str) -> bool {
        self.code_index.contains_key(code)
    }

    /// The units that ever had the official `code`.
    pub fn units_with_code(&self, code: &str) -> impl Iterator<Item = &Unit> + '_ {
        self.code_index
            .get(code)
            .into_iter()
            .flatten()
            .map(|&i| &self.units[i])
    }

    /// The parent of `unit` on `day`: the one in units.csv until a `move`
    /// puts it under another.
    pub fn parent_on<'s>(&'s self, unit: &'s Unit, day: Day) -> Option<&'s str> {
        self.lineage_from(&unit.id)
            .filter(|e| e.kind == LineageKind::Move && e.date <= day)
            .last()
            .map(|e| e.to.as_str())
            .or(unit.parent.as_deref())
    }

    /// The parent of `unit` today, or on its last day: after its last move.
    pub fn parent_now<'s>(&'s self, unit: &'s Unit) -> Option<&'s str> {
        self.lineage_from(&unit.id)
            .filter(|e| e.kind == LineageKind::Move)
            .last()
            .map(|e| e.to.as_str())
            .or(unit.parent.as_deref())
    }

    /// Every edge leaving `id` (including moves), in date order.
    pub fn lineage_from(&self, id: &str) -> impl Iterator<Item = &LineageEdge> + '_ {
        self.lineage_from
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.lineage[i])
    }

    /// Every edge arriving at `id` (for a move: units that moved under
    /// it), in date order.
    pub fn lineage_to(&self, id: &str) -> impl Iterator<Item = &LineageEdge> + '_ {
        self.lineage_to
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.lineage[i])
    }

    /// The units `id` passed territory to (merge, split, rename, reclass),
    /// one edge each, in date order.
    pub fn successors(&self, id: &str) -> Vec<&LineageEdge> {
        self.lineage_from(id)
            .filter(|e| e.kind.succeeds())
            .collect()
    }

    /// The units `id` was formed from, directly, in date order.
    pub fn predecessors(&self, id: &str) -> Vec<&LineageEdge> {
        self.lineage_to(id).filter(|e| e.kind.succeeds()).collect()
    }

    /// Every edge of the history before `id`: its predecessors, theirs,
    /// and so on, newest first (file order within a date). Each edge once,
    /// even where territory came by two ways.
    pub fn all_predecessors(&self, id: &str) -> Vec<&LineageEdge> {
        let mut edges = self.walk(id, |e| &e.from, Self::predecessors);
        edges.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then(a.location.line.cmp(&b.location.line))
        });
        edges
    }

    /// Every edge of the history after `id`, oldest first.
    pub fn all_successors(&self, id: &str) -> Vec<&LineageEdge> {
        let mut edges = self.walk(id, |e| &e.to, Self::successors);
        edges.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(a.location.line.cmp(&b.location.line))
        });
        edges
    }

    fn walk<'a>(
        &'a self,
        id: &str,
        next: impl Fn(&'a LineageEdge) -> &'a String,
        step: impl Fn(&'a Dataset, &str) -> Vec<&'a LineageEdge>,
    ) -> Vec<&'a LineageEdge> {
        let mut seen: FxHashSet<*const LineageEdge> = FxHashSet::default();
        let mut visited: FxHashSet<&str> = FxHashSet::default();
        let mut edges = Vec::new();
        let mut queue = vec![id];
        // A cycle (reported by validation) must not loop.
        while let Some(at) = queue.pop() {
            if !visited.insert(at) {
                continue;
            }
            for e in step(self, at) {
                if seen.insert(e as *const _) {
                    edges.push(e);
                    queue.push(next(e));
                }
            }
        }
        edges
    }

    /// What `id` became and when: the edges of the first date on which
    /// territory left it. `None` for a unit that still exists as it was.
    pub fn became(&self, id: &str) -> Option<(Day, Vec<&LineageEdge>)> {
        let successors = self.successors(id);
        let date = successors.first()?.date;
        Some((
            date,
            successors.into_iter().filter(|e| e.date == date).collect(),
        ))
    }

    /// The unit whose official administrative `code` it is on `day`: one
    /// code may name two units at two times.
    pub fn unit_by_code(&self, code: &str, day: Day) -> Option<&Unit> {
        self.code_index
            .get(code)?
            .iter()
            .map(|&i| &self.units[i])
            .find(|u| u.valid_on(day))
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

impl Language {
    /// The code of `lang` attributes, `site.json` and the folder of a
    /// second language's pages.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }

    /// The language's name in itself, as a language switch offers it.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::Vi => "Tiếng Việt",
            Language::En => "English",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub language: Language,
    /// Every language the site is published in; `language` is the one at
    /// the root, each other has its pages under its code (`en/`).
    #[serde(default)]
    pub languages: Vec<Language>,
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

impl Site {
    /// The site's languages, the root's first, each once.
    pub fn all_languages(&self) -> Vec<Language> {
        let mut all = vec![self.language];
        for &lang in &self.languages {
            if !all.contains(&lang) {
                all.push(lang);
            }
        }
        all
    }
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
    /// The year of `valid_from` (of its date when one is given).
    pub valid_from: Option<i32>,
    /// The year of `valid_to` (of its date when one is given or derived).
    pub valid_to: Option<i32>,
    /// The official administrative code (mã đơn vị hành chính).
    pub code: Option<String>,
    /// Exact first and last days, where the registry gives dates or the
    /// lineage implies the end.
    pub valid: Validity,
    /// Names the unit had under the same id, oldest first.
    pub former_names: Vec<FormerName>,
    /// The same, written as `units.csv` takes them ("Tên cũ (đến
    /// YYYY-MM-DD); ..."), for the downloads.
    pub former_names_text: Option<String>,
    pub location: Location,
}

/// The days of a unit's validity that a year alone does not tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity {
    /// `valid_from` as a full date.
    pub from: Option<Day>,
    /// `valid_to` as a full date, or derived from the lineage.
    pub to: Option<Day>,
    /// `to` was not written: chiso derived it as the day before the unit
    /// was merged, split up, renamed or reclassified.
    pub to_derived: bool,
}

/// A name a unit had under its id, until a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerName {
    pub name: String,
    /// The last day the name was used.
    pub until: Day,
}

impl Unit {
    /// The label charts and tight tables use.
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// The first day the unit existed: a bare year means 1 January.
    pub fn first_day(&self) -> Option<Day> {
        self.valid
            .from
            .or_else(|| self.valid_from.map(Day::first_of_year))
    }

    /// The last day the unit existed: a bare year means 31 December.
    pub fn last_day(&self) -> Option<Day> {
        self.valid
            .to
            .or_else(|| self.valid_to.map(Day::last_of_year))
    }

    /// Whether the two units existed on a common day.
    pub fn overlaps(&self, other: &Unit) -> bool {
        other
            .first_day()
            .is_none_or(|f| self.last_day().is_none_or(|l| f <= l))
            && self
                .first_day()
                .is_none_or(|f| other.last_day().is_none_or(|l| f <= l))
    }

    /// Whether the unit existed on some day of `year`.
    pub fn exists_in(&self, year: i32) -> bool {
        self.first_day().is_none_or(|f| f.year <= year)
            && self.last_day().is_none_or(|l| l.year >= year)
    }

    pub fn valid_on(&self, day: Day) -> bool {
        self.first_day().is_none_or(|f| f <= day) && self.last_day().is_none_or(|l| day <= l)
    }

    /// The name the unit had on `day`.
    pub fn name_on(&self, day: Day) -> &str {
        self.former_names
            .iter()
            .find(|n| day <= n.until)
            .map_or(&self.name, |n| &n.name)
    }
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// `YYYY-MM-DD` only.
    pub fn parse(text: &str) -> Option<Day> {
        match PartialDate::parse(text)? {
            PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            } => Some(Day { year, month, day }),
            _ => None,
        }
    }

    pub fn first_of_year(year: i32) -> Day {
        Day {
            year,
            month: 1,
            day: 1,
        }
    }

    pub fn last_of_year(year: i32) -> Day {
        Day {
            year,
            month: 12,
            day: 31,
        }
    }

    pub fn next(self) -> Day {
        if self.day < days_in_month(self.year, self.month) {
            Day {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Day {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Day::first_of_year(self.year + 1)
        }
    }

    pub fn previous(self) -> Day {
        if self.day > 1 {
            Day {
                day: self.day - 1,
                ..self
            }
        } else if self.month > 1 {
            let month = self.month - 1;
            Day {
                month,
                day: days_in_month(self.year, month),
                ..self
            }
        } else {
            Day::last_of_year(self.year - 1)
        }
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

/// The kind of a lineage row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineageKind {
    /// All of `from` became part of `to`.
    Merge,
    /// Part of `from` became part of `to`.
    Split,
    /// The same territory under a new id or name.
    Rename,
    /// The same territory, a new kind (xã to phường).
    Reclass,
    /// `from` now belongs to another parent, `to`.
    Move,
}

impl LineageKind {
    pub const ALL: [(&'static str, LineageKind); 5] = [
        ("merge", LineageKind::Merge),
        ("split", LineageKind::Split),
        ("rename", LineageKind::Rename),
        ("reclass", LineageKind::Reclass),
        ("move", LineageKind::Move),
    ];

    pub fn parse(text: &str) -> Option<LineageKind> {
        Self::ALL
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }

    /// Territory passes from `from` to `to` (a move only changes the
    /// parent: `to` is not a successor).
    pub fn succeeds(self) -> bool {
        self != LineageKind::Move
    }

    /// All of `from` went: it ceased to exist under its id.
    pub fn dissolves(self) -> bool {
        matches!(
            self,
            LineageKind::Merge | LineageKind::Rename | LineageKind::Reclass
        )
    }
}

/// One row of `lineage.csv`, or a registry `successor` read as one.
#[derive(Debug, Clone)]
pub struct LineageEdge {
    /// The day the change took effect.
    pub date: Day,
    pub from: String,
    pub to: String,
    pub kind: LineageKind,
    /// For a split: the part of `from`'s population that went to `to`.
    pub share: Option<Decimal>,
    /// The legal act.
    pub basis: Option<String>,
    pub note: Option<String>,
    /// The row's `from` cell, or the unit's `successor` cell for the
    /// shorthand.
    pub location: Location,
    /// Read from the `successor` column of the registry.
    pub shorthand: bool,
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
    /// Its `name` in `edition.json`.
    pub location: Location,
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
    /// The day the edition is about, for what changes with time (which
    /// unit an official code names): the day it was published, the last
    /// day of the month or year given, or the last day of its year.
    pub fn day(&self) -> Day {
        match self.published_on {
            Some(PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            }) => Day { year, month, day },
            Some(PartialDate {
                year,
                month: Some(12),
                day: None,
            }) => Day::last_of_year(year),
            Some(PartialDate {
                year,
                month: Some(month),
                day: None,
            }) => Day {
                year,
                month: month + 1,
                day: 1,
            }
            .previous(),
            Some(PartialDate { year, .. }) => Day::last_of_year(year),
            None => Day::last_of_year(self.year),
        }
    }

    /// The band an index falls in. Bands are matched on the index as it
    /// is printed (rounded to `decimals`), so a page never shows 85,00
    /// next to the band below 85.
    pub fn band_for(&self, index: Decimal) -> Option<&Band> {
        let shown = crate::decimal::round_half_up(index, self.decimals);
        self.bands.iter().find(|b| shown >= b.min)
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub framework: Option<Framework>,
    /// Shared with the results, whose node results read their rows.
    pub scores: Option<Arc<Scores>>,
    pub published: Option<Published>,
    /// Its `id` in `edition.json`.
    pub location: Location,
}

impl Group {
    /// The units the group holds: those scored, then those only printed,
    /// each once.
    pub fn unit_ids(&self) -> Vec<&str> {
        let mut seen = std::collections::BTreeSet::new();
        let scored = self
            .scores
            .iter()
            .flat_map(|s| s.units().iter().map(|u| &**u));
        let printed = self
            .published
            .iter()
            .flat_map(|p| p.rows.iter().map(|r| r.unit.as_str()));
        scored.chain(printed).filter(|u| seen.insert(*u)).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Framework {
    pub location: Location,
    pub header: Header,
    /// The tree had a cycle or an unknown parent (reported when read); its
    /// sums are not checked.
    pub broken: bool,
    /// The file itself could not be read as a framework (reported).
    pub unreadable: bool,
    /// In file order.
    pub nodes: Vec<Node>,
}

impl Framework {
    /// Where column `name` of the row on `line` is, for a message about
    /// that cell.
    pub fn cell(&self, line: usize, name: &str) -> Location {
        self.header.cell(&self.location, line, name)
    }

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
pub struct Published {
    pub location: Location,
    pub header: Header,
    pub rows: Vec<PublishedRow>,
}

impl Published {
    /// Where column `name` of the row on `line` is, for a message about
    /// that cell.
    pub fn cell(&self, line: usize, name: &str) -> Location {
        self.header.cell(&self.location, line, name)
    }
}

/// A table's column names, in order: problems found after reading (a code
/// not in the framework, a score above its maximum) still name the cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header(pub Vec<String>);

impl Header {
    /// Where column `name` of the row on `line` of `file` is: the line
    /// alone when the table has no such column.
    pub fn cell(&self, file: &Location, line: usize, name: &str) -> Location {
        let column = self.0.iter().position(|h| h == name).map(|i| i + 1);
        let mut location = Location::at(&file.file, line, column);
        location.sheet = file.sheet.clone();
        location
    }
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
    /// Its `file` in `edition.json`.
    pub location: Location,
}
