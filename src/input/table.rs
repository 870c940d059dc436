//! Tables from CSV files and Excel workbooks, as rows of trimmed NFC text.
//!
//! Every row keeps the line (or spreadsheet row) it came from, so each later
//! check can point at the exact cell. Header names are matched
//! case-insensitively; columns starting with `_` are comments.

use super::decode::{decode_owned, nfc, DecodeError};
use crate::diag::{Diagnostic, Location, Tr};
use crate::tr;
use calamine::{open_workbook_auto, Data, Reader};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One data row: the line (or spreadsheet row) it came from and its
/// trimmed cells, `cell(i)` belonging to `Table::headers[i]`; missing
/// trailing cells are empty.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub line: usize,
    text: &'a str,
    extra: &'a str,
    spans: &'a [(usize, usize)],
}

impl<'a> Row<'a> {
    pub fn cell(&self, i: usize) -> &'a str {
        span_text(self.text, self.extra, self.spans[i])
    }

    pub fn cells(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.spans.len()).map(|i| self.cell(i))
    }
}

/// A cell's text: a span of the file's text, or past its end, of the
/// cells held apart.
fn span_text<'a>(text: &'a str, extra: &'a str, (start, end): (usize, usize)) -> &'a str {
    if start == end {
        return "";
    }
    match start.checked_sub(text.len()) {
        Some(at) => &extra[at..end - text.len()],
        None => &text[start..end],
    }
}

/// A table holds the file's text as decoded and each cell as a span of it:
/// a national scores file has millions of cells, and a `String` each was
/// most of the time and memory of loading. Cells that are not a plain
/// slice of the text (a quoted cell with doubled quotes, a workbook's
/// cells) are held apart in `extra`.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// Lower-cased, trimmed header names.
    pub headers: Vec<String>,
    pub header_line: usize,
    /// `,`, `;` or tab for CSV; `None` for workbooks.
    pub delimiter: Option<u8>,
    text: String,
    /// Cells held apart, back to back; addressed from `text.len()` on.
    extra: String,
    /// Start and end of each kept row's cells, `headers.len()` per row.
    spans: Vec<(usize, usize)>,
    /// Line of each kept row.
    lines: Vec<usize>,
}

/// What a file name in `edition.json` may carry: `scores.xlsx#Điểm`.
pub fn split_sheet(name: &str) -> (&str, Option<&str>) {
    match name.split_once('#') {
        Some((file, sheet)) if file.to_ascii_lowercase().ends_with(".xlsx") => (file, Some(sheet)),
        _ => (name, None),
    }
}

/// A table read as it is laid out, without a header: every row that is
/// not empty, with its line (or spreadsheet row) and its trimmed NFC
/// cells, for tables whose header is not the first row (a wide scores
/// table under its title).
#[derive(Debug, Clone)]
pub struct Grid {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// `,`, `;` or tab for CSV; `None` for workbooks.
    pub delimiter: Option<u8>,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone)]
pub struct GridRow {
    pub line: usize,
    /// From the first column on (a cell of column C is `cells[2]`).
    pub cells: Vec<GridCell>,
}

#[derive(Debug, Clone, Default)]
pub struct GridCell {
    pub text: String,
    /// A workbook cell that holds a number, not text: `1.10` typed as a
    /// number reads as `1.1`.
    pub number: bool,
}

impl Grid {
    /// Reads `path` (a `.csv`, or a `.xlsx` with an optional sheet) as
    /// [`Table::read`] does, keeping every row. `starts_header`: whether a
    /// cell is the first of the header row; a CSV's delimiter is the one
    /// that makes a line start with such a cell, so that a title above
    /// the header (`Kèm theo Quyết định số 74/QĐ-UBND, ngày ...`) does not
    /// mislead it.
    pub fn read(
        path: &Path,
        sheet: Option<&str>,
        starts_header: impl Fn(&str) -> bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Grid, Diagnostic> {
        let is_workbook = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let (delimiter, text) = if is_workbook {
            (None, String::new())
        } else {
            let bytes = std::fs::read(path).map_err(|e| io_diagnostic(path, &e))?;
            let (text, invalid) = decode_file(path, bytes)?;
            let delimiter =
                text.lines()
                    .take(MAX_GRID_TITLE_LINES)
                    .find_map(|line| {
                        [b',', b';', b'\t'].into_iter().find(|&d| {
                            line.as_bytes().contains(&d)
                                && line.split(char::from(d)).next().is_some_and(|first| {
                                    starts_header(clean(first).trim_matches('"'))
                                })
                        })
                    })
                    .unwrap_or_else(|| detect_delimiter(&text));
            if !invalid.is_empty() {
                diagnostics.extend(encoding_errors(path, &text, &invalid, |line, at| {
                    field_number(line, at, delimiter)
                }));
            }
            (Some(delimiter), text)
        };
        let mut builder = TableBuilder::new(path.to_path_buf(), None, delimiter, diagnostics);
        builder.grid = Some(GridRows::default());
        if is_workbook {
            workbook_rows(path, sheet, &mut builder)?;
        } else {
            csv_rows(path, &text, &mut builder)?;
        }
        Ok(Grid {
            file: builder.file,
            sheet: builder.sheet,
            delimiter,
            rows: builder.grid.map(|g| g.rows).unwrap_or_default(),
        })
    }

    /// Where cell `column` (0-based) of the row on `line` is.
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

    /// As [`Table::accepts_decimal_comma`].
    pub fn accepts_decimal_comma(&self) -> bool {
        self.delimiter != Some(b',')
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
            let (text, invalid) = decode_file(path, bytes)?;
            if !invalid.is_empty() {
                let delimiter = detect_delimiter(&text);
                diagnostics.extend(encoding_errors(path, &text, &invalid, |line, at| {
                    field_number(line, at, delimiter)
                }));
            }
            read_csv(path, text, diagnostics)
        }
    }

