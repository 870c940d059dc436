//! A criterion's page in one group and edition: the units ranked on it,
//! its sub-criteria, the distribution of shares and its history.

use super::cells::decimal_sort_value;
use super::chart::{attach_files, chart, f64_of, link_only, table, timed, trend_svg, ChartView};
use super::{Files, Rendered};
use crate::compute::{GroupResult, NodeResult, UnitResult};
use crate::decimal::round_half_up;
use crate::model::Node;
use crate::render::charts;
use crate::site::{urls, Embed, PlannedPage, Site};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A criterion page's data, serialized straight into Tera's values: its
/// ranking is the biggest table of a national build, and struct fields
/// become map keys without being allocated.
#[derive(serde::Serialize)]
struct CriterionNode<'a> {
    code: &'a str,
    name: &'a str,
    max: Option<String>,
    /// Every unit's maximum is the node's: said once, above the table,
    /// not in a column of its own.
    max_once: bool,
    group: &'a str,
    year: i32,
    rows: Vec<RankingRow<'a>>,
    not_applicable: Vec<Value>,
    children: Vec<Value>,
    columns: Vec<Column<'a>>,
    mean: Option<String>,
    mean_percent: Option<String>,
}

#[derive(serde::Serialize)]
struct Column<'a> {
    code: &'a str,
    name: &'a str,
}

/// A unit's row in a criterion's ranking: shown values and, for sorting,
/// exact ones.
#[derive(serde::Serialize)]
struct RankingRow<'a> {
    sub: Vec<String>,
    rank: usize,
    name: &'a str,
    url: String,
    score: Option<String>,
    score_value: Option<String>,
    max: Option<String>,
    max_value: Option<String>,
    percent: Option<String>,
    percent_value: Option<String>,
}

fn mean_of(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (sum, n) = values.fold((Decimal::ZERO, 0u64), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / Decimal::from(n))
}

