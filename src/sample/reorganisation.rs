//! The reorganisation of 1 July 2025, as a province went through it: the
//! districts were dissolved, communes merged in twos to fours directly
//! under the province, two communes were split between two new ones, one
//! was only renamed, one became a ward (phường), one merged group became a
//! special zone (đặc khu), and the new units mostly kept the code of a
//! predecessor, one of them under another name. A department was renamed
//! in place on 1 March 2025, under the same id.
//!
//! It makes the registry's new units and official codes, the rows of
//! `lineage.csv`, and the ranking groups of the editions after the change
//! (departments, wards, communes and special zones). A sample whose
//! editions cross 2025 is reorganised; with several provinces, the
//! provinces merge as Nghị quyết 202/2025/QH15 merged them
//! (`provinces`), with their departments, and every old province's
//! districts and communes go through the same changes as the province
//! preset's, under the new province.

use std::collections::BTreeSet;
use std::io;

use super::names::{fold, slug};
use super::places::{blank_unit, province_unit, Kind, Registry, Tier, Unit};
use super::provinces::{resolution, ProvinceName, PROVINCE_BASIS};
use super::scores::{GroupKind, GROUP_KINDS};
use super::{Edition, Generator, SampleSize};

/// The first edition scored on the new map: it is published after 1 July.
pub(super) const REORGANISATION_YEAR: i32 = 2025;
const LAST_DAY: (u32, u32) = (6, 30);
const FIRST_DAY: (u32, u32) = (7, 1);
const DATE: &str = "2025-07-01";
const BASIS_COMMUNES: &str = "Nghị quyết 1656/NQ-UBTVQH15";
const BASIS_DISTRICTS: &str = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15";

/// The groups of an edition on the new map.
pub(super) const NEW_MAP_KINDS: [GroupKind; 3] = [
    GroupKind::Departments,
    GroupKind::Wards,
    GroupKind::CommunesAndZones,
];

/// Names new units take when none of their predecessors' names will do.
const NEW_NAMES: [&str; 12] = [
    "Hòa Hợp",
    "Đại Đồng",
    "Hưng Thịnh",
    "Phú Thịnh",
    "Tân Hưng",
    "Hợp Nhất",
    "Vạn Xuân",
    "Thái Hòa",
    "Quang Trung",
    "Hiệp Hòa",
    "Trường Xuân",
    "An Khang",
];

/// The department renamed in place, and its new names.
const RENAMED_IN_PLACE: &str = "ban-dan-toc";
const RENAMED_TO: (&str, &str, &str) = (
    "Sở Dân tộc và Tôn giáo",
    "Dân tộc và Tôn giáo",
    "Department of Ethnic and Religious Affairs",
);
const RENAMED_UNTIL: &str = "2025-02-28";

/// Group sizes of the merges, in turn; the last group of a district takes
/// what is left (two to four).
const MERGE_SIZES: [usize; 3] = [3, 2, 4];

pub(super) fn reorganises(size: &SampleSize) -> bool {
    let last = size.first_year + size.editions as i32 - 1;
    size.first_year < REORGANISATION_YEAR && last >= REORGANISATION_YEAR
}

/// One row of `lineage.csv`.
#[derive(Clone, Debug)]
pub(super) struct LineageRow {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) kind: &'static str,
    pub(super) share: &'static str,
    basis: &'static str,
    note: &'static str,
}

impl Tier {
    fn prefix(self) -> &'static str {
        match self {
            Tier::Ward => "Phường",
            Tier::Commune => "Xã",
            Tier::SpecialZone => "Đặc khu",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Tier::Ward => "phường",
            Tier::Commune => "xã",
            Tier::SpecialZone => "đặc khu",
        }
    }

    fn english(self) -> &'static str {
        match self {
            Tier::Ward => "Ward",
            Tier::Commune => "Commune",
            Tier::SpecialZone => "Special Zone",
        }
    }
}

/// Splits `n` communes into merge groups of two to four.
fn merge_groups(n: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = n;
    let mut k = 0;
    while left > 0 {
        let mut take = MERGE_SIZES[k % MERGE_SIZES.len()];
        k += 1;
        if left <= 4 {
            take = left;
        } else if left - take < 2 {
            take = left - 2;
        }
        sizes.push(take);
        left -= take;
    }
    sizes
}

