//! The index, ranks, bands, statistics and changes: pure functions of the
//! [`Dataset`], no I/O. The stage after `validate`, whose `Unsound` groups
//! it skips; `site` and `export` read its [`Results`].
//!
//! Group statistics are in `stats.rs`. The cross-check of the printed
//! figures and ranks against the computed ones is here too, where those
//! figures are made: a new check of a printed figure goes in
//! `check_printed` or `check_ranks`.
//!
//! All arithmetic is exact decimal. Nothing is rounded here except where a
//! rule needs the printed value (bands follow the index as printed);
//! rounding for display belongs to whoever prints, with
//! [`crate::decimal`], which the model and this module both stand on.

mod stats;

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

/// One node of the criteria tree for one unit.
///
/// A national dataset has millions of these, so a node result holds only
/// where its values are: the group's shared node table and the scores row
/// (the dataset's own, shared). Every value is read through a method.
#[derive(Clone)]
pub struct NodeResult {
    group: Arc<GroupNodes>,
    /// Framework position.
    node: u32,
    /// Row in the group's scores; [`NO_ROW`] for a field without one.
    row: u32,
}

const NO_ROW: u32 = u32::MAX;

/// What the node results of one group share.
#[derive(Debug)]
struct GroupNodes {
    /// The framework's nodes, in framework order.
    nodes: Vec<NodeInfo>,
    /// Framework position of the first node with each code.
    index: FxHashMap<String, u32>,
    scores: Arc<Scores>,
    /// Each scores row's percent as the first node of its code has it:
    /// [`NO_ROW`] for none, else a position in `percent_values`. Pages sort
    /// and compare units by percent many times over; a division each time
    /// would cost more than all the rest, and a `Decimal` per row more
    /// memory than the row itself. A group has few distinct percents.
    percents: Vec<u32>,
    percent_values: Vec<Decimal>,
}

#[derive(Debug)]
struct NodeInfo {
    code: String,
    /// The first node with this code (whose percents are in `percents`).
    first: bool,
    depth: usize,
    /// Framework position of the top-level field.
    field: usize,
    max: Option<Decimal>,
}

impl GroupNodes {
    /// `node_code`: each framework node's code as a position in the
    /// scores' codes.
    fn new(framework: &Framework, scores: Arc<Scores>, node_code: &[Option<usize>]) -> GroupNodes {
        let mut index = FxHashMap::default();
        for (i, n) in framework.nodes.iter().enumerate() {
            index.entry(n.code.clone()).or_insert(i as u32);
        }
        let mut first_node: Vec<Option<usize>> = vec![None; scores.codes().len()];
        for (i, c) in node_code.iter().enumerate() {
            if let Some(c) = *c {
                first_node[c].get_or_insert(i);
            }
        }
        let mut percent_values = Vec::new();
        // Keyed by the cells as held and the node (whose maximum applies
        // where the row gives none).
        let mut seen: FxHashMap<u128, u32> = FxHashMap::default();
        let percents = (0..scores.len())
            .map(|r| {
                let Some(node) = first_node[scores.keys(r).1] else {
                    return NO_ROW;
                };
                let max = match scores.max(r) {
                    Applicable::NotApplicable => None,
                    Applicable::Max(m) => Some(m),
                    Applicable::Framework => framework.nodes[node].max,
                };
                match (scores.score(r), max) {
                    (Some(s), Some(m)) if m > Decimal::ZERO => {
                        let mut value = || {
                            percent_values.push(percent(s, m));
                            (percent_values.len() - 1) as u32
                        };
                        match scores.cells_key(r) {
                            Some(key) => {
                                *seen.entry(key | (node as u128) << 80).or_insert_with(value)
                            }
                            None => value(),
                        }
                    }
                    _ => NO_ROW,
                }
            })
            .collect();
        GroupNodes {
            nodes: framework
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| NodeInfo {
                    code: n.code.clone(),
                    first: index.get(&n.code) == Some(&(i as u32)),
                    depth: framework.depth(i),
                    field: framework.field_of(i),
                    max: n.max,
                })
                .collect(),
            index,
            scores,
            percents,
            percent_values,
        }
    }
}

