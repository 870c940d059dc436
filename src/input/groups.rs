//! A group's tables: the criteria tree (`framework-<group>`), the scores
//! (`scores-<group>`) and the printed figures (`published-<group>`).

use super::*;

pub(super) const FRAMEWORK_COLUMNS: &[&str] = &["code", "parent", "name", "max", "name_en"];

pub(super) fn read_framework(table: &Table, out: &mut Vec<Diagnostic>) -> Framework {
    let mut nodes = Vec::new();
    let mut parents: Vec<Option<(String, Location)>> = Vec::new();
    let readable = table.check_columns(FRAMEWORK_COLUMNS, &["code", "name"], out);
    if readable {
        for cells in rows(table) {
            let code = cells.required(
                "code",
                &tr!(
                    "a criterion code such as 1.2.1",
                    "một mã tiêu chí, ví dụ 1.2.1"
                ),
                out,
            );
            let name = cells.required(
                "name",
                &tr!("the criterion's name", "tên của tiêu chí"),
                out,
            );
            let max = cells
                .number(
                    "max",
                    &tr!(
                        "the maximum points, a number such as 2.5",
                        "điểm tối đa, một số như 2.5"
                    ),
                    out,
                )
                .ok()
                .flatten();
            let Some(code) = code else { continue };
            parents.push(cells.text("parent", out).map(|p| (p, cells.loc("parent"))));
            nodes.push(Node {
                code,
                name: name.unwrap_or_default(),
                name_en: cells.text("name_en", out),
                max,
                parent: None,
                children: Vec::new(),
                line: cells.row.line,
            });
        }
    }
    let before = out.len();
    link_parents(&mut nodes, parents, table, out);
    Framework {
        location: table.file_location(),
        header: Header(table.headers.clone()),
        broken: out.len() > before,
        unreadable: !readable,
        nodes,
    }
}

/// Sets each node's parent: the explicit `parent` code, else the longest
/// dotted prefix of its code that exists. Cycles and unknown parents are
/// reported and broken, so later stages always see a forest.
pub(super) fn link_parents(
    nodes: &mut [Node],
    explicit: Vec<Option<(String, Location)>>,
    table: &Table,
    out: &mut Vec<Diagnostic>,
) {
    let find = |code: &str, nodes: &[Node]| nodes.iter().position(|n| n.code == code);
    for (i, parent) in explicit.into_iter().enumerate() {
        let parent_index = match parent {
            Some((code, location)) => {
                let found = find(&code, nodes);
                if found.is_none() {
                    let d = Diagnostic::error(
                        "unknown-parent",
                        location,
                        tr!(
                            "unknown parent code \"{code}\"",
                            "mã tiêu chí cha \"{code}\" không có trong bộ tiêu chí"
                        ),
                    )
                    .found(format!("\"{code}\""))
                    .expected(tr!(
                        "the code of another row of this framework",
                        "mã của một dòng khác trong bộ tiêu chí này"
                    ));
                    let mut nearest = crate::validate::Nearest::new(
                        nodes.iter().map(|n| (n.code.as_str(), None::<&str>)),
                    );
                    out.push(nearest.hint(d, &code));
                }
                found
            }
            None => {
                let code = nodes[i].code.clone();
                let mut prefix = code.as_str();
                let mut found = None;
                while let Some((head, _)) = prefix.rsplit_once('.') {
                    if let Some(p) = find(head, nodes) {
                        found = Some(p);
                        break;
                    }
                    prefix = head;
                }
                found
            }
        };
        nodes[i].parent = parent_index.filter(|&p| p != i);
        if parent_index == Some(i) {
            out.push(
                Diagnostic::error(
                    "framework-cycle",
                    table.location(nodes[i].line, table.column("parent")),
                    tr!(
                        "criterion \"{}\" is its own parent",
                        "tiêu chí \"{}\" lại là tiêu chí cha của chính nó",
                        nodes[i].code
                    ),
                )
                .expected(tr!(
                    "a parent that is another criterion",
                    "tiêu chí cha là một tiêu chí khác"
                )),
            );
        }
    }
    // Break cycles: walk up from every node; a walk longer than the tree
    // revisits a node.
    for start in 0..nodes.len() {
        let mut seen = vec![false; nodes.len()];
        let mut at = start;
        seen[at] = true;
        while let Some(p) = nodes[at].parent {
            if seen[p] {
                let cycle: Vec<&str> = {
                    let mut codes = vec![nodes[p].code.as_str()];
                    let mut c = nodes[p].parent;
                    while let Some(x) = c {
                        codes.push(nodes[x].code.as_str());
                        if x == p {
                            break;
                        }
                        c = nodes[x].parent;
                    }
                    codes
                };
                out.push(
                    Diagnostic::error(
                        "framework-cycle",
                        table.location(nodes[at].line, table.column("parent")),
                        tr!(
                            "the criteria's parents form a cycle",
                            "quan hệ cha - con giữa các tiêu chí tạo thành một vòng lặp"
                        ),
                    )
                    .found(cycle.join(" -> "))
                    .expected(tr!(
                        "a tree: following parents always reaches a top-level field",
                        "dạng cây: đi ngược lên các tiêu chí cha luôn tới một lĩnh vực"
                    )),
                );
                nodes[at].parent = None;
                break;
            }
            seen[p] = true;
            at = p;
        }
    }
    for i in 0..nodes.len() {
        if let Some(p) = nodes[i].parent {
            nodes[p].children.push(i);
        }
    }
}

