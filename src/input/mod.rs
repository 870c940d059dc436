//! Reading a data directory into a [`Dataset`]: the first stage, and the
//! only one that reads the publisher's files.
//!
//! This module owns all reading of the publisher's files: decoding
//! (`decode.rs`), CSV and workbook tables that keep every cell's line and
//! column (`table.rs`), JSON (`json.rs`), and each file kind's cells turned
//! into typed values (here). It reports every cell it cannot read, and a
//! new check of one cell goes where that cell is read; checks that need
//! the whole dataset (unknown units, sums, ranks) live in `validate` and
//! `compute`. The registry is completed from `lineage.csv` here, since the
//! dataset is immutable once loaded: a dissolved unit's derived `valid_to`,
//! the `successor` shorthand as a merge, and the official-code overlap
//! check that needs those dates and the registry's cells.

pub mod decode;
pub mod json;
pub mod table;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::*;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use table::{parse_decimal, split_sheet, Row, Table};

/// Reads everything under `root`. Always returns what could be read; the
/// diagnostics say what could not.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Dataset {
    let mut found = Vec::new();
    let site = read_json::<Site>(&root.join("site.json"), &mut found).unwrap_or_else(|| Site {
        title: String::new(),
        publisher: String::new(),
        language: Language::Vi,
        base_url: None,
        licence: None,
        contact: None,
        sample: false,
        title_en: None,
    });
    // The registry may be kept as a workbook too (first sheet).
    let units_csv = root.join("units.csv");
    let units_xlsx = root.join("units.xlsx");
    let units_file = if !units_csv.exists() && units_xlsx.exists() {
        units_xlsx
    } else {
        units_csv
    };
    let (mut units, cells) = read_units(&units_file, &mut found);
    let lineage_csv = root.join("lineage.csv");
    let lineage_xlsx = root.join("lineage.xlsx");
    let lineage_file = if !lineage_csv.exists() && lineage_xlsx.exists() {
        Some(lineage_xlsx)
    } else {
        lineage_csv.exists().then_some(lineage_csv)
    };
    let (mut lineage, lineage_header) =
        lineage_file.map_or((Vec::new(), None), |f| read_lineage(&f, &mut found));
    derive_ends(&mut units, &lineage, &mut found);
    add_successor_shorthand(&units, &cells, &mut lineage);
    check_codes(&units, &cells, &mut found);
    let editions = read_editions(root, &mut found);
    diagnostics.extend(found);
    Dataset::new(root.to_path_buf(), site, units, editions).with_lineage(lineage, lineage_header)
}

fn read_text(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(table::io_diagnostic(path, &e));
            return None;
        }
    };
    match table::decode_file(path, bytes) {
        Ok((text, invalid)) => {
            diagnostics.extend(table::encoding_errors(
                path,
                &text,
                &invalid,
                table::char_column,
            ));
            Some(text)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    // Not read at all when too large: a settings file is small.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > json::MAX_BYTES as u64 {
            diagnostics.push(json::too_large(path, meta.len()));
            return None;
        }
    }
    let text = read_text(path, diagnostics)?;
    match json::parse(path, &text) {
        Ok(v) => Some(v),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

fn read_table(
    path: &Path,
    sheet: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Table> {
    match Table::read(path, sheet, diagnostics) {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// Cell access by column name for one table row.
struct Cells<'a> {
    table: &'a Table,
    row: Row<'a>,
}

impl<'a> Cells<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.get_at(self.table.column(name))
    }

    /// A cell by column position, for loops that look columns up once.
    fn get_at(&self, column: Option<usize>) -> Option<&'a str> {
        column.map(|i| self.row.cell(i)).filter(|s| !s.is_empty())
    }

    fn loc(&self, name: &str) -> Location {
        self.loc_at(self.table.column(name))
    }

    fn loc_at(&self, column: Option<usize>) -> Location {
        self.table.location(self.row.line, column)
    }

    /// An optional text cell, held to Excel's limit for a cell.
    fn text(&self, name: &str, out: &mut Vec<Diagnostic>) -> Option<String> {
        let column = self.table.column(name);
        let value = self.get_at(column)?;
        self.check_length(name, column, value, out);
        Some(value.to_string())
    }

    /// Reports `value`, read from column `name`, when it is too long for a
    /// workbook cell.
    fn check_length(
        &self,
        name: &str,
        column: Option<usize>,
        value: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Some(d) = too_long(name, value, self.loc_at(column)) {
            out.push(d);
        }
    }

    /// A required cell; reports it when empty.
    fn required(&self, name: &str, what: &str, out: &mut Vec<Diagnostic>) -> Option<String> {
        self.required_at(name, self.table.column(name), what, out)
            .map(str::to_string)
    }

    fn required_at(
        &self,
        name: &str,
        column: Option<usize>,
        what: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<&'a str> {
        let value = self.get_at(column);
        if let Some(value) = value {
            self.check_length(name, column, value, out);
        }
        if value.is_none() && column.is_some() {
            out.push(
                Diagnostic::error(
                    "empty-cell",
                    self.loc_at(column),
                    format!("the \"{name}\" cell is empty"),
                )
                .expected(what.to_string()),
            );
        }
        value
    }

    /// An optional number; `Err(())` when present but unreadable (reported).
    fn number(
        &self,
        name: &str,
        what: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Result<Option<Decimal>, ()> {
        self.number_at(name, self.table.column(name), what, out)
    }

    fn number_at(
        &self,
        name: &str,
        column: Option<usize>,
        what: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Result<Option<Decimal>, ()> {
        let Some(text) = self.get_at(column) else {
            return Ok(None);
        };
        match parse_decimal(text, self.table.accepts_decimal_comma()) {
            Ok(d) => Ok(Some(d)),
            Err(e) => {
                let mut d = if e.out_of_range {
                    Diagnostic::error(
                        "number-out-of-range",
                        self.loc_at(column),
                        format!("the \"{name}\" cell holds a number chiso does not read"),
                    )
                    .found(format!("\"{text}\""))
                    .expected(table::NUMBER_RANGE)
                } else {
                    Diagnostic::error(
                        "not-a-number",
                        self.loc_at(column),
                        format!("the \"{name}\" cell is not a number"),
                    )
                    .found(format!("\"{text}\""))
                    .expected(what.to_string())
                };
                if let Some(hint) = e.hint {
                    d = d.hint(hint);
                }
                out.push(d);
                Err(())
            }
        }
    }

    /// A `valid_from` or `valid_to` cell: a year, or a full date. `to`:
    /// the last day of a bare year rather than the first.
    fn bound(&self, name: &str, out: &mut Vec<Diagnostic>) -> (Option<i32>, Option<Day>) {
        let Some(text) = self.get(name) else {
            return (None, None);
        };
        if !text.contains('-') {
            return (self.year(name, out), None);
        }
        match Day::parse(text).filter(|d| (1900..=2200).contains(&d.year)) {
            Some(day) => (Some(day.year), Some(day)),
            None => {
                out.push(
                    Diagnostic::error(
                        "invalid-date",
                        self.loc(name),
                        format!("the \"{name}\" cell is not a date"),
                    )
                    .found(format!("\"{text}\""))
                    .expected("a date YYYY-MM-DD such as 2025-06-30, or a year such as 2021")
                    .hint("a month alone (YYYY-MM) does not say the day the unit began or ended"),
                );
                (None, None)
            }
        }
    }

    /// A required `YYYY-MM-DD` cell.
    fn day(&self, name: &str, out: &mut Vec<Diagnostic>) -> Option<Day> {
        let text = self.required(name, "a date YYYY-MM-DD such as 2025-07-01", out)?;
        let day = Day::parse(&text).filter(|d| (1900..=2200).contains(&d.year));
        if day.is_none() {
            out.push(
                Diagnostic::error(
                    "invalid-date",
                    self.loc(name),
                    format!("the \"{name}\" cell is not a date"),
                )
                .found(format!("\"{text}\""))
                .expected("a date YYYY-MM-DD such as 2025-07-01")
                .hint("the day the change took effect, as the resolution states it"),
            );
        }
        day
    }

    fn year(&self, name: &str, out: &mut Vec<Diagnostic>) -> Option<i32> {
        let text = self.get(name)?;
        match text.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                out.push(
                    Diagnostic::error(
                        "invalid-year",
                        self.loc(name),
                        format!("the \"{name}\" cell is not a year"),
                    )
                    .found(format!("\"{text}\""))
                    .expected("a year such as 2021"),
                );
                None
            }
        }
    }
}