    /// The data rows, in file order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        let width = self.headers.len();
        self.lines.iter().enumerate().map(move |(r, &line)| Row {
            line,
            text: &self.text,
            extra: &self.extra,
            spans: &self.spans[r * width..(r + 1) * width],
        })
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
                tr!(
                    "unknown column \"{header}\"",
                    "cột \"{header}\" không có trong mẫu"
                ),
            )
            .found(Tr::new(header.clone(), format!("cột \"{header}\"")))
            .expected(tr!("one of: {}", "một trong các cột: {}", known.join(", ")));
            if let Some(close) = closest(header, known) {
                d = d.hint(tr!(
                    "did you mean \"{close}\"? Columns starting with _ are comments",
                    "có phải là \"{close}\"? Cột có tên bắt đầu bằng _ là cột ghi chú"
                ));
            } else if header.contains(';') || header.contains('\t') {
                d = d.hint(tr!(
                    "the header holds a ';' or tab: is the delimiter detected wrongly?",
                    "dòng tiêu đề có dấu ';' hoặc tab: có phải dấu phân cách bị nhận sai?"
                ));
            } else {
                d = d.hint(tr!(
                    "columns starting with _ are comments and are ignored",
                    "cột có tên bắt đầu bằng _ là cột ghi chú và được bỏ qua"
                ));
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
                        tr!(
                            "required column \"{name}\" is missing",
                            "thiếu cột bắt buộc \"{name}\""
                        ),
                    )
                    .found(tr!("columns: {}", "các cột: {}", self.headers.join(", ")))
                    .expected(tr!(
                        "a column named \"{name}\"",
                        "một cột có tên \"{name}\""
                    )),
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
        std::io::ErrorKind::NotFound => {
            ("missing-file", tr!("file not found", "không tìm thấy tệp"))
        }
        _ => (
            "unreadable-file",
            tr!(
                "cannot read the file: {error}",
                "không đọc được tệp: {error}"
            ),
        ),
    };
    Diagnostic::error(code, Location::file(path), message)
}

/// Decodes a text file, turning encoding problems into diagnostics. Also
/// gives the bytes that are not UTF-8 in a file read as UTF-8 (see
/// [`Decoded::invalid`](super::decode::Decoded)), for the reader to place
/// with [`encoding_errors`].
pub fn decode_file(path: &Path, bytes: Vec<u8>) -> Result<(String, Vec<(usize, u8)>), Diagnostic> {
    decode_owned(bytes)
        .map(|(text, decoded)| (text, decoded.invalid))
        .map_err(|e| match e {
            DecodeError::Binary { line } => Diagnostic::error(
                "binary-file",
                match line {
                    Some(line) => Location::at(path, line, None),
                    None => Location::file(path),
                },
                tr!(
                    "the file is not text (it holds binary data)",
                    "tệp không phải là tệp văn bản (có chứa dữ liệu nhị phân)"
                ),
            )
            .expected(tr!(
                "a text file in UTF-8, UTF-16 with BOM or Windows-1258",
                "một tệp văn bản mã UTF-8, UTF-16 có BOM hoặc Windows-1258"
            ))
            .hint(tr!(
                "export the sheet again as CSV, or name the .xlsx workbook itself",
                "hãy xuất lại trang tính thành CSV, hoặc dùng trực tiếp tệp Excel .xlsx"
            )),
            DecodeError::UnknownEncoding { guess } => Diagnostic::error(
                "unknown-encoding",
                Location::file(path),
                tr!(
                    "the file's text encoding is not one chiso reads",
                    "bảng mã của tệp không phải loại chiso đọc được"
                ),
            )
            .found(tr!(
                "text that looks like {guess}",
                "văn bản có vẻ theo bảng mã {guess}"
            ))
            .expected(tr!(
                "UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258",
                "UTF-8 (có hoặc không có BOM), UTF-16 có BOM, hoặc Windows-1258"
            ))
            .hint(tr!(
                "in Excel, save as \"CSV UTF-8 (Comma delimited)\"",
                "trong Excel, chọn Lưu thành \"CSV UTF-8 (Comma delimited)\""
            )),
        })
}

