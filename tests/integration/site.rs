//! `chiso build`: the site as a whole, checked file by file.

use super::*;
use chiso::build::{build, BuildError, BuildOptions, Summary};
use std::collections::{BTreeMap, HashSet};

pub fn options(data: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        data: data.to_path_buf(),
        out: out.to_path_buf(),
        content: repo("content"),
        templates: repo("no-template-overrides"),
        base_url: None,
        allow_draft: false,
    }
}

pub fn build_site(data: &Path, out: &Path) -> Summary {
    build(&options(data, out)).unwrap_or_else(|e| panic!("{}: {e}", data.display()))
}

/// The province sample (`data/`), built once for every test that only
/// reads it.
pub fn sample() -> &'static (tempfile::TempDir, Checked) {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, Checked)> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_site(&repo("data"), &dir.path().join("public"));
        (dir, check("data"))
    })
}

/// Where [`sample`] is.
pub fn sample_out() -> PathBuf {
    sample().0.path().join("public")
}

/// Every file of a tree: relative path -> bytes.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `dir/page.html#id` from a link on page `from`, relative to the root.
pub fn resolve(from: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

pub fn html_pages(root: &Path) -> BTreeMap<String, String> {
    tree(root)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// Values of `href`, `src` and `id` attributes, quoted or not (minified
/// HTML drops quotes where it can).
pub fn attributes(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let needle = format!("{name}=");
    let mut from = 0;
    while let Some(pos) = html[from..].find(&needle) {
        let start = from + pos;
        from = start + needle.len();
        // Only whole attribute names: preceded by a space or a quote.
        if start > 0 && !matches!(bytes[start - 1], b' ' | b'"' | b'\'' | b'\n') {
            continue;
        }
        let rest = &html[from..];
        // `src=&quot;...` is text (an embed code to copy), not markup.
        if rest.starts_with("&quot;") {
            continue;
        }
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        out.push(value.replace("&amp;", "&"));
    }
    out
}

/// Resolves every internal link, image and script of every page, and
/// every `#anchor` against the ids of its target page.
pub fn check_links(root: &Path) -> Vec<String> {
    let pages = html_pages(root);
    let files: HashSet<String> = tree(root).into_keys().collect();
    let ids: BTreeMap<&String, HashSet<String>> = pages
        .iter()
        .map(|(p, h)| (p, attributes(h, "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, html) in &pages {
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            // A query (`so-sanh.html?u=a,b`) is for the page's script.
            let link = match link.split_once('?') {
                Some((path, query)) => match query.split_once('#') {
                    Some((_, anchor)) => format!("{path}#{anchor}"),
                    None => path.to_string(),
                },
                None => link,
            };
            let (path, anchor) = match link.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                let mut parts: Vec<String> = dir
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                for part in path.split('/') {
                    match part {
                        ".." => {
                            if parts.pop().is_none() {
                                broken.push(format!("{page}: {link} leaves the site"));
                            }
                        }
                        "." | "" => {}
                        p => parts.push(p.to_string()),
                    }
                }
                parts.join("/")
            };
            if !files.contains(&target) {
                broken.push(format!("{page}: {link} -> {target} does not exist"));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                if !ids.get(&target).is_some_and(|set| set.contains(&anchor)) {
                    broken.push(format!("{page}: {link}: no id \"{anchor}\" in {target}"));
                }
            }
        }
    }
    broken
}

fn built(data: &str) -> (tempfile::TempDir, Summary) {
    let dir = tempfile::tempdir().unwrap();
    let summary = build_site(&repo(data), &dir.path().join("public"));
    (dir, summary)
}

#[test]
fn every_unit_edition_group_and_criterion_has_a_page() {
    for data in ["data", "examples/ha-nam-2022", "examples/tam-nong-2021"] {
        let (dir, _) = built(data);
        let out = dir.path().join("public");
        let checked = check(data);
        assert!(out.join("index.html").is_file());
        for page in [
            "404.html",
            "don-vi/index.html",
            "xu-huong.html",
            "van-ban.html",
            "robots.txt",
            "assets/site.css",
            "assets/site.js",
            "assets/search-index.js",
        ] {
            assert!(out.join(page).is_file(), "{data}: {page}");
        }
        for unit in &checked.dataset.units {
            assert!(
                out.join(format!("don-vi/{}.html", unit.id)).is_file(),
                "{data}: unit {}",
                unit.id
            );
        }
        for (edition, result) in checked
            .dataset
            .editions
            .iter()
            .zip(&checked.results.editions)
        {
            assert!(out.join(format!("{}/index.html", edition.year)).is_file());
            for (group, gr) in edition.groups.iter().zip(&result.groups) {
                assert!(out
                    .join(format!("{}/{}/index.html", edition.year, group.id))
                    .is_file());
                let framework = group.framework.as_ref().unwrap();
                // Fields have a page; a criterion or sub-criterion is a row
                // (with an anchor) on its field's page, and a criterion a
                // column of the field's ranking.
                for (n, node) in framework.nodes.iter().enumerate() {
                    if gr.units.iter().any(|u| u.node(&node.code).is_some()) {
                        let url = chiso::site::urls::node(edition.year, &group.id, framework, n);
                        let (path, anchor) = url.split_once('#').unwrap_or((&url, ""));
                        let html = std::fs::read_to_string(out.join(path))
                            .unwrap_or_else(|e| panic!("{data}: {path}: {e}"));
                        if node.parent.is_none() {
                            assert!(anchor.is_empty(), "{data}: {url}");
                        } else {
                            assert!(
                                html.contains(&format!("id={anchor}"))
                                    || html.contains(&format!("id=\"{anchor}\"")),
                                "{data}: {url}"
                            );
                            let criterion = node
                                .parent
                                .is_some_and(|p| framework.nodes[p].parent.is_none());
                            assert_eq!(
                                html.contains(&format!(">{}</abbr>", node.code)),
                                criterion,
                                "{data}: {path}: a column for {} only if it is a criterion",
                                node.code
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    for data in ["data", "examples/ha-nam-2022", "examples/tam-nong-2021"] {
        let (dir, _) = built(data);
        let broken = check_links(&dir.path().join("public"));
        assert!(
            broken.is_empty(),
            "{data}: {} broken, first: {:#?}",
            broken.len(),
            &broken[..broken.len().min(10)]
        );
    }
}

#[test]
fn the_link_checker_finds_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        r#"<a href=a/x.html>x</a><a href="a/y.html#top">y</a><a href=#here>h</a>"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("a/y.html"), "<h1 id=other>y</h1>").unwrap();
    let broken = check_links(dir.path());
    assert_eq!(broken.len(), 3, "{broken:#?}");
}

#[test]
fn pages_show_the_computed_numbers() {
    let (dir, _) = built("examples/ha-nam-2022");
    let out = dir.path().join("public");
    let ranking = std::fs::read_to_string(out.join("2022/so-nganh/index.html")).unwrap();
    for figure in ["89,60", "95,39", "77,33", "18,06", "94,58", "56,75"] {
        assert!(ranking.contains(figure), "ranking page lacks {figure}");
    }
    assert!(ranking.contains("Sở Thông tin và Truyền thông"));
    let unit = std::fs::read_to_string(out.join("don-vi/ly-nhan.html")).unwrap();
    assert!(
        unit.contains("86,39") && unit.contains("5/6"),
        "Lý Nhân: index and rank of 6"
    );
    let districts = std::fs::read_to_string(out.join("2022/huyen/index.html")).unwrap();
    assert!(districts.contains("90,70") && districts.contains("10,30"));
    // Every unit's index appears on its group's ranking, as computed.
    let checked = check("data");
    let (data_dir, _) = built("data");
    for (edition, group, gr) in groups(&checked) {
        let page = std::fs::read_to_string(
            data_dir
                .path()
                .join("public")
                .join(format!("{}/{}/index.html", edition.year, group.id)),
        )
        .unwrap();
        for u in &gr.units {
            let shown = chiso::i18n::number(u.index, 2, chiso::model::Language::Vi);
            // A row may name its parent for the filter (`<tr data-p=0>`).
            assert!(page.contains(&format!("<td>{}<th scope=row>", u.rank)));
            assert!(
                page.contains(&shown),
                "{} {}: {} lacks {shown}",
                edition.year,
                group.id,
                u.unit
            );
        }
    }
}

/// How many start and end tags of `name` a page has (start tags counted
/// with their attributes or without).
fn tags(html: &str, name: &str) -> (usize, usize) {
    let starts = [format!("<{name}>"), format!("<{name} ")]
        .iter()
        .map(|t| html.matches(t.as_str()).count())
        .sum();
    (starts, html.matches(&format!("</{name}>")).count())
}

#[test]
fn elements_that_need_an_end_tag_are_closed_on_every_page() {
    // Templates leave out the end tags HTML allows to be left out (of
    // cells, for size); the minifier must not take that as leave to drop
    // the ones that close a table, its wrapper or a disclosure.
    for data in ["data", "examples/ha-nam-2022", "examples/tam-nong-2021"] {
        let (dir, _) = built(data);
        let pages = html_pages(&dir.path().join("public"));
        for (path, html) in &pages {
            for name in ["table", "div", "details", "figure", "section", "a", "span"] {
                let (starts, ends) = tags(html, name);
                assert_eq!(
                    starts, ends,
                    "{data} {path}: <{name}> opened {starts}, closed {ends}"
                );
            }
        }
        assert!(pages.values().any(|html| tags(html, "details").0 > 0));
    }
}

/// Counts what a build reports, as the terminal's progress bar shows it.
#[derive(Default)]
struct Recorder {
    phases: std::sync::Mutex<Vec<(&'static str, Option<usize>)>>,
    pages: std::sync::atomic::AtomicUsize,
}

impl chiso::build::Progress for Recorder {
    fn phase(&self, name: &'static str, pages: Option<usize>) {
        self.phases.lock().unwrap().push((name, pages));
    }

    fn page_done(&self) {
        self.pages
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn a_build_reports_its_phases_and_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let recorder = Recorder::default();
    let summary = chiso::build::build_with(&options(&repo("data"), &out), &recorder).unwrap();
    let phases = recorder.phases.into_inner().unwrap();
    let names: Vec<&str> = phases.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["checking the data", "rendering", "writing"]);
    assert_eq!(
        phases[1].1,
        Some(summary.pages),
        "the pages to render, told first"
    );
    assert_eq!(
        recorder.pages.into_inner(),
        summary.pages,
        "every page reported done"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, _) = built("data");
    let (b, _) = built("data");
    let (ta, tb) = (
        tree(&a.path().join("public")),
        tree(&b.path().join("public")),
    );
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between builds");
    }
}

#[test]
fn no_page_is_over_100_kb() {
    for data in ["data", "examples/ha-nam-2022"] {
        let (dir, summary) = built(data);
        for (path, html) in html_pages(&dir.path().join("public")) {
            assert!(
                html.len() <= 100 * 1024,
                "{data}: {path} is {} bytes",
                html.len()
            );
        }
        assert!(summary.largest.1 <= 100 * 1024);
    }
}

/// The pages of a site built from a generated sample of that many
/// provinces, each with that many departments, districts and communes per
/// district: two editions (2023, 2024) of fields and a few sub-criteria.
fn sized_site_pages(
    provinces: usize,
    departments: usize,
    districts: usize,
    communes_per_district: usize,
    seed: u64,
) -> BTreeMap<String, String> {
    use chiso::sample::{Detail, SampleSize};
    let size = SampleSize {
        provinces,
        departments,
        districts,
        communes_per_district,
        editions: 2,
        first_year: 2023,
        detail: Detail::Light,
        absent_per_mille: 0,
    };
    pages_of_sample(&size, seed)
}

/// The pages of a site built from a generated sample of that size.
fn pages_of_sample(size: &chiso::sample::SampleSize, seed: u64) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    chiso::sample::write_sized(size, seed, &data).unwrap();
    let out = dir.path().join("site");
    build_site(&data, &out);
    html_pages(&out)
}

/// The pages of a national-shaped site, built once for the tests that
/// read them: the national preset's ten editions (2016 to 2025, the
/// criteria changed in 2022, the map redrawn in 2025), light criteria and
/// units left out of some editions, on two provinces of two departments
/// and two districts of the national number of communes.
fn national_shaped_pages() -> &'static BTreeMap<String, String> {
    static PAGES: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| {
        let size = chiso::sample::SampleSize {
            provinces: 2,
            departments: 2,
            districts: 2,
            ..chiso::sample::Preset::National.size()
        };
        pages_of_sample(&size, 1)
    })
}

/// A national-shaped site's unit pages (`don-vi/<id>.html`; not the lists).
fn national_unit_pages() -> Vec<(&'static str, &'static str)> {
    national_shaped_pages()
        .iter()
        .filter(|(path, html)| path.starts_with("don-vi/") && html.contains("id=lich-su"))
        .map(|(path, html)| (path.as_str(), html.as_str()))
        .collect()
}

/// Issue 22: citizens read their unit's page on cheap phones and slow
/// connections. On a national-shaped site, a unit page weighs under 40 KB
/// of HTML on average and for the median.
#[test]
fn national_unit_pages_stay_under_40_kb_on_average_and_for_the_median() {
    let mut sizes: Vec<usize> = national_unit_pages().iter().map(|(_, h)| h.len()).collect();
    sizes.sort_unstable();
    let n = sizes.len();
    assert!(n > 20, "{n} unit pages");
    let (mean, median) = (sizes.iter().sum::<usize>() / n, sizes[n / 2]);
    assert!(
        mean < 40_000 && median < 40_000,
        "mean {mean} B, median {median} B, largest {} B",
        sizes[n - 1]
    );
}

/// A unit's history says each thing once: a change by its sign (the arrow
/// comes from the style sheet, the caption says what it compares with;
/// words for a screen reader only where the sign says nothing, a rank in
/// another group), its numbers aligned and the index made bold by the
/// style sheet, its own rows without the unit's id (a predecessor's row
/// names its unit), and a maximum every year shares in the heading.
#[test]
fn a_unit_pages_history_says_each_thing_once() {
    let mut own_rows = 0;
    for (path, html) in national_unit_pages() {
        let id = &path["don-vi/".len()..path.len() - ".html".len()];
        let table = &html[html.find("<table class=\"data history\">").expect(path)..];
        let table = &table[..table.find("</table>").unwrap()];
        let (head, body) = table.split_at(table.find("<tbody>").unwrap());
        assert!(
            head.contains("Thay đổi so với kỳ đánh giá trước"),
            "{path}: {head}"
        );
        assert_eq!(
            body.matches("aria-hidden").count(),
            body.matches("change other").count(),
            "{path}: a change said twice"
        );
        assert!(!body.contains("class=num"), "{path}: {body}");
        assert!(!body.contains("<strong>"), "{path}: {body}");
        for row in body.split("<tr ").skip(1) {
            let tag = &row[..row.find('>').unwrap()];
            match attributes(tag, "data-unit").pop() {
                Some(of) => {
                    assert_ne!(of, id, "{path}: {tag}");
                    assert!(row.contains("class=of"), "{path}: {row}");
                }
                None => own_rows += 1,
            }
        }
        assert!(head.contains("(điểm tối đa 100,00)"), "{path}: {head}");
        assert!(!body.contains("/100,00"), "{path}: {body}");
    }
    assert!(own_rows > 100, "{own_rows}");
}

/// A field's lost points name the field once: its heading names the
/// table, which carries no caption and no region label saying it again.
#[test]
fn a_fields_lost_points_name_it_once() {
    let mut sections = 0;
    for (path, html) in national_unit_pages() {
        for section in html.split("<section class=").skip(1) {
            if !section.trim_start_matches('"').starts_with("lost") {
                continue;
            }
            let section = &section[..section.find("</section>").unwrap()];
            let h3 = &section[section.find("<h3").expect(path)..];
            let (tag, text) = h3[..h3.find("</h3>").unwrap()].split_once('>').unwrap();
            let name = text.split(" – ").next().unwrap();
            assert_eq!(section.matches(name).count(), 1, "{path}: {section}");
            let heading = attributes(tag, "id").pop().expect("the heading's id");
            let table = &section[section.find("<table").unwrap()..];
            let table = &table[..table.find('>').unwrap()];
            assert_eq!(
                attributes(table, "aria-labelledby"),
                [heading],
                "{path}: {table}"
            );
            sections += 1;
        }
    }
    assert!(sections > 100, "{sections}");
}

/// A national site's largest groups: a province's 170 communes ranked on
/// one page, with their heatmap on another.
#[test]
fn a_170_commune_group_stays_under_100_kb() {
    let pages = sized_site_pages(1, 19, 10, 17, 3);
    let (path, ranking) = pages
        .iter()
        .filter(|(path, _)| path.starts_with("2024/") && path.ends_with("/index.html"))
        .max_by_key(|(_, html)| html.matches("<th scope=row>").count())
        .expect("a group page");
    let body = &ranking[ranking.find("<tbody>").expect(path)..];
    let body = &body[..body.find("</table>").unwrap()];
    // 170 communes, and any the sample splits or merges.
    let rows = body.matches("<th scope=row>").count();
    assert!(rows >= 170, "{path}: {rows} rows");
    // Its map, too big to carry inline, is the page's map file, embedded.
    let map = ranking.split("class=map-frame>").nth(1).expect("a map");
    let object = &map[..map.find('>').unwrap()];
    assert!(
        object.starts_with("<object ") && object.contains("ban-do.svg"),
        "{object}"
    );
    let heatmap = &pages[&path.replace("index.html", "theo-linh-vuc.html")];
    for (path, html) in [(path.as_str(), ranking), ("its heatmap", heatmap)] {
        assert!(html.len() <= 100 * 1024, "{path} is {} bytes", html.len());
    }
}

/// The markup a browser would parse as tags: the page with the values of
/// quoted attributes and the title's text taken out. Inside those, `<` is
/// plain text, and minifiers rightly unescape it there.
fn markup_outside_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut quote) = (false, None::<char>);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<title>") {
            out.push_str("<title>");
            let end = rest.find("</title>").unwrap_or(rest.len());
            rest = &rest[end..];
            if rest.is_empty() {
                break;
            }
            continue;
        }
        match (in_tag, quote, c) {
            (false, _, '<') => in_tag = true,
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), _) if c == q => quote = None,
            (true, None, '>') => in_tag = false,
            _ => {}
        }
        if quote.is_none() || c == '"' || c == '\'' {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[test]
fn text_from_the_data_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("tests/fixtures/valid"), &data);
    let units = data.join("units.csv");
    let text = std::fs::read_to_string(&units).unwrap().replace(
        "UBND xã Tân Lập,Tân Lập",
        "\"</title><script>alert('tên')</script>\",<b>Tân</b>",
    );
    std::fs::write(&units, text).unwrap();
    let scores = data.join("editions/2021/scores.csv");
    let text = std::fs::read_to_string(&scores).unwrap().replace(
        "Kế hoạch ban hành trễ hạn.",
        "<script>alert(1)</script> & <img src=x onerror=alert(2)>",
    );
    std::fs::write(&scores, text).unwrap();
    let out = dir.path().join("public");
    build_site(&data, &out);
    let mut seen_escaped = false;
    for (path, html) in html_pages(&out) {
        let markup = markup_outside_text(&html);
        for raw in [
            "<script>alert",
            "<img src=x",
            "<b>Tân</b>",
            "</title><script>",
        ] {
            assert!(!markup.contains(raw), "{path} carries raw markup {raw}");
        }
        seen_escaped |= html.contains("&lt;script>alert") || html.contains("&lt;script&gt;alert");
    }
    assert!(seen_escaped, "the name is shown, escaped");
    let index = std::fs::read_to_string(out.join("assets/search-index.js")).unwrap();
    assert!(
        !index.contains("</script>"),
        "the search index cannot close a script element"
    );
}

