//! JSON files (`site.json`, `edition.json`) with comment keys.
//!
//! Keys starting with `_` are comments; every other unknown key is an error,
//! so a typo never silently becomes a default. The comments are blanked out
//! of the text (replaced by spaces, keeping every line and column), and the
//! result is read with `deny_unknown_fields`, so serde_json's own positions
//! still point into the file the publisher wrote.

use crate::diag::{Diagnostic, Location, Tr};
use crate::tr;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The deepest nesting of arrays and objects read. chiso's own files
/// nest three deep; a limit keeps a hostile file from costing time or
/// stack.
pub const MAX_DEPTH: usize = 64;

/// The largest JSON file read, in bytes. `site.json` and `edition.json`
/// are a few kilobytes.
pub const MAX_BYTES: usize = 1 << 20;

/// The error for a JSON file larger than [`MAX_BYTES`].
pub fn too_large(path: &Path, size: u64) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        Location::file(path),
        tr!(
            "the JSON file is too large to be a settings file",
            "tệp JSON quá lớn, không thể là một tệp thiết lập"
        ),
    )
    .found(tr!("{size} bytes", "{size} byte"))
    .expected(tr!("at most {MAX_BYTES} bytes", "tối đa {MAX_BYTES} byte"))
}

pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    if text.len() > MAX_BYTES {
        return Err(too_large(path, text.len() as u64));
    }
    let blanks = match comment_spans(text) {
        Ok(blanks) => blanks,
        Err(Scan::TooLong(at)) => {
            return Err(Diagnostic::error(
                "text-too-long",
                at_byte(path, text, at),
                tr!(
                    "this text is longer than a spreadsheet cell can hold",
                    "đoạn chữ này dài hơn sức chứa của một ô bảng tính"
                ),
            )
            .expected(tr!(
                "at most {MAX_STRING_CHARS} characters, as in Excel",
                "tối đa {MAX_STRING_CHARS} ký tự, như giới hạn của Excel"
            )));
        }
        Err(Scan::TooDeep(at)) => {
            return Err(Diagnostic::error(
                "json-too-deep",
                at_byte(path, text, at),
                tr!(
                    "arrays and objects nest more than {MAX_DEPTH} deep here",
                    "ở đây mảng và đối tượng lồng nhau quá {MAX_DEPTH} cấp"
                ),
            )
            .expected(tr!(
                "at most {MAX_DEPTH} levels of nesting",
                "lồng nhau tối đa {MAX_DEPTH} cấp"
            )));
        }
        Err(Scan::Syntax) => {
            // The scanner only finds that something is wrong; serde_json
            // says what and where.
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
                return Err(syntax_error(path, text, &e));
            }
            Vec::new()
        }
    };
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in blanks {
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Blanking replaces whole UTF-8 sequences with ASCII spaces, so the
    // result is still valid UTF-8.
    let cleaned = String::from_utf8(bytes).unwrap_or_default();
    serde_json::from_str(&cleaned).map_err(|e| syntax_error(path, text, &e))
}

/// The most characters of a JSON string: Excel's limit for a cell, which
/// the open-data workbook must keep to (titles and names go there).
pub const MAX_STRING_CHARS: usize = 32_767;

/// The line and character column of byte `at`.
fn at_byte(path: &Path, text: &str, at: usize) -> Location {
    let line = 1 + text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let column = crate::input::table::char_column(&text[line_start..], at - line_start);
    Location::at(path, line, Some(column))
}

enum Scan {
    /// Nesting deeper than [`MAX_DEPTH`], at this byte.
    TooDeep(usize),
    /// A string longer than [`MAX_STRING_CHARS`], starting at this byte.
    TooLong(usize),
    Syntax,
}

/// One `"key": value` of an object being scanned.
struct Entry {
    key_start: usize,
    value_end: usize,
    comment: bool,
    /// The comma after it, if any.
    comma: Option<usize>,
}

/// An open array (`None`) or object (its entries so far, and whether the
/// key of the value being read is a comment).
type Frame = Option<(Vec<Entry>, usize, bool)>;

