//! The national preset: the 63 provinces of the map before 1 July 2025 and
//! the 34 after it (named and merged as Nghị quyết 202/2025/QH15 did; their
//! departments, districts, communes and scores are illustrative), on the
//! light criteria tree over ten editions, the benchmark input of
//! `bench/run`. What it adds to the province's sample is here: its size,
//! units left out of some editions, and the Ministry of Home Affairs as the
//! issuer of the documents. Anything larger than one province (provinces
//! named in the departments' names and in the group ids, the provinces'
//! merger) follows from the size.

use super::documents::Issuer;
use super::places::Kind;
use super::{Detail, Generator, SampleSize, STREAM_ABSENCES};

/// 63 provinces x 19 departments, 11 districts and about 170 communes
/// (12,500 units), over ten editions from 2016; the last, 2025, on the new
/// map of 34 provinces and about 3,500 communes. A few units are missing
/// from each edition.
pub(super) const SIZE: SampleSize = SampleSize {
    provinces: 63,
    departments: 19,
    districts: 11,
    communes_per_district: 15,
    editions: 10,
    first_year: 2016,
    detail: Detail::Light,
    absent_per_mille: 4,
};

impl Issuer {
    /// The Ministry of Home Affairs, which assesses every province.
    pub(super) fn ministry() -> Issuer {
        Issuer {
            organ: "Bộ Nội vụ".to_string(),
            place: "Hà Nội".to_string(),
            decision_suffix: "QĐ-BNV",
            head: "Bộ trưởng Bộ Nội vụ".to_string(),
            deputy_block: ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
            reporter: "Vụ Cải cách hành chính, Bộ Nội vụ".to_string(),
            report_suffix: "BC-BNV",
            reporter_title: "VỤ TRƯỞNG",
            proposer: "Vụ trưởng Vụ Cải cách hành chính",
            proposal_suffix: "TTr-VCCHC",
        }
    }
}

impl Generator<'_> {
    /// Whether an existing unit is left out of edition `t`. Departments and
    /// communes only: a district is always assessed. Hashed rather than drawn,
    /// so that it consumes nothing from the seeded streams.
    pub(super) fn absent(&self, unit: usize, t: usize) -> bool {
        let per_mille = u64::from(self.size.absent_per_mille);
        let kind = self.registry.units[unit].kind;
        if per_mille == 0 || !matches!(kind, Kind::Department | Kind::Commune) {
            return false;
        }
        let key = (unit as u64) << 16 | t as u64;
        splitmix64(self.seed ^ splitmix64(key ^ STREAM_ABSENCES)) % 1000 < per_mille
    }
}

/// SplitMix64's finaliser: a well-mixed, portable 64-bit hash.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::super::frameworks::framework;
    use super::super::places::{Registry, Unit};
    use super::super::testing::{check_dataset, read_units, Table};
    use super::super::{write_sized, Preset};
    use super::*;
    use crate::sample::criteria::{Era, Level};
    use std::collections::{BTreeMap, BTreeSet};
    use std::fs;

    #[test]
    fn national_preset_has_the_intended_shape() {
        let size = Preset::National.size();
        let registry = Registry::build(&size);
        let count = |kind: Kind, year: i32| {
            let living = |u: &&Unit| u.kind == kind && u.exists_at_end_of(year);
            registry.units.iter().filter(living).count()
        };
        assert_eq!(count(Kind::Province, 2024), 63);
        assert_eq!(count(Kind::Province, 2025), 34);
        assert_eq!(count(Kind::Department, 2024), 63 * 19);
        assert_eq!(count(Kind::Department, 2025), 34 * 19);
        assert_eq!(count(Kind::District, 2024), 63 * 11);
        assert_eq!(count(Kind::District, 2025), 0);
        let communes = count(Kind::Commune, 2024);
        assert!((63 * 160..=63 * 180).contains(&communes));
        // About 3 to 1, as 10,000 communes became 3,321.
        let after = count(Kind::Commune, 2025);
        assert!((3_000..=3_700).contains(&after), "{after} communes");
        for level in [Level::Provincial, Level::Commune] {
            for era in [Era::Old, Era::New] {
                let fw = framework(size.detail, level, era);
                assert_eq!(fw.iter().filter(|n| n.parent.is_none()).count(), 8);
                assert!((36..=40).contains(&fw.len()), "{} nodes", fw.len());
            }
        }
        let names = |era| -> Vec<&str> {
            framework(Detail::Light, Level::Provincial, era)
                .iter()
                .map(|n| n.name)
                .collect()
        };
        assert_ne!(names(Era::Old), names(Era::New), "one framework change");
    }

    #[test]
    fn light_multi_province_with_absences_is_valid() {
        let size = SampleSize {
            provinces: 3,
            departments: 19,
            districts: 11,
            communes_per_district: 4,
            editions: 4,
            first_year: 2020,
            detail: Detail::Light,
            absent_per_mille: 100,
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let summary = write_sized(&size, 3, dir.path()).expect("written");
        check_dataset(dir.path());
        let units = read_units(dir.path());
        let mut absences = 0;
        let mut seen_years: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
        for year in 2020..=2023 {
            let edir = dir.path().join(format!("editions/{year}"));
            let edition: serde_json::Value =
                serde_json::from_slice(&fs::read(edir.join("edition.json")).expect("json"))
                    .expect("json");
            let groups = edition["groups"].as_array().expect("groups");
            assert_eq!(groups.len(), 9);
            let ids: BTreeSet<&str> = groups
                .iter()
                .map(|g| g["id"].as_str().expect("id"))
                .collect();
            assert_eq!(ids.len(), 9, "group ids unique in the edition");
            for g in groups {
                let id = g["id"].as_str().expect("id");
                assert!(
                    ["-so-nganh", "-huyen", "-xa"]
                        .iter()
                        .any(|k| id.ends_with(k)),
                    "{id}"
                );
                assert_eq!(g["scores"], format!("scores-{id}.csv"));
                let t = Table::read(&edir.join(g["scores"].as_str().expect("file")));
                for row in &t.rows {
                    seen_years
                        .entry(row[t.col("unit")].clone())
                        .or_default()
                        .insert(year);
                }
            }
        }
        for (id, unit) in &units {
            let valid = (2020..=2023).filter(|&y| {
                unit.valid_from.is_none_or(|f| y >= f) && unit.valid_to.is_none_or(|t| y <= t)
            });
            let seen = seen_years.get(id);
            absences += valid
                .filter(|y| !seen.is_some_and(|s| s.contains(y)))
                .count();
        }
        // Provinces are never scored; everything else valid is, bar absences.
        let provinces = 3 * 4;
        assert!(absences > provinces, "some units are missing in some years");
        assert!(summary.score_rows > 0);
    }

    #[test]
    fn multi_province_sizes_work() {
        let size = SampleSize {
            provinces: 3,
            departments: 19,
            districts: 11,
            communes_per_district: 4,
            editions: 2,
            first_year: 2021,
            detail: Detail::Full,
            absent_per_mille: 0,
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let summary = write_sized(&size, 5, dir.path()).expect("written");
        assert_eq!(summary.editions, 2);
        check_dataset(dir.path());
    }
}
