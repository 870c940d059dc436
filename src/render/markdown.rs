//! Content pages from Markdown: tables, footnotes and heading anchors.
//!
//! A content file may hold anything (a page pasted from elsewhere, a
//! careless or hostile edit), so only what cannot run script or load from
//! another host reaches the page: raw HTML is shown as text, headings keep
//! only an id and classes that are plain tokens, links only relative
//! addresses and `http`, `https`, `mailto` and `tel`, and images only
//! relative addresses on the site itself. A refused link or image keeps its
//! text.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub struct Rendered {
    /// The first level-1 heading, used as the page title.
    pub title: Option<String>,
    pub html: String,
}

/// Renders Markdown to HTML. Raw HTML in the source is escaped, not passed
/// through, and links, images and heading attributes are filtered (see the
/// module documentation): content is data, and the site's pages must stay
/// safe whatever a content file holds.
pub fn render(source: &str) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(source, options).collect();
    let mut title = None;
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut used: Vec<String> = Vec::new();
    // Whether each open link or image was kept: a refused one loses its
    // start and its end, its text stays.
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
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
                let base = match id {
                    Some(id) if is_token(id) => id.to_string(),
                    Some(id) => crate::text::slug(id),
                    None => crate::text::slug(&text),
                };
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
                    classes: classes.iter().filter(|c| is_token(c)).cloned().collect(),
                    // Any other attribute could be an event handler or a
                    // style covering the page.
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let keep = link_allowed(dest_url);
                links.push(keep);
                if keep {
                    out.push(events[i].clone());
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(true) {
                    out.push(events[i].clone());
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let keep = image_allowed(dest_url);
                images.push(keep);
                if keep {
                    out.push(events[i].clone());
                }
            }
            Event::End(TagEnd::Image) => {
                if images.pop().unwrap_or(true) {
                    out.push(events[i].clone());
                }
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

/// An id or class that is a plain token (`a-z`, `A-Z`, `0-9`, `-`, `_`).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What a browser reads as the scheme of `url`, in lower case; `None` for
/// a relative address. pulldown-cmark has already decoded entities
/// (`&#106;avascript:`); percent escapes are decoded too, which a browser
/// would not do in a scheme, to refuse rather than guess. As a browser
/// does, C0 controls and spaces before the address are ignored and tabs
/// and line breaks anywhere; other controls are dropped as well.
fn scheme(url: &str) -> Option<String> {
    let decoded = percent_decode(url);
    let mut cleaned = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_ascii_control());
    let first = cleaned.next().filter(char::is_ascii_alphabetic)?;
    let mut scheme = String::from(first.to_ascii_lowercase());
    for c in cleaned {
        match c {
            ':' => return Some(scheme),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase())
            }
            _ => return None,
        }
    }
    None
}

fn percent_decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('%') {
        return s.into();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned().into()
}

/// A link may go anywhere a reader chooses to follow it, but never run
/// script or open a local file: relative, or one of the safe schemes.
fn link_allowed(url: &str) -> bool {
    scheme(url).is_none_or(|s| matches!(s.as_str(), "http" | "https" | "mailto" | "tel"))
}

