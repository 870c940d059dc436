//! The periodic reports against their indicator tree and the registry:
//! the tree's codes and the parts of its rates, each report's periods and
//! groups, each value's unit and code, a part above its total, and a
//! rate that disagrees with its own parts.
//!
//! What is a part of what is read from the tree, never guessed from the
//! names: a rate's numerator is a part of its denominator; and a count
//! whose measure is printed and is the same as its parent's (also a
//! count) is a part of that parent (`2.1.3` Văn bản under `2.1` Văn
//! bản). A heading without a measure has no parts. A rate that
//! disagrees with its parts is a warning: the report was signed as it
//! is, and the site shows both numbers.

use super::*;
use crate::diag;

pub(super) fn check_reports(
    dataset: &Dataset,
    units: &FxHashMap<&str, &Unit>,
    out: &mut Vec<Diagnostic>,
) {
    if dataset.reports.is_empty() {
        return;
    }
    let Some(indicators) = &dataset.indicators else {
        // Reported where indicators.csv is read.
        return;
    };
    check_indicators(indicators, out);
    let codes: FxHashMap<&str, usize> = indicators
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.code.as_str(), i))
        .collect();
    let mut periods: HashMap<Period, &Report> = HashMap::new();
    for report in &dataset.reports {
        if let Some(first) = periods.insert(report.period, report) {
            out.push(
                Diagnostic::error(
                    "duplicate-report",
                    Location::file(&report.file),
                    tr!(
                        "two reports are of the period {}",
                        "có hai báo cáo cùng kỳ {}",
                        report.period.id()
                    ),
                )
                .found(tr!("also in {}", "cũng có trong {}", first.file.display()))
                .expected(tr!("one report per period", "mỗi kỳ một báo cáo")),
            );
        }
        let addresses: Vec<String> = report
            .documents
            .iter()
            .map(|d| crate::site::urls::report_document(&report.period, &d.file))
            .collect();
        check_addresses(&report.documents, &addresses, out);
        let mut ids: HashSet<&str> = HashSet::new();
        for group in &report.groups {
            if !is_valid_id(&group.id) {
                out.push(
                    Diagnostic::error(
                        "invalid-id",
                        group.location.clone(),
                        tr!(
                            "the group id \"{}\" has characters other than a-z, 0-9 and -",
                            "mã nhóm \"{}\" có ký tự ngoài a-z, 0-9 và -",
                            group.id
                        ),
                    )
                    .expected(tr!(
                        "an id such as xa or so-nganh",
                        "một mã như xa hoặc so-nganh"
                    )),
                );
            }
            if !ids.insert(&group.id) {
                out.push(
                    Diagnostic::error(
                        "duplicate-group",
                        group.location.clone(),
                        tr!(
                            "the group id \"{}\" is used twice in this report",
                            "mã nhóm \"{}\" được dùng hai lần trong báo cáo này",
                            group.id
                        ),
                    )
                    .expected(tr!("each group once", "mỗi nhóm một lần")),
                );
            }
            if let Some(values) = &group.values {
                check_values(dataset, indicators, &codes, units, values, out);
                check_periods(report, units, values, out);
            }
        }
    }
}