/// `score / max x 100`.
fn percent(score: Decimal, max: Decimal) -> Decimal {
    score * Decimal::ONE_HUNDRED / max
}

impl NodeResult {
    fn info(&self) -> &NodeInfo {
        &self.group.nodes[self.node as usize]
    }

    fn score_row(&self) -> Option<ScoreRow<'_>> {
        (self.row != NO_ROW).then(|| self.group.scores.row(self.row as usize))
    }

    pub fn code(&self) -> &str {
        &self.info().code
    }

    /// Position of the node in its group's framework (`Framework::nodes`).
    pub fn position(&self) -> usize {
        self.node as usize
    }

    /// 0 for fields, 1 for criteria, ...
    pub fn depth(&self) -> usize {
        self.info().depth
    }

    /// Code of the top-level field the node belongs to.
    pub fn field(&self) -> &str {
        &self.group.nodes[self.info().field].code
    }

    /// The row's max cell; `Framework` where there is no row.
    fn max_cell(&self) -> Applicable {
        match self.row {
            NO_ROW => Applicable::Framework,
            row => self.group.scores.max(row as usize),
        }
    }

    pub fn applicable(&self) -> bool {
        self.max_cell() != Applicable::NotApplicable
    }

    pub fn score(&self) -> Option<Decimal> {
        (self.row != NO_ROW)
            .then(|| self.group.scores.score(self.row as usize))
            .flatten()
    }

    /// The maximum that applies to this unit; `None` where the node does
    /// not apply.
    pub fn max(&self) -> Option<Decimal> {
        match self.max_cell() {
            Applicable::NotApplicable => None,
            Applicable::Max(m) => Some(m),
            Applicable::Framework => self.info().max,
        }
    }

    /// `max - score`.
    pub fn lost(&self) -> Option<Decimal> {
        match (self.score(), self.max()) {
            (Some(s), Some(m)) => Some(m - s),
            _ => None,
        }
    }

    /// `score / max x 100`.
    pub fn percent(&self) -> Option<Decimal> {
        let group = &self.group;
        if self.row != NO_ROW && self.info().first {
            return match group.percents[self.row as usize] {
                NO_ROW => None,
                i => Some(group.percent_values[i as usize]),
            };
        }
        match (self.score(), self.max()) {
            (Some(s), Some(m)) if m > Decimal::ZERO => Some(percent(s, m)),
            _ => None,
        }
    }

    pub fn self_score(&self) -> Option<Decimal> {
        (self.row != NO_ROW)
            .then(|| self.group.scores.self_score(self.row as usize))
            .flatten()
    }

    pub fn note(&self) -> Option<&str> {
        self.score_row().and_then(|r| r.note)
    }

    pub fn responsible(&self) -> Option<&str> {
        self.score_row().and_then(|r| r.responsible)
    }

    /// Its own values as bytes, for [`GroupResult::fingerprint`]: its
    /// place in the framework (which says its code, depth and field) and
    /// what the scores row says. A decimal keeps its places (`2.5` and
    /// `2.50` differ); what is computed from these (lost points, share)
    /// follows them.
    fn value_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.node.to_le_bytes());
        out.extend_from_slice(&(self.code().len() as u32).to_le_bytes());
        out.extend_from_slice(self.code().as_bytes());
        out.push(self.applicable() as u8);
        for value in [self.score(), self.max(), self.self_score()] {
            match value {
                Some(d) => out.extend_from_slice(&d.serialize()),
                None => out.push(0xff),
            }
        }
        for text in [self.note(), self.responsible()] {
            match text {
                Some(t) => {
                    out.extend_from_slice(&(t.len() as u32).to_le_bytes());
                    out.extend_from_slice(t.as_bytes());
                }
                None => out.push(0xff),
            }
        }
    }

    /// Every value, for comparing and printing.
    #[allow(clippy::type_complexity)]
    fn values(
        &self,
    ) -> (
        &str,
        usize,
        &str,
        bool,
        Option<Decimal>,
        Option<Decimal>,
        Option<Decimal>,
        Option<&str>,
        Option<&str>,
    ) {
        (
            self.code(),
            self.depth(),
            self.field(),
            self.applicable(),
            self.score(),
            self.max(),
            self.self_score(),
            self.note(),
            self.responsible(),
        )
    }
}