fn rows(table: &Table) -> impl Iterator<Item = Cells<'_>> {
    table.rows().map(move |row| Cells { table, row })
}

/// The most text one cell of a workbook holds, in UTF-16 units (Excel's
/// count): every text of the data may reach a cell of the downloads.
pub const CELL_TEXT_LIMIT: usize = 32_767;

/// A `text-too-long` error when `text` (the `name` cell or key) exceeds
/// [`CELL_TEXT_LIMIT`].
fn too_long(name: &str, text: &str, location: Location) -> Option<Diagnostic> {
    // UTF-8 takes at least as many bytes as UTF-16 takes units.
    if text.len() <= CELL_TEXT_LIMIT {
        return None;
    }
    let length = text.encode_utf16().count();
    (length > CELL_TEXT_LIMIT).then(|| {
        Diagnostic::error(
            "text-too-long",
            location,
            format!("the \"{name}\" text is longer than a spreadsheet cell holds"),
        )
        .found(format!("{length} characters"))
        .expected(format!(
            "at most {CELL_TEXT_LIMIT} characters, Excel's limit for a cell (the downloads include a workbook)"
        ))
        .hint("shorten it; a long explanation belongs in a document of the edition")
    })
}

/// The earliest and latest year an edition may have: the index began in
/// 2012, and older assessments are published too; a year outside is a typo
/// (`0`, `202`, `20211`).
pub const EDITION_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Where each value of a JSON document is, by JSON pointer
/// (`/documents/0/file`): checks made after reading name the line of
/// their key.
struct JsonSpots {
    file: PathBuf,
    /// Pointer -> line and column (characters, 1-based) of the value.
    spots: std::collections::HashMap<String, (usize, usize)>,
}

impl JsonSpots {
    fn new(file: &Path, text: &str) -> JsonSpots {
        let mut offsets = Vec::new();
        if let Ok(root) = serde_json::from_str::<&serde_json::value::RawValue>(text) {
            json_offsets(text, root.get(), String::new(), &mut offsets);
        }
        offsets.sort_by_key(|(_, offset)| *offset);
        // One walk through the text for all positions.
        let mut spots = std::collections::HashMap::with_capacity(offsets.len());
        let (mut line, mut line_start, mut at) = (1, 0, 0);
        for (pointer, offset) in offsets {
            for (i, b) in text.as_bytes()[at..offset].iter().enumerate() {
                if *b == b'\n' {
                    line += 1;
                    line_start = at + i + 1;
                }
            }
            at = offset;
            let column = text[line_start..offset].chars().count() + 1;
            spots.insert(pointer, (line, column));
        }
        JsonSpots {
            file: file.to_path_buf(),
            spots,
        }
    }

    /// The value at `pointer`, or the file alone when it is not there.
    fn at(&self, pointer: &str) -> Location {
        match self.spots.get(pointer) {
            Some(&(line, column)) => Location::at(&self.file, line, Some(column)),
            None => Location::file(&self.file),
        }
    }
}

