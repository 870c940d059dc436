//! Units compared: a unit with its group's mean (a line of the unit's own
//! page), a parent's units side by side with the group's means, field by
//! field, and the group's most common lost points (a page per parent), and
//! two or three units chosen in the browser (`so-sanh.html?u=a,b`, drawn
//! by `assets/site.js` from a data script per group).
//!
//! A page per unit was the other way: at national size it would add
//! 12,000 pages, each repeating its parent's list of units (a province's
//! hundred communes) that one page per parent holds once.

use super::views::BandView;
use super::{Files, Rendered};
use crate::compute::UnitResult;
use crate::i18n;
use crate::model::{Day, Unit};
use crate::site::{urls, PlannedPage, Site};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{json, Value};

/// How many of its group's most common lost points a parent's page lists.
const COMMON_LOST: usize = 5;

/// A criterion where units of a group lost points: its position in the
/// framework, how many units lost points there and how many in all.
#[derive(Debug, Clone)]
pub struct CommonLost {
    position: usize,
    units: usize,
}

/// A unit against its group's mean, in a line of its page: the details,
/// field by field, are on its parent's page (a national commune's page is
/// near its weight budget already).
#[derive(serde::Serialize)]
pub(super) struct CompareView<'a> {
    index: String,
    mean: String,
    difference: String,
    class: &'static str,
    above_mean: usize,
    count: usize,
    /// The unit's row among its parent's units.
    parent: Option<ParentLink<'a>>,
    free_url: String,
}

#[derive(serde::Serialize)]
struct ParentLink<'a> {
    name: &'a str,
    url: String,
}

/// A criterion where many units of a group lost points, on a parent's
/// page: how many of the group's units and of the parent's.
#[derive(serde::Serialize)]
struct CommonLostView<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    group: usize,
    these: usize,
}

/// One unit's row on its parent's comparison page.
#[derive(serde::Serialize)]
struct SideRow<'a> {
    anchor: String,
    rank: String,
    name: &'a str,
    /// A mean's row: what it is the mean of.
    label: String,
    url: String,
    index: String,
    band: Option<BandView>,
    fields: Vec<FieldCell<'a>>,
}

/// A field's points in a row, with the field's code to label it.
#[derive(serde::Serialize)]
struct FieldCell<'a> {
    code: &'a str,
    value: String,
}

#[derive(serde::Serialize)]
struct SideGroup<'a> {
    name: &'a str,
    url: String,
    count: usize,
    fields: Vec<FieldHead<'a>>,
    rows: Vec<SideRow<'a>>,
    /// The mean of the parent's units, then the whole group's.
    means: Vec<SideRow<'a>>,
    common_lost: Vec<CommonLostView<'a>>,
    /// Where the group's map links parents, not units: this parent's
    /// units on a map of their own, each a link.
    map: Option<super::map::MapView>,
}

#[derive(serde::Serialize)]
struct FieldHead<'a> {
    code: &'a str,
    name: &'a str,
    max: Option<String>,
}

impl<'a> Site<'a> {
    /// Per parent (position in the registry), the latest edition in which
    /// units were ranked under it.
    pub(in crate::site) fn compare_parents(&self) -> &HashMap<usize, usize> {
        self.compare_parents.get_or_init(|| {
            let mut map = HashMap::default();
            for e in 0..self.dataset.editions.len() {
                for group in self.membership(e) {
                    for u in &group.units {
                        if let Some(&p) = self
                            .parent_in(&u.unit, e)
                            .and_then(|p| self.units.get(p.id.as_str()))
                        {
                            map.insert(p, e);
                        }
                    }
                }
            }
            map
        })
    }

    /// The edition a parent's comparison page shows, if it has one.
    pub(super) fn compare_edition(&self, parent: &str) -> Option<usize> {
        let i = self.units.get(parent)?;
        self.compare_parents().get(i).copied()
    }

