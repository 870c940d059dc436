//! The periodic reports: the indicator tree (`indicators.csv`) and each
//! period's folder (`reports/<period>/report.json` with its
//! `values-<group>` tables). A value is read here, cell by cell: a count
//! must be a whole number, and a number whose reading depends on the
//! file's locale (`1.241` in a comma-delimited file) is refused with how
//! to write it. Checks across cells (unknown units and codes, parts above
//! their totals, rates against their parts) are in `validate/reports.rs`.

use super::*;

pub(super) const INDICATOR_COLUMNS: &[&str] = &[
    "code",
    "parent",
    "name",
    "measure",
    "numerator",
    "denominator",
    "better",
];

pub(super) const VALUE_COLUMNS: &[&str] = &["unit", "code", "value", "note"];

/// The tree (`indicators.csv`, or `indicators.xlsx`) and every period's
/// report, when the data folder has a `reports/` folder; nothing without.
pub(super) fn read_reports(
    root: &Path,
    out: &mut Vec<Diagnostic>,
) -> (Option<Indicators>, Vec<Report>) {
    let dir = root.join("reports");
    if !dir.is_dir() {
        return (None, Vec::new());
    }
    let csv = root.join("indicators.csv");
    let xlsx = root.join("indicators.xlsx");
    let file = if !csv.exists() && xlsx.exists() {
        xlsx
    } else {
        csv
    };
    let indicators = match std::fs::metadata(&file) {
        Err(e) => {
            out.push(table::io_diagnostic(&file, &e).hint(tr!(
                "the reports' values refer to the indicator tree indicators.csv beside units.csv",
                "số liệu báo cáo tham chiếu tới cây chỉ tiêu indicators.csv, đặt cạnh units.csv"
            )));
            None
        }
        Ok(_) => read_table(&file, None, out).map(|t| read_indicators(&t, out)),
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(table::io_diagnostic(&dir, &e));
            return (indicators, Vec::new());
        }
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    folders.sort();
    let rates: FxHashSet<&str> = indicators
        .iter()
        .flat_map(|t| &t.nodes)
        .filter(|n| n.is_rate())
        .map(|n| n.code.as_str())
        .collect();
    let mut reports: Vec<Report> = folders
        .iter()
        .filter_map(|folder| read_report(folder, &rates, out))
        .collect();
    reports.sort_by_key(|r| r.period.sort_key());
    (indicators, reports)
}

type FxHashSet<T> = rustc_hash::FxHashSet<T>;

