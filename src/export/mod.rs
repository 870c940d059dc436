//! Open data: the whole index as tables, written as CSV, XLSX, JSON and
//! SQLite, described by a Frictionless data package. The stage beside
//! `render`: it reads the dataset and the results and writes only through
//! `output::Staging`. A new table is a [`Table`] in `tables.rs` listed in
//! [`TABLES`]; a new format is a writer in `writers.rs`; the map
//! boundaries (GeoJSON) are written by `maps.rs`; which folder
//! offers what is [`offer`].
//!
//! Each table is defined once ([`TABLES`]); every format writes the same
//! rows, produced one at a time from the model and streamed into the
//! staging directory with their size and SHA-256 computed on the way, so
//! memory does not grow with the data (an all-editions CSV whose rows are
//! the editions' rows is their files joined). Numbers are written rounded
//! half-up (to the edition's decimals for printed figures, to 10 places for
//! the exact index), with a dot.
//!
//! What is offered is sized so that a national site (12,500 units, ten
//! editions, 4.9 million detailed scores) writes its downloads in seconds;
//! see [`offer`].

mod bundle;
mod maps;
mod tables;
mod writers;

pub use bundle::PATH as BUNDLE_PATH;
pub use maps::{write_maps, FOLDER as MAPS_FOLDER};
pub use tables::{
    Cell, Column, ColumnType, ForeignKey, Scope, Table, CROSSWALK, FIELDS, FRAMEWORK, INDICATORS,
    LINEAGE, REPORT_VALUES, RESULTS, SCORES, TABLES, UNITS,
};
pub use writers::{
    csv_head, csv_text, decimal_text, integer_text, join_csv, reads_as_formula, write_csv,
    write_json, write_sqlite, write_xlsx, XLSX_MAX_ROWS,
};

use crate::compute::Results;
use crate::model::Dataset;
use crate::output::{OutputError, Staging, Written};
use std::path::PathBuf;

/// One downloadable file, written, with what the Data page says of it.
#[derive(Debug, Clone)]
pub struct Download {
    /// Relative to the site root, e.g. `du-lieu/2022/ket-qua.csv`.
    pub path: String,
    /// `None` for all editions together.
    pub year: Option<i32>,
    pub format: &'static str,
    /// The table (CSV) or `None` for a file of several tables.
    pub table: Option<&'static str>,
    pub rows: usize,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex, for SHA256SUMS.
    pub sha256: String,
    pub title_vi: String,
    pub title_en: String,
}

/// The field scores of a folder go into its workbook and JSON file when
/// they are at most this many rows (a province edition: 850); beyond, they
/// are in the folder's CSV. A national edition's 97,000 rows would cost
/// the workbook writer 0.3 s each, ten editions 3 s.
pub const BUNDLE_FIELD_ROWS: usize = 50_000;

/// The SQLite database holds each table that has at most this many rows
/// over all editions: everything of a province site (its largest table,
/// the detailed scores, has 44,000 rows). SQLite takes about 2 µs a row
/// with its keys and indexes: a national site's field scores (980,000
/// rows) would take 2 s and its detailed scores (4.9 million) 10 s and
/// 1.2 GB. A table left out is in the CSV files.
pub const DATABASE_TABLE_ROWS: usize = 500_000;

/// The limits above, and Excel's rows per sheet: tests lower them to see
/// what a national site gets from a small data set.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub bundle_field_rows: usize,
    pub database_table_rows: usize,
    /// Data rows per sheet before a table goes on to a numbered sheet.
    pub sheet_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            bundle_field_rows: BUNDLE_FIELD_ROWS,
            database_table_rows: DATABASE_TABLE_ROWS,
            sheet_rows: XLSX_MAX_ROWS,
        }
    }
}