/// At most this many `mixed-encoding` errors are given one by one per file;
/// one more says how many there are in all.
const ENCODING_ERRORS_SHOWN: usize = 20;

/// One `mixed-encoding` error per byte that is not UTF-8 in a file read as
/// UTF-8: `column` gives the column of a byte offset within its line (the
/// field number in a CSV table, the character in JSON).
pub fn encoding_errors(
    path: &Path,
    text: &str,
    invalid: &[(usize, u8)],
    column: impl Fn(&str, usize) -> usize,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (mut line, mut line_start, mut scanned) = (1, 0, 0);
    for (n, &(at, byte)) in invalid.iter().enumerate() {
        for (i, &b) in text.as_bytes()[scanned..at].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = at;
        let line_text = text[line_start..].split('\n').next().unwrap_or("");
        let location = Location::at(path, line, Some(column(line_text, at - line_start)));
        if n == ENCODING_ERRORS_SHOWN {
            out.push(
                Diagnostic::error(
                    "mixed-encoding",
                    location,
                    tr!(
                        "{} more bytes from here on are not UTF-8",
                        "từ đây trở đi còn {} byte nữa không theo mã UTF-8",
                        invalid.len() - ENCODING_ERRORS_SHOWN
                    ),
                )
                .expected(tr!(
                    "UTF-8, like the rest of the file",
                    "mã UTF-8, như phần còn lại của tệp"
                ))
                .hint(tr!(
                    "save the whole file again as \"CSV UTF-8\", after retyping the text shown as \u{fffd}",
                    "hãy gõ lại phần chữ hiện thành \u{fffd}, rồi lưu lại cả tệp thành \"CSV UTF-8\""
                )),
            );
            break;
        }
        let one = [byte];
        let (as_1258, _, _) = encoding_rs::WINDOWS_1258.decode(&one);
        out.push(
            Diagnostic::error(
                "mixed-encoding",
                location,
                tr!(
                    "this file mixes encodings: it is UTF-8, but this byte is not",
                    "tệp này dùng lẫn nhiều bảng mã: tệp theo mã UTF-8 nhưng byte này thì không"
                ),
            )
            .found(tr!(
                "the byte 0x{byte:02X} (\"{as_1258}\" in Windows-1258), read as \u{fffd}",
                "byte 0x{byte:02X} (là \"{as_1258}\" trong Windows-1258), đọc thành \u{fffd}"
            ))
            .expected(tr!(
                "UTF-8, like the rest of the file",
                "mã UTF-8, như phần còn lại của tệp"
            ))
            .hint(tr!(
                "the text was probably pasted from a file in another encoding: retype it",
                "có lẽ đoạn chữ này được dán từ một tệp dùng bảng mã khác: hãy gõ lại"
            )),
        );
    }
    out
}

/// The 1-based field number of byte `at` of a CSV line (quotes are assumed
/// closed at the line's start).
fn field_number(line: &str, at: usize, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut field = 1;
    for &b in &line.as_bytes()[..at.min(line.len())] {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            field += 1;
        }
    }
    field
}

/// The 1-based character column of byte `at` of a line.
pub fn char_column(line: &str, at: usize) -> usize {
    let mut b = at.min(line.len());
    while !line.is_char_boundary(b) {
        b -= 1;
    }
    line[..b].chars().count() + 1
}

/// Trims ASCII and Unicode spaces, including the non-breaking spaces that
/// Excel and Word paste into cells.
pub fn clean(cell: &str) -> &str {
    cell.trim_matches(is_space)
}

/// [`clean`] at the start only.
fn clean_start(cell: &str) -> &str {
    cell.trim_start_matches(is_space)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}'
}

