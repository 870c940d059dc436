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
