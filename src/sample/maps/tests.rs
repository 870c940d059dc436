use super::super::places::{Kind, Registry};
use super::super::scores::GroupKind;
use super::super::{Preset, SampleSize};
use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

type Pos = (u64, u64);
/// A feature read back: its unit (if any) and its polygons' rings.
struct Shape {
    unit: Option<String>,
    polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

struct Read {
    path: String,
    shapes: Vec<Shape>,
}

struct Sample {
    size: SampleSize,
    registry: Registry,
    files: Vec<MapFile>,
    read: Vec<Read>,
}

fn sample(preset: Preset) -> &'static Sample {
    static PROVINCE: OnceLock<Sample> = OnceLock::new();
    static NATIONAL: OnceLock<Sample> = OnceLock::new();
    let cell = if preset == Preset::Province {
        &PROVINCE
    } else {
        &NATIONAL
    };
    cell.get_or_init(|| {
        let size = preset.size();
        let registry = Registry::build(&size);
        let files = map_files(&registry, &size, 1);
        let read = files.iter().map(read).collect();
        Sample {
            size,
            registry,
            files,
            read,
        }
    })
}

/// Parses a file with the `geojson` crate, as a reader would.
fn read(file: &MapFile) -> Read {
    let parsed: geojson::GeoJson = file.text.parse().expect("valid GeoJSON");
    let collection = geojson::FeatureCollection::try_from(parsed).expect("a FeatureCollection");
    let members = collection
        .foreign_members
        .as_ref()
        .expect("_source, _licence");
    assert_eq!(members["_source"], SOURCE, "{}", file.path);
    assert_eq!(members["_licence"], LICENCE, "{}", file.path);
    let shapes = collection
        .features
        .iter()
        .map(|f| {
            let unit = f
                .property("unit")
                .map(|u| u.as_str().expect("unit is a string").to_string());
            let geometry = f.geometry.as_ref().expect("geometry");
            let polygons = match &geometry.value {
                geojson::GeometryValue::Polygon { coordinates } => vec![coordinates.clone()],
                geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.clone(),
                other => panic!("{}: {other:?}", file.path),
            };
            let polygons = polygons
                .into_iter()
                .map(|p| {
                    p.into_iter()
                        .map(|r| r.into_iter().map(|c| (c[0], c[1])).collect())
                        .collect()
                })
                .collect();
            Shape { unit, polygons }
        })
        .collect();
    Read {
        path: file.path.clone(),
        shapes,
    }
}

/// Signed area (shoelace, degrees squared): positive counter-clockwise.
fn area(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        / 2.0
}

fn shape_area(shape: &Shape) -> f64 {
    shape
        .polygons
        .iter()
        .flat_map(|p| p.iter())
        .map(|r| area(r))
        .sum()
}

fn edges(shape: &Shape) -> impl Iterator<Item = (Pos, Pos)> + '_ {
    let pos = |(x, y): (f64, f64)| (x.to_bits(), y.to_bits());
    shape
        .polygons
        .iter()
        .flat_map(|p| p.iter())
        .flat_map(move |r| r.windows(2).map(move |w| (pos(w[0]), pos(w[1]))))
}

/// The edges of a file's units that no other unit of it shares.
fn unshared(read: &Read) -> BTreeSet<(Pos, Pos)> {
    let mut all: BTreeMap<(Pos, Pos), usize> = BTreeMap::new();
    for shape in read.shapes.iter().filter(|s| s.unit.is_some()) {
        for e in edges(shape) {
            *all.entry(e).or_default() += 1;
        }
    }
    assert!(
        all.values().all(|&n| n == 1),
        "{}: an edge twice in one direction (shapes overlap)",
        read.path
    );
    all.keys()
        .filter(|(a, b)| !all.contains_key(&(*b, *a)))
        .copied()
        .collect()
}

fn units_of(read: &Read) -> BTreeMap<&str, Vec<&Shape>> {
    let mut by: BTreeMap<&str, Vec<&Shape>> = BTreeMap::new();
    for shape in &read.shapes {
        if let Some(u) = &shape.unit {
            by.entry(u.as_str()).or_default().push(shape);
        }
    }
    by
}

const PRESETS: [Preset; 2] = [Preset::Province, Preset::National];

