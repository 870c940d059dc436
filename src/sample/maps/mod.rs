//! Boundaries for the sample's maps (`maps/*.geojson`): fictional but
//! plausible shapes, cut from one fine planar partition (`grid`) so that
//! neighbours share their edges exactly.
//!
//! The province preset's province is a blob near the coast of the Red River
//! delta (about lon 105.3-106.2, lat 20-20.9) with a few islands and its
//! neighbours as context; the national preset's country is an S-shaped
//! outline from lat 8.5 to 23.4 with the Hoàng Sa and Trường Sa archipelagos
//! as context, its 34 provinces of 2025 seeded near where the real ones lie.
//! Territory is handed down level by level (`regions`): provinces of 2025,
//! the old provinces merged into them, districts, then in each district the
//! groups of communes merged on 1 July 2025, the communes of 2024 in each
//! group, and the original communes of each (one absorbed or merged before
//! 2025 is a part of its successor). So every unit at every date is one
//! connected shape, a district is the union of its communes and a new
//! commune the union of its predecessors. A commune split between two new
//! ones is cut across their common border, one part on each side.
//!
//! One file per level and period of the editions (the boundaries a group
//! of an edition is drawn on): `tinh-…`, `huyen-…`, `xa-…` before the
//! reorganisation and `xa-phuong-…` after it, e.g. `maps/xa-2021-2022.geojson`.
//! Hashed from the seed, not drawn from the ChaCha streams: the scores do
//! not change with the maps, and the same seed gives the same bytes.

mod grid;
mod regions;
mod rings;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::io;

use rayon::prelude::*;

use grid::{mix, noise1, noise2, unit, Grid, Vertex, NONE};
use regions::{components, grow, spread};
use rings::{polygons, write_geometry};

use super::files::Sink;
use super::places::{Kind, Registry, Tier};
use super::reorganisation::{reorganises, REORGANISATION_YEAR};
use super::{Generator, SampleSize};

const SOURCE: &str = "chiso sample (dữ liệu minh hoạ, hư cấu)";
const LICENCE: &str = "CC0-1.0";
/// Decimals of a coordinate: about 1 m for a province, 11 m for the
/// country (its cells are over 2 km wide; the files stay small).
const DECIMALS_PROVINCE: usize = 5;
const DECIMALS_NATIONAL: usize = 4;

/// Grid cells per original commune: enough for plausible shapes in one
/// province, few enough for ten thousand communes in a few megabytes.
const CELLS_PER_COMMUNE_PROVINCE: f64 = 24.0;
const CELLS_PER_COMMUNE_NATIONAL: f64 = 6.0;

/// The province preset's province: centre, radius (degrees of latitude),
/// the cosine of its latitude.
const PROVINCE_CENTRE: (f64, f64) = (105.75, 20.45);
const PROVINCE_RADIUS: f64 = 0.45;
const PROVINCE_COS: f64 = 0.9367;

/// The national outline: latitude, the longitude of its middle and its
/// half width in degrees of longitude, south to north.
const OUTLINE: [(f64, f64, f64); 17] = [
    (8.55, 104.85, 0.12),
    (9.0, 105.1, 0.6),
    (9.8, 105.6, 1.1),
    (10.5, 106.0, 1.6),
    (11.2, 107.2, 1.5),
    (12.0, 108.1, 1.1),
    (13.0, 108.4, 1.0),
    (14.5, 108.3, 0.95),
    (15.5, 108.0, 0.65),
    (16.5, 107.2, 0.5),
    (17.5, 106.4, 0.35),
    (18.5, 105.7, 0.6),
    (19.5, 105.2, 0.9),
    (20.5, 105.4, 1.2),
    (21.5, 105.2, 2.3),
    (22.5, 104.8, 2.4),
    (23.4, 105.3, 0.3),
];
const NATIONAL_COS: f64 = 0.9613;
/// About where the provinces of 2025 lie, to seed their territories.
const ANCHORS: [(&str, f64, f64); 34] = [
    ("Hà Nội", 105.8, 21.0),
    ("Huế", 107.5, 16.3),
    ("Lai Châu", 103.3, 22.3),
    ("Điện Biên", 103.1, 21.6),
    ("Sơn La", 104.0, 21.2),
    ("Lạng Sơn", 106.6, 21.9),
    ("Quảng Ninh", 107.3, 21.2),
    ("Thanh Hóa", 105.4, 20.0),
    ("Nghệ An", 104.9, 19.2),
    ("Hà Tĩnh", 105.8, 18.4),
    ("Cao Bằng", 106.1, 22.7),
    ("Tuyên Quang", 105.1, 22.4),
    ("Lào Cai", 104.3, 22.0),
    ("Thái Nguyên", 105.85, 21.9),
    ("Phú Thọ", 105.2, 21.1),
    ("Bắc Ninh", 106.3, 21.3),
    ("Hưng Yên", 106.2, 20.7),
    ("Hải Phòng", 106.5, 20.95),
    ("Ninh Bình", 106.0, 20.3),
    ("Quảng Trị", 106.5, 17.2),
    ("Đà Nẵng", 107.9, 15.6),
    ("Quảng Ngãi", 108.2, 14.8),
    ("Gia Lai", 108.5, 13.9),
    ("Khánh Hòa", 108.9, 12.0),
    ("Lâm Đồng", 107.8, 11.6),
    ("Đắk Lắk", 108.6, 12.9),
    ("Hồ Chí Minh", 106.8, 10.8),
    ("Đồng Nai", 107.0, 11.5),
    ("Tây Ninh", 106.1, 11.0),
    ("Cần Thơ", 105.8, 9.7),
    ("Vĩnh Long", 106.3, 10.0),
    ("Đồng Tháp", 106.0, 10.4),
    ("Cà Mau", 105.2, 9.1),
    ("An Giang", 105.0, 10.2),
];
/// The archipelagos: name, box (west, south, east, north), islets.
/// West, south, east, north.
type Bounds = (f64, f64, f64, f64);
const ARCHIPELAGOS: [(&str, Bounds, usize); 2] = [
    ("Quần đảo Hoàng Sa", (111.2, 15.8, 112.9, 17.1), 9),
    ("Quần đảo Trường Sa", (112.0, 7.6, 116.6, 11.4), 14),
];

