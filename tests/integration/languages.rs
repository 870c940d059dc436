//! A site in two languages (the bundled sample: Vietnamese at the root,
//! English under `en/`): every page in each, a switch on every page to
//! the same page in the other, and one copy of what the languages share.

use super::site::{attributes, build_site, html_pages, options, resolve, sample_out, tree};
use super::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The sample's pages, read once.
fn pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| html_pages(&out()))
}

fn out() -> PathBuf {
    sample_out()
}

/// Where the language switch of `page` leads, relative to the root.
fn switch_of(page: &str, html: &str) -> Option<String> {
    let at = html.find("lang-switch")?;
    let end = at + html[at..].find("</p>")?;
    let links = attributes(&html[at..end], "href");
    assert_eq!(links.len(), 1, "{page}: {links:?}");
    Some(resolve(page, &links[0]))
}

/// The sample's data with `site.json` edited.
fn sample_with(edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("data"), &dir.path().join("data"));
    edit_file(&dir.path().join("data/site.json"), |text| {
        let mut site: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&mut site);
        serde_json::to_string_pretty(&site).unwrap()
    });
    dir
}

#[test]
fn every_page_is_in_both_languages_with_a_switch_to_the_same_page_and_back() {
    let pages = pages();
    let vietnamese: Vec<&String> = pages
        .keys()
        .filter(|p| !p.starts_with("en/") && *p != "404.html")
        .collect();
    assert!(vietnamese.len() > 300, "{}", vietnamese.len());
    let mut switches = 0;
    for page in vietnamese {
        let english = format!("en/{page}");
        assert!(pages.contains_key(&english), "{page}: no {english}");
        // An embed page is a chart in someone else's frame: no chrome.
        if page.starts_with("nhung/") {
            assert_eq!(switch_of(page, &pages[page]), None, "{page}");
            continue;
        }
        assert_eq!(
            switch_of(page, &pages[page]).as_deref(),
            Some(english.as_str()),
            "{page}"
        );
        assert_eq!(
            switch_of(&english, &pages[&english]).as_deref(),
            Some(page.as_str()),
            "{english}"
        );
        switches += 1;
    }
    assert!(switches > 300, "{switches}");
    for english in pages.keys().filter(|p| p.starts_with("en/")) {
        assert!(
            pages.contains_key(&english[3..]),
            "{english} has no Vietnamese page"
        );
    }
    // One page for every missing address: the root's.
    assert!(!pages.contains_key("en/404.html"));
}

#[test]
fn each_language_s_pages_are_in_its_words_and_formats() {
    let pages = pages();
    let vi = &pages["index.html"];
    let en = &pages["en/index.html"];
    assert!(vi.contains("<html lang=\"vi\">"), "{}", &vi[..200]);
    assert!(en.contains("<html lang=\"en\">"), "{}", &en[..200]);
    assert!(vi.contains(">Trang chủ</a>") && !vi.contains(">Home</a>"));
    assert!(en.contains(">Home</a>") && !en.contains(">Trang chủ</a>"));
    // The switch names the other language in itself.
    assert!(vi.contains(">English</a>"));
    assert!(en.contains(">Tiếng Việt</a>"));
    // The same published figure, in each language's format: the decimal
    // comma on Vietnamese pages, the point on English ones.
    let checked = check("data");
    let (edition, group, result) = groups(&checked).last().unwrap();
    let unit = &result.units[0];
    let shown = unit.index.round_dp(edition.decimals).to_string();
    assert!(shown.contains('.'), "{shown}");
    let ranking = chiso::site::urls::group(edition.year, &group.id);
    assert!(
        pages[&ranking].contains(&shown.replace('.', ",")),
        "{ranking}: {shown}"
    );
    let english = &pages[&format!("en/{ranking}")];
    assert!(
        english.contains(&format!(">{shown}<")),
        "en/{ranking}: {shown}"
    );
    // A band's English name, where the data gives one.
    assert!(pages[&ranking].contains(">Xuất sắc: "), "{ranking}");
    assert!(english.contains(">Excellent: ") && !english.contains(">Xuất sắc: "));
    // Nor in a map's legend, a region's title or the search index: no
    // English file but a Markdown page (which quotes it) names the band so.
    let vietnamese_band: Vec<String> = tree(&out())
        .into_iter()
        .filter(|(f, _)| f.starts_with("en/") && !f.ends_with("phuong-phap.html"))
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("Xuất sắc"))
        .map(|(f, _)| f)
        .collect();
    assert!(vietnamese_band.is_empty(), "{vietnamese_band:?}");
    // The search index speaks each page's language too.
    let files = tree(&out());
    let index = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    assert!(index("assets/search-index.js").contains("Xã"));
    assert!(index("en/assets/search-index.js").contains("Commune"));
}

