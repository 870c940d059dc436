//! The distribution chart: a histogram of index values.

use super::axes::{draw_y_axis, integer_ticks, tick_range, tick_text};
use super::draw::{draw_title, fill_rect, line, text, TextLook};
use super::font::{SMALL, TITLE};
use super::style::{AXIS, BLUE, CHART_WIDTH, HEADER_MAX, MUTED, PAD};
use super::svg::{empty_chart, render};
use super::text::{block_height, clean, ellipsize, wrap};
use crate::model::Language;
use plotters::style::text_anchor::{HPos, VPos};

/// Histogram of index values: `bins` are (lower, upper, count, label) in
/// ascending order. Bars are drawn as rectangles (plotters' `Histogram`
/// iterates a hash map, so its output order changes between runs).
pub fn distribution_chart(
    title: &str,
    bins: &[(f64, f64, usize, String)],
    x_label: &str,
    y_label: &str,
    lang: Language,
) -> String {
    if bins.is_empty() {
        return empty_chart(title);
    }
    let width = CHART_WIDTH;
    let max_count = bins.iter().map(|b| b.2).max().unwrap_or(0);
    let y_ticks = integer_ticks(0.0, max_count.max(1) as f64, 5);
    let (_, y_max) = tick_range(&y_ticks);
    let tick_w = y_ticks
        .iter()
        .map(|&t| SMALL.width(&tick_text(t, lang)))
        .fold(0.0, f64::max);
    let plot_x0 = PAD + tick_w + 6.0;
    let plot_x1 = width - PAD;

    // Place bins by their bounds when those make sense, else side by side.
    let lower = bins.iter().map(|b| b.0).fold(f64::INFINITY, f64::min);
    let upper = bins.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max);
    let by_bounds = lower.is_finite()
        && upper.is_finite()
        && upper > lower
        && bins
            .iter()
            .all(|b| b.0.is_finite() && b.1.is_finite() && b.1 > b.0);
    let spans: Vec<(f64, f64)> = bins
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let scale = plot_x1 - plot_x0;
            if by_bounds {
                let at = |v: f64| plot_x0 + scale * (v - lower) / (upper - lower);
                (at(b.0), at(b.1))
            } else {
                let step = scale / bins.len() as f64;
                (plot_x0 + step * i as f64, plot_x0 + step * (i + 1) as f64)
            }
        })
        .collect();
    let narrowest = spans
        .iter()
        .map(|s| s.1 - s.0)
        .fold(f64::INFINITY, f64::min);

    let labels: Vec<String> = bins.iter().map(|b| clean(&b.3)).collect();
    let widest = labels.iter().map(|l| SMALL.width(l)).fold(0.0, f64::max);
    let vertical = widest > narrowest - 4.0;
    // Even turned upright, labels need a line height of room each.
    let every = if vertical {
        (SMALL.line_height() / narrowest.max(1.0)).ceil().max(1.0) as usize
    } else {
        1
    };
    let labels: Vec<String> = labels
        .iter()
        .map(|l| {
            if vertical {
                ellipsize(l, HEADER_MAX, SMALL)
            } else {
                l.clone()
            }
        })
        .collect();
    let label_h = if vertical {
        labels.iter().map(|l| SMALL.width(l)).fold(0.0, f64::max) + 6.0
    } else {
        SMALL.line_height() + 4.0
    };

    let title_lines = wrap(title, width - 2.0 * PAD, TITLE, 3);
    let mut y = PAD + block_height(&title_lines, TITLE);
    let y_title = wrap(y_label, width - 2.0 * PAD, SMALL, 2);
    let y_title_top = y;
    y += block_height(&y_title, SMALL);
    // Room for the count printed above the tallest bar.
    let plot_top = y + SMALL.line_height() + 2.0;
    let plot_bottom = plot_top + DIST_PLOT_HEIGHT;
    let y_of = |v: f64| plot_bottom - (plot_bottom - plot_top) * v / y_max;
    let x_title = wrap(x_label, plot_x1 - plot_x0, SMALL, 2);
    let x_title_top = plot_bottom + 4.0 + label_h;
    let height = x_title_top + block_height(&x_title, SMALL) + PAD;

    render(title, width, height, |area| {
        draw_title(area, &title_lines)?;
        draw_y_axis(
            area,
            &y_title,
            y_title_top,
            &y_ticks,
            (plot_x0, plot_x1),
            y_of,
            lang,
        )?;
        for (bin, &(x0, x1)) in bins.iter().zip(&spans) {
            fill_rect(
                area,
                (x0 + 0.5, y_of(bin.2 as f64)),
                (x1 - 0.5, plot_bottom),
                BLUE,
            )?;
        }
        line(
            area,
            &[(plot_x0, plot_bottom), (plot_x1, plot_bottom)],
            AXIS,
            1,
        )?;
        // Counts where they fit; the caller's data table has them all.
        let look = TextLook::new(SMALL).align(HPos::Center, VPos::Bottom);
        for (bin, &(x0, x1)) in bins.iter().zip(&spans) {
            let count = bin.2.to_string();
            if SMALL.width(&count) <= x1 - x0 + 4.0 {
                text(
                    area,
                    &[count],
                    (x0 + x1) / 2.0,
                    y_of(bin.2 as f64) - 2.0,
                    look,
                )?;
            }
        }
        let look = TextLook::new(SMALL).color(MUTED);
        let look = if vertical {
            look.align(HPos::Right, VPos::Center).vertical()
        } else {
            look.align(HPos::Center, VPos::Top)
        };
        let last = bins.len() - 1;
        for (i, (label, &(x0, x1))) in labels.iter().zip(&spans).enumerate() {
            if (last - i) % every == 0 {
                text(area, &[label], (x0 + x1) / 2.0, plot_bottom + 4.0, look)?;
            }
        }
        let look = TextLook::new(SMALL)
            .color(MUTED)
            .align(HPos::Center, VPos::Top);
        text(area, &x_title, (plot_x0 + plot_x1) / 2.0, x_title_top, look)?;
        Ok(())
    })
}

const DIST_PLOT_HEIGHT: f64 = 200.0;
