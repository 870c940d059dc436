//! The periodic reports: the indicator tree, periods and reported values.

use super::*;

/// The indicator tree of the periodic reports (`indicators.csv`): the
/// statistical annex every unit fills in each period.
#[derive(Debug, Clone)]
pub struct Indicators {
    pub location: Location,
    pub header: Header,
    pub nodes: Vec<Indicator>,
}

impl Indicators {
    pub fn node(&self, code: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.code == code)
    }

    pub fn cell(&self, line: usize, name: &str) -> Location {
        self.header.cell(&self.location, line, name)
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    /// The unit of measure as printed; `%` makes a rate, anything else
    /// (or nothing) a count.
    pub measure: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub better: Option<Better>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub line: usize,
}

impl Indicator {
    pub fn is_rate(&self) -> bool {
        self.measure.as_deref() == Some("%")
    }

    /// The exact rate its parts give: 100 x numerator / denominator for a
    /// `%` rate, the plain ratio otherwise; `None` when the denominator is
    /// 0 (0 of 0 is no rate, and no division by zero).
    pub fn rate_from(&self, numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
        if denominator.is_zero() {
            return None;
        }
        let factor = if self.is_rate() {
            Decimal::ONE_HUNDRED
        } else {
            Decimal::ONE
        };
        (factor * numerator).checked_div(denominator)
    }
}

/// Whether a figure printed with `decimals` decimals is `exact` as
/// printed: within half a unit of its last place (97.74 stands for
/// anything from 97.735 to 97.745).
pub fn agrees_as_printed(printed: Decimal, decimals: u32, exact: Decimal) -> bool {
    let half = Decimal::new(5, decimals + 1);
    (printed - exact).abs() <= half
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// A reporting period: `2022` (the year), `2022-H1`, `2022-Q3`,
/// `2022-9M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: i32,
    pub part: PeriodPart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodPart {
    Year,
    Half(u8),
    Quarter(u8),
    NineMonths,
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let (year, part) = match text.split_once('-') {
            Some((y, p)) => (y, Some(p)),
            None => (text, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let part = match part.map(str::to_ascii_uppercase).as_deref() {
            None => PeriodPart::Year,
            Some("H1") => PeriodPart::Half(1),
            Some("H2") => PeriodPart::Half(2),
            Some("Q1") => PeriodPart::Quarter(1),
            Some("Q2") => PeriodPart::Quarter(2),
            Some("Q3") => PeriodPart::Quarter(3),
            Some("Q4") => PeriodPart::Quarter(4),
            Some("9M") => PeriodPart::NineMonths,
            _ => return None,
        };
        Some(Period { year, part })
    }

    /// As the contract writes it: `2022-H1`.
    pub fn id(&self) -> String {
        match self.part {
            PeriodPart::Year => self.year.to_string(),
            PeriodPart::Half(h) => format!("{}-H{h}", self.year),
            PeriodPart::Quarter(q) => format!("{}-Q{q}", self.year),
            PeriodPart::NineMonths => format!("{}-9M", self.year),
        }
    }

    /// The last month the period covers, and how many months it covers:
    /// periods are ordered by their end, the shorter first.
    pub fn sort_key(&self) -> (i32, u8, u8) {
        let (end, months) = match self.part {
            PeriodPart::Year => (12, 12),
            PeriodPart::Half(h) => (6 * h, 6),
            PeriodPart::Quarter(q) => (3 * q, 3),
            PeriodPart::NineMonths => (9, 9),
        };
        (self.year, end, months)
    }

    /// The first day of the period.
    pub fn first_day(&self) -> Day {
        let (year, end, months) = self.sort_key();
        Day {
            year,
            month: end + 1 - months,
            day: 1,
        }
    }

    /// The last day of the period: which units existed then.
    pub fn last_day(&self) -> Day {
        let (year, month, _) = self.sort_key();
        Day {
            year,
            month,
            day: days_in_month(year, month),
        }
    }
}

/// One period's report (`reports/<period>/report.json`).
#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    /// The period as the contract writes it (`2022-H1`), for the
    /// downloads.
    pub period_id: String,
    pub title: String,
    pub published_on: Option<PartialDate>,
    pub groups: Vec<ReportGroup>,
    pub documents: Vec<Document>,
    /// The report folder.
    pub dir: PathBuf,
    /// `report.json`, for diagnostics.
    pub file: PathBuf,
}

#[derive(Debug, Clone)]
pub struct ReportGroup {
    pub id: String,
    pub name: String,
    pub values: Option<ReportValues>,
    /// Its `id` in `report.json`.
    pub location: Location,
}

/// A `values-<group>` table: what each unit reported on each indicator.
#[derive(Debug, Clone)]
pub struct ReportValues {
    pub location: Location,
    pub header: Header,
    pub rows: Vec<ValueRow>,
}

impl ReportValues {
    pub fn cell(&self, line: usize, name: &str) -> Location {
        self.header.cell(&self.location, line, name)
    }
}

#[derive(Debug, Clone)]
pub struct ValueRow {
    pub unit: String,
    pub code: String,
    /// `None`: not reported (an empty cell, or one that could not be read).
    pub value: Option<Decimal>,
    /// Decimals as printed (`97,74`: 2): the rounding a rate is held to.
    pub decimals: u32,
    pub note: Option<String>,
    pub line: usize,
}
