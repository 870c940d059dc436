//! Boundary files, `maps/*.geojson`: GeoJSON (RFC 7946) feature
//! collections in WGS84 longitude and latitude, read with the `geojson`
//! crate. What only the file is needed for is checked here, at the
//! feature's index and line: JSON syntax, GeoJSON structure, projected
//! coordinates, and two shapes for one unit. Checks that need the
//! registry or the editions (unknown units and codes, units of a group
//! without a shape, the archipelagos of a national map) are in
//! `validate::maps`.

use super::*;
use crate::diag::Tr;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The folder of boundary files, beside `units.csv`.
pub const MAPS_DIR: &str = "maps";

/// Reads every `maps/*.geojson`, by file name.
pub(super) fn read_maps(root: &Path, out: &mut Vec<Diagnostic>) -> Vec<MapFile> {
    let dir = root.join(MAPS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.to_ascii_lowercase().ends_with(".geojson") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| read_map(&dir.join(&name), name, out))
        .collect()
}

/// Where each feature of a file starts, found in one walk through the
/// text.
struct Lines<'t> {
    text: &'t str,
    at: usize,
    line: usize,
    line_start: usize,
}

impl Lines<'_> {
    fn locate(&mut self, path: &Path, offset: usize) -> Location {
        let offset = offset.max(self.at);
        for (i, b) in self.text.as_bytes()[self.at..offset].iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.at + i + 1;
            }
        }
        self.at = offset;
        let column = table::char_column(&self.text[self.line_start..], offset - self.line_start);
        Location::at(path, self.line, Some(column))
    }
}

fn invalid(at: Location, message: Tr) -> Diagnostic {
    Diagnostic::error("invalid-geojson", at, message)
}