/// Byte offsets in `doc` of `value` and everything inside it.
fn json_offsets(doc: &str, value: &str, pointer: String, out: &mut Vec<(String, usize)>) {
    let offset = value.as_ptr() as usize - doc.as_ptr() as usize;
    let trimmed = value.trim_start();
    if trimmed.starts_with('{') {
        if let Ok(entries) = serde_json::from_str::<
            std::collections::BTreeMap<String, &serde_json::value::RawValue>,
        >(value)
        {
            for (key, raw) in entries {
                json_offsets(doc, raw.get(), format!("{pointer}/{key}"), out);
            }
        }
    } else if trimmed.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(value) {
            for (i, raw) in items.into_iter().enumerate() {
                json_offsets(doc, raw.get(), format!("{pointer}/{i}"), out);
            }
        }
    }
    out.push((pointer, offset + (value.len() - trimmed.len())));
}

/// The columns of the unit registry, `units.csv`, in their usual order.
pub(crate) const UNIT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "kind",
    "parent",
    "name_en",
    "successor",
    "valid_from",
    "valid_to",
];

/// Columns of the registry added in version 2 of the format; a sample
/// writes them only when its registry has codes or former names.
pub(crate) const UNIT_COLUMNS_V2: &[&str] = &["code", "former_names"];

/// Where a unit's `successor` and `code` cells are, for what is checked
/// after the whole registry is read.
pub(crate) struct UnitCells {
    successor: Location,
    code: Location,
}

fn read_units(path: &Path, out: &mut Vec<Diagnostic>) -> (Vec<Unit>, Vec<UnitCells>) {
    let Some(table) = read_table(path, None, out) else {
        return (Vec::new(), Vec::new());
    };
    let known: Vec<&str> = UNIT_COLUMNS
        .iter()
        .chain(UNIT_COLUMNS_V2)
        .copied()
        .collect();
    if !table.check_columns(&known, &["id", "name", "kind"], out) {
        return (Vec::new(), Vec::new());
    }
    let mut units = Vec::with_capacity(table.rows().len());
    let mut unit_cells = Vec::with_capacity(table.rows().len());
    let mut parents = Vec::with_capacity(table.rows().len());
    for cells in rows(&table) {
        let id = cells.required("id", "a unit id such as dak-to-re", out);
        let name = cells.required("name", "the unit's display name", out);
        let kind_text = cells.required(
            "kind",
            "province, department, district, commune or other",
            out,
        );
        let kind = kind_text.as_deref().and_then(|k| {
            let kind = UnitKind::parse(k);
            if kind.is_none() {
                out.push(
                    Diagnostic::error("invalid-kind", cells.loc("kind"), "unknown unit kind")
                        .found(format!("\"{k}\""))
                        .expected("province, department, district, commune or other"),
                );
            }
            kind
        });
        let (valid_from, from) = cells.bound("valid_from", out);
        let (valid_to, to) = cells.bound("valid_to", out);
        let former_names = cells
            .text("former_names", out)
            .map(|t| former_names(&t, &cells.loc("former_names"), out))
            .unwrap_or_default();
        let code = cells.text("code", out);
        let (Some(id), Some(name), Some(kind)) = (id, name, kind) else {
            continue;
        };
        units.push(Unit {
            id,
            name,
            short_name: cells.text("short_name", out),
            kind,
            parent: cells.text("parent", out),
            name_en: cells.text("name_en", out),
            successor: cells.text("successor", out),
            valid_from,
            valid_to,
            code,
            valid: Validity {
                from,
                to,
                to_derived: false,
            },
            former_names,
            location: cells.loc("id"),
        });
        unit_cells.push(UnitCells {
            successor: cells.loc("successor"),
            code: cells.loc("code"),
        });
        parents.push(cells.loc("parent"));
    }
    break_unit_cycles(&mut units, &parents, out);
    (units, unit_cells)
}

/// `former_names`: `Tên cũ (đến YYYY-MM-DD)`, separated by `;`; oldest
/// first whatever the order written.
fn former_names(text: &str, at: &Location, out: &mut Vec<Diagnostic>) -> Vec<FormerName> {
    let mut names = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = part
            .strip_suffix(')')
            .and_then(|p| p.rsplit_once('('))
            .and_then(|(name, until)| {
                let until = until.trim();
                let date = until
                    .strip_prefix("đến")
                    .or_else(|| until.strip_prefix("Đến"))?;
                let until = Day::parse(date.trim())?;
                let name = name.trim();
                (!name.is_empty()).then(|| FormerName {
                    name: name.to_string(),
                    until,
                })
            });
        match parsed {
            Some(n) => names.push(n),
            None => out.push(
                Diagnostic::error(
                    "invalid-former-name",
                    at.clone(),
                    "a former name does not say until when it was used",
                )
                .found(format!("\"{part}\""))
                .expected("Tên cũ (đến YYYY-MM-DD), several separated by ;")
                .hint(
                    "the date is the last day the name was used, e.g. Xã Tân Lập (đến 2025-06-30)",
                ),
            ),
        }
    }
    names.sort_by_key(|n| n.until);
    names
}

const LINEAGE_COLUMNS: &[&str] = &["date", "from", "to", "kind", "share", "basis", "note"];

