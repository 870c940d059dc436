//! Scores kept as wide tables (`scores_wide`): one row per unit, one column
//! per code, as officials keep them. Read in either form, the same
//! dataset gives the same results; every problem names its cell.

use super::*;
use rust_xlsxwriter::Workbook;
use std::collections::{BTreeMap, HashMap};

/// The two forms a wide table is kept in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    Csv,
    Xlsx,
}

/// A cell of a wide table to write: text, or a number (a number cell of a
/// workbook; in a CSV, written with a decimal comma when `;` delimits).
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(String),
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// `n:1.5` is a number cell, anything else text.
fn cells(row: &[&str]) -> Vec<Cell> {
    row.iter()
        .map(|c| match c.strip_prefix("n:") {
            Some(n) => Cell::Number(n.to_string()),
            None => text(c),
        })
        .collect()
}

/// Writes `rows` as a CSV (delimited by `;`, decimal commas) or into sheet
/// `sheet` of a workbook (numbers as numbers). Returns the name an
/// edition names it by.
fn write_wide(folder: &Path, stem: &str, sheet: &str, rows: &[Vec<Cell>], form: Form) -> String {
    match form {
        Form::Csv => {
            let name = format!("{stem}.csv");
            let mut writer = csv::WriterBuilder::new()
                .delimiter(b';')
                .flexible(true)
                .from_path(folder.join(&name))
                .unwrap();
            for row in rows {
                let record: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.clone(),
                        Cell::Number(n) => n.replace('.', ","),
                    })
                    .collect();
                if record.is_empty() {
                    writer.write_record([""]).unwrap();
                } else {
                    writer.write_record(&record).unwrap();
                }
            }
            writer.flush().unwrap();
            name
        }
        Form::Xlsx => {
            let name = format!("{stem}.xlsx");
            let path = folder.join(&name);
            let mut book = Workbook::new();
            let ws = book.add_worksheet();
            ws.set_name(sheet).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        Cell::Number(n) => {
                            ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
                        }
                        Cell::Text(t) if !t.is_empty() => {
                            ws.write_string(r, c, t).unwrap();
                        }
                        Cell::Text(_) => {}
                    }
                }
            }
            book.save(&path).unwrap();
            format!("{name}#{sheet}")
        }
    }
}

/// A CSV file's delimiter (`;` where its header has no comma), header
/// (lower case, without a BOM) and records.
fn read_records(path: &Path) -> (u8, Vec<String>, Vec<csv::StringRecord>) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(',') { b',' } else { b';' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let records = reader.records().map(Result::unwrap).collect();
    (delimiter, headers, records)
}

/// Rows of a CSV file as maps of column to cell; decimal commas of a file
/// delimited by `;` become points.
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let (delimiter, headers, records) = read_records(path);
    records
        .iter()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(|c| {
                    let c = c.trim();
                    if delimiter == b';' && c.parse::<f64>().is_err() {
                        let point = c.replace(',', ".");
                        if point.parse::<f64>().is_ok() {
                            return point;
                        }
                    }
                    c.to_string()
                }))
                .collect()
        })
        .collect()
}

/// Empties the `note` and `responsible` cells of every scores file of a
/// dataset: a wide table has no place for them.
fn strip_notes(root: &Path) {
    for entry in walkdir::WalkDir::new(root.join("editions")) {
        let entry = entry.unwrap();
        let path = entry.path();
        let is_scores = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("scores") && n.ends_with(".csv"));
        if !is_scores {
            continue;
        }
        let (delimiter, headers, records) = read_records(path);
        let blank: Vec<bool> = headers
            .iter()
            .map(|h| matches!(h.as_str(), "note" | "responsible"))
            .collect();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_path(path)
            .unwrap();
        writer.write_record(&headers).unwrap();
        for record in records {
            let row: Vec<&str> = record
                .iter()
                .zip(blank.iter().chain(std::iter::repeat(&false)))
                .map(|(c, b)| if *b { "" } else { c })
                .collect();
            writer.write_record(row).unwrap();
        }
        writer.flush().unwrap();
    }
}