    /// A unit's parent in the year of edition `e` (a commune's district
    /// until the districts ended).
    pub(super) fn parent_in(&self, unit: &str, e: usize) -> Option<&'a Unit> {
        let day = Day::last_of_year(self.edition(e).year);
        let unit = self.unit(unit)?;
        self.dataset.parent_on(unit, day).and_then(|p| self.unit(p))
    }

    /// The criteria of group `(e, g)` where most of its units lost points,
    /// counted at the lowest scored level (as a unit page lists them).
    fn common_lost(&self, e: usize, g: usize) -> &[CommonLost] {
        self.common_lost[self.group_offsets[e] + g].get_or_init(|| {
            let (group, result) = self.group(e, g);
            let Some(framework) = &group.framework else {
                return Vec::new();
            };
            let mut counts = vec![0usize; framework.nodes.len()];
            let mut scored = vec![false; framework.nodes.len()];
            for u in &result.units {
                scored.iter_mut().for_each(|s| *s = false);
                for n in &u.nodes {
                    if let Some(s) = scored.get_mut(n.position()) {
                        *s = true;
                    }
                }
                for n in &u.nodes {
                    let Some(node) = framework.nodes.get(n.position()) else {
                        continue;
                    };
                    let leaf = !node.children.iter().any(|&c| scored[c]);
                    if leaf && n.depth() > 0 && n.lost().is_some_and(|l| l > Decimal::ZERO) {
                        counts[n.position()] += 1;
                    }
                }
            }
            let mut common: Vec<CommonLost> = counts
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(position, &units)| CommonLost { position, units })
                .collect();
            // Most units first; framework order among equals.
            common.sort_by_key(|c| (std::cmp::Reverse(c.units), c.position));
            common.truncate(COMMON_LOST);
            common
        })
    }

    /// The unit page's comparison with its group's mean: its index
    /// against the mean of the group's unrounded indices, rounded only
    /// here, and where to compare further.
    pub(super) fn compare_view(
        &self,
        unit: &Unit,
        e: usize,
        g: usize,
        result: &'a UnitResult,
    ) -> Option<CompareView<'a>> {
        let edition = self.edition(e);
        let (_, group_result) = self.group(e, g);
        let stats = group_result.stats.as_ref()?;
        let d = edition.decimals;
        let class =
            match crate::decimal::round_half_up(result.index - stats.mean, d).cmp(&Decimal::ZERO) {
                std::cmp::Ordering::Greater => "up",
                std::cmp::Ordering::Less => "down",
                std::cmp::Ordering::Equal => "same",
            };
        let parent = self
            .parent_in(&unit.id, e)
            .filter(|p| self.compare_edition(&p.id) == Some(e))
            .map(|p| ParentLink {
                name: &p.name,
                url: format!(
                    "{}#{}",
                    urls::compare_parent(&p.id),
                    urls::unit_anchor(&unit.id)
                ),
            });
        Some(CompareView {
            index: self.shown_index(result, edition),
            mean: self.num(stats.mean, d),
            difference: i18n::signed(result.index - stats.mean, d, self.lang),
            class,
            above_mean: stats.above_mean,
            count: group_result.units.len(),
            parent,
            free_url: format!("{}?u={}", urls::compare(), unit.id),
        })
    }

    /// A parent's units side by side, group by group, in the latest
    /// edition they were ranked under it, with their mean and the group's.
    pub(super) fn compare_parent_page(&self, page: &PlannedPage, parent: &'a Unit) -> Rendered {
        let Some(e) = self.compare_edition(&parent.id) else {
            return self.compare_page(page);
        };
        let edition = self.edition(e);
        let d = edition.decimals;
        let title = format!("{} {}", self.word("compare_units_of"), parent.name);
        let crumbs = vec![
            (self.word("home").to_string(), "index.html".to_string()),
            (self.word("compare").to_string(), urls::compare()),
        ];
        let mut c = self.base(page, &title, "units", crumbs, self.is_draft(e));
        let mut groups = Vec::new();
        let mut files: Files = Vec::new();
        // By position: a national site has 780 parents of 12,000 units.
        let places = self.places(e);
        let me = self.units.get(parent.id.as_str()).map(|&i| i as u32);
        for (g, members) in self.membership(e).iter().enumerate() {
            let mine: Vec<&UnitResult> = members
                .units
                .iter()
                .filter(|u| {
                    self.units
                        .get(u.unit.as_str())
                        .is_some_and(|&i| Some(places.parent[i]) == me)
                })
                .collect();
            if mine.is_empty() {
                continue;
            }
            // Their figures are read from here on.
            let (group, group_result) = self.group(e, g);
            let fields: Vec<(usize, &crate::model::Node)> = group
                .framework
                .as_ref()
                .map(|f| f.fields().collect())
                .unwrap_or_default();
            let rows = mine
                .iter()
                .map(|u| SideRow {
                    anchor: urls::unit_anchor(&u.unit),
                    rank: u.rank.to_string(),
                    name: self.unit_name(&u.unit),
                    label: String::new(),
                    url: urls::unit(&u.unit),
                    index: self.shown_index(u, edition),
                    band: self.band(edition, u.band.as_deref()),
                    fields: fields
                        .iter()
                        .map(|&(at, f)| {
                            let points = u
                                .node_at(at)
                                .filter(|n| n.applicable())
                                .and_then(|n| n.score())
                                .map_or_else(|| "–".into(), |s| self.num(s, d));
                            FieldCell {
                                code: &f.code,
                                value: points,
                            }
                        })
                        .collect(),
                })
                .collect();
            // Means of the unrounded figures, rounded only as shown.
            let mean_of = |values: Vec<Decimal>| {
                let n = values.len();
                (n > 0).then(|| values.into_iter().sum::<Decimal>() / Decimal::from(n as u64))
            };
            let field_means_of = |units: &[&UnitResult]| -> Vec<FieldCell<'a>> {
                fields
                    .iter()
                    .map(|&(at, f)| {
                        let mean = mean_of(
                            units
                                .iter()
                                .filter_map(|u| u.node_at(at))
                                .filter(|n| n.applicable())
                                .filter_map(|n| n.score())
                                .collect(),
                        )
                        .map_or_else(|| "–".into(), |m| self.num(m, d));
                        FieldCell {
                            code: &f.code,
                            value: mean,
                        }
                    })
                    .collect()
            };
            let mean_row =
                |label: String, index: Option<Decimal>, fields: Vec<FieldCell<'a>>| SideRow {
                    anchor: String::new(),
                    rank: String::new(),
                    name: "",
                    label,
                    url: String::new(),
                    index: index.map_or_else(|| "–".into(), |m| self.num(m, d)),
                    band: None,
                    fields,
                };
            let mut means = Vec::new();
            if mine.len() > 1 && mine.len() < group_result.units.len() {
                means.push(mean_row(
                    format!(
                        "{} ({} {})",
                        self.word("mean_of_these"),
                        mine.len(),
                        self.word("units").to_lowercase()
                    ),
                    mean_of(mine.iter().map(|u| u.index).collect()),
                    field_means_of(&mine),
                ));
            }
            means.push(mean_row(
                format!(
                    "{} ({} {})",
                    self.word("group_mean"),
                    group_result.units.len(),
                    self.word("units").to_lowercase()
                ),
                group_result.stats.as_ref().map(|s| s.mean),
                fields
                    .iter()
                    .map(|(_, f)| {
                        let mean = group_result
                            .fields
                            .iter()
                            .find(|s| s.code == f.code)
                            .map_or_else(|| "–".into(), |s| self.num(s.mean_score, d));
                        FieldCell {
                            code: &f.code,
                            value: mean,
                        }
                    })
                    .collect(),
            ));
            let common_lost = group
                .framework
                .as_ref()
                .map(|framework| {
                    self.common_lost(e, g)
                        .iter()
                        .filter_map(|c| {
                            let node = framework.nodes.get(c.position)?;
                            let these = mine
                                .iter()
                                .filter(|u| {
                                    u.node_at(c.position)
                                        .and_then(|n| n.lost())
                                        .is_some_and(|l| l > Decimal::ZERO)
                                })
                                .count();
                            Some(CommonLostView {
                                code: &node.code,
                                name: &node.name,
                                url: urls::node(edition.year, &group.id, framework, c.position),
                                group: c.units,
                                these,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let map = (group_result.units.len() > super::map::LINKED_UNITS_MAX)
                .then(|| {
                    self.subject_map(&page.path, e, g, None, Some(&parent.id), Some(&mut files))
                })
                .flatten();
            groups.push(SideGroup {
                map,
                common_lost,
                name: &group.name,
                url: urls::group(edition.year, &group.id),
                count: group_result.units.len(),
                fields: fields
                    .iter()
                    .map(|(at, f)| FieldHead {
                        code: &f.code,
                        name: &f.name,
                        max: mine
                            .iter()
                            .find_map(|u| u.node_at(*at).and_then(|n| n.max()))
                            .map(|m| self.num(m, d)),
                    })
                    .collect(),
                rows,
                means,
            });
        }
        c.insert("year", &edition.year);
        c.insert("year_url", &urls::edition(edition.year));
        c.insert(
            "parent",
            &ParentLink {
                name: &parent.name,
                url: urls::unit(&parent.id),
            },
        );
        c.insert("groups", &groups);
        c.insert("free_url", &urls::compare());
        Rendered {
            template: "compare_parent.html",
            context: c,
            files,
        }
    }

    /// The free comparison: the script draws it; without one the page
    /// says so and lists the comparisons that need none.
    pub(super) fn compare_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("compare"), "units");
        let mut parents: Vec<(&str, String)> = self
            .compare_parents()
            .keys()
            .map(|&i| &self.dataset.units[i])
            .map(|p| (p.name.as_str(), urls::compare_parent(&p.id)))
            .collect();
        crate::text::sort_vietnamese(&mut parents, |(name, _)| name);
        let parents: Vec<Value> = parents
            .into_iter()
            .map(|(name, url)| json!({ "name": name, "url": url }))
            .collect();
        c.insert("parents", &parents);
        c.insert("data_dir", "so-sanh/du-lieu/");
        Rendered {
            template: "compare.html",
            context: c,
            files: Vec::new(),
        }
    }

    /// The data script of group `(e, g)` for the free comparison, with the
    /// units whose latest result it holds; `None` when it holds none.
    pub(super) fn compare_data(&self, e: usize, g: usize, files: &mut Files) {
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let d = edition.decimals;
        let fields: Vec<(usize, &crate::model::Node)> = group
            .framework
            .as_ref()
            .map(|f| f.fields().collect())
            .unwrap_or_default();
        let mut units = serde_json::Map::new();
        for u in &result.units {
            let appearances = self.appearances(&u.unit);
            if appearances.last().map(|a| (a.0, a.1)) != Some((e, g)) {
                continue;
            }
            let band = self
                .band(edition, u.band.as_deref())
                .map_or(Value::Null, |b| json!([b.name, b.class]));
            let points: Vec<Value> = fields
                .iter()
                .map(|&(at, _)| {
                    let n = u.node_at(at).filter(|n| n.applicable());
                    match (n.and_then(|n| n.score()), n.and_then(|n| n.max())) {
                        (Some(s), Some(m)) => {
                            json!(format!("{}/{}", self.num(s, d), self.num(m, d)))
                        }
                        (Some(s), None) => json!(self.num(s, d)),
                        _ => Value::Null,
                    }
                })
                .collect();
            let lost: Option<Decimal> = u.fields().filter_map(|n| n.lost()).reduce(|a, b| a + b);
            let trend: Vec<Value> = appearances
                .iter()
                .map(|&(e, _, r)| {
                    json!([self.edition(e).year, self.shown_index(r, self.edition(e))])
                })
                .collect();
            units.insert(
                u.unit.clone(),
                json!([
                    self.shown_index(u, edition),
                    u.rank,
                    band,
                    points,
                    lost.map(|l| self.num(l, d)),
                    trend
                ]),
            );
        }
        if units.is_empty() {
            return;
        }
        let data = json!({
            "year": edition.year,
            "group": group.name,
            "url": urls::group(edition.year, &group.id),
            "count": result.units.len(),
            "mean": result.stats.as_ref().map(|s| self.num(s.mean, d)),
            "fields": fields.iter().map(|(_, f)| json!([f.code, f.name, result.fields.iter().find(|s| s.code == f.code).map(|s| self.num(s.mean_score, d))])).collect::<Vec<_>>(),
            "units": units,
        });
        // `<` escaped: the script stays inert text whatever a name holds.
        let json = serde_json::to_string(&data)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c");
        let key = serde_json::to_string(&format!("{}-{}", edition.year, group.id))
            .unwrap_or_default()
            .replace('<', "\\u003c");
        files.push((
            urls::compare_data(edition.year, &group.id),
            format!("window.CHISO_CMP&&CHISO_CMP({key},{json});\n").into_bytes(),
        ));
    }
}