/// The byte spans to blank so that every `"_key": value` is gone from every
/// object and the rest is still JSON: each comment entry, and the commas
/// that would be left without an entry after them. One pass with a stack
/// of its own, so that nesting costs neither time nor the thread's stack.
fn comment_spans(text: &str) -> Result<Vec<(usize, usize)>, Scan> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let skip_ws = |i: &mut usize| {
        while b
            .get(*i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            *i += 1;
        }
    };
    let string_end = |start: usize| -> Result<usize, Scan> {
        let mut i = start + 1;
        loop {
            match b.get(i) {
                Some(b'"') => {
                    if i - start > MAX_STRING_CHARS
                        && text[start + 1..i].chars().count() > MAX_STRING_CHARS
                    {
                        return Err(Scan::TooLong(start));
                    }
                    return Ok(i + 1);
                }
                Some(b'\\') => i += 2,
                Some(_) => i += 1,
                None => return Err(Scan::Syntax),
            }
        }
    };
    // Reads `"key":` at `i`, for the object on top of the stack.
    let key = |i: &mut usize, stack: &mut Vec<Frame>| -> Result<(), Scan> {
        skip_ws(i);
        if b.get(*i) != Some(&b'"') {
            return Err(Scan::Syntax);
        }
        let start = *i;
        *i = string_end(*i)?;
        skip_ws(i);
        if b.get(*i) != Some(&b':') {
            return Err(Scan::Syntax);
        }
        *i += 1;
        if let Some(Some((_, key_start, comment))) = stack.last_mut() {
            *key_start = start;
            *comment = b.get(start + 1) == Some(&b'_');
        }
        Ok(())
    };
    'value: loop {
        skip_ws(&mut i);
        match b.get(i) {
            Some(&open @ (b'{' | b'[')) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Scan::TooDeep(i));
                }
                i += 1;
                skip_ws(&mut i);
                let close = if open == b'{' { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    i += 1;
                } else {
                    stack.push((open == b'{').then(|| (Vec::new(), 0, false)));
                    if open == b'{' {
                        key(&mut i, &mut stack)?;
                    }
                    continue 'value;
                }
            }
            Some(b'"') => i = string_end(i)?,
            Some(_) => {
                let start = i;
                while b
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
                {
                    i += 1;
                }
                if i == start {
                    return Err(Scan::Syntax);
                }
            }
            None => return Err(Scan::Syntax),
        }
        // A value ends at `i`: it belongs to the container on top.
        loop {
            let value_end = i;
            let Some(top) = stack.last_mut() else {
                return Ok(out);
            };
            if let Some((entries, key_start, comment)) = top {
                entries.push(Entry {
                    key_start: *key_start,
                    value_end,
                    comment: *comment,
                    comma: None,
                });
            }
            skip_ws(&mut i);
            match (b.get(i), &mut *top) {
                (Some(b','), Some((entries, _, _))) => {
                    if let Some(last) = entries.last_mut() {
                        last.comma = Some(i);
                    }
                    i += 1;
                    key(&mut i, &mut stack)?;
                    continue 'value;
                }
                (Some(b','), None) => {
                    i += 1;
                    continue 'value;
                }
                (Some(b'}'), Some((entries, _, _))) => {
                    i += 1;
                    blank_comments(entries, &mut out);
                    stack.pop();
                }
                (Some(b']'), None) => {
                    i += 1;
                    stack.pop();
                }
                _ => return Err(Scan::Syntax),
            }
        }
    }
}

/// The spans to blank in one object: each comment entry, and each comma
/// not between two entries that are kept.
fn blank_comments(entries: &[Entry], out: &mut Vec<(usize, usize)>) {
    let last_kept = entries.iter().rposition(|e| !e.comment);
    for (n, entry) in entries.iter().enumerate() {
        if entry.comment {
            out.push((entry.key_start, entry.value_end));
        }
        if let Some(comma) = entry.comma {
            if entry.comment || last_kept.is_none_or(|k| n >= k) {
                out.push((comma, comma + 1));
            }
        }
    }
}

