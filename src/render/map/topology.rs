//! A map file's shapes as shared arcs, simplified and quantised once.
//!
//! Neighbouring communes share their border: simplified ring by ring, the
//! two copies of a border would lose different points and leave gaps and
//! overlaps. So the rings are cut into arcs where the set of rings on
//! either side changes (at a point whose neighbours differ between the
//! rings that pass through it, as TopoJSON does), each arc is kept once
//! (the neighbour uses it reversed), simplified once with
//! Ramer–Douglas–Peucker (`geo`'s `SimplifyIdx`, which keeps the ends), and
//! quantised to the integer grid once; each ring is then its arcs put end
//! to end. Points are the same when their longitude and latitude are
//! the same numbers, as a GIS program writes a shared vertex.

use super::project::Projection;
use crate::model::MapFile;
use geo::SimplifyIdx;
use rustc_hash::FxHashMap;

/// How far (in grid units, a thousandth of the map's longer side) a
/// simplified border may stray from the drawn one: less than a pixel of
/// a map as wide as a phone's screen.
pub const TOLERANCE: f64 = 0.7;

/// One arc used by a ring, maybe walked backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArcUse {
    pub arc: usize,
    pub reversed: bool,
}

/// A context line on the grid, and its kept points as read.
pub type Line = (Vec<[i32; 2]>, Vec<[f64; 2]>);

/// A feature's shape on the map.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Polygons, each its rings (outer first), each ring its arcs.
    pub polygons: Vec<Vec<Vec<ArcUse>>>,
    /// Points (context markers) in grid units and as read.
    pub points: Vec<([i32; 2], [f64; 2])>,
    /// Lines (context), simplified, in grid units and as read.
    pub lines: Vec<Line>,
}

/// Every shape of a map file, sharing its arcs.
#[derive(Debug, Clone)]
pub struct Topology {
    pub projection: Projection,
    /// Each arc's kept points, as read (longitude, latitude).
    arcs: Vec<Vec<[f64; 2]>>,
    /// The same arcs on the integer grid, repeated points left out.
    grid: Vec<Vec<[i32; 2]>>,
    /// By feature, in the file's order.
    pub shapes: Vec<Shape>,
    /// Each shape's extent on the grid (see [`Topology::bbox`]).
    pub extents: Vec<Option<[i32; 4]>>,
    /// Points before and after simplification, for the figures.
    pub points_read: usize,
    pub points_kept: usize,
}

type Key = (u64, u64);

