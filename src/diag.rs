//! Diagnostics: every problem found in a data directory, with where it is,
//! what was found and what was expected.
//!
//! Loading and validation never stop at the first problem; they push into a
//! [`Diagnostics`] collector and carry on with what they can still read, so
//! `chiso check` can report everything in one pass.

pub use crate::model::Language;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

/// A text in both languages of the reports: English (the default of
/// `Display`, tests and `--lang en`) and Vietnamese (what an official
/// reads). Made with [`tr!`](crate::tr) at the call site, so both
/// wordings of a message sit side by side and take the same values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tr {
    pub en: Cow<'static, str>,
    pub vi: Cow<'static, str>,
}

impl Tr {
    /// Two fixed wordings, usable in a `const`.
    pub const fn words(en: &'static str, vi: &'static str) -> Self {
        Tr {
            en: Cow::Borrowed(en),
            vi: Cow::Borrowed(vi),
        }
    }

    pub fn new(en: impl Into<String>, vi: impl Into<String>) -> Self {
        Tr {
            en: Cow::Owned(en.into()),
            vi: Cow::Owned(vi.into()),
        }
    }

    /// A text that is data (a value, a code, a file name) and reads the
    /// same in both languages.
    pub fn data(text: impl Into<String>) -> Self {
        let text: String = text.into();
        Tr {
            vi: Cow::Owned(text.clone()),
            en: Cow::Owned(text),
        }
    }

    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.en,
            Language::Vi => &self.vi,
        }
    }
}

/// `tr!("the unit \"{}\" is used twice", "đơn vị \"{}\" được dùng hai lần", id)`:
/// formats both wordings with the same arguments; after a `;`, named
/// arguments that are [`Tr`]s give each wording its own
/// (`tr!("printed {p}", "in là {p}"; p = diag::num(value))`). Without arguments it
/// allocates nothing, so it costs nothing on a row that has no problem.
#[macro_export]
macro_rules! tr {
    // Named arguments that read differently in each language (a number
    // made with `diag::num`): each wording takes its own.
    ($en:literal, $vi:literal; $($name:ident = $arg:expr),+ $(,)?) => {{
        $(let $name: $crate::diag::Tr = $arg;)+
        $crate::diag::Tr {
            en: ::std::borrow::Cow::Owned(format!($en, $($name = $name.en),+)),
            vi: ::std::borrow::Cow::Owned(format!($vi, $($name = $name.vi),+)),
        }
    }};
    ($en:literal, $vi:literal $(, $arg:expr)* $(,)?) => {
        $crate::diag::Tr {
            en: match format_args!($en $(, $arg)*).as_str() {
                Some(text) => ::std::borrow::Cow::Borrowed(text),
                None => ::std::borrow::Cow::Owned(format!($en $(, $arg)*)),
            },
            vi: match format_args!($vi $(, $arg)*).as_str() {
                Some(text) => ::std::borrow::Cow::Borrowed(text),
                None => ::std::borrow::Cow::Owned(format!($vi $(, $arg)*)),
            },
        }
    };
}

/// A number in a message: as Rust prints it in English (`97.95`), with
/// the decimal comma in Vietnamese (`97,95`). For the named arguments of
/// [`tr!`](crate::tr) after a `;`.
pub fn num(value: impl fmt::Display) -> Tr {
    let en = value.to_string();
    Tr {
        vi: Cow::Owned(en.replace('.', ",")),
        en: Cow::Owned(en),
    }
}

/// What `found` takes: a value (the same in both languages) or a
/// worded text made with [`tr!`](crate::tr).
pub trait IntoFound {
    fn into_found(self) -> Tr;
}

impl IntoFound for Tr {
    fn into_found(self) -> Tr {
        self
    }
}

impl IntoFound for String {
    fn into_found(self) -> Tr {
        Tr::data(self)
    }
}

impl IntoFound for &str {
    fn into_found(self) -> Tr {
        Tr::data(self)
    }
}

impl IntoFound for &String {
    fn into_found(self) -> Tr {
        Tr::data(self.as_str())
    }
}

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

impl Location {
    /// The location as the report prints it: `file:line:col`, or
    /// `file#Sheet!D7` in a workbook, and a workbook row without a column
    /// named in the report's language.
    pub fn render(&self, lang: Language) -> String {
        struct In<'a>(&'a Location, Language);
        impl fmt::Display for In<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write(f, self.1)
            }
        }
        In(self, lang).to_string()
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, lang: Language) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, "#{sheet}")?;
            let row = match lang {
                Language::En => "row",
                Language::Vi => "dòng",
            };
            match (self.line, self.column) {
                (Some(line), Some(col)) => write!(f, "!{}{line}", column_letters(col)),
                (Some(line), None) => write!(f, " {row} {line}"),
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

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Language::En)
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
    /// The Vietnamese of `message`, `found`, `expected` and `hint` (the
    /// same as the English where the text is data).
    #[serde(skip)]
    pub message_vi: String,
    #[serde(skip)]
    pub found_vi: Option<String>,
    #[serde(skip)]
    pub expected_vi: Option<String>,
    #[serde(skip)]
    pub hint_vi: Option<String>,
}

