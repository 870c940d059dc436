//! The fields chart: a unit's fields against the group mean.

use super::draw::{draw_title, fill_rect, line, text, TextLook};
use super::font::{BODY, SMALL, TITLE};
use super::legend::{draw_legend, legend_layout, LegendMark};
use super::style::{
    AXIS, BLUE, CHART_WIDTH, GAP, GRID, LABEL_SHARE, MEAN, MIN_PLOT, MUTED, PAD, VALUE_GAP,
};
use super::svg::{empty_chart, render};
use super::text::{block_height, clean, ellipsize, lines_width, wrap};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

/// One field of a unit, as % of the field's maximum, against the group mean.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub label: String,
    pub unit_pct: Option<f64>,
    pub mean_pct: Option<f64>,
    pub unit_label: String,
    pub mean_label: String,
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
            let label = wrap(&row.label, label_max, BODY, 4);
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

const UNIT_BAR: f64 = 14.0;
const MEAN_BAR: f64 = 8.0;
/// Far enough apart that the two value labels (12 px) do not touch.
const FIELD_BAR_GAP: f64 = 4.0;
const FIELD_BARS: f64 = UNIT_BAR + FIELD_BAR_GAP + MEAN_BAR;
