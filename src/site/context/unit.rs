//! A unit's page: its latest result, fields chart, lost points and
//! self-assessment, earlier years and trend.

use super::chart::{chart, f64_of, made_by_page, table, timed, trend_svg, ChartView};
use super::views::{BandView, ChangeView};
use super::{Files, Rendered};
use crate::compute::{GroupResult, NodeResult, UnitResult};
use crate::i18n;
use crate::model::{Day, Edition, Framework, LineageEdge, LineageKind, PartialDate, Unit};
use crate::render::charts;
use crate::site::{urls, PlannedPage, Site};
use rust_decimal::Decimal;

/// A field's lost points on a unit page, item by item.
#[derive(serde::Serialize)]
struct LostField<'a> {
    code: &'a str,
    name: &'a str,
    lost: Option<String>,
    score: Option<String>,
    max: Option<String>,
    items: Vec<LostItem<'a>>,
    /// "minor" where none of its items is printed on the report card.
    class: &'static str,
}

#[derive(serde::Serialize)]
struct LostItem<'a> {
    code: &'a str,
    name: &'a str,
    score: Option<String>,
    max: Option<String>,
    lost: Option<String>,
    note: Option<&'a str>,
    responsible: Option<&'a str>,
    /// "minor" beyond the [`CARD_LOST_ITEMS`] largest losses, which the
    /// printed report card leaves to the page.
    class: &'static str,
    #[serde(skip)]
    lost_exact: Decimal,
}

/// The printed report card lists this many of the largest losses, so that
/// it stays one or two A4 pages; the page lists them all.
const CARD_LOST_ITEMS: usize = 6;

/// A unit as its page heads it, with the units it links to.
#[derive(serde::Serialize)]
struct UnitView<'a> {
    name: &'a str,
    kind: &'static str,
    parent: Option<UnitLink<'a>>,
    children: Vec<UnitLink<'a>>,
    successor: Option<UnitLink<'a>>,
    /// How the unit came about, one entry per date.
    formed: Vec<LineageView<'a>>,
    /// What the unit became, on the first date territory left it.
    became: Option<LineageView<'a>>,
    /// The unit was merged into its own parent or an ancestor: its level
    /// was abolished, not joined to another unit.
    dissolved: Option<DissolvedView<'a>>,
    /// The parents it was moved under.
    moved: Vec<LineageView<'a>>,
    /// Units moved under this one.
    moved_in: Vec<LineageView<'a>>,
    former_names: Vec<FormerNameView<'a>>,
}

/// One change of the lineage as a unit page tells it: on `date`, of
/// `kind` (`formed`, `renamed`, `reclassed`, `merged`, `moved`), with the
/// units on the other side.
#[derive(serde::Serialize)]
struct LineageView<'a> {
    date: String,
    kind: &'static str,
    units: Vec<LineageLink<'a>>,
    basis: Vec<&'a str>,
}

/// A unit whose level was abolished: when, on what basis, and what each
/// of the units under it the day before became.
#[derive(serde::Serialize)]
struct DissolvedView<'a> {
    date: String,
    basis: Vec<&'a str>,
    children: Vec<DissolvedChild<'a>>,
}

#[derive(serde::Serialize)]
struct DissolvedChild<'a> {
    name: &'a str,
    url: String,
    became: Option<LineageView<'a>>,
}

#[derive(serde::Serialize)]
struct LineageLink<'a> {
    name: &'a str,
    url: String,
    /// Only part of it (a split).
    part: bool,
    /// A split's share, as a percentage.
    share: Option<String>,
}

#[derive(serde::Serialize)]
struct FormerNameView<'a> {
    name: &'a str,
    until: String,
}

#[derive(serde::Serialize)]
struct UnitLink<'a> {
    name: &'a str,
    url: String,
}

/// A unit under the page's unit, with its latest result if it has one.
#[derive(serde::Serialize)]
struct ChildView<'a> {
    name: &'a str,
    url: String,
    year: Option<i32>,
    group: Option<&'a str>,
    index: Option<String>,
    rank: Option<String>,
    band: Option<BandView>,
}