/// The label a converted table of an edition of `year` names a unit by:
/// its name where no other unit of the registry existing that year has
/// it (nor had it as a former name), else its id.
fn unit_labels(root: &Path, year: i32) -> HashMap<String, String> {
    let units = read_csv(&root.join("units.csv"));
    let year_of = |cell: Option<&String>| {
        cell.and_then(|c| c.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
    };
    let existing = |u: &BTreeMap<String, String>| {
        year_of(u.get("valid_from")).is_none_or(|f| f <= year)
            && year_of(u.get("valid_to")).is_none_or(|t| t >= year)
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for u in units.iter().filter(|u| existing(u)) {
        *count.entry(u["name"].clone()).or_default() += 1;
        if let Some(former) = u.get("former_names").filter(|f| !f.is_empty()) {
            for name in former.split('|') {
                let name = name.split('@').next().unwrap_or(name).trim();
                *count.entry(name.to_string()).or_default() += 1;
            }
        }
    }
    units
        .iter()
        .map(|u| {
            let label = if existing(u) && count[&u["name"]] == 1 {
                u["name"].clone()
            } else {
                u["id"].clone()
            };
            (u["id"].clone(), label)
        })
        .collect()
}

/// A group's long scores as the wide table an official keeps: title rows,
/// a row-number column, the unit's name, `code name` headers (in a
/// workbook, codes as number cells where that is not ambiguous), a
/// maximum and a self-score column where the long table has them, a
/// total column and a total row.
fn widen_group(
    folder: &Path,
    framework: &Path,
    scores: &Path,
    labels: &HashMap<String, String>,
    form: Form,
) -> Vec<Vec<Cell>> {
    let nodes = read_csv(framework);
    let rows = read_csv(scores);
    let mut units: Vec<String> = Vec::new();
    let mut by_cell: HashMap<(String, String), BTreeMap<String, String>> = HashMap::new();
    for row in rows {
        if !units.contains(&row["unit"]) {
            units.push(row["unit"].clone());
        }
        by_cell.insert((row["unit"].clone(), row["code"].clone()), row);
    }
    let has = |code: &str, column: &str| {
        by_cell.iter().any(|((_, c), row)| {
            c == code
                && row.get(column).is_some_and(|v| {
                    !v.is_empty() && !(column == "max" && (v == "x" || v == "X" || v == "-"))
                })
        })
    };
    let codes: Vec<&BTreeMap<String, String>> = nodes
        .iter()
        .filter(|n| by_cell.keys().any(|(_, c)| *c == n["code"]))
        .collect();
    let value = |code: &str| code.parse::<f64>().ok();
    let mut header = vec![text("STT"), text("Tên đơn vị")];
    // (code, column of the long table) of each column.
    let mut columns: Vec<(String, &str)> = Vec::new();
    for node in &codes {
        let code = node["code"].as_str();
        let unique_number = value(code).is_some_and(|v| {
            nodes
                .iter()
                .filter(|n| value(&n["code"]) == Some(v))
                .count()
                == 1
        });
        header.push(match form {
            Form::Xlsx if unique_number => Cell::Number(code.to_string()),
            _ => text(&format!("{code} {}", node["name"])),
        });
        columns.push((code.to_string(), "score"));
        if has(code, "max") {
            header.push(text(&format!("{code}/tối đa")));
            columns.push((code.to_string(), "max"));
        }
        if has(code, "self_score") {
            header.push(text(&format!("{code}/Tự chấm")));
            columns.push((code.to_string(), "self_score"));
        }
    }
    header.push(text("Tổng điểm"));
    let mut table = vec![
        vec![text("BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")],
        vec![],
        vec![text(&format!(
            "(Kèm theo Quyết định, {})",
            folder.file_name().unwrap().to_string_lossy()
        ))],
        header,
    ];
    for (i, unit) in units.iter().enumerate() {
        let mut row = vec![Cell::Number((i + 1).to_string()), text(&labels[unit])];
        for (code, column) in &columns {
            let cell = by_cell.get(&(unit.clone(), code.clone()));
            let get = |c: &str| cell.and_then(|r| r.get(c)).cloned().unwrap_or_default();
            let not_applicable = matches!(get("max").as_str(), "x" | "X" | "-");
            row.push(match *column {
                "score" if not_applicable && get("score").is_empty() => {
                    text(if i % 2 == 0 { "x" } else { "-" })
                }
                "max" if not_applicable => text(""),
                c => match get(c) {
                    v if v.is_empty() => text(""),
                    v => Cell::Number(v),
                },
            });
        }
        row.push(Cell::Number("100".into()));
        table.push(row);
    }
    table.push(cells(&["", "Tổng cộng", "n:12.5"]));
    table
}

/// Rewrites every group of a dataset copy that names `scores` to name a
/// wide table of the same scores instead.
fn widen(root: &Path, form: Form) {
    for entry in std::fs::read_dir(root.join("editions")).unwrap() {
        let folder = entry.unwrap().path();
        let file = folder.join("edition.json");
        let mut edition: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let labels = unit_labels(root, edition["year"].as_i64().unwrap() as i32);
        for group in edition["groups"].as_array_mut().unwrap() {
            let group = group.as_object_mut().unwrap();
            let Some(scores) = group.remove("scores") else {
                continue;
            };
            let id = group["id"].as_str().unwrap().to_string();
            let framework = folder.join(group["framework"].as_str().unwrap());
            let scores = folder.join(scores.as_str().unwrap());
            let rows = widen_group(&folder, &framework, &scores, &labels, form);
            std::fs::remove_file(&scores).unwrap();
            let name = write_wide(
                &folder,
                &format!("diem-{id}"),
                &format!("Tổng hợp {id}"),
                &rows,
                form,
            );
            group.insert("scores_wide".into(), name.into());
        }
        std::fs::write(&file, serde_json::to_string_pretty(&edition).unwrap()).unwrap();
    }
}

/// Every dataset of the repository with scores.
fn datasets() -> Vec<PathBuf> {
    let mut all = vec![
        repo("data"),
        repo("tests/fixtures/valid"),
        repo("tests/fixtures/valid-lineage"),
    ];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // A folder of periodic reports alone has no scores to widen.
        .filter(|p| p.join("editions").is_dir())
        .collect();
    examples.sort();
    all.extend(examples);
    all
}

/// Codes the wide tables add, as the converted tables give them.
const WIDE_WARNINGS: &[&str] = &["title-rows-skipped", "total-row-skipped", "column-ignored"];

fn codes(checked: &Checked) -> Vec<(&'static str, chiso::diag::Severity)> {
    let mut codes: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| !WIDE_WARNINGS.contains(&d.code))
        .map(|d| (d.code, d.severity))
        .collect();
    codes.sort();
    codes
}

#[test]
fn every_dataset_gives_the_same_results_from_wide_tables() {
    for dataset in datasets() {
        let long = tempfile::tempdir().unwrap();
        copy_tree(&dataset, long.path());
        strip_notes(long.path());
        let expected = check_dir(long.path());
        // An example may hold an error on purpose (Kon Rẫy's printed
        // figure): the wide form must give the same ones, and no other.
        let shown = |c: &Checked| {
            errors(c)
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        for form in [Form::Csv, Form::Xlsx] {
            let wide = tempfile::tempdir().unwrap();
            copy_tree(long.path(), wide.path());
            widen(wide.path(), form);
            let checked = check_dir(wide.path());
            let what = format!("{} as {form:?}", dataset.display());
            assert_eq!(
                errors(&checked).len(),
                errors(&expected).len(),
                "{what}: {}\nlong: {}",
                shown(&checked),
                shown(&expected)
            );
            assert_eq!(codes(&checked), codes(&expected), "{what}");
            let read = |c: &Checked| {
                groups(c)
                    .map(|(e, g, _)| (e.year, g.id.clone(), g.scores.as_ref().map(|s| s.len())))
                    .collect::<Vec<_>>()
            };
            assert_eq!(read(&checked), read(&expected), "{what}: rows read");
            for ((edition, group, got), (_, _, want)) in groups(&checked).zip(groups(&expected)) {
                assert_eq!(got.units.len(), want.units.len(), "{what}");
                for (g, w) in got.units.iter().zip(&want.units) {
                    assert_eq!(g, w, "{what}: {} {} {}", edition.year, group.id, w.unit);
                }
                assert_eq!(got, want, "{what}: {} {}", edition.year, group.id);
            }
            assert_eq!(checked.results, expected.results, "{what}");
            // The converted tables do give the warnings they should.
            for code in WIDE_WARNINGS {
                assert!(
                    checked.diagnostics.iter().any(|d| d.code == *code),
                    "{what}: no {code}"
                );
            }
        }
    }
}

// Hand-made tables of the valid fixture: units xa-a, xa-b, xa-c; codes 1,
// 1.1, 1.2, 2, 3, 3.1.

/// The valid fixture's scores as an official's annex. Row 3 is the header;
/// columns: A STT, B unit, C 1, D 1.1, E 1.2, F 2, G 3, H 3.1, I total.
fn annex() -> Vec<Vec<&'static str>> {
    vec![
        vec!["BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CCHC CÁC XÃ NĂM 2021"],
        vec![],
        vec![
            "STT",
            "Tên đơn vị",
            "1 Công tác chỉ đạo điều hành",
            "n:1.1",
            "1.2 Báo cáo cải cách hành chính",
            "n:2",
            "3",
            "3.1",
            "Tổng điểm",
        ],
        vec![
            "n:1",
            "UBND xã Đắk Tô Re",
            "n:18",
            "n:9",
            "n:9",
            "n:25",
            "n:45",
            "n:18",
            "n:88",
        ],
        vec![
            "n:2", "xa-b", "n:20", "n:10", "n:10", "n:28", "n:41", "n:15", "n:89",
        ],
        vec![
            "n:3",
            "UBND xã Đăk Kôi",
            "n:15",
            "n:7",
            "n:8",
            "x",
            "n:42",
            "n:17",
            "n:57",
        ],
        vec!["", "Tổng cộng", "n:53", "", "", "", "", "", "n:234"],
    ]
}

/// A copy of the valid fixture whose group names the wide table `rows`
/// (in `form`) instead of its scores; `keep_long`: beside them.
fn wide_fixture(rows: &[Vec<&str>], form: Form, keep_long: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let folder = dir.path().join("editions/2021");
    let rows: Vec<Vec<Cell>> = rows.iter().map(|r| cells(r)).collect();
    let name = write_wide(&folder, "diem", "Xã", &rows, form);
    edit_file(&folder.join("edition.json"), |t| {
        let wide = format!("\"scores_wide\": \"{name}\"");
        if keep_long {
            t.replace(
                "\"scores\": \"scores.csv\"",
                &format!("\"scores\": \"scores.csv\", {wide}"),
            )
        } else {
            t.replace("\"scores\": \"scores.csv\"", &wide)
        }
    });
    dir
}

/// How a location in the wide table prints: `diem.csv:7:4`, or
/// `diem.xlsx#Xã!D7`.
fn cell(form: Form, line: usize, column: usize) -> String {
    match form {
        Form::Csv => format!("diem.csv:{line}:{column}"),
        Form::Xlsx => format!("diem.xlsx#Xã!{}{line}", chiso::diag::column_letters(column)),
    }
}

/// The one diagnostic of `code`, which must be at `at`.
fn only<'a>(checked: &'a Checked, code: &str, at: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{code}: {:#?}",
        checked
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    );
    let location = found[0].location.to_string();
    assert!(
        location.ends_with(&format!("/{at}")),
        "{code} at {location}, expected at {at}"
    );
    found[0]
}