#[test]
fn every_map_is_a_feature_collection_of_closed_counter_clockwise_rings_in_vietnam() {
    for preset in PRESETS {
        let s = sample(preset);
        assert!(s.read.len() >= 5, "{preset:?}: {} files", s.read.len());
        for read in &s.read {
            for shape in &read.shapes {
                for polygon in &shape.polygons {
                    for (k, ring) in polygon.iter().enumerate() {
                        assert!(ring.len() >= 4, "{}", read.path);
                        assert_eq!(ring.first(), ring.last(), "{}: ring not closed", read.path);
                        let outer = area(ring) > 0.0;
                        assert_eq!(
                            outer,
                            k == 0,
                            "{}: outer rings counter-clockwise, holes clockwise",
                            read.path
                        );
                        for &(lon, lat) in ring {
                            assert!((102.0..=118.0).contains(&lon), "{}: lon {lon}", read.path);
                            assert!((6.0..=24.0).contains(&lat), "{}: lat {lat}", read.path);
                        }
                    }
                }
            }
        }
    }
}

/// Every district, commune, ward and special zone an edition ranks has
/// exactly one shape in a file that covers its whole group.
#[test]
fn every_territorial_unit_of_every_edition_has_one_shape_in_a_covering_file() {
    for preset in PRESETS {
        let s = sample(preset);
        let units = &s.registry.units;
        for read in &s.read {
            for (unit, shapes) in units_of(read) {
                assert_eq!(
                    shapes.len(),
                    1,
                    "{}: {unit} has {} shapes",
                    read.path,
                    shapes.len()
                );
            }
        }
        for t in 0..s.size.editions as i32 {
            let year = s.size.first_year + t;
            let kinds = if year >= REORGANISATION_YEAR {
                [GroupKind::Wards, GroupKind::CommunesAndZones]
            } else {
                [GroupKind::Districts, GroupKind::Communes]
            };
            for kind in kinds {
                let group: BTreeSet<&str> = units
                    .iter()
                    .filter(|u| {
                        u.kind == kind.unit_kind() && kind.admits(u) && u.exists_at_end_of(year)
                    })
                    .map(|u| u.id.as_str())
                    .collect();
                assert!(!group.is_empty(), "{preset:?} {year} {kind:?}");
                // An earlier file may cover the group too (a commune
                // that absorbed another keeps its id): the file of the
                // year holds only units of that year.
                let living: BTreeSet<&str> = units
                    .iter()
                    .filter(|u| u.exists_at_end_of(year))
                    .map(|u| u.id.as_str())
                    .collect();
                let covering: Vec<&str> = s
                    .read
                    .iter()
                    .filter(|r| {
                        let have = units_of(r);
                        group.iter().all(|u| have.contains_key(u))
                            && have.keys().all(|u| living.contains(u))
                    })
                    .map(|r| r.path.as_str())
                    .collect();
                let why: Vec<String> = s
                    .read
                    .iter()
                    .map(|r| {
                        let have = units_of(r);
                        let missing = group.iter().find(|u| !have.contains_key(*u));
                        let stale = have.keys().find(|u| !living.contains(*u));
                        format!("{}: lacks {missing:?}, has {stale:?}", r.path)
                    })
                    .collect();
                assert_eq!(
                    covering.len(),
                    1,
                    "{preset:?} {year} {kind:?}: {covering:?} {why:#?}"
                );
            }
        }
    }
}

/// Neighbours share their edges exactly: every edge of a unit's ring is
/// the reverse of one edge of another unit of the same file, or lies on
/// the outline of the whole territory (the same in every file).
#[test]
fn neighbours_share_edges_exactly_and_every_file_has_the_same_outline() {
    for preset in PRESETS {
        let s = sample(preset);
        let outline = s
            .read
            .iter()
            .find(|r| r.path.starts_with("maps/tinh-"))
            .map(unshared)
            .expect("a provinces' file");
        assert!(
            outline.len() > 100,
            "{preset:?}: {} outline edges",
            outline.len()
        );
        for read in &s.read {
            assert!(
                unshared(read) == outline,
                "{}: unshared edges off the outline",
                read.path
            );
        }
    }
}

