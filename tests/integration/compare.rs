//! Comparing units: each unit page against its group's mean, a page per
//! parent with its units side by side, the free comparison's page and
//! data scripts, and the rankings' filter by parent.

use super::site::{attributes, build_site, check_links, html_pages, sample, sample_out};
use super::*;
use chiso::model::{Day, Language};
use rust_decimal::Decimal;

fn out() -> PathBuf {
    sample_out()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn vi(value: Decimal, decimals: u32) -> String {
    chiso::i18n::number(value, decimals, Language::Vi)
}

/// The unit page's line comparing it with its group's mean.
fn mean_section(page: &str) -> Option<&str> {
    let start = page.find("id=so-sanh")?;
    let end = page[start..].find("</p>").map_or(page.len(), |e| start + e);
    Some(&page[start..end])
}

/// The mean of the unrounded scores of a field over the units where it
/// applies, as shown.
fn field_mean(gr: &chiso::compute::GroupResult, code: &str, decimals: u32) -> String {
    let scores: Vec<Decimal> = gr
        .units
        .iter()
        .filter_map(|u| u.node(code))
        .filter(|n| n.applicable())
        .filter_map(|n| n.score())
        .collect();
    vi(
        scores.iter().sum::<Decimal>() / Decimal::from(scores.len()),
        decimals,
    )
}

#[test]
fn every_ranked_unit_is_compared_with_its_group_mean_from_unrounded_figures() {
    let (_, checked) = sample();
    let mut latest: std::collections::HashMap<
        &str,
        (&chiso::model::Edition, &chiso::compute::GroupResult),
    > = Default::default();
    for (edition, _, gr) in groups(checked) {
        for u in &gr.units {
            latest.insert(&u.unit, (edition, gr));
        }
    }
    assert!(latest.len() > 100, "the sample ranks its units");
    for (unit, (edition, gr)) in latest {
        let page = read(&format!("don-vi/{unit}.html"));
        let section = mean_section(&page).unwrap_or_else(|| panic!("{unit}: no comparison"));
        let d = edition.decimals;
        // The mean of the unrounded indices, rounded only when shown.
        let mean =
            gr.units.iter().map(|u| u.index).sum::<Decimal>() / Decimal::from(gr.units.len());
        let mine = gr.unit(unit).unwrap();
        assert!(
            section.contains(&format!("nhóm {},", vi(mean, d)))
                || section.contains(&format!("nhóm {} (", vi(mean, d))),
            "{unit}: group mean {} missing in {section}",
            vi(mean, d)
        );
        assert!(
            section.contains(&format!("chỉ số {}", vi(mine.shown, d))),
            "{unit}: its index"
        );
        let difference = chiso::i18n::signed(mine.index - mean, d, Language::Vi);
        assert!(
            section.contains(&format!(">{difference}<")),
            "{unit}: difference {difference}"
        );
        assert!(
            attributes(section, "href").contains(&format!("../so-sanh.html?u={unit}")),
            "{unit}: the free comparison starts with it"
        );
    }
}

/// A unit as ranked: its id, index as shown and rank.
type Ranked<'a> = (&'a str, String, u32);

#[test]
fn each_parent_page_sets_its_units_side_by_side_with_their_figures() {
    let (_, checked) = sample();
    let dataset = &checked.dataset;
    // Parent -> the latest edition units were ranked under it, its units.
    let mut parents: std::collections::BTreeMap<&str, (i32, Vec<Ranked>)> = Default::default();
    // Per year and group, the group's mean row as the pages must show it.
    let mut mean_rows: std::collections::HashMap<(i32, &str), Vec<String>> = Default::default();
    for (edition, group, gr) in groups(checked) {
        let mut row = vec![vi(
            gr.units.iter().map(|u| u.index).sum::<Decimal>() / Decimal::from(gr.units.len()),
            edition.decimals,
        )];
        row.extend(
            gr.fields
                .iter()
                .map(|f| field_mean(gr, &f.code, edition.decimals)),
        );
        mean_rows.insert((edition.year, group.name.as_str()), row);
        for u in &gr.units {
            let unit = dataset.units.iter().find(|x| x.id == u.unit).unwrap();
            let Some(parent) = dataset.parent_on(unit, Day::last_of_year(edition.year)) else {
                continue;
            };
            let entry = parents.entry(parent).or_insert((edition.year, Vec::new()));
            if entry.0 < edition.year {
                *entry = (edition.year, Vec::new());
            }
            entry
                .1
                .push((&u.unit, vi(u.shown, edition.decimals), u.rank));
        }
    }
    assert!(parents.len() > 5);
    for (parent, (year, units)) in &parents {
        let page = read(&format!("so-sanh/{parent}.html"));
        assert!(page.contains(&format!("năm {year}")), "{parent}: {year}");
        for (unit, index, rank) in units {
            let row_at = page
                .find(&format!("<tr id=\"u-{unit}\">"))
                .or_else(|| page.find(&format!("<tr id=u-{unit}>")))
                .unwrap_or_else(|| panic!("{parent}: no row for {unit}"));
            let row = &page[row_at..page[row_at..].find("</tr>").unwrap() + row_at];
            assert!(
                row.contains(&format!(">{rank}<")),
                "{parent} {unit}: rank {rank}"
            );
            assert!(
                row.contains(&format!(">{index}<")),
                "{parent} {unit}: index {index}"
            );
        }
        assert!(
            page.contains("Trung bình nhóm"),
            "{parent}: the group's mean"
        );
        // The parent's unit page lists them with their scores and links here.
        let unit_page = read(&format!("don-vi/{parent}.html"));
        let links = attributes(&unit_page, "href");
        assert!(
            links.contains(&format!("../so-sanh/{parent}.html")),
            "{parent}"
        );
        let (unit, index, _) = &units[0];
        let children = &unit_page[unit_page
            .find("id=don-vi-truc-thuoc")
            .unwrap_or_else(|| panic!("{parent}: lists its units"))..];
        let at = children
            .find(&format!("{unit}.html"))
            .unwrap_or_else(|| panic!("{parent}: lists {unit}"));
        let row = &children[at..];
        assert!(
            row[..row.find("</tr>").unwrap()].contains(&format!(">{index}<")),
            "{parent}: {unit}'s index {index}"
        );
    }
}

