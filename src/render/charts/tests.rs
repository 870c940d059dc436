//! Checks common to every chart, and the SVG reading and sample data that
//! each chart's own tests use.

use super::axes::integer_ticks;
use super::distribution::distribution_chart;
use super::fields::{field_chart, FieldRow};
use super::font::{text_width, ROOT_FONT_SIZE};
use super::heatmap::heatmap;
use super::ranking::{ranking_chart, Bar};
use super::text::clean;
use super::trend::{period_chart, trend_chart, Series};
use crate::model::Language;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

pub(super) const LONG_DEPT: &str = "Sở Lao động - Thương binh và Xã hội";
pub(super) const LONG_COMMUNE: &str = "UBND thị trấn Đắk Rve";
const SCRIPT: &str = "<script>alert(1)</script>";

/// A `<text>` as drawn: its lines and where they sit.
#[derive(Debug)]
pub(super) struct Drawn {
    x: f64,
    y: f64,
    anchor: String,
    size: f64,
    bold: bool,
    rotation_centre: Option<(f64, f64)>,
    pub(super) lines: Vec<String>,
    line_height: f64,
}

pub(super) struct Parsed {
    pub(super) view_box: (f64, f64),
    title: String,
    pub(super) texts: Vec<Drawn>,
}

/// Parses with quick-xml (failing on malformed XML) and collects texts.
pub(super) fn parse(svg: &str) -> Parsed {
    let mut reader = Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut first_child: Option<String> = None;
    let mut view_box = None;
    let mut title = String::new();
    let mut in_title = false;
    let mut texts: Vec<Drawn> = Vec::new();
    let mut in_text = false;
    let mut roots = 0;
    let mut groups: Vec<Vec<(String, String)>> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.name().as_ref().to_string();
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .expect("escaped value")
                                .into_owned(),
                        )
                    })
                    .collect();
                // Own attributes first, then those inherited from enclosing <g>s.
                let attr = |k: &str| {
                    std::iter::once(&attrs)
                        .chain(groups.iter().rev())
                        .flat_map(|a| a.iter())
                        .find(|(key, _)| key == k)
                        .map(|(_, v)| v.clone())
                };
                if depth == 0 {
                    roots += 1;
                    assert_eq!(name, "svg");
                    assert_eq!(attr("role").as_deref(), Some("img"));
                    let vb: Vec<f64> = attr("viewBox")
                        .expect("viewBox")
                        .split(' ')
                        .map(|v| v.parse().unwrap())
                        .collect();
                    // The width caps how far a page may scale it up (text
                    // near the body size); the height follows the viewBox.
                    let width: f64 = attr("width").expect("width").parse().unwrap();
                    assert_eq!(width, (vb[2] * super::style::MAX_SCALE).round());
                    assert!(attr("height").is_none());
                    view_box = Some((vb[2], vb[3]));
                } else if depth == 1 && first_child.is_none() {
                    first_child = Some(name.clone());
                }
                for (key, value) in &attrs {
                    if ["x", "y", "cx", "cy", "r", "dy"].contains(&key.as_str()) {
                        assert!(
                            value.split('.').nth(1).is_none_or(|d| d.len() <= 1),
                            "{key}={value}"
                        );
                    }
                }
                if name == "title" {
                    in_title = true;
                }
                if name == "text" {
                    in_text = true;
                    let transform = attr("transform");
                    texts.push(Drawn {
                        x: attr("x").unwrap().parse().unwrap(),
                        y: attr("y").unwrap().parse().unwrap(),
                        anchor: attr("text-anchor").unwrap_or_else(|| "start".into()),
                        size: attr("font-size").map_or(ROOT_FONT_SIZE, |s| s.parse().unwrap()),
                        bold: attr("font-weight").is_some(),
                        rotation_centre: transform.map(|t| {
                            let inner = t
                                .strip_prefix("rotate(-90 ")
                                .and_then(|t| t.strip_suffix(')'));
                            let mut parts = inner
                                .expect("only -90 turns")
                                .split(' ')
                                .map(|v| v.parse().unwrap());
                            (parts.next().unwrap(), parts.next().unwrap())
                        }),
                        lines: vec![String::new()],
                        line_height: 0.0,
                    });
                }
                if name == "tspan" {
                    let t = texts.last_mut().unwrap();
                    t.line_height = attr("dy").unwrap().parse().unwrap();
                    t.lines.push(String::new());
                }
                if name == "g" && matches!(event, Event::Start(_)) {
                    groups.push(attrs.clone());
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                } else if name == "text" {
                    in_text = false;
                }
            }
            Event::End(ref e) => {
                depth -= 1;
                match e.name().as_ref() {
                    "title" => in_title = false,
                    "text" => in_text = false,
                    "g" => {
                        groups.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                let s = t.xml10_content().into_owned();
                if in_title {
                    title.push_str(&s);
                } else if in_text {
                    texts
                        .last_mut()
                        .unwrap()
                        .lines
                        .last_mut()
                        .unwrap()
                        .push_str(&s);
                }
            }
            Event::GeneralRef(ref r) => {
                let name = r.xml10_content();
                let s = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" | "#39" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                if in_title {
                    title.push_str(s);
                } else if in_text {
                    texts
                        .last_mut()
                        .unwrap()
                        .lines
                        .last_mut()
                        .unwrap()
                        .push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(roots, 1);
    assert_eq!(depth, 0);
    assert_eq!(
        first_child.as_deref(),
        Some("title"),
        "<title> must come first"
    );
    Parsed {
        view_box: view_box.expect("svg root"),
        title,
        texts,
    }
}

impl Drawn {
    /// Joined lines, as a wrapped label reads.
    pub(super) fn joined(&self) -> String {
        self.lines.join(" ")
    }

    /// Measured box (x0, y0, x1, y1) in viewBox coordinates.
    pub(super) fn bounds(&self) -> (f64, f64, f64, f64) {
        let width = self
            .lines
            .iter()
            .map(|l| text_width(l, self.size, self.bold))
            .fold(0.0, f64::max);
        let start = match self.anchor.as_str() {
            "middle" => -width / 2.0,
            "end" => -width,
            _ => 0.0,
        };
        let extra = (self.lines.len() - 1) as f64 * self.line_height;
        // Before turning: along x from the anchor, across y from ascender
        // to the last line's descender.
        let (x0, x1) = (self.x + start, self.x + start + width);
        let (y0, y1) = (self.y - 0.93 * self.size, self.y + 0.24 * self.size + extra);
        match self.rotation_centre {
            // rotate(-90 cx cy) maps (x, y) to (cx + y - cy, cy - x + cx).
            Some((cx, cy)) => (cx + y0 - cy, cy - x1 + cx, cx + y1 - cy, cy - x0 + cx),
            None => (x0, y0, x1, y1),
        }
    }
}

pub(super) fn assert_inside(parsed: &Parsed) {
    let (w, h) = parsed.view_box;
    for t in &parsed.texts {
        let (x0, y0, x1, y1) = t.bounds();
        assert!(
            x0 >= -0.5 && x1 <= w + 0.5 && y0 >= -0.5 && y1 <= h + 0.5,
            "{t:?} outside {w}x{h}: {:?}",
            (x0, y0, x1, y1)
        );
    }
}

pub(super) fn assert_no_overlap(parsed: &Parsed) {
    let boxes: Vec<_> = parsed.texts.iter().map(|t| (t, t.bounds())).collect();
    for (i, (a, ba)) in boxes.iter().enumerate() {
        for (b, bb) in &boxes[i + 1..] {
            // Lines of a text overlap their descenders slightly by design; shrink by 2 px.
            let overlap =
                ba.0 < bb.2 - 2.0 && bb.0 < ba.2 - 2.0 && ba.1 < bb.3 - 2.0 && bb.1 < ba.3 - 2.0;
            assert!(!overlap, "{a:?} overlaps {b:?}");
        }
    }
}

pub(super) fn contains_label(parsed: &Parsed, label: &str) -> bool {
    let label = clean(label);
    parsed.texts.iter().any(|t| t.joined() == label)
}

pub(super) fn bar(label: &str, value: f64, highlight: bool) -> Bar {
    Bar {
        label: label.into(),
        value,
        value_label: format!("{value:.2}").replace('.', ","),
        highlight,
    }
}

pub(super) fn sample_bars(n: usize) -> Vec<Bar> {
    (0..n)
        .map(|i| {
            let label = match i {
                0 => LONG_DEPT.to_string(),
                1 => LONG_COMMUNE.to_string(),
                2 => SCRIPT.to_string(),
                _ => format!("Xã Đắk Hring {i}"),
            };
            bar(&label, 100.0 - i as f64 * 0.7, i == 4)
        })
        .collect()
}

fn sample_rows() -> Vec<FieldRow> {
    let names = [
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
        LONG_DEPT,
        SCRIPT,
        "Cải cách tài chính công",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, name)| FieldRow {
            label: name.to_string(),
            unit_pct: if i == 4 {
                None
            } else {
                Some(100.0 - i as f64 * 12.5)
            },
            mean_pct: Some(80.0 - i as f64 * 5.0),
            unit_label: if i == 4 {
                "Không áp dụng".into()
            } else {
                format!("{},00", 100 - i * 12)
            },
            mean_label: format!("{},50", 80 - i * 5),
        })
        .collect()
}

fn sample_series() -> Vec<Series> {
    vec![
        Series {
            name: LONG_COMMUNE.into(),
            points: vec![
                (2019, Some(81.2)),
                (2020, None),
                (2021, Some(84.9)),
                (2022, Some(86.0)),
                (2023, Some(90.3)),
            ],
            dashed: false,
        },
        Series {
            name: SCRIPT.into(),
            points: vec![
                (2019, Some(79.0)),
                (2020, Some(80.5)),
                (2021, Some(82.0)),
                (2022, None),
                (2023, Some(85.7)),
            ],
            dashed: true,
        },
    ]
}

/// (row labels, column labels, cells, cell labels)
type HeatmapInput = (
    Vec<String>,
    Vec<String>,
    Vec<Vec<Option<f64>>>,
    Vec<Vec<String>>,
);

fn sample_heatmap() -> HeatmapInput {
    let rows = vec![
        LONG_DEPT.to_string(),
        LONG_COMMUNE.to_string(),
        SCRIPT.to_string(),
    ];
    let cols = vec![
        "Công tác chỉ đạo, điều hành".to_string(),
        "Thể chế".to_string(),
        "Thủ tục hành chính".to_string(),
        SCRIPT.to_string(),
    ];
    let cells = vec![
        vec![Some(100.0), Some(85.74), None, Some(12.0)],
        vec![Some(50.0), None, Some(0.0), Some(66.6)],
        vec![Some(93.0), Some(71.0), Some(40.0), None],
    ];
    let labels = cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| c.map_or("–".to_string(), |v| format!("{v:.2}").replace('.', ",")))
                .collect()
        })
        .collect();
    (rows, cols, cells, labels)
}

