//! Content pages from Markdown: tables, footnotes and heading anchors.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub struct Rendered {
    /// The first level-1 heading, used as the page title.
    pub title: Option<String>,
    pub html: String,
}

/// Renders Markdown to HTML. Raw HTML in the source is escaped, not passed
/// through: content is data, and the site's pages must stay safe whatever
/// a content file holds.
pub fn render(source: &str) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(source, options).collect();
    let mut title = None;
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text: String = events[i + 1..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                if *level == HeadingLevel::H1 && title.is_none() {
                    title = Some(text.clone());
                }
                let base = id
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| crate::text::slug(&text));
                let base = if base.is_empty() {
                    "muc".to_string()
                } else {
                    base
                };
                let mut anchor = base.clone();
                let mut n = 1;
                while used.contains(&anchor) {
                    n += 1;
                    anchor = format!("{base}-{n}");
                }
                used.push(anchor.clone());
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(anchor)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw.clone())),
            other => out.push(other.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    Rendered {
        title,
        html: site_tables(&html_out),
    }
}

/// Gives Markdown tables the site's table style: a scrollable wrapper so a
/// wide table never widens a phone's page, and classes instead of the
/// inline `style` that pulldown-cmark writes for column alignment (a
/// `Content-Security-Policy: default-src 'self'` blocks inline styles).
/// Raw HTML is escaped above, so these tags can only come from the renderer.
fn site_tables(html: &str) -> String {
    html.replace(
        "<table>",
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"data\">",
    )
    .replace("</table>", "</table></div>")
    .replace(" style=\"text-align: right\"", " class=\"num\"")
    .replace(" style=\"text-align: center\"", " class=\"center\"")
    .replace(" style=\"text-align: left\"", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_diacritic_free_anchors() {
        let r = render("# Phương pháp\n\n## Xếp loại\n\n## Xếp loại\n");
        assert_eq!(r.title.as_deref(), Some("Phương pháp"));
        assert!(r.html.contains("<h2 id=\"xep-loai\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"xep-loai-2\">"), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_and_no_raw_html() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.\n\n<script>alert(1)</script>\n");
        assert!(r.html.contains("<table class=\"data\">"));
        assert!(r.html.contains("footnote"));
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn table_alignment_uses_classes_not_inline_styles() {
        let r = render("| a | b | c |\n|:--|--:|:-:|\n| x | 1 | y |\n");
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(r.html.contains("<td class=\"num\">1</td>"), "{}", r.html);
        assert!(r.html.contains("<td class=\"center\">y</td>"), "{}", r.html);
        assert!(
            r.html
                .contains("<div class=\"table-wrap\" tabindex=\"0\"><table class=\"data\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("</table></div>"), "{}", r.html);
    }
}
