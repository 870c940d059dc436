//! A group's pages: its ranking (with the ranking chart) and its fields
//! heatmap.

use super::cells::{decimal_sort_value, sort_value};
use super::chart::{attach_files, chart, f64_of, table, timed, ChartView};
use super::tera_values::Put;
use super::views::{BandView, ChangeView};
use super::{Files, Rendered};
use crate::compute::GroupResult;
use crate::model::{Edition, Framework, Group, Node};
use crate::render::charts;
use crate::site::{urls, Embed, PlannedPage, Site};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A group's ranking page data, serialized straight into Tera's values.
#[derive(serde::Serialize)]
struct GroupRanking<'a> {
    name: &'a str,
    year: i32,
    rows: Vec<GroupRow<'a>>,
    has_survey: bool,
    /// Every unit's maximum, where it is the same for all: said once, in
    /// the heading of the points, not on every row.
    max_once: Option<String>,
    previous_year: Option<i32>,
    ranks_follow_unrounded: bool,
    ranks_as_printed: bool,
    printed: bool,
    /// Some unit's signed figure or rank differs from the scores: its row
    /// carries a `*` that a note explains.
    discrepancy: bool,
    framework_changed: bool,
    count: usize,
    /// The units' parents (names, as JSON) where they have more than one:
    /// the script offers to show one parent's units.
    parents: Option<String>,
}

#[derive(serde::Serialize)]
struct GroupRow<'a> {
    rank: u32,
    name: &'a str,
    parent: Option<String>,
    url: String,
    achieved: Option<String>,
    achieved_value: Option<String>,
    max: Option<String>,
    max_value: Option<String>,
    index: String,
    index_value: Option<String>,
    band: Option<BandView>,
    change_index: CompactChange,
    change_rank: CompactChange,
    survey: Option<String>,
    survey_value: Option<String>,
    discrepancy: bool,
    /// The unit's parent, as a position in the ranking's `parents`.
    p: Option<usize>,
}

/// A change in a big ranking's cell: its markup, and a sort value only
/// where the shown number would sort differently.
#[derive(serde::Serialize)]
struct CompactChange {
    value: Option<String>,
    html: String,
}

/// A change shown by its signed number alone (the arrow comes from the
/// style sheet), where the table says what it is compared with; as markup,
/// since a big group's ranking would otherwise include a template twice
/// per row. `value` is left out where the shown number sorts the same.
fn compact(change: ChangeView) -> CompactChange {
    let html = format!(
        "<span class=\"change {}\">{}</span>",
        change.class,
        crate::site::escape_xml(&change.text)
    );
    CompactChange {
        value: sort_value(&change.text, &change.value),
        html,
    }
}

