//! Drawing on a plotters `DrawingArea`: rectangles, lines, hatching,
//! markers and texts at whole pixels, and the chart's title.

use super::font::{Font, TITLE};
use super::style::{BLACK, HATCH, PAD};
use super::svg::CompactSvg;
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, FontTransform, RGBColor};
use plotters_backend::{
    BackendColor, BackendCoord, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::convert::Infallible;

pub(super) type Area<'a> = DrawingArea<CompactSvg<'a>, Shift>;
pub(super) type Drawn = Result<(), DrawingAreaErrorKind<Infallible>>;

fn px(v: f64) -> i32 {
    v.round() as i32
}

pub(super) fn fill_rect(
    area: &Area,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    color: RGBColor,
) -> Drawn {
    if px(x1) <= px(x0) || px(y1) <= px(y0) {
        return Ok(());
    }
    area.draw(&Rectangle::new(
        [(px(x0), px(y0)), (px(x1), px(y1))],
        color.filled(),
    ))
}

pub(super) fn line(area: &Area, points: &[(f64, f64)], color: RGBColor, width: u32) -> Drawn {
    let points: Vec<BackendCoord> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
    area.draw(&PathElement::new(
        points,
        Color::stroke_width(&color, width),
    ))
}

pub(super) fn dashed_line(
    area: &Area,
    points: &[(f64, f64)],
    color: RGBColor,
    width: u32,
) -> Drawn {
    area.draw(&Dashed {
        points: points.iter().map(|&(x, y)| (px(x), px(y))).collect(),
        color,
        width,
    })
}

/// A dashed polyline for the SVG backend, written as one stroke with a
/// dash array: plotters' `DashedPathElement` hands the backend a segment
/// per dash, some ninety on a unit's trend chart.
struct Dashed {
    points: Vec<BackendCoord>,
    color: RGBColor,
    width: u32,
}

impl<'a> plotters::element::PointCollection<'a, BackendCoord> for &'a Dashed {
    type Point = &'a BackendCoord;
    type IntoIter = std::slice::Iter<'a, BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        self.points.iter()
    }
}

impl plotters::element::Drawable<CompactSvg<'_>> for Dashed {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        points: I,
        backend: &mut CompactSvg<'_>,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let points: Vec<BackendCoord> = points.collect();
        let style = Color::stroke_width(&self.color, self.width);
        // Dashes as long as plotters drew them: 9 and 3 pixels on a line 2
        // wide.
        backend.draw_dashed(&points, &style, (4 * self.width + 1, 3));
        Ok(())
    }
}

/// Diagonal hatching inside a rectangle, drawn as clipped lines so the output
/// needs no `<pattern>` and therefore no id.
pub(super) fn hatch(area: &Area, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> Drawn {
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
pub(super) fn marker(area: &Area, index: usize, (x, y): (f64, f64), color: RGBColor) -> Drawn {
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
pub(super) struct TextLook {
    font: Font,
    color: RGBColor,
    h: HPos,
    v: VPos,
    vertical: bool,
}

impl TextLook {
    pub(super) fn new(font: Font) -> Self {
        TextLook {
            font,
            color: BLACK,
            h: HPos::Left,
            v: VPos::Top,
            vertical: false,
        }
    }
    pub(super) fn color(self, color: RGBColor) -> Self {
        TextLook { color, ..self }
    }
    pub(super) fn align(self, h: HPos, v: VPos) -> Self {
        TextLook { h, v, ..self }
    }
    /// Reads upwards; `h` and `v` then apply along the turned text.
    pub(super) fn vertical(self) -> Self {
        TextLook {
            vertical: true,
            ..self
        }
    }
}

/// Lines are passed to the backend joined by '\n' and come out as one
/// `<text>` with a `<tspan>` per further line.
pub(super) fn text<S: AsRef<str>>(
    area: &Area,
    lines: &[S],
    x: f64,
    y: f64,
    look: TextLook,
) -> Drawn {
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
pub(super) struct NotRasterized;

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

pub(super) fn draw_title(area: &Area, lines: &[String]) -> Drawn {
    text(area, lines, PAD, PAD, TextLook::new(TITLE))
}
