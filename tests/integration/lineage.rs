//! The site across a reorganisation: new units and their predecessors
//! link to each other, histories stay each unit's own, and search finds a
//! unit by its old names.

use super::site::{attributes, build_site, check_links, html_pages, tree};
use super::*;
use std::collections::BTreeMap;

const FIXTURE: &str = "tests/fixtures/valid-lineage";

fn built() -> (tempfile::TempDir, BTreeMap<String, String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo(FIXTURE), &out);
    let pages = html_pages(&out);
    (dir, pages)
}

fn page<'p>(pages: &'p BTreeMap<String, String>, id: &str) -> &'p str {
    pages
        .get(&format!("don-vi/{id}.html"))
        .unwrap_or_else(|| panic!("no page for {id}"))
}

fn links_to(html: &str, id: &str) -> bool {
    let target = format!("don-vi/{id}.html");
    attributes(html, "href")
        .iter()
        .any(|h| h.ends_with(&target))
}

/// The text of a page without its tags, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_lineage_edge_is_linked_from_both_of_its_units() {
    let (dir, pages) = built();
    let data = check(FIXTURE).dataset;
    assert!(!data.lineage.is_empty());
    for e in &data.lineage {
        assert!(
            links_to(page(&pages, &e.from), &e.to),
            "{} does not link forward to {}",
            e.from,
            e.to
        );
        assert!(
            links_to(page(&pages, &e.to), &e.from),
            "{} does not link back to {}",
            e.to,
            e.from
        );
    }
    assert_eq!(
        check_links(&dir.path().join("public")),
        Vec::<String>::new()
    );
}

#[test]
fn a_new_unit_page_says_when_and_from_what_it_was_formed() {
    let (_dir, pages) = built();
    let moi = text(page(&pages, "xa-moi"));
    assert!(
        moi.contains(
            "Thành lập từ 01/07/2025 trên cơ sở sắp xếp UBND xã Đắk Tô Re , UBND xã Tân Lập và UBND xã Đăk Kôi (một phần)"
        ),
        "{moi}"
    );
    assert!(moi.contains("Nghị quyết 1656/NQ-UBTVQH15"), "{moi}");
    let ward = text(page(&pages, "phuong-bac"));
    assert!(
        ward.contains("Chuyển đổi từ 01/01/2026 từ UBND xã Bắc Kôi"),
        "{ward}"
    );
}

#[test]
fn a_predecessor_page_says_what_it_became_and_since_when() {
    let (_dir, pages) = built();
    let split = text(page(&pages, "xa-c"));
    assert!(
        split.contains(
            "Từ 01/07/2025 được sắp xếp vào: UBND xã Đắk Tô (60%), UBND xã Bắc Kôi (40%)"
        ),
        "{split}"
    );
    let merged = text(page(&pages, "xa-a"));
    assert!(
        merged.contains("Từ 01/07/2025 được sắp xếp vào: UBND xã Đắk Tô"),
        "{merged}"
    );
    let reclassed = text(page(&pages, "xa-bac"));
    assert!(
        reclassed.contains("Từ 01/01/2026 chuyển thành UBND phường Bắc Kôi"),
        "{reclassed}"
    );
    let renamed = text(page(&pages, "xa-d"));
    assert!(
        renamed.contains("Từ 01/01/2023 đổi tên thành UBND xã Hòa Lợi"),
        "{renamed}"
    );
    let moved = text(page(&pages, "xa-e"));
    assert!(
        moved.contains("Từ 01/01/2024 trực thuộc UBND huyện Khác"),
        "{moved}"
    );
    // A name the unit had under its id.
    let moi = text(page(&pages, "xa-moi"));
    assert!(
        moi.contains("Tên cũ: UBND xã Đắk Tô Mới (đến 31/12/2025)"),
        "{moi}"
    );
}