/// Salts of the hashes, one per purpose.
const SALT_GRID: u64 = 0x6d61_7073_0001;
const SALT_OUTLINE: u64 = 0x6d61_7073_0002;
const SALT_REGIONS: u64 = 0x6d61_7073_0003;
const SALT_WEIGHTS: u64 = 0x6d61_7073_0004;
const SALT_ISLANDS: u64 = 0x6d61_7073_0005;

/// One file of `maps/`.
pub(super) struct MapFile {
    pub(super) path: String,
    pub(super) text: String,
}

impl Generator<'_> {
    pub(super) fn write_maps(&self, sink: &mut Sink) -> io::Result<()> {
        for file in map_files(self.registry, self.size, self.seed) {
            sink.write(&file.path, file.text.as_bytes())?;
        }
        Ok(())
    }
}

/// Every file of `maps/` for a registry.
pub(super) fn map_files(registry: &Registry, size: &SampleSize, seed: u64) -> Vec<MapFile> {
    let plan = Plan::new(registry, size, seed);
    let territory = Territory::build(&plan);
    territory.files(&plan)
}

/// What the registry says about territory: who is whose child, which
/// communes are original, what became of each by a year and on 1 July 2025.
struct Plan<'a> {
    registry: &'a Registry,
    seed: u64,
    years: Vec<i32>,
    reorganised: bool,
    children: Vec<Vec<usize>>,
    /// The original communes: every later commune is a union of them.
    atom: Vec<bool>,
    /// The commune each original one is part of at the end of the old map.
    last: Vec<usize>,
    /// Commune to the new units it went into on 1 July 2025, with shares.
    into: BTreeMap<usize, Vec<(usize, f64)>>,
    /// Old province to the province of 2025 it became (part of).
    province_after: BTreeMap<usize, usize>,
    /// An original commune's share of its district's land.
    weight: Vec<f64>,
}

impl<'a> Plan<'a> {
    fn new(registry: &'a Registry, size: &SampleSize, seed: u64) -> Plan<'a> {
        let units = &registry.units;
        let years: Vec<i32> = (0..size.editions as i32)
            .map(|t| size.first_year + t)
            .collect();
        let reorganised = reorganises(size) && !registry.lineage.is_empty();
        let mut children = vec![Vec::new(); units.len()];
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = u.parent {
                children[p].push(i);
            }
        }
        let old_commune = |i: usize| units[i].kind == Kind::Commune && units[i].tier.is_none();
        let succeeded: BTreeSet<usize> = (0..units.len())
            .filter(|&i| old_commune(i))
            .filter_map(|i| units[i].successor)
            .collect();
        let atom: Vec<bool> = (0..units.len())
            .map(|i| {
                old_commune(i)
                    && (units[i]
                        .valid_from
                        .is_none_or(|from| from <= size.first_year)
                        || !succeeded.contains(&i))
            })
            .collect();
        let last_year = if reorganised {
            REORGANISATION_YEAR - 1
        } else {
            years.last().copied().unwrap_or(size.first_year)
        };
        let mut plan = Plan {
            registry,
            seed,
            years,
            reorganised,
            children,
            atom,
            last: Vec::new(),
            into: BTreeMap::new(),
            province_after: BTreeMap::new(),
            weight: Vec::new(),
        };
        plan.last = (0..units.len())
            .map(|i| plan.commune_in(i, last_year).unwrap_or(i))
            .collect();
        for row in &registry.lineage {
            let (from, to) = (&units[row.from], &units[row.to]);
            match (from.kind, to.kind) {
                (Kind::Commune, Kind::Commune) => {
                    let share = row.share.parse::<f64>().unwrap_or(1.0);
                    plan.into.entry(row.from).or_default().push((row.to, share));
                }
                (Kind::Province, Kind::Province) => {
                    plan.province_after.insert(row.from, row.to);
                }
                _ => {}
            }
        }
        plan.weight = (0..units.len())
            .map(|i| {
                let h = unit(mix(seed ^ mix(SALT_WEIGHTS ^ i as u64)));
                // Wards are small and dense; on the national grid, a few
                // cells each, a smaller ward could be squeezed out.
                let urban = if units[i].local_word == "phường" && registry.provinces.len() == 1 {
                    0.45
                } else {
                    1.0
                };
                (0.7 + 0.6 * h) * urban
            })
            .collect();
        plan
    }