/// A unit's latest result, as the top of its page shows it.
#[derive(serde::Serialize)]
struct LatestView<'a> {
    year: i32,
    group: &'a str,
    group_url: String,
    index: String,
    achieved: Option<String>,
    max: Option<String>,
    rank: u32,
    count: usize,
    band: Option<BandView>,
    change_index: ChangeView,
    change_rank: ChangeView,
    discrepancy: Option<DiscrepancyView<'a>>,
    framework_changed: bool,
}

/// Printed figures published although the scores give others.
#[derive(serde::Serialize)]
struct DiscrepancyView<'a> {
    note: &'a str,
    differences: Vec<Difference<'a>>,
}

#[derive(serde::Serialize)]
struct Difference<'a> {
    figure: &'a str,
    printed: String,
    computed: String,
}

/// A unit's own scores against the appraised ones, field by field.
#[derive(serde::Serialize)]
struct SelfAssessment<'a> {
    rows: Vec<SelfRow<'a>>,
    total_self: Option<String>,
    total_appraised: Option<String>,
    total_difference: Option<String>,
}

#[derive(serde::Serialize)]
struct SelfRow<'a> {
    code: &'a str,
    name: &'a str,
    self_score: String,
    appraised: String,
    difference: String,
}

/// An older year's lost points, folded to one line (its group and ranking
/// are in the history).
#[derive(serde::Serialize)]
struct OlderLost {
    year: i32,
    lost: String,
}

#[derive(serde::Serialize)]
struct EarlierLost<'a> {
    year: i32,
    fields: Vec<LostField<'a>>,
}

/// A unit's result in one edition, on its page.
#[derive(serde::Serialize)]
struct HistoryRow<'a> {
    /// The unit the row is of: the page's own, or a predecessor's.
    unit_id: &'a str,
    /// A predecessor's row names it.
    of: Option<UnitLink<'a>>,
    year: i32,
    year_url: String,
    group: &'a str,
    group_url: String,
    achieved: Option<String>,
    max: Option<String>,
    index: String,
    index_value: String,
    rank: u32,
    count: usize,
    band: Option<BandView>,
    change_index: ChangeView,
    change_rank: ChangeView,
    framework_changed: bool,
    draft: bool,
}

/// How many editions before the latest a unit page lists lost points for,
/// item by item.
const EARLIER_LOST_YEARS: usize = 2;

