//! Inline SVG charts: ranking bars, a unit's fields against the group mean,
//! trend lines with methodology breaks, a heatmap of units x fields and a
//! histogram of index values.
//!
//! Every visible string arrives translated and formatted ("85,74"), so this
//! module knows no locale. The only numbers it writes itself are integer
//! axis ticks (years, counts, percent steps), which read the same in every
//! locale.
//!
//! Why the layout is done here and not by plotters' `ChartBuilder`: its label
//! areas are fixed sizes chosen by the caller, which clipped long Vietnamese
//! names and "100,00" value labels. Here every label is measured with a
//! bundled DejaVu Sans through plotters' `ab_glyph` support and the margins
//! are sized from the measurements; long labels wrap onto a second line and
//! are cut with "…" only beyond that.
//!
//! Why drawing goes to `CompactSvg` and not plotters' `SVGBackend`: that
//! backend writes a fixed width and height, no `<title>`, repeats `opacity`
//! and font attributes on every element, writes font sizes with 15 decimals
//! and one element per dash of a dashed line. `CompactSvg` implements
//! plotters' `DrawingBackend`, so charts are still drawn with plotters'
//! `DrawingArea` and elements, but it writes integer coordinates, merges
//! runs of same-styled shapes into one `<path>` and of same-styled texts
//! into one `<g>`, puts the shared font on the root element and supports
//! multi-line labels.
//!
//! Output is byte-identical for identical input: nothing iterates a hash map
//! and no ids are generated (hatching is drawn as lines, not a `<pattern>`).

use crate::decimal::{decimal_str, NUMBER_ROOM};
use std::convert::Infallible;
use std::fmt::Write as _;
use std::sync::{Once, OnceLock};

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    register_font, Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBColor,
};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// Regular face used to measure labels (never embedded in the output).
const FONT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-subset.ttf"
));
/// Bold face: titles and highlighted labels are wider than regular text.
const FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold-subset.ttf"
));

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// One unit in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_label: String,
    pub highlight: bool,
}

/// One field of a unit, as % of the field's maximum, against the group mean.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub label: String,
    pub unit_pct: Option<f64>,
    pub mean_pct: Option<f64>,
    pub unit_label: String,
    pub mean_label: String,
}

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i32, Option<f64>)>,
    pub dashed: bool,
}

/// Horizontal bars, one per unit, in the order given (rank order), with an
/// optional reference line (e.g. the group mean) and its label.
///
/// Bars run from 0 to `axis_max`; values outside are clamped to the axis.
/// A highlighted bar is vermilion instead of blue and, so that colour is not
/// the only cue, its row has a tinted band and bold labels.
pub fn ranking_chart(
    title: &str,
    bars: &[Bar],
    axis_max: f64,
    reference: Option<(f64, &str)>,
) -> String {
    if bars.is_empty() {
        return empty_chart(title);
    }
    let axis_max = if axis_max.is_finite() && axis_max > 0.0 {
        axis_max
    } else {
        bars.iter()
            .map(|b| b.value)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
            .max(1.0)
    };

    struct Row {
        label: Vec<String>,
        value_label: String,
        value: f64,
        font: Font,
        top: f64,
        height: f64,
    }

    let label_max = CHART_WIDTH * LABEL_SHARE;
    let mut rows: Vec<Row> = bars
        .iter()
        .map(|bar| {
            let font = if bar.highlight { BODY_BOLD } else { BODY };
            let label = wrap(&bar.label, label_max, font, 2);
            let height = row_height(label.len(), font, RANK_ROW);
            Row {
                label,
                value_label: clean(&bar.value_label),
                value: bar.value,
                font,
                top: 0.0,
                height,
            }
        })
        .collect();
    let label_w = rows
        .iter()
        .map(|r| lines_width(&r.label, r.font))
        .fold(0.0, f64::max);
    let value_w = rows
        .iter()
        .map(|r| r.font.width(&r.value_label))
        .fold(0.0, f64::max);

    let plot_x0 = PAD + label_w + GAP;
    let width = CHART_WIDTH.max(plot_x0 + MIN_PLOT + VALUE_GAP + value_w + PAD);
    let plot_x1 = width - PAD - value_w - VALUE_GAP;
    let x_of = |v: f64| {
        let v = if v.is_finite() {
            v.clamp(0.0, axis_max)
        } else {
            0.0
        };
        plot_x0 + (plot_x1 - plot_x0) * v / axis_max
    };

    let title_lines = wrap(title, width - 2.0 * PAD, TITLE, 3);
    let mut y = PAD + block_height(&title_lines, TITLE);
    // A reference that is not a number is left out rather than drawn at 0.
    let reference = reference
        .filter(|(value, _)| value.is_finite())
        .map(|(value, label)| (x_of(value), wrap(label, width - 2.0 * PAD, SMALL, 1)));
    let ref_row = SMALL.line_height() + 4.0;
    if reference.is_some() {
        y += ref_row;
    }
    let rows_top = y;
    for row in &mut rows {
        row.top = y;
        y += row.height;
    }
    let rows_bottom = y;
    // A long ranking scrolls: repeat the reference label under it.
    let repeat_reference = reference.is_some() && rows.len() > 25;
    if repeat_reference {
        y += ref_row;
    }
    let height = y + PAD;

    render(title, width, height, |area| {
        draw_title(area, &title_lines)?;
        for (row, bar) in rows.iter().zip(bars) {
            if bar.highlight {
                fill_rect(
                    area,
                    (PAD, row.top),
                    (width - PAD, row.top + row.height),
                    HIGHLIGHT_BAND,
                )?;
            }
        }
        // Same-coloured bars one after another become a single <path>.
        for highlighted in [false, true] {
            let color = if highlighted { VERMILION } else { BLUE };
            for (row, bar) in rows.iter().zip(bars) {
                if bar.highlight == highlighted {
                    let mid = row.top + row.height / 2.0;
                    fill_rect(
                        area,
                        (plot_x0, mid - BAR / 2.0),
                        (x_of(row.value), mid + BAR / 2.0),
                        color,
                    )?;
                }
            }
        }
        line(
            area,
            &[(plot_x0, rows_top), (plot_x0, rows_bottom)],
            AXIS,
            1,
        )?;
        if let Some((x, _)) = &reference {
            dashed_line(
                area,
                &[(*x, rows_top - 2.0), (*x, rows_bottom + 2.0)],
                REFERENCE,
                1,
            )?;
            // Value labels the reference line runs through get a backing
            // in their row's colour so the dashes do not cut the digits.
            for (row, bar) in rows.iter().zip(bars) {
                let left = x_of(row.value) + VALUE_GAP;
                let right = left + row.font.width(&row.value_label);
                if (left - 2.0..=right + 2.0).contains(x) {
                    let mid = row.top + row.height / 2.0;
                    let half = row.font.size * 0.6;
                    let backing = if bar.highlight { HIGHLIGHT_BAND } else { WHITE };
                    fill_rect(
                        area,
                        (left - 1.0, mid - half),
                        (right + 1.0, mid + half),
                        backing,
                    )?;
                }
            }
        }
        // Labels, then values: each kind shares a style and so one <g>.
        for row in &rows {
            let look = TextLook::new(row.font).align(HPos::Right, VPos::Center);
            text(
                area,
                &row.label,
                plot_x0 - GAP,
                row.top + row.height / 2.0,
                look,
            )?;
        }
        for row in &rows {
            let look = TextLook::new(row.font).align(HPos::Left, VPos::Center);
            let x = x_of(row.value) + VALUE_GAP;
            text(
                area,
                &[row.value_label.as_str()],
                x,
                row.top + row.height / 2.0,
                look,
            )?;
        }
        if let Some((x, label)) = &reference {
            let look = TextLook::new(SMALL).color(REFERENCE);
            let placed = centred_within(*x, lines_width(label, SMALL), PAD, width - PAD);
            let look = look.align(HPos::Center, VPos::Bottom);
            text(area, label, placed, rows_top - 4.0, look)?;
            if repeat_reference {
                let look = look.align(HPos::Center, VPos::Top);
                text(area, label, placed, rows_bottom + 4.0, look)?;
            }
        }
        Ok(())
    })
}

