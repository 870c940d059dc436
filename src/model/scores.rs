//! A group's scores as read, long or wide, and how they are built.

use super::*;

/// A scores file. Rows are held packed (32 bytes each, strings as
/// indices into per-file tables of shared text) and read as [`ScoreRow`]
/// values: a national dataset has millions of them.
#[derive(Debug, Clone)]
pub struct Scores {
    pub location: Location,
    pub header: Header,
    /// Distinct unit ids, in order of first appearance.
    units: Vec<Text>,
    /// Distinct codes, in order of first appearance.
    codes: Vec<Text>,
    /// Distinct notes and responsible offices.
    texts: Vec<Text>,
    /// Distinct (note, responsible) pairs of rows that have either: 0 for
    /// none, else `texts[n - 1]`.
    remarks: Vec<[u32; 2]>,
    rows: Vec<PackedRow>,
    /// Numbers too long to pack, which no real file holds.
    big: Vec<Decimal>,
    /// Where the rows read from a wide table (`scores_wide`) are.
    wide: Option<Arc<WideCells>>,
}

/// The cells of a wide scores table (one row per unit, one column per
/// code): the rows from `first_row` on were read from it, each from the
/// unit's row and the code's columns.
#[derive(Debug, Clone)]
pub struct WideCells {
    /// The table's file and sheet.
    pub location: Location,
    /// Row index in [`Scores`] of the first row read from the wide table.
    pub first_row: usize,
    /// The unit column (1-based).
    pub unit_column: usize,
    /// By code: the 1-based columns of its score, maximum and self-score.
    pub columns: FxHashMap<String, [Option<usize>; 3]>,
}

/// The `max` cell of a score row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicable {
    /// Empty: the framework's maximum applies.
    Framework,
    /// This unit's own maximum.
    Max(Decimal),
    /// `x` or `-`: the node does not apply to this unit.
    NotApplicable,
}

/// One row of a scores file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreRow<'a> {
    pub unit: &'a str,
    pub code: &'a str,
    pub score: Option<Decimal>,
    pub max: Applicable,
    pub self_score: Option<Decimal>,
    pub note: Option<&'a str>,
    pub responsible: Option<&'a str>,
    pub line: usize,
    /// A cell of this row could not be read (already reported); later
    /// checks skip the row instead of reporting it again.
    pub unreadable: bool,
    /// Position of `unit` in [`Scores::units`] (ignored when building).
    pub unit_index: usize,
    /// Position of `code` in [`Scores::codes`] (ignored when building).
    pub code_index: usize,
}

#[derive(Debug, Clone, Copy)]
struct PackedRow {
    unit: u32,
    code: u32,
    line: u32,
    /// 0: neither note nor responsible office; else `remarks[remark - 1]`.
    remark: u32,
    /// Score, max and self-score, each a value and a tag ([`pack`]).
    values: [u32; 3],
    tags: [u8; 3],
    unreadable: bool,
}

const TAG_NONE: u8 = 0;
const TAG_INLINE: u8 = 1 << 6;
const TAG_BIG: u8 = 2 << 6;
const TAG_NOT_APPLICABLE: u8 = 3 << 6;
const TAG_KIND: u8 = 3 << 6;
const TAG_NEGATIVE: u8 = 1 << 5;
const TAG_SCALE: u8 = 0x1f;

impl Scores {
    /// Where column `name` of the row on `line` is, for a message about
    /// that cell.
    pub fn cell(&self, line: usize, name: &str) -> Location {
        self.header.cell(&self.location, line, name)
    }

    /// Where column `name` (`unit`, `code`, `score`, `max`, `self_score`,
    /// `note`, `responsible`) of row `i` is: in a wide table, the unit's
    /// cell or the cell of the row's code (its score cell where the table
    /// has no column of that kind for the code).
    pub fn cell_of(&self, i: usize, name: &str) -> Location {
        let line = self.line(i);
        let Some(wide) = self.wide.as_ref().filter(|w| i >= w.first_row) else {
            return self.cell(line, name);
        };
        let column = if name == "unit" {
            Some(wide.unit_column)
        } else {
            let code = &*self.codes[self.rows[i].code as usize];
            wide.columns.get(code).and_then(|[score, max, self_score]| {
                let wanted = match name {
                    "max" => *max,
                    "self_score" => *self_score,
                    _ => *score,
                };
                wanted.or(*score).or(*max).or(*self_score)
            })
        };
        Location {
            line: Some(line),
            column,
            ..wide.location.clone()
        }
    }