/// What a folder offers: per edition, every table as CSV; for all
/// editions (`tat-ca`), every table but the detailed scores, which would
/// only repeat the editions' files at their largest. A workbook and a
/// JSON file never hold the detailed scores: the workbook writer takes
/// 4 µs a row of them (a province edition's 9,000 rows: 36 ms; a national
/// edition's 490,000: 1.5 s), and as JSON they are 2.4 times the CSV (a
/// national edition: 120 MB); field scores only up to
/// [`BUNDLE_FIELD_ROWS`].
///
/// The lineage (`bien-dong`) and the crosswalk (`doi-chieu`) span
/// editions: they are in the all-editions folder (CSV, workbook, and a
/// JSON file of the tables that do not repeat the editions'), and in the
/// database, when the data has a lineage; without one there is nothing to
/// say and no empty file.
pub struct Offer {
    pub csv: Vec<&'static Table>,
    /// The tables of the folder's workbook.
    pub bundle: Vec<&'static Table>,
    /// The tables of the folder's JSON file; none, no file. For all
    /// editions only the tables whose rows are not the editions' rows:
    /// the others would repeat the editions' files.
    pub json: Vec<&'static Table>,
}

/// What a folder offers (see [`Offer`]).
pub fn offer(scope: &Scope<'_>, limits: &Limits) -> Offer {
    let csv: Vec<&'static Table> = TABLES
        .iter()
        .copied()
        .filter(|t| scope.year().is_some() || !t.is(&SCORES))
        .filter(|t| t.offered_in(scope))
        .collect();
    let bundle = csv
        .iter()
        .copied()
        .filter(|t| !t.is(&SCORES))
        .filter(|t| !t.is(&FIELDS) || scope.count(t) <= limits.bundle_field_rows)
        .collect::<Vec<_>>();
    let json = if scope.year().is_some() {
        bundle.clone()
    } else if bundle.iter().any(|t| t.is(&LINEAGE) || t.is(&INDICATORS)) {
        bundle
            .iter()
            .copied()
            .filter(|t| !t.rows_by_edition())
            .collect()
    } else {
        Vec::new()
    };
    Offer { csv, bundle, json }
}