impl<'a> Site<'a> {
    pub(super) fn unit_page(&self, page: &PlannedPage, unit: &Unit) -> Rendered {
        let files = Files::new();
        let mut crumbs = vec![
            (self.word("home").to_string(), "index.html".to_string()),
            (self.word("units").to_string(), urls::unit_list()),
        ];
        let parent = self.dataset.parent_now(unit).and_then(|p| self.unit(p));
        if let Some(parent) = parent {
            crumbs.push((parent.name.clone(), urls::unit(&parent.id)));
        }
        let appearances = self.appearances(&unit.id);
        let draft = appearances
            .last()
            .is_some_and(|(e, _, _)| self.is_draft(*e));
        let mut c = self.base(page, &unit.name, "units", crumbs, draft);
        let link = |u: &'a Unit| UnitLink {
            name: &u.name,
            url: urls::unit(&u.id),
        };
        let dissolved = self.dissolved(unit);
        c.insert(
            "unit",
            &UnitView {
                name: &unit.name,
                kind: i18n::kind_label(self.lang, unit.kind),
                parent: parent.map(link),
                children: self.children(&unit.id).iter().map(|ch| link(ch)).collect(),
                successor: unit
                    .successor
                    .as_deref()
                    .and_then(|s| self.unit(s))
                    .filter(|_| self.dataset.became(&unit.id).is_none())
                    .map(link),
                formed: self.formed(unit),
                became: self.became(unit).filter(|_| dissolved.is_none()),
                dissolved,
                moved: self.moves(self.dataset.lineage_from(&unit.id), |e| &e.to),
                moved_in: self.moves(self.dataset.lineage_to(&unit.id), |e| &e.from),
                former_names: unit
                    .former_names
                    .iter()
                    .map(|n| FormerNameView {
                        name: &n.name,
                        until: self.day(n.until),
                    })
                    .collect(),
            },
        );
        self.children_with_results(&mut c, unit);
        if let Some(&(e, g, result)) = appearances.last() {
            if let Some(compare) = self.compare_view(unit, e, g, result) {
                c.insert("compare", &compare);
            }
            let edition = self.edition(e);
            let (group, group_result) = self.group(e, g);
            let d = edition.decimals;
            // The compared figures are stored as written, with a point.
            let shown = |figure: &str| match self.lang {
                crate::model::Language::Vi => figure.replace('.', ","),
                crate::model::Language::En => figure.to_string(),
            };
            let discrepancy = result.discrepancy.as_ref().map(|dis| DiscrepancyView {
                note: &dis.note,
                differences: dis
                    .differences
                    .iter()
                    .map(|(figure, printed, computed)| Difference {
                        figure: self.word(figure),
                        printed: shown(printed),
                        computed: shown(computed),
                    })
                    .collect(),
            });
            c.insert(
                "latest",
                &LatestView {
                    year: edition.year,
                    group: &group.name,
                    group_url: urls::group(edition.year, &group.id),
                    index: self.shown_index(result, edition),
                    achieved: self.shown_achieved(result, edition),
                    max: self.shown_max(result, edition),
                    rank: result.rank,
                    count: group_result.units.len(),
                    band: self.band(edition, result.band.as_deref()),
                    change_index: self
                        .new_unit_or(&unit.id, self.index_change(result.change.as_ref(), d)),
                    change_rank: self
                        .new_unit_or(&unit.id, self.rank_change(result.change.as_ref())),
                    discrepancy,
                    framework_changed: group_result.framework_changed && result.change.is_some(),
                },
            );
            if let Some(framework) = &group.framework {
                if result.nodes.iter().any(|n| n.depth() == 0) {
                    let chart = self.fields_chart(unit, edition, framework, result, group_result);
                    c.insert("fields_chart", &made_by_page(&page.path, "linh-vuc", chart));
                    c.insert("lost", &self.lost_points(edition, framework, result));
                    c.insert(
                        "self_assessment",
                        &self.self_assessment(edition, framework, result),
                    );
                }
            }
            // Earlier years' lost points, folded away: the last few in full,
            // older ones as a line each (every year's reasons are in the
            // open data), so that ten editions keep the page light.
            let before = &appearances[..appearances.len() - 1];
            let (older, recent) = before.split_at(before.len().saturating_sub(EARLIER_LOST_YEARS));
            let summary: Vec<OlderLost> = older
                .iter()
                .rev()
                .filter_map(|&(e, g, r)| {
                    let (grp, _) = self.group(e, g);
                    grp.framework.as_ref()?;
                    let edition = self.edition(e);
                    let lost = r
                        .nodes
                        .iter()
                        .filter(|n| n.depth() == 0)
                        .filter_map(|n| n.lost())
                        .sum::<Decimal>();
                    Some(OlderLost {
                        year: edition.year,
                        lost: self.num(lost, edition.decimals),
                    })
                })
                .collect();
            c.insert("older_lost", &summary);
            let earlier: Vec<EarlierLost> = recent
                .iter()
                .rev()
                .filter_map(|&(e, g, r)| {
                    let (grp, _) = self.group(e, g);
                    let fw = grp.framework.as_ref()?;
                    let fields = self.lost_points(self.edition(e), fw, r);
                    (!fields.is_empty()).then(|| EarlierLost {
                        year: self.edition(e).year,
                        fields,
                    })
                })
                .collect();
            c.insert("earlier_lost", &earlier);
        }
        let before = self.predecessor_history(unit);
        let history = self.unit_history(unit, appearances);
        // A maximum every year shares is said once, in the heading.
        let mut maxima = history.iter().chain(&before).map(|h| &h.max);
        if let Some(Some(first)) = maxima.next() {
            if maxima.all(|m| m.as_ref() == Some(first)) {
                c.insert("history_max", first);
            }
        }
        if !before.is_empty() {
            c.insert("history_before", &before);
        }
        if !appearances.is_empty() || !before.is_empty() {
            c.insert("history", &history);
        }
        // One year is a figure, not a trend: the history table says it.
        if let Some(chart) = self.unit_trend(unit, appearances) {
            c.insert("trend_chart", &made_by_page(&page.path, "xu-huong", chart));
        }
        c.insert("locator", &self.locator_map(&unit.id));
        let years: Vec<usize> = appearances.iter().map(|a| a.0).collect();
        let reported: Vec<usize> = self
            .report_index
            .by_unit
            .get(unit.id.as_str())
            .map(|r| r.iter().map(|&(r, _)| r).collect())
            .unwrap_or_default();
        c.insert_value(
            "documents",
            self.documents_scoring_or_reported(|e| years.contains(&e), |r| reported.contains(&r)),
        );
        if let Some(reports) = self.unit_reports(unit) {
            c.insert("reports", &reports);
        }
        Rendered {
            template: "unit.html",
            context: c,
            files,
        }
    }

    /// The units under this one with their latest index, rank and band,
    /// and the link to their comparison side by side.
    fn children_with_results(&self, c: &mut tera::Context, unit: &Unit) {
        let children: Vec<ChildView> = self
            .children(&unit.id)
            .iter()
            .map(|ch| {
                let latest = self.appearances(&ch.id).last();
                let mut view = ChildView {
                    name: &ch.name,
                    url: urls::unit(&ch.id),
                    year: None,
                    group: None,
                    index: None,
                    rank: None,
                    band: None,
                };
                if let Some(&(e, g, r)) = latest {
                    let edition = self.edition(e);
                    let (group, result) = self.group(e, g);
                    view.year = Some(edition.year);
                    view.group = Some(&group.name);
                    view.index = Some(self.shown_index(r, edition));
                    view.rank = Some(format!("{}/{}", r.rank, result.units.len()));
                    view.band = self.band(edition, r.band.as_deref());
                }
                view
            })
            .collect();
        if children.iter().any(|ch| ch.index.is_some()) {
            c.insert("children_scored", &children);
        }
        if self.compare_edition(&unit.id).is_some() {
            c.insert("compare_children", &urls::compare_parent(&unit.id));
        }
    }

    fn fields_chart(
        &self,
        unit: &Unit,
        edition: &Edition,
        framework: &Framework,
        result: &UnitResult,
        group: &GroupResult,
    ) -> ChartView {
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        for (_, field) in framework.fields() {
            let mine = result.node(&field.code);
            let pct = mine.filter(|n| n.applicable()).and_then(|n| n.percent());
            let mean = group
                .fields
                .iter()
                .find(|s| s.code == field.code)
                .map(|s| s.mean_percent);
            let label = format!("{} {}", field.code, field.name);
            rows.push(charts::FieldRow {
                label: label.clone(),
                unit_pct: pct.map(f64_of),
                mean_pct: mean.map(f64_of),
                unit_label: pct.map_or_else(
                    || self.word("not_applicable").to_string(),
                    |p| format!("{}%", self.num(p, 1)),
                ),
                mean_label: mean.map_or_else(String::new, |m| format!("{}%", self.num(m, 1))),
            });
            table_rows.push(vec![
                label,
                mine.and_then(|n| n.score())
                    .map_or_else(|| "–".into(), |s| self.num(s, edition.decimals)),
                mine.and_then(|n| n.max())
                    .map_or_else(|| "–".into(), |s| self.num(s, edition.decimals)),
                pct.map_or_else(
                    || self.word("not_applicable").to_string(),
                    |p| self.num(p, 1),
                ),
                mean.map_or_else(|| "–".into(), |m| self.num(m, 1)),
            ]);
        }
        let title = format!(
            "{} – {} {}",
            self.word("fields_chart"),
            self.word("edition"),
            edition.year
        );
        let svg =
            timed(|| charts::field_chart(&title, &rows, (unit.label(), self.word("group_mean"))));
        let above = rows
            .iter()
            .filter(|r| matches!((r.unit_pct, r.mean_pct), (Some(u), Some(m)) if u > m))
            .count();
        let summary = format!(
            "{}: {} / {} {} {}.",
            unit.label(),
            above,
            rows.len(),
            self.word("fields").to_lowercase(),
            if self.lang == crate::model::Language::En {
                "above the group mean"
            } else {
                "cao hơn trung bình nhóm"
            }
        );
        chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("field").into(),
                    self.word("score").into(),
                    self.word("max").into(),
                    format!("{} (%)", self.word("percent")),
                    format!("{} (%)", self.word("group_mean")),
                ],
                table_rows,
            ),
        )
    }

    /// Sub-criteria where points were lost, grouped by field: the lowest
    /// scored nodes that lost points or carry a reason.
    fn lost_points<'r>(
        &self,
        edition: &Edition,
        framework: &'r Framework,
        result: &'r UnitResult,
    ) -> Vec<LostField<'r>> {
        let d = edition.decimals;
        // Node results carry their framework position: a national unit
        // page looks at hundreds of nodes across its years, so no lookup
        // by code.
        let node_of = |n: &NodeResult| {
            framework
                .nodes
                .get(n.position())
                .filter(|node| node.code == n.code())
        };
        let mut scored = vec![false; framework.nodes.len()];
        for n in &result.nodes {
            if node_of(n).is_some() {
                scored[n.position()] = true;
            }
        }
        let mut by_field: std::collections::HashMap<&str, Vec<LostItem>> =
            std::collections::HashMap::new();
        for n in &result.nodes {
            let node = node_of(n);
            let has_scored_child =
                node.is_some_and(|node| node.children.iter().any(|&c| scored[c]));
            if has_scored_child
                || !(n.lost().is_some_and(|l| l > Decimal::ZERO) || n.note().is_some())
            {
                continue;
            }
            by_field.entry(n.field()).or_default().push(LostItem {
                code: n.code(),
                name: node.map(|x| x.name.as_str()).unwrap_or_default(),
                score: n.score().map(|s| self.num(s, d)),
                max: n.max().map(|s| self.num(s, d)),
                lost: n.lost().map(|s| self.num(s, d)),
                note: n.note(),
                responsible: n.responsible(),
                class: "",
                lost_exact: n.lost().unwrap_or_default(),
            });
        }
        let mut losses: Vec<Decimal> = by_field.values().flatten().map(|i| i.lost_exact).collect();
        losses.sort_unstable_by(|a, b| b.cmp(a));
        let card_least = losses
            .get(CARD_LOST_ITEMS - 1)
            .copied()
            .unwrap_or(Decimal::ZERO);
        let mut fields = Vec::new();
        for (_, field) in framework.fields() {
            let Some(field_result) = result.node(&field.code) else {
                continue;
            };
            let Some(mut items) = by_field.remove(&*field.code) else {
                continue;
            };
            // Ties at the card's last place are all printed: which of two
            // equal losses to leave out would be arbitrary.
            for item in &mut items {
                if item.lost_exact < card_least || item.lost_exact <= Decimal::ZERO {
                    item.class = "minor";
                }
            }
            let class = if items.iter().all(|i| i.class == "minor") {
                "minor"
            } else {
                ""
            };
            fields.push(LostField {
                code: &field.code,
                name: &field.name,
                lost: field_result.lost().map(|l| self.num(l, d)),
                score: field_result.score().map(|l| self.num(l, d)),
                max: field_result.max().map(|l| self.num(l, d)),
                items,
                class,
            });
        }
        fields
    }

    fn self_assessment<'r>(
        &self,
        edition: &Edition,
        framework: &'r Framework,
        result: &UnitResult,
    ) -> Option<SelfAssessment<'r>> {
        let d = edition.decimals;
        let rows: Vec<SelfRow> = framework
            .fields()
            .filter_map(|(_, f)| {
                let n = result.node(&f.code)?;
                let own = n.self_score()?;
                let appraised = n.score()?;
                Some(SelfRow {
                    code: &f.code,
                    name: &f.name,
                    self_score: self.num(own, d),
                    appraised: self.num(appraised, d),
                    difference: i18n::signed(appraised - own, d, self.lang),
                })
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        let appraised = result.computed.as_ref().and_then(|c| c.achieved);
        Some(SelfAssessment {
            rows,
            total_self: result.self_achieved.map(|s| self.num(s, d)),
            total_appraised: appraised.map(|a| self.num(a, d)),
            total_difference: result
                .self_achieved
                .zip(appraised)
                .map(|(s, a)| i18n::signed(a - s, d, self.lang)),
        })
    }

    /// A day as the site's language writes it (`01/07/2025`).
    pub(super) fn day(&self, day: Day) -> String {
        i18n::date(
            &PartialDate {
                year: day.year,
                month: Some(day.month),
                day: Some(day.day),
            },
            self.lang,
        )
    }

    fn lineage_view(
        &self,
        kind: &'static str,
        date: Day,
        edges: &[&'a LineageEdge],
        other: impl Fn(&'a LineageEdge) -> &'a str,
    ) -> LineageView<'a> {
        let mut basis: Vec<&str> = Vec::new();
        for b in edges.iter().filter_map(|e| e.basis.as_deref()) {
            if !basis.contains(&b) {
                basis.push(b);
            }
        }
        LineageView {
            date: self.day(date),
            kind,
            units: edges
                .iter()
                .filter_map(|&e| {
                    let u = self.unit(other(e))?;
                    Some(LineageLink {
                        name: &u.name,
                        url: urls::unit(&u.id),
                        part: e.kind == LineageKind::Split,
                        share: e.share.map(|s| self.num(s * Decimal::ONE_HUNDRED, 0) + "%"),
                    })
                })
                .collect(),
            basis,
        }
    }

    /// The kind of a date's change as a whole: a rename or a
    /// reclassification alone keeps the territory.
    fn change_kind(
        edges: &[&LineageEdge],
        renamed: &'static str,
        reclassed: &'static str,
        merged: &'static str,
    ) -> &'static str {
        if edges.iter().all(|e| e.kind == LineageKind::Rename) {
            renamed
        } else if edges.iter().all(|e| e.kind == LineageKind::Reclass) {
            reclassed
        } else {
            merged
        }
    }

    /// What the unit was formed from, by date; the units of a level that
    /// ended into it (its districts, when the district level ended) apart:
    /// it was not formed from them.
    fn formed(&self, unit: &Unit) -> Vec<LineageView<'a>> {
        let edges = self.dataset.predecessors(&unit.id);
        let mut out = Vec::new();
        for chunk in edges.chunk_by(|a, b| a.date == b.date) {
            let (absorbed, formed): (Vec<&LineageEdge>, Vec<&LineageEdge>) =
                chunk.iter().partition(|e| {
                    self.unit(&e.from)
                        .is_some_and(|from| self.merges_into_ancestor(from, e))
                });
            if !formed.is_empty() {
                let kind = Self::change_kind(&formed, "renamed", "reclassed", "formed");
                out.push(self.lineage_view(kind, chunk[0].date, &formed, |e| &e.from));
            }
            if !absorbed.is_empty() {
                out.push(self.lineage_view("absorbed", chunk[0].date, &absorbed, |e| &e.from));
            }
        }
        out
    }

    fn became(&self, unit: &Unit) -> Option<LineageView<'a>> {
        let (date, edges) = self.dataset.became(&unit.id)?;
        let kind = Self::change_kind(&edges, "renamed", "reclassed", "merged");
        Some(self.lineage_view(kind, date, &edges, |e| &e.to))
    }

    /// A unit whose every outgoing edge on its first date of change is a
    /// merge into an ancestor (a district into its province when the
    /// district level ends) was dissolved: its territory stays where it
    /// was, and what matters is what became of the units under it.
    fn dissolved(&self, unit: &Unit) -> Option<DissolvedView<'a>> {
        let (date, edges) = self.dataset.became(&unit.id)?;
        if !edges.iter().all(|e| self.merges_into_ancestor(unit, e)) {
            return None;
        }
        let view = self.lineage_view("dissolved", date, &edges, |e| &e.to);
        let day_before = date.previous();
        let children = self
            .children(&unit.id)
            .iter()
            .filter(|ch| ch.valid_on(day_before))
            .map(|ch| DissolvedChild {
                name: ch.name_on(day_before),
                url: urls::unit(&ch.id),
                became: self.became(ch),
            })
            .collect();
        Some(DissolvedView {
            date: view.date,
            basis: view.basis,
            children,
        })
    }

    /// `edge` merges `unit` into its own parent or an ancestor, or into
    /// what an ancestor merged into that day (a district of Hà Giang into
    /// the new Tỉnh Tuyên Quang): the level ended, the unit joined nothing
    /// new.
    pub(super) fn merges_into_ancestor(&self, unit: &Unit, edge: &LineageEdge) -> bool {
        if edge.kind != LineageKind::Merge {
            return false;
        }
        let mut next = unit.parent.as_deref();
        // The registry's parent chain is checked to be acyclic, but a
        // bound keeps a page from looping on any input.
        for _ in 0..self.dataset.units.len() {
            match next {
                Some(p) if p == edge.to => return true,
                Some(p) => {
                    let merged_there = self.dataset.lineage_from(p).any(|l| {
                        l.kind == LineageKind::Merge && l.to == edge.to && l.date == edge.date
                    });
                    if merged_there {
                        return true;
                    }
                    next = self.unit(p).and_then(|u| u.parent.as_deref());
                }
                None => return false,
            }
        }
        false
    }

    fn moves(
        &self,
        edges: impl Iterator<Item = &'a LineageEdge>,
        other: fn(&'a LineageEdge) -> &'a str,
    ) -> Vec<LineageView<'a>> {
        edges
            .filter(|e| e.kind == LineageKind::Move)
            .map(|e| self.lineage_view("moved", e.date, &[e], other))
            .collect()
    }

    /// The results of every unit the page's unit came from, each under its
    /// own name and year: a merged unit's earlier results are its
    /// predecessors', never a blend of them.
    fn predecessor_history(&self, unit: &Unit) -> Vec<HistoryRow<'a>> {
        let mut rows = Vec::new();
        for p in self.predecessor_units(unit) {
            rows.extend(self.history_rows(p, self.appearances(&p.id), true));
        }
        // Newest first, as the unit's own rows; the order of the lineage
        // within a year.
        rows.sort_by_key(|r| std::cmp::Reverse(r.year));
        rows
    }

    /// Every unit of the unit's kind it came from, each once, newest change
    /// first. A district dissolved into its province is not the province's
    /// past: its results were a district's, ranked among districts.
    fn predecessor_units(&self, unit: &Unit) -> Vec<&'a Unit> {
        let mut units: Vec<&'a Unit> = Vec::new();
        for e in self.dataset.all_predecessors(&unit.id) {
            if e.from == unit.id || units.iter().any(|u| u.id == e.from) {
                continue;
            }
            units.extend(self.unit(&e.from).filter(|p| p.kind == unit.kind));
        }
        units
    }

    fn unit_history(
        &self,
        unit: &'a Unit,
        appearances: &[(usize, usize, &'a UnitResult)],
    ) -> Vec<HistoryRow<'a>> {
        self.history_rows(unit, appearances, false)
    }

    fn history_rows(
        &self,
        unit: &'a Unit,
        appearances: &[(usize, usize, &'a UnitResult)],
        named: bool,
    ) -> Vec<HistoryRow<'a>> {
        appearances
            .iter()
            .rev()
            .map(|&(e, g, r)| {
                let edition = self.edition(e);
                let (group, result) = self.group(e, g);
                HistoryRow {
                    unit_id: &unit.id,
                    of: named.then(|| UnitLink {
                        name: &unit.name,
                        url: urls::unit(&unit.id),
                    }),
                    year: edition.year,
                    year_url: urls::edition(edition.year),
                    group: &group.name,
                    group_url: urls::group(edition.year, &group.id),
                    achieved: self.shown_achieved(r, edition),
                    max: self.shown_max(r, edition),
                    index: self.shown_index(r, edition),
                    index_value: r.index.to_string(),
                    rank: r.rank,
                    count: result.units.len(),
                    band: self.band(edition, r.band.as_deref()),
                    change_index: self.new_unit_or(
                        &unit.id,
                        self.index_change(r.change.as_ref(), edition.decimals),
                    ),
                    change_rank: self.new_unit_or(&unit.id, self.rank_change(r.change.as_ref())),
                    framework_changed: result.framework_changed,
                    draft: self.is_draft(e),
                }
            })
            .collect()
    }

    fn unit_trend(
        &self,
        unit: &Unit,
        appearances: &[(usize, usize, &UnitResult)],
    ) -> Option<ChartView> {
        let years: Vec<i32> = appearances
            .iter()
            .map(|&(e, _, _)| self.edition(e).year)
            .collect();
        let mine: Vec<(i32, Option<f64>)> = appearances
            .iter()
            .map(|&(e, _, r)| (self.edition(e).year, Some(f64_of(r.index))))
            .collect();
        let means: Vec<(i32, Option<f64>)> = appearances
            .iter()
            .map(|&(e, g, _)| {
                (
                    self.edition(e).year,
                    self.group(e, g).1.stats.as_ref().map(|s| f64_of(s.mean)),
                )
            })
            .collect();
        let breaks: Vec<i32> = appearances
            .iter()
            .filter(|&&(e, g, _)| self.group(e, g).1.framework_changed)
            .map(|&(e, _, _)| self.edition(e).year)
            .collect();
        let title = format!("{} – {}", unit.label(), self.word("trend_chart"));
        let mut series = vec![
            charts::Series {
                name: unit.label().to_string(),
                points: mine,
                dashed: false,
            },
            charts::Series {
                name: self.word("group_mean").to_string(),
                points: means,
                dashed: true,
            },
        ];
        // Each predecessor its own line, never one blended line.
        let mut years = years;
        let mut predecessor_rows = Vec::new();
        for p in self.predecessor_units(unit) {
            let theirs = self.appearances(&p.id);
            if theirs.is_empty() {
                continue;
            }
            let points: Vec<(i32, Option<f64>)> = theirs
                .iter()
                .map(|&(e, _, r)| (self.edition(e).year, Some(f64_of(r.index))))
                .collect();
            years.extend(points.iter().map(|p| p.0));
            for &(e, _, r) in theirs {
                let edition = self.edition(e);
                predecessor_rows.push(vec![
                    format!("{} – {}", edition.year, p.label()),
                    self.shown_index(r, edition),
                    String::new(),
                    String::new(),
                ]);
            }
            series.push(charts::Series {
                name: p.label().to_string(),
                points,
                dashed: false,
            });
        }
        years.sort_unstable();
        years.dedup();
        let svg = trend_svg(&years, || {
            charts::trend_chart(
                &title,
                &years,
                &series,
                &breaks,
                self.word("methodology_break"),
                self.word("index"),
                self.lang,
            )
        });
        if svg.is_empty() {
            return None;
        }
        let rows: Vec<Vec<String>> = appearances
            .iter()
            .map(|&(e, g, r)| {
                let edition = self.edition(e);
                let (_, result) = self.group(e, g);
                vec![
                    edition.year.to_string(),
                    self.shown_index(r, edition),
                    result
                        .stats
                        .as_ref()
                        .map_or_else(String::new, |s| self.num(s.mean, edition.decimals)),
                    if result.framework_changed {
                        self.word("methodology_break").to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .chain(predecessor_rows)
            .collect();
        let summary = match (appearances.first(), appearances.last()) {
            (Some(&(e0, _, r0)), Some(&(e1, _, r1))) if e0 != e1 => format!(
                "{}: {} {} → {} {}.",
                unit.label(),
                self.edition(e0).year,
                self.shown_index(r0, self.edition(e0)),
                self.edition(e1).year,
                self.shown_index(r1, self.edition(e1))
            ),
            (Some(&(e0, _, r0)), _) => format!(
                "{}: {} {}.",
                unit.label(),
                self.edition(e0).year,
                self.shown_index(r0, self.edition(e0))
            ),
            _ => String::new(),
        };
        Some(chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("year").into(),
                    self.word("index").into(),
                    self.word("group_mean").into(),
                    self.word("methodology_break").into(),
                ],
                rows,
            ),
        ))
    }
}
