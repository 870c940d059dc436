//! The periodic reports: xã Cẩm Hưng's first half of 2022 read, checked,
//! built and offered for download; each check's broken copy at its cell.

use super::*;
use chiso::diag::{Language, Severity};
use rust_decimal::Decimal;
use std::str::FromStr;

const CAM_HUNG: &str = "examples/cam-hung-2022";
const VALUES: &str = "reports/2022-H1/values-xa.csv";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A copy of Cẩm Hưng with `edit` applied to its values file.
fn cam_hung_with(edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo(CAM_HUNG), dir.path());
    edit_file(&dir.path().join(VALUES), edit);
    dir
}

/// The diagnostics of `code`, as `file:line:col` and their text.
fn found<'a>(checked: &'a Checked, code: &str) -> Vec<&'a Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

fn at(d: &Diagnostic) -> String {
    let file = d.location.file.file_name().unwrap().to_string_lossy();
    format!(
        "{file}:{}:{}",
        d.location.line.unwrap_or(0),
        d.location.column.unwrap_or(0)
    )
}

fn value(checked: &Checked, unit: &str, code: &str) -> Option<Decimal> {
    checked.dataset.reports[0].groups[0]
        .values
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .find(|r| r.unit == unit && r.code == code)
        .and_then(|r| r.value)
}

#[test]
fn cam_hung_reads_every_printed_value() {
    let checked = check(CAM_HUNG);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let indicators = checked.dataset.indicators.as_ref().unwrap();
    assert_eq!(indicators.nodes.len(), 164);
    assert_eq!(
        indicators
            .nodes
            .iter()
            .filter(|n| n.numerator.is_some())
            .count(),
        14
    );
    // 7.7.9 is placed under 7.5 by its parent column.
    let n = indicators.node("7.7.9").unwrap();
    assert_eq!(
        indicators.nodes[indicators.nodes[n].parent.unwrap()].code,
        "7.5"
    );
    let report = &checked.dataset.reports[0];
    assert_eq!(report.period.id(), "2022-H1");
    assert_eq!(report.groups[0].values.as_ref().unwrap().rows.len(), 87);
    for (code, expected) in [
        ("7.4.4.1", "1241"),
        ("7.4.4.2", "2"),
        ("3.3.3.1", "1213"),
        ("3.3.3.2", "1213"),
        ("3.3.3", "97.74"),
        ("1.1", "35"),
        ("1.2.1", "25"),
        ("1.2.2", "24"),
        ("1.5.1", "30"),
        ("1.5.2", "30"),
        ("1.6.1", "155"),
        ("4.2.1", "19"),
        ("4.2.2", "19"),
        ("3.1.4", "117"),
        ("3.2.2", "58"),
        ("7.4.3.1", "55"),
        ("7.4.3.2", "2"),
    ] {
        assert_eq!(
            value(&checked, "cam-hung", code),
            Some(d(expected)),
            "{code}"
        );
    }
    assert_eq!(value(&checked, "cam-hung", "7.4.4"), None, "not printed");
}

#[test]
fn cam_hung_five_rates_disagree_with_their_parts_as_warnings_with_both_numbers() {
    let checked = check(CAM_HUNG);
    let warnings = found(&checked, "rate-differs");
    let got: Vec<(String, &str, &str)> = warnings
        .iter()
        .map(|w| (at(w), w.message.as_str(), w.found.as_deref().unwrap()))
        .collect();
    assert_eq!(warnings.len(), 5, "{got:#?}");
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    for (cell, code, printed, computed) in [
        ("values-xa.csv:3:3", "1.2", "60", "96"),
        ("values-xa.csv:43:3", "3.3.3", "97.74", "100"),
        ("values-xa.csv:58:3", "7.4.1", "85", "100"),
        ("values-xa.csv:62:3", "7.4.2", "85", "100"),
        ("values-xa.csv:66:3", "7.4.3", "55", "3.64"),
    ] {
        let w = warnings
            .iter()
            .find(|w| at(w) == cell)
            .unwrap_or_else(|| panic!("no warning at {cell}: {got:#?}"));
        assert!(w.message.contains(&format!("\"{code}\"")), "{}", w.message);
        assert!(
            w.message.contains(&format!("printed {printed},"))
                && w.message.ends_with(&format!("give {computed}")),
            "{}",
            w.message
        );
    }
    // 0 of 0 is no rate, and no part exceeds its total.
    assert!(found(&checked, "part-above-total").is_empty());
    // Rows of another level are the commune's own as printed: nothing to flag.
    assert_eq!(checked.diagnostics.len(), 5, "{:#?}", checked.diagnostics);
}

