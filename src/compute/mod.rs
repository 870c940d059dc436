//! The index, ranks, bands, statistics and changes: pure functions of the
//! [`Dataset`], no I/O. The stage after `validate`, whose `Unsound` groups
//! it skips; `site` and `export` read its [`Results`].
//!
//! Here: the exact index, computing each group (its units from their
//! scores, ranks, field means). Beside it: the node results
//! (`nodes.rs`), the result types (`results.rs`), group statistics
//! (`stats.rs`), the cross-check of the printed figures and ranks
//! (`printed.rs`) and the changes between editions (`history.rs`).
//!
//! All arithmetic is exact decimal. Nothing is rounded here except where a
//! rule needs the printed value (bands follow the index as printed);
//! rounding for display belongs to whoever prints, with
//! [`crate::decimal`], which the model and this module both stand on.

mod history;
mod nodes;
mod printed;
mod results;
mod stats;

use history::link_history;
pub use nodes::NodeResult;
use nodes::{GroupNodes, NO_ROW};
use printed::{check_printed, check_ranks, printed_figures, printed_units};
pub use results::{
    Change, Discrepancy, EditionResult, FieldStats, GroupResult, Results, UnitResult,
};
pub use stats::{median, GroupStats};

use crate::decimal::round_half_up;
use crate::diag::Diagnostic;
use crate::model::*;
use crate::tr;
use crate::validate::Unsound;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::sync::Arc;

/// An index as an exact fraction `num / den`, so that ranks compare
/// indices without the rounding a division would introduce: two units
/// share a rank only when their indices are exactly equal.
#[derive(Debug, Clone, Copy)]
pub struct ExactIndex {
    num: Decimal,
    den: Decimal,
}

impl ExactIndex {
    pub fn new(achieved: Decimal, max: Decimal, scale: Decimal) -> Option<ExactIndex> {
        (max > Decimal::ZERO).then(|| ExactIndex {
            num: achieved * scale,
            den: max,
        })
    }

    pub fn given(index: Decimal) -> ExactIndex {
        ExactIndex {
            num: index,
            den: Decimal::ONE,
        }
    }

    pub fn value(&self) -> Decimal {
        self.num / self.den
    }

    /// Small enough that every cross-multiplication is exact (mantissas
    /// under 2^48 and scales up to 14 multiply within a decimal's 96 bits
    /// and 28 places), so that comparisons are a total order.
    fn small(&self) -> bool {
        let fits = |d: Decimal| d.mantissa().unsigned_abs() < 1 << 48 && d.scale() <= 14;
        fits(self.num) && fits(self.den)
    }
}

impl PartialEq for ExactIndex {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ExactIndex {}

impl PartialOrd for ExactIndex {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ExactIndex {
    fn cmp(&self, other: &Self) -> Ordering {
        // Denominators are positive, so cross-multiplying keeps the order.
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.value().cmp(&other.value()),
        }
    }
}

/// Achieved, maximum and index of one unit, either computed from scores
/// or as printed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub achieved: Option<Decimal>,
    pub max: Option<Decimal>,
    pub index: Option<Decimal>,
    pub rank: Option<u32>,
    pub band: Option<String>,
}

/// Computes every edition and cross-checks the printed figures. The
/// diagnostics are the disagreements between scores and printed figures;
/// the data is otherwise assumed validated (invalid rows are skipped, never
/// a panic).
pub fn compute(dataset: &Dataset, unsound: &Unsound) -> (Results, Vec<Diagnostic>) {
    // Groups are independent until history links them: computed in
    // parallel, diagnostics kept in edition and group order.
    use rayon::prelude::*;
    let computed: Vec<Vec<(GroupResult, Vec<Diagnostic>)>> = dataset
        .editions
        .par_iter()
        .map(|edition| {
            edition
                .groups
                .par_iter()
                .map(|group| {
                    let mut found = Vec::new();
                    let result = compute_group(dataset, edition, group, unsound, &mut found);
                    (result, found)
                })
                .collect()
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut editions = Vec::with_capacity(computed.len());
    for (edition, groups) in dataset.editions.iter().zip(computed) {
        let mut results = Vec::with_capacity(groups.len());
        for (result, found) in groups {
            diagnostics.extend(found);
            results.push(result);
        }
        editions.push(EditionResult {
            year: edition.year,
            groups: results,
        });
    }
    link_history(dataset, &mut editions);
    (Results { editions }, diagnostics)
}

/// Half a unit of the last printed decimal: the most a printed figure can
/// differ from its unrounded value.
fn half_unit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.min(27) + 1)
}

