//! Group statistics. The mean, and the units above it, come from the
//! unrounded official indices, as a decision computes its mean (Hà Nam's
//! departments: 89.60, where the mean of the printed figures is 89.5947).
//! Highest, lowest, median and gap are of the figures the units are shown
//! with ([`UnitResult::shown`]), so that they read as the rows of the table
//! below them: the highest is the top row's figure, the gap the difference
//! a reader works out from the two.

use super::UnitResult;
use crate::model::Edition;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct GroupStats {
    pub count: usize,
    /// Of the unrounded official indices.
    pub mean: Decimal,
    /// Of the shown figures (the middle one, or halfway between the two).
    pub median: Decimal,
    /// The lowest shown figure.
    pub min: Decimal,
    /// The highest shown figure.
    pub max: Decimal,
    /// `max - min`, of the shown figures.
    pub gap: Decimal,
    /// Units whose unrounded index is strictly above the mean.
    pub above_mean: usize,
    /// Every band of the edition, highest first, with how many units fall
    /// in it (zero counts included, so tables line up across groups).
    pub band_counts: Vec<(String, usize)>,
}

pub fn median(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO),
    }
}

impl GroupStats {
    pub fn of(units: &[UnitResult], edition: &Edition) -> Option<GroupStats> {
        let mut shown: Vec<Decimal> = units.iter().map(|u| u.shown).collect();
        shown.sort();
        let count = shown.len();
        let min = *shown.first()?;
        let max = *shown.last()?;
        let mean = units.iter().map(|u| u.index).sum::<Decimal>() / Decimal::from(count as u64);
        Some(GroupStats {
            count,
            mean,
            median: median(&shown)?,
            min,
            max,
            gap: max - min,
            above_mean: units.iter().filter(|u| u.index > mean).count(),
            band_counts: edition
                .bands
                .iter()
                .map(|b| {
                    let n = units
                        .iter()
                        .filter(|u| u.band.as_deref() == Some(b.name.as_str()))
                        .count();
                    (b.name.clone(), n)
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        let v: Vec<Decimal> = [1, 2, 3, 4].iter().map(|&i| Decimal::from(i)).collect();
        assert_eq!(median(&v), Some(Decimal::new(25, 1)));
        assert_eq!(median(&v[..3]), Some(Decimal::from(2)));
        assert_eq!(median(&[]), None);
    }
}