    /// The commune an original one belonged to at the end of `year`.
    fn commune_in(&self, atom: usize, year: i32) -> Option<usize> {
        let units = &self.registry.units;
        let mut at = atom;
        for _ in 0..units.len() {
            if units[at].exists_at_end_of(year) {
                return Some(at);
            }
            match units[at].successor {
                Some(next) if units[next].kind == Kind::Commune => at = next,
                _ => return None,
            }
        }
        None
    }

    fn atoms_of(&self, district: usize) -> Vec<usize> {
        self.children[district]
            .iter()
            .copied()
            .filter(|&c| self.atom[c])
            .collect()
    }

    fn districts_of(&self, province: usize) -> Vec<usize> {
        self.children[province]
            .iter()
            .copied()
            .filter(|&c| self.registry.units[c].kind == Kind::District)
            .collect()
    }

    fn province_atoms(&self, province: usize) -> usize {
        let districts = self.districts_of(province);
        districts.iter().map(|&d| self.atoms_of(d).len()).sum()
    }

    fn district_weight(&self, district: usize) -> f64 {
        self.atoms_of(district)
            .iter()
            .map(|&a| self.weight[a])
            .sum()
    }

    fn province_weight(&self, province: usize) -> f64 {
        let districts = self.districts_of(province);
        districts.iter().map(|&d| self.district_weight(d)).sum()
    }

    fn new_map(&self, year: i32) -> bool {
        self.reorganised && year >= REORGANISATION_YEAR
    }

    fn salt(&self, what: usize) -> u64 {
        mix(self.seed ^ mix(SALT_REGIONS ^ ((what as u64) << 20)))
    }
}

/// A context feature (no unit): a name and the cells it covers, or islets
/// drawn outside the grid.
struct Context {
    name: &'static str,
    islets: Vec<Vec<(f64, f64)>>,
}

/// Every cell's original commune and unit of 2025 (registry indexes, or
/// `NONE`), and context.
struct Territory {
    grid: Grid,
    atom: Vec<u32>,
    new_unit: Vec<u32>,
    /// Context feature + 1 of a cell outside every unit; 0 for the sea.
    context: Vec<u32>,
    contexts: Vec<Context>,
    decimals: usize,
}

impl Territory {
    fn build(plan: &Plan) -> Territory {
        let registry = plan.registry;
        let atoms = plan.atom.iter().filter(|&&a| a).count().max(1) as f64;
        let salt = mix(plan.seed ^ SALT_GRID);
        if registry.provinces.len() == 1 {
            let (cx, cy) = PROVINCE_CENTRE;
            let (rx, ry) = (
                PROVINCE_RADIUS / PROVINCE_COS + 0.12,
                PROVINCE_RADIUS + 0.12,
            );
            let area = 0.85 * std::f64::consts::PI * PROVINCE_RADIUS * PROVINCE_RADIUS;
            let height = (area / (atoms * CELLS_PER_COMMUNE_PROVINCE)).sqrt();
            let grid = Grid::new(
                (cx - rx, cy - ry, cx + rx, cy + ry),
                height,
                PROVINCE_COS,
                salt,
            );
            let mut t = Territory::empty(grid);
            let cells = t.province_outline(plan);
            t.carve_province(plan, &cells, registry.provinces[0]);
            t
        } else {
            let area = 30.0 * NATIONAL_COS;
            let height = (area / (atoms * CELLS_PER_COMMUNE_NATIONAL)).sqrt();
            let grid = Grid::new((102.0, 8.4, 109.8, 23.6), height, NATIONAL_COS, salt);
            let mut t = Territory::empty(grid);
            t.decimals = DECIMALS_NATIONAL;
            let cells = t.national_outline(plan);
            t.carve_country(plan, &cells);
            t
        }
    }

    fn empty(grid: Grid) -> Territory {
        let n = grid.len();
        Territory {
            grid,
            atom: vec![NONE; n],
            new_unit: vec![NONE; n],
            context: vec![0; n],
            contexts: Vec::new(),
            decimals: DECIMALS_PROVINCE,
        }
    }

