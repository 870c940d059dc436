//! One rule for numbers on the site: a score and its maximum with the
//! edition's decimals, thousands grouped, a column that says the same on
//! every row said once, and no table caption that repeats the heading
//! just above it.

use super::site::{build_site, html_pages};
use super::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The province sample's pages, built once for these tests.
fn pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build_site(&repo("data"), &out);
        html_pages(&out)
    })
}

/// Text without its tags, spaces collapsed; what a class of
/// `visually-hidden` hides left out.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = start
            + rest[start..]
                .find('>')
                .map_or(rest.len() - start, |e| e + 1);
        let tag = &rest[start..end];
        rest = &rest[end..];
        // Cells leave out their end tags: a tag separates words.
        out.push(' ');
        if tag.starts_with("<span") && tag.contains("visually-hidden") {
            rest = rest.find("</span>").map_or("", |e| &rest[e + 7..]);
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_visible_caption_repeats_the_heading_above_its_table() {
    let mut repeats = Vec::new();
    for (path, html) in pages() {
        let mut from = 0;
        while let Some(at) = html[from..].find("<caption") {
            let at = from + at;
            from = at + 8;
            let open_end = at + html[at..].find('>').unwrap();
            if html[at..open_end].contains("visually-hidden") {
                continue;
            }
            let close = at + html[at..].find("</caption>").unwrap();
            let caption = visible_text(&html[open_end + 1..close]).to_lowercase();
            let heading_at = ["<h1", "<h2", "<h3", "<summary"]
                .iter()
                .filter_map(|h| html[..at].rfind(h))
                .max();
            let Some(h) = heading_at else { continue };
            let h_end = h + html[h..].find('>').unwrap() + 1;
            let h_close = h_end + html[h_end..].find("</").unwrap();
            let heading = visible_text(&html[h_end..h_close]).to_lowercase();
            if !heading.is_empty() && caption.starts_with(&heading) {
                repeats.push(format!("{path}: {heading:?} / {caption:?}"));
            }
        }
    }
    assert!(
        repeats.is_empty(),
        "{} captions repeat their heading: {:#?}",
        repeats.len(),
        &repeats[..repeats.len().min(10)]
    );
}

#[test]
fn a_maximum_the_same_for_every_unit_is_said_once_in_the_heading() {
    let html = &pages()["2023/huyen/index.html"];
    let head = &html[html.find("<thead>").unwrap()..];
    let head = &head[..head.find("<tbody").unwrap()];
    assert!(
        head.contains("Điểm đạt (điểm tối đa 100,00)"),
        "{}",
        visible_text(head)
    );
    assert!(
        !head.contains(">Điểm tối đa<"),
        "no column of maxima: {head}"
    );
    // A criterion page too: the node's maximum is in its lead.
    let html = &pages()["2025/so-nganh/tieu-chi-1.html"];
    let table = &html[html.find("<table class=\"data sortable numbers\"").unwrap()..];
    let head = &table[..table.find("<tbody").unwrap()];
    assert!(head.contains("(điểm tối đa "), "{}", visible_text(head));
    assert!(!head.contains(">Điểm tối đa<"), "{head}");
}

#[test]
fn a_score_and_its_maximum_have_the_same_decimals() {
    // "11,50/12" beside "12,00": a maximum written as a whole number
    // after a score with decimals.
    let mut found = Vec::new();
    for (path, html) in pages() {
        let text = visible_text(html);
        for (at, _) in text.match_indices('/') {
            let before = &text[..at];
            let after = &text[at + 1..];
            let digits_before =
                before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let score_has_decimals = digits_before > 0
                && before[..before.len() - digits_before].ends_with(',')
                && before[..before.len() - digits_before - 1]
                    .ends_with(|c: char| c.is_ascii_digit());
            let whole = after.trim_start_matches(|c: char| c.is_ascii_digit());
            let max_digits = after.len() - whole.len();
            if score_has_decimals && max_digits > 0 && !whole.starts_with(',') {
                found.push(format!(
                    "{path}: …,{}/{}",
                    &before[before.len() - digits_before..],
                    &after[..max_digits]
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} mixed: {:?}",
        found.len(),
        &found[..found.len().min(10)]
    );
}
