//! Maps: boundary files read and checked at their feature, shared
//! borders that stay shared after simplification, a group's map with one
//! link per unit, the locator on unit pages, the downloads, and the size
//! of a province's and a country's map.

use super::site::{attributes, build_site, html_pages, resolve, tree};
use super::*;
use chiso::diag::Severity;
use chiso::render::map::Topology;
use std::collections::BTreeMap;

const FIXTURE: &str = "tests/fixtures/valid-maps";

/// A copy of the valid fixture with `broken-maps/<file>` as
/// `maps/<as_name>`.
fn with_map(file: &str, as_name: &str) -> (tempfile::TempDir, Checked) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo(FIXTURE), dir.path());
    std::fs::copy(
        repo("tests/fixtures/broken-maps").join(file),
        dir.path().join("maps").join(as_name),
    )
    .unwrap();
    let checked = check_dir(dir.path());
    (dir, checked)
}

fn found<'c>(checked: &'c Checked, code: &str) -> Vec<&'c Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

#[test]
fn the_valid_maps_fixture_has_no_problem() {
    let checked = check(FIXTURE);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    assert_eq!(checked.dataset.maps.len(), 2);
}

#[test]
fn a_json_syntax_error_in_a_map_is_at_its_line_and_column() {
    let (_dir, checked) = with_map("syntax.geojson", "hong.geojson");
    let d = found(&checked, "invalid-json");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert!(d[0].location.file.ends_with("maps/hong.geojson"));
    assert_eq!(d[0].location.line, Some(3));
    assert_eq!(d[0].location.column, Some(52));
}

#[test]
fn invalid_geojson_is_an_error_at_its_feature() {
    let (_dir, checked) = with_map("not-geojson.geojson", "hong.geojson");
    let d = found(&checked, "invalid-geojson");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert!(d[0].message.starts_with("feature 1"), "{}", d[0].message);
    assert_eq!(d[0].location.line, Some(3));
    assert_eq!(d[0].severity, Severity::Error);
}

#[test]
fn projected_coordinates_are_an_error_at_their_feature() {
    let (_dir, checked) = with_map("projected.geojson", "hong.geojson");
    let d = found(&checked, "projected-coordinates");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert!(d[0].message.starts_with("feature 2"), "{}", d[0].message);
    assert_eq!(d[0].location.line, Some(4));
    assert_eq!(d[0].found.as_deref(), Some("[580000, 1615000]"));
    assert!(checked.has_errors());
}

#[test]
fn two_shapes_for_one_unit_in_a_file_are_an_error() {
    let (_dir, checked) = with_map("duplicate.geojson", "hong.geojson");
    let d = found(&checked, "duplicate-shape");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert!(d[0].message.starts_with("feature 2"), "{}", d[0].message);
    assert!(d[0].message.contains("(feature 0)"), "{}", d[0].message);
    assert_eq!(d[0].location.line, Some(4));
    assert_eq!(d[0].severity, Severity::Error);
}

#[test]
fn a_shape_of_an_unknown_unit_or_code_is_a_warning_at_its_feature() {
    let (_dir, checked) = with_map("unknown.geojson", "hong.geojson");
    let d = found(&checked, "unknown-shape-unit");
    assert_eq!(d.len(), 2, "{:#?}", checked.diagnostics);
    assert!(d.iter().all(|d| d.severity == Severity::Warning));
    assert!(d[0].message.starts_with("feature 1") && d[0].message.contains("xa-bb"));
    assert_eq!(d[0].hint.as_deref(), Some("did you mean \"xa-b\"?"));
    assert!(d[1].message.starts_with("feature 2") && d[1].message.contains("99999"));
    assert_eq!(d[1].location.line, Some(4));
    assert!(!checked.has_errors());
}

#[test]
fn units_of_a_group_without_a_shape_are_one_warning_naming_them() {
    let (_dir, checked) = with_map("missing-shape.geojson", "truoc-2025.geojson");
    let d = found(&checked, "unit-without-shape");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert!(d[0].message.contains("\"xa-c\""), "{}", d[0].message);
    assert!(d[0].message.contains("truoc-2025.geojson"));
    assert!(d[0].location.file.ends_with("editions/2021/edition.json"));
    assert!(d[0].location.line.is_some());
    assert!(!checked.has_errors());
}

