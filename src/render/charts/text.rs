//! Text layout: labels cleaned, wrapped onto lines of a measured width and
//! cut with "…", and the room the lines take.

use super::font::Font;

/// Collapses runs of ASCII whitespace and drops control characters (which XML
/// forbids and which the backend uses as line separators).
pub(super) fn clean(text: &str) -> String {
    // Most labels are clean already: checked without splitting them.
    let mut previous_space = true;
    let tidy = text.chars().all(|c| {
        let space = c == ' ';
        let ok = match c {
            ' ' => !previous_space,
            '\u{FFFE}' | '\u{FFFF}' => false,
            _ => !c.is_ascii_whitespace() && !c.is_control(),
        };
        previous_space = space;
        ok
    });
    if tidy && !text.ends_with(' ') {
        return text.to_string();
    }
    text.split(|c: char| c.is_ascii_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .map(|word| word.replace(['\u{FFFE}', '\u{FFFF}'], ""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Word wrap into at most `max_lines` lines of `max_width`, with lines of
/// similar length (no lone last word); what does not fit is cut with "…".
/// Empty text gives no lines.
pub(super) fn wrap(text: &str, max_width: f64, font: Font, max_lines: usize) -> Vec<String> {
    let text = clean(text);
    if text.is_empty() || max_lines == 0 {
        return Vec::new();
    }
    if font.width(&text) <= max_width {
        return vec![text];
    }
    // Widths add up (the measuring font has no kerning), so words are
    // measured once and lines are sums; `ellipsize` re-measures each line.
    let words: Vec<&str> = text.split(' ').collect();
    let widths: Vec<f64> = words.iter().map(|w| font.width(w)).collect();
    let space = font.width(" ");
    let breaks = |limit: f64| greedy_breaks(&widths, space, limit);
    let mut spans = breaks(max_width);
    if spans.len() <= max_lines {
        // The narrowest width that still needs no more lines balances them.
        let count = spans.len();
        let (mut narrow, mut wide) = (max_width / count as f64, max_width);
        for _ in 0..12 {
            let mid = (narrow + wide) / 2.0;
            if breaks(mid).len() <= count {
                wide = mid;
            } else {
                narrow = mid;
            }
        }
        spans = breaks(wide);
    } else {
        // The last line takes the rest, to be cut with "…".
        let rest_start = spans[max_lines - 1].0;
        spans.truncate(max_lines - 1);
        spans.push((rest_start, words.len()));
    }
    spans
        .iter()
        .map(|&(from, to)| ellipsize(&words[from..to].join(" "), max_width, font))
        .collect()
}

/// Greedy line breaking over measured words: (first, end) word index ranges.
/// A word wider than `limit` gets a line of its own.
fn greedy_breaks(widths: &[f64], space: f64, limit: f64) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let (mut start, mut line) = (0, 0.0);
    for (i, &w) in widths.iter().enumerate() {
        if i > start && line + space + w > limit {
            spans.push((start, i));
            start = i;
            line = w;
        } else if i == start {
            line = w;
        } else {
            line += space + w;
        }
    }
    spans.push((start, widths.len()));
    spans
}

pub(super) fn ellipsize(text: &str, max_width: f64, font: Font) -> String {
    if font.width(text) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // The first `n` characters, less what may not end a cut: a combining
    // tone mark without its letter, or a space before "…".
    let kept = |n: usize| {
        let mut end = n;
        while end > 0
            && (chars[end - 1].is_whitespace() || ('\u{300}'..='\u{36F}').contains(&chars[end - 1]))
        {
            end -= 1;
        }
        &chars[..end]
    };
    let candidate = |n: usize| -> String { kept(n).iter().chain(['…'].iter()).collect() };
    // Widths add up, so a longer cut is never narrower: the longest that
    // fits is found by halving, not by trying every length (a name of
    // thousands of characters would take minutes).
    let (mut fits, mut too_wide) = (0, chars.len());
    while too_wide - fits > 1 {
        let mid = fits + (too_wide - fits) / 2;
        if font.width(&candidate(mid)) <= max_width {
            fits = mid;
        } else {
            too_wide = mid;
        }
    }
    if kept(fits).is_empty() {
        return String::from("…");
    }
    candidate(fits)
}

pub(super) fn lines_width(lines: &[String], font: Font) -> f64 {
    lines.iter().map(|l| font.width(l)).fold(0.0, f64::max)
}

pub(super) fn block_height(lines: &[String], font: Font) -> f64 {
    if lines.is_empty() {
        0.0
    } else {
        lines.len() as f64 * font.line_height() + 6.0
    }
}

pub(super) fn row_height(lines: usize, font: Font, minimum: f64) -> f64 {
    (lines as f64 * font.line_height() + 6.0).max(minimum)
}

/// Centre for a text of `width` as close to `x` as fits within [lo, hi].
pub(super) fn centred_within(x: f64, width: f64, lo: f64, hi: f64) -> f64 {
    let half = width / 2.0;
    if hi - lo <= width {
        (lo + hi) / 2.0
    } else {
        x.clamp(lo + half, hi - half)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::font::BODY;
    use crate::render::charts::tests::LONG_DEPT;

    /// Cutting one character at a time, as labels were cut before halving:
    /// the reference the halving must agree with.
    fn ellipsize_by_steps(text: &str, max_width: f64, font: Font) -> String {
        if font.width(text) <= max_width {
            return text.to_string();
        }
        let mut kept: Vec<char> = text.chars().collect();
        while !kept.is_empty() {
            kept.pop();
            while kept
                .last()
                .is_some_and(|c| c.is_whitespace() || ('\u{300}'..='\u{36F}').contains(c))
            {
                kept.pop();
            }
            let candidate: String = kept.iter().chain(['…'].iter()).collect();
            if font.width(&candidate) <= max_width {
                return candidate;
            }
        }
        String::from("…")
    }

    #[test]
    fn halving_cuts_labels_where_cutting_by_steps_did() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = LONG_DEPT.nfd().collect();
        for text in [
            LONG_DEPT,
            &nfd,
            "Xã  Đắk Tô Re",
            "a b c d e f",
            "ĐĐĐĐĐĐĐĐĐ",
            "i",
        ] {
            for width in (0..=400).step_by(7) {
                let width = f64::from(width);
                assert_eq!(
                    ellipsize(text, width, BODY),
                    ellipsize_by_steps(text, width, BODY),
                    "{text:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn a_name_of_thousands_of_characters_is_cut_to_the_longest_that_fits() {
        // Cut one character at a time, this took minutes of a build.
        let name = format!("Công{}", "tác".repeat(10_000));
        let cut = ellipsize(&name, 300.0, BODY);
        assert!(BODY.width(&cut) <= 300.0, "{cut}");
        let kept = cut.trim_end_matches('…');
        assert!(name.starts_with(kept));
        let one_more: String = name
            .chars()
            .take(kept.chars().count() + 1)
            .chain(['…'])
            .collect();
        assert!(BODY.width(&one_more) > 300.0);
    }

    #[test]
    fn labels_are_cleaned_whether_or_not_they_need_it() {
        for (raw, clean_text) in [
            ("Xã An Bình", "Xã An Bình"),
            ("  Xã  An\tBình ", "Xã An Bình"),
            ("a\nb\u{7}c", "a b c"),
            ("x\u{FFFE}y", "xy"),
            (" ", ""),
            ("", ""),
        ] {
            assert_eq!(clean(raw), clean_text, "{raw:?}");
        }
    }

    #[test]
    fn wrapping_keeps_every_word_in_order() {
        let lines = wrap(LONG_DEPT, 120.0, BODY, 3);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), LONG_DEPT);
        assert!(lines.iter().all(|l| BODY.width(l) <= 120.0));
        assert_eq!(wrap("  a \n b\t", 100.0, BODY, 2), vec!["a b"]);
        assert!(wrap("", 100.0, BODY, 2).is_empty());
    }
}
