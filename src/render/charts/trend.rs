//! The trend chart: lines over the years, with methodology breaks.

use super::axes::{draw_y_axis, integer_ticks, tick_range, tick_text};
use super::draw::{dashed_line, draw_title, line, marker, text, TextLook};
use super::font::{SMALL, TITLE};
use super::legend::{draw_legend, legend_layout, LegendMark};
use super::style::{series_color, AXIS, CHART_WIDTH, MUTED, PAD};
use super::svg::{empty_chart, render};
use super::text::{block_height, centred_within, lines_width, wrap};
use crate::model::Language;
use plotters::style::text_anchor::{HPos, VPos};

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i32, Option<f64>)>,
    pub dashed: bool,
}

/// Lines over years with integer year ticks; `None` leaves a gap. Vertical
/// dashed markers at each year in `breaks` (the first edition of a new
/// methodology), labelled with `break_label`. `y_label` names the y axis and
/// sits above it, so it can never collide with the tick labels.
///
/// Series take Okabe–Ito colours in order (blue, dark grey, vermilion,
/// green, purple, black) and each has its own marker shape.
pub fn trend_chart(
    title: &str,
    years: &[i32],
    series: &[Series],
    breaks: &[i32],
    break_label: &str,
    y_label: &str,
    lang: Language,
) -> String {
    lines_chart(
        title,
        years,
        &|year: i32| year.to_string(),
        series,
        (breaks, break_label),
        y_label,
        lang,
    )
}

/// Lines over reporting periods (`6T đầu 2023`, `Q3 2024`), evenly spaced
/// in the order given: a series' point `(i, value)` is at `labels[i]`. As
/// [`trend_chart`] otherwise, without breaks.
pub fn period_chart(
    title: &str,
    labels: &[String],
    series: &[Series],
    y_label: &str,
    lang: Language,
) -> String {
    let positions: Vec<i32> = (0..labels.len() as i32).collect();
    let label = |i: i32| {
        usize::try_from(i)
            .ok()
            .and_then(|i| labels.get(i))
            .cloned()
            .unwrap_or_default()
    };
    lines_chart(title, &positions, &label, series, (&[], ""), y_label, lang)
}

