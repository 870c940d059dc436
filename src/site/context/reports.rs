//! The periodic reports on the site: the overview of periods, groups and
//! indicators (`reports_page`), one period's group with its units compared
//! (`report_group_page`), one indicator over the periods
//! (`indicator_page`), and the section of a unit's page with what it
//! reported (`unit_reports`).
//!
//! Every value is shown as printed: counts with their thousands grouped,
//! rates with their printed decimals. A rate that disagrees with its own
//! parts shows both numbers; a rate not printed but whose parts are is
//! shown computed, and says so.

use super::chart::{chart, f64_of, table, timed, ChartView};
use super::tera_values::Put;
use super::Rendered;
use crate::compute::median;
use crate::i18n;
use crate::model::{
    agrees_as_printed, Dataset, Indicator, Indicators, Language, Period, PeriodPart, Report,
    UnitKind, ValueRow,
};
use crate::render::charts;
use crate::site::{urls, PlannedPage, Site};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{json, Value};

/// The codes of the key figures, as the form Phụ lục 1B numbers them:
/// applications received, and the shares filed online and resolved on
/// time (by the level that received them).
pub const KEY_RECEIVED: &str = "7.4.4.1";
pub const KEY_ONLINE: &str = "7.4.4";

/// The on-time rate of a unit's own level: 3.3.3 for a commune, 3.3.2 for
/// a district, 3.3.1 for a department or province.
pub fn key_on_time(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Commune => "3.3.3",
        UnitKind::District => "3.3.2",
        _ => "3.3.1",
    }
}

/// Where each reported value is: by unit, and by report, group, unit and
/// code.
pub struct ReportIndex<'a> {
    pub(super) by_unit: HashMap<&'a str, Vec<(usize, usize)>>,
    rows: Vec<Vec<HashMap<(&'a str, &'a str), &'a ValueRow>>>,
}

impl<'a> ReportIndex<'a> {
    pub fn new(dataset: &'a Dataset) -> ReportIndex<'a> {
        let mut by_unit: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
        let mut rows = Vec::with_capacity(dataset.reports.len());
        for (r, report) in dataset.reports.iter().enumerate() {
            let mut groups = Vec::with_capacity(report.groups.len());
            for (g, group) in report.groups.iter().enumerate() {
                let mut map = HashMap::default();
                for row in group.values.iter().flat_map(|v| &v.rows) {
                    // The first of two rows stands, as validation says.
                    map.entry((row.unit.as_str(), row.code.as_str()))
                        .or_insert(row);
                    let seen = by_unit.entry(row.unit.as_str()).or_default();
                    if seen.last() != Some(&(r, g)) {
                        seen.push((r, g));
                    }
                }
                groups.push(map);
            }
            rows.push(groups);
        }
        ReportIndex { by_unit, rows }
    }

    fn row(&self, r: usize, g: usize, unit: &str, code: &str) -> Option<&'a ValueRow> {
        self.rows.get(r)?.get(g)?.get(&(unit, code)).copied()
    }
}

/// A unit's values of one indicator, period by period.
type Trend<'p> = Vec<(&'p Period, Shown)>;

/// A value as a page shows it.
#[derive(Debug, Clone)]
struct Shown {
    /// The exact value shown first (printed, else computed), for sorting
    /// and medians.
    value: Decimal,
    text: String,
    /// What its parts give, where it differs from the printed figure.
    from_parts: Option<String>,
    /// Not printed: computed from its parts.
    computed: bool,
}

impl Shown {
    fn view(&self) -> Value {
        json!({
            "text": self.text,
            "sort": self.value.normalize().to_string(),
            "from_parts": self.from_parts,
            "computed": self.computed,
        })
    }
}

/// Half-up to 2 decimals, without trailing zeros: 96, 3,64, 0,16.
fn computed_rate(value: Decimal, lang: Language) -> String {
    let rounded = crate::decimal::round_half_up(value, 2).normalize();
    format!("{}%", i18n::number(rounded, rounded.scale(), lang))
}