pub(super) const SCORE_COLUMNS: &[&str] = &[
    "unit",
    "code",
    "score",
    "max",
    "self_score",
    "note",
    "responsible",
];

/// What a unit cell of a scores or published file must hold: the registry
/// may be kept as either file.
pub(super) const UNIT_ID: &Tr = &Tr::words(
    "a unit id from the unit registry (units.csv or units.xlsx)",
    "một mã đơn vị có trong danh mục đơn vị (units.csv hoặc units.xlsx)",
);

/// Reads a long scores table into `scores`; `false` when its header
/// cannot be read (reported).
pub(super) fn read_scores<'s>(
    table: &'s Table,
    interner: &mut Interner,
    scores: &mut ScoresBuilder<'s>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    if !table.check_columns(SCORE_COLUMNS, &["unit", "code", "score"], out) {
        return false;
    }
    // Millions of rows: columns are looked up once, not per cell.
    let [unit_col, code_col, score_col, max_col, self_col, note_col, responsible_col] =
        [0, 1, 2, 3, 4, 5, 6].map(|i| table.column(SCORE_COLUMNS[i]));
    for cells in rows(table) {
        let unit = cells.required_at("unit", unit_col, UNIT_ID, out);
        let code = cells.required_at(
            "code",
            code_col,
            &tr!("a code from the framework", "một mã có trong bộ tiêu chí"),
            out,
        );
        let (Some(unit), Some(code)) = (unit, code) else {
            continue;
        };
        let mut unreadable = false;
        let max = match cells.get_at(max_col) {
            None => Applicable::Framework,
            Some(t) if t.eq_ignore_ascii_case("x") || t == "-" => Applicable::NotApplicable,
            Some(_) => match cells.number_at(
                "max",
                max_col,
                &tr!(
                    "a number, or x (or -) when the criterion does not apply",
                    "một số, hoặc x (hoặc -) khi tiêu chí không áp dụng"
                ),
                out,
            ) {
                Ok(Some(m)) => Applicable::Max(m),
                _ => {
                    unreadable = true;
                    Applicable::Framework
                }
            },
        };
        let score = cells
            .number_at(
                "score",
                score_col,
                &tr!(
                    "the points achieved, a number such as 19.49",
                    "số điểm đạt được, một số như 19.49"
                ),
                out,
            )
            .unwrap_or_else(|()| {
                unreadable = true;
                None
            });
        let self_score = cells
            .number_at(
                "self_score",
                self_col,
                &tr!(
                    "the self-assessed points, a number",
                    "số điểm tự đánh giá, một số"
                ),
                out,
            )
            .unwrap_or(None);
        let note = cells.get_at(note_col);
        let responsible = cells.get_at(responsible_col);
        for (name, column, text) in [
            ("note", note_col, note),
            ("responsible", responsible_col, responsible),
        ] {
            if let Some(text) = text {
                cells.check_length(name, column, text, out);
            }
        }
        scores.push(
            interner,
            ScoreRow {
                unit,
                code,
                score,
                max,
                self_score,
                note,
                responsible,
                line: cells.row.line,
                unreadable,
                unit_index: 0,
                code_index: 0,
            },
        );
    }
    true
}

pub(super) const PUBLISHED_COLUMNS: &[&str] = &[
    "unit",
    "achieved",
    "max",
    "index",
    "rank",
    "band",
    "discrepancy_note",
];

pub(super) fn read_published(table: &Table, out: &mut Vec<Diagnostic>) -> Option<Published> {
    if !table.check_columns(PUBLISHED_COLUMNS, &["unit"], out) {
        return None;
    }
    let mut result = Vec::with_capacity(table.rows().len());
    for cells in rows(table) {
        let Some(unit) = cells.required("unit", UNIT_ID, out) else {
            continue;
        };
        let number = |name: &str, out: &mut Vec<Diagnostic>| {
            cells
                .number(
                    name,
                    &tr!(
                        "a number as printed, such as 85.74",
                        "một số đúng như bản công bố, ví dụ 85.74"
                    ),
                    out,
                )
                .ok()
                .flatten()
        };
        let achieved = number("achieved", out);
        let max = number("max", out);
        let index = number("index", out);
        let rank = cells
            .get("rank")
            .and_then(|text| match text.parse::<u32>() {
                Ok(r) if r >= 1 => Some(r),
                _ => {
                    out.push(
                        Diagnostic::error(
                            "not-a-number",
                            cells.loc("rank"),
                            tr!(
                                "the \"rank\" cell is not a rank",
                                "ô \"rank\" không phải là thứ hạng"
                            ),
                        )
                        .found(format!("\"{text}\""))
                        .expected(tr!("a whole number from 1", "một số nguyên, từ 1 trở lên")),
                    );
                    None
                }
            });
        result.push(PublishedRow {
            unit,
            achieved,
            max,
            index,
            rank,
            band: cells.text("band", out),
            discrepancy_note: cells.text("discrepancy_note", out),
            line: cells.row.line,
        });
    }
    Some(Published {
        location: table.file_location(),
        header: Header(table.headers.clone()),
        rows: result,
    })
}