/// The delimiter of the first line that holds one: the header, or a title
/// row above it ("BẢNG TỔNG HỢP ĐIỂM"), which holds none unless Excel
/// padded it with the delimiter.
fn detect_delimiter(text: &str) -> u8 {
    let count = |line: &str| {
        let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
        let mut quoted = false;
        for c in line.bytes() {
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
        counts
    };
    let counts = text
        .lines()
        .filter(|l| !clean(l).is_empty())
        .take(MAX_TITLE_ROWS + 1)
        .map(count)
        .find(|c| c.iter().any(|(_, n)| *n > 0))
        .unwrap_or_default();
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
    text: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Table, Diagnostic> {
    let delimiter = detect_delimiter(&text);
    let mut builder = TableBuilder::new(path.to_path_buf(), None, Some(delimiter), diagnostics);
    csv_rows(path, &text, &mut builder)?;
    builder.finish(text)
}

/// Feeds every record of a CSV text to `builder`, with its line.
fn csv_rows(path: &Path, text: &str, builder: &mut TableBuilder) -> Result<(), Diagnostic> {
    let delimiter = builder.delimiter.unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // Sized once, not grown by doubling.
    // Counted in blocks of u8 sums, which vectorise.
    let lines = text
        .as_bytes()
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
        .sum::<usize>()
        + 1;
    builder.lines.reserve(lines);
    let mut record = csv::ByteRecord::new();
    let mut spans = Vec::new();
    // The reader's own line count is off for CRLF files (what Excel on
    // Windows writes) and skips blank lines: lines are counted here from
    // where each record starts, as an editor numbers them.
    let mut counted = (0usize, 1usize);
    let mut line_of = |byte: usize| -> usize {
        let (from, line) = counted;
        // The reader may place a record at the `\n` of the CRLF before it.
        let bytes = text.as_bytes();
        let mut byte = byte;
        while byte < bytes.len() && (bytes[byte] == b'\n' || bytes[byte] == b'\r') {
            byte += 1;
        }
        let to = byte.clamp(from, text.len());
        let more = text.as_bytes()[from..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = (to, line + more);
        line + more
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let position = record.position();
                let start = position.and_then(|p| usize::try_from(p.byte()).ok());
                let line = match start {
                    Some(byte) => line_of(byte),
                    None => position.map_or(0, |p| p.line() as usize),
                };
                locate_fields(
                    text,
                    start,
                    &record,
                    delimiter,
                    &mut builder.extra,
                    &mut spans,
                );
                builder.push(text, line, &spans);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| {
                    usize::try_from(p.byte()).map_or(p.line() as usize, &mut line_of)
                });
                return Err(Diagnostic::error(
                    "invalid-csv",
                    Location::at(path, line.max(1), None),
                    tr!("the CSV cannot be read: {e}", "không đọc được tệp CSV: {e}"),
                )
                .hint(tr!(
                    "check for a quote (\") that is opened but never closed",
                    "hãy kiểm tra xem có dấu nháy kép (\") nào mở ra mà không đóng lại"
                )));
            }
        }
    }
    Ok(())
}

/// The trimmed span of each of a record's fields. The reader gives a
/// field's bytes, not where they are, so each field is matched against
/// the text from where the record starts, quoted or not: a field found
/// there byte for byte is a span of the text; one that is not (doubled
/// quotes, or text the reader read leniently) is copied to `extra`, and so
/// is every field after it.
fn locate_fields(
    text: &str,
    start: Option<usize>,
    record: &csv::ByteRecord,
    delimiter: u8,
    extra: &mut String,
    spans: &mut Vec<(usize, usize)>,
) {
    let bytes = text.as_bytes();
    let ends_field = |at: usize| {
        bytes
            .get(at)
            .is_none_or(|&b| b == delimiter || b == b'\n' || b == b'\r')
    };
    // Where the next field starts, while the fields are being found.
    let mut at = start.map(|mut at| {
        while bytes.get(at).is_some_and(|&b| b == b'\n' || b == b'\r') {
            at += 1;
        }
        at
    });
    spans.clear();
    for field in record {
        let found = at.and_then(|from| {
            let quoted = bytes.get(from) == Some(&b'"');
            let begin = from + usize::from(quoted);
            let end = begin + field.len();
            let after = end + usize::from(quoted);
            let same = bytes.get(begin..end).is_some_and(|b| same_bytes(b, field))
                && (!quoted || (bytes.get(end) == Some(&b'"') && !field.contains(&b'"')))
                && ends_field(after)
                && text.is_char_boundary(begin)
                && text.is_char_boundary(end);
            same.then_some((begin, end, after + 1))
        });
        let span = match found {
            Some((begin, end, next)) => {
                at = Some(next);
                (begin, end)
            }
            None => {
                at = None;
                let begin = text.len() + extra.len();
                extra.push_str(&String::from_utf8_lossy(field));
                (begin, text.len() + extra.len())
            }
        };
        spans.push(trimmed(span_text(text, extra, span), span));
    }
}

/// Slice equality without a call to `memcmp`: cells are short, and there
/// are millions of them.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The span of `cell` (whose span is `span`) without surrounding spaces.
fn trimmed(cell: &str, (start, end): (usize, usize)) -> (usize, usize) {
    // Most cells (ids, codes, numbers) start and end with a printable ASCII
    // character: nothing to trim.
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => (start, end),
        (None, _) => (start, end),
        _ => {
            let lead = cell.len() - clean_start(cell).len();
            let kept = clean(cell).len();
            (start + lead, start + lead + kept)
        }
    }
}