/// Reads the search index as the search script does (`unpack` in
/// assets/site.js): each unit's name, short name, kind, parent's name,
/// page and latest result (`year: index · band`, empty for none).
fn search_entries(script: &str) -> Vec<[String; 6]> {
    let json = script
        .strip_prefix("window.CHISO_UNITS=")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("the index is one assignment");
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let units = index["units"].as_array().unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    units
        .iter()
        .map(|u| {
            let name = text(&u[0]);
            let short = match u[1].as_u64() {
                // JavaScript's slice counts UTF-16 units.
                Some(n) => {
                    String::from_utf16(&name.encode_utf16().skip(n as usize).collect::<Vec<_>>())
                        .unwrap()
                }
                None => text(&u[1]),
            };
            let kind = text(&index["kinds"][u[2].as_u64().unwrap() as usize]);
            let parent = match u[3].as_i64().unwrap() {
                -1 => String::new(),
                p => text(&units[p as usize][0]),
            };
            let page = format!(
                "{}{}{}",
                text(&index["page"][0]),
                text(&u[4]),
                text(&index["page"][1])
            );
            let latest = match u.get(7).and_then(|l| l.as_array()) {
                Some(l) => {
                    let band = l[2]
                        .as_i64()
                        .filter(|&b| b >= 0)
                        .map(|b| format!(" · {}", text(&index["bands"][b as usize])))
                        .unwrap_or_default();
                    format!("{}: {}{band}", l[0], text(&l[1]))
                }
                None => String::new(),
            };
            [name, short, kind, parent, page, latest]
        })
        .collect()
}

