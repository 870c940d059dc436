//! Inline SVG charts: ranking bars, a unit's fields against the group mean,
//! trend lines with methodology breaks, a heatmap of units x fields and a
//! histogram of index values.
//!
//! A file per chart (`ranking.rs`, `fields.rs`, `trend.rs`, `heatmap.rs`,
//! `distribution.rs`: its input type, its drawing function and its own
//! layout constants), and the pieces they share: the palette and common
//! widths (`style.rs`), font metrics (`font.rs`), text layout (`text.rs`),
//! axes (`axes.rs`), legends (`legend.rs`), drawing on an area (`draw.rs`)
//! and the SVG document with its backend (`svg.rs`). A new chart (the map,
//! the comparison) is a file of its own beside them, declared and
//! re-exported here, and added to the checks every chart passes in
//! `tests.rs` (`all_charts`).
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

mod axes;
mod distribution;
mod draw;
mod fields;
mod font;
mod heatmap;
mod legend;
mod ranking;
mod style;
mod svg;
mod text;
mod trend;

#[cfg(test)]
mod tests;

/// `text` in lines of at most `width` at `size` (regular face), as the
/// charts wrap their labels: for SVG text elsewhere (a map file's legend).
pub fn wrap_text(text: &str, width: f64, size: f64, max_lines: usize) -> Vec<String> {
    text::wrap(text, width, font::Font { size, bold: false }, max_lines)
}

pub use distribution::distribution_chart;
pub use fields::{field_chart, FieldRow};
pub use heatmap::{heatmap, HEATMAP_LABELLED_ROWS};
pub use ranking::{ranking_chart, Bar};
pub use trend::{period_chart, trend_chart, Series};