/// Makes the new map into a registry: names and ids in use, and fresh
/// names to draw on.
struct Builder<'a> {
    registry: &'a mut Registry,
    province: usize,
    ids: BTreeSet<String>,
    names: BTreeSet<String>,
    fresh: usize,
}

impl Builder<'_> {
    fn is_ward(&self, unit: usize) -> bool {
        self.registry.units[unit].local_word == "phường"
    }

    fn short(&self, unit: usize) -> String {
        self.registry.units[unit].short_name.clone()
    }

    /// The next new name no unit of the province has had, so that a new
    /// name never reads as a predecessor's.
    fn fresh_name(&mut self) -> String {
        loop {
            let name = NEW_NAMES[self.fresh % NEW_NAMES.len()];
            let round = self.fresh / NEW_NAMES.len();
            self.fresh += 1;
            let name = if round == 0 {
                name.to_string()
            } else {
                format!("{name} {}", round + 1)
            };
            if !self.registry.units.iter().any(|u| u.short_name == name) {
                return name;
            }
        }
    }

    /// A new unit of `tier`, named after the first candidate no other new
    /// unit has, keeping `code`.
    fn add(&mut self, tier: Tier, candidates: &[String], code: Option<String>) -> usize {
        let free = |b: &Self, short: &str| !b.names.contains(&format!("{} {short}", tier.prefix()));
        let mut short = candidates.iter().find(|c| free(self, c)).cloned();
        while short.is_none() {
            let name = self.fresh_name();
            short = free(self, &name).then_some(name);
        }
        let short = short.unwrap_or_default();
        let name = format!("{} {short}", tier.prefix());
        let mut base = slug(&name);
        // Names repeat across provinces: the province tells them apart.
        if self.ids.contains(&base) && self.registry.provinces.len() > 1 {
            let province = &self.registry.units[self.province].short_name;
            base = format!("{base}-{}", slug(province));
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let mut unit: Unit = blank_unit(
            Kind::Commune,
            name.clone(),
            short.clone(),
            format!("{} {}", fold(&short), tier.english()),
            base,
        );
        unit.id = id.clone();
        unit.parent = Some(self.province);
        unit.province = self.province;
        unit.local_word = tier.word();
        unit.valid_from = Some(REORGANISATION_YEAR);
        unit.from_day = Some(FIRST_DAY);
        // The survey of 2025 was run in the autumn, on the new map.
        unit.surveyed_from = REORGANISATION_YEAR;
        unit.code = code;
        unit.tier = Some(tier);
        self.ids.insert(id);
        self.names.insert(name);
        self.registry.units.push(unit);
        self.registry.units.len() - 1
    }

    fn row(
        &mut self,
        from: usize,
        to: usize,
        kind: &'static str,
        share: &'static str,
        note: &'static str,
    ) {
        self.registry.lineage.push(LineageRow {
            from,
            to,
            kind,
            share,
            basis: BASIS_COMMUNES,
            note,
        });
    }

    /// Communes merged into one new unit; a ward among them makes it a ward.
    fn merge(&mut self, group: &[usize], tier: Option<Tier>, fresh: bool) {
        let tier = tier.unwrap_or(if group.iter().any(|&u| self.is_ward(u)) {
            Tier::Ward
        } else {
            Tier::Commune
        });
        let mut candidates: Vec<String> = group.iter().map(|&u| self.short(u)).collect();
        if fresh {
            let name = self.fresh_name();
            candidates.insert(0, name);
        }
        let code = self.registry.units[group[0]].code.clone();
        let new = self.add(tier, &candidates, code);
        for &old in group {
            self.row(old, new, "merge", "", "");
        }
    }
}

/// A province of the new map and the old provinces it was formed from:
/// itself when it was not merged.
struct NewProvince {
    /// Registry index of the new province.
    index: usize,
    olds: Vec<usize>,
}

