//! `chiso build`: check, compute, plan, render and write the site, with
//! each phase timed.

use crate::diag::Diagnostic;
use crate::i18n;
use crate::model::Language;
use crate::output::{OutputError, Staging};
use crate::render::{Renderer, TemplateError};
use crate::site::{self, DocumentOf, PlannedPage, PublishedDocument, Site};
use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

pub const SITE_CSS: &str = include_str!("../assets/site.css");

/// The style sheet as the site carries it: minified by lightningcss (its
/// comments, which say why, cost a phone a fifth of its bytes), or as
/// written should it ever fail to parse (a test sees that it does not).
pub fn site_css() -> &'static str {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(|| minify_css(SITE_CSS).unwrap_or_else(|| SITE_CSS.to_string()))
}

pub fn minify_css(css: &str) -> Option<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    use lightningcss::targets::{Browsers, Targets};
    // Old phones' browsers too: without targets the minifier writes
    // newer syntax (`(width<=40rem)`), which Chrome before 104 ignores.
    let version = |major: u32| Some(major << 16);
    let targets = Targets::from(Browsers {
        android: version(67),
        chrome: version(67),
        edge: version(79),
        firefox: version(68),
        ios_saf: version(12),
        safari: version(12),
        samsung: version(9),
        ..Browsers::default()
    });
    let mut sheet = StyleSheet::parse(css, ParserOptions::default()).ok()?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .ok()?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .ok()?;
    Some(printed.code)
}
pub const SITE_JS: &str = include_str!("../assets/site.js");
/// Named by every page, so browsers do not ask the host for /favicon.ico
/// (a 404 outside the site when it lives under a sub-path).
pub const FAVICON: &str = include_str!("../assets/favicon.svg");

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub data: PathBuf,
    pub out: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub base_url: Option<String>,
    pub allow_draft: bool,
}

/// The Markdown pages of a data folder when none is named: `content/`
/// beside it (`/srv/chiso/content` for `/srv/chiso/data`), so that a build
/// run from anywhere publishes the same site.
pub fn content_beside(data: &Path) -> PathBuf {
    // A relative `data` names no parent of its own: `.` has none, `data`
    // has "" (the folder the command runs in).
    match data.parent() {
        Some(parent) if !matches!(data.to_str(), Some("." | "./" | "")) => parent.join("content"),
        _ => data
            .canonicalize()
            .ok()
            .and_then(|d| d.parent().map(|p| p.join("content")))
            .unwrap_or_else(|| PathBuf::from("content")),
    }
}

#[derive(Debug)]
pub enum BuildError {
    /// The data has errors: every diagnostic, warnings included.
    Data(Vec<Diagnostic>),
    Template(TemplateError),
    Output(OutputError),
    Content(std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Data(d) => write!(
                f,
                "the data has {} error(s); nothing was written",
                d.iter().filter(|d| d.is_error()).count()
            ),
            BuildError::Template(e) => write!(f, "template error: {e}"),
            BuildError::Output(e) => write!(f, "{e}"),
            BuildError::Content(e) => write!(f, "content: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> Self {
        BuildError::Output(e)
    }
}

impl From<TemplateError> for BuildError {
    fn from(e: TemplateError) -> Self {
        BuildError::Template(e)
    }
}

#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    /// Pages made from the same inputs as the previous build's, taken
    /// over without being built.
    pub pages_kept: usize,
    pub files: usize,
    /// Files identical to the previous build's, linked instead of written.
    pub reused: usize,
    pub bytes: u64,
    /// The largest HTML page: path and bytes.
    pub largest: (String, usize),
    /// Wall time of each phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Wall time of making the downloads, which runs alongside render.
    pub downloads: Duration,
    /// Per download format: its name, the time spent making it (summed
    /// over the threads), its files and their bytes.
    pub by_format: Vec<FormatTimes>,
    /// Time inside the render phase, summed over its threads: drawing
    /// charts and writing files.
    pub charts_cpu: Duration,
    pub write_cpu: Duration,
    /// Building page contexts (charts excluded) and running templates,
    /// summed over threads.
    pub context_cpu: Duration,
    pub template_cpu: Duration,
    /// Per template, in the order of [`crate::render::TEMPLATES`]: pages,
    /// context and template time summed over threads, bytes written.
    pub by_template: Vec<TemplateTimes>,
    /// Warnings from the data check.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Default, Clone)]
pub struct TemplateTimes {
    pub template: &'static str,
    pub pages: u64,
    pub context: Duration,
    pub render: Duration,
    pub bytes: u64,
}

struct Timer {
    start: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.start));
        self.start = now;
    }
}

