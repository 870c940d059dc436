//! chiso: publish the Public Administration Reform index (Chỉ số cải cách
//! hành chính) as a static website.
//!
//! Data flows one way: [`input`] reads a data directory into a
//! [`model::Dataset`], [`validate`] reports every problem, [`compute`]
//! makes the index, ranks and statistics and cross-checks the printed
//! figures; for a build, [`site`] plans the pages and builds each one's
//! context, [`render`] turns it into HTML, [`export`] writes the
//! downloads and [`output`] alone writes to the disk. [`decimal`],
//! [`text`], [`i18n`] and [`diag`] are shared by all and import no stage. `docs/architecture.md` describes the stages, the files and where
//! to add a page, a chart, a download or a check.

// A diagnostic is the error of a whole file read, made at most once per
// file: its size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod compute;
pub mod decimal;
pub mod diag;
pub mod export;
pub mod i18n;
pub mod input;
pub mod model;
pub mod output;
pub mod rebuild;
pub mod render;
pub mod sample;
pub mod serve;
pub mod site;
pub mod starter;
pub mod text;
pub mod validate;

use diag::{Diagnostic, Diagnostics};
use std::path::Path;

/// A loaded, validated and computed data directory.
pub struct Checked {
    pub dataset: model::Dataset,
    pub results: compute::Results,
    /// Sorted by file and line; errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time of load, validate and compute.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Loads, validates and computes `root`, collecting every diagnostic.
pub fn check(root: &Path, options: validate::Options) -> Checked {
    let mut diagnostics = Diagnostics::new();
    let start = std::time::Instant::now();
    let dataset = input::load(root, &mut diagnostics);
    let loaded = std::time::Instant::now();
    let (found, unsound) = validate::validate(&dataset, options);
    diagnostics.extend(found);
    let validated = std::time::Instant::now();
    let (results, cross_check) = compute::compute(&dataset, &unsound);
    diagnostics.extend(cross_check);
    let computed = std::time::Instant::now();
    Checked {
        dataset,
        results,
        diagnostics: diagnostics.sorted(),
        timings: vec![
            ("load", loaded - start),
            ("validate", validated - loaded),
            ("compute", computed - validated),
        ],
    }
}
