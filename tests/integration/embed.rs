//! Sharing and embedding: each edition chart's page alone (pinned to its
//! year, with its source, its data and a way back), the permalink and
//! embed code beside the chart, and a link to every section of a unit
//! page.

use super::site::{attributes, html_pages, resolve, sample, sample_out, tree};
use super::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn out() -> PathBuf {
    sample_out()
}

/// The embed page of a chart file, or `None` for a chart without one (a
/// field's map).
fn embed_of(svg: &str, files: &BTreeSet<String>) -> Option<String> {
    let (dir, file) = svg.rsplit_once('/').unwrap_or(("", svg));
    if let Some(group) = file
        .strip_prefix("xu-huong")
        .and_then(|rest| rest.split_once("bieu-do-"))
        .and_then(|(_, g)| g.strip_suffix(".svg"))
        .filter(|_| dir.is_empty())
    {
        // Pinned to the group's latest edition.
        let found: Vec<&String> = files
            .iter()
            .filter(|f| f.starts_with("nhung/") && f.ends_with(&format!("/{group}/xu-huong.html")))
            .collect();
        assert_eq!(found.len(), 1, "{svg}: {found:?}");
        return Some(found[0].clone());
    }
    let name = match file {
        "bieu-do-xep-hang.svg" => "xep-hang".to_string(),
        "ban-do.svg" => "ban-do".to_string(),
        "theo-linh-vuc-bieu-do-linh-vuc.svg" => "linh-vuc".to_string(),
        f if f.ends_with("-bieu-do-phan-bo.svg") => f.replace("-bieu-do-", "-").replace(".svg", ""),
        f if f.ends_with("-bieu-do-qua-cac-nam.svg") => {
            f.replace("-bieu-do-", "-").replace(".svg", "")
        }
        _ => return None,
    };
    Some(format!("nhung/{dir}/{name}.html"))
}

#[test]
fn every_edition_chart_file_has_an_embed_page_and_every_embed_page_a_chart() {
    // The English pages (`en/`) mirror these: `languages.rs` checks.
    let files: BTreeSet<String> = tree(&out())
        .into_keys()
        .filter(|f| !f.starts_with("en/"))
        .collect();
    let charts: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with(".svg") && !f.starts_with("don-vi/") && !f.starts_with("assets/"))
        .collect();
    let mut expected = BTreeSet::new();
    for svg in charts {
        if let Some(embed) = embed_of(svg, &files) {
            assert!(files.contains(&embed), "{svg}: no embed page {embed}");
            expected.insert(embed);
        }
    }
    let embeds: BTreeSet<String> = files
        .iter()
        .filter(|f| f.starts_with("nhung/"))
        .cloned()
        .collect();
    assert!(expected.len() > 100, "{}", expected.len());
    assert_eq!(embeds, expected, "embed pages without a chart file");
    // Every kind of chart is there.
    for name in [
        "xep-hang",
        "ban-do",
        "linh-vuc",
        "phan-bo",
        "qua-cac-nam",
        "xu-huong",
    ] {
        assert!(embeds.iter().any(|e| e.contains(name)), "{name}");
    }
}

#[test]
fn an_embed_page_carries_its_edition_source_data_and_way_back_and_no_site_chrome() {
    let (_, checked) = sample();
    let pages = html_pages(&out());
    let publisher = &checked.dataset.site.publisher;
    let base = checked.dataset.site.base_url.as_deref().unwrap();
    let mut seen = 0;
    for (path, html) in pages.iter().filter(|(p, _)| p.starts_with("nhung/")) {
        seen += 1;
        let year: i32 = path.split('/').nth(1).unwrap().parse().unwrap();
        let edition = checked
            .dataset
            .editions
            .iter()
            .find(|e| e.year == year)
            .unwrap_or_else(|| panic!("{path}: no edition {year}"));
        assert!(html.contains(&format!("Năm {year}")), "{path}: no year");
        assert!(html.contains(publisher.as_str()), "{path}: no source");
        if let Some(number) = edition
            .documents
            .iter()
            .find(|d| d.kind == "decision")
            .and_then(|d| d.number.as_ref())
        {
            assert!(
                html.contains(&format!("Quyết định số {number}")),
                "{path}: no decision {number}"
            );
        }
        for chrome in ["<nav", "<header", "site-nav", "<footer", "<script"] {
            assert!(!html.contains(chrome), "{path}: {chrome}");
        }
        assert!(html.contains("<details>"), "{path}: no data table");
        assert!(html.contains("<table"), "{path}: no data table");
        // Nothing from another host: only the canonical address is one.
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            assert!(
                !link.contains("://") || link == format!("{base}{path}"),
                "{path}: {link}"
            );
        }
        let stylesheets: Vec<String> = attributes(html, "href")
            .into_iter()
            .filter(|h| h.ends_with(".css"))
            .collect();
        assert_eq!(stylesheets, ["../../../assets/site.css"], "{path}");
        // The way back: the chart's own section of the page that shows it.
        let back = html
            .split("class=embed-source>")
            .nth(1)
            .and_then(|s| attributes(s.split("</p>").next()?, "href").pop())
            .unwrap_or_else(|| panic!("{path}: no link back"));
        let (page, id) = back
            .split_once('#')
            .unwrap_or_else(|| panic!("{path}: {back}"));
        let page = resolve(path, page);
        let shown = pages
            .get(&page)
            .unwrap_or_else(|| panic!("{path}: back to missing {page}"));
        assert!(
            attributes(shown, "id").iter().any(|i| i == id),
            "{path}: {page} has no #{id}"
        );
        // The page that shows the chart links to this page.
        assert!(
            attributes(shown, "href")
                .iter()
                .any(|h| resolve(&page, h) == *path),
            "{page} does not link to {path}"
        );
    }
    assert!(seen > 100);
}

