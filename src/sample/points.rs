//! Exact points: every figure in hundredths, a unit's index as the ratio
//! of its points, ranks that only exact ties share, and bands.

use std::cmp::Ordering;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

use rust_decimal::Decimal;

/// Classification thresholds, highest first, in whole index points.
pub(super) const BANDS: [(&str, i64); 5] = [
    ("Xuất sắc", 90),
    ("Tốt", 80),
    ("Khá", 70),
    ("Trung bình", 50),
    ("Yếu", 0),
];

/// The bands' English names, for a site in both languages.
pub(super) const BANDS_EN: [&str; 5] = ["Excellent", "Good", "Fair", "Average", "Poor"];

/// Points in hundredths. Every figure has at most two decimals, so integer
/// hundredths make "parent = sum of children" exact by construction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Pts(pub(super) i64);

impl Pts {
    pub(super) const QUARTER: Pts = Pts(25);

    pub(super) const fn whole(points: i64) -> Pts {
        Pts(points * 100)
    }

    /// Shortest decimal form: `97`, `83.8`, `85.74` (or with a decimal comma).
    pub(super) fn render(self, decimal_comma: bool) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (int, frac) = (self.0.abs() / 100, self.0.abs() % 100);
        let sep = if decimal_comma { ',' } else { '.' };
        if frac == 0 {
            format!("{sign}{int}")
        } else if frac % 10 == 0 {
            format!("{sign}{int}{sep}{}", frac / 10)
        } else {
            format!("{sign}{int}{sep}{frac:02}")
        }
    }
}

impl Add for Pts {
    type Output = Pts;
    fn add(self, rhs: Pts) -> Pts {
        Pts(self.0 + rhs.0)
    }
}

impl AddAssign for Pts {
    fn add_assign(&mut self, rhs: Pts) {
        self.0 += rhs.0;
    }
}

impl Sub for Pts {
    type Output = Pts;
    fn sub(self, rhs: Pts) -> Pts {
        Pts(self.0 - rhs.0)
    }
}

impl Sum for Pts {
    fn sum<I: Iterator<Item = Pts>>(iter: I) -> Pts {
        iter.fold(Pts::default(), Add::add)
    }
}

/// A unit's result: achieved points out of the applicable maximum. Compared
/// by cross-multiplication, so ranks follow the exact, unrounded index.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ratio {
    pub(super) achieved: Pts,
    pub(super) max: Pts,
}

impl Ratio {
    /// The index in hundredths, rounded half-up as the decision prints it.
    pub(super) fn index_rounded(self) -> Pts {
        let (a, m) = (i128::from(self.achieved.0), i128::from(self.max.0));
        // index = a / m * 100, i.e. a * 10000 / m hundredths; adding m / 2
        // before the floor division rounds halves up (values are never negative).
        let hundredths = (2 * a * 10_000 + m) / (2 * m);
        Pts(hundredths as i64)
    }

    /// The unrounded index, for averages over units.
    pub(super) fn index_exact(self) -> Decimal {
        Decimal::from(self.achieved.0) / Decimal::from(self.max.0) * Decimal::from(100)
    }

    pub(super) fn cmp_index(self, other: Ratio) -> Ordering {
        let lhs = i128::from(self.achieved.0) * i128::from(other.max.0);
        let rhs = i128::from(other.achieved.0) * i128::from(self.max.0);
        lhs.cmp(&rhs)
    }
}

pub(super) fn band_of(index: Pts) -> &'static str {
    BANDS
        .iter()
        .find(|(_, min)| index >= Pts::whole(*min))
        .map_or("", |(name, _)| name)
}

/// Orders by exact index, highest first; only exactly equal indices share a
/// rank, and the next rank is skipped (1, 2, 2, 4).
pub(super) fn ranked(entries: &[(usize, Ratio)]) -> Vec<(usize, Ratio, usize)> {
    let mut sorted: Vec<(usize, Ratio)> = entries.to_vec();
    sorted.sort_by(|a, b| b.1.cmp_index(a.1));
    let mut out: Vec<(usize, Ratio, usize)> = Vec::with_capacity(sorted.len());
    for (pos, &(unit, ratio)) in sorted.iter().enumerate() {
        let rank = match out.last() {
            Some(&(_, prev, prev_rank)) if prev.cmp_index(ratio) == Ordering::Equal => prev_rank,
            _ => pos + 1,
        };
        out.push((unit, ratio, rank));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_as_printed() {
        assert_eq!(Pts(8574).render(false), "85.74");
        assert_eq!(Pts(9700).render(false), "97");
        assert_eq!(Pts(8380).render(false), "83.8");
        assert_eq!(Pts(8145).render(true), "81,45");
        assert_eq!(Pts(5).render(false), "0.05");
        let r = Ratio {
            achieved: Pts(8145),
            max: Pts(9500),
        };
        assert_eq!(r.index_rounded(), Pts(8574));
        // 56.75 / 60 = 94.58333...
        let r = Ratio {
            achieved: Pts(5675),
            max: Pts(6000),
        };
        assert_eq!(r.index_rounded(), Pts(9458));
        // Exactly half a hundredth rounds up: 0.01 / 40 * 100 = 0.025.
        let r = Ratio {
            achieved: Pts(1),
            max: Pts(4000),
        };
        assert_eq!(r.index_rounded(), Pts(3));
    }

    #[test]
    fn ranks_share_only_exact_ties() {
        let r = |a, m| Ratio {
            achieved: Pts(a),
            max: Pts(m),
        };
        let entries = vec![
            (0, r(9000, 10000)),
            (1, r(8100, 9000)),
            (2, r(9500, 10000)),
            (3, r(8000, 10000)),
        ];
        let ranks: Vec<(usize, usize)> = ranked(&entries)
            .into_iter()
            .map(|(u, _, k)| (u, k))
            .collect();
        assert_eq!(ranks, vec![(2, 1), (0, 2), (1, 2), (3, 4)]);
        // Both print as 94.58 but 56.75 / 60 = 94.583... ranks first.
        let entries = vec![(0, r(9458, 10000)), (1, r(5675, 6000))];
        let ranks: Vec<(usize, usize)> = ranked(&entries)
            .into_iter()
            .map(|(u, _, k)| (u, k))
            .collect();
        assert_eq!(ranks, vec![(1, 1), (0, 2)]);
    }
}