    /// Whether row `i` was read from a wide table.
    pub fn is_wide(&self, i: usize) -> bool {
        self.wide.as_ref().is_some_and(|w| i >= w.first_row)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The wide table its rows were read from, if any.
    pub fn wide_location(&self) -> Option<&Location> {
        self.wide.as_deref().map(|w| &w.location)
    }

    /// Distinct unit ids, in order of first appearance.
    pub fn units(&self) -> &[Text] {
        &self.units
    }

    /// Distinct codes, in order of first appearance.
    pub fn codes(&self) -> &[Text] {
        &self.codes
    }

    /// The rows in file order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = ScoreRow<'_>> + '_ {
        (0..self.rows.len()).map(|i| self.row(i))
    }

    pub fn row(&self, i: usize) -> ScoreRow<'_> {
        let r = &self.rows[i];
        let [note, responsible] = match r.remark {
            0 => [0, 0],
            n => self.remarks[n as usize - 1],
        };
        let text = |n: u32| (n > 0).then(|| &*self.texts[n as usize - 1]);
        ScoreRow {
            unit: &self.units[r.unit as usize],
            code: &self.codes[r.code as usize],
            score: self.score(i),
            max: self.max(i),
            self_score: self.self_score(i),
            note: text(note),
            responsible: text(responsible),
            line: r.line as usize,
            unreadable: r.unreadable,
            unit_index: r.unit as usize,
            code_index: r.code as usize,
        }
    }

    /// Row `i`'s unit and code, as positions in `units` and `codes`.
    pub fn keys(&self, i: usize) -> (usize, usize) {
        let r = &self.rows[i];
        (r.unit as usize, r.code as usize)
    }

    pub fn line(&self, i: usize) -> usize {
        self.rows[i].line as usize
    }

    pub fn unreadable(&self, i: usize) -> bool {
        self.rows[i].unreadable
    }

    /// The score and max cells of row `i` as they are held (80 bits): equal
    /// keys are equal cells (values of the same digits and scale), for
    /// memoising what is computed from them. `None` where a value is held
    /// apart.
    pub fn cells_key(&self, i: usize) -> Option<u128> {
        let r = &self.rows[i];
        if r.tags[..2].iter().any(|t| t & TAG_KIND == TAG_BIG) {
            return None;
        }
        let cell = |k: usize| u128::from(r.values[k]) << 8 | u128::from(r.tags[k]);
        Some(cell(0) | cell(1) << 40)
    }

    /// The max cell of row `i` alone.
    pub fn max(&self, i: usize) -> Applicable {
        let r = &self.rows[i];
        match r.tags[1] & TAG_KIND {
            TAG_NONE => Applicable::Framework,
            TAG_NOT_APPLICABLE => Applicable::NotApplicable,
            _ => self
                .unpack(r.values[1], r.tags[1])
                .map_or(Applicable::Framework, Applicable::Max),
        }
    }

    /// The self-score cell of row `i` alone.
    pub fn self_score(&self, i: usize) -> Option<Decimal> {
        let r = &self.rows[i];
        self.unpack(r.values[2], r.tags[2])
    }

    /// The score cell of row `i` alone.
    pub fn score(&self, i: usize) -> Option<Decimal> {
        let r = &self.rows[i];
        self.unpack(r.values[0], r.tags[0])
    }

    fn unpack(&self, value: u32, tag: u8) -> Option<Decimal> {
        match tag & TAG_KIND {
            TAG_INLINE => Some(Decimal::from_parts(
                value,
                0,
                0,
                tag & TAG_NEGATIVE != 0,
                u32::from(tag & TAG_SCALE),
            )),
            TAG_BIG => Some(self.big[value as usize]),
            _ => None,
        }
    }
}

