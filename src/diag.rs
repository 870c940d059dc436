//! Diagnostics: every problem found in a data directory, with where it is,
//! what was found and what was expected.
//!
//! Loading and validation never stop at the first problem; they push into a
//! [`Diagnostics`] collector and carry on with what they can still read, so
//! `chiso check` can report everything in one pass.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: a file, and when it applies a line and column
/// (both 1-based; the column counts characters, not bytes, so it matches
/// what an editor shows for Vietnamese text). For workbooks `sheet` is set
/// and the position is printed as a cell reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line: None,
            column: None,
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: Option<usize>) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line: Some(line),
            column,
        }
    }
}

/// Spreadsheet column letters: 1 -> A, 27 -> AA.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, "#{sheet}")?;
            match (self.line, self.column) {
                (Some(line), Some(col)) => write!(f, "!{}{line}", column_letters(col)),
                (Some(line), None) => write!(f, " row {line}"),
                _ => Ok(()),
            }
        } else {
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            Ok(())
        }
    }
}

/// One problem. `message` says what is wrong in a sentence; `found` and
/// `expected` are shown separately so a reader (or a machine reading
/// `--format json`) sees both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, short identifier of the kind of problem (`unknown-unit`,
    /// `score-above-max`, ...), for tests and machines.
    pub code: &'static str,
    pub location: Location,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Set when this problem is only a consequence of another one (a sum
    /// that fails because one of its parts is above its maximum): the
    /// report lists it right after its cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows_from: Option<Cause>,
}

/// The diagnostic another one follows from: its code and location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub code: &'static str,
    pub location: Location,
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            found: None,
            expected: None,
            hint: None,
            follows_from: None,
        }
    }

    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks this diagnostic as a consequence of `cause`.
    pub fn follows_from(mut self, cause: Cause) -> Self {
        self.follows_from = Some(cause);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}: {label}[{}]: {}",
            self.location, self.code, self.message
        )?;
        if let Some(found) = &self.found {
            write!(f, "\n    found:    {found}")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, "\n    expected: {expected}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint:     {hint}")?;
        }
        if let Some(cause) = &self.follows_from {
            write!(
                f,
                "\n    cause:    this follows from error[{}] at {}: fix that first",
                cause.code, cause.location
            )?;
        }
        Ok(())
    }
}

/// Collects diagnostics. Paths stay as the data directory was given, so a
/// message names a file the user can open from where they ran chiso.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Diagnostics in file order, so the report reads like a walk through
    /// the data directory regardless of which check found what. A problem
    /// that follows from another comes right after its cause, even when it
    /// is earlier in the file (a parent's sum above the child that broke it).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        fn key(d: &Diagnostic) -> impl Ord + '_ {
            let anchor = d.follows_from.as_ref().map_or(&d.location, |c| &c.location);
            (
                (&anchor.file, anchor.line, anchor.column),
                d.follows_from.is_some(),
                (&d.location.file, d.location.line, d.location.column),
                d.severity,
            )
        }
        self.items.sort_by(|a, b| key(a).cmp(&key(b)));
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_print_like_editors_and_spreadsheets() {
        assert_eq!(Location::at("a.csv", 3, Some(2)).to_string(), "a.csv:3:2");
        let mut cell = Location::at("a.xlsx", 5, Some(28));
        cell.sheet = Some("Điểm".into());
        assert_eq!(cell.to_string(), "a.xlsx#Điểm!AB5");
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
    }

    #[test]
    fn a_consequence_comes_right_after_its_cause() {
        let at = |line| Location::at("s.csv", line, Some(3));
        let mut all = Diagnostics::new();
        let cause = Diagnostic::error("score-above-max", at(3), "above");
        all.push(
            Diagnostic::error("children-sum", at(2), "sum").follows_from(Cause {
                code: cause.code,
                location: cause.location.clone(),
            }),
        );
        all.push(Diagnostic::error("negative-score", at(4), "below"));
        all.push(cause);
        all.push(Diagnostic::error("missing-field", at(1), "missing"));
        let codes: Vec<&str> = all.sorted().iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "missing-field",
                "score-above-max",
                "children-sum",
                "negative-score"
            ]
        );
    }
}
