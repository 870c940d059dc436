//! Reading hostile or damaged files: stray bytes, numbers out of range,
//! deep JSON, title rows, split decimals. Each gives diagnostics at its
//! place, never a panic or a silently wrong reading.

use super::*;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A copy of the valid fixture with `file` replaced by `bytes`.
fn with_file(file: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    std::fs::write(dir.path().join(file), bytes).unwrap();
    dir
}

/// A copy of the valid fixture with `file` edited as text.
fn with_edit(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join(file), edit);
    dir
}

fn codes(checked: &Checked) -> Vec<&'static str> {
    checked.errors().map(|d| d.code).collect()
}

#[test]
fn stray_byte_in_utf8_file_is_an_error_at_its_cell() {
    let units = std::fs::read_to_string(repo("tests/fixtures/valid/units.csv")).unwrap();
    let mut bytes = Vec::new();
    for line in units.split_inclusive('\n') {
        if line.starts_with("xa-b,") {
            // "Tân" with its â as a lone Latin-1 byte.
            bytes.extend_from_slice(&line.as_bytes()[..line.find("Tân").unwrap() + 1]);
            bytes.push(0xA9);
            bytes.extend_from_slice(&line.as_bytes()[line.find("Tân").unwrap() + 3..]);
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
    }
    let dir = with_file("units.csv", &bytes);
    let checked = check_dir(dir.path());
    let errors = errors(&checked);
    assert_eq!(codes(&checked), ["mixed-encoding"], "{errors:#?}");
    let e = errors[0];
    assert!(e.location.file.ends_with("units.csv"));
    assert_eq!((e.location.line, e.location.column), (Some(4), Some(2)));
    assert!(e.found.as_deref().unwrap().contains("0xA9"), "{e}");
    // The rest of the file is read as the UTF-8 it is.
    let name = |id: &str| {
        checked
            .dataset
            .units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
    };
    assert_eq!(name("xa-a").as_deref(), Some("UBND xã Đắk Tô Re"));
    assert_eq!(name("xa-b").as_deref(), Some("UBND xã T\u{fffd}n Lập"));
}

#[test]
fn stray_bytes_in_json_are_errors_at_their_character() {
    let site = std::fs::read(repo("tests/fixtures/valid/site.json")).unwrap();
    let text = String::from_utf8(site).unwrap();
    let at = text.find("Thử").unwrap();
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"Th\xfd");
    bytes.extend_from_slice(&text.as_bytes()[at + "Thử".len()..]);
    let dir = with_file("site.json", &bytes);
    let checked = check_dir(dir.path());
    let errors = errors(&checked);
    assert_eq!(codes(&checked), ["mixed-encoding"], "{errors:#?}");
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 3;
    assert_eq!(errors[0].location.line, Some(line));
    assert_eq!(errors[0].location.column, Some(column));
}

#[test]
fn binary_file_names_its_line() {
    let dir = with_edit("editions/2021/scores.csv", |t| {
        t.replacen("xa-a,2,25", "xa-a,2,2\u{0}5", 1)
    });
    let checked = check_dir(dir.path());
    let e = checked.errors().find(|d| d.code == "binary-file").unwrap();
    assert_eq!(e.location.line, Some(5), "{e}");
}

#[test]
fn huge_maximum_is_refused_at_its_cell() {
    let dir = with_edit("editions/2021/framework.csv", |t| {
        t.replace(
            ",Cải cách thể chế,30",
            ",Cải cách thể chế,1000000000000000000000000000",
        )
    });
    let checked = check_dir(dir.path());
    let e = checked
        .errors()
        .find(|d| d.code == "number-out-of-range")
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    assert!(e.location.file.ends_with("framework.csv"));
    assert_eq!((e.location.line, e.location.column), (Some(5), Some(4)));
}

#[test]
fn tiny_maximum_is_refused_at_its_cell() {
    let dir = with_edit("editions/2021/scores.csv", |t| {
        t.replace("xa-a,2,25,,,", "xa-a,2,0,0.0000000000000000000000000001,,")
    });
    let checked = check_dir(dir.path());
    let e = checked
        .errors()
        .find(|d| d.code == "number-out-of-range")
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    assert_eq!((e.location.line, e.location.column), (Some(5), Some(4)));
}

#[test]
fn huge_and_tiny_json_numbers_are_refused_at_their_line() {
    for (from, to) in [
        ("\"scale\": 100", "\"scale\": 1e27"),
        ("\"scale\": 100", "\"scale\": 1e-28"),
        (
            "{\"name\": \"Tốt\", \"min\": 80}",
            "{\"name\": \"Tốt\", \"min\": 1e300}",
        ),
    ] {
        let dir = with_edit("editions/2021/edition.json", |t| t.replace(from, to));
        let checked = check_dir(dir.path());
        let errors = errors(&checked);
        assert_eq!(
            codes(&checked),
            ["number-out-of-range"],
            "{to}: {errors:#?}"
        );
        assert!(errors[0].location.line.is_some(), "{}", errors[0]);
    }
}