#[test]
fn the_search_index_gives_every_unit_its_names_kind_parent_and_page() {
    let (mut by_position, mut as_text) = (0, 0);
    for data in ["data", "examples/ha-nam-2022", "examples/tam-nong-2021"] {
        let (dir, _) = built(data);
        let out = dir.path().join("public");
        let script = std::fs::read_to_string(out.join("assets/search-index.js")).unwrap();
        let entries = search_entries(&script);
        let checked = check(data);
        let units = &checked.dataset.units;
        assert_eq!(entries.len(), units.len(), "{data}");
        for (unit, [name, short, kind, parent, page, latest]) in units.iter().zip(&entries) {
            assert_eq!(name, &unit.name, "{data}");
            assert_eq!(short, unit.label(), "{data}: {}", unit.id);
            // The kind as the name says it: a ward is not a "Xã".
            let want_kind = chiso::i18n::named_kind(chiso::model::Language::Vi, unit);
            assert_eq!(kind, want_kind, "{data}: {}", unit.id);
            if unit.name.starts_with("Phường ") {
                assert_eq!(kind, "Phường");
            }
            // The latest result, as the unit's page shows it.
            let want_latest = groups(&checked)
                .filter_map(|(e, _, g)| g.unit(&unit.id).map(|r| (e, r)))
                .last()
                .map(|(e, r)| {
                    let index =
                        chiso::i18n::number(r.shown, e.decimals, chiso::model::Language::Vi);
                    let band = r
                        .band
                        .as_deref()
                        .map(|b| format!(" · {b}"))
                        .unwrap_or_default();
                    format!("{}: {index}{band}", e.year)
                })
                .unwrap_or_default();
            assert_eq!(latest, &want_latest, "{data}: {}", unit.id);
            let want_parent = unit
                .parent
                .as_deref()
                .and_then(|p| units.iter().find(|u| u.id == p))
                .map_or("", |p| p.name.as_str());
            assert_eq!(parent, want_parent, "{data}: {}", unit.id);
            assert!(out.join(page).is_file(), "{data}: {page}");
            if unit.name.ends_with(unit.label()) {
                by_position += 1;
            } else {
                as_text += 1;
            }
        }
    }
    assert!(
        by_position > 0 && as_text > 0,
        "both ways of giving a short name are checked"
    );
}

