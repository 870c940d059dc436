//! The boundaries as the site's maps draw them, as open data: each map
//! file's shapes, simplified once (the points of the shared arcs that
//! simplification kept, as read), as GeoJSON in `du-lieu/ban-do/`, with
//! the file's `_source` and `_licence`.

use super::Download;
use crate::model::{Dataset, MapLink};
use crate::output::{OutputError, Staging};
use crate::render::map::Topology;
use serde_json::{json, Value};

/// The folder of the boundary downloads.
pub const FOLDER: &str = "du-lieu/ban-do";

/// Writes each map file's simplified boundaries; `topology(m)` gives map
/// file `m`'s shapes as the site draws them.
pub fn write_maps<'t>(
    dataset: &Dataset,
    topology: impl Fn(usize) -> &'t Topology,
    staging: &Staging,
) -> Result<Vec<Download>, OutputError> {
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (m, map) in dataset.maps.iter().enumerate() {
        let stem = map
            .name
            .rsplit_once('.')
            .map_or(map.name.as_str(), |(stem, _)| stem);
        let mut name = crate::text::slug(stem);
        if name.is_empty() {
            name = format!("ban-do-{}", m + 1);
        }
        while names.contains(&name) {
            name.push_str("-2");
        }
        names.push(name.clone());
        let path = format!("{FOLDER}/{name}.geojson");
        let bytes = geojson(map, topology(m));
        let mut file = staging.create(&path)?;
        std::io::Write::write_all(&mut file, &bytes)
            .map_err(|e| OutputError::Io(file.path().to_path_buf(), e))?;
        let written = file.finish()?;
        let about = |vi: &str, en: &str| {
            let mut text = format!("{vi} {}", map.name);
            if let Some(source) = &map.source {
                text.push_str(&format!(
                    " ({}: {source})",
                    if en.is_empty() { "nguồn" } else { "source" }
                ));
            }
            text
        };
        out.push(Download {
            path,
            year: None,
            format: "GeoJSON",
            table: None,
            rows: map.features.len(),
            size: written.size,
            sha256: written.sha256,
            title_vi: about("Ranh giới đơn vị (đã đơn giản hoá như trên bản đồ) của", ""),
            title_en: about(
                "Unit boundaries (simplified as the maps draw them) of",
                "en",
            ),
        });
    }
    Ok(out)
}

/// One map file's features with their simplified geometry.
fn geojson(map: &crate::model::MapFile, topology: &Topology) -> Vec<u8> {
    let features: Vec<Value> = map
        .features
        .iter()
        .zip(&topology.shapes)
        .map(|(feature, shape)| {
            let properties = match &feature.link {
                MapLink::Unit(id) => json!({ "unit": id }),
                MapLink::Code(code) => json!({ "code": code }),
                MapLink::Context => json!({}),
            };
            let mut geometries: Vec<Value> = Vec::new();
            if !shape.polygons.is_empty() {
                let polygons: Vec<Vec<Vec<[f64; 2]>>> = shape
                    .polygons
                    .iter()
                    .map(|rings| rings.iter().map(|r| topology.ring_read(r)).collect())
                    .collect();
                geometries.push(if polygons.len() == 1 {
                    json!({ "type": "Polygon", "coordinates": polygons[0] })
                } else {
                    json!({ "type": "MultiPolygon", "coordinates": polygons })
                });
            }
            if !shape.points.is_empty() {
                let points: Vec<[f64; 2]> = shape.points.iter().map(|(_, p)| *p).collect();
                geometries.push(json!({ "type": "MultiPoint", "coordinates": points }));
            }
            if !shape.lines.is_empty() {
                let lines: Vec<&Vec<[f64; 2]>> = shape.lines.iter().map(|(_, l)| l).collect();
                geometries.push(json!({ "type": "MultiLineString", "coordinates": lines }));
            }
            let geometry = match geometries.len() {
                0 => Value::Null,
                1 => geometries.remove(0),
                _ => json!({ "type": "GeometryCollection", "geometries": geometries }),
            };
            json!({ "type": "Feature", "properties": properties, "geometry": geometry })
        })
        .collect();
    let mut collection = json!({ "type": "FeatureCollection", "features": features });
    if let Some(source) = &map.source {
        collection["_source"] = json!(source);
    }
    if let Some(licence) = &map.licence {
        collection["_licence"] = json!(licence);
    }
    let mut bytes = serde_json::to_vec(&collection).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
