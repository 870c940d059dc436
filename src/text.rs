//! Text helpers shared by validation, search and URLs.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds a name for diacritic-insensitive matching: lower case, no tone or
/// vowel marks, and đ as d, so `Đắk`, `Đăk` and `dak` all fold to `dak`.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A readable, diacritic-free URL segment: `Đắk Tô Re` -> `dak-to-re`.
pub fn slug(text: &str) -> String {
    slug::slugify(fold(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_spellings_together() {
        assert_eq!(fold("Đắk Tô Re"), "dak to re");
        assert_eq!(fold("Đăk  Kôi"), "dak koi");
        let nfd: String = "Đắk Tô Re".nfd().collect();
        assert_eq!(fold(&nfd), "dak to re");
        assert_eq!(slug("UBND xã Đắk Tô Re"), "ubnd-xa-dak-to-re");
        assert_eq!(
            slug("Sở Lao động - Thương binh và Xã hội"),
            "so-lao-dong-thuong-binh-va-xa-hoi"
        );
    }
}
