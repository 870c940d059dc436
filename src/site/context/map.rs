//! A map on a page: a group's units coloured by band (or by index
//! class, or by a field's share of its maximum), each a link to its page,
//! with its legend as HTML text, the source and licence of its boundaries
//! and its standalone SVG beside the page; and a unit's locator map.
//!
//! The map says what the table beside it says: the group page's ranking,
//! the criterion page's units by field.

use super::Files;
use crate::compute::UnitResult;
use crate::model::Node;
use crate::render::map::{class_colour, hatch_id, svg, Drawing, Fill, Region, Topology};
use crate::site::{urls, Places, Site};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};

/// More units than this and a map links each unit's parent instead of
/// each unit: a link per unit (about 90 bytes of `<a>`, address and name
/// each) would double a country's 3,321 communes past their 300 KB, and
/// a keyboard would cross thousands of links before reaching the table.
/// A parent's link opens its units' comparison page, whose own map links
/// each of them. A province's communes are far fewer.
pub const LINKED_UNITS_MAX: usize = 500;

/// Index and field classes where the edition has no bands: about a
/// fifth of the units each.
const CLASSES: usize = 5;

/// The most SVG a page carries inline: a bigger map is the page's image
/// file instead, so that the page stays under 100 KB for a phone; its
/// table leads to every unit.
pub const INLINE_MAX: usize = 48 * 1024;

/// Nor does a group of more units than this carry its map inline: its
/// ranking table alone is then most of a page's 100 KB.
pub const INLINE_UNITS_MAX: usize = 120;

#[derive(Clone, serde::Serialize)]
pub(in crate::site) struct MapView {
    /// The drawing inline, or empty where `embed` or `image` is given.
    svg: String,
    /// The map file embedded as a document of its own (an `<object>`),
    /// where it is too big inline: its units stay links, which open in
    /// the page.
    embed: Option<String>,
    /// The map file shown as an image: too big inline, and without a link
    /// per unit.
    image: Option<String>,
    caption: String,
    /// How to use the map, where its units are links.
    note: Option<String>,
    legend: Vec<LegendEntry>,
    source: Option<String>,
    licence: Option<String>,
    svg_url: Option<String>,
    /// A locator's picture of its group, shared by the group's unit
    /// pages: `svg` is the unit alone, drawn over it.
    base: Option<String>,
}

#[derive(Clone, serde::Serialize)]
struct LegendEntry {
    swatch: String,
    text: String,
}

/// Classes of units by a value: each unit's class (0 the lowest) and
/// each class's lowest and highest value.
struct Classes<'r> {
    of: FxHashMap<&'r str, usize>,
    labels: Vec<String>,
    count: usize,
}