impl<'a> Site<'a> {
    pub(super) fn criterion_page(
        &self,
        page: &PlannedPage,
        e: usize,
        g: usize,
        n: usize,
    ) -> Rendered {
        let mut files = Files::new();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let Some(framework) = group.framework.as_ref() else {
            return self.group_page(page, e, g);
        };
        let node = &framework.nodes[n];
        let d = edition.decimals;
        let title = self.criterion_title(e, g, node);
        let mut crumbs = self.edition_crumbs(edition);
        crumbs.push((group.name.clone(), urls::group(edition.year, &group.id)));
        let mut ancestors = Vec::new();
        let mut at = node.parent;
        while let Some(p) = at {
            ancestors.push(p);
            at = framework.nodes[p].parent;
            if ancestors.len() > framework.nodes.len() {
                break;
            }
        }
        for &p in ancestors.iter().rev() {
            let a = &framework.nodes[p];
            crumbs.push((
                format!("{} {}", a.code, a.name),
                urls::criterion(edition.year, &group.id, &a.code),
            ));
        }
        let mut c = self.base(page, &title, "editions", crumbs, self.is_draft(e));

        // Units ranked on this node by share of its maximum, since a unit's
        // own maximum may differ from the framework's.
        let mut scored: Vec<(&UnitResult, &NodeResult, Option<Decimal>)> = result
            .units
            .iter()
            .filter_map(|u| u.node_at(n).map(|nr| (u, nr)))
            .filter(|(_, nr)| nr.applicable() && nr.score().is_some())
            .map(|(u, nr)| (u, nr, nr.percent()))
            .collect();
        scored.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.unit.cmp(&b.0.unit)));
        // Each unit's score on every sub-node, as columns of the ranking:
        // a sub-criterion without sub-nodes of its own has no page, so this
        // table is where it is ranked (by sorting its column).
        let columns: Vec<(usize, &Node)> = node
            .children
            .iter()
            .map(|&ch| (ch, &framework.nodes[ch]))
            .filter(|&(ch, _)| result.units.iter().any(|u| u.node_at(ch).is_some()))
            .collect();
        let mut rank = 0;
        let rows: Vec<RankingRow> = scored
            .iter()
            .enumerate()
            .map(|(i, (u, nr, percent))| {
                // Sorted best first: equal shares share the first rank.
                if i == 0 || scored[i - 1].2 != *percent {
                    rank = i + 1;
                }
                let sub: Vec<String> = columns
                    .iter()
                    .map(|&(ch, _)| match u.node_at(ch) {
                        Some(x) if x.applicable() => x
                            .score()
                            .map_or_else(|| "–".to_string(), |v| self.num(v, d)),
                        _ => "–".to_string(),
                    })
                    .collect();
                let score = nr.score();
                let max = nr.max();
                let shown_score = score.map(|s| self.num(s, d));
                let shown_max = max.map(|m| self.num(m, d));
                let shown_percent = percent.map(|p| self.num(p, 1));
                RankingRow {
                    sub,
                    rank,
                    name: self.unit_name(&u.unit),
                    url: urls::unit(&u.unit),
                    score_value: decimal_sort_value(shown_score.as_deref(), score),
                    score: shown_score,
                    max_value: decimal_sort_value(shown_max.as_deref(), max),
                    max: shown_max,
                    // Ten places order any two shares of a maximum that
                    // differ (28 would only weigh down a big ranking).
                    percent_value: decimal_sort_value(
                        shown_percent.as_deref(),
                        percent.map(|p| round_half_up(p, 10).normalize()),
                    ),
                    percent: shown_percent,
                }
            })
            .collect();
        let not_applicable: Vec<Value> = result
            .units
            .iter()
            .filter(|u| u.node_at(n).is_some_and(|nr| !nr.applicable()))
            .map(|u| json!({ "name": self.unit_name(&u.unit), "url": urls::unit(&u.unit) }))
            .collect();
        // Every criterion and sub-criterion under the field, in framework
        // order, each a row others link to.
        let mut below = Vec::new();
        let mut stack: Vec<usize> = node.children.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            if below.len() > framework.nodes.len() {
                break;
            }
            below.push(i);
            stack.extend(framework.nodes[i].children.iter().rev().copied());
        }
        let children: Vec<Value> = below
            .into_iter()
            .map(|ch| (ch, &framework.nodes[ch]))
            .filter(|&(chi, _)| result.units.iter().any(|u| u.node_at(chi).is_some()))
            .map(|(chi, ch)| {
                let values: Vec<&NodeResult> = result
                    .units
                    .iter()
                    .filter_map(|u| u.node_at(chi))
                    .filter(|x| x.applicable() && x.score().is_some())
                    .collect();
                let mean = mean_of(values.iter().filter_map(|x| x.score()));
                let pct = mean_of(values.iter().filter_map(|x| x.percent()));
                json!({
                    "code": ch.code,
                    "name": ch.name,
                    "anchor": urls::node_anchor(&ch.code),
                    "depth": framework.depth(chi),
                    "max": ch.max.map(|m| self.num(m, d)),
                    "mean": mean.map(|m| self.num(m, d)),
                    "mean_percent": pct.map(|p| self.num(p, 1)),
                })
            })
            .collect();
        let percents: Vec<Decimal> = scored.iter().filter_map(|(_, _, p)| *p).collect();
        let mean_pct = mean_of(percents.iter().copied());
        c.insert_value(
            "node",
            tera::Value::from_serializable(&CriterionNode {
                code: &node.code,
                name: &node.name,
                max_once: node.max.is_some()
                    && rows
                        .iter()
                        .all(|r| r.max == node.max.map(|m| self.num(m, d))),
                max: node.max.map(|m| self.num(m, d)),
                group: &group.name,
                year: edition.year,
                rows,
                not_applicable,
                children,
                columns: columns
                    .iter()
                    .map(|(_, ch)| Column {
                        code: &ch.code,
                        name: &ch.name,
                    })
                    .collect(),
                mean: mean_of(scored.iter().filter_map(|(_, nr, _)| nr.score()))
                    .map(|m| self.num(m, d)),
                mean_percent: mean_pct.map(|m| self.num(m, 1)),
            }),
        );
        if !percents.is_empty() {
            let chart = self
                .distribution(&title, &percents)
                .shared(self.share(Embed::Distribution(e, g, n)));
            c.insert(
                "distribution",
                &attach_files(&mut files, &page.path, "phan-bo", chart),
            );
        }
        let owner = self.history_owner(e, g, node);
        let chart = self
            .history_chart(owner, node)
            .shared(self.history_share(owner, &node.code));
        let owner = owner.0;
        let owner_path = urls::criterion(self.edition(owner).year, &group.id, &node.code);
        let history = if owner == e {
            attach_files(&mut files, &owner_path, "qua-cac-nam", chart)
        } else {
            link_only(&owner_path, "qua-cac-nam", chart)
        };
        c.insert("history", &history);
        if node.parent.is_none() {
            c.insert(
                "map",
                &self.subject_map(&page.path, e, g, Some(node), None, Some(&mut files)),
            );
        }
        Rendered {
            template: "criterion.html",
            context: c,
            files,
        }
    }

    /// Where a field's chart over the years is written: it spans every
    /// year, so it is the same on this node's page of each edition, and
    /// the latest of those pages writes its files.
    pub(super) fn history_owner(&self, e: usize, g: usize, node: &Node) -> (usize, usize) {
        let group = &self.edition(e).groups[g];
        (e..self.dataset.editions.len())
            .rev()
            .find_map(|later| {
                self.dataset.editions[later]
                    .groups
                    .iter()
                    .zip(self.membership(later))
                    .position(|(lg, lr)| {
                        // The same group (compared first: a national
                        // edition has nearly 200), whose edition gives the
                        // node a page of its own.
                        lg.id == group.id
                            && lg.framework.as_ref().is_some_and(|fw| {
                                fw.node(&node.code)
                                    .is_some_and(|i| crate::site::has_own_page(&fw.nodes[i]))
                            })
                            && lr.units.iter().any(|u| u.node(&node.code).is_some())
                    })
                    .map(|later_g| (later, later_g))
            })
            .unwrap_or((e, g))
    }

    /// A field's group mean over the years, drawn once for the pages of
    /// every edition (`owner`: [`Self::history_owner`]).
    pub(super) fn history_chart(&self, owner: (usize, usize), node: &Node) -> ChartView {
        self.shared_chart(owner, &node.code, || {
            // Drawn from the owner's framework, whichever page comes
            // first, so that the title is the same in every build.
            let (owner_group, _) = self.group(owner.0, owner.1);
            let owner_node = owner_group
                .framework
                .as_ref()
                .and_then(|fw| fw.node(&node.code).map(|i| &fw.nodes[i]))
                .unwrap_or(node);
            self.node_history(owner.0, owner.1, owner_node)
        })
        .into_owned()
    }

    /// Each scored unit's share of node `n`'s maximum, as the distribution
    /// chart counts them.
    pub(super) fn node_percents(result: &GroupResult, n: usize) -> Vec<Decimal> {
        result
            .units
            .iter()
            .filter_map(|u| u.node_at(n))
            .filter(|nr| nr.applicable() && nr.score().is_some())
            .filter_map(|nr| nr.percent())
            .collect()
    }

    /// The title a criterion's page and its charts give it.
    pub(super) fn criterion_title(&self, e: usize, g: usize, node: &Node) -> String {
        let edition = self.edition(e);
        format!(
            "{} {} {} – {} {}",
            self.word("criterion"),
            node.code,
            node.name,
            edition.groups[g].name,
            edition.year
        )
    }

    pub(super) fn distribution(&self, title: &str, percents: &[Decimal]) -> ChartView {
        let mut bins: Vec<(f64, f64, usize, String)> = (0..10)
            .map(|i| {
                let lo = i * 10;
                (lo as f64, (lo + 10) as f64, 0, format!("{lo}–{}", lo + 10))
            })
            .collect();
        for p in percents {
            let i = (f64_of(*p) / 10.0).floor().clamp(0.0, 9.0) as usize;
            bins[i].2 += 1;
        }
        let svg = timed(|| {
            charts::distribution_chart(
                title,
                &bins,
                &format!("{} (%)", self.word("percent")),
                self.word("units_count"),
                self.lang,
            )
        });
        let summary = format!(
            "{}: {} {}; {} {}%.",
            self.word("distribution"),
            percents.len(),
            self.word("of_units"),
            self.word("mean").to_lowercase(),
            mean_of(percents.iter().copied())
                .map(|m| self.num(m, 1))
                .unwrap_or_default()
        );
        let rows = bins
            .iter()
            .map(|b| vec![format!("{}%", b.3), b.2.to_string()])
            .collect();
        chart(
            svg,
            summary,
            table(
                title,
                vec![self.word("percent").into(), self.word("units_count").into()],
                rows,
            ),
        )
    }

    /// The node's group mean (as % of its maximum) in every edition where
    /// the same group has the same code.
    fn node_history(&self, _e: usize, g: usize, node: &Node) -> ChartView {
        let group_id = &self.edition(_e).groups[g].id;
        let mut points = Vec::new();
        let mut breaks = Vec::new();
        let mut rows = Vec::new();
        for (e, edition) in self.dataset.editions.iter().enumerate() {
            let Some(gi) = edition.groups.iter().position(|x| &x.id == group_id) else {
                continue;
            };
            let result = self.group(e, gi).1;
            if result.framework_changed {
                breaks.push(edition.year);
            }
            let mean = self.node_mean(e, gi, &node.code);
            points.push((edition.year, mean.map(f64_of)));
            rows.push(vec![
                edition.year.to_string(),
                mean.map_or_else(|| "–".into(), |m| self.num(m, 1)),
                if result.framework_changed {
                    self.word("methodology_break").to_string()
                } else {
                    String::new()
                },
            ]);
        }
        let years: Vec<i32> = points.iter().map(|p| p.0).collect();
        let title = format!(
            "{}: {} {}",
            self.word("field_mean_history"),
            node.code,
            node.name
        );
        let series = vec![charts::Series {
            name: format!("{} (%)", self.word("group_mean")),
            points,
            dashed: false,
        }];
        let svg = trend_svg(&years, || {
            charts::trend_chart(
                &title,
                &years,
                &series,
                &breaks,
                self.word("methodology_break"),
                "%",
                self.lang,
            )
        });
        let summary = format!(
            "{} {}.",
            title,
            years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("year").into(),
                    format!("{} (%)", self.word("group_mean")),
                    self.word("methodology_break").into(),
                ],
                rows,
            ),
        )
    }
}
