//! Checks of the boundary files that need the registry and the editions:
//! shapes for units or codes the registry does not know, units of a
//! group the chosen file has no shape for, and a national map without
//! the Hoàng Sa and Trường Sa archipelagos.

use super::*;
use crate::model::MapCoverage;

/// The boxes (longitude, latitude) that hold the Hoàng Sa (Paracel) and
/// Trường Sa (Spratly) archipelagos: a map of Vietnam published by a state
/// body must show both.
pub const HOANG_SA: ([f64; 2], [f64; 2]) = ([111.0, 15.5], [113.5, 17.5]);
pub const TRUONG_SA: ([f64; 2], [f64; 2]) = ([111.5, 6.0], [117.5, 12.0]);

pub(super) fn check_maps(dataset: &Dataset, out: &mut Vec<Diagnostic>) {
    for map in &dataset.maps {
        check_links(dataset, map, out);
        check_archipelagos(dataset, map, out);
    }
    for edition in &dataset.editions {
        let coverage = dataset.map_coverage(edition);
        for group in &edition.groups {
            check_group(dataset, edition, &coverage, group, out);
        }
    }
}

fn check_links(dataset: &Dataset, map: &MapFile, out: &mut Vec<Diagnostic>) {
    let registry = dataset.registry();
    for feature in &map.features {
        let index = feature.index;
        let (what, value, known) = match &feature.link {
            MapLink::Unit(id) => ("unit", id, dataset.unit(id).is_some()),
            MapLink::Code(code) => ("code", code, dataset.code_known(code)),
            MapLink::Context => continue,
        };
        if known {
            continue;
        }
        let mut d = Diagnostic::warning(
            "unknown-shape-unit",
            feature.location.clone(),
            tr!(
                "feature {index}: no unit has the {what} \"{value}\"",
                "đối tượng {index}: không đơn vị nào có {what} \"{value}\""
            ),
        )
        .found(format!("\"{what}\": \"{value}\""))
        .expected(tr!(
            "a unit's {what} in {registry}",
            "{what} của một đơn vị trong {registry}"
        ));
        if let MapLink::Unit(id) = &feature.link {
            let mut nearest =
                Nearest::new(dataset.units.iter().map(|u| (u.id.as_str(), None::<&str>)));
            if let Some(near) = nearest.find(id) {
                d = d.hint(tr!("did you mean \"{near}\"?", "có phải là \"{near}\"?"));
            }
        } else {
            d = d.hint(tr!(
                "the shape is drawn grey, as context; add the code to {registry} or remove it",
                "hình này được vẽ màu xám, làm nền; hãy thêm mã vào {registry} hoặc bỏ hình"
            ));
        }
        out.push(d);
    }
}

/// Whether `p` is in the box `(min, max)`.
fn inside(p: &[f64; 2], (min, max): ([f64; 2], [f64; 2])) -> bool {
    p[0] >= min[0] && p[0] <= max[0] && p[1] >= min[1] && p[1] <= max[1]
}

/// A file is a national map when the units its shapes stand for are
/// provinces; it then needs a feature with a point in each archipelago's
/// box (context features count).
fn check_archipelagos(dataset: &Dataset, map: &MapFile, out: &mut Vec<Diagnostic>) {
    let kinds: Vec<UnitKind> = map
        .features
        .iter()
        .filter_map(|f| match &f.link {
            MapLink::Unit(id) => dataset.unit(id).map(|u| u.kind),
            MapLink::Code(code) => dataset.units_with_code(code).next().map(|u| u.kind),
            MapLink::Context => None,
        })
        .collect();
    // One province's outline is that province's map, not the country's.
    if kinds.len() < 2 || kinds.iter().any(|k| *k != UnitKind::Province) {
        return;
    }
    let has = |area| {
        map.features.iter().any(|f| {
            f.polygons
                .iter()
                .flatten()
                .flatten()
                .chain(&f.points)
                .chain(f.lines.iter().flatten())
                .any(|p| inside(p, area))
        })
    };
    let missing: Vec<&str> = [("Hoàng Sa", HOANG_SA), ("Trường Sa", TRUONG_SA)]
        .into_iter()
        .filter(|(_, area)| !has(*area))
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() {
        return;
    }
    out.push(
        Diagnostic::warning(
            "missing-archipelagos",
            Location::file(&map.path),
            {
                let plural = if missing.len() > 1 { "s" } else { "" };
                let (en, vi) = (missing.join(" and "), missing.join(" và quần đảo "));
                tr!(
                    "a national map of Vietnam without the {en} archipelago{plural}",
                    "bản đồ Việt Nam cấp quốc gia thiếu quần đảo {vi}"
                )
            },
        )
        .found({
            let (en, vi) = (missing.join(" or "), missing.join(" hay "));
            tr!(
                "no feature in the area of {en}",
                "không có đối tượng nào trong vùng {vi}"
            )
        })
        .expected(tr!(
            "features for quần đảo Hoàng Sa (lon 111-113.5, lat 15.5-17.5) and quần đảo Trường Sa (lon 111.5-117.5, lat 6-12)",
            "các đối tượng cho quần đảo Hoàng Sa (kinh độ 111-113,5, vĩ độ 15,5-17,5) và quần đảo Trường Sa (kinh độ 111,5-117,5, vĩ độ 6-12)"
        ))
        .hint(tr!(
            "a map of Vietnam published by a state body must show both archipelagos; add them as features (context ones need no unit)",
            "bản đồ Việt Nam do cơ quan nhà nước công bố phải thể hiện cả hai quần đảo; hãy thêm chúng làm đối tượng (đối tượng nền không cần unit)"
        )),
    );
}

/// The units of a group that the file chosen for it has no shape for,
/// in one warning per group.
fn check_group(
    dataset: &Dataset,
    edition: &Edition,
    coverage: &MapCoverage,
    group: &Group,
    out: &mut Vec<Diagnostic>,
) {
    let units = group.unit_ids();
    let Some(m) = coverage.best(&units) else {
        return;
    };
    let map = &dataset.maps[m];
    let missing: Vec<&str> = units
        .iter()
        .copied()
        .filter(|u| !coverage.has_shape(m, u))
        .collect();
    if missing.is_empty() {
        return;
    }
    let shown: Vec<String> = missing.iter().map(|u| format!("\"{u}\"")).collect();
    out.push(
        Diagnostic::warning(
            "unit-without-shape",
            group.location.clone(),
            tr!(
                "{} unit(s) of the group \"{}\" of {} have no shape in {}: {}",
                "{} đơn vị của nhóm \"{}\" năm {} không có hình trong {}: {}",
                missing.len(),
                group.id,
                edition.year,
                map.name,
                shown.join(", ")
            ),
        )
        .found(tr!(
            "{} of {} units with a shape",
            "{} trên {} đơn vị có hình",
            units.len() - missing.len(),
            units.len()
        ))
        .expected(tr!(
            "a feature for each unit, with \"unit\" (its id) or \"code\" (its code on {})",
            "mỗi đơn vị một đối tượng, có \"unit\" (mã id) hoặc \"code\" (mã đơn vị hành chính ngày {})",
            edition.day()
        ))
        .hint(tr!(
            "they are left blank on the group's map; the ranking still lists them",
            "các đơn vị này để trống trên bản đồ của nhóm; bảng xếp hạng vẫn liệt kê"
        )),
    );
}