fn sample_bins() -> Vec<(f64, f64, usize, String)> {
    (0..6)
        .map(|i| {
            let lo = 70.0 + i as f64 * 5.0;
            let label = if i == 2 {
                SCRIPT.to_string()
            } else {
                format!("{lo:.0}–{:.0}", lo + 5.0)
            };
            (lo, lo + 5.0, [1, 4, 9, 14, 6, 2][i], label)
        })
        .collect()
}

/// Every chart with sample data, for the checks common to all.
fn all_charts() -> Vec<(&'static str, String, Vec<String>)> {
    let bars = sample_bars(12);
    let rows = sample_rows();
    let series = sample_series();
    let (hr, hc, cells, cell_labels) = sample_heatmap();
    let bins = sample_bins();
    let mut bar_labels: Vec<String> = bars
        .iter()
        .flat_map(|b| [b.label.clone(), b.value_label.clone()])
        .collect();
    bar_labels.push("Trung bình nhóm: 92,30".into());
    let mut field_labels: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.label.clone(), r.unit_label.clone(), r.mean_label.clone()])
        .collect();
    field_labels.extend([LONG_COMMUNE.to_string(), "Trung bình nhóm".to_string()]);
    let mut heat_labels: Vec<String> = hr.clone();
    heat_labels.extend(cell_labels.iter().flatten().cloned());
    let bin_labels: Vec<String> = bins.iter().map(|b| b.3.clone()).collect();
    vec![
        (
            "ranking",
            ranking_chart(SCRIPT, &bars, 100.0, Some((92.3, "Trung bình nhóm: 92,30"))),
            bar_labels,
        ),
        (
            "field",
            field_chart(SCRIPT, &rows, (LONG_COMMUNE, "Trung bình nhóm")),
            field_labels,
        ),
        (
            "trend",
            trend_chart(
                SCRIPT,
                &[2019, 2020, 2021, 2022, 2023],
                &series,
                &[2021],
                "Đổi phương pháp",
                "Chỉ số CCHC (%)",
                Language::Vi,
            ),
            vec![
                LONG_COMMUNE.into(),
                SCRIPT.into(),
                "Đổi phương pháp".into(),
                "Chỉ số CCHC (%)".into(),
                "2019".into(),
                "2023".into(),
            ],
        ),
        (
            "heatmap",
            heatmap(SCRIPT, &hr, &hc, &cells, &cell_labels),
            heat_labels,
        ),
        (
            "distribution",
            distribution_chart(SCRIPT, &bins, "Chỉ số CCHC (%)", "Số đơn vị", Language::Vi),
            [
                bin_labels,
                vec!["Chỉ số CCHC (%)".into(), "Số đơn vị".into()],
            ]
            .concat(),
        ),
    ]
}