fn with(
    mut rows: Vec<Vec<&'static str>>,
    line: usize,
    column: usize,
    value: &'static str,
) -> Vec<Vec<&'static str>> {
    let row = &mut rows[line - 1];
    if row.len() < column {
        row.resize(column, "");
    }
    row[column - 1] = value;
    rows
}

const FORMS: [Form; 2] = [Form::Csv, Form::Xlsx];

#[test]
fn an_annex_gives_the_results_of_the_long_table() {
    let long = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), long.path());
    strip_notes(long.path());
    let expected = check_dir(long.path());
    for form in FORMS {
        let dir = wide_fixture(&annex(), form, false);
        let checked = check_dir(dir.path());
        assert!(
            errors(&checked).is_empty(),
            "{form:?}: {:#?}",
            errors(&checked)
        );
        assert_eq!(checked.results, expected.results, "{form:?}");
        let xa_c = checked
            .results
            .group(2021, "xa")
            .unwrap()
            .unit("xa-c")
            .unwrap();
        assert!(!xa_c.node("2").unwrap().applicable());
    }
}

#[test]
fn x_and_dash_both_mark_a_criterion_not_applicable() {
    for form in FORMS {
        for mark in ["x", "X", "-"] {
            let dir = wide_fixture(&with(annex(), 6, 6, mark), form, false);
            let checked = check_dir(dir.path());
            assert!(
                errors(&checked).is_empty(),
                "{mark}: {:#?}",
                errors(&checked)
            );
            let xa_c = checked
                .results
                .group(2021, "xa")
                .unwrap()
                .unit("xa-c")
                .unwrap();
            assert!(!xa_c.node("2").unwrap().applicable(), "{mark}");
            assert_eq!(xa_c.max.map(|m| m.to_string()).as_deref(), Some("70"));
        }
        // A score where the criterion is marked x in the long table's max
        // column would be an error; here a number is simply a score.
        let dir = wide_fixture(&with(annex(), 6, 6, "n:20"), form, false);
        let checked = check_dir(dir.path());
        let xa_c = checked
            .results
            .group(2021, "xa")
            .unwrap()
            .unit("xa-c")
            .unwrap();
        assert!(xa_c.node("2").unwrap().applicable());
    }
}

