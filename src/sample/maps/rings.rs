//! A region's boundary as GeoJSON rings: the cell edges not shared within
//! the region, chained into rings (outer rings counter-clockwise, holes
//! clockwise, as RFC 7946 asks: the cells' own edges run that way), holes
//! given to the outer ring around them, then smoothed.
//!
//! Smoothing cuts the grid's corners: between two junctions (vertices where
//! three shapes of the finest cut meet, see `Territory::junction`) a border
//! runs through the midpoints of its cell edges, and midpoints in a straight
//! line are dropped, so staircases become slopes and straight runs single
//! segments. A border between two junctions is the same for both shapes it
//! separates, walked the other way, and so are its points: neighbours keep
//! sharing their edges exactly, at every level.

use std::collections::HashMap;
use std::fmt::Write;

use super::grid::{Grid, Vertex};

/// A point of a smoothed ring, in half grid units (a vertex or the middle
/// of a cell edge).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(super) struct Point {
    pub(super) x: i32,
    pub(super) y: i32,
}

pub(super) type Ring = Vec<Point>;

pub(super) struct Polygon {
    pub(super) outer: Ring,
    pub(super) holes: Vec<Ring>,
}

/// The polygons of the cells labelled `label` (`cells`, ascending),
/// smoothed between the vertices `junction` names.
pub(super) fn polygons(
    grid: &Grid,
    cells: &[usize],
    labels: &[u32],
    label: u32,
    junction: &dyn Fn(Vertex) -> bool,
) -> Vec<Polygon> {
    let mut edges: Vec<(Vertex, Vertex)> = Vec::new();
    for &cell in cells {
        for (a, b, across) in grid.edges(cell) {
            if across.is_none_or(|n| labels[n] != label) {
                edges.push((a, b));
            }
        }
    }
    // Three cells meet at every vertex, so one boundary leaves each vertex.
    let mut next: HashMap<Vertex, Vertex> = edges.iter().copied().collect();
    let mut rings: Vec<Ring> = Vec::new();
    for &(start, _) in &edges {
        if !next.contains_key(&start) {
            continue;
        }
        let mut ring: Vec<Vertex> = vec![start];
        let mut at = start;
        while let Some(to) = next.remove(&at) {
            if to == start {
                break;
            }
            ring.push(to);
            at = to;
        }
        rings.push(smooth(&ring, junction));
    }
    let (outers, holes): (Vec<Ring>, Vec<Ring>) = rings.into_iter().partition(|r| area2(r) > 0);
    let mut polygons: Vec<Polygon> = outers
        .into_iter()
        .map(|outer| Polygon {
            outer,
            holes: Vec::new(),
        })
        .collect();
    for hole in holes {
        let probe = hole[0];
        let around = polygons
            .iter_mut()
            .filter(|p| contains(&p.outer, probe))
            .min_by_key(|p| area2(&p.outer));
        if let Some(polygon) = around {
            polygon.holes.push(hole);
        }
    }
    polygons
}

/// The ring through the junctions and the midpoints of its edges between
/// them, less the midpoints in line with their neighbours (decided on the
/// unsmoothed sequence, so the same whichever way a border is walked).
fn smooth(ring: &[Vertex], junction: &dyn Fn(Vertex) -> bool) -> Ring {
    let n = ring.len();
    let at = |v: Vertex| Point {
        x: 2 * v.x,
        y: 2 * v.y,
    };
    let mid = |i: usize| {
        let (a, b) = (ring[i % n], ring[(i + 1) % n]);
        Point {
            x: a.x + b.x,
            y: a.y + b.y,
        }
    };
    let mut out = Vec::new();
    let Some(start) = (0..n).find(|&i| junction(ring[i])) else {
        let points: Vec<Point> = (0..n).map(mid).collect();
        for i in 0..n {
            if !collinear(points[(i + n - 1) % n], points[i], points[(i + 1) % n]) {
                out.push(points[i]);
            }
        }
        return out;
    };
    let mut i = start;
    loop {
        let mut chain = vec![at(ring[i])];
        let mut k = i;
        loop {
            chain.push(mid(k));
            k = (k + 1) % n;
            if junction(ring[k]) {
                break;
            }
        }
        chain.push(at(ring[k]));
        out.push(chain[0]);
        for t in 1..chain.len() - 1 {
            if !collinear(chain[t - 1], chain[t], chain[t + 1]) {
                out.push(chain[t]);
            }
        }
        i = k;
        if i == start {
            break;
        }
    }
    out
}

fn collinear(a: Point, b: Point, c: Point) -> bool {
    let cross =
        i64::from(b.x - a.x) * i64::from(c.y - a.y) - i64::from(b.y - a.y) * i64::from(c.x - a.x);
    cross == 0
}

/// Twice the signed area in half grid units: positive counter-clockwise.
pub(super) fn area2(ring: &[Point]) -> i64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i64::from(a.x) * i64::from(b.y) - i64::from(b.x) * i64::from(a.y)
        })
        .sum()
}

/// Whether a point not on the ring lies inside it: probed half a unit
/// above, off every point's level.
fn contains(ring: &[Point], p: Point) -> bool {
    let (px, py) = (f64::from(p.x), f64::from(p.y) + 0.5);
    let n = ring.len();
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let (ax, ay, bx, by) = (
            f64::from(a.x),
            f64::from(a.y),
            f64::from(b.x),
            f64::from(b.y),
        );
        if (ay > py) != (by > py) && px < ax + (py - ay) / (by - ay) * (bx - ax) {
            inside = !inside;
        }
    }
    inside
}

/// Writes a GeoJSON geometry: a Polygon, or a MultiPolygon for several.
pub(super) fn write_geometry(
    out: &mut String,
    polygons: &[Polygon],
    place: &dyn Fn(Point) -> (f64, f64),
    decimals: usize,
) {
    let ring = |out: &mut String, ring: &Ring| {
        out.push('[');
        for &v in ring.iter().chain(ring.first()) {
            let (lon, lat) = place(v);
            let _ = write!(out, "[{lon:.decimals$},{lat:.decimals$}],");
        }
        out.pop();
        out.push(']');
    };
    let polygon = |out: &mut String, p: &Polygon| {
        out.push('[');
        ring(out, &p.outer);
        for hole in &p.holes {
            out.push(',');
            ring(out, hole);
        }
        out.push(']');
    };
    if let [one] = polygons {
        out.push_str(r#"{"type":"Polygon","coordinates":"#);
        polygon(out, one);
    } else {
        out.push_str(r#"{"type":"MultiPolygon","coordinates":["#);
        for (i, p) in polygons.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            polygon(out, p);
        }
        out.push(']');
    }
    out.push('}');
}
