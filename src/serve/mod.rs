//! `chiso serve`: the publishing official's preview. Builds the site,
//! serves it on this machine, watches the inputs and, on a change, checks
//! the data again and reloads the open pages.
//!
//! A change is shown in two steps. First the data is checked and the
//! pages of the new data are rendered in memory when asked for
//! (`preview.rs`): the browser reloads as soon as the check is done, which
//! for the province sample is a few tens of milliseconds. Then the whole
//! site is written to the output folder by `chiso build`'s own code
//! (`build::build_checked`), with its downloads, exactly as `chiso build`
//! writes it (the reload script is added to pages as they are served, never
//! to the files). When the data has errors, every page is replaced by the
//! error page (`error_page.rs`) and the output keeps the last good site,
//! browsable under `__chiso/last-good/`. `http.rs` answers requests,
//! `watch.rs` watches the folders, `reload.rs` tells pages to reload.

mod error_page;
mod http;
mod preview;
mod reload;
mod watch;

pub use error_page::Problem;

use crate::build::{BuildError, BuildOptions};
use crate::Checked;
use preview::Preview;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// Where the site is served: `/`, or a sub-path such as `/cchc/`.
    pub base_path: String,
    /// Quiet time after a change before rebuilding.
    pub debounce: Duration,
}

/// `/x`, `x/`, `/x/` all give `/x/`; empty gives `/`.
pub fn normalise_base_path(path: &str) -> String {
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

/// What the server knows of the site, shared by the request threads and
/// the rebuilds.
pub struct Shared {
    out: PathBuf,
    base: String,
    generation: reload::Generation,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The pages of the latest data that passed its check.
    preview: Option<Arc<Preview>>,
    /// Why the latest data could not be shown, if it could not.
    problem: Option<Problem>,
    /// Why the latest site could not be written, if it could not.
    write_error: Option<String>,
}

impl Shared {
    fn snapshot(&self) -> (Option<Arc<Preview>>, Option<Problem>) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let problem = state
            .problem
            .clone()
            .or_else(|| state.write_error.clone().map(Problem::Other));
        (state.preview.clone(), problem)
    }

    /// Changes the state and tells every open page.
    fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap_or_else(|e| e.into_inner()));
        self.generation.bump();
    }
}

/// A server listening, before it serves.
pub struct Server {
    http: tiny_http::Server,
    address: SocketAddr,
    options: ServeOptions,
}

impl Server {
    /// Binds the address (port 0: any free one).
    pub fn bind(options: ServeOptions) -> Result<Server, String> {
        let wanted = SocketAddr::new(options.bind, options.port);
        let http = tiny_http::Server::http(wanted).map_err(|e| format!("{wanted}: {e}"))?;
        let address = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| format!("{wanted}: not an IP address"))?;
        Ok(Server {
            http,
            address,
            options,
        })
    }

    /// The address pages are served at, base path included.
    pub fn url(&self) -> String {
        let host = match self.address {
            SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
            SocketAddr::V4(a) => a.to_string(),
        };
        format!(
            "http://{host}{}",
            normalise_base_path(&self.options.base_path)
        )
    }

    /// Builds the site, then serves it and rebuilds on every change until
    /// the process ends. `ready` is called once the first check is done and
    /// pages can be asked for. Returns only when the watch cannot start.
    pub fn run(self, ready: impl FnOnce(Option<&Problem>)) -> Result<(), String> {
        let options = self.options;
        let shared = Arc::new(Shared {
            out: options.build.out.clone(),
            base: normalise_base_path(&options.base_path),
            generation: reload::Generation::new(),
            state: Mutex::new(State::default()),
        });
        let writer = Arc::new(Writer::start(options.build.clone(), shared.clone()));
        let (changes, changed) = mpsc::channel();
        // Kept alive for as long as the server runs.
        let _watcher = watch::watch(
            &[
                options.build.data.as_path(),
                options.build.content.as_path(),
                options.build.templates.as_path(),
            ],
            options.debounce,
            changes,
        )
        .map_err(|e| format!("watching {}: {e}", options.build.data.display()))?;
        update(&options.build, &shared, &writer);
        ready(shared.snapshot().1.as_ref());
        let http = self.http;
        let server_shared = shared.clone();
        std::thread::Builder::new()
            .name("chiso-http".into())
            .spawn(move || http::serve(http, server_shared))
            .map_err(|e| format!("starting the server: {e}"))?;
        for batch in &changed {
            // Whatever else arrived meanwhile is part of the same rebuild.
            let mut paths = batch.len();
            while let Ok(more) = changed.try_recv() {
                paths += more.len();
            }
            eprintln!("chiso: {paths} change(s) seen; checking the data");
            update(&options.build, &shared, &writer);
        }
        Ok(())
    }
}