fn check_indicators(indicators: &Indicators, out: &mut Vec<Diagnostic>) {
    let at = |line: usize, column: &str| indicators.cell(line, column);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for node in &indicators.nodes {
        if let Some(first) = seen.insert(&node.code, node.line) {
            out.push(
                Diagnostic::error(
                    "duplicate-code",
                    at(node.line, "code"),
                    tr!(
                        "the code \"{}\" is used twice",
                        "mã \"{}\" được dùng hai lần",
                        node.code
                    ),
                )
                .found(tr!("also on line {first}", "cũng có ở dòng {first}"))
                .expected(tr!("each code once", "mỗi mã chỉ dùng một lần")),
            );
        }
    }
    let known: HashSet<&str> = indicators.nodes.iter().map(|n| n.code.as_str()).collect();
    for node in &indicators.nodes {
        for (column, part) in [
            ("numerator", &node.numerator),
            ("denominator", &node.denominator),
        ] {
            if let Some(code) = part {
                if !known.contains(code.as_str()) {
                    let d = Diagnostic::error(
                        "unknown-code",
                        at(node.line, column),
                        tr!(
                            "the {column} \"{code}\" is not a code of indicators.csv",
                            "mã \"{code}\" ở cột {column} không có trong indicators.csv"
                        ),
                    )
                    .found(format!("\"{code}\""))
                    .expected(tr!(
                        "the code of another row of indicators.csv",
                        "mã của một dòng khác trong indicators.csv"
                    ));
                    let mut nearest = Nearest::new(
                        indicators
                            .nodes
                            .iter()
                            .map(|n| (n.code.as_str(), None::<&str>)),
                    );
                    out.push(nearest.hint(d, code));
                }
            }
        }
        if node.numerator.is_some() != node.denominator.is_some() {
            let (given, missing) = if node.numerator.is_some() {
                ("numerator", "denominator")
            } else {
                ("denominator", "numerator")
            };
            out.push(
                Diagnostic::error(
                    "invalid-value",
                    at(node.line, missing),
                    tr!(
                        "the rate \"{}\" has a {given} but no {missing}",
                        "tỷ lệ \"{}\" có cột {given} nhưng thiếu cột {missing}",
                        node.code
                    ),
                )
                .expected(tr!(
                    "both the numerator's and the denominator's codes, or neither",
                    "ghi cả mã tử số (numerator) và mã mẫu số (denominator), hoặc không ghi cả hai"
                )),
            );
        }
    }
}

