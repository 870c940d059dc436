//! One ZIP of all open data, for whoever wants everything at once (a
//! journalist's first click): the CSV tables, a data package describing
//! exactly the files in it, the data dictionary as a table, the licence
//! and a note of what is inside. It unpacks into one folder, so that
//! `frictionless validate datapackage.json` works there as on the site.
//!
//! It holds the tables the database holds ([`super::database_tables`]):
//! at national size the field and detailed scores are hundreds of
//! megabytes, so they stay in their own CSV files, and the note says so
//! with their addresses. Entries carry a fixed date, so the same input
//! gives the same bytes.

use super::{csv_text, Download, Limits, Scope, Table, TABLES};
use crate::compute::Results;
use crate::model::Dataset;
use crate::output::{OutputError, Staging, Written};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;
use zip::write::SimpleFileOptions;

/// The ZIP's place on the site.
pub const PATH: &str = "du-lieu/chiso-du-lieu.zip";
/// The folder it unpacks into.
const FOLDER: &str = "chiso-du-lieu";

/// Writes the ZIP from the files already written into `staging`
/// (`downloads`: every CSV and the data package) and returns its entry
/// for the Data page and SHA256SUMS.
pub fn write_bundle(
    dataset: &Dataset,
    results: &Results,
    downloads: &[Download],
    staging: &Staging,
    limits: &Limits,
) -> Result<Download, OutputError> {
    let all = Scope::all(dataset, results);
    let held: Vec<&'static Table> = super::database_tables(&all, limits);
    let holds = |d: &&Download| {
        d.format == "CSV"
            && d.table
                .is_some_and(|name| held.iter().any(|t| t.name == name))
    };
    let csv: Vec<&Download> = downloads.iter().filter(holds).collect();
    let left_out: Vec<&Download> = downloads
        .iter()
        .filter(|d| d.format == "CSV" && !holds(d))
        .collect();
    let included: Vec<Download> = csv.iter().map(|d| (*d).clone()).collect();

    let target = staging.reserve(PATH)?;
    let failed = |e: &dyn std::fmt::Display| {
        OutputError::Io(target.clone(), io::Error::other(format!("ZIP: {e}")))
    };
    let mut entries: Vec<(String, Entry)> = vec![
        (
            "README.txt".into(),
            Entry::Bytes(note(dataset, &csv, &left_out).into_bytes()),
        ),
        (
            "GIAY-PHEP.txt".into(),
            Entry::Bytes(licence(dataset).into_bytes()),
        ),
        (
            "datapackage.json".into(),
            Entry::Bytes(super::datapackage(dataset, &included)),
        ),
        ("tu-dien-du-lieu.csv".into(), Entry::Bytes(dictionary())),
    ];
    for d in &csv {
        let name = d.path.strip_prefix("du-lieu/").unwrap_or(&d.path);
        entries.push((name.to_string(), Entry::File(staging.dir().join(&d.path))));
    }
    // Deflating is most of the ZIP's time (86 MB of tables nationally):
    // each entry is compressed on its own, in parallel, into a ZIP of its
    // own, and the ZIP is these entries copied in order as they are.
    let parts: Vec<Vec<u8>> = entries
        .par_iter()
        .map(|(name, entry)| compress(&format!("{FOLDER}/{name}"), entry).map_err(|e| failed(&e)))
        .collect::<Result<_, _>>()?;
    let file = std::fs::File::create(&target).map_err(|e| OutputError::Io(target.clone(), e))?;
    let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
    for part in parts {
        let mut part = zip::ZipArchive::new(io::Cursor::new(part)).map_err(|e| failed(&e))?;
        let entry = part.by_index_raw(0).map_err(|e| failed(&e))?;
        zip.raw_copy_file(entry).map_err(|e| failed(&e))?;
    }
    zip.finish()
        .and_then(|w| w.into_inner().map_err(|e| e.into_error().into()))
        .and_then(|f| f.sync_data().map_err(Into::into))
        .map_err(|e| failed(&e))?;
    let written = staging.adopt(PATH)?;
    Ok(describe(csv.iter().map(|d| d.rows).sum(), written))
}

