//! Scores laid out as officials keep them (`scores_wide`): one row per
//! unit, one column per framework code, under the title rows of an annex.
//!
//! The rows read are the same [`ScoreRow`]s the long table gives, so that
//! validation and the computation do not know which form they came from;
//! each keeps its line, and [`WideCells`] says which column each code is
//! in, so that every later message names the wide table's cell. Here only
//! what the layout itself can get wrong is checked: the header, the unit
//! cells (an id or a unit's name) and each cell's value.

use super::*;
use crate::text::fold;
use rustc_hash::{FxHashMap, FxHashSet};
use table::{Grid, GridCell};

/// The folded header labels of the unit column: the first of them in the
/// header names the unit; another one (an annex often has both `Mã` and
/// `Tên đơn vị`) is not read.
const UNIT_LABELS: &[&str] = &["unit", "ma", "ma don vi", "don vi", "ten don vi"];

/// The folded labels of a row-number column, never read.
const NUMBER_LABELS: &[&str] = &["stt", "tt"];

/// Starts of the folded labels of the columns an annex has beside the
/// scores (a total, the index, the rank, the band, a remark): ignored,
/// with a warning, since chiso computes them itself.
const OTHER_COLUMNS: &[&str] = &["tong", "chi so", "xep hang", "xep loai", "hang", "ghi chu"];

/// Whether the folded first cell of a row is that of a total or average
/// row (`Tổng cộng`, `Cộng`, `Trung bình`). `Cộng` only alone: a commune
/// may be named `Cộng Hòa`.
fn is_total(folded: &str) -> bool {
    folded == "cong"
        || ["tong", "trung binh", "binh quan"]
            .iter()
            .any(|start| folded == *start || folded.starts_with(&format!("{start} ")))
}

/// Whether the folded first cell of a row is that of the row of maxima an
/// annex prints under its header (`Điểm tối đa`).
fn is_maxima(folded: &str) -> bool {
    matches!(folded, "diem toi da" | "toi da" | "max")
}

/// The row of maxima under the header says what the framework says, or the
/// workbook was made for another framework.
fn check_maxima<'c>(
    framework: &Framework,
    codes: &[(&str, [Option<usize>; 3])],
    cell: impl Fn(usize) -> (&'c str, Location),
    decimal_comma: bool,
    out: &mut Vec<Diagnostic>,
) {
    for &(code, [score_col, _, _]) in codes {
        let Some(j) = score_col else { continue };
        let (text, location) = cell(j);
        if text.is_empty() {
            continue;
        }
        let max = framework
            .nodes
            .iter()
            .find(|n| n.code == code)
            .and_then(|n| n.max);
        let printed = parse_decimal(text, decimal_comma).ok();
        if printed.is_none() || printed != max {
            let mut d = Diagnostic::error(
                "wide-max-differs",
                location,
                tr!(
                    "the maximum of {code} in the row of maxima is not the framework's",
                    "điểm tối đa của {code} ở dòng điểm tối đa khác với bộ tiêu chí"
                ),
            )
            .found(format!("\"{text}\""));
            d = match max {
                Some(max) => d.expected(tr!(
                    "{max}, as the framework gives it",
                    "{max}, như trong bộ tiêu chí"
                )),
                None => d.expected(tr!(
                    "an empty cell: the framework gives no maximum here",
                    "ô trống: bộ tiêu chí không ghi điểm tối đa ở đây"
                )),
            };
            out.push(d.hint(
                tr!(
                    "the workbook was made for another framework: correct the framework or the row",
                    "bảng điểm được lập theo một bộ tiêu chí khác: sửa bộ tiêu chí hoặc dòng điểm tối đa"
                ),
            ));
        }
    }
}

/// Whether `cell` is the first cell of a wide table's header: `unit`, `mã`,
/// `đơn vị`, `tên đơn vị` or `stt`, in any case, with or without accents.
pub(super) fn starts_wide_header(cell: &str) -> bool {
    let folded = fold(cell);
    UNIT_LABELS.contains(&folded.as_str()) || NUMBER_LABELS.contains(&folded.as_str())
}

/// What a header cell names after its code (`1.2/tự chấm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Score = 0,
    Max = 1,
    SelfScore = 2,
}