/// The tables of the database, for the scope of every edition.
pub fn database_tables(all: &Scope<'_>, limits: &Limits) -> Vec<&'static Table> {
    TABLES
        .iter()
        .copied()
        .filter(|t| t.offered_in(all))
        .filter(|t| all.count(t) <= limits.database_table_rows)
        .collect()
}

/// One file to write.
enum Job<'s, 'a> {
    Csv(&'s Scope<'a>, &'static Table),
    /// The all-editions CSV of a table whose rows are the editions' rows
    /// ([`Table::rows_by_edition`]): the editions' files, once written,
    /// joined rather than formatted again (a national site's field scores
    /// are 140 MB).
    Joined(&'s Scope<'a>, &'static Table),
    Xlsx(&'s Scope<'a>, Vec<&'static Table>),
    Json(&'s Scope<'a>, Vec<&'static Table>),
    Sqlite(&'s Scope<'a>, Vec<&'static Table>),
}

/// The formats a download is made in, as `--timings` names them.
pub const FORMATS: [&str; 5] = ["CSV", "JSON", "XLSX", "SQLite", "ZIP"];

/// Time spent making each of [`FORMATS`], summed over the threads since
/// the process started: `--timings` prints a build's share, so that what
/// a format costs at national size can be weighed against its users.
pub static FORMAT_NANOS: [std::sync::atomic::AtomicU64; 5] =
    [const { std::sync::atomic::AtomicU64::new(0) }; 5];

fn count_format(format: usize, start: std::time::Instant) {
    FORMAT_NANOS[format].fetch_add(
        start.elapsed().as_nanos() as u64,
        std::sync::atomic::Ordering::Relaxed,
    );
}

impl Job<'_, '_> {
    /// Its place in [`FORMATS`].
    fn format(&self) -> usize {
        match self {
            Job::Csv(..) | Job::Joined(..) => 0,
            Job::Json(..) => 1,
            Job::Xlsx(..) => 2,
            Job::Sqlite(..) => 3,
        }
    }
}

fn folder(year: Option<i32>) -> String {
    match year {
        Some(y) => format!("du-lieu/{y}"),
        None => "du-lieu/tat-ca".to_string(),
    }
}

fn suffix(year: Option<i32>) -> String {
    year.map_or_else(|| "tat-ca".to_string(), |y| y.to_string())
}

/// Short names of tables for a file's description: "Kết quả, Bộ tiêu
/// chí".
fn listed(tables: &[&Table], english: bool) -> String {
    tables
        .iter()
        .map(|t| if english { t.short_en } else { t.sheet })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Job<'_, '_> {
    /// The previous site's file, when the inputs of its edition (or of
    /// every edition, for a file of all of them) are as they were.
    fn keep(&self, staging: &Staging, reuse: &crate::rebuild::DownloadReuse) -> Option<Download> {
        let year = match self {
            Job::Csv(scope, _)
            | Job::Joined(scope, _)
            | Job::Xlsx(scope, _)
            | Job::Json(scope, _)
            | Job::Sqlite(scope, _) => scope.year(),
        };
        let (rows, written) = take_over(staging, reuse, &self.path(), year)?;
        Some(self.describe(rows, written))
    }

    fn path(&self) -> String {
        match self {
            Job::Csv(scope, table) | Job::Joined(scope, table) => {
                format!("{}/{}.csv", folder(scope.year()), table.name)
            }
            Job::Xlsx(scope, _) => {
                format!(
                    "{}/chiso-{}.xlsx",
                    folder(scope.year()),
                    suffix(scope.year())
                )
            }
            Job::Json(scope, _) => {
                format!(
                    "{}/chiso-{}.json",
                    folder(scope.year()),
                    suffix(scope.year())
                )
            }
            Job::Sqlite(..) => "du-lieu/chiso.sqlite".to_string(),
        }
    }

    /// Writes the file into `staging`; returns its rows, size and hash.
    /// `written` is what the jobs before have written: a joined file's
    /// parts.
    fn run(
        &self,
        staging: &Staging,
        limits: &Limits,
        written: &[Download],
    ) -> Result<(usize, Written), OutputError> {
        let path = self.path();
        let failed = |what: &str, e: &dyn std::fmt::Display| {
            OutputError::Io(
                staging.dir().join(&path),
                std::io::Error::other(format!("{what}: {e}")),
            )
        };
        match self {
            Job::Csv(scope, table) => {
                let mut file = staging.create(&path)?;
                let rows = write_csv(scope, table, &mut file)
                    .map_err(|e| OutputError::Io(file.path().to_path_buf(), e))?;
                Ok((rows, file.finish()?))
            }
            Job::Joined(_, table) => {
                let parts: Vec<&Download> = written
                    .iter()
                    .filter(|d| {
                        d.year.is_some() && d.format == "CSV" && d.table == Some(table.name)
                    })
                    .collect();
                let paths: Vec<PathBuf> =
                    parts.iter().map(|d| staging.dir().join(&d.path)).collect();
                let paths: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
                let mut file = staging.create(&path)?;
                join_csv(table, &paths, &mut file)
                    .map_err(|e| OutputError::Io(file.path().to_path_buf(), e))?;
                Ok((parts.iter().map(|d| d.rows).sum(), file.finish()?))
            }
            Job::Json(scope, tables) => {
                let mut file = staging.create(&path)?;
                let rows = write_json(scope, tables, &mut file)
                    .map_err(|e| OutputError::Io(file.path().to_path_buf(), e))?;
                Ok((rows, file.finish()?))
            }
            Job::Xlsx(scope, tables) => {
                let mut file = staging.create(&path)?;
                // The sheets' temporary files go beside the workbook, inside
                // the output (and are unlinked as soon as they are made).
                let tempdir: PathBuf = file
                    .path()
                    .parent()
                    .map_or_else(|| staging.dir().to_path_buf(), PathBuf::from);
                let rows = write_xlsx(scope, tables, &tempdir, limits.sheet_rows, &mut file)
                    .map_err(|e| failed("XLSX", &e))?;
                Ok((rows, file.finish()?))
            }
            Job::Sqlite(scope, tables) => {
                let target = staging.reserve(&path)?;
                let rows =
                    write_sqlite(scope, tables, &target).map_err(|e| failed("SQLite", &e))?;
                Ok((rows, staging.adopt(&path)?))
            }
        }
    }

    fn describe(&self, rows: usize, written: Written) -> Download {
        let (format, table, title_vi, title_en, year) = match self {
            Job::Csv(scope, table) | Job::Joined(scope, table) => (
                "CSV",
                Some(table.name),
                table.title_vi.to_string(),
                table.title_en.to_string(),
                scope.year(),
            ),
            Job::Xlsx(scope, tables) => (
                "XLSX",
                None,
                format!("Bảng tính: {} (kèm bảng mã)", listed(tables, false)),
                format!("Workbook: {} (with a codebook)", listed(tables, true)),
                scope.year(),
            ),
            Job::Json(scope, tables) => (
                "JSON",
                None,
                format!("Các bảng {} (JSON)", listed(tables, false)),
                format!("The tables {} (JSON)", listed(tables, true)),
                scope.year(),
            ),
            Job::Sqlite(scope, tables) => {
                let left_out: Vec<&Table> = TABLES
                    .iter()
                    .copied()
                    .filter(|t| t.offered_in(scope))
                    .filter(|t| !tables.iter().any(|held| held.is(t)))
                    .collect();
                let (vi, en) = if left_out.is_empty() {
                    (
                        "mọi bảng của mọi năm".to_string(),
                        "every table of every edition".to_string(),
                    )
                } else {
                    (
                        format!(
                            "mọi bảng của mọi năm trừ {} (quá lớn: có trong các tệp CSV)",
                            listed(&left_out, false)
                        ),
                        format!(
                            "every table of every edition but {} (too large: in the CSV files)",
                            listed(&left_out, true)
                        ),
                    )
                };
                (
                    "SQLite",
                    None,
                    format!("Cơ sở dữ liệu SQLite: {vi}"),
                    format!("SQLite database: {en}"),
                    None,
                )
            }
        };
        Download {
            path: self.path(),
            year,
            format,
            table,
            rows,
            size: written.size,
            sha256: written.sha256,
            title_vi,
            title_en,
        }
    }
}

/// Writes every data download into `staging`, the data package last, and
/// returns what the Data page and SHA256SUMS need of each, in the order
/// the Data page lists them: all editions, each edition, the database,
/// the data package, the ZIP of it all.
pub fn downloads(
    dataset: &Dataset,
    results: &Results,
    staging: &Staging,
) -> Result<Vec<Download>, OutputError> {
    downloads_with(dataset, results, staging, &Limits::default())
}

/// [`downloads`] with other limits.
pub fn downloads_with(
    dataset: &Dataset,
    results: &Results,
    staging: &Staging,
    limits: &Limits,
) -> Result<Vec<Download>, OutputError> {
    downloads_reusing(
        dataset,
        results,
        staging,
        limits,
        &crate::rebuild::DownloadReuse::default(),
    )
}

/// [`downloads_with`], taking over from the previous site each edition's
/// file made from the same inputs (see `crate::rebuild`).
pub fn downloads_reusing(
    dataset: &Dataset,
    results: &Results,
    staging: &Staging,
    limits: &Limits,
    reuse: &crate::rebuild::DownloadReuse,
) -> Result<Vec<Download>, OutputError> {
    use rayon::prelude::*;
    let all = Scope::all(dataset, results);
    let editions: Vec<Scope> = (0..dataset.editions.len())
        .into_par_iter()
        .map(|e| Scope::edition(dataset, results, e))
        .collect();
    let mut jobs: Vec<Job> = Vec::new();
    for scope in std::iter::once(&all).chain(&editions) {
        let offer = offer(scope, limits);
        jobs.extend(offer.csv.iter().map(|t| {
            if scope.year().is_none() && t.rows_by_edition() {
                Job::Joined(scope, t)
            } else {
                Job::Csv(scope, t)
            }
        }));
        if !offer.json.is_empty() {
            jobs.push(Job::Json(scope, offer.json));
        }
        jobs.push(Job::Xlsx(scope, offer.bundle));
    }
    let run = |job: &Job, written: &[Download]| {
        if let Some(kept) = job.keep(staging, reuse) {
            return Ok(kept);
        }
        let start = std::time::Instant::now();
        let made = job
            .run(staging, limits, written)
            .map(|(rows, w)| job.describe(rows, w));
        count_format(job.format(), start);
        made
    };
    // The workbook of all editions and the database are the longest single
    // files (a national site: 1.0 s and 0.4 s). The workbook starts at
    // once; the other files follow it, joined files after their parts; the
    // database goes to whichever thread is free first. In a rebuild, the
    // other thread is linking the pages taken over meanwhile.
    let longest = jobs
        .iter()
        .position(|job| matches!(job, Job::Xlsx(scope, _) if scope.year().is_none()));
    let workbook = longest.map(|i| jobs.remove(i));
    let (workbook, (files, database)) = rayon::join(
        || workbook.map(|job| run(&job, &[])).transpose(),
        || {
            rayon::join(
                || -> Result<Vec<Download>, OutputError> {
                    let is_joined = |job: &Job| matches!(job, Job::Joined(..));
                    let mut done: Vec<Option<Download>> = jobs
                        .par_iter()
                        .map(|job| (!is_joined(job)).then(|| run(job, &[])).transpose())
                        .collect::<Result<_, _>>()?;
                    let parts: Vec<Download> = done.iter().flatten().cloned().collect();
                    let joined: Vec<Download> = jobs
                        .par_iter()
                        .filter(|job| is_joined(job))
                        .map(|job| run(job, &parts))
                        .collect::<Result<_, _>>()?;
                    let mut joined = joined.into_iter();
                    for (slot, job) in done.iter_mut().zip(&jobs) {
                        if is_joined(job) {
                            *slot = joined.next();
                        }
                    }
                    Ok(done.into_iter().flatten().collect())
                },
                || run(&Job::Sqlite(&all, database_tables(&all, limits)), &[]),
            )
        },
    );
    let mut out = files?;
    // The workbook keeps its place in the Data page's order.
    if let (Some(at), Some(workbook)) = (longest, workbook?) {
        out.insert(at.min(out.len()), workbook);
    }
    out.push(database?);
    let package = datapackage(dataset, &out);
    let mut file = staging.create(PACKAGE)?;
    std::io::Write::write_all(&mut file, &package)
        .map_err(|e| OutputError::Io(file.path().to_path_buf(), e))?;
    let written = file.finish()?;
    out.push(Download {
        path: PACKAGE.into(),
        year: None,
        format: "JSON",
        table: None,
        rows: 0,
        size: written.size,
        sha256: written.sha256,
        title_vi: "Mô tả gói dữ liệu (Frictionless Data Package)".into(),
        title_en: "Data package descriptor (Frictionless)".into(),
    });
    // The ZIP holds the files of every edition: the previous site's is
    // taken over when none of them changed.
    let bundle = match take_over(staging, reuse, bundle::PATH, None) {
        Some((rows, written)) => bundle::describe(rows, written),
        None => {
            let start = std::time::Instant::now();
            let made = bundle::write_bundle(dataset, results, &out, staging, limits)?;
            count_format(4, start);
            made
        }
    };
    out.push(bundle);
    Ok(out)
}

const PACKAGE: &str = "du-lieu/datapackage.json";

/// Links the previous site's download at `path` into the new one when it
/// was made from the inputs it would be made from now (its edition's, or
/// every edition's for `year` `None`) and is as that build left it; gives
/// its rows, size and SHA-256 as the marker lists them.
fn take_over(
    staging: &Staging,
    reuse: &crate::rebuild::DownloadReuse,
    path: &str,
    year: Option<i32>,
) -> Option<(usize, Written)> {
    let record = reuse.previous.get(path)?;
    if reuse.key(year) != Some(record.key) || !staging.keep_made(path, record.size) {
        return None;
    }
    Some((
        record.rows,
        Written {
            size: record.size,
            sha256: record.sha256.clone(),
        },
    ))
}

/// The tables with their columns and keys: what the data dictionary and
/// the data package describe. They do not depend on the data; the
/// arguments stay for the page that asks.
pub fn schemas(_dataset: &Dataset, _results: &Results) -> &'static [&'static Table] {
    &TABLES
}

/// A Frictionless data package describing every CSV download: fields and
/// types, primary and foreign keys, and the licence from `site.json`.
pub fn datapackage(dataset: &Dataset, downloads: &[Download]) -> Vec<u8> {
    use serde_json::json;
    let schema_of = |name: &str| TABLES.iter().find(|t| t.name == name);
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
            let mut resource = json!({
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
            });
            // An empty key is not a key: the schema then has none.
            if table.primary_key.is_empty() {
                if let Some(schema) = resource["schema"].as_object_mut() {
                    schema.remove("primaryKey");
                }
            }
            Some(resource)
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
        "description": "Chỉ số cải cách hành chính (PAR Index): kết quả, điểm theo lĩnh vực, điểm chi tiết, bộ tiêu chí và danh mục đơn vị. Ô chữ bắt đầu bằng =, +, -, @, tab hoặc CR được ghi thêm dấu nháy đơn (') ở đầu để bảng tính không chạy nó như công thức; ô số giữ nguyên. / A text cell that starts with =, +, -, @, a tab or a carriage return has a single quote (') before it, so that no spreadsheet runs it as a formula; number cells are as they are.",
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