#[test]
fn a_national_map_without_the_archipelagos_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo(FIXTURE), dir.path());
    edit_file(&dir.path().join("units.csv"), |t| {
        t + "tinh-bac,UBND tỉnh Bắc,Bắc,province,,,,,,\ntinh-nam,UBND tỉnh Nam,Nam,province,,,,,,\n"
    });
    let national = dir.path().join("maps/tinh.geojson");
    std::fs::copy(
        repo("tests/fixtures/broken-maps/national.geojson"),
        &national,
    )
    .unwrap();
    let checked = check_dir(dir.path());
    let d = found(&checked, "missing-archipelagos");
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert!(d[0].location.file.ends_with("maps/tinh.geojson"));
    // Hoàng Sa is there (as context points); Trường Sa is not.
    assert!(d[0].message.contains("Trường Sa") && !d[0].message.contains("Hoàng Sa"));
    // With an island of Trường Sa as a context polygon, nothing is missing.
    edit_file(&national, |t| {
        t.replace(
            "\n]}",
            ",\n{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[114.2,10.3],[114.3,10.3],[114.3,10.4],[114.2,10.3]]]}}\n]}",
        )
    });
    assert!(found(&check_dir(dir.path()), "missing-archipelagos").is_empty());
}

/// The longest run of `a`'s points (cyclic) that `b` holds too.
fn shared_run(a: &[[i32; 2]], b: &[[i32; 2]]) -> Vec<[i32; 2]> {
    let n = a.len();
    let Some(start) = (0..n).find(|&i| !b.contains(&a[i])) else {
        return a.to_vec();
    };
    let (mut best, mut run) = (Vec::new(), Vec::new());
    for k in 1..=n {
        let p = a[(start + k) % n];
        if b.contains(&p) {
            run.push(p);
        } else {
            if run.len() > best.len() {
                best = std::mem::take(&mut run);
            }
            run.clear();
        }
    }
    if run.len() > best.len() {
        best = run;
    }
    best
}

/// Whether `run` is a contiguous part of the cyclic `ring`, either way.
fn contiguous(ring: &[[i32; 2]], run: &[[i32; 2]]) -> bool {
    let n = ring.len();
    let reversed: Vec<[i32; 2]> = run.iter().rev().copied().collect();
    (0..n).any(|s| {
        [run, &reversed[..]]
            .iter()
            .any(|r| r.iter().enumerate().all(|(k, p)| ring[(s + k) % n] == *p))
    })
}

#[test]
fn neighbours_share_exactly_the_same_border_after_simplification() {
    let dir = tempfile::tempdir().unwrap();
    write_grid(dir.path(), 6, 5, 0.3, 1);
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", errors(&checked));
    let topology = Topology::build(&checked.dataset.maps[0]);
    assert!(
        topology.points_kept < topology.points_read,
        "simplification kept {} of {} points",
        topology.points_kept,
        topology.points_read
    );
    let ring = |f: usize| topology.ring_grid(&topology.shapes[f].polygons[0][0]);
    let cols = 6;
    let mut borders = 0;
    for f in 0..topology.shapes.len() {
        // The neighbour to the right and the two below (a brick layout).
        let (r, c) = (f / cols, f % cols);
        let below = if r % 2 == 0 {
            [c.wrapping_sub(1), c]
        } else {
            [c, c + 1]
        };
        let mut neighbours = vec![];
        if c + 1 < cols {
            neighbours.push(f + 1);
        }
        for b in below {
            if b < cols && (r + 1) * cols + b < topology.shapes.len() {
                neighbours.push((r + 1) * cols + b);
            }
        }
        for g in neighbours {
            let (a, b) = (ring(f), ring(g));
            let run = shared_run(&a, &b);
            assert!(run.len() >= 2, "features {f} and {g} share no border");
            assert!(
                contiguous(&b, &run),
                "features {f} and {g}: the border of {f} is not one piece of {g}'s ring"
            );
            // Every point of b that lies on the border is in the run: no
            // point of one side's border is missing from the other's.
            let (first, last) = (run[0], run[run.len() - 1]);
            let in_b: Vec<[i32; 2]> = shared_run(&b, &a);
            assert_eq!(
                in_b.len(),
                run.len(),
                "features {f} and {g}: {first:?}..{last:?}"
            );
            borders += 1;
        }
    }
    assert!(borders > 30);
}

