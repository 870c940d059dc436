//! Scores against their criteria tree: each row, each unit, and the sums
//! of children against their parent.

use super::*;

/// The maximum of a node for one unit, or `None` when it does not apply
/// (or none is known, which is reported elsewhere).
pub(super) fn unit_max(node: &Node, row: Option<&ScoreRow>) -> Option<Decimal> {
    match row.map(|r| r.max) {
        Some(Applicable::NotApplicable) => None,
        Some(Applicable::Max(m)) => Some(m),
        _ => node.max,
    }
}

/// The accepted rows of one scores file by unit and criterion: the first
/// row of each known unit and framework code. A dense table instead of a
/// map keyed by strings: every check looks rows up many times.
pub(super) struct RowTable<'a> {
    scores: &'a Scores,
    /// Framework position of the first node with each node's code: rows are
    /// keyed by code, and a duplicated code (reported) names one row.
    canonical: Vec<usize>,
    width: usize,
    /// `unit * width + canonical node`: row index, or `u32::MAX`.
    slots: Vec<u32>,
}

impl<'a> RowTable<'a> {
    pub(super) fn new(scores: &'a Scores, framework: &Framework) -> RowTable<'a> {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        let canonical = framework
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| *first.entry(n.code.as_str()).or_insert(i))
            .collect();
        let width = framework.nodes.len();
        RowTable {
            scores,
            canonical,
            width,
            slots: vec![u32::MAX; scores.units().len() * width],
        }
    }

    pub(super) fn slot(&self, unit: usize, node: usize) -> usize {
        unit * self.width + self.canonical[node]
    }

    /// The row of a unit (by index in `Scores::units`) for a framework node.
    pub(super) fn get(&self, unit: usize, node: usize) -> Option<ScoreRow<'a>> {
        match self.slots[self.slot(unit, node)] {
            u32::MAX => None,
            i => Some(self.scores.row(i as usize)),
        }
    }

    pub(super) fn index(&self, unit: usize, node: usize) -> Option<usize> {
        match self.slots[self.slot(unit, node)] {
            u32::MAX => None,
            i => Some(i as usize),
        }
    }

    /// The first of a unit's accepted rows (the first in file order).
    pub(super) fn first_row(&self, unit: usize) -> usize {
        self.slots[unit * self.width..(unit + 1) * self.width]
            .iter()
            .filter(|&&i| i != u32::MAX)
            .map(|&i| i as usize)
            .min()
            .unwrap_or(0)
    }
}

