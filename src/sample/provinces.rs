//! The provinces of the national preset: the 63 provincial-level units in
//! force until 30 June 2025 and the 34 formed from them on 1 July 2025, as
//! Nghị quyết 202/2025/QH15 merged them (`vn-provinces-2025.csv`, one row per
//! new province and predecessor; a province not merged is its own
//! predecessor). Only the names and the merges are real: everything the
//! sample says about their departments, districts, communes and scores is
//! illustrative.

use std::sync::OnceLock;

const RESOLUTION: &str = include_str!("vn-provinces-2025.csv");

/// The act that merged the provinces.
pub(super) const PROVINCE_BASIS: &str = "Nghị quyết 202/2025/QH15";

/// A provincial-level name as the resolution writes it: "Tỉnh Tuyên
/// Quang", "Thành phố Huế".
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ProvinceName {
    pub(super) full: String,
    pub(super) short: String,
    /// "tỉnh" or "thành phố", as the name reads after another noun.
    pub(super) word: &'static str,
}

impl ProvinceName {
    fn parse(full: &str) -> ProvinceName {
        let (word, short) = match full.strip_prefix("Thành phố ") {
            Some(short) => ("thành phố", short),
            None => ("tỉnh", full.strip_prefix("Tỉnh ").unwrap_or(full)),
        };
        ProvinceName {
            full: full.to_string(),
            short: short.to_string(),
            word,
        }
    }

    pub(super) fn english(&self) -> String {
        let short = super::names::fold(&self.short);
        if self.word == "thành phố" {
            format!("{short} City")
        } else {
            format!("{short} Province")
        }
    }
}

/// The map before and after the resolution.
pub(super) struct Resolution {
    /// The 63 provinces before, in the order the resolution lists them.
    pub(super) before: Vec<ProvinceName>,
    /// The 34 after, each with its predecessors (indexes into `before`),
    /// the one whose name it took first.
    pub(super) after: Vec<(ProvinceName, Vec<usize>)>,
}

pub(super) fn resolution() -> &'static Resolution {
    static PARSED: OnceLock<Resolution> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut before: Vec<ProvinceName> = Vec::new();
        let mut after: Vec<(ProvinceName, Vec<usize>)> = Vec::new();
        for line in RESOLUTION.lines().skip(1).filter(|l| !l.is_empty()) {
            let mut cells = line.split(',');
            let (Some(new), Some(old)) = (cells.next(), cells.next()) else {
                continue;
            };
            before.push(ProvinceName::parse(old));
            let index = before.len() - 1;
            match after.last_mut() {
                Some((name, olds)) if name.full == new => olds.push(index),
                _ => after.push((ProvinceName::parse(new), vec![index])),
            }
        }
        Resolution { before, after }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_resolution_makes_34_provinces_of_63() {
        let r = resolution();
        assert_eq!(r.before.len(), 63);
        assert_eq!(r.after.len(), 34);
        let olds: BTreeSet<usize> = r.after.iter().flat_map(|(_, o)| o.clone()).collect();
        assert_eq!(olds.len(), 63, "each old province in one new one");
        let kept = r.after.iter().filter(|(_, o)| o.len() == 1).count();
        assert_eq!(kept, 11);
        for (new, olds) in &r.after {
            assert_eq!(new.full, r.before[olds[0]].full, "named after the first");
        }
        let hue = &r.before[1];
        assert_eq!((hue.short.as_str(), hue.word), ("Huế", "thành phố"));
        assert_eq!(hue.english(), "Hue City");
    }
}