/// Deterministic noise in -1..1.
fn noise(a: u64, b: u64) -> f64 {
    let mut z = a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_add(0x6A09_E667_F3BC_C909);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z % 2_000_001) as f64 / 1_000_000.0 - 1.0
}

/// A data folder with one edition whose group holds `cols` x `rows`
/// communes, printed with an index, and `maps/luoi.geojson`: a brick
/// grid of cells (six neighbours each, as hexagons have) whose shared
/// borders wiggle, with many points along every border (16 per cell
/// side), `degrees` of longitude wide per cell. The communes belong to
/// `parents` provinces, in bands of rows.
fn write_grid(dir: &Path, cols: usize, rows: usize, degrees: f64, parents: usize) {
    std::fs::create_dir_all(dir.join("editions/2025")).unwrap();
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::write(
        dir.join("site.json"),
        r#"{"title": "Lưới", "publisher": "UBND tỉnh Lưới", "language": "vi", "licence": "CC-BY-4.0", "sample": true}"#,
    )
    .unwrap();
    let mut units = String::from("id,name,short_name,kind,parent\n");
    let parent = |k: usize| match parents {
        1 => "tinh-luoi".to_string(),
        _ => format!("tinh-luoi-{k}"),
    };
    for k in 0..parents {
        units.push_str(&format!(
            "{},UBND tỉnh Lưới {k},Lưới {k},province,\n",
            parent(k)
        ));
    }
    let mut published = String::from("unit,index,rank\n");
    let n = cols * rows;
    let id = |i: usize| format!("xa-phuong-thu-nghiem-{i}");
    for i in 0..n {
        units.push_str(&format!(
            "{},UBND xã Thử Nghiệm Số {i},Thử Nghiệm Số {i},commune,{}\n",
            id(i),
            parent(i / cols * parents / rows)
        ));
    }
    // Indices from 95 down, two units a step: ranks follow.
    for i in 0..n {
        let index = 95.0 - (i / 2) as f64 * (60.0 / n as f64);
        published.push_str(&format!("{},{index:.2},{}\n", id(i), 1 + (i / 2) * 2));
    }
    std::fs::write(dir.join("units.csv"), units).unwrap();
    std::fs::write(dir.join("editions/2025/published.csv"), published).unwrap();
    std::fs::write(
        dir.join("editions/2025/edition.json"),
        r#"{"year": 2025, "title": "Chỉ số 2025", "status": "final", "published_on": "2026-01-15",
  "bands": [{"name": "Xuất sắc", "min": 90}, {"name": "Tốt", "min": 80}, {"name": "Khá", "min": 65}, {"name": "Trung bình", "min": 50}, {"name": "Yếu", "min": 0}],
  "groups": [{"id": "xa", "name": "Các xã", "published": "published.csv"}]}"#,
    )
    .unwrap();
    // Points per half cell along a row border, per cell side along a
    // column border.
    let half = 8;
    let steps = 16;
    let cell_h = degrees * 0.9;
    let (west, north) = (104.0, 21.0 + rows as f64 * cell_h / 2.0);
    let lonlat = |x: f64, y: f64| [west + x * degrees, north - y * cell_h];
    // Row border r (y = r), points at x = j / (2 half).
    let row_border = |r: usize, j: usize| {
        let x = j as f64 / (2 * half) as f64;
        let wave = 0.12 * (x * 2.7 + r as f64).sin();
        let wiggle = 0.03 * noise(r as u64, j as u64);
        lonlat(
            x,
            r as f64
                + if r == 0 || r == rows {
                    0.0
                } else {
                    wave + wiggle
                },
        )
    };
    // Column border at x (in half cells) across row r, point k of steps.
    let col_border = |r: usize, xh: usize, k: usize| {
        if k == 0 {
            return row_border(r, xh * half);
        }
        if k == steps {
            return row_border(r + 1, xh * half);
        }
        let [lon0, _] = row_border(r, xh * half);
        let [_, lat0] = row_border(r, xh * half);
        let [_, lat1] = row_border(r + 1, xh * half);
        let t = k as f64 / steps as f64;
        let wiggle = 0.08 * (t * 6.0 + xh as f64).sin()
            + 0.03 * noise(1000 + r as u64, (xh * 100 + k) as u64);
        [lon0 + wiggle * degrees, lat0 + (lat1 - lat0) * t]
    };
    let mut features = Vec::with_capacity(n);
    for r in 0..rows {
        let o = r % 2; // in half cells
        for c in 0..cols {
            let (left, right) = (2 * c + o, 2 * c + 2 + o);
            let mut ring: Vec<[f64; 2]> = Vec::new();
            for j in left * half..=right * half {
                ring.push(row_border(r, j));
            }
            for k in 1..=steps {
                ring.push(col_border(r, right, k));
            }
            for j in (left * half..right * half).rev() {
                ring.push(row_border(r + 1, j));
            }
            for k in (1..steps).rev() {
                ring.push(col_border(r, left, k));
            }
            // GeoJSON rings run counter-clockwise; y grows southward here.
            ring.reverse();
            ring.push(ring[0]);
            let coords: Vec<String> = ring
                .iter()
                .map(|p| format!("[{:.6},{:.6}]", p[0], p[1]))
                .collect();
            features.push(format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"unit\":\"{}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}}}",
                id(r * cols + c),
                coords.join(",")
            ));
        }
    }
    std::fs::write(
        dir.join("maps/luoi.geojson"),
        format!(
            "{{\"type\":\"FeatureCollection\",\"_source\":\"Lưới thử\",\"features\":[\n{}\n]}}\n",
            features.join(",\n")
        ),
    )
    .unwrap();
}