#[test]
fn what_the_languages_share_is_written_once_at_the_root() {
    let files = tree(&out());
    for shared in [
        "assets/site.css",
        "assets/site.js",
        "du-lieu/",
        "van-ban/",
        "SHA256SUMS",
    ] {
        assert!(files.keys().any(|f| f.starts_with(shared)), "{shared}");
        let copy = format!("en/{shared}");
        assert!(!files.keys().any(|f| f.starts_with(&copy)), "{copy}");
    }
    let pages = pages();
    // English pages reach the root's style sheet, documents and data.
    let page = "en/van-ban.html";
    let html = &pages[page];
    let links: Vec<String> = attributes(html, "href")
        .iter()
        .map(|l| resolve(page, l))
        .collect();
    assert!(links.iter().any(|l| l == "assets/site.css"), "{links:?}");
    let documents: Vec<&String> = links.iter().filter(|l| l.starts_with("van-ban/")).collect();
    assert!(!documents.is_empty(), "{links:?}");
    for document in documents {
        assert!(files.contains_key(document.as_str()), "{document}");
    }
    let page = "en/du-lieu.html";
    let downloads: Vec<String> = attributes(&pages[page], "href")
        .iter()
        .map(|l| resolve(page, l))
        .filter(|l| l.starts_with("du-lieu/"))
        .collect();
    assert!(downloads.len() > 10, "{downloads:?}");
    // An English chart's files are the English page's, and are summed.
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).unwrap();
    assert!(
        sums.lines()
            .any(|l| l.ends_with(".csv") && l.contains("  en/")),
        "no English chart in SHA256SUMS"
    );
}

#[test]
fn search_engines_are_told_of_each_language_s_pages() {
    let files = tree(&out());
    let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let index = text("sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    assert!(index.contains("<loc>https://example.invalid/minh-son/sitemap-vi.xml</loc>"));
    assert!(index.contains("<loc>https://example.invalid/minh-son/sitemap-en.xml</loc>"));
    let (vi, en) = (text("sitemap-vi.xml"), text("sitemap-en.xml"));
    assert_eq!(vi.matches("<loc>").count(), en.matches("<loc>").count());
    assert!(en.contains("<loc>https://example.invalid/minh-son/en/don-vi/</loc>"));
    assert!(!vi.contains("/en/"));
    let page = &pages()["don-vi/index.html"];
    assert!(
        page.contains(
            "<link href=\"https://example.invalid/minh-son/en/don-vi/\" hreflang=\"en\" rel=alternate>"
        ),
        "no alternate for the English page"
    );
}

#[test]
fn a_content_page_not_yet_translated_says_so_and_keeps_its_language() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("content"), &dir.path().join("content"));
    std::fs::remove_file(dir.path().join("content/en/phuong-phap.md")).unwrap();
    let mut opts = options(&repo("data"), &dir.path().join("public"));
    opts.content = dir.path().join("content");
    chiso::build::build(&opts).unwrap();
    let pages = html_pages(&dir.path().join("public"));
    let untranslated = &pages["en/phuong-phap.html"];
    assert!(untranslated.contains("This page has no English version yet"));
    let article = |html: &str| {
        html[html.find("<article").unwrap()..]
            .split('>')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(attributes(&article(untranslated), "lang"), ["vi"]);
    assert!(untranslated.contains("Phương pháp tính"));
    let translated = &pages["en/gioi-thieu.html"];
    assert!(!translated.contains("no English version"));
    assert!(
        translated.contains("<title>About"),
        "{}",
        &translated[..400]
    );
    // The Vietnamese pages are as written, whatever is translated.
    assert!(attributes(&article(&pages["phuong-phap.html"]), "lang").is_empty());
    assert!(pages["gioi-thieu.html"].contains("<title>Giới thiệu"));
}