#[test]
fn a_part_above_its_total_is_an_error_at_the_part() {
    // 2.1.3 (Văn bản) is a part of 2.1 (Văn bản); 3.3.3.2 on time is the
    // numerator of 3.3.3, a part of 3.3.3.1 resolved.
    let dir = cam_hung_with(|t| {
        t.replace("cam-hung,2.1.3,0,", "cam-hung,2.1.3,4,")
            .replace("cam-hung,3.3.3.2,1213,", "cam-hung,3.3.3.2,1231,")
    });
    let checked = check_dir(dir.path());
    let errors = found(&checked, "part-above-total");
    let cells: Vec<String> = errors.iter().map(|e| at(e)).collect();
    assert_eq!(
        cells,
        ["values-xa.csv:24:3", "values-xa.csv:45:3"],
        "{errors:#?}"
    );
    assert!(errors[0]
        .found
        .as_deref()
        .unwrap()
        .contains("2.1.3 = 4, 2.1 = 0"));
    assert!(errors[1]
        .found
        .as_deref()
        .unwrap()
        .contains("3.3.3.2 = 1231, 3.3.3.1 = 1213"));
}

#[test]
fn unknown_unit_and_code_are_errors_at_their_cells() {
    let dir = cam_hung_with(|t| {
        t.replace("cam-hung,1.1,35,", "cam-hug,1.1,35,")
            .replace("cam-hung,1.7,1,", "cam-hung,1.8,1,")
    });
    let checked = check_dir(dir.path());
    let unit = found(&checked, "unknown-unit");
    assert_eq!(
        unit.iter().map(|e| at(e)).collect::<Vec<_>>(),
        ["values-xa.csv:2:1"]
    );
    assert!(unit[0].hint.as_deref().unwrap().contains("cam-hung"));
    let code = found(&checked, "unknown-code");
    assert_eq!(
        code.iter().map(|e| at(e)).collect::<Vec<_>>(),
        ["values-xa.csv:20:2"]
    );
}

#[test]
fn a_count_that_is_not_whole_is_an_error_at_its_cell() {
    let dir = cam_hung_with(|t| t.replace("cam-hung,1.6.1,155,", "cam-hung,1.6.1,15.5,"));
    let checked = check_dir(dir.path());
    let errors = found(&checked, "count-not-whole");
    assert_eq!(
        errors.iter().map(|e| at(e)).collect::<Vec<_>>(),
        ["values-xa.csv:18:3"]
    );
}

#[test]
fn a_grouped_count_in_a_comma_file_is_refused_with_how_to_write_it() {
    let dir = cam_hung_with(|t| t.replace("cam-hung,7.4.4.1,1241,", "cam-hung,7.4.4.1,1.241,"));
    let checked = check_dir(dir.path());
    let errors = found(&checked, "ambiguous-number");
    assert_eq!(
        errors.iter().map(|e| at(e)).collect::<Vec<_>>(),
        ["values-xa.csv:69:3"]
    );
    let hint = errors[0].hint.as_deref().unwrap();
    assert!(hint.contains("write 1241"), "{hint}");
    assert!(errors[0]
        .hint_in(chiso::diag::Language::Vi)
        .unwrap()
        .contains("hãy ghi 1241"));
    assert_eq!(
        value(&checked, "cam-hung", "7.4.4.1"),
        None,
        "never read as 1.241"
    );
}

