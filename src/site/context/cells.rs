//! A number as a table shows it (`85,74`, `+3`, `79,3%`, `–`), read
//! back: its CSV cell and the exact value a sortable column needs.

use rust_decimal::Decimal;

/// A table cell as shown (`85,74`, `79,3%`, `–`) turned into CSV: numbers
/// with a dot and no unit, dashes empty, text as it is.
pub(super) fn csv_cell(shown: &str) -> String {
    if let Some(bare) = numeric_bare(shown) {
        bare.replace(',', ".").trim_start_matches('+').to_string()
    } else if is_none_mark(shown) {
        String::new()
    } else {
        shown.to_string()
    }
}

/// A shown number without its spaces and `%`, if it is one (`+1,25`,
/// `79,3%`).
pub(super) fn numeric_bare(shown: &str) -> Option<&str> {
    let bare = shown.trim().trim_end_matches('%');
    let numeric = !bare.is_empty()
        && bare
            .trim_start_matches(['+', '-'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && bare.chars().any(|c| c.is_ascii_digit())
        && bare.matches(',').count() <= 1;
    numeric.then_some(bare)
}

/// `–`, shown for no value.
fn is_none_mark(shown: &str) -> bool {
    shown.trim().trim_end_matches('%') == "–"
}

/// What [`csv_cell`] of `shown` parses to, without its allocations: the
/// sort values of a big ranking compare thousands of shown numbers.
fn shown_decimal(shown: &str) -> Option<Decimal> {
    let Some(bare) = numeric_bare(shown) else {
        return if is_none_mark(shown) {
            None
        } else {
            shown.parse().ok()
        };
    };
    let mut buf = [0u8; 64];
    if bare.len() > buf.len() {
        return csv_cell(shown).parse().ok();
    }
    for (slot, b) in buf.iter_mut().zip(bare.bytes()) {
        *slot = if b == b',' { b'.' } else { b };
    }
    let text = std::str::from_utf8(&buf[..bare.len()]).ok()?;
    text.trim_start_matches('+').parse().ok()
}

/// A cell's exact value for sorting (`data-value`), or `None` where the
/// shown text gives the same number: the table's script reads shown
/// numbers (`85,74`, `+3`, `79,3%`) itself, and a big group's ranking has
/// a thousand such cells.
pub(super) fn sort_value(shown: &str, exact: &str) -> Option<String> {
    let same = match (shown_decimal(shown), exact.parse::<Decimal>()) {
        (Some(a), Ok(b)) => a == b,
        _ => csv_cell(shown) == exact,
    };
    (!exact.is_empty() && !same).then(|| exact.to_string())
}

/// [`sort_value`] of a number that may be missing (shown as nothing).
pub(super) fn decimal_sort_value(shown: Option<&str>, exact: Option<Decimal>) -> Option<String> {
    let exact = exact?;
    (shown_decimal(shown.unwrap_or_default()) != Some(exact)).then(|| exact.to_string())
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, decimal_sort_value, shown_decimal, sort_value};
    use rust_decimal::Decimal;

    #[test]
    fn shown_decimals_are_what_their_csv_cells_parse_to() {
        for shown in [
            "85,74", "85.74", "+3", "-0,58", " 79,3% ", "100", "–", "", "Mới", "1.234,5", "1,2,3",
            "+-5", "--5", "12a", "0,000400", "-0", "%", "7 %",
        ] {
            assert_eq!(
                shown_decimal(shown),
                csv_cell(shown).parse::<Decimal>().ok(),
                "{shown:?}"
            );
        }
    }

    #[test]
    fn decimal_sort_values_agree_with_sort_values() {
        for (shown, exact) in [
            ("85,74", "85.74"),
            ("85,74", "85.7412"),
            ("–", "12"),
            ("100", "100.00"),
        ] {
            let exact: Decimal = exact.parse().unwrap();
            assert_eq!(
                decimal_sort_value(Some(shown), Some(exact)),
                sort_value(shown, &exact.to_string()),
                "{shown} {exact}"
            );
        }
        assert_eq!(decimal_sort_value(Some("1"), None), None);
    }

    #[test]
    fn a_sort_value_is_kept_only_where_the_shown_number_differs() {
        // The script reads these shown numbers as the same values.
        assert_eq!(sort_value("85,74", "85.74"), None);
        assert_eq!(sort_value("+3", "3"), None);
        assert_eq!(sort_value("-0,58", "-0.58"), None);
        assert_eq!(sort_value("100", "100.00"), None);
        assert_eq!(sort_value("Mới", ""), None);
        // Rounded for show: the exact value sorts.
        assert_eq!(sort_value("85,74", "85.7412"), Some("85.7412".into()));
        assert_eq!(sort_value("–", "12"), Some("12".into()));
        // A thousands separator is not parsed here: kept, to be safe.
        assert_eq!(sort_value("1.234,5", "1234.5"), Some("1234.5".into()));
    }
}