#[test]
fn an_empty_cell_is_no_score_as_a_missing_row_is() {
    let long = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), long.path());
    strip_notes(long.path());
    edit_file(&long.path().join("editions/2021/scores.csv"), |t| {
        t.replace("xa-b,3.1,15,,,\n", "")
    });
    let expected = check_dir(long.path());
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 5, 8, ""), form, false);
        let checked = check_dir(dir.path());
        assert!(
            errors(&checked).is_empty(),
            "{form:?}: {:#?}",
            errors(&checked)
        );
        let xa_b = checked
            .results
            .group(2021, "xa")
            .unwrap()
            .unit("xa-b")
            .unwrap();
        assert!(xa_b.node("3.1").is_none());
        assert_eq!(checked.results, expected.results, "{form:?}");
    }
}

#[test]
fn a_sum_that_does_not_add_up_names_the_parents_cell() {
    for form in FORMS {
        // 1.1 and 1.2 make 19 of 20, field 1 18.
        let dir = wide_fixture(&with(annex(), 4, 4, "n:10"), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "children-sum", &cell(form, 4, 3));
        assert!(d.message.contains("\"1\""), "{}", d.message);
    }
}

#[test]
fn a_row_without_its_unit_and_a_value_without_a_column_are_errors_at_their_cells() {
    for form in FORMS {
        let rows = with(with(annex(), 5, 2, ""), 4, 12, "n:7");
        let dir = wide_fixture(&rows, form, false);
        let checked = check_dir(dir.path());
        only(&checked, "empty-cell", &cell(form, 5, 2));
        only(&checked, "extra-cells", &cell(form, 4, 12));
    }
}

