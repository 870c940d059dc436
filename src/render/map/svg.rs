//! A map as SVG: each region filled by its class, the units linked to
//! their pages (one `<a>` per unit, named by `aria-label` and `<title>`,
//! focusable as links are), units without a result hatched, context
//! grey. Colours are presentation attributes, not styles, so a strict
//! Content-Security-Policy leaves them alone; the size is the viewBox
//! alone, so the page's style sheet makes it as wide as its column.

use super::topology::{Shape, Topology};
use crate::site::escape_xml;
use std::fmt::Write;

/// A sequential palette from ColorBrewer's YlGnBu (safe for colour-blind
/// readers), light for the lowest class, dark for the highest, stopped
/// before its darkest blues so that [`OUTLINE`] stays visible on every
/// class (3:1 at least, WCAG 1.4.11; tested).
pub const PALETTE: [[u8; 3]; 5] = [
    [0xff, 0xff, 0xcc],
    [0xc7, 0xe9, 0xb4],
    [0x7f, 0xcd, 0xbb],
    [0x41, 0xb6, 0xc4],
    [0x1d, 0x91, 0xc0],
];

/// The borders between units.
pub const OUTLINE: &str = "#333333";
/// Shapes that are no unit: the sea, islands, neighbours.
pub const CONTEXT: &str = "#d9d9d9";
/// Units of the file that are not on this map's subject (another group).
pub const OTHER: &str = "#f2f2f2";
/// The unit a locator map points at.
pub const HIGHLIGHT: &str = "#c2410c";

/// The colour of class `i` of `n`, from the lightest (0) to the darkest.
pub fn class_colour(i: usize, n: usize) -> String {
    let t = if n <= 1 {
        0.5
    } else {
        i.min(n - 1) as f64 / (n - 1) as f64
    };
    let at = t * (PALETTE.len() - 1) as f64;
    let low = (at.floor() as usize).min(PALETTE.len() - 1);
    let high = (low + 1).min(PALETTE.len() - 1);
    let f = at - low as f64;
    let mix = |c: usize| {
        let v = PALETTE[low][c] as f64 * (1.0 - f) + PALETTE[high][c] as f64 * f;
        v.round() as u8
    };
    format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2))
}

/// How a region is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fill {
    Context,
    Other,
    /// A unit of the subject without a result: hatched.
    Missing,
    /// Class `i` of the legend (0 the lowest).
    Class(usize),
    Highlight,
}

/// One feature's place on a drawn map.
#[derive(Debug, Clone)]
pub struct Region {
    pub fill: Fill,
    /// The unit's page (relative to the page or file the map is in) and
    /// what the link says (name, index, rank).
    pub link: Option<(String, String)>,
    /// Linked regions of one fill are drawn (and reached by the keyboard)
    /// in this order: the rank.
    pub order: u32,
}

/// What to draw: a region per feature of the topology, in its order.
pub struct Drawing<'a> {
    pub topology: &'a Topology,
    pub regions: Vec<Region>,
    /// How many classes the palette is spread over.
    pub classes: usize,
    /// Unique on the page: names the hatching pattern.
    pub id: &'a str,
    /// `role="img"` with this name: a picture without links (a locator).
    pub image_label: Option<String>,
    /// Only this part of the map (x, y, width, height in grid units), and
    /// only the shapes that reach into it: a locator on a large map.
    pub view: Option<[i32; 4]>,
}

/// The pattern id of a drawing's hatching, for its legend's swatch.
pub fn hatch_id(id: &str) -> String {
    format!("{id}-hatch")
}