#[test]
fn links_are_relative_so_the_site_works_at_any_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut opts = options(&repo("examples/ha-nam-2022"), &out);
    opts.base_url = Some("https://example.org/cchc/2022".into());
    build(&opts).unwrap();
    for (path, html) in html_pages(&out) {
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            let absolute_ok = link.starts_with("https://example.org/cchc/2022/");
            assert!(
                !link.starts_with('/') && (absolute_ok || !link.contains("://")),
                "{path}: {link}"
            );
        }
    }
    let home = std::fs::read_to_string(out.join("2022/huyen/index.html")).unwrap();
    assert!(
        home.contains("https://example.org/cchc/2022/2022/huyen/"),
        "canonical URL under the base"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/cchc/2022/don-vi/phu-ly.html</loc>"));
    assert!(std::fs::read_to_string(out.join("robots.txt"))
        .unwrap()
        .contains("Sitemap: https://example.org/cchc/2022/sitemap.xml"));
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("van-ban/2022/bao-cao-chi-so-cchc-2022.pdf"));
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo("examples/tam-nong-2021"), &out);
    let before = tree(&out);
    match build(&options(&repo("examples/kon-ray-2021"), &out)) {
        Err(BuildError::Data(diagnostics)) => {
            assert_eq!(diagnostics.iter().filter(|d| d.is_error()).count(), 1);
        }
        other => panic!(
            "expected the Đăk Ruồng discrepancy, got {:?}",
            other.map(|s| s.pages)
        ),
    }
    assert_eq!(tree(&out), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "no staging directory left behind: {names:?}"
    );
}

