//! Axes: whole-number ticks and the vertical axis with its grid.

use super::draw::{line, text, Area, Drawn, TextLook};
use super::font::SMALL;
use super::style::{GRID, MUTED, PAD};
use crate::model::Language;
use plotters::style::text_anchor::{HPos, VPos};

/// Integer ticks covering [lo, hi] in steps of 1, 2 or 5 times a power of
/// ten, never below 1, so tick labels need no decimal separator.
pub(super) fn integer_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<i64> {
    // Nothing on this site comes near; the bound keeps the arithmetic exact
    // in i64 and the step search short.
    const LIMIT: f64 = 1e12;
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (
            lo.clamp(-LIMIT, LIMIT).floor(),
            hi.clamp(-LIMIT, LIMIT).ceil(),
        )
    } else {
        (0.0, 1.0)
    };
    if hi <= lo {
        lo -= 1.0;
        hi += 1.0;
    }
    let rough = (hi - lo) / max_ticks.max(1) as f64;
    let mut step = 1.0;
    'search: loop {
        for factor in [1.0, 2.0, 5.0] {
            if step * factor >= rough {
                step *= factor;
                break 'search;
            }
        }
        step *= 10.0;
    }
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    let step = step as i64;
    (first..=last).map(|k| k * step).collect()
}

pub(super) fn tick_range(ticks: &[i64]) -> (f64, f64) {
    match (ticks.first(), ticks.last()) {
        (Some(&lo), Some(&hi)) if hi > lo => (lo as f64, hi as f64),
        _ => (0.0, 1.0),
    }
}

/// A tick's number as the page writes numbers: thousands grouped
/// (`10.000` in Vietnamese), as in the tables beside the chart.
pub(super) fn tick_text(tick: i64, lang: Language) -> String {
    crate::i18n::grouped(rust_decimal::Decimal::from(tick), lang)
}

/// A vertical axis of whole numbers: its title at the left edge, above
/// the plot, and at each tick a grid line across the plot and a label.
pub(super) fn draw_y_axis(
    area: &Area,
    title: &[String],
    title_top: f64,
    ticks: &[i64],
    (plot_x0, plot_x1): (f64, f64),
    y_of: impl Fn(f64) -> f64,
    lang: Language,
) -> Drawn {
    let look = TextLook::new(SMALL)
        .color(MUTED)
        .align(HPos::Left, VPos::Top);
    text(area, title, PAD, title_top, look)?;
    for &tick in ticks {
        let ty = y_of(tick as f64);
        line(area, &[(plot_x0, ty), (plot_x1, ty)], GRID, 1)?;
    }
    let look = TextLook::new(SMALL)
        .color(MUTED)
        .align(HPos::Right, VPos::Center);
    for &tick in ticks {
        text(
            area,
            &[tick_text(tick, lang)],
            plot_x0 - 6.0,
            y_of(tick as f64),
            look,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_integers_covering_the_data() {
        assert_eq!(integer_ticks(0.0, 14.0, 5), vec![0, 5, 10, 15]);
        assert_eq!(integer_ticks(85.2, 85.9, 5), vec![85, 86]);
        assert_eq!(integer_ticks(85.0, 85.0, 5), vec![84, 85, 86]);
        assert_eq!(integer_ticks(79.0, 90.3, 5), vec![75, 80, 85, 90, 95]);
    }
}