/// A unit's fields as % of each field's maximum (0..=100) against the group
/// mean; `None` means not applicable and draws no bar, only its label.
/// `series_names` = (unit name, group-mean name) for the legend.
///
/// The unit's bar is thick and blue, the mean's thin and grey, so the two
/// differ in shape as well as colour.
pub fn field_chart(title: &str, rows: &[FieldRow], series_names: (&str, &str)) -> String {
    if rows.is_empty() {
        return empty_chart(title);
    }

    struct Layout {
        label: Vec<String>,
        unit_label: String,
        mean_label: String,
        top: f64,
        height: f64,
    }

    let label_max = CHART_WIDTH * LABEL_SHARE;
    let mut layout: Vec<Layout> = rows
        .iter()
        .map(|row| {
            let label = wrap(&row.label, label_max, BODY, 3);
            let by_text = label.len() as f64 * BODY.line_height() + 10.0;
            Layout {
                label,
                unit_label: clean(&row.unit_label),
                mean_label: clean(&row.mean_label),
                top: 0.0,
                height: by_text.max(FIELD_BARS + 14.0),
            }
        })
        .collect();
    let label_w = layout
        .iter()
        .map(|r| lines_width(&r.label, BODY))
        .fold(0.0, f64::max);
    // Only labels that follow a bar can end at the axis end; a "not
    // applicable" label starts at the axis and is cut to the plot width.
    let value_w = layout
        .iter()
        .zip(rows)
        .flat_map(|(r, d)| [(d.unit_pct, &r.unit_label), (d.mean_pct, &r.mean_label)])
        .filter(|(pct, _)| pct.is_some_and(f64::is_finite))
        .map(|(_, label)| SMALL.width(label))
        .fold(0.0, f64::max);
    // The "100" tick is centred on the axis end and must not stick out.
    let tick_half = SMALL.width("100") / 2.0;

    let plot_x0 = PAD + label_w + GAP;
    let right_room = (value_w + VALUE_GAP).max(tick_half);
    let width = CHART_WIDTH.max(plot_x0 + MIN_PLOT + right_room + PAD);
    let plot_x1 = width - PAD - right_room;
    let x_of = |pct: f64| plot_x0 + (plot_x1 - plot_x0) * pct.clamp(0.0, 100.0) / 100.0;

    let title_lines = wrap(title, width - 2.0 * PAD, TITLE, 3);
    let mut y = PAD + block_height(&title_lines, TITLE);
    let legend = legend_layout(
        &[
            (series_names.0, LegendMark::Bar(UNIT_BAR)),
            (series_names.1, LegendMark::Bar(MEAN_BAR)),
        ],
        PAD,
        width - PAD,
        y,
    );
    y = legend.bottom + 6.0;
    let rows_top = y;
    for row in &mut layout {
        row.top = y;
        y += row.height;
    }
    let rows_bottom = y;
    let height = rows_bottom + 4.0 + SMALL.line_height() + PAD;

    render(title, width, height, |area| {
        draw_title(area, &title_lines)?;
        draw_legend(area, &legend, &[BLUE, MEAN])?;
        for pct in [25.0, 50.0, 75.0, 100.0] {
            line(
                area,
                &[(x_of(pct), rows_top), (x_of(pct), rows_bottom)],
                GRID,
                1,
            )?;
        }
        for row in layout.iter().skip(1) {
            line(area, &[(PAD, row.top), (width - PAD, row.top)], GRID, 1)?;
        }
        // (value, label, centre y, thickness, colour) of each bar, unit bars
        // first, so that bars, value labels and field labels each come out
        // as one run.
        let bars: Vec<(Option<f64>, &String, f64, f64, RGBColor)> = [true, false]
            .into_iter()
            .flat_map(|unit| {
                layout.iter().zip(rows).map(move |(row, data)| {
                    let bars_top = row.top + (row.height - FIELD_BARS) / 2.0;
                    if unit {
                        let mid = bars_top + UNIT_BAR / 2.0;
                        (data.unit_pct, &row.unit_label, mid, UNIT_BAR, BLUE)
                    } else {
                        let mid = bars_top + UNIT_BAR + FIELD_BAR_GAP + MEAN_BAR / 2.0;
                        (data.mean_pct, &row.mean_label, mid, MEAN_BAR, MEAN)
                    }
                })
            })
            .map(|(pct, label, mid, thickness, color)| {
                (pct.filter(|p| p.is_finite()), label, mid, thickness, color)
            })
            .collect();
        for &(pct, _, mid, thickness, color) in &bars {
            if let Some(pct) = pct {
                let half = thickness / 2.0;
                fill_rect(area, (plot_x0, mid - half), (x_of(pct), mid + half), color)?;
            }
        }
        for &(pct, label, mid, _, _) in &bars {
            let look = TextLook::new(SMALL).align(HPos::Left, VPos::Center);
            match pct {
                Some(pct) => text(area, &[label], x_of(pct) + VALUE_GAP, mid, look)?,
                None => {
                    let label = ellipsize(label, plot_x1 - plot_x0 - VALUE_GAP, SMALL);
                    text(area, &[label], plot_x0 + VALUE_GAP, mid, look.color(MUTED))?;
                }
            }
        }
        let look = TextLook::new(BODY).align(HPos::Right, VPos::Center);
        for row in &layout {
            text(
                area,
                &row.label,
                plot_x0 - GAP,
                row.top + row.height / 2.0,
                look,
            )?;
        }
        line(
            area,
            &[(plot_x0, rows_top), (plot_x0, rows_bottom)],
            AXIS,
            1,
        )?;
        let look = TextLook::new(SMALL)
            .color(MUTED)
            .align(HPos::Center, VPos::Top);
        for pct in [0u8, 25, 50, 75, 100] {
            text(
                area,
                &[pct.to_string()],
                x_of(f64::from(pct)),
                rows_bottom + 4.0,
                look,
            )?;
        }
        Ok(())
    })
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
        .map(|t| SMALL.width(&t.to_string()))
        .fold(0.0, f64::max);
    let year_w = SMALL
        .width(&first_year.to_string())
        .max(SMALL.width(&last_year.to_string()));
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
                text(
                    area,
                    &[year.to_string()],
                    x_of(year),
                    plot_bottom + 4.0,
                    look,
                )?;
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

/// Up to this many rows, a heatmap's cells show their labels.
pub const HEATMAP_LABELLED_ROWS: usize = 100;

/// Units (rows) x fields (columns); a cell is % of the field's maximum
/// (0..=100) on a light-to-dark blue scale, or `None` (not applicable),
/// drawn grey and hatched. Every cell shows its label, up to
/// [`HEATMAP_LABELLED_ROWS`] rows.
///
/// Beyond that the cells are colour alone: the labels of a 170-commune
/// group would be half of a page that must stay under 100 KB, and the
/// table under the chart holds the same numbers.
pub fn heatmap(
    title: &str,
    row_labels: &[String],
    col_labels: &[String],
    cells: &[Vec<Option<f64>>],
    cell_labels: &[Vec<String>],
) -> String {
    if row_labels.is_empty() || col_labels.is_empty() {
        return empty_chart(title);
    }
    let cell_text = |r: usize, c: usize| -> String {
        clean(
            cell_labels
                .get(r)
                .and_then(|row| row.get(c))
                .map_or("", String::as_str),
        )
    };
    let cell_value = |r: usize, c: usize| -> Option<f64> {
        cells
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    };

    let widest_cell = (0..row_labels.len())
        .flat_map(|r| (0..col_labels.len()).map(move |c| (r, c)))
        .map(|(r, c)| SMALL.width(&cell_text(r, c)))
        .fold(0.0, f64::max);
    let cell_w = (widest_cell + 10.0).clamp(44.0, 120.0);

    // Column headers: horizontal when every label fits its column in up to
    // three lines, otherwise turned to read upwards.
    let horizontal: Option<Vec<Vec<String>>> = col_labels
        .iter()
        .map(|label| {
            let lines = wrap(label, cell_w - 6.0, SMALL, 3);
            let fits =
                lines.join(" ") == clean(label) && lines_width(&lines, SMALL) <= cell_w - 6.0;
            fits.then_some(lines)
        })
        .collect();
    let vertical = horizontal.is_none();
    let header_lines: Vec<Vec<String>> = horizontal.unwrap_or_else(|| {
        let max_lines = ((cell_w - 4.0) / SMALL.line_height()).floor().max(1.0) as usize;
        col_labels
            .iter()
            .map(|label| wrap(label, HEADER_MAX, SMALL, max_lines))
            .collect()
    });
    let header_h = if vertical {
        header_lines
            .iter()
            .map(|l| lines_width(l, SMALL))
            .fold(0.0, f64::max)
            + 8.0
    } else {
        header_lines
            .iter()
            .map(|l| block_height(l, SMALL))
            .fold(0.0, f64::max)
            + 2.0
    };

    let row_lines: Vec<Vec<String>> = row_labels
        .iter()
        .map(|l| wrap(l, HEAT_LABEL_MAX, BODY, 2))
        .collect();
    let label_w = row_lines
        .iter()
        .map(|l| lines_width(l, BODY))
        .fold(0.0, f64::max);
    let grid_x0 = PAD + label_w + GAP;
    let grid_w = cell_w * col_labels.len() as f64;
    let width = (grid_x0 + grid_w + PAD).max(MIN_WIDTH);
    let title_lines = wrap(title, width - 2.0 * PAD, TITLE, 3);

    let header_top = PAD + block_height(&title_lines, TITLE);
    let grid_top = header_top + header_h;
    let mut row_tops = Vec::with_capacity(row_lines.len());
    let mut y = grid_top;
    for lines in &row_lines {
        row_tops.push((y, row_height(lines.len(), BODY, HEAT_ROW)));
        y += row_height(lines.len(), BODY, HEAT_ROW);
    }
    let legend_top = y + 10.0;
    let swatch_w = 18.0;
    // Under the grid, but inside the chart when the grid is narrow.
    let legend_x0 =
        grid_x0.min(width - PAD - swatch_w * HEAT_CLASSES as f64 - SMALL.width("100") / 2.0);
    let height = legend_top + 12.0 + 4.0 + SMALL.line_height() + PAD;

    render(title, width, height, |area| {
        draw_title(area, &title_lines)?;
        for (c, lines) in header_lines.iter().enumerate() {
            let x = grid_x0 + cell_w * (c as f64 + 0.5);
            let look = TextLook::new(SMALL);
            if vertical {
                let look = look.align(HPos::Left, VPos::Center).vertical();
                text(area, lines, x, grid_top - 4.0, look)?;
            } else {
                let look = look.align(HPos::Center, VPos::Bottom);
                text(area, lines, x, grid_top - 2.0, look)?;
            }
        }
        let cell_box = |r: usize, c: usize| {
            let (top, h) = row_tops[r];
            let x0 = grid_x0 + cell_w * c as f64;
            ((x0 + 1.0, top + 1.0), (x0 + cell_w - 1.0, top + h - 1.0))
        };
        let all_cells =
            || (0..row_tops.len()).flat_map(|r| (0..col_labels.len()).map(move |c| (r, c)));
        // Drawn class by class, then hatching, then text colour by text
        // colour, so the backend merges each kind into one element.
        for class in 0..HEAT_CLASSES {
            for (r, c) in
                all_cells().filter(|&(r, c)| cell_value(r, c).map(heat_class) == Some(class))
            {
                let (p0, p1) = cell_box(r, c);
                fill_rect(area, p0, p1, heat_color(class))?;
            }
        }
        let not_applicable = || all_cells().filter(|&(r, c)| cell_value(r, c).is_none());
        for (r, c) in not_applicable() {
            let (p0, p1) = cell_box(r, c);
            fill_rect(area, p0, p1, NOT_APPLICABLE)?;
        }
        for (r, c) in not_applicable() {
            let (p0, p1) = cell_box(r, c);
            hatch(area, p0, p1)?;
        }
        // The contrast test takes powers: once per class, not per cell.
        let class_text: Vec<RGBColor> = (0..HEAT_CLASSES)
            .map(|class| text_on(heat_color(class)))
            .collect();
        let text_color = |r: usize, c: usize| match cell_value(r, c) {
            Some(v) => class_text[heat_class(v)],
            None => MUTED,
        };
        let labelled = row_tops.len() <= HEATMAP_LABELLED_ROWS;
        for color in [BLACK, WHITE, MUTED].into_iter().filter(|_| labelled) {
            let look = TextLook::new(SMALL)
                .color(color)
                .align(HPos::Center, VPos::Center);
            for (r, c) in all_cells().filter(|&(r, c)| text_color(r, c) == color) {
                let ((x0, y0), (x1, y1)) = cell_box(r, c);
                let label = ellipsize(&cell_text(r, c), cell_w - 6.0, SMALL);
                text(area, &[label], (x0 + x1) / 2.0, (y0 + y1) / 2.0, look)?;
            }
        }
        let look = TextLook::new(BODY).align(HPos::Right, VPos::Center);
        for (lines, &(top, h)) in row_lines.iter().zip(&row_tops) {
            text(area, lines, grid_x0 - GAP, top + h / 2.0, look)?;
        }
        for class in 0..HEAT_CLASSES {
            let x0 = legend_x0 + swatch_w * class as f64;
            fill_rect(
                area,
                (x0, legend_top),
                (x0 + swatch_w, legend_top + 12.0),
                heat_color(class),
            )?;
        }
        let look = TextLook::new(SMALL)
            .color(MUTED)
            .align(HPos::Center, VPos::Top);
        for (i, pct) in [0u8, 20, 40, 60, 80, 100].into_iter().enumerate() {
            let x = legend_x0 + swatch_w * 2.0 * i as f64;
            text(area, &[pct.to_string()], x, legend_top + 14.0, look)?;
        }
        // Outlined, as the lightest class is nearly white.
        let (x1, y1) = (
            legend_x0 + swatch_w * HEAT_CLASSES as f64,
            legend_top + 12.0,
        );
        let strip = [
            (legend_x0, legend_top),
            (x1, legend_top),
            (x1, y1),
            (legend_x0, y1),
            (legend_x0, legend_top),
        ];
        line(area, &strip, AXIS, 1)?;
        Ok(())
    })
}

/// Histogram of index values: `bins` are (lower, upper, count, label) in
/// ascending order. Bars are drawn as rectangles (plotters' `Histogram`
/// iterates a hash map, so its output order changes between runs).
pub fn distribution_chart(
    title: &str,
    bins: &[(f64, f64, usize, String)],
    x_label: &str,
    y_label: &str,
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
        .map(|t| SMALL.width(&t.to_string()))
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

// ---------------------------------------------------------------------------
// Layout constants and palette
// ---------------------------------------------------------------------------

/// Logical width of most charts. Small enough that 13 px text is still
/// about 10 px on a 360 px phone, where the SVG is scaled down to ~330 px.
const CHART_WIDTH: f64 = 440.0;
/// Narrowest chart (heatmaps with few columns).
const MIN_WIDTH: f64 = 320.0;
const PAD: f64 = 10.0;
/// Between a label and the bar or cell it names.
const GAP: f64 = 6.0;
/// Between a bar's end and its value label.
const VALUE_GAP: f64 = 4.0;
/// Row labels wrap beyond this share of the chart width.
const LABEL_SHARE: f64 = 0.45;
/// Row labels of a heatmap wrap beyond this width (the chart grows with columns).
const HEAT_LABEL_MAX: f64 = 200.0;
/// Turned column headers and bin labels are cut beyond this length.
const HEADER_MAX: f64 = 160.0;
/// Bars never get less room than this, however long the labels.
const MIN_PLOT: f64 = 150.0;
const RANK_ROW: f64 = 22.0;
const HEAT_ROW: f64 = 24.0;
const BAR: f64 = 14.0;
const UNIT_BAR: f64 = 14.0;
const MEAN_BAR: f64 = 8.0;
/// Far enough apart that the two value labels (12 px) do not touch.
const FIELD_BAR_GAP: f64 = 4.0;
const FIELD_BARS: f64 = UNIT_BAR + FIELD_BAR_GAP + MEAN_BAR;
const TREND_PLOT_HEIGHT: f64 = 220.0;
const DIST_PLOT_HEIGHT: f64 = 200.0;

/// Root font size, written once on `<svg>` and omitted on texts of this size.
const ROOT_FONT_SIZE: f64 = 13.0;
const LINE_HEIGHT: f64 = 1.25;
/// Baseline offsets in em from a text's anchor (DejaVu: ascender 0.93 em,
/// descender 0.24 em); the browser's sans-serif is close enough.
const TOP_TO_BASELINE: f64 = 0.95;
const CENTER_TO_BASELINE: f64 = 0.35;
const BOTTOM_TO_BASELINE: f64 = -0.25;
/// Browsers may pick a sans-serif slightly wider than DejaVu Sans.
const WIDTH_SLACK: f64 = 1.02;

const BODY: Font = Font {
    size: 13.0,
    bold: false,
};
const BODY_BOLD: Font = Font {
    size: 13.0,
    bold: true,
};
const SMALL: Font = Font {
    size: 12.0,
    bold: false,
};
const TITLE: Font = Font {
    size: 15.0,
    bold: true,
};

// Okabe–Ito colours that keep at least 3:1 contrast on white.
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const VERMILION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// The group mean: neutral, as it is a reference rather than a unit.
const MEAN: RGBColor = RGBColor(0x55, 0x55, 0x55);
const REFERENCE: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Secondary text: 7:1 on white.
const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
const AXIS: RGBColor = RGBColor(0x76, 0x76, 0x76);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// A light tint of Okabe–Ito yellow behind a highlighted row.
const HIGHLIGHT_BAND: RGBColor = RGBColor(0xFC, 0xF4, 0xC4);
const NOT_APPLICABLE: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);
const HATCH: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
const SERIES: [RGBColor; 6] = [BLUE, MEAN, VERMILION, GREEN, PURPLE, BLACK];
/// ColorBrewer "Blues": one hue, lightness falling steadily, safe for every
/// kind of colour blindness.
const HEAT_STOPS: [RGBColor; 9] = [
    RGBColor(0xF7, 0xFB, 0xFF),
    RGBColor(0xDE, 0xEB, 0xF7),
    RGBColor(0xC6, 0xDB, 0xEF),
    RGBColor(0x9E, 0xCA, 0xE1),
    RGBColor(0x6B, 0xAE, 0xD6),
    RGBColor(0x42, 0x92, 0xC6),
    RGBColor(0x21, 0x71, 0xB5),
    RGBColor(0x08, 0x51, 0x9C),
    RGBColor(0x08, 0x30, 0x6B),
];

fn series_color(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}

/// Heatmap cells are coloured in classes of 10 percentage points: easier to
/// match against the legend than a continuous scale, and cells of one class
/// merge into one `<path>`, which keeps large heatmaps small.
const HEAT_CLASSES: usize = 10;

fn heat_class(pct: f64) -> usize {
    ((pct.clamp(0.0, 100.0) / 10.0).floor() as usize).min(HEAT_CLASSES - 1)
}

/// The class's midpoint on the ColorBrewer ramp.
fn heat_color(class: usize) -> RGBColor {
    let t = (class.min(HEAT_CLASSES - 1) as f64 + 0.5) / HEAT_CLASSES as f64
        * (HEAT_STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(HEAT_STOPS.len() - 2);
    let f = t - i as f64;
    let (a, b) = (HEAT_STOPS[i], HEAT_STOPS[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black or white, whichever contrasts more with `background` (WCAG).
fn text_on(background: RGBColor) -> RGBColor {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(background.0)
        + 0.7152 * channel(background.1)
        + 0.0722 * channel(background.2);
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        BLACK
    } else {
        WHITE
    }
}

// ---------------------------------------------------------------------------
// Text measurement and wrapping
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
struct Font {
    size: f64,
    bold: bool,
}

impl Font {
    fn width(self, text: &str) -> f64 {
        text_width(text, self.size, self.bold)
    }

    fn line_height(self) -> f64 {
        self.size * LINE_HEIGHT
    }
}

fn fonts_ready() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fails only for a corrupt font file; `text_width` then estimates.
        let _ = register_font("sans-serif", FontStyle::Normal, FONT);
        let _ = register_font("sans-serif", FontStyle::Bold, FONT_BOLD);
    });
}

/// Measured at a large size so plotters' whole-pixel rounding is negligible.
const REFERENCE_SIZE: f64 = 1000.0;

/// Width in px of `text` at CSS font-size `size`.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    match box_width(text, bold) {
        // ab_glyph scales a font so that ascender - descender equals the
        // requested size, while CSS font-size is the em: convert.
        Some(w) => f64::from(w) / REFERENCE_SIZE * font_height_in_em() * size * WIDTH_SLACK,
        None => text.chars().count() as f64 * 0.65 * size,
    }
}