fn read_workbook(
    path: &Path,
    sheet: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Table, Diagnostic> {
    let mut builder = TableBuilder::new(path.to_path_buf(), None, None, diagnostics);
    workbook_rows(path, sheet, &mut builder)?;
    builder.finish(String::new())
}

/// Feeds every row of a workbook's sheet to `builder`, with its row
/// number, and names the sheet in it.
fn workbook_rows(
    path: &Path,
    sheet: Option<&str>,
    builder: &mut TableBuilder,
) -> Result<(), Diagnostic> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(io_diagnostic(path, &e));
    }
    let mut workbook = open_workbook_auto(path).map_err(|e| {
        Diagnostic::error(
            "unreadable-file",
            Location::file(path),
            tr!(
                "the workbook cannot be opened: {e}",
                "không mở được tệp Excel: {e}"
            ),
        )
        .expected(tr!("an Excel .xlsx workbook", "một tệp Excel .xlsx"))
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
                        tr!(
                            "the workbook has no sheet named \"{wanted}\"",
                            "tệp Excel không có trang tính nào tên \"{wanted}\""
                        ),
                    )
                    .found(tr!("sheets: {}", "các trang tính: {}", names.join(", ")))
                    .expected(tr!(
                        "a sheet named \"{wanted}\"",
                        "một trang tính tên \"{wanted}\""
                    ))
                })?
        }
        None => names.first().cloned().ok_or_else(|| {
            Diagnostic::error(
                "empty-file",
                Location::file(path),
                tr!(
                    "the workbook has no sheet",
                    "tệp Excel không có trang tính nào"
                ),
            )
        })?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        Diagnostic::error(
            "unreadable-file",
            Location::file(path),
            tr!(
                "the sheet \"{name}\" cannot be read: {e}",
                "không đọc được trang tính \"{name}\": {e}"
            ),
        )
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    builder.sheet = Some(nfc(&name));
    let mut spans = Vec::new();
    for (i, row) in range.rows().enumerate() {
        // Cells left of the used range are empty; keep column positions so
        // diagnostics name the right spreadsheet column.
        spans.clear();
        spans.resize(first_col as usize, (0, 0));
        if let Some(grid) = &mut builder.grid {
            grid.numbers.clear();
            grid.numbers.resize(first_col as usize, false);
            grid.numbers.extend(
                row.iter()
                    .map(|c| matches!(c, Data::Float(_) | Data::Int(_))),
            );
        }
        for cell in row {
            let begin = builder.extra.len();
            builder.extra.push_str(&cell_text(cell));
            spans.push((begin, builder.extra.len()));
        }
        builder.push("", first_row as usize + i + 1, &spans);
    }
    Ok(())
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
                float_text(*f)
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

/// A fractional number cell. Excel holds 15 significant digits in a binary
/// fraction: a computed cell (`=58.46/3`) holds 19.486666666666668, read to
/// [`MAX_DECIMALS`] decimals as 19.486666667. A number that would round to
/// 0 keeps all its digits, to be refused as out of range.
fn float_text(f: f64) -> String {
    let text = format!("{f}");
    match Decimal::from_str(&text) {
        Ok(d) if d.scale() > MAX_DECIMALS => {
            let rounded = d
                .round_dp_with_strategy(
                    MAX_DECIMALS,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                )
                .normalize();
            if rounded.is_zero() {
                text
            } else {
                rounded.to_string()
            }
        }
        _ => text,
    }
}

/// The most lines searched for a grid's header, to find the delimiter.
const MAX_GRID_TITLE_LINES: usize = 50;

/// The most rows of one cell read as title rows above a header.
const MAX_TITLE_ROWS: usize = 5;

/// Columns of numbers, in any file kind: where a decimal comma splits a
/// value.
const NUMBER_COLUMNS: &[&str] = &["score", "max", "self_score", "achieved", "index", "value"];

/// Makes a table from raw rows as they are read: the first row with a
/// non-empty cell is the header; empty rows are skipped; rows with more
/// values than the header are reported and left out.
struct TableBuilder<'d> {
    file: PathBuf,
    sheet: Option<String>,
    delimiter: Option<u8>,
    headers: Vec<String>,
    header_line: usize,
    extra: String,
    spans: Vec<(usize, usize)>,
    lines: Vec<usize>,
    /// The header row's cell count, trailing empty cells included.
    raw_width: usize,
    started: bool,
    /// Rows of one cell before the header: title rows, if a row of several
    /// cells follows them; else the first is the header.
    pending: Vec<(usize, Vec<(usize, usize)>)>,
    /// Set to keep every row as it is, without a header: see [`Grid`].
    grid: Option<GridRows>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// The rows a builder in grid mode keeps.