/// Leaves in a grid's published results only the communes whose number
/// `keep` accepts: the others have no result.
fn publish_only(data: &Path, keep: impl Fn(usize) -> bool) {
    let published = data.join("editions/2025/published.csv");
    let text = std::fs::read_to_string(&published).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.split(',')
                .next()
                .and_then(|u| u.strip_prefix("xa-phuong-thu-nghiem-"))
                .is_none_or(|i| keep(i.parse().unwrap()))
        })
        .collect();
    std::fs::write(&published, kept.join("\n") + "\n").unwrap();
}

/// The inline SVG and the standalone file of a generated group's map,
/// drawn as its ranking page draws it, its links, and the size of a
/// unit page's locator.
fn grid_map_sizes(
    cols: usize,
    rows: usize,
    degrees: f64,
    parents: usize,
) -> (usize, usize, usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    write_grid(dir.path(), cols, rows, degrees, parents);
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", errors(&checked));
    assert!(found(&checked, "unit-without-shape").is_empty());
    let site = chiso::site::Site::new(
        &checked.dataset,
        &checked.results,
        None,
        Vec::new(),
        Vec::new(),
    );
    let page = site
        .plan()
        .into_iter()
        .find(|p| p.kind == chiso::site::PageKind::Group(0, 0))
        .unwrap();
    let rendered = site.context(&page);
    let map = rendered
        .context
        .get("map")
        .expect("the group page has a map");
    let map = serde_json::to_value(map).unwrap();
    let svg = map["svg"].as_str().unwrap().to_string();
    let file = rendered
        .files
        .iter()
        .find(|(p, _)| p.ends_with("ban-do.svg"))
        .expect("the map's file");
    // The links the page offers: inline, or in the file it embeds.
    let links = if svg.is_empty() {
        String::from_utf8_lossy(&file.1).matches("<a href=").count()
    } else {
        svg.matches("<a href=").count()
    };
    let unit = site
        .plan()
        .into_iter()
        .find(|p| matches!(p.kind, chiso::site::PageKind::Unit(i) if i == 1 + cols * rows / 2))
        .unwrap();
    let locator =
        serde_json::to_value(site.context(&unit).context.get("locator").unwrap()).unwrap();
    let locator = locator["svg"].as_str().expect("a locator").len();
    (svg.len(), file.1.len(), links, locator)
}

