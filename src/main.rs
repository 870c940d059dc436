//! The `chiso` command: parse arguments, call the library, print, exit.
//! Exit codes: 0 clean, 1 problems in the data, 2 usage or I/O errors.

mod cli;
mod cli_text;

// Building a site allocates many small strings; mimalloc is markedly faster
// than the system allocator at that, on every platform.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chiso::diag::{Diagnostic, Language};
use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command, Format};
use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

/// `eprintln!` that does not panic when standard error cannot be written:
/// there is then nowhere left to tell.
macro_rules! tell {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    // Picked before parsing: clap prints --help and usage errors itself.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli_text::pick_language(&args);
    let parsed = cli_text::localize(Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            data,
            out,
            content,
            templates,
            base_url,
            allow_draft,
            timings,
        } => build(
            chiso::build::BuildOptions {
                content: match resolve_content(content, &data, lang) {
                    Some(content) => content,
                    None => return ExitCode::from(2),
                },
                data,
                out,
                templates,
                base_url,
                allow_draft,
            },
            timings,
            lang,
        ),
        Command::Check {
            data,
            format,
            allow_draft,
        } => check(&data, format, allow_draft, lang),
        Command::Serve {
            data,
            out,
            content,
            templates,
            base_url,
            allow_draft,
            port,
            bind,
            base_path,
            open,
        } => serve(
            chiso::serve::ServeOptions {
                build: chiso::build::BuildOptions {
                    content: match resolve_content(content, &data, lang) {
                        Some(content) => content,
                        None => return ExitCode::from(2),
                    },
                    data,
                    out,
                    templates,
                    base_url,
                    allow_draft,
                },
                bind,
                port,
                base_path,
                debounce: std::time::Duration::from_millis(50),
            },
            open,
            lang,
        ),
        Command::Sample { preset, seed, out } => sample(preset, seed, &out, lang),
        Command::New { dir, year } => new(&dir, year, lang),
        Command::Reclaim { out } => match chiso::output::reclaim_stale(&out) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                tell!("{}", cli_text::reclaim_failed(lang, &out, &e));
                ExitCode::from(2)
            }
        },
    }
}

/// The Markdown pages to publish: the folder named, which must exist, or
/// `content/` beside the data, which may not (the build then says so).
/// None after telling the user why not.
fn resolve_content(
    named: Option<std::path::PathBuf>,
    data: &std::path::Path,
    lang: Language,
) -> Option<std::path::PathBuf> {
    match named {
        Some(named) if !named.is_dir() => {
            tell!("{}", cli_text::no_content_dir(lang, &named));
            None
        }
        Some(named) => Some(named),
        None => {
            let beside = chiso::build::content_beside(data);
            if !beside.is_dir() {
                tell!("{}", cli_text::no_content_beside(lang, &beside));
            }
            Some(beside)
        }
    }
}