fn kind_of(suffix: &str) -> Option<Kind> {
    match fold(suffix).as_str() {
        "tu cham" | "diem tu cham" | "tu danh gia" | "self_score" | "self score" => {
            Some(Kind::SelfScore)
        }
        "toi da" | "diem toi da" | "max" => Some(Kind::Max),
        _ => None,
    }
}

/// The registry by the texts a unit cell of a wide table may hold: a unit
/// is named by its id, its name (current or former) or its short name.
pub(super) struct UnitNames<'u> {
    ids: FxHashSet<&'u str>,
    names: FxHashMap<&'u str, Vec<&'u Unit>>,
    short_names: FxHashMap<&'u str, Vec<&'u Unit>>,
}

/// What a unit cell names.
enum Named<'u> {
    Unit(&'u str),
    /// Units that have the name and existed in the edition's year (or, when
    /// none did, all that have it).
    Ambiguous(Vec<&'u str>),
    Unknown,
}

impl<'u> UnitNames<'u> {
    pub(super) fn new(units: &'u [Unit]) -> Self {
        let mut names: FxHashMap<&str, Vec<&Unit>> = FxHashMap::default();
        let mut short_names: FxHashMap<&str, Vec<&Unit>> = FxHashMap::default();
        for u in units {
            let mut own: Vec<&str> = std::iter::once(u.name.as_str())
                .chain(u.former_names.iter().map(|f| f.name.as_str()))
                .collect();
            own.dedup();
            for name in own {
                names.entry(name).or_default().push(u);
            }
            if let Some(short) = &u.short_name {
                short_names.entry(short.as_str()).or_default().push(u);
            }
        }
        UnitNames {
            ids: units.iter().map(|u| u.id.as_str()).collect(),
            names,
            short_names,
        }
    }

    /// The unit `text` names in an edition of `year`: its id; else the one
    /// unit with that name, or the one of those with it that existed in
    /// `year`; else the same by short name.
    fn find(&self, text: &str, year: i32) -> Named<'u> {
        if let Some(&id) = self.ids.get(text) {
            return Named::Unit(id);
        }
        for table in [&self.names, &self.short_names] {
            let Some(found) = table.get(text) else {
                continue;
            };
            let mut ids: Vec<&str> = found.iter().map(|u| u.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            if let [id] = ids[..] {
                return Named::Unit(id);
            }
            let mut valid: Vec<&str> = found
                .iter()
                .filter(|u| {
                    u.valid_from.is_none_or(|f| f <= year) && u.valid_to.is_none_or(|t| t >= year)
                })
                .map(|u| u.id.as_str())
                .collect();
            valid.sort_unstable();
            valid.dedup();
            return match valid[..] {
                [id] => Named::Unit(id),
                [] => Named::Ambiguous(ids),
                _ => Named::Ambiguous(valid),
            };
        }
        Named::Unknown
    }
}

/// A column of the header.
#[derive(Debug, Clone, Copy)]
enum Column<'f> {
    Skip,
    Unit,
    Code(&'f str, Kind),
}

/// A value cell of a code's column.
enum Value {
    Empty,
    NotApplicable,
    Number(Decimal),
    /// Reported.
    Unreadable,
}

/// A group's scores: the rows of its long table, then those of its wide
/// one. `None` when neither could be read (reported).
#[allow(clippy::too_many_arguments)]
pub(super) fn read_group_scores<'s>(
    long: Option<&'s Table>,
    wide: Option<&'s Grid>,
    framework: Option<&'s Framework>,
    units: &UnitNames<'s>,
    year: i32,
    interner: &mut Interner,
    out: &mut Vec<Diagnostic>,
) -> Option<Scores> {
    // A wide table's header is read against the framework: without one
    // that can be read (reported), the table is not read either, as the
    // rows of a long one are not checked.
    let wide = wide.zip(framework.filter(|f| !f.unreadable));
    let mut scores = match (long, wide) {
        (Some(t), _) => {
            ScoresBuilder::new(t.file_location(), Header(t.headers.clone()), t.rows().len())
        }
        (None, Some((g, f))) => ScoresBuilder::new(
            g.file_location(),
            Header::default(),
            g.rows.len() * f.nodes.len(),
        ),
        (None, None) => return None,
    };
    let mut read = false;
    if let Some(table) = long {
        read |= read_scores(table, interner, &mut scores, out);
    }
    if let Some((grid, framework)) = wide {
        read |= read_scores_wide(grid, framework, units, year, interner, &mut scores, out);
    }
    read.then(|| scores.finish())
}