/// Reads `lineage.csv`: each cell on its own (dates, kinds, shares);
/// what needs the registry or several rows is checked in `validate`.
fn read_lineage(path: &Path, out: &mut Vec<Diagnostic>) -> (Vec<LineageEdge>, Option<Header>) {
    let Some(table) = read_table(path, None, out) else {
        return (Vec::new(), None);
    };
    if !table.check_columns(LINEAGE_COLUMNS, &["date", "from", "to", "kind"], out) {
        return (Vec::new(), None);
    }
    let kinds = "merge, split, rename, reclass or move";
    let mut edges = Vec::with_capacity(table.rows().len());
    for cells in rows(&table) {
        let date = cells.day("date", out);
        let from = cells.required("from", UNIT_ID, out);
        let to = cells.required("to", UNIT_ID, out);
        let kind = cells.required("kind", kinds, out).and_then(|k| {
            let kind = LineageKind::parse(&k);
            if kind.is_none() {
                out.push(
                    Diagnostic::error(
                        "invalid-kind",
                        cells.loc("kind"),
                        "unknown kind of change",
                    )
                    .found(format!("\"{k}\""))
                    .expected(kinds)
                    .hint("a commune that became a ward is reclass; part of a unit that went to another is split"),
                );
            }
            kind
        });
        let share = cells
            .number("share", "a part of the population such as 0.4", out)
            .ok()
            .flatten();
        if let (Some(share), Some(kind)) = (share, kind) {
            if kind != LineageKind::Split {
                out.push(
                    Diagnostic::error(
                        "share-not-split",
                        cells.loc("share"),
                        format!("a share on a {} row", kind.name()),
                    )
                    .found(share.normalize().to_string())
                    .expected("no share: only a split passes part of a unit on")
                    .hint(
                        "a merge, rename or reclass passes all of the unit; leave the share empty",
                    ),
                );
            } else if share <= Decimal::ZERO || share > Decimal::ONE {
                out.push(
                    Diagnostic::error(
                        "invalid-share",
                        cells.loc("share"),
                        "a split's share is not a part of the whole",
                    )
                    .found(share.normalize().to_string())
                    .expected("a number above 0 and at most 1, such as 0.35")
                    .hint("a share is a fraction of the population, not a percentage"),
                );
            }
        }
        let (Some(date), Some(from), Some(to), Some(kind)) = (date, from, to, kind) else {
            continue;
        };
        edges.push(LineageEdge {
            date,
            from,
            to,
            kind,
            share,
            basis: cells.text("basis", out),
            note: cells.text("note", out),
            location: cells.loc("from"),
            shorthand: false,
        });
    }
    (edges, Some(Header(table.headers.clone())))
}

/// The dates on which each unit ceased to exist by the lineage: merged,
/// renamed or reclassified, or split up whole (its shares on the date
/// add up to 1), earliest first.
fn dissolutions(lineage: &[LineageEdge]) -> std::collections::BTreeMap<&str, (Day, &LineageEdge)> {
    let mut shares: std::collections::BTreeMap<(&str, Day), Decimal> = Default::default();
    for e in lineage.iter().filter(|e| e.kind == LineageKind::Split) {
        *shares.entry((e.from.as_str(), e.date)).or_default() += e.share.unwrap_or_default();
    }
    let mut ends: std::collections::BTreeMap<&str, (Day, &LineageEdge)> = Default::default();
    for e in lineage {
        let whole = e.kind.dissolves()
            || (e.kind == LineageKind::Split
                && shares.get(&(e.from.as_str(), e.date)) == Some(&Decimal::ONE));
        if whole {
            let end = ends.entry(e.from.as_str()).or_insert((e.date, e));
            if e.date < end.0 {
                *end = (e.date, e);
            }
        }
    }
    ends
}

/// A unit dissolved by the lineage but given no `valid_to` ends the day
/// before: derived, and said so.
fn derive_ends(units: &mut [Unit], lineage: &[LineageEdge], out: &mut Vec<Diagnostic>) {
    let ends = dissolutions(lineage);
    for unit in units.iter_mut() {
        if unit.valid_to.is_some() || unit.valid.to.is_some() {
            continue;
        }
        let Some(&(date, edge)) = ends.get(unit.id.as_str()) else {
            continue;
        };
        let last = date.previous();
        unit.valid = Validity {
            to: Some(last),
            to_derived: true,
            ..unit.valid
        };
        unit.valid_to = Some(last.year);
        out.push(
            Diagnostic::warning(
                "valid-to-derived",
                unit.location.clone(),
                format!(
                    "unit \"{}\" has no valid_to; it ended on {last}, the day before its {} on {date}",
                    unit.id,
                    edge.kind.name()
                ),
            )
            .found(format!(
                "{} line {}: {} {} -> {}",
                registry_name_of(&edge.location),
                edge.location.line.unwrap_or(0),
                edge.kind.name(),
                edge.from,
                edge.to
            ))
            .expected(format!("valid_to {last}"))
            .hint("write the valid_to in the registry to silence this note"),
        );
    }
}

fn registry_name_of(location: &Location) -> String {
    location
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The version 1 `successor` column: one merge, dated the day after
/// `valid_to`, unless `lineage.csv` already names the change. A successor
/// without a `valid_to` has no date and stays a plain link.
fn add_successor_shorthand(units: &[Unit], cells: &[UnitCells], lineage: &mut Vec<LineageEdge>) {
    let written: std::collections::HashSet<(&str, &str)> = lineage
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let mut added = Vec::new();
    for (unit, cells) in units.iter().zip(cells) {
        let (Some(to), Some(last)) = (&unit.successor, unit.last_day()) else {
            continue;
        };
        if written.contains(&(unit.id.as_str(), to.as_str())) {
            continue;
        }
        added.push(LineageEdge {
            date: last.next(),
            from: unit.id.clone(),
            to: to.clone(),
            kind: LineageKind::Merge,
            share: None,
            basis: None,
            note: None,
            location: cells.successor.clone(),
            shorthand: true,
        });
    }
    lineage.extend(added);
}

/// Two units may share an official code only at different times: the
/// code names one unit on any day.
fn check_codes(units: &[Unit], cells: &[UnitCells], out: &mut Vec<Diagnostic>) {
    let mut by_code: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, unit) in units.iter().enumerate() {
        if let Some(code) = &unit.code {
            by_code.entry(code.as_str()).or_default().push(i);
        }
    }
    let show = |d: Option<Day>| d.map_or_else(|| "…".to_string(), |d| d.iso());
    for (i, unit) in units.iter().enumerate() {
        let Some(code) = &unit.code else { continue };
        let earlier = by_code[code.as_str()]
            .iter()
            .take_while(|&&j| j < i)
            .map(|&j| &units[j])
            .find(|other| {
                other.id != unit.id
                    && other
                        .first_day()
                        .is_none_or(|f| unit.last_day().is_none_or(|l| f <= l))
                    && unit
                        .first_day()
                        .is_none_or(|f| other.last_day().is_none_or(|l| f <= l))
            });
        if let Some(other) = earlier {
            out.push(
                Diagnostic::error(
                    "unit-code-overlap",
                    cells[i].code.clone(),
                    format!(
                        "units \"{}\" and \"{}\" have the code {code} at the same time",
                        other.id, unit.id
                    ),
                )
                .found(format!(
                    "\"{}\" (line {}) valid {} to {}; \"{}\" valid {} to {}",
                    other.id,
                    other.location.line.unwrap_or(0),
                    show(other.first_day()),
                    show(other.last_day()),
                    unit.id,
                    show(unit.first_day()),
                    show(unit.last_day())
                ))
                .expected("one unit per code on any day")
                .hint("when a new unit kept a predecessor's code, give the predecessor valid_to and the new unit valid_from"),
            );
        }
    }
}

