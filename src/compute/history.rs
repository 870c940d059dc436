//! Changes between editions: a unit's index and rank against its previous
//! result in a group of the same id (or under its former name), and the
//! groups whose framework changed.

use super::*;

/// Changes against the previous edition in which the same unit sat in a
/// group of the same id, and methodology breaks.
pub(super) fn link_history(dataset: &Dataset, editions: &mut [EditionResult]) {
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
