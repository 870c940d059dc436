//! A map as SVG: each region filled by its class, the units linked to
//! their pages (one `<a>` per unit, named by its `<title>` and, inline in
//! a page, its `aria-label`; focusable as links are; in a file of its own
//! opening in the page that embeds it), units without a result hatched,
//! context grey. A map of too many units for a link each links their
//! parents instead (a province's area, all its communes coloured, leads
//! to the page that maps them one by one). Colours are presentation attributes, not styles, so a strict
//! Content-Security-Policy leaves them alone; the size is the viewBox
//! alone, so the page's style sheet makes it as wide as its column.

use super::topology::{Shape, Topology};
use crate::site::escape_xml;
use std::fmt::Write;

/// A sequential palette along ColorBrewer's YlGnBu (safe for colour-blind
/// readers), light for the lowest class, dark for the highest: five
/// points of its ramp spaced so that neighbouring classes differ alike
/// (17 to 18 CIEDE2000; its own lightest five left the two darkest
/// blues close), stopped where [`OUTLINE`] still stands out from the
/// darkest (3:1 at least, WCAG 1.4.11). Both tested.
pub const PALETTE: [[u8; 3]; 5] = [
    [0xff, 0xff, 0xd9],
    [0xa3, 0xdb, 0xb8],
    [0x54, 0xbd, 0xc1],
    [0x21, 0x95, 0xc0],
    [0x21, 0x6c, 0xb0],
];

