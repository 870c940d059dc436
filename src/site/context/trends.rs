//! The trends pages: each group's mean over the years, with its risers
//! and fallers.

use super::chart::{attach_files, chart, f64_of, table, trend_svg, ChartView};
use super::tera_values::Put;
use super::{Files, Rendered};
use crate::compute::UnitResult;
use crate::render::charts;
use crate::site::{urls, Embed, PlannedPage, Site};
use rust_decimal::Decimal;
use serde_json::{json, Value};

impl<'a> Site<'a> {
    pub(super) fn trends_page(&self, page: &PlannedPage, part: usize) -> Rendered {
        let mut files = Files::new();
        let ids = self.trend_groups();
        let parts = ids.len().div_ceil(crate::site::TRENDS_PER_PAGE).max(1);
        let title = if parts > 1 {
            format!("{} ({}/{parts})", self.word("trends"), part + 1)
        } else {
            self.word("trends").to_string()
        };
        let mut c = self.top_level(page, &title, "trends");
        if parts > 1 {
            let links: Vec<Value> = (0..parts)
                .map(|k| json!({ "number": k + 1, "url": urls::trends_part(k), "current": k == part }))
                .collect();
            c.put_list("pages", &links);
        }
        let mut groups = Vec::new();
        for (id, name) in ids
            .into_iter()
            .skip(part * crate::site::TRENDS_PER_PAGE)
            .take(crate::site::TRENDS_PER_PAGE)
        {
            let (trend, latest) = self.group_trend(id, name);
            let share = latest.and_then(|(e, g)| self.share(Embed::Trend(e, g)));
            let trend = attach_files(&mut files, &page.path, id, trend.shared(share));
            let (risers, fallers) = match latest {
                Some((e, g)) => {
                    let edition = self.edition(e);
                    let result = self.group(e, g).1;
                    let mut moved: Vec<&UnitResult> =
                        result.units.iter().filter(|u| u.change.is_some()).collect();
                    moved.sort_by(|a, b| {
                        let (x, y) = (
                            a.change.as_ref().map(|c| c.index),
                            b.change.as_ref().map(|c| c.index),
                        );
                        y.cmp(&x).then_with(|| a.unit.cmp(&b.unit))
                    });
                    let row = |u: &&UnitResult| {
                        json!({
                            "name": self.unit_name(&u.unit),
                            "url": urls::unit(&u.unit),
                            "index": self.shown_index(u, edition),
                            "change_index": self.index_change(u.change.as_ref(), edition.decimals),
                            "change_rank": self.rank_change(u.change.as_ref()),
                        })
                    };
                    let risers: Vec<Value> = moved
                        .iter()
                        .filter(|u| u.change.as_ref().is_some_and(|c| c.index > Decimal::ZERO))
                        .take(5)
                        .map(row)
                        .collect();
                    let fallers: Vec<Value> = moved
                        .iter()
                        .rev()
                        .filter(|u| u.change.as_ref().is_some_and(|c| c.index < Decimal::ZERO))
                        .take(5)
                        .map(row)
                        .collect();
                    (risers, fallers)
                }
                None => (Vec::new(), Vec::new()),
            };
            let latest_year = latest.map(|(e, _)| self.edition(e).year);
            let since = latest.and_then(|(e, g)| {
                self.group(e, g)
                    .1
                    .units
                    .iter()
                    .find_map(|u| u.change.as_ref().map(|c| c.previous_year))
            });
            groups.push(json!({ "name": name, "trend": trend, "risers": risers, "fallers": fallers, "year": latest_year, "since": since }));
        }
        c.put_list("groups", &groups);
        Rendered {
            template: "trends.html",
            context: c,
            files,
        }
    }

    /// Group `id`'s mean over the years, and its latest edition and
    /// group there.
    pub(super) fn group_trend(&self, id: &str, name: &str) -> (ChartView, Option<(usize, usize)>) {
        let mut points = Vec::new();
        let mut breaks = Vec::new();
        let mut rows = Vec::new();
        let mut latest: Option<(usize, usize)> = None;
        for (e, edition) in self.dataset.editions.iter().enumerate() {
            let Some(g) = edition.groups.iter().position(|x| x.id == id) else {
                continue;
            };
            let result = self.group(e, g).1;
            if result.framework_changed {
                breaks.push(edition.year);
            }
            points.push((edition.year, result.stats.as_ref().map(|s| f64_of(s.mean))));
            rows.push(vec![
                edition.year.to_string(),
                result
                    .stats
                    .as_ref()
                    .map_or_else(String::new, |s| self.num(s.mean, edition.decimals)),
                result
                    .stats
                    .as_ref()
                    .map_or_else(String::new, |s| self.num(s.median, edition.decimals)),
                result.units.len().to_string(),
                if result.framework_changed {
                    self.word("methodology_break").to_string()
                } else {
                    String::new()
                },
            ]);
            latest = Some((e, g));
        }
        let years: Vec<i32> = points.iter().map(|p| p.0).collect();
        let title = format!("{} – {}", name, self.word("group_means"));
        let svg = trend_svg(&years, || {
            charts::trend_chart(
                &title,
                &years,
                &[charts::Series {
                    name: self.word("group_mean").into(),
                    points: points.clone(),
                    dashed: false,
                }],
                &breaks,
                self.word("methodology_break"),
                self.word("index"),
                self.lang,
            )
        });
        let summary = match (points.first(), points.last()) {
            (Some(a), Some(b)) if a.0 != b.0 => format!(
                "{}: {} {} → {} {}.",
                name,
                a.0,
                rows.first().map(|r| r[1].clone()).unwrap_or_default(),
                b.0,
                rows.last().map(|r| r[1].clone()).unwrap_or_default()
            ),
            _ => format!("{}.", name),
        };
        let trend = chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("year").into(),
                    self.word("mean").into(),
                    self.word("median").into(),
                    self.word("count").into(),
                    self.word("methodology_break").into(),
                ],
                rows,
            ),
        );
        (trend, latest)
    }
}