/// Reports a unit that is its own parent, or a loop of parents, once at
/// the first unit of the loop in the file, and breaks it there: the site
/// walks up parents to group units.
fn break_unit_cycles(units: &mut [Unit], parents: &[Location], out: &mut Vec<Diagnostic>) {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, u) in units.iter().enumerate() {
        index.entry(u.id.as_str()).or_insert(i);
    }
    let parent_of = |i: usize| {
        units[i]
            .parent
            .as_deref()
            .and_then(|p| index.get(p).copied())
    };
    // 0: not seen; 1: on the current walk; 2: done.
    let mut state = vec![0u8; units.len()];
    let mut broken = Vec::new();
    for start in 0..units.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    // The loop is the walk from `i` on.
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let members = &path[from..];
                    let first = members.iter().copied().min().unwrap_or(i);
                    broken.push((first, members.to_vec()));
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = parent_of(i);
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    for (first, members) in broken {
        let unit = &units[first];
        let d = if members.len() == 1 {
            Diagnostic::error(
                "unit-cycle",
                parents[first].clone(),
                format!("unit \"{}\" is its own parent", unit.id),
            )
            .found(format!("parent \"{}\"", unit.id))
            .expected("the id of the unit it belongs to, or an empty parent")
        } else {
            // Start the loop at the first unit in the file.
            let at = members.iter().position(|&m| m == first).unwrap_or(0);
            let order: Vec<usize> = members[at..]
                .iter()
                .chain(&members[..at])
                .copied()
                .collect();
            let mut chain: Vec<&str> = order.iter().map(|&m| units[m].id.as_str()).collect();
            chain.push(&unit.id);
            let lines: Vec<String> = order
                .iter()
                .map(|&m| units[m].location.line.unwrap_or(0).to_string())
                .collect();
            Diagnostic::error(
                "unit-cycle",
                parents[first].clone(),
                "the units' parents form a loop",
            )
            .found(format!(
                "{} (lines {})",
                chain.join(" -> "),
                lines.join(", ")
            ))
            .expected("a tree: following parents always reaches a unit without parent")
        };
        out.push(d);
        units[first].parent = None;
    }
}

/// A number in JSON read exactly: 85.5 must not pass through `f64`.
#[derive(Debug, Clone, Copy)]
struct JsonDecimal(Decimal);

impl<'de> Deserialize<'de> for JsonDecimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        let out_of_range = || {
            serde::de::Error::custom(format!(
                "number out of range: {n}, expected {}",
                table::NUMBER_RANGE
            ))
        };
        // The size is checked on the float: the exact parsers refuse what
        // does not fit in 28 digits.
        let limit = 10f64.powi(table::MAX_WHOLE_DIGITS as i32);
        if !n.as_f64().is_some_and(|f| f.abs() < limit) {
            return Err(out_of_range());
        }
        // serde_json writes floats the shortest way, as 1e-28 where small.
        let text = n.to_string();
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| out_of_range())
            .and_then(|d| table::in_range(d).map_err(|_| out_of_range()))
            .map(JsonDecimal)
    }
}

fn default_scale() -> JsonDecimal {
    JsonDecimal(Decimal::ONE_HUNDRED)
}

