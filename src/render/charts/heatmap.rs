//! The heatmap: units x fields, each cell a class of 10 percentage points.

use super::draw::{draw_title, fill_rect, hatch, line, text, TextLook};
use super::font::{BODY, SMALL, TITLE};
use super::style::{AXIS, BLACK, GAP, HEADER_MAX, MUTED, NOT_APPLICABLE, PAD, WHITE};
use super::svg::{empty_chart, render};
use super::text::{block_height, clean, ellipsize, lines_width, row_height, wrap};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

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

const HEAT_ROW: f64 = 24.0;
/// Row labels of a heatmap wrap beyond this width (the chart grows with columns).
const HEAT_LABEL_MAX: f64 = 200.0;
/// Narrowest chart (heatmaps with few columns).
const MIN_WIDTH: f64 = 320.0;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::tests::{assert_inside, parse, LONG_COMMUNE};

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
    fn heatmap_text_contrasts_with_its_cell() {
        assert_eq!(text_on(heat_color(heat_class(0.0))), BLACK);
        assert_eq!(text_on(heat_color(heat_class(100.0))), WHITE);
        assert_eq!(heat_class(99.99), 9);
        assert_eq!(heat_class(10.0), 1);
    }
}
