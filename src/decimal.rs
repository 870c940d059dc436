//! Exact decimals as they are shown and written: half-up rounding, and a
//! decimal as text with either mark. Every stage that prints a number
//! stands on this module (the model's bands, the checks of printed
//! figures, pages, charts and downloads), so that it depends on none of
//! them.

use rust_decimal::{Decimal, RoundingStrategy};

/// Half-up rounding (away from zero at the midpoint, as officials and
/// spreadsheets round), for display and written figures only.
pub fn round_half_up(value: Decimal, decimals: u32) -> Decimal {
    let scale = value.scale();
    if scale <= decimals {
        return value;
    }
    // The mantissa (under 2^96) divided in a u128: the same result as
    // Decimal's rounding, which works in 32-bit limbs and took most of
    // the time of showing a national site's millions of numbers.
    let mantissa = value.mantissa().unsigned_abs();
    let unit = 10u128.pow(scale - decimals);
    let (whole, rest) = (mantissa / unit, mantissa % unit);
    let whole = whole + u128::from(rest >= unit - rest);
    match i128::try_from(whole).map(|w| Decimal::try_from_i128_with_scale(w, decimals)) {
        Ok(Ok(mut rounded)) => {
            // As Decimal rounds: a negative rounded to zero is zero.
            rounded.set_sign_negative(value.is_sign_negative() && whole != 0);
            rounded
        }
        _ => value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn half_up_rounding_is_decimals_own_to_the_bit() {
        let same = |value: Decimal, decimals: u32| {
            let want =
                value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(
                round_half_up(value, decimals).serialize(),
                want.serialize(),
                "{value} to {decimals} places"
            );
        };
        // A fixed walk through mantissas up to 96 bits, every scale and
        // every number of places, with midpoints and negatives.
        let mut x: u128 = 0x9E37_79B9_7F4A_7C15_F39C_C060;
        for i in 0..40_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let bits = 1 + (x >> 100) as u32 % 96;
            let mut mantissa = ((x >> 3) & ((1u128 << bits) - 1)) as i128;
            if i % 7 == 0 {
                // A midpoint: ...5 followed by zeros.
                mantissa = mantissa / 1000 * 1000 + 500;
            }
            let signed = if i % 2 == 0 { mantissa } else { -mantissa };
            let scale = (x >> 64) as u32 % 29;
            if let Ok(value) = Decimal::try_from_i128_with_scale(signed, scale) {
                for decimals in [0, 1, 2, 4, 10, 27, 28] {
                    same(value, decimals);
                }
            }
        }
        // Exact midpoints and their neighbours at every distance.
        for decimals in 0..6u32 {
            for scale in decimals + 1..decimals + 8 {
                let unit = 10i128.pow(scale - decimals);
                for whole in [0i128, 1, 7, 12_345, 999_999_999] {
                    for m in [unit / 2 - 1, unit / 2, unit / 2 + 1] {
                        for sign in [1, -1] {
                            let value =
                                Decimal::from_i128_with_scale(sign * (whole * unit + m), scale);
                            same(value, decimals);
                        }
                    }
                }
            }
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(round_half_up(d("2.675"), 2), d("2.68"));
        assert_eq!(round_half_up(d("2.665"), 2), d("2.67"));
        assert_eq!(round_half_up(d("89.5947"), 2), d("89.59"));
        assert_eq!(round_half_up(d("-0.125"), 2), d("-0.13"));
    }
}
