//! Checks that need more than one cell: the registry, the criteria trees,
//! the scores against their trees, and the editions' settings.
//!
//! Every check reports and carries on; nothing here stops at the first
//! problem. The cross-check of printed figures against computed ones is in
//! `compute`, which is where those figures are made.

use crate::diag::{Cause, Diagnostic, Location};
use crate::model::*;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Accept editions with status `draft`.
    pub allow_draft: bool,
}

/// Units and groups whose scores have errors. Their printed figures are not
/// cross-checked and their groups' ranks not compared: a wrong score would
/// only repeat itself as a wrong total and shifted ranks.
#[derive(Debug, Clone, Default)]
pub struct Unsound {
    /// By year and group id, the unsound groups, each with the units whose
    /// scores have errors.
    groups: FxHashMap<i32, FxHashMap<String, FxHashSet<String>>>,
}

impl Unsound {
    pub fn group(&self, year: i32, group: &str) -> bool {
        self.groups
            .get(&year)
            .is_some_and(|g| g.contains_key(group))
    }

    pub fn unit(&self, year: i32, group: &str, unit: &str) -> bool {
        self.groups
            .get(&year)
            .and_then(|g| g.get(group))
            .is_some_and(|u| u.contains(unit))
    }
}

pub fn validate(dataset: &Dataset, options: Options) -> (Vec<Diagnostic>, Unsound) {
    let mut out = Vec::new();
    let mut unsound = Unsound::default();
    check_site(dataset, &mut out);
    let units = check_units(&dataset.units, &mut out);
    check_lineage(dataset, &units, &mut out);
    let mut years: HashMap<i32, &Edition> = HashMap::new();
    for edition in &dataset.editions {
        if let Some(first) = years.insert(edition.year, edition) {
            out.push(
                Diagnostic::error(
                    "duplicate-edition",
                    Location::file(&edition.file),
                    format!("two editions have the year {}", edition.year),
                )
                .found(format!("also in {}", first.file.display()))
                .expected("one edition per year"),
            );
        }
    }
    // Editions are independent: checked in parallel, their diagnostics kept
    // in edition order so reports do not depend on thread timing.
    use rayon::prelude::*;
    let checked: Vec<_> = dataset
        .editions
        .par_iter()
        .map(|edition| {
            let mut found = Vec::new();
            let groups = check_edition(dataset, edition, &units, options, &mut found);
            (edition.year, found, groups)
        })
        .collect();
    for (year, found, groups) in checked {
        out.extend(found);
        let by_group = unsound.groups.entry(year).or_default();
        for (group, bad) in groups {
            by_group.entry(group).or_default().extend(bad);
        }
    }
    (out, unsound)
}