/// What a build tells whoever waits for it: each phase as it begins, and
/// while the pages render, each page done. Pages are reported from the
/// rendering threads, so `page_done` must be cheap and take no lock.
pub trait Progress: Sync {
    /// `pages`: how many pages the phase renders, when it renders pages.
    fn phase(&self, _name: &'static str, _pages: Option<usize>) {}
    fn page_done(&self) {}
}

/// Tells nothing.
pub struct Quiet;

impl Progress for Quiet {}

pub fn build(options: &BuildOptions) -> Result<Summary, BuildError> {
    build_with(options, &Quiet)
}

/// [`build`], telling `progress` how far it is.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> Result<Summary, BuildError> {
    progress.phase("checking the data", None);
    let checked = crate::check(
        &options.data,
        crate::validate::Options {
            allow_draft: options.allow_draft,
        },
    );
    build_checked(options, &checked, progress)
}

/// [`build_with`] of data already checked (`chiso serve` checks once and
/// shows the pages while this writes them).
pub fn build_checked(
    options: &BuildOptions,
    checked: &crate::Checked,
    progress: &dyn Progress,
) -> Result<Summary, BuildError> {
    let mut timer = Timer {
        start: Instant::now(),
        phases: checked.timings.clone(),
    };
    if checked.has_errors() {
        return Err(BuildError::Data(checked.diagnostics.clone()));
    }
    let warnings = checked.diagnostics.clone();
    let dataset = &checked.dataset;

    let documents = publish_documents(dataset)?;
    let content = site::read_content(&options.content).map_err(BuildError::Content)?;
    let staging = Staging::begin(&options.out, &options.data)?;
    crate::output::check_inputs(
        &options.out,
        &[
            ("content", &options.content),
            ("templates", &options.templates),
        ],
    )?;
    // The root's language first: its pages render while the downloads are
    // made, each other language's after.
    let english = english_names(dataset);
    let sites: Vec<(Site, Vec<PlannedPage>)> = language_sites(
        dataset,
        english.as_ref(),
        &checked.results,
        options,
        &content,
        &documents,
    )
    .map_err(BuildError::Content)?
    .into_iter()
    .map(|site| {
        let pages = site.plan();
        (site, pages)
    })
    .collect();
    let page_count: usize = sites.iter().map(|(_, pages)| pages.len()).sum();
    timer.lap("plan");
    // What the previous site's pages were made from: those made from the
    // same inputs are taken over instead of built again.
    let groups = crate::rebuild::Groups::of(&checked.results);
    let mut previous = crate::rebuild::Previous::parse(&staging.take_previous_marker());
    let previous_downloads = std::mem::take(&mut previous.downloads);
    let data_key = crate::rebuild::data_key(dataset, &checked.results, options.allow_draft);
    let reuses: Vec<Option<Reuse>> = sites
        .iter()
        .map(|(site, _)| {
            let key = crate::rebuild::site_key(
                data_key?,
                site.lang.code(),
                &site.prefix,
                site.base_url.as_deref(),
                &site.content,
                &options.templates,
            )?;
            Some(Reuse {
                site: key,
                groups: &groups,
                previous: &previous,
            })
        })
        .collect();
    let download_reuse = crate::rebuild::DownloadReuse {
        keys: data_key
            .map(|data| {
                dataset
                    .editions
                    .iter()
                    .map(|e| (e.year, groups.edition_key(data, e.year)))
                    .collect()
            })
            .unwrap_or_default(),
        all: data_key.map(|data| groups.all_key(data)),
        previous: previous_downloads,
    };
    timer.lap("keys");
    progress.phase("rendering", Some(page_count));

    let renderers = sites
        .iter()
        .map(|(site, _)| {
            Renderer::new(
                Some(&options.templates)
                    .filter(|p| p.is_dir())
                    .map(PathBuf::as_path),
                &globals(site),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let charts_before = crate::site::CHART_NANOS.load(Relaxed);
    let formats_before: Vec<u64> = crate::export::FORMAT_NANOS
        .iter()
        .map(|n| n.load(Relaxed))
        .collect();
    // Downloads stream into the staging directory while the pages render:
    // each alone leaves a core idle at times. Only the Data page lists the
    // downloads, so it renders once they are made.
    let is_data = |p: &PlannedPage| matches!(p.kind, site::PageKind::Data);
    let (downloads, rendered) = rayon::join(
        || {
            let start = Instant::now();
            let made = crate::export::downloads_reusing(
                dataset,
                &checked.results,
                &staging,
                &crate::export::Limits::default(),
                &download_reuse,
            );
            (made, start.elapsed())
        },
        || -> Result<Vec<PageOutput>, BuildError> {
            let mut rendered = Vec::new();
            for (((site, pages), renderer), reuse) in sites.iter().zip(&renderers).zip(&reuses) {
                let first: Vec<PlannedPage> =
                    pages.iter().filter(|p| !is_data(p)).cloned().collect();
                rendered.extend(render_pages(
                    site,
                    renderer,
                    &first,
                    &staging,
                    progress,
                    reuse.as_ref(),
                )?);
            }
            Ok(rendered)
        },
    );
    let (downloads, downloads_time) = downloads;
    let mut downloads = downloads?;
    let main = &sites[0].0;
    // The boundaries as simplified for the maps the pages drew.
    downloads.extend(crate::export::write_maps(
        dataset,
        |m| main.topology(m),
        &staging,
    )?);
    let mut rendered = rendered?;
    let by_format: Vec<FormatTimes> = crate::export::FORMATS
        .iter()
        .zip(&crate::export::FORMAT_NANOS)
        .zip(&formats_before)
        .map(|((&format, nanos), before)| {
            let files = downloads.iter().filter(|d| d.format == format);
            FormatTimes {
                format,
                time: Duration::from_nanos(nanos.load(Relaxed) - before),
                files: files.clone().count(),
                bytes: files.map(|d| d.size).sum(),
            }
        })
        .filter(|f| f.files > 0)
        .collect();
    let data_files: Vec<site::DataFile> = downloads
        .iter()
        .map(|d| site::DataFile {
            path: d.path.clone(),
            format: d.format,
            size: d.size,
            rows: d.rows,
            year: d.year,
            table: d.table,
            title_vi: d.title_vi.clone(),
            title_en: d.title_en.clone(),
        })
        .collect();
    for ((site, pages), renderer) in sites.iter().zip(&renderers) {
        let _ = site.data_files.set(data_files.clone());
        // Made from every download, which no record lists: always built.
        let last: Vec<PlannedPage> = pages.iter().filter(|p| is_data(p)).cloned().collect();
        rendered.extend(render_pages(
            site, renderer, &last, &staging, progress, None,
        )?);
    }
    let mut made: Vec<(String, crate::rebuild::PageRecord)> = rendered
        .iter_mut()
        .filter_map(|p| Some((p.path.clone(), p.made.take()?)))
        .collect();
    let pages_kept = rendered.iter().filter(|p| p.kept).count();
    let mut made_downloads: Vec<(String, crate::rebuild::DownloadRecord)> = downloads
        .iter()
        .filter_map(|d| {
            let key = download_reuse.key(d.year)?;
            Some((
                d.path.clone(),
                crate::rebuild::DownloadRecord {
                    key,
                    rows: d.rows,
                    size: d.size,
                    sha256: d.sha256.clone(),
                },
            ))
        })
        .collect();
    staging.set_made_from(crate::rebuild::text(
        &groups,
        &mut made,
        &mut made_downloads,
    ));
    let charts_cpu = Duration::from_nanos(crate::site::CHART_NANOS.load(Relaxed) - charts_before);
    let render_write = staging.write_time();
    timer.lap("render");

    progress.phase("writing", None);
    // Every download, with its checksum for SHA256SUMS.
    let mut sums: Vec<(String, String)> = rendered
        .iter()
        .flat_map(|p| p.downloads.iter().cloned())
        .collect();
    sums.extend(downloads.iter().map(|d| (d.path.clone(), d.sha256.clone())));
    staging.write("assets/site.css", site_css().as_bytes())?;
    staging.write("assets/site.js", SITE_JS.as_bytes())?;
    staging.write("assets/favicon.svg", FAVICON.as_bytes())?;
    for (site, _) in &sites {
        let path = format!("{}assets/search-index.js", site.prefix);
        staging.write(&path, site.search_index().as_bytes())?;
    }
    staging.write("robots.txt", main.robots().as_bytes())?;
    if let [(site, pages)] = &sites[..] {
        if let Some(xml) = site.sitemap(pages) {
            staging.write("sitemap.xml", xml.as_bytes())?;
        }
    } else {
        let mut files = Vec::new();
        for (site, pages) in &sites {
            if let Some(xml) = site.sitemap(pages) {
                let file = format!("sitemap-{}.xml", site.lang.code());
                staging.write(&file, xml.as_bytes())?;
                files.push(file);
            }
        }
        if let Some(xml) = main.sitemap_index(&files) {
            staging.write("sitemap.xml", xml.as_bytes())?;
        }
    }
    if let Some(xml) = main.feed() {
        staging.write("feed.xml", xml.as_bytes())?;
    }
    for doc in &main.documents {
        staging.copy(&doc.path, &doc.document.path)?;
        sums.push((doc.path.clone(), doc.sha256.clone()));
    }
    sums.sort();
    let listing: String = sums
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect();
    staging.write("SHA256SUMS", listing.as_bytes())?;
    timer.lap("write");
    let summary_files = staging.files();
    let reused = staging.reused();
    let bytes = staging.bytes();
    staging.commit()?;
    timer.lap("swap");

    let largest = rendered
        .iter()
        .max_by_key(|p| p.size)
        .map(|p| (p.path.clone(), p.size))
        .unwrap_or_default();
    Ok(Summary {
        pages: page_count,
        pages_kept,
        files: summary_files,
        reused,
        bytes,
        largest,
        timings: timer.phases,
        downloads: downloads_time,
        by_format,
        charts_cpu,
        write_cpu: render_write,
        context_cpu: Duration::from_nanos(STEP_NANOS[0].load(Relaxed)).saturating_sub(charts_cpu),
        template_cpu: Duration::from_nanos(STEP_NANOS[1].load(Relaxed)),
        by_template: crate::render::TEMPLATES
            .iter()
            .zip(&BY_TEMPLATE)
            .map(
                |((name, _), [pages, context, render, bytes])| TemplateTimes {
                    template: name,
                    pages: pages.load(Relaxed),
                    context: Duration::from_nanos(context.load(Relaxed)),
                    render: Duration::from_nanos(render.load(Relaxed)),
                    bytes: bytes.load(Relaxed),
                },
            )
            .filter(|t| t.pages > 0)
            .collect(),
        warnings,
    })
}

/// What one download format cost a build.
#[derive(Debug, Clone)]
pub struct FormatTimes {
    pub format: &'static str,
    pub time: Duration,
    pub files: usize,
    pub bytes: u64,
}

/// Words, site facts and the navigation, shared by every page.
pub fn globals(site: &Site) -> tera::Context {
    let mut g = tera::Context::new();
    let lang = site.lang;
    g.insert("t", &i18n::strings(lang));
    g.insert("lang", lang.code());
    let s = &site.dataset.site;
    g.insert(
        "site",
        &json!({
            "title": if lang == crate::model::Language::En { s.title_en.clone().unwrap_or_else(|| s.title.clone()) } else { s.title.clone() },
            "publisher": s.publisher,
            "licence": s.licence,
            "contact": s.contact,
            "sample": s.sample,
        }),
    );
    let nav = vec![
        json!({ "url": "index.html", "label": i18n::word(lang, "home"), "section": "home" }),
        json!({ "url": site::urls::unit_list(), "label": i18n::word(lang, "units"), "section": "units" }),
        json!({ "url": site::urls::trends(), "label": i18n::word(lang, "trends"), "section": "trends" }),
        json!({ "url": site::urls::documents(), "label": i18n::word(lang, "documents"), "section": "documents" }),
        json!({ "url": site::urls::data(), "label": i18n::word(lang, "data"), "section": "data" }),
    ];
    let mut nav = nav;
    if !site.dataset.reports.is_empty() {
        nav.insert(
            2,
            json!({ "url": site::urls::reports(), "label": i18n::word(lang, "reports"), "section": "reports" }),
        );
    }
    g.insert("nav", &nav);
    // Content pages have long titles: listed in the footer, not the header.
    let pages: Vec<_> = site
        .content
        .iter()
        .map(|page| json!({ "url": format!("{}.html", page.slug), "label": page.title, "section": page.slug }))
        .collect();
    g.insert("content_nav", &pages);
    g.insert("feed", &site.base_url.is_some());
    g.insert("search", &false);
    g
}

/// What rendering a page wrote: its size, and the downloads it offers
/// (chart SVG and CSV) with their SHA-256.
struct PageOutput {
    path: String,
    size: usize,
    downloads: Vec<(String, String)>,
    /// What it was made from, for the next build.
    made: Option<crate::rebuild::PageRecord>,
    /// Taken over from the previous build.
    kept: bool,
}

/// How a language's pages are matched with the previous site's.
struct Reuse<'r> {
    /// The key of what its pages share (see `crate::rebuild`).
    site: u128,
    groups: &'r crate::rebuild::Groups,
    previous: &'r crate::rebuild::Previous,
}

impl Reuse<'_> {
    /// What `page` of `site` is keyed on besides the groups it reads: the
    /// site's key, and a content page's text.
    fn base(&self, site: &Site, page: &PlannedPage) -> u128 {
        match page.kind {
            site::PageKind::Content(i) => crate::rebuild::content_key(self.site, &site.content[i]),
            _ => self.site,
        }
    }

    /// Takes `path` and its chart files over from the previous site when
    /// they were made from the same inputs as now.
    fn keep(&self, base: u128, path: &str, staging: &Staging) -> Option<PageOutput> {
        let record = self.previous.page(path, self.groups)?;
        if self.groups.key(base, &record.reads) != record.key {
            return None;
        }
        let mut files = vec![(path, record.html)];
        files.extend(record.files.iter().map(|(f, hash, _)| (f.as_str(), *hash)));
        let sizes = staging.keep(&files)?;
        Some(PageOutput {
            path: path.to_string(),
            size: sizes[0] as usize,
            downloads: record
                .files
                .iter()
                .map(|(f, _, sha)| (f.clone(), sha.clone()))
                .collect(),
            made: Some(record),
            kept: true,
        })
    }
}

/// Time of each step of a page (context, template), summed over the
/// threads: printed by `--timings`.
static STEP_NANOS: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];