/// History rows carry the year they are of, and a predecessor's row its
/// unit (the page's own rows are of the page's unit): every row must be of
/// a unit that existed in that edition's year, and a predecessor's row
/// names it.
#[test]
fn no_page_shows_a_number_for_a_unit_in_a_year_it_did_not_exist() {
    let (_dir, pages) = built();
    let data = check(FIXTURE).dataset;
    let mut predecessor_rows = 0;
    for unit in &data.units {
        let html = page(&pages, &unit.id);
        for row in html.split("<tr").skip(1) {
            let row = row.split("</tr>").next().unwrap();
            let tag = &row[..row.find('>').unwrap()];
            let Some(year) = attributes(tag, "data-year").into_iter().next() else {
                continue;
            };
            let of = attributes(tag, "data-unit")
                .into_iter()
                .next()
                .unwrap_or_else(|| unit.id.clone());
            let year: i32 = year.parse().unwrap();
            let shown = data.unit(&of).unwrap();
            assert!(
                shown.valid_from.is_none_or(|f| f <= year)
                    && shown.valid_to.is_none_or(|t| year <= t),
                "{}: a row of {of} in {year}",
                unit.id
            );
            if of != unit.id {
                predecessor_rows += 1;
                assert!(
                    text(row).contains(&shown.name),
                    "{}: {of}'s row does not name it",
                    unit.id
                );
            }
        }
    }
    // xa-moi: three predecessors in 2021; xa-bac: xa-c; phuong-bac: xa-bac
    // in 2025 and xa-c.
    assert_eq!(predecessor_rows, 6);
    let moi = page(&pages, "xa-moi");
    assert!(moi.contains("data-unit=xa-a") || moi.contains("data-unit=\"xa-a\""));
}

/// The packed index read back: each entry's other names and what it is now.
fn search_aliases(script: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    let json = script
        .strip_prefix("window.CHISO_UNITS=")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap();
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let units = index["units"].as_array().unwrap();
    units
        .iter()
        .map(|u| {
            let names = u
                .get(5)
                .and_then(|a| a.as_array())
                .map(|a| a.iter().map(|n| n.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            let now = u
                .get(6)
                .and_then(|a| a.as_array())
                .map(|a| {
                    a.iter()
                        .map(|i| {
                            units[i.as_u64().unwrap() as usize][0]
                                .as_str()
                                .unwrap()
                                .to_string()
                        })
                        .collect()
                })
                .unwrap_or_default();
            (u[4].as_str().unwrap().to_string(), names, now)
        })
        .collect()
}

#[test]
fn search_finds_a_unit_by_its_former_and_predecessor_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo(FIXTURE), &out);
    let script = std::fs::read_to_string(out.join("assets/search-index.js")).unwrap();
    let entries = search_aliases(&script);
    let data = check(FIXTURE).dataset;
    let entry = |id: &str| entries.iter().find(|(i, _, _)| i == id).unwrap();
    for unit in &data.units {
        let (_, names, now) = entry(&unit.id);
        for former in &unit.former_names {
            assert!(names.contains(&former.name), "{}: {}", unit.id, former.name);
        }
        for e in data.all_predecessors(&unit.id) {
            let name = &data.unit(&e.from).unwrap().name;
            assert!(names.contains(name), "{}: {name}", unit.id);
        }
        // An old unit: what it is now, the units of today its territory
        // went to.
        let mut today: Vec<String> = data
            .all_successors(&unit.id)
            .iter()
            .filter(|e| data.successors(&e.to).is_empty())
            .map(|e| data.unit(&e.to).unwrap().name.clone())
            .collect();
        today.dedup();
        assert_eq!(now, &today, "{}", unit.id);
    }
    assert_eq!(entry("xa-c").2, ["UBND xã Đắk Tô", "UBND phường Bắc Kôi"]);
}

/// The unit list (the search without JavaScript) folds in the old names
/// and says what an old unit is now.
#[test]
fn the_unit_list_finds_a_unit_by_an_old_name_without_javascript() {
    let (_dir, pages) = built();
    let list = &pages["don-vi/index.html"];
    let folds = attributes(list, "data-fold");
    let fold = chiso::text::fold("Đắk Tô Mới");
    assert!(folds.iter().any(|f| f.contains(&fold)), "{folds:?}");
    let fold = chiso::text::fold("Đắk Tô Re");
    assert!(
        folds.iter().filter(|f| f.contains(&fold)).count() >= 2,
        "the new unit is found by its predecessor's name: {folds:?}"
    );
    assert!(
        text(list).contains("nay là UBND xã Đắk Tô"),
        "{}",
        text(list)
    );
}