impl<'a> Site<'a> {
    /// The map of group `g` of edition `e` for the page at `page`:
    /// coloured by band (by index class where the edition has none), or
    /// by `field`'s share of its maximum. Its SVG is written beside the
    /// page into `files`, or, without `files`, linked where the group's
    /// page writes it.
    ///
    /// With `parent`, the map of that parent's units of the group only
    /// (coloured by the group's classes, the group's other units plain),
    /// each a link: where a map of the whole group links parents.
    pub(super) fn subject_map(
        &self,
        page: &str,
        e: usize,
        g: usize,
        field: Option<&Node>,
        parent: Option<&str>,
        files: Option<&mut Files>,
    ) -> Option<MapView> {
        let m = self.group_map(e, g)?;
        let map = &self.dataset.maps[m];
        let topology = self.topology(m);
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let root = urls::root_of(page);
        let d = edition.decimals;
        // Registry positions, not ids: a map asks of each feature of its
        // file (a country's 10,000 communes), page after page.
        let places = self.places(e);
        let units = &self.dataset.units;
        let parent = parent.and_then(|p| self.units.get(p).map(|&i| i as u32));
        let in_group: FxHashMap<usize, &UnitResult> = result
            .units
            .iter()
            .filter_map(|u| Some((*self.units.get(u.unit.as_str())?, u)))
            .filter(|(i, _)| parent.is_none_or(|p| places.parent[*i] == p))
            .collect();
        let parents_here: FxHashSet<u32> = in_group.keys().map(|&i| places.parent[i]).collect();
        // Too many units for a link each: a link per parent, in the order
        // of their names.
        let by_parent = parent.is_none() && result.units.len() > LINKED_UNITS_MAX;
        let mut clusters: Vec<(usize, usize)> = Vec::new();
        let mut cluster_of: FxHashMap<u32, usize> = FxHashMap::default();
        if by_parent {
            let mut parents: Vec<(&str, u32)> = parents_here
                .iter()
                .filter(|&&p| p != Places::NONE)
                .map(|&p| (units[p as usize].name.as_str(), p))
                .collect();
            parents.sort_unstable_by_key(|&(_, p)| p);
            crate::text::sort_vietnamese(&mut parents, |(name, _)| name);
            for (k, (_, p)) in parents.into_iter().enumerate() {
                cluster_of.insert(p, k);
                clusters.push((p as usize, 0));
            }
        }
        // Another group's unit of the edition (on a parent's map, any unit
        // not the parent's).
        let elsewhere = |i: usize| {
            let other = places.group[i];
            other != Places::NONE && (other as usize != g || parent.is_some())
        };
        let classes = match field {
            Some(node) => self.quantiles(
                result.units.iter().filter_map(|u| {
                    Some((u.unit.as_str(), u.node(&node.code)?.percent()?.round_dp(1)))
                }),
                |v| format!("{}%", self.num(v, 1)),
            ),
            None if !edition.bands.is_empty() => {
                let n = edition.bands.len();
                Classes {
                    of: result
                        .units
                        .iter()
                        .filter_map(|u| {
                            let k = edition
                                .bands
                                .iter()
                                .position(|b| Some(&b.name) == u.band.as_ref())?;
                            Some((u.unit.as_str(), n - 1 - k))
                        })
                        .collect(),
                    labels: edition
                        .bands
                        .iter()
                        .rev()
                        .map(|b| self.band_name(edition, &b.name).to_string())
                        .collect(),
                    count: n,
                }
            }
            None => self.quantiles(
                result.units.iter().map(|u| (u.unit.as_str(), u.shown)),
                |v| self.num(v, d),
            ),
        };
        let linked = !by_parent;
        let count = result.units.len();
        let mut missing: Vec<&str> = Vec::new();
        let mut others = 0;
        let mut members = vec![0usize; classes.count];
        let plain = |fill: Fill| Region {
            fill,
            link: None,
            order: 0,
            cluster: None,
        };
        let view = match parent {
            Some(_) => {
                let ids: FxHashSet<&str> = in_group.keys().map(|&i| units[i].id.as_str()).collect();
                self.view_of(e, g, topology, &ids)
            }
            None => self.group_view(e, g, topology),
        };
        let in_view = |f: usize| {
            view.is_none_or(|[x, y, w, h]| {
                topology.extents[f].is_some_and(|[x0, y0, x1, y1]| {
                    x1 >= x && x0 <= x + w && y1 >= y && y0 <= y + h
                })
            })
        };
        let mut regions: Vec<Region> = Vec::with_capacity(topology.extents.len());
        for (f, position) in self.feature_positions(e, g).iter().enumerate() {
            let Some(i) = *position else {
                regions.push(plain(Fill::Context));
                continue;
            };
            let unit = in_group.get(&i);
            // Outside the part drawn, a unit not on the map's subject is
            // neither drawn nor counted.
            if unit.is_none() && !in_view(f) {
                regions.push(plain(Fill::Other));
                continue;
            }
            let id = units[i].id.as_str();
            let name = units[i].name.as_str();
            let href = || format!("{root}{}", urls::unit(id));
            let cluster = cluster_of.get(&places.parent[i]).copied();
            let region = match unit {
                Some(u) => match classes.of.get(id) {
                    Some(&c) => {
                        members[c] += 1;
                        let label = || match field {
                            Some(node) => format!(
                                "{name}: {} {}%",
                                node.name,
                                u.node(&node.code)
                                    .and_then(|n| n.percent())
                                    .map_or_else(String::new, |p| self.num(p, 1))
                            ),
                            None => {
                                let band = u.band.as_deref().map_or_else(String::new, |b| {
                                    format!(", {}", self.band_name(edition, b))
                                });
                                format!(
                                    "{name}: {} {}, {} {}/{count}{band}",
                                    self.word("index").to_lowercase(),
                                    self.shown_index(u, edition),
                                    self.word("rank").to_lowercase(),
                                    u.rank
                                )
                            }
                        };
                        Region {
                            fill: Fill::Class(c),
                            link: linked.then(|| (href(), label())),
                            order: u.rank,
                            cluster,
                        }
                    }
                    None if field.is_some() => {
                        missing.push(name);
                        Region {
                            fill: Fill::Missing,
                            link: linked.then(|| {
                                (href(), format!("{name}: {}", self.word("map_no_result")))
                            }),
                            order: u.rank,
                            cluster,
                        }
                    }
                    None => {
                        others += 1;
                        plain(Fill::Other)
                    }
                },
                // Another parent's unit: of a parent left out of the group
                // (a neighbouring province's communes, in a file of the
                // whole country), or of another parent on a parent's map.
                // Not this map's unit without a result.
                None if elsewhere(i) || !parents_here.contains(&places.parent[i]) => {
                    others += 1;
                    plain(Fill::Other)
                }
                None => {
                    missing.push(name);
                    Region {
                        fill: Fill::Missing,
                        link: linked
                            .then(|| (href(), format!("{name}: {}", self.word("map_no_result")))),
                        order: u32::MAX,
                        cluster,
                    }
                }
            };
            if let Some(k) = region.cluster {
                clusters[k].1 += 1;
            }
            regions.push(region);
        }
        let clusters: Vec<(String, String)> = clusters
            .into_iter()
            .map(|(p, n)| {
                let id = units[p].id.as_str();
                let url = if self.compare_edition(id) == Some(e) {
                    urls::compare_parent(id)
                } else {
                    urls::unit(id)
                };
                let label = format!("{}: {n} {}", units[p].name, self.word("map_parent_link"));
                (format!("{root}{url}"), label)
            })
            .collect();
        let context = regions.iter().any(|r| r.fill == Fill::Context);
        let id = match parent {
            Some(_) => format!("ban-do-{}", group.id),
            None => "ban-do".to_string(),
        };
        let id = id.as_str();
        let has_links = linked || !clusters.is_empty();
        let subject = match parent {
            Some(p) => format!("{} – {}", group.name, units[p as usize].name),
            None => group.name.clone(),
        };
        let drawing = Drawing {
            topology,
            regions,
            clusters,
            classes: classes.count,
            id,
            view,
            image_label: (!has_links).then(|| {
                self.map_caption(
                    &subject,
                    edition.year,
                    field,
                    classes.count == edition.bands.len() && field.is_none(),
                )
            }),
        };
        let swatch = |fill: &str| {
            format!("<svg class=\"swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\"><rect x=\"0.5\" y=\"0.5\" width=\"15\" height=\"15\" fill=\"{fill}\" stroke=\"{}\"/></svg>", svg::OUTLINE)
        };
        let by_band = field.is_none() && !edition.bands.is_empty();
        let mut legend: Vec<(Fill, String)> = Vec::new();
        // Every band, as a scale; index classes that hold units.
        for c in (0..classes.count).rev() {
            if members[c] > 0 || by_band {
                legend.push((
                    Fill::Class(c),
                    format!(
                        "{} ({} {})",
                        classes.labels[c],
                        members[c],
                        self.word("map_units")
                    ),
                ));
            }
        }
        if !missing.is_empty() {
            legend.push((
                Fill::Missing,
                format!("{}: {}", self.word("map_no_result"), missing.join(", ")),
            ));
        }
        // A parent's map shows some of the others only: no count.
        if others > 0 {
            legend.push((
                Fill::Other,
                match parent {
                    Some(_) => self.word("map_other_units").to_string(),
                    None => format!("{} ({others})", self.word("map_other_units")),
                },
            ));
        }
        if context {
            legend.push((Fill::Context, self.word("map_context").to_string()));
        }
        let paint = |fill: Fill| match fill {
            Fill::Class(c) => class_colour(c, classes.count),
            Fill::Missing => format!("url(#{})", hatch_id(id)),
            Fill::Other => svg::OTHER.to_string(),
            Fill::Context => svg::CONTEXT.to_string(),
            Fill::Highlight => svg::HIGHLIGHT.to_string(),
            Fill::Hidden => "none".to_string(),
        };
        let caption = self.map_caption(&subject, edition.year, field, by_band);
        let svg_url = match files {
            Some(files) => {
                // A parent's page maps each of its groups in a file.
                let path = match parent {
                    Some(_) => map_path(&format!(
                        "{}-{}.html",
                        page.strip_suffix(".html").unwrap_or(page),
                        group.id
                    )),
                    None => map_path(page),
                };
                let about: Vec<&str> = map
                    .source
                    .iter()
                    .chain(&map.licence)
                    .map(String::as_str)
                    .collect();
                let about = (!about.is_empty()).then(|| about.join(" – "));
                let standalone = drawing.standalone(&caption, &legend, about.as_deref());
                files.push((path.clone(), standalone.into_bytes()));
                path
            }
            None => map_path(&urls::group(edition.year, &group.id)),
        };
        let inline = drawing.inline();
        let too_big = inline.len() > INLINE_MAX || in_group.len() > INLINE_UNITS_MAX;
        // Too big inline, the file beside the page: embedded as a document
        // (an <img> would turn its links off), or, without links, an image.
        let (embed, image) = match (too_big, has_links) {
            (false, _) => (None, None),
            (true, true) => (Some(svg_url.clone()), None),
            (true, false) => (None, Some(svg_url.clone())),
        };
        Some(MapView {
            svg: if too_big { String::new() } else { inline },
            caption,
            note: match (linked, has_links, too_big) {
                (true, _, _) => Some(self.word("map_links_note").to_string()),
                (false, true, _) => Some(self.word("map_parents_note").to_string()),
                (false, false, true) => Some(self.word("map_image_note").to_string()),
                (false, false, false) => None,
            },
            embed,
            image,
            legend: legend
                .into_iter()
                .map(|(fill, text)| LegendEntry {
                    swatch: swatch(&paint(fill)),
                    text,
                })
                .collect(),
            source: map.source.clone(),
            licence: map.licence.clone(),
            svg_url: Some(svg_url),
            base: None,
        })
    }

