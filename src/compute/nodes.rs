//! A unit's result on one node of the criteria tree, held as positions
//! into what its group shares (the node table, the scores rows) so that a
//! national dataset's millions of them stay small.

use super::*;

/// One node of the criteria tree for one unit.
///
/// A national dataset has millions of these, so a node result holds only
/// where its values are: the group's shared node table and the scores row
/// (the dataset's own, shared). Every value is read through a method.
#[derive(Clone)]
pub struct NodeResult {
    pub(super) group: Arc<GroupNodes>,
    /// Framework position.
    pub(super) node: u32,
    /// Row in the group's scores; [`NO_ROW`] for a field without one.
    pub(super) row: u32,
}

pub(super) const NO_ROW: u32 = u32::MAX;

/// What the node results of one group share.
#[derive(Debug)]
pub(super) struct GroupNodes {
    /// The framework's nodes, in framework order.
    nodes: Vec<NodeInfo>,
    /// Framework position of the first node with each code.
    pub(super) index: FxHashMap<String, u32>,
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
    pub(super) fn new(
        framework: &Framework,
        scores: Arc<Scores>,
        node_code: &[Option<usize>],
    ) -> GroupNodes {
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
    pub(super) fn value_bytes(&self, out: &mut Vec<u8>) {
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