fn read_indicators(table: &Table, out: &mut Vec<Diagnostic>) -> Indicators {
    let mut nodes = Vec::new();
    let mut parents = Vec::new();
    let mut extra = Vec::new();
    if table.check_columns(INDICATOR_COLUMNS, &["code", "name"], out) {
        for cells in rows(table) {
            let code = cells.required(
                "code",
                &tr!(
                    "an indicator code such as 3.3.3.1",
                    "một mã chỉ tiêu, ví dụ 3.3.3.1"
                ),
                out,
            );
            let name = cells.required(
                "name",
                &tr!("the indicator's name", "tên của chỉ tiêu"),
                out,
            );
            let better = cells.get("better").and_then(|text| {
                match text.trim().to_ascii_lowercase().as_str() {
                    "higher" => Some(Better::Higher),
                    "lower" => Some(Better::Lower),
                    _ => {
                        out.push(
                            Diagnostic::error(
                                "invalid-value",
                                cells.loc("better"),
                                tr!(
                                    "the \"better\" cell is neither higher nor lower",
                                    "ô \"better\" không phải là higher hay lower"
                                ),
                            )
                            .found(format!("\"{text}\""))
                            .expected(tr!(
                                "higher (more is better), lower (less is better), or empty",
                                "higher (càng cao càng tốt), lower (càng thấp càng tốt), hoặc để trống"
                            )),
                        );
                        None
                    }
                }
            });
            let Some(code) = code else { continue };
            parents.push(cells.text("parent", out).map(|p| (p, cells.loc("parent"))));
            extra.push((
                cells.text("measure", out),
                cells.text("numerator", out),
                cells.text("denominator", out),
                better,
            ));
            nodes.push(Node {
                code,
                name: name.unwrap_or_default(),
                name_en: None,
                max: None,
                parent: None,
                children: Vec::new(),
                line: cells.row.line,
            });
        }
    }
    // The tree is linked as a framework's is: an explicit parent, else the
    // longest dotted prefix that is a code.
    link_parents(&mut nodes, parents, table, out);
    let nodes = nodes
        .into_iter()
        .zip(extra)
        .map(
            |(node, (measure, numerator, denominator, better))| Indicator {
                code: node.code,
                name: node.name,
                measure,
                numerator,
                denominator,
                better,
                parent: node.parent,
                children: node.children,
                line: node.line,
            },
        )
        .collect();
    Indicators {
        location: table.file_location(),
        header: Header(table.headers.clone()),
        nodes,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    period: String,
    title: String,
    #[serde(default)]
    published_on: Option<String>,
    groups: Vec<ReportGroupFile>,
    #[serde(default)]
    documents: Vec<DocumentFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportGroupFile {
    id: String,
    name: String,
    values: String,
}

fn read_report(
    folder: &Path,
    rates: &FxHashSet<&str>,
    out: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let file = folder.join("report.json");
    let text = read_text(&file, out)?;
    let raw: ReportFile = match json::parse(&file, &text) {
        Ok(raw) => raw,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    let spots = JsonSpots::new(&file, &text);
    let decode_text = |s: String| decode::nfc(table::clean(&s));
    let Some(period) = Period::parse(raw.period.trim()) else {
        out.push(
            Diagnostic::error(
                "invalid-period",
                spots.at("/period"),
                tr!(
                    "\"period\" is not a reporting period",
                    "\"period\" không phải là một kỳ báo cáo"
                ),
            )
            .found(format!("\"{}\"", raw.period))
            .expected(tr!(
                "a year (2022), a half-year (2022-H1, 2022-H2), a quarter (2022-Q3) or nine months (2022-9M)",
                "một năm (2022), sáu tháng (2022-H1, 2022-H2), một quý (2022-Q3) hoặc chín tháng (2022-9M)"
            )),
        );
        return None;
    };
    if !EDITION_YEARS.contains(&period.year) {
        out.push(
            Diagnostic::error(
                "invalid-period",
                spots.at("/period"),
                tr!(
                    "the report's \"period\" is in a year outside {}-{}",
                    "\"period\" của báo cáo thuộc một năm ngoài khoảng {}-{}",
                    EDITION_YEARS.start(),
                    EDITION_YEARS.end()
                ),
            )
            .found(format!("\"{}\"", raw.period))
            .expected(tr!(
                "a period such as 2022-H1",
                "một kỳ báo cáo, ví dụ 2022-H1"
            )),
        );
        return None;
    }
    if let Some(name) = folder.file_name().and_then(|n| n.to_str()) {
        if Period::parse(name) != Some(period) {
            out.push(
                Diagnostic::warning(
                    "period-folder",
                    spots.at("/period"),
                    tr!(
                        "the report's period differs from its folder name",
                        "kỳ báo cáo khác với tên thư mục chứa báo cáo"
                    ),
                )
                .found(tr!(
                    "period {} in folder \"{name}\"",
                    "kỳ {} trong thư mục \"{name}\"",
                    period.id()
                ))
                .expected(tr!(
                    "the folder reports/{}/",
                    "thư mục reports/{}/",
                    period.id()
                )),
            );
        }
    }
    let published_on = raw.published_on.as_deref().and_then(|d| {
        let parsed = PartialDate::parse(d);
        if parsed.is_none() {
            out.push(
                Diagnostic::error(
                    "invalid-date",
                    spots.at("/published_on"),
                    tr!(
                        "\"published_on\" is not a date",
                        "\"published_on\" không phải là ngày"
                    ),
                )
                .found(format!("\"{d}\""))
                .expected(tr!(
                    "YYYY-MM-DD, YYYY-MM or YYYY",
                    "YYYY-MM-DD, YYYY-MM hoặc YYYY (năm-tháng-ngày, năm-tháng hoặc năm)"
                )),
            );
        }
        parsed
    });
    let mut groups = Vec::new();
    for (i, g) in raw.groups.into_iter().enumerate() {
        let key = |k: &str| format!("/groups/{i}/{k}");
        let values = group_table(
            folder,
            Some((g.values.clone(), spots.at(&key("values")))),
            "values",
            out,
        )
        .and_then(|t| read_values(&t, rates, out));
        groups.push(ReportGroup {
            id: g.id,
            name: decode_text(g.name),
            values,
            location: spots.at(&key("id")),
        });
    }
    let documents = read_documents(folder, raw.documents, &spots, out);
    Some(Report {
        period,
        period_id: period.id(),
        title: decode_text(raw.title),
        published_on,
        groups,
        documents,
        dir: folder.to_path_buf(),
        file,
    })
}

fn read_values(
    table: &Table,
    rates: &FxHashSet<&str>,
    out: &mut Vec<Diagnostic>,
) -> Option<ReportValues> {
    if !table.check_columns(VALUE_COLUMNS, &["unit", "code", "value"], out) {
        return None;
    }
    let grouped = matches!(table.delimiter, Some(b';') | Some(b'\t'));
    let mut result = Vec::with_capacity(table.rows().len());
    for cells in rows(table) {
        let unit = cells.required("unit", UNIT_ID, out);
        let code = cells.required(
            "code",
            &tr!(
                "a code from indicators.csv",
                "một mã có trong indicators.csv"
            ),
            out,
        );
        let (Some(unit), Some(code)) = (unit, code) else {
            continue;
        };
        let (value, decimals) = match cells.get("value") {
            None => (None, 0),
            Some(text) => match read_value(text, rates.contains(code.as_str()), grouped, table) {
                Ok((v, d)) => (Some(v), d),
                Err(d) => {
                    out.push(d.at(cells.loc("value"), text));
                    (None, 0)
                }
            },
        };
        result.push(ValueRow {
            unit,
            code,
            value,
            decimals,
            note: cells.text("note", out),
            line: cells.row.line,
        });
    }
    Some(ReportValues {
        location: table.file_location(),
        header: Header(table.headers.clone()),
        rows: result,
    })
}

/// Why a value cell cannot be read, before its location is known.
pub(super) struct ValueError {
    code: &'static str,
    message: Tr,
    expected: Tr,
    hint: Option<Tr>,
}

impl ValueError {
    fn at(self, location: Location, text: &str) -> Diagnostic {
        let d = Diagnostic::error(self.code, location, self.message)
            .found(format!("\"{text}\""))
            .expected(self.expected);
        match self.hint {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}

/// The most digits a count may have: a province's applications of a year
/// run to millions; the bound keeps 100 x a count within a decimal.
const MAX_COUNT_DIGITS: usize = 15;

/// Reads a value: a rate (a decimal comma where the file allows one, a
/// trailing `%` tolerated) or a count (a whole number; thousands grouped
/// with dots only in a `;`- or tab-delimited file). Returns the value and
/// its decimals as written.
pub(super) fn read_value(
    text: &str,
    rate: bool,
    grouped: bool,
    table: &Table,
) -> Result<(Decimal, u32), ValueError> {
    let s = table::clean(text);
    if rate {
        let s = s.strip_suffix('%').map_or(s, str::trim_end);
        return match parse_decimal(s, table.accepts_decimal_comma()) {
            Ok(d) => {
                let decimals = s.rsplit_once(['.', ',']).map_or(0, |(_, f)| f.len() as u32);
                Ok((d, decimals))
            }
            Err(e) => Err(ValueError {
                code: if e.out_of_range {
                    "number-out-of-range"
                } else {
                    "not-a-number"
                },
                message: tr!(
                    "the \"value\" cell is not a rate",
                    "ô \"value\" không phải là một tỷ lệ"
                ),
                expected: tr!(
                    "a percentage as printed, such as 97.74 (the % sign may be left out)",
                    "một tỷ lệ phần trăm đúng như báo cáo in, ví dụ 97.74 (có thể bỏ dấu %)"
                ),
                hint: e.hint.filter(|_| !s.contains('%')),
            }),
        };
    }
    let count_expected = || {
        if grouped {
            tr!(
                "a whole number, 0 or more, such as 1241 or 1.241",
                "một số nguyên không âm, ví dụ 1241 hoặc 1.241"
            )
        } else {
            tr!(
                "a whole number, 0 or more, such as 1241",
                "một số nguyên không âm, ví dụ 1241"
            )
        }
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    // 1.241 or 12.345.678: a dot before every three digits.
    let parts: Vec<&str> = s.split('.').collect();
    let thousands = parts.len() > 1
        && digits(parts[0])
        && parts[0].len() <= 3
        && parts[1..].iter().all(|p| p.len() == 3 && digits(p));
    let whole = if digits(s) {
        Some(s.to_string())
    } else if thousands && grouped {
        Some(parts.concat())
    } else {
        None
    };
    if let Some(whole) = whole {
        let trimmed = whole.trim_start_matches('0');
        if trimmed.len() > MAX_COUNT_DIGITS {
            return Err(ValueError {
                code: "number-out-of-range",
                message: tr!(
                    "the \"value\" cell holds a count chiso does not read",
                    "ô \"value\" chứa một số lượng mà chiso không đọc được"
                ),
                expected: tr!(
                    "a whole number of at most {MAX_COUNT_DIGITS} digits",
                    "một số nguyên có tối đa {MAX_COUNT_DIGITS} chữ số"
                ),
                hint: None,
            });
        }
        return Decimal::from_str(&whole)
            .map(|d| (d, 0))
            .map_err(|_| ValueError {
                code: "not-a-number",
                message: tr!(
                    "the \"value\" cell is not a number",
                    "ô \"value\" không phải là số"
                ),
                expected: count_expected(),
                hint: None,
            });
    }
    if thousands {
        // A dot before three digits in a comma-delimited file or a
        // workbook: grouped thousands as a Vietnamese report prints them,
        // or a decimal point. Neither is guessed.
        let joined = parts.concat();
        return Err(ValueError {
            code: "ambiguous-number",
            message: tr!(
                "the count \"{s}\" reads two ways in this file",
                "số lượng \"{s}\" có thể hiểu theo hai cách trong tệp này"
            ),
            expected: count_expected(),
            hint: Some(if table.delimiter.is_some() {
                tr!(
                    "in a comma-delimited file a dot is a decimal point, so {s} would be a fraction of one; if the report prints {joined}, write {joined} without the dot (or save the file with ';' as the delimiter, where dots group thousands)",
                    "trong tệp phân cách bằng dấu phẩy, dấu chấm là dấu thập phân nên {s} sẽ thành một số lẻ; nếu báo cáo in {joined} thì hãy ghi {joined}, không có dấu chấm (hoặc lưu tệp với dấu phân cách ';', khi đó dấu chấm là dấu phân cách hàng nghìn)"
                )
            } else {
                tr!(
                    "in a workbook write the count as a number, {joined}, not as the text \"{s}\"",
                    "trong bảng tính Excel hãy nhập số lượng dưới dạng số, {joined}, không nhập dạng chữ \"{s}\""
                )
            }),
        });
    }
    // A number, but not a whole one; or not a number at all.
    match parse_decimal(s, table.accepts_decimal_comma()) {
        Ok(_) => Err(ValueError {
            code: "count-not-whole",
            message: tr!(
                "the count \"{s}\" is not a whole number",
                "số lượng \"{s}\" không phải là số nguyên"
            ),
            expected: count_expected(),
            hint: Some(tr!(
                "only indicators whose measure is % are rates; every other indicator counts documents, applications, tasks or people",
                "chỉ chỉ tiêu có đơn vị tính % mới là tỷ lệ; mọi chỉ tiêu khác là số lượng văn bản, hồ sơ, nhiệm vụ hoặc người"
            )),
        }),
        Err(e) => Err(ValueError {
            code: "not-a-number",
            message: tr!(
                "the \"value\" cell is not a number",
                "ô \"value\" không phải là số"
            ),
            expected: count_expected(),
            hint: if s.contains(',') && !grouped {
                Some(tr!(
                    "a comma groups thousands nowhere: write the count without it",
                    "không dùng dấu phẩy để phân cách hàng nghìn: hãy ghi số lượng không có dấu phẩy"
                ))
            } else {
                e.hint
            },
        }),
    }
}

/// A report's documents, read as an edition's are.
fn read_documents(
    folder: &Path,
    raw: Vec<DocumentFile>,
    spots: &JsonSpots,
    out: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    raw.into_iter()
        .enumerate()
        .filter_map(|(i, d)| document(folder, i, d, spots, out))
        .collect()
}