#[test]
fn refuses_to_overwrite_a_directory_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "precious").unwrap();
    let result = build(&options(&repo("examples/tam-nong-2021"), &out));
    assert!(matches!(result, Err(BuildError::Output(_))));
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.docx")).unwrap(),
        "precious"
    );
    let data_inside = build(&options(
        &repo("examples/tam-nong-2021"),
        &repo("examples/tam-nong-2021/public"),
    ));
    assert!(matches!(data_inside, Err(BuildError::Output(_))));
}

#[test]
fn published_anyway_shows_both_figures_on_the_unit_page() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("examples/kon-ray-2021"), &data);
    let path = data.join("editions/2021/published-xa.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "unit,achieved,max,index,band\n",
            "unit,achieved,max,index,band,discrepancy_note\n",
        )
        .replace(
            "dak-ruong,78.15,95,82.26,Tốt",
            "dak-ruong,78.15,95,82.26,Tốt,Số liệu theo báo cáo đã ký.",
        );
    std::fs::write(&path, text).unwrap();
    let out = dir.path().join("public");
    build_site(&data, &out);
    let page = std::fs::read_to_string(out.join("don-vi/dak-ruong.html")).unwrap();
    assert!(
        page.contains("82,26") && page.contains("80,68"),
        "both indices"
    );
    assert!(
        page.contains("78,15") && page.contains("76,65"),
        "both totals"
    );
    assert!(page.contains("Số liệu theo báo cáo đã ký."));
    let ranking = std::fs::read_to_string(out.join("2021/xa/index.html")).unwrap();
    assert!(ranking.contains("82,26"));
}

#[test]
fn sample_data_says_so_on_every_page_and_drafts_say_draft() {
    let (dir, _) = built("data");
    for (path, html) in html_pages(&dir.path().join("public")) {
        assert!(
            html.contains("notice-sample"),
            "{path} lacks the sample notice"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut opts = options(&repo("tests/fixtures/broken/draft"), &out);
    assert!(build(&opts).is_err(), "drafts are refused by default");
    opts.allow_draft = true;
    build(&opts).unwrap();
    for page in [
        "2021/index.html",
        "2021/xa/index.html",
        "don-vi/xa-a.html",
        "index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains("notice-draft") && html.contains("DỰ THẢO"),
            "{page} lacks DRAFT"
        );
    }
}

#[test]
fn english_pages_use_english_words_and_decimal_points() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("examples/ha-nam-2022"), &data);
    let site = std::fs::read_to_string(data.join("site.json"))
        .unwrap()
        .replace("\"language\": \"vi\"", "\"language\": \"en\"");
    std::fs::write(data.join("site.json"), site).unwrap();
    let out = dir.path().join("public");
    build_site(&data, &out);
    let html = std::fs::read_to_string(out.join("2022/so-nganh/index.html")).unwrap();
    assert!(html.contains("lang=en") || html.contains("lang=\"en\""));
    assert!(html.contains("89.60") && !html.contains("89,60"));
    assert!(html.contains("Rank") && html.contains("Index"));
}

#[test]
fn a_template_override_replaces_the_built_in_one_and_errors_name_it() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("404.html"), "{% extends \"base.html\" %}{% block content %}<h1>Lạc đường rồi</h1>{% endblock content %}").unwrap();
    let out = dir.path().join("public");
    let mut opts = options(&repo("examples/tam-nong-2021"), &out);
    opts.templates = templates.clone();
    build(&opts).unwrap();
    assert!(std::fs::read_to_string(out.join("404.html"))
        .unwrap()
        .contains("Lạc đường rồi"));

    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ broken( }}\n{% endblock content %}",
    )
    .unwrap();
    let error = build(&opts).unwrap_err().to_string();
    assert!(error.contains("404.html"), "{error}");
    assert!(error.contains(":3") || error.contains("line 3"), "{error}");
}

#[test]
fn vietnamese_alphabetical_unit_list() {
    let (dir, _) = built("examples/ha-nam-2022");
    let html = std::fs::read_to_string(dir.path().join("public/don-vi/index.html")).unwrap();
    let pos = |name: &str| html.find(name).unwrap_or_else(|| panic!("{name}"));
    // By the proper name, the kind left out where the registry gives no
    // short name: Bình Lục, Duy Tiên, ... Sở Xây dựng.
    assert!(pos("Huyện Bình Lục") < pos("Sở Công Thương"));
    assert!(pos("Thị xã Duy Tiên") < pos("Sở Xây dựng"));
}