impl Registry {
    /// Codes for the old map, then the new map of 1 July 2025.
    pub(super) fn reorganise(&mut self) {
        self.assign_codes();
        let before = REORGANISATION_YEAR - 1;
        let ids = self.units.iter().map(|u| u.id.clone()).collect();
        let plan = self.merge_provinces();
        let mut b = Builder {
            registry: self,
            province: 0,
            ids,
            names: BTreeSet::new(),
            fresh: 0,
        };
        for new in &plan {
            b.province = new.index;
            b.names.clear();
            if new.olds != [new.index] {
                b.merge_departments(&new.olds);
            }
            for &old in &new.olds {
                let island = b.registry.provinces.len() == 1
                    || b.registry
                        .provinces
                        .iter()
                        .position(|&p| p == old)
                        .is_some_and(|k| k % 5 == 0);
                let districts: Vec<usize> = (0..b.registry.units.len())
                    .filter(|&i| {
                        let u = &b.registry.units[i];
                        u.kind == Kind::District && u.parent == Some(old) && u.exists_in(before)
                    })
                    .collect();
                for (d, &district) in districts.iter().enumerate() {
                    let last = d + 1 == districts.len();
                    b.dissolve_district(district, d, island && last);
                }
            }
        }
    }

    /// Official codes: three digits for a district, five for a commune, as
    /// the national register numbers them.
    fn assign_codes(&mut self) {
        let (mut district_code, mut commune_code) = if self.provinces.len() == 1 {
            (600, 21000)
        } else {
            (1, 1)
        };
        for unit in &mut self.units {
            match unit.kind {
                Kind::District => {
                    unit.code = Some(format!("{district_code:03}"));
                    district_code += 1;
                }
                Kind::Commune => {
                    unit.code = Some(format!("{commune_code:05}"));
                    commune_code += 3;
                }
                Kind::Province | Kind::Department => {}
            }
            if unit.id == RENAMED_IN_PLACE {
                let old = std::mem::replace(&mut unit.name, RENAMED_TO.0.to_string());
                unit.short_name = RENAMED_TO.1.to_string();
                unit.name_en = RENAMED_TO.2.to_string();
                unit.former_names = Some(format!("{old} (đến {RENAMED_UNTIL})"));
            }
        }
    }

    /// The provinces of the new map: one province stays itself; many are
    /// merged as the resolution merged them, into new units that take the
    /// first predecessor's name.
    fn merge_provinces(&mut self) -> Vec<NewProvince> {
        if self.provinces.len() == 1 {
            let index = self.provinces[0];
            return vec![NewProvince {
                index,
                olds: vec![index],
            }];
        }
        let mut plan = Vec::new();
        for (name, olds) in &resolution().after {
            let olds: Vec<usize> = olds
                .iter()
                .filter_map(|&k| self.provinces.get(k).copied())
                .collect();
            let Some(&first) = olds.first() else { continue };
            if self.units[first].name == name.full && resolution_kept(name) {
                plan.push(NewProvince { index: first, olds });
                continue;
            }
            let index = self.units.len();
            let mut unit = province_unit(name, String::new(), index);
            unit.id = format!("{}-{REORGANISATION_YEAR}", slug(&name.short));
            unit.valid_from = Some(REORGANISATION_YEAR);
            unit.from_day = Some(FIRST_DAY);
            self.units.push(unit);
            self.provinces.push(index);
            for &old in &olds {
                let u = &mut self.units[old];
                u.valid_to = Some(REORGANISATION_YEAR);
                u.to_day = Some(LAST_DAY);
                self.lineage.push(LineageRow {
                    from: old,
                    to: index,
                    kind: "merge",
                    share: "",
                    basis: PROVINCE_BASIS,
                    note: "Hợp nhất đơn vị hành chính cấp tỉnh",
                });
            }
            plan.push(NewProvince { index, olds });
        }
        plan
    }
}

/// Whether the resolution left the province as it was.
fn resolution_kept(name: &ProvinceName) -> bool {
    resolution()
        .after
        .iter()
        .any(|(n, olds)| n == name && olds.len() == 1)
}

