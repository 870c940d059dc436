//! The registry of units (`units.csv`): each province with its
//! departments, districts and communes, the boundary changes real
//! registries have (a merger, an absorption, a renamed department), and
//! ids made unique the way a publisher would.

use std::collections::BTreeMap;

use super::names::{
    fold, province_name, slug, DepartmentDef, DistrictDef, COMMUNE_COUNT_VARIATION, DEPARTMENTS,
    DISTRICTS, GENERIC_COMMUNES, MERGED_COMMUNES, RENAMED_DEPARTMENT,
};
use super::provinces::{resolution, ProvinceName};
use super::reorganisation::{reorganises, LineageRow};
use super::SampleSize;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Province,
    Department,
    District,
    Commune,
}

impl Kind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Province => "province",
            Kind::Department => "department",
            Kind::District => "district",
            Kind::Commune => "commune",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CommuneType {
    Ward,
    Commune,
    Township,
}

impl CommuneType {
    fn prefix(self) -> &'static str {
        match self {
            CommuneType::Ward => "Phường",
            CommuneType::Commune => "Xã",
            CommuneType::Township => "Thị trấn",
        }
    }

    fn word(self) -> &'static str {
        match self {
            CommuneType::Ward => "phường",
            CommuneType::Commune => "xã",
            CommuneType::Township => "thị trấn",
        }
    }

    fn english(self) -> &'static str {
        match self {
            CommuneType::Ward => "Ward",
            CommuneType::Commune => "Commune",
            CommuneType::Township => "Township",
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Unit {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) short_name: String,
    pub(super) kind: Kind,
    pub(super) parent: Option<usize>,
    pub(super) name_en: String,
    pub(super) successor: Option<usize>,
    pub(super) valid_from: Option<i32>,
    pub(super) valid_to: Option<i32>,
    /// Index of the province the unit belongs to (itself for a province).
    pub(super) province: usize,
    /// How the unit refers to itself in the names of its offices.
    pub(super) local_word: &'static str,
    /// For departments: document-number suffix.
    pub(super) abbr: &'static str,
    /// First year the satisfaction survey covers the unit.
    pub(super) surveyed_from: i32,
    /// The official administrative code, where the registry gives codes.
    pub(super) code: Option<String>,
    /// `former_names` of `units.csv`: the names it had under this id.
    pub(super) former_names: Option<String>,
    /// Month and day of `valid_from` and `valid_to` when the change took
    /// effect on a day within the year, not on 1 January.
    pub(super) from_day: Option<(u32, u32)>,
    pub(super) to_day: Option<(u32, u32)>,
    /// Where a unit of the map after the 2025 reorganisation stands.
    pub(super) tier: Option<Tier>,
    /// Unsuffixed id; made unique later, in `assign_ids`.
    base: String,
}

/// The communal level of the map after the 2025 reorganisation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tier {
    Ward,
    Commune,
    SpecialZone,
}

impl Unit {
    pub(super) fn exists_in(&self, year: i32) -> bool {
        self.valid_from.is_none_or(|from| year >= from) && self.valid_to.is_none_or(|to| year <= to)
    }

    /// Whether the unit still exists on 31 December of `year`: a unit that
    /// ceased to exist within the year is not assessed for it.
    pub(super) fn exists_at_end_of(&self, year: i32) -> bool {
        self.exists_in(year) && !(self.valid_to == Some(year) && self.to_day.is_some())
    }

    pub(super) fn surveyed_in(&self, year: i32) -> bool {
        year >= self.surveyed_from
    }
}

pub(super) struct Registry {
    pub(super) units: Vec<Unit>,
    pub(super) provinces: Vec<usize>,
    /// The rows of `lineage.csv`; none when the sample has no reorganisation.
    pub(super) lineage: Vec<LineageRow>,
}

impl Registry {
    pub(super) fn build(size: &SampleSize) -> Registry {
        let mut units = Vec::new();
        let mut provinces = Vec::new();
        for p in 0..size.provinces {
            provinces.push(units.len());
            add_province(&mut units, size, p);
        }
        assign_ids(&mut units);
        let mut registry = Registry {
            units,
            provinces,
            lineage: Vec::new(),
        };
        if reorganises(size) {
            registry.reorganise();
        }
        registry
    }
}

pub(super) fn blank_unit(
    kind: Kind,
    name: String,
    short_name: String,
    name_en: String,
    base: String,
) -> Unit {
    Unit {
        id: String::new(),
        name,
        short_name,
        kind,
        parent: None,
        name_en,
        successor: None,
        valid_from: None,
        valid_to: None,
        province: 0,
        local_word: "",
        abbr: "",
        surveyed_from: i32::MIN,
        code: None,
        former_names: None,
        from_day: None,
        to_day: None,
        tier: None,
        base,
    }
}