/// Returns, for each unit of `Scores::units`, whether its scores have
/// errors.
pub(super) fn check_scores(
    dataset: &Dataset,
    edition: &Edition,
    framework: &Framework,
    framework_sound: bool,
    scores: &Scores,
    units: &FxHashMap<&str, &Unit>,
    out: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let mut bad = vec![false; scores.units().len()];
    // The registry could not be read: every id would look unknown.
    let registry = !units.is_empty();
    let known: Vec<Option<&Unit>> = scores
        .units()
        .iter()
        .map(|u| units.get(&**u).copied())
        .collect();
    let nodes: Vec<Option<usize>> = scores.codes().iter().map(|c| framework.node(c)).collect();
    // Unknown unit ids, each with its rows.
    let mut unknown: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut unknown_at: FxHashMap<usize, usize> = FxHashMap::default();
    // By row index: a row of a wide table has its cells in its code's
    // columns.
    let at = |row: usize, column: &str| scores.cell_of(row, column);
    let mut rows = RowTable::new(scores, framework);
    let mut nearest_codes: Option<Nearest> = None;
    // By row: the error in its score cell, which a sum over it repeats.
    let mut causes: FxHashMap<usize, Cause> = FxHashMap::default();
    let mut unit_order: Vec<usize> = Vec::new();
    let mut ordered = vec![false; scores.units().len()];
    for i in 0..scores.len() {
        // Most rows are only keyed: the whole row is read for messages.
        let (u, code) = scores.keys(i);
        if scores.unreadable(i) {
            bad[u] = true;
        }
        if known[u].is_none() {
            if registry {
                match unknown_at.get(&u) {
                    Some(&k) => unknown[k].1.push(i),
                    None => {
                        unknown_at.insert(u, unknown.len());
                        unknown.push((&scores.units()[u], vec![i]));
                    }
                }
            }
            continue;
        }
        let Some(node) = nodes[code] else {
            let row = scores.row(i);
            let d = Diagnostic::error(
                "unknown-code",
                at(i, "code"),
                tr!(
                    "code \"{}\" is not in the framework",
                    "mã \"{}\" không có trong bộ tiêu chí",
                    row.code
                ),
            )
            .found(format!("\"{}\"", row.code))
            .expected(tr!(
                "a code from {}",
                "một mã có trong {}",
                framework
                    .location
                    .file
                    .file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            ));
            let nearest = nearest_codes.get_or_insert_with(|| {
                Nearest::new(
                    framework
                        .nodes
                        .iter()
                        .map(|n| (n.code.as_str(), None::<&str>)),
                )
            });
            out.push(nearest.hint(d, row.code));
            continue;
        };
        let slot = rows.slot(u, node);
        if rows.slots[slot] != u32::MAX {
            let row = scores.row(i);
            let first_index = rows.slots[slot] as usize;
            let first = scores.row(first_index);
            let also = if scores.is_wide(i) || scores.is_wide(first_index) {
                tr!("also at {}", "cũng có tại {}", at(first_index, "score"))
            } else {
                tr!("also on line {}", "cũng có ở dòng {}", first.line)
            };
            out.push(
                Diagnostic::error(
                    "duplicate-score",
                    at(i, "code"),
                    tr!(
                        "unit \"{}\" has two rows for code \"{}\"",
                        "đơn vị \"{}\" có hai dòng cho mã \"{}\"",
                        row.unit,
                        row.code
                    ),
                )
                .found(also)
                .expected(tr!(
                    "one row per unit and code",
                    "mỗi đơn vị và mỗi mã chỉ một dòng"
                )),
            );
            continue;
        }
        rows.slots[slot] = i as u32;
        if !ordered[u] {
            ordered[u] = true;
            unit_order.push(u);
        }
    }

    // Made only when needed: a national registry has 12,500 units.
    let mut nearest_units = None;
    // A mistyped id leaves the unit it meant without those rows: by the
    // id meant, the unknown-unit error and its rows.
    let mut mistyped: FxHashMap<&str, (Cause, Vec<usize>)> = FxHashMap::default();
    for (unit, unit_rows) in &unknown {
        let mut lines: Vec<usize> = unit_rows.iter().map(|&r| scores.line(r)).collect();
        // A wide table's row holds all of a unit's codes.
        lines.dedup();
        let mut d = Diagnostic::error(
            "unknown-unit",
            at(unit_rows[0], "unit"),
            tr!(
                "unknown unit \"{unit}\"",
                "đơn vị \"{unit}\" không có trong danh mục"
            ),
        )
        .found(if lines.len() > 1 {
            tr!(
                "\"{unit}\" on {} rows (lines {})",
                "\"{unit}\" ở {} dòng (các dòng {})",
                lines.len(),
                lines
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            Tr::data(format!("\"{unit}\""))
        })
        .expected(tr!(
            "an id listed in {}",
            "một mã đơn vị có trong {}",
            dataset.registry()
        ));
        let nearest = nearest_units.get_or_insert_with(|| nearest_unit(&dataset.units));
        if let Some(meant) = nearest.find(unit) {
            d = d.hint(tr!("did you mean \"{meant}\"?", "có phải là \"{meant}\"?"));
            let cause = Cause {
                code: d.code,
                location: d.location.clone(),
            };
            mistyped.entry(meant).or_insert((cause, unit_rows.clone()));
        }
        out.push(d);
    }

    for i in 0..scores.len() {
        let (u, code) = scores.keys(i);
        if scores.unreadable(i) || known[u].is_none() {
            continue;
        }
        let Some(node) = nodes[code] else {
            continue;
        };
        // Only the first of duplicated rows (the others are reported).
        if rows.index(u, node) != Some(i) {
            continue;
        }
        let row = scores.row(i);
        let before = out.len();
        check_row(framework, node, i, &row, &rows, &at, out);
        if out.len() > before {
            bad[row.unit_index] = true;
            let score = at(i, "score");
            if let Some(d) = out[before..].iter().find(|d| d.location == score) {
                causes.insert(
                    i,
                    Cause {
                        code: d.code,
                        location: d.location.clone(),
                    },
                );
            }
        }
    }

    for &u in &unit_order {
        let before = out.len();
        check_unit(
            edition,
            framework,
            framework_sound,
            u,
            known[u],
            &rows,
            &causes,
            mistyped.get(&*scores.units()[u]),
            &at,
            out,
        );
        if out[before..].iter().any(Diagnostic::is_error) {
            bad[u] = true;
        }
    }
    bad
}

#[allow(clippy::too_many_arguments)]
pub(super) fn check_row(
    framework: &Framework,
    index: usize,
    i: usize,
    row: &ScoreRow,
    rows: &RowTable,
    at: &dyn Fn(usize, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    {
        let node = &framework.nodes[index];
        match (row.max, row.score) {
            (Applicable::NotApplicable, Some(score)) => out.push(
                Diagnostic::error(
                    "score-not-applicable",
                    at(i, "score"),
                    tr!(
                        "a score is given for \"{}\", marked not applicable (max x)",
                        "\"{}\" được đánh dấu không áp dụng (max là x) nhưng vẫn có điểm",
                        row.code
                    ),
                )
                .found(tr!("score {}", "điểm {}", score.normalize()))
                .expected(tr!(
                    "an empty score where max is x, or a number as max",
                    "để trống điểm khi max là x, hoặc ghi một số vào max"
                )),
            ),
            (Applicable::NotApplicable, None) => {}
            (_, None) => out.push(
                Diagnostic::error(
                    "missing-score",
                    at(i, "score"),
                    tr!("no score for \"{}\"", "\"{}\" chưa có điểm", row.code),
                )
                .expected(tr!(
                    "the points achieved, or x in the max column when the criterion does not apply",
                    "số điểm đạt được, hoặc x ở cột max khi tiêu chí không áp dụng"
                )),
            ),
            (applicable, Some(score)) => {
                let max = match applicable {
                    Applicable::Max(m) => Some(m),
                    _ => node.max,
                };
                if score < Decimal::ZERO {
                    out.push(
                        Diagnostic::error(
                            "negative-score",
                            at(i, "score"),
                            tr!(
                                "negative score for \"{}\"",
                                "điểm của \"{}\" là số âm",
                                row.code
                            ),
                        )
                        .found(score.normalize().to_string())
                        .expected(tr!("a score of 0 or more", "điểm từ 0 trở lên")),
                    );
                }
                match max {
                    Some(m) if score > m => out.push(
                        Diagnostic::error(
                            "score-above-max",
                            at(i, "score"),
                            tr!(
                                "the score for \"{}\" is above its maximum",
                                "điểm của \"{}\" vượt quá điểm tối đa",
                                row.code
                            ),
                        )
                        .found(score.normalize().to_string())
                        .expected(tr!(
                            "at most {}",
                            "tối đa {}",
                            m.normalize()
                        )),
                    ),
                    None if node.parent.is_none() => out.push(
                        Diagnostic::error(
                            "missing-max",
                            at(i, "max"),
                            tr!(
                                "field \"{}\" has no maximum",
                                "lĩnh vực \"{}\" không có điểm tối đa",
                                row.code
                            ),
                        )
                        .expected(tr!(
                            "a max in the framework, or in this row's max column",
                            "điểm tối đa (max) trong bộ tiêu chí, hoặc ở cột max của dòng này"
                        )),
                    ),
                    _ => {}
                }
                if let (Some(self_score), Some(m)) = (row.self_score, max) {
                    if self_score > m || self_score < Decimal::ZERO {
                        out.push(
                            Diagnostic::error(
                                "score-above-max",
                                at(i, "self_score"),
                                tr!(
                                    "the self-assessed score for \"{}\" is outside 0 to its maximum",
                                    "điểm tự đánh giá của \"{}\" nằm ngoài khoảng từ 0 đến điểm tối đa",
                                    row.code
                                ),
                            )
                            .found(self_score.normalize().to_string())
                            .expected(tr!("0 to {}", "từ 0 đến {}", m.normalize())),
                        );
                    }
                }
                if let Some(parent) = node.parent {
                    let parent_row = rows.get(row.unit_index, parent);
                    if parent_row.is_some_and(|p| p.max == Applicable::NotApplicable) {
                        out.push(
                            Diagnostic::error(
                                "score-not-applicable",
                                at(i, "score"),
                                tr!(
                                    "\"{}\" is scored but its parent \"{}\" does not apply (max x)",
                                    "\"{}\" có điểm nhưng tiêu chí cha \"{}\" không áp dụng (max là x)",
                                    row.code,
                                    framework.nodes[parent].code
                                ),
                            )
                            .expected(tr!(
                                "no score under a criterion that does not apply",
                                "không chấm điểm các tiêu chí thuộc một tiêu chí không áp dụng"
                            )),
                        );
                    }
                }
            }
        }
    }
}

/// `u` is the unit's index in `Scores::units`; `registered` its entry in
/// units.csv.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_unit(
    edition: &Edition,
    framework: &Framework,
    framework_sound: bool,
    u: usize,
    registered: Option<&Unit>,
    rows: &RowTable,
    causes: &FxHashMap<usize, Cause>,
    mistyped: Option<&(Cause, Vec<usize>)>,
    at: &dyn Fn(usize, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let unit: &str = &rows.scores.units()[u];
    let first_row = rows.first_row(u);
    {
        if let Some(u) = registered {
            if let Some(d) = scored_outside(edition, u, unit, at(first_row, "unit")) {
                out.push(d);
            }
        }
        for (i, field) in framework.fields() {
            if rows.index(u, i).is_none() {
                let d = Diagnostic::error(
                    "missing-field",
                    at(first_row, "unit"),
                    tr!(
                        "unit \"{unit}\" has no score for field \"{}\" ({})",
                        "đơn vị \"{unit}\" không có điểm lĩnh vực \"{}\" ({})",
                        field.code,
                        field.name
                    ),
                )
                .expected(tr!(
                    "a row \"{unit},{},...\" with the score, or with max x when the field does not apply",
                    "một dòng \"{unit},{},...\" ghi điểm, hoặc ghi max là x khi lĩnh vực không áp dụng",
                    field.code
                ));
                // The row is there under a mistyped id.
                let misplaced = mistyped.filter(|(_, typed)| {
                    typed
                        .iter()
                        .any(|&r| *rows.scores.codes()[rows.scores.keys(r).1] == *field.code)
                });
                out.push(match misplaced {
                    Some((cause, _)) => d.follows_from(cause.clone()),
                    None => d,
                });
            }
        }
        let applicable = framework.fields().any(|(i, f)| {
            rows.get(u, i).is_some_and(|r| {
                r.max != Applicable::NotApplicable
                    && unit_max(f, Some(&r)).is_some_and(|m| m > Decimal::ZERO)
            })
        });
        if !applicable && framework.fields().all(|(i, _)| rows.index(u, i).is_some()) {
            out.push(
                Diagnostic::error(
                    "nothing-applicable",
                    at(first_row, "unit"),
                    tr!(
                        "no field applies to unit \"{unit}\"",
                        "không lĩnh vực nào áp dụng cho đơn vị \"{unit}\""
                    ),
                )
                .found(tr!(
                    "every field is marked x, or has a maximum of 0",
                    "mọi lĩnh vực đều đánh dấu x, hoặc có điểm tối đa bằng 0"
                ))
                .expected(tr!(
                    "at least one field with a maximum above 0, so an index can be computed",
                    "ít nhất một lĩnh vực có điểm tối đa lớn hơn 0, để tính được chỉ số"
                ))
                .hint(tr!(
                    "a unit that was not assessed this year has no rows in the scores file",
                    "đơn vị không được đánh giá trong năm thì không có dòng nào trong bảng điểm"
                )),
            );
        }
        // A broken tree (reported above) would only make every sum wrong.
        if framework_sound {
            for (i, node) in framework.nodes.iter().enumerate() {
                check_children(framework, i, node, u, rows, causes, at, out);
            }
        }
    }
}

/// A unit scored in an edition before it existed or after it ceased to
/// exist. A bound written as a bare year compares with the edition's year
/// and gives a warning, as in version 1 of the format; a full date (written
/// or derived from the lineage) compares with the day the edition was
/// published (`published_on`, else any day of its year) and is an error.
pub(super) fn scored_outside(
    edition: &Edition,
    u: &Unit,
    id: &str,
    at: Location,
) -> Option<Diagnostic> {
    let registry = crate::model::registry_name(Some(u));
    let (start, end) = match edition.published_on {
        Some(PartialDate {
            year,
            month: Some(m),
            day: Some(d),
        }) => {
            let day = Day {
                year,
                month: m,
                day: d,
            };
            (day, day)
        }
        Some(PartialDate {
            year,
            month: Some(m),
            day: None,
        }) => {
            let first = Day {
                year,
                month: m,
                day: 1,
            };
            let last = if m == 12 {
                Day::last_of_year(year)
            } else {
                Day {
                    year,
                    month: m + 1,
                    day: 1,
                }
                .previous()
            };
            (first, last)
        }
        Some(PartialDate { year, .. }) => (Day::first_of_year(year), Day::last_of_year(year)),
        None => (
            Day::first_of_year(edition.year),
            Day::last_of_year(edition.year),
        ),
    };
    let when = match edition.published_on {
        Some(p) => tr!("published on {}", "công bố ngày {}", p.iso()),
        None => tr!("of {}", "năm {}", edition.year),
    };
    if let Some(first) = u.valid.from.filter(|&f| f > end) {
        return Some(
            Diagnostic::error(
                "unit-not-valid",
                at,
                Tr::new(
                    format!(
                        "unit \"{id}\" is scored in the edition {}, before it existed",
                        when.en
                    ),
                    format!(
                        "đơn vị \"{id}\" được chấm điểm trong kỳ đánh giá {}, trước khi đơn vị được thành lập",
                        when.vi
                    ),
                ),
            )
            .found(format!("valid_from {first}"))
            .expected(tr!(
                "a unit that existed by {end} ({registry})",
                "một đơn vị đã tồn tại vào ngày {end} ({registry})"
            ))
            .hint(tr!(
                "scores of its predecessors belong under their own ids",
                "điểm của các đơn vị tiền thân phải ghi theo mã của chính các đơn vị đó"
            )),
        );
    }
    if let Some(last) = u.valid.to.filter(|&l| l < start) {
        let derived = if u.valid.to_derived {
            tr!(" (derived from lineage.csv)", " (suy ra từ lineage.csv)")
        } else {
            Tr::data("")
        };
        return Some(
            Diagnostic::error(
                "unit-not-valid",
                at,
                Tr::new(
                    format!(
                        "unit \"{id}\" is scored in the edition {}, after it ceased to exist",
                        when.en
                    ),
                    format!(
                        "đơn vị \"{id}\" được chấm điểm trong kỳ đánh giá {}, sau khi đơn vị đã thôi tồn tại",
                        when.vi
                    ),
                ),
            )
            .found(Tr::new(
                format!("valid_to {last}{}", derived.en),
                format!("valid_to {last}{}", derived.vi),
            ))
            .expected(tr!(
                "a unit that still existed on {start} ({registry})",
                "một đơn vị vẫn còn tồn tại vào ngày {start} ({registry})"
            ))
            .hint(tr!(
                "after a merge, the new unit is scored under its own id",
                "sau khi sáp nhập, đơn vị mới được chấm điểm theo mã của chính nó"
            )),
        );
    }
    let year_from = u.valid_from.filter(|_| u.valid.from.is_none());
    let year_to = u.valid_to.filter(|_| u.valid.to.is_none());
    let outside =
        year_from.is_some_and(|f| edition.year < f) || year_to.is_some_and(|t| edition.year > t);
    outside.then(|| {
        Diagnostic::warning(
            "unit-not-valid",
            at,
            tr!(
                "unit \"{id}\" is scored in {}, outside the years it existed",
                "đơn vị \"{id}\" được chấm điểm năm {}, ngoài những năm đơn vị tồn tại",
                edition.year
            ),
        )
        .found(tr!(
            "valid {}-{}",
            "hiệu lực {}-{}",
            u.valid_from.map_or(String::new(), |y| y.to_string()),
            u.valid_to.map_or(String::new(), |y| y.to_string())
        ))
        .expected(tr!(
            "valid_from <= {} <= valid_to in {registry}",
            "valid_from <= {} <= valid_to trong {registry}",
            edition.year
        ))
    })
}

/// Lost points must add up down the tree: children cannot lose more than
/// their parent, and a complete node's children's scores make its score.
/// Where the node's own score or a child's is wrong (`causes`), the sum
/// that fails is reported as following from it.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_children(
    framework: &Framework,
    index: usize,
    node: &Node,
    unit: usize,
    rows: &RowTable,
    causes: &FxHashMap<usize, Cause>,
    at: &dyn Fn(usize, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    if node.children.is_empty() {
        return;
    }
    // Read cell by cell: this runs for every node of every unit.
    let scores = rows.scores;
    let max_of = |node: &Node, row: Option<usize>| match row.map(|i| scores.max(i)) {
        Some(Applicable::NotApplicable) => None,
        Some(Applicable::Max(m)) => Some(m),
        _ => node.max,
    };
    let Some(row) = rows.index(unit, index) else {
        return;
    };
    let (Some(score), Some(max)) = (scores.score(row), max_of(node, Some(row))) else {
        return;
    };
    if scores.unreadable(row) {
        return;
    }
    let mut children_lost = Decimal::ZERO;
    let mut children_score = Decimal::ZERO;
    let mut children_max = Decimal::ZERO;
    let mut all_scored = true;
    let mut any_scored = false;
    for &c in &node.children {
        let child = &framework.nodes[c];
        let child_row = rows.index(unit, c);
        if child_row.is_some_and(|r| scores.max(r) == Applicable::NotApplicable) {
            continue;
        }
        let child_max = max_of(child, child_row);
        children_max += child_max.unwrap_or_default();
        match (
            child_row
                .filter(|&r| !scores.unreadable(r))
                .and_then(|r| scores.score(r)),
            child_max,
        ) {
            (Some(s), Some(m)) => {
                any_scored = true;
                children_lost += m - s;
                children_score += s;
            }
            _ => all_scored = false,
        }
    }
    if !any_scored {
        return;
    }
    let cause = || {
        let counted = node
            .children
            .iter()
            .filter_map(|&c| rows.index(unit, c))
            .filter(|&r| scores.max(r) != Applicable::NotApplicable);
        std::iter::once(row)
            .chain(counted)
            .find_map(|r| causes.get(&r).cloned())
    };
    let explained = |d: Diagnostic| match cause() {
        Some(c) => d.follows_from(c),
        None => d,
    };
    let lost = max - score;
    if children_lost > lost {
        out.push(explained(
            Diagnostic::error(
                "children-lose-more",
                at(row, "score"),
                tr!(
                    "the criteria under \"{}\" lose more points than \"{}\" itself",
                    "các tiêu chí con của \"{}\" bị trừ nhiều điểm hơn chính \"{}\"",
                    node.code,
                    node.code
                ),
            )
            .found(tr!(
                "children lose {} in all; \"{}\" loses {} ({} of {})",
                "các tiêu chí con bị trừ tổng cộng {}; \"{}\" bị trừ {} ({} trên {})",
                children_lost.normalize(),
                node.code,
                lost.normalize(),
                score.normalize(),
                max.normalize()
            ))
            .expected(tr!(
                "the children's lost points to add up to at most {}",
                "tổng số điểm bị trừ của các tiêu chí con tối đa là {}",
                lost.normalize()
            )),
        ));
    } else if all_scored && children_max == max && children_score != score {
        out.push(explained(
            Diagnostic::error(
                "children-sum",
                at(row, "score"),
                tr!(
                    "the scores under \"{}\" do not add up to its score",
                    "tổng điểm các tiêu chí con của \"{}\" không bằng điểm của nó",
                    node.code
                ),
            )
            .found(tr!(
                "children add up to {}; \"{}\" has {}",
                "các tiêu chí con cộng lại được {}; \"{}\" có {}",
                children_score.normalize(),
                node.code,
                score.normalize()
            ))
            .expected(tr!(
                "{} (the children's maxima add up to the node's, so their scores must too)",
                "{} (tổng điểm tối đa của các tiêu chí con bằng điểm tối đa của tiêu chí này, nên tổng điểm cũng phải bằng)",
                score.normalize()
            )),
        ));
    }
}