pub fn period_label(period: &Period, lang: Language) -> String {
    let y = period.year;
    let roman = |q: u8| ["I", "II", "III", "IV"][usize::from(q.clamp(1, 4)) - 1];
    match (lang, period.part) {
        (Language::Vi, PeriodPart::Year) => format!("Năm {y}"),
        (Language::Vi, PeriodPart::Half(1)) => format!("6 tháng đầu năm {y}"),
        (Language::Vi, PeriodPart::Half(_)) => format!("6 tháng cuối năm {y}"),
        (Language::Vi, PeriodPart::Quarter(q)) => format!("Quý {}/{y}", roman(q)),
        (Language::Vi, PeriodPart::NineMonths) => format!("9 tháng năm {y}"),
        (Language::En, PeriodPart::Year) => format!("{y}"),
        (Language::En, PeriodPart::Half(1)) => format!("First half of {y}"),
        (Language::En, PeriodPart::Half(_)) => format!("Second half of {y}"),
        (Language::En, PeriodPart::Quarter(q)) => format!("Q{q} {y}"),
        (Language::En, PeriodPart::NineMonths) => format!("First nine months of {y}"),
    }
}

impl<'a> Site<'a> {
    fn indicators(&self) -> Option<&'a Indicators> {
        self.dataset.indicators.as_ref()
    }

    /// A unit's name for the life of the site, its id where unknown.
    fn name_of(&self, id: &'a str) -> &'a str {
        self.unit(id).map_or(id, |u| u.name.as_str())
    }

    /// The name of the unit a unit belongs to, to tell namesakes apart.
    fn parent_name(&self, id: &str) -> Option<&'a str> {
        let unit = self.unit(id)?;
        let parent = self.dataset.parent_now(unit)?;
        self.unit(parent).map(|p| p.label())
    }

    pub(super) fn report(&self, r: usize) -> &'a Report {
        &self.dataset.reports[r]
    }

    /// A count with its thousands grouped, a rate with its printed decimals.
    fn value_text(&self, node: &Indicator, value: Decimal, decimals: u32) -> String {
        if node.is_rate() {
            format!("{}%", self.num(value, decimals))
        } else {
            i18n::grouped(value, self.lang)
        }
    }

    /// What unit `unit` reported on indicator `n` in report `r`, group `g`.
    fn shown(&self, r: usize, g: usize, unit: &str, n: usize) -> Option<Shown> {
        let node = &self.indicators()?.nodes[n];
        let index = &self.report_index;
        let printed = index
            .row(r, g, unit, &node.code)
            .and_then(|row| row.value.map(|v| (v, row.decimals)));
        let part = |code: &Option<String>| {
            index
                .row(r, g, unit, code.as_deref()?)
                .and_then(|row| row.value)
        };
        let exact = match (part(&node.numerator), part(&node.denominator)) {
            (Some(a), Some(b)) => node.rate_from(a, b),
            _ => None,
        };
        match (printed, exact) {
            (Some((value, decimals)), exact) => Some(Shown {
                value,
                text: self.value_text(node, value, decimals),
                from_parts: exact
                    .filter(|&e| !agrees_as_printed(value, decimals, e))
                    .map(|e| computed_rate(e, self.lang)),
                computed: false,
            }),
            (None, Some(exact)) => Some(Shown {
                value: exact,
                text: computed_rate(exact, self.lang),
                from_parts: None,
                computed: true,
            }),
            (None, None) => None,
        }
    }

    /// The reports overview: periods with their groups, and the tree.
    pub(super) fn reports_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("reports"), "reports");
        let reports: Vec<Value> = self
            .dataset
            .reports
            .iter()
            .enumerate()
            .rev()
            .map(|(r, report)| {
                json!({
                    "period": period_label(&report.period, self.lang),
                    "title": report.title,
                    "published_on": report.published_on.as_ref().map(|d| i18n::date(d, self.lang)),
                    "groups": report.groups.iter().map(|g| json!({
                        "name": g.name,
                        "url": urls::report_group(&report.period, &g.id),
                        "units": g.values.as_ref().map_or(0, |v| {
                            let mut units: Vec<&str> = v.rows.iter().map(|r| r.unit.as_str()).collect();
                            units.sort_unstable();
                            units.dedup();
                            units.len()
                        }),
                    })).collect::<Vec<_>>(),
                    "documents": self.report_documents(r),
                })
            })
            .collect();
        c.put_list("reports", &reports);
        c.put_list("indicators", &self.indicator_list());
        Rendered {
            template: "reports.html",
            context: c,
            files: Vec::new(),
        }
    }

    /// The tree, each indicator with its page where any unit reported it.
    fn indicator_list(&self) -> Vec<Value> {
        let Some(tree) = self.indicators() else {
            return Vec::new();
        };
        tree.nodes
            .iter()
            .enumerate()
            .map(|(n, node)| {
                json!({
                    "code": node.code,
                    "name": node.name,
                    "measure": node.measure,
                    "depth": depth(tree, n),
                    "url": self.has_indicator_page(n).then(|| urls::indicator(&node.code)),
                })
            })
            .collect()
    }

    /// Whether any unit reported indicator `n` (or its parts) anywhere.
    pub fn has_indicator_page(&self, n: usize) -> bool {
        let Some(tree) = self.indicators() else {
            return false;
        };
        let node = &tree.nodes[n];
        let codes = [
            Some(node.code.as_str()),
            node.numerator.as_deref(),
            node.denominator.as_deref(),
        ];
        self.report_index.rows.iter().flatten().any(|rows| {
            rows.iter().any(|((_, code), row)| {
                row.value.is_some() && codes.iter().flatten().any(|c| c == code)
            })
        })
    }

    /// The units of report `r`'s group `g`, in Vietnamese order.
    fn report_units(&self, r: usize, g: usize) -> Vec<&'a str> {
        let mut units: Vec<&'a str> = self.report(r).groups[g]
            .values
            .iter()
            .flat_map(|v| &v.rows)
            .map(|row| row.unit.as_str())
            .collect();
        units.sort_unstable();
        units.dedup();
        crate::text::sort_vietnamese(&mut units, |u| self.name_of(u));
        units
    }

    /// Indicators reported (or computed) for any of `units`, in tree order.
    fn reported_indicators(&self, r: usize, g: usize, units: &[&str]) -> Vec<usize> {
        let Some(tree) = self.indicators() else {
            return Vec::new();
        };
        (0..tree.nodes.len())
            .filter(|&n| units.iter().any(|u| self.shown(r, g, u, n).is_some()))
            .collect()
    }

    /// The group's total and median of indicator `n`: a count's sum, a
    /// rate's total from the summed parts; the median of what is shown.
    fn group_figures(
        &self,
        r: usize,
        g: usize,
        units: &[&str],
        n: usize,
    ) -> (Option<String>, Option<String>, usize) {
        let Some(tree) = self.indicators() else {
            return (None, None, 0);
        };
        let node = &tree.nodes[n];
        let mut shown: Vec<Decimal> = units
            .iter()
            .filter_map(|u| self.shown(r, g, u, n))
            .map(|s| s.value)
            .collect();
        shown.sort_unstable();
        let count = shown.len();
        let total = if node.is_rate() {
            let sum = |code: &Option<String>| -> Option<Decimal> {
                let code = code.as_deref()?;
                let mut total = Decimal::ZERO;
                for u in units {
                    total += self.report_index.row(r, g, u, code)?.value?;
                }
                Some(total)
            };
            match (sum(&node.numerator), sum(&node.denominator)) {
                (Some(a), Some(b)) => node.rate_from(a, b).map(|e| computed_rate(e, self.lang)),
                _ => None,
            }
        } else if count > 0 {
            Some(i18n::grouped(shown.iter().sum(), self.lang))
        } else {
            None
        };
        let median = median(&shown).map(|m| {
            if node.is_rate() {
                computed_rate(m, self.lang)
            } else {
                let m = crate::decimal::round_half_up(m, 1).normalize();
                i18n::grouped(m, self.lang)
            }
        });
        (total, median, count)
    }

    /// One period's group: the key figures by unit (sortable), every
    /// indicator with the group's total and median, and every unit's
    /// values under a disclosure.
    pub(super) fn report_group_page(&self, page: &PlannedPage, r: usize, g: usize) -> Rendered {
        let report = self.report(r);
        let group = &report.groups[g];
        let period = period_label(&report.period, self.lang);
        let title = format!("{} – {period}", group.name);
        let crumbs = vec![
            (self.word("home").to_string(), "index.html".to_string()),
            (self.word("reports").to_string(), urls::reports()),
        ];
        let mut c = self.base(page, &title, "reports", crumbs, false);
        let units = self.report_units(r, g);
        let indicators = self.reported_indicators(r, g, &units);
        let tree = self.indicators();
        let mut flagged = false;
        let columns: Vec<Value> = indicators
            .iter()
            .filter_map(|&n| {
                let node = &tree?.nodes[n];
                let (total, median, count) = self.group_figures(r, g, &units, n);
                Some(json!({
                    "code": node.code,
                    "name": node.name,
                    "measure": node.measure,
                    "url": urls::indicator(&node.code),
                    "total": total,
                    "median": median,
                    "count": count,
                }))
            })
            .collect();
        let rows: Vec<Value> = units
            .iter()
            .map(|u| {
                let cells: Vec<Value> = indicators
                    .iter()
                    .map(|&n| match self.shown(r, g, u, n) {
                        Some(s) => {
                            flagged |= s.from_parts.is_some();
                            s.view()
                        }
                        None => Value::Null,
                    })
                    .collect();
                json!({ "name": self.unit_name(u), "parent": self.parent_name(u), "url": urls::unit(u), "cells": cells })
            })
            .collect();
        let keys = self.key_columns(r, g, &units);
        c.insert(
            "report",
            &json!({
                "title": report.title,
                "period": period,
                "group": group.name,
                "published_on": report.published_on.as_ref().map(|d| i18n::date(d, self.lang)),
            }),
        );
        c.put_list("columns", &columns);
        c.put_list("rows", &rows);
        c.insert("keys", &keys);
        c.insert("flagged", &flagged);
        c.insert_value("documents", self.report_documents(r));
        Rendered {
            template: "report_group.html",
            context: c,
            files: Vec::new(),
        }
    }

    /// The key figures of a group's units: received, on time, online.
    fn key_columns(&self, r: usize, g: usize, units: &[&str]) -> Value {
        let Some(tree) = self.indicators() else {
            return Value::Null;
        };
        let key_codes = |u: &str| {
            let kind = self.unit(u).map_or(UnitKind::Other, |x| x.kind);
            [KEY_RECEIVED, key_on_time(kind), KEY_ONLINE]
        };
        let rows: Vec<Value> = units
            .iter()
            .map(|u| {
                let cells: Vec<Value> = key_codes(u)
                    .iter()
                    .map(|code| {
                        tree.node(code)
                            .and_then(|n| self.shown(r, g, u, n))
                            .map_or(Value::Null, |s| s.view())
                    })
                    .collect();
                json!({ "name": self.unit_name(u), "parent": self.parent_name(u), "url": urls::unit(u), "cells": cells })
            })
            .collect();
        let any = rows.iter().any(|r| {
            r["cells"]
                .as_array()
                .is_some_and(|c| c.iter().any(|v| !v.is_null()))
        });
        if !any {
            return Value::Null;
        }
        json!({
            "headers": [self.word("key_received"), self.word("key_on_time"), self.word("key_online")],
            "rows": rows,
        })
    }

    /// One indicator: every unit's values over the periods.
    pub(super) fn indicator_page(&self, page: &PlannedPage, n: usize) -> Rendered {
        let tree = self.indicators().expect("planned only with indicators");
        let node = &tree.nodes[n];
        let title = format!("{} {}", node.code, node.name);
        let crumbs = vec![
            (self.word("home").to_string(), "index.html".to_string()),
            (self.word("reports").to_string(), urls::reports()),
        ];
        let mut c = self.base(page, &title, "reports", crumbs, false);
        // Columns: every (report, group) where a unit reported it.
        let mut columns: Vec<(usize, usize)> = Vec::new();
        let mut units: Vec<&'a str> = Vec::new();
        for (r, report) in self.dataset.reports.iter().enumerate() {
            for g in 0..report.groups.len() {
                let reporting: Vec<&'a str> = self
                    .report_units(r, g)
                    .into_iter()
                    .filter(|u| self.shown(r, g, u, n).is_some())
                    .collect();
                if !reporting.is_empty() {
                    columns.push((r, g));
                    units.extend(reporting);
                }
            }
        }
        units.sort_unstable();
        units.dedup();
        crate::text::sort_vietnamese(&mut units, |u| self.name_of(u));
        let several_groups = columns
            .iter()
            .any(|&(r, g)| self.report(r).groups.len() > 1 || g > 0);
        let mut flagged = false;
        let rows: Vec<Value> = units
            .iter()
            .map(|u| {
                let cells: Vec<Value> = columns
                    .iter()
                    .map(|&(r, g)| match self.shown(r, g, u, n) {
                        Some(s) => {
                            flagged |= s.from_parts.is_some();
                            s.view()
                        }
                        None => Value::Null,
                    })
                    .collect();
                json!({ "name": self.unit_name(u), "parent": self.parent_name(u), "url": urls::unit(u), "cells": cells })
            })
            .collect();
        let headers: Vec<Value> = columns
            .iter()
            .map(|&(r, g)| {
                let report = self.report(r);
                let (total, median, count) =
                    self.group_figures(r, g, &self.report_units(r, g), n);
                let label = period_label(&report.period, self.lang);
                json!({
                    "label": if several_groups { format!("{label} ({})", report.groups[g].name) } else { label },
                    "url": urls::report_group(&report.period, &report.groups[g].id),
                    "total": total,
                    "median": median,
                    "count": count,
                })
            })
            .collect();
        let link = |code: &Option<String>| {
            let code = code.as_deref()?;
            let i = tree.node(code)?;
            Some(
                json!({ "code": code, "name": tree.nodes[i].name, "url": self.has_indicator_page(i).then(|| urls::indicator(code)) }),
            )
        };
        c.insert(
            "indicator",
            &json!({
                "code": node.code,
                "name": node.name,
                "measure": node.measure,
                "numerator": link(&node.numerator),
                "denominator": link(&node.denominator),
                "better": node.better.map(|b| match b {
                    crate::model::Better::Higher => self.word("better_higher"),
                    crate::model::Better::Lower => self.word("better_lower"),
                }),
            }),
        );
        c.put_list("headers", &headers);
        c.put_list("rows", &rows);
        c.insert("flagged", &flagged);
        Rendered {
            template: "indicator.html",
            context: c,
            files: Vec::new(),
        }
    }

    /// The section of a unit's page: the latest period's key figures, each
    /// with its trend, and the whole annex of that period.
    pub(super) fn unit_reports(&self, unit: &crate::model::Unit) -> Option<Value> {
        let tree = self.indicators()?;
        let reported = self.report_index.by_unit.get(unit.id.as_str())?;
        let mut in_order = reported.clone();
        in_order.sort_by_key(|&(r, _)| self.report(r).period.sort_key());
        let &(r, g) = reported
            .iter()
            .max_by_key(|(r, _)| self.report(*r).period.sort_key())?;
        let id = unit.id.as_str();
        let key = |code: &str| -> Option<(Value, usize, Trend)> {
            let n = tree.node(code)?;
            let latest = self.shown(r, g, id, n)?;
            let trend: Vec<(&Period, Shown)> = in_order
                .iter()
                .filter_map(|&(r2, g2)| Some((&self.report(r2).period, self.shown(r2, g2, id, n)?)))
                .collect();
            let mut v = latest.view();
            v["name"] = json!(tree.nodes[n].name);
            v["code"] = json!(code);
            v["url"] = json!(urls::indicator(code));
            Some((v, n, trend))
        };
        let cards: Vec<Value> = [
            (KEY_RECEIVED, "key_received"),
            (key_on_time(unit.kind), "key_on_time"),
            (KEY_ONLINE, "key_online"),
        ]
        .iter()
        .filter_map(|(code, label)| {
            let (mut v, n, trend) = key(code)?;
            v["label"] = json!(self.word(label));
            if trend.len() > 1 {
                // Without its SVG and CSV as downloads: three of them
                // would take a tenth of a unit's page, and the indicator's
                // page has every unit's values over the periods.
                let chart = self.figure_chart(unit, &tree.nodes[n], self.word(label), &trend);
                v["chart"] = json!(chart);
            }
            Some(v)
        })
        .collect();
        // The annex: every indicator reported, under the headings above it.
        let mut keep = vec![false; tree.nodes.len()];
        for n in 0..tree.nodes.len() {
            if self.shown(r, g, id, n).is_some()
                || self
                    .report_index
                    .row(r, g, id, &tree.nodes[n].code)
                    .is_some()
            {
                let mut at = Some(n);
                let mut steps = 0;
                while let Some(i) = at {
                    if keep[i] || steps > tree.nodes.len() {
                        break;
                    }
                    keep[i] = true;
                    at = tree.nodes[i].parent;
                    steps += 1;
                }
            }
        }
        let mut flagged = false;
        let annex: Vec<Value> = (0..tree.nodes.len())
            .filter(|&n| keep[n])
            .map(|n| {
                let node = &tree.nodes[n];
                let shown = self.shown(r, g, id, n);
                flagged |= shown.as_ref().is_some_and(|s| s.from_parts.is_some());
                let note = self
                    .report_index
                    .row(r, g, id, &node.code)
                    .and_then(|row| row.note.clone());
                json!({
                    "code": node.code,
                    "name": node.name,
                    "measure": node.measure,
                    "depth": depth(tree, n),
                    "value": shown.map(|s| s.view()),
                    "note": note,
                    "url": urls::indicator(&node.code),
                })
            })
            .collect();
        let report = self.report(r);
        Some(json!({
            "period": period_label(&report.period, self.lang),
            "title": report.title,
            "group_url": urls::report_group(&report.period, &report.groups[g].id),
            "charted": cards.iter().any(|c| c.get("chart").is_some()),
            "cards": cards,
            "annex": annex,
            "flagged": flagged,
        }))
    }
}

