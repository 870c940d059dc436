//! The SVG document: its root element and title around the body that
//! `CompactSvg`, a plotters `DrawingBackend`, writes small and deterministic.

use super::draw::{draw_title, fill_rect, Area, Drawn};
use super::font::{
    fonts_ready, BOTTOM_TO_BASELINE, CENTER_TO_BASELINE, LINE_HEIGHT, ROOT_FONT_SIZE, TITLE,
    TOP_TO_BASELINE,
};
use super::style::{CHART_WIDTH, MAX_SCALE, PAD, WHITE};
use super::text::{block_height, clean, wrap};
use crate::decimal::{decimal_str, NUMBER_ROOM};
use plotters::drawing::IntoDrawingArea;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{FontStyle, FontTransform};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::convert::Infallible;
use std::fmt::Write as _;

/// A chart with nothing to show: only its title, no message (the module has
/// no words of its own in any language).
pub(super) fn empty_chart(title: &str) -> String {
    let lines = wrap(title, CHART_WIDTH - 2.0 * PAD, TITLE, 3);
    let height = 2.0 * PAD + block_height(&lines, TITLE);
    render(title, CHART_WIDTH, height, |area| draw_title(area, &lines))
}

pub(super) fn render(
    title: &str,
    width: f64,
    height: f64,
    draw: impl FnOnce(&Area) -> Drawn,
) -> String {
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
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{}\" \
         role=\"img\" font-family=\"sans-serif\" font-size=\"{}\"><title>",
        (f64::from(width) * MAX_SCALE).round(),
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

/// Writes the body of an SVG document (the caller adds `<svg>` and
/// `<title>`). Consecutive shapes with the same paint are merged into one
/// `<path>` (the dashes of a dashed line, hatching, runs of equal bars) and
/// consecutive texts with the same style share one `<g>` carrying it, which
/// keeps a heatmap of hundreds of cells within the page budget. Callers draw
/// alike things one after another to benefit.
pub(super) struct CompactSvg<'a> {
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
    /// A stroke's dash and gap lengths: one path with a dash array rather
    /// than a segment per dash.
    dash: Option<(u32, u32)>,
}

impl Paint {
    fn fill(color: BackendColor) -> Paint {
        Paint {
            rgb: color.rgb,
            alpha: color.alpha,
            stroke: None,
            dash: None,
        }
    }

    fn stroke<S: BackendStyle>(style: &S) -> Paint {
        let color = style.color();
        Paint {
            rgb: color.rgb,
            alpha: color.alpha,
            stroke: Some(style.stroke_width()),
            dash: None,
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
                if let Some((dash, gap)) = self.dash {
                    let _ = write!(out, " stroke-dasharray=\"{dash} {gap}\"");
                }
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

    /// A polyline stroked in dashes of `dash` and gaps of `gap` pixels.
    pub(super) fn draw_dashed<S: BackendStyle>(
        &mut self,
        points: &[BackendCoord],
        style: &S,
        (dash, gap): (u32, u32),
    ) {
        if style.color().alpha == 0.0 || points.len() < 2 {
            return;
        }
        let paint = Paint {
            dash: Some((dash, gap)),
            ..Paint::stroke(style)
        };
        self.extend_shapes(paint, |d| push_polyline(d, points));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
