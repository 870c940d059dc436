//! The criteria tree of each edition, built from the methodology in
//! [`super::criteria`]: the full tree (fields, criteria, sub-criteria) or
//! the light one of the national preset (fields and four sub-criteria
//! each), every parent's maximum exactly the sum of its children's.

use std::cmp::Reverse;

use super::criteria::{field_maxima, CritDef, Era, Level, SubDef, FIELDS};
use super::points::Pts;
use super::scores::GroupKind;
use super::Detail;

pub(super) struct Node {
    pub(super) code: String,
    pub(super) parent: Option<usize>,
    pub(super) name: &'static str,
    pub(super) name_en: &'static str,
    pub(super) max: Pts,
    pub(super) children: Vec<usize>,
    /// Set on sub-criteria, which are scored directly.
    pub(super) leaf: Option<&'static SubDef>,
    pub(super) survey: bool,
}

/// The criteria tree in pre-order (field, its criteria, each with its
/// sub-criteria). Every node is complete: children's maxima add up to it.
fn build_framework(level: Level, era: Era) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for (f, (field, &field_max)) in FIELDS.iter().zip(field_maxima(level, era)).enumerate() {
        let (name, name_en) = match era {
            Era::Old => field.old,
            Era::New => field.new,
        };
        let field_node = nodes.len();
        let field_max = Pts::whole(field_max);
        nodes.push(Node {
            code: (f + 1).to_string(),
            parent: None,
            name,
            name_en,
            max: field_max,
            children: Vec::new(),
            leaf: None,
            survey: field.survey,
        });
        let criteria: Vec<&CritDef> = field
            .criteria
            .iter()
            .filter(|c| c.active(level, era))
            .collect();
        let weights: Vec<i64> = criteria.iter().map(|c| c.weight).collect();
        for (c, (crit, crit_max)) in criteria
            .iter()
            .zip(apportion(field_max, &weights))
            .enumerate()
        {
            let crit_node = nodes.len();
            let code = format!("{}.{}", f + 1, c + 1);
            let (name, name_en) = crit.label(era);
            nodes[field_node].children.push(crit_node);
            nodes.push(Node {
                code: code.clone(),
                parent: Some(field_node),
                name,
                name_en,
                max: crit_max,
                children: Vec::new(),
                leaf: None,
                survey: field.survey,
            });
            let weights: Vec<i64> = crit.subs.iter().map(|s| s.weight).collect();
            for (s, (sub, sub_max)) in crit
                .subs
                .iter()
                .zip(apportion(crit_max, &weights))
                .enumerate()
            {
                let sub_node = nodes.len();
                nodes[crit_node].children.push(sub_node);
                nodes.push(Node {
                    code: format!("{code}.{}", s + 1),
                    parent: Some(crit_node),
                    name: sub.name.0,
                    name_en: sub.name.1,
                    max: sub_max,
                    children: Vec::new(),
                    leaf: Some(sub),
                    survey: field.survey,
                });
            }
        }
    }
    nodes
}

/// Sub-criteria per field in the light tree.
const LIGHT_SUBS_PER_FIELD: usize = 4;