#[test]
fn a_site_in_one_language_has_no_switch_and_no_second_tree() {
    let dir = sample_with(|site| {
        site.as_object_mut().unwrap().remove("languages");
    });
    build_site(&dir.path().join("data"), &dir.path().join("public"));
    let files = tree(&dir.path().join("public"));
    assert!(!files.keys().any(|f| f.starts_with("en/")));
    assert!(!files.keys().any(|f| f.starts_with("sitemap-")));
    for (page, html) in html_pages(&dir.path().join("public")) {
        assert!(!html.contains("lang-switch"), "{page}");
        assert!(!html.contains("hreflang"), "{page}");
    }
}

#[test]
fn a_root_language_missing_from_the_languages_is_an_error() {
    let dir = sample_with(|site| site["languages"] = serde_json::json!(["en"]));
    let checked = check_dir(&dir.path().join("data"));
    let found: Vec<&Diagnostic> = errors(&checked);
    assert_eq!(found.len(), 1, "{found:#?}");
    let error = found[0];
    assert_eq!(error.code, "invalid-value");
    assert!(error.to_string().contains("site.json"), "{error}");
    assert!(error.to_string().contains("\"languages\""), "{error}");
}

#[test]
fn english_pages_use_the_english_names_the_data_gives() {
    let pages = pages();
    let checked = check("data");
    let (edition, group, _) = groups(&checked).last().unwrap();
    let field = group
        .framework
        .as_ref()
        .unwrap()
        .nodes
        .iter()
        .find(|n| n.parent.is_none())
        .unwrap();
    let english = |name: &Option<String>| name.clone().expect("the sample names it in English");
    let h1 = |page: &str| {
        let html = &pages[page];
        let at = html.find("<h1>").unwrap_or_else(|| panic!("{page}: no h1")) + 4;
        html[at..at + html[at..].find('<').unwrap()].to_string()
    };
    let criterion = chiso::site::urls::criterion(edition.year, &group.id, &field.code);
    assert_eq!(h1(&criterion), format!("{}. {}", field.code, field.name));
    assert_eq!(
        h1(&format!("en/{criterion}")),
        format!("{}. {}", field.code, english(&field.name_en))
    );
    let ranking = chiso::site::urls::group(edition.year, &group.id);
    assert!(h1(&ranking).ends_with(&group.name), "{}", h1(&ranking));
    assert!(h1(&format!("en/{ranking}")).ends_with(&english(&group.name_en)));
    let year = chiso::site::urls::edition(edition.year);
    assert_eq!(h1(&year), edition.title);
    assert_eq!(h1(&format!("en/{year}")), english(&edition.title_en));
    // Units keep their names: proper names, searched as written.
    let unit = &checked.dataset.units[0];
    assert!(unit.name_en.is_some());
    let page = format!("en/{}", chiso::site::urls::unit(&unit.id));
    assert_eq!(h1(&page), unit.name);
}

#[test]
fn a_language_chiso_does_not_speak_is_an_error_at_its_place() {
    let dir = sample_with(|site| site["languages"] = serde_json::json!(["vi", "fr"]));
    let checked = check_dir(&dir.path().join("data"));
    let found: Vec<&Diagnostic> = errors(&checked);
    assert_eq!(found.len(), 1, "{found:#?}");
    let text = found[0].to_string();
    assert!(text.contains("site.json:"), "{text}");
    assert!(text.contains("\"fr\""), "{text}");
    assert!(text.contains("\"vi\"") && text.contains("\"en\""), "{text}");
}