#[test]
fn a_semicolon_file_groups_thousands_and_takes_a_decimal_comma_as_printed() {
    let dir = cam_hung_with(|t| {
        let mut out = String::new();
        for (i, line) in t.lines().enumerate() {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let record = rdr.records().next().unwrap().unwrap();
            // Written as the report prints each cell: 1.213, 97,74, 100%.
            let cells: Vec<&str> = if i == 0 {
                vec!["unit", "code", "value", "note"]
            } else {
                vec![&record[0], &record[1], &record[4], &record[3]]
            };
            out.push_str(&cells.join(";"));
            out.push('\n');
        }
        out
    });
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    assert_eq!(found(&checked, "rate-differs").len(), 5);
    assert_eq!(value(&checked, "cam-hung", "7.4.4.1"), Some(d("1241")));
    assert_eq!(value(&checked, "cam-hung", "3.3.3"), Some(d("97.74")));
    assert_eq!(value(&checked, "cam-hung", "7.3.1"), Some(d("100")));
}

#[test]
fn a_reports_only_folder_checks_and_builds() {
    let checked = check(CAM_HUNG);
    assert!(checked.dataset.editions.is_empty());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let dir = tempfile::tempdir().unwrap();
    site::build_site(&repo(CAM_HUNG), &dir.path().join("public"));
    assert!(dir.path().join("public/index.html").is_file());
}

/// A built page's text, tags dropped and spaces collapsed.
fn page_text(path: &Path) -> String {
    let html = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn cam_hung_figures_appear_on_its_pages_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site::build_site(&repo(CAM_HUNG), &out);
    let unit = page_text(&out.join("don-vi/cam-hung.html"));
    // The key figures: received 1.241, on time printed 97,74 with 100
    // from its parts, online 0,16 computed from 2 of 1.241.
    assert!(
        unit.contains("Hồ sơ thủ tục hành chính đã tiếp nhận 1.241"),
        "{unit}"
    );
    assert!(
        unit.contains("báo cáo in 97,74% theo số liệu thành phần: 100%"),
        "{unit}"
    );
    assert!(
        unit.contains("Tỷ lệ hồ sơ tiếp nhận trực tuyến 0,16% (không in trong báo cáo"),
        "{unit}"
    );
    // The annex, row by row as printed.
    for row in [
        "1.1 Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt) Văn bản 35",
        "1.2.1 Số nhiệm vụ đề ra trong kế hoạch Nhiệm vụ 25",
        "1.2.2 Số nhiệm vụ đã hoàn thành Nhiệm vụ 24",
        "1.5.1 Tổng số nhiệm vụ được giao Nhiệm vụ 30",
        "1.5.2 Số nhiệm vụ đã hoàn thành đúng hạn Nhiệm vụ 30",
        "1.6.1 Số lượng phiếu khảo sát Số lượng 155",
        "4.2.1 Tổng số biên chế được giao trong năm Người 19",
        "4.2.2 Tổng số biên chế có mặt tại thời điểm báo cáo Người 19",
        "3.1.4 Tổng số TTHC thuộc thẩm quyền giải quyết Thủ tục 117",
        "3.2.2 Số TTHC liên thông giữa các cấp chính quyền Thủ tục 58",
        "3.3.3.1 Tổng số hồ sơ TTHC đã giải quyết xong Hồ sơ 1.213",
        "3.3.3.2 Số hồ sơ TTHC giải quyết đúng hạn Hồ sơ 1.213",
        "7.4.4.1 Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến) Hồ sơ 1.241",
        "7.4.4.2 Số hồ sơ TTHC đã tiếp nhận trực tuyến Hồ sơ 2",
        "7.4.1.2 Số TTHC đang cung cấp trực tuyến mức độ 3 Thủ tục 55",
        "7.4.3.2 Số TTHC cung cấp trực tuyến mức độ 3 và 4 đã tích hợp, công khai trên Cổng DVC quốc gia Thủ tục 2",
        "1.3.2 Số UBND cấp xã đã kiểm tra Cơ quan, đơn vị 0 Chỉ UBND cấp huyện báo cáo",
        "7.4.4 Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến mức độ 3 và 4 (Chỉ thống kê đối với các TTHC mức độ 3 và 4 có phát sinh hồ sơ) % 0,16%",
    ] {
        assert!(unit.contains(row), "missing {row:?}");
    }
    // Each rate that disagrees with its parts, with both numbers.
    for (code, printed, computed) in [
        ("1.2 ", "60%", "96%"),
        ("3.3.3 ", "97,74%", "100%"),
        ("7.4.1 ", "85%", "100%"),
        ("7.4.2 ", "85%", "100%"),
        ("7.4.3 ", "55%", "3,64%"),
    ] {
        let at = unit
            .find(&format!("{code}Tỷ lệ"))
            .unwrap_or_else(|| panic!("{code}"));
        let row = &unit[at..];
        let flag = &row[row.find('⚠').unwrap()..];
        assert!(
            flag.starts_with(&format!(
                "⚠ báo cáo in {printed} theo số liệu thành phần: {computed} "
            )),
            "{code}: {}",
            row.chars().take(200).collect::<String>()
        );
    }
    // The group's page and the indicators' pages show them too.
    let group = page_text(&out.join("bao-cao/2022-h1/xa.html"));
    assert!(
        group.contains("⚠ 97,74% (theo số liệu thành phần: 100%)"),
        "{group}"
    );
    assert!(group.contains("1.241"));
    let on_time = page_text(&out.join("bao-cao/chi-tieu-3-3-3.html"));
    assert!(
        on_time.contains("⚠ 97,74% (theo số liệu thành phần: 100%)"),
        "{on_time}"
    );
    let received = page_text(&out.join("bao-cao/chi-tieu-7-4-4-1.html"));
    assert!(
        received.contains("UBND xã Cẩm Hưng (Cẩm Xuyên) 1.241"),
        "{received}"
    );
}

