//! Text helpers shared by validation, search, URLs and number formatting.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Room for any `i64` or `Decimal` as text: 29 digits, a sign, a point
/// and leading zeros up to the scale of 28.
pub const NUMBER_ROOM: usize = 64;

/// Digits of `n` at the end of `buf`, at least `min_digits` of them
/// (zero-padded); returns where they start.
fn digits(mut n: u128, min_digits: usize, buf: &mut [u8; NUMBER_ROOM]) -> usize {
    let mut at = NUMBER_ROOM;
    // Most numbers fit a u64, whose division is much cheaper.
    while n > u128::from(u64::MAX) {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut small = n as u64;
    while small > 0 || NUMBER_ROOM - at < min_digits {
        at -= 1;
        buf[at] = b'0' + (small % 10) as u8;
        small /= 10;
    }
    at
}

/// `mantissa` with its last `scale` digits after `mark`, at least one
/// digit before it, and a `-` first when `negative`, written at the end of
/// `buf`: a number as text without Decimal's formatting machinery, which
/// dominated writing big tables.
pub fn decimal_str(
    mantissa: u128,
    scale: usize,
    mark: u8,
    negative: bool,
    buf: &mut [u8; NUMBER_ROOM],
) -> &str {
    let mut at = digits(mantissa, scale + 1, buf);
    if scale > 0 {
        let point = NUMBER_ROOM - scale;
        buf.copy_within(at..point, at - 1);
        at -= 1;
        buf[point - 1] = mark;
    }
    if negative {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

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

/// The letter a name is filed under in a Vietnamese index: tones removed,
/// letter shapes kept (`Ấ` -> `Â`, `Đ` stays `Đ`).
pub fn base_letter(letter: &str) -> String {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    letter
        .nfd()
        .filter(|c| !TONES.contains(c))
        .collect::<String>()
        .nfc()
        .collect()
}

/// Sorts in Vietnamese alphabetical order (A < Ă < Â, D < Đ, O < Ô < Ơ,
/// U < Ư), which plain string order gets wrong.
pub fn sort_vietnamese<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    use icu_collator::options::CollatorOptions;
    use icu_collator::Collator;
    let locale = icu_locale_core::locale!("vi");
    match Collator::try_new(locale.into(), CollatorOptions::default()) {
        Ok(collator) => items.sort_by(|a, b| {
            collator
                .compare(key(a), key(b))
                .then_with(|| key(a).cmp(key(b)))
        }),
        Err(_) => items.sort_by(|a, b| key(a).cmp(key(b))),
    }
}

#[cfg(test)]
mod collation_tests {
    use super::*;

    #[test]
    fn vietnamese_alphabetical_order() {
        let mut names = vec![
            "Đông Hà",
            "Ưng Hoà",
            "Dương Kinh",
            "Uông Bí",
            "Ân Thi",
            "An Lão",
            "Ăn Khê",
        ];
        sort_vietnamese(&mut names, |s| s);
        assert_eq!(
            names,
            [
                "An Lão",
                "Ăn Khê",
                "Ân Thi",
                "Dương Kinh",
                "Đông Hà",
                "Uông Bí",
                "Ưng Hoà"
            ]
        );
        assert_eq!(base_letter("Ấ"), "Â");
        assert_eq!(base_letter("Đ"), "Đ");
        assert_eq!(base_letter("Ạ"), "A");
    }
}
