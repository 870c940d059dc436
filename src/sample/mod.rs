//! Deterministic generator of an illustrative PAR Index dataset.
//!
//! The data describes a fictional province (Minh Sơn; the Province preset)
//! or 63 fictional provinces on a lighter criteria tree (the National
//! preset, a benchmark input for `bench/run`) in the chiso data format:
//! `site.json`, `units.csv` and one folder per edition with frameworks,
//! appraised scores, published figures and documents. It exists
//! so that the site, the checker and the tests have realistic data of a
//! realistic size without borrowing any real publisher's figures.
//!
//! Every figure is built from integer hundredths of a point, bottom-up, so
//! that a parent's score is exactly the sum of its children's and every
//! published index is exactly what a checker recomputes. Only the seeded
//! ChaCha streams introduce variation: the same preset and seed always give
//! byte-identical files.
//!
//! The generator is split by what it makes, so that a new part of the
//! sample (another reorganisation, a periodic report) is a file of its own:
//! `names` (the names of provinces, departments, districts and communes,
//! folded into ids), `places` (the registry of units in `units.csv`, with
//! its mergers and renames), `criteria` (the methodology: fields, criteria,
//! sub-criteria and why points are lost), `frameworks` (each edition's
//! criteria trees), `points` (exact points, the index, ranks and bands),
//! `scores` (each unit's scores, self-assessment, notes and responsible
//! bodies), `documents` (the decision and the report of each edition),
//! `reorganisation` (the new map of 1 July 2025, `lineage.csv` and the
//! groups ranked on it), `reports` (the units' half-yearly
//! reports on administrative reform, `indicators.csv` and `reports/`), `national` (what the national preset adds) and `files` (every other
//! file of the data format, and the sink that writes them). This file holds
//! the public API and the order in which the files are made.
//!
//! Not a stage of the build: `chiso sample` writes through its own sink,
//! into a new or empty directory only, and shares nothing with the site
//! but the column list of `units.csv` (`input::UNIT_COLUMNS`).

mod criteria;
mod documents;
mod files;
mod frameworks;
mod maps;
mod names;
mod national;
mod places;
mod points;
mod provinces;
mod reorganisation;
mod reports;
mod scores;
#[cfg(test)]
mod testing;

use std::io;
use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use criteria::Era;
use documents::Issuer;
use files::{prepare_output, write_framework, GroupJson, Sink};
use frameworks::Frameworks;
use names::{province_name_capacity, DEPARTMENTS, DISTRICTS};
use places::Registry;
use scores::{draw_profile, GroupResult, Profile};

/// Which illustrative dataset to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// One province with its departments, districts and communes.
    Province,
    /// 63 provinces of the same shape, over ten editions.
    National,
}

/// How detailed the criteria tree of every group is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Fields, criteria and sub-criteria: about 90 nodes per unit.
    Full,
    /// Fields and up to four sub-criteria each, directly below them: about
    /// 40 nodes per unit, for datasets of thousands of units.
    Light,
}

/// Size parameters: one province (the Province preset) or many (the
/// National preset: 63 provinces x 19 departments, 11 districts and ~170
/// communes, 10 editions) come from the same code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSize {
    pub provinces: usize,
    pub departments: usize,
    pub districts: usize,
    pub communes_per_district: usize,
    pub editions: usize,
    pub first_year: i32,
    pub detail: Detail,
    /// Per thousand unit-years, how often an existing unit is left out of an
    /// edition (not assessed that year: reorganised, results annulled...).
    pub absent_per_mille: u32,
}

impl Preset {
    pub fn size(&self) -> SampleSize {
        match self {
            Preset::Province => SampleSize {
                provinces: 1,
                departments: 20,
                districts: 8,
                communes_per_district: 10,
                editions: 6,
                first_year: 2020,
                detail: Detail::Full,
                absent_per_mille: 0,
            },
            Preset::National => national::SIZE,
        }
    }
}

/// What `write_sample` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSummary {
    /// Rows of `units.csv`.
    pub units: usize,
    pub editions: usize,
    /// Rows of all `scores-*.csv` files together.
    pub score_rows: usize,
    pub files: usize,
}

/// Writes the dataset into `out`, which must not exist or be empty (return
/// io::ErrorKind::AlreadyExists otherwise).
pub fn write_sample(preset: Preset, seed: u64, out: &Path) -> io::Result<SampleSummary> {
    write_sized(&preset.size(), seed, out)
}

/// The generator behind `write_sample`, for any size.
pub fn write_sized(size: &SampleSize, seed: u64, out: &Path) -> io::Result<SampleSummary> {
    validate_size(size)?;
    prepare_output(out)?;
    let registry = Registry::build(size);
    let mut sink = Sink::new(out);
    Generator::new(size, seed, &registry).write_all(&mut sink)?;
    Ok(SampleSummary {
        units: registry.units.len(),
        editions: size.editions,
        score_rows: sink.score_rows,
        files: sink.files,
    })
}