#[derive(Default)]
struct GridRows {
    rows: Vec<GridRow>,
    /// Which cells of the row being pushed are numbers (workbooks only).
    numbers: Vec<bool>,
}

impl<'d> TableBuilder<'d> {
    fn new(
        file: PathBuf,
        sheet: Option<String>,
        delimiter: Option<u8>,
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Self {
        TableBuilder {
            file,
            sheet,
            delimiter,
            headers: Vec::new(),
            header_line: 0,
            extra: String::new(),
            spans: Vec::new(),
            lines: Vec::new(),
            raw_width: 0,
            started: false,
            pending: Vec::new(),
            grid: None,
            diagnostics,
        }
    }

    fn location(&self, line: usize, column: Option<usize>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line: Some(line),
            column: column.map(|c| c + 1),
        }
    }

    /// One raw row: its cells' trimmed spans in `text` (the file's text) or
    /// past it in `extra`.
    fn push(&mut self, text: &str, line: usize, row: &[(usize, usize)]) {
        let len = row.len();
        if row.iter().all(|(start, end)| start == end) {
            return;
        }
        if let Some(grid) = &mut self.grid {
            let numbers = std::mem::take(&mut grid.numbers);
            grid.rows.push(GridRow {
                line,
                cells: row
                    .iter()
                    .enumerate()
                    .map(|(i, &span)| GridCell {
                        text: span_text(text, &self.extra, span).to_string(),
                        number: numbers.get(i).copied().unwrap_or(false),
                    })
                    .collect(),
            });
            return;
        }
        if !self.started {
            let filled = row.iter().filter(|(start, end)| start != end).count();
            if filled == 1 && self.pending.len() < MAX_TITLE_ROWS {
                self.pending.push((line, row.to_vec()));
                return;
            }
            if filled > 1 && !self.pending.is_empty() {
                self.title_rows(text, line);
                self.pending.clear();
            }
            if self.pending.is_empty() {
                self.header(text, line, row);
            } else {
                self.replay(text);
                self.push(text, line, row);
            }
            return;
        }
        let width = self.headers.len();
        let delimiter = self.delimiter;
        // Excel gives every row as many cells as the header; a CSV row with
        // more was split by a stray delimiter (often a decimal comma), even
        // where the extra cell is empty.
        let misaligned = delimiter.is_some() && len > self.raw_width;
        let extra = row[width.min(len)..]
            .iter()
            .position(|(start, end)| start != end);
        if misaligned || extra.is_some() {
            let extra = extra.unwrap_or(len.saturating_sub(width + 1));
            let split = if delimiter == Some(b',') && misaligned {
                self.split_number(text, row)
            } else {
                None
            };
            let column = split.as_ref().map_or(width + extra, |(i, _)| *i);
            let mut d = Diagnostic::error(
                "extra-cells",
                self.location(line, Some(column)),
                tr!(
                    "this row has more values than the header has columns ({width})",
                    "dòng này có nhiều giá trị hơn số cột của dòng tiêu đề ({width})"
                ),
            )
            .found(tr!("{} values", "{} giá trị", len.max(width + extra + 1)))
            .expected(tr!(
                "{width} values, as in the header",
                "{width} giá trị, như dòng tiêu đề"
            ));
            if let Some((i, number)) = split {
                d = d.hint(tr!(
                    "the {} \"{number}\" has a decimal comma, which splits it in a comma-delimited file: write {}, or use ';' as the delimiter",
                    "giá trị {} \"{number}\" dùng dấu phẩy thập phân, nên bị tách đôi trong tệp phân cách bằng dấu phẩy: hãy viết {}, hoặc dùng dấu ';' để phân cách",
                    self.headers[i],
                    number.replace(',', ".")
                ));
            } else if delimiter == Some(b',') {
                d = d.hint(tr!(
                    "a decimal comma (81,45) splits a value in a comma-delimited file: write 81.45, or use ';' as the delimiter",
                    "dấu phẩy thập phân (81,45) tách đôi giá trị trong tệp phân cách bằng dấu phẩy: hãy viết 81.45, hoặc dùng dấu ';' để phân cách"
                ));
            } else if let Some(d2) = delimiter {
                d = d.hint(tr!(
                    "the delimiter was detected as {} from the header line",
                    "dấu phân cách được nhận theo dòng tiêu đề là {}",
                    delimiter_name(d2)
                ));
            }
            self.diagnostics.push(d);
            return;
        }
        self.spans.extend_from_slice(&row[..width.min(len)]);
        self.spans.extend((len..width).map(|_| (0, 0)));
        self.lines.push(line);
    }