fn compute_group(
    dataset: &Dataset,
    edition: &Edition,
    group: &Group,
    unsound: &Unsound,
    diagnostics: &mut Vec<Diagnostic>,
) -> GroupResult {
    let sound = !unsound.group(edition.year, &group.id);
    let mut units = match (&group.scores, &group.framework) {
        (Some(scores), Some(framework)) => scores_to_units(edition, framework, scores),
        _ => Vec::new(),
    };
    let from_scores = group.scores.is_some();
    let published = group.published.as_ref();
    let printed_rows: FxHashMap<&str, &PublishedRow> = published
        .map(|p| p.rows.iter().map(|r| (r.unit.as_str(), r)).collect())
        .unwrap_or_default();

    if !from_scores {
        if let Some(p) = published {
            units = printed_units(edition, p);
        }
    }

    // With each unit's count of printed parts (fields), the rounding
    // tolerance of its figures.
    let h = half_unit(edition.decimals);

    // Printed figures against computed ones.
    if from_scores {
        if let Some(p) = published {
            for unit in &mut units {
                let Some(row) = printed_rows.get(unit.result.unit.as_str()) else {
                    continue;
                };
                if unsound.unit(edition.year, &group.id, &unit.result.unit) {
                    unit.result.printed = Some(printed_figures(row));
                    continue;
                }
                check_printed(dataset, edition, group, p, row, unit, h, diagnostics);
            }
        }
    }

    rank(&mut units);

    // Printed ranks: accepted where they agree with the computed order, or
    // where the units around are equal within the rounding tolerance.
    if from_scores && sound {
        if let Some(p) = published {
            check_ranks(
                dataset,
                edition,
                group,
                p,
                &printed_rows,
                &mut units,
                h,
                diagnostics,
            );
        }
    }

    if from_scores && sound {
        if let Some(p) = published {
            for unit in &units {
                let Some(row) = printed_rows.get(unit.result.unit.as_str()) else {
                    continue;
                };
                if row.discrepancy_note.is_some() && unit.result.discrepancy.is_none() {
                    let location = p.cell(row.line, "discrepancy_note");
                    diagnostics.push(
                        Diagnostic::warning(
                            "needless-discrepancy-note",
                            location,
                            tr!(
                                "a discrepancy_note is given but the printed figures agree with the scores",
                                "có ghi chú chênh lệch (discrepancy_note) nhưng số liệu công bố khớp với bảng điểm"
                            ),
                        )
                        .hint(tr!(
                            "remove the note, or check that it is on the right unit's row",
                            "hãy xoá ghi chú, hoặc kiểm tra xem ghi chú có nằm đúng dòng của đơn vị không"
                        )),
                    );
                }
            }
        }
    }

    for unit in &mut units {
        if unit.result.band.is_none() {
            unit.result.band = edition.band_for(unit.result.index).map(|b| b.name.clone());
        }
        let r = &mut unit.result;
        let figure = r.printed.as_ref().and_then(|p| p.index).unwrap_or(r.index);
        r.shown = round_half_up(figure, edition.decimals);
    }
    // Held for the whole build: a new vector of the exact size (collecting
    // in place would keep the larger `Working` allocation).
    let mut results: Vec<UnitResult> = Vec::with_capacity(units.len());
    results.extend(units.into_iter().map(|u| u.result));
    results.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.unit.cmp(&b.unit)));

    // Two units shown with the same figure but ranked apart: the page says
    // why. Only the ranks set here by the unrounded index follow it; a
    // printed rank kept as printed (a group without scores, a rank the
    // decision settled among indices equal at its precision, one published
    // anyway) was not set by it.
    let by_index = |u: &UnitResult| match &u.computed {
        Some(c) => c.rank == Some(u.rank),
        // Without scores, a rank not printed is placed by the index.
        None => u.printed.as_ref().and_then(|p| p.rank).is_none(),
    };
    let split = |w: &[UnitResult]| w[0].rank != w[1].rank && w[0].shown == w[1].shown;
    let ranks_follow_unrounded = results
        .windows(2)
        .any(|w| split(w) && by_index(&w[0]) && by_index(&w[1]));
    let ranks_as_printed = results
        .windows(2)
        .any(|w| split(w) && !(by_index(&w[0]) && by_index(&w[1])));
    let stats = GroupStats::of(&results, edition);
    let fields = group
        .framework
        .as_ref()
        .map(|f| field_stats(f, &results))
        .unwrap_or_default();
    let mut unit_index = FxHashMap::default();
    for (i, u) in results.iter().enumerate() {
        unit_index.entry(u.unit.clone()).or_insert(i);
    }
    GroupResult {
        id: group.id.clone(),
        from_scores,
        units: results,
        stats,
        fields,
        ranks_follow_unrounded,
        ranks_as_printed,
        framework_changed: false,
        unit_index,
    }
}