/// An image loads as the page opens, and the site loads nothing from other
/// hosts: only a relative address on the site itself, not `//host/...`
/// (nor `/\host`, which browsers read the same way).
fn image_allowed(url: &str) -> bool {
    let decoded = percent_decode(url);
    let path: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_ascii_control())
        .take(2)
        .collect();
    scheme(url).is_none() && !(path.len() == 2 && path.chars().all(|c| c == '/' || c == '\\'))
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

    /// Markdown that tries to run script or load from elsewhere, as an
    /// attacker (or a careless copy-paste) would write it. The e2e gate
    /// `markdown` opens the same kinds of payloads in a browser.
    const PAYLOADS: &[&str] = &[
        "# T {onclick=alert(1)}",
        "## Cover {onmouseover=alert(1) style=position:fixed;inset:0}",
        "## Id {#x onfocus=alert(1) tabindex=0 autofocus}",
        "## Class {.ok .\"bad onclick=alert(1)}",
        "[a](javascript:alert(1))",
        "[a](JavaScript:alert(1))",
        "[a](JAVASCRIPT:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](&#x6A;&#x61;vascript&colon;alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a](java&#x0A;script:alert(1))",
        "[a](&#x01;javascript:alert(1))",
        "[a]( javascript:alert(1))",
        "[a](<javascript:alert(1)>)",
        "[a](javascript%3Aalert(1))",
        "[a](vbscript:msgbox(1))",
        "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[a](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[a][r]\n\n[r]: javascript:alert(1)",
        "[a][r]\n\n[r]: <&#106;avascript:alert(1)>",
        "[![img](x.png)](javascript:alert(1))",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](https://example.com/track.png)",
        "![x](//example.com/track.png)",
        "![x](/\\example.com/track.png)",
        "![x][i]\n\n[i]: http://example.com/i.png",
    ];

    /// A URL as a browser reads it from an attribute: entities decoded,
    /// leading C0 controls and spaces stripped, tabs and newlines removed
    /// anywhere, percent escapes decoded (stricter than a browser).
    fn as_browser_reads(attr: &str) -> String {
        let unescaped = attr
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let decoded = percent_decode(&unescaped);
        decoded
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase()
    }

    /// Every attribute of every tag in `html` as pulldown-cmark writes
    /// them (`name="value"`, quotes inside values escaped), names in lower
    /// case.
    fn attributes(html: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
            loop {
                rest = rest.trim_start();
                if rest.is_empty() || rest == "/" {
                    break;
                }
                let end = rest.find(['=', ' ', '\t', '\n']).unwrap_or(rest.len());
                let name = rest[..end].to_ascii_lowercase();
                rest = &rest[end..];
                let mut value = String::new();
                if let Some(v) = rest.strip_prefix("=\"") {
                    let close = v.find('"').unwrap_or(v.len());
                    value = v[..close].to_string();
                    rest = v.get(close + 1..).unwrap_or("");
                }
                out.push((name, value));
            }
        }
        out
    }

    fn attribute_values(html: &str, name: &str) -> Vec<String> {
        attributes(html)
            .into_iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn markdown_payloads_reach_the_page_without_script_or_outside_images() {
        for payload in PAYLOADS {
            let html = render(payload).html;
            for (name, _) in attributes(&html) {
                assert!(
                    matches!(
                        name.as_str(),
                        "id" | "class" | "href" | "src" | "alt" | "title"
                    ),
                    "attribute {name:?} reached the page from {payload:?}: {html}"
                );
            }
            for href in attribute_values(&html, "href") {
                let url = as_browser_reads(&href);
                let scheme = url
                    .split(':')
                    .next()
                    .filter(|_| url.contains(':'))
                    .unwrap_or("");
                let relative = scheme.is_empty() || scheme.contains(['/', '?', '#']);
                assert!(
                    relative || matches!(scheme, "http" | "https" | "mailto" | "tel"),
                    "link to {href:?} from {payload:?}: {html}"
                );
            }
            for src in attribute_values(&html, "src") {
                let url = as_browser_reads(&src);
                let scheme = url
                    .split(':')
                    .next()
                    .filter(|_| url.contains(':'))
                    .unwrap_or("");
                let relative = scheme.is_empty() || scheme.contains(['/', '?', '#']);
                let other_host =
                    url.starts_with("//") || url.starts_with("/\\") || url.starts_with("\\");
                assert!(
                    relative && !other_host,
                    "image from {src:?} from {payload:?}: {html}"
                );
            }
        }
    }

    #[test]
    fn a_refused_link_or_image_keeps_its_text() {
        let r =
            render("[read this](javascript:alert(1)) and ![the logo](https://example.com/l.png)");
        assert!(r.html.contains("read this"), "{}", r.html);
        assert!(r.html.contains("the logo"), "{}", r.html);
        assert!(!r.html.contains("<a"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
    }

    #[test]
    fn safe_links_images_and_heading_attributes_stay() {
        let r = render(
            "# Intro {#start .lead}\n\n[doc](van-ban.html) [s](#start) [w](https://example.org/a?b=1) \
             [m](mailto:a@b.vn) [t](tel:+84123) <https://example.org> <a@b.vn>\n\n![chart](anh/bieu-do.png)\n",
        );
        assert!(
            r.html.contains("<h1 id=\"start\" class=\"lead\">"),
            "{}",
            r.html
        );
        for href in [
            "van-ban.html",
            "#start",
            "https://example.org/a?b=1",
            "mailto:a@b.vn",
            "tel:+84123",
            "https://example.org",
        ] {
            assert!(
                r.html.contains(&format!("href=\"{href}\"")),
                "{href}: {}",
                r.html
            );
        }
        assert!(r.html.contains("src=\"anh/bieu-do.png\""), "{}", r.html);
    }

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
