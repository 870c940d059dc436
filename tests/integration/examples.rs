//! The real published results reproduce exactly.

use super::*;
use chiso::compute::GroupResult;
use chiso::decimal::round_half_up;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn shown(value: Decimal) -> String {
    round_half_up(value, 2).to_string()
}

fn group<'a>(checked: &'a Checked, year: i32, id: &str) -> &'a GroupResult {
    checked.results.group(year, id).unwrap()
}

#[test]
fn kon_ray_district() {
    let checked = check("examples/kon-ray-2021");
    let unit = group(&checked, 2021, "huyen").unit("kon-ray").unwrap();
    assert_eq!(unit.achieved, Some(d("81.45")));
    assert_eq!(unit.max, Some(d("95")));
    assert_eq!(shown(unit.index), "85.74");
    assert_eq!(unit.band.as_deref(), Some("Tốt"));
}

#[test]
fn kon_ray_lost_points_add_up_per_field() {
    let checked = check("examples/kon-ray-2021");
    let unit = group(&checked, 2021, "huyen").unit("kon-ray").unwrap();
    for (field, lost) in [
        ("1", "3.51"),
        ("3", "0.52"),
        ("4", "1"),
        ("5", "0.5"),
        ("6", "3.5"),
        ("7", "4.52"),
    ] {
        let node = unit.node(field).unwrap();
        assert_eq!(node.lost(), Some(d(lost)), "field {field}");
        let children: Decimal = unit
            .nodes
            .iter()
            .filter(|n| n.field() == field && n.depth() > 0)
            .filter_map(|n| n.lost())
            .sum();
        assert_eq!(children, d(lost), "sub-criteria of field {field}");
    }
    let field1: Vec<Decimal> = unit
        .nodes
        .iter()
        .filter(|n| n.field() == "1" && n.depth() > 0)
        .filter_map(|n| n.lost())
        .collect();
    let expected: Vec<Decimal> = ["0.25", "0.25", "0.25", "0.5", "1", "1.09", "0.17"]
        .iter()
        .map(|s| d(s))
        .collect();
    assert_eq!(field1, expected);
    let late = unit.node("1.2.1").unwrap();
    assert!(late.note().unwrap().contains("trễ hạn"));
    assert_eq!(late.responsible(), Some("Phòng Nội vụ huyện"));
}

#[test]
fn kon_ray_communes() {
    let checked = check("examples/kon-ray-2021");
    let xa = group(&checked, 2021, "xa");
    for (id, achieved, max, index, band) in [
        ("dak-to-re", "79.3", "97", "81.75", "Tốt"),
        ("dak-to-lung", "81.4", "95.5", "85.24", "Tốt"),
        ("tan-lap", "78.77", "94", "83.80", "Tốt"),
        ("dak-koi", "77.9", "96", "81.15", "Tốt"),
        ("dak-rve", "62.12", "94", "66.09", "Khá"),
        ("dak-pne", "77.5", "96", "80.73", "Tốt"),
    ] {
        let unit = xa.unit(id).unwrap();
        assert_eq!(unit.achieved, Some(d(achieved)), "{id}");
        assert_eq!(unit.max, Some(d(max)), "{id}");
        assert_eq!(shown(unit.index), index, "{id}");
        assert_eq!(unit.band.as_deref(), Some(band), "{id}");
    }
    // Đăk Ruồng's field scores add up to 76.65, not the printed 78.15.
    let ruong = xa.unit("dak-ruong").unwrap();
    assert_eq!(ruong.achieved, Some(d("76.65")));
    assert_eq!(shown(ruong.index), "80.68");
}