#[test]
fn every_chart_is_well_formed_titled_and_escaped() {
    for (name, svg, _) in all_charts() {
        let parsed = parse(&svg);
        assert_eq!(parsed.title, SCRIPT, "{name}");
        assert!(!svg.contains("<script"), "{name}: unescaped label");
        assert!(svg.contains("&lt;script&gt;"), "{name}");
        assert!(
            !svg.contains("font-face") && !svg.contains("base64"),
            "{name}: font embedded"
        );
    }
}

#[test]
fn every_chart_contains_its_labels() {
    for (name, svg, labels) in all_charts() {
        let parsed = parse(&svg);
        for label in labels {
            assert!(contains_label(&parsed, &label), "{name}: missing {label:?}");
        }
    }
}

#[test]
fn every_chart_is_deterministic() {
    let first = all_charts();
    let second = all_charts();
    for ((name, a, _), (_, b, _)) in first.iter().zip(&second) {
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn labels_stay_inside_and_apart() {
    for (_, svg, _) in all_charts() {
        let parsed = parse(&svg);
        assert_inside(&parsed);
        assert_no_overlap(&parsed);
    }
}

#[test]
fn empty_inputs_give_small_titled_svgs() {
    let charts = [
        ranking_chart("Xếp hạng", &[], 100.0, None),
        field_chart("Lĩnh vực", &[], ("A", "B")),
        trend_chart("Xu hướng", &[], &[], &[2020], "x", "y", Language::Vi),
        heatmap("Bản đồ nhiệt", &[], &["A".into()], &[], &[]),
        heatmap("Bản đồ nhiệt", &["A".into()], &[], &[], &[]),
        distribution_chart("Phân bố", &[], "x", "y", Language::Vi),
        ranking_chart("", &[], 0.0, None),
    ];
    for svg in charts {
        let parsed = parse(&svg);
        assert!(svg.len() < 600, "{svg}");
        assert!(parsed.texts.len() <= 1);
    }
}

#[test]
fn none_and_odd_values_do_not_panic() {
    let bars = vec![
        bar("A", f64::NAN, false),
        bar("B", -5.0, false),
        bar("C", 1e9, true),
    ];
    parse(&ranking_chart(
        "t",
        &bars,
        f64::NAN,
        Some((f64::INFINITY, "ref")),
    ));
    let rows = vec![FieldRow {
        label: "X".into(),
        unit_pct: None,
        mean_pct: Some(f64::NAN),
        unit_label: "–".into(),
        mean_label: "–".into(),
    }];
    parse(&field_chart("t", &rows, ("a", "b")));
    let series = vec![
        Series {
            name: "a".into(),
            points: vec![(2020, None), (2021, None)],
            dashed: false,
        },
        Series {
            name: "b".into(),
            points: vec![],
            dashed: true,
        },
    ];
    parse(&trend_chart(
        "t",
        &[2020, 2021],
        &series,
        &[1990, 2021, 2021],
        "b",
        "y",
        Language::Vi,
    ));
    parse(&trend_chart(
        "t",
        &[2024],
        &[Series {
            name: "a".into(),
            points: vec![(2024, Some(50.0))],
            dashed: false,
        }],
        &[2024],
        "b",
        "",
        Language::Vi,
    ));
    // Ragged cells: missing entries are treated as not applicable.
    parse(&heatmap(
        "t",
        &["a".into(), "b".into()],
        &["x".into(), "y".into()],
        &[vec![Some(1.0)]],
        &[],
    ));
    parse(&distribution_chart(
        "t",
        &[(f64::NAN, 1.0, 0, "a".into()), (1.0, 1.0, 3, "b".into())],
        "",
        "",
        Language::Vi,
    ));
}

#[test]
fn extreme_numbers_do_not_hang_or_panic() {
    assert!(integer_ticks(f64::NAN, 1.0, 5).len() <= 7);
    assert!(integer_ticks(-1e300, 1e300, 5).len() <= 7);
    let series = vec![Series {
        name: "a".into(),
        points: vec![(i32::MIN, Some(1e300)), (i32::MAX, Some(-1e300))],
        dashed: false,
    }];
    parse(&trend_chart(
        "t",
        &[i32::MIN, i32::MAX],
        &series,
        &[0],
        "b",
        "y",
        Language::Vi,
    ));
    parse(&distribution_chart(
        "t",
        &[(0.0, 1.0, usize::MAX, "a".into())],
        "",
        "",
        Language::Vi,
    ));
}

#[test]
fn axis_numbers_group_their_thousands_as_the_page_does() {
    let series = [Series {
        name: "Hồ sơ".into(),
        points: vec![(0, Some(2_400.0)), (1, Some(12_800.0))],
        dashed: false,
    }];
    let labels = ["6T đầu 2024".to_string(), "6T cuối 2024".to_string()];
    let vi = period_chart("Hồ sơ", &labels, &series, "Hồ sơ", Language::Vi);
    assert!(vi.contains(">10.000<"), "{vi}");
    assert!(!vi.contains(">10000<"));
    let en = period_chart("Files", &labels, &series, "Files", Language::En);
    assert!(en.contains(">10,000<"), "{en}");
}

/// A dashed line (a group's mean, a change of the criteria, a ranking's
/// reference) is one stroke with a dash array, not a path segment per
/// dash: a unit page's trend chart drew ninety of them.
#[test]
fn a_dashed_line_is_one_stroke_with_a_dash_array() {
    let svg = trend_chart(
        "t",
        &[2016, 2025],
        &[Series {
            name: "Trung bình nhóm".into(),
            points: vec![(2016, Some(80.0)), (2025, Some(95.0))],
            dashed: true,
        }],
        &[2022],
        "Thay đổi bộ tiêu chí",
        "Chỉ số",
        Language::Vi,
    );
    let dashed: Vec<&str> = svg
        .lines()
        .filter(|l| l.contains("stroke-dasharray=\""))
        .collect();
    // The legend's sample, the break's marker and the line.
    assert_eq!(dashed.len(), 3, "{svg}");
    for path in dashed {
        let d = path
            .split("d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(d.matches('M').count(), 1, "a segment per dash: {path}");
    }
}