impl Builder<'_> {
    /// The departments of merged provinces become the new province's, one
    /// for each kind of department, on the day the provinces merge.
    fn merge_departments(&mut self, olds: &[usize]) {
        let before = REORGANISATION_YEAR - 1;
        let province = self.province;
        let (word, short) = {
            let p = &self.registry.units[province];
            (p.local_word, p.short_name.clone())
        };
        let mut made: Vec<(String, usize)> = Vec::new();
        for &old in olds {
            let (old_word, old_short) = {
                let p = &self.registry.units[old];
                (p.local_word, p.short_name.clone())
            };
            let departments: Vec<usize> = (0..self.registry.units.len())
                .filter(|&i| {
                    let u = &self.registry.units[i];
                    u.kind == Kind::Department && u.province == old && u.exists_at_end_of(before)
                })
                .collect();
            for dept in departments {
                let abbr = self.registry.units[dept].short_name.clone();
                let to = match made.iter().find(|(a, _)| *a == abbr) {
                    Some(&(_, to)) => to,
                    None => {
                        let mut unit = self.registry.units[dept].clone();
                        let suffix = format!(" {old_word} {old_short}");
                        let own = unit.name.strip_suffix(&suffix).unwrap_or(&unit.name);
                        unit.name = format!("{own} {word} {short}");
                        let tail = unit.id.rsplit_once(&slug(&old_short)).map(|(_, t)| t);
                        unit.id = format!(
                            "{}{}",
                            self.registry.units[province].id,
                            tail.unwrap_or_default()
                        );
                        unit.parent = Some(province);
                        unit.province = province;
                        unit.successor = None;
                        unit.valid_from = Some(REORGANISATION_YEAR);
                        unit.from_day = Some(FIRST_DAY);
                        unit.valid_to = None;
                        unit.to_day = None;
                        if unit.surveyed_from != i32::MAX {
                            unit.surveyed_from = REORGANISATION_YEAR;
                        }
                        self.ids.insert(unit.id.clone());
                        self.registry.units.push(unit);
                        let to = self.registry.units.len() - 1;
                        made.push((abbr, to));
                        to
                    }
                };
                let u = &mut self.registry.units[dept];
                u.valid_to = Some(REORGANISATION_YEAR);
                u.to_day = Some(LAST_DAY);
                self.registry.lineage.push(LineageRow {
                    from: dept,
                    to,
                    kind: "merge",
                    share: "",
                    basis: PROVINCE_BASIS,
                    note: "Hợp nhất cơ quan chuyên môn khi hợp nhất tỉnh",
                });
            }
        }
    }

    /// District `district`, the `d`th of its province, is dissolved and its
    /// communes merged into new ones directly under the province; the last
    /// district of an island province gives a special zone.
    fn dissolve_district(&mut self, district: usize, d: usize, island: bool) {
        let before = REORGANISATION_YEAR - 1;
        let b = self;
        let mut living: Vec<usize> = (0..b.registry.units.len())
            .filter(|&i| {
                let u = &b.registry.units[i];
                u.parent == Some(district) && u.exists_in(before)
            })
            .collect();
        for &unit in living.iter().chain([&district]) {
            let u = &mut b.registry.units[unit];
            u.valid_to = Some(REORGANISATION_YEAR);
            u.to_day = Some(LAST_DAY);
        }
        b.registry.lineage.push(LineageRow {
            from: district,
            to: b.province,
            kind: "merge",
            share: "",
            basis: BASIS_DISTRICTS,
            note: "Chấm dứt hoạt động của đơn vị hành chính cấp huyện",
        });
        let plain = |b: &Builder, living: &[usize]| {
            living
                .iter()
                .position(|&u| b.registry.units[u].local_word == "xã")
        };
        match d {
            // A commune becomes a ward, on the same territory.
            0 => {
                if let Some(at) = plain(b, &living) {
                    let old = living.remove(at);
                    let code = b.registry.units[old].code.clone();
                    let new = b.add(Tier::Ward, &[b.short(old)], code);
                    b.row(old, new, "reclass", "", "Xã thành phường");
                }
            }
            // Two communes divided between two new ones, each with a
            // neighbour merged in whole.
            1 if living.len() >= 6 => {
                let part: Vec<usize> = living.drain(living.len() - 4..).collect();
                let (a, bb, c, e) = (part[0], part[1], part[2], part[3]);
                let code_a = b.registry.units[a].code.clone();
                let code_b = b.registry.units[bb].code.clone();
                let south = b.add(Tier::Commune, &[b.short(a), b.short(c)], code_a);
                let north = b.add(Tier::Commune, &[b.short(bb), b.short(e)], code_b);
                b.row(a, south, "split", "0.6", "Phần phía nam");
                b.row(a, north, "split", "0.4", "Phần phía bắc");
                b.row(bb, south, "split", "0.3", "Phần phía nam");
                b.row(bb, north, "split", "0.7", "Phần phía bắc");
                b.row(c, south, "merge", "", "");
                b.row(e, north, "merge", "", "");
            }
            // Only the name changes; the new id is under the province.
            3 => {
                if let Some(at) = plain(b, &living) {
                    let old = living.remove(at);
                    let code = b.registry.units[old].code.clone();
                    let name = b.fresh_name();
                    let new = b.add(Tier::Commune, &[name], code);
                    b.row(old, new, "rename", "", "Đổi tên, giữ nguyên địa giới");
                }
            }
            _ => {}
        }
        let mut start = 0;
        for (k, size) in merge_groups(living.len()).into_iter().enumerate() {
            let group = &living[start..start + size];
            start += size;
            if size == 1 {
                let old = group[0];
                let code = b.registry.units[old].code.clone();
                let tier = if b.is_ward(old) {
                    Tier::Ward
                } else {
                    Tier::Commune
                };
                let new = b.add(tier, &[b.short(old)], code);
                b.row(old, new, "rename", "", "");
                continue;
            }
            let tier = (island && k == 0).then_some(Tier::SpecialZone);
            // One new unit keeps a predecessor's code under a new name.
            let fresh = d == 2 && k == 0;
            b.merge(group, tier, fresh);
        }
    }
}