#[test]
fn kon_ray_discrepancy_is_reported_exactly_once() {
    let checked = check("examples/kon-ray-2021");
    let errors = errors(&checked);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors[0];
    assert_eq!(e.code, "published-differs");
    assert!(e.location.file.ends_with("editions/2021/published-xa.csv"));
    assert_eq!(e.location.line, Some(6));
    // The achieved cell, the first printed figure that differs.
    assert_eq!(e.location.column, Some(2));
    assert!(e.message.contains("Đăk Ruồng"), "{}", e.message);
    let found = e.found.as_deref().unwrap();
    let expected = e.expected.as_deref().unwrap();
    assert!(
        found.contains("78.15") && found.contains("82.26"),
        "{found}"
    );
    assert!(
        expected.contains("76.65") && expected.contains("80.68"),
        "{expected}"
    );
}

#[test]
fn kon_ray_published_anyway_shows_both_figures() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("examples/kon-ray-2021"), dir.path());
    edit_file(&dir.path().join("editions/2021/published-xa.csv"), |text| {
        text.replace("unit,achieved,max,index,band\n", "unit,achieved,max,index,band,discrepancy_note\n")
        .replace(
            "dak-ruong,78.15,95,82.26,Tốt",
            "dak-ruong,78.15,95,82.26,Tốt,\"Báo cáo đã ký in 78,15 điểm; tổng điểm các lĩnh vực là 76,65.\"",
        )
    });
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let ruong = group(&checked, 2021, "xa").unit("dak-ruong").unwrap();
    assert_eq!(ruong.index, d("82.26"));
    assert_eq!(ruong.achieved, Some(d("78.15")));
    let computed = ruong.computed.as_ref().unwrap();
    assert_eq!(computed.achieved, Some(d("76.65")));
    assert_eq!(shown(computed.index.unwrap()), "80.68");
    assert!(ruong.discrepancy.is_some());
}

#[test]
fn kon_ray_names_fold_for_search() {
    let checked = check("examples/kon-ray-2021");
    let matching = |q: &str| {
        let q = chiso::text::fold(q);
        checked
            .dataset
            .units
            .iter()
            .filter(|u| chiso::text::fold(&u.name).contains(&q))
            .count()
    };
    assert_eq!(matching("dak"), 6);
    assert_eq!(matching("dak to"), 2);
}

#[test]
fn ha_nam_reproduces_every_printed_index_and_rank() {
    let checked = check("examples/ha-nam-2022");
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let edition = &checked.dataset.editions[0];
    for g in &edition.groups {
        let result = group(&checked, 2022, &g.id);
        let printed = &g.published.as_ref().unwrap().rows;
        assert_eq!(result.units.len(), printed.len());
        for row in printed {
            let unit = result.unit(&row.unit).unwrap();
            assert_eq!(
                round_half_up(unit.index, 2),
                row.index.unwrap(),
                "{}",
                row.unit
            );
            assert_eq!(Some(unit.rank), row.rank, "{}", row.unit);
        }
    }
    let so = group(&checked, 2022, "so-nganh");
    for (id, achieved, max, index) in [
        ("van-phong-ubnd-tinh", "56.75", "60", "94.58"),
        ("thanh-tra-tinh", "56.25", "60", "93.75"),
        ("ban-quan-ly-khu-dai-hoc-nam-cao", "50.75", "60", "84.58"),
    ] {
        let unit = so.unit(id).unwrap();
        assert_eq!(
            (unit.achieved, unit.max),
            (Some(d(achieved)), Some(d(max))),
            "{id}"
        );
        assert_eq!(shown(unit.index), index, "{id}");
    }
}