fn read_map(path: &Path, name: String, out: &mut Vec<Diagnostic>) -> Option<MapFile> {
    let text = read_text(path, out)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        out.push(syntax_error(path, text, &e));
        return None;
    }
    let expected = || {
        tr!(
            "a GeoJSON FeatureCollection: {{\"type\": \"FeatureCollection\", \"features\": [...]}}",
            "một FeatureCollection GeoJSON: {{\"type\": \"FeatureCollection\", \"features\": [...]}}"
        )
    };
    let Ok(top) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) else {
        out.push(
            invalid(
                Location::at(path, 1, Some(1)),
                tr!(
                    "the file is not a JSON object",
                    "tệp không phải là một đối tượng JSON"
                ),
            )
            .expected(expected()),
        );
        return None;
    };
    let kind = top
        .get("type")
        .and_then(|t| serde_json::from_str::<String>(t.get()).ok());
    if kind.as_deref() != Some("FeatureCollection") {
        out.push(
            invalid(
                Location::at(path, 1, Some(1)),
                tr!("the file is not a FeatureCollection", "tệp không phải là một FeatureCollection"),
            )
            .found(kind.map_or_else(
                || tr!("no \"type\"", "không có \"type\""),
                |k| tr!("\"type\": \"{k}\"", "\"type\": \"{k}\""),
            ))
            .expected(expected())
            .hint(tr!(
                "a map file holds every unit's shape as one feature of a collection",
                "tệp bản đồ chứa hình của mọi đơn vị, mỗi hình là một đối tượng (feature) của tập hợp"
            )),
        );
        return None;
    }
    let mut lines = Lines {
        text,
        at: 0,
        line: 1,
        line_start: 0,
    };
    let offset = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    let mut note = |key: &str, lines: &mut Lines| -> Option<String> {
        let raw = top.get(key)?;
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => Some(s),
            Err(_) => {
                out.push(
                    Diagnostic::error(
                        "invalid-value",
                        lines.locate(path, offset(raw)),
                        tr!("\"{key}\" is not a text", "\"{key}\" không phải là văn bản"),
                    )
                    .found(raw.get().chars().take(40).collect::<String>())
                    .expected(tr!(
                        "a text, shown under the file's maps",
                        "một đoạn văn bản, hiện dưới các bản đồ của tệp"
                    )),
                );
                None
            }
        }
    };
    let source = note("_source", &mut lines);
    let licence = note("_licence", &mut lines);
    let mut lines = Lines {
        text,
        at: 0,
        line: 1,
        line_start: 0,
    };
    let raw_features: Vec<&RawValue> = match top.get("features") {
        Some(raw) => match serde_json::from_str(raw.get()) {
            Ok(list) => list,
            Err(_) => {
                out.push(
                    invalid(
                        lines.locate(path, offset(raw)),
                        tr!(
                            "\"features\" is not a list",
                            "\"features\" không phải là một danh sách"
                        ),
                    )
                    .expected(expected()),
                );
                return None;
            }
        },
        None => {
            out.push(
                invalid(
                    Location::at(path, 1, Some(1)),
                    tr!("no \"features\"", "không có \"features\""),
                )
                .expected(expected()),
            );
            return None;
        }
    };
    let mut features = Vec::with_capacity(raw_features.len());
    let mut linked: BTreeMap<MapLink, usize> = BTreeMap::new();
    for (index, raw) in raw_features.into_iter().enumerate() {
        let at = lines.locate(path, offset(raw));
        let Some(feature) = read_feature(index, raw, at.clone(), out) else {
            continue;
        };
        if feature.link != MapLink::Context {
            if let Some(first) = linked.get(&feature.link) {
                let (what, value) = match &feature.link {
                    MapLink::Unit(id) => ("unit", id),
                    MapLink::Code(code) => ("code", code),
                    MapLink::Context => unreachable!("context features are not linked"),
                };
                out.push(
                    Diagnostic::error(
                        "duplicate-shape",
                        at,
                        tr!(
                            "feature {index}: {what} \"{value}\" already has a shape in this file (feature {first})",
                            "đối tượng {index}: {what} \"{value}\" đã có hình trong tệp này (đối tượng {first})"
                        ),
                    )
                    .found(tr!(
                        "two features with \"{what}\": \"{value}\"",
                        "hai đối tượng có \"{what}\": \"{value}\""
                    ))
                    .expected(tr!("one feature per unit in a file", "mỗi đơn vị một đối tượng trong một tệp"))
                    .hint(tr!(
                        "join the parts into one MultiPolygon",
                        "gộp các phần thành một MultiPolygon"
                    )),
                );
                continue;
            }
            linked.insert(feature.link.clone(), index);
        }
        features.push(feature);
    }
    Some(MapFile {
        name,
        path: path.to_path_buf(),
        source,
        licence,
        features,
    })
}

/// A JSON syntax error at its line and character column.
fn syntax_error(path: &Path, text: &str, error: &serde_json::Error) -> Diagnostic {
    let line = error.line().max(1);
    let column = text.lines().nth(line - 1).map(|l| {
        let byte = error.column().saturating_sub(1);
        table::char_column(l, byte)
    });
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .replace('`', "\"");
    Diagnostic::error("invalid-json", Location::at(path, line, column), {
        let vi = super::json::serde_vi(&message);
        tr!("JSON syntax error: {message}", "lỗi cú pháp JSON: {vi}")
    })
    .expected(tr!(
        "a GeoJSON file as a GIS program exports it",
        "một tệp GeoJSON như phần mềm GIS xuất ra"
    ))
}

