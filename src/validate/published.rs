//! The printed table of a group against the registry and the group's scores.

use super::*;

pub(super) fn check_published(
    group: &Group,
    published: &Published,
    units: &FxHashMap<&str, &Unit>,
    registry_units: &[Unit],
    out: &mut Vec<Diagnostic>,
) {
    let at = |line: usize, column: &str| published.cell(line, column);
    let scored: FxHashSet<&str> = group
        .scores
        .as_ref()
        .map(|s| s.units().iter().map(|u| &**u).collect())
        .unwrap_or_default();
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let registry = !units.is_empty();
    let mut nearest_units = None;
    // A printed unit without scores whose scores sit under an id the
    // registry does not know: the unknown-unit error in the scores (at its
    // first row, where check_scores reports it) is the one to fix.
    let unknown_scored = group
        .scores
        .as_ref()
        .filter(|_| registry)
        .and_then(|scores| {
            (0..scores.len()).find_map(|i| {
                let unit = &*scores.units()[scores.keys(i).0];
                (!units.contains_key(unit)).then(|| (unit, scores.cell_of(i, "unit")))
            })
        });
    for row in &published.rows {
        if !units.contains_key(row.unit.as_str()) {
            if !registry {
                continue;
            }
            let d = Diagnostic::error(
                "unknown-unit",
                at(row.line, "unit"),
                tr!(
                    "unknown unit \"{}\"",
                    "đơn vị \"{}\" không có trong danh mục",
                    row.unit
                ),
            )
            .found(format!("\"{}\"", row.unit))
            .expected(tr!(
                "an id listed in {}",
                "một mã đơn vị có trong {}",
                crate::model::registry_name(units.values().next().copied())
            ));
            let nearest = nearest_units.get_or_insert_with(|| nearest_unit(registry_units));
            out.push(nearest.hint(d, &row.unit));
            continue;
        }
        if let Some(first) = seen.insert(&row.unit, row.line) {
            out.push(
                Diagnostic::error(
                    "duplicate-unit",
                    at(row.line, "unit"),
                    tr!(
                        "unit \"{}\" is printed twice",
                        "đơn vị \"{}\" được ghi hai lần trong bảng công bố",
                        row.unit
                    ),
                )
                .found(tr!("also on line {first}", "cũng có ở dòng {first}"))
                .expected(tr!("one row per unit", "mỗi đơn vị một dòng")),
            );
            continue;
        }
        if group.scores.is_some() && !scored.contains(row.unit.as_str()) {
            let d = Diagnostic::error(
                "published-without-scores",
                at(row.line, "unit"),
                tr!(
                    "unit \"{}\" has printed figures but no scores in this group",
                    "đơn vị \"{}\" có số liệu công bố nhưng không có điểm trong nhóm này",
                    row.unit
                ),
            )
            .expected(tr!(
                "scores for every unit printed in a group that has scores",
                "trong nhóm có bảng điểm, mọi đơn vị được công bố đều phải có điểm"
            ));
            out.push(match &unknown_scored {
                Some((unit, location)) => d
                    .hint(tr!(
                        "the scores name \"{unit}\", an id not in the registry: if that is this unit, correct its id there",
                        "bảng điểm ghi \"{unit}\", một mã không có trong danh mục đơn vị: nếu đó là đơn vị này, hãy sửa mã ở bảng điểm"
                    ))
                    .follows_from(Cause {
                        code: "unknown-unit",
                        location: location.clone(),
                    }),
                None => d,
            });
        }
        if group.scores.is_none()
            && row.index.is_none()
            && (row.achieved.is_none() || row.max.is_none())
        {
            out.push(
                Diagnostic::error(
                    "missing-index",
                    at(row.line, "index"),
                    tr!(
                        "no index for unit \"{}\"",
                        "đơn vị \"{}\" không có chỉ số",
                        row.unit
                    ),
                )
                .expected(tr!(
                    "an index, or both achieved and max, for a group known only from its printed table",
                    "một chỉ số (index), hoặc cả điểm đạt (achieved) và điểm tối đa (max), với nhóm chỉ có bảng kết quả công bố"
                )),
            );
        }
    }
}