fn check_site(dataset: &Dataset, out: &mut Vec<Diagnostic>) {
    let file = dataset.root.join("site.json");
    if let Some(url) = &dataset.site.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            out.push(
                Diagnostic::error(
                    "invalid-value",
                    Location::file(&file),
                    "\"base_url\" is not a web address",
                )
                .found(format!("\"{url}\""))
                .expected("an address such as https://cchc.example.gov.vn/"),
            );
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Suggests the known id or code nearest to an unknown one ("did you mean
/// `quang-trung`?"): the one that is the same once case, diacritics and
/// separators are ignored (`Quảng Trung`, `quang_trung`), else the one
/// closest in edit distance, when it takes at most one edit for every
/// three characters and no other is as close.
pub struct Nearest<'a> {
    /// Slug of each id, code or name -> the id or code.
    by_slug: FxHashMap<String, &'a str>,
    /// Folded (lower case, no diacritics) ids or codes.
    folded: Vec<(String, &'a str)>,
    /// Edit distances left to compute: a registry that matches nothing
    /// (12,500 unknown ids against 12,500 known) must not take minutes.
    budget: usize,
}

impl<'a> Nearest<'a> {
    /// `known`: each id or code, with other names it may be typed as (a
    /// unit's name).
    pub fn new<I, N>(known: I) -> Nearest<'a>
    where
        I: IntoIterator<Item = (&'a str, N)>,
        N: IntoIterator<Item = &'a str>,
    {
        let mut by_slug = FxHashMap::default();
        let mut folded = Vec::new();
        for (id, names) in known {
            by_slug.entry(crate::text::slug(id)).or_insert(id);
            for name in names {
                by_slug.entry(crate::text::slug(name)).or_insert(id);
            }
            folded.push((crate::text::fold(id), id));
        }
        Nearest {
            by_slug,
            folded,
            budget: 20_000_000,
        }
    }

    pub fn find(&mut self, unknown: &str) -> Option<&'a str> {
        let slug = crate::text::slug(unknown);
        if let Some(&id) = self.by_slug.get(&slug).filter(|_| !slug.is_empty()) {
            return (id != unknown).then_some(id);
        }
        let target: Vec<char> = crate::text::fold(unknown).chars().collect();
        let limit = target.len() / 3;
        if limit == 0 {
            return None;
        }
        let mut best: Option<(usize, &'a str)> = None;
        let mut tied = false;
        for (folded, id) in &self.folded {
            let length = folded.chars().count();
            if length.abs_diff(target.len()) > limit {
                continue;
            }
            let cost = length * target.len();
            if cost > self.budget {
                return None;
            }
            self.budget -= cost;
            let distance = edit_distance(&target, folded);
            if distance == 0 || distance > limit {
                continue;
            }
            match best {
                Some((d, _)) if d < distance => {}
                Some((d, _)) if d == distance => tied = true,
                _ => {
                    best = Some((distance, id));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied).map(|(_, id)| id)
    }

    /// `d` with a "did you mean" hint when a known id is near `unknown`.
    pub fn hint(&mut self, d: Diagnostic, unknown: &str) -> Diagnostic {
        match self.find(unknown) {
            Some(near) => d.hint(format!("did you mean \"{near}\"?")),
            None => d,
        }
    }
}

/// Levenshtein distance between `a` and `b`, by characters.
fn edit_distance(a: &[char], b: &str) -> usize {
    let mut previous: Vec<usize> = (0..=a.len()).collect();
    let mut current = vec![0; a.len() + 1];
    for (j, cb) in b.chars().enumerate() {
        current[0] = j + 1;
        for (i, ca) in a.iter().enumerate() {
            let substitute = previous[i] + usize::from(*ca != cb);
            current[i + 1] = substitute.min(previous[i + 1] + 1).min(current[i] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[a.len()]
}

/// The units of the registry as [`Nearest`] looks them up: by id, name or
/// short name.
fn nearest_unit(units: &[Unit]) -> Nearest<'_> {
    Nearest::new(units.iter().map(|u| {
        (
            u.id.as_str(),
            std::iter::once(u.name.as_str()).chain(u.short_name.as_deref()),
        )
    }))
}

/// Checks the registry and returns the known ids.
fn check_units<'a>(units: &'a [Unit], out: &mut Vec<Diagnostic>) -> FxHashMap<&'a str, &'a Unit> {
    let mut by_id: FxHashMap<&str, &Unit> = FxHashMap::default();
    let mut by_name: HashMap<(&str, Option<&str>), &Unit> = HashMap::new();
    for unit in units {
        if !is_valid_id(&unit.id) {
            out.push(
                Diagnostic::error(
                    "invalid-id",
                    unit.location.clone(),
                    "a unit id may only hold a-z, 0-9 and -",
                )
                .found(format!("\"{}\"", unit.id))
                .expected("an id such as dak-to-re (lower case, no diacritics, no spaces)")
                .hint(format!("try \"{}\"", crate::text::slug(&unit.id))),
            );
        }
        if let Some(first) = by_id.insert(&unit.id, unit) {
            out.push(
                Diagnostic::error(
                    "duplicate-unit",
                    unit.location.clone(),
                    format!("the unit id \"{}\" is used twice", unit.id),
                )
                .found(format!("also on line {}", first.location.line.unwrap_or(0)))
                .expected("each id once: ids are never reused"),
            );
            continue;
        }
        if let Some(first) = by_name.insert((&unit.name, unit.parent.as_deref()), unit) {
            out.push(
                Diagnostic::error(
                    "duplicate-name",
                    unit.location.clone(),
                    format!("units \"{}\" and \"{}\" have the same name", first.id, unit.id),
                )
                .found(format!("\"{}\" on lines {} and {}", unit.name, first.location.line.unwrap_or(0), unit.location.line.unwrap_or(0)))
                .expected("one id per unit")
                .hint("names are compared after Unicode normalisation (NFC): the same letters typed with combining marks are the same name"),
            );
        }
        if let (Some(from), Some(to)) = (unit.first_day(), unit.last_day()) {
            if from > to {
                let shown = |year: Option<i32>, day: Option<Day>| {
                    day.map(|d| d.iso())
                        .or(year.map(|y| y.to_string()))
                        .unwrap_or_default()
                };
                out.push(
                    Diagnostic::error(
                        "invalid-years",
                        unit.location.clone(),
                        "valid_from is after valid_to",
                    )
                    .found(format!(
                        "{} to {}",
                        shown(unit.valid_from, unit.valid.from),
                        shown(unit.valid_to, unit.valid.to)
                    ))
                    .expected("valid_from <= valid_to"),
                );
            }
        }
    }
    let registry = crate::model::registry_name(units.first());
    let mut nearest = None;
    for unit in units {
        for (column, reference) in [("parent", &unit.parent), ("successor", &unit.successor)] {
            if let Some(id) = reference {
                if !by_id.contains_key(id.as_str()) {
                    let mut location = unit.location.clone();
                    location.column = None;
                    let d = Diagnostic::error(
                        "unknown-unit",
                        location,
                        format!("the {column} \"{id}\" is not in {registry}"),
                    )
                    .found(format!("\"{id}\""))
                    .expected(format!("the id of a unit listed in {registry}"));
                    let nearest = nearest.get_or_insert_with(|| nearest_unit(units));
                    out.push(nearest.hint(d, id));
                }
            }
        }
        check_unit_address(unit, &by_id, out);
    }
    by_id
}

/// The lineage against the registry: known ids, valid on the day of the
/// change, no cycles, shares that fit, one merge per unit and day, and a
/// successor for every unit that ceased to exist.
fn check_lineage(dataset: &Dataset, by_id: &FxHashMap<&str, &Unit>, out: &mut Vec<Diagnostic>) {
    let lineage = &dataset.lineage;
    // Where column `name` of an edge's row is; the shorthand is one cell.
    let header = dataset.lineage_header.as_ref();
    let cell = |e: &LineageEdge, name: &str| match header {
        Some(h) if !e.shorthand => h.cell(&e.location, e.location.line.unwrap_or(0), name),
        _ => e.location.clone(),
    };
    let registry = dataset.registry();
    let mut nearest = None;
    let mut known = vec![true; lineage.len()];
    for (i, e) in lineage.iter().enumerate() {
        // A shorthand's unknown successor is reported by the registry check.
        if e.shorthand || by_id.is_empty() {
            continue;
        }
        for (column, id) in [("from", &e.from), ("to", &e.to)] {
            if by_id.contains_key(id.as_str()) {
                continue;
            }
            known[i] = false;
            let d = Diagnostic::error(
                "unknown-unit",
                cell(e, column),
                format!("the {column} unit \"{id}\" is not in {registry}"),
            )
            .found(format!("\"{id}\""))
            .expected(format!(
                "the id of a unit listed in {registry}; a new unit is added to the registry too"
            ));
            let nearest = nearest.get_or_insert_with(|| nearest_unit(&dataset.units));
            out.push(nearest.hint(d, id));
        }
    }
    let show = |u: &Unit| {
        let end = |d: Option<Day>| d.map_or_else(|| "…".to_string(), |d| d.iso());
        format!("valid {} to {}", end(u.first_day()), end(u.last_day()))
    };
    for (i, e) in lineage.iter().enumerate() {
        if !known[i] {
            continue;
        }
        let (Some(from), Some(to)) = (by_id.get(e.from.as_str()), by_id.get(e.to.as_str())) else {
            continue;
        };
        let before = e.date.previous();
        if !from.valid_on(before) {
            out.push(
                Diagnostic::error(
                    "lineage-not-valid",
                    cell(e, "from"),
                    format!(
                        "unit \"{}\" did not exist on {before}, the day before its {} on {}",
                        from.id,
                        e.kind.name(),
                        e.date
                    ),
                )
                .found(format!("\"{}\" {}", from.id, show(from)))
                .expected(format!("a unit valid on {before} in {registry}"))
                .hint("check the date of the change and the unit's valid_from and valid_to"),
            );
        }
        if !to.valid_on(e.date) {
            out.push(
                Diagnostic::error(
                    "lineage-not-valid",
                    cell(e, "to"),
                    format!(
                        "unit \"{}\" does not exist on {}, the day of the {} from \"{}\"",
                        to.id,
                        e.date,
                        e.kind.name(),
                        from.id
                    ),
                )
                .found(format!("\"{}\" {}", to.id, show(to)))
                .expected(format!("a unit valid on {} in {registry}", e.date))
                .hint("a new unit's valid_from is the day the change took effect"),
            );
        }
    }
    check_lineage_cycles(lineage, &cell, out);
    // Split shares of one unit on one day, and merges of one unit on one day.
    let mut shares: FxHashMap<(&str, Day), (Decimal, Vec<&LineageEdge>)> = FxHashMap::default();
    let mut merges: FxHashMap<(&str, Day), &LineageEdge> = FxHashMap::default();
    for e in lineage {
        match e.kind {
            LineageKind::Split => {
                let entry = shares.entry((&e.from, e.date)).or_default();
                // An invalid share is reported where it is read.
                entry.0 += e
                    .share
                    .filter(|s| *s > Decimal::ZERO && *s <= Decimal::ONE)
                    .unwrap_or_default();
                entry.1.push(e);
            }
            LineageKind::Merge => {
                if let Some(first) = merges.get(&(e.from.as_str(), e.date)) {
                    if first.to != e.to {
                        out.push(
                            Diagnostic::error(
                                "merge-twice",
                                cell(e, "to"),
                                format!(
                                    "unit \"{}\" is merged into two units on {}",
                                    e.from, e.date
                                ),
                            )
                            .found(format!(
                                "into \"{}\" ({} line {}) and into \"{}\"",
                                first.to,
                                registry_file(&first.location),
                                first.location.line.unwrap_or(0),
                                e.to
                            ))
                            .expected("one merge per unit and day")
                            .hint("a unit divided between several is a split, one row per part, with its share"),
                        );
                    }
                } else {
                    merges.insert((&e.from, e.date), e);
                }
            }
            _ => {}
        }
    }
    let mut split_groups: Vec<_> = shares.into_iter().collect();
    split_groups.sort_by_key(|(_, (_, rows))| rows[0].location.line);
    for ((from, date), (total, rows)) in split_groups {
        if total > Decimal::ONE {
            let last = rows[rows.len() - 1];
            let parts: Vec<String> = rows
                .iter()
                .map(|e| {
                    format!(
                        "{} to \"{}\" (line {})",
                        e.share
                            .map_or_else(|| "?".into(), |s| s.normalize().to_string()),
                        e.to,
                        e.location.line.unwrap_or(0)
                    )
                })
                .collect();
            out.push(
                Diagnostic::error(
                    "split-shares",
                    cell(last, "share"),
                    format!("the shares of \"{from}\" split on {date} add up to more than 1"),
                )
                .found(format!("{} = {}", parts.join(" + "), total.normalize()))
                .expected("shares adding up to at most 1 (the whole population)")
                .hint("a share is the part of the unit's population that went to `to`"),
            );
        }
    }
    // A unit that ceased to exist and went nowhere.
    for unit in &dataset.units {
        if unit.valid_to.is_none()
            || unit.successor.is_some()
            || !dataset.successors(&unit.id).is_empty()
        {
            continue;
        }
        let mut location = unit.location.clone();
        location.column = None;
        out.push(
            Diagnostic::warning(
                "no-successor",
                location,
                format!("unit \"{}\" ceased to exist but has no successor", unit.id),
            )
            .found(format!("\"{}\" {}", unit.id, show(unit)))
            .expected("a row of lineage.csv, or a successor in the registry, saying what it became")
            .hint("without one, its history ends on its page and no later unit shows it"),
        );
    }
}

fn registry_file(location: &Location) -> String {
    location
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// A unit whose territory, following the lineage, comes back to itself:
/// ids are never reused, so this is a mistake. Reported once per cycle, at
/// the first row of it.
fn check_lineage_cycles(
    lineage: &[LineageEdge],
    cell: &dyn Fn(&LineageEdge, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let mut next: FxHashMap<&str, Vec<&LineageEdge>> = FxHashMap::default();
    for e in lineage.iter().filter(|e| e.kind.succeeds()) {
        next.entry(&e.from).or_default().push(e);
    }
    // 0: not seen; 1: on the current walk; 2: done.
    let mut state: FxHashMap<&str, u8> = FxHashMap::default();
    let mut starts: Vec<&str> = lineage.iter().map(|e| e.from.as_str()).collect();
    starts.dedup();
    for start in starts {
        if state.get(start).is_some_and(|&s| s != 0) {
            continue;
        }
        // Depth-first, iteratively: a national lineage is long.
        let mut path: Vec<(&str, usize, Option<&LineageEdge>)> = vec![(start, 0, None)];
        state.insert(start, 1);
        while let Some(&mut (at, ref mut i, _)) = path.last_mut() {
            let edges = next.get(at).map_or(&[][..], |v| v.as_slice());
            if *i >= edges.len() {
                state.insert(at, 2);
                path.pop();
                continue;
            }
            let e = edges[*i];
            *i += 1;
            match state.get(e.to.as_str()).copied().unwrap_or(0) {
                0 => {
                    state.insert(&e.to, 1);
                    path.push((&e.to, 0, Some(e)));
                }
                1 => {
                    let begin = path.iter().position(|(u, _, _)| *u == e.to).unwrap_or(0);
                    let mut edges: Vec<&LineageEdge> = path[begin + 1..]
                        .iter()
                        .filter_map(|(_, _, e)| *e)
                        .collect();
                    edges.push(e);
                    let first = edges
                        .iter()
                        .min_by_key(|e| (e.shorthand, e.location.line))
                        .copied()
                        .unwrap_or(e);
                    let mut chain: Vec<&str> = vec![&edges[0].from];
                    chain.extend(edges.iter().map(|e| e.to.as_str()));
                    out.push(
                        Diagnostic::error(
                            "lineage-cycle",
                            cell(first, "from"),
                            "the lineage comes back to a unit it started from",
                        )
                        .found(chain.join(" -> "))
                        .expected("units that only pass territory forward: ids are never reused")
                        .hint("a unit given back its old name keeps the new id and lists the old name in former_names"),
                    );
                }
                _ => {}
            }
        }
    }
}

/// A unit's page is `don-vi/<id>.html`, beside the unit list
/// (`don-vi/index.html`) and its parts (`don-vi/danh-sach-<id>.html`): an
/// id that is one of those would overwrite it.
fn check_unit_address(unit: &Unit, by_id: &FxHashMap<&str, &Unit>, out: &mut Vec<Diagnostic>) {
    use crate::site::urls;
    let page = urls::unit(&unit.id);
    let other = if page == urls::unit_list() {
        Some("the list of all units".to_string())
    } else {
        unit.id
            .strip_prefix("danh-sach-")
            .and_then(|root| by_id.get(root))
            .filter(|root| page == urls::unit_list_part(&root.id))
            .map(|root| {
                format!(
                    "the list of the units under \"{}\" (line {})",
                    root.id,
                    root.location.line.unwrap_or(0)
                )
            })
    };
    if let Some(other) = other {
        out.push(
            Diagnostic::error(
                "address-collision",
                unit.location.clone(),
                format!("the unit id \"{}\" is the address of another page", unit.id),
            )
            .found(format!("{page}, also the address of {other}"))
            .expected("an id other than index or danh-sach- followed by another unit's id")
            .hint("ids are never reused: choose the id once, before the first publication"),
        );
    }
}

/// Checks one edition; returns its unsound groups, each with the units
/// whose scores have errors.
fn check_edition(
    dataset: &Dataset,
    edition: &Edition,
    units: &FxHashMap<&str, &Unit>,
    options: Options,
    out: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<String>)> {
    let mut unsound = Vec::new();
    let file = Location::file(&edition.file);
    if edition.status == Status::Draft && !options.allow_draft {
        out.push(
            Diagnostic::error(
                "draft-edition",
                file.clone(),
                format!("edition {} is a draft", edition.year),
            )
            .found("\"status\": \"draft\"")
            .expected("\"status\": \"final\" for a published edition")
            .hint("to preview a draft, run with --allow-draft; every page of it then says DRAFT"),
        );
    }
    if edition.scale <= Decimal::ZERO {
        out.push(
            Diagnostic::error("invalid-value", file.clone(), "\"scale\" must be positive")
                .found(edition.scale.to_string())
                .expected("a positive number, usually 100"),
        );
    }
    if edition.decimals > 6 {
        out.push(
            Diagnostic::error("invalid-value", file.clone(), "\"decimals\" is too large")
                .found(edition.decimals.to_string())
                .expected("0 to 6, usually 2"),
        );
    }
    let mut band_names: HashMap<String, &Band> = HashMap::new();
    for band in &edition.bands {
        // Told apart on pages only by name; "Tốt" and "tốt" read alike.
        if let Some(first) = band_names.insert(band.name.to_lowercase(), band) {
            out.push(
                Diagnostic::error(
                    "duplicate-band",
                    band.location.clone(),
                    format!("two bands are named \"{}\"", band.name),
                )
                .found(format!(
                    "\"{}\" (min {}) on line {}, \"{}\" (min {}) on line {}",
                    first.name,
                    first.min.normalize(),
                    first.location.line.unwrap_or(0),
                    band.name,
                    band.min.normalize(),
                    band.location.line.unwrap_or(0)
                ))
                .expected("a different name for each band"),
            );
        }
    }
    for pair in edition.bands.windows(2) {
        if pair[1].min >= pair[0].min {
            out.push(
                Diagnostic::error(
                    "bands-order",
                    pair[1].location.clone(),
                    "bands are not in descending order",
                )
                .found(format!(
                    "\"{}\" (min {}) after \"{}\" (min {})",
                    pair[1].name, pair[1].min, pair[0].name, pair[0].min
                ))
                .expected("bands listed highest first, each min lower than the one before"),
            );
        }
    }
    for band in &edition.bands {
        if band.min < Decimal::ZERO || band.min > edition.scale {
            out.push(
                Diagnostic::error(
                    "invalid-value",
                    band.location.clone(),
                    format!("band \"{}\" has a min outside the scale", band.name),
                )
                .found(band.min.to_string())
                .expected(format!("a number from 0 to {}", edition.scale)),
            );
        }
    }
    check_document_addresses(edition, out);
    let mut group_ids = HashSet::new();
    for group in &edition.groups {
        if !group_ids.insert(group.id.as_str()) {
            out.push(
                Diagnostic::error(
                    "duplicate-group",
                    group.location.clone(),
                    format!("the group id \"{}\" is used twice", group.id),
                )
                .expected("each group id once per edition"),
            );
        }
        if !is_valid_id(&group.id) {
            out.push(
                Diagnostic::error(
                    "invalid-id",
                    group.location.clone(),
                    "a group id may only hold a-z, 0-9 and -",
                )
                .found(format!("\"{}\"", group.id))
                .expected("an id such as so-nganh"),
            );
        }
        let before = out.len();
        if let Some(framework) = &group.framework {
            check_framework(framework, out);
            if framework.nodes.is_empty() && !framework.unreadable {
                out.push(
                    Diagnostic::error(
                        "empty-framework",
                        framework.location.clone(),
                        "the framework lists no criteria",
                    )
                    .expected("a row per field, criterion and sub-criterion under the header"),
                );
            }
        }
        let framework_sound =
            out.len() == before && group.framework.as_ref().is_none_or(|f| !f.broken);
        // A framework that could not be read (reported) would make every
        // code look unknown.
        let framework = group.framework.as_ref().filter(|f| !f.nodes.is_empty());
        let mut bad = Vec::new();
        if let (Some(framework), Some(scores)) = (framework, &group.scores) {
            let bad_units = check_scores(
                dataset,
                edition,
                framework,
                framework_sound,
                scores,
                units,
                out,
            );
            bad = scores
                .units()
                .iter()
                .zip(bad_units)
                .filter(|(_, bad)| *bad || !framework_sound)
                .map(|(unit, _)| unit.to_string())
                .collect();
        }
        if !framework_sound || !bad.is_empty() {
            unsound.push((group.id.clone(), bad));
        }
        if let Some(published) = &group.published {
            check_published(group, published, units, &dataset.units, out);
        }
    }
    unsound
}

/// Each document is copied to an address made from its file name
/// (`van-ban/2021/bao-cao.pdf`): two names must not give one address
/// (`Báo cáo.pdf`, `bao-cao.pdf`), nor one address lie inside the other's
/// (`a` and `a/b.pdf`).
fn check_document_addresses(edition: &Edition, out: &mut Vec<Diagnostic>) {
    let addresses: Vec<String> = edition
        .documents
        .iter()
        .map(|d| crate::site::urls::document(edition.year, &d.file))
        .collect();
    for (j, later) in edition.documents.iter().enumerate() {
        let clash = (0..j).find(|&i| {
            let (a, b) = (&addresses[i], &addresses[j]);
            a == b || b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/"))
        });
        let Some(i) = clash else { continue };
        let first = &edition.documents[i];
        out.push(
            Diagnostic::error(
                "address-collision",
                later.location.clone(),
                "two documents would be published at the same address",
            )
            .found(format!(
                "\"{}\" on line {} gives {}; \"{}\" on line {} gives {}",
                first.file,
                first.location.line.unwrap_or(0),
                addresses[i],
                later.file,
                later.location.line.unwrap_or(0),
                addresses[j]
            ))
            .expected("file names that differ in more than case, diacritics, spaces or punctuation")
            .hint("rename one of the files (and its \"file\" in edition.json); each document needs an address of its own"),
        );
    }
}

fn check_framework(framework: &Framework, out: &mut Vec<Diagnostic>) {
    let at = |line: usize, column: &str| framework.cell(line, column);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut addresses: HashMap<String, &Node> = HashMap::new();
    for node in &framework.nodes {
        let slug = crate::site::urls::code_slug(&node.code);
        match addresses.get(slug.as_str()) {
            // The same code twice is duplicate-code.
            Some(first) if first.code != node.code => out.push(
                Diagnostic::error(
                    "address-collision",
                    at(node.line, "code"),
                    format!(
                        "the codes \"{}\" and \"{}\" give one page address",
                        first.code, node.code
                    ),
                )
                .found(format!(
                    "\"{}\" on line {} and \"{}\" on line {} both give tieu-chi-{slug}",
                    first.code, first.line, node.code, node.line
                ))
                .expected("codes that differ in more than case, diacritics or punctuation")
                .hint("a criterion's page and anchor are named after its code, without case and punctuation"),
            ),
            Some(_) => {}
            None => {
                addresses.insert(slug, node);
            }
        }
        if let Some(first) = seen.insert(&node.code, node.line) {
            out.push(
                Diagnostic::error(
                    "duplicate-code",
                    at(node.line, "code"),
                    format!("the code \"{}\" is used twice", node.code),
                )
                .found(format!("also on line {first}"))
                .expected("each code once"),
            );
        }
        if node.max.is_some_and(|m| m < Decimal::ZERO) {
            out.push(
                Diagnostic::error(
                    "invalid-max",
                    at(node.line, "max"),
                    format!("criterion \"{}\" has a negative maximum", node.code),
                )
                .expected("a maximum of 0 or more"),
            );
        }
        if let Some(max) = node.max {
            let children: Vec<Decimal> = node
                .children
                .iter()
                .filter_map(|&c| framework.nodes[c].max)
                .collect();
            let sum: Decimal = children.iter().sum();
            if sum > max {
                out.push(
                    Diagnostic::error(
                        "children-exceed-max",
                        at(node.line, "max"),
                        format!(
                            "the maxima of the criteria under \"{}\" add up to more than its own",
                            node.code
                        ),
                    )
                    .found(format!("children add up to {}", sum.normalize()))
                    .expected(format!("at most {}", max.normalize())),
                );
            }
        }
    }
}

/// The maximum of a node for one unit, or `None` when it does not apply
/// (or none is known, which is reported elsewhere).
fn unit_max(node: &Node, row: Option<&ScoreRow>) -> Option<Decimal> {
    match row.map(|r| r.max) {
        Some(Applicable::NotApplicable) => None,
        Some(Applicable::Max(m)) => Some(m),
        _ => node.max,
    }
}

/// The accepted rows of one scores file by unit and criterion: the first
/// row of each known unit and framework code. A dense table instead of a
/// map keyed by strings: every check looks rows up many times.
struct RowTable<'a> {
    scores: &'a Scores,
    /// Framework position of the first node with each node's code: rows are
    /// keyed by code, and a duplicated code (reported) names one row.
    canonical: Vec<usize>,
    width: usize,
    /// `unit * width + canonical node`: row index, or `u32::MAX`.
    slots: Vec<u32>,
}

impl<'a> RowTable<'a> {
    fn new(scores: &'a Scores, framework: &Framework) -> RowTable<'a> {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        let canonical = framework
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| *first.entry(n.code.as_str()).or_insert(i))
            .collect();
        let width = framework.nodes.len();
        RowTable {
            scores,
            canonical,
            width,
            slots: vec![u32::MAX; scores.units().len() * width],
        }
    }

    fn slot(&self, unit: usize, node: usize) -> usize {
        unit * self.width + self.canonical[node]
    }

    /// The row of a unit (by index in `Scores::units`) for a framework node.
    fn get(&self, unit: usize, node: usize) -> Option<ScoreRow<'a>> {
        match self.slots[self.slot(unit, node)] {
            u32::MAX => None,
            i => Some(self.scores.row(i as usize)),
        }
    }

    fn index(&self, unit: usize, node: usize) -> Option<usize> {
        match self.slots[self.slot(unit, node)] {
            u32::MAX => None,
            i => Some(i as usize),
        }
    }

    /// The first line of a unit's accepted rows.
    fn first_line(&self, unit: usize) -> usize {
        self.slots[unit * self.width..(unit + 1) * self.width]
            .iter()
            .filter(|&&i| i != u32::MAX)
            .map(|&i| self.scores.line(i as usize))
            .min()
            .unwrap_or(0)
    }
}

/// Returns, for each unit of `Scores::units`, whether its scores have
/// errors.
fn check_scores(
    dataset: &Dataset,
    edition: &Edition,
    framework: &Framework,
    framework_sound: bool,
    scores: &Scores,
    units: &FxHashMap<&str, &Unit>,
    out: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let mut bad = vec![false; scores.units().len()];
    // The registry could not be read: every id would look unknown.
    let registry = !units.is_empty();
    let known: Vec<Option<&Unit>> = scores
        .units()
        .iter()
        .map(|u| units.get(&**u).copied())
        .collect();
    let nodes: Vec<Option<usize>> = scores.codes().iter().map(|c| framework.node(c)).collect();
    // Unknown unit ids, each with its rows.
    let mut unknown: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut unknown_at: FxHashMap<usize, usize> = FxHashMap::default();
    let at = |line: usize, column: &str| scores.cell(line, column);
    let mut rows = RowTable::new(scores, framework);
    let mut nearest_codes: Option<Nearest> = None;
    // By row: the error in its score cell, which a sum over it repeats.
    let mut causes: FxHashMap<usize, Cause> = FxHashMap::default();
    let mut unit_order: Vec<usize> = Vec::new();
    let mut ordered = vec![false; scores.units().len()];
    for i in 0..scores.len() {
        // Most rows are only keyed: the whole row is read for messages.
        let (u, code) = scores.keys(i);
        if scores.unreadable(i) {
            bad[u] = true;
        }
        if known[u].is_none() {
            if registry {
                match unknown_at.get(&u) {
                    Some(&k) => unknown[k].1.push(i),
                    None => {
                        unknown_at.insert(u, unknown.len());
                        unknown.push((&scores.units()[u], vec![i]));
                    }
                }
            }
            continue;
        }
        let Some(node) = nodes[code] else {
            let row = scores.row(i);
            let d = Diagnostic::error(
                "unknown-code",
                at(row.line, "code"),
                format!("code \"{}\" is not in the framework", row.code),
            )
            .found(format!("\"{}\"", row.code))
            .expected(format!(
                "a code from {}",
                framework
                    .location
                    .file
                    .file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            ));
            let nearest = nearest_codes.get_or_insert_with(|| {
                Nearest::new(
                    framework
                        .nodes
                        .iter()
                        .map(|n| (n.code.as_str(), None::<&str>)),
                )
            });
            out.push(nearest.hint(d, row.code));
            continue;
        };
        let slot = rows.slot(u, node);
        if rows.slots[slot] != u32::MAX {
            let row = scores.row(i);
            let first = scores.row(rows.slots[slot] as usize);
            out.push(
                Diagnostic::error(
                    "duplicate-score",
                    at(row.line, "code"),
                    format!(
                        "unit \"{}\" has two rows for code \"{}\"",
                        row.unit, row.code
                    ),
                )
                .found(format!("also on line {}", first.line))
                .expected("one row per unit and code"),
            );
            continue;
        }
        rows.slots[slot] = i as u32;
        if !ordered[u] {
            ordered[u] = true;
            unit_order.push(u);
        }
    }

    // Made only when needed: a national registry has 12,500 units.
    let mut nearest_units = None;
    // A mistyped id leaves the unit it meant without those rows: by the
    // id meant, the unknown-unit error and its rows.
    let mut mistyped: FxHashMap<&str, (Cause, Vec<usize>)> = FxHashMap::default();
    for (unit, unit_rows) in &unknown {
        let lines: Vec<usize> = unit_rows.iter().map(|&r| scores.line(r)).collect();
        let mut d = Diagnostic::error(
            "unknown-unit",
            at(lines[0], "unit"),
            format!("unknown unit \"{unit}\""),
        )
        .found(if lines.len() > 1 {
            format!(
                "\"{unit}\" on {} rows (lines {})",
                lines.len(),
                lines
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("\"{unit}\"")
        })
        .expected(format!("an id listed in {}", dataset.registry()));
        let nearest = nearest_units.get_or_insert_with(|| nearest_unit(&dataset.units));
        if let Some(meant) = nearest.find(unit) {
            d = d.hint(format!("did you mean \"{meant}\"?"));
            let cause = Cause {
                code: d.code,
                location: d.location.clone(),
            };
            mistyped.entry(meant).or_insert((cause, unit_rows.clone()));
        }
        out.push(d);
    }

    for i in 0..scores.len() {
        let (u, code) = scores.keys(i);
        if scores.unreadable(i) || known[u].is_none() {
            continue;
        }
        let Some(node) = nodes[code] else {
            continue;
        };
        // Only the first of duplicated rows (the others are reported).
        if rows.index(u, node) != Some(i) {
            continue;
        }
        let row = scores.row(i);
        let before = out.len();
        check_row(framework, node, &row, &rows, &at, out);
        if out.len() > before {
            bad[row.unit_index] = true;
            let score = at(row.line, "score");
            if let Some(d) = out[before..].iter().find(|d| d.location == score) {
                causes.insert(
                    i,
                    Cause {
                        code: d.code,
                        location: d.location.clone(),
                    },
                );
            }
        }
    }

    for &u in &unit_order {
        let before = out.len();
        check_unit(
            edition,
            framework,
            framework_sound,
            u,
            known[u],
            &rows,
            &causes,
            mistyped.get(&*scores.units()[u]),
            &at,
            out,
        );
        if out[before..].iter().any(Diagnostic::is_error) {
            bad[u] = true;
        }
    }
    bad
}

fn check_row(
    framework: &Framework,
    index: usize,
    row: &ScoreRow,
    rows: &RowTable,
    at: &dyn Fn(usize, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    {
        let node = &framework.nodes[index];
        match (row.max, row.score) {
            (Applicable::NotApplicable, Some(score)) => out.push(
                Diagnostic::error(
                    "score-not-applicable",
                    at(row.line, "score"),
                    format!(
                        "a score is given for \"{}\", marked not applicable (max x)",
                        row.code
                    ),
                )
                .found(format!("score {}", score.normalize()))
                .expected("an empty score where max is x, or a number as max"),
            ),
            (Applicable::NotApplicable, None) => {}
            (_, None) => out.push(
                Diagnostic::error(
                    "missing-score",
                    at(row.line, "score"),
                    format!("no score for \"{}\"", row.code),
                )
                .expected(
                    "the points achieved, or x in the max column when the criterion does not apply",
                ),
            ),
            (applicable, Some(score)) => {
                let max = match applicable {
                    Applicable::Max(m) => Some(m),
                    _ => node.max,
                };
                if score < Decimal::ZERO {
                    out.push(
                        Diagnostic::error(
                            "negative-score",
                            at(row.line, "score"),
                            format!("negative score for \"{}\"", row.code),
                        )
                        .found(score.normalize().to_string())
                        .expected("a score of 0 or more"),
                    );
                }
                match max {
                    Some(m) if score > m => out.push(
                        Diagnostic::error(
                            "score-above-max",
                            at(row.line, "score"),
                            format!("the score for \"{}\" is above its maximum", row.code),
                        )
                        .found(score.normalize().to_string())
                        .expected(format!("at most {}", m.normalize())),
                    ),
                    None if node.parent.is_none() => out.push(
                        Diagnostic::error(
                            "missing-max",
                            at(row.line, "max"),
                            format!("field \"{}\" has no maximum", row.code),
                        )
                        .expected("a max in the framework, or in this row's max column"),
                    ),
                    _ => {}
                }
                if let (Some(self_score), Some(m)) = (row.self_score, max) {
                    if self_score > m || self_score < Decimal::ZERO {
                        out.push(
                            Diagnostic::error(
                                "score-above-max",
                                at(row.line, "self_score"),
                                format!("the self-assessed score for \"{}\" is outside 0 to its maximum", row.code),
                            )
                            .found(self_score.normalize().to_string())
                            .expected(format!("0 to {}", m.normalize())),
                        );
                    }
                }
                if let Some(parent) = node.parent {
                    let parent_row = rows.get(row.unit_index, parent);
                    if parent_row.is_some_and(|p| p.max == Applicable::NotApplicable) {
                        out.push(
                            Diagnostic::error(
                                "score-not-applicable",
                                at(row.line, "score"),
                                format!(
                                    "\"{}\" is scored but its parent \"{}\" does not apply (max x)",
                                    row.code, framework.nodes[parent].code
                                ),
                            )
                            .expected("no score under a criterion that does not apply"),
                        );
                    }
                }
            }
        }
    }
}

/// `u` is the unit's index in `Scores::units`; `registered` its entry in
/// units.csv.
#[allow(clippy::too_many_arguments)]
fn check_unit(
    edition: &Edition,
    framework: &Framework,
    framework_sound: bool,
    u: usize,
    registered: Option<&Unit>,
    rows: &RowTable,
    causes: &FxHashMap<usize, Cause>,
    mistyped: Option<&(Cause, Vec<usize>)>,
    at: &dyn Fn(usize, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let unit: &str = &rows.scores.units()[u];
    let first_line = rows.first_line(u);
    {
        if let Some(u) = registered {
            if let Some(d) = scored_outside(edition, u, unit, at(first_line, "unit")) {
                out.push(d);
            }
        }
        for (i, field) in framework.fields() {
            if rows.index(u, i).is_none() {
                let d = Diagnostic::error(
                    "missing-field",
                    at(first_line, "unit"),
                    format!("unit \"{unit}\" has no score for field \"{}\" ({})", field.code, field.name),
                )
                .expected(format!("a row \"{unit},{},...\" with the score, or with max x when the field does not apply", field.code));
                // The row is there under a mistyped id.
                let misplaced = mistyped.filter(|(_, typed)| {
                    typed
                        .iter()
                        .any(|&r| *rows.scores.codes()[rows.scores.keys(r).1] == *field.code)
                });
                out.push(match misplaced {
                    Some((cause, _)) => d.follows_from(cause.clone()),
                    None => d,
                });
            }
        }
        let applicable = framework.fields().any(|(i, f)| {
            rows.get(u, i).is_some_and(|r| {
                r.max != Applicable::NotApplicable
                    && unit_max(f, Some(&r)).is_some_and(|m| m > Decimal::ZERO)
            })
        });
        if !applicable && framework.fields().all(|(i, _)| rows.index(u, i).is_some()) {
            out.push(
                Diagnostic::error(
                    "nothing-applicable",
                    at(first_line, "unit"),
                    format!("no field applies to unit \"{unit}\""),
                )
                .found("every field is marked x, or has a maximum of 0")
                .expected("at least one field with a maximum above 0, so an index can be computed")
                .hint("a unit that was not assessed this year has no rows in the scores file"),
            );
        }
        // A broken tree (reported above) would only make every sum wrong.
        if framework_sound {
            for (i, node) in framework.nodes.iter().enumerate() {
                check_children(framework, i, node, u, rows, causes, at, out);
            }
        }
    }
}

/// A unit scored in an edition before it existed or after it ceased to
/// exist. A bound written as a bare year compares with the edition's year
/// and gives a warning, as in version 1 of the format; a full date (written
/// or derived from the lineage) compares with the day the edition was
/// published (`published_on`, else any day of its year) and is an error.
fn scored_outside(edition: &Edition, u: &Unit, id: &str, at: Location) -> Option<Diagnostic> {
    let registry = crate::model::registry_name(Some(u));
    let (start, end) = match edition.published_on {
        Some(PartialDate {
            year,
            month: Some(m),
            day: Some(d),
        }) => {
            let day = Day {
                year,
                month: m,
                day: d,
            };
            (day, day)
        }
        Some(PartialDate {
            year,
            month: Some(m),
            day: None,
        }) => {
            let first = Day {
                year,
                month: m,
                day: 1,
            };
            let last = if m == 12 {
                Day::last_of_year(year)
            } else {
                Day {
                    year,
                    month: m + 1,
                    day: 1,
                }
                .previous()
            };
            (first, last)
        }
        Some(PartialDate { year, .. }) => (Day::first_of_year(year), Day::last_of_year(year)),
        None => (
            Day::first_of_year(edition.year),
            Day::last_of_year(edition.year),
        ),
    };
    let when = match edition.published_on {
        Some(p) => format!("published on {}", p.iso()),
        None => format!("of {}", edition.year),
    };
    if let Some(first) = u.valid.from.filter(|&f| f > end) {
        return Some(
            Diagnostic::error(
                "unit-not-valid",
                at,
                format!("unit \"{id}\" is scored in the edition {when}, before it existed"),
            )
            .found(format!("valid_from {first}"))
            .expected(format!("a unit that existed by {end} ({registry})"))
            .hint("scores of its predecessors belong under their own ids"),
        );
    }
    if let Some(last) = u.valid.to.filter(|&l| l < start) {
        let derived = if u.valid.to_derived {
            " (derived from lineage.csv)"
        } else {
            ""
        };
        return Some(
            Diagnostic::error(
                "unit-not-valid",
                at,
                format!("unit \"{id}\" is scored in the edition {when}, after it ceased to exist"),
            )
            .found(format!("valid_to {last}{derived}"))
            .expected(format!("a unit that still existed on {start} ({registry})"))
            .hint("after a merge, the new unit is scored under its own id"),
        );
    }
    let year_from = u.valid_from.filter(|_| u.valid.from.is_none());
    let year_to = u.valid_to.filter(|_| u.valid.to.is_none());
    let outside =
        year_from.is_some_and(|f| edition.year < f) || year_to.is_some_and(|t| edition.year > t);
    outside.then(|| {
        Diagnostic::warning(
            "unit-not-valid",
            at,
            format!(
                "unit \"{id}\" is scored in {}, outside the years it existed",
                edition.year
            ),
        )
        .found(format!(
            "valid {}-{}",
            u.valid_from.map_or(String::new(), |y| y.to_string()),
            u.valid_to.map_or(String::new(), |y| y.to_string())
        ))
        .expected(format!(
            "valid_from <= {} <= valid_to in {registry}",
            edition.year
        ))
    })
}

/// Lost points must add up down the tree: children cannot lose more than
/// their parent, and a complete node's children's scores make its score.
/// Where the node's own score or a child's is wrong (`causes`), the sum
/// that fails is reported as following from it.
#[allow(clippy::too_many_arguments)]
fn check_children(
    framework: &Framework,
    index: usize,
    node: &Node,
    unit: usize,
    rows: &RowTable,
    causes: &FxHashMap<usize, Cause>,
    at: &dyn Fn(usize, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    if node.children.is_empty() {
        return;
    }
    // Read cell by cell: this runs for every node of every unit.
    let scores = rows.scores;
    let max_of = |node: &Node, row: Option<usize>| match row.map(|i| scores.max(i)) {
        Some(Applicable::NotApplicable) => None,
        Some(Applicable::Max(m)) => Some(m),
        _ => node.max,
    };
    let Some(row) = rows.index(unit, index) else {
        return;
    };
    let (Some(score), Some(max)) = (scores.score(row), max_of(node, Some(row))) else {
        return;
    };
    if scores.unreadable(row) {
        return;
    }
    let mut children_lost = Decimal::ZERO;
    let mut children_score = Decimal::ZERO;
    let mut children_max = Decimal::ZERO;
    let mut all_scored = true;
    let mut any_scored = false;
    for &c in &node.children {
        let child = &framework.nodes[c];
        let child_row = rows.index(unit, c);
        if child_row.is_some_and(|r| scores.max(r) == Applicable::NotApplicable) {
            continue;
        }
        let child_max = max_of(child, child_row);
        children_max += child_max.unwrap_or_default();
        match (
            child_row
                .filter(|&r| !scores.unreadable(r))
                .and_then(|r| scores.score(r)),
            child_max,
        ) {
            (Some(s), Some(m)) => {
                any_scored = true;
                children_lost += m - s;
                children_score += s;
            }
            _ => all_scored = false,
        }
    }
    if !any_scored {
        return;
    }
    let cause = || {
        let counted = node
            .children
            .iter()
            .filter_map(|&c| rows.index(unit, c))
            .filter(|&r| scores.max(r) != Applicable::NotApplicable);
        std::iter::once(row)
            .chain(counted)
            .find_map(|r| causes.get(&r).cloned())
    };
    let explained = |d: Diagnostic| match cause() {
        Some(c) => d.follows_from(c),
        None => d,
    };
    let lost = max - score;
    if children_lost > lost {
        out.push(explained(
            Diagnostic::error(
                "children-lose-more",
                at(scores.line(row), "score"),
                format!(
                    "the criteria under \"{}\" lose more points than \"{}\" itself",
                    node.code, node.code
                ),
            )
            .found(format!(
                "children lose {} in all; \"{}\" loses {} ({} of {})",
                children_lost.normalize(),
                node.code,
                lost.normalize(),
                score.normalize(),
                max.normalize()
            ))
            .expected(format!(
                "the children's lost points to add up to at most {}",
                lost.normalize()
            )),
        ));
    } else if all_scored && children_max == max && children_score != score {
        out.push(explained(
            Diagnostic::error(
                "children-sum",
                at(scores.line(row), "score"),
                format!(
                    "the scores under \"{}\" do not add up to its score",
                    node.code
                ),
            )
            .found(format!(
                "children add up to {}; \"{}\" has {}",
                children_score.normalize(),
                node.code,
                score.normalize()
            ))
            .expected(format!(
                "{} (the children's maxima add up to the node's, so their scores must too)",
                score.normalize()
            )),
        ));
    }
}

fn check_published(
    group: &Group,
    published: &Published,
    units: &FxHashMap<&str, &Unit>,
    registry_units: &[Unit],
    out: &mut Vec<Diagnostic>,
) {
    let at = |line: usize, column: &str| published.cell(line, column);
    let scored: FxHashSet<&str> = group
        .scores
        .as_ref()
        .map(|s| s.units().iter().map(|u| &**u).collect())
        .unwrap_or_default();
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let registry = !units.is_empty();
    let mut nearest_units = None;
    // A printed unit without scores whose scores sit under an id the
    // registry does not know: the unknown-unit error in the scores (at its
    // first row, where check_scores reports it) is the one to fix.
    let unknown_scored = group
        .scores
        .as_ref()
        .filter(|_| registry)
        .and_then(|scores| {
            (0..scores.len()).find_map(|i| {
                let unit = &*scores.units()[scores.keys(i).0];
                (!units.contains_key(unit)).then(|| (unit, scores.cell(scores.line(i), "unit")))
            })
        });
    for row in &published.rows {
        if !units.contains_key(row.unit.as_str()) {
            if !registry {
                continue;
            }
            let d = Diagnostic::error(
                "unknown-unit",
                at(row.line, "unit"),
                format!("unknown unit \"{}\"", row.unit),
            )
            .found(format!("\"{}\"", row.unit))
            .expected(format!(
                "an id listed in {}",
                crate::model::registry_name(units.values().next().copied())
            ));
            let nearest = nearest_units.get_or_insert_with(|| nearest_unit(registry_units));
            out.push(nearest.hint(d, &row.unit));
            continue;
        }
        if let Some(first) = seen.insert(&row.unit, row.line) {
            out.push(
                Diagnostic::error(
                    "duplicate-unit",
                    at(row.line, "unit"),
                    format!("unit \"{}\" is printed twice", row.unit),
                )
                .found(format!("also on line {first}"))
                .expected("one row per unit"),
            );
            continue;
        }
        if group.scores.is_some() && !scored.contains(row.unit.as_str()) {
            let d = Diagnostic::error(
                "published-without-scores",
                at(row.line, "unit"),
                format!(
                    "unit \"{}\" has printed figures but no scores in this group",
                    row.unit
                ),
            )
            .expected("scores for every unit printed in a group that has scores");
            out.push(match &unknown_scored {
                Some((unit, location)) => d
                    .hint(format!(
                        "the scores name \"{unit}\", an id not in the registry: if that is this unit, correct its id there"
                    ))
                    .follows_from(Cause {
                        code: "unknown-unit",
                        location: location.clone(),
                    }),
                None => d,
            });
        }
        if group.scores.is_none()
            && row.index.is_none()
            && (row.achieved.is_none() || row.max.is_none())
        {
            out.push(
                Diagnostic::error("missing-index", at(row.line, "index"), format!("no index for unit \"{}\"", row.unit))
                    .expected("an index, or both achieved and max, for a group known only from its printed table"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest<'a>(known: &[&'a str]) -> Nearest<'a> {
        Nearest::new(known.iter().map(|k| (*k, None::<&str>)))
    }

    #[test]
    fn the_nearest_known_id_is_suggested_only_when_close() {
        let ids = ["quang-trung", "quang-tri", "tan-lap", "dak-to-re"];
        let mut n = nearest(&ids);
        // One letter missing, or typed with case, diacritics and spaces.
        assert_eq!(n.find("quang-trug"), Some("quang-trung"));
        assert_eq!(n.find("Quảng Trung"), Some("quang-trung"));
        assert_eq!(n.find("quang_tri"), Some("quang-tri"));
        assert_eq!(n.find("đắk-tô-re"), Some("dak-to-re"));
        assert_eq!(n.find("tan-lapp"), Some("tan-lap"));
        // Too far, too short to tell, or as near to two.
        assert_eq!(n.find("hoa-binh"), None);
        assert_eq!(n.find("ab"), None);
        let mut codes = nearest(&["1.1", "1.2", "3", "3.1"]);
        assert_eq!(codes.find("3.9"), Some("3.1"));
        assert_eq!(codes.find("1-2"), Some("1.2"));
        assert_eq!(codes.find("1.3"), None, "1.1 and 1.2 are as near");
    }

    #[test]
    fn a_unit_is_found_by_its_name() {
        let units = [("xa-b", ["UBND xã Tân Lập", "Tân Lập"])];
        let mut n = Nearest::new(units.iter().map(|(id, names)| (*id, names.iter().copied())));
        assert_eq!(n.find("Tân Lập"), Some("xa-b"));
        assert_eq!(n.find("tan lap"), Some("xa-b"));
    }
}