#[test]
fn every_embed_link_on_the_site_leads_to_an_embed_page() {
    let pages = html_pages(&out());
    let mut linked = HashSet::new();
    for (path, html) in &pages {
        for href in attributes(html, "href") {
            let target = resolve(path, &href);
            if target.starts_with("nhung/") && !path.starts_with("nhung/") {
                assert!(pages.contains_key(&target), "{path}: {href}");
                linked.insert(target);
            }
        }
    }
    let embeds: HashSet<String> = pages
        .keys()
        .filter(|p| p.starts_with("nhung/"))
        .cloned()
        .collect();
    assert_eq!(linked, embeds, "embed pages no page links to");
}

#[test]
fn the_embed_code_names_its_page_by_the_sites_address() {
    let (_, checked) = sample();
    let base = checked.dataset.site.base_url.as_deref().unwrap();
    let html = std::fs::read_to_string(out().join("2025/phuong/index.html")).unwrap();
    let code = html
        .split("<textarea")
        .nth(1)
        .and_then(|s| s.split("</textarea>").next())
        .unwrap();
    assert!(
        code.contains(&format!("&lt;iframe src=&quot;{base}nhung/2025/phuong/")),
        "{code}"
    );
}

#[test]
fn unit_page_sections_have_unique_ids_and_copy_links_to_them() {
    let pages = html_pages(&out());
    let mut links = 0;
    for (path, html) in pages.iter().filter(|(p, _)| p.starts_with("don-vi/")) {
        let ids = attributes(html, "id");
        let mut count: BTreeMap<&String, usize> = BTreeMap::new();
        for id in &ids {
            *count.entry(id).or_default() += 1;
        }
        let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{path}: ids used twice {twice:?}");
        for part in html.split("<a ").skip(1) {
            let tag = part.split('>').next().unwrap();
            if !tag.contains("data-copy") {
                continue;
            }
            links += 1;
            let href = attributes(&format!(" {tag}>"), "href").pop().unwrap();
            let id = href
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{path}: {href}"));
            assert!(
                ids.iter().any(|i| i == id),
                "{path}: #{id} is not on the page"
            );
        }
    }
    assert!(links > 100, "{links}");
    // A scored unit: every section can be linked to.
    let page = &pages["don-vi/hieu.html"];
    for id in ["ket-qua", "lich-su", "diem-bi-tru"] {
        assert!(
            attributes(page, "href")
                .iter()
                .any(|h| *h == format!("#{id}")),
            "{id}"
        );
    }
}

/// An embed page is a frame for other sites: not in the sitemap, and
/// marked for search engines to leave out (they index the chart's page).
#[test]
fn embed_pages_are_left_out_of_the_sitemap_and_of_search() {
    let sitemap = std::fs::read_to_string(out().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>"), "the sample has an address");
    assert!(!sitemap.contains("/nhung/"), "{sitemap}");
    let pages = html_pages(&out());
    let embeds: Vec<&String> = pages
        .iter()
        .filter(|(p, _)| p.starts_with("nhung/"))
        .map(|(_, html)| html)
        .collect();
    assert!(!embeds.is_empty());
    for html in embeds {
        assert!(
            html.contains("content=noindex") || html.contains("content=\"noindex\""),
            "{html}"
        );
    }
    assert!(!pages["index.html"].contains("noindex"));
}