/// A district is the union of its communes, the province the union of
/// everything, and a new commune of 2025 the union of its predecessors
/// (a divided commune's parts together with their neighbours').
#[test]
fn shapes_are_unions_of_their_parts() {
    for preset in PRESETS {
        let s = sample(preset);
        let units = &s.registry.units;
        let index: BTreeMap<&str, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let total = |r: &Read| -> f64 {
            r.shapes
                .iter()
                .filter(|s| s.unit.is_some())
                .map(shape_area)
                .sum()
        };
        let whole = total(&s.read[0]);
        assert!(whole > 0.0);
        for read in &s.read {
            let t = total(read);
            assert!(
                (t - whole).abs() < 1e-9 * whole,
                "{}: {t} against {whole}",
                read.path
            );
        }
        let file = |stem: &str| {
            let mut matching: Vec<&Read> =
                s.read.iter().filter(|r| r.path.starts_with(stem)).collect();
            matching.pop().unwrap_or_else(|| panic!("{stem}"))
        };
        let area_of = |read: &Read| -> BTreeMap<usize, f64> {
            read.shapes
                .iter()
                .filter_map(|s| Some((index[s.unit.as_deref()?], shape_area(s))))
                .collect()
        };
        let old = area_of(file("maps/xa-20"));
        let new = area_of(file("maps/xa-phuong-"));
        let districts = area_of(file("maps/huyen-"));
        let mut by_district: BTreeMap<usize, f64> = BTreeMap::new();
        for (&c, &a) in &old {
            *by_district
                .entry(units[c].parent.expect("parent"))
                .or_default() += a;
        }
        for (d, a) in &districts {
            assert!((by_district[d] - a).abs() < 1e-9, "{}", units[*d].id);
        }
        // Lineage groups: communes joined by any row of 2025.
        let mut group: BTreeMap<usize, usize> = BTreeMap::new();
        fn root(g: &mut BTreeMap<usize, usize>, x: usize) -> usize {
            let p = *g.entry(x).or_insert(x);
            if p == x {
                x
            } else {
                let r = root(g, p);
                g.insert(x, r);
                r
            }
        }
        for row in &s.registry.lineage {
            if units[row.from].kind == Kind::Commune && units[row.to].kind == Kind::Commune {
                let (a, b) = (root(&mut group, row.from), root(&mut group, row.to));
                group.insert(a, b);
            }
        }
        let mut sums: BTreeMap<usize, (f64, f64, usize)> = BTreeMap::new();
        for (&c, &a) in &old {
            let r = root(&mut group, c);
            sums.entry(r).or_default().0 += a;
        }
        for (&c, &a) in &new {
            let r = root(&mut group, c);
            let e = sums.entry(r).or_default();
            e.1 += a;
            e.2 += 1;
        }
        assert!(
            sums.values().any(|s| s.2 == 2),
            "{preset:?}: a divided commune"
        );
        for (r, (before, after, _)) in sums {
            assert!(
                (before - after).abs() < 1e-9,
                "{}: {before} became {after}",
                units[r].id
            );
        }
        // One polygon per commune, bar a special zone with islands.
        for read in [file("maps/xa-20"), file("maps/xa-phuong-")] {
            for shape in read.shapes.iter().filter(|s| s.unit.is_some()) {
                assert_eq!(shape.polygons.len(), 1, "{}: {:?}", read.path, shape.unit);
            }
        }
    }
}

#[test]
fn maps_are_deterministic_and_follow_the_seed() {
    let s = sample(Preset::Province);
    let again = map_files(&s.registry, &s.size, 1);
    let other = map_files(&s.registry, &s.size, 2);
    assert_eq!(again.len(), s.files.len());
    for ((a, b), c) in s.files.iter().zip(&again).zip(&other) {
        assert_eq!(a.path, b.path);
        assert!(a.text == b.text, "{} differs between runs", a.path);
        assert!(a.text != c.text, "{} is the same for another seed", a.path);
    }
}

/// Every national map shows Hoàng Sa and Trường Sa, as context.
#[test]
fn national_maps_include_hoang_sa_and_truong_sa() {
    let s = sample(Preset::National);
    let boxes = [(111.0, 15.5, 113.5, 17.5), (111.5, 6.0, 117.5, 12.0)];
    for read in &s.read {
        for (west, south, east, north) in boxes {
            let inside = read.shapes.iter().find(|shape| {
                shape
                    .polygons
                    .iter()
                    .flatten()
                    .flatten()
                    .any(|&(lon, lat)| {
                        (west..=east).contains(&lon) && (south..=north).contains(&lat)
                    })
            });
            let shape =
                inside.unwrap_or_else(|| panic!("{}: nothing in {west}..{east}", read.path));
            assert!(
                shape.unit.is_none(),
                "{}: an archipelago is context",
                read.path
            );
        }
    }
}