/// A unit being computed: its result and what ranking needs.
struct Working {
    result: UnitResult,
    exact: ExactIndex,
    /// How many printed parts add up to the achieved points.
    parts: usize,
}

fn scores_to_units(edition: &Edition, framework: &Framework, scores: &Arc<Scores>) -> Vec<Working> {
    // The first row of each unit and code, whatever the order of rows in
    // the file: `unit * codes + code` in the scores' own tables.
    let codes = scores.codes().len();
    let mut slots = vec![NO_ROW; scores.units().len() * codes];
    for i in 0..scores.len() {
        let (unit, code) = scores.keys(i);
        let slot = &mut slots[unit * codes + code];
        if *slot == NO_ROW {
            *slot = i as u32;
        }
    }
    let code_at: FxHashMap<&str, usize> = scores
        .codes()
        .iter()
        .enumerate()
        .map(|(i, c)| (&**c, i))
        .collect();
    let node_code: Vec<Option<usize>> = framework
        .nodes
        .iter()
        .map(|n| code_at.get(n.code.as_str()).copied())
        .collect();
    let shared = Arc::new(GroupNodes::new(framework, scores.clone(), &node_code));
    // Units in id order: results never depend on the order of rows.
    let mut order: Vec<usize> = (0..scores.units().len()).collect();
    order.sort_by(|&a, &b| scores.units()[a].cmp(&scores.units()[b]));
    let mut units = Vec::with_capacity(order.len());
    for u in order {
        let unit = &scores.units()[u];
        // Held for the whole build: no room to spare.
        let mut nodes = Vec::with_capacity(framework.nodes.len());
        let mut achieved = Decimal::ZERO;
        let mut max = Decimal::ZERO;
        let mut self_total = Some(Decimal::ZERO);
        let mut parts = 0;
        let mut complete = true;
        for (i, node) in framework.nodes.iter().enumerate() {
            let row_index = node_code[i]
                .map(|c| slots[u * codes + c])
                .filter(|&r| r != NO_ROW);
            let is_field = node.parent.is_none();
            if row_index.is_none() && !is_field {
                continue;
            }
            let result = NodeResult {
                group: shared.clone(),
                node: i as u32,
                row: row_index.unwrap_or(NO_ROW),
            };
            if is_field {
                let readable = row_index.is_some_and(|r| !scores.unreadable(r as usize));
                match (result.applicable(), result.score(), result.max()) {
                    (false, _, _) => {}
                    (true, Some(s), Some(m)) if readable => {
                        achieved += s;
                        max += m;
                        parts += 1;
                        self_total = match (self_total, result.self_score()) {
                            (Some(t), Some(x)) => Some(t + x),
                            _ => None,
                        };
                    }
                    _ => complete = false,
                }
            }
            nodes.push(result);
        }
        nodes.shrink_to_fit();
        // A unit missing a field is reported by validation; it gets no index
        // rather than a wrong one.
        let Some(exact) = ExactIndex::new(achieved, max, edition.scale).filter(|_| complete) else {
            continue;
        };
        let computed = Figures {
            achieved: Some(achieved),
            max: Some(max),
            index: Some(exact.value()),
            rank: None,
            band: None,
        };
        units.push(Working {
            result: UnitResult {
                unit: unit.to_string(),
                index: exact.value(),
                shown: Decimal::ZERO,
                achieved: Some(achieved),
                max: Some(max),
                rank: 0,
                band: None,
                computed: Some(computed),
                printed: None,
                discrepancy: None,
                nodes,
                self_achieved: self_total.filter(|_| parts > 0),
                change: None,
            },
            exact,
            parts,
        });
    }
    units
}