#[test]
fn a_provinces_communes_and_a_countrys_communes_fit_their_map_budgets() {
    // About a hundred communes of one province, 0.05 degrees a cell.
    let (province, province_file, links, locator) = grid_map_sizes(10, 10, 0.05, 1);
    // 3,321 communes across a country of about 8 by 15 degrees.
    let (national, national_file, national_links, national_locator) =
        grid_map_sizes(41, 81, 0.2, 34);
    println!(
        "map budget: 100 communes: {province} B inline ({province_file} B as a file), {links} links, \
         a unit's locator {locator} B; 3,321 communes: {national} B inline ({national_file} B as a file), \
         {national_links} links, a unit's locator {national_locator} B"
    );
    // A unit page of a large group carries the unit's surroundings only.
    assert!(
        national_locator < 20 * 1024,
        "a locator of {national_locator} bytes"
    );
    assert_eq!(links, 100);
    assert!(province < 60 * 1024, "a province's map is {province} bytes");
    assert!(national < 300 * 1024, "a national map is {national} bytes");
    assert!(
        national_file < 300 * 1024,
        "a national map's file is {national_file} bytes"
    );
    assert_eq!(
        national_links, 34,
        "a map of 3,321 units links each of its 34 provinces"
    );
}

/// A group too big for its map inline embeds the map's file (an <img>
/// would turn its links off): one link per unit of the group, each
/// opening in the page (`target="_top"`), named by its `<title>`, and
/// leading from where the file is to the unit's page.
#[test]
fn a_group_map_too_big_inline_embeds_its_file_with_a_link_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // 130 communes: more than a page carries inline.
    write_grid(&data, 13, 10, 0.05, 1);
    let out = dir.path().join("public");
    build_site(&data, &out);
    let files = tree(&out);
    let page_path = "2025/xa/index.html";
    let page = String::from_utf8(files[page_path].clone()).unwrap();
    let frame = page.split("class=map-frame>").nth(1).expect("a map");
    assert!(frame.starts_with("<object "), "{}", &frame[..200]);
    let object = &frame[..frame.find('>').unwrap()];
    assert!(object.contains("type=image/svg+xml") && object.contains("aria-label="));
    let src = &attributes(object, "data")[0];
    let svg_path = resolve(page_path, src);
    assert_eq!(svg_path, "2025/xa/ban-do.svg");
    let svg = String::from_utf8(files[&svg_path].clone()).unwrap();
    let hrefs: Vec<&str> = svg
        .split("<a href=\"")
        .skip(1)
        .map(|a| {
            assert!(
                a[..a.find('>').unwrap()].contains(" target=\"_top\""),
                "{a}"
            );
            assert!(a.contains("<title>"), "{a}");
            &a[..a.find('"').unwrap()]
        })
        .collect();
    assert_eq!(hrefs.len(), 130);
    for i in 0..130 {
        let unit = format!("don-vi/xa-phuong-thu-nghiem-{i}.html");
        let to_it: Vec<&&str> = hrefs
            .iter()
            .filter(|h| resolve(&svg_path, h) == unit)
            .collect();
        assert_eq!(to_it.len(), 1, "{unit}: {to_it:?}");
        assert!(files.contains_key(&unit), "{unit} is not written");
    }
    // The page's fallback, where the file cannot be embedded, is the file
    // as an image; the page keeps no inline copy of the map.
    assert!(frame[..frame.find("</object>").unwrap()].contains("<img "));
    assert!(!frame[..frame.find("</div>").unwrap()].contains("<svg"));
}

/// The links of a map file: where each leads, from the site's root, and
/// what its `<title>` says.
fn map_links(svg_path: &str, svg: &str) -> Vec<(String, String)> {
    svg.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = &a[..a.find('"').unwrap()];
            let title = a
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .expect("a link's title");
            (resolve(svg_path, href), title.to_string())
        })
        .collect()
}