impl Generator<'_> {
    /// The groups an edition ranks: the old map's before the
    /// reorganisation, the new map's from its year.
    pub(super) fn group_kinds(&self, edition: &Edition) -> &'static [GroupKind] {
        if !self.registry.lineage.is_empty() && edition.year >= REORGANISATION_YEAR {
            &NEW_MAP_KINDS
        } else {
            &GROUP_KINDS
        }
    }

    /// `lineage.csv`, when the sample has a reorganisation.
    pub(super) fn write_lineage(&self, sink: &mut super::files::Sink) -> io::Result<()> {
        if self.registry.lineage.is_empty() {
            return Ok(());
        }
        let units = &self.registry.units;
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["date", "from", "to", "kind", "share", "basis", "note"])?;
        for row in &self.registry.lineage {
            writer.write_record([
                DATE,
                &units[row.from].id,
                &units[row.to].id,
                row.kind,
                row.share,
                row.basis,
                row.note,
            ])?;
        }
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        sink.write("lineage.csv", &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{generate, tree, Table};
    use super::merge_groups;
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;
    use std::str::FromStr;

    #[test]
    fn merge_groups_are_of_two_to_four() {
        for n in 2..40 {
            let sizes = merge_groups(n);
            assert_eq!(sizes.iter().sum::<usize>(), n);
            assert!(sizes.iter().all(|s| (2..=4).contains(s)), "{n}: {sizes:?}");
        }
    }

    #[test]
    fn province_lineage_has_every_kind_of_change_and_passes_check() {
        let (dir, _) = generate(1);
        let root = dir.path().join("data");
        let checked = crate::check(&root, crate::validate::Options::default());
        let shown: Vec<String> = checked
            .diagnostics
            .iter()
            // The reports' one slip, made on purpose (`reports.rs`).
            .filter(|d| d.code != "rate-differs")
            .map(|d| format!("{d:?}"))
            .collect();
        assert!(shown.is_empty(), "{shown:#?}");

        let lineage = Table::read(&root.join("lineage.csv"));
        let units = Table::read(&root.join("units.csv"));
        let col = |t: &Table, r: &Vec<String>, c: &str| r[t.col(c)].clone();
        let kind_of: BTreeMap<String, String> = units
            .rows
            .iter()
            .map(|r| (col(&units, r, "id"), col(&units, r, "kind")))
            .collect();
        let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
        let mut merged_into: BTreeMap<String, usize> = BTreeMap::new();
        let mut shares: BTreeMap<String, Decimal> = BTreeMap::new();
        for r in &lineage.rows {
            assert_eq!(col(&lineage, r, "date"), "2025-07-01");
            assert!(!col(&lineage, r, "basis").is_empty());
            let kind = col(&lineage, r, "kind");
            *by_kind.entry(kind.clone()).or_default() += 1;
            let from_commune = kind_of[&col(&lineage, r, "from")] == "commune";
            if kind == "merge" && from_commune {
                *merged_into.entry(col(&lineage, r, "to")).or_default() += 1;
            }
            if kind == "split" {
                let share = Decimal::from_str(&col(&lineage, r, "share")).expect("share");
                *shares.entry(col(&lineage, r, "from")).or_default() += share;
            }
        }
        for kind in ["merge", "split", "rename", "reclass"] {
            assert!(by_kind.contains_key(kind), "no {kind} in {by_kind:?}");
        }
        // Two communes split whole between two new ones.
        assert_eq!(shares.len(), 2, "{shares:?}");
        assert!(shares.values().all(|s| *s == Decimal::ONE), "{shares:?}");
        // Merged in twos to fours (the split's halves take one neighbour).
        assert!(merged_into.values().all(|n| (1..=4).contains(n)));
        assert!(merged_into.values().filter(|&&n| n >= 2).count() >= 10);
        // Every district dissolved the day before the new map.
        for r in units
            .rows
            .iter()
            .filter(|r| col(&units, r, "kind") == "district")
        {
            assert_eq!(col(&units, r, "valid_to"), "2025-06-30");
        }
        // A code kept by a new unit under another name, never at once.
        let mut by_code: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
        for r in &units.rows {
            let code = col(&units, r, "code");
            if !code.is_empty() {
                by_code.entry(code).or_default().push((
                    col(&units, r, "short_name"),
                    col(&units, r, "valid_from"),
                    col(&units, r, "valid_to"),
                ));
            }
        }
        assert!(by_code.values().any(|holders| {
            holders.len() == 2
                && holders[0].0 != holders[1].0
                && holders[0].2 == "2025-06-30"
                && holders[1].1 == "2025-07-01"
        }));
        assert!(units
            .rows
            .iter()
            .any(|r| col(&units, r, "former_names").contains("(đến 2025-02-28)")));
        // The new map's units, and only they, are scored in 2025.
        let special = units
            .rows
            .iter()
            .find(|r| col(&units, r, "name").starts_with("Đặc khu"))
            .map(|r| col(&units, r, "id"))
            .expect("a special zone");
        let scored = std::fs::read_to_string(root.join("editions/2025/scores-xa-dac-khu.csv"))
            .expect("2025 communes and special zones");
        assert!(scored.contains(&format!("\n{special},")));
        let groups: Vec<String> = tree(&root.join("editions/2025"))
            .keys()
            .filter_map(|p| p.to_str()?.strip_prefix("published-").map(str::to_string))
            .collect();
        assert_eq!(
            groups,
            ["phuong.csv", "so-nganh.csv", "xa-dac-khu.csv"].map(String::from)
        );
    }

    /// Small provinces and short series reorganise as cleanly as the preset:
    /// districts too few for every kind of change, communes too few to
    /// merge, a series that starts the year before.
    #[test]
    fn any_province_crossing_2025_is_reorganised_without_a_diagnostic() {
        use super::super::{write_sized, Preset, SampleSize};
        for (departments, districts, communes, first_year, editions) in
            [(3, 1, 3, 2024, 2), (5, 2, 3, 2023, 4), (20, 8, 4, 2021, 6)]
        {
            let size = SampleSize {
                departments,
                districts,
                communes_per_district: communes,
                first_year,
                editions,
                ..Preset::Province.size()
            };
            let dir = tempfile::tempdir().expect("temp dir");
            write_sized(&size, 3, dir.path()).expect("written");
            assert!(dir.path().join("lineage.csv").is_file());
            let checked = crate::check(dir.path(), crate::validate::Options::default());
            let shown: Vec<String> = checked
                .diagnostics
                .iter()
                // The reports' one slip, made on purpose (`reports.rs`).
                .filter(|d| d.code != "rate-differs")
                .map(|d| format!("{d:?}"))
                .collect();
            assert!(shown.is_empty(), "{size:?}: {shown:#?}");
        }
    }

    #[test]
    fn samples_crossing_2025_are_reorganised() {
        use super::super::{Preset, SampleSize};
        let before = SampleSize {
            provinces: 2,
            editions: 7,
            first_year: 2018,
            ..Preset::National.size()
        };
        assert!(!super::reorganises(&before));
        assert!(super::reorganises(&Preset::National.size()));
        assert!(super::reorganises(&Preset::Province.size()));
    }
}