/// The unit list's letters are those of the proper names: Xã Đắk Tô is
/// under Đ, and X is not every commune.
#[test]
fn the_unit_list_is_indexed_by_the_proper_name() {
    let (dir, _) = built("data");
    let html = std::fs::read_to_string(dir.path().join("public/don-vi/index.html")).unwrap();
    let checked = check("data");
    let html = html.replace("<h2 id=\"chu-", "<h2 id=chu-");
    let sections: Vec<(&str, &str)> = html
        .split("<h2 id=chu-")
        .skip(1)
        .map(|s| (s.split(['>', '"']).next().unwrap(), s))
        .collect();
    assert!(sections.len() > 10, "{} letters", sections.len());
    let mut ids: Vec<&str> = sections.iter().map(|(l, _)| *l).collect();
    ids.dedup();
    assert_eq!(ids.len(), sections.len(), "one anchor per letter: {ids:?}");
    for unit in &checked.dataset.units {
        let first = chiso::text::proper_name(unit)
            .chars()
            .next()
            .unwrap()
            .to_uppercase()
            .to_string();
        let id = chiso::text::letter_anchor(&chiso::text::base_letter(&first));
        let (_, section) = sections
            .iter()
            .find(|(l, _)| *l == id)
            .unwrap_or_else(|| panic!("no letter {id} for {}", unit.name));
        let section = section.split("<h2").next().unwrap();
        assert!(
            section.contains(&format!("don-vi/{}.html", unit.id)),
            "{} not under {id}",
            unit.name
        );
    }
}

/// A unit page lists lost points item by item for the latest edition and
/// the two before it; older editions get a line each (total lost, link to
/// that year's ranking), so ten editions keep the page light.
#[test]
fn unit_pages_fold_older_years_lost_points_into_a_line_each() {
    let (dir, _) = built("data");
    let html = std::fs::read_to_string(dir.path().join("public/don-vi/thach-binh.html")).unwrap();
    let checked = check("data");
    let years: Vec<i32> = checked.dataset.editions.iter().map(|e| e.year).collect();
    // The commune was merged on 1 July 2025: 2024 is its latest edition.
    assert_eq!(years, [2020, 2021, 2022, 2023, 2024, 2025]);
    assert!(!html.contains("<summary>Các tiêu chí bị trừ điểm (2025)</summary>"));
    for year in [2023, 2022] {
        assert!(
            html.contains(&format!(
                "<summary>Các tiêu chí bị trừ điểm ({year})</summary>"
            )),
            "{year} in full"
        );
    }
    for year in [2021, 2020] {
        assert!(
            !html.contains(&format!(
                "<summary>Các tiêu chí bị trừ điểm ({year})</summary>"
            )),
            "{year} only as a line"
        );
        assert!(
            html.contains(&format!("<a href=\"../{year}/xa/index.html\">")),
            "{year}"
        );
    }
    // The line's total is the unit's lost points that year.
    let (e, g) = (1, 2);
    let result = checked.results.editions[e].groups[g]
        .unit("thach-binh")
        .expect("Thạch Bình in 2021");
    let lost = result.max.unwrap() - result.achieved.unwrap();
    let shown = chiso::i18n::number(lost, 2, chiso::model::Language::Vi);
    let older = &html[html
        .find("Điểm bị trừ các năm trước nữa")
        .expect("the older years")..];
    let row = older
        .find("scope=row>2021<")
        .map(|at| &older[at..(at + 80).min(older.len())])
        .expect("a line for 2021");
    assert!(
        row.contains(&format!(">{shown}<")),
        "2021 lost {shown}: {row}"
    );
}

