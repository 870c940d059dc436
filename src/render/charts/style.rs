//! What every chart shares of its look: widths and gaps, and the palette.

use plotters::style::RGBColor;

/// Logical width of most charts: a phone's, so that on a 360 px screen,
/// where the SVG is scaled down to its ~328 px column, the smallest text
/// (13.5) is still 12 px; [`MAX_SCALE`] keeps it near the body size on a
/// desktop.
pub(super) const CHART_WIDTH: f64 = 360.0;
/// How much bigger than drawn a chart is shown at most (its `width`
/// attribute): the largest text (15) then stays under 17 px, beside 16 px
/// body text.
pub(super) const MAX_SCALE: f64 = 1.1;
pub(super) const PAD: f64 = 10.0;
/// Between a label and the bar or cell it names.
pub(super) const GAP: f64 = 6.0;
/// Between a bar's end and its value label.
pub(super) const VALUE_GAP: f64 = 4.0;
/// Row labels wrap beyond this share of the chart width.
pub(super) const LABEL_SHARE: f64 = 0.42;
/// Turned column headers and bin labels are cut beyond this length.
pub(super) const HEADER_MAX: f64 = 160.0;
/// Bars never get less room than this, however long the labels.
pub(super) const MIN_PLOT: f64 = 130.0;
// Okabe–Ito colours that keep at least 3:1 contrast on white.
pub(super) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(super) const VERMILION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(super) const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
pub(super) const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// The group mean: neutral, as it is a reference rather than a unit.
pub(super) const MEAN: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub(super) const REFERENCE: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Secondary text: 7:1 on white.
pub(super) const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub(super) const AXIS: RGBColor = RGBColor(0x76, 0x76, 0x76);
pub(super) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// A light tint of Okabe–Ito yellow behind a highlighted row.
pub(super) const HIGHLIGHT_BAND: RGBColor = RGBColor(0xFC, 0xF4, 0xC4);
pub(super) const NOT_APPLICABLE: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);
pub(super) const HATCH: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
const SERIES: [RGBColor; 6] = [BLUE, MEAN, VERMILION, GREEN, PURPLE, BLACK];
pub(super) fn series_color(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}