/// Checks the data, shows the new pages (or the errors) and hands the
/// checked data to the writer.
fn update(options: &BuildOptions, shared: &Shared, writer: &Writer) {
    let start = Instant::now();
    let checked = Arc::new(crate::check(
        &options.data,
        crate::validate::Options {
            allow_draft: options.allow_draft,
        },
    ));
    if checked.has_errors() {
        let errors = checked.errors().count();
        shared.set(|s| s.problem = Some(Problem::Data(checked.diagnostics.clone())));
        eprintln!(
            "chiso: {}: {errors} error(s); shown in the browser, {} keeps the last good site",
            options.data.display(),
            options.out.display()
        );
        return;
    }
    match Preview::start(checked.clone(), options) {
        Ok(preview) => {
            shared.set(|s| {
                s.preview = Some(Arc::new(preview));
                s.problem = None;
            });
            eprintln!(
                "chiso: checked in {} ms; pages reloaded, writing {}",
                start.elapsed().as_millis(),
                options.out.display()
            );
            writer.submit(checked);
        }
        Err(e) => {
            eprintln!("chiso: {e}");
            shared.set(|s| s.problem = Some(Problem::Other(e)));
        }
    }
}

/// Writes the site of the latest checked data to the output, one build
/// at a time; data checked while a build runs waits, and only the newest
/// is written.
struct Writer {
    next: Arc<(Mutex<Option<Arc<Checked>>>, Condvar)>,
}

impl Writer {
    fn start(options: BuildOptions, shared: Arc<Shared>) -> Writer {
        let next: Arc<(Mutex<Option<Arc<Checked>>>, Condvar)> = Arc::default();
        let queue = next.clone();
        let _ = std::thread::Builder::new()
            .name("chiso-writer".into())
            .spawn(move || loop {
                let checked = {
                    let (slot, ready) = &*queue;
                    let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if let Some(c) = slot.take() {
                            break c;
                        }
                        slot = ready.wait(slot).unwrap_or_else(|e| e.into_inner());
                    }
                };
                write_site(&options, &checked, &shared);
            });
        Writer { next }
    }

    fn submit(&self, checked: Arc<Checked>) {
        let (slot, ready) = &*self.next;
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(checked);
        ready.notify_one();
    }
}

fn write_site(options: &BuildOptions, checked: &Checked, shared: &Shared) {
    let start = Instant::now();
    let built = crate::build::build_checked(options, checked, &crate::build::Quiet);
    // The replaced site is deleted here, as `chiso build` does in the
    // background; a refused output has none.
    if !matches!(
        built,
        Err(BuildError::Output(crate::output::OutputError::Refused(_)))
    ) {
        let _ = crate::output::reclaim_stale(&options.out);
    }
    match built {
        Ok(summary) => {
            eprintln!(
                "chiso: wrote {}: {} pages, {} files ({} unchanged) in {} ms",
                options.out.display(),
                summary.pages,
                summary.files,
                summary.reused,
                start.elapsed().as_millis()
            );
            let failed_before = shared
                .state
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .write_error
                .is_some();
            if failed_before {
                shared.set(|s| s.write_error = None);
            }
        }
        Err(e) => {
            eprintln!("chiso: writing {}: {e}", options.out.display());
            shared.set(|s| s.write_error = Some(e.to_string()));
        }
    }
}
