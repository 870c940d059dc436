//! Cutting a set of cells into regions: seeds spread apart, then
//! deterministic competitive growth, each region taking in turn its
//! nearest free neighbouring cell (with a little hashed noise, so that
//! borders wander) while it is the smallest against its share. A region
//! grows only by adjacency from its seed, so every region of a connected
//! set is connected, and a region cut again stays whole at every level.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use super::grid::{mix, noise2, unit, Grid};

/// Positions of the cells of a set, for lookups by cell.
fn index(cells: &[usize]) -> HashMap<usize, usize> {
    cells.iter().enumerate().map(|(i, &c)| (c, i)).collect()
}

/// Steps from each cell of the set to the nearest of `from`, within it.
fn hops(grid: &Grid, cells: &[usize], at: &HashMap<usize, usize>, from: &[usize]) -> Vec<u32> {
    let mut dist = vec![u32::MAX; cells.len()];
    let mut queue = VecDeque::new();
    for &s in from {
        if let Some(&i) = at.get(&s) {
            dist[i] = 0;
            queue.push_back(s);
        }
    }
    while let Some(cell) = queue.pop_front() {
        let d = dist[at[&cell]];
        for n in grid.neighbours(cell) {
            if let Some(&j) = at.get(&n) {
                if dist[j] == u32::MAX {
                    dist[j] = d + 1;
                    queue.push_back(n);
                }
            }
        }
    }
    dist
}

/// `k` seeds spread over the set: each the cell farthest (in steps within
/// the set) from `taken` and the seeds before it; the first is `first`
/// when nothing is taken. Ties go to the hashed order of the cells.
pub(super) fn spread(
    grid: &Grid,
    cells: &[usize],
    k: usize,
    taken: &[usize],
    first: usize,
    salt: u64,
) -> Vec<usize> {
    let at = index(cells);
    let mut seeds: Vec<usize> = Vec::new();
    let mut chosen: Vec<usize> = taken.to_vec();
    if chosen.is_empty() && k > 0 {
        seeds.push(first);
        chosen.push(first);
    }
    let mut dist = hops(grid, cells, &at, &chosen);
    while seeds.len() < k && seeds.len() + taken.len() < cells.len() {
        let best = (0..cells.len())
            .filter(|&i| dist[i] != 0)
            .max_by_key(|&i| (dist[i], mix(salt ^ cells[i] as u64)));
        let Some(best) = best else { break };
        let seed = cells[best];
        seeds.push(seed);
        let near = hops(grid, cells, &at, &[seed]);
        for (d, n) in dist.iter_mut().zip(near) {
            *d = (*d).min(n);
        }
    }
    seeds
}

/// Grows one region from each seed over the set, region `k` aiming at a
/// share of the cells proportional to `weights[k]`. Returns the region of
/// each cell, in the order of `cells`.
pub(super) fn grow(
    grid: &Grid,
    cells: &[usize],
    seeds: &[usize],
    weights: &[f64],
    salt: u64,
) -> Vec<usize> {
    const FREE: usize = usize::MAX;
    let at = index(cells);
    let mut owner = vec![FREE; cells.len()];
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let target: Vec<f64> = weights
        .iter()
        .map(|w| (w / total * cells.len() as f64).max(1.0))
        .collect();
    let mut size = vec![0usize; seeds.len()];
    let mut frontier: Vec<BinaryHeap<Reverse<(u64, usize)>>> =
        seeds.iter().map(|_| BinaryHeap::new()).collect();
    let mut free = cells.len();
    let push = |frontier: &mut BinaryHeap<Reverse<(u64, usize)>>, k: usize, from: usize| {
        for n in grid.neighbours(from) {
            if at.contains_key(&n) {
                // A smooth field per region: borders wander, never fray.
                let (x, y) = grid.centre_units(n);
                let field = noise2(salt ^ mix(k as u64), x / 9.0, y / 4.5);
                let grain = unit(mix(salt ^ mix((n as u64) << 8 ^ k as u64)));
                let d = grid.distance(n, seeds[k]) * (1.0 + 0.3 * field) + 0.3 * grain;
                frontier.push(Reverse(((d * 1024.0) as u64, n)));
            }
        }
    };
    for (k, &seed) in seeds.iter().enumerate() {
        if let Some(&i) = at.get(&seed) {
            if owner[i] == FREE {
                owner[i] = k;
                size[k] = 1;
                free -= 1;
                push(&mut frontier[k], k, seed);
            }
        }
    }
    let mut open: Vec<bool> = seeds.iter().map(|_| true).collect();
    while free > 0 {
        let next = (0..seeds.len()).filter(|&k| open[k]).min_by(|&a, &b| {
            let ra = size[a] as f64 / target[a];
            let rb = size[b] as f64 / target[b];
            ra.total_cmp(&rb).then(a.cmp(&b))
        });
        let Some(k) = next else { break };
        let mut claimed = None;
        while let Some(Reverse((_, cell))) = frontier[k].pop() {
            if owner[at[&cell]] == FREE {
                claimed = Some(cell);
                break;
            }
        }
        match claimed {
            Some(cell) => {
                owner[at[&cell]] = k;
                size[k] += 1;
                free -= 1;
                push(&mut frontier[k], k, cell);
            }
            None => open[k] = false,
        }
    }
    // A set in pieces: the cells no seed reached join a neighbour's
    // region, so that every cell has one.
    while free > 0 {
        let before = free;
        for i in 0..cells.len() {
            if owner[i] != FREE {
                continue;
            }
            let near = grid
                .neighbours(cells[i])
                .filter_map(|n| at.get(&n))
                .map(|&j| owner[j])
                .find(|&o| o != FREE);
            if let Some(o) = near.or((before == free && !seeds.is_empty()).then_some(0)) {
                owner[i] = o;
                free -= 1;
            }
        }
        if free == before {
            break;
        }
    }
    owner
}

/// The connected pieces of a set of cells, largest first.
pub(super) fn components(grid: &Grid, cells: &[usize]) -> Vec<Vec<usize>> {
    let at = index(cells);
    let mut seen = vec![false; cells.len()];
    let mut pieces = Vec::new();
    for start in 0..cells.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut piece = vec![cells[start]];
        let mut queue = VecDeque::from([cells[start]]);
        while let Some(cell) = queue.pop_front() {
            for n in grid.neighbours(cell) {
                if let Some(&j) = at.get(&n) {
                    if !seen[j] {
                        seen[j] = true;
                        piece.push(n);
                        queue.push_back(n);
                    }
                }
            }
        }
        piece.sort_unstable();
        pieces.push(piece);
    }
    pieces.sort_by_key(|p| (Reverse(p.len()), p[0]));
    pieces
}