#[test]
fn the_indicator_tree_and_the_values_are_downloads_in_every_format() {
    use calamine::{open_workbook_auto, Reader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site::build_site(&repo(CAM_HUNG), &out);
    let csv = std::fs::read_to_string(out.join("du-lieu/tat-ca/so-lieu-bao-cao.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        88,
        "a header and the 87 printed values"
    );
    assert!(csv.contains("2022-H1,2022-06-30,xa,Xã,cam-hung,UBND xã Cẩm Hưng,7.4.4.1,1241,,,"));
    assert!(
        csv.contains("2022-H1,2022-06-30,xa,Xã,cam-hung,UBND xã Cẩm Hưng,3.3.3,97.74,100,true,")
    );
    let tree = std::fs::read_to_string(out.join("du-lieu/tat-ca/chi-tieu-bao-cao.csv")).unwrap();
    assert_eq!(tree.lines().count(), 165);
    assert!(tree.contains("7.7.9,7.5,2,"), "7.7.9 under 7.5");
    let db = rusqlite::Connection::open(out.join("du-lieu/chiso.sqlite")).unwrap();
    let (count, online): (i64, f64) = db
        .query_row(
            "SELECT count(*), (SELECT value FROM so_lieu_bao_cao WHERE code = '7.4.4.2') FROM so_lieu_bao_cao",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((count, online), (87, 2.0));
    let indicators: i64 = db
        .query_row("SELECT count(*) FROM chi_tieu_bao_cao", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indicators, 164);
    let mut book = open_workbook_auto(out.join("du-lieu/tat-ca/chiso-tat-ca.xlsx")).unwrap();
    let sheets = book.sheet_names();
    assert!(sheets.iter().any(|s| s == "Số liệu báo cáo"), "{sheets:?}");
    assert!(sheets.iter().any(|s| s == "Chỉ tiêu báo cáo"), "{sheets:?}");
    let values = book.worksheet_range("Số liệu báo cáo").unwrap();
    assert_eq!(values.height(), 88);
    let json = std::fs::read_to_string(out.join("du-lieu/tat-ca/chiso-tat-ca.json")).unwrap();
    assert!(json.contains("so-lieu-bao-cao") && json.contains("chi-tieu-bao-cao"));
    let package = std::fs::read_to_string(out.join("du-lieu/datapackage.json")).unwrap();
    assert!(package.contains("tat-ca/so-lieu-bao-cao.csv"), "{package}");
    let dictionary = page_text(&out.join("tu-dien-du-lieu.html"));
    assert!(dictionary.contains("Số liệu báo cáo định kỳ của từng đơn vị theo từng chỉ tiêu"));
}

#[test]
fn the_sample_reports_half_yearly_with_every_report_page_and_download() {
    let checked = check("data");
    assert!(!checked.has_errors(), "{:#?}", errors(&checked));
    let periods: Vec<String> = checked
        .dataset
        .reports
        .iter()
        .map(|r| r.period.id())
        .collect();
    assert_eq!(
        periods,
        ["2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2"]
    );
    // One rate printed against its parts, flagged as a warning.
    let differs = found(&checked, "rate-differs");
    assert_eq!(differs.len(), 1, "{differs:#?}");
    // The units of the reorganisation report under their new names from
    // its second half; those it dissolved report until its first.
    let reporting = |period: usize, unit: &str| {
        checked.dataset.reports[period]
            .groups
            .iter()
            .flat_map(|g| g.values.iter().flat_map(|v| &v.rows))
            .any(|r| r.unit == unit)
    };
    assert!(reporting(5, "phuong-minh-duc") && !reporting(4, "phuong-minh-duc"));
    assert!(reporting(4, "minh-duc") && !reporting(5, "minh-duc"));
    // A few values are not reported.
    let missing = checked
        .dataset
        .reports
        .iter()
        .flat_map(|r| &r.groups)
        .flat_map(|g| g.values.iter().flat_map(|v| &v.rows))
        .filter(|r| r.value.is_none())
        .count();
    assert!(missing > 0);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site::build_site(&repo("data"), &out);
    let unit = page_text(&out.join("don-vi/phuong-minh-duc.html"));
    assert!(
        unit.contains("Đơn vị đã báo cáo (6 tháng cuối năm 2025)"),
        "{unit}"
    );
    assert!(unit.contains("Hồ sơ thủ tục hành chính đã tiếp nhận"));
    let html = std::fs::read_to_string(out.join("don-vi/phuong-minh-duc.html")).unwrap();
    assert!(html.contains("<details class=\"annex\">") || html.contains("<details class=annex>"));
    let old = page_text(&out.join("don-vi/minh-duc.html"));
    assert!(
        old.contains(
            "Qua các kỳ báo cáo Hồ sơ thủ tục hành chính đã tiếp nhận: 6 tháng đầu năm 2023"
        ),
        "{old}"
    );
    let group = page_text(&out.join("bao-cao/2025-h2/xa.html"));
    assert!(group.contains("Phường Minh Đức") && group.contains("Tổng của nhóm"));
    assert!(out.join("bao-cao/2023-h1/huyen.html").is_file());
    assert!(
        !out.join("bao-cao/2025-h2/huyen.html").exists(),
        "no districts after the reorganisation"
    );
    let indicator = page_text(&out.join("bao-cao/chi-tieu-7-4-4-1.html"));
    assert!(indicator.contains("6 tháng đầu năm 2023") && indicator.contains("Trung vị"));
    assert!(page_text(&out.join("bao-cao/index.html")).contains("Mọi chỉ tiêu"));
    let values = std::fs::read_to_string(out.join("du-lieu/tat-ca/so-lieu-bao-cao.csv")).unwrap();
    assert!(values
        .contains("2025-H2,2025-12-31,xa,UBND cấp xã,phuong-minh-duc,Phường Minh Đức,1.1,33,,,"));
}

#[test]
fn a_report_s_period_and_a_value_written_twice_are_checked_at_their_place() {
    let dir = cam_hung_with(|t| {
        t.replace(
            "cam-hung,1.7,1,,1\n",
            "cam-hung,1.7,1,,1\ncam-hung,1.7,0,,0\n",
        )
    });
    let checked = check_dir(dir.path());
    let twice = found(&checked, "duplicate-value");
    assert_eq!(
        twice.iter().map(|e| at(e)).collect::<Vec<_>>(),
        ["values-xa.csv:21:2"]
    );

    // A period in the folder's name but another in report.json.
    edit_file(&dir.path().join("reports/2022-H1/report.json"), |t| {
        t.replace("\"period\": \"2022-H1\"", "\"period\": \"2022-H2\"")
    });
    let checked = check_dir(dir.path());
    let folder = found(&checked, "period-folder");
    assert_eq!(folder.len(), 1);
    assert_eq!(folder[0].location.line, Some(2));
    edit_file(&dir.path().join("reports/2022-H1/report.json"), |t| {
        t.replace("\"period\": \"2022-H2\"", "\"period\": \"2022-S1\"")
    });
    let checked = check_dir(dir.path());
    let period = found(&checked, "invalid-period");
    assert_eq!(period.len(), 1, "{:#?}", checked.diagnostics);
    assert!(period[0].expected.as_deref().unwrap().contains("2022-H1"));
}

#[test]
fn vietnamese_report_messages_print_numbers_with_a_decimal_comma() {
    let checked = check(CAM_HUNG);
    let w = found(&checked, "rate-differs")
        .into_iter()
        .find(|w| at(w) == "values-xa.csv:43:3")
        .expect("the on-time rate differs");
    // English keeps its decimal point, Vietnamese takes the comma.
    assert!(w.message.contains("printed 97.74,"), "{}", w.message);
    let vi = w.message_in(Language::Vi);
    assert!(vi.contains("in là 97,74,"), "{vi}");
    assert!(!vi.contains("97.74"), "{vi}");
    let expected = w.expected_in(Language::Vi).unwrap();
    assert!(expected.contains("(±0,005)"), "{expected}");
    assert!(w.expected.as_deref().unwrap().contains("(±0.005)"));
    let w = found(&checked, "rate-differs")
        .into_iter()
        .find(|w| at(w) == "values-xa.csv:66:3")
        .unwrap();
    assert!(
        w.message_in(Language::Vi).ends_with("cho 3,64"),
        "{}",
        w.message_vi
    );
    assert!(w.found_in(Language::Vi).unwrap().contains("= 3,64"));
    assert!(w.found.as_deref().unwrap().contains("= 3.64"));
}

/// The printed figures of the yearly index are worded by the same rule.
#[test]
fn vietnamese_printed_figure_messages_print_numbers_with_a_decimal_comma() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/published.csv"), |t| {
        t.replace("xa-c,57,70,81.43,3,Tốt", "xa-c,57,70,82.5,3,Tốt")
    });
    let checked = check_dir(dir.path());
    let d = found(&checked, "published-differs");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    let d = d[0];
    assert_eq!(d.found.as_deref(), Some("printed index 82.5"));
    assert_eq!(d.found_in(Language::Vi), Some("công bố chỉ số 82,5"));
    let (en, vi) = (
        d.expected.as_deref().unwrap(),
        d.expected_in(Language::Vi).unwrap(),
    );
    assert!(
        en.contains("index 81.43 (rounding tolerance 0.015 for points, 0.0264 for the index)"),
        "{en}"
    );
    assert!(
        vi.contains("chỉ số 81,43 (sai số làm tròn cho phép 0,015 với điểm, 0,0264 với chỉ số)"),
        "{vi}"
    );
}