/// What goes into an entry: bytes made here, or a file already written.
enum Entry {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// A ZIP holding only `name`, deflated, with a fixed date.
fn compress(name: &str, entry: &Entry) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    zip.start_file(name, options)?;
    match entry {
        Entry::Bytes(bytes) => zip.write_all(bytes)?,
        Entry::File(path) => {
            io::copy(&mut std::fs::File::open(path)?, &mut zip)?;
        }
    }
    Ok(zip.finish()?.into_inner())
}

/// What the Data page and SHA256SUMS say of the ZIP.
pub fn describe(rows: usize, written: Written) -> Download {
    Download {
        path: PATH.into(),
        year: None,
        format: "ZIP",
        table: None,
        rows,
        size: written.size,
        sha256: written.sha256,
        title_vi: "Tất cả dữ liệu mở trong một tệp: các bảng CSV, từ điển dữ liệu, \
                   mô tả gói dữ liệu và giấy phép"
            .into(),
        title_en: "All the open data in one file: the CSV tables, the data dictionary, \
                   the data package and the licence"
            .into(),
    }
}

/// Every column of every table, one row each: the dictionary page as a
/// table a spreadsheet opens.
fn dictionary() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let head = [
            "table",
            "column",
            "type",
            "title_vi",
            "title_en",
            "description_vi",
            "description_en",
        ];
        // Writing into a Vec cannot fail.
        let _ = w.write_record(head);
        for table in TABLES.iter() {
            for c in table.columns {
                let _ = w.write_record([
                    table.name,
                    c.name,
                    c.kind.frictionless(),
                    &csv_text(c.vi),
                    &csv_text(c.en),
                    &csv_text(c.about_vi),
                    &csv_text(c.about_en),
                ]);
            }
        }
        let _ = w.flush();
    }
    out
}

fn licence(dataset: &Dataset) -> String {
    let site = &dataset.site;
    let licence = site.licence.as_deref().unwrap_or("CC-BY-4.0");
    let entry = super::licence_entry(licence);
    let address = entry["path"].as_str().unwrap_or("");
    let mut out = String::new();
    let _ = writeln!(out, "{} – {}", site.title, site.publisher);
    let _ = writeln!(out);
    let _ = writeln!(out, "Giấy phép / Licence: {licence}");
    if !address.is_empty() {
        let _ = writeln!(out, "{address}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Khi dùng lại dữ liệu, ghi nguồn: {}, {}.",
        site.publisher, site.title
    );
    let _ = writeln!(
        out,
        "When reusing the data, credit: {}, {}.",
        site.publisher, site.title
    );
    if let Some(url) = &site.base_url {
        let _ = writeln!(out, "{url}");
    }
    out
}

/// What is inside, Vietnamese first, with each file's rows, and where
/// the tables left out are.
fn note(dataset: &Dataset, csv: &[&Download], left_out: &[&Download]) -> String {
    let site = &dataset.site;
    let mut out = String::new();
    let _ = writeln!(out, "{}", site.title);
    let _ = writeln!(out, "{}", site.publisher);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Dữ liệu mở của Chỉ số cải cách hành chính. Mỗi tệp CSV mã hóa UTF-8, \
         dấu phẩy phân cách, dấu chấm thập phân; ý nghĩa từng cột trong \
         tu-dien-du-lieu.csv; datapackage.json mô tả các tệp theo chuẩn \
         Frictionless Data; giấy phép trong GIAY-PHEP.txt."
    );
    let _ = writeln!(
        out,
        "Open data of the Public Administration Reform index. Each CSV file is \
         UTF-8, comma-separated, with a decimal point; every column is \
         explained in tu-dien-du-lieu.csv; datapackage.json describes the \
         files (Frictionless Data); the licence is in GIAY-PHEP.txt."
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Tệp / Files:");
    for d in csv {
        let name = d.path.strip_prefix("du-lieu/").unwrap_or(&d.path);
        let _ = writeln!(out, "  {name}  ({} dòng / rows) – {}", d.rows, d.title_vi);
    }
    if !left_out.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Các bảng sau quá lớn để đưa vào tệp này; tải riêng từng tệp trên trang Dữ liệu:"
        );
        let _ = writeln!(
            out,
            "These tables are too large for this file; download them one by one from the Data page:"
        );
        let base = site.base_url.as_deref().unwrap_or("");
        for d in left_out {
            let _ = writeln!(out, "  {base}{}  ({} dòng / rows)", d.path, d.rows);
        }
    }
    out
}