/// Competition ranking by the exact index: 1, 2, 2, 4. Printed ranks of a
/// published-only group are kept; the others are placed by index.
fn rank(units: &mut [Working]) {
    let indices: Vec<ExactIndex> = units.iter().map(|u| u.exact).collect();
    // Counting the higher indices in a sorted list needs comparisons that
    // form a total order; the exact fractions of real data do.
    let sorted = indices.iter().all(ExactIndex::small).then(|| {
        let mut sorted = indices.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        sorted
    });
    for unit in units.iter_mut() {
        if unit.result.rank == 0 || unit.result.computed.is_some() {
            let higher = match &sorted {
                Some(sorted) => sorted.partition_point(|&i| i > unit.exact),
                None => indices.iter().filter(|&&i| i > unit.exact).count(),
            };
            unit.result.rank = higher as u32 + 1;
        }
        if let Some(c) = &mut unit.result.computed {
            c.rank = Some(unit.result.rank);
        }
    }
}

fn field_stats(framework: &Framework, units: &[UnitResult]) -> Vec<FieldStats> {
    framework
        .fields()
        .filter_map(|(_, field)| {
            let applicable: Vec<&NodeResult> = units
                .iter()
                .filter_map(|u| u.node(&field.code))
                .filter(|n| n.applicable() && n.score().is_some())
                .collect();
            if applicable.is_empty() {
                return None;
            }
            let count = Decimal::from(applicable.len() as u64);
            let mean_score = applicable.iter().filter_map(|n| n.score()).sum::<Decimal>() / count;
            let mean_percent = applicable
                .iter()
                .filter_map(|n| n.percent())
                .sum::<Decimal>()
                / count;
            Some(FieldStats {
                code: field.code.clone(),
                units: applicable.len(),
                mean_score,
                mean_percent,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn ranks_by_sorting_agree_with_counting() {
        let values = [
            "1/3",
            "2/6",
            "33.333333333/100",
            "85/100",
            "85/100",
            "0/7",
            "99.99/100",
        ];
        let mut units: Vec<Working> = values
            .iter()
            .map(|v| {
                let (a, m) = v.split_once('/').unwrap();
                Working {
                    result: UnitResult {
                        unit: (*v).to_string(),
                        index: Decimal::ZERO,
                        shown: Decimal::ZERO,
                        achieved: None,
                        max: None,
                        rank: 0,
                        band: None,
                        computed: None,
                        printed: None,
                        discrepancy: None,
                        nodes: Vec::new(),
                        self_achieved: None,
                        change: None,
                    },
                    exact: ExactIndex::new(d(a), d(m), d("100")).unwrap(),
                    parts: 1,
                }
            })
            .collect();
        assert!(units.iter().all(|u| u.exact.small()));
        rank(&mut units);
        let ranks: Vec<u32> = units.iter().map(|u| u.result.rank).collect();
        assert_eq!(ranks, [4, 4, 6, 2, 2, 7, 1]);
    }

    #[test]
    fn exact_index_compares_fractions() {
        let a = ExactIndex::new(d("1"), d("3"), d("100")).unwrap();
        let b = ExactIndex::new(d("2"), d("6"), d("100")).unwrap();
        let c = ExactIndex::new(d("33.333333333"), d("100"), d("100")).unwrap();
        assert_eq!(a, b);
        assert!(a > c);
        assert!(ExactIndex::new(d("1"), d("0"), d("100")).is_none());
    }
}