impl Drawing<'_> {
    /// The SVG to put inside a page.
    pub fn inline(&self) -> String {
        let (w, h) = self.size();
        let [x, y, w, h] = self.view.unwrap_or([-2, -2, w as i32 + 4, h as i32 + 4]);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x} {y} {w} {h}\" class=\"map-svg\""
        );
        if let Some(label) = &self.image_label {
            let _ = write!(svg, " role=\"img\" aria-label=\"{}\"", escape_xml(label));
        }
        svg.push('>');
        self.body(&mut svg);
        svg.push_str("</svg>");
        svg
    }

    /// The map as a file of its own: its title, the map, and under it
    /// the legend as text (`legend`: colour and words).
    pub fn standalone(
        &self,
        title: &str,
        legend: &[(Fill, String)],
        about: Option<&str>,
    ) -> String {
        let (w, h) = self.size();
        // The part drawn (the whole map, or its `view`), the legend under
        // it at the same size on the page whatever part that is.
        let [vx, vy, vw, vh] =
            self.view
                .map(|v| v.map(i64::from))
                .unwrap_or([-2, -2, w + 4, h + 4]);
        let k = |n: i64| (n * vw / (w + 4)).max(1);
        let line = k(28);
        let legend_height = k(16) + line * legend.len() as i64;
        let (pw, ph) = (w + 4, (h + 4 + legend_height * (w + 4) / vw.max(1)).max(1));
        let mut svg = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{vx} {vy} {vw} {}\" width=\"{pw}\" height=\"{ph}\" font-family=\"sans-serif\">",
            vh + legend_height
        );
        let _ = write!(svg, "<title>{}</title>", escape_xml(title));
        if let Some(about) = about {
            let _ = write!(svg, "<desc>{}</desc>", escape_xml(about));
        }
        let _ = write!(
            svg,
            "<rect x=\"{vx}\" y=\"{vy}\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        );
        self.body(&mut svg);
        for (i, (fill, text)) in legend.iter().enumerate() {
            let y = vy + vh + k(12) + line * i as i64;
            let _ = write!(
                svg,
                "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{OUTLINE}\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                vx + k(2),
                k(20),
                k(20),
                self.paint(*fill),
                vx + k(32),
                y + k(17),
                k(20),
                escape_xml(text)
            );
        }
        svg.push_str("</svg>\n");
        svg
    }

    fn size(&self) -> (i64, i64) {
        let p = &self.topology.projection;
        (p.width as i64, p.height as i64)
    }

    fn paint(&self, fill: Fill) -> String {
        match fill {
            Fill::Context => CONTEXT.into(),
            Fill::Other => OTHER.into(),
            Fill::Missing => format!("url(#{})", hatch_id(self.id)),
            Fill::Class(i) => class_colour(i, self.classes),
            Fill::Highlight => HIGHLIGHT.into(),
        }
    }

    fn body(&self, svg: &mut String) {
        if self.regions.iter().any(|r| r.fill == Fill::Missing) {
            let _ = write!(
                svg,
                "<defs><pattern id=\"{}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><path d=\"M0 0v8\" stroke=\"#666666\" stroke-width=\"3\"/></pattern></defs>",
                hatch_id(self.id)
            );
        }
        let _ = write!(
            svg,
            "<g stroke=\"{OUTLINE}\" stroke-width=\"0.8\" stroke-linejoin=\"round\">"
        );
        // Regions in fill order; within a fill, unlinked ones make one
        // path and linked ones keep the order given (the ranking's).
        let mut fills: Vec<Fill> = self.regions.iter().map(|r| r.fill).collect();
        fills.sort();
        fills.dedup();
        for fill in fills {
            let _ = write!(svg, "<g fill=\"{}\">", self.paint(fill));
            let mut plain = String::new();
            let mut members: Vec<(&Shape, &Region)> = self
                .topology
                .shapes
                .iter()
                .zip(&self.regions)
                .enumerate()
                .filter(|(_, (_, r))| r.fill == fill)
                .filter(|(i, _)| self.shows(*i))
                .map(|(_, pair)| pair)
                .collect();
            members.sort_by_key(|(_, r)| r.order);
            for (shape, region) in members {
                match &region.link {
                    Some((href, label)) => {
                        let label = escape_xml(label);
                        let _ = write!(
                            svg,
                            "<a href=\"{}\" aria-label=\"{label}\"><title>{label}</title><path d=\"",
                            escape_xml(href)
                        );
                        self.area(shape, svg);
                        svg.push_str("\"/></a>");
                    }
                    None => self.area(shape, &mut plain),
                }
                for (g, _) in &shape.points {
                    let _ = write!(svg, "<circle cx=\"{}\" cy=\"{}\" r=\"4\"/>", g[0], g[1]);
                }
                for (line, _) in &shape.lines {
                    svg.push_str("<path fill=\"none\" stroke=\"#999999\" d=\"");
                    path(line, false, svg);
                    svg.push_str("\"/>");
                }
            }
            if !plain.is_empty() {
                let _ = write!(svg, "<path d=\"{plain}\"/>");
            }
            svg.push_str("</g>");
        }
        svg.push_str("</g>");
    }

    /// Whether a shape reaches into the drawing's view.
    fn shows(&self, shape: usize) -> bool {
        let Some([x, y, w, h]) = self.view else {
            return true;
        };
        self.topology.extents[shape]
            .is_some_and(|[x0, y0, x1, y1]| x1 >= x && x0 <= x + w && y1 >= y && y0 <= y + h)
    }

    /// A shape's polygons as path data (even-odd is not needed: holes
    /// run the other way round, as GeoJSON's right-hand rule has them).
    fn area(&self, shape: &Shape, out: &mut String) {
        for ring in shape.polygons.iter().flatten() {
            let points = self.topology.ring_grid(ring);
            if points.len() >= 2 {
                path(&points, true, out);
            }
        }
    }
}

/// Points as path data: the first absolute, the others relative (short
/// numbers), closed with `z` for an area.
fn path(points: &[[i32; 2]], closed: bool, out: &mut String) {
    let Some(first) = points.first() else {
        return;
    };
    let _ = write!(out, "M{} {}", first[0], first[1]);
    let mut prev = *first;
    let mut started = false;
    for p in &points[1..] {
        let (dx, dy) = (p[0] - prev[0], p[1] - prev[1]);
        if started {
            if dx >= 0 {
                out.push(' ');
            }
        } else {
            out.push('l');
            started = true;
        }
        let _ = write!(out, "{dx}");
        if dy >= 0 {
            out.push(' ');
        }
        let _ = write!(out, "{dy}");
        prev = *p;
    }
    if closed {
        out.push('z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(0) + 0.7152 * c(1) + 0.0722 * c(2)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_outline_stands_out_from_every_class_colour() {
        for n in 1..=9 {
            for i in 0..n {
                let colour = class_colour(i, n);
                let c = contrast(&colour, OUTLINE);
                assert!(c >= 3.0, "class {i} of {n}: {colour} has contrast {c:.2}");
            }
        }
        assert!(contrast(HIGHLIGHT, OTHER) >= 3.0);
        assert!(contrast(CONTEXT, OUTLINE) >= 3.0);
    }

    #[test]
    fn classes_run_from_light_to_dark() {
        let l: Vec<f64> = (0..5).map(|i| luminance(&class_colour(i, 5))).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
    }

    #[test]
    fn path_data_is_relative_and_compact() {
        let mut d = String::new();
        path(&[[10, 20], [15, 20], [15, 12], [10, 20]], true, &mut d);
        assert_eq!(d, "M10 20l5 0 0-8-5 8z");
    }
}
