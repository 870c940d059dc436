//! `chiso new`: the starter folder an official fills in.

use super::site::{build_site, html_pages};
use super::*;
use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::BTreeMap;

fn new(dir: &Path) -> std::process::Output {
    Command::cargo_bin("chiso")
        .unwrap()
        .args(["new", "--year", "2025"])
        .arg(dir)
        .output()
        .unwrap()
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_new_folder_checks_clean_and_builds_every_group() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tinh");
    let made = new(&root);
    assert_eq!(made.status.code(), Some(0), "{made:?}");
    let checked = check_dir(&root.join("data"));
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let edition = &checked.dataset.editions[0];
    assert_eq!(edition.year, 2025);
    for group in &edition.groups {
        let ranked = checked.results.group(2025, &group.id).unwrap();
        assert!(!ranked.units.is_empty(), "{} has no units", group.id);
        assert!(ranked.units.iter().all(|u| u.rank > 0));
    }
    let out = dir.path().join("public");
    build_site(&root.join("data"), &out);
    let pages = html_pages(&out);
    assert!(pages.contains_key("2025/xa-dac-khu/index.html"));
    assert!(pages["don-vi/dac-khu-hon-ngoc.html"].contains("Đặc khu Hòn Ngọc"));
    // The guide and the pages the official edits are there.
    for file in [
        "HUONG-DAN.md",
        "content/gioi-thieu.md",
        "content/phuong-phap.md",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
}

#[test]
fn the_workbook_has_a_sheet_per_group_with_the_maxima_and_a_guide() {
    let dir = tempfile::tempdir().unwrap();
    new(dir.path());
    let path = dir.path().join("data/editions/2025/diem.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Hướng dẫn", "Sở, ngành", "Phường", "Xã, đặc khu"]
    );
    let framework =
        std::fs::read_to_string(dir.path().join("data/editions/2025/framework-phuong.csv"))
            .unwrap();
    let sheet = book.worksheet_range("Phường").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..2], ["STT", "Đơn vị"]);
    let maxima: Vec<&Data> = sheet.rows().nth(1).unwrap().iter().collect();
    assert_eq!(maxima[1].to_string(), "Điểm tối đa");
    // Each column's maximum is the framework's.
    for line in framework.lines().skip(1) {
        let cells: Vec<&str> = line.rsplitn(2, ',').collect();
        let code = line.split(',').next().unwrap();
        let col = header
            .iter()
            .position(|h| h.split(' ').next() == Some(code))
            .unwrap_or_else(|| panic!("no column for {code}"));
        assert_eq!(maxima[col].to_string(), cells[0], "{code}");
    }
}

/// The official types a score above its column's maximum: `check` names
/// the cell of the workbook.
#[test]
fn a_score_above_its_maximum_in_the_workbook_is_reported_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    new(dir.path());
    let path = dir.path().join("data/editions/2025/diem.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet().set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Float(f) => sheet.write_number(r, c, *f),
                    Data::Int(i) => sheet.write_number(r, c, *i as f64),
                    Data::Empty => continue,
                    other => sheet.write_string(r, c, other.to_string()),
                }
                .unwrap();
            }
        }
        if name == "Xã, đặc khu" {
            // D is field 2, whose maximum is 10.
            sheet.write_number(3, 3, 12.5).unwrap();
        }
    }
    out.save(&path).unwrap();
    let checked = check_dir(&dir.path().join("data"));
    let errors: Vec<String> = checked.errors().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("diem.xlsx#Xã, đặc khu!D4") && errors[0].contains("score-above-max"),
        "{}",
        errors[0]
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_and_writes_the_same_files_each_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let refused = new(dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("không trống"));
    assert_eq!(files(dir.path()).len(), 1, "nothing written");

    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    new(a.path());
    new(b.path());
    assert_eq!(files(a.path()), files(b.path()));
}