/// The lines of [`trend_chart`] and [`period_chart`]: x positions are
/// whole numbers, each tick labelled by `label`.
fn lines_chart(
    title: &str,
    years: &[i32],
    label: &dyn Fn(i32) -> String,
    series: &[Series],
    // Methodology breaks: the years, and what each marker says.
    (breaks, break_label): (&[i32], &str),
    y_label: &str,
    lang: Language,
) -> String {
    let mut all_years: Vec<i32> = years.to_vec();
    all_years.extend(series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
    all_years.sort_unstable();
    all_years.dedup();
    let (Some(&first_year), Some(&last_year)) = (all_years.first(), all_years.last()) else {
        return empty_chart(title);
    };
    let mut tick_years: Vec<i32> = if years.is_empty() {
        all_years.clone()
    } else {
        years.to_vec()
    };
    tick_years.sort_unstable();
    tick_years.dedup();

    let values = series
        .iter()
        .flat_map(|s| s.points.iter().filter_map(|p| p.1))
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let y_ticks = integer_ticks(lo, hi, 5);
    let (y_min, y_max) = tick_range(&y_ticks);

    let width = CHART_WIDTH;
    let tick_w = y_ticks
        .iter()
        .map(|&t| SMALL.width(&tick_text(t, lang)))
        .fold(0.0, f64::max);
    let year_w = tick_years
        .iter()
        .map(|&y| SMALL.width(&label(y)))
        .fold(SMALL.width(&label(first_year)), f64::max)
        .max(SMALL.width(&label(last_year)));
    // Points sit INSET inside the plot so markers and year labels clear the edges.
    const INSET: f64 = 12.0;
    let plot_x0 = (PAD + tick_w + 6.0).max(PAD + year_w / 2.0 - INSET);
    let plot_x1 = width - PAD - (year_w / 2.0 - INSET).max(0.0);
    let span = f64::from(last_year) - f64::from(first_year);
    let x_of = |year: i32| {
        if span > 0.0 {
            let share = (f64::from(year) - f64::from(first_year)) / span;
            plot_x0 + INSET + (plot_x1 - plot_x0 - 2.0 * INSET) * share
        } else {
            (plot_x0 + plot_x1) / 2.0
        }
    };

    let title_lines = wrap(title, width - 2.0 * PAD, TITLE, 3);
    let mut y = PAD + block_height(&title_lines, TITLE);
    let entries: Vec<(&str, LegendMark)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.name.as_str(),
                LegendMark::Line {
                    index: i,
                    dashed: s.dashed,
                },
            )
        })
        .collect();
    let legend = legend_layout(&entries, PAD, width - PAD, y);
    y = legend.bottom + 4.0;
    let y_title = wrap(y_label, width - 2.0 * PAD, SMALL, 2);
    let y_title_top = y;
    y += block_height(&y_title, SMALL);

    // Break labels go above the plot, stacked in rows when they would touch.
    let break_text = wrap(break_label, width / 2.0, SMALL, 1);
    let break_w = lines_width(&break_text, SMALL);
    let mut placed_breaks: Vec<(f64, f64, usize)> = Vec::new(); // (line x, label centre, row)
    let mut row_ends: Vec<f64> = Vec::new();
    let mut sorted_breaks: Vec<i32> = breaks
        .iter()
        .copied()
        .filter(|b| (first_year..=last_year).contains(b))
        .collect();
    sorted_breaks.sort_unstable();
    sorted_breaks.dedup();
    for year in sorted_breaks {
        let x = x_of(year);
        let centre = centred_within(x, break_w, PAD, width - PAD);
        let left = centre - break_w / 2.0;
        let row = match row_ends.iter().position(|&end| end + 6.0 <= left) {
            Some(row) => row,
            None => {
                row_ends.push(f64::NEG_INFINITY);
                row_ends.len() - 1
            }
        };
        row_ends[row] = centre + break_w / 2.0;
        placed_breaks.push((x, centre, row));
    }
    let breaks_top = y;
    if !break_text.is_empty() {
        y += row_ends.len() as f64 * SMALL.line_height();
    }
    let plot_top = y + 8.0;
    let plot_bottom = plot_top + TREND_PLOT_HEIGHT;
    let y_of = |v: f64| plot_bottom - (plot_bottom - plot_top) * (v - y_min) / (y_max - y_min);
    let height = plot_bottom + 4.0 + SMALL.line_height() + PAD;

    // Thin out year labels that would touch; the last year is always shown.
    let min_gap = tick_years
        .windows(2)
        .map(|w| x_of(w[1]) - x_of(w[0]))
        .fold(f64::INFINITY, f64::min);
    let every = if min_gap.is_finite() && min_gap > 0.0 {
        ((year_w + 8.0) / min_gap).ceil().max(1.0) as usize
    } else {
        1
    };

    render(title, width, height, |area| {
        draw_title(area, &title_lines)?;
        draw_legend(area, &legend, &[])?;
        draw_y_axis(
            area,
            &y_title,
            y_title_top,
            &y_ticks,
            (plot_x0, plot_x1),
            y_of,
            lang,
        )?;
        line(
            area,
            &[(plot_x0, plot_bottom), (plot_x1, plot_bottom)],
            AXIS,
            1,
        )?;
        let look = TextLook::new(SMALL)
            .color(MUTED)
            .align(HPos::Center, VPos::Top);
        for &year in &tick_years {
            let x = x_of(year);
            line(area, &[(x, plot_bottom), (x, plot_bottom + 3.0)], AXIS, 1)?;
        }
        let last = tick_years.len().saturating_sub(1);
        for (i, &year) in tick_years.iter().enumerate() {
            if (last - i) % every == 0 {
                text(area, &[label(year)], x_of(year), plot_bottom + 4.0, look)?;
            }
        }
        for &(x, _, _) in &placed_breaks {
            dashed_line(area, &[(x, plot_top - 6.0), (x, plot_bottom)], MUTED, 1)?;
        }
        let look = TextLook::new(SMALL)
            .color(MUTED)
            .align(HPos::Center, VPos::Top);
        for &(_, centre, row) in &placed_breaks {
            let label_y = breaks_top + row as f64 * SMALL.line_height();
            text(area, &break_text, centre, label_y, look)?;
        }
        for (index, s) in series.iter().enumerate() {
            let mut points: Vec<(i32, Option<f64>)> = s.points.clone();
            points.sort_by_key(|p| p.0);
            points.dedup_by_key(|p| p.0);
            let color = series_color(index);
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
            for (year, value) in points {
                match value.filter(|v| v.is_finite()) {
                    Some(v) => run.push((x_of(year), y_of(v))),
                    None => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
            for run in runs.iter().filter(|r| r.len() > 1) {
                if s.dashed {
                    dashed_line(area, run, color, 2)?;
                } else {
                    line(area, run, color, 2)?;
                }
            }
            for &point in runs.iter().flatten() {
                marker(area, index, point, color)?;
            }
        }
        Ok(())
    })
}

const TREND_PLOT_HEIGHT: f64 = 220.0;