/// Cẩm Hưng with its registry row given `valid` (`valid_from,valid_to`).
fn cam_hung_valid(valid: &str) -> Checked {
    let dir = cam_hung_with(|t| t);
    edit_file(&dir.path().join("units.csv"), |t| {
        t.replace("kind,parent\n", "kind,parent,valid_from,valid_to\n")
            .replace(",district,ha-tinh\n", ",district,ha-tinh,,\n")
            .replace(",province,\n", ",province,,,\n")
            .replace(",commune,cam-xuyen", &format!(",commune,cam-xuyen,{valid}"))
    });
    check_dir(dir.path())
}

#[test]
fn a_unit_reporting_for_a_period_after_it_ceased_to_exist_is_an_error_at_its_cell() {
    let checked = cam_hung_valid(",2021-12-31");
    let d = found(&checked, "unit-not-in-period");
    assert_eq!(
        d.iter().map(|d| at(d)).collect::<Vec<_>>(),
        ["values-xa.csv:2:1"]
    );
    let d = d[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("2022-H1 (2022-01-01 to 2022-06-30)"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("after it ceased to exist"),
        "{}",
        d.message
    );
    assert_eq!(d.found.as_deref(), Some("valid_to 2021-12-31"));
    let vi = d.message_in(Language::Vi);
    assert!(
        vi.contains("kỳ 2022-H1 (từ 2022-01-01 đến 2022-06-30)"),
        "{vi}"
    );
    // A unit that ended within the period reported for its part of it.
    let checked = cam_hung_valid(",2022-03-31");
    assert!(found(&checked, "unit-not-in-period").is_empty());
}

#[test]
fn a_unit_reporting_for_a_period_before_it_existed_is_an_error_at_its_cell() {
    let checked = cam_hung_valid("2022-07-01,");
    let d = found(&checked, "unit-not-in-period");
    assert_eq!(
        d.iter().map(|d| at(d)).collect::<Vec<_>>(),
        ["values-xa.csv:2:1"]
    );
    assert_eq!(d[0].severity, Severity::Error);
    assert!(
        d[0].message.contains("before it existed"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].found.as_deref(), Some("valid_from 2022-07-01"));
    assert!(d[0].expected.as_deref().unwrap().contains("2022-06-30"));
    let checked = cam_hung_valid("2022-06-30,");
    assert!(found(&checked, "unit-not-in-period").is_empty());
}

/// A bare year is a warning, as for scores: data valid before stays valid.
#[test]
fn a_unit_whose_years_do_not_cover_the_period_is_a_warning() {
    let checked = cam_hung_valid("2023,");
    let d = found(&checked, "unit-not-in-period");
    assert_eq!(
        d.iter().map(|d| at(d)).collect::<Vec<_>>(),
        ["values-xa.csv:2:1"]
    );
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(!checked.has_errors(), "{:#?}", errors(&checked));
    let checked = cam_hung_valid(",2022");
    assert!(found(&checked, "unit-not-in-period").is_empty());
}

#[test]
fn a_report_s_documents_are_copied_hashed_and_linked_as_an_edition_s() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site::build_site(&repo(CAM_HUNG), &out);
    let source =
        std::fs::read(repo(CAM_HUNG).join("reports/2022-H1/documents/bao-cao-6-thang-2022.txt"))
            .unwrap();
    let address = "van-ban/bao-cao/2022-h1/bao-cao-6-thang-2022.txt";
    assert_eq!(std::fs::read(out.join(address)).unwrap(), source);
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(
        sums.lines()
            .any(|l| l.ends_with(&format!("  {address}")) && l.len() == 64 + 2 + address.len()),
        "{sums}"
    );
    let title = "Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2022 xã Cẩm Hưng";
    for (page, root) in [
        ("bao-cao/index.html", "../"),
        ("bao-cao/2022-h1/xa.html", "../../"),
        ("van-ban.html", ""),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains(&format!("<a href=\"{root}{address}\">{title}</a>")),
            "{page}: no link to the report's document"
        );
        let text = page_text(&out.join(page));
        assert!(
            text.contains("Người ký: Nguyễn Đình Hoạt"),
            "{page}: {text}"
        );
        assert!(text.contains("TXT,"), "{page}: {text}");
    }
}