/// `chiso new DIR`: the starter folder, for the year before this one
/// unless told.
fn new(dir: &std::path::Path, year: Option<i32>, lang: Language) -> ExitCode {
    let year = year.unwrap_or_else(last_year);
    match chiso::starter::write_starter(dir, year) {
        Ok(summary) => {
            println!("{}", cli_text::new_summary(lang, dir, summary.files));
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            tell!("{}", cli_text::new_not_empty(lang, dir));
            ExitCode::from(2)
        }
        Err(e) => {
            tell!("chiso: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}

/// The year before the current one, by the system clock: the year whose
/// index is being prepared.
fn last_year() -> i32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days to a civil year (Howard Hinnant's algorithm).
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year as i32 - 1
}

/// Deletes the replaced site in a detached process, so that this one can
/// exit at once; if that cannot start, the next build's does the work.
fn reclaim_in_background(out: &std::path::Path) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let _ = std::process::Command::new(exe)
        .arg("reclaim")
        .arg("--out")
        .arg(out)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// On Ctrl-C, SIGTERM or SIGHUP, removes the staging folder of the build
/// in progress (a national build's is hundreds of MB) and exits with 128 +
/// the signal's number, as a shell reports a process the signal ended. A
/// swap into place already under way is finished first.
#[cfg(unix)]
fn remove_staging_when_interrupted(lang: Language) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            tell!("{}", cli_text::interrupted(lang));
            chiso::output::abandon_and_exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn remove_staging_when_interrupted(_: Language) {}

/// The build's progress on the terminal: a spinner naming the phase, and
/// a bar of pages while they render. Drawn only when standard error is a
/// terminal (indicatif checks), so logs and pipes get the summary alone.
struct TerminalProgress(indicatif::ProgressBar, Language);

impl TerminalProgress {
    fn new(lang: Language) -> Self {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        TerminalProgress(bar, lang)
    }
}

impl chiso::build::Progress for TerminalProgress {
    fn phase(&self, name: &'static str, pages: Option<usize>) {
        let style = match pages {
            Some(n) => {
                self.0.set_length(n as u64);
                self.0.set_position(0);
                indicatif::ProgressStyle::with_template(cli_text::progress_pages(self.1))
            }
            None => indicatif::ProgressStyle::with_template("{spinner} {msg}, {elapsed}"),
        };
        if let Ok(style) = style {
            self.0.set_style(style.progress_chars("=> "));
        }
        self.0.set_message(cli_text::phase(self.1, name));
    }

    fn page_done(&self) {
        self.0.inc(1);
    }
}

fn build(options: chiso::build::BuildOptions, timings: bool, lang: Language) -> ExitCode {
    if !options.data.is_dir() {
        tell!("{}", cli_text::no_data_dir(lang, &options.data));
        return ExitCode::from(2);
    }
    remove_staging_when_interrupted(lang);
    let bar = TerminalProgress::new(lang);
    let built = chiso::build::build_with(&options, &bar);
    // Cleared before anything else is printed, which it would cut.
    bar.0.finish_and_clear();
    // Also after a failed build: it removes what killed builds left.
    if !matches!(
        built,
        Err(chiso::build::BuildError::Output(
            chiso::output::OutputError::Refused(_)
        ))
    ) {
        reclaim_in_background(&options.out);
    }
    match built {
        Ok(summary) => {
            for w in &summary.warnings {
                tell!("{}\n", w.render(lang));
            }
            let total: std::time::Duration = summary.timings.iter().map(|(_, t)| *t).sum();
            // Formatted first and written at once, so that a closed or full
            // standard output is an error to report, not a panic.
            let mut text = String::new();
            let _ = writeln!(
                text,
                "{}",
                cli_text::build_summary(
                    lang,
                    &options.out,
                    summary.pages,
                    summary.files,
                    summary.bytes as f64 / 1_048_576.0,
                    &summary.largest.0,
                    summary.largest.1 as f64 / 1024.0,
                    total.as_secs_f64()
                )
            );
            if timings {
                let _ = writeln!(
                    text,
                    "{}",
                    cli_text::timings_reused(
                        lang,
                        summary.reused,
                        summary.files,
                        summary.pages_kept,
                        summary.pages
                    )
                );
                for (name, t) in &summary.timings {
                    let _ = writeln!(text, "  {name:<10} {:>8.0} ms", t.as_secs_f64() * 1000.0);
                    if *name == "render" {
                        let _ = writeln!(
                            text,
                            "{}",
                            cli_text::timings_downloads(
                                lang,
                                summary.downloads.as_secs_f64() * 1000.0
                            )
                        );
                        for f in &summary.by_format {
                            let _ = writeln!(
                                text,
                                "{}",
                                cli_text::timings_format(
                                    lang,
                                    f.format,
                                    f.time.as_secs_f64() * 1000.0,
                                    f.files,
                                    f.bytes as f64 / 1_048_576.0
                                )
                            );
                        }
                    }
                }
                let _ = writeln!(
                    text,
                    "{}",
                    cli_text::timings_render(
                        lang,
                        summary.context_cpu.as_secs_f64() * 1000.0,
                        summary.charts_cpu.as_secs_f64() * 1000.0,
                        summary.template_cpu.as_secs_f64() * 1000.0,
                        summary.write_cpu.as_secs_f64() * 1000.0
                    )
                );
                let _ = writeln!(text, "{}", cli_text::timings_per_template(lang));
                for t in &summary.by_template {
                    let _ = writeln!(
                        text,
                        "    {:<16} {:>6} {:>8.0} ms {:>8.0} ms {:>8.1}",
                        t.template,
                        t.pages,
                        t.context.as_secs_f64() * 1000.0,
                        t.render.as_secs_f64() * 1000.0,
                        t.bytes as f64 / 1_048_576.0
                    );
                }
            }
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    tell!("{}", cli_text::summary_unwritable(lang, &options.out, &e));
                    return ExitCode::from(2);
                }
            }
            ExitCode::SUCCESS
        }
        Err(chiso::build::BuildError::Data(diagnostics)) => {
            for d in &diagnostics {
                tell!("{}\n", d.render(lang));
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            tell!(
                "{}",
                cli_text::build_data_errors(lang, &options.data, errors, &options.out)
            );
            ExitCode::from(1)
        }
        Err(e) => {
            tell!("{}", cli_text::build_error(lang, &e));
            ExitCode::from(2)
        }
    }
}

fn serve(options: chiso::serve::ServeOptions, open: bool, lang: Language) -> ExitCode {
    if !options.build.data.is_dir() {
        tell!("{}", cli_text::no_data_dir(lang, &options.build.data));
        return ExitCode::from(2);
    }
    remove_staging_when_interrupted(lang);
    let server = match chiso::serve::Server::bind(options) {
        Ok(server) => server,
        Err(e) => {
            tell!("{}", cli_text::cannot_listen(lang, &e));
            return ExitCode::from(2);
        }
    };
    let url = server.url();
    let ran = server.run(|problem| {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{}", cli_text::serving(lang, &url));
        let _ = stdout.flush();
        if problem.is_some() {
            tell!("{}", cli_text::serving_errors(lang));
        }
        if open {
            open_browser(&url, lang);
        }
    });
    match ran {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tell!("chiso: {e}");
            ExitCode::from(2)
        }
    }
}

/// Asks the desktop to open `url` in the default browser, without waiting.
fn open_browser(url: &str, lang: Language) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        tell!("{}", cli_text::no_browser(lang, url, &e));
    }
}

