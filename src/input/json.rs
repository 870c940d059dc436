//! JSON files (`site.json`, `edition.json`) with comment keys.
//!
//! Keys starting with `_` are comments; every other unknown key is an error,
//! so a typo never silently becomes a default. The comments are blanked out
//! of the text (replaced by spaces, keeping every line and column), and the
//! result is read with `deny_unknown_fields`, so serde_json's own positions
//! still point into the file the publisher wrote.

use crate::diag::{Diagnostic, Location};
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
        "the JSON file is too large to be a settings file",
    )
    .found(format!("{size} bytes"))
    .expected(format!("at most {MAX_BYTES} bytes"))
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
                "this text is longer than a spreadsheet cell can hold",
            )
            .expected(format!(
                "at most {MAX_STRING_CHARS} characters, as in Excel"
            )));
        }
        Err(Scan::TooDeep(at)) => {
            return Err(Diagnostic::error(
                "json-too-deep",
                at_byte(path, text, at),
                format!("arrays and objects nest more than {MAX_DEPTH} deep here"),
            )
            .expected(format!("at most {MAX_DEPTH} levels of nesting")));
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
            Some("keys starting with _ are comments and are ignored"),
        )
    } else if message.starts_with("missing field") {
        ("missing-key", None)
    } else if message.starts_with("number out of range") {
        (
            "number-out-of-range",
            Some("points, maxima and the scale are far smaller; check for a typing mistake"),
        )
    } else if error.is_syntax() || error.is_eof() {
        (
            "invalid-json",
            Some("check for a missing comma or quote, or a trailing comma, just before this point"),
        )
    } else {
        ("invalid-value", None)
    };
    let mut d = Diagnostic::error(code, Location::at(path, line, column), message.clone());
    if let Some((found, expected)) = message.split_once(", expected ") {
        d = d.found(found.to_string()).expected(expected.to_string());
    }
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    if code == "unknown-key" {
        if let Some((unknown, known)) = unknown_key_parts(&message) {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            if let Some(close) = crate::input::table::closest(&unknown, &known) {
                d = d.hint(format!(
                    "did you mean \"{close}\"? Keys starting with _ are comments"
                ));
            }
        }
    }
    d
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
    fn missing_key_is_reported() {
        let d = parse::<Doc>(Path::new("e.json"), "{\"bands\": []}").unwrap_err();
        assert_eq!(d.code, "missing-key");
        assert!(d.message.contains("year"));
    }
}
