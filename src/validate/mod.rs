//! Checks that need more than one cell: the registry, the criteria trees,
//! the scores against their trees, and the editions' settings.
//!
//! Every check reports and carries on; nothing here stops at the first
//! problem. The cross-check of printed figures against computed ones is in
//! `compute`, which is where those figures are made.
//!
//! `validate` walks the dataset in order: the registry and lineage
//! (`registry.rs`), each edition's settings, documents and criteria trees
//! (`editions.rs`), its scores against the trees (`scores.rs`) and its
//! printed tables (`published.rs`); the boundary files against the
//! registry and the groups (`maps.rs`); `nearest.rs` finds what an unknown id
//! or code was meant to be.

use crate::diag::{Cause, Diagnostic, Location, Tr};
use crate::model::*;
use crate::tr;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};

mod editions;
mod maps;
mod nearest;
mod published;
mod registry;
mod reports;
mod scores;

use editions::*;
use maps::*;
pub use maps::{HOANG_SA, TRUONG_SA};
pub use nearest::Nearest;
use nearest::*;
use published::*;
use registry::*;
use reports::*;
use scores::*;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Accept editions with status `draft`.
    pub allow_draft: bool,
}

/// Units and groups whose scores have errors. Their printed figures are not
/// cross-checked and their groups' ranks not compared: a wrong score would
/// only repeat itself as a wrong total and shifted ranks.
#[derive(Debug, Clone, Default)]
pub struct Unsound {
    /// By year and group id, the unsound groups, each with the units whose
    /// scores have errors.
    groups: FxHashMap<i32, FxHashMap<String, FxHashSet<String>>>,
}

impl Unsound {
    pub fn group(&self, year: i32, group: &str) -> bool {
        self.groups
            .get(&year)
            .is_some_and(|g| g.contains_key(group))
    }

    pub fn unit(&self, year: i32, group: &str, unit: &str) -> bool {
        self.groups
            .get(&year)
            .and_then(|g| g.get(group))
            .is_some_and(|u| u.contains(unit))
    }
}

pub fn validate(dataset: &Dataset, options: Options) -> (Vec<Diagnostic>, Unsound) {
    let mut out = Vec::new();
    let mut unsound = Unsound::default();
    check_site(dataset, &mut out);
    let units = check_units(&dataset.units, &mut out);
    check_lineage(dataset, &units, &mut out);
    check_maps(dataset, &mut out);
    check_reports(dataset, &units, &mut out);
    let mut years: HashMap<i32, &Edition> = HashMap::new();
    for edition in &dataset.editions {
        if let Some(first) = years.insert(edition.year, edition) {
            out.push(
                Diagnostic::error(
                    "duplicate-edition",
                    Location::file(&edition.file),
                    tr!(
                        "two editions have the year {}",
                        "có hai kỳ đánh giá cùng năm {}",
                        edition.year
                    ),
                )
                .found(tr!("also in {}", "cũng có trong {}", first.file.display()))
                .expected(tr!("one edition per year", "mỗi năm một kỳ đánh giá")),
            );
        }
    }
    // Editions are independent: checked in parallel, their diagnostics kept
    // in edition order so reports do not depend on thread timing.
    use rayon::prelude::*;
    let checked: Vec<_> = dataset
        .editions
        .par_iter()
        .map(|edition| {
            let mut found = Vec::new();
            let groups = check_edition(dataset, edition, &units, options, &mut found);
            (edition.year, found, groups)
        })
        .collect();
    for (year, found, groups) in checked {
        out.extend(found);
        let by_group = unsound.groups.entry(year).or_default();
        for (group, bad) in groups {
            by_group.entry(group).or_default().extend(bad);
        }
    }
    (out, unsound)
}

fn check_site(dataset: &Dataset, out: &mut Vec<Diagnostic>) {
    let file = dataset.root.join("site.json");
    let site = &dataset.site;
    // Which language is at the root would be a guess.
    if !site.languages.is_empty() && !site.languages.contains(&site.language) {
        let listed: Vec<&str> = site.languages.iter().map(|l| l.code()).collect();
        out.push(
            Diagnostic::error(
                "invalid-value",
                Location::file(&file),
                tr!(
                    "\"language\" is not one of \"languages\"",
                    "\"language\" không nằm trong \"languages\""
                ),
            )
            .found(format!(
                "\"language\": \"{}\", \"languages\": [\"{}\"]",
                site.language.code(),
                listed.join("\", \"")
            ))
            .expected(tr!(
                "the language of the site's root among \"languages\", e.g. \"language\": \"vi\", \"languages\": [\"vi\", \"en\"]",
                "ngôn ngữ chính của trang nằm trong \"languages\", ví dụ \"language\": \"vi\", \"languages\": [\"vi\", \"en\"]"
            )),
        );
    }
    if let Some(url) = &dataset.site.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            out.push(
                Diagnostic::error(
                    "invalid-value",
                    Location::file(&file),
                    tr!(
                        "\"base_url\" is not a web address",
                        "\"base_url\" không phải là một địa chỉ trang web"
                    ),
                )
                .found(format!("\"{url}\""))
                .expected(tr!(
                    "an address such as https://cchc.example.gov.vn/",
                    "một địa chỉ như https://cchc.example.gov.vn/"
                )),
            );
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest<'a>(known: &[&'a str]) -> Nearest<'a> {
        Nearest::new(known.iter().map(|k| (*k, None::<&str>)))
    }

    #[test]
    fn the_nearest_known_id_is_suggested_only_when_close() {
        let ids = ["quang-trung", "quang-tri", "tan-lap", "dak-to-re"];
        let mut n = nearest(&ids);
        // One letter missing, or typed with case, diacritics and spaces.
        assert_eq!(n.find("quang-trug"), Some("quang-trung"));
        assert_eq!(n.find("Quảng Trung"), Some("quang-trung"));
        assert_eq!(n.find("quang_tri"), Some("quang-tri"));
        assert_eq!(n.find("đắk-tô-re"), Some("dak-to-re"));
        assert_eq!(n.find("tan-lapp"), Some("tan-lap"));
        // Too far, too short to tell, or as near to two.
        assert_eq!(n.find("hoa-binh"), None);
        assert_eq!(n.find("ab"), None);
        let mut codes = nearest(&["1.1", "1.2", "3", "3.1"]);
        assert_eq!(codes.find("3.9"), Some("3.1"));
        assert_eq!(codes.find("1-2"), Some("1.2"));
        assert_eq!(codes.find("1.3"), None, "1.1 and 1.2 are as near");
    }

    #[test]
    fn a_unit_is_found_by_its_name() {
        let units = [("xa-b", ["UBND xã Tân Lập", "Tân Lập"])];
        let mut n = Nearest::new(units.iter().map(|(id, names)| (*id, names.iter().copied())));
        assert_eq!(n.find("Tân Lập"), Some("xa-b"));
        assert_eq!(n.find("tan lap"), Some("xa-b"));
    }
}