#[test]
fn rankings_sort_by_band_in_band_order() {
    let (dir, _) = built("examples/ha-nam-2022");
    let page = std::fs::read_to_string(dir.path().join("public/2022/so-nganh/index.html")).unwrap();
    let header = page
        .split("<th ")
        .find(|th| th.contains("Xếp loại"))
        .expect("a band column");
    assert!(
        header.contains("data-sort=num") || header.contains("data-sort=\"num\""),
        "{header}"
    );
    // Each band cell sorts by the band's place (1 the best), not its name.
    let mut seen = std::collections::BTreeSet::new();
    for cell in page.split("<td").skip(1) {
        if let Some(at) = cell.find("class=\"band band-") {
            let class = &cell[at + "class=\"band band-".len()..][..1];
            let value = cell
                .split("data-value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .expect("a band cell carries its order");
            assert_eq!(value, class, "{cell}");
            seen.insert(value.to_string());
        }
    }
    assert!(seen.len() > 1, "several bands: {seen:?}");
}

/// Several provinces make many groups: the home and edition pages list them
/// in one table (a row each, every band a column) instead of a card each,
/// so that a national edition stays light on a phone; a province keeps its
/// cards.
#[test]
fn many_groups_are_listed_as_one_table() {
    let pages = sized_site_pages(5, 3, 2, 3, 7);
    for page in ["index.html", "2024/index.html"] {
        let html = &pages[page];
        assert!(!html.contains("class=card"), "{page} has cards");
        let table = &html[html.find("<table").expect("a table")..];
        let table = &table[..table.find("</table>").unwrap()];
        // 5 provinces x 3 groups, each a row linking its ranking.
        assert_eq!(table.matches("<th scope=row>").count(), 15, "{page}");
        assert_eq!(table.matches("/index.html\">").count(), 15, "{page}");
        // Every band a column, every row a cell per band.
        let bands = table
            .matches("<th data-sort=num scope=col><span class=\"band")
            .count();
        assert!(bands >= 3, "{page}: {bands} band columns");
        let cells = table.matches("<td class=num>").count();
        assert_eq!(cells, 15 * (3 + bands), "{page}");
    }
    let dir = tempfile::tempdir().unwrap();
    let province = dir.path().join("province");
    build_site(&repo("data"), &province);
    let home = std::fs::read_to_string(province.join("index.html")).unwrap();
    assert!(home.contains("class=card"));
}

/// A criterion's ranking, like a group's, is aligned by the style sheet and
/// carries `data-value` only where the shown number would sort differently:
/// there, the share of the maximum to ten places.
#[test]
fn criterion_rankings_carry_sort_values_only_where_needed() {
    use rust_decimal::Decimal;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_site(&repo("data"), &site);
    let pages: Vec<String> = (1..=8)
        .map(|field| std::fs::read_to_string(site.join(format!("2024/xa/tieu-chi-{field}.html"))))
        .filter_map(Result::ok)
        .collect();
    assert!(pages.len() > 4, "the communes' field pages");
    let shown = |cell: &str| -> Decimal {
        let text = &cell[cell.find('>').unwrap() + 1..];
        // Up to the next tag, if any: cells leave out their end tags.
        let text = &text[..text.find('<').unwrap_or(text.len())];
        text.replace(',', ".").parse().unwrap()
    };
    let value = |cell: &str| -> Option<String> {
        cell.strip_prefix(" data-value=\"")
            .map(|v| v[..v.find('"').unwrap()].to_string())
    };
    let (mut kept, mut left_out) = (0, 0);
    let bodies = pages.iter().map(|html| {
        let table = &html[html
            .find("<table class=\"data sortable numbers\">")
            .expect("the ranking")..];
        let head = &table[..table.find("<tbody>").unwrap()];
        let body = &table[table.find("<tbody>").unwrap()..table.find("</table>").unwrap()];
        assert!(
            !body.contains("class=num"),
            "cells aligned by the style sheet"
        );
        // A maximum the same for every unit is said once, in the heading.
        let once = head.split("(điểm tối đa ").nth(1).map(|rest| {
            let rest = &rest[..rest.find(')').unwrap()];
            Decimal::from_str_exact(&rest.replace(',', ".")).unwrap()
        });
        (once, body)
    });
    let mut said_once = 0;
    for (once, row) in
        bodies.flat_map(|(once, body)| body.split("<tr>").skip(1).map(move |r| (once, r)))
    {
        let cells: Vec<&str> = row.split("<td").skip(1).collect();
        let (rank, score) = (cells[0], cells[1]);
        let (max, percent) = match once {
            Some(max) => {
                said_once += 1;
                (max, cells[2])
            }
            None => {
                assert_eq!(value(cells[2]), None, "{row}");
                (shown(cells[2]), cells[3])
            }
        };
        assert_eq!(value(rank), None, "{row}");
        assert_eq!(
            value(score),
            None,
            "two-decimal scores sort as shown: {row}"
        );
        let exact = shown(score) / max * Decimal::from(100);
        let rounded =
            exact.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if rounded == exact {
            assert_eq!(value(percent), None, "{row}");
            left_out += 1;
        } else {
            let ten = exact
                .round_dp_with_strategy(10, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            assert_eq!(value(percent), Some(ten.to_string()), "{row}");
            assert_eq!(shown(percent), rounded, "{row}");
            kept += 1;
        }
    }
    assert!(
        kept > 0 && left_out > 0,
        "both kinds of share: {kept} kept, {left_out} left out"
    );
    assert!(said_once > 0, "some field's maximum is every unit's");
}

/// A unit page lists the documents of the years the unit was ranked, and
/// no others: a unit merged away after 2022 lists 2020 to 2022's.
#[test]
fn unit_pages_list_the_documents_of_their_years() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_site(&repo("data"), &site);
    // An edition's documents (van-ban/<year>/); a periodic report's
    // (van-ban/bao-cao/) are listed for the periods the unit reported in.
    let years_linked = |html: &str, prefix: &str| -> std::collections::BTreeSet<String> {
        html.split(prefix)
            .skip(1)
            .filter(|rest| !rest.starts_with("bao-cao/"))
            .map(|rest| rest[..4].to_string())
            .collect()
    };
    let mut partial = 0;
    for entry in std::fs::read_dir(site.join("don-vi")).unwrap() {
        let path = entry.unwrap().path();
        let html = std::fs::read_to_string(&path).unwrap();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        // The unit's own rows, which carry no unit: a merged unit's
        // history also shows its predecessors' results, each under its own
        // name.
        let ranked: std::collections::BTreeSet<String> = html
            .split("<tr ")
            .skip(1)
            .filter_map(|row| {
                let tag = &row[..row.find('>')?];
                let of = attributes(tag, "data-unit").pop();
                of.is_none_or(|of| of == id)
                    .then(|| attributes(tag, "data-year").pop())?
            })
            .collect();
        if ranked.is_empty() {
            continue;
        }
        let documents = years_linked(&html, "href=\"../van-ban/");
        assert_eq!(documents, ranked, "{}", path.display());
        partial += usize::from(ranked.len() < 5);
    }
    assert!(partial >= 4, "units ranked in some years only: {partial}");
}

/// A document is a card whose title is the link, its kind in words, what
/// identifies it beside, and the checksum folded away: nothing of it sits
/// in a seventh column off a phone's screen.
#[test]
fn each_document_is_a_card_with_its_title_as_the_link() {
    let (dir, _) = built("data");
    let pages = html_pages(&dir.path().join("public"));
    let page = &pages["van-ban.html"];
    let cards: Vec<&str> = page
        .split("<li>")
        .skip(1)
        .filter(|c| c.contains("doc-kind"))
        .collect();
    let checked = check("data");
    let documents: usize = checked
        .dataset
        .editions
        .iter()
        .map(|e| e.documents.len())
        .chain(checked.dataset.reports.iter().map(|r| r.documents.len()))
        .sum();
    assert_eq!(cards.len(), documents);
    for card in cards {
        let card = card.split("</li>").next().unwrap();
        assert!(card.contains("<h3><a href=\"van-ban/"), "{card}");
        assert!(!card.contains("<table"));
        let kind = card
            .split("doc-kind>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert!(["Quyết định", "Báo cáo"].contains(&kind), "{kind}");
        assert!(card.contains("<details class=doc-hash>"), "{card}");
    }
}

/// A unit, a group or a criterion with results in one year only has no
/// trend to draw: no one-point chart, its table shown instead; with two
/// years or more the chart is there.
#[test]
fn a_single_year_gets_no_trend_chart() {
    let (dir, _) = built("examples/ha-nam-2022");
    let out = dir.path().join("public");
    let pages = html_pages(&out);
    let unit = &pages["don-vi/ly-nhan.html"];
    assert!(!unit.contains("xu-huong.svg"), "a one-point trend");
    let trends = &pages["xu-huong.html"];
    assert!(!trends.contains("<svg"), "a one-point trend chart");
    let figure = trends
        .split("<figure class=\"chart")
        .nth(1)
        .and_then(|f| f.split("</figure>").next())
        .expect("a figure");
    assert!(figure.contains("<table"), "its table is shown");
    assert!(!figure.contains("<details"), "and not folded away");
    // The sample's units have several years: their trend is drawn.
    let (dir, _) = built("data");
    let pages = html_pages(&dir.path().join("public"));
    assert!(pages["xu-huong.html"].contains("<svg"));
    assert!(pages["don-vi/hieu.html"].contains("xu-huong.svg"));
}

/// The units-by-fields page is a table: its columns are named by a key
/// of the fields above it and each column's abbreviation, each cell shows
/// its share and is coloured by it, and every unit of the group is a row.
#[test]
fn the_fields_page_is_a_heat_table_with_its_fields_named() {
    let (dir, _) = built("examples/ha-nam-2022");
    let pages = html_pages(&dir.path().join("public"));
    let checked = check("examples/ha-nam-2022");
    let edition = &checked.dataset.editions[0];
    let (g, group) = edition
        .groups
        .iter()
        .enumerate()
        .find(|(_, g)| g.framework.is_some())
        .unwrap();
    let page = &pages[&format!("{}/{}/theo-linh-vuc.html", edition.year, group.id)];
    let table = page
        .split("<table class=\"data heat\">")
        .nth(1)
        .expect("a heat table")
        .split("</table>")
        .next()
        .unwrap();
    let framework = group.framework.as_ref().unwrap();
    for (_, field) in framework.fields() {
        let name = &field.name;
        assert!(page.contains(name.as_str()), "the key names {name}");
        assert!(
            table.contains(&format!("<abbr title=\"{name}\">")),
            "{name}"
        );
    }
    let units = checked.results.editions[0].groups[g].units.len();
    assert_eq!(
        table.matches("<tr>").count(),
        units + 1,
        "a row per unit and the head"
    );
    assert!(!page.contains("<svg"), "no drawing scaled down to a phone");
}

/// Printed, a unit's page is a report card of one or two A4 pages: its
/// print button (shown by the script), its six largest losses (ties at
/// the last place kept), the rest marked for the screen only, and where
/// the card comes from.
#[test]
fn a_unit_page_prints_as_a_report_card_of_its_largest_losses() {
    let (dir, _) = built("data");
    let pages = html_pages(&dir.path().join("public"));
    let page = &pages["don-vi/hieu.html"];
    assert!(page.contains("data-print"), "a print button");
    let latest = page
        .split("id=diem-bi-tru")
        .nth(1)
        .and_then(|s| s.split("lost-earlier").next())
        .expect("the latest lost points");
    let number = |s: &str| s.replace(',', ".").parse::<f64>().unwrap();
    let mut printed = Vec::new();
    let mut screen_only = Vec::new();
    for row in latest.split("<tr").skip(1) {
        let Some(lost) = row
            .split("<td class=num>")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        if row.starts_with(" class=\"minor\">") {
            screen_only.push(number(lost));
        } else {
            printed.push(number(lost));
        }
    }
    assert!(!printed.is_empty() && printed.len() <= 8, "{printed:?}");
    assert!(
        !screen_only.is_empty(),
        "hieu loses points on more than six criteria"
    );
    let least_printed = printed.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        screen_only.iter().all(|&l| l < least_printed),
        "the printed losses are the largest: {printed:?} against {screen_only:?}"
    );
    assert!(page.contains("print-only print-source"));
}

/// The home page shows the latest edition as a picture before its
/// numbers: its main group's map where there is one, else its first
/// group's ranking chart, leading to the ranking.
#[test]
fn home_shows_the_latest_edition_as_a_picture_first() {
    for (data, picture) in [
        ("data", "class=map"),
        ("examples/ha-nam-2022", "class=chart-svg"),
    ] {
        let (dir, _) = built(data);
        let pages = html_pages(&dir.path().join("public"));
        let home = &pages["index.html"];
        let at = |needle: &str| {
            home.find(needle)
                .unwrap_or_else(|| panic!("{data}: no {needle} on the home page"))
        };
        let numbers = home
            .find("class=cards")
            .or_else(|| home.find("<caption>"))
            .unwrap_or_else(|| panic!("{data}: no groups' numbers"));
        assert!(at(picture) < numbers, "{data}: the picture comes first");
        assert!(
            at("#xep-hang") < numbers,
            "{data}: the picture leads to the ranking"
        );
    }
}

/// On a phone the year and what a citizen looks for first fit without
/// scrolling sideways: a unit's history gives the index, rank and band
/// right after the year, the group last.
#[test]
fn a_unit_pages_history_leads_with_the_index_rank_and_band() {
    let html = std::fs::read_to_string(sample_out().join("don-vi/phuong-minh-duc.html")).unwrap();
    let table = &html[html.find("<table class=\"data history\">").unwrap()..];
    let head = &table[table.find("<thead>").unwrap()..table.find("<tbody>").unwrap()];
    let columns: Vec<String> = head
        .split("<th scope=col>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().trim().to_string())
        .collect();
    assert_eq!(
        columns[..4],
        ["Năm", "Chỉ số", "Xếp hạng", "Xếp loại"],
        "{head}"
    );
    assert_eq!(columns.last().map(String::as_str), Some("Nhóm"), "{head}");
    // Each row's cells in the same order: the index first, the group last.
    let row = &table[table.find("<tr data-year=\"2025\">").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    let cells: Vec<&str> = row.split("<td>").skip(1).collect();
    assert!(cells[0].starts_with("74,20"), "{row}");
    assert!(cells[6].contains("/phuong/index.html"), "{row}");
}
