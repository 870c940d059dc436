//! Font metrics: the bundled DejaVu Sans that measures every label, and
//! the sizes charts write text in.

use plotters::style::{register_font, FontDesc, FontFamily, FontStyle};
use std::sync::{Once, OnceLock};

/// Regular face used to measure labels (never embedded in the output).
const FONT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-subset.ttf"
));
/// Bold face: titles and highlighted labels are wider than regular text.
const FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold-subset.ttf"
));

/// Root font size, written once on `<svg>` and omitted on texts of this size.
pub(super) const ROOT_FONT_SIZE: f64 = 14.0;
pub(super) const LINE_HEIGHT: f64 = 1.25;
/// Baseline offsets in em from a text's anchor (DejaVu: ascender 0.93 em,
/// descender 0.24 em); the browser's sans-serif is close enough.
pub(super) const TOP_TO_BASELINE: f64 = 0.95;
pub(super) const CENTER_TO_BASELINE: f64 = 0.35;
pub(super) const BOTTOM_TO_BASELINE: f64 = -0.25;
/// Browsers may pick a sans-serif slightly wider than DejaVu Sans.
const WIDTH_SLACK: f64 = 1.02;

pub(super) const BODY: Font = Font {
    size: 14.0,
    bold: false,
};
pub(super) const BODY_BOLD: Font = Font {
    size: 14.0,
    bold: true,
};
pub(super) const SMALL: Font = Font {
    size: 13.5,
    bold: false,
};
pub(super) const TITLE: Font = Font {
    size: 15.0,
    bold: true,
};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Font {
    pub(super) size: f64,
    pub(super) bold: bool,
}

impl Font {
    pub(super) fn width(self, text: &str) -> f64 {
        text_width(text, self.size, self.bold)
    }

    pub(super) fn line_height(self) -> f64 {
        self.size * LINE_HEIGHT
    }
}

pub(super) fn fonts_ready() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fails only for a corrupt font file; `text_width` then estimates.
        let _ = register_font("sans-serif", FontStyle::Normal, FONT);
        let _ = register_font("sans-serif", FontStyle::Bold, FONT_BOLD);
    });
}

/// Measured at a large size so plotters' whole-pixel rounding is negligible.
const REFERENCE_SIZE: f64 = 1000.0;

/// Width in px of `text` at CSS font-size `size`.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    match box_width(text, bold) {
        // ab_glyph scales a font so that ascender - descender equals the
        // requested size, while CSS font-size is the em: convert.
        Some(w) => f64::from(w) / REFERENCE_SIZE * font_height_in_em() * size * WIDTH_SLACK,
        None => text.chars().count() as f64 * 0.65 * size,
    }
}

/// The width plotters measures for `text` at the reference size. Unit names
/// recur on every edition's charts, and wrapping measures the same prefixes
/// again: each thread remembers what it measured (a bounded memory, cleared
/// when full).
fn box_width(text: &str, bold: bool) -> Option<i32> {
    type Widths = rustc_hash::FxHashMap<Box<str>, Option<i32>>;
    thread_local! {
        static WIDTHS: std::cell::RefCell<[Widths; 2]> = std::cell::RefCell::default();
    }
    const REMEMBERED: usize = 50_000;
    // Looked up once: building a FontDesc locks plotters' font table.
    static FACES: OnceLock<[FontDesc<'static>; 2]> = OnceLock::new();
    WIDTHS.with_borrow_mut(|widths| {
        let widths = &mut widths[usize::from(bold)];
        if let Some(&w) = widths.get(text) {
            return w;
        }
        let faces = FACES.get_or_init(|| {
            fonts_ready();
            [FontStyle::Normal, FontStyle::Bold]
                .map(|style| FontDesc::new(FontFamily::SansSerif, REFERENCE_SIZE, style))
        });
        let w = faces[usize::from(bold)]
            .box_size(text)
            .ok()
            .map(|(w, _)| w as i32);
        if widths.len() >= REMEMBERED {
            widths.clear();
        }
        widths.insert(text.into(), w);
        w
    })
}

/// (ascender - descender) / units-per-em of the measuring font, read from its
/// `hhea` and `head` tables (both faces of DejaVu Sans share them).
fn font_height_in_em() -> f64 {
    static HEIGHT: OnceLock<f64> = OnceLock::new();
    *HEIGHT.get_or_init(|| read_font_height(FONT).unwrap_or(1.164))
}

fn read_font_height(font: &[u8]) -> Option<f64> {
    let u16_at = |data: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
    };
    let u32_at = |data: &[u8], at: usize| -> Option<usize> {
        Some(u32::from_be_bytes([
            *data.get(at)?,
            *data.get(at + 1)?,
            *data.get(at + 2)?,
            *data.get(at + 3)?,
        ]) as usize)
    };
    let tables = usize::from(u16_at(font, 4)?);
    let table = |tag: &[u8]| -> Option<&[u8]> {
        (0..tables).find_map(|i| {
            let record = 12 + 16 * i;
            if font.get(record..record + 4)? != tag {
                return None;
            }
            let offset = u32_at(font, record + 8)?;
            font.get(offset..offset + u32_at(font, record + 12)?)
        })
    };
    let units_per_em = f64::from(u16_at(table(b"head")?, 18)?);
    let hhea = table(b"hhea")?;
    let ascender = f64::from(u16_at(hhea, 4)? as i16);
    let descender = f64::from(u16_at(hhea, 6)? as i16);
    (units_per_em > 0.0 && ascender > descender).then(|| (ascender - descender) / units_per_em)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurement_uses_the_em() {
        // DejaVu Sans "0" advances 1303/2048 em.
        let w = text_width("0", 100.0, false) / WIDTH_SLACK;
        assert!((w - 63.62).abs() < 0.2, "{w}");
        assert!(text_width("Đắk", 13.0, true) > text_width("Đắk", 13.0, false));
    }
}