/// The light tree: every field with up to four sub-criteria directly below
/// it (codes `1.1` to `1.4`), taken in turn from the field's active criteria
/// (the first sub-criterion of each, then the second ...), so that every
/// criterion is represented before any is represented twice. Complete, like
/// the full tree, and changed by the methodology break in the same way.
fn build_light_framework(level: Level, era: Era) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for (f, (field, &field_max)) in FIELDS.iter().zip(field_maxima(level, era)).enumerate() {
        let (name, name_en) = match era {
            Era::Old => field.old,
            Era::New => field.new,
        };
        let field_node = nodes.len();
        let field_max = Pts::whole(field_max);
        nodes.push(Node {
            code: (f + 1).to_string(),
            parent: None,
            name,
            name_en,
            max: field_max,
            children: Vec::new(),
            leaf: None,
            survey: field.survey,
        });
        let criteria: Vec<&'static [SubDef]> = field
            .criteria
            .iter()
            .filter(|c| c.active(level, era))
            .map(|c| c.subs)
            .collect();
        let deepest = criteria.iter().map(|subs| subs.len()).max().unwrap_or(0);
        let picked: Vec<&'static SubDef> = (0..deepest)
            .flat_map(|round| criteria.iter().filter_map(move |subs| subs.get(round)))
            .take(LIGHT_SUBS_PER_FIELD)
            .collect();
        let weights: Vec<i64> = picked.iter().map(|s| s.weight).collect();
        for (s, (sub, sub_max)) in picked
            .iter()
            .zip(apportion(field_max, &weights))
            .enumerate()
        {
            let sub_node = nodes.len();
            nodes[field_node].children.push(sub_node);
            nodes.push(Node {
                code: format!("{}.{}", f + 1, s + 1),
                parent: Some(field_node),
                name: sub.name.0,
                name_en: sub.name.1,
                max: sub_max,
                children: Vec::new(),
                leaf: Some(sub),
                survey: field.survey,
            });
        }
    }
    nodes
}

pub(super) fn framework(detail: Detail, level: Level, era: Era) -> Vec<Node> {
    match detail {
        Detail::Full => build_framework(level, era),
        Detail::Light => build_light_framework(level, era),
    }
}

/// An edition's two trees: departments and districts share one, communes
/// have their own.
pub(super) struct Frameworks {
    provincial: Vec<Node>,
    commune: Vec<Node>,
}

impl Frameworks {
    pub(super) fn new(detail: Detail, era: Era) -> Frameworks {
        Frameworks {
            provincial: framework(detail, Level::Provincial, era),
            commune: framework(detail, Level::Commune, era),
        }
    }

    /// The tree `kind` is assessed on.
    pub(super) fn of(&self, kind: GroupKind) -> &[Node] {
        if kind.level() == Level::Commune {
            &self.commune
        } else {
            &self.provincial
        }
    }
}

/// Splits `total` into quarter points by weight (largest remainder, at least
/// a quarter each), so maxima look like a methodology's (0.25, 1.5, 3) and
/// always add up exactly.
fn apportion(total: Pts, weights: &[i64]) -> Vec<Pts> {
    let quarters = total.0 / Pts::QUARTER.0;
    let n = weights.len() as i64;
    let spare = (quarters - n).max(0);
    let weight_sum: i64 = weights.iter().sum::<i64>().max(1);
    let mut parts: Vec<i64> = weights.iter().map(|w| 1 + spare * w / weight_sum).collect();
    let left = quarters - parts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(spare * weights[i] % weight_sum), i));
    for &i in order.iter().take(left.max(0) as usize) {
        parts[i] += 1;
    }
    parts.into_iter().map(|q| Pts(q * Pts::QUARTER.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frameworks_are_complete_and_total_100() {
        for detail in [Detail::Full, Detail::Light] {
            for level in [Level::Provincial, Level::Commune] {
                for era in [Era::Old, Era::New] {
                    let fw = framework(detail, level, era);
                    let top: Pts = fw
                        .iter()
                        .filter(|n| n.parent.is_none())
                        .map(|n| n.max)
                        .sum();
                    assert_eq!(top, Pts::whole(100));
                    for node in &fw {
                        assert!(
                            node.max >= Pts::QUARTER,
                            "{} has max {:?}",
                            node.code,
                            node.max
                        );
                        if !node.children.is_empty() {
                            let sum: Pts = node.children.iter().map(|&c| fw[c].max).sum();
                            assert_eq!(sum, node.max, "{}", node.code);
                        }
                    }
                }
            }
        }
        let old: Vec<String> = build_framework(Level::Provincial, Era::Old)
            .iter()
            .map(|n| n.code.clone())
            .collect();
        let new: Vec<String> = build_framework(Level::Provincial, Era::New)
            .iter()
            .map(|n| n.code.clone())
            .collect();
        assert_ne!(old, new, "the methodology break changes the tree");
    }
}