/// A group of more units than a map links one by one links each parent
/// instead, to its page of units, whose map links each of them: every
/// unit is two choices away on the map.
#[test]
fn a_map_of_too_many_units_for_a_link_each_links_their_parents_and_they_each() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // 528 communes in 4 provinces of 6 rows each.
    write_grid(&data, 22, 24, 0.05, 4);
    let out = dir.path().join("public");
    build_site(&data, &out);
    let files = tree(&out);
    let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let page = text("2025/xa/index.html");
    assert!(
        page.contains("class=map-frame><object "),
        "the map is embedded"
    );
    let links = map_links("2025/xa/ban-do.svg", &text("2025/xa/ban-do.svg"));
    let to: Vec<&str> = links.iter().map(|(to, _)| to.as_str()).collect();
    assert_eq!(
        to,
        (0..4)
            .map(|k| format!("so-sanh/tinh-luoi-{k}.html"))
            .collect::<Vec<_>>(),
        "a link per province, in the order of their names"
    );
    for (k, (to, title)) in links.iter().enumerate() {
        assert!(files.contains_key(to), "{to} is not written");
        assert_eq!(
            title,
            &format!("UBND tỉnh Lưới {k}: 132 đơn vị trên bản đồ; mở để xem từng đơn vị")
        );
        let parent_page = text(to);
        let src = parent_page
            .split("class=map-frame><object ")
            .nth(1)
            .unwrap_or_else(|| panic!("{to} embeds its units' map"));
        let src = src[..src.find('>').unwrap()]
            .split("data=")
            .nth(1)
            .unwrap()
            .trim_start_matches('"')
            .split(['"', ' '])
            .next()
            .unwrap();
        let svg_path = resolve(to, src);
        assert_eq!(svg_path, format!("so-sanh/tinh-luoi-{k}-xa-ban-do.svg"));
        let mut units: Vec<String> = map_links(&svg_path, &text(&svg_path))
            .into_iter()
            .map(|(to, _)| to)
            .collect();
        units.sort();
        let mut expected: Vec<String> = (k * 132..(k + 1) * 132)
            .map(|i| format!("don-vi/xa-phuong-thu-nghiem-{i}.html"))
            .collect();
        expected.sort();
        assert_eq!(
            units, expected,
            "the map of province {k} links each of its units"
        );
    }
}

/// A province's communes drawn from a file of more: the communes of a
/// province with no group in the data are its neighbours, not communes
/// of this group without a result.
#[test]
fn a_neighbouring_province_s_communes_are_not_this_group_s_units_without_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Two provinces of 50 communes; only the first's are published.
    write_grid(&data, 10, 10, 0.05, 2);
    publish_only(&data, |i| i < 50);
    let out = dir.path().join("public");
    build_site(&data, &out);
    let page = String::from_utf8(tree(&out)["2025/xa/index.html"].clone()).unwrap();
    let svg = map_svg(&page);
    assert!(
        !svg.contains("-hatch"),
        "no unit is hatched as without a result"
    );
    assert!(
        !page.contains("Không có kết quả"),
        "none is listed as without a result"
    );
    assert!(
        page.contains("Đơn vị khác"),
        "the neighbours are other units"
    );
}

/// A map file's legend wraps a long entry (the names of many units
/// without a result) within the file's width, every name kept.
#[test]
fn a_map_file_s_long_legend_entry_wraps_within_its_width() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_grid(&data, 10, 10, 0.05, 1);
    // A fifth of the communes have no result.
    publish_only(&data, |i| i % 5 != 0);
    let out = dir.path().join("public");
    build_site(&data, &out);
    let svg = String::from_utf8(tree(&out)["2025/xa/ban-do.svg"].clone()).unwrap();
    let width: f64 = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|v| v.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let texts: Vec<&str> = svg
        .split("<text ")
        .skip(1)
        .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        .collect();
    let missing: Vec<&&str> = texts
        .iter()
        .skip_while(|t| !t.starts_with("Không có kết quả"))
        .take_while(|t| !t.contains("đơn vị)") && !t.starts_with("Đơn vị khác"))
        .collect();
    assert!(missing.len() > 2, "the entry wraps: {missing:?}");
    for line in &texts {
        // 20-unit type: a character about 11 units wide at most.
        let room = (width - 36.0) / 11.0;
        assert!(
            (line.chars().count() as f64) <= room,
            "{line:?} runs past {width} units"
        );
    }
    let joined = missing
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    for i in (0..100).step_by(5) {
        assert!(
            joined.contains(&format!("Thử Nghiệm Số {i},"))
                || joined.ends_with(&format!("Thử Nghiệm Số {i}")),
            "{i} is named: {joined}"
        );
    }
}