    /// Rows of one cell above a header of several: one diagnostic, not an
    /// `extra-cells` for every row below.
    fn title_rows(&mut self, text: &str, header_line: usize) {
        let (first, row) = &self.pending[0];
        let title = row
            .iter()
            .map(|&span| span_text(text, &self.extra, span))
            .find(|cell| !cell.is_empty())
            .unwrap_or_default();
        let column = row.iter().position(|(start, end)| start != end);
        let lines = match self.pending.len() {
            1 => tr!("the line above it", "dòng phía trên"),
            n => tr!("the {n} lines above it", "{n} dòng phía trên"),
        };
        let d = Diagnostic::error(
            "title-row",
            self.location(*first, column),
            tr!(
                "a title row above the header",
                "có dòng tên bảng nằm trên dòng tiêu đề"
            ),
        )
        .found(format!("\"{title}\""))
        .expected(tr!(
            "the header (the column names) as the first row",
            "dòng tiêu đề (tên các cột) là dòng đầu tiên"
        ))
        .hint(Tr::new(
            format!(
                "the header seems to be on {} {header_line}: delete {}",
                if self.sheet.is_some() { "row" } else { "line" },
                lines.en
            ),
            // Vietnamese says dòng for a row and a line alike.
            format!(
                "dòng tiêu đề có vẻ nằm ở dòng {header_line}: hãy xoá {}",
                lines.vi
            ),
        ));
        self.diagnostics.push(d);
    }

    /// The number column whose value a decimal comma split, and the value
    /// as written: its cell and the next are both digits.
    fn split_number(&self, text: &str, row: &[(usize, usize)]) -> Option<(usize, String)> {
        let cell = |i: usize| row.get(i).map(|&span| span_text(text, &self.extra, span));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        self.headers.iter().enumerate().find_map(|(i, header)| {
            let (whole, fraction) = (cell(i)?, cell(i + 1)?);
            (NUMBER_COLUMNS.contains(&header.as_str())
                && digits(whole.trim_start_matches('-'))
                && digits(fraction))
            .then(|| (i, format!("{whole},{fraction}")))
        })
    }

    /// Rows held back as possible title rows that were not: the first is
    /// the header, the others data.
    fn replay(&mut self, text: &str) {
        let pending = std::mem::take(&mut self.pending);
        for (line, row) in pending {
            if self.started {
                self.push(text, line, &row);
            } else {
                self.header(text, line, &row);
            }
        }
    }

    fn header(&mut self, text: &str, line: usize, row: &[(usize, usize)]) {
        self.started = true;
        self.raw_width = row.len();
        self.header_line = line;
        // Excel writes empty trailing columns; they carry nothing.
        let width = row
            .iter()
            .rposition(|(start, end)| start != end)
            .map_or(0, |p| p + 1);
        self.headers = row[..width]
            .iter()
            .map(|&span| span_text(text, &self.extra, span).to_lowercase())
            .collect();
        self.spans.reserve(self.lines.capacity() * width);
        for (i, h) in self.headers.iter().enumerate() {
            if h.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        "empty-header",
                        self.location(line, Some(i)),
                        tr!("a column has no name", "có một cột không có tên"),
                    )
                    .expected(tr!(
                        "every column in the header named",
                        "mọi cột trong dòng tiêu đề đều có tên"
                    )),
                );
            } else if !h.starts_with('_') && self.headers[..i].contains(h) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "duplicate-column",
                        self.location(line, Some(i)),
                        tr!(
                            "the column \"{h}\" appears twice",
                            "cột \"{h}\" xuất hiện hai lần"
                        ),
                    )
                    .expected(tr!("each column once", "mỗi cột chỉ xuất hiện một lần")),
                );
            }
        }
    }

    /// The table, holding `text`, the text its spans are in.
    fn finish(mut self, text: String) -> Result<Table, Diagnostic> {
        self.replay(&text);
        if !self.started {
            return Err(Diagnostic::error(
                "empty-file",
                Location {
                    sheet: self.sheet,
                    ..Location::file(&self.file)
                },
                tr!("the file has no header line", "tệp không có dòng tiêu đề"),
            )
            .expected(tr!(
                "a header line naming the columns",
                "một dòng tiêu đề ghi tên các cột"
            )));
        }
        Ok(Table {
            file: self.file,
            sheet: self.sheet,
            headers: self.headers,
            header_line: self.header_line,
            delimiter: self.delimiter,
            text,
            extra: self.extra,
            spans: self.spans,
            lines: self.lines,
        })
    }
}

/// Why a cell is not a number, as a diagnostic hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    pub hint: Option<Tr>,
    /// A number, but outside the range chiso reads ([`MAX_WHOLE_DIGITS`],
    /// [`MAX_DECIMALS`]).
    pub out_of_range: bool,
}