impl<'a> Site<'a> {
    pub(super) fn group_page(&self, page: &PlannedPage, e: usize, g: usize) -> Rendered {
        let mut files = Files::new();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let title = format!("{} {} – {}", self.word("ranking"), edition.year, group.name);
        let mut c = self.base(
            page,
            &title,
            "editions",
            self.edition_crumbs(edition),
            self.is_draft(e),
        );
        let d = edition.decimals;
        let survey = self.survey_field(group.framework.as_ref());
        let names: Vec<&str> = result
            .units
            .iter()
            .map(|u| self.unit_name(&u.unit))
            .collect();
        // Namesakes (four Xã Tân Phú) are told apart by their parent.
        let mut name_counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for name in &names {
            *name_counts.entry(name).or_default() += 1;
        }
        // Each unit's parent that year: a commune's district, a national
        // site's province.
        let day = crate::model::Day::last_of_year(edition.year);
        let mut parents: Vec<&str> = Vec::new();
        let parent_of: Vec<Option<usize>> = result
            .units
            .iter()
            .map(|u| {
                let parent = self
                    .unit(&u.unit)
                    .and_then(|x| self.dataset.parent_on(x, day))
                    .and_then(|p| self.unit(p))?;
                let name = parent.name.as_str();
                Some(parents.iter().position(|x| *x == name).unwrap_or_else(|| {
                    parents.push(name);
                    parents.len() - 1
                }))
            })
            .collect();
        let filter = parents.len() > 1;
        let rows: Vec<GroupRow> = result
            .units
            .iter()
            .zip(&names)
            .zip(&parent_of)
            .map(|((u, name), &p)| {
                let parent = (name_counts[name] > 1)
                    .then(|| {
                        let day = crate::model::Day::last_of_year(edition.year);
                        self.unit(&u.unit)
                            .and_then(|x| self.dataset.parent_on(x, day))
                            .map(|p| self.unit_label(p))
                    })
                    .flatten();
                let survey_score = survey.and_then(|s| u.node(&s.code)).and_then(|n| n.score());
                let survey_shown = survey_score.map(|s| self.num(s, d));
                let achieved = self.shown_achieved(u, edition);
                let max = self.shown_max(u, edition);
                let index = self.shown_index(u, edition);
                GroupRow {
                    rank: u.rank,
                    name,
                    parent,
                    url: urls::unit(&u.unit),
                    achieved_value: decimal_sort_value(achieved.as_deref(), u.achieved),
                    achieved,
                    max_value: decimal_sort_value(max.as_deref(), u.max),
                    max,
                    index_value: decimal_sort_value(Some(&index), Some(u.index)),
                    index,
                    band: self.band(edition, u.band.as_deref()),
                    // The caption says since when; the signed number is
                    // the text (a long label per cell would double a big
                    // group's page).
                    change_index: compact(
                        self.new_unit_or(&u.unit, self.index_change(u.change.as_ref(), d)),
                    ),
                    change_rank: compact(
                        self.new_unit_or(&u.unit, self.rank_change(u.change.as_ref())),
                    ),
                    survey_value: decimal_sort_value(survey_shown.as_deref(), survey_score),
                    survey: survey_shown,
                    discrepancy: u.discrepancy.is_some(),
                    p: p.filter(|_| filter),
                }
            })
            .collect();
        let previous_year = result
            .units
            .iter()
            .find_map(|u| u.change.as_ref().map(|c| c.previous_year));
        c.insert(
            "group",
            &GroupRanking {
                name: &group.name,
                year: edition.year,
                max_once: match rows.first() {
                    Some(first) if rows.iter().all(|r| r.max == first.max) => first.max.clone(),
                    _ => None,
                },
                rows,
                has_survey: survey.is_some(),
                previous_year,
                ranks_follow_unrounded: result.ranks_follow_unrounded,
                ranks_as_printed: result.ranks_as_printed,
                printed: result.units.iter().any(|u| u.printed.is_some()),
                discrepancy: result.units.iter().any(|u| u.discrepancy.is_some()),
                framework_changed: result.framework_changed,
                count: result.units.len(),
                parents: filter.then(|| serde_json::to_string(&parents).unwrap_or_default()),
            },
        );
        self.compare_data(e, g, &mut files);
        c.put("stats", &self.group_summary(e, g));
        c.insert(
            "map",
            &self.subject_map(&page.path, e, g, None, None, Some(&mut files)),
        );
        c.insert("map_share", &self.share(Embed::Map(e, g)));
        files.extend(self.locator_picture(e, g));
        if let Some(stats) = &result.stats {
            c.put(
                "figures",
                &json!({
                    "mean": self.num(stats.mean, d),
                    "median": self.num(stats.median, d),
                    "max": self.num(stats.max, d),
                    "min": self.num(stats.min, d),
                    "gap": self.num(stats.gap, d),
                    "above_mean": stats.above_mean,
                    "count": stats.count,
                }),
            );
            let chart = self
                .ranking_chart(edition, group, result, stats.mean)
                .shared(self.share(Embed::Ranking(e, g)));
            c.insert(
                "ranking_chart",
                &attach_files(&mut files, &page.path, "xep-hang", chart),
            );
        }
        if let Some(framework) = &group.framework {
            let fields: Vec<Value> = framework
                .fields()
                .map(|(_, f)| {
                    let stat = result.fields.iter().find(|s| s.code == f.code);
                    json!({
                        "code": f.code,
                        "name": f.name,
                        "url": urls::criterion(edition.year, &group.id, &f.code),
                        "mean": stat.map(|s| self.num(s.mean_score, d)),
                        "mean_percent": stat.map(|s| self.num(s.mean_percent, 1)),
                        "scored": result.units.iter().any(|u| u.node(&f.code).is_some()),
                    })
                })
                .collect();
            c.put_list("fields", &fields);
            if !result.units.is_empty() && result.from_scores {
                c.insert("fields_url", &urls::fields(edition.year, &group.id));
            }
        }
        Rendered {
            template: "group.html",
            context: c,
            files,
        }
    }

