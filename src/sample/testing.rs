//! An independent checker of the sample, for the tests: it reads the files
//! back as the data format allows them and checks every rule `chiso
//! check` enforces, without chiso's own reader.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::prelude::Zero;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{write_sample, Preset, SampleSummary};

pub(super) fn generate(seed: u64) -> (tempfile::TempDir, SampleSummary) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("data");
    let summary = write_sample(Preset::Province, seed, &out).expect("sample written");
    (dir, summary)
}

pub(super) fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("inside root").to_path_buf();
                files.insert(rel, fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

/// Reads a CSV as the contract allows it: optional BOM, delimiter from
/// the header line, decimal commas when the delimiter is not a comma.
pub(super) struct Table {
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
    pub(super) decimal_comma: bool,
}

impl Table {
    pub(super) fn read(path: &Path) -> Table {
        let bytes = fs::read(path).expect("csv readable");
        let text = String::from_utf8(bytes).expect("utf-8");
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.contains(';') { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.expect("record").iter().map(str::to_string).collect())
            .collect();
        Table {
            header,
            rows,
            decimal_comma: delimiter != b',',
        }
    }

    pub(super) fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .expect("column present")
    }

    pub(super) fn dec(&self, text: &str) -> Decimal {
        let text = if self.decimal_comma {
            text.replace(',', ".")
        } else {
            text.to_string()
        };
        Decimal::from_str(&text).unwrap_or_else(|_| panic!("number expected, got {text:?}"))
    }
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) struct Unitx {
    pub(super) valid_from: Option<i32>,
    pub(super) valid_to: Option<i32>,
}

