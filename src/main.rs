//! The `chiso` command: parse arguments, call the library, print, exit.
//! Exit codes: 0 clean, 1 problems in the data, 2 usage or I/O errors.

mod cli;

use chiso::diag::Diagnostic;
use clap::Parser;
use cli::{Cli, Command, Format};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
        Command::Check {
            data,
            format,
            allow_draft,
        } => check(&data, format, allow_draft),
        Command::Sample { preset, seed, out } => sample(preset, seed, &out),
    }
}

fn check(data: &std::path::Path, format: Format, allow_draft: bool) -> ExitCode {
    if !data.is_dir() {
        eprintln!("chiso: {}: no such data directory", data.display());
        return ExitCode::from(2);
    }
    let checked = chiso::check(data, chiso::validate::Options { allow_draft });
    let errors = checked.errors().count();
    let warnings = checked.diagnostics.len() - errors;
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Text => write_text(&mut stdout, data, &checked.diagnostics, errors, warnings),
        Format::Json => write_json(&mut stdout, data, &checked.diagnostics, errors, warnings),
    };
    // A closed pipe (`chiso check | head`) is not an error of the data.
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("chiso: {e}");
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
) -> std::io::Result<()> {
    for d in diagnostics {
        writeln!(out, "{d}\n")?;
    }
    if errors == 0 && warnings == 0 {
        writeln!(out, "{}: no problems found", data.display())
    } else {
        writeln!(
            out,
            "{}: {errors} error(s), {warnings} warning(s)",
            data.display()
        )
    }
}

fn write_json(
    out: &mut impl Write,
    data: &std::path::Path,
    diagnostics: &[Diagnostic],
    errors: usize,
    warnings: usize,
) -> std::io::Result<()> {
    let report = serde_json::json!({
        "data": data,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

fn sample(preset: cli::PresetArg, seed: u64, out: &std::path::Path) -> ExitCode {
    let preset = match preset {
        cli::PresetArg::Province => chiso::sample::Preset::Province,
        cli::PresetArg::National => chiso::sample::Preset::National,
    };
    match chiso::sample::write_sample(preset, seed, out) {
        Ok(summary) => {
            println!(
                "{}: {} units, {} editions, {} score rows in {} files",
                out.display(),
                summary.units,
                summary.editions,
                summary.score_rows,
                summary.files
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "chiso: {}: not empty; sample writes into a new or empty directory",
                out.display()
            );
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("chiso: {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
