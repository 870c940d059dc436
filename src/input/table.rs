//! Tables from CSV files and Excel workbooks, as rows of trimmed NFC text.
//!
//! Every row keeps the line (or spreadsheet row) it came from, so each later
//! check can point at the exact cell. Header names are matched
//! case-insensitively; columns starting with `_` are comments.

use super::decode::{decode, nfc, DecodeError};
use crate::diag::{Diagnostic, Location};
use calamine::{open_workbook_auto, Data, Reader};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One data row. `cells[i]` belongs to `Table::headers[i]`; missing
/// trailing cells are empty strings.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// Lower-cased, trimmed header names.
    pub headers: Vec<String>,
    pub header_line: usize,
    /// `,`, `;` or tab for CSV; `None` for workbooks.
    pub delimiter: Option<u8>,
    pub rows: Vec<Row>,
}

/// What a file name in `edition.json` may carry: `scores.xlsx#Điểm`.
pub fn split_sheet(name: &str) -> (&str, Option<&str>) {
    match name.split_once('#') {
        Some((file, sheet)) if file.to_ascii_lowercase().ends_with(".xlsx") => (file, Some(sheet)),
        _ => (name, None),
    }
}

impl Table {
    /// Reads `path` (a `.csv`, or a `.xlsx` with an optional sheet).
    /// Problems that only concern some rows go to `diagnostics`; a table
    /// that cannot be read at all is an `Err`.
    pub fn read(
        path: &Path,
        sheet: Option<&str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Table, Diagnostic> {
        let is_workbook = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if is_workbook {
            read_workbook(path, sheet, diagnostics)
        } else {
            let bytes = std::fs::read(path).map_err(|e| io_diagnostic(path, &e))?;
            let text = decode_file(path, &bytes)?;
            read_csv(path, &text, diagnostics)
        }
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    pub fn location(&self, line: usize, column: Option<usize>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line: Some(line),
            column: column.map(|c| c + 1),
        }
    }

    pub fn file_location(&self) -> Location {
        Location {
            sheet: self.sheet.clone(),
            ..Location::file(&self.file)
        }
    }

    /// Decimal commas are only unambiguous where the comma is not the
    /// delimiter (Vietnamese-locale Excel writes `;` and `81,45`).
    pub fn accepts_decimal_comma(&self) -> bool {
        self.delimiter != Some(b',')
    }

    /// Checks the header against the columns a file kind knows: unknown
    /// columns and missing required ones are errors.
    pub fn check_columns(
        &self,
        known: &[&str],
        required: &[&str],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        let mut ok = true;
        for (i, header) in self.headers.iter().enumerate() {
            // Empty headers are reported when the table is read.
            if header.is_empty() || header.starts_with('_') || known.contains(&header.as_str()) {
                continue;
            }
            let mut d = Diagnostic::error(
                "unknown-column",
                self.location(self.header_line, Some(i)),
                format!("unknown column \"{header}\""),
            )
            .found(header.clone())
            .expected(format!("one of: {}", known.join(", ")));
            if let Some(close) = closest(header, known) {
                d = d.hint(format!(
                    "did you mean \"{close}\"? Columns starting with _ are comments"
                ));
            } else if header.contains(';') || header.contains('\t') {
                d = d.hint("the header holds a ';' or tab: is the delimiter detected wrongly?");
            } else {
                d = d.hint("columns starting with _ are comments and are ignored");
            }
            diagnostics.push(d);
            ok = false;
        }
        for name in required {
            if self.column(name).is_none() {
                diagnostics.push(
                    Diagnostic::error(
                        "missing-column",
                        self.location(self.header_line, None),
                        format!("required column \"{name}\" is missing"),
                    )
                    .found(format!("columns: {}", self.headers.join(", ")))
                    .expected(format!("a column named \"{name}\"")),
                );
                ok = false;
            }
        }
        ok
    }
}

pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

pub fn io_diagnostic(path: &Path, error: &std::io::Error) -> Diagnostic {
    let (code, message) = match error.kind() {
        std::io::ErrorKind::NotFound => ("missing-file", "file not found".to_string()),
        _ => ("unreadable-file", format!("cannot read the file: {error}")),
    };
    Diagnostic::error(code, Location::file(path), message)
}

/// Decodes a text file, turning encoding problems into diagnostics.
pub fn decode_file(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    decode(bytes).map(|(text, _)| text).map_err(|e| match e {
        DecodeError::Binary => Diagnostic::error(
            "binary-file",
            Location::file(path),
            "the file is not text (it holds binary data)",
        )
        .expected("a text file in UTF-8, UTF-16 with BOM or Windows-1258")
        .hint("export the sheet again as CSV, or name the .xlsx workbook itself"),
        DecodeError::UnknownEncoding { guess } => Diagnostic::error(
            "unknown-encoding",
            Location::file(path),
            "the file's text encoding is not one chiso reads",
        )
        .found(format!("text that looks like {guess}"))
        .expected("UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258")
        .hint("in Excel, save as \"CSV UTF-8 (Comma delimited)\""),
    })
}

/// Trims ASCII and Unicode spaces, including the non-breaking spaces that
/// Excel and Word paste into cells.
pub fn clean(cell: &str) -> &str {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}')
}

fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !clean(l).is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if c == *d {
                    *n += 1;
                }
            }
        }
    }
    // Ties (including a one-column header) fall back to the comma.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "';'",
        b'\t' => "tab",
        _ => "','",
    }
}

fn read_csv(
    path: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Table, Diagnostic> {
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut raw: Vec<(usize, Vec<String>)> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                raw.push((line, record.iter().map(|c| clean(c).to_string()).collect()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(Diagnostic::error(
                    "invalid-csv",
                    Location::at(path, line.max(1), None),
                    format!("the CSV cannot be read: {e}"),
                )
                .hint("check for a quote (\") that is opened but never closed"));
            }
        }
    }
    build_table(path.to_path_buf(), None, Some(delimiter), raw, diagnostics)
}

fn read_workbook(
    path: &Path,
    sheet: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Table, Diagnostic> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(io_diagnostic(path, &e));
    }
    let mut workbook = open_workbook_auto(path).map_err(|e| {
        Diagnostic::error(
            "unreadable-file",
            Location::file(path),
            format!("the workbook cannot be opened: {e}"),
        )
        .expected("an Excel .xlsx workbook")
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => {
            let wanted = nfc(wanted);
            names
                .iter()
                .find(|n| nfc(n) == wanted)
                .cloned()
                .ok_or_else(|| {
                    Diagnostic::error(
                        "missing-sheet",
                        Location::file(path),
                        format!("the workbook has no sheet named \"{wanted}\""),
                    )
                    .found(format!("sheets: {}", names.join(", ")))
                    .expected(format!("a sheet named \"{wanted}\""))
                })?
        }
        None => names.first().cloned().ok_or_else(|| {
            Diagnostic::error(
                "empty-file",
                Location::file(path),
                "the workbook has no sheet",
            )
        })?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        Diagnostic::error(
            "unreadable-file",
            Location::file(path),
            format!("the sheet \"{name}\" cannot be read: {e}"),
        )
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut raw = Vec::new();
    for (i, row) in range.rows().enumerate() {
        // Cells left of the used range are empty; keep column positions so
        // diagnostics name the right spreadsheet column.
        let mut cells = vec![String::new(); first_col as usize];
        cells.extend(row.iter().map(cell_text));
        raw.push((first_row as usize + i + 1, cells));
    }
    build_table(path.to_path_buf(), Some(nfc(&name)), None, raw, diagnostics)
}

/// A workbook cell as the text a CSV export would hold. Numbers use the
/// shortest representation that reads back to the same `f64`, so a cell
/// typed as 2.675 becomes "2.675" and not 2.67499999...
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => clean(&nfc(s)).to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().to_string())
            .unwrap_or_else(|| d.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn build_table(
    file: PathBuf,
    sheet: Option<String>,
    delimiter: Option<u8>,
    raw: Vec<(usize, Vec<String>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Table, Diagnostic> {
    let mut rows = raw
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((header_line, header_cells)) = rows.next() else {
        return Err(Diagnostic::error(
            "empty-file",
            Location {
                sheet,
                ..Location::file(&file)
            },
            "the file has no header line",
        )
        .expected("a header line naming the columns"));
    };
    let raw_width = header_cells.len();
    // Excel writes empty trailing columns; they carry nothing.
    let width = header_cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |p| p + 1);
    let headers: Vec<String> = header_cells[..width]
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    let mut table = Table {
        file,
        sheet,
        headers,
        header_line,
        delimiter,
        rows: Vec::new(),
    };
    for (i, h) in table.headers.iter().enumerate() {
        if h.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "empty-header",
                    table.location(header_line, Some(i)),
                    "a column has no name",
                )
                .expected("every column in the header named"),
            );
        } else if !h.starts_with('_') && table.headers[..i].contains(h) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-column",
                    table.location(header_line, Some(i)),
                    format!("the column \"{h}\" appears twice"),
                )
                .expected("each column once"),
            );
        }
    }
    for (line, mut cells) in rows {
        // Excel gives every row as many cells as the header; a CSV row with
        // more was split by a stray delimiter (often a decimal comma), even
        // where the extra cell is empty.
        let misaligned = delimiter.is_some() && cells.len() > raw_width;
        let extra = cells[width.min(cells.len())..]
            .iter()
            .position(|c| !c.is_empty());
        if misaligned || extra.is_some() {
            let extra = extra.unwrap_or(cells.len().saturating_sub(width + 1));
            let mut d = Diagnostic::error(
                "extra-cells",
                table.location(line, Some(width + extra)),
                format!("this row has more values than the header has columns ({width})"),
            )
            .found(format!("{} values", cells.len().max(width + extra + 1)))
            .expected(format!("{width} values, as in the header"));
            if delimiter == Some(b',') {
                d = d.hint(
                    "a decimal comma (81,45) splits a value in a comma-delimited file: write 81.45, or use ';' as the delimiter",
                );
            } else if let Some(d2) = delimiter {
                d = d.hint(format!(
                    "the delimiter was detected as {} from the header line",
                    delimiter_name(d2)
                ));
            }
            diagnostics.push(d);
            continue;
        }
        cells.resize(width, String::new());
        table.rows.push(Row { line, cells });
    }
    Ok(table)
}