    /// The province's cells; its neighbours on land and a few islands off
    /// its coast become context.
    fn province_outline(&mut self, plan: &Plan) -> Vec<usize> {
        let salt = mix(plan.seed ^ SALT_OUTLINE);
        let (cx, cy) = PROVINCE_CENTRE;
        let land = |lon: f64, lat: f64| {
            let coast = 106.15 + 0.5 * (lat - cy) + 0.06 * noise1(salt, lat * 8.0);
            lon < coast
        };
        let inside = |lon: f64, lat: f64| {
            let dx = (lon - cx) * PROVINCE_COS;
            let dy = lat - cy;
            let r = (dx * dx + dy * dy).sqrt().max(1e-9);
            let wobble = noise2(salt ^ 1, 2.2 * dx / r + 9.0, 2.2 * dy / r + 9.0);
            let rough = noise2(salt ^ 2, lon * 9.0, lat * 9.0);
            r < PROVINCE_RADIUS * (1.0 + 0.3 * wobble) + 0.05 * rough
        };
        let n = self.grid.len();
        let is_land: Vec<bool> = (0..n)
            .map(|c| {
                let (lon, lat) = self.grid.centre(c);
                land(lon, lat)
            })
            .collect();
        let candidates: Vec<usize> = (0..n)
            .filter(|&c| {
                let (lon, lat) = self.grid.centre(c);
                is_land[c] && inside(lon, lat)
            })
            .collect();
        let province = components(&self.grid, &candidates)
            .into_iter()
            .next()
            .unwrap_or_default();
        let in_province: BTreeSet<usize> = province.iter().copied().collect();
        self.contexts.push(Context {
            name: "Các địa phương lân cận (minh hoạ)",
            islets: Vec::new(),
        });
        self.contexts.push(Context {
            name: "Các đảo (minh hoạ)",
            islets: Vec::new(),
        });
        for (c, &land) in is_land.iter().enumerate() {
            if land && !in_province.contains(&c) {
                self.context[c] = 1;
            }
        }
        // Islands: sea cells well off the coast and off each other.
        let mut order: Vec<usize> = (0..n).filter(|&c| !is_land[c]).collect();
        order.sort_by_key(|&c| mix(salt ^ mix(c as u64)));
        let mut islands = 0;
        for c in order {
            if islands == 6 {
                break;
            }
            let clear = (0..n).all(|o| {
                let near = self.grid.distance(c, o) < 3.5;
                !near || (!is_land[o] && self.context[o] == 0)
            });
            if !clear {
                continue;
            }
            self.context[c] = 2;
            // Some islands are two or three cells.
            let extra = (mix(salt ^ c as u64) % 3) as usize;
            for o in self.grid.neighbours(c).take(extra) {
                self.context[o] = 2;
            }
            islands += 1;
        }
        province
    }

    /// The country's cells (an S from Cà Mau to Hà Giang); the archipelagos
    /// become context.
    fn national_outline(&mut self, plan: &Plan) -> Vec<usize> {
        let salt = mix(plan.seed ^ SALT_OUTLINE);
        let inside = |lon: f64, lat: f64| {
            let Some(k) = OUTLINE
                .windows(2)
                .position(|w| w[0].0 <= lat && lat <= w[1].0)
            else {
                return false;
            };
            let ((la, ma, wa), (lb, mb, wb)) = (OUTLINE[k], OUTLINE[k + 1]);
            let f = (lat - la) / (lb - la);
            let middle = ma + (mb - ma) * f;
            let half = wa + (wb - wa) * f;
            let side = if lon < middle { 3 } else { 4 };
            let wander = noise1(salt ^ side, lat * 2.5) + 0.4 * noise1(salt ^ 5, lat * 9.0);
            let rough = 0.03 * noise2(salt ^ 6, lon * 12.0, lat * 12.0);
            (lon - middle).abs() < half * (1.0 + 0.18 * wander) + rough
        };
        let candidates: Vec<usize> = (0..self.grid.len())
            .filter(|&c| {
                let (lon, lat) = self.grid.centre(c);
                inside(lon, lat)
            })
            .collect();
        let country = components(&self.grid, &candidates)
            .into_iter()
            .next()
            .unwrap_or_default();
        for (k, &(name, (west, south, east, north), count)) in ARCHIPELAGOS.iter().enumerate() {
            let salt = mix(plan.seed ^ SALT_ISLANDS ^ k as u64);
            let islets = (0..count)
                .map(|i| {
                    let h = mix(salt ^ mix(i as u64));
                    let lon = west + (east - west) * unit(h);
                    let lat = south + (north - south) * unit(h >> 21);
                    let r = 0.012 + 0.03 * unit(h >> 42);
                    islet(salt ^ i as u64, lon, lat, r)
                })
                .collect();
            self.contexts.push(Context { name, islets });
        }
        country
    }

    /// Cuts `cells` into regions, one per weight, region 0 seeded at the
    /// cell given (or spread from the east), and returns each region's
    /// cells. A region boxed in by its neighbours can end up too small for
    /// the `need` original communes it must hold: the growth is then tried
    /// again with other noise.
    fn split(
        &self,
        cells: &[usize],
        weights: &[f64],
        need: &[usize],
        seeds: Option<Vec<usize>>,
        salt: u64,
    ) -> Vec<Vec<usize>> {
        let seeds = seeds.unwrap_or_else(|| {
            let east = self.easternmost(cells);
            spread(&self.grid, cells, weights.len(), &[], east, salt)
        });
        // Small communes (wards) on a coarse grid: at least two cells each
        // where the set has room.
        let total: f64 = weights.iter().sum();
        let room = cells.len() as f64;
        let weights: Vec<f64> = weights
            .iter()
            .zip(need)
            .map(|(&w, &n)| w.max(total * 2.0 * n as f64 / room))
            .collect();
        // Room for every original commune, up to three cells each.
        let needed: usize = need.iter().sum::<usize>().max(1);
        let spare = (cells.len() as f64 / needed as f64).clamp(1.0, 3.0);
        let wanted: Vec<usize> = need
            .iter()
            .map(|&n| n.max((n as f64 * spare).floor() as usize))
            .collect();
        let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
        for attempt in 0..8u64 {
            let owner = grow(&self.grid, cells, &seeds, &weights, mix(salt ^ attempt));
            let mut parts = vec![Vec::new(); weights.len()];
            for (&cell, &k) in cells.iter().zip(&owner) {
                if let Some(part) = parts.get_mut(k) {
                    part.push(cell);
                }
            }
            let short = parts
                .iter()
                .zip(&wanted)
                .map(|(p, &n)| n.saturating_sub(p.len()))
                .sum::<usize>();
            if short == 0 {
                return parts;
            }
            if best.as_ref().is_none_or(|(s, _)| short < *s) {
                best = Some((short, parts));
            }
        }
        let mut parts = best.map(|(_, p)| p).unwrap_or_default();
        self.rebalance(&mut parts, &wanted);
        parts
    }