#[test]
fn a_code_given_two_columns_is_an_error_at_the_second() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 3, 7, "2 Cải cách thể chế"), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "duplicate-column", &cell(form, 3, 7));
        assert!(
            d.found.as_deref().unwrap().ends_with(&cell(form, 3, 6)),
            "{:?}",
            d.found
        );
    }
}

#[test]
fn a_value_that_is_not_a_number_is_an_error_at_its_cell() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 5, 4, "mười"), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "not-a-number", &cell(form, 5, 4));
        assert_eq!(d.found.as_deref(), Some("\"mười\""));
        assert!(d.expected.as_deref().unwrap().contains("x or -"));
    }
}

#[test]
fn a_decimal_comma_is_read_where_the_comma_does_not_delimit() {
    // A CSV delimited by ';' and a text cell of a workbook.
    for form in FORMS {
        let rows = with(with(annex(), 4, 4, "8,5"), 4, 3, "17,5");
        let rows = with(rows, 4, 5, "9");
        let dir = wide_fixture(&rows, form, false);
        let checked = check_dir(dir.path());
        assert!(checked.diagnostics.iter().all(|d| d.code != "not-a-number"));
        let xa_a = checked.dataset.editions[0].groups[0]
            .scores
            .as_ref()
            .unwrap();
        let row = xa_a
            .rows()
            .find(|r| r.unit == "xa-a" && r.code == "1.1")
            .unwrap();
        assert_eq!(row.score.unwrap().to_string(), "8.5");
        let row = xa_a
            .rows()
            .find(|r| r.unit == "xa-a" && r.code == "1")
            .unwrap();
        assert_eq!(row.score.unwrap().to_string(), "17.5");
    }
}

