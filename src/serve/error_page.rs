//! The page shown in place of the site while the inputs have errors:
//! every error with its file, line and column, what was found and what was
//! expected, and a hint; Vietnamese first, English beside it, like the
//! site. Everything from the data is escaped. The page is self-contained
//! (its style inline), since the site's own assets may be what is broken.

use crate::diag::Diagnostic;
use std::fmt::Write;

/// Why the site could not be rebuilt.
#[derive(Debug, Clone)]
pub enum Problem {
    /// The data check found errors: every diagnostic, warnings included.
    Data(Vec<Diagnostic>),
    /// Anything else: a template, a content page, the output folder.
    Other(String),
}

/// More errors than this are counted, not listed: a broken national file
/// can give thousands, and the first ones are what the publisher fixes.
const LISTED: usize = 200;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Vietnamese, with the English in a smaller line of its own language.
fn both(vi: &str, en: &str) -> String {
    format!("{vi} <span lang=\"en\" class=\"en\">({en})</span>")
}

const STYLE: &str =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}\
main{max-width:60rem;margin:0 auto;padding:1rem}\
h1{font-size:1.5rem;color:#a00}\
.en{color:#555;font-size:.9em}\
.banner{background:#fff4d6;border:1px solid #c90;padding:.75rem 1rem;margin:1rem 0}\
ol{padding-left:1.5rem}li{margin:0 0 1rem}\
.where{font-family:ui-monospace,monospace;font-weight:bold;word-break:break-all}\
.code{font-family:ui-monospace,monospace;color:#555}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.25rem 0}\
dt{font-weight:bold}dd{margin:0;white-space:pre-wrap}\
pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}";

/// The whole page. `last_good`: the address of the same page in the last
/// site that was built, when there is one.
pub fn render(problem: &Problem, last_good: Option<&str>) -> String {
    let mut page = String::new();
    let title = match problem {
        Problem::Data(_) => "Dữ liệu có lỗi",
        Problem::Other(_) => "Không dựng được trang",
    };
    let _ = write!(
        page,
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title} · chiso serve</title><style>{STYLE}</style></head><body><main>"
    );
    match problem {
        Problem::Data(diagnostics) => {
            let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let _ = write!(
                page,
                "<h1>{}</h1><p>{}</p>",
                both(
                    &format!("Dữ liệu có {} lỗi", errors.len()),
                    &format!("The data has {} error(s)", errors.len())
                ),
                both(
                    "Trang web chưa được dựng lại. Sửa các lỗi dưới đây và lưu tệp: trang này tự tải lại.",
                    "The site was not rebuilt. Fix the errors below and save the file: this page reloads by itself."
                )
            );
            banner(&mut page, last_good);
            page.push_str("<ol>");
            for d in errors.iter().take(LISTED) {
                diagnostic(&mut page, d);
            }
            page.push_str("</ol>");
            if errors.len() > LISTED {
                let _ = write!(
                    page,
                    "<p>{}</p>",
                    both(
                        &format!(
                            "… và {} lỗi khác (chiso check liệt kê tất cả).",
                            errors.len() - LISTED
                        ),
                        &format!(
                            "… and {} more (chiso check lists them all).",
                            errors.len() - LISTED
                        )
                    )
                );
            }
        }
        Problem::Other(message) => {
            let _ = write!(
                page,
                "<h1>{}</h1><p>{}</p>",
                both(title, "The site could not be built"),
                both(
                    "Sửa lỗi dưới đây và lưu tệp: trang này tự tải lại.",
                    "Fix the problem below and save the file: this page reloads by itself."
                )
            );
            banner(&mut page, last_good);
            let _ = write!(page, "<pre>{}</pre>", escape(message));
        }
    }
    page.push_str("</main></body></html>");
    page
}

fn banner(page: &mut String, last_good: Option<&str>) {
    if let Some(href) = last_good {
        let _ = write!(
            page,
            "<p class=\"banner\"><a href=\"{}\">{}</a></p>",
            escape(href),
            both("Xem bản dựng tốt gần nhất", "View the last good build")
        );
    }
}

/// One problem, in Vietnamese with the English message under it: the
/// official reads the first, a developer helping the second.
fn diagnostic(page: &mut String, d: &Diagnostic) {
    use crate::model::Language;
    let l = &d.location;
    let _ = write!(
        page,
        "<li><p><span class=\"where\">{}</span> <span class=\"code\">[{}]</span><br>{}<br><small lang=\"en\">{}</small></p><dl>",
        escape(&l.to_string()),
        escape(d.code),
        escape(d.message_in(Language::Vi)),
        escape(d.message_in(Language::En))
    );
    let mut row = |vi: &str, en: &str, value: &str| {
        let _ = write!(page, "<dt>{}</dt><dd>{}</dd>", both(vi, en), escape(value));
    };
    row("Tệp", "File", &l.file.display().to_string());
    if let Some(sheet) = &l.sheet {
        row("Trang tính", "Sheet", sheet);
    }
    if let Some(line) = l.line {
        row("Dòng", "Line", &line.to_string());
    }
    if let Some(column) = l.column {
        let shown = match &l.sheet {
            Some(_) => format!("{} ({column})", crate::diag::column_letters(column)),
            None => column.to_string(),
        };
        row("Cột", "Column", &shown);
    }
    if let Some(found) = d.found_in(Language::Vi) {
        row("Tìm thấy", "Found", found);
    }
    if let Some(expected) = d.expected_in(Language::Vi) {
        row("Cần có", "Expected", expected);
    }
    if let Some(hint) = d.hint_in(Language::Vi) {
        row("Gợi ý", "Hint", hint);
    }
    page.push_str("</dl></li>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn error_page_escapes_what_the_data_holds() {
        let d = Diagnostic::error(
            "not-a-number",
            Location::at("data/<x>.csv", 3, Some(7)),
            crate::tr!("not a number <b>", "không phải là số <b>"),
        )
        .found("<script>alert(1)</script>")
        .expected(crate::tr!("a number", "một số"))
        .hint(crate::tr!("use \"&\"", "dùng \"&\""));
        let page = render(&Problem::Data(vec![d]), Some("/__chiso/last-good/a.html"));
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("data/&lt;x&gt;.csv:3:7"));
        assert!(page.contains("dùng &quot;&amp;&quot;"));
        assert!(page.contains("không phải là số &lt;b&gt;"));
        assert!(page.contains("not a number &lt;b&gt;"));
        assert!(page.contains("Xem bản dựng tốt gần nhất"));
    }
}