fn check_values(
    dataset: &Dataset,
    indicators: &Indicators,
    codes: &FxHashMap<&str, usize>,
    units: &FxHashMap<&str, &Unit>,
    values: &ReportValues,
    out: &mut Vec<Diagnostic>,
) {
    let at = |line: usize, column: &str| values.cell(line, column);
    let mut nearest_units = None;
    let mut nearest_codes = None;
    // By unit and indicator, the row.
    let mut rows: FxHashMap<(&str, usize), &ValueRow> = FxHashMap::default();
    for row in &values.rows {
        let unit_known = units.contains_key(row.unit.as_str());
        if !unit_known {
            let mut d = Diagnostic::error(
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
                dataset.registry()
            ));
            let nearest = nearest_units.get_or_insert_with(|| nearest_unit(&dataset.units));
            if let Some(meant) = nearest.find(&row.unit) {
                d = d.hint(tr!("did you mean \"{meant}\"?", "có phải là \"{meant}\"?"));
            }
            out.push(d);
        }
        let Some(&n) = codes.get(row.code.as_str()) else {
            let d = Diagnostic::error(
                "unknown-code",
                at(row.line, "code"),
                tr!(
                    "the code \"{}\" is not in indicators.csv",
                    "mã \"{}\" không có trong indicators.csv",
                    row.code
                ),
            )
            .found(format!("\"{}\"", row.code))
            .expected(tr!(
                "a code of indicators.csv",
                "một mã có trong indicators.csv"
            ));
            let nearest = nearest_codes.get_or_insert_with(|| {
                Nearest::new(
                    indicators
                        .nodes
                        .iter()
                        .map(|n| (n.code.as_str(), None::<&str>)),
                )
            });
            out.push(nearest.hint(d, &row.code));
            continue;
        };
        if !unit_known {
            continue;
        }
        if let Some(first) = rows.insert((row.unit.as_str(), n), row) {
            out.push(
                Diagnostic::error(
                    "duplicate-value",
                    at(row.line, "code"),
                    tr!(
                        "unit \"{}\" reports \"{}\" twice",
                        "đơn vị \"{}\" báo cáo chỉ tiêu \"{}\" hai lần",
                        row.unit,
                        row.code
                    ),
                )
                .found(tr!("also on line {}", "cũng có ở dòng {}", first.line))
                .expected(tr!(
                    "one row per unit and indicator",
                    "mỗi đơn vị, mỗi chỉ tiêu một dòng"
                )),
            );
            // The first row stands.
            rows.insert((row.unit.as_str(), n), first);
        }
    }
    let mut checked: Vec<(&(&str, usize), &&ValueRow)> = rows.iter().collect();
    checked.sort_by_key(|(_, row)| row.line);
    for (&(unit, n), row) in checked {
        let Some(value) = row.value else { continue };
        let node = &indicators.nodes[n];
        let value_of = |code: &str| {
            let i = *codes.get(code)?;
            rows.get(&(unit, i))
                .and_then(|r| r.value.map(|v| (v, &indicators.nodes[i], *r)))
        };
        // A part of its parent: the same printed measure, both counts.
        if let (Some(p), Some(measure)) = (node.parent, &node.measure) {
            let parent = &indicators.nodes[p];
            if measure != "%" && parent.measure.as_ref() == Some(measure) {
                if let Some((total, _, total_row)) = value_of(&parent.code) {
                    if value > total {
                        out.push(part_above_total(
                            values, row, node, value, total_row, parent, total,
                        ));
                    }
                }
            }
        }
        // A rate: its numerator is a part of its denominator, and the
        // printed rate is what they give.
        if let (Some(num), Some(den)) = (&node.numerator, &node.denominator) {
            let (Some((a, a_node, a_row)), Some((b, b_node, b_row))) =
                (value_of(num), value_of(den))
            else {
                continue;
            };
            if a > b {
                out.push(part_above_total(values, a_row, a_node, a, b_row, b_node, b));
                continue;
            }
            let Some(exact) = node.rate_from(a, b) else {
                continue;
            };
            if !agrees_as_printed(value, row.decimals, exact) {
                let given = diag::num(
                    crate::decimal::round_half_up(exact, row.decimals.max(2)).normalize(),
                );
                let printed = diag::num(value.normalize());
                let tolerance = diag::num(Decimal::new(5, row.decimals + 1));
                let (a, b) = (diag::num(a), diag::num(b));
                let times = if node.is_rate() { "100 x " } else { "" };
                let code = &node.code;
                out.push(
                    Diagnostic::warning(
                        "rate-differs",
                        at(row.line, "value"),
                        tr!(
                            "the rate \"{code}\" of \"{unit}\" is printed {printed}, but its parts give {given}",
                            "tỷ lệ \"{code}\" của \"{unit}\" in là {printed}, nhưng các thành phần của nó cho {given}";
                            printed = printed.clone(),
                            given = given.clone()
                        ),
                    )
                    .found(tr!(
                        "printed {printed}; {times}{num} / {den} = {times}{a} / {b} = {given}",
                        "báo cáo in {printed}; {times}{num} / {den} = {times}{a} / {b} = {given}";
                        printed = printed,
                        a = a,
                        b = b,
                        given = given.clone()
                    ))
                    .expected(tr!(
                        "{given}, within the printed figure's rounding (±{tolerance})",
                        "{given}, sai khác không quá mức làm tròn của số in (±{tolerance})";
                        given = given,
                        tolerance = tolerance
                    ))
                    .hint(tr!(
                        "the report was signed as it is: chiso publishes both numbers; correct the rate or its parts only if the signed report says otherwise",
                        "báo cáo đã ký ban hành như vậy: chiso công bố cả hai số; chỉ sửa tỷ lệ hoặc các thành phần nếu báo cáo đã ký ghi khác"
                    )),
                );
            }
        }
    }
}