impl PartialEq for NodeResult {
    fn eq(&self, other: &Self) -> bool {
        self.values() == other.values()
    }
}

impl std::fmt::Debug for NodeResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeResult")
            .field("code", &self.code())
            .field("depth", &self.depth())
            .field("field", &self.field())
            .field("applicable", &self.applicable())
            .field("score", &self.score())
            .field("max", &self.max())
            .field("lost", &self.lost())
            .field("percent", &self.percent())
            .field("self_score", &self.self_score())
            .field("note", &self.note())
            .field("responsible", &self.responsible())
            .finish()
    }
}

/// What a publisher stated when publishing a figure that differs from the
/// scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Discrepancy {
    pub note: String,
    /// (figure, printed, computed) for every figure that differs.
    pub differences: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub previous_year: i32,
    /// This year's shown index less the earlier one's
    /// ([`UnitResult::shown`]).
    pub index: Decimal,
    /// Positive: moved up (a smaller rank number). None when the earlier
    /// result was ranked in another group (a renamed unit's predecessor).
    pub rank: Option<i64>,
    pub achieved: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitResult {
    pub unit: String,
    /// The official unrounded index: computed from the scores, or the
    /// printed one where the group has no scores or the publisher published
    /// the printed figure anyway.
    pub index: Decimal,
    /// The index as every page and download shows it: the printed index
    /// where the decision prints one (it agrees with the scores within
    /// rounding, or was published anyway), else [`Self::index`]; rounded
    /// half-up to the edition's decimals. Highest, lowest, median and gap
    /// of the group are of these figures (see [`GroupStats`]).
    pub shown: Decimal,
    pub achieved: Option<Decimal>,
    pub max: Option<Decimal>,
    pub rank: u32,
    pub band: Option<String>,
    /// From the scores, when the group has scores.
    pub computed: Option<Figures>,
    /// As printed in the published file.
    pub printed: Option<Figures>,
    pub discrepancy: Option<Discrepancy>,
    /// Every scored node, in framework order (fields included).
    pub nodes: Vec<NodeResult>,
    /// Sum of the fields' self-assessed points, where every applicable field
    /// has one.
    pub self_achieved: Option<Decimal>,
    pub change: Option<Change>,
}

impl UnitResult {
    pub fn fields(&self) -> impl Iterator<Item = &NodeResult> {
        self.nodes.iter().filter(|n| n.depth() == 0)
    }

    pub fn node(&self, code: &str) -> Option<&NodeResult> {
        // Nodes are in framework order: the shared code index gives the
        // position to search for.
        let first = self.nodes.first()?;
        if let Some(&at) = first.group.index.get(code) {
            if let Ok(i) = self.nodes.binary_search_by_key(&at, |n| n.node) {
                return Some(&self.nodes[i]);
            }
        }
        self.nodes.iter().find(|n| n.code() == code)
    }

    /// The result of the node at `position` in the group's framework: what
    /// [`Self::node`] finds by that node's code, without hashing the code
    /// (a national criterion page looks up thousands of nodes).
    pub fn node_at(&self, position: usize) -> Option<&NodeResult> {
        let position = u32::try_from(position).ok()?;
        let i = self
            .nodes
            .binary_search_by_key(&position, |n| n.node)
            .ok()?;
        Some(&self.nodes[i])
    }
}