fn read_feature(
    index: usize,
    raw: &RawValue,
    at: Location,
    out: &mut Vec<Diagnostic>,
) -> Option<MapFeature> {
    let feature: geojson::Feature = match serde_json::from_str(raw.get()) {
        Ok(f) => f,
        Err(e) => {
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .replace('`', "\"");
            out.push(
                invalid(at, {
                    let vi = super::json::serde_vi(&message);
                    tr!(
                        "feature {index} is not a GeoJSON Feature: {message}",
                        "đối tượng {index} không phải là một Feature GeoJSON: {vi}"
                    )
                })
                .expected(tr!(
                    "{{\"type\": \"Feature\", \"properties\": {{...}}, \"geometry\": {{...}}}}",
                    "{{\"type\": \"Feature\", \"properties\": {{...}}, \"geometry\": {{...}}}}"
                )),
            );
            return None;
        }
    };
    let property = |key: &str| -> Result<Option<String>, String> {
        match feature.property(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => {
                let s = s.trim();
                Ok((!s.is_empty()).then(|| s.to_string()))
            }
            Some(other) => Err(other.to_string()),
        }
    };
    let mut link = MapLink::Context;
    for (key, make) in [
        ("code", MapLink::Code as fn(String) -> MapLink),
        ("unit", MapLink::Unit),
    ] {
        match property(key) {
            Ok(Some(value)) => link = make(value),
            Ok(None) => {}
            Err(found) => {
                out.push(
                    invalid(
                        at.clone(),
                        tr!(
                            "feature {index}: properties.{key} is not a text",
                            "đối tượng {index}: properties.{key} không phải là văn bản"
                        ),
                    )
                    .found(found)
                    .expected(tr!(
                        "the {key} as a text in quotes, e.g. \"00106\"",
                        "{key} viết dạng văn bản trong dấu nháy kép, ví dụ \"00106\""
                    ))
                    .hint(tr!(
                        "a code written as a number loses its leading zeros",
                        "mã viết dạng số sẽ mất các chữ số 0 ở đầu"
                    )),
                );
                return None;
            }
        }
    }
    let mut shape = Shape::default();
    if let Some(geometry) = &feature.geometry {
        if let Err(problem) = shape.add(&geometry.value) {
            out.push(invalid(at, {
                let (en, vi) = (problem.en, problem.vi);
                tr!("feature {index}: {en}", "đối tượng {index}: {vi}")
            }));
            return None;
        }
    }
    if let Some([lon, lat]) = shape.off_the_globe() {
        out.push(
            Diagnostic::error(
                "projected-coordinates",
                at,
                tr!(
                    "feature {index}: a position is not a longitude and latitude",
                    "đối tượng {index}: một toạ độ không phải là kinh độ và vĩ độ"
                ),
            )
            .found(format!("[{lon}, {lat}]"))
            .expected(tr!(
                "longitude from -180 to 180, latitude from -90 to 90 (WGS84, EPSG:4326)",
                "kinh độ từ -180 đến 180, vĩ độ từ -90 đến 90 (WGS84, EPSG:4326)"
            ))
            .hint(tr!(
                "export the layer in WGS84 (EPSG:4326); projected coordinates (VN-2000, UTM) are in metres",
                "hãy xuất lớp bản đồ theo WGS84 (EPSG:4326); toạ độ phẳng (VN-2000, UTM) tính bằng mét"
            )),
        );
        return None;
    }
    if link != MapLink::Context && !(shape.points.is_empty() && shape.lines.is_empty()) {
        out.push(
            invalid(
                at,
                tr!(
                    "feature {index}: a unit's shape is not an area",
                    "đối tượng {index}: hình của một đơn vị không phải là một vùng"
                ),
            )
            .expected(tr!(
                "a Polygon or MultiPolygon",
                "một Polygon hoặc MultiPolygon"
            ))
            .hint(tr!(
                "points and lines may only mark context (islands, roads) without a unit or code",
                "điểm và đường chỉ dùng cho các đối tượng nền (đảo, đường) không có unit hay code"
            )),
        );
        return None;
    }
    Some(MapFeature {
        index,
        link,
        polygons: shape.polygons,
        points: shape.points,
        lines: shape.lines,
        location: at,
    })
}

/// A feature's geometry, flattened.
#[derive(Default)]
struct Shape {
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
    points: Vec<[f64; 2]>,
    lines: Vec<Vec<[f64; 2]>>,
}