/// Digits a number may have before its decimal point: at most 999999.
/// Points, maxima and the scale are far smaller; the bound (with
/// [`MAX_DECIMALS`]) keeps every sum, index and percent the computation
/// makes from them within a decimal's 28 digits, so that no data can make
/// it overflow.
pub const MAX_WHOLE_DIGITS: usize = 6;
/// Decimals a number may have (trailing zeros aside).
pub const MAX_DECIMALS: u32 = 9;

/// The range, as messages state it.
pub const NUMBER_RANGE: Tr = Tr::words(
    "a number from -999999.999999999 to 999999.999999999, with at most 9 decimals",
    "một số từ -999999.999999999 đến 999999.999999999, có tối đa 9 chữ số thập phân",
);

fn too_large() -> NumberError {
    NumberError {
        hint: Some(tr!(
            "numbers have at most {MAX_WHOLE_DIGITS} digits before the decimal point",
            "phần nguyên của số có tối đa {MAX_WHOLE_DIGITS} chữ số"
        )),
        out_of_range: true,
    }
}

fn too_precise() -> NumberError {
    NumberError {
        hint: Some(tr!(
            "numbers have at most {MAX_DECIMALS} decimals: round the value",
            "số có tối đa {MAX_DECIMALS} chữ số thập phân: hãy làm tròn giá trị"
        )),
        out_of_range: true,
    }
}

/// `d` if it is within the range chiso reads, normalised.
pub fn in_range(d: Decimal) -> Result<Decimal, NumberError> {
    let d = d.normalize();
    if d.scale() > MAX_DECIMALS {
        return Err(too_precise());
    }
    if d.abs() >= Decimal::from(10u64.pow(MAX_WHOLE_DIGITS as u32)) {
        return Err(too_large());
    }
    Ok(d)
}

/// Parses a score-like number: `81.45`, or `81,45` where the table accepts
/// decimal commas. Thousands separators are refused: in a score they are
/// indistinguishable from a decimal mark. Numbers outside the range
/// ([`NUMBER_RANGE`]) are refused as such.
pub fn parse_decimal(text: &str, decimal_comma: bool) -> Result<Decimal, NumberError> {
    if let Some(d) = plain_decimal(text) {
        return in_range(d);
    }
    let s = clean(text);
    let has_comma = s.contains(',');
    let has_dot = s.contains('.');
    if has_comma && has_dot {
        return Err(NumberError {
            hint: Some(tr!(
                "thousands separators are not allowed; write the number as 1234.5",
                "không dùng dấu phân cách hàng nghìn; hãy viết số dạng 1234.5"
            )),
            out_of_range: false,
        });
    }
    let normalised;
    let s = if has_comma {
        if !decimal_comma {
            return Err(NumberError {
                hint: Some(tr!(
                    "a decimal comma needs ';' or tab as the delimiter; write 81.45",
                    "muốn dùng dấu phẩy thập phân thì tệp phải phân cách bằng ';' hoặc tab; hãy viết 81.45"
                )),
                out_of_range: false,
            });
        }
        if s.matches(',').count() > 1 {
            return Err(NumberError {
                hint: Some(tr!(
                    "thousands separators are not allowed",
                    "không dùng dấu phân cách hàng nghìn"
                )),
                out_of_range: false,
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
            Some(tr!(
                "write points, not a percentage",
                "hãy ghi số điểm, không ghi tỷ lệ phần trăm"
            ))
        } else {
            None
        };
        return Err(NumberError {
            hint,
            out_of_range: false,
        });
    }
    // Counted on the text: the general parser rounds what does not fit in
    // 28 digits, and a tiny number would read as 0.
    let (whole, fraction) = s
        .trim_start_matches(['-', '+'])
        .split_once('.')
        .unwrap_or((s.trim_start_matches(['-', '+']), ""));
    if whole.trim_start_matches('0').len() > MAX_WHOLE_DIGITS {
        return Err(too_large());
    }
    if fraction.trim_end_matches('0').len() > MAX_DECIMALS as usize {
        return Err(too_precise());
    }
    Decimal::from_str(s)
        .map_err(|_| NumberError {
            hint: None,
            out_of_range: false,
        })
        .and_then(in_range)
}

/// The common form, `19.49` or `3`: digits with at most one dot between
/// digits, few enough to add up in a `u64`. Read without the general
/// parser, normalised as it normalises (no trailing fractional zeros).
fn plain_decimal(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut scale: u32 = 0;
    let mut dot = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if dot.is_some() {
                    scale += 1;
                }
            }
            b'.' if dot.is_none() && i > 0 && i + 1 < bytes.len() => dot = Some(i),
            _ => return None,
        }
    }
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Some(Decimal::from_i128_with_scale(i128::from(mantissa), scale))
}

#[cfg(test)]
mod tests;