#[test]
fn a_score_above_its_maximum_is_reported_at_the_wide_cell() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 5, 8, "n:25"), form, false);
        let checked = check_dir(dir.path());
        only(&checked, "score-above-max", &cell(form, 5, 8));
    }
}

#[test]
fn an_unknown_code_in_the_header_is_an_error_at_its_cell_with_the_nearest_code() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 3, 8, "3.11 Công khai"), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "unknown-code", &cell(form, 3, 8));
        assert_eq!(d.found.as_deref(), Some("\"3.11 Công khai\""));
        assert_eq!(d.hint.as_deref(), Some("did you mean \"3.1\"?"));
    }
}

#[test]
fn a_header_that_is_neither_a_code_nor_a_known_column_is_an_error_at_its_cell() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 3, 9, "Điểm thưởng thêm"), form, false);
        let checked = check_dir(dir.path());
        only(&checked, "unknown-column", &cell(form, 3, 9));
        assert!(checked
            .diagnostics
            .iter()
            .all(|d| d.code != "column-ignored"));
    }
}

#[test]
fn a_total_index_or_rank_column_is_ignored_with_a_warning() {
    for form in FORMS {
        let mut rows = annex();
        rows[2].extend(["Chỉ số CCHC (%)", "Xếp hạng"]);
        rows[3].extend(["n:88", "n:2"]);
        let dir = wide_fixture(&rows, form, false);
        let checked = check_dir(dir.path());
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
        let ignored: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "column-ignored")
            .map(|d| d.location.to_string())
            .collect();
        assert_eq!(ignored.len(), 3, "{ignored:?}");
        for (i, column) in [9, 10, 11].into_iter().enumerate() {
            assert!(ignored[i].ends_with(&cell(form, 3, column)), "{ignored:?}");
        }
    }
}

#[test]
fn an_unknown_unit_name_is_an_error_at_its_cell_with_the_unit_meant() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 6, 2, "UBND xã Đăk Koi"), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "unknown-unit", &cell(form, 6, 2));
        assert_eq!(d.hint.as_deref(), Some("did you mean \"xa-c\"?"));
        // The unit meant then lacks its fields, as a consequence.
        assert!(checked
            .diagnostics
            .iter()
            .any(|d| d.code == "published-without-scores" || d.code == "missing-field"));
    }
}

/// The valid fixture's registry with a unit `xa-d` named like `xa-b`;
/// `valid_to`: its last year.
fn namesake(dir: &Path, valid_to: &str) {
    std::fs::write(
        dir.join("units.csv"),
        format!(
            "id,name,short_name,kind,parent,valid_from,valid_to\n\
             thu-nghiem,UBND huyện Thử Nghiệm,Thử Nghiệm,district,,,\n\
             xa-a,UBND xã Đắk Tô Re,Đắk Tô Re,commune,thu-nghiem,,\n\
             xa-b,UBND xã Tân Lập,Tân Lập,commune,thu-nghiem,,\n\
             xa-c,UBND xã Đăk Kôi,Đăk Kôi,commune,thu-nghiem,,\n\
             huyen-khac,UBND huyện Khác,Khác,district,,,\n\
             xa-d,UBND xã Tân Lập,Tân Lập,commune,huyen-khac,2010,{valid_to}\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_name_two_units_of_the_year_have_is_an_error_naming_both() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 5, 2, "UBND xã Tân Lập"), form, false);
        namesake(dir.path(), "");
        let checked = check_dir(dir.path());
        let d = only(&checked, "ambiguous-unit", &cell(form, 5, 2));
        assert_eq!(
            d.found.as_deref(),
            Some("\"UBND xã Tân Lập\": units xa-b and xa-d")
        );
        // By its short name too.
        let dir = wide_fixture(&with(annex(), 5, 2, "Tân Lập"), form, false);
        namesake(dir.path(), "");
        let checked = check_dir(dir.path());
        only(&checked, "ambiguous-unit", &cell(form, 5, 2));
    }
}

#[test]
fn a_name_only_one_unit_of_the_year_has_names_that_unit() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 5, 2, "UBND xã Tân Lập"), form, false);
        namesake(dir.path(), "2019");
        let checked = check_dir(dir.path());
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
        let xa = checked.results.group(2021, "xa").unwrap();
        assert!(xa.unit("xa-b").is_some() && xa.unit("xa-d").is_none());
        // A short name is a name too.
        let dir = wide_fixture(&with(annex(), 5, 2, "Tân Lập"), form, false);
        let checked = check_dir(dir.path());
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
    }
}