fn built() -> (tempfile::TempDir, BTreeMap<String, String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo(FIXTURE), &out);
    let pages = html_pages(&out);
    (dir, pages)
}

/// The map's SVG inside a page.
fn map_svg(html: &str) -> &str {
    let start = html.find("<div class=map-frame>").expect("a map");
    let end = start + html[start..].find("</svg>").unwrap();
    &html[start..end]
}

#[test]
fn each_unit_of_a_mapped_group_has_exactly_one_link_on_its_ranking_page() {
    let checked = check(FIXTURE);
    let (_dir, pages) = built();
    let mut mapped = 0;
    for (edition, group, result) in groups(&checked) {
        let page = &pages[&format!("{}/{}/index.html", edition.year, group.id)];
        let svg = map_svg(page);
        for unit in &result.units {
            let href = format!("<a href=\"../../don-vi/{}.html\"", unit.unit);
            assert_eq!(
                svg.matches(&href).count(),
                1,
                "{} {}: {}",
                edition.year,
                unit.unit,
                svg
            );
        }
        assert_eq!(svg.matches("<a href=").count(), result.units.len());
        // The map comes before the ranking it says the same as.
        assert!(page.find("map-frame").unwrap() < page.find("id=xep-hang").unwrap());
        mapped += 1;
    }
    assert_eq!(mapped, 2);
}

#[test]
fn a_code_names_the_unit_that_held_it_on_the_editions_day() {
    let (_dir, pages) = built();
    // Code 00100 was xa-a's until 30 June 2025, then xa-moi's: each
    // edition takes the file covering its units.
    let before = map_svg(&pages["2021/xa/index.html"]);
    assert!(before.contains("don-vi/xa-a.html") && !before.contains("xa-moi"));
    assert!(pages["2021/xa/index.html"].contains("vẽ tay"));
    let after = map_svg(&pages["2025/xa/index.html"]);
    assert!(after.contains("don-vi/xa-moi.html") && !after.contains("xa-a.html"));
    assert!(pages["2025/xa/index.html"].contains("sau sắp xếp"));
    // The home page shows the latest edition's map.
    assert!(map_svg(&pages["index.html"]).contains("don-vi/xa-moi.html"));
}

#[test]
fn of_two_files_covering_a_group_alike_the_first_by_name_is_drawn() {
    for (name, source) in [
        ("a-ban-sao.geojson", "Bản sao ranh giới sau sắp xếp"),
        ("z-ban-sao.geojson", "Ranh giới minh hoạ sau sắp xếp"),
    ] {
        let (dir, checked) = with_map("tie.geojson", name);
        assert!(!checked.has_errors());
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        build_site(dir.path(), &out);
        let page = std::fs::read_to_string(out.join("2025/xa/index.html")).unwrap();
        assert!(page.contains(&format!("Nguồn bản đồ: {source}")), "{name}");
    }
}