fn validate_size(size: &SampleSize) -> io::Result<()> {
    let invalid = |what: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            what.to_string(),
        ))
    };
    let capacity = if size.provinces == 1 {
        province_name_capacity()
    } else {
        provinces::resolution().before.len()
    };
    if size.provinces == 0 || size.provinces > capacity {
        return invalid("provinces must be between 1 and 63");
    }
    if size.departments == 0 || size.departments > DEPARTMENTS.len() {
        return invalid("departments must be between 1 and the number of department names");
    }
    if size.districts == 0 || size.districts > DISTRICTS.len() {
        return invalid("districts must be between 1 and the number of district names");
    }
    if size.communes_per_district < 3 {
        return invalid("communes_per_district must be at least 3");
    }
    if size.editions == 0 || !(1900..=9000).contains(&size.first_year) {
        return invalid("editions must be at least 1 and first_year a plausible year");
    }
    if size.absent_per_mille > 100 {
        return invalid("absent_per_mille must be at most 100");
    }
    Ok(())
}

/// The sample is branded as illustrative everywhere; these tag its texts.
const SAMPLE_TAG: &str = "dữ liệu minh hoạ";

/// Independent ChaCha streams per purpose, so e.g. adding a document field
/// does not change every score.
const STREAM_PROFILES: u64 = 1;
const STREAM_DOCUMENTS: u64 = 2;
const STREAM_EDITION_BASE: u64 = 1000;
/// Not a ChaCha stream: the key of the absences' hash.
const STREAM_ABSENCES: u64 = 3;

fn stream(seed: u64, id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

/// Makes the files of one dataset: its size and seed, its registry, each
/// unit's character across editions (one per unit of the registry) and
/// who issues its documents.
struct Generator<'a> {
    size: &'a SampleSize,
    seed: u64,
    registry: &'a Registry,
    profiles: Vec<Profile>,
    issuer: Issuer,
}

/// One edition being made: its place in the series, its year and the
/// methodology in force.
#[derive(Clone, Copy, Debug)]
struct Edition {
    /// From 0; each edition draws its scores from its own stream.
    t: usize,
    year: i32,
    era: Era,
}

impl Edition {
    fn dir(&self) -> String {
        format!("editions/{}", self.year)
    }
}

/// What scoring an edition gives its documents and `edition.json`.
struct ScoredEdition {
    groups: Vec<GroupJson>,
    results: Vec<GroupResult>,
}