/// The width plotters measures for `text` at the reference size. Unit names
/// recur on every edition's charts, and wrapping measures the same prefixes
/// again: each thread remembers what it measured (a bounded memory, cleared
/// when full).
fn box_width(text: &str, bold: bool) -> Option<i32> {
    type Widths = rustc_hash::FxHashMap<Box<str>, Option<i32>>;
    thread_local! {
        static WIDTHS: std::cell::RefCell<[Widths; 2]> = std::cell::RefCell::default();
    }
    const REMEMBERED: usize = 50_000;
    // Looked up once: building a FontDesc locks plotters' font table.
    static FACES: OnceLock<[FontDesc<'static>; 2]> = OnceLock::new();
    WIDTHS.with_borrow_mut(|widths| {
        let widths = &mut widths[usize::from(bold)];
        if let Some(&w) = widths.get(text) {
            return w;
        }
        let faces = FACES.get_or_init(|| {
            fonts_ready();
            [FontStyle::Normal, FontStyle::Bold]
                .map(|style| FontDesc::new(FontFamily::SansSerif, REFERENCE_SIZE, style))
        });
        let w = faces[usize::from(bold)]
            .box_size(text)
            .ok()
            .map(|(w, _)| w as i32);
        if widths.len() >= REMEMBERED {
            widths.clear();
        }
        widths.insert(text.into(), w);
        w
    })
}

/// (ascender - descender) / units-per-em of the measuring font, read from its
/// `hhea` and `head` tables (both faces of DejaVu Sans share them).
fn font_height_in_em() -> f64 {
    static HEIGHT: OnceLock<f64> = OnceLock::new();
    *HEIGHT.get_or_init(|| read_font_height(FONT).unwrap_or(1.164))
}

fn read_font_height(font: &[u8]) -> Option<f64> {
    let u16_at = |data: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
    };
    let u32_at = |data: &[u8], at: usize| -> Option<usize> {
        Some(u32::from_be_bytes([
            *data.get(at)?,
            *data.get(at + 1)?,
            *data.get(at + 2)?,
            *data.get(at + 3)?,
        ]) as usize)
    };
    let tables = usize::from(u16_at(font, 4)?);
    let table = |tag: &[u8]| -> Option<&[u8]> {
        (0..tables).find_map(|i| {
            let record = 12 + 16 * i;
            if font.get(record..record + 4)? != tag {
                return None;
            }
            let offset = u32_at(font, record + 8)?;
            font.get(offset..offset + u32_at(font, record + 12)?)
        })
    };
    let units_per_em = f64::from(u16_at(table(b"head")?, 18)?);
    let hhea = table(b"hhea")?;
    let ascender = f64::from(u16_at(hhea, 4)? as i16);
    let descender = f64::from(u16_at(hhea, 6)? as i16);
    (units_per_em > 0.0 && ascender > descender).then(|| (ascender - descender) / units_per_em)
}

