//! Reading a data directory into a [`Dataset`]: the first stage, and the
//! only one that reads the publisher's files.
//!
//! This module owns all reading of the publisher's files: decoding
//! (`decode.rs`), CSV and workbook tables that keep every cell's line and
//! column (`table.rs`), JSON (`json.rs`), and each file kind's cells turned
//! into typed values: here the reading of each file and the shared
//! helpers, `cells.rs` a row as typed values, `registry.rs` units and
//! lineage, `editions.rs` each edition's settings and documents, `groups.rs`
//! criteria trees, scores and printed tables, `wide.rs` scores kept as a
//! wide table. It reports every cell it cannot read, and a
//! new check of one cell goes where that cell is read; checks that need
//! the whole dataset (unknown units, sums, ranks) live in `validate` and
//! `compute`. The registry is completed from `lineage.csv` here, since the
//! dataset is immutable once loaded: a dissolved unit's derived `valid_to`,
//! the `successor` shorthand as a merge, and the official-code overlap
//! check that needs those dates and the registry's cells. `maps.rs`
//! reads the boundary files (`maps/*.geojson`).

pub mod decode;
pub mod json;
pub mod table;

mod cells;
mod editions;
mod groups;
mod maps;
mod registry;
mod reports;
mod wide;

use cells::*;
use editions::*;
use groups::*;
use maps::read_maps;
pub use maps::MAPS_DIR;
use registry::*;
pub(crate) use registry::{UNIT_COLUMNS, UNIT_COLUMNS_V2};
use reports::*;
use wide::*;

use crate::diag::{Diagnostic, Diagnostics, Location, Tr};
use crate::model::*;
use crate::tr;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use table::{parse_decimal, split_sheet, Grid, Row, Table};

/// Reads everything under `root`. Always returns what could be read; the
/// diagnostics say what could not.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Dataset {
    let mut found = Vec::new();
    let site = read_json::<Site>(&root.join("site.json"), &mut found).unwrap_or_else(|| Site {
        title: String::new(),
        publisher: String::new(),
        language: Language::Vi,
        languages: Vec::new(),
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
    // A folder of periodic reports alone needs no edition.
    let reports_only = !root.join("editions").exists() && root.join("reports").is_dir();
    let editions = if reports_only {
        Vec::new()
    } else {
        read_editions(root, &UnitNames::new(&units), &mut found)
    };
    let maps = read_maps(root, &mut found);
    let (indicators, reports) = read_reports(root, &mut found);
    diagnostics.extend(found);
    Dataset::new(root.to_path_buf(), site, units, editions)
        .with_lineage(lineage, lineage_header)
        .with_maps(maps)
        .with_reports(indicators, reports)
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

fn read_grid(
    path: &Path,
    sheet: Option<&str>,
    starts_header: impl Fn(&str) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Grid> {
    match Grid::read(path, sheet, starts_header, diagnostics) {
        Ok(g) => Some(g),
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