/// The borders between units.
pub const OUTLINE: &str = "#1a1a1a";
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
    /// Not drawn: a layer over a picture of the rest (a locator's unit
    /// over its group's map, a file every unit page shares).
    Hidden,
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
    /// The parent link (of the drawing's `clusters`) this region is part
    /// of, where the map links parents rather than units.
    pub cluster: Option<usize>,
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
    /// Links that each take in several regions (a parent's units): where
    /// each leads and what it says. Drawn first, in this order.
    pub clusters: Vec<(String, String)>,
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
        self.body(&mut svg, Links::InPage);
        svg.push_str("</svg>");
        svg
    }

    /// The drawing alone as a file, the same size as [`Drawing::inline`]
    /// draws it: a picture that a layer drawn inline lies over.
    pub fn picture(&self) -> String {
        let (w, h) = self.size();
        let [x, y, vw, vh] = self.view.unwrap_or([-2, -2, w as i32 + 4, h as i32 + 4]);
        let mut svg = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x} {y} {vw} {vh}\" width=\"{vw}\" height=\"{vh}\">"
        );
        self.body(&mut svg, Links::InPage);
        svg.push_str("</svg>\n");
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
        // The part drawn (the whole map, or its `view`) as wide as the
        // whole map would be, in a nested <svg>; the legend under it in
        // the file's own units, the same size whatever part is drawn.
        let [vx, vy, vw, vh] =
            self.view
                .map(|v| v.map(i64::from))
                .unwrap_or([-2, -2, w + 4, h + 4]);
        let pw = w + 4;
        let mh = (vh * pw / vw.max(1)).max(1);
        let line = 28;
        // A legend entry wraps within the file's width (a long list of
        // units without a result would run off its edge).
        let legend: Vec<(Fill, Vec<String>)> = legend
            .iter()
            .map(|(fill, text)| {
                let lines = crate::render::charts::wrap_text(text, (pw - 36) as f64, 20.0, 40);
                (*fill, lines)
            })
            .collect();
        let rows: i64 = legend.iter().map(|(_, l)| l.len().max(1) as i64).sum();
        let ph = mh + 16 + line * rows;
        let mut svg = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {pw} {ph}\" width=\"{pw}\" height=\"{ph}\" font-family=\"sans-serif\">"
        );
        let _ = write!(svg, "<title>{}</title>", escape_xml(title));
        if let Some(about) = about {
            let _ = write!(svg, "<desc>{}</desc>", escape_xml(about));
        }
        let _ = write!(
            svg,
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><svg width=\"{pw}\" height=\"{mh}\" viewBox=\"{vx} {vy} {vw} {vh}\">"
        );
        // A parent's many units light up together under the pointer or
        // the keyboard's focus: where one area ends and the next begins.
        if !self.clusters.is_empty() {
            svg.push_str("<style>a:hover path,a:focus path{fill-opacity:.6}</style>");
        }
        self.body(&mut svg, Links::Top);
        svg.push_str("</svg>");
        let mut y = mh + 12;
        for (fill, lines) in &legend {
            let _ = write!(
                svg,
                "<rect x=\"2\" y=\"{y}\" width=\"20\" height=\"20\" fill=\"{}\" stroke=\"{OUTLINE}\"/>",
                self.paint(*fill),
            );
            for text in lines {
                let _ = write!(
                    svg,
                    "<text x=\"32\" y=\"{}\" font-size=\"20\">{}</text>",
                    y + 17,
                    escape_xml(text)
                );
                y += line;
            }
            if lines.is_empty() {
                y += line;
            }
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
            Fill::Hidden => "none".into(),
            Fill::Context => CONTEXT.into(),
            Fill::Other => OTHER.into(),
            Fill::Missing => format!("url(#{})", hatch_id(self.id)),
            Fill::Class(i) => class_colour(i, self.classes),
            Fill::Highlight => HIGHLIGHT.into(),
        }
    }

    /// How much smaller a unit of the grid is drawn than on the whole
    /// map: the lines, hatching and markers of a view (a province cut
    /// from a country) are made as much thinner, so that they look the
    /// same on every map.
    fn shrink(&self) -> f64 {
        let (w, _) = self.size();
        self.view
            .map_or(1.0, |[_, _, vw, _]| f64::from(vw.max(1)) / (w + 4) as f64)
    }

    fn body(&self, svg: &mut String, links: Links) {
        let shrink = self.shrink();
        if self.regions.iter().any(|r| r.fill == Fill::Missing) {
            let scale = if shrink < 1.0 {
                format!(" scale({})", decimal(shrink))
            } else {
                String::new()
            };
            let _ = write!(
                svg,
                "<defs><pattern id=\"{}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45){scale}\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><path d=\"M0 0v8\" stroke=\"#666666\" stroke-width=\"3\"/></pattern></defs>",
                hatch_id(self.id)
            );
        }
        let _ = write!(
            svg,
            "<g stroke=\"{OUTLINE}\" stroke-width=\"{}\" stroke-linejoin=\"round\">",
            decimal(0.8 * shrink)
        );
        let radius = decimal(4.0 * shrink);
        let mut fills: Vec<Fill> = self.regions.iter().map(|r| r.fill).collect();
        fills.sort();
        fills.dedup();
        fills.retain(|f| *f != Fill::Hidden);
        // A parent's link holds a path per fill of its units.
        for (k, (href, label)) in self.clusters.iter().enumerate() {
            self.open_link(svg, links, href, label);
            for &fill in &fills {
                let mut d = String::new();
                let mut pen = None;
                for (i, (shape, _)) in self
                    .topology
                    .shapes
                    .iter()
                    .zip(&self.regions)
                    .enumerate()
                    .filter(|(_, (_, r))| r.fill == fill && r.cluster == Some(k))
                {
                    if self.shows(i) {
                        self.area(shape, &mut d, &mut pen);
                    }
                }
                if !d.is_empty() {
                    let _ = write!(svg, "<path fill=\"{}\" d=\"{d}\"/>", self.paint(fill));
                }
            }
            for (i, (shape, region)) in self.topology.shapes.iter().zip(&self.regions).enumerate() {
                if region.cluster != Some(k) || !self.shows(i) {
                    continue;
                }
                for (g, _) in &shape.points {
                    let _ = write!(
                        svg,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\" fill=\"{}\"/>",
                        g[0],
                        g[1],
                        self.paint(region.fill)
                    );
                }
            }
            svg.push_str("</a>");
        }
        // Regions in fill order; within a fill, unlinked ones make one
        // path and linked ones keep the order given (the ranking's).
        for fill in fills {
            let _ = write!(svg, "<g fill=\"{}\">", self.paint(fill));
            let mut plain = String::new();
            let mut pen = None;
            let mut members: Vec<(&Shape, &Region)> = self
                .topology
                .shapes
                .iter()
                .zip(&self.regions)
                .enumerate()
                .filter(|(_, (_, r))| r.fill == fill && r.cluster.is_none())
                .filter(|(i, _)| self.shows(*i))
                .map(|(_, pair)| pair)
                .collect();
            members.sort_by_key(|(_, r)| r.order);
            for (shape, region) in members {
                match &region.link {
                    Some((href, label)) => {
                        self.open_link(svg, links, href, label);
                        svg.push_str("<path d=\"");
                        self.area(shape, svg, &mut None);
                        svg.push_str("\"/></a>");
                    }
                    None => self.area(shape, &mut plain, &mut pen),
                }
                for (g, _) in &shape.points {
                    let _ = write!(
                        svg,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\"/>",
                        g[0], g[1]
                    );
                }
                for (line, _) in &shape.lines {
                    svg.push_str("<path fill=\"none\" stroke=\"#999999\" d=\"");
                    path(line, false, svg, &mut None);
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

    /// `<a>` and its `<title>`, up to what it holds.
    fn open_link(&self, svg: &mut String, links: Links, href: &str, label: &str) {
        let label = escape_xml(label);
        let _ = write!(svg, "<a href=\"{}\"", escape_xml(href));
        match links {
            // axe takes an SVG link's name from its attributes only, not
            // from its <title>.
            Links::InPage => {
                let _ = write!(svg, " aria-label=\"{label}\"");
            }
            // A file's links open in the page that shows the file (an
            // <object>), not inside it; its <title> names each (SVG-AAM),
            // as the browser's accessibility tree shows.
            Links::Top => svg.push_str(" target=\"_top\""),
        }
        let _ = write!(svg, "><title>{label}</title>");
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
    fn area(&self, shape: &Shape, out: &mut String, pen: &mut Option<[i32; 2]>) {
        for ring in shape.polygons.iter().flatten() {
            let points = self.topology.ring_grid(ring);
            if points.len() >= 2 {
                path(&points, true, out, pen);
            }
        }
    }
}

/// A length for an attribute: three decimals at most, no trailing zero.
fn decimal(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.into()
    }
}

/// Where a drawing's links open.
#[derive(Clone, Copy)]
enum Links {
    /// In the page that carries the SVG inline.
    InPage,
    /// In the top page, from a file of its own shown in an `<object>`.
    Top,
}

/// Points as path data, as short as SVG allows: every point relative
/// to the one before (small numbers on the quantised grid), the first of
/// a path after `m` and the others as the implicit line-tos that follow
/// it (no `l`), a number's sign its separator, an area closed with `z`.
/// `pen` is where the path data in `out` left off (None for a new
/// path): after `z`, the start of the ring it closed.
fn path(points: &[[i32; 2]], closed: bool, out: &mut String, pen: &mut Option<[i32; 2]>) {
    let Some(first) = points.first() else {
        return;
    };
    let from = pen.unwrap_or([0, 0]);
    out.push('m');
    let mut prev = from;
    for (i, p) in points.iter().enumerate() {
        let (dx, dy) = (p[0] - prev[0], p[1] - prev[1]);
        if i > 0 && dx >= 0 {
            out.push(' ');
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
        *pen = Some(*first);
    } else {
        *pen = Some(prev);
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

    /// CIELAB of an sRGB colour (D65).
    fn lab(hex: &str) -> [f64; 3] {
        let c = |i: usize| {
            let v = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64 / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (c(0), c(1), c(2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    /// The CIEDE2000 colour difference (Sharma, Wu and Dalal, 2005).
    fn ciede2000(one: &str, two: &str) -> f64 {
        ciede2000_lab(lab(one), lab(two))
    }

    fn ciede2000_lab([l1, a1, b1]: [f64; 3], [l2, a2, b2]: [f64; 3]) -> f64 {
        let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
        let g = 0.5 * (1.0 - (c_bar.powi(7) / (c_bar.powi(7) + 25f64.powi(7))).sqrt());
        let (a1, a2) = ((1.0 + g) * a1, (1.0 + g) * a2);
        let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
        let hue = |b: f64, a: f64| b.atan2(a).to_degrees().rem_euclid(360.0);
        let (h1, h2) = (hue(b1, a1), hue(b2, a2));
        let dh = if c1 * c2 == 0.0 {
            0.0
        } else if (h2 - h1).abs() <= 180.0 {
            h2 - h1
        } else if h2 > h1 {
            h2 - h1 - 360.0
        } else {
            h2 - h1 + 360.0
        };
        let dl = l2 - l1;
        let dc = c2 - c1;
        let dhh = 2.0 * (c1 * c2).sqrt() * (dh / 2.0).to_radians().sin();
        let l_bar = (l1 + l2) / 2.0;
        let c_bar = (c1 + c2) / 2.0;
        let h_bar = if c1 * c2 == 0.0 {
            h1 + h2
        } else if (h1 - h2).abs() <= 180.0 {
            (h1 + h2) / 2.0
        } else if h1 + h2 < 360.0 {
            (h1 + h2 + 360.0) / 2.0
        } else {
            (h1 + h2 - 360.0) / 2.0
        };
        let cos = |d: f64| d.to_radians().cos();
        let t = 1.0 - 0.17 * cos(h_bar - 30.0)
            + 0.24 * cos(2.0 * h_bar)
            + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
        let theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
        let rc = 2.0 * (c_bar.powi(7) / (c_bar.powi(7) + 25f64.powi(7))).sqrt();
        let sl = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
        let sc = 1.0 + 0.045 * c_bar;
        let sh = 1.0 + 0.015 * c_bar * t;
        let rt = -(2.0 * theta).to_radians().sin() * rc;
        ((dl / sl).powi(2) + (dc / sc).powi(2) + (dhh / sh).powi(2) + rt * (dc / sc) * (dhh / sh))
            .sqrt()
    }

    #[test]
    fn ciede2000_matches_sharma_wu_and_dalals_test_data() {
        for (one, two, expected) in [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            (
                [90.8027, -2.0831, 1.441],
                [91.1528, -1.6435, 0.0447],
                1.4441,
            ),
        ] {
            let d = ciede2000_lab(one, two);
            assert!((d - expected).abs() < 1e-4, "{one:?} {two:?}: {d}");
        }
        assert!((ciede2000("#ffffff", "#000000") - 100.0).abs() < 0.01);
    }

    /// Up to five classes (bands are five, index classes five at most),
    /// neighbours on the map differ clearly: the two darkest blues of
    /// YlGnBu's lightest five were 13.8 to 15.7 apart, the lightest two
    /// 10.7, with a luminance contrast of 1.3.
    #[test]
    fn adjacent_classes_are_told_apart_up_to_the_darkest() {
        for n in 2..=5 {
            for i in 1..n {
                let (a, b) = (class_colour(i - 1, n), class_colour(i, n));
                let d = ciede2000(&a, &b);
                assert!(
                    d >= 16.0,
                    "classes {} and {i} of {n}: {a} {b} differ by {d:.1}",
                    i - 1
                );
                let c = contrast(&a, &b);
                assert!(
                    c >= 1.4,
                    "classes {} and {i} of {n}: {a} {b} contrast {c:.2}",
                    i - 1
                );
            }
        }
    }

    #[test]
    fn path_data_is_relative_and_compact() {
        let mut d = String::new();
        let mut pen = None;
        path(
            &[[10, 20], [15, 20], [15, 12], [10, 20]],
            true,
            &mut d,
            &mut pen,
        );
        assert_eq!(d, "m10 20 5 0 0-8-5 8z");
        // A second ring of the same path starts from the first's start.
        path(&[[12, 18], [13, 18], [12, 17]], true, &mut d, &mut pen);
        assert_eq!(d, "m10 20 5 0 0-8-5 8zm2-2 1 0-1-1z");
    }
}
