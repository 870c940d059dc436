//! The ranking chart: one horizontal bar per unit, in rank order.

use super::draw::{dashed_line, draw_title, fill_rect, line, text, TextLook};
use super::font::{Font, BODY, BODY_BOLD, SMALL, TITLE};
use super::style::{
    AXIS, BLUE, CHART_WIDTH, GAP, HIGHLIGHT_BAND, LABEL_SHARE, MIN_PLOT, PAD, REFERENCE, VALUE_GAP,
    VERMILION, WHITE,
};
use super::svg::{empty_chart, render};
use super::text::{block_height, centred_within, clean, lines_width, row_height, wrap};
use plotters::style::text_anchor::{HPos, VPos};

/// One unit in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_label: String,
    pub highlight: bool,
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
            let label = wrap(&bar.label, label_max, font, 3);
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

const RANK_ROW: f64 = 22.0;
const BAR: f64 = 14.0;
#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::tests::{
        assert_inside, assert_no_overlap, bar, contains_label, parse, sample_bars, LONG_COMMUNE,
        LONG_DEPT,
    };

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
        assert_eq!(label.lines.len(), 3);
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
}