/// The group mean of one field over the units where it applies.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStats {
    pub code: String,
    pub units: usize,
    pub mean_score: Decimal,
    pub mean_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupResult {
    pub id: String,
    pub from_scores: bool,
    /// In rank order; equal ranks by unit id.
    pub units: Vec<UnitResult>,
    pub stats: Option<GroupStats>,
    pub fields: Vec<FieldStats>,
    /// Two units print the same rounded index but hold different ranks:
    /// the page says ranks follow the unrounded values.
    pub ranks_follow_unrounded: bool,
    /// Two units print the same figure but hold different ranks, at least
    /// one of them as printed (not set by the unrounded index): the page
    /// says the ranks are the decision's.
    pub ranks_as_printed: bool,
    /// The framework differs from the previous edition's for this group.
    pub framework_changed: bool,
    /// Position in `units` of each unit id.
    unit_index: FxHashMap<String, usize>,
}

impl GroupResult {
    pub fn unit(&self, id: &str) -> Option<&UnitResult> {
        self.unit_index.get(id).map(|&i| &self.units[i])
    }

    /// A 128-bit hash of everything these results say, every figure and
    /// text of every unit and node as its `Debug` writes it (a decimal's
    /// places included): equal results, equal fingerprints. A rebuild
    /// makes again the pages that read a group whose fingerprint changed.
    pub fn fingerprint(&self) -> u128 {
        struct Hasher(xxhash_rust::xxh3::Xxh3);
        impl std::fmt::Write for Hasher {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.update(s.as_bytes());
                Ok(())
            }
        }
        // Named one by one so that a field added later must be added here.
        let GroupResult {
            id,
            from_scores,
            units,
            stats,
            fields,
            ranks_follow_unrounded,
            ranks_as_printed,
            framework_changed,
            unit_index: _,
        } = self;
        let mut hasher = Hasher(xxhash_rust::xxh3::Xxh3::new());
        // Writing into a hasher cannot fail.
        let _ = std::fmt::Write::write_fmt(
            &mut hasher,
            format_args!(
                "{id:?}{from_scores:?}{stats:?}{fields:?}{ranks_follow_unrounded:?}\
                 {ranks_as_printed:?}{framework_changed:?}"
            ),
        );
        // A national group has thousands of node results: their values go
        // into one buffer, as bytes, hashed at once (`Debug` took 2.3 s
        // for a national dataset).
        let mut nodes_bytes = Vec::new();
        for unit in units {
            let UnitResult {
                unit,
                index,
                shown,
                achieved,
                max,
                rank,
                band,
                computed,
                printed,
                discrepancy,
                nodes,
                self_achieved,
                change,
            } = unit;
            let _ = std::fmt::Write::write_fmt(
                &mut hasher,
                format_args!(
                    "{unit:?}{index:?}{shown:?}{achieved:?}{max:?}{rank:?}{band:?}{computed:?}\
                     {printed:?}{discrepancy:?}{self_achieved:?}{change:?}"
                ),
            );
            nodes_bytes.clear();
            for node in nodes {
                node.value_bytes(&mut nodes_bytes);
            }
            hasher.0.update(&nodes_bytes);
        }
        hasher.0.digest128()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EditionResult {
    pub year: i32,
    pub groups: Vec<GroupResult>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    pub editions: Vec<EditionResult>,
}

impl Results {
    pub fn group(&self, year: i32, id: &str) -> Option<&GroupResult> {
        self.editions
            .iter()
            .find(|e| e.year == year)?
            .groups
            .iter()
            .find(|g| g.id == id)
    }
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

fn printed_figures(row: &PublishedRow) -> Figures {
    Figures {
        achieved: row.achieved,
        max: row.max,
        index: row.index,
        rank: row.rank,
        band: row.band.clone(),
    }
}

/// A group known only from its printed table: the printed figures are
/// taken as given.
fn printed_units(edition: &Edition, published: &Published) -> Vec<Working> {
    let mut seen = std::collections::HashSet::new();
    let mut units = Vec::new();
    for row in &published.rows {
        if !seen.insert(row.unit.as_str()) {
            continue;
        }
        let exact = match (row.index, row.achieved, row.max) {
            (Some(i), _, _) => ExactIndex::given(i),
            (None, Some(a), Some(m)) => match ExactIndex::new(a, m, edition.scale) {
                Some(e) => e,
                None => continue,
            },
            _ => continue,
        };
        units.push(Working {
            result: UnitResult {
                unit: row.unit.clone(),
                index: exact.value(),
                shown: Decimal::ZERO,
                achieved: row.achieved,
                max: row.max,
                rank: row.rank.unwrap_or(0),
                band: row.band.clone(),
                computed: None,
                printed: Some(printed_figures(row)),
                discrepancy: None,
                nodes: Vec::new(),
                self_achieved: None,
                change: None,
            },
            exact,
            parts: 1,
        });
    }
    units
}

fn format_figure(value: Decimal) -> String {
    value.normalize().to_string()
}

#[allow(clippy::too_many_arguments)]
fn check_printed(
    dataset: &Dataset,
    edition: &Edition,
    group: &Group,
    published: &Published,
    row: &PublishedRow,
    unit: &mut Working,
    h: Decimal,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let computed = unit.result.computed.clone().unwrap_or_default();
    let n = Decimal::from(unit.parts as u64);
    let sum_tolerance = (n + Decimal::ONE) * h;
    let (Some(achieved), Some(max)) = (computed.achieved, computed.max) else {
        return;
    };
    // The printed index is the printed parts' sum carried through the
    // division, plus its own rounding.
    let index_tolerance = h + sum_tolerance * edition.scale / max;
    let mut differences = Vec::new();
    let mut compare =
        |name: &str, printed: Option<Decimal>, computed: Decimal, tolerance: Decimal| {
            if let Some(p) = printed {
                if (p - computed).abs() > tolerance {
                    differences.push((
                        name.to_string(),
                        format_figure(p),
                        format_figure(round_half_up(computed, edition.decimals)),
                    ));
                }
            }
        };
    compare("achieved", row.achieved, achieved, sum_tolerance);
    compare("max", row.max, max, sum_tolerance);
    compare("index", row.index, unit.exact.value(), index_tolerance);
    if let Some(printed_band) = &row.band {
        let by_computed = edition
            .band_for(unit.exact.value())
            .map(|b| b.name.as_str());
        let by_printed = row
            .index
            .filter(|_| differences.iter().all(|d| d.0 != "index"))
            .and_then(|i| edition.band_for(i))
            .map(|b| b.name.as_str());
        if by_computed != Some(printed_band.as_str()) && by_printed != Some(printed_band.as_str()) {
            differences.push((
                "band".to_string(),
                printed_band.clone(),
                by_computed.unwrap_or("(no band)").to_string(),
            ));
        }
    }
    unit.result.printed = Some(printed_figures(row));
    if differences.is_empty() {
        // A note on agreeing figures may still excuse a printed rank:
        // decided once ranks are known.
        return;
    }
    let name = dataset
        .unit(&row.unit)
        .map_or(row.unit.as_str(), |u| u.name.as_str());
    let found = differences
        .iter()
        .map(|(f, p, _)| format!("{f} {p}"))
        .collect::<Vec<_>>()
        .join(", ");
    let expected = differences
        .iter()
        .map(|(f, _, c)| format!("{f} {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The same in Vietnamese, the figures named as on the site and the
    // numbers with their decimal comma (a band is a name).
    let number_vi = |f: &str, v: &str| {
        if f == "band" {
            v.to_string()
        } else {
            crate::diag::num(v).vi.into_owned()
        }
    };
    let figure_vi = |f: &str| match f {
        "achieved" => "điểm đạt".to_string(),
        "max" => "điểm tối đa".to_string(),
        "index" => "chỉ số".to_string(),
        "band" => "xếp loại".to_string(),
        other => other.to_string(),
    };
    let found_vi = differences
        .iter()
        .map(|(f, p, _)| format!("{} {}", figure_vi(f), number_vi(f, p)))
        .collect::<Vec<_>>()
        .join(", ");
    let expected_vi = differences
        .iter()
        .map(|(f, _, c)| {
            let c = if c == "(no band)" {
                "(không có xếp loại)".to_string()
            } else {
                number_vi(f, c)
            };
            format!("{} {c}", figure_vi(f))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let scores_file = group
        .scores
        .as_ref()
        .and_then(|s| {
            s.location
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    // At the first figure that differs: its column has the figure's name.
    let location = published.cell(row.line, &differences[0].0);
    match &row.discrepancy_note {
        Some(note) => {
            diagnostics.push(
                Diagnostic::warning(
                    "published-anyway",
                    location,
                    tr!(
                        "{name} ({}): the signed figures differ from the scores and are published anyway, as stated",
                        "{name} ({}): số liệu trong quyết định công bố khác với bảng điểm và vẫn được công bố theo ghi chú chênh lệch",
                        row.unit
                    ),
                )
                .found(tr!("printed {found}", "công bố {found_vi}"))
                .expected(tr!(
                    "from the scores in {scores_file}: {expected}",
                    "tính từ bảng điểm {scores_file}: {expected_vi}"
                )),
            );
            unit.result.discrepancy = Some(Discrepancy {
                note: note.clone(),
                differences,
            });
            // The signed figures become the official ones.
            if let Some(i) = row.index {
                unit.exact = ExactIndex::given(i);
            } else if let (Some(a), Some(m)) =
                (row.achieved.or(Some(achieved)), row.max.or(Some(max)))
            {
                if let Some(e) = ExactIndex::new(a, m, edition.scale) {
                    unit.exact = e;
                }
            }
            unit.result.index = unit.exact.value();
            unit.result.achieved = row.achieved.or(Some(achieved));
            unit.result.max = row.max.or(Some(max));
            unit.result.band = row.band.clone();
        }
        None => diagnostics.push(
            Diagnostic::error(
                "published-differs",
                location,
                tr!(
                    "{name} ({}) in edition {}: the printed figures differ from the scores",
                    "{name} ({}) năm {}: số liệu công bố khác với kết quả tính từ bảng điểm",
                    row.unit,
                    edition.year
                ),
            )
            .found(tr!("printed {found}", "công bố {found_vi}"))
            .expected(tr!(
                "from the scores in {scores_file}: {expected} (rounding tolerance {points} for points, {index} for the index)",
                "tính từ bảng điểm {scores_file}: {expected_vi} (sai số làm tròn cho phép {points} với điểm, {index} với chỉ số)";
                points = crate::diag::num(format_figure(sum_tolerance)),
                index = crate::diag::num(format_figure(round_half_up(index_tolerance, 4)))
            ))
            .hint(tr!(
                "correct the scores or the printed figure; to publish the signed figure anyway, \
                 give the reason in a discrepancy_note column of this row",
                "hãy sửa bảng điểm hoặc số liệu công bố; nếu vẫn công bố số liệu đã ký, \
                 hãy ghi lý do vào cột discrepancy_note của dòng này"
            )),
        ),
    }
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

#[allow(clippy::too_many_arguments)]
fn check_ranks(
    dataset: &Dataset,
    edition: &Edition,
    _group: &Group,
    published: &Published,
    printed: &FxHashMap<&str, &PublishedRow>,
    units: &mut [Working],
    h: Decimal,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let tolerance = |u: &Working| {
        let n = Decimal::from(u.parts as u64);
        let max = u.result.max.unwrap_or(Decimal::ONE);
        if max > Decimal::ZERO {
            h + (n + Decimal::ONE) * h * edition.scale / max
        } else {
            h
        }
    };
    let snapshot: Vec<(Decimal, Decimal, u32)> = units
        .iter()
        .map(|u| (u.result.index, tolerance(u), u.result.rank))
        .collect();
    for (i, unit) in units.iter_mut().enumerate() {
        let Some(row) = printed.get(unit.result.unit.as_str()) else {
            continue;
        };
        let Some(printed_rank) = row.rank else {
            continue;
        };
        if printed_rank == unit.result.rank {
            continue;
        }
        let (index, tol, _) = snapshot[i];
        // Ranks held by units whose index cannot be told apart from this
        // one's at the printed precision.
        let cluster: Vec<u32> = snapshot
            .iter()
            .filter(|(other, other_tol, _)| (*other - index).abs() <= tol + *other_tol)
            .map(|(_, _, r)| *r)
            .collect();
        let lo = cluster.iter().copied().min().unwrap_or(unit.result.rank);
        let within = printed_rank >= lo && printed_rank < lo + cluster.len() as u32;
        if within || unit.result.discrepancy.is_some() {
            unit.result.rank = printed_rank;
            continue;
        }
        let location = published.cell(row.line, "rank");
        if let Some(note) = &row.discrepancy_note {
            diagnostics.push(
                Diagnostic::warning(
                    "published-anyway",
                    location,
                    tr!(
                        "{} ({}): the signed rank differs from the order of the indices and is published anyway, as stated",
                        "{} ({}): thứ hạng trong quyết định công bố khác với thứ tự theo chỉ số và vẫn được công bố theo ghi chú chênh lệch",
                        dataset
                            .unit(&unit.result.unit)
                            .map_or(unit.result.unit.as_str(), |u| u.name.as_str()),
                        unit.result.unit
                    ),
                )
                .found(tr!(
                    "printed rank {printed_rank}",
                    "thứ hạng công bố {printed_rank}"
                ))
                .expected(tr!(
                    "rank {} by the indices",
                    "hạng {} theo chỉ số",
                    unit.result.rank
                )),
            );
            unit.result.discrepancy = Some(Discrepancy {
                note: note.clone(),
                differences: vec![(
                    "rank".into(),
                    printed_rank.to_string(),
                    unit.result.rank.to_string(),
                )],
            });
            unit.result.rank = printed_rank;
            continue;
        }
        let name = dataset
            .unit(&unit.result.unit)
            .map_or(unit.result.unit.as_str(), |u| u.name.as_str());
        diagnostics.push(
            Diagnostic::error(
                "published-rank-differs",
                location,
                tr!(
                    "{name} ({}): the printed rank disagrees with the order of the indices",
                    "{name} ({}): thứ hạng công bố không khớp với thứ tự theo chỉ số",
                    unit.result.unit
                ),
            )
            .found(tr!(
                "printed rank {printed_rank}",
                "thứ hạng công bố {printed_rank}"
            ))
            .expected(tr!(
                "rank {} (index {} computed from the scores)",
                "hạng {} (chỉ số {} tính từ bảng điểm)",
                unit.result.rank,
                format_figure(round_half_up(index, edition.decimals))
            ))
            .hint(tr!(
                "ranks follow the unrounded index; to publish the signed rank anyway, give the reason in a discrepancy_note column",
                "thứ hạng xếp theo chỉ số chưa làm tròn; nếu vẫn công bố thứ hạng đã ký, hãy ghi lý do vào cột discrepancy_note"
            )),
        );
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

/// Changes against the previous edition in which the same unit sat in a
/// group of the same id, and methodology breaks.
fn link_history(dataset: &Dataset, editions: &mut [EditionResult]) {
    // Read everything first (in parallel: only indices, ranks and points of
    // earlier editions are read, never the changes being made), then write.
    use rayon::prelude::*;
    let read = &*editions;
    let links: Vec<Vec<(Vec<Option<Change>>, bool)>> = (0..read.len())
        .into_par_iter()
        .map(|e| {
            read[e]
                .groups
                .par_iter()
                .enumerate()
                .map(|(g, group)| group_history(dataset, read, e, g, group))
                .collect()
        })
        .collect();
    for (edition, groups) in editions.iter_mut().zip(links) {
        for (group, (changes, framework_changed)) in edition.groups.iter_mut().zip(groups) {
            for (unit, change) in group.units.iter_mut().zip(changes) {
                unit.change = change;
            }
            group.framework_changed = framework_changed;
        }
    }
}

/// The latest earlier result of the unit `id` was only a new name (or a
/// new kind) for: one rename or reclass edge, whose unit went nowhere else.
/// The territory is the same, so the index compares.
fn renamed_from<'r>(
    dataset: &Dataset,
    earlier: &'r [EditionResult],
    id: &str,
) -> Option<(i32, &'r UnitResult)> {
    let mut edges = dataset.lineage_to(id);
    let edge = edges.next()?;
    let same_territory = matches!(edge.kind, LineageKind::Rename | LineageKind::Reclass);
    if !same_territory || edges.next().is_some() || dataset.lineage_from(&edge.from).count() != 1 {
        return None;
    }
    earlier.iter().rev().find_map(|edition| {
        edition
            .groups
            .iter()
            .find_map(|g| g.unit(&edge.from))
            .map(|u| (edition.year, u))
    })
}

/// The changes of group `g` of edition `e` (one per unit) and whether its
/// framework changed.
fn group_history(
    dataset: &Dataset,
    editions: &[EditionResult],
    e: usize,
    g: usize,
    group: &GroupResult,
) -> (Vec<Option<Change>>, bool) {
    // The earlier editions' groups of the same id, latest first.
    let earlier: Vec<(i32, &GroupResult)> = editions[..e]
        .iter()
        .rev()
        .filter_map(|prev| {
            prev.groups
                .iter()
                .find(|pg| pg.id == group.id)
                .map(|pg| (prev.year, pg))
        })
        .collect();
    let changes = group
        .units
        .iter()
        .map(|unit| {
            if e == 0 {
                return unit.change.clone();
            }
            let same_group = earlier
                .iter()
                .find_map(|(year, pg)| pg.unit(&unit.unit).map(|pu| (*year, pu)));
            let (year, pu, ranked_alike) = match same_group {
                Some((year, pu)) => (year, pu, true),
                None => {
                    let (year, pu) = renamed_from(dataset, &editions[..e], &unit.unit)?;
                    (year, pu, false)
                }
            };
            // The same id over other territory (a commune merged into it,
            // a part split off since) is not the unit ranked then.
            let this_year = editions[e].year;
            let reorganised = dataset
                .lineage_to(&unit.unit)
                .chain(dataset.lineage_from(&unit.unit))
                .any(|l| {
                    matches!(l.kind, LineageKind::Merge | LineageKind::Split)
                        && year < l.date.year
                        && l.date.year <= this_year
                });
            if reorganised {
                return None;
            }
            Some(Change {
                previous_year: year,
                // Of the figures shown, so that a reader who subtracts the
                // two years' indices gets the change printed beside them.
                index: unit.shown - pu.shown,
                // A rank among other units says nothing about this one.
                rank: ranked_alike.then(|| i64::from(pu.rank) - i64::from(unit.rank)),
                achieved: match (unit.achieved, pu.achieved) {
                    (Some(a), Some(b)) => Some(a - b),
                    _ => None,
                },
            })
        })
        .collect();
    if e == 0 {
        return (changes, group.framework_changed);
    }
    let framework = dataset.editions[e]
        .groups
        .get(g)
        .and_then(|g| g.framework.as_ref());
    let previous_framework = dataset.editions[..e].iter().rev().find_map(|pe| {
        pe.groups
            .iter()
            .find(|pg| pg.id == group.id)
            .and_then(|pg| pg.framework.as_ref())
    });
    let changed = match (framework, previous_framework) {
        (Some(a), Some(b)) => !a.same_method(b),
        _ => false,
    };
    (changes, changed)
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