/// The fixture with `xa-b` kept past the reorganisation and scored in
/// 2025 as in 2021; with `absorbs`, another commune merged into it in
/// between.
fn reused_id(absorbs: bool) -> (tempfile::TempDir, chiso::Checked) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo(FIXTURE), &data);
    edit_file(&data.join("units.csv"), |t| {
        let t = t.replace("thu-nghiem,,,2025-06-30,00103,", "thu-nghiem,,,,00103,");
        if absorbs {
            t + "xa-g,UBND xã Hòa Phú,Hòa Phú,commune,thu-nghiem,,,2025-06-30,,\n"
        } else {
            t
        }
    });
    edit_file(&data.join("lineage.csv"), |t| {
        let t = t.replace(
            "2025-07-01,xa-b,xa-moi,merge,,Nghị quyết 1656/NQ-UBTVQH15,\n",
            "",
        );
        if absorbs {
            t + "2025-07-01,xa-g,xa-b,merge,,Nghị quyết 1656/NQ-UBTVQH15,\n"
        } else {
            t
        }
    });
    edit_file(&data.join("editions/2025/scores.csv"), |t| {
        let rows: String = std::fs::read_to_string(data.join("editions/2021/scores.csv"))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("xa-b,"))
            .map(|l| format!("{l}\n"))
            .collect();
        t + &rows
    });
    let checked = check_dir(&data);
    assert!(
        checked.errors().next().is_none(),
        "{:#?}",
        checked.diagnostics
    );
    (dir, checked)
}

fn change_2025(checked: &chiso::Checked, id: &str) -> Option<chiso::compute::Change> {
    groups(checked)
        .filter(|(e, _, _)| e.year == 2025)
        .find_map(|(_, _, g)| g.unit(id))
        .unwrap_or_else(|| panic!("{id} is ranked in 2025"))
        .change
        .clone()
}

#[test]
fn a_unit_that_absorbed_another_has_no_change_across_the_merge() {
    let (_dir, same) = reused_id(false);
    assert!(change_2025(&same, "xa-b").is_some(), "the same commune");
    let (_dir, merged) = reused_id(true);
    assert!(
        change_2025(&merged, "xa-b").is_none(),
        "its territory changed on 01/07/2025"
    );
}

#[test]
fn a_new_unit_shows_new_unit_in_the_ranking() {
    let (_dir, pages) = built();
    let ranking = &pages["2025/xa/index.html"];
    for id in ["xa-moi", "xa-bac"] {
        let row = ranking
            .split("<tr")
            .find(|r| r.contains(&format!("don-vi/{id}.html")))
            .unwrap_or_else(|| panic!("{id} is ranked"));
        assert!(text(row).contains("đơn vị mới"), "{id}: {}", text(row));
    }
    assert!(text(page(&pages, "xa-moi")).contains("đơn vị mới"));
}

#[test]
fn a_new_unit_trend_has_a_line_per_predecessor() {
    let (_dir, pages) = built();
    let html = page(&pages, "xa-moi");
    let trend = html
        .split("<svg")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap())
        .find(|s| s.contains("Đắk Tô – "))
        .expect("a trend chart");
    for name in ["Đắk Tô Re", "Tân Lập", "Đăk Kôi"] {
        assert!(trend.contains(name), "{name} has no line");
    }
}

#[test]
fn lineage_text_from_the_data_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo(FIXTURE), &data);
    edit_file(&data.join("units.csv"), |t| {
        t.replace("UBND xã Đắk Tô Re,", "UBND xã <b>Re</b>,")
            .replace("UBND xã Đắk Tô Mới (", "UBND xã <i>Mới</i> (")
    });
    edit_file(&data.join("lineage.csv"), |t| {
        t.replace(
            "2025-07-01,xa-a,xa-moi,merge,,Nghị quyết 1656/NQ-UBTVQH15,",
            "2025-07-01,xa-a,xa-moi,merge,,<script>alert(1)</script>,",
        )
    });
    let out = dir.path().join("public");
    build_site(&data, &out);
    let pages = html_pages(&out);
    let mut seen = 0;
    for (path, html) in &pages {
        for raw in ["<b>Re", "<i>Mới", "<script>alert"] {
            assert!(!html.contains(raw), "{path} carries raw {raw}");
        }
        seen +=
            usize::from(html.contains("&lt;script&gt;alert") || html.contains("&lt;script>alert"));
        seen += usize::from(html.contains("&lt;i&gt;Mới") || html.contains("&lt;i>Mới"));
    }
    assert!(
        seen >= 2,
        "the basis and the former name are shown, escaped"
    );
    let reorganisation = &pages["sap-xep-don-vi.html"];
    assert!(reorganisation.contains("&lt;script"), "the basis, escaped");
    let index = std::fs::read_to_string(out.join("assets/search-index.js")).unwrap();
    assert!(!index.contains("<b>") && !index.contains("<i>"));
}