fn key(p: &[f64; 2]) -> Key {
    // -0.0 and 0.0 are one place.
    ((p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits())
}

impl Topology {
    pub fn build(map: &MapFile) -> Topology {
        let projection = Projection::fit(map.features.iter().flat_map(|f| {
            f.polygons
                .iter()
                .flatten()
                .flatten()
                .chain(&f.points)
                .chain(f.lines.iter().flatten())
        }));
        // Every distinct point once, numbered in order of appearance.
        let mut ids: FxHashMap<Key, u32> = FxHashMap::default();
        let mut coords: Vec<[f64; 2]> = Vec::new();
        let rings: Vec<Vec<Vec<Vec<u32>>>> = map
            .features
            .iter()
            .map(|f| {
                f.polygons
                    .iter()
                    .map(|polygon| {
                        polygon
                            .iter()
                            .map(|ring| {
                                let mut ids_of: Vec<u32> = ring
                                    .iter()
                                    .map(|p| {
                                        *ids.entry(key(p)).or_insert_with(|| {
                                            coords.push(*p);
                                            (coords.len() - 1) as u32
                                        })
                                    })
                                    .collect();
                                ids_of.dedup();
                                ids_of
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let points_read = rings
            .iter()
            .flatten()
            .flatten()
            .map(Vec::len)
            .sum::<usize>();
        let junctions = junctions(&rings, coords.len());
        let mut arcs = Arcs::default();
        let mut shapes: Vec<Shape> = rings
            .iter()
            .map(|polygons| Shape {
                polygons: polygons
                    .iter()
                    .map(|polygon| {
                        polygon
                            .iter()
                            .map(|ring| arcs.cut(ring, &junctions))
                            .collect()
                    })
                    .collect(),
                ..Shape::default()
            })
            .collect();
        let planar: Vec<[f64; 2]> = coords.iter().map(|p| projection.project(p)).collect();
        let mut kept: Vec<Vec<u32>> = arcs.list.iter().map(|a| simplify(a, &planar)).collect();
        // A ring that simplification flattens to a line gets its arcs
        // back whole: a shape must stay an area (and valid GeoJSON).
        for shape in &shapes {
            for ring in shape.polygons.iter().flatten() {
                let distinct: usize = ring.iter().map(|u| kept[u.arc].len() - 1).sum();
                if distinct < 3 {
                    for u in ring {
                        kept[u.arc] = arcs.list[u.arc].clone();
                    }
                }
            }
        }
        let points_kept = shapes
            .iter()
            .flat_map(|s| s.polygons.iter().flatten())
            .map(|ring| ring.iter().map(|u| kept[u.arc].len() - 1).sum::<usize>())
            .sum();
        let quantise = |p: &[f64; 2]| {
            let [x, y] = projection.project(p);
            [x.round() as i32, y.round() as i32]
        };
        let grid: Vec<Vec<[i32; 2]>> = kept
            .iter()
            .map(|arc| {
                let mut g: Vec<[i32; 2]> =
                    arc.iter().map(|&i| quantise(&coords[i as usize])).collect();
                g.dedup();
                g
            })
            .collect();
        let arcs_read: Vec<Vec<[f64; 2]>> = kept
            .iter()
            .map(|arc| arc.iter().map(|&i| coords[i as usize]).collect())
            .collect();
        for (shape, feature) in shapes.iter_mut().zip(&map.features) {
            shape.points = feature.points.iter().map(|p| (quantise(p), *p)).collect();
            shape.lines = feature
                .lines
                .iter()
                .map(|line| {
                    let planar: Vec<[f64; 2]> =
                        line.iter().map(|p| projection.project(p)).collect();
                    let idx: Vec<u32> = (0..line.len() as u32).collect();
                    let keep = simplify(&idx, &planar);
                    let read: Vec<[f64; 2]> = keep.iter().map(|&i| line[i as usize]).collect();
                    let mut g: Vec<[i32; 2]> = read.iter().map(quantise).collect();
                    g.dedup();
                    (g, read)
                })
                .collect();
        }
        let mut topology = Topology {
            projection,
            arcs: arcs_read,
            grid,
            shapes,
            extents: Vec::new(),
            points_read,
            points_kept,
        };
        topology.extents = topology.shapes.iter().map(|s| topology.bbox(s)).collect();
        topology
    }

    /// A shape's extent on the grid: left, top, right, bottom.
    pub fn bbox(&self, shape: &Shape) -> Option<[i32; 4]> {
        let points = shape
            .polygons
            .iter()
            .filter_map(|p| p.first())
            .flat_map(|ring| ring.iter().flat_map(|u| &self.grid[u.arc]))
            .chain(shape.points.iter().map(|(g, _)| g))
            .chain(shape.lines.iter().flat_map(|(g, _)| g));
        points.fold(None, |b, p| {
            Some(match b {
                None => [p[0], p[1], p[0], p[1]],
                Some([x0, y0, x1, y1]) => [x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1])],
            })
        })
    }

    /// How many arcs the shapes share out.
    pub fn arc_count(&self) -> usize {
        self.grid.len()
    }

    /// A ring's points on the grid, its arcs end to end (the ring is
    /// closed: its last point is not repeated).
    pub fn ring_grid(&self, ring: &[ArcUse]) -> Vec<[i32; 2]> {
        joined(ring, &self.grid)
    }

    /// A ring's kept points as read (longitude, latitude), closed by
    /// repeating the first, as GeoJSON writes a ring.
    pub fn ring_read(&self, ring: &[ArcUse]) -> Vec<[f64; 2]> {
        let mut points = joined(ring, &self.arcs);
        if let Some(first) = points.first().copied() {
            points.push(first);
        }
        points
    }
}

/// Arcs end to end, each one's first point left out (the previous arc
/// ended there), so the ring's first point is its last arc's end.
fn joined<T: Copy + PartialEq>(ring: &[ArcUse], arcs: &[Vec<T>]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for u in ring {
        let arc = &arcs[u.arc];
        if u.reversed {
            out.extend(arc.iter().rev().skip(1).copied());
        } else {
            out.extend(arc.iter().skip(1).copied());
        }
    }
    out.dedup();
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// The points where rings cut into arcs: where a point's two neighbours
/// differ from one ring through it to the next.
fn junctions(rings: &[Vec<Vec<Vec<u32>>>], points: usize) -> Vec<bool> {
    const NONE: (u32, u32) = (u32::MAX, u32::MAX);
    let mut neighbours = vec![NONE; points];
    let mut junction = vec![false; points];
    for ring in rings.iter().flatten().flatten() {
        let n = ring.len();
        for i in 0..n {
            let (prev, next) = (ring[(i + n - 1) % n], ring[(i + 1) % n]);
            let pair = (prev.min(next), prev.max(next));
            let p = ring[i] as usize;
            if neighbours[p] == NONE {
                neighbours[p] = pair;
            } else if neighbours[p] != pair {
                junction[p] = true;
            }
        }
    }
    junction
}

/// The arcs found so far, each once whichever way it is walked.
#[derive(Default)]
struct Arcs {
    list: Vec<Vec<u32>>,
    index: FxHashMap<Vec<u32>, usize>,
}

impl Arcs {
    fn find_or_add(&mut self, arc: Vec<u32>) -> ArcUse {
        if let Some(&at) = self.index.get(&arc) {
            return ArcUse {
                arc: at,
                reversed: false,
            };
        }
        let reversed: Vec<u32> = arc.iter().rev().copied().collect();
        if let Some(&at) = self.index.get(&reversed) {
            return ArcUse {
                arc: at,
                reversed: true,
            };
        }
        self.list.push(arc.clone());
        self.index.insert(arc, self.list.len() - 1);
        ArcUse {
            arc: self.list.len() - 1,
            reversed: false,
        }
    }

    /// A ring as arcs: cut at its junctions, or, without any, one closed
    /// arc starting at its lowest point (so that a hole and the island
    /// filling it find the same arc).
    fn cut(&mut self, ring: &[u32], junctions: &[bool]) -> Vec<ArcUse> {
        let n = ring.len();
        let start = match (0..n).find(|&i| junctions[ring[i] as usize]) {
            Some(first) => first,
            None => {
                let lowest = (0..n).min_by_key(|&i| ring[i]).unwrap_or(0);
                let mut arc: Vec<u32> = (0..=n).map(|k| ring[(lowest + k) % n]).collect();
                // Walked either way round, the same closed arc.
                let other: Vec<u32> = std::iter::once(ring[lowest])
                    .chain((1..=n).map(|k| ring[(lowest + n - k) % n]))
                    .collect();
                if self.index.contains_key(&other) {
                    return vec![ArcUse {
                        arc: self.index[&other],
                        reversed: true,
                    }];
                }
                arc.shrink_to_fit();
                return vec![self.find_or_add(arc)];
            }
        };
        let mut uses = Vec::new();
        let mut arc = vec![ring[start]];
        for k in 1..=n {
            let p = ring[(start + k) % n];
            arc.push(p);
            if junctions[p as usize] {
                uses.push(self.find_or_add(std::mem::replace(&mut arc, vec![p])));
            }
        }
        uses
    }
}

/// The points of `arc` that simplification keeps (its ends always). A
/// closed arc is simplified in three parts, so that it keeps at least
/// three points and stays an area.
fn simplify(arc: &[u32], planar: &[[f64; 2]]) -> Vec<u32> {
    let n = arc.len();
    let closed = n > 3 && arc.first() == arc.last();
    let cuts: Vec<usize> = if closed {
        vec![0, (n - 1) / 3, 2 * (n - 1) / 3, n - 1]
    } else {
        vec![0, n - 1]
    };
    let mut kept = vec![arc[0]];
    for w in cuts.windows(2) {
        let part = &arc[w[0]..=w[1]];
        let line: geo::LineString<f64> = part
            .iter()
            .map(|&i| {
                let [x, y] = planar[i as usize];
                geo::Coord { x, y }
            })
            .collect();
        for i in line.simplify_idx(TOLERANCE).into_iter().skip(1) {
            kept.push(part[i]);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::{MapFeature, MapLink};

    fn feature(index: usize, ring: Vec<[f64; 2]>) -> MapFeature {
        MapFeature {
            index,
            link: MapLink::Unit(format!("u{index}")),
            polygons: vec![vec![ring]],
            points: Vec::new(),
            lines: Vec::new(),
            location: Location::file("m.geojson"),
        }
    }

    fn map(features: Vec<MapFeature>) -> MapFile {
        MapFile {
            name: "m.geojson".into(),
            path: "m.geojson".into(),
            source: None,
            licence: None,
            features,
        }
    }

    #[test]
    fn a_hole_and_the_island_filling_it_share_one_arc() {
        let island = vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0]];
        let mut outer = feature(0, vec![[0.0, 0.0], [3.0, 0.0], [3.0, 3.0], [0.0, 3.0]]);
        outer.polygons[0].push(island.iter().rev().copied().collect());
        let topology = Topology::build(&map(vec![outer, feature(1, island)]));
        let hole = &topology.shapes[0].polygons[0][1];
        let inner = &topology.shapes[1].polygons[0][0];
        assert_eq!(hole.len(), 1);
        assert_eq!(hole[0].arc, inner[0].arc);
        assert_ne!(hole[0].reversed, inner[0].reversed);
        assert_eq!(topology.arc_count(), 2);
    }
}