/// Why a cell is not a number, as a diagnostic hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    pub hint: Option<String>,
}

/// Parses a score-like number: `81.45`, or `81,45` where the table accepts
/// decimal commas. Thousands separators are refused: in a score they are
/// indistinguishable from a decimal mark.
pub fn parse_decimal(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    let s = clean(text);
    let has_comma = s.contains(',');
    let has_dot = s.contains('.');
    if has_comma && has_dot {
        return Err(NumberError {
            hint: Some("thousands separators are not allowed; write the number as 1234.5".into()),
        });
    }
    let normalised;
    let s = if has_comma {
        if !decimal_comma {
            return Err(NumberError {
                hint: Some("a decimal comma needs ';' or tab as the delimiter; write 81.45".into()),
            });
        }
        if s.matches(',').count() > 1 {
            return Err(NumberError {
                hint: Some("thousands separators are not allowed".into()),
            });
        }
        normalised = s.replace(',', ".");
        normalised.as_str()
    } else {
        s
    };
    let valid = !s.is_empty()
        && s.trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && s.trim_start_matches(['-', '+'])
            .chars()
            .any(|c| c.is_ascii_digit())
        && s.matches('.').count() <= 1;
    if !valid {
        let hint = if s.contains('%') {
            Some("write points, not a percentage".to_string())
        } else {
            None
        };
        return Err(NumberError { hint });
    }
    Decimal::from_str(s)
        .map_err(|_| NumberError { hint: None })
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> (Table, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let t = read_csv(Path::new("t.csv"), text, &mut diags).unwrap();
        (t, diags)
    }

    #[test]
    fn detects_delimiters_and_trims() {
        let (t, d) = table("Unit;Code;Score\n\u{a0}a ; 1 ;81,45\n");
        assert!(d.is_empty());
        assert_eq!(t.delimiter, Some(b';'));
        assert_eq!(t.headers, ["unit", "code", "score"]);
        assert_eq!(t.rows[0].cells, ["a", "1", "81,45"]);
        let (t, _) = table("unit\tcode\nb\t2\n");
        assert_eq!(t.delimiter, Some(b'\t'));
        assert_eq!(t.rows[0].cells, ["b", "2"]);
    }

    #[test]
    fn ignores_trailing_empty_rows_and_columns() {
        let (t, d) = table("unit,code,,\na,1,,\n,,,\n,,,\n");
        assert!(d.is_empty());
        assert_eq!(t.headers.len(), 2);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn extra_values_hint_at_decimal_comma() {
        let (t, d) = table("unit,score\na,81,45\n");
        assert!(t.rows.is_empty());
        assert_eq!(d[0].code, "extra-cells");
        assert!(d[0].hint.as_deref().unwrap().contains("decimal comma"));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_decimal("81.45", false).unwrap().to_string(), "81.45");
        assert_eq!(parse_decimal("81,45", true).unwrap().to_string(), "81.45");
        assert!(parse_decimal("81,45", false).is_err());
        assert!(parse_decimal("1.234,5", true).is_err());
        assert!(parse_decimal("abc", true).is_err());
        assert!(parse_decimal("", true).is_err());
        assert_eq!(parse_decimal("-1", true).unwrap().to_string(), "-1");
        assert_eq!(parse_decimal("10.00", true).unwrap().to_string(), "10");
    }

    #[test]
    fn sheet_names_split_from_workbooks_only() {
        assert_eq!(split_sheet("a.xlsx#Điểm"), ("a.xlsx", Some("Điểm")));
        assert_eq!(split_sheet("a.csv#x"), ("a.csv#x", None));
    }
}