/// The sample data, with the 2025 reorganisation, built once per test.
fn built_sample() -> (tempfile::TempDir, BTreeMap<String, String>, chiso::Checked) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo("data"), &out);
    let pages = html_pages(&out);
    (dir, pages, check("data"))
}

#[test]
fn a_district_merged_into_its_province_reads_as_dissolved_with_its_communes_successors() {
    let (_dir, pages, checked) = built_sample();
    let data = &checked.dataset;
    let html = page(&pages, "minh-chau");
    let district = text(html);
    assert!(
        district.contains(
            "Chấm dứt hoạt động từ 01/07/2025. Căn cứ: Luật Tổ chức chính quyền địa phương số 72/2025/QH15."
        ),
        "{district}"
    );
    assert!(!district.contains("được sắp xếp vào"), "{district}");
    let communes: Vec<_> = data
        .units
        .iter()
        .filter(|u| u.parent.as_deref() == Some("minh-chau"))
        .collect();
    assert!(communes.len() > 5);
    for commune in communes {
        assert!(links_to(html, &commune.id), "no link to {}", commune.id);
        assert!(
            district.contains(&format!("{} →", commune.name)),
            "{}",
            commune.name
        );
        let (_, edges) = data.became(&commune.id).unwrap();
        for e in edges {
            assert!(links_to(html, &e.to), "no link to {}", e.to);
            let to = data.unit(&e.to).unwrap();
            assert!(
                district.contains(&to.name),
                "{} -> {}",
                commune.name,
                to.name
            );
        }
    }
    // A commune merged into another commune keeps the ordinary wording.
    let commune = text(page(&pages, "quang-trung"));
    assert!(
        commune.contains("Từ 01/07/2025 được sắp xếp vào: Phường Quang Trung"),
        "{commune}"
    );
}

/// The reorganisation page's sections, by their heading's date as shown.
fn reorganisation_sections(html: &str) -> Vec<(String, String)> {
    html.split("<h2")
        .skip(1)
        .map(|s| {
            let t = text(&format!("<h2{s}"));
            let date = t.split(' ').next().unwrap_or("").to_string();
            (date, s.to_string())
        })
        .collect()
}

/// The changes a reorganisation page lists, one item each.
fn change_items(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split("<li data-fold")
        .skip(1)
        .map(|s| format!("<li{}", s.split("</li>").next().unwrap_or("")))
}

fn shown(day: chiso::model::Day) -> String {
    format!("{:02}/{:02}/{}", day.day, day.month, day.year)
}

#[test]
fn the_reorganisation_page_lists_every_change_by_date_with_its_basis() {
    let (_dir, pages, checked) = built_sample();
    let data = &checked.dataset;
    assert!(!data.lineage.is_empty());
    let html = pages
        .get("sap-xep-don-vi.html")
        .expect("a reorganisation page");
    let sections = reorganisation_sections(html);
    for e in &data.lineage {
        let (_, section) = sections
            .iter()
            .find(|(d, _)| *d == shown(e.date))
            .unwrap_or_else(|| panic!("no section for {}", shown(e.date)));
        let from = format!("don-vi/{}.html", e.from);
        let to = format!("don-vi/{}.html", e.to);
        let row = change_items(section)
            .find(|r| r.contains(&from) && r.contains(&to))
            .unwrap_or_else(|| panic!("no change {} -> {}", e.from, e.to));
        let row = text(&row);
        let from_name = data.unit(&e.from).unwrap().name_on(e.date.previous());
        let to_name = data.unit(&e.to).unwrap().name_on(e.date);
        assert!(row.contains(from_name), "{row}");
        assert!(row.contains(to_name), "{row}");
        // Its own basis, or, citing none of its own, the one the date's
        // changes share.
        if let Some(basis) = &e.basis {
            let shared =
                format!("Căn cứ của các thay đổi dưới đây, trừ thay đổi ghi căn cứ riêng: {basis}");
            assert!(
                row.contains(basis.as_str())
                    || (!row.contains("Căn cứ") && text(section).contains(&shared)),
                "{row}"
            );
        }
    }
    // The home page and the unit list lead to it.
    for p in ["index.html", "don-vi/index.html"] {
        assert!(
            attributes(&pages[p], "href")
                .iter()
                .any(|h| h.ends_with("sap-xep-don-vi.html")),
            "{p}"
        );
    }
}