/// Reads the wide table `grid` into `scores`, after any long rows. Codes
/// are read against `framework`; `year` is the edition's, for a unit name
/// two units have had. `false` when it has no header (reported).
fn read_scores_wide<'s>(
    grid: &'s Grid,
    framework: &'s Framework,
    units: &UnitNames<'s>,
    year: i32,
    interner: &mut Interner,
    scores: &mut ScoresBuilder<'s>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let first_cell = |cells: &'s [GridCell]| {
        cells
            .iter()
            .position(|c| !c.text.is_empty())
            .map(|i| (i, cells[i].text.as_str()))
    };
    let Some(header_at) = grid
        .rows
        .iter()
        .position(|row| first_cell(&row.cells).is_some_and(|(_, text)| starts_wide_header(text)))
    else {
        let mut d = Diagnostic::error(
            "missing-header",
            grid.file_location(),
            tr!(
                "the wide scores table has no header row",
                "bảng điểm dạng ngang không có dòng tiêu đề"
            ),
        )
        .expected(tr!(
            "a row whose first cell is unit, mã, đơn vị, tên đơn vị or stt, then one column per framework code",
            "một dòng có ô đầu tiên là unit, mã, đơn vị, tên đơn vị hoặc stt, tiếp theo là mỗi mã tiêu chí một cột"
        ));
        if let Some((i, text)) = grid.rows.first().and_then(|r| first_cell(&r.cells)) {
            d = d.found(tr!(
                "\"{text}\" first, at {}",
                "ô đầu tiên là \"{text}\", tại {}",
                grid.location(grid.rows[0].line, Some(i))
            ));
        }
        out.push(d);
        return false;
    };
    let header = &grid.rows[header_at];
    if header_at > 0 {
        let first = &grid.rows[0];
        let (column, title) = first_cell(&first.cells).unwrap_or((0, ""));
        let rows = match header_at {
            1 => "1 row".to_string(),
            n => format!("{n} rows"),
        };
        let rows_vi = format!("{header_at} dòng");
        out.push(
            Diagnostic::warning(
                "title-rows-skipped",
                grid.location(first.line, Some(column)),
                Tr::new(
                    format!("{rows} above the header skipped, as the title of the table"),
                    format!("bỏ qua {rows_vi} phía trên dòng tiêu đề, coi là tên của bảng"),
                ),
            )
            .found(format!("\"{title}\""))
            .expected(tr!(
                "the header, found at {}",
                "dòng tiêu đề, tìm thấy tại {}",
                grid.location(header.line, first_cell(&header.cells).map(|(i, _)| i))
            )),
        );
    }
    let body = &grid.rows[header_at + 1..];
    let filled_below = |column: usize| {
        body.iter()
            .any(|r| r.cells.get(column).is_some_and(|c| !c.text.is_empty()))
    };
    let framework_codes: Vec<&'s str> = framework.nodes.iter().map(|n| n.code.as_str()).collect();
    let mut nearest: Option<crate::validate::Nearest> = None;
    let mut columns: Vec<Column<'s>> = Vec::with_capacity(header.cells.len());
    let mut unit_column = None;
    let mut seen: FxHashMap<(&str, usize), usize> = FxHashMap::default();
    // A workbook's rows reach the last column used anywhere: the header
    // ends at its last name.
    let width = header
        .cells
        .iter()
        .rposition(|c| !c.text.is_empty())
        .map_or(0, |p| p + 1);
    for (j, cell) in header.cells[..width].iter().enumerate() {
        let at = || grid.location(header.line, Some(j));
        let text = cell.text.as_str();
        let folded = fold(text);
        let column = if text.is_empty() {
            if filled_below(j) {
                out.push(
                    Diagnostic::error(
                        "empty-header",
                        at(),
                        tr!("a column has no name", "có một cột không có tên"),
                    )
                    .expected(tr!(
                        "a framework code (1.2, or 1.2 and the criterion's name) above every column of scores",
                        "một mã tiêu chí (1.2, hoặc 1.2 kèm tên tiêu chí) ở đầu mỗi cột điểm"
                    )),
                );
            }
            Column::Skip
        } else if text.starts_with('_') || NUMBER_LABELS.contains(&folded.as_str()) {
            Column::Skip
        } else if UNIT_LABELS.contains(&folded.as_str()) {
            if unit_column.is_none() {
                unit_column = Some(j);
                Column::Unit
            } else {
                Column::Skip
            }
        } else {
            let (main, kind) = match text.rsplit_once('/') {
                Some((main, suffix)) if kind_of(suffix).is_some() => {
                    (main.trim(), kind_of(suffix).unwrap_or(Kind::Score))
                }
                _ => (text, Kind::Score),
            };
            let mut word = main.split_whitespace().next().unwrap_or_default();
            let mut number = cell.number;
            // A number header of Vietnamese-locale Excel saved as CSV:
            // `1,2` as shown.
            let point;
            if grid.accepts_decimal_comma()
                && word.split_once(',').is_some_and(|(a, b)| {
                    [a, b]
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
                })
            {
                point = word.replace(',', ".");
                word = &point;
                number = true;
            }
            match find_code(word, number, &framework_codes) {
                Ok(code) => {
                    if let Some(&first) = seen.get(&(code, kind as usize)) {
                        out.push(
                            Diagnostic::error(
                                "duplicate-column",
                                at(),
                                tr!(
                                    "code \"{code}\" has two columns",
                                    "mã \"{code}\" có hai cột"
                                ),
                            )
                            .found(tr!(
                                "\"{text}\", as {}",
                                "\"{text}\", giống cột {}",
                                grid.location(header.line, Some(first))
                            ))
                            .expected(tr!(
                                "one column per code (and one for its self-score)",
                                "mỗi mã một cột (và một cột điểm tự chấm)"
                            )),
                        );
                        Column::Skip
                    } else {
                        seen.insert((code, kind as usize), j);
                        Column::Code(code, kind)
                    }
                }
                Err(CodeError::Ambiguous(codes)) => {
                    out.push(
                        Diagnostic::error(
                            "ambiguous-code",
                            at(),
                            tr!(
                                "the number {word} in the header may be any of codes {}",
                                "số {word} ở dòng tiêu đề có thể là bất kỳ mã nào trong các mã {}",
                                codes.join(", ")
                            ),
                        )
                        .found(tr!("{word}, a number cell", "{word}, một ô kiểu số"))
                        .expected(tr!("the code as text", "mã ghi dạng văn bản (Text)"))
                        .hint(tr!(
                            "Excel drops a number's trailing zeros (1.10 becomes 1.1): format the header cells as text and type the codes again",
                            "Excel bỏ các số 0 ở cuối phần thập phân (1.10 thành 1.1): hãy định dạng các ô tiêu đề là Text rồi gõ lại mã"
                        )),
                    );
                    Column::Skip
                }
                Err(CodeError::Unknown)
                    if OTHER_COLUMNS.iter().any(|start| {
                        folded == *start || folded.starts_with(&format!("{start} "))
                    }) =>
                {
                    out.push(
                        Diagnostic::warning(
                            "column-ignored",
                            at(),
                            tr!(
                                "the column \"{text}\" is not read",
                                "cột \"{text}\" không được đọc"
                            ),
                        )
                        .found(format!("\"{text}\""))
                        .expected(tr!(
                            "a framework code per column of scores",
                            "mỗi cột điểm mang một mã tiêu chí"
                        ))
                        .hint(tr!(
                            "totals, the index, ranks, bands and remarks are computed from the scores, or belong in the published table",
                            "tổng điểm, chỉ số, xếp hạng, xếp loại và ghi chú được tính từ bảng điểm, hoặc thuộc về bảng kết quả công bố"
                        )),
                    );
                    Column::Skip
                }
                Err(CodeError::Unknown) => {
                    let looks_like_code = word.chars().any(|c| c.is_ascii_digit())
                        || main.split_whitespace().nth(1).is_none();
                    let d = if looks_like_code {
                        Diagnostic::error(
                            "unknown-code",
                            at(),
                            tr!(
                                "code \"{word}\" is not in the framework",
                                "mã \"{word}\" không có trong bộ tiêu chí"
                            ),
                        )
                        .found(format!("\"{text}\""))
                        .expected(tr!(
                            "a code from {}, alone or followed by the criterion's name",
                            "một mã có trong {}, đứng riêng hoặc kèm tên tiêu chí",
                            file_name(&framework.location)
                        ))
                    } else {
                        Diagnostic::error(
                            "unknown-column",
                            at(),
                            tr!(
                                "unknown column \"{text}\"",
                                "cột \"{text}\" không có trong mẫu"
                            ),
                        )
                        .found(format!("\"{text}\""))
                        .expected(tr!(
                            "unit (or mã, đơn vị, tên đơn vị), stt, or a framework code per column (1.2, 1.2 Ban hành văn bản, 1.2/tự chấm)",
                            "unit (hoặc mã, đơn vị, tên đơn vị), stt, hoặc mỗi cột một mã tiêu chí (1.2, 1.2 Ban hành văn bản, 1.2/tự chấm)"
                        ))
                    };
                    let nearest = nearest.get_or_insert_with(|| {
                        crate::validate::Nearest::new(
                            framework_codes.iter().map(|c| (*c, None::<&str>)),
                        )
                    });
                    out.push(nearest.hint(d, word));
                    Column::Skip
                }
            }
        };
        columns.push(column);
    }
    let Some(unit_column) = unit_column else {
        out.push(
            Diagnostic::error(
                "missing-column",
                grid.location(header.line, None),
                tr!(
                    "the wide scores table has no unit column",
                    "bảng điểm dạng ngang không có cột đơn vị"
                ),
            )
            .found(tr!(
                "columns: {}",
                "các cột: {}",
                header
                    .cells
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .expected(tr!(
                "a column named unit, mã, đơn vị or tên đơn vị",
                "một cột có tên unit, mã, đơn vị hoặc tên đơn vị"
            )),
        );
        return false;
    };
    // By code, its columns, in header order.
    let mut codes: Vec<(&'s str, [Option<usize>; 3])> = Vec::new();
    for (j, column) in columns.iter().enumerate() {
        if let Column::Code(code, kind) = *column {
            let k = match codes.iter().position(|(c, _)| *c == code) {
                Some(k) => k,
                None => {
                    codes.push((code, [None; 3]));
                    codes.len() - 1
                }
            };
            codes[k].1[kind as usize] = Some(j);
        }
    }
    let first_row = scores.len();
    let mut units_seen: FxHashMap<&str, usize> = FxHashMap::default();
    let decimal_comma = grid.accepts_decimal_comma();
    for row in body {
        let at = |j: usize| grid.location(row.line, Some(j));
        let cell = |j: usize| row.cells.get(j).map_or("", |c| c.text.as_str());
        let Some((first, first_text)) = first_cell(&row.cells) else {
            continue;
        };
        if is_total(&fold(first_text)) && matches!(units.find(first_text, year), Named::Unknown) {
            out.push(
                Diagnostic::warning(
                    "total-row-skipped",
                    at(first),
                    tr!(
                        "a total or average row is not read",
                        "dòng tổng cộng hoặc trung bình không được đọc"
                    ),
                )
                .found(format!("\"{first_text}\""))
                .expected(tr!("a row per unit", "mỗi đơn vị một dòng"))
                .hint(tr!(
                    "chiso computes totals and averages from the units' scores",
                    "chiso tự tính tổng và trung bình từ điểm của các đơn vị"
                )),
            );
            continue;
        }
        if is_maxima(&fold(first_text)) && matches!(units.find(first_text, year), Named::Unknown) {
            check_maxima(framework, &codes, |j| (cell(j), at(j)), decimal_comma, out);
            continue;
        }
        if let Some(j) = (columns.len()..row.cells.len()).find(|&j| !cell(j).is_empty()) {
            out.push(
                Diagnostic::error(
                    "extra-cells",
                    at(j),
                    tr!(
                        "a value in a column without a header",
                        "có giá trị nằm ở cột không có tiêu đề"
                    ),
                )
                .found(format!("\"{}\"", cell(j)))
                .expected(tr!(
                    "{} columns, as in the header",
                    "{} cột, như dòng tiêu đề",
                    columns.len()
                )),
            );
        }
        let text = cell(unit_column);
        if text.is_empty() {
            out.push(
                Diagnostic::error(
                    "empty-cell",
                    at(unit_column),
                    tr!("the unit cell is empty", "ô đơn vị đang để trống"),
                )
                .expected(Tr::new(
                    format!("{}, or the unit's name as there", UNIT_ID.en),
                    format!("{}, hoặc tên đơn vị như ghi ở đó", UNIT_ID.vi),
                )),
            );
            continue;
        }
        let unit: &'s str = match units.find(text, year) {
            Named::Unit(id) => id,
            Named::Ambiguous(ids) => {
                out.push(
                    Diagnostic::error(
                        "ambiguous-unit",
                        at(unit_column),
                        tr!(
                            "more than one unit is named \"{text}\"",
                            "có nhiều hơn một đơn vị tên là \"{text}\""
                        ),
                    )
                    .found(Tr::new(
                        format!("\"{text}\": units {}", ids.join(" and ")),
                        format!("\"{text}\": các đơn vị {}", ids.join(" và ")),
                    ))
                    .expected(tr!(
                        "the unit's id, or a name only one unit existing in {year} has",
                        "mã đơn vị, hoặc một tên mà chỉ một đơn vị tồn tại trong năm {year} mang"
                    ))
                    .hint(tr!(
                        "write the unit's id instead of its name",
                        "hãy ghi mã đơn vị thay cho tên"
                    )),
                );
                continue;
            }
            // Reported by validation with the other unknown units, with a
            // suggestion.
            Named::Unknown => text,
        };
        if let Some(&line) = units_seen.get(unit) {
            out.push(
                Diagnostic::error(
                    "duplicate-unit-row",
                    at(unit_column),
                    tr!(
                        "unit \"{unit}\" has two rows",
                        "đơn vị \"{unit}\" có hai dòng"
                    ),
                )
                .found(tr!(
                    "\"{text}\", also at {}",
                    "\"{text}\", cũng có tại {}",
                    grid.location(line, Some(unit_column))
                ))
                .expected(tr!("one row per unit", "mỗi đơn vị một dòng")),
            );
            continue;
        }
        units_seen.insert(unit, row.line);
        let value = |j: Option<usize>, what: &Tr, out: &mut Vec<Diagnostic>| {
            let Some(j) = j else {
                return Value::Empty;
            };
            let text = cell(j);
            if text.is_empty() {
                return Value::Empty;
            }
            if text.eq_ignore_ascii_case("x") || text == "-" {
                return Value::NotApplicable;
            }
            match parse_decimal(text, decimal_comma) {
                Ok(d) => Value::Number(d),
                Err(e) => {
                    let name = &header.cells[j].text;
                    let mut d = if e.out_of_range {
                        Diagnostic::error(
                            "number-out-of-range",
                            at(j),
                            tr!(
                                "the cell of \"{name}\" holds a number chiso does not read",
                                "ô thuộc cột \"{name}\" chứa một số mà chiso không đọc được"
                            ),
                        )
                        .found(format!("\"{text}\""))
                        .expected(table::NUMBER_RANGE)
                    } else {
                        Diagnostic::error(
                            "not-a-number",
                            at(j),
                            tr!(
                                "the cell of \"{name}\" is not a number",
                                "ô thuộc cột \"{name}\" không phải là số"
                            ),
                        )
                        .found(format!("\"{text}\""))
                        .expected(what.clone())
                    };
                    if let Some(hint) = e.hint {
                        d = d.hint(hint);
                    }
                    out.push(d);
                    Value::Unreadable
                }
            }
        };
        for &(code, [score_col, max_col, self_col]) in &codes {
            let score = value(
                score_col,
                &tr!(
                    "the points achieved, a number such as 19.49; x or - when the criterion does not apply; empty for no score",
                    "số điểm đạt được, một số như 19.49; x hoặc - khi tiêu chí không áp dụng; để trống khi không chấm"
                ),
                out,
            );
            let max = value(
                max_col,
                &tr!(
                    "this unit's maximum, a number; x or - when the criterion does not apply; empty for the framework's",
                    "điểm tối đa của đơn vị này, một số; x hoặc - khi tiêu chí không áp dụng; để trống thì lấy theo bộ tiêu chí"
                ),
                out,
            );
            let self_score = value(
                self_col,
                &tr!(
                    "the self-assessed points, a number",
                    "số điểm tự đánh giá, một số"
                ),
                out,
            );
            if [&score, &max, &self_score]
                .iter()
                .all(|v| matches!(v, Value::Empty))
            {
                continue;
            }
            let mut unreadable = false;
            let max = match (&score, max) {
                (Value::NotApplicable, _) | (_, Value::NotApplicable) => Applicable::NotApplicable,
                (_, Value::Number(m)) => Applicable::Max(m),
                (_, Value::Unreadable) => {
                    unreadable = true;
                    Applicable::Framework
                }
                (_, Value::Empty) => Applicable::Framework,
            };
            let score = match score {
                Value::Number(s) => Some(s),
                Value::Unreadable => {
                    unreadable = true;
                    None
                }
                Value::Empty | Value::NotApplicable => None,
            };
            let self_score = match self_score {
                Value::Number(s) => Some(s),
                _ => None,
            };
            scores.push(
                interner,
                ScoreRow {
                    unit,
                    code,
                    score,
                    max,
                    self_score,
                    note: None,
                    responsible: None,
                    line: row.line,
                    unreadable,
                    unit_index: 0,
                    code_index: 0,
                },
            );
        }
    }
    scores.wide(WideCells {
        location: grid.file_location(),
        first_row,
        unit_column: unit_column + 1,
        columns: codes
            .into_iter()
            .map(|(code, cols)| (code.to_string(), cols.map(|c| c.map(|c| c + 1))))
            .collect(),
    });
    true
}

enum CodeError {
    Unknown,
    /// A number cell that reads as more than one code (`1.1`, `1.10`).
    Ambiguous(Vec<String>),
}

/// The framework code a header's first word names: itself, or without a
/// trailing dot (`1.`), or, for a workbook's number cell, the code of the
/// same value (a cell typed 1.10 as a number reads 1.1), or the code that
/// differs only in case.
fn find_code<'f>(word: &str, number: bool, codes: &[&'f str]) -> Result<&'f str, CodeError> {
    if word.is_empty() {
        return Err(CodeError::Unknown);
    }
    let exact = |w: &str| codes.iter().copied().find(|c| *c == w);
    if number {
        if let Ok(value) = Decimal::from_str(word) {
            let mut same: Vec<&str> = codes
                .iter()
                .copied()
                .filter(|c| Decimal::from_str(c).is_ok_and(|d| d == value))
                .collect();
            same.dedup();
            return match same[..] {
                [] => Err(CodeError::Unknown),
                [code] => Ok(code),
                _ => Err(CodeError::Ambiguous(
                    same.iter().map(|c| c.to_string()).collect(),
                )),
            };
        }
    }
    if let Some(code) = exact(word).or_else(|| word.strip_suffix('.').and_then(exact)) {
        return Ok(code);
    }
    let mut folded: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| c.to_lowercase() == word.to_lowercase())
        .collect();
    folded.dedup();
    match folded[..] {
        [code] => Ok(code),
        _ => Err(CodeError::Unknown),
    }
}

fn file_name(location: &Location) -> String {
    location
        .file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_header_reads_as_the_code_of_its_value() {
        let codes = ["1", "1.1", "1.2", "2.10"];
        assert!(matches!(find_code("1.1", true, &codes), Ok("1.1")));
        // Typed 2.10 as a number, the cell holds 2.1.
        assert!(matches!(find_code("2.1", true, &codes), Ok("2.10")));
        assert!(matches!(
            find_code("2.1", false, &codes),
            Err(CodeError::Unknown)
        ));
        assert!(matches!(find_code("1.", false, &codes), Ok("1")));
        let both = ["1.1", "1.10"];
        assert!(matches!(
            find_code("1.1", true, &both),
            Err(CodeError::Ambiguous(_))
        ));
        assert!(matches!(find_code("1.1", false, &both), Ok("1.1")));
        assert!(matches!(find_code("a", false, &["A", "B"]), Ok("A")));
    }
}