#[test]
fn a_unit_given_two_rows_is_an_error_at_the_second() {
    for form in FORMS {
        let mut rows = annex();
        // xa-a again, by its id.
        let again = vec![
            "n:4", "xa-a", "n:18", "n:9", "n:9", "n:25", "n:45", "n:18", "",
        ];
        rows.insert(6, again);
        let dir = wide_fixture(&rows, form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "duplicate-unit-row", &cell(form, 7, 2));
        assert!(
            d.found.as_deref().unwrap().ends_with(&cell(form, 4, 2)),
            "{:?}",
            d.found
        );
        assert!(checked
            .diagnostics
            .iter()
            .all(|d| d.code != "duplicate-score"));
    }
}

#[test]
fn title_rows_above_the_header_are_skipped_and_said_so() {
    for form in FORMS {
        let dir = wide_fixture(&annex(), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "title-rows-skipped", &cell(form, 1, 1));
        assert!(!d.is_error());
        assert!(d.message.starts_with("1 row "), "{}", d.message);
        assert!(d.expected.as_deref().unwrap().ends_with(&cell(form, 3, 1)));
        // Without them, nothing is said.
        let dir = wide_fixture(&annex()[2..], form, false);
        let checked = check_dir(dir.path());
        assert!(checked
            .diagnostics
            .iter()
            .all(|d| d.code != "title-rows-skipped"));
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
    }
}

#[test]
fn a_total_row_is_skipped_with_a_warning_at_its_first_cell() {
    for form in FORMS {
        let dir = wide_fixture(&annex(), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "total-row-skipped", &cell(form, 7, 2));
        assert!(!d.is_error());
        // An average row too, whatever its case and accents.
        let dir = wide_fixture(&with(annex(), 7, 2, "TRUNG BINH"), form, false);
        let checked = check_dir(dir.path());
        only(&checked, "total-row-skipped", &cell(form, 7, 2));
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
    }
}

#[test]
fn a_header_without_a_unit_column_is_found_nowhere() {
    for form in FORMS {
        let dir = wide_fixture(&with(annex(), 3, 1, "Số"), form, false);
        let checked = check_dir(dir.path());
        let file = match form {
            Form::Csv => "diem.csv",
            Form::Xlsx => "diem.xlsx#Xã",
        };
        only(&checked, "missing-header", file);
    }
}

#[test]
fn self_scores_and_own_maxima_have_their_columns() {
    for form in FORMS {
        let mut rows = annex();
        rows[2].extend(["3/tự chấm", "3/Tối đa"]);
        rows[3].extend(["n:46", "n:50"]);
        let dir = wide_fixture(&rows, form, false);
        let checked = check_dir(dir.path());
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
        let xa_a = checked
            .results
            .group(2021, "xa")
            .unwrap()
            .unit("xa-a")
            .unwrap();
        let field = xa_a.node("3").unwrap();
        assert_eq!(field.self_score().unwrap().to_string(), "46");
        assert_eq!(field.max().unwrap().to_string(), "50");
        // A self-score above the maximum is reported at its own cell.
        let dir = wide_fixture(&with(rows.clone(), 4, 10, "n:51"), form, false);
        let checked = check_dir(dir.path());
        only(&checked, "score-above-max", &cell(form, 4, 10));
    }
}

