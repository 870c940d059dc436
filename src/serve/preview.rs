//! The pages of the latest checked data, in every language the site is
//! published in, rendered when they are asked for: after an edit, the
//! browser gets the new page as soon as the data is checked, without
//! waiting for the whole site (and its downloads) to be written. A page
//! is rendered by the same code as `chiso build`, so it is the page the
//! build writes. The Data page lists the downloads, which only the build
//! makes: it, and every file that is not a page, comes from the disk.

use crate::build::{self, BuildOptions};
use crate::render::Renderer;
use crate::site::{self, PageKind, PlannedPage};
use crate::Checked;
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

type Reply = Sender<Result<Vec<u8>, String>>;
/// A page: which language's site it belongs to, and its plan.
type Page = (usize, PlannedPage);

/// A thread holding the sites of one checked dataset (one per language),
/// rendering their pages on request; it ends when the `Preview` is
/// dropped.
pub struct Preview {
    jobs: Sender<(Page, Reply)>,
    /// By path from the site's root, the language's folder included.
    pages: HashMap<String, Page>,
}

impl Preview {
    /// Reads the content pages and templates and plans the site of
    /// `checked`; an error says what could not be read.
    pub fn start(checked: Arc<Checked>, options: &BuildOptions) -> Result<Preview, String> {
        let (jobs, queue) = channel::<(Page, Reply)>();
        let (ready, planned) = channel::<Result<Vec<(String, Page)>, String>>();
        let options = options.clone();
        std::thread::Builder::new()
            .name("chiso-preview".into())
            .spawn(move || {
                let dataset = &checked.dataset;
                let english = build::english_names(dataset);
                let made = (|| -> Result<_, String> {
                    let documents = build::publish_documents(dataset).map_err(|e| e.to_string())?;
                    let content = site::read_content(&options.content)
                        .map_err(|e| format!("content: {e}"))?;
                    let sites = build::language_sites(
                        dataset,
                        english.as_ref(),
                        &checked.results,
                        &options,
                        &content,
                        &documents,
                    )
                    .map_err(|e| format!("content: {e}"))?;
                    let templates: Option<PathBuf> =
                        Some(options.templates.clone()).filter(|p| p.is_dir());
                    let mut pages = Vec::new();
                    let mut rendering = Vec::new();
                    for (at, site) in sites.into_iter().enumerate() {
                        let renderer = Renderer::new(templates.as_deref(), &build::globals(&site))
                            .map_err(|e| format!("template error: {e}"))?;
                        pages.extend(
                            site.plan()
                                .into_iter()
                                .map(|page| (format!("{}{}", site.prefix, page.path), (at, page))),
                        );
                        rendering.push((site, renderer));
                    }
                    Ok((rendering, pages))
                })();
                let rendering = match made {
                    Ok((rendering, pages)) => {
                        let _ = ready.send(Ok(pages));
                        rendering
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                let mut bytes = Vec::new();
                for ((at, page), reply) in queue {
                    let (site, renderer) = &rendering[at];
                    let rendered = site.context(&page);
                    let done = renderer
                        .render(rendered.template, &rendered.context, &mut bytes)
                        .map(|()| bytes.clone())
                        .map_err(|e| {
                            format!("{} (rendering {}): {e}", rendered.template, page.path)
                        });
                    let _ = reply.send(done);
                }
            })
            .map_err(|e| format!("starting a thread: {e}"))?;
        let pages = planned
            .recv()
            .map_err(|_| "the preview stopped".to_string())??;
        Ok(Preview {
            jobs,
            pages: pages
                .into_iter()
                // Its list of downloads is known only once they are written.
                .filter(|(_, (_, p))| !matches!(p.kind, PageKind::Data))
                .collect(),
        })
    }

    pub fn has(&self, path: &str) -> bool {
        self.pages.contains_key(path)
    }

    /// The page at `path` (relative to the site, `index.html` spelled
    /// out), or None when it is not one of the pages rendered here.
    pub fn render(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        let page = self.pages.get(path)?.clone();
        let (reply, answer) = channel();
        if self.jobs.send((page, reply)).is_err() {
            return Some(Err("the preview stopped".into()));
        }
        Some(
            answer
                .recv()
                .unwrap_or_else(|_| Err("the preview stopped".into())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An English page open in the browser is reloaded when the data is
    /// checked: it must be the new data's, not the previous build's file.
    #[test]
    fn every_language_s_pages_are_rendered_from_the_checked_data() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let data = root.join("data");
        let checked = Arc::new(crate::check(&data, Default::default()));
        assert!(!checked.has_errors());
        let options = BuildOptions {
            content: build::content_beside(&data),
            data,
            out: std::env::temp_dir().join("chiso-preview-unused"),
            templates: root.join("templates"),
            base_url: None,
            allow_draft: false,
        };
        let preview = Preview::start(checked, &options).unwrap();
        for (path, lang) in [("index.html", "vi"), ("en/index.html", "en")] {
            assert!(preview.has(path), "{path}");
            let html = String::from_utf8(preview.render(path).unwrap().unwrap()).unwrap();
            assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{path}");
        }
        // The Data page lists the downloads: only the build writes it.
        assert!(!preview.has("en/du-lieu.html"));
        assert!(!preview.has("du-lieu.html"));
    }
}