/// String equality without a call to `memcmp`: ids and codes are short,
/// and compared for every row.
fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// Builds a [`Scores`] row by row, sharing repeated strings.
pub struct ScoresBuilder<'s> {
    scores: Scores,
    units: FxHashMap<&'s str, u32>,
    codes: FxHashMap<&'s str, u32>,
    texts: FxHashMap<&'s str, u32>,
    remarks: FxHashMap<[u32; 2], u32>,
    /// The previous row's unit and code: a unit's rows usually follow one
    /// another in framework order, so most rows are matched without hashing.
    last: Option<(u32, u32)>,
}

impl<'s> ScoresBuilder<'s> {
    /// `rows`: how many rows to expect, so that the rows, held for the
    /// whole build, take no more room than they need.
    pub fn new(location: Location, header: Header, rows: usize) -> Self {
        ScoresBuilder {
            scores: Scores {
                location,
                header,
                units: Vec::new(),
                codes: Vec::new(),
                texts: Vec::new(),
                remarks: Vec::new(),
                rows: Vec::with_capacity(rows),
                big: Vec::new(),
                wide: None,
            },
            units: FxHashMap::default(),
            codes: FxHashMap::default(),
            texts: FxHashMap::default(),
            remarks: FxHashMap::default(),
            last: None,
        }
    }