impl Site<'_> {
    /// One unit's figure over the periods it reported it in, its values as
    /// printed in the table beside it (with what the parts give, where a
    /// rate disagrees with them).
    fn figure_chart(
        &self,
        unit: &crate::model::Unit,
        node: &Indicator,
        label: &str,
        trend: &[(&Period, Shown)],
    ) -> ChartView {
        let title = format!("{} – {}", unit.label(), node.name);
        let labels: Vec<String> = trend.iter().map(|(p, _)| p.id()).collect();
        let series = [charts::Series {
            name: unit.label().to_string(),
            points: trend
                .iter()
                .enumerate()
                .map(|(i, (_, s))| (i as i32, Some(f64_of(s.value))))
                .collect(),
            dashed: false,
        }];
        let measure = node
            .measure
            .clone()
            .unwrap_or_else(|| self.word("value").to_string());
        let svg = timed(|| charts::period_chart(&title, &labels, &series, &measure, self.lang));
        let text = |s: &Shown| match &s.from_parts {
            Some(parts) => format!("{} ({}: {parts})", s.text, self.word("from_parts")),
            None => s.text.clone(),
        };
        let rows: Vec<Vec<String>> = trend
            .iter()
            .map(|(p, s)| vec![period_label(p, self.lang), text(s)])
            .collect();
        let summary = match (trend.first(), trend.last()) {
            (Some((p0, s0)), Some((p1, s1))) => format!(
                "{}: {} {} → {} {}.",
                label,
                period_label(p0, self.lang),
                s0.text,
                period_label(p1, self.lang),
                s1.text
            ),
            _ => String::new(),
        };
        chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("period").to_string(),
                    self.word("value").to_string(),
                ],
                rows,
            ),
        )
    }
}

fn depth(tree: &Indicators, mut n: usize) -> usize {
    let mut depth = 0;
    while let Some(p) = tree.nodes[n].parent {
        depth += 1;
        n = p;
        if depth > tree.nodes.len() {
            break;
        }
    }
    depth
}
