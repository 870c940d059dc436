//! What `compute` gives `site` and `export`: each unit's, group's and
//! edition's results, and a group's fingerprint for rebuilds.

use super::*;

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
    pub(super) unit_index: FxHashMap<String, usize>,
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