impl<'a> Generator<'a> {
    fn new(size: &'a SampleSize, seed: u64, registry: &'a Registry) -> Generator<'a> {
        let mut rng = stream(seed, STREAM_PROFILES);
        let profiles = registry
            .units
            .iter()
            .map(|_| draw_profile(&mut rng, size.editions))
            .collect();
        let issuer = if size.provinces == 1 {
            Issuer::province(&registry.units[registry.provinces[0]].short_name)
        } else {
            Issuer::ministry()
        };
        Generator {
            size,
            seed,
            registry,
            profiles,
            issuer,
        }
    }

    fn multi(&self) -> bool {
        self.size.provinces > 1
    }

    fn editions(&self) -> impl Iterator<Item = Edition> + '_ {
        (0..self.size.editions).map(move |t| {
            let year = self.size.first_year + t as i32;
            Edition {
                t,
                year,
                era: self.era(year),
            }
        })
    }

    /// The framework was overhauled for the 2022 assessment; a sample whose
    /// years do not cross 2022 breaks at its third edition instead.
    fn break_year(&self) -> i32 {
        let last = self.size.first_year + self.size.editions as i32 - 1;
        if self.size.first_year < 2022 && 2022 <= last {
            2022
        } else {
            self.size.first_year + 2.min(self.size.editions as i32 - 1).max(1)
        }
    }

    fn era(&self, year: i32) -> Era {
        if year >= self.break_year() {
            Era::New
        } else {
            Era::Old
        }
    }

    fn write_all(&self, sink: &mut Sink) -> io::Result<()> {
        self.write_site(sink)?;
        self.write_units(sink)?;
        self.write_lineage(sink)?;
        self.write_reports(sink)?;
        self.write_maps(sink)?;
        // Each edition draws its scores from its own stream, so editions are
        // scored and written in parallel; the documents share one stream
        // across editions and follow in order.
        let editions: Vec<Edition> = self.editions().collect();
        let scored: Vec<io::Result<(Sink, ScoredEdition)>> = editions
            .par_iter()
            .map(|edition| {
                let mut part = Sink::new(&sink.root);
                let scored = self.write_scores_of_edition(&mut part, edition)?;
                Ok((part, scored))
            })
            .collect();
        let mut doc_rng = stream(self.seed, STREAM_DOCUMENTS);
        for (edition, scored) in editions.iter().zip(scored) {
            let (part, scored) = scored?;
            sink.files += part.files;
            sink.score_rows += part.score_rows;
            self.write_edition(sink, edition, scored, &mut doc_rng)?;
        }
        Ok(())
    }

    /// Frameworks, scores and published figures of one edition.
    fn write_scores_of_edition(
        &self,
        sink: &mut Sink,
        edition: &Edition,
    ) -> io::Result<ScoredEdition> {
        let dir = edition.dir();
        let mut rng = stream(self.seed, STREAM_EDITION_BASE + edition.t as u64);
        let frameworks = Frameworks::new(self.size.detail, edition.era);
        for &kind in self.group_kinds(edition) {
            let rel = format!("{dir}/framework-{}.csv", kind.id());
            write_framework(sink, &rel, frameworks.of(kind))?;
        }
        let mut scored = ScoredEdition {
            groups: Vec::new(),
            results: Vec::new(),
        };
        let provinces = self.registry.provinces.iter().copied();
        let living = |&p: &usize| self.registry.units[p].exists_at_end_of(edition.year);
        for province in provinces.filter(living) {
            for &kind in self.group_kinds(edition) {
                let fw = frameworks.of(kind);
                let group = self.score_group(fw, kind, province, edition, &mut rng);
                scored
                    .groups
                    .push(self.write_group(sink, fw, edition, &group)?);
                scored.results.push(group.result);
            }
        }
        Ok(scored)
    }

    /// The documents and `edition.json` of an edition already scored.
    fn write_edition(
        &self,
        sink: &mut Sink,
        edition: &Edition,
        scored: ScoredEdition,
        doc_rng: &mut ChaCha8Rng,
    ) -> io::Result<()> {
        let ScoredEdition { groups, results } = scored;
        let documents = self.write_documents(sink, edition, &results, doc_rng)?;
        let json = self.edition_json(edition.year, groups, documents);
        sink.write_json(&format!("{}/edition.json", edition.dir()), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{check_dataset, generate, tree, Table};
    use super::*;
    use std::fs;
    use std::path::Path;

    #[test]
    fn province_is_deterministic() {
        let (a, sa) = generate(1);
        let (b, sb) = generate(1);
        assert_eq!(sa, sb);
        let (ta, tb) = (tree(&a.path().join("data")), tree(&b.path().join("data")));
        assert_eq!(ta.len(), sa.files);
        assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
        for (path, bytes) in &ta {
            assert!(
                tb[path] == *bytes,
                "{} differs between runs",
                path.display()
            );
        }
    }

    /// `data/` is what `chiso sample --preset province --seed 1` writes,
    /// byte for byte: a change to the generator regenerates it.
    #[test]
    fn bundled_data_is_the_province_sample_of_seed_1() {
        let (dir, _) = generate(1);
        let made = tree(&dir.path().join("data"));
        let bundled = tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
        assert_eq!(
            made.keys().collect::<Vec<_>>(),
            bundled.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &made {
            assert!(
                bundled[path] == *bytes,
                "data/{} differs from the sample of seed 1",
                path.display()
            );
        }
    }

    #[test]
    fn different_seeds_give_different_scores() {
        let (a, _) = generate(1);
        let (b, _) = generate(2);
        let rel = Path::new("editions/2022/scores-huyen.csv");
        let fa = fs::read(a.path().join("data").join(rel)).expect("file");
        let fb = fs::read(b.path().join("data").join(rel)).expect("file");
        assert_ne!(fa, fb);
        // The registry does not depend on the seed: names stay stable for tests.
        assert_eq!(
            fs::read(a.path().join("data/units.csv")).expect("units"),
            fs::read(b.path().join("data/units.csv")).expect("units")
        );
    }

    #[test]
    fn province_is_valid_and_sized() {
        for seed in [1, 7, 2024] {
            let (dir, summary) = generate(seed);
            let root = dir.path().join("data");
            let counts = check_dataset(&root);
            assert_eq!(summary.editions, 6);
            for year in 2020..=2024 {
                let n = |k: &str| counts.get(&(year, k.to_string())).copied().unwrap_or(0);
                assert!(
                    (18..=22).contains(&n("so")),
                    "{year}: {} departments",
                    n("so")
                );
                assert_eq!(n("huyen"), 8);
                assert!((70..=90).contains(&n("xa")), "{year}: {} communes", n("xa"));
            }
            // After the reorganisation: no districts, the communes merged
            // in twos to fours, wards ranked apart (`xa` is `xa-dac-khu`).
            let n = |k: &str| counts.get(&(2025, k.to_string())).copied().unwrap_or(0);
            assert!((18..=22).contains(&n("so")), "{} departments", n("so"));
            assert_eq!(n("huyen"), 0);
            assert!((3..=10).contains(&n("phuong")), "{} wards", n("phuong"));
            assert!(
                (15..=30).contains(&n("xa")),
                "{} communes and zones",
                n("xa")
            );
            let score_files: usize = tree(&root)
                .iter()
                .filter(|(p, _)| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("scores-"))
                })
                .map(|(p, _)| Table::read(&root.join(p)).rows.len())
                .sum();
            assert_eq!(score_files, summary.score_rows);
        }
    }

    #[test]
    fn refuses_a_non_empty_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("keep.txt"), "x").expect("write");
        let err = write_sample(Preset::Province, 1, dir.path()).expect_err("must refuse");
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        // An existing empty directory is fine.
        let empty = tempfile::tempdir().expect("temp dir");
        write_sample(Preset::Province, 1, empty.path()).expect("written into empty dir");
    }
}