/// Collapses runs of ASCII whitespace and drops control characters (which XML
/// forbids and which the backend uses as line separators).
fn clean(text: &str) -> String {
    // Most labels are clean already: checked without splitting them.
    let mut previous_space = true;
    let tidy = text.chars().all(|c| {
        let space = c == ' ';
        let ok = match c {
            ' ' => !previous_space,
            '\u{FFFE}' | '\u{FFFF}' => false,
            _ => !c.is_ascii_whitespace() && !c.is_control(),
        };
        previous_space = space;
        ok
    });
    if tidy && !text.ends_with(' ') {
        return text.to_string();
    }
    text.split(|c: char| c.is_ascii_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .map(|word| word.replace(['\u{FFFE}', '\u{FFFF}'], ""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Word wrap into at most `max_lines` lines of `max_width`, with lines of
/// similar length (no lone last word); what does not fit is cut with "…".
/// Empty text gives no lines.
fn wrap(text: &str, max_width: f64, font: Font, max_lines: usize) -> Vec<String> {
    let text = clean(text);
    if text.is_empty() || max_lines == 0 {
        return Vec::new();
    }
    if font.width(&text) <= max_width {
        return vec![text];
    }
    // Widths add up (the measuring font has no kerning), so words are
    // measured once and lines are sums; `ellipsize` re-measures each line.
    let words: Vec<&str> = text.split(' ').collect();
    let widths: Vec<f64> = words.iter().map(|w| font.width(w)).collect();
    let space = font.width(" ");
    let breaks = |limit: f64| greedy_breaks(&widths, space, limit);
    let mut spans = breaks(max_width);
    if spans.len() <= max_lines {
        // The narrowest width that still needs no more lines balances them.
        let count = spans.len();
        let (mut narrow, mut wide) = (max_width / count as f64, max_width);
        for _ in 0..12 {
            let mid = (narrow + wide) / 2.0;
            if breaks(mid).len() <= count {
                wide = mid;
            } else {
                narrow = mid;
            }
        }
        spans = breaks(wide);
    } else {
        // The last line takes the rest, to be cut with "…".
        let rest_start = spans[max_lines - 1].0;
        spans.truncate(max_lines - 1);
        spans.push((rest_start, words.len()));
    }
    spans
        .iter()
        .map(|&(from, to)| ellipsize(&words[from..to].join(" "), max_width, font))
        .collect()
}

/// Greedy line breaking over measured words: (first, end) word index ranges.
/// A word wider than `limit` gets a line of its own.
fn greedy_breaks(widths: &[f64], space: f64, limit: f64) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let (mut start, mut line) = (0, 0.0);
    for (i, &w) in widths.iter().enumerate() {
        if i > start && line + space + w > limit {
            spans.push((start, i));
            start = i;
            line = w;
        } else if i == start {
            line = w;
        } else {
            line += space + w;
        }
    }
    spans.push((start, widths.len()));
    spans
}

fn ellipsize(text: &str, max_width: f64, font: Font) -> String {
    if font.width(text) <= max_width {
        return text.to_string();
    }
    let mut kept: Vec<char> = text.chars().collect();
    while !kept.is_empty() {
        kept.pop();
        // Never leave a combining tone mark without its letter, nor a space before "…".
        while kept
            .last()
            .is_some_and(|c| c.is_whitespace() || ('\u{300}'..='\u{36F}').contains(c))
        {
            kept.pop();
        }
        let candidate: String = kept.iter().chain(['…'].iter()).collect();
        if font.width(&candidate) <= max_width {
            return candidate;
        }
    }
    String::from("…")
}

fn lines_width(lines: &[String], font: Font) -> f64 {
    lines.iter().map(|l| font.width(l)).fold(0.0, f64::max)
}

fn block_height(lines: &[String], font: Font) -> f64 {
    if lines.is_empty() {
        0.0
    } else {
        lines.len() as f64 * font.line_height() + 6.0
    }
}

fn row_height(lines: usize, font: Font, minimum: f64) -> f64 {
    (lines as f64 * font.line_height() + 6.0).max(minimum)
}

/// Centre for a text of `width` as close to `x` as fits within [lo, hi].
fn centred_within(x: f64, width: f64, lo: f64, hi: f64) -> f64 {
    let half = width / 2.0;
    if hi - lo <= width {
        (lo + hi) / 2.0
    } else {
        x.clamp(lo + half, hi - half)
    }
}

/// Integer ticks covering [lo, hi] in steps of 1, 2 or 5 times a power of
/// ten, never below 1, so tick labels need no decimal separator.
fn integer_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<i64> {
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

fn tick_range(ticks: &[i64]) -> (f64, f64) {
    match (ticks.first(), ticks.last()) {
        (Some(&lo), Some(&hi)) if hi > lo => (lo as f64, hi as f64),
        _ => (0.0, 1.0),
    }
}

// ---------------------------------------------------------------------------
// Drawing helpers on a plotters DrawingArea
// ---------------------------------------------------------------------------

type Area<'a> = DrawingArea<CompactSvg<'a>, Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<Infallible>>;

fn px(v: f64) -> i32 {
    v.round() as i32
}

fn fill_rect(area: &Area, (x0, y0): (f64, f64), (x1, y1): (f64, f64), color: RGBColor) -> Drawn {
    if px(x1) <= px(x0) || px(y1) <= px(y0) {
        return Ok(());
    }
    area.draw(&Rectangle::new(
        [(px(x0), px(y0)), (px(x1), px(y1))],
        color.filled(),
    ))
}

fn line(area: &Area, points: &[(f64, f64)], color: RGBColor, width: u32) -> Drawn {
    let points: Vec<BackendCoord> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
    area.draw(&PathElement::new(
        points,
        Color::stroke_width(&color, width),
    ))
}

fn dashed_line(area: &Area, points: &[(f64, f64)], color: RGBColor, width: u32) -> Drawn {
    let points: Vec<BackendCoord> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
    let dash = 4 * width as i32 + 1;
    area.draw(&DashedPathElement::new(
        points,
        dash,
        3,
        Color::stroke_width(&color, width),
    ))
}

/// Diagonal hatching inside a rectangle, drawn as clipped lines so the output
/// needs no `<pattern>` and therefore no id.
fn hatch(area: &Area, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> Drawn {
    const SPACING: f64 = 6.0;
    let mut c = x0 + y0 + SPACING;
    while c < x1 + y1 {
        // The line x + y = c, clipped to the rectangle.
        let start = x0.max(c - y1);
        let end = x1.min(c - y0);
        if end > start {
            line(area, &[(start, c - start), (end, c - end)], HATCH, 1)?;
        }
        c += SPACING;
    }
    Ok(())
}

/// One shape per series index, so lines differ by more than colour.
fn marker(area: &Area, index: usize, (x, y): (f64, f64), color: RGBColor) -> Drawn {
    let (x, y) = (px(x), px(y));
    match index % 4 {
        0 => area.draw(&Circle::new((x, y), 4, color.filled())),
        1 => area.draw(&Rectangle::new(
            [(x - 4, y - 4), (x + 4, y + 4)],
            color.filled(),
        )),
        2 => area.draw(&Polygon::new(
            vec![(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)],
            color.filled(),
        )),
        _ => area.draw(&Polygon::new(
            vec![(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)],
            color.filled(),
        )),
    }
}

#[derive(Clone, Copy)]
struct TextLook {
    font: Font,
    color: RGBColor,
    h: HPos,
    v: VPos,
    vertical: bool,
}

impl TextLook {
    fn new(font: Font) -> Self {
        TextLook {
            font,
            color: BLACK,
            h: HPos::Left,
            v: VPos::Top,
            vertical: false,
        }
    }
    fn color(self, color: RGBColor) -> Self {
        TextLook { color, ..self }
    }
    fn align(self, h: HPos, v: VPos) -> Self {
        TextLook { h, v, ..self }
    }
    /// Reads upwards; `h` and `v` then apply along the turned text.
    fn vertical(self) -> Self {
        TextLook {
            vertical: true,
            ..self
        }
    }
}

/// Lines are passed to the backend joined by '\n' and come out as one
/// `<text>` with a `<tspan>` per further line.
fn text<S: AsRef<str>>(area: &Area, lines: &[S], x: f64, y: f64, look: TextLook) -> Drawn {
    let lines: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
    if lines.iter().all(|l| l.is_empty()) {
        return Ok(());
    }
    area.draw(&Label {
        text: lines.join("\n"),
        at: (px(x), px(y)),
        look,
    })
}

/// A text element for the SVG backend. Plotters' own `Text` carries a
/// `FontDesc`, and cloning one copies the font's parsed tables: over a
/// national build's charts that cost more than drawing them. The backend
/// writes `<text>` with the font's size and weight and never needs the
/// face itself.
struct Label {
    text: String,
    at: BackendCoord,
    look: TextLook,
}

impl<'a> plotters::element::PointCollection<'a, BackendCoord> for &'a Label {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Once<&'a BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> plotters::element::Drawable<DB> for Label {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.draw_text(&self.text, &self.look, at),
            None => Ok(()),
        }
    }
}

/// Text is written as SVG `<text>`, never rasterized here.
#[derive(Debug)]
struct NotRasterized;

impl std::fmt::Display for NotRasterized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("chart text is written as SVG text, not drawn as pixels")
    }
}

impl std::error::Error for NotRasterized {}

impl BackendTextStyle for TextLook {
    type FontError = NotRasterized;

    fn color(&self) -> BackendColor {
        self.color.to_backend_color()
    }

    fn size(&self) -> f64 {
        self.font.size
    }

    fn transform(&self) -> FontTransform {
        if self.vertical {
            FontTransform::Rotate270
        } else {
            FontTransform::None
        }
    }

    fn style(&self) -> FontStyle {
        if self.font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    fn anchor(&self) -> Pos {
        Pos::new(self.h, self.v)
    }

    fn family(&self) -> plotters_backend::FontFamily<'_> {
        plotters_backend::FontFamily::SansSerif
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), NotRasterized> {
        let width = text.lines().map(|l| self.font.width(l)).fold(0.0, f64::max);
        let height = text.lines().count() as f64 * self.font.line_height();
        Ok(((0, 0), (width.ceil() as i32, height.ceil() as i32)))
    }

    fn draw<E, DrawFunc: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _: &str,
        _: BackendCoord,
        _: DrawFunc,
    ) -> Result<Result<(), E>, NotRasterized> {
        Err(NotRasterized)
    }
}