#[test]
fn numbers_at_the_edges_of_the_range_are_read() {
    for (cell, read) in [
        ("999999.999999999", true),
        ("-999999.999999999", true),
        ("0.000000001", true),
        ("000999999.1000000000000", true),
        ("1000000", false),
        ("0.0000000001", false),
        ("-1000000", false),
    ] {
        let dir = with_edit("editions/2021/scores.csv", |t| {
            t.replace("xa-a,2,25,,,", &format!("xa-a,2,{cell},,,"))
        });
        let checked = check_dir(dir.path());
        let out_of_range = checked.errors().any(|d| d.code == "number-out-of-range");
        assert_eq!(!out_of_range, read, "{cell}: {:#?}", checked.diagnostics);
    }
}

/// A group whose every number is at an edge of the range: the largest
/// scores, the smallest maxima, the largest scale, negative extremes, and
/// many units, so that sums, indices, percents and statistics meet their
/// largest values.
#[test]
fn compute_cannot_panic_at_the_extremes_of_the_number_range() {
    let top = "999999.999999999";
    let tiny = "0.000000001";
    for (score, max, scale) in [
        (top, tiny, top),
        (&*format!("-{top}"), tiny, top),
        (top, top, tiny),
        (tiny, top, top),
        (top, &*format!("-{tiny}"), top),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let edition = dir.path().join("editions/2021");
        std::fs::create_dir_all(&edition).unwrap();
        std::fs::write(
            dir.path().join("site.json"),
            r#"{"title": "t", "publisher": "p"}"#,
        )
        .unwrap();
        let units: usize = 300;
        let fields = 20;
        let mut registry = String::from("id,name,kind\n");
        let mut framework = String::from("code,name,max\n");
        let mut scores = String::from("unit,code,score,max\n");
        let mut published = String::from("unit,achieved,max,index,rank\n");
        for f in 0..fields {
            framework += &format!("{f},F{f},{max}\n");
            framework += &format!("{f}.1,F{f}.1,{max}\n");
        }
        for u in 0..units {
            registry += &format!("u{u},Unit {u},commune\n");
            for f in 0..fields {
                scores += &format!("u{u},{f},{score},{max}\n");
                scores += &format!("u{u},{f}.1,{score},\n");
            }
            published += &format!("u{u},{score},{max},{score},1\n");
        }
        std::fs::write(dir.path().join("units.csv"), registry).unwrap();
        std::fs::write(edition.join("f.csv"), framework).unwrap();
        std::fs::write(edition.join("s.csv"), scores).unwrap();
        std::fs::write(edition.join("p.csv"), published).unwrap();
        std::fs::write(
            edition.join("edition.json"),
            format!(
                r#"{{"year": 2021, "title": "t", "status": "final", "scale": {scale}, "decimals": 6,
                "bands": [{{"name": "A", "min": {scale}}}, {{"name": "B", "min": 0}}],
                "groups": [{{"id": "a", "name": "A", "framework": "f.csv", "scores": "s.csv", "published": "p.csv"}},
                           {{"id": "b", "name": "B", "published": "p.csv"}}]}}"#
            ),
        )
        .unwrap();
        let checked = check_dir(dir.path());
        assert!(
            !codes(&checked).contains(&"number-out-of-range"),
            "{:#?}",
            checked.diagnostics
        );
    }
}

#[test]
fn workbook_floats_are_read_to_nine_decimals_and_tiny_ones_refused() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let edition = dir.path().join("editions/2021");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["code", "name", "max"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, f64); 3] = [("1", 58.46 / 3.0), ("2", 1e-28), ("3", 1e27)];
    for (r, (code, max)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *code).unwrap();
        sheet.write_string(r, 1, "F").unwrap();
        sheet.write_number(r, 2, *max).unwrap();
    }
    book.save(edition.join("f.xlsx")).unwrap();
    edit_file(&edition.join("edition.json"), |t| {
        t.replace("\"framework.csv\"", "\"f.xlsx\"")
    });
    let checked = check_dir(dir.path());
    let out: Vec<String> = checked
        .errors()
        .filter(|d| d.code == "number-out-of-range")
        .map(|d| d.location.to_string())
        .collect();
    assert_eq!(out.len(), 2, "{:#?}", checked.diagnostics);
    assert!(out[0].ends_with("C3") && out[1].ends_with("C4"), "{out:?}");
    let framework = checked.dataset.editions[0].groups[0]
        .framework
        .as_ref()
        .unwrap();
    assert_eq!(
        framework.nodes[0].max,
        Some(Decimal::from_str("19.486666667").unwrap())
    );
}

