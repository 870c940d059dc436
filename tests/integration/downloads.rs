//! Open data: every download read back and compared with the model.

use super::site::{build_site, html_pages, tree};

use super::*;
use calamine::{open_workbook_auto, Data, Reader};
use chiso::compute::round_half_up;
use rust_decimal::Decimal;
use std::str::FromStr;

fn built(data: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo(data), &out);
    (dir, out)
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "{} starts with a BOM",
        path.display()
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn results_csv_holds_the_computed_figures() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let checked = check("examples/ha-nam-2022");
    let (headers, rows) = read_csv(&out.join("du-lieu/2022/ket-qua.csv"));
    assert_eq!(rows.len(), 25);
    let (unit, index, exact, rank) = (
        column(&headers, "unit_id"),
        column(&headers, "index"),
        column(&headers, "index_exact"),
        column(&headers, "rank"),
    );
    for row in &rows {
        let group = &row[column(&headers, "group_id")];
        let computed = checked
            .results
            .group(2022, group)
            .unwrap()
            .unit(&row[unit])
            .unwrap();
        assert_eq!(
            Decimal::from_str(&row[index]).unwrap(),
            round_half_up(computed.index, 2),
            "{}",
            row[unit]
        );
        assert_eq!(
            Decimal::from_str(&row[exact]).unwrap(),
            round_half_up(computed.index, 10)
        );
        assert_eq!(row[rank].parse::<u32>().unwrap(), computed.rank);
    }
    // Journalists can recompute the published mean from the exact column.
    let exact_mean: Decimal = rows
        .iter()
        .filter(|r| r[column(&headers, "group_id")] == "so-nganh")
        .map(|r| Decimal::from_str(&r[exact]).unwrap())
        .sum::<Decimal>()
        / Decimal::from(19);
    assert_eq!(round_half_up(exact_mean, 2).to_string(), "89.60");
    let (_, all) = read_csv(&out.join("du-lieu/tat-ca/ket-qua.csv"));
    assert_eq!(all.len(), rows.len());
}

#[test]
fn every_score_with_its_reason_is_in_the_detailed_csv() {
    let (_dir, out) = built("examples/tam-nong-2021");
    let (headers, rows) = read_csv(&out.join("du-lieu/2021/diem-chi-tiet.csv"));
    assert_eq!(rows.len(), 7);
    let score = column(&headers, "score");
    let total: Decimal = rows
        .iter()
        .map(|r| Decimal::from_str(&r[score]).unwrap())
        .sum();
    assert_eq!(total.to_string(), "80.47");
    let (fh, fields) = read_csv(&out.join("du-lieu/2021/diem-linh-vuc.csv"));
    assert_eq!(fields.len(), 7);
    assert_eq!(
        fields[0][column(&fh, "field_name")],
        "Công tác chỉ đạo, điều hành cải cách hành chính"
    );
}

#[test]
fn workbooks_have_typed_cells_vietnamese_headers_and_a_codebook() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let mut book = open_workbook_auto(out.join("du-lieu/2022/chiso-2022.xlsx")).unwrap();
    let names = book.sheet_names();
    // The detailed scores are in the CSV and the database only.
    assert_eq!(
        names,
        ["Kết quả", "Điểm lĩnh vực", "Bộ tiêu chí", "Đơn vị", "Bảng mã"]
    );
    let results = book.worksheet_range("Kết quả").unwrap();
    let header: Vec<String> = results
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..6],
        ["Năm", "Mã nhóm", "Nhóm", "Mã đơn vị", "Đơn vị", "Xếp hạng"]
    );
    assert_eq!(results.height(), 26);
    let first = results.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(2022.0));
    let index = header.iter().position(|h| h == "Chỉ số").unwrap();
    assert!(
        matches!(first[index], Data::Float(_)),
        "numbers are numbers: {:?}",
        first[index]
    );
    let codebook = book.worksheet_range("Bảng mã").unwrap();
    assert!(codebook
        .rows()
        .any(|r| r.get(1).map(|c| c.to_string()) == Some("index_exact".into())));
}