/// The province preset's province is fictional; the national preset's are
/// the 63 of the map before 1 July 2025.
fn add_province(units: &mut Vec<Unit>, size: &SampleSize, p: usize) {
    let name = if size.provinces == 1 {
        let short = province_name(p);
        ProvinceName {
            full: format!("Tỉnh {short}"),
            short,
            word: "tỉnh",
        }
    } else {
        resolution().before[p].clone()
    };
    let province = units.len();
    units.push(province_unit(&name, slug(&name.short), province));
    add_departments(units, size, province, &name);
    for d in 0..size.districts {
        add_district(units, size, p, d, province);
    }
}

pub(super) fn province_unit(name: &ProvinceName, base: String, index: usize) -> Unit {
    let mut unit = blank_unit(
        Kind::Province,
        name.full.clone(),
        name.short.clone(),
        name.english(),
        base,
    );
    unit.province = index;
    unit.local_word = name.word;
    unit
}

/// The province's departments. The industrial zones authority becomes an
/// economic zone authority (a new id) in the fourth edition, when there is
/// one.
fn add_departments(units: &mut Vec<Unit>, size: &SampleSize, province: usize, name: &ProvinceName) {
    // Department names repeat in every province, so a national dataset
    // names the province to keep them apart.
    let named = (size.provinces > 1).then_some(name);
    for def in &DEPARTMENTS[..size.departments] {
        units.push(department_unit(def, province, named));
    }
    let rename_year = size.first_year + 3;
    if size.departments == DEPARTMENTS.len() && size.editions > 3 {
        let old = units.len() - 1;
        let new = units.len();
        units.push(department_unit(&RENAMED_DEPARTMENT, province, named));
        units[old].valid_to = Some(rename_year - 1);
        units[old].successor = Some(new);
        units[new].valid_from = Some(rename_year);
    }
}

/// A department of `province`; `province_name` is given when the dataset
/// has more than one province.
pub(super) fn department_unit(
    def: &DepartmentDef,
    province: usize,
    province_name: Option<&ProvinceName>,
) -> Unit {
    let (full, base) = match province_name {
        Some(name) => (
            format!("{} {} {}", def.name, name.word, name.short),
            format!("{}-{}", slug(&name.short), def.id),
        ),
        None => (def.name.to_string(), def.id.to_string()),
    };
    let mut unit = blank_unit(
        Kind::Department,
        full,
        def.short_name.to_string(),
        def.name_en.to_string(),
        base,
    );
    unit.parent = Some(province);
    unit.province = province;
    unit.local_word = "đơn vị";
    unit.abbr = def.abbr;
    if !def.surveyed {
        unit.surveyed_from = i32::MAX;
    }
    unit
}

/// District `d` of province `p`, with its communes and their boundary
/// changes.
fn add_district(units: &mut Vec<Unit>, size: &SampleSize, p: usize, d: usize, province: usize) {
    // Rotating the list gives each province its own mix of districts.
    let def = &DISTRICTS[(p * 3 + d) % DISTRICTS.len()];
    let district = units.len();
    let mut unit = blank_unit(
        Kind::District,
        format!("{} {}", def.kind.prefix(), def.name),
        def.name.to_string(),
        format!("{} {}", fold(def.name), def.kind.english()),
        slug(def.name),
    );
    unit.parent = Some(province);
    unit.province = province;
    unit.local_word = def.kind.word();
    units.push(unit);

    let variation = COMMUNE_COUNT_VARIATION[d % COMMUNE_COUNT_VARIATION.len()];
    let count = size
        .communes_per_district
        .saturating_add_signed(variation)
        .max(3);
    let names = commune_names(def, count, p + d);
    let wards = count * def.kind.ward_tenths() / 10;
    let first = units.len();
    for (j, short) in names.iter().enumerate() {
        let ctype = if j < wards {
            CommuneType::Ward
        } else if j == 0 {
            CommuneType::Township
        } else {
            CommuneType::Commune
        };
        units.push(commune_unit(short, ctype, district, province));
    }
    add_commune_changes(units, size, d, first, def);
}

fn commune_unit(short: &str, ctype: CommuneType, district: usize, province: usize) -> Unit {
    let mut unit = blank_unit(
        Kind::Commune,
        format!("{} {short}", ctype.prefix()),
        short.to_string(),
        format!("{} {}", fold(short), ctype.english()),
        slug(short),
    );
    unit.parent = Some(district);
    unit.province = province;
    unit.local_word = ctype.word();
    unit
}

