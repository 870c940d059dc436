//! `.xlsx` workbooks are read wherever a `.csv` is.

use super::*;
use rust_xlsxwriter::Workbook;

/// Writes a CSV file's rows into a sheet, numbers as numbers (as Excel
/// holds them), the rest as text.
fn csv_to_sheet(workbook: &mut Workbook, sheet: &str, csv_path: &Path) {
    let text = std::fs::read_to_string(csv_path).unwrap();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            // Codes (first columns) stay text, as "1.1" must not become 1.1.
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c >= 2 => {
                    ws.write_number(r, c, n).unwrap();
                }
                _ if !cell.is_empty() => {
                    ws.write_string(r, c, cell).unwrap();
                }
                _ => {}
            }
        }
    }
}

fn workbook_dataset(score_override: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let edition = dir.path().join("editions/2021");
    let scores_csv = edition.join("scores.csv");
    if let Some(bad) = score_override {
        let text = std::fs::read_to_string(&scores_csv)
            .unwrap()
            .replace("xa-a,2,25,,,", bad);
        std::fs::write(&scores_csv, text).unwrap();
    }
    let mut book = Workbook::new();
    csv_to_sheet(&mut book, "Hướng dẫn", &edition.join("published.csv"));
    csv_to_sheet(&mut book, "Điểm", &scores_csv);
    book.save(edition.join("scores.xlsx")).unwrap();
    let mut framework = Workbook::new();
    csv_to_sheet(&mut framework, "Khung", &edition.join("framework.csv"));
    framework.save(edition.join("framework.xlsx")).unwrap();
    std::fs::remove_file(scores_csv).unwrap();
    std::fs::remove_file(edition.join("framework.csv")).unwrap();
    let json = std::fs::read_to_string(edition.join("edition.json"))
        .unwrap()
        .replace("\"framework.csv\"", "\"framework.xlsx\"")
        .replace("\"scores.csv\"", "\"scores.xlsx#Điểm\"");
    std::fs::write(edition.join("edition.json"), json).unwrap();
    dir
}

#[test]
fn a_workbook_gives_the_same_results_as_csv() {
    let dir = workbook_dataset(None);
    let from_xlsx = check_dir(dir.path());
    assert!(
        from_xlsx.diagnostics.is_empty(),
        "{:#?}",
        from_xlsx.diagnostics
    );
    let from_csv = check("tests/fixtures/valid");
    assert_eq!(from_xlsx.results, from_csv.results);
}

#[test]
fn workbook_problems_name_the_sheet_and_cell() {
    let dir = workbook_dataset(Some("xa-a,2,hai lăm,,,"));
    let checked = check_dir(dir.path());
    let e = checked
        .errors()
        .find(|d| d.code == "not-a-number")
        .expect("the text score is reported");
    assert_eq!(e.location.sheet.as_deref(), Some("Điểm"));
    assert!(e.to_string().contains("scores.xlsx#Điểm!C5"), "{e}");
}

#[test]
fn a_missing_sheet_is_named() {
    let dir = workbook_dataset(None);
    let edition = dir.path().join("editions/2021/edition.json");
    let json = std::fs::read_to_string(&edition)
        .unwrap()
        .replace("#Điểm", "#Diem");
    std::fs::write(&edition, json).unwrap();
    let checked = check_dir(dir.path());
    let e = checked
        .errors()
        .find(|d| d.code == "missing-sheet")
        .expect("missing sheet");
    assert!(e.found.as_deref().unwrap().contains("Điểm"));
}

#[test]
fn the_registry_may_be_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let mut book = Workbook::new();
    csv_to_sheet(&mut book, "Đơn vị", &dir.path().join("units.csv"));
    book.save(dir.path().join("units.xlsx")).unwrap();
    std::fs::remove_file(dir.path().join("units.csv")).unwrap();
    let checked = check_dir(dir.path());
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    assert_eq!(checked.dataset.units.len(), 4);
    assert_eq!(checked.dataset.units[1].name, "UBND xã Đắk Tô Re");
}

#[test]
fn messages_name_the_workbook_registry() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let units = dir.path().join("units.csv");
    // A parent and a scored unit the registry does not list.
    edit_file(&units, |text| {
        text.replace("commune,thu-nghiem", "commune,khong-co")
    });
    edit_file(&dir.path().join("editions/2021/scores.csv"), |text| {
        text.replacen("\nxa-a,1,", "\nxa-khac,1,", 1)
    });
    let mut book = Workbook::new();
    csv_to_sheet(&mut book, "Đơn vị", &units);
    book.save(dir.path().join("units.xlsx")).unwrap();
    std::fs::remove_file(&units).unwrap();
    let checked = check_dir(dir.path());
    let texts: Vec<String> = checked.diagnostics.iter().map(|d| d.to_string()).collect();
    let unknown: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("khong-co") || t.contains("xa-khac"))
        .collect();
    assert!(unknown.len() >= 2, "{texts:#?}");
    for text in unknown {
        assert!(text.contains("units.xlsx"), "{text}");
        assert!(!text.contains("units.csv"), "{text}");
    }
}
