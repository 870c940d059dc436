//! JSON files (`site.json`, `edition.json`) with comment keys.
//!
//! Keys starting with `_` are comments; every other unknown key is an error,
//! so a typo never silently becomes a default. The comments are blanked out
//! of the text (replaced by spaces, keeping every line and column), and the
//! result is read with `deny_unknown_fields`, so serde_json's own positions
//! still point into the file the publisher wrote.

use crate::diag::{Diagnostic, Location};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::path::Path;

pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    let mut blanks = Vec::new();
    if let Err(e) = comment_spans(text, text, &mut blanks) {
        return Err(syntax_error(path, text, &e));
    }
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

/// Finds the byte spans of `"_key": value` pairs (with one adjoining comma)
/// in every object of the document.
fn comment_spans(
    doc: &str,
    value: &str,
    out: &mut Vec<(usize, usize)>,
) -> Result<(), serde_json::Error> {
    let trimmed = value.trim_start();
    let base = offset(doc, value) + (value.len() - trimmed.len());
    if trimmed.starts_with('{') {
        let entries: BTreeMap<String, &RawValue> = serde_json::from_str(value)?;
        for (key, raw) in entries {
            let raw = raw.get();
            if key.starts_with('_') {
                let value_start = offset(doc, raw);
                let value_end = value_start + raw.len();
                // The key is the last string before the value's colon.
                let before = &doc[base..value_start];
                let colon = before.rfind(':').map_or(value_start, |p| base + p);
                let key_end = doc[..colon].rfind('"').unwrap_or(colon);
                let key_start = doc[..key_end].rfind('"').unwrap_or(key_end);
                let after = &doc[value_end..];
                let skip = after.len() - after.trim_start().len();
                if after.trim_start().starts_with(',') {
                    out.push((key_start, value_end + skip + 1));
                } else {
                    // Last entry: take the comma before it instead.
                    let prefix = &doc[base..key_start];
                    let start = prefix.rfind(',').map_or(key_start, |p| base + p);
                    out.push((start, value_end));
                }
            } else {
                comment_spans(doc, raw, out)?;
            }
        }
    } else if trimmed.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(value)?;
        for raw in items {
            comment_spans(doc, raw.get(), out)?;
        }
    }
    Ok(())
}

fn offset(doc: &str, part: &str) -> usize {
    part.as_ptr() as usize - doc.as_ptr() as usize
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