/// A vertical axis of whole numbers: its title at the left edge, above
/// the plot, and at each tick a grid line across the plot and a label.
fn draw_y_axis(
    area: &Area,
    title: &[String],
    title_top: f64,
    ticks: &[i64],
    (plot_x0, plot_x1): (f64, f64),
    y_of: impl Fn(f64) -> f64,
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
            &[tick.to_string()],
            plot_x0 - 6.0,
            y_of(tick as f64),
            look,
        )?;
    }
    Ok(())
}

fn draw_title(area: &Area, lines: &[String]) -> Drawn {
    text(area, lines, PAD, PAD, TextLook::new(TITLE))
}

#[derive(Clone, Copy)]
enum LegendMark {
    /// A bar of this thickness.
    Bar(f64),
    /// The line and marker of series `index`.
    Line { index: usize, dashed: bool },
}

struct Legend {
    /// (mark, label, left x, centre y)
    items: Vec<(LegendMark, String, f64, f64)>,
    bottom: f64,
}

const LEGEND_MARK_W: f64 = 22.0;

/// Legend items flow left to right and wrap onto further rows.
fn legend_layout(entries: &[(&str, LegendMark)], left: f64, right: f64, top: f64) -> Legend {
    let row_h = BODY.line_height() + 4.0;
    let (mut x, mut row) = (left, 0usize);
    let mut items = Vec::new();
    for (name, mark) in entries {
        let label = ellipsize(&clean(name), right - left - LEGEND_MARK_W - 4.0, BODY);
        let item_w = LEGEND_MARK_W + 4.0 + BODY.width(&label);
        if x > left && x + item_w > right {
            x = left;
            row += 1;
        }
        items.push((*mark, label, x, top + row_h * (row as f64 + 0.5)));
        x += item_w + 14.0;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    Legend {
        items,
        bottom: top + row_h * rows as f64,
    }
}

/// `bar_colors[i]` colours a `LegendMark::Bar` of item i; lines use the series palette.
fn draw_legend(area: &Area, legend: &Legend, bar_colors: &[RGBColor]) -> Drawn {
    for (i, (mark, label, x, y)) in legend.items.iter().enumerate() {
        match *mark {
            LegendMark::Bar(thickness) => {
                let color = bar_colors.get(i).copied().unwrap_or(BLUE);
                fill_rect(
                    area,
                    (*x, y - thickness / 2.0),
                    (x + LEGEND_MARK_W, y + thickness / 2.0),
                    color,
                )?;
            }
            LegendMark::Line { index, dashed } => {
                let color = series_color(index);
                let points = [(*x, *y), (x + LEGEND_MARK_W, *y)];
                if dashed {
                    dashed_line(area, &points, color, 2)?;
                } else {
                    line(area, &points, color, 2)?;
                }
                marker(area, index, (x + LEGEND_MARK_W / 2.0, *y), color)?;
            }
        }
        let look = TextLook::new(BODY).align(HPos::Left, VPos::Center);
        text(area, &[label.as_str()], x + LEGEND_MARK_W + 4.0, *y, look)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Document assembly
// ---------------------------------------------------------------------------

/// A chart with nothing to show: only its title, no message (the module has
/// no words of its own in any language).
fn empty_chart(title: &str) -> String {
    let lines = wrap(title, CHART_WIDTH - 2.0 * PAD, TITLE, 3);
    let height = 2.0 * PAD + block_height(&lines, TITLE);
    render(title, CHART_WIDTH, height, |area| draw_title(area, &lines))
}

fn render(title: &str, width: f64, height: f64, draw: impl FnOnce(&Area) -> Drawn) -> String {
    fonts_ready();
    let (width, height) = (width.ceil().max(1.0) as u32, height.ceil().max(1.0) as u32);
    let mut body = String::new();
    let drawn = {
        let area = CompactSvg::new(&mut body, (width, height)).into_drawing_area();
        let drawn = fill_rect(
            &area,
            (0.0, 0.0),
            (f64::from(width), f64::from(height)),
            WHITE,
        )
        .and_then(|()| draw(&area));
        // Flushes the last merged path even if drawing stopped early.
        let presented = area.present();
        drawn.and(presented)
    };
    if drawn.is_err() {
        // CompactSvg cannot fail; if plotters ever reports an error, show
        // the titled frame rather than a half-drawn chart.
        body.clear();
    }
    let mut svg = String::with_capacity(body.len() + 256);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         font-family=\"sans-serif\" font-size=\"{}\"><title>",
        num(ROOT_FONT_SIZE)
    );
    escape_into(&mut svg, &clean(title));
    svg.push_str("</title>\n");
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// At most one decimal, no trailing ".0".
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn hex(rgb: (u8, u8, u8)) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2)
}

// ---------------------------------------------------------------------------
// CompactSvg: a plotters DrawingBackend writing small, deterministic SVG
// ---------------------------------------------------------------------------

/// Writes the body of an SVG document (the caller adds `<svg>` and
/// `<title>`). Consecutive shapes with the same paint are merged into one
/// `<path>` (the dashes of a dashed line, hatching, runs of equal bars) and
/// consecutive texts with the same style share one `<g>` carrying it, which
/// keeps a heatmap of hundreds of cells within the page budget. Callers draw
/// alike things one after another to benefit.
struct CompactSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    shapes: Option<ShapeRun>,
    texts: Option<TextRun>,
}

struct ShapeRun {
    paint: Paint,
    d: String,
}

struct TextRun {
    style: TextStyle,
    /// Each text's own attributes (position) and content.
    items: Vec<(String, String)>,
}

/// How a shape is painted: compared for every shape drawn (a dashed line
/// is dozens), written as attributes only once per run.
#[derive(Clone, Copy, PartialEq)]
struct Paint {
    rgb: (u8, u8, u8),
    alpha: f64,
    /// `None` fills, `Some(width)` strokes.
    stroke: Option<u32>,
}

impl Paint {
    fn fill(color: BackendColor) -> Paint {
        Paint {
            rgb: color.rgb,
            alpha: color.alpha,
            stroke: None,
        }
    }

    fn stroke<S: BackendStyle>(style: &S) -> Paint {
        let color = style.color();
        Paint {
            rgb: color.rgb,
            alpha: color.alpha,
            stroke: Some(style.stroke_width()),
        }
    }

    /// The attributes, e.g. ` fill="#0072b2"`.
    fn write(self, out: &mut String) {
        let color = hex(self.rgb);
        match self.stroke {
            None => {
                let _ = write!(out, " fill=\"{color}\"");
                if self.alpha < 1.0 {
                    let _ = write!(out, " fill-opacity=\"{:.2}\"", self.alpha);
                }
            }
            Some(width) => {
                let _ = write!(
                    out,
                    " fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\""
                );
                if self.alpha < 1.0 {
                    let _ = write!(out, " stroke-opacity=\"{:.2}\"", self.alpha);
                }
            }
        }
    }
}

/// The style a run of texts shares, written as attributes once per run.
#[derive(Clone, Copy, PartialEq)]
struct TextStyle {
    /// The `text-anchor` attribute, or nothing for the start.
    anchor: &'static str,
    size: f64,
    bold: bool,
    rgb: (u8, u8, u8),
    alpha: f64,
}

impl TextStyle {
    /// The attributes, e.g. ` text-anchor="end" font-size="12"`; none for
    /// the SVG's own defaults.
    fn write(self, out: &mut String) {
        out.push_str(self.anchor);
        if (self.size - ROOT_FONT_SIZE).abs() > 0.05 {
            let _ = write!(out, " font-size=\"{}\"", num(self.size));
        }
        if self.bold {
            out.push_str(" font-weight=\"bold\"");
        }
        if self.rgb != (0, 0, 0) {
            let _ = write!(out, " fill=\"{}\"", hex(self.rgb));
        }
        if self.alpha < 1.0 {
            let _ = write!(out, " fill-opacity=\"{:.2}\"", self.alpha);
        }
    }

    fn is_default(self) -> bool {
        let mut attributes = String::new();
        self.write(&mut attributes);
        attributes.is_empty()
    }
}

