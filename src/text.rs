//! Text helpers shared by validation, search and URLs: folding, slugs and
//! Vietnamese alphabetical order. Numbers as text are in [`crate::decimal`].

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

    #[test]
    fn letters_that_differ_by_their_shape_have_different_anchors() {
        let letters = ["A", "Ă", "Â", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"];
        let mut anchors: Vec<String> = letters.iter().map(|l| letter_anchor(l)).collect();
        anchors.sort();
        anchors.dedup();
        assert_eq!(anchors.len(), letters.len(), "{anchors:?}");
        assert_eq!(letter_anchor("Đ"), "dd");
    }

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

/// A distinct, diacritic-free anchor for each letter of the Vietnamese
/// alphabet, as Telex types them (`Ă` -> `aw`, `Đ` -> `dd`), so that A, Ă
/// and Â are not one id three times.
pub fn letter_anchor(letter: &str) -> String {
    let mut out = String::new();
    for c in letter.chars().flat_map(char::to_lowercase) {
        match c {
            'ă' => out.push_str("aw"),
            'â' => out.push_str("aa"),
            'đ' => out.push_str("dd"),
            'ê' => out.push_str("ee"),
            'ô' => out.push_str("oo"),
            'ơ' => out.push_str("ow"),
            'ư' => out.push_str("uw"),
            c => out.push_str(&slug(&c.to_string())),
        }
    }
    out
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

/// The name a unit is looked up by: its short name, or its name without the
/// kind of unit in front ("Thị xã Duy Tiên" is found under D). A
/// department keeps its name: "Sở Xây dựng" is how it is called.
pub fn proper_name(unit: &crate::model::Unit) -> &str {
    if let Some(short) = unit.short_name.as_deref() {
        return short;
    }
    const BODIES: [&str; 3] = ["Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "];
    const KINDS: [&str; 9] = [
        "Thành phố ",
        "Thị xã ",
        "Thị trấn ",
        "Huyện ",
        "Quận ",
        "Phường ",
        "Xã ",
        "Đặc khu ",
        "Tỉnh ",
    ];
    let mut name = unit.name.as_str();
    if let Some(rest) = BODIES.iter().find_map(|b| name.strip_prefix(b)) {
        name = rest;
    }
    let name = KINDS
        .iter()
        .find_map(|k| {
            name.strip_prefix(k)
                .or_else(|| name.strip_prefix(&k.to_lowercase()))
        })
        .unwrap_or(name);
    if name.is_empty() {
        &unit.name
    } else {
        name
    }
}