/// The district's own communes first, then common names it does not have yet.
fn commune_names(def: &DistrictDef, count: usize, offset: usize) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = def.communes.iter().copied().take(count).collect();
    let generic = GENERIC_COMMUNES.len();
    for k in 0..generic {
        if names.len() >= count {
            break;
        }
        let candidate = GENERIC_COMMUNES[(offset * 7 + k) % generic];
        if !names.contains(&candidate) {
            names.push(candidate);
        }
    }
    names
}

/// Boundary changes, as happen in every real province: in one district two
/// communes merge into a new one (fourth edition on); in another, the last
/// commune is absorbed into its neighbour (second edition on).
fn add_commune_changes(
    units: &mut Vec<Unit>,
    size: &SampleSize,
    d: usize,
    first: usize,
    def: &DistrictDef,
) {
    let last = units.len() - 1;
    let district = units[first].parent;
    let province = units[first].province;
    if d == 2 && size.editions > 3 && last >= first + 2 {
        let year = size.first_year + 3;
        let name = MERGED_COMMUNES
            .iter()
            .find(|n| !def.communes.contains(n))
            .copied()
            .unwrap_or(MERGED_COMMUNES[0]);
        let Some(district) = district else { return };
        let mut merged = commune_unit(name, CommuneType::Commune, district, province);
        merged.valid_from = Some(year);
        // The survey samples units of the previous year's registry.
        merged.surveyed_from = year + 1;
        let new = units.len();
        units.push(merged);
        for old in [last - 1, last] {
            units[old].valid_to = Some(year - 1);
            units[old].successor = Some(new);
        }
    }
    if d == 5 && size.editions > 1 && last >= first + 2 {
        units[last].valid_to = Some(size.first_year);
        units[last].successor = Some(last - 1);
    }
}

/// Makes every id unique: a name shared by units of one kind is suffixed
/// with the parent's (then the province's) id; anything still clashing, e.g.
/// with another kind, gets a number.
fn assign_ids(units: &mut [Unit]) {
    // Candidate ids by level of qualification, as owned strings.
    let chains: Vec<Vec<String>> = units
        .iter()
        .map(|u| {
            let mut chain = vec![u.base.clone()];
            if u.kind == Kind::Commune || u.kind == Kind::District {
                if let Some(parent) = u.parent {
                    chain.push(format!("{}-{}", u.base, units[parent].base));
                    if u.kind == Kind::Commune {
                        let province = &units[u.province].base;
                        chain.push(format!("{}-{}-{}", u.base, units[parent].base, province));
                    }
                }
            }
            chain
        })
        .collect();
    let mut level = vec![0usize; units.len()];
    loop {
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, u) in units.iter().enumerate() {
            *seen
                .entry((u.kind.as_str(), &chains[i][level[i]]))
                .or_default() += 1;
        }
        let mut changed = false;
        for (i, u) in units.iter().enumerate() {
            let clash = seen[&(u.kind.as_str(), chains[i][level[i]].as_str())] > 1;
            if clash && level[i] + 1 < chains[i].len() {
                level[i] += 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut used = std::collections::BTreeSet::new();
    for (i, unit) in units.iter_mut().enumerate() {
        let wanted = chains[i][level[i]].clone();
        let mut id = wanted.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        unit.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{generate, tree, Table};
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    #[test]
    fn registry_has_the_realistic_quirks() {
        let (dir, summary) = generate(1);
        let t = Table::read(&dir.path().join("data/units.csv"));
        assert_eq!(t.rows.len(), summary.units);
        let names: Vec<&str> = t
            .rows
            .iter()
            .map(|r| r[t.col("short_name")].as_str())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("Đắk"))
                && names.iter().any(|n| n.starts_with("Đăk"))
        );
        let mut seen = BTreeMap::new();
        for row in &t.rows {
            if row[t.col("kind")] == "commune" {
                *seen.entry(row[t.col("short_name")].as_str()).or_insert(0) += 1;
            }
        }
        assert!(
            seen.values().any(|&n| n > 1),
            "some commune names repeat across districts"
        );
        let successors = t
            .rows
            .iter()
            .filter(|r| !r[t.col("successor")].is_empty())
            .count();
        assert!(successors >= 3, "a merger, an absorption and a rename");
        assert!(t
            .rows
            .iter()
            .any(|r| r[t.col("name")] == "Thành phố Minh Châu"));
        // Exactly one file of the editions is written the way
        // Vietnamese-locale Excel saves it (the reports' commune files are
        // too: `reports.rs`).
        let excel: Vec<_> = tree(&dir.path().join("data"))
            .into_iter()
            .filter(|(p, _)| !p.starts_with("reports"))
            .filter(|(_, bytes)| bytes.starts_with("\u{feff}".as_bytes()))
            .map(|(p, _)| p)
            .collect();
        assert_eq!(excel, vec![PathBuf::from("editions/2021/scores-xa.csv")]);
    }
}
