//! The fine planar partition every boundary is cut from: a "brick" grid of
//! rectangular cells whose rows are offset by half a cell, so that exactly
//! three cells meet at every vertex (the topology of a hexagonal grid). A
//! set of cells then always has simple boundary rings (no two rings of one
//! set touch at a point), and straight runs along the rows can be dropped.
//!
//! Vertices are addressed by integer grid positions (x in half cells, y in
//! rows) and placed in longitude/latitude by a jitter hashed from that
//! position alone: the same vertex moves the same way in every shape, so
//! neighbouring shapes keep sharing their edges exactly. Only integer and
//! basic float arithmetic is used (no trigonometry), so the same seed gives
//! the same bytes on every platform.

use super::rings::Point;

/// No unit, no region.
pub(super) const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(super) struct Vertex {
    /// Half cells from the west edge.
    pub(super) x: i32,
    /// Rows from the south edge.
    pub(super) y: i32,
}

pub(super) struct Grid {
    pub(super) cols: usize,
    pub(super) rows: usize,
    west: f64,
    south: f64,
    /// Half a cell's width, in degrees of longitude.
    half: f64,
    /// A row's height, in degrees of latitude.
    height: f64,
    salt: u64,
}

impl Grid {
    /// A grid over the box, of rows `height` degrees tall and cells about as
    /// wide on the ground (`cos_lat`: the cosine of the box's latitude).
    pub(super) fn new(
        (west, south, east, north): (f64, f64, f64, f64),
        height: f64,
        cos_lat: f64,
        salt: u64,
    ) -> Grid {
        let half = height / cos_lat / 2.0;
        let cols = ((east - west) / (2.0 * half)).ceil().max(1.0) as usize;
        let rows = ((north - south) / height).ceil().max(1.0) as usize;
        Grid {
            cols,
            rows,
            west,
            south,
            half,
            height,
            salt,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.cols * self.rows
    }

    fn offset(row: i64) -> i64 {
        row.rem_euclid(2)
    }

    fn cell(&self, c: i64, r: i64) -> Option<usize> {
        let inside = (0..self.cols as i64).contains(&c) && (0..self.rows as i64).contains(&r);
        inside.then(|| r as usize * self.cols + c as usize)
    }

    fn place(&self, cell: usize) -> (i64, i64) {
        ((cell % self.cols) as i64, (cell / self.cols) as i64)
    }

    /// The cell's centre in grid units: half cells east, rows north.
    pub(super) fn centre_units(&self, cell: usize) -> (f64, f64) {
        let (c, r) = self.place(cell);
        ((2 * c + Self::offset(r) + 1) as f64, r as f64 + 0.5)
    }

    /// The cell's centre in longitude and latitude (without jitter).
    pub(super) fn centre(&self, cell: usize) -> (f64, f64) {
        let (x, y) = self.centre_units(cell);
        (self.west + x * self.half, self.south + y * self.height)
    }

    /// Distance between two cells' centres, in cell heights.
    pub(super) fn distance(&self, a: usize, b: usize) -> f64 {
        let (ax, ay) = self.centre_units(a);
        let (bx, by) = self.centre_units(b);
        // A cell is two half cells wide and about one row tall on the ground.
        let dx = (ax - bx) / 2.0;
        let dy = ay - by;
        (dx * dx + dy * dy).sqrt()
    }

    /// The cell's six edges, counter-clockwise, each with the cell across it.
    pub(super) fn edges(&self, cell: usize) -> [(Vertex, Vertex, Option<usize>); 6] {
        let (c, r) = self.place(cell);
        let x0 = 2 * c + Self::offset(r);
        let below = Self::offset(r - 1);
        let above = Self::offset(r + 1);
        let v = |x: i64, y: i64| Vertex {
            x: x as i32,
            y: y as i32,
        };
        [
            (
                v(x0, r),
                v(x0 + 1, r),
                self.cell((x0 - below).div_euclid(2), r - 1),
            ),
            (
                v(x0 + 1, r),
                v(x0 + 2, r),
                self.cell((x0 + 1 - below).div_euclid(2), r - 1),
            ),
            (v(x0 + 2, r), v(x0 + 2, r + 1), self.cell(c + 1, r)),
            (
                v(x0 + 2, r + 1),
                v(x0 + 1, r + 1),
                self.cell((x0 + 1 - above).div_euclid(2), r + 1),
            ),
            (
                v(x0 + 1, r + 1),
                v(x0, r + 1),
                self.cell((x0 - above).div_euclid(2), r + 1),
            ),
            (v(x0, r + 1), v(x0, r), self.cell(c - 1, r)),
        ]
    }

    /// The cells sharing an edge with `cell`.
    pub(super) fn neighbours(&self, cell: usize) -> impl Iterator<Item = usize> {
        self.edges(cell).into_iter().filter_map(|(_, _, n)| n)
    }

    /// The three cells around a vertex: the two of the row where it is a
    /// corner (west, east), then the one of the row where it is the middle
    /// of an edge. `None` outside the grid.
    pub(super) fn around(&self, v: Vertex) -> [Option<usize>; 3] {
        let (x, y) = (i64::from(v.x), i64::from(v.y));
        let (corner_row, middle_row) = if (x - Self::offset(y)).rem_euclid(2) == 0 {
            (y, y - 1)
        } else {
            (y - 1, y)
        };
        let east = (x - Self::offset(corner_row)).div_euclid(2);
        let middle = (x - Self::offset(middle_row) - 1).div_euclid(2);
        [
            self.cell(east - 1, corner_row),
            self.cell(east, corner_row),
            self.cell(middle, middle_row),
        ]
    }

    /// Where a point (in half grid units) is drawn: moved by a jitter
    /// hashed from its position, under a fifth of the grid's spacing, so
    /// that no two edges can cross.
    pub(super) fn lon_lat(&self, p: Point) -> (f64, f64) {
        let key = (u64::from(p.x as u32) << 32) | u64::from(p.y as u32);
        let h = mix(self.salt ^ mix(key));
        let (x, y) = (f64::from(p.x) / 2.0, f64::from(p.y) / 2.0);
        // A gentle warp, a cell at most over a dozen, bends the grid's
        // straight lines; the jitter roughens them.
        let wx = 2.0 * noise2(self.salt ^ 11, x / 24.0, y / 12.0);
        let wy = noise2(self.salt ^ 12, x / 24.0, y / 12.0);
        let jx = (unit(h) - 0.5) * 0.4;
        let jy = (unit(h >> 21) - 0.5) * 0.4;
        (
            self.west + (x + wx + jx) * self.half,
            self.south + (y + wy + jy) * self.height,
        )
    }
}

/// SplitMix64's finaliser: a well-mixed, portable 64-bit hash.
pub(super) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hash's low 21 bits as a number in [0, 1).
pub(super) fn unit(h: u64) -> f64 {
    (h & 0x1f_ffff) as f64 / f64::from(0x20_0000)
}

/// Smooth value noise in [-1, 1] along `t`, one random value per integer
/// step, eased between them: coastlines and borders that wander.
pub(super) fn noise1(salt: u64, t: f64) -> f64 {
    let i = t.floor();
    let f = t - i;
    let at = |k: f64| unit(mix(salt ^ mix(k as i64 as u64))) * 2.0 - 1.0;
    let ease = f * f * (3.0 - 2.0 * f);
    at(i) + (at(i + 1.0) - at(i)) * ease
}

/// Smooth value noise in [-1, 1] over the plane.
pub(super) fn noise2(salt: u64, x: f64, y: f64) -> f64 {
    let (i, j) = (x.floor(), y.floor());
    let (fx, fy) = (x - i, y - j);
    let at = |a: f64, b: f64| {
        let key = ((a as i64 as u64) << 32) ^ (b as i64 as u64 & 0xffff_ffff);
        unit(mix(salt ^ mix(key))) * 2.0 - 1.0
    };
    let ex = fx * fx * (3.0 - 2.0 * fx);
    let ey = fy * fy * (3.0 - 2.0 * fy);
    let south = at(i, j) + (at(i + 1.0, j) - at(i, j)) * ex;
    let north = at(i, j + 1.0) + (at(i + 1.0, j + 1.0) - at(i, j + 1.0)) * ex;
    south + (north - south) * ey
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every edge of every cell is the reverse of one edge of the cell
    /// across it, and three cells meet at every inner vertex.
    #[test]
    fn brick_grid_edges_pair_up_and_three_cells_meet_at_a_vertex() {
        let grid = Grid::new((0.0, 0.0, 1.0, 1.0), 0.1, 1.0, 7);
        let mut at: BTreeMap<Vertex, Vec<usize>> = BTreeMap::new();
        for cell in 0..grid.len() {
            for (a, b, across) in grid.edges(cell) {
                at.entry(a).or_default().push(cell);
                if let Some(n) = across {
                    assert!(
                        grid.edges(n)
                            .iter()
                            .any(|&(p, q, m)| (p, q, m) == (b, a, Some(cell))),
                        "{cell} {a:?}->{b:?}"
                    );
                }
            }
        }
        for (v, mut cells) in at {
            cells.sort_unstable();
            let mut around: Vec<usize> = grid.around(v).into_iter().flatten().collect();
            around.sort_unstable();
            assert_eq!(cells, around, "{v:?}");
        }
    }
}