/// A report's document is held to its folder, as an edition's is.
#[test]
fn a_report_document_outside_its_folder_is_refused() {
    let report = "reports/2022-H1/report.json";
    for name in ["../../units.csv", "/etc/hostname", "documents/link.txt"] {
        let dir = cam_hung_with(|t| t);
        std::os::unix::fs::symlink(
            dir.path().join("units.csv"),
            dir.path().join("reports/2022-H1/documents/link.txt"),
        )
        .unwrap();
        edit_file(&dir.path().join(report), |t| {
            t.replace("documents/bao-cao-6-thang-2022.txt", name)
        });
        let checked = check_dir(dir.path());
        let refused = found(&checked, "path-outside-edition");
        assert_eq!(refused.len(), 1, "{name}: {:#?}", checked.diagnostics);
        assert!(refused[0].location.file.ends_with(report));
    }
}

#[test]
fn two_documents_of_a_report_at_one_address_are_a_collision() {
    let dir = cam_hung_with(|t| t);
    let folder = dir.path().join("reports/2022-H1");
    std::fs::write(folder.join("documents/Bao Cao 6 Thang 2022.txt"), "x").unwrap();
    edit_file(&folder.join("report.json"), |t| {
        t.replace(
            "\"file\": \"documents/bao-cao-6-thang-2022.txt\"}",
            "\"file\": \"documents/bao-cao-6-thang-2022.txt\"},\n    {\"kind\": \"report\", \"title\": \"Bản sao\", \"file\": \"documents/Bao Cao 6 Thang 2022.txt\"}",
        )
    });
    let checked = check_dir(dir.path());
    let clash = found(&checked, "address-collision");
    assert_eq!(clash.len(), 1, "{:#?}", checked.diagnostics);
    assert!(clash[0]
        .found
        .as_deref()
        .unwrap()
        .contains("van-ban/bao-cao/2022-h1/bao-cao-6-thang-2022.txt"));
}