#[test]
fn the_sqlite_database_answers_queries_and_keeps_its_keys() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let db = rusqlite::Connection::open(out.join("du-lieu/chiso.sqlite")).unwrap();
    let count: i64 = db
        .query_row("SELECT count(*) FROM ket_qua", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 25);
    let (rank, index): (i64, f64) = db
        .query_row(
            "SELECT rank, \"index\" FROM ket_qua WHERE unit_id = 'ly-nhan'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rank, index), (5, 86.39));
    let mean: f64 = db
        .query_row(
            "SELECT round(avg(index_exact), 2) FROM ket_qua WHERE group_id = 'so-nganh'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mean, 89.6);
    let name: String = db
        .query_row("SELECT name FROM don_vi WHERE id = 'so-noi-vu'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Sở Nội vụ");
    let broken: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    let indexes: i64 = db
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_unit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(indexes >= 3);
}

#[test]
fn json_downloads_deserialise_to_the_same_rows() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("du-lieu/2022/chiso-2022.json")).unwrap())
            .unwrap();
    let results = &json["tables"][0];
    assert_eq!(results["name"], "ket-qua");
    let rows = results["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let phu_ly = rows.iter().find(|r| r["unit_id"] == "phu-ly").unwrap();
    assert_eq!(phu_ly["index"], 96.59);
    assert_eq!(phu_ly["rank"], 1);
    assert_eq!(phu_ly["band"], "Xuất sắc");
}

#[test]
fn checksums_verify_with_sha256sum() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(sums.contains("  du-lieu/chiso.sqlite\n"));
    assert!(sums.contains("  van-ban/2022/bao-cao-chi-so-cchc-2022.pdf\n"));
    assert!(sums.lines().any(|l| l.ends_with("bieu-do-xep-hang.csv")));
    let status = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&out)
        .status()
        .unwrap();
    assert!(status.success());
    // And it would catch a changed file.
    std::fs::write(out.join("du-lieu/2022/ket-qua.csv"), "changed").unwrap();
    let status = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&out)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
}

#[test]
fn the_data_package_describes_every_csv() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("du-lieu/datapackage.json")).unwrap())
            .unwrap();
    let resources = package["resources"].as_array().unwrap();
    let csvs: Vec<String> = tree(&out)
        .into_keys()
        .filter(|p| p.starts_with("du-lieu/") && p.ends_with(".csv"))
        .collect();
    assert_eq!(resources.len(), csvs.len());
    for r in resources {
        let path = out.join("du-lieu").join(r["path"].as_str().unwrap());
        assert!(path.is_file(), "{}", path.display());
        let (headers, _) = read_csv(&path);
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(headers, fields);
        assert!(!r["schema"]["primaryKey"].as_array().unwrap().is_empty());
    }
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
}

#[test]
fn every_page_links_the_data_page_and_every_chart_its_files() {
    let (_dir, out) = built("examples/ha-nam-2022");
    for (path, html) in html_pages(&out) {
        assert!(
            html.contains("du-lieu.html"),
            "{path} does not link the Data page"
        );
        let charts = html.matches("<figure class=\"chart").count()
            + html.matches("<figure class=chart").count();
        let links = super::site::attributes(&html, "href")
            .iter()
            .filter(|h| h.contains("bieu-do-") && h.ends_with(".svg"))
            .count();
        assert_eq!(charts, links, "{path}: every chart links its SVG");
    }
    let data = std::fs::read_to_string(out.join("du-lieu.html")).unwrap();
    for file in [
        "chiso.sqlite",
        "datapackage.json",
        "ket-qua.csv",
        "chiso-2022.xlsx",
        "chiso-2022.json",
        "chiso-tat-ca.xlsx",
        "SHA256SUMS",
        "tu-dien-du-lieu.html",
    ] {
        assert!(data.contains(file), "the Data page lists {file}");
    }
    let dictionary = std::fs::read_to_string(out.join("tu-dien-du-lieu.html")).unwrap();
    assert!(
        dictionary.contains("index_exact")
            && dictionary.contains("Index (unrounded)")
            && dictionary.contains("Chỉ số (chưa làm tròn)")
    );
    let chart_csv = std::fs::read(out.join("2022/so-nganh/bieu-do-xep-hang.csv")).unwrap();
    let text = String::from_utf8(chart_csv[3..].to_vec()).unwrap();
    assert!(
        text.contains("Sở Thông tin và Truyền thông,95.39"),
        "{text}"
    );
    let svg = std::fs::read_to_string(out.join("2022/so-nganh/bieu-do-xep-hang.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("viewBox"));
}