#[test]
fn deep_json_is_refused_quickly() {
    for depth in [100, 20_000, 30_000] {
        let note = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let dir = with_edit("editions/2021/edition.json", |t| {
            t.replacen("{", &format!("{{\"_note\": {note},"), 1)
        });
        let start = std::time::Instant::now();
        let checked = check_dir(dir.path());
        let elapsed = start.elapsed();
        let errors = errors(&checked);
        assert_eq!(codes(&checked), ["json-too-deep"], "{errors:#?}");
        assert_eq!(errors[0].location.line, Some(1));
        assert_eq!(errors[0].location.column, Some(10 + 64));
        assert!(elapsed.as_millis() < 500, "{depth}: {elapsed:?}");
    }
}

#[test]
fn json_comments_are_blanked_however_they_are_placed() {
    let dir = with_edit("site.json", |t| {
        t.replacen(
            "{",
            "{\"_a\": {\"_b\": [1, {\"x\": 2}]}, \"_c\": \"}\\\"{\",",
            1,
        )
        .replacen(
            "\"sample\": false",
            "\"_d\": 1, \"sample\": false, \"_e\": [], \"_f\": {}",
            1,
        )
    });
    let checked = check_dir(dir.path());
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn oversized_json_is_refused_unread() {
    let dir = with_edit("site.json", |t| {
        t.replacen("{", &format!("{{\"_pad\": \"{}\",", "x".repeat(2 << 20)), 1)
    });
    let checked = check_dir(dir.path());
    let errors = errors(&checked);
    assert!(codes(&checked).contains(&"file-too-large"), "{errors:#?}");
}

#[test]
fn title_row_above_header_gives_one_diagnostic() {
    for title in [
        "BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021\n",
        "BẢNG TỔNG HỢP ĐIỂM,,,,,\n\n(Kèm theo Quyết định số 12/QĐ-UBND),,,,,\n",
    ] {
        let dir = with_edit("editions/2021/scores.csv", |t| format!("{title}{t}"));
        let checked = check_dir(dir.path());
        let errors = errors(&checked);
        assert_eq!(codes(&checked), ["title-row"], "{errors:#?}");
        assert_eq!(errors[0].location.line, Some(1));
        let header = title.lines().count() + 1;
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .contains(&format!("line {header}")),
            "{}",
            errors[0]
        );
        // Read from the header found: the indices are those of the valid
        // fixture.
        let indices = |c: &Checked| -> Vec<(String, Decimal)> {
            groups(c)
                .flat_map(|(_, _, g)| g.units.iter().map(|u| (u.unit.clone(), u.index)))
                .collect()
        };
        let valid = check("tests/fixtures/valid");
        assert_eq!(indices(&checked), indices(&valid), "{title}");
    }
}

#[test]
fn title_row_above_a_semicolon_header_finds_the_delimiter() {
    let dir = with_edit("editions/2021/scores.csv", |t| {
        format!("BẢNG TỔNG HỢP ĐIỂM NĂM 2021\n{}", t.replace(',', ";"))
    });
    let checked = check_dir(dir.path());
    assert_eq!(codes(&checked), ["title-row"], "{:#?}", checked.diagnostics);
}

#[test]
fn a_one_column_table_is_not_taken_for_title_rows() {
    let dir = with_edit("editions/2021/published.csv", |_| {
        "unit\nxa-b\nxa-a\nxa-c\n".to_string()
    });
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let published = checked.dataset.editions[0].groups[0]
        .published
        .as_ref()
        .unwrap();
    assert_eq!(published.rows.len(), 3);
}

#[test]
fn extra_cells_from_a_decimal_comma_point_at_the_split_score() {
    let dir = with_edit("editions/2021/scores.csv", |t| {
        t.replace("xa-a,2,25,,,", "xa-a,2,25,5,,,")
    });
    let checked = check_dir(dir.path());
    let e = checked.errors().find(|d| d.code == "extra-cells").unwrap();
    assert_eq!((e.location.line, e.location.column), (Some(5), Some(3)));
    assert!(e.hint.as_deref().unwrap().contains("25.5"), "{e}");
}

#[test]
fn a_json_text_longer_than_excel_allows_is_refused_at_its_line() {
    let dir = with_edit("editions/2021/edition.json", |t| {
        t.replace("\"Các xã\"", &format!("\"Các xã{}\"", "x".repeat(40_000)))
    });
    let checked = check_dir(dir.path());
    let errors = errors(&checked);
    assert_eq!(codes(&checked), ["text-too-long"], "{errors:#?}");
    assert!(errors[0].location.line.is_some());
}
