//! Open data: the whole index as tables, written as CSV, XLSX, JSON and
//! SQLite, described by a Frictionless data package.
//!
//! The tables are built once from the model; every format writes the same
//! rows. Numbers are written rounded half-up (to the edition's decimals for
//! printed figures, to 10 places for the exact index), with a dot.

mod tables;
mod writers;

pub use tables::{tables, Cell, ColumnType, DataTable};
pub use writers::{csv_bytes, json_bytes, sqlite_bytes, xlsx_bytes, XLSX_MAX_ROWS};

use crate::compute::Results;
use crate::model::Dataset;

/// One downloadable file, with what the Data page says of it.
#[derive(Debug, Clone)]
pub struct Download {
    /// Relative to the site root, e.g. `du-lieu/2022/ket-qua.csv`.
    pub path: String,
    pub bytes: Vec<u8>,
    /// `None` for all editions together.
    pub year: Option<i32>,
    pub format: &'static str,
    /// The table (CSV, JSON of one table) or `None` for a whole workbook.
    pub table: Option<&'static str>,
    pub rows: usize,
    pub title_vi: String,
    pub title_en: String,
}

/// Every data download: per edition and for all editions, each table as
/// CSV, each set of tables as an XLSX workbook and a JSON file, and one
/// SQLite database of everything.
pub fn downloads(dataset: &Dataset, results: &Results) -> Result<Vec<Download>, String> {
    use rayon::prelude::*;
    let mut scopes: Vec<Option<i32>> = vec![None];
    scopes.extend(dataset.editions.iter().map(|e| Some(e.year)));
    // Scopes are independent, and the database is built beside them.
    let (per_scope, database) = rayon::join(
        || {
            scopes
                .par_iter()
                .map(|&year| scope_downloads(dataset, results, year))
                .collect::<Result<Vec<_>, String>>()
        },
        || {
            let all = tables(dataset, results, None);
            sqlite_bytes(&all)
                .map(|bytes| Download {
                    path: "du-lieu/chiso.sqlite".into(),
                    bytes,
                    year: None,
                    format: "SQLite",
                    table: None,
                    rows: all.iter().map(|t| t.rows.len()).sum(),
                    title_vi: "Cơ sở dữ liệu SQLite của toàn bộ chỉ số".into(),
                    title_en: "SQLite database of the whole index".into(),
                })
                .map_err(|e| format!("SQLite: {e}"))
        },
    );
    let mut out: Vec<Download> = per_scope?.into_iter().flatten().collect();
    out.push(database?);
    Ok(out)
}

fn scope_downloads(
    dataset: &Dataset,
    results: &Results,
    year: Option<i32>,
) -> Result<Vec<Download>, String> {
    let mut out = Vec::new();
    let folder = match year {
        Some(y) => format!("du-lieu/{y}"),
        None => "du-lieu/tat-ca".to_string(),
    };
    let set = tables(dataset, results, year);
    let suffix = year.map_or_else(|| "tat-ca".to_string(), |y| y.to_string());
    for table in &set {
        out.push(Download {
            path: format!("{folder}/{}.csv", table.name),
            bytes: csv_bytes(table),
            year,
            format: "CSV",
            table: Some(table.name),
            rows: table.rows.len(),
            title_vi: table.title_vi.to_string(),
            title_en: table.title_en.to_string(),
        });
    }
    let rows: usize = set.iter().map(|t| t.rows.len()).sum();
    out.push(Download {
        path: format!("{folder}/chiso-{suffix}.xlsx"),
        bytes: xlsx_bytes(&set).map_err(|e| format!("XLSX: {e}"))?,
        year,
        format: "XLSX",
        table: None,
        rows,
        title_vi: "Tất cả các bảng, một bảng tính (kèm bảng mã)".into(),
        title_en: "Every table in one workbook (with a codebook)".into(),
    });
    out.push(Download {
        path: format!("{folder}/chiso-{suffix}.json"),
        bytes: json_bytes(&set),
        year,
        format: "JSON",
        table: None,
        rows,
        title_vi: "Tất cả các bảng (JSON)".into(),
        title_en: "Every table (JSON)".into(),
    });
    Ok(out)
}

/// The tables with their columns and keys but no rows: what the data
/// dictionary and the data package describe.
pub fn schemas(dataset: &Dataset, results: &Results) -> Vec<DataTable> {
    // No edition has this year, so every table comes back empty.
    tables(dataset, results, Some(i32::MIN))
}

/// A Frictionless data package describing every CSV download: fields and
/// types, primary and foreign keys, and the licence from `site.json`.
pub fn datapackage(dataset: &Dataset, downloads: &[Download]) -> Vec<u8> {
    use serde_json::json;
    let skeletons = tables(dataset, &Results::default(), Some(i32::MIN));
    let schema_of = |name: &str| skeletons.iter().find(|t| t.name == name);
    let resources: Vec<serde_json::Value> = downloads
        .iter()
        .filter(|d| d.format == "CSV")
        .filter_map(|d| {
            let table = schema_of(d.table?)?;
            let suffix = d.year.map_or_else(|| "tat-ca".to_string(), |y| y.to_string());
            let foreign_keys: Vec<serde_json::Value> = table
                .foreign_keys
                .iter()
                .map(|fk| {
                    let resource = if fk.table == table.name { String::new() } else { format!("{}-{suffix}", fk.table) };
                    json!({ "fields": fk.fields, "reference": { "resource": resource, "fields": fk.reference } })
                })
                .collect();
            Some(json!({
                "name": format!("{}-{suffix}", table.name),
                "path": d.path.strip_prefix("du-lieu/").unwrap_or(&d.path),
                "profile": "tabular-data-resource",
                "title": match d.year { Some(y) => format!("{} ({y})", table.title_vi), None => table.title_vi.to_string() },
                "description": table.title_en,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": table.columns.iter().map(|c| json!({
                        "name": c.name,
                        "type": c.kind.frictionless(),
                        "title": c.vi,
                        "description": format!("{} / {}", c.about_vi, c.about_en),
                    })).collect::<Vec<_>>(),
                    "primaryKey": table.primary_key,
                    "foreignKeys": foreign_keys,
                    "missingValues": [""],
                },
            }))
        })
        .collect();
    let licence = dataset
        .site
        .licence
        .clone()
        .unwrap_or_else(|| "CC-BY-4.0".into());
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": format!("chiso-{}", crate::text::slug(&dataset.site.title)),
        "title": dataset.site.title,
        "description": "Chỉ số cải cách hành chính (PAR Index): kết quả, điểm theo lĩnh vực, điểm chi tiết, bộ tiêu chí và danh mục đơn vị.",
        "licenses": [licence_entry(&licence)],
        "contributors": [{ "title": dataset.site.publisher, "role": "publisher" }],
        "resources": resources,
    });
    if let Some(url) = &dataset.site.base_url {
        package["homepage"] = json!(url);
    }
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn licence_entry(licence: &str) -> serde_json::Value {
    let path = match licence.to_ascii_uppercase().as_str() {
        "CC-BY-4.0" => Some("https://creativecommons.org/licenses/by/4.0/"),
        "CC0-1.0" => Some("https://creativecommons.org/publicdomain/zero/1.0/"),
        "CC-BY-SA-4.0" => Some("https://creativecommons.org/licenses/by-sa/4.0/"),
        "ODC-BY-1.0" => Some("https://opendatacommons.org/licenses/by/1-0/"),
        _ => None,
    };
    match path {
        Some(p) => serde_json::json!({ "name": licence, "path": p, "title": licence }),
        None => serde_json::json!({ "name": licence, "title": licence }),
    }
}