fn syntax_error(path: &Path, text: &str, error: &serde_json::Error) -> Diagnostic {
    let line = error.line().max(1);
    // serde_json counts bytes; people count characters.
    let column = text.lines().nth(line - 1).map(|l| {
        let byte_col = error.column().min(l.len());
        let mut b = byte_col;
        while b > 0 && !l.is_char_boundary(b) {
            b -= 1;
        }
        l[..b].chars().count().max(1)
    });
    let message = error.to_string();
    // serde_json appends " at line X column Y"; the location says it.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .replace('`', "\"");
    let (code, hint) = if message.starts_with("unknown field") {
        (
            "unknown-key",
            Some(tr!(
                "keys starting with _ are comments and are ignored",
                "khóa có tên bắt đầu bằng _ là ghi chú và được bỏ qua"
            )),
        )
    } else if message.starts_with("missing field") {
        ("missing-key", None)
    } else if message.starts_with("number out of range") {
        (
            "number-out-of-range",
            Some(tr!(
                "points, maxima and the scale are far smaller; check for a typing mistake",
                "điểm, điểm tối đa và thang điểm đều nhỏ hơn nhiều; hãy kiểm tra lỗi gõ"
            )),
        )
    } else if error.is_syntax() || error.is_eof() {
        (
            "invalid-json",
            Some(tr!(
                "check for a missing comma or quote, or a trailing comma, just before this point",
                "hãy kiểm tra ngay trước vị trí này xem có thiếu dấu phẩy, dấu nháy kép, hoặc thừa dấu phẩy cuối không"
            )),
        )
    } else {
        ("invalid-value", None)
    };
    // What an unknown key is expected to be is one of the keys.
    let vi = |text: &str| {
        let text = serde_vi(text);
        if code == "unknown-key" {
            text.replace("một trong các giá trị", "một trong các khóa")
        } else {
            text
        }
    };
    let mut d = Diagnostic::error(
        code,
        Location::at(path, line, column),
        Tr::new(message.clone(), vi(&message)),
    );
    if let Some((found, expected)) = message.split_once(", expected ") {
        d = d
            .found(Tr::new(found, vi(found)))
            .expected(Tr::new(expected, vi(expected)));
    }
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    if code == "unknown-key" {
        if let Some((unknown, known)) = unknown_key_parts(&message) {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            if let Some(close) = crate::input::table::closest(&unknown, &known) {
                d = d.hint(tr!(
                    "did you mean \"{close}\"? Keys starting with _ are comments",
                    "có phải là \"{close}\"? Khóa có tên bắt đầu bằng _ là ghi chú"
                ));
            }
        }
    }
    d
}

/// The fixed phrases of serde_json's messages, in Vietnamese; the longer
/// first, since some contain others. Names and values between quotes stay.
const SERDE_PHRASES: &[(&str, &str)] = &[
    (
        "EOF while parsing an object",
        "tệp kết thúc khi một đối tượng chưa đóng",
    ),
    (
        "EOF while parsing a list",
        "tệp kết thúc khi một mảng chưa đóng",
    ),
    (
        "EOF while parsing a string",
        "tệp kết thúc khi một chuỗi chưa đóng",
    ),
    (
        "EOF while parsing a value",
        "tệp kết thúc khi còn thiếu một giá trị",
    ),
    ("EOF while parsing", "tệp kết thúc giữa chừng"),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        "chuỗi có ký tự điều khiển",
    ),
    (
        "key must be a string",
        "khóa phải là một chuỗi trong dấu nháy kép",
    ),
    ("trailing comma", "thừa dấu phẩy ở cuối"),
    ("trailing characters", "còn ký tự thừa sau phần JSON"),
    ("invalid escape", "ký tự thoát (\\) không hợp lệ"),
    ("invalid number", "số không hợp lệ"),
    ("invalid unicode code point", "mã Unicode không hợp lệ"),
    (
        "lone leading surrogate in hex escape",
        "mã Unicode không hợp lệ",
    ),
    ("recursion limit exceeded", "lồng nhau quá sâu"),
    ("number out of range", "số nằm ngoài phạm vi"),
    ("expected value", "thiếu một giá trị"),
    ("expected ident", "cần true, false hoặc null"),
    ("there are no fields", "ở đây không có khóa nào"),
    ("there are no variants", "ở đây không có giá trị nào"),
    ("unknown field", "khóa lạ"),
    ("missing field", "thiếu khóa"),
    ("duplicate field", "khóa bị lặp"),
    ("unknown variant", "giá trị không hợp lệ"),
    ("invalid type:", "sai kiểu dữ liệu:"),
    ("invalid value:", "giá trị không hợp lệ:"),
    ("invalid length", "số phần tử không hợp lệ:"),
    ("expected one of", "cần một trong các giá trị"),
    ("expected", "cần"),
    ("one of", "một trong các giá trị"),
    ("a string", "một chuỗi"),
    ("a sequence", "một mảng"),
    ("a boolean", "true hoặc false"),
    ("floating point", "số thực"),
    ("integer", "số nguyên"),
    ("string", "chuỗi"),
    ("boolean", "giá trị true/false"),
    ("sequence", "mảng"),
    ("unit value", "giá trị rỗng"),
    ("struct", "đối tượng"),
    ("map", "đối tượng"),
    ("u32", "một số nguyên không âm"),
    ("i32", "một số nguyên"),
    ("u64", "một số nguyên không âm"),
    (" or ", " hoặc "),
];

