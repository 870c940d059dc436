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