    fn map_caption(&self, group: &str, year: i32, field: Option<&Node>, by_band: bool) -> String {
        let how = match field {
            Some(_) => self.word("map_by_share"),
            None if by_band => self.word("map_by_band"),
            None => self.word("map_by_class"),
        };
        match field {
            Some(node) => format!(
                "{} – {} – {group}, {year}: {how}",
                self.word("map"),
                node.name
            ),
            None => format!("{} – {group}, {year}: {how}", self.word("map")),
        }
    }

    /// Up to [`CLASSES`] classes of about as many units each, units of one
    /// value in one class.
    fn quantiles<'r>(
        &self,
        values: impl Iterator<Item = (&'r str, Decimal)>,
        show: impl Fn(Decimal) -> String,
    ) -> Classes<'r> {
        let values: Vec<(&str, Decimal)> = values.collect();
        let mut sorted: Vec<Decimal> = values.iter().map(|(_, v)| *v).collect();
        sorted.sort();
        let mut distinct = sorted.clone();
        distinct.dedup();
        let count = CLASSES.min(distinct.len()).max(1);
        let class_of =
            |v: Decimal| sorted.partition_point(|x| *x < v) * count / sorted.len().max(1);
        let mut ranges: Vec<Option<(Decimal, Decimal)>> = vec![None; count];
        for v in &sorted {
            let c = class_of(*v);
            let r = ranges[c].get_or_insert((*v, *v));
            r.1 = *v;
        }
        Classes {
            of: values.iter().map(|(u, v)| (*u, class_of(*v))).collect(),
            labels: ranges
                .iter()
                .map(|r| match r {
                    Some((low, high)) if low == high => show(*low),
                    Some((low, high)) => format!(
                        "{} {} {} {}",
                        self.word("map_from"),
                        show(*low),
                        self.word("map_to"),
                        show(*high)
                    ),
                    None => String::new(),
                })
                .collect(),
            count,
        }
    }

    /// The part of a map file its group covers, with a margin: a
    /// province's communes drawn from a file of the whole country show the
    /// province, not the country. None when the group covers most of it.
    fn group_view(&self, e: usize, g: usize, topology: &Topology) -> Option<[i32; 4]> {
        self.cached_group_view(e, g, || {
            // Who is in the group, not their figures: what every page of
            // the group shares, and not recorded as a read (the first
            // page to ask would be the only one to record it).
            let members: FxHashSet<&str> = self.membership(e)[g]
                .units
                .iter()
                .map(|u| u.unit.as_str())
                .collect();
            self.view_of(e, g, topology, &members)
        })
    }

    /// The part of group `(e, g)`'s map file that `members` cover, with a
    /// margin; None when they cover most of it.
    fn view_of(
        &self,
        e: usize,
        g: usize,
        topology: &Topology,
        members: &FxHashSet<&str>,
    ) -> Option<[i32; 4]> {
        let mut extent: Option<[i32; 4]> = None;
        for (id, shape) in self.feature_units(e, g).iter().zip(&topology.extents) {
            let (Some(id), Some([x0, y0, x1, y1])) = (id, shape) else {
                continue;
            };
            if !members.contains(id) {
                continue;
            }
            extent = Some(match extent {
                None => [*x0, *y0, *x1, *y1],
                Some([a, b, c, d]) => [a.min(*x0), b.min(*y0), c.max(*x1), d.max(*y1)],
            });
        }
        let [x0, y0, x1, y1] = extent?;
        let p = &topology.projection;
        let (w, h) = ((x1 - x0) as i64, (y1 - y0) as i64);
        // Most of the file: the whole of it, as drawn without a view.
        if w * h * 10 >= p.width as i64 * p.height as i64 * 8 {
            return None;
        }
        let margin = ((w.max(h) / 25) as i32).max(4);
        Some([
            x0 - margin,
            y0 - margin,
            (x1 - x0) + 2 * margin,
            (y1 - y0) + 2 * margin,
        ])
    }

    /// The picture of group `(e, g)`'s area that its unit pages'
    /// locators share (its units plain, the rest grey), and where it
    /// goes; None for a group without a map or too big to share one (a
    /// locator then shows the unit's surroundings only).
    pub(super) fn locator_picture(&self, e: usize, g: usize) -> Option<(String, Vec<u8>)> {
        let m = self.group_map(e, g)?;
        let (group, result) = self.group(e, g);
        if result.units.len() > LINKED_UNITS_MAX {
            return None;
        }
        let places = self.places(e);
        let topology = self.topology(m);
        let regions = self
            .feature_positions(e, g)
            .iter()
            .map(|position| Region {
                fill: match *position {
                    Some(i) if places.group[i] as usize == g => Fill::Other,
                    _ => Fill::Context,
                },
                link: None,
                order: 0,
                cluster: None,
            })
            .collect();
        let drawing = Drawing {
            topology,
            regions,
            clusters: Vec::new(),
            classes: 1,
            view: self.group_view(e, g, topology),
            id: "vi-tri",
            image_label: None,
        };
        Some((
            locator_path(self.edition(e).year, &group.id),
            drawing.picture().into_bytes(),
        ))
    }

    /// A unit's place among its group's units, on the map of the latest
    /// group it is ranked in that has one: the unit highlighted, the
    /// others light grey. A picture, without links.
    pub(super) fn locator_map(&self, unit: &str) -> Option<MapView> {
        let (e, g, m) = self
            .appearances(unit)
            .iter()
            .rev()
            .find_map(|&(e, g, _)| Some((e, g, self.group_map(e, g)?)))?;
        let map = &self.dataset.maps[m];
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let places = self.places(e);
        let me = *self.units.get(unit)?;
        let mut found = None;
        let topology = self.topology(m);
        // A group's own area is the same picture on each of its unit
        // pages: a file the browser fetches once, the unit drawn over it.
        let shared = result.units.len() <= LINKED_UNITS_MAX;
        let regions: Vec<Region> = self
            .feature_positions(e, g)
            .iter()
            .zip(&topology.extents)
            .map(|(position, extent)| {
                let fill = match *position {
                    Some(i) if i == me => {
                        found = *extent;
                        Fill::Highlight
                    }
                    _ if shared => Fill::Hidden,
                    Some(i) if places.group[i] as usize == g => Fill::Other,
                    _ => Fill::Context,
                };
                Region {
                    fill,
                    link: None,
                    order: 0,
                    cluster: None,
                }
            })
            .collect();
        let around = found?;
        // A large group's map is cut down to the unit's surroundings, any
        // other to the group's own area: a page per unit each carrying a
        // whole country would not do.
        let view = if !shared {
            let [x0, y0, x1, y1] = around;
            let side = ((x1 - x0).max(y1 - y0) * 6).max(120);
            let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
            Some([cx - side / 2, cy - side / 2, side, side])
        } else {
            self.group_view(e, g, topology)
        };
        let name = self.unit_name(unit);
        let label = format!(
            "{} {name} {} {}, {}",
            self.word("map_locator_of"),
            self.word("map_in_group"),
            group.name,
            edition.year
        );
        let drawing = Drawing {
            topology,
            regions,
            clusters: Vec::new(),
            classes: 1,
            view,
            id: "vi-tri",
            image_label: (!shared).then(|| label.clone()),
        };
        let svg = match shared {
            // The picture beneath names the whole.
            true => drawing
                .inline()
                .replacen("<svg ", "<svg aria-hidden=\"true\" ", 1),
            false => drawing.inline(),
        };
        Some(MapView {
            svg,
            base: shared.then(|| locator_path(edition.year, &group.id)),
            embed: None,
            image: None,
            caption: label,
            note: None,
            legend: Vec::new(),
            source: map.source.clone(),
            licence: map.licence.clone(),
            svg_url: None,
        })
    }
}

/// Where the picture of a group's area that its unit pages' locators
/// share goes: beside the group's page.
fn locator_path(year: i32, group: &str) -> String {
    let page = urls::group(year, group);
    match page.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/vi-tri.svg"),
        None => "vi-tri.svg".to_string(),
    }
}

/// Where a page's map file goes: beside the page, named after it.
fn map_path(page: &str) -> String {
    let (dir, file) = page.rsplit_once('/').map_or(("", page), |(d, f)| (d, f));
    let stem = file.strip_suffix(".html").unwrap_or(file);
    let base = if stem == "index" {
        "ban-do".to_string()
    } else {
        format!("{stem}-ban-do")
    };
    if dir.is_empty() {
        format!("{base}.svg")
    } else {
        format!("{dir}/{base}.svg")
    }
}