    /// Still too small after every try: a region takes cells, one at a
    /// time, from a neighbour with cells to spare, each one the neighbour
    /// can give up without falling in pieces.
    fn rebalance(&self, parts: &mut [Vec<usize>], need: &[usize]) {
        for _ in 0..parts.iter().map(Vec::len).sum::<usize>() {
            let Some(k) = (0..parts.len()).find(|&k| parts[k].len() < need[k]) else {
                return;
            };
            let mine: BTreeSet<usize> = parts[k].iter().copied().collect();
            let mut moved = false;
            for j in (0..parts.len()).filter(|&j| j != k && parts[j].len() > need[j].max(1)) {
                let given = parts[j].iter().copied().find(|&c| {
                    let touches =
                        mine.is_empty() || self.grid.neighbours(c).any(|n| mine.contains(&n));
                    touches && {
                        let rest: Vec<usize> =
                            parts[j].iter().copied().filter(|&o| o != c).collect();
                        components(&self.grid, &rest).len() == 1
                    }
                });
                if let Some(c) = given {
                    parts[j].retain(|&o| o != c);
                    parts[k].push(c);
                    parts[k].sort_unstable();
                    moved = true;
                    break;
                }
            }
            if !moved {
                return;
            }
        }
    }

    fn easternmost(&self, cells: &[usize]) -> usize {
        cells
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let (ax, ay) = self.grid.centre_units(a);
                let (bx, by) = self.grid.centre_units(b);
                ax.total_cmp(&bx).then(by.total_cmp(&ay))
            })
            .unwrap_or(0)
    }

    /// The provinces of 2025 seeded near their anchors, each cut into the
    /// old provinces merged into it.
    fn carve_country(&mut self, plan: &Plan, cells: &[usize]) {
        let units = &plan.registry.units;
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for &old in &plan.registry.provinces {
            // A province formed by the merger of 2025 is no old one.
            if plan.province_after.values().any(|&n| n == old) {
                continue;
            }
            let after = plan.province_after.get(&old).copied().unwrap_or(old);
            match groups.iter_mut().find(|(a, _)| *a == after) {
                Some((_, olds)) => olds.push(old),
                None => groups.push((after, vec![old])),
            }
        }
        let mut taken: Vec<usize> = Vec::new();
        let mut seeds: Vec<Option<usize>> = Vec::new();
        for (after, _) in &groups {
            let anchor = ANCHORS
                .iter()
                .find(|(name, _, _)| *name == units[*after].short_name);
            let seed = anchor.and_then(|&(_, lon, lat)| {
                cells
                    .iter()
                    .copied()
                    .filter(|c| !taken.contains(c))
                    .min_by(|&a, &b| {
                        let d = |c: usize| {
                            let (x, y) = self.grid.centre(c);
                            ((x - lon) * NATIONAL_COS).powi(2) + (y - lat).powi(2)
                        };
                        d(a).total_cmp(&d(b)).then(a.cmp(&b))
                    })
            });
            if let Some(s) = seed {
                taken.push(s);
            }
            seeds.push(seed);
        }
        let missing = seeds.iter().filter(|s| s.is_none()).count();
        let first = self.easternmost(cells);
        let mut more = spread(&self.grid, cells, missing, &taken, first, plan.salt(0)).into_iter();
        let seeds: Vec<usize> = seeds
            .into_iter()
            .map(|s| s.or_else(|| more.next()).unwrap_or(first))
            .collect();
        let weights: Vec<f64> = groups
            .iter()
            .map(|(_, olds)| olds.iter().map(|&p| plan.province_weight(p)).sum())
            .collect();
        let need: Vec<usize> = groups
            .iter()
            .map(|(_, olds)| olds.iter().map(|&p| plan.province_atoms(p)).sum())
            .collect();
        let parts = self.split(cells, &weights, &need, Some(seeds), plan.salt(1));
        for ((after, olds), part) in groups.iter().zip(parts) {
            let weights: Vec<f64> = olds.iter().map(|&p| plan.province_weight(p)).collect();
            let need: Vec<usize> = olds.iter().map(|&p| plan.province_atoms(p)).collect();
            let pieces = self.split(&part, &weights, &need, None, plan.salt(*after));
            for (&old, piece) in olds.iter().zip(pieces) {
                self.carve_province(plan, &piece, old);
            }
        }
    }

    /// A province cut into its districts; the last, which has the special
    /// zone, on its eastern (sea) side.
    fn carve_province(&mut self, plan: &Plan, cells: &[usize], province: usize) {
        let mut districts = plan.districts_of(province);
        districts.rotate_right(1);
        let weights: Vec<f64> = districts.iter().map(|&d| plan.district_weight(d)).collect();
        let need: Vec<usize> = districts.iter().map(|&d| plan.atoms_of(d).len()).collect();
        let parts = self.split(cells, &weights, &need, None, plan.salt(province));
        for (&district, part) in districts.iter().zip(parts) {
            self.carve_district(plan, &part, district);
        }
    }

    /// A district cut into the groups of communes merged on 1 July 2025 (a
    /// special zone's group on the sea side), each group into its communes.
    fn carve_district(&mut self, plan: &Plan, cells: &[usize], district: usize) {
        let atoms = plan.atoms_of(district);
        let mut finals: Vec<usize> = atoms.iter().map(|&a| plan.last[a]).collect();
        finals.dedup();
        let finals: Vec<usize> = {
            let mut seen = BTreeSet::new();
            finals.into_iter().filter(|f| seen.insert(*f)).collect()
        };
        // Communes sharing a new unit belong to one group.
        let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for &f in &finals {
            let news: Vec<usize> = plan
                .into
                .get(&f)
                .map(|v| v.iter().map(|&(n, _)| n).collect())
                .unwrap_or_default();
            let hit: Vec<usize> = (0..groups.len())
                .filter(|&g| groups[g].1.iter().any(|n| news.contains(n)))
                .collect();
            let mut merged = (vec![f], news);
            for &g in hit.iter().rev() {
                let (fs, ns) = groups.remove(g);
                merged.0.splice(0..0, fs);
                merged.1.extend(ns);
            }
            merged.1.sort_unstable();
            merged.1.dedup();
            let at = hit.first().copied().unwrap_or(groups.len());
            groups.insert(at.min(groups.len()), merged);
        }
        let units = &plan.registry.units;
        let zone = groups.iter().position(|(_, news)| {
            news.iter()
                .any(|&n| units[n].tier == Some(Tier::SpecialZone))
        });
        if let Some(z) = zone {
            groups[..=z].rotate_right(1);
        }
        let final_weight = |f: usize| -> f64 {
            atoms
                .iter()
                .filter(|&&a| plan.last[a] == f)
                .map(|&a| plan.weight[a])
                .sum()
        };
        let weights: Vec<f64> = groups
            .iter()
            .map(|(fs, _)| fs.iter().map(|&f| final_weight(f)).sum())
            .collect();
        let atoms_in = |f: usize| atoms.iter().filter(|&&a| plan.last[a] == f).count();
        let need: Vec<usize> = groups
            .iter()
            .map(|(fs, _)| fs.iter().map(|&f| atoms_in(f)).sum())
            .collect();
        let parts = self.split(cells, &weights, &need, None, plan.salt(district));
        for ((fs, news), part) in groups.iter().zip(parts) {
            if news.len() == 2 {
                self.carve_split(plan, &part, fs, news, &atoms, &final_weight);
                continue;
            }
            let new = news.first().map_or(NONE, |&n| n as u32);
            for &c in &part {
                self.new_unit[c] = new;
            }
            let weights: Vec<f64> = fs.iter().map(|&f| final_weight(f)).collect();
            let need: Vec<usize> = fs.iter().map(|&f| atoms_in(f)).collect();
            let pieces = self.split(&part, &weights, &need, None, plan.salt(fs[0]));
            for (&f, piece) in fs.iter().zip(pieces) {
                self.carve_commune(plan, &piece, f, &atoms);
            }
        }
    }

    /// Communes divided between two new units: the group is cut in a
    /// southern and a northern unit, then each side into the parts of its
    /// communes, a divided commune's two parts seeded face to face across
    /// the border so that the commune stays whole.
    fn carve_split(
        &mut self,
        plan: &Plan,
        cells: &[usize],
        finals: &[usize],
        news: &[usize],
        atoms: &[usize],
        final_weight: &dyn Fn(usize) -> f64,
    ) {
        let share = |f: usize, n: usize| -> f64 {
            plan.into
                .get(&f)
                .and_then(|v| v.iter().find(|&&(m, _)| m == n))
                .map_or(0.0, |&(_, s)| s)
        };
        let weights: Vec<f64> = news
            .iter()
            .map(|&n| finals.iter().map(|&f| final_weight(f) * share(f, n)).sum())
            .collect();
        let by_lat = |a: &usize, b: &usize| {
            let (ax, ay) = self.grid.centre_units(*a);
            let (bx, by) = self.grid.centre_units(*b);
            ay.total_cmp(&by).then(ax.total_cmp(&bx))
        };
        let south = cells.iter().copied().min_by(by_lat).unwrap_or(0);
        let north = cells.iter().copied().max_by(by_lat).unwrap_or(0);
        let need: Vec<usize> = news
            .iter()
            .map(|&n| finals.iter().filter(|&&f| share(f, n) > 0.0).count())
            .collect();
        let sides = self.split(
            cells,
            &weights,
            &need,
            Some(vec![south, north]),
            plan.salt(news[0]),
        );
        let divided: Vec<usize> = finals
            .iter()
            .copied()
            .filter(|&f| news.iter().all(|&n| share(f, n) > 0.0))
            .collect();
        // Face-to-face pairs across the border, from its two ends inwards.
        let on: BTreeSet<usize> = sides[1].iter().copied().collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for &p in &sides[0] {
            for q in self.grid.neighbours(p) {
                if on.contains(&q) {
                    pairs.push((p, q));
                }
            }
        }
        pairs.sort_by(|a, b| {
            let (ax, _) = self.grid.centre_units(a.0);
            let (bx, _) = self.grid.centre_units(b.0);
            ax.total_cmp(&bx).then(a.cmp(b))
        });
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        let mut from_west = true;
        while chosen.len() < divided.len() {
            let free = |&&(p, q): &&(usize, usize)| chosen.iter().all(|&(a, b)| a != p && b != q);
            let pick = if from_west {
                pairs.iter().find(free)
            } else {
                pairs.iter().rev().find(free)
            };
            let Some(&pair) = pick else { break };
            chosen.push(pair);
            from_west = !from_west;
        }
        let mut whole: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (side, &n) in news.iter().enumerate() {
            let mut members: Vec<usize> = Vec::new();
            let mut seeds: Vec<usize> = Vec::new();
            for (k, &f) in divided.iter().enumerate() {
                if let Some(&(p, q)) = chosen.get(k) {
                    members.push(f);
                    seeds.push(if side == 0 { p } else { q });
                }
            }
            // A divided commune left without a pair (a border too short)
            // stays whole, on the first side.
            let unpaired = |f: usize| {
                divided
                    .iter()
                    .position(|&d| d == f)
                    .is_some_and(|k| k >= chosen.len())
            };
            let others: Vec<usize> = finals
                .iter()
                .copied()
                .filter(|&f| !members.contains(&f))
                .filter(|&f| {
                    if unpaired(f) {
                        side == 0
                    } else {
                        share(f, n) > 0.0
                    }
                })
                .collect();
            let first = self.easternmost(&sides[side]);
            let more = spread(
                &self.grid,
                &sides[side],
                others.len(),
                &seeds,
                first,
                plan.salt(n),
            );
            seeds.extend(more);
            members.extend(others);
            let weights: Vec<f64> = members
                .iter()
                .map(|&f| final_weight(f) * if unpaired(f) { 1.0 } else { share(f, n) })
                .collect();
            let need = vec![1; members.len()];
            let pieces = self.split(&sides[side], &weights, &need, Some(seeds), plan.salt(n ^ 1));
            for (&f, piece) in members.iter().zip(pieces) {
                whole.entry(f).or_default().extend(piece);
            }
            for &c in &sides[side] {
                self.new_unit[c] = n as u32;
            }
        }
        for (f, mut piece) in whole {
            piece.sort_unstable();
            self.carve_commune(plan, &piece, f, atoms);
        }
    }

    /// A commune of the end of the old map cut into the original communes
    /// it was made of.
    fn carve_commune(&mut self, plan: &Plan, cells: &[usize], commune: usize, atoms: &[usize]) {
        let parts: Vec<usize> = atoms
            .iter()
            .copied()
            .filter(|&a| plan.last[a] == commune)
            .collect();
        let weights: Vec<f64> = parts.iter().map(|&a| plan.weight[a]).collect();
        let need = vec![1; parts.len()];
        let pieces = self.split(cells, &weights, &need, None, plan.salt(commune));
        for (&a, piece) in parts.iter().zip(pieces) {
            for c in piece {
                self.atom[c] = a as u32;
            }
        }
    }

    /// Whether three shapes of the finest cut (original communes, their
    /// parts in the units of 2025, context, sea) meet at a vertex: the
    /// points every level keeps. Decided once for every file.
    fn junction(&self) -> impl Fn(Vertex) -> bool + '_ {
        move |v| {
            let label = |c: Option<usize>| {
                c.map_or((NONE, NONE, 0), |c| {
                    (self.atom[c], self.new_unit[c], self.context[c])
                })
            };
            let [west, east, middle] = self.grid.around(v).map(label);
            west != east && east != middle && middle != west
        }
    }

    /// One file per level and period of the editions.
    fn files(&self, plan: &Plan) -> Vec<MapFile> {
        let mut periods: Vec<(Level, i32, i32, Vec<u32>)> = Vec::new();
        for level in [Level::Province, Level::District, Level::Commune] {
            let start = periods.len();
            for &year in &plan.years {
                let Some(labels) = self.labels(plan, level, year) else {
                    continue;
                };
                match periods[start..].last_mut() {
                    Some((_, _, to, prev)) if *to + 1 == year && *prev == labels => *to = year,
                    _ => periods.push((level, year, year, labels)),
                }
            }
        }
        periods
            .par_iter()
            .filter_map(|(level, from, to, labels)| self.file(plan, *level, *from, *to, labels))
            .collect()
    }

    /// The file of one level and period: its context, then one feature per
    /// unit in the order of the registry.
    fn file(
        &self,
        plan: &Plan,
        level: Level,
        from: i32,
        to: i32,
        labels: &[u32],
    ) -> Option<MapFile> {
        let units = &plan.registry.units;
        let stem = match level {
            Level::Province => "tinh",
            Level::District => "huyen",
            Level::Commune if plan.new_map(from) => "xa-phuong",
            Level::Commune => "xa",
        };
        let years = if from == to {
            from.to_string()
        } else {
            format!("{from}-{to}")
        };
        let mut cells: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (c, &l) in labels.iter().enumerate() {
            if l != NONE {
                cells.entry(l).or_default().push(c);
            }
        }
        if cells.is_empty() {
            return None;
        }
        let mut text = String::new();
        self.write_context(&mut text);
        for (&label, cells) in &cells {
            let unit = &units[label as usize];
            let polygons = polygons(&self.grid, cells, labels, label, &self.junction());
            let props = format!(
                r#"{{"unit":{},"name":{}}}"#,
                json_string(&unit.id),
                json_string(&unit.name)
            );
            feature(&mut text, &props, |out| {
                write_geometry(out, &polygons, &|v| self.grid.lon_lat(v), self.decimals)
            });
        }
        Some(MapFile {
            path: format!("maps/{stem}-{years}.geojson"),
            text: collection(text),
        })
    }

    /// The unit of each cell at a level at the end of `year`; `None` when
    /// the level has no units that year (districts after 2025).
    fn labels(&self, plan: &Plan, level: Level, year: i32) -> Option<Vec<u32>> {
        let units = &plan.registry.units;
        let new_map = plan.new_map(year);
        let parent = |u: u32| -> u32 {
            if u == NONE {
                return NONE;
            }
            units[u as usize].parent.map_or(NONE, |p| p as u32)
        };
        let mut memo: BTreeMap<u32, u32> = BTreeMap::new();
        let labels = (0..self.grid.len()).map(|c| {
            let (atom, new) = (self.atom[c], self.new_unit[c]);
            match (level, new_map) {
                (Level::Province, true) => parent(new),
                (Level::Province, false) => parent(parent(atom)),
                (Level::District, false) => parent(atom),
                (Level::Commune, true) => new,
                (Level::Commune, false) if atom != NONE => *memo.entry(atom).or_insert_with(|| {
                    plan.commune_in(atom as usize, year)
                        .map_or(NONE, |u| u as u32)
                }),
                _ => NONE,
            }
        });
        let labels: Vec<u32> = labels.collect();
        (level != Level::District || !new_map).then_some(labels)
    }

    /// The context features, first, so that units are drawn over them.
    fn write_context(&self, text: &mut String) {
        for (k, context) in self.contexts.iter().enumerate() {
            let props = format!(r#"{{"name":{}}}"#, json_string(context.name));
            if context.islets.is_empty() {
                let label = k as u32 + 1;
                let cells: Vec<usize> = (0..self.grid.len())
                    .filter(|&c| self.context[c] == label)
                    .collect();
                if cells.is_empty() {
                    continue;
                }
                let polygons = polygons(&self.grid, &cells, &self.context, label, &self.junction());
                feature(text, &props, |out| {
                    write_geometry(out, &polygons, &|v| self.grid.lon_lat(v), self.decimals)
                });
            } else {
                let decimals = self.decimals;
                feature(text, &props, |out| {
                    out.push_str(r#"{"type":"MultiPolygon","coordinates":["#);
                    for (i, islet) in context.islets.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str("[[");
                        for (j, (lon, lat)) in islet.iter().chain(islet.first()).enumerate() {
                            if j > 0 {
                                out.push(',');
                            }
                            let _ = write!(out, "[{lon:.decimals$},{lat:.decimals$}]");
                        }
                        out.push_str("]]");
                    }
                    out.push_str("]}");
                });
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Province,
    District,
    Commune,
}

/// A small islet: a hexagon, its corners jittered, counter-clockwise.
fn islet(salt: u64, lon: f64, lat: f64, r: f64) -> Vec<(f64, f64)> {
    const HEXAGON: [(f64, f64); 6] = [
        (1.0, 0.0),
        (0.5, 0.866),
        (-0.5, 0.866),
        (-1.0, 0.0),
        (-0.5, -0.866),
        (0.5, -0.866),
    ];
    HEXAGON
        .iter()
        .enumerate()
        .map(|(k, &(x, y))| {
            let s = 0.7 + 0.5 * unit(mix(salt ^ mix(k as u64 + 1)));
            (lon + x * r * s / NATIONAL_COS, lat + y * r * s)
        })
        .collect()
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// Appends one feature, one line.
fn feature(text: &mut String, props: &str, geometry: impl FnOnce(&mut String)) {
    if !text.is_empty() {
        text.push_str(",\n");
    }
    let _ = write!(
        text,
        r#"{{"type":"Feature","properties":{props},"geometry":"#
    );
    geometry(text);
    text.push('}');
}

fn collection(features: String) -> String {
    format!(
        "{{\"type\":\"FeatureCollection\",\"_source\":{},\"_licence\":{},\"features\":[\n{features}\n]}}\n",
        json_string(SOURCE),
        json_string(LICENCE)
    )
}

#[cfg(test)]
mod tests;
