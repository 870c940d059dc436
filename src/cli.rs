//! Command-line arguments.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "chiso",
    version,
    about = "Publish the PAR Index (Chỉ số CCHC) as a static website"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages and help: vi or en [default: the language of the data's site.json, else vi].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    Province,
    National,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the data and write the static site.
    Build {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The output directory (replaced atomically when the build succeeds).
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Markdown pages (methodology, about ...) [default: content/ beside the data directory].
        #[arg(long)]
        content: Option<PathBuf>,
        /// Template overrides: a file here replaces the built-in template of the same name.
        #[arg(long, default_value = "templates")]
        templates: PathBuf,
        /// The address the site is published at (canonical URLs, sitemap, feed); default: base_url in site.json.
        #[arg(long)]
        base_url: Option<String>,
        /// Accept editions whose status is "draft" (their pages say DRAFT).
        #[arg(long)]
        allow_draft: bool,
        /// Print the time of each phase.
        #[arg(long)]
        timings: bool,
    },
    /// Build the site and serve it on this machine; rebuild and reload the
    /// open pages when the data, content or templates change.
    Serve {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The output directory (replaced atomically when a build succeeds).
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Markdown pages (methodology, about ...) [default: content/ beside the data directory].
        #[arg(long)]
        content: Option<PathBuf>,
        /// Template overrides: a file here replaces the built-in template of the same name.
        #[arg(long, default_value = "templates")]
        templates: PathBuf,
        /// The address the site is published at (canonical URLs, sitemap, feed); default: base_url in site.json.
        #[arg(long)]
        base_url: Option<String>,
        /// Accept editions whose status is "draft" (their pages say DRAFT).
        #[arg(long)]
        allow_draft: bool,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; only this machine by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Serve the site under this path (as a web server would at /cchc/).
        #[arg(long, default_value = "/")]
        base_path: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check a data directory and report every problem (exit 1 when there are errors).
    Check {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Accept editions whose status is "draft".
        #[arg(long)]
        allow_draft: bool,
    },
    /// Delete the sites earlier builds of OUT replaced (run by `build` in
    /// the background).
    #[command(hide = true)]
    Reclaim {
        #[arg(long)]
        out: PathBuf,
    },
    /// Start a site: write DIR with a data folder to fill in (an Excel
    /// workbook of scores, diem.xlsx), content pages and a guide.
    New {
        /// A new or empty folder.
        dir: PathBuf,
        /// The year assessed [default: last year].
        #[arg(long)]
        year: Option<i32>,
    },
    /// Write a fictional, valid sample dataset.
    Sample {
        #[arg(long, value_enum, default_value_t = PresetArg::Province)]
        preset: PresetArg,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A new or empty directory.
        #[arg(long)]
        out: PathBuf,
    },
}
