//! Legends: items that flow left to right and wrap onto further rows.

use super::draw::{dashed_line, fill_rect, line, marker, text, Area, Drawn, TextLook};
use super::font::BODY;
use super::style::{series_color, BLUE};
use super::text::{clean, ellipsize};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

#[derive(Clone, Copy)]
pub(super) enum LegendMark {
    /// A bar of this thickness.
    Bar(f64),
    /// The line and marker of series `index`.
    Line { index: usize, dashed: bool },
}

pub(super) struct Legend {
    /// (mark, label, left x, centre y)
    pub(super) items: Vec<(LegendMark, String, f64, f64)>,
    pub(super) bottom: f64,
}

const LEGEND_MARK_W: f64 = 22.0;

/// Legend items flow left to right and wrap onto further rows.
pub(super) fn legend_layout(
    entries: &[(&str, LegendMark)],
    left: f64,
    right: f64,
    top: f64,
) -> Legend {
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
pub(super) fn draw_legend(area: &Area, legend: &Legend, bar_colors: &[RGBColor]) -> Drawn {
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