#[test]
fn the_reorganisation_page_counts_units_of_each_kind_before_and_after() {
    let (_dir, pages, checked) = built_sample();
    let data = &checked.dataset;
    let sections = reorganisation_sections(&pages["sap-xep-don-vi.html"]);
    let first = data.lineage[0].date;
    let dates: Vec<_> = data.lineage.iter().map(|e| e.date).collect();
    for day in [first, *dates.last().unwrap()] {
        let (_, section) = sections.iter().find(|(d, _)| *d == shown(day)).unwrap();
        let section = text(&format!("<h2{section}"));
        for (_, kind) in chiso::model::UnitKind::ALL {
            let count = |d| {
                data.units
                    .iter()
                    .filter(|u| u.kind == kind && u.valid_on(d))
                    .count()
            };
            let (before, after) = (count(day.previous()), count(day));
            if before + after > 0 {
                let label = chiso::i18n::kind_label(data.site.language, kind);
                let row = format!("{label} {before} {after}");
                assert!(section.contains(&row), "{row} in {section}");
            }
        }
    }
    // The district level ends on 01/07/2025.
    let (_, wave) = sections.iter().find(|(d, _)| d == "01/07/2025").unwrap();
    assert!(text(wave).contains("Huyện 8 0"), "{}", text(wave));
}

/// The national preset's shape, small: all 63 provinces, a few units each,
/// the editions of 2024 and 2025.
fn built_country() -> (tempfile::TempDir, BTreeMap<String, String>, chiso::Checked) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let size = chiso::sample::SampleSize {
        provinces: 63,
        departments: 3,
        districts: 2,
        communes_per_district: 3,
        editions: 2,
        first_year: 2024,
        ..chiso::sample::Preset::National.size()
    };
    chiso::sample::write_sized(&size, 1, &data).unwrap();
    let out = dir.path().join("public");
    build_site(&data, &out);
    let pages = html_pages(&out);
    let checked = check_dir(&data);
    (dir, pages, checked)
}

#[test]
fn the_national_sample_merges_63_provinces_into_34_as_the_resolution_did() {
    use chiso::model::{Day, UnitKind};
    let (_dir, pages, checked) = built_country();
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let data = &checked.dataset;
    let count = |kind, day: &str| {
        let day = Day::parse(day).unwrap();
        data.units
            .iter()
            .filter(|u| u.kind == kind && u.valid_on(day))
            .count()
    };
    assert_eq!(count(UnitKind::Province, "2025-06-30"), 63);
    assert_eq!(count(UnitKind::Province, "2025-07-01"), 34);
    assert_eq!(count(UnitKind::District, "2025-07-01"), 0);
    let (before, after) = (
        count(UnitKind::Commune, "2025-06-30"),
        count(UnitKind::Commune, "2025-07-01"),
    );
    assert!(
        (25..=35).contains(&(before * 10 / after)),
        "{before} communes became {after}"
    );
    // Hà Giang and Tuyên Quang became the new Tỉnh Tuyên Quang, which is
    // not the old one though it took its name.
    let new = data
        .units
        .iter()
        .find(|u| u.name == "Tỉnh Tuyên Quang" && u.first_day().is_some())
        .expect("the new Tuyên Quang");
    let from: Vec<&str> = data
        .predecessors(&new.id)
        .iter()
        .map(|e| data.unit(&e.from).unwrap().name.as_str())
        .filter(|n| n.starts_with("Tỉnh"))
        .collect();
    assert_eq!(from, ["Tỉnh Tuyên Quang", "Tỉnh Hà Giang"]);
    let said = text(page(&pages, &new.id));
    assert!(
        said.contains(
            "Thành lập từ 01/07/2025 trên cơ sở sắp xếp Tỉnh Tuyên Quang và Tỉnh Hà Giang ."
        ),
        "the new province names the provinces it was formed from: {said}"
    );
    // Their districts ended into it; it was not formed from them.
    let absorbed = said
        .split("chấm dứt hoạt động, địa bàn thuộc trực tiếp đơn vị này:")
        .nth(1)
        .expect("the districts dissolved into it");
    assert!(
        absorbed.trim_start().starts_with("Huyện")
            || absorbed.trim_start().starts_with("Thị xã")
            || absorbed.trim_start().starts_with("Thành phố"),
        "{absorbed}"
    );
    // Hà Nội was not merged: the same unit before and after.
    let hanoi = data
        .units
        .iter()
        .find(|u| u.name == "Thành phố Hà Nội")
        .unwrap();
    assert!(hanoi.last_day().is_none());
    assert!(data
        .predecessors(&hanoi.id)
        .iter()
        .all(|e| data.unit(&e.from).unwrap().kind == UnitKind::District));
}