#[test]
fn the_sample_s_last_report_carries_its_signed_text_on_the_site() {
    let checked = check("data");
    let last = checked.dataset.reports.last().unwrap();
    assert_eq!(last.documents.len(), 1, "{:#?}", last.documents);
    let doc = &last.documents[0];
    assert_eq!(doc.kind, "report");
    assert!(doc.signer.is_some() && doc.number.is_some() && doc.date.is_some());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site::build_site(&repo("data"), &out);
    let address = format!(
        "van-ban/bao-cao/{}/{}",
        last.period.id().to_ascii_lowercase(),
        doc.file.trim_start_matches("documents/")
    );
    assert!(out.join(&address).is_file(), "{address}");
    let html = std::fs::read_to_string(out.join("van-ban.html")).unwrap();
    assert!(html.contains(&format!("href=\"{address}\"")), "{address}");
}

/// The key figures' trends over the periods are charts with their data
/// table; a figure of one period is its value alone.
#[test]
fn a_key_figure_reported_in_two_periods_or_more_is_a_chart_with_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site::build_site(&repo("data"), &out);
    let html = std::fs::read_to_string(out.join("don-vi/minh-duc.html")).unwrap();
    let section = &html[html
        .find("class=\"unit-reports\"")
        .or(html.find("class=unit-reports"))
        .unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    // Two key figures (the online share was not counted), each over the
    // five periods minh-duc reported.
    assert_eq!(section.matches("<svg").count(), 2, "{section}");
    assert!(!section.contains("trend-list"), "{section}");
    assert_eq!(
        section.matches("<figure class=\"chart").count()
            + section.matches("<figure class=chart").count(),
        2
    );
    assert!(!section.contains("<script"));
    let text = page_text(&out.join("don-vi/minh-duc.html"));
    assert!(text.contains("6 tháng đầu năm 2023"), "{text}");
    assert!(text.contains("6 tháng đầu năm 2025"), "{text}");
    // Cẩm Hưng reported once: no chart among its figures.
    site::build_site(&repo(CAM_HUNG), &out);
    let html = std::fs::read_to_string(out.join("don-vi/cam-hung.html")).unwrap();
    let section = &html[html.find("unit-reports").unwrap()..];
    assert!(!section.contains("<svg"), "one period, no chart");
}

/// A unit's page lists the signed reports it reported in beside the
/// decisions that scored it, and not those of periods it did not report
/// in (Hiếu ended on 30 June 2025, before the sample's report of 2025-H2).
#[test]
fn a_unit_page_lists_the_documents_of_the_reports_it_reported_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    super::site::build_site(&repo("data"), &out);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let report_doc = "van-ban/bao-cao/2025-h2/bao-cao-cchc-2025-h2.txt";
    assert!(out.join(report_doc).is_file());
    let new_commune = read("don-vi/xa-a-vao.html");
    assert!(
        new_commune.contains(report_doc),
        "a 2025 commune reported in 2025-H2"
    );
    assert!(!read("don-vi/hieu.html").contains(report_doc));
}