impl<'a> CompactSvg<'a> {
    fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        CompactSvg {
            out,
            size,
            shapes: None,
            texts: None,
        }
    }

    fn extend_shapes(&mut self, paint: Paint, segment: impl FnOnce(&mut String)) {
        self.flush_texts();
        match &mut self.shapes {
            Some(run) if run.paint == paint => segment(&mut run.d),
            _ => {
                self.flush_shapes();
                let mut d = String::new();
                segment(&mut d);
                self.shapes = Some(ShapeRun { paint, d });
            }
        }
    }

    fn extend_texts(&mut self, style: TextStyle, item: (String, String)) {
        self.flush_shapes();
        match &mut self.texts {
            Some(run) if run.style == style => run.items.push(item),
            _ => {
                self.flush_texts();
                self.texts = Some(TextRun {
                    style,
                    items: vec![item],
                });
            }
        }
    }

    fn flush_shapes(&mut self) {
        if let Some(run) = self.shapes.take() {
            self.out.push_str("<path d=\"");
            self.out.push_str(&run.d);
            self.out.push('"');
            run.paint.write(self.out);
            self.out.push_str("/>\n");
        }
    }

    fn flush_texts(&mut self) {
        let Some(run) = self.texts.take() else {
            return;
        };
        let grouped = run.items.len() > 1 && !run.style.is_default();
        if grouped {
            self.out.push_str("<g");
            run.style.write(self.out);
            self.out.push_str(">\n");
        }
        for (own, content) in &run.items {
            self.out.push_str("<text");
            self.out.push_str(own);
            if !grouped {
                run.style.write(self.out);
            }
            self.out.push('>');
            self.out.push_str(content);
            self.out.push_str("</text>\n");
        }
        if grouped {
            self.out.push_str("</g>\n");
        }
    }

    fn flush(&mut self) {
        self.flush_shapes();
        self.flush_texts();
    }
}

fn push_polyline(d: &mut String, points: &[BackendCoord]) {
    for (i, &(x, y)) in points.iter().enumerate() {
        d.push_str(match i {
            0 => "M",
            1 => "L",
            _ => " ",
        });
        push_int(d, x);
        d.push(' ');
        push_int(d, y);
    }
}

/// `v` in decimal, without the formatting machinery: paths and text
/// positions are most of a chart's characters.
fn push_int(out: &mut String, v: i32) {
    let mut buf = [0; NUMBER_ROOM];
    out.push_str(decimal_str(
        u128::from(v.unsigned_abs()),
        0,
        b'.',
        v < 0,
        &mut buf,
    ));
}

