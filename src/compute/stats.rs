//! Group statistics, from unrounded values.

use super::UnitResult;
use crate::model::Edition;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct GroupStats {
    pub count: usize,
    pub mean: Decimal,
    pub median: Decimal,
    pub min: Decimal,
    pub max: Decimal,
    /// `max - min`.
    pub gap: Decimal,
    /// Units strictly above the mean.
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
        let mut indices: Vec<Decimal> = units.iter().map(|u| u.index).collect();
        indices.sort();
        let count = indices.len();
        let min = *indices.first()?;
        let max = *indices.last()?;
        let mean = indices.iter().sum::<Decimal>() / Decimal::from(count as u64);
        Some(GroupStats {
            count,
            mean,
            median: median(&indices)?,
            min,
            max,
            gap: max - min,
            above_mean: indices.iter().filter(|&&i| i > mean).count(),
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