pub(super) fn read_units(root: &Path) -> BTreeMap<String, Unitx> {
    let t = Table::read(&root.join("units.csv"));
    let (id, from, to) = (t.col("id"), t.col("valid_from"), t.col("valid_to"));
    let mut units = BTreeMap::new();
    for row in &t.rows {
        assert!(is_id(&row[id]), "bad id {:?}", row[id]);
        // A year, or a day (`2025-06-30`) whose year is enough here.
        let parse = |s: &str| {
            (!s.is_empty()).then(|| {
                s.get(..4)
                    .and_then(|y| y.parse::<i32>().ok())
                    .expect("year")
            })
        };
        let unit = Unitx {
            valid_from: parse(&row[from]),
            valid_to: parse(&row[to]),
        };
        assert!(
            units.insert(row[id].clone(), unit).is_none(),
            "duplicate id {}",
            row[id]
        );
    }
    for row in &t.rows {
        for col in ["parent", "successor"] {
            let value = &row[t.col(col)];
            assert!(
                value.is_empty() || units.contains_key(value),
                "{col} {value} unknown"
            );
        }
    }
    units
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Per edition and group kind, how many units were scored.
pub(super) type Counts = BTreeMap<(i32, String), usize>;

/// An independent check of the rules a checker enforces.
pub(super) fn check_dataset(root: &Path) -> Counts {
    let units = read_units(root);
    let mut counts = Counts::new();
    let mut editions: Vec<PathBuf> = fs::read_dir(root.join("editions"))
        .expect("editions dir")
        .map(|e| e.expect("entry").path())
        .collect();
    editions.sort();
    for edir in editions {
        let edition: serde_json::Value =
            serde_json::from_slice(&fs::read(edir.join("edition.json")).expect("edition.json"))
                .expect("json");
        let year = edition["year"].as_i64().expect("year") as i32;
        assert_eq!(edition["status"], "final");
        let published_on = edition["published_on"].as_str().expect("date");
        assert!(
            published_on.starts_with(&(year + 1).to_string()),
            "{published_on}"
        );
        let bands: Vec<(String, Decimal)> = edition["bands"]
            .as_array()
            .expect("bands")
            .iter()
            .map(|b| {
                (
                    b["name"].as_str().expect("name").to_string(),
                    Decimal::from(b["min"].as_i64().expect("min")),
                )
            })
            .collect();
        for doc in edition["documents"].as_array().expect("documents") {
            let file = edir.join(doc["file"].as_str().expect("file"));
            assert!(file.is_file(), "{} missing", file.display());
        }
        for group in edition["groups"].as_array().expect("groups") {
            let gid = group["id"].as_str().expect("id");
            let n = check_group(&edir, group, year, &units, &bands);
            let kind = gid.split('-').next().unwrap_or(gid).to_string();
            *counts.entry((year, kind)).or_default() += n;
        }
    }
    counts
}

fn check_group(
    edir: &Path,
    group: &serde_json::Value,
    year: i32,
    units: &BTreeMap<String, Unitx>,
    bands: &[(String, Decimal)],
) -> usize {
    let file = |key: &str| edir.join(group[key].as_str().expect("file name"));
    // Framework: code -> (parent, max), completeness from the maxima.
    let fw = Table::read(&file("framework"));
    let mut fmax: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut parent: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut order = Vec::new();
    for row in &fw.rows {
        let code = row[fw.col("code")].clone();
        fmax.insert(code.clone(), fw.dec(&row[fw.col("max")]));
        let p = row[fw.col("parent")].clone();
        parent.insert(code.clone(), (!p.is_empty()).then_some(p));
        order.push(code);
    }
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (code, p) in &parent {
        if let Some(p) = p {
            children.entry(p.clone()).or_default().push(code.clone());
        }
    }
    let top_total: Decimal = parent
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(c, _)| fmax[c])
        .sum();
    assert_eq!(top_total, Decimal::from(100));
    for (p, kids) in &children {
        let sum: Decimal = kids.iter().map(|k| fmax[k]).sum();
        assert_eq!(sum, fmax[p], "framework node {p} incomplete");
    }

    // Scores.
    let st = Table::read(&file("scores"));
    let (cu, cc, cs, cm, cself, cnote, cresp) = (
        st.col("unit"),
        st.col("code"),
        st.col("score"),
        st.col("max"),
        st.col("self_score"),
        st.col("note"),
        st.col("responsible"),
    );
    let mut own: HashMap<(String, String), Decimal> = HashMap::new();
    let mut scores: HashMap<(String, String), Option<Decimal>> = HashMap::new();
    let mut unit_order: Vec<String> = Vec::new();
    for row in &st.rows {
        let (unit, code) = (row[cu].clone(), row[cc].clone());
        let u = units.get(&unit).expect("unit in registry");
        assert!(u.valid_from.is_none_or(|f| year >= f) && u.valid_to.is_none_or(|t| year <= t));
        let max = fmax.get(&code).copied().expect("code in framework");
        let value = if row[cm] == "x" {
            assert!(
                row[cs].is_empty() && row[cself].is_empty(),
                "{unit} {code}: x with a score"
            );
            None
        } else {
            assert!(row[cm].is_empty(), "no numeric override expected");
            let score = st.dec(&row[cs]);
            assert!(
                score >= Decimal::zero() && score <= max,
                "{unit} {code}: {score} of {max}"
            );
            assert!(score.scale() <= 2 || score.normalize().scale() <= 2);
            if !row[cself].is_empty() {
                let value = st.dec(&row[cself]);
                assert!(
                    value >= Decimal::zero() && value <= max,
                    "{unit} {code}: self {value} of {max}"
                );
                own.insert((unit.clone(), code.clone()), value);
            }
            let lost = score < max;
            let leaf = !children.contains_key(&code);
            assert_eq!(
                leaf && lost,
                !row[cnote].is_empty(),
                "{unit} {code}: note iff points lost"
            );
            assert_eq!(row[cnote].is_empty(), row[cresp].is_empty());
            Some(score)
        };
        if unit_order.last() != Some(&unit) {
            unit_order.push(unit.clone());
        }
        assert!(
            scores.insert((unit, code), value).is_none(),
            "duplicate row"
        );
    }
    let unit_set: BTreeSet<&String> = unit_order.iter().collect();
    assert_eq!(
        unit_set.len(),
        unit_order.len(),
        "rows of a unit are contiguous"
    );
    for unit in &unit_order {
        for code in &order {
            let value = scores
                .get(&(unit.clone(), code.clone()))
                .unwrap_or_else(|| panic!("{unit} {code} missing"));
            let kids = children.get(code).map(Vec::as_slice).unwrap_or(&[]);
            match value {
                None => {
                    for k in kids {
                        assert!(
                            scores[&(unit.clone(), k.clone())].is_none(),
                            "{unit} {k} under x"
                        );
                    }
                }
                Some(score) if !kids.is_empty() => {
                    let sum: Decimal = kids
                        .iter()
                        .map(|k| scores[&(unit.clone(), k.clone())].expect("child scored"))
                        .sum();
                    assert_eq!(sum, *score, "{unit} {code}: children add up to {sum}");
                }
                Some(_) => {}
            }
            // A field's self-assessment is the sum of its sub-criteria's.
            if let (None, Some(field_own)) = (&parent[code], own.get(&(unit.clone(), code.clone())))
            {
                let leaves: Decimal = order
                    .iter()
                    .filter(|c| c.starts_with(&format!("{code}.")) && !children.contains_key(*c))
                    .map(|c| own[&(unit.clone(), c.clone())])
                    .sum();
                assert_eq!(leaves, *field_own, "{unit} {code}: self-assessment");
            }
        }
    }

    // Published figures against recomputed ones.
    let pt = Table::read(&file("published"));
    let recomputed: Vec<(String, Decimal, Decimal, Decimal)> = unit_order
        .iter()
        .map(|u| {
            let mut achieved = Decimal::zero();
            let mut max = Decimal::zero();
            for (code, p) in &parent {
                if let (None, Some(score)) = (p, scores[&(u.clone(), code.clone())]) {
                    achieved += score;
                    max += fmax[code];
                }
            }
            (
                u.clone(),
                achieved,
                max,
                achieved / max * Decimal::from(100),
            )
        })
        .collect();
    assert_eq!(pt.rows.len(), recomputed.len());
    let by_unit: BTreeMap<&str, &Vec<String>> = pt
        .rows
        .iter()
        .map(|r| (r[pt.col("unit")].as_str(), r))
        .collect();
    for (unit, achieved, max, index) in &recomputed {
        let row = by_unit[unit.as_str()];
        assert_eq!(pt.dec(&row[pt.col("achieved")]), *achieved);
        assert_eq!(pt.dec(&row[pt.col("max")]), *max);
        let printed = pt.dec(&row[pt.col("index")]);
        assert_eq!(printed, round2(*index), "{unit}: index");
        let rank = 1 + recomputed.iter().filter(|r| r.3 > *index).count();
        assert_eq!(row[pt.col("rank")], rank.to_string(), "{unit}: rank");
        let band = bands
            .iter()
            .find(|(_, min)| printed >= *min)
            .map(|(n, _)| n.as_str())
            .unwrap_or("");
        assert_eq!(row[pt.col("band")], band, "{unit}: band");
    }
    unit_order.len()
}