/// serde_json's message `message` in Vietnamese, its phrases replaced word
/// for word; quoted names and values are kept as they are.
pub(super) fn serde_vi(message: &str) -> String {
    let range = crate::input::table::NUMBER_RANGE;
    let mut out = String::new();
    // Only the text outside quotes is translated.
    for (i, part) in message.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut text = part.replace(&*range.en, &range.vi);
        let mut done = String::new();
        'scan: while !text.is_empty() {
            for (en, vi) in SERDE_PHRASES {
                let at_word = |t: &str| {
                    t.starts_with(en)
                        && !t[en.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                };
                if at_word(&text) {
                    done.push_str(vi);
                    text.drain(..en.len());
                    continue 'scan;
                }
            }
            let next = text
                .char_indices()
                .skip(1)
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(text.len(), |(i, _)| i);
            let step = if text.starts_with(|c: char| c.is_alphanumeric()) {
                next
            } else {
                text.chars().next().map_or(1, char::len_utf8)
            };
            done.extend(text.drain(..step));
        }
        out.push_str(&done);
    }
    if out.is_ascii() {
        format!("lỗi JSON: {out}")
    } else {
        out
    }
}

/// The unknown key and the expected ones from serde's message:
/// `unknown field "x", expected one of "a", "b"`.
fn unknown_key_parts(message: &str) -> Option<(String, Vec<String>)> {
    let quoted: Vec<String> = message
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let (first, rest) = quoted.split_first()?;
    Some((first.clone(), rest.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        min: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        year: u32,
        #[serde(default)]
        bands: Vec<Inner>,
    }

    #[test]
    fn comment_keys_are_ignored_everywhere() {
        let text = "{\n  \"_note\": {\"a\": [1, 2]},\n  \"year\": 2022,\n  \"bands\": [{\"min\": 5, \"_why\": \"x\"}],\n  \"_last\": \"ý\"\n}";
        let doc: Doc = parse(Path::new("e.json"), text).unwrap();
        assert_eq!(doc.year, 2022);
        assert_eq!(doc.bands[0].min, 5);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let text = "{\n  \"_c\": \"Đắk\",\n  \"yaer\": 2022\n}";
        let d = parse::<Doc>(Path::new("e.json"), text).unwrap_err();
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.location.line, Some(3));
        assert!(d.message.contains("yaer"), "{}", d.message);
    }

    #[test]
    fn syntax_error_has_character_column() {
        let text = "{\"_c\": \"Đắk Tô\" \"year\": 1}";
        let d = parse::<Doc>(Path::new("e.json"), text).unwrap_err();
        assert_eq!(d.code, "invalid-json");
        assert_eq!(d.location.line, Some(1));
        assert!(d.location.column.unwrap() <= 18);
    }

    #[test]
    fn serde_messages_read_in_vietnamese() {
        for (en, vi) in [
            (
                "unknown field \"yaer\", expected one of \"year\", \"bands\"",
                "khóa lạ \"yaer\", cần một trong các giá trị \"year\", \"bands\"",
            ),
            ("missing field \"year\"", "thiếu khóa \"year\""),
            (
                "invalid type: string \"x\", expected u32",
                "sai kiểu dữ liệu: chuỗi \"x\", cần một số nguyên không âm",
            ),
            ("expected \",\" or \"}\"", "cần \",\" hoặc \"}\""),
            (
                "EOF while parsing an object",
                "tệp kết thúc khi một đối tượng chưa đóng",
            ),
            (
                "unknown variant \"drafts\", expected \"draft\" or \"published\"",
                "giá trị không hợp lệ \"drafts\", cần \"draft\" hoặc \"published\"",
            ),
        ] {
            assert_eq!(serde_vi(en), vi);
        }
        // A message of no known phrase still says it is about the JSON.
        assert_eq!(serde_vi("odd 42"), "lỗi JSON: odd 42");
    }

    #[test]
    fn missing_key_is_reported() {
        let d = parse::<Doc>(Path::new("e.json"), "{\"bands\": []}").unwrap_err();
        assert_eq!(d.code, "missing-key");
        assert!(d.message.contains("year"));
    }
}
