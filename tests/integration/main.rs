//! Integration tests: one binary, one module per feature.

mod checks;
mod cli;
mod compare;
mod downloads;
mod embed;
mod examples;
mod figures;
mod fuzz;
mod languages;
mod lineage;
mod maps;
mod numbers;
mod properties;
mod publish;
mod readers;
#[cfg(unix)]
mod rebuild;
mod reports;
mod serve;
mod site;
mod starter;
mod vietnamese;
mod wide;
mod workbooks;

use chiso::diag::Diagnostic;
use chiso::model::{Edition, Group};
use chiso::validate::Options;
use chiso::Checked;
use std::path::{Path, PathBuf};

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn check_dir(dir: &Path) -> Checked {
    chiso::check(dir, Options::default())
}

pub fn check(path: &str) -> Checked {
    check_dir(&repo(path))
}

/// Every group of every edition, with its results.
pub fn groups(
    checked: &Checked,
) -> impl Iterator<Item = (&Edition, &Group, &chiso::compute::GroupResult)> {
    checked
        .dataset
        .editions
        .iter()
        .zip(&checked.results.editions)
        .flat_map(|(edition, result)| {
            edition
                .groups
                .iter()
                .zip(&result.groups)
                .map(move |(group, gr)| (edition, group, gr))
        })
}

pub fn errors(checked: &Checked) -> Vec<&Diagnostic> {
    checked.errors().collect()
}

/// Rewrites a text file of a test's copy of a dataset.
pub fn edit_file(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::write(path, edit(text)).unwrap();
}

/// Copies a directory tree (files only; symlinks are not followed).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