#[test]
fn a_number_header_reads_as_the_code_of_its_value() {
    // Typed as a number, the header 3.10 is the cell 3.1.
    let dir = wide_fixture(&with(annex(), 3, 8, "n:3.10"), Form::Xlsx, false);
    for file in ["framework.csv", "published.csv"] {
        edit_file(&dir.path().join("editions/2021").join(file), |t| {
            t.replace("3.1,", "3.10,")
        });
    }
    let checked = check_dir(dir.path());
    assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
    let xa_a = checked
        .results
        .group(2021, "xa")
        .unwrap()
        .unit("xa-a")
        .unwrap();
    assert_eq!(
        xa_a.node("3.10").unwrap().score().unwrap().to_string(),
        "18"
    );
}

#[test]
fn a_number_header_that_reads_as_two_codes_is_an_error_at_its_cell() {
    let dir = wide_fixture(&annex(), Form::Xlsx, false);
    edit_file(&dir.path().join("editions/2021/framework.csv"), |t| {
        t + "1.10,1,Tiêu chí mười,0\n"
    });
    let checked = check_dir(dir.path());
    let d = only(&checked, "ambiguous-code", &cell(Form::Xlsx, 3, 4));
    assert!(d.message.contains("1.1, 1.10"), "{}", d.message);
    // Typed as text, the code is exact.
    let dir = wide_fixture(&with(annex(), 3, 4, "1.1"), Form::Xlsx, false);
    edit_file(&dir.path().join("editions/2021/framework.csv"), |t| {
        t + "1.10,1,Tiêu chí mười,0\n"
    });
    let checked = check_dir(dir.path());
    assert!(checked
        .diagnostics
        .iter()
        .all(|d| d.code != "ambiguous-code"));
}

#[test]
fn long_and_wide_tables_side_by_side_are_read_together() {
    for form in FORMS {
        // The wide table holds xa-b and xa-c, the long one xa-a.
        let mut rows = annex();
        rows.remove(3);
        let dir = wide_fixture(&rows, form, true);
        let folder = dir.path().join("editions/2021");
        edit_file(&folder.join("scores.csv"), |t| {
            t.lines()
                .filter(|l| !l.starts_with("xa-b") && !l.starts_with("xa-c"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
        let checked = check_dir(dir.path());
        assert!(errors(&checked).is_empty(), "{:#?}", errors(&checked));
        let all = check("tests/fixtures/valid");
        let xa = checked.results.group(2021, "xa").unwrap();
        let want = all.results.group(2021, "xa").unwrap();
        for unit in ["xa-b", "xa-c"] {
            assert_eq!(xa.unit(unit).unwrap().index, want.unit(unit).unwrap().index);
        }
        // The long table's notes are kept.
        assert_eq!(xa, want);
        // A unit and code in both is the duplicate it would be in one.
        let dir = wide_fixture(&rows, form, true);
        let checked = check_dir(dir.path());
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == "duplicate-score")
            .unwrap();
        assert!(d.location.to_string().contains("diem."), "{}", d.location);
        assert!(
            d.found.as_deref().unwrap().contains("scores.csv:"),
            "{:?}",
            d.found
        );
    }
}

/// The row of maxima an annex prints under its header is read as such, not
/// as a unit, and must agree with the framework.
#[test]
fn a_row_of_maxima_under_the_header_is_checked_against_the_framework() {
    let mut rows = annex();
    rows.insert(
        3,
        vec![
            "",
            "Điểm tối đa",
            "n:20",
            "n:10",
            "n:10",
            "n:30",
            "n:50",
            "n:20",
            "n:100",
        ],
    );
    for form in FORMS {
        let dir = wide_fixture(&rows, form, false);
        let checked = check_dir(dir.path());
        assert!(
            errors(&checked).is_empty(),
            "{form:?}: {:#?}",
            errors(&checked)
        );
        let dir = wide_fixture(&with(rows.clone(), 4, 6, "n:25"), form, false);
        let checked = check_dir(dir.path());
        let d = only(&checked, "wide-max-differs", &cell(form, 4, 6));
        assert_eq!(d.found.as_deref(), Some("\"25\""));
        assert_eq!(errors(&checked).len(), 1, "{:#?}", errors(&checked));
    }
}