/// The same, per template: pages, context and template nanoseconds, bytes.
static BY_TEMPLATE: [[AtomicU64; 4]; crate::render::TEMPLATES.len()] =
    [const { [const { AtomicU64::new(0) }; 4] }; crate::render::TEMPLATES.len()];

fn step<T>(which: usize, work: impl FnOnce() -> T) -> (T, u64) {
    let start = Instant::now();
    let out = work();
    let nanos = start.elapsed().as_nanos() as u64;
    STEP_NANOS[which].fetch_add(nanos, Relaxed);
    (out, nanos)
}

fn count_page(template: &str, context: u64, render: u64, bytes: usize) {
    if let Some(i) = crate::render::TEMPLATES
        .iter()
        .position(|(name, _)| *name == template)
    {
        let [pages, c, r, b] = &BY_TEMPLATE[i];
        pages.fetch_add(1, Relaxed);
        c.fetch_add(context, Relaxed);
        r.fetch_add(render, Relaxed);
        b.fetch_add(bytes as u64, Relaxed);
    }
}

/// Renders and writes every page in parallel.
fn render_pages(
    site: &Site,
    renderer: &Renderer,
    pages: &[PlannedPage],
    staging: &Staging,
    progress: &dyn Progress,
    reuse: Option<&Reuse>,
) -> Result<Vec<PageOutput>, BuildError> {
    pages
        .par_iter()
        .map(|page| {
            thread_local! {
                static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
            }
            let path = format!("{}{}", site.prefix, page.path);
            if let Some(kept) = reuse.and_then(|r| r.keep(r.base(site, page), &path, staging)) {
                progress.page_done();
                return Ok(kept);
            }
            let ((rendered, reads), context_nanos) =
                step(0, || site::capture(|| site.context(page)));
            let (size, html) = PAGE.with_borrow_mut(|bytes| -> Result<(usize, u128), BuildError> {
                let (done, render_nanos) =
                    step(1, || renderer.render(rendered.template, &rendered.context, bytes));
                done.map_err(|e| {
                    TemplateError(format!(
                        "{} (rendering {}): {e}",
                        rendered.template, page.path
                    ))
                })?;
                count_page(rendered.template, context_nanos, render_nanos, bytes.len());
                let html = staging.write(&path, bytes)?;
                Ok((bytes.len(), html))
            })?;
            let mut downloads = Vec::with_capacity(rendered.files.len());
            let mut files = Vec::with_capacity(rendered.files.len());
            for (file_path, file) in &rendered.files {
                let file_path = format!("{}{file_path}", site.prefix);
                let hash = staging.write(&file_path, file)?;
                let sha = sha256(file);
                downloads.push((file_path.clone(), sha.clone()));
                files.push((file_path, hash, sha));
            }
            progress.page_done();
            let made = reuse.map(|r| crate::rebuild::PageRecord {
                key: r.groups.key(r.base(site, page), &reads),
                html,
                reads,
                files,
            });
            Ok(PageOutput {
                path,
                size,
                downloads,
                made,
                kept: false,
            })
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The site of each language the data is published in, the root's
/// language first. `english` is [`english_names`] of `dataset`.
pub fn language_sites<'a>(
    dataset: &'a crate::model::Dataset,
    english: Option<&'a crate::model::Dataset>,
    results: &'a crate::compute::Results,
    options: &BuildOptions,
    content: &[site::ContentPage],
    documents: &[PublishedDocument],
) -> std::io::Result<Vec<Site<'a>>> {
    dataset
        .site
        .all_languages()
        .into_iter()
        .map(|lang| {
            let named = match (english, lang) {
                (Some(english), Language::En) => english,
                _ => dataset,
            };
            let content = site::content_in(content, &options.content, &dataset.site, lang)?;
            Ok(Site::new(
                named,
                results,
                options.base_url.clone(),
                content,
                documents.to_vec(),
            )
            .in_language(lang))
        })
        .collect()
}

/// The data with its English names ([`crate::model::Dataset::in_english`])
/// when English is one of the site's languages: the English pages' sites
/// borrow it.
pub fn english_names(dataset: &crate::model::Dataset) -> Option<crate::model::Dataset> {
    dataset
        .site
        .all_languages()
        .contains(&Language::En)
        .then(|| dataset.in_english())
}

/// Hashes and sizes every document, of the editions and of the periodic
/// reports, and gives it its place on the site.
pub fn publish_documents(
    dataset: &crate::model::Dataset,
) -> Result<Vec<PublishedDocument>, BuildError> {
    let mut out = Vec::new();
    for (e, edition) in dataset.editions.iter().enumerate() {
        for doc in &edition.documents {
            let bytes = std::fs::read(&doc.path)
                .map_err(|err| BuildError::Output(OutputError::Io(doc.path.clone(), err)))?;
            out.push(PublishedDocument {
                of: DocumentOf::Edition(e),
                document: doc.clone(),
                path: site::urls::document(edition.year, &doc.file),
                size: bytes.len() as u64,
                sha256: sha256(&bytes),
            });
        }
    }
    for (r, report) in dataset.reports.iter().enumerate() {
        for doc in &report.documents {
            let bytes = std::fs::read(&doc.path)
                .map_err(|err| BuildError::Output(OutputError::Io(doc.path.clone(), err)))?;
            out.push(PublishedDocument {
                of: DocumentOf::Report(r),
                document: doc.clone(),
                path: site::urls::report_document(&report.period, &doc.file),
                size: bytes.len() as u64,
                sha256: sha256(&bytes),
            });
        }
    }
    Ok(out)
}

/// Where `path` would go relative to `out`, for messages.
pub fn display_path(out: &Path, path: &str) -> String {
    out.join(path).display().to_string()
}

#[cfg(test)]
mod css_tests {
    /// The sheet parses, so the site never falls back to the long one, and
    /// its print and phone rules survive minifying.
    #[test]
    fn the_style_sheet_minifies_and_keeps_its_media_rules() {
        let css = super::minify_css(super::SITE_CSS).expect("site.css parses");
        assert!(css.len() * 10 < super::SITE_CSS.len() * 8, "{}", css.len());
        for rule in ["@media print", "@page", "max-width:40rem", ".q5"] {
            assert!(css.contains(rule), "{rule}");
        }
    }
}