fn check(data: &std::path::Path, format: Format, allow_draft: bool, lang: Language) -> ExitCode {
    if !data.is_dir() {
        tell!("{}", cli_text::no_data_dir(lang, data));
        return ExitCode::from(2);
    }
    let checked = chiso::check(data, chiso::validate::Options { allow_draft });
    let errors = checked.errors().count();
    let warnings = checked.diagnostics.len() - errors;
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Text => write_text(
            &mut stdout,
            data,
            &checked.diagnostics,
            errors,
            warnings,
            lang,
        ),
        Format::Json => write_json(
            &mut stdout,
            data,
            &checked.diagnostics,
            errors,
            warnings,
            lang,
        ),
    };
    // A closed pipe (`chiso check | head`) is not an error of the data.
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            tell!("chiso: {e}");
            return ExitCode::from(2);
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_text(
    out: &mut impl Write,
    data: &std::path::Path,
    diagnostics: &[Diagnostic],
    errors: usize,
    warnings: usize,
    lang: Language,
) -> std::io::Result<()> {
    for d in diagnostics {
        writeln!(out, "{}\n", d.render(lang))?;
    }
    writeln!(
        out,
        "{}",
        cli_text::check_summary(lang, data, errors, warnings)
    )
}

fn write_json(
    out: &mut impl Write,
    data: &std::path::Path,
    diagnostics: &[Diagnostic],
    errors: usize,
    warnings: usize,
    lang: Language,
) -> std::io::Result<()> {
    let mut report = serde_json::json!({
        "data": data,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": diagnostics
            .iter()
            .map(|d| d.in_language(lang))
            .collect::<Vec<_>>(),
    });
    // The English report stays as it always was; a Vietnamese one says so.
    if lang == Language::Vi {
        report["lang"] = "vi".into();
    }
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

fn sample(preset: cli::PresetArg, seed: u64, out: &std::path::Path, lang: Language) -> ExitCode {
    let preset = match preset {
        cli::PresetArg::Province => chiso::sample::Preset::Province,
        cli::PresetArg::National => chiso::sample::Preset::National,
    };
    match chiso::sample::write_sample(preset, seed, out) {
        Ok(summary) => {
            println!("{}", cli_text::sample_summary(lang, out, &summary));
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            tell!("{}", cli_text::sample_not_empty(lang, out));
            ExitCode::from(2)
        }
        Err(e) => {
            tell!("chiso: {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