/// Each unit against the period it reports for, once per values file, at
/// its first row: a unit reports for a period it existed on some day of.
/// As for scores, a bound written as a date is an error and a bare year,
/// compared with the period's year, a warning.
fn check_periods(
    report: &Report,
    units: &FxHashMap<&str, &Unit>,
    values: &ReportValues,
    out: &mut Vec<Diagnostic>,
) {
    let period = report.period;
    let (first, last) = (period.first_day(), period.last_day());
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for row in &values.rows {
        let Some(unit) = units.get(row.unit.as_str()) else {
            continue;
        };
        if !seen.insert(row.unit.as_str()) {
            continue;
        }
        let at = values.cell(row.line, "unit");
        let id = &row.unit;
        let registry = crate::model::registry_name(Some(unit));
        let when = tr!(
            "{} ({first} to {last})",
            "{} (từ {first} đến {last})",
            period.id()
        );
        if let Some(from) = unit.valid.from.filter(|&f| f > last) {
            out.push(
                Diagnostic::error(
                    "unit-not-in-period",
                    at,
                    tr!(
                        "unit \"{id}\" reports for the period {when}, before it existed",
                        "đơn vị \"{id}\" báo cáo kỳ {when}, trước khi đơn vị được thành lập";
                        when = when
                    ),
                )
                .found(format!("valid_from {from}"))
                .expected(tr!(
                    "a unit that existed by {last} ({registry})",
                    "một đơn vị đã tồn tại vào ngày {last} ({registry})"
                ))
                .hint(tr!(
                    "the figures of its predecessors belong under their own ids",
                    "số liệu của các đơn vị tiền thân phải ghi theo mã của chính các đơn vị đó"
                )),
            );
            continue;
        }
        if let Some(to) = unit.valid.to.filter(|&t| t < first) {
            let derived = if unit.valid.to_derived {
                tr!(" (derived from lineage.csv)", " (suy ra từ lineage.csv)")
            } else {
                Tr::data("")
            };
            out.push(
                Diagnostic::error(
                    "unit-not-in-period",
                    at,
                    tr!(
                        "unit \"{id}\" reports for the period {when}, after it ceased to exist",
                        "đơn vị \"{id}\" báo cáo kỳ {when}, sau khi đơn vị đã thôi tồn tại";
                        when = when
                    ),
                )
                .found(tr!(
                    "valid_to {to}{derived}",
                    "valid_to {to}{derived}";
                    derived = derived
                ))
                .expected(tr!(
                    "a unit that still existed on {first} ({registry})",
                    "một đơn vị vẫn còn tồn tại vào ngày {first} ({registry})"
                ))
                .hint(tr!(
                    "after a merge, the new unit reports under its own id",
                    "sau khi sáp nhập, đơn vị mới báo cáo theo mã của chính nó"
                )),
            );
            continue;
        }
        let year_from = unit.valid_from.filter(|_| unit.valid.from.is_none());
        let year_to = unit.valid_to.filter(|_| unit.valid.to.is_none());
        if year_from.is_some_and(|f| period.year < f) || year_to.is_some_and(|t| period.year > t) {
            let years = |y: Option<i32>| y.map_or(String::new(), |y| y.to_string());
            out.push(
                Diagnostic::warning(
                    "unit-not-in-period",
                    at,
                    tr!(
                        "unit \"{id}\" reports for the period {when}, outside the years it existed",
                        "đơn vị \"{id}\" báo cáo kỳ {when}, ngoài những năm đơn vị tồn tại";
                        when = when
                    ),
                )
                .found(tr!(
                    "valid {}-{}",
                    "hiệu lực {}-{}",
                    years(unit.valid_from),
                    years(unit.valid_to)
                ))
                .expected(tr!(
                    "valid_from <= {} <= valid_to in {registry}",
                    "valid_from <= {} <= valid_to trong {registry}",
                    period.year
                )),
            );
        }
    }
}

fn part_above_total(
    values: &ReportValues,
    row: &ValueRow,
    part: &Indicator,
    value: Decimal,
    total_row: &ValueRow,
    total: &Indicator,
    total_value: Decimal,
) -> Diagnostic {
    Diagnostic::error(
        "part-above-total",
        values.cell(row.line, "value"),
        tr!(
            "\"{}\" of \"{}\" is above its total \"{}\"",
            "chỉ tiêu \"{}\" của \"{}\" lớn hơn tổng \"{}\" của nó",
            part.code,
            row.unit,
            total.code
        ),
    )
    .found(tr!(
        "{part} = {value}, {total} = {total_value} (line {line})",
        "{part} = {value}, {total} = {total_value} (dòng {line})";
        part = Tr::data(part.code.as_str()),
        value = diag::num(value),
        total = Tr::data(total.code.as_str()),
        total_value = diag::num(total_value),
        line = diag::num(total_row.line)
    ))
    .expected(tr!(
        "at most {total_value}: \"{part}\" is a part of \"{total}\"",
        "không quá {total_value}: \"{part}\" là một phần của \"{total}\"";
        total_value = diag::num(total_value),
        part = Tr::data(part.code.as_str()),
        total = Tr::data(total.code.as_str())
    ))
    .hint(tr!(
        "a typing error in one of the two cells is the usual cause; check both against the signed report",
        "nguyên nhân thường là gõ nhầm ở một trong hai ô; hãy đối chiếu cả hai với báo cáo đã ký"
    ))
}