type BackendResult = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for CompactSvg<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> BackendResult {
        Ok(())
    }

    fn present(&mut self) -> BackendResult {
        self.flush();
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> BackendResult {
        if color.alpha > 0.0 {
            self.extend_shapes(Paint::fill(color), |d| {
                let _ = write!(d, "M{x} {y}h1v1h-1z");
            });
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> BackendResult {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (w, h) = (x1 - x0, y1 - y0);
        let paint = if fill {
            Paint::fill(style.color())
        } else {
            Paint::stroke(style)
        };
        self.extend_shapes(paint, |d| {
            for (command, v) in [("M", x0), (" ", y0), ("h", w), ("v", h), ("h", -w)] {
                d.push_str(command);
                push_int(d, v);
            }
            d.push('z');
        });
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        if style.color().alpha == 0.0 || points.len() < 2 {
            return Ok(());
        }
        self.extend_shapes(Paint::stroke(style), |d| push_polyline(d, &points));
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> BackendResult {
        let points: Vec<BackendCoord> = vertices.into_iter().collect();
        if style.color().alpha == 0.0 || points.len() < 3 {
            return Ok(());
        }
        self.extend_shapes(Paint::fill(style.color()), |d| {
            push_polyline(d, &points);
            d.push('z');
        });
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let paint = if fill {
            Paint::fill(style.color())
        } else {
            Paint::stroke(style)
        };
        // Two arcs make a circle that can join a merged path.
        let (r, d) = (radius, 2 * radius);
        self.extend_shapes(paint, |path| {
            let _ = write!(
                path,
                "M{} {y}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0z",
                x - radius as i32
            );
        });
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> BackendResult {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size();
        let extra_lines = text.matches('\n').count() as f64;
        let line_height = size * LINE_HEIGHT;
        let baseline = match style.anchor().v_pos {
            VPos::Top => TOP_TO_BASELINE * size,
            VPos::Center => CENTER_TO_BASELINE * size - extra_lines * line_height / 2.0,
            VPos::Bottom => BOTTOM_TO_BASELINE * size - extra_lines * line_height,
        };

        // Whole pixels: half a pixel of baseline is invisible, and two
        // bytes per text add up over a heatmap's hundreds of cells.
        let baseline_y = (f64::from(y) + baseline).round() as i32;
        let mut own = String::with_capacity(24);
        own.push_str(" x=\"");
        push_int(&mut own, x);
        own.push_str("\" y=\"");
        push_int(&mut own, baseline_y);
        own.push('"');
        // The baseline offset is applied before turning, so it works along
        // the turned text like the anchor does.
        let angle = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(-90),
            _ => None,
        };
        if let Some(angle) = angle {
            let _ = write!(own, " transform=\"rotate({angle} {x} {y})\"");
        }

        let shared = TextStyle {
            anchor: match style.anchor().h_pos {
                HPos::Left => "",
                HPos::Center => " text-anchor=\"middle\"",
                HPos::Right => " text-anchor=\"end\"",
            },
            size,
            bold: matches!(style.style(), FontStyle::Bold),
            rgb: color.rgb,
            alpha: color.alpha,
        };

        let mut content = String::new();
        for (i, line) in text.split('\n').enumerate() {
            if i == 0 {
                escape_into(&mut content, line);
            } else {
                let _ = write!(content, "<tspan x=\"{x}\" dy=\"{}\">", num(line_height));
                escape_into(&mut content, line);
                content.push_str("</tspan>");
            }
        }
        self.extend_texts(shared, (own, content));
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    const LONG_DEPT: &str = "Sở Lao động - Thương binh và Xã hội";
    const LONG_COMMUNE: &str = "UBND thị trấn Đắk Rve";
    const SCRIPT: &str = "<script>alert(1)</script>";

    /// A `<text>` as drawn: its lines and where they sit.
    #[derive(Debug)]
    struct Drawn {
        x: f64,
        y: f64,
        anchor: String,
        size: f64,
        bold: bool,
        rotation_centre: Option<(f64, f64)>,
        lines: Vec<String>,
        line_height: f64,
    }

    struct Parsed {
        view_box: (f64, f64),
        title: String,
        texts: Vec<Drawn>,
    }

    /// Parses with quick-xml (failing on malformed XML) and collects texts.
    fn parse(svg: &str) -> Parsed {
        let mut reader = Reader::from_str(svg);
        reader.config_mut().check_end_names = true;
        let mut depth = 0usize;
        let mut first_child: Option<String> = None;
        let mut view_box = None;
        let mut title = String::new();
        let mut in_title = false;
        let mut texts: Vec<Drawn> = Vec::new();
        let mut in_text = false;
        let mut roots = 0;
        let mut groups: Vec<Vec<(String, String)>> = Vec::new();
        loop {
            let event = reader.read_event().expect("well-formed XML");
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = e.name().as_ref().to_string();
                    let attrs: Vec<(String, String)> = e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            (
                                a.key.as_ref().to_string(),
                                a.normalized_value(XmlVersion::Implicit1_0)
                                    .expect("escaped value")
                                    .into_owned(),
                            )
                        })
                        .collect();
                    // Own attributes first, then those inherited from enclosing <g>s.
                    let attr = |k: &str| {
                        std::iter::once(&attrs)
                            .chain(groups.iter().rev())
                            .flat_map(|a| a.iter())
                            .find(|(key, _)| key == k)
                            .map(|(_, v)| v.clone())
                    };
                    if depth == 0 {
                        roots += 1;
                        assert_eq!(name, "svg");
                        assert!(attr("width").is_none() && attr("height").is_none());
                        assert_eq!(attr("role").as_deref(), Some("img"));
                        let vb: Vec<f64> = attr("viewBox")
                            .expect("viewBox")
                            .split(' ')
                            .map(|v| v.parse().unwrap())
                            .collect();
                        view_box = Some((vb[2], vb[3]));
                    } else if depth == 1 && first_child.is_none() {
                        first_child = Some(name.clone());
                    }
                    for (key, value) in &attrs {
                        if ["x", "y", "cx", "cy", "r", "dy"].contains(&key.as_str()) {
                            assert!(
                                value.split('.').nth(1).is_none_or(|d| d.len() <= 1),
                                "{key}={value}"
                            );
                        }
                    }
                    if name == "title" {
                        in_title = true;
                    }
                    if name == "text" {
                        in_text = true;
                        let transform = attr("transform");
                        texts.push(Drawn {
                            x: attr("x").unwrap().parse().unwrap(),
                            y: attr("y").unwrap().parse().unwrap(),
                            anchor: attr("text-anchor").unwrap_or_else(|| "start".into()),
                            size: attr("font-size").map_or(ROOT_FONT_SIZE, |s| s.parse().unwrap()),
                            bold: attr("font-weight").is_some(),
                            rotation_centre: transform.map(|t| {
                                let inner = t
                                    .strip_prefix("rotate(-90 ")
                                    .and_then(|t| t.strip_suffix(')'));
                                let mut parts = inner
                                    .expect("only -90 turns")
                                    .split(' ')
                                    .map(|v| v.parse().unwrap());
                                (parts.next().unwrap(), parts.next().unwrap())
                            }),
                            lines: vec![String::new()],
                            line_height: 0.0,
                        });
                    }
                    if name == "tspan" {
                        let t = texts.last_mut().unwrap();
                        t.line_height = attr("dy").unwrap().parse().unwrap();
                        t.lines.push(String::new());
                    }
                    if name == "g" && matches!(event, Event::Start(_)) {
                        groups.push(attrs.clone());
                    }
                    if matches!(event, Event::Start(_)) {
                        depth += 1;
                    } else if name == "text" {
                        in_text = false;
                    }
                }
                Event::End(ref e) => {
                    depth -= 1;
                    match e.name().as_ref() {
                        "title" => in_title = false,
                        "text" => in_text = false,
                        "g" => {
                            groups.pop();
                        }
                        _ => {}
                    }
                }
                Event::Text(ref t) => {
                    let s = t.xml10_content().into_owned();
                    if in_title {
                        title.push_str(&s);
                    } else if in_text {
                        texts
                            .last_mut()
                            .unwrap()
                            .lines
                            .last_mut()
                            .unwrap()
                            .push_str(&s);
                    }
                }
                Event::GeneralRef(ref r) => {
                    let name = r.xml10_content();
                    let s = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" | "#39" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    if in_title {
                        title.push_str(s);
                    } else if in_text {
                        texts
                            .last_mut()
                            .unwrap()
                            .lines
                            .last_mut()
                            .unwrap()
                            .push_str(s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(roots, 1);
        assert_eq!(depth, 0);
        assert_eq!(
            first_child.as_deref(),
            Some("title"),
            "<title> must come first"
        );
        Parsed {
            view_box: view_box.expect("svg root"),
            title,
            texts,
        }
    }

    impl Drawn {
        /// Joined lines, as a wrapped label reads.
        fn joined(&self) -> String {
            self.lines.join(" ")
        }

        /// Measured box (x0, y0, x1, y1) in viewBox coordinates.
        fn bounds(&self) -> (f64, f64, f64, f64) {
            let width = self
                .lines
                .iter()
                .map(|l| text_width(l, self.size, self.bold))
                .fold(0.0, f64::max);
            let start = match self.anchor.as_str() {
                "middle" => -width / 2.0,
                "end" => -width,
                _ => 0.0,
            };
            let extra = (self.lines.len() - 1) as f64 * self.line_height;
            // Before turning: along x from the anchor, across y from ascender
            // to the last line's descender.
            let (x0, x1) = (self.x + start, self.x + start + width);
            let (y0, y1) = (self.y - 0.93 * self.size, self.y + 0.24 * self.size + extra);
            match self.rotation_centre {
                // rotate(-90 cx cy) maps (x, y) to (cx + y - cy, cy - x + cx).
                Some((cx, cy)) => (cx + y0 - cy, cy - x1 + cx, cx + y1 - cy, cy - x0 + cx),
                None => (x0, y0, x1, y1),
            }
        }
    }

    fn assert_inside(parsed: &Parsed) {
        let (w, h) = parsed.view_box;
        for t in &parsed.texts {
            let (x0, y0, x1, y1) = t.bounds();
            assert!(
                x0 >= -0.5 && x1 <= w + 0.5 && y0 >= -0.5 && y1 <= h + 0.5,
                "{t:?} outside {w}x{h}: {:?}",
                (x0, y0, x1, y1)
            );
        }
    }

    fn assert_no_overlap(parsed: &Parsed) {
        let boxes: Vec<_> = parsed.texts.iter().map(|t| (t, t.bounds())).collect();
        for (i, (a, ba)) in boxes.iter().enumerate() {
            for (b, bb) in &boxes[i + 1..] {
                // Lines of a text overlap their descenders slightly by design; shrink by 2 px.
                let overlap = ba.0 < bb.2 - 2.0
                    && bb.0 < ba.2 - 2.0
                    && ba.1 < bb.3 - 2.0
                    && bb.1 < ba.3 - 2.0;
                assert!(!overlap, "{a:?} overlaps {b:?}");
            }
        }
    }

    fn contains_label(parsed: &Parsed, label: &str) -> bool {
        let label = clean(label);
        parsed.texts.iter().any(|t| t.joined() == label)
    }

    fn bar(label: &str, value: f64, highlight: bool) -> Bar {
        Bar {
            label: label.into(),
            value,
            value_label: format!("{value:.2}").replace('.', ","),
            highlight,
        }
    }

    fn sample_bars(n: usize) -> Vec<Bar> {
        (0..n)
            .map(|i| {
                let label = match i {
                    0 => LONG_DEPT.to_string(),
                    1 => LONG_COMMUNE.to_string(),
                    2 => SCRIPT.to_string(),
                    _ => format!("Xã Đắk Hring {i}"),
                };
                bar(&label, 100.0 - i as f64 * 0.7, i == 4)
            })
            .collect()
    }

    fn sample_rows() -> Vec<FieldRow> {
        let names = [
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
            LONG_DEPT,
            SCRIPT,
            "Cải cách tài chính công",
        ];
        names
            .iter()
            .enumerate()
            .map(|(i, name)| FieldRow {
                label: name.to_string(),
                unit_pct: if i == 4 {
                    None
                } else {
                    Some(100.0 - i as f64 * 12.5)
                },
                mean_pct: Some(80.0 - i as f64 * 5.0),
                unit_label: if i == 4 {
                    "Không áp dụng".into()
                } else {
                    format!("{},00", 100 - i * 12)
                },
                mean_label: format!("{},50", 80 - i * 5),
            })
            .collect()
    }

    fn sample_series() -> Vec<Series> {
        vec![
            Series {
                name: LONG_COMMUNE.into(),
                points: vec![
                    (2019, Some(81.2)),
                    (2020, None),
                    (2021, Some(84.9)),
                    (2022, Some(86.0)),
                    (2023, Some(90.3)),
                ],
                dashed: false,
            },
            Series {
                name: SCRIPT.into(),
                points: vec![
                    (2019, Some(79.0)),
                    (2020, Some(80.5)),
                    (2021, Some(82.0)),
                    (2022, None),
                    (2023, Some(85.7)),
                ],
                dashed: true,
            },
        ]
    }

    /// (row labels, column labels, cells, cell labels)
    type HeatmapInput = (
        Vec<String>,
        Vec<String>,
        Vec<Vec<Option<f64>>>,
        Vec<Vec<String>>,
    );

    fn sample_heatmap() -> HeatmapInput {
        let rows = vec![
            LONG_DEPT.to_string(),
            LONG_COMMUNE.to_string(),
            SCRIPT.to_string(),
        ];
        let cols = vec![
            "Công tác chỉ đạo, điều hành".to_string(),
            "Thể chế".to_string(),
            "Thủ tục hành chính".to_string(),
            SCRIPT.to_string(),
        ];
        let cells = vec![
            vec![Some(100.0), Some(85.74), None, Some(12.0)],
            vec![Some(50.0), None, Some(0.0), Some(66.6)],
            vec![Some(93.0), Some(71.0), Some(40.0), None],
        ];
        let labels = cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.map_or("–".to_string(), |v| format!("{v:.2}").replace('.', ",")))
                    .collect()
            })
            .collect();
        (rows, cols, cells, labels)
    }

    fn sample_bins() -> Vec<(f64, f64, usize, String)> {
        (0..6)
            .map(|i| {
                let lo = 70.0 + i as f64 * 5.0;
                let label = if i == 2 {
                    SCRIPT.to_string()
                } else {
                    format!("{lo:.0}–{:.0}", lo + 5.0)
                };
                (lo, lo + 5.0, [1, 4, 9, 14, 6, 2][i], label)
            })
            .collect()
    }

    /// Every chart with sample data, for the checks common to all.
    fn all_charts() -> Vec<(&'static str, String, Vec<String>)> {
        let bars = sample_bars(12);
        let rows = sample_rows();
        let series = sample_series();
        let (hr, hc, cells, cell_labels) = sample_heatmap();
        let bins = sample_bins();
        let mut bar_labels: Vec<String> = bars
            .iter()
            .flat_map(|b| [b.label.clone(), b.value_label.clone()])
            .collect();
        bar_labels.push("Trung bình nhóm: 92,30".into());
        let mut field_labels: Vec<String> = rows
            .iter()
            .flat_map(|r| [r.label.clone(), r.unit_label.clone(), r.mean_label.clone()])
            .collect();
        field_labels.extend([LONG_COMMUNE.to_string(), "Trung bình nhóm".to_string()]);
        let mut heat_labels: Vec<String> = hr.clone();
        heat_labels.extend(cell_labels.iter().flatten().cloned());
        let bin_labels: Vec<String> = bins.iter().map(|b| b.3.clone()).collect();
        vec![
            (
                "ranking",
                ranking_chart(SCRIPT, &bars, 100.0, Some((92.3, "Trung bình nhóm: 92,30"))),
                bar_labels,
            ),
            (
                "field",
                field_chart(SCRIPT, &rows, (LONG_COMMUNE, "Trung bình nhóm")),
                field_labels,
            ),
            (
                "trend",
                trend_chart(
                    SCRIPT,
                    &[2019, 2020, 2021, 2022, 2023],
                    &series,
                    &[2021],
                    "Đổi phương pháp",
                    "Chỉ số CCHC (%)",
                ),
                vec![
                    LONG_COMMUNE.into(),
                    SCRIPT.into(),
                    "Đổi phương pháp".into(),
                    "Chỉ số CCHC (%)".into(),
                    "2019".into(),
                    "2023".into(),
                ],
            ),
            (
                "heatmap",
                heatmap(SCRIPT, &hr, &hc, &cells, &cell_labels),
                heat_labels,
            ),
            (
                "distribution",
                distribution_chart(SCRIPT, &bins, "Chỉ số CCHC (%)", "Số đơn vị"),
                [
                    bin_labels,
                    vec!["Chỉ số CCHC (%)".into(), "Số đơn vị".into()],
                ]
                .concat(),
            ),
        ]
    }

    #[test]
    fn every_chart_is_well_formed_titled_and_escaped() {
        for (name, svg, _) in all_charts() {
            let parsed = parse(&svg);
            assert_eq!(parsed.title, SCRIPT, "{name}");
            assert!(!svg.contains("<script"), "{name}: unescaped label");
            assert!(svg.contains("&lt;script&gt;"), "{name}");
            assert!(
                !svg.contains("font-face") && !svg.contains("base64"),
                "{name}: font embedded"
            );
        }
    }

    #[test]
    fn every_chart_contains_its_labels() {
        for (name, svg, labels) in all_charts() {
            let parsed = parse(&svg);
            for label in labels {
                assert!(contains_label(&parsed, &label), "{name}: missing {label:?}");
            }
        }
    }

    #[test]
    fn coordinates_are_written_like_display() {
        for v in [0, 7, -7, 10, -305, 1_000_000, i32::MAX, i32::MIN] {
            let mut out = String::from("M");
            push_int(&mut out, v);
            assert_eq!(out, format!("M{v}"));
        }
    }

    #[test]
    fn runs_share_paint_and_text_style_only_when_equal() {
        let mut svg = String::new();
        {
            let mut backend = CompactSvg::new(&mut svg, (100, 100));
            let blue = BackendColor {
                alpha: 1.0,
                rgb: (0, 114, 178),
            };
            let faint = BackendColor { alpha: 0.5, ..blue };
            let _ = backend.draw_rect((0, 0), (10, 10), &blue, true);
            let _ = backend.draw_rect((20, 0), (30, -5), &blue, true);
            let _ = backend.draw_rect((40, 0), (50, 10), &faint, true);
            let _ = backend.present();
        }
        assert_eq!(
            svg,
            "<path d=\"M0 0h10v10h-10zM20 0h10v-5h-10z\" fill=\"#0072b2\"/>\n\
             <path d=\"M40 0h10v10h-10z\" fill=\"#0072b2\" fill-opacity=\"0.50\"/>\n"
        );
    }

    #[test]
    fn every_chart_is_deterministic() {
        let first = all_charts();
        let second = all_charts();
        for ((name, a, _), (_, b, _)) in first.iter().zip(&second) {
            assert_eq!(a, b, "{name}");
        }
    }

    #[test]
    fn labels_stay_inside_and_apart() {
        for (_, svg, _) in all_charts() {
            let parsed = parse(&svg);
            assert_inside(&parsed);
            assert_no_overlap(&parsed);
        }
    }

    #[test]
    fn empty_inputs_give_small_titled_svgs() {
        let charts = [
            ranking_chart("Xếp hạng", &[], 100.0, None),
            field_chart("Lĩnh vực", &[], ("A", "B")),
            trend_chart("Xu hướng", &[], &[], &[2020], "x", "y"),
            heatmap("Bản đồ nhiệt", &[], &["A".into()], &[], &[]),
            heatmap("Bản đồ nhiệt", &["A".into()], &[], &[], &[]),
            distribution_chart("Phân bố", &[], "x", "y"),
            ranking_chart("", &[], 0.0, None),
        ];
        for svg in charts {
            let parsed = parse(&svg);
            assert!(svg.len() < 600, "{svg}");
            assert!(parsed.texts.len() <= 1);
        }
    }

    #[test]
    fn none_and_odd_values_do_not_panic() {
        let bars = vec![
            bar("A", f64::NAN, false),
            bar("B", -5.0, false),
            bar("C", 1e9, true),
        ];
        parse(&ranking_chart(
            "t",
            &bars,
            f64::NAN,
            Some((f64::INFINITY, "ref")),
        ));
        let rows = vec![FieldRow {
            label: "X".into(),
            unit_pct: None,
            mean_pct: Some(f64::NAN),
            unit_label: "–".into(),
            mean_label: "–".into(),
        }];
        parse(&field_chart("t", &rows, ("a", "b")));
        let series = vec![
            Series {
                name: "a".into(),
                points: vec![(2020, None), (2021, None)],
                dashed: false,
            },
            Series {
                name: "b".into(),
                points: vec![],
                dashed: true,
            },
        ];
        parse(&trend_chart(
            "t",
            &[2020, 2021],
            &series,
            &[1990, 2021, 2021],
            "b",
            "y",
        ));
        parse(&trend_chart(
            "t",
            &[2024],
            &[Series {
                name: "a".into(),
                points: vec![(2024, Some(50.0))],
                dashed: false,
            }],
            &[2024],
            "b",
            "",
        ));
        // Ragged cells: missing entries are treated as not applicable.
        parse(&heatmap(
            "t",
            &["a".into(), "b".into()],
            &["x".into(), "y".into()],
            &[vec![Some(1.0)]],
            &[],
        ));
        parse(&distribution_chart(
            "t",
            &[(f64::NAN, 1.0, 0, "a".into()), (1.0, 1.0, 3, "b".into())],
            "",
            "",
        ));
    }

    #[test]
    fn long_vietnamese_labels_are_not_clipped() {
        let bars = vec![bar(LONG_DEPT, 100.0, true), bar(LONG_COMMUNE, 99.99, false)];
        let svg = ranking_chart("t", &bars, 100.0, None);
        let parsed = parse(&svg);
        assert_inside(&parsed);
        assert!(contains_label(&parsed, LONG_DEPT));
        assert!(contains_label(&parsed, "100,00"));
        let label = parsed
            .texts
            .iter()
            .find(|t| t.joined() == LONG_DEPT)
            .unwrap();
        let (x0, _, x1, _) = label.bounds();
        assert!(x0 >= 0.0 && x1 <= parsed.view_box.0);
    }

    #[test]
    fn very_long_labels_are_cut_with_an_ellipsis() {
        let long = "Ủy ban nhân dân ".repeat(20);
        let svg = ranking_chart("t", &[bar(&long, 50.0, false)], 100.0, None);
        let parsed = parse(&svg);
        assert_inside(&parsed);
        let label = parsed
            .texts
            .iter()
            .find(|t| t.joined().ends_with('…'))
            .expect("cut label");
        assert_eq!(label.lines.len(), 2);
    }

    #[test]
    fn ranking_of_80_is_readable_and_small() {
        let svg = ranking_chart(
            "Xếp hạng",
            &sample_bars(80),
            100.0,
            Some((85.74, "Trung bình nhóm: 85,74")),
        );
        let parsed = parse(&svg);
        assert!(svg.len() < 25_000, "{} bytes", svg.len());
        assert!(parsed.view_box.1 >= 80.0 * 22.0);
        assert_inside(&parsed);
        assert_no_overlap(&parsed);
    }

    /// `units` rows of long names by 8 fields, with their labels.
    fn heatmap_of(units: usize) -> String {
        let rows: Vec<String> = (0..units).map(|i| format!("{LONG_COMMUNE} {i}")).collect();
        let cols: Vec<String> = (0..8).map(|i| format!("Lĩnh vực số {i}")).collect();
        let cells: Vec<Vec<Option<f64>>> = (0..units)
            .map(|r| {
                (0..8)
                    .map(|c| (r * c % 13 != 5).then(|| ((r * 37 + c * 11) % 101) as f64))
                    .collect()
            })
            .collect();
        let labels: Vec<Vec<String>> = cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.map_or("–".into(), |v| format!("{v:.2}").replace('.', ",")))
                    .collect()
            })
            .collect();
        heatmap("t", &rows, &cols, &cells, &labels)
    }

    #[test]
    fn heatmap_of_80_units_labels_every_cell_within_the_page_budget() {
        let svg = heatmap_of(80);
        assert!(svg.len() < 55_000, "{} bytes", svg.len());
        let parsed = parse(&svg);
        assert_inside(&parsed);
        // Cells, row names, column heads, legend.
        assert!(
            svg.matches("<text").count() >= 80 * 8 + 80,
            "cells unlabelled"
        );
        assert!(svg.contains(",00</text>"));
    }

    #[test]
    fn heatmap_of_170_units_is_colour_alone() {
        let svg = heatmap_of(170);
        assert!(svg.len() < 64_000, "{} bytes", svg.len());
        let parsed = parse(&svg);
        assert_inside(&parsed);
        assert!(!svg.contains(",00</text>"), "a cell is labelled");
    }

    #[test]
    fn extreme_numbers_do_not_hang_or_panic() {
        assert!(integer_ticks(f64::NAN, 1.0, 5).len() <= 7);
        assert!(integer_ticks(-1e300, 1e300, 5).len() <= 7);
        let series = vec![Series {
            name: "a".into(),
            points: vec![(i32::MIN, Some(1e300)), (i32::MAX, Some(-1e300))],
            dashed: false,
        }];
        parse(&trend_chart(
            "t",
            &[i32::MIN, i32::MAX],
            &series,
            &[0],
            "b",
            "y",
        ));
        parse(&distribution_chart(
            "t",
            &[(0.0, 1.0, usize::MAX, "a".into())],
            "",
            "",
        ));
    }

    #[test]
    fn measurement_uses_the_em() {
        // DejaVu Sans "0" advances 1303/2048 em.
        let w = text_width("0", 100.0, false) / WIDTH_SLACK;
        assert!((w - 63.62).abs() < 0.2, "{w}");
        assert!(text_width("Đắk", 13.0, true) > text_width("Đắk", 13.0, false));
    }

    #[test]
    fn labels_are_cleaned_whether_or_not_they_need_it() {
        for (raw, clean_text) in [
            ("Xã An Bình", "Xã An Bình"),
            ("  Xã  An\tBình ", "Xã An Bình"),
            ("a\nb\u{7}c", "a b c"),
            ("x\u{FFFE}y", "xy"),
            (" ", ""),
            ("", ""),
        ] {
            assert_eq!(clean(raw), clean_text, "{raw:?}");
        }
    }

    #[test]
    fn wrapping_keeps_every_word_in_order() {
        let lines = wrap(LONG_DEPT, 120.0, BODY, 3);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), LONG_DEPT);
        assert!(lines.iter().all(|l| BODY.width(l) <= 120.0));
        assert_eq!(wrap("  a \n b\t", 100.0, BODY, 2), vec!["a b"]);
        assert!(wrap("", 100.0, BODY, 2).is_empty());
    }

    #[test]
    fn ticks_are_integers_covering_the_data() {
        assert_eq!(integer_ticks(0.0, 14.0, 5), vec![0, 5, 10, 15]);
        assert_eq!(integer_ticks(85.2, 85.9, 5), vec![85, 86]);
        assert_eq!(integer_ticks(85.0, 85.0, 5), vec![84, 85, 86]);
        assert_eq!(integer_ticks(79.0, 90.3, 5), vec![75, 80, 85, 90, 95]);
    }

    #[test]
    fn heatmap_text_contrasts_with_its_cell() {
        assert_eq!(text_on(heat_color(heat_class(0.0))), BLACK);
        assert_eq!(text_on(heat_color(heat_class(100.0))), WHITE);
        assert_eq!(heat_class(99.99), 9);
        assert_eq!(heat_class(10.0), 1);
    }
}