/// The diagnostic another one follows from: its code and location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub code: &'static str,
    pub location: Location,
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: Tr) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message: message.en.into_owned(),
            found: None,
            expected: None,
            hint: None,
            follows_from: None,
            message_vi: message.vi.into_owned(),
            found_vi: None,
            expected_vi: None,
            hint_vi: None,
        }
    }

    pub fn warning(code: &'static str, location: Location, message: Tr) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// What was found: a value as it stands in the data (a `String`), or
    /// a worded text made with [`tr!`](crate::tr).
    pub fn found(mut self, found: impl IntoFound) -> Self {
        let found = found.into_found();
        self.found = Some(found.en.into_owned());
        self.found_vi = Some(found.vi.into_owned());
        self
    }

    pub fn expected(mut self, expected: Tr) -> Self {
        self.expected = Some(expected.en.into_owned());
        self.expected_vi = Some(expected.vi.into_owned());
        self
    }

    pub fn hint(mut self, hint: Tr) -> Self {
        self.hint = Some(hint.en.into_owned());
        self.hint_vi = Some(hint.vi.into_owned());
        self
    }

    pub fn message_in(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.message,
            Language::Vi => &self.message_vi,
        }
    }

    pub fn found_in(&self, lang: Language) -> Option<&str> {
        match lang {
            Language::En => self.found.as_deref(),
            Language::Vi => self.found_vi.as_deref(),
        }
    }

    pub fn expected_in(&self, lang: Language) -> Option<&str> {
        match lang {
            Language::En => self.expected.as_deref(),
            Language::Vi => self.expected_vi.as_deref(),
        }
    }

    pub fn hint_in(&self, lang: Language) -> Option<&str> {
        match lang {
            Language::En => self.hint.as_deref(),
            Language::Vi => self.hint_vi.as_deref(),
        }
    }

    /// This diagnostic with `message`, `found`, `expected` and `hint` in
    /// `lang`, for the JSON report (whose field names stay the same).
    pub fn in_language(&self, lang: Language) -> Diagnostic {
        let mut d = self.clone();
        d.message = self.message_in(lang).to_string();
        d.found = self.found_in(lang).map(str::to_string);
        d.expected = self.expected_in(lang).map(str::to_string);
        d.hint = self.hint_in(lang).map(str::to_string);
        d
    }

    /// The report's text of this diagnostic in `lang`; in English the
    /// same as `Display`.
    pub fn render(&self, lang: Language) -> String {
        let (label, found, expected, hint, cause) = match (lang, self.severity) {
            (Language::En, severity) => (
                match severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "found:    ",
                "expected: ",
                "hint:     ",
                "cause:    ",
            ),
            (Language::Vi, severity) => (
                match severity {
                    Severity::Error => "lỗi",
                    Severity::Warning => "cảnh báo",
                },
                "đang có:     ",
                "cần có:      ",
                "gợi ý:       ",
                "nguyên nhân: ",
            ),
        };
        let mut text = format!(
            "{}: {label}[{}]: {}",
            self.location.render(lang),
            self.code,
            self.message_in(lang)
        );
        for (name, value) in [
            (found, self.found_in(lang)),
            (expected, self.expected_in(lang)),
            (hint, self.hint_in(lang)),
        ] {
            if let Some(value) = value {
                text.push_str("\n    ");
                text.push_str(name);
                text.push_str(value);
            }
        }
        if let Some(c) = &self.follows_from {
            text.push_str("\n    ");
            text.push_str(cause);
            text.push_str(&match lang {
                Language::En => format!(
                    "this follows from error[{}] at {}: fix that first",
                    c.code, c.location
                ),
                Language::Vi => format!(
                    "lỗi này là hệ quả của lỗi[{}] tại {}: hãy sửa lỗi đó trước",
                    c.code,
                    c.location.render(lang)
                ),
            });
        }
        text
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
        f.write_str(&self.render(Language::En))
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
        let cause = Diagnostic::error("score-above-max", at(3), Tr::data("above"));
        all.push(
            Diagnostic::error("children-sum", at(2), Tr::data("sum")).follows_from(Cause {
                code: cause.code,
                location: cause.location.clone(),
            }),
        );
        all.push(Diagnostic::error(
            "negative-score",
            at(4),
            Tr::data("below"),
        ));
        all.push(cause);
        all.push(Diagnostic::error(
            "missing-field",
            at(1),
            Tr::data("missing"),
        ));
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