    /// Appends `row`; its `unit_index` and `code_index` are ignored.
    pub fn push(&mut self, interner: &mut Interner, row: ScoreRow<'s>) {
        fn index<'s>(
            map: &mut FxHashMap<&'s str, u32>,
            list: &mut Vec<Text>,
            interner: &mut Interner,
            text: &'s str,
        ) -> u32 {
            *map.entry(text).or_insert_with(|| {
                list.push(interner.get(text));
                (list.len() - 1) as u32
            })
        }
        let s = &mut self.scores;
        let (unit, code) = match self.last {
            Some((u, c)) if same_text(&s.units[u as usize], row.unit) => {
                let next = c as usize + 1;
                let code = match s.codes.get(next) {
                    Some(t) if same_text(t, row.code) => next as u32,
                    _ => index(&mut self.codes, &mut s.codes, interner, row.code),
                };
                (u, code)
            }
            _ => (
                index(&mut self.units, &mut s.units, interner, row.unit),
                index(&mut self.codes, &mut s.codes, interner, row.code),
            ),
        };
        self.last = Some((unit, code));
        let mut text = |t: Option<&'s str>| {
            t.map_or(0, |t| index(&mut self.texts, &mut s.texts, interner, t) + 1)
        };
        let pair = [text(row.note), text(row.responsible)];
        let remark = match pair {
            [0, 0] => 0,
            _ => *self.remarks.entry(pair).or_insert_with(|| {
                s.remarks.push(pair);
                s.remarks.len() as u32
            }),
        };
        let mut pack = |d: Option<Decimal>| match d {
            None => (0, TAG_NONE),
            // A negative zero would come back positive: kept whole.
            Some(d) => match u32::try_from(d.mantissa().unsigned_abs())
                .ok()
                .filter(|&v| v != 0 || !d.is_sign_negative())
            {
                Some(v) => {
                    let sign = if d.is_sign_negative() {
                        TAG_NEGATIVE
                    } else {
                        0
                    };
                    // A decimal's scale is at most 28: five bits.
                    (v, TAG_INLINE | sign | d.scale() as u8)
                }
                None => {
                    s.big.push(d);
                    ((s.big.len() - 1) as u32, TAG_BIG)
                }
            },
        };
        let score = pack(row.score);
        let max = match row.max {
            Applicable::Framework => (0, TAG_NONE),
            Applicable::NotApplicable => (0, TAG_NOT_APPLICABLE),
            Applicable::Max(m) => pack(Some(m)),
        };
        let self_score = pack(row.self_score);
        s.rows.push(PackedRow {
            unit,
            code,
            line: u32::try_from(row.line).unwrap_or(u32::MAX),
            remark,
            values: [score.0, max.0, self_score.0],
            tags: [score.1, max.1, self_score.1],
            unreadable: row.unreadable,
        });
    }

    /// How many rows have been pushed.
    pub fn len(&self) -> usize {
        self.scores.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.rows.is_empty()
    }

    /// Says where the rows from `cells.first_row` on are: in a wide table.
    pub fn wide(&mut self, cells: WideCells) {
        self.scores.wide = Some(Arc::new(cells));
    }

    pub fn finish(mut self) -> Scores {
        self.scores.rows.shrink_to_fit();
        self.scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn days_step_across_months_years_and_leap_days() {
        let d = |t: &str| Day::parse(t).unwrap();
        assert_eq!(d("2025-07-01").previous(), d("2025-06-30"));
        assert_eq!(d("2024-02-28").next(), d("2024-02-29"));
        assert_eq!(d("2023-02-28").next(), d("2023-03-01"));
        assert_eq!(d("2024-03-01").previous(), d("2024-02-29"));
        assert_eq!(d("2022-12-31").next(), Day::first_of_year(2023));
        assert_eq!(Day::first_of_year(2023).previous(), d("2022-12-31"));
        for bad in ["2025-02-29", "2025-07", "2025", "2025-7-1", "2025-07-01x"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn packed_rows_read_back_as_written() {
        assert_eq!(std::mem::size_of::<PackedRow>(), 32);
        let d = |s: &str| Some(Decimal::from_str(s).unwrap());
        let row = |unit, code, score, max, note, responsible, line| ScoreRow {
            unit,
            code,
            score,
            max,
            self_score: score.map(|s: Decimal| -s),
            note,
            responsible,
            line,
            unreadable: line % 2 == 0,
            unit_index: 0,
            code_index: 0,
        };
        let rows = [
            row("a", "1", d("19.49"), Applicable::Framework, None, None, 2),
            row(
                "a",
                "1.1",
                d("0"),
                Applicable::NotApplicable,
                Some("late"),
                None,
                3,
            ),
            row(
                "b",
                "1",
                None,
                Applicable::Max(d("2.5").unwrap()),
                None,
                Some("office"),
                4,
            ),
            row(
                "b",
                "1.1",
                d("-0.000"),
                Applicable::Framework,
                Some("late"),
                Some("office"),
                5,
            ),
            // Too long to pack: kept whole.
            row(
                "a",
                "2",
                d("123456789012.3456789"),
                Applicable::Max(d("79228162514264337593543950335").unwrap()),
                Some("late"),
                None,
                6,
            ),
            row(
                "c",
                "1",
                d("4294967295"),
                Applicable::Framework,
                None,
                None,
                usize::MAX,
            ),
        ];
        let mut interner = Interner::default();
        let mut builder =
            ScoresBuilder::new(Location::file("s.csv"), Header::default(), rows.len());
        for r in rows {
            builder.push(&mut interner, r);
        }
        let scores = builder.finish();
        assert_eq!(scores.len(), rows.len());
        let keys: std::collections::HashSet<_> = (0..rows.len())
            .filter_map(|i| scores.cells_key(i))
            .collect();
        assert_eq!(keys.len(), 5);
        assert_eq!(scores.units().len(), 3);
        assert_eq!(scores.codes().len(), 3);
        for (i, want) in rows.iter().enumerate() {
            let got = scores.row(i);
            let line = want.line.min(u32::MAX as usize);
            assert_eq!((got.unit, got.code, got.line), (want.unit, want.code, line));
            assert_eq!(
                (got.score, got.max, got.self_score),
                (want.score, want.max, want.self_score)
            );
            for (a, b) in [(got.score, want.score), (got.self_score, want.self_score)] {
                assert_eq!(a.map(|x| x.to_string()), b.map(|x| x.to_string()));
            }
            assert_eq!((got.note, got.responsible), (want.note, want.responsible));
            assert_eq!(got.unreadable, want.unreadable);
            assert_eq!(&*scores.units()[got.unit_index], want.unit);
            assert_eq!(&*scores.codes()[got.code_index], want.code);
            assert_eq!(scores.keys(i), (got.unit_index, got.code_index));
            assert_eq!(scores.score(i), want.score);
            assert_eq!(scores.max(i), want.max);
            assert_eq!(scores.self_score(i), want.self_score);
            assert_eq!(scores.line(i), line);
            assert_eq!(scores.unreadable(i), want.unreadable);
            let held_apart = i == 4;
            assert_eq!(scores.cells_key(i).is_none(), held_apart);
        }
    }
}