fn default_decimals() -> u32 {
    2
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditionFile {
    year: i32,
    title: String,
    #[serde(default)]
    title_en: Option<String>,
    status: Status,
    #[serde(default)]
    published_on: Option<String>,
    #[serde(default = "default_scale")]
    scale: JsonDecimal,
    #[serde(default = "default_decimals")]
    decimals: u32,
    #[serde(default)]
    bands: Vec<BandFile>,
    groups: Vec<GroupFile>,
    #[serde(default)]
    documents: Vec<DocumentFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandFile {
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    min: JsonDecimal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    id: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    framework: Option<String>,
    #[serde(default)]
    scores: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentFile {
    kind: String,
    title: String,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    signer: Option<String>,
    file: String,
}

fn read_editions(root: &Path, out: &mut Vec<Diagnostic>) -> Vec<Edition> {
    let dir = root.join("editions");
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(
                table::io_diagnostic(&dir, &e)
                    .hint("editions live in editions/<year>/edition.json"),
            );
            return Vec::new();
        }
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    folders.sort();
    // Editions are independent files: read in parallel, diagnostics kept
    // in folder order so reports do not depend on thread timing.
    use rayon::prelude::*;
    let read: Vec<(Option<Edition>, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|folder| {
            let mut found = Vec::new();
            let edition = read_edition(folder, &mut found);
            (edition, found)
        })
        .collect();
    let mut editions = Vec::new();
    for (edition, found) in read {
        out.extend(found);
        editions.extend(edition);
    }
    editions.sort_by_key(|e| e.year);
    editions
}

fn read_edition(folder: &Path, out: &mut Vec<Diagnostic>) -> Option<Edition> {
    let file = folder.join("edition.json");
    let text = read_text(&file, out)?;
    let raw: EditionFile = match json::parse(&file, &text) {
        Ok(raw) => raw,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    let spots = JsonSpots::new(&file, &text);
    let decode_text = |s: String| decode::nfc(table::clean(&s));
    // Every text may reach a cell of the workbook downloads.
    let check_length = |pointer: &str, key: &str, text: &str, out: &mut Vec<Diagnostic>| {
        if let Some(d) = too_long(key, text, spots.at(pointer)) {
            out.push(d);
        }
    };
    check_length("/title", "title", &raw.title, out);
    if let Some(t) = &raw.title_en {
        check_length("/title_en", "title_en", t, out);
    }
    let published_on = raw.published_on.as_deref().and_then(|d| {
        let parsed = PartialDate::parse(d);
        if parsed.is_none() {
            out.push(
                Diagnostic::error(
                    "invalid-date",
                    spots.at("/published_on"),
                    "\"published_on\" is not a date",
                )
                .found(format!("\"{d}\""))
                .expected("YYYY-MM-DD, YYYY-MM or YYYY"),
            );
        }
        parsed
    });
    if !EDITION_YEARS.contains(&raw.year) {
        out.push(
            Diagnostic::error(
                "invalid-year",
                spots.at("/year"),
                "the edition's \"year\" is not a year of the index",
            )
            .found(raw.year.to_string())
            .expected(format!(
                "a year from {} to {}, such as 2021",
                EDITION_YEARS.start(),
                EDITION_YEARS.end()
            )),
        );
    } else if let Some(name) = folder.file_name().and_then(|n| n.to_str()) {
        if name.parse::<i32>().ok() != Some(raw.year) {
            out.push(
                Diagnostic::warning(
                    "year-folder",
                    spots.at("/year"),
                    "the edition's year differs from its folder name",
                )
                .found(format!("year {} in folder \"{name}\"", raw.year))
                .expected(format!("the folder editions/{}/", raw.year)),
            );
        }
    }
    // Ids and notes repeat from file to file of an edition.
    let mut interner = Interner::default();
    let mut groups = Vec::new();
    for (i, g) in raw.groups.into_iter().enumerate() {
        let key = |k: &str| format!("/groups/{i}/{k}");
        let location = spots.at(&key("id"));
        check_length(&key("id"), "id", &g.id, out);
        check_length(&key("name"), "name", &g.name, out);
        if let Some(t) = &g.name_en {
            check_length(&key("name_en"), "name_en", t, out);
        }
        let named = |name: &Option<String>, k: &str| name.clone().map(|n| (n, spots.at(&key(k))));
        let framework = group_table(folder, named(&g.framework, "framework"), "framework", out)
            .map(|t| read_framework(&t, out));
        let scores = group_table(folder, named(&g.scores, "scores"), "scores", out)
            .and_then(|t| read_scores(&t, &mut interner, out))
            .map(Arc::new);
        let published = group_table(folder, named(&g.published, "published"), "published", out)
            .and_then(|t| read_published(&t, out));
        if g.scores.is_none() && g.published.is_none() {
            out.push(
                Diagnostic::error(
                    "empty-group",
                    location.clone(),
                    format!(
                        "group \"{}\" names neither a scores nor a published file",
                        g.id
                    ),
                )
                .expected("\"scores\", \"published\", or both"),
            );
        }
        if g.scores.is_some() && g.framework.is_none() {
            out.push(
                Diagnostic::error(
                    "missing-key",
                    location.clone(),
                    format!("group \"{}\" has scores but no framework", g.id),
                )
                .expected("\"framework\": the criteria tree the scores refer to"),
            );
        }
        groups.push(Group {
            id: g.id,
            name: decode_text(g.name),
            name_en: g.name_en.map(decode_text),
            framework,
            scores,
            published,
            location,
        });
    }
    let mut bands = Vec::with_capacity(raw.bands.len());
    for (i, b) in raw.bands.into_iter().enumerate() {
        let key = |k: &str| format!("/bands/{i}/{k}");
        check_length(&key("name"), "name", &b.name, out);
        if let Some(t) = &b.name_en {
            check_length(&key("name_en"), "name_en", t, out);
        }
        bands.push(Band {
            name: decode_text(b.name),
            name_en: b.name_en.map(decode_text),
            min: b.min.0,
            location: spots.at(&key("name")),
        });
    }
    let mut documents = Vec::new();
    for (i, d) in raw.documents.into_iter().enumerate() {
        let key = |k: &str| format!("/documents/{i}/{k}");
        for (k, text) in [
            ("kind", Some(&d.kind)),
            ("title", Some(&d.title)),
            ("number", d.number.as_ref()),
            ("signer", d.signer.as_ref()),
        ] {
            if let Some(text) = text {
                check_length(&key(k), k, text, out);
            }
        }
        let date = d.date.as_deref().and_then(|text| {
            let parsed = PartialDate::parse(text);
            if parsed.is_none() {
                out.push(
                    Diagnostic::error(
                        "invalid-date",
                        spots.at(&key("date")),
                        "a document's \"date\" is not a date",
                    )
                    .found(format!("\"{text}\""))
                    .expected("YYYY-MM-DD, YYYY-MM or YYYY"),
                );
            }
            parsed
        });
        let at = spots.at(&key("file"));
        let Some(path) = resolve_inside(folder, &d.file, &at, "document", out) else {
            continue;
        };
        if !document_readable(&d.file, &path, &at, out) {
            continue;
        }
        documents.push(Document {
            kind: d.kind,
            title: decode_text(d.title),
            number: d.number.map(decode_text),
            date,
            signer: d.signer.map(decode_text),
            file: d.file,
            path,
            location: at,
        });
    }
    Some(Edition {
        year: raw.year,
        title: decode_text(raw.title),
        title_en: raw.title_en.map(decode_text),
        status: raw.status,
        published_on,
        scale: raw.scale.0,
        decimals: raw.decimals,
        bands,
        groups,
        documents,
        dir: folder.to_path_buf(),
        file,
    })
}

/// Whether a document's `file` names a file the build can copy: not
/// missing, not a folder (an empty name and `.` name the edition folder
/// itself), and readable. Reports it otherwise; `at` is the `file` key.
fn document_readable(name: &str, path: &Path, at: &Location, out: &mut Vec<Diagnostic>) -> bool {
    let relative = format!("\"{name}\" in edition.json is relative to the edition folder");
    match std::fs::metadata(path) {
        Err(e) => {
            out.push(table::io_diagnostic(path, &e).hint(relative));
            false
        }
        Ok(m) if !m.is_file() => {
            let what = if name.trim_matches(['.', '/', ' ']).is_empty() {
                "the edition folder itself"
            } else {
                "a folder"
            };
            out.push(
                Diagnostic::error(
                    "not-a-file",
                    at.clone(),
                    "the document's \"file\" does not name a file",
                )
                .found(format!("\"{name}\", {what}"))
                .expected("the path of the document's file inside the edition folder, such as documents/quyet-dinh.pdf"),
            );
            false
        }
        Ok(_) => match std::fs::File::open(path) {
            Ok(_) => true,
            Err(e) => {
                out.push(table::io_diagnostic(path, &e).hint(relative));
                false
            }
        },
    }
}

/// Reads a table a group names (`file.csv` or `book.xlsx#Sheet`).
/// `named`: the name and where it is in `edition.json`.
fn group_table(
    folder: &Path,
    named: Option<(String, Location)>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let (name, at) = named?;
    let (path_part, sheet) = split_sheet(&name);
    let path = resolve_inside(folder, path_part, &at, what, out)?;
    read_table(&path, sheet, out)
}

/// Resolves a file named in `edition.json`, refusing anything that could
/// leave the edition folder: `..`, absolute paths, and symlinks pointing
/// outside it. Publishing must never copy a file from elsewhere on the
/// machine onto the public site.
fn resolve_inside(
    folder: &Path,
    name: &str,
    at: &Location,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let relative = Path::new(name);
    let escapes = relative.is_absolute()
        || name.starts_with('/')
        || name.starts_with('\\')
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    let refuse = |found: String, out: &mut Vec<Diagnostic>| {
        out.push(
            Diagnostic::error(
                "path-outside-edition",
                at.clone(),
                format!("the {what} file must be inside the edition folder"),
            )
            .found(found)
            .expected("a path relative to the edition folder, without \"..\"")
            .hint("copy the file into the edition folder and name it from there"),
        );
    };
    if escapes {
        refuse(format!("\"{name}\""), out);
        return None;
    }
    let path = folder.join(relative);
    // Only an existing path can be a symlink; a missing file is reported by
    // whoever reads it.
    if let (Ok(real), Ok(base)) = (path.canonicalize(), folder.canonicalize()) {
        if !real.starts_with(&base) {
            refuse(
                format!("\"{name}\", which leads to {}", real.display()),
                out,
            );
            return None;
        }
    }
    Some(path)
}

const FRAMEWORK_COLUMNS: &[&str] = &["code", "parent", "name", "max", "name_en"];

fn read_framework(table: &Table, out: &mut Vec<Diagnostic>) -> Framework {
    let mut nodes = Vec::new();
    let mut parents: Vec<Option<(String, Location)>> = Vec::new();
    let readable = table.check_columns(FRAMEWORK_COLUMNS, &["code", "name"], out);
    if readable {
        for cells in rows(table) {
            let code = cells.required("code", "a criterion code such as 1.2.1", out);
            let name = cells.required("name", "the criterion's name", out);
            let max = cells
                .number("max", "the maximum points, a number such as 2.5", out)
                .ok()
                .flatten();
            let Some(code) = code else { continue };
            parents.push(cells.text("parent", out).map(|p| (p, cells.loc("parent"))));
            nodes.push(Node {
                code,
                name: name.unwrap_or_default(),
                name_en: cells.text("name_en", out),
                max,
                parent: None,
                children: Vec::new(),
                line: cells.row.line,
            });
        }
    }
    let before = out.len();
    link_parents(&mut nodes, parents, table, out);
    Framework {
        location: table.file_location(),
        header: Header(table.headers.clone()),
        broken: out.len() > before,
        unreadable: !readable,
        nodes,
    }
}

/// Sets each node's parent: the explicit `parent` code, else the longest
/// dotted prefix of its code that exists. Cycles and unknown parents are
/// reported and broken, so later stages always see a forest.
fn link_parents(
    nodes: &mut [Node],
    explicit: Vec<Option<(String, Location)>>,
    table: &Table,
    out: &mut Vec<Diagnostic>,
) {
    let find = |code: &str, nodes: &[Node]| nodes.iter().position(|n| n.code == code);
    for (i, parent) in explicit.into_iter().enumerate() {
        let parent_index = match parent {
            Some((code, location)) => {
                let found = find(&code, nodes);
                if found.is_none() {
                    let d = Diagnostic::error(
                        "unknown-parent",
                        location,
                        format!("unknown parent code \"{code}\""),
                    )
                    .found(format!("\"{code}\""))
                    .expected("the code of another row of this framework");
                    let mut nearest = crate::validate::Nearest::new(
                        nodes.iter().map(|n| (n.code.as_str(), None::<&str>)),
                    );
                    out.push(nearest.hint(d, &code));
                }
                found
            }
            None => {
                let code = nodes[i].code.clone();
                let mut prefix = code.as_str();
                let mut found = None;
                while let Some((head, _)) = prefix.rsplit_once('.') {
                    if let Some(p) = find(head, nodes) {
                        found = Some(p);
                        break;
                    }
                    prefix = head;
                }
                found
            }
        };
        nodes[i].parent = parent_index.filter(|&p| p != i);
        if parent_index == Some(i) {
            out.push(
                Diagnostic::error(
                    "framework-cycle",
                    table.location(nodes[i].line, table.column("parent")),
                    format!("criterion \"{}\" is its own parent", nodes[i].code),
                )
                .expected("a parent that is another criterion"),
            );
        }
    }
    // Break cycles: walk up from every node; a walk longer than the tree
    // revisits a node.
    for start in 0..nodes.len() {
        let mut seen = vec![false; nodes.len()];
        let mut at = start;
        seen[at] = true;
        while let Some(p) = nodes[at].parent {
            if seen[p] {
                let cycle: Vec<&str> = {
                    let mut codes = vec![nodes[p].code.as_str()];
                    let mut c = nodes[p].parent;
                    while let Some(x) = c {
                        codes.push(nodes[x].code.as_str());
                        if x == p {
                            break;
                        }
                        c = nodes[x].parent;
                    }
                    codes
                };
                out.push(
                    Diagnostic::error(
                        "framework-cycle",
                        table.location(nodes[at].line, table.column("parent")),
                        "the criteria's parents form a cycle",
                    )
                    .found(cycle.join(" -> "))
                    .expected("a tree: following parents always reaches a top-level field"),
                );
                nodes[at].parent = None;
                break;
            }
            seen[p] = true;
            at = p;
        }
    }
    for i in 0..nodes.len() {
        if let Some(p) = nodes[i].parent {
            nodes[p].children.push(i);
        }
    }
}

const SCORE_COLUMNS: &[&str] = &[
    "unit",
    "code",
    "score",
    "max",
    "self_score",
    "note",
    "responsible",
];

/// What a unit cell of a scores or published file must hold: the registry
/// may be kept as either file.
const UNIT_ID: &str = "a unit id from the unit registry (units.csv or units.xlsx)";

fn read_scores(
    table: &Table,
    interner: &mut Interner,
    out: &mut Vec<Diagnostic>,
) -> Option<Scores> {
    if !table.check_columns(SCORE_COLUMNS, &["unit", "code", "score"], out) {
        return None;
    }
    // Millions of rows: columns are looked up once, not per cell.
    let [unit_col, code_col, score_col, max_col, self_col, note_col, responsible_col] =
        [0, 1, 2, 3, 4, 5, 6].map(|i| table.column(SCORE_COLUMNS[i]));
    let mut scores = ScoresBuilder::new(
        table.file_location(),
        Header(table.headers.clone()),
        table.rows().len(),
    );
    for cells in rows(table) {
        let unit = cells.required_at("unit", unit_col, UNIT_ID, out);
        let code = cells.required_at("code", code_col, "a code from the framework", out);
        let (Some(unit), Some(code)) = (unit, code) else {
            continue;
        };
        let mut unreadable = false;
        let max = match cells.get_at(max_col) {
            None => Applicable::Framework,
            Some(t) if t.eq_ignore_ascii_case("x") || t == "-" => Applicable::NotApplicable,
            Some(_) => match cells.number_at(
                "max",
                max_col,
                "a number, or x (or -) when the criterion does not apply",
                out,
            ) {
                Ok(Some(m)) => Applicable::Max(m),
                _ => {
                    unreadable = true;
                    Applicable::Framework
                }
            },
        };
        let score = cells
            .number_at(
                "score",
                score_col,
                "the points achieved, a number such as 19.49",
                out,
            )
            .unwrap_or_else(|()| {
                unreadable = true;
                None
            });
        let self_score = cells
            .number_at(
                "self_score",
                self_col,
                "the self-assessed points, a number",
                out,
            )
            .unwrap_or(None);
        let note = cells.get_at(note_col);
        let responsible = cells.get_at(responsible_col);
        for (name, column, text) in [
            ("note", note_col, note),
            ("responsible", responsible_col, responsible),
        ] {
            if let Some(text) = text {
                cells.check_length(name, column, text, out);
            }
        }
        scores.push(
            interner,
            ScoreRow {
                unit,
                code,
                score,
                max,
                self_score,
                note,
                responsible,
                line: cells.row.line,
                unreadable,
                unit_index: 0,
                code_index: 0,
            },
        );
    }
    Some(scores.finish())
}

const PUBLISHED_COLUMNS: &[&str] = &[
    "unit",
    "achieved",
    "max",
    "index",
    "rank",
    "band",
    "discrepancy_note",
];

fn read_published(table: &Table, out: &mut Vec<Diagnostic>) -> Option<Published> {
    if !table.check_columns(PUBLISHED_COLUMNS, &["unit"], out) {
        return None;
    }
    let mut result = Vec::with_capacity(table.rows().len());
    for cells in rows(table) {
        let Some(unit) = cells.required("unit", UNIT_ID, out) else {
            continue;
        };
        let number = |name: &str, out: &mut Vec<Diagnostic>| {
            cells
                .number(name, "a number as printed, such as 85.74", out)
                .ok()
                .flatten()
        };
        let achieved = number("achieved", out);
        let max = number("max", out);
        let index = number("index", out);
        let rank = cells
            .get("rank")
            .and_then(|text| match text.parse::<u32>() {
                Ok(r) if r >= 1 => Some(r),
                _ => {
                    out.push(
                        Diagnostic::error(
                            "not-a-number",
                            cells.loc("rank"),
                            "the \"rank\" cell is not a rank",
                        )
                        .found(format!("\"{text}\""))
                        .expected("a whole number from 1"),
                    );
                    None
                }
            });
        result.push(PublishedRow {
            unit,
            achieved,
            max,
            index,
            rank,
            band: cells.text("band", out),
            discrepancy_note: cells.text("discrepancy_note", out),
            line: cells.row.line,
        });
    }
    Some(Published {
        location: table.file_location(),
        header: Header(table.headers.clone()),
        rows: result,
    })
}