    /// The survey field of a framework, shown as its own column: a field
    /// named for the satisfaction survey (khảo sát, hài lòng).
    fn survey_field(&self, framework: Option<&'a Framework>) -> Option<&'a Node> {
        framework?.fields().map(|(_, n)| n).find(|n| {
            let name = crate::text::fold(&n.name);
            name.contains("khao sat") || name.contains("hai long")
        })
    }

    pub(super) fn fields_page(&self, page: &PlannedPage, e: usize, g: usize) -> Rendered {
        let mut files = Files::new();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let title = format!("{} – {} {}", self.word("heatmap"), group.name, edition.year);
        let mut crumbs = self.edition_crumbs(edition);
        crumbs.push((group.name.clone(), urls::group(edition.year, &group.id)));
        let mut c = self.base(page, &title, "editions", crumbs, self.is_draft(e));
        if let Some(framework) = &group.framework {
            // The page shows the heat table; the drawing and its data are
            // files to download.
            let chart = self
                .heatmap(framework, result)
                .shared(self.share(Embed::Fields(e, g)));
            c.insert(
                "heatmap",
                &attach_files(&mut files, &page.path, "linh-vuc", chart),
            );
            c.put("heat", &self.heat_table(framework, result));
            let fields: Vec<Value> = framework
                .fields()
                .map(|(_, f)| json!({ "code": f.code, "name": f.name, "url": urls::criterion(edition.year, &group.id, &f.code) }))
                .collect();
            c.put_list("fields", &fields);
        }
        Rendered {
            template: "fields.html",
            context: c,
            files,
        }
    }

    pub(super) fn ranking_chart(
        &self,
        edition: &Edition,
        group: &Group,
        result: &GroupResult,
        mean: Decimal,
    ) -> ChartView {
        let d = edition.decimals;
        let bars: Vec<charts::Bar> = result
            .units
            .iter()
            .map(|u| charts::Bar {
                label: self.unit_label(&u.unit),
                value: f64_of(u.index),
                value_label: self.shown_index(u, edition),
                highlight: false,
            })
            .collect();
        let title = format!("{} – {} {}", group.name, self.word("index"), edition.year);
        let mean_label = format!("{} {}", self.word("group_mean"), self.num(mean, d));
        let svg = timed(|| {
            charts::ranking_chart(
                &title,
                &bars,
                f64_of(edition.scale),
                Some((f64_of(mean), &mean_label)),
            )
        });
        let summary = match (result.units.first(), result.units.last()) {
            (Some(first), Some(last)) => format!(
                "{} {} {}/{} {} {} {}; {} {} ({}); {}: {}.",
                self.unit_name(&first.unit),
                self.word("summary_rank"),
                first.rank,
                result.units.len(),
                self.word("summary_with"),
                self.shown_index(first, edition),
                self.word("summary_points"),
                self.word("lowest").to_lowercase(),
                self.unit_name(&last.unit),
                self.shown_index(last, edition),
                self.word("group_mean"),
                self.num(mean, d)
            ),
            _ => String::new(),
        };
        let rows = result
            .units
            .iter()
            .map(|u| {
                vec![
                    u.rank.to_string(),
                    self.unit_name(&u.unit).to_string(),
                    self.shown_index(u, edition),
                ]
            })
            .collect();
        let mut data = table(
            &title,
            vec![
                self.word("rank").into(),
                self.word("unit").into(),
                self.word("index").into(),
            ],
            rows,
        );
        data.units = Some(self.row_units(1, result.units.iter()));
        let mut v = chart(svg, summary, data);
        // The ranking table on the same page already shows these numbers.
        v.table_hidden = true;
        v
    }

    /// Units by fields as an HTML table whose cells are coloured by
    /// [`heat_class`]: it reflows and keeps the page's text size on a phone
    /// (a drawing scaled to 360 px does not), names its columns in a key
    /// above it, and its first column stays in view while it scrolls.
    fn heat_table(&self, framework: &Framework, result: &GroupResult) -> Value {
        let fields: Vec<(usize, &Node)> = framework.fields().collect();
        let rows: Vec<Value> = result
            .units
            .iter()
            .map(|u| {
                let cells: Vec<Value> = fields
                    .iter()
                    .map(|&(at, _)| {
                        let shown = u
                            .node_at(at)
                            .and_then(|n| n.percent())
                            .map(|p| crate::decimal::round_half_up(p, 0));
                        match shown {
                            Some(p) => json!({ "class": heat_class(p), "text": self.num(p, 0) }),
                            None => json!({ "class": "na", "text": "–" }),
                        }
                    })
                    .collect();
                json!({
                    "name": self.unit_label(&u.unit),
                    "url": urls::unit(&u.unit),
                    "cells": cells,
                })
            })
            .collect();
        let legend: Vec<Value> = HEAT_CLASSES
            .iter()
            .map(|&(class, low, high)| {
                let text = match (low, high) {
                    (0, h) => format!("< {} %", h + 1),
                    (100, 100) => "100 %".to_string(),
                    (l, h) => format!("{l}–{h} %"),
                };
                json!({ "class": class, "text": text })
            })
            .chain(std::iter::once(
                json!({ "class": "na", "text": self.word("not_applicable") }),
            ))
            .collect();
        json!({ "rows": rows, "legend": legend })
    }

    pub(super) fn heatmap(&self, framework: &Framework, result: &GroupResult) -> ChartView {
        let fields: Vec<(usize, &Node)> = framework.fields().collect();
        let rows: Vec<String> = result
            .units
            .iter()
            .map(|u| self.unit_label(&u.unit))
            .collect();
        let cols: Vec<String> = fields.iter().map(|(_, f)| f.code.clone()).collect();
        let mut cells = Vec::new();
        let mut labels = Vec::new();
        let mut table_rows = Vec::new();
        for u in &result.units {
            let mut row = Vec::new();
            let mut label = Vec::new();
            let mut trow = vec![self.unit_name(&u.unit).to_string()];
            for &(at, _) in &fields {
                let pct = u.node_at(at).and_then(|n| n.percent());
                row.push(pct.map(f64_of));
                let text = pct.map_or_else(|| "–".to_string(), |p| self.num(p, 0));
                label.push(text.clone());
                trow.push(pct.map_or_else(
                    || self.word("not_applicable").to_string(),
                    |p| self.num(p, 1),
                ));
            }
            cells.push(row);
            labels.push(label);
            table_rows.push(trow);
        }
        let title = self.word("heatmap");
        let svg = timed(|| charts::heatmap(title, &rows, &cols, &cells, &labels));
        let mut headers = vec![self.word("unit").to_string()];
        headers.extend(
            fields
                .iter()
                .map(|(_, f)| format!("{} {} (%)", f.code, f.name)),
        );
        let mut data = table(title, headers, table_rows);
        data.units = Some(self.row_units(0, result.units.iter()));
        chart(svg, self.word("heatmap_summary").to_string(), data)
    }
}

/// The heat table's classes: (class, lowest, highest shown %). Narrow at
/// the top, where most units are, so that 84 and 100 look different.
const HEAT_CLASSES: [(&str, u32, u32); 6] = [
    ("q0", 0, 49),
    ("q1", 50, 69),
    ("q2", 70, 79),
    ("q3", 80, 89),
    ("q4", 90, 99),
    ("q5", 100, 100),
];

/// The class of a share as shown (a whole percent), so that a cell's
/// colour agrees with its number.
fn heat_class(shown: Decimal) -> &'static str {
    let whole = shown.trunc().to_u32().unwrap_or(0);
    HEAT_CLASSES
        .iter()
        .find(|&&(_, low, high)| (low..=high).contains(&whole))
        .map_or("q5", |c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The complaint was that 84 and 100 looked alike: the classes are
    /// narrow at the top, where most units are.
    #[test]
    fn heat_classes_tell_84_from_100_and_cover_every_share() {
        let class = |v: u32| heat_class(Decimal::from(v));
        assert_ne!(class(84), class(100));
        assert_ne!(class(84), class(95));
        assert_ne!(class(99), class(100));
        let mut last = "q0";
        for v in 0..=100 {
            let c = class(v);
            assert!(c >= last, "classes rise with the share: {v} is {c}");
            last = c;
        }
        assert_eq!(
            (class(0), class(49), class(50), class(100)),
            ("q0", "q0", "q1", "q5")
        );
    }
}