#[test]
fn comparison_links_resolve_and_the_free_comparison_lists_the_prebuilt_ones() {
    let broken = check_links(&out());
    assert!(broken.is_empty(), "{broken:#?}");
    let page = read("so-sanh.html");
    assert!(
        page.contains("id=compare-nojs"),
        "says what to do without JavaScript"
    );
    let listed = attributes(&page, "href")
        .into_iter()
        .filter(|h| h.starts_with("so-sanh/"))
        .count();
    let pages = html_pages(&out())
        .into_keys()
        .filter(|p| p.starts_with("so-sanh/"))
        .count();
    assert_eq!(listed, pages, "every parent's comparison is listed");
    // A unit page leads to its row on its parent's page.
    let unit_pages = html_pages(&out());
    let with_row_link = unit_pages
        .iter()
        .filter(|(p, _)| p.starts_with("don-vi/"))
        .filter(|(_, h)| {
            attributes(h, "href")
                .iter()
                .any(|a| a.contains("so-sanh/") && a.contains("#u-"))
        })
        .count();
    assert!(
        with_row_link > 50,
        "{with_row_link} unit pages link to their row"
    );
}

/// The free comparison's data script of one group: one call of
/// `CHISO_CMP(key, data)`.
fn data_script(path: &str) -> (String, serde_json::Value) {
    let text = read(path);
    let call = text
        .strip_prefix("window.CHISO_CMP&&CHISO_CMP(")
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{path}: one call"));
    let value: serde_json::Value = serde_json::from_str(&format!("[{call}]")).unwrap();
    (value[0].as_str().unwrap().to_string(), value[1].clone())
}

#[test]
fn the_free_comparison_finds_each_units_latest_figures_in_its_groups_script() {
    let (_, checked) = sample();
    let index = read("assets/search-index.js");
    let json = index
        .strip_prefix("window.CHISO_UNITS=")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap();
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut seen = 0;
    for u in index["units"].as_array().unwrap() {
        let Some(latest) = u.get(7).and_then(|l| l.as_array()) else {
            continue;
        };
        let id = u[4].as_str().unwrap();
        let year = latest[0].as_i64().unwrap() as i32;
        let group = index["groups"][latest[3].as_u64().unwrap() as usize]
            .as_str()
            .unwrap();
        let (key, data) = data_script(&format!("so-sanh/du-lieu/{year}-{group}.js"));
        assert_eq!(key, format!("{year}-{group}"));
        let result = checked.results.group(year, group).unwrap();
        let mine = result.unit(id).unwrap();
        let row = &data["units"][id];
        assert_eq!(
            row[0],
            serde_json::json!(latest[1]),
            "{id}: the index as shown"
        );
        assert_eq!(row[1], serde_json::json!(mine.rank), "{id}: rank");
        assert_eq!(data["count"], serde_json::json!(result.units.len()));
        let mean = result.units.iter().map(|u| u.index).sum::<Decimal>()
            / Decimal::from(result.units.len());
        assert_eq!(data["mean"], serde_json::json!(vi(mean, 2)));
        // Its index over the years, newest last.
        let trend = row[5].as_array().unwrap();
        assert_eq!(trend.last().unwrap()[0], serde_json::json!(year));
        seen += 1;
    }
    assert!(seen > 100);
}

#[test]
fn rankings_offer_a_filter_by_parent_only_where_units_have_several() {
    let (_, checked) = sample();
    for (edition, group, gr) in groups(checked) {
        let page = read(&format!("{}/{}/index.html", edition.year, group.id));
        let parents: std::collections::BTreeSet<&str> = gr
            .units
            .iter()
            .filter_map(|u| {
                let unit = checked.dataset.units.iter().find(|x| x.id == u.unit)?;
                checked
                    .dataset
                    .parent_on(unit, Day::last_of_year(edition.year))
            })
            .collect();
        let filtered = page.contains("data-parents=");
        assert_eq!(filtered, parents.len() > 1, "{} {}", edition.year, group.id);
        if filtered {
            assert_eq!(page.matches("<tr data-p=").count(), gr.units.len());
        }
    }
}

#[test]
fn hostile_names_stay_text_in_every_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("tests/fixtures/valid"), &data);
    edit_file(&data.join("units.csv"), |text| {
        text.replace(
            "UBND xã Tân Lập,Tân Lập",
            "\"</script><script>alert('tên')</script>\",<b>Tân</b>",
        )
    });
    let out = dir.path().join("public");
    build_site(&data, &out);
    let mut compared = 0;
    for (path, html) in html_pages(&out) {
        if !(path.starts_with("so-sanh") || path.starts_with("don-vi/")) {
            continue;
        }
        for raw in ["<script>alert", "<b>Tân</b>"] {
            assert!(!html.contains(raw), "{path} carries raw {raw}");
        }
        compared += usize::from(html.contains("id=so-sanh") || path.starts_with("so-sanh/"));
    }
    assert!(compared > 0, "the fixture has comparisons");
    for entry in walkdir::WalkDir::new(out.join("so-sanh/du-lieu")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains('<'), "{}: a raw <", entry.path().display());
        }
    }
}