/// The deepest geometry collection read.
const MAX_COLLECTION_DEPTH: usize = 8;

impl Shape {
    fn add(&mut self, value: &geojson::GeometryValue) -> Result<(), Tr> {
        self.add_at(value, 0)
    }

    fn add_at(&mut self, value: &geojson::GeometryValue, depth: usize) -> Result<(), Tr> {
        use geojson::GeometryValue as G;
        match value {
            G::Point { coordinates } => self.points.push(position(coordinates)?),
            G::MultiPoint { coordinates } => {
                for p in coordinates {
                    self.points.push(position(p)?);
                }
            }
            G::LineString { coordinates } => self.lines.push(line(coordinates)?),
            G::MultiLineString { coordinates } => {
                for l in coordinates {
                    self.lines.push(line(l)?);
                }
            }
            G::Polygon { coordinates } => self.polygons.push(polygon(coordinates)?),
            G::MultiPolygon { coordinates } => {
                for p in coordinates {
                    self.polygons.push(polygon(p)?);
                }
            }
            G::GeometryCollection { geometries } => {
                if depth >= MAX_COLLECTION_DEPTH {
                    return Err(tr!(
                        "geometry collections nest too deep",
                        "các GeometryCollection lồng nhau quá sâu"
                    ));
                }
                for g in geometries {
                    self.add_at(&g.value, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    /// The first position outside longitude and latitude ranges.
    fn off_the_globe(&self) -> Option<[f64; 2]> {
        let outside = |p: &&[f64; 2]| p[0].abs() > 180.0 || p[1].abs() > 90.0;
        let rings = self.polygons.iter().flatten().flatten();
        rings
            .chain(&self.points)
            .chain(self.lines.iter().flatten())
            .find(outside)
            .copied()
    }
}

fn position(p: &geojson::Position) -> Result<[f64; 2], Tr> {
    match p.as_slice() {
        [x, y, ..] if x.is_finite() && y.is_finite() => Ok([*x, *y]),
        other => Err(tr!(
            "a position has {} number(s); it needs a longitude and a latitude",
            "một toạ độ có {} số; cần có kinh độ và vĩ độ",
            other.len()
        )),
    }
}

fn line(positions: &[geojson::Position]) -> Result<Vec<[f64; 2]>, Tr> {
    let line: Vec<[f64; 2]> = positions.iter().map(position).collect::<Result<_, _>>()?;
    if line.len() < 2 {
        return Err(tr!(
            "a LineString has fewer than two positions",
            "một LineString có ít hơn hai toạ độ"
        ));
    }
    Ok(line)
}

/// A polygon's rings, each open and without repeated positions.
fn polygon(rings: &[Vec<geojson::Position>]) -> Result<Vec<Vec<[f64; 2]>>, Tr> {
    if rings.is_empty() {
        return Err(tr!(
            "a Polygon has no ring",
            "một Polygon không có vòng nào"
        ));
    }
    let mut out = Vec::with_capacity(rings.len());
    for ring in rings {
        let mut points: Vec<[f64; 2]> = ring.iter().map(position).collect::<Result<_, _>>()?;
        if points.len() < 4 || points.first() != points.last() {
            return Err(tr!(
                "a ring of a Polygon is not closed ({} position(s)); a ring needs at least four, the last the same as the first",
                "một vòng của Polygon không khép kín ({} toạ độ); một vòng cần ít nhất bốn toạ độ, toạ độ cuối trùng toạ độ đầu",
                points.len()
            ));
        }
        points.pop();
        points.dedup();
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        if points.len() < 3 {
            return Err(tr!(
                "a ring of a Polygon has fewer than three distinct positions",
                "một vòng của Polygon có ít hơn ba toạ độ khác nhau"
            ));
        }
        out.push(points);
    }
    Ok(out)
}