#[test]
/// A unit page's locator: the unit drawn over a picture of its group's
/// area that every unit page of the group shares (a file fetched once),
/// the two named together as one image.
fn a_unit_page_has_its_locator_map() {
    let (dir, pages) = built();
    for (unit, year) in [("xa-a", 2021), ("xa-moi", 2025)] {
        let page_path = format!("don-vi/{unit}.html");
        let page = &pages[&page_path];
        let start = page.find("class=\"map-frame locator\"").expect("a locator");
        let open = &page[page[..start].rfind("<div").unwrap()..];
        let open_tag = &open[..open.find('>').unwrap()];
        assert!(open_tag.contains("role=img"), "{unit}: {open_tag}");
        assert!(
            open_tag.contains(&format!("Các xã, {year}")),
            "{unit}: {open_tag}"
        );
        let frame = &open[..open.find("</div>").unwrap()];
        let src = &attributes(frame, "src")[0];
        let picture_path = resolve(&page_path, src);
        assert_eq!(picture_path, format!("{year}/xa/vi-tri.svg"));
        let picture =
            std::fs::read_to_string(dir.path().join("public").join(&picture_path)).unwrap();
        assert!(
            !picture.contains(chiso::render::map::svg::HIGHLIGHT),
            "the shared picture highlights no unit"
        );
        let layer = &frame[frame.find("<svg").unwrap()..];
        assert!(layer.contains("aria-hidden=\"true\""), "{unit}");
        assert_eq!(
            layer.matches(chiso::render::map::svg::HIGHLIGHT).count(),
            1,
            "{unit}"
        );
        // The layer is drawn in the picture's frame.
        let view_box = |svg: &str| {
            svg.split("viewBox=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(view_box(layer), view_box(&picture), "{unit}");
        assert!(!frame.contains("<a "), "a locator is a picture");
    }
}

#[test]
fn each_map_and_the_simplified_boundaries_are_downloads_in_sha256sums() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo(FIXTURE), &out);
    let files = tree(&out);
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).unwrap();
    let listed: BTreeMap<&str, &str> = sums
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, path)| (path, hash))
        .collect();
    for path in [
        "2021/xa/ban-do.svg",
        "2025/xa/ban-do.svg",
        "2021/xa/tieu-chi-1-ban-do.svg",
        "du-lieu/ban-do/truoc-2025.geojson",
        "du-lieu/ban-do/sau-2025.geojson",
    ] {
        let bytes = files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is not written"));
        use sha2::Digest;
        assert_eq!(
            listed.get(path).copied(),
            Some(hex::encode(sha2::Sha256::digest(bytes)).as_str()),
            "{path}"
        );
    }
    let boundaries: serde_json::Value =
        serde_json::from_slice(&files["du-lieu/ban-do/truoc-2025.geojson"]).unwrap();
    assert_eq!(boundaries["_source"], "Ranh giới minh hoạ <vẽ tay>, 2024");
    assert_eq!(boundaries["_licence"], "CC-BY-4.0");
    assert_eq!(boundaries["features"].as_array().unwrap().len(), 4);
    // The boundaries read back as a map file, with no problem.
    let back = tempfile::tempdir().unwrap();
    copy_tree(&repo(FIXTURE), back.path());
    std::fs::write(
        back.path().join("maps/truoc-2025.geojson"),
        &files["du-lieu/ban-do/truoc-2025.geojson"],
    )
    .unwrap();
    assert!(check_dir(back.path()).diagnostics.is_empty());
    let data = String::from_utf8(files["du-lieu.html"].clone()).unwrap();
    assert!(data.contains("du-lieu/ban-do/truoc-2025.geojson"));
    // The file beside the page is a whole SVG with the legend as text.
    let svg = String::from_utf8(files["2021/xa/ban-do.svg"].clone()).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<text") && svg.contains("&lt;vẽ tay&gt;"));
}

#[test]
fn a_site_with_maps_is_the_same_bytes_built_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    build_site(&repo(FIXTURE), &one);
    build_site(&repo(FIXTURE), &two);
    let (a, b) = (tree(&one), tree(&two));
    assert!(a.keys().any(|p| p.ends_with("ban-do.svg")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs");
    }
}

/// The sample's own maps: a province's outline is not a national map
/// wanting the archipelagos, and each group is drawn from the file of its
/// period, not an older one that also covers a commune which kept its id
/// when it absorbed a neighbour (with the neighbour beside it).
#[test]
fn the_sample_draws_each_group_from_the_file_of_its_period() {
    let checked = check("data");
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code == "missing-archipelagos"),
        "{:#?}",
        checked.diagnostics
    );
    let data = &checked.dataset;
    for edition in &data.editions {
        for group in &edition.groups {
            let units = group.unit_ids();
            let Some(m) = data.map_for(edition, &units) else {
                continue;
            };
            let stale: Vec<&str> = data.maps[m]
                .features
                .iter()
                .filter_map(|f| data.map_unit(&f.link, edition))
                .filter(|u| !u.exists_in(edition.year))
                .map(|u| u.id.as_str())
                .collect();
            assert!(
                stale.is_empty(),
                "{} {}: {} has {stale:?}",
                edition.year,
                group.id,
                data.maps[m].name
            );
        }
    }
}