#[test]
fn a_national_reorganisation_has_a_page_per_province_listing_each_change_once() {
    let (_dir, pages, checked) = built_country();
    let data = &checked.dataset;
    let index = &pages["sap-xep-don-vi.html"];
    let parts: Vec<String> = attributes(index, "href")
        .into_iter()
        .filter(|h| h.contains("sap-xep-don-vi/"))
        .map(|h| h.trim_start_matches("./").to_string())
        .collect();
    assert_eq!(parts.len(), 34, "{parts:?}");
    // The index keeps the counts, and only the counts and the provinces.
    assert!(text(index).contains("Tỉnh 63 34"), "{}", text(index));
    assert!(index.len() < 40_000, "{} bytes", index.len());
    // A new province that took an old one's name says since when.
    assert!(
        text(index).contains("Tỉnh An Giang (từ 01/07/2025)"),
        "{}",
        text(index)
    );
    let items: Vec<String> = parts
        .iter()
        .flat_map(|p| change_items(&pages[p.as_str()]).collect::<Vec<_>>())
        .collect();
    for e in &data.lineage {
        let from = format!("don-vi/{}.html", e.from);
        let to = format!("don-vi/{}.html", e.to);
        let holding = items
            .iter()
            .filter(|r| attributes(r, "href").iter().any(|h| h.ends_with(&from)))
            .filter(|r| attributes(r, "href").iter().any(|h| h.ends_with(&to)))
            .count();
        assert_eq!(holding, 1, "{} -> {}", e.from, e.to);
    }
    let broken = check_links(&_dir.path().join("public"));
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A commune only renamed on 1 July 2025 (a new id, the same territory)
/// shows its change since its old name's last result: the index compares,
/// the rank (among the old map's communes) does not.
#[test]
fn a_unit_only_renamed_under_a_new_id_shows_its_change_not_new_unit() {
    use chiso::model::LineageKind;
    let (_dir, pages, checked) = built_sample();
    let data = &checked.dataset;
    let renamed: Vec<&chiso::model::LineageEdge> = data
        .lineage
        .iter()
        .filter(|e| e.kind == LineageKind::Rename && data.lineage_to(&e.to).count() == 1)
        .collect();
    assert!(!renamed.is_empty());
    for e in renamed {
        let change = change_2025(&checked, &e.to)
            .unwrap_or_else(|| panic!("{} has no change since {}", e.to, e.from));
        assert_eq!(change.previous_year, 2024);
        assert_eq!(change.rank, None, "ranked among other units in 2024");
        let before = groups(&checked)
            .filter(|(ed, _, _)| ed.year == 2024)
            .find_map(|(_, _, g)| g.unit(&e.from))
            .unwrap();
        let now = groups(&checked)
            .filter(|(ed, _, _)| ed.year == 2025)
            .find_map(|(_, _, g)| g.unit(&e.to))
            .unwrap();
        assert_eq!(change.index, now.shown - before.shown);
        let ranking = pages
            .iter()
            .filter(|(p, _)| p.starts_with("2025/") && p.ends_with("/index.html"))
            .find_map(|(_, html)| {
                html.split("<tr")
                    .find(|r| r.contains(&format!("don-vi/{}.html", e.to)))
            })
            .expect("ranked in 2025");
        assert!(!text(ranking).contains("đơn vị mới"), "{}", text(ranking));
    }
}

/// `xa-e` moved from huyện Thử Nghiệm to huyện Khác on 01/01/2024: its page,
/// the unit list and its new district's page place it under the new one.
#[test]
fn a_moved_unit_is_shown_under_its_new_parent() {
    let (_dir, pages) = built();
    let moved = page(&pages, "xa-e");
    let crumbs = moved
        .split("class=breadcrumb")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .expect("a breadcrumb");
    assert!(
        links_to(crumbs, "huyen-khac"),
        "its breadcrumb is the new district"
    );
    assert!(!links_to(crumbs, "thu-nghiem"), "{crumbs}");
    let children = |id: &str| {
        let html = page(&pages, id);
        html.split("don-vi/xa-e.html").count() - 1
    };
    assert!(children("huyen-khac") >= 1);
    assert_eq!(
        children("thu-nghiem"),
        0,
        "no longer listed under the old one"
    );
}

/// The province formed in 2025 was never scored; the districts dissolved
/// into it were districts, ranked among districts: its page shows no
/// history of theirs as its own.
#[test]
fn a_new_province_shows_no_dissolved_districts_results_as_its_history() {
    let (_dir, pages, checked) = built_country();
    let data = &checked.dataset;
    let new = data
        .units
        .iter()
        .find(|u| u.name == "Tỉnh Tuyên Quang" && u.first_day().is_some())
        .unwrap();
    assert!(data
        .predecessors(&new.id)
        .iter()
        .any(|e| data.unit(&e.from).unwrap().kind == chiso::model::UnitKind::District));
    let html = page(&pages, &new.id);
    assert!(
        !html.contains("lineage-break"),
        "a history break on {}",
        new.id
    );
    assert!(!html.contains("data-unit="), "predecessors' result rows");
}

/// A province's communes drawn from a file of the whole country show the
/// province: the page's map and a commune's locator are cut to the group's
/// area, so no commune page carries the country.
#[test]
fn a_provinces_map_from_a_national_file_shows_the_province() {
    let (dir, pages, checked) = built_country();
    let data = &checked.dataset;
    assert!(!data.maps.is_empty(), "the sample draws the country");
    let commune = data
        .units
        .iter()
        .find(|u| u.kind == chiso::model::UnitKind::Commune && u.first_day().is_some())
        .unwrap();
    let page = page(&pages, &commune.id);
    let locator = page
        .split("class=\"map-svg\"")
        .next()
        .and_then(|before| before.rsplit("<svg").next())
        .expect("a locator map");
    assert!(
        !locator.contains("viewBox=\"-2 -2"),
        "the whole country: {locator}"
    );
    let biggest = pages
        .iter()
        .filter(|(p, _)| p.starts_with("don-vi/") && !p.ends_with("index.html"))
        .map(|(p, h)| (h.len(), p))
        .max()
        .unwrap();
    assert!(
        biggest.0 < 100 * 1024,
        "{} is {} bytes",
        biggest.1,
        biggest.0
    );
    let files = tree(&dir.path().join("public"));
    let group_map = files
        .iter()
        .find(|(p, _)| p.starts_with("2025/") && p.ends_with("-xa-dac-khu/ban-do.svg"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("a province's map file");
    assert!(
        !group_map.contains("viewBox=\"-2 -2"),
        "the whole country in a province's map"
    );
}

/// The legal basis most changes of a date cite is said once, above them;
/// a change citing another says its own.
#[test]
fn a_basis_most_changes_of_a_date_share_is_said_once() {
    let html =
        std::fs::read_to_string(super::site::sample_out().join("sap-xep-don-vi.html")).unwrap();
    assert_eq!(html.matches("Nghị quyết 1656/NQ-UBTVQH15").count(), 1);
    assert!(html.contains(
        "Căn cứ của các thay đổi dưới đây, trừ thay đổi ghi căn cứ riêng: Nghị quyết 1656/NQ-UBTVQH15"
    ));
    assert!(html.contains("Căn cứ: Luật Tổ chức chính quyền địa phương số 72/2025/QH15"));
}
