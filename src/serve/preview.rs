//! The pages of the latest checked data, rendered when they are asked
//! for: after an edit, the browser gets the new page as soon as the data
//! is checked, without waiting for the whole site (and its downloads) to
//! be written. A page is rendered by the same code as `chiso build`, so it
//! is the page the build writes. The Data page lists the downloads, which
//! only the build makes: it, and every file that is not a page, comes from
//! the disk.

use crate::build::{self, BuildOptions};
use crate::render::Renderer;
use crate::site::{self, PageKind, PlannedPage, Site};
use crate::Checked;
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

type Reply = Sender<Result<Vec<u8>, String>>;

/// A thread holding the site of one checked dataset, rendering its pages
/// on request; it ends when the `Preview` is dropped.
pub struct Preview {
    jobs: Sender<(PlannedPage, Reply)>,
    pages: HashMap<String, PlannedPage>,
}

impl Preview {
    /// Reads the content pages and templates and plans the site of
    /// `checked`; an error says what could not be read.
    pub fn start(checked: Arc<Checked>, options: &BuildOptions) -> Result<Preview, String> {
        let (jobs, queue) = channel::<(PlannedPage, Reply)>();
        let (ready, planned) = channel::<Result<Vec<PlannedPage>, String>>();
        let options = options.clone();
        std::thread::Builder::new()
            .name("chiso-preview".into())
            .spawn(move || {
                let made = (|| -> Result<_, String> {
                    let dataset = &checked.dataset;
                    let documents = build::publish_documents(dataset).map_err(|e| e.to_string())?;
                    let content = site::read_content(&options.content)
                        .map_err(|e| format!("content: {e}"))?;
                    let site = Site::new(
                        dataset,
                        &checked.results,
                        options.base_url.clone(),
                        content,
                        documents,
                    );
                    let templates: Option<PathBuf> =
                        Some(options.templates.clone()).filter(|p| p.is_dir());
                    let renderer = Renderer::new(templates.as_deref(), &build::globals(&site))
                        .map_err(|e| format!("template error: {e}"))?;
                    let pages = site.plan();
                    Ok((site, renderer, pages))
                })();
                let (site, renderer) = match made {
                    Ok((site, renderer, pages)) => {
                        let _ = ready.send(Ok(pages));
                        (site, renderer)
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                let mut bytes = Vec::new();
                for (page, reply) in queue {
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
                .filter(|p| !matches!(p.kind, PageKind::Data))
                .map(|p| (p.path.clone(), p))
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