#[test]
fn ha_nam_department_statistics_come_from_unrounded_values() {
    let checked = check("examples/ha-nam-2022");
    let so = group(&checked, 2022, "so-nganh");
    let stats = so.stats.as_ref().unwrap();
    assert_eq!(stats.count, 19);
    assert_eq!(shown(stats.mean), "89.60");
    let rounded_mean: Decimal = so
        .units
        .iter()
        .map(|u| round_half_up(u.index, 2))
        .sum::<Decimal>()
        / Decimal::from(19);
    assert_eq!(
        shown(rounded_mean),
        "89.59",
        "the mean of rounded values would differ"
    );
    assert_eq!(stats.above_mean, 10);
    assert_eq!(shown(stats.max), "95.39");
    assert_eq!(shown(stats.min), "77.33");
    assert_eq!(shown(stats.gap), "18.06");
    assert_eq!(so.units[0].unit, "so-thong-tin-truyen-thong");
    assert_eq!(so.units.last().unwrap().unit, "so-lao-dong-tbxh");
    let bands: Vec<(&str, usize)> = stats
        .band_counts
        .iter()
        .map(|(n, c)| (n.as_str(), *c))
        .collect();
    assert_eq!(&bands[..3], &[("Xuất sắc", 2), ("Tốt", 14), ("Khá", 3)]);
}

#[test]
fn ha_nam_districts() {
    let checked = check("examples/ha-nam-2022");
    let huyen = group(&checked, 2022, "huyen");
    let stats = huyen.stats.as_ref().unwrap();
    assert_eq!(shown(stats.mean), "90.70");
    assert_eq!(shown(stats.gap), "10.30");
    let first = &huyen.units[0];
    assert_eq!(
        (first.unit.as_str(), shown(first.index).as_str()),
        ("phu-ly", "96.59")
    );
    assert_eq!(first.band.as_deref(), Some("Xuất sắc"));
    let last = huyen.units.last().unwrap();
    assert_eq!(
        (last.unit.as_str(), shown(last.index).as_str()),
        ("kim-bang", "86.29")
    );
    let ly_nhan = huyen.unit("ly-nhan").unwrap();
    let kim_bang = huyen.unit("kim-bang").unwrap();
    assert!(ly_nhan.rank < kim_bang.rank);
    assert!(ly_nhan.node("A").unwrap().score() < kim_bang.node("A").unwrap().score());
}

#[test]
fn ha_nam_survey_means_over_units_where_it_applies() {
    let checked = check("examples/ha-nam-2022");
    let survey = |g: &str| {
        group(&checked, 2022, g)
            .fields
            .iter()
            .find(|f| f.code == "B")
            .cloned()
            .unwrap()
    };
    let so = survey("so-nganh");
    assert_eq!(so.units, 16);
    assert_eq!(shown(so.mean_score), "9.45");
    let huyen = survey("huyen");
    assert_eq!(huyen.units, 6);
    assert_eq!(shown(huyen.mean_score), "9.65");
}

#[test]
fn tam_nong() {
    let checked = check("examples/tam-nong-2021");
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let unit = group(&checked, 2021, "huyen").unit("tam-nong").unwrap();
    assert_eq!(unit.achieved, Some(d("80.47")));
    assert_eq!(unit.max, Some(d("100")));
    assert_eq!(shown(unit.index), "80.47");
}

#[test]
fn node_figures_follow_from_score_and_max() {
    for dir in [
        "examples/ha-nam-2022",
        "examples/kon-ray-2021",
        "examples/tam-nong-2021",
        "data",
    ] {
        let checked = check(dir);
        let nodes = checked
            .results
            .editions
            .iter()
            .flat_map(|e| &e.groups)
            .flat_map(|g| &g.units)
            .flat_map(|u| &u.nodes);
        let mut count = 0;
        for n in nodes {
            let (score, max) = (n.score(), n.max());
            let percent = match (score, max) {
                (Some(s), Some(m)) if m > Decimal::ZERO => Some(s * Decimal::ONE_HUNDRED / m),
                _ => None,
            };
            assert_eq!(n.percent(), percent, "{dir} {}", n.code());
            assert_eq!(
                n.percent().map(|p| p.to_string()),
                percent.map(|p| p.to_string())
            );
            let lost = score.zip(max).map(|(s, m)| m - s);
            assert_eq!(n.lost(), lost, "{dir} {}", n.code());
            count += 1;
        }
        assert!(count > 0, "{dir}");
    }
}
