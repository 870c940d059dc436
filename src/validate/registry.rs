//! The unit registry and the lineage: ids, parents, addresses, codes,
//! dates and the changes between units.

use super::*;

/// Checks the registry and returns the known ids.
pub(super) fn check_units<'a>(
    units: &'a [Unit],
    out: &mut Vec<Diagnostic>,
) -> FxHashMap<&'a str, &'a Unit> {
    let mut by_id: FxHashMap<&str, &Unit> = FxHashMap::default();
    // A new unit may take the name of one that ceased to exist before it.
    let mut by_name: HashMap<(&str, Option<&str>), Vec<&Unit>> = HashMap::new();
    for unit in units {
        if !is_valid_id(&unit.id) {
            out.push(
                Diagnostic::error(
                    "invalid-id",
                    unit.location.clone(),
                    tr!(
                        "a unit id may only hold a-z, 0-9 and -",
                        "mã đơn vị chỉ được gồm chữ a-z, số 0-9 và dấu -"
                    ),
                )
                .found(format!("\"{}\"", unit.id))
                .expected(tr!(
                    "an id such as dak-to-re (lower case, no diacritics, no spaces)",
                    "một mã như dak-to-re (chữ thường, không dấu, không có khoảng trắng)"
                ))
                .hint(tr!(
                    "try \"{}\"",
                    "thử dùng \"{}\"",
                    crate::text::slug(&unit.id)
                )),
            );
        }
        if let Some(first) = by_id.insert(&unit.id, unit) {
            out.push(
                Diagnostic::error(
                    "duplicate-unit",
                    unit.location.clone(),
                    tr!(
                        "the unit id \"{}\" is used twice",
                        "mã đơn vị \"{}\" được dùng hai lần",
                        unit.id
                    ),
                )
                .found(tr!(
                    "also on line {}",
                    "cũng có ở dòng {}",
                    first.location.line.unwrap_or(0)
                ))
                .expected(tr!(
                    "each id once: ids are never reused",
                    "mỗi mã chỉ dùng một lần: mã đơn vị không bao giờ được dùng lại"
                )),
            );
            continue;
        }
        let namesakes = by_name
            .entry((&unit.name, unit.parent.as_deref()))
            .or_default();
        let twin = namesakes.iter().find(|other| other.overlaps(unit)).copied();
        namesakes.push(unit);
        if let Some(first) = twin {
            out.push(
                Diagnostic::error(
                    "duplicate-name",
                    unit.location.clone(),
                    tr!(
                        "units \"{}\" and \"{}\" have the same name",
                        "hai đơn vị \"{}\" và \"{}\" trùng tên",
                        first.id,
                        unit.id
                    ),
                )
                .found(tr!(
                    "\"{}\" on lines {} and {}",
                    "\"{}\" ở dòng {} và dòng {}",
                    unit.name,
                    first.location.line.unwrap_or(0),
                    unit.location.line.unwrap_or(0)
                ))
                .expected(tr!("one id per unit", "mỗi đơn vị một mã"))
                .hint(tr!(
                    "names are compared after Unicode normalisation (NFC): the same letters typed with combining marks are the same name",
                    "tên được so sánh sau khi chuẩn hoá Unicode (NFC): cùng các chữ cái nhưng gõ dấu theo kiểu tổ hợp vẫn là cùng một tên"
                )),
            );
        }
        if let (Some(from), Some(to)) = (unit.first_day(), unit.last_day()) {
            if from > to {
                let shown = |year: Option<i32>, day: Option<Day>| {
                    day.map(|d| d.iso())
                        .or(year.map(|y| y.to_string()))
                        .unwrap_or_default()
                };
                out.push(
                    Diagnostic::error(
                        "invalid-years",
                        unit.location.clone(),
                        tr!(
                            "valid_from is after valid_to",
                            "valid_from (ngày bắt đầu) sau valid_to (ngày kết thúc)"
                        ),
                    )
                    .found(tr!(
                        "{} to {}",
                        "từ {} đến {}",
                        shown(unit.valid_from, unit.valid.from),
                        shown(unit.valid_to, unit.valid.to)
                    ))
                    .expected(Tr::data("valid_from <= valid_to")),
                );
            }
        }
    }
    let registry = crate::model::registry_name(units.first());
    let mut nearest = None;
    for unit in units {
        for (column, reference) in [("parent", &unit.parent), ("successor", &unit.successor)] {
            if let Some(id) = reference {
                if !by_id.contains_key(id.as_str()) {
                    let mut location = unit.location.clone();
                    location.column = None;
                    let d = Diagnostic::error(
                        "unknown-unit",
                        location,
                        Tr::new(
                            format!("the {column} \"{id}\" is not in {registry}"),
                            format!(
                                "{} \"{id}\" không có trong {registry}",
                                if column == "parent" {
                                    "đơn vị cấp trên (parent)"
                                } else {
                                    "đơn vị kế thừa (successor)"
                                }
                            ),
                        ),
                    )
                    .found(format!("\"{id}\""))
                    .expected(tr!(
                        "the id of a unit listed in {registry}",
                        "mã của một đơn vị có trong {registry}"
                    ));
                    let nearest = nearest.get_or_insert_with(|| nearest_unit(units));
                    out.push(nearest.hint(d, id));
                }
            }
        }
        check_unit_address(unit, &by_id, out);
    }
    by_id
}

/// The lineage against the registry: known ids, valid on the day of the
/// change, no cycles, shares that fit, one merge per unit and day, and a
/// successor for every unit that ceased to exist.
pub(super) fn check_lineage(
    dataset: &Dataset,
    by_id: &FxHashMap<&str, &Unit>,
    out: &mut Vec<Diagnostic>,
) {
    let lineage = &dataset.lineage;
    // Where column `name` of an edge's row is; the shorthand is one cell.
    let header = dataset.lineage_header.as_ref();
    let cell = |e: &LineageEdge, name: &str| match header {
        Some(h) if !e.shorthand => h.cell(&e.location, e.location.line.unwrap_or(0), name),
        _ => e.location.clone(),
    };
    let registry = dataset.registry();
    let mut nearest = None;
    let mut known = vec![true; lineage.len()];
    for (i, e) in lineage.iter().enumerate() {
        // A shorthand's unknown successor is reported by the registry check.
        if e.shorthand || by_id.is_empty() {
            continue;
        }
        for (column, id) in [("from", &e.from), ("to", &e.to)] {
            if by_id.contains_key(id.as_str()) {
                continue;
            }
            known[i] = false;
            let d = Diagnostic::error(
                "unknown-unit",
                cell(e, column),
                tr!(
                    "the {column} unit \"{id}\" is not in {registry}",
                    "đơn vị ở cột {column} \"{id}\" không có trong {registry}"
                ),
            )
            .found(format!("\"{id}\""))
            .expected(tr!(
                "the id of a unit listed in {registry}; a new unit is added to the registry too",
                "mã của một đơn vị có trong {registry}; đơn vị mới cũng phải được thêm vào danh mục"
            ));
            let nearest = nearest.get_or_insert_with(|| nearest_unit(&dataset.units));
            out.push(nearest.hint(d, id));
        }
    }
    let show = |u: &Unit| {
        let end = |d: Option<Day>| d.map_or_else(|| "…".to_string(), |d| d.iso());
        let (from, to) = (end(u.first_day()), end(u.last_day()));
        (
            format!("valid {from} to {to}"),
            format!("hiệu lực từ {from} đến {to}"),
        )
    };
    for (i, e) in lineage.iter().enumerate() {
        if !known[i] {
            continue;
        }
        let (Some(from), Some(to)) = (by_id.get(e.from.as_str()), by_id.get(e.to.as_str())) else {
            continue;
        };
        let before = e.date.previous();
        if !from.valid_on(before) {
            out.push(
                Diagnostic::error(
                    "lineage-not-valid",
                    cell(e, "from"),
                    tr!(
                        "unit \"{}\" did not exist on {before}, the day before its {} on {}",
                        "đơn vị \"{}\" không tồn tại vào ngày {before}, một ngày trước lần {} ngày {}",
                        from.id,
                        e.kind.name(),
                        e.date
                    ),
                )
                .found(Tr::new(
                    format!("\"{}\" {}", from.id, show(from).0),
                    format!("\"{}\" {}", from.id, show(from).1),
                ))
                .expected(tr!(
                    "a unit valid on {before} in {registry}",
                    "một đơn vị còn hiệu lực vào ngày {before} trong {registry}"
                ))
                .hint(tr!(
                    "check the date of the change and the unit's valid_from and valid_to",
                    "hãy kiểm tra ngày thay đổi và valid_from, valid_to của đơn vị"
                )),
            );
        }
        if !to.valid_on(e.date) {
            out.push(
                Diagnostic::error(
                    "lineage-not-valid",
                    cell(e, "to"),
                    tr!(
                        "unit \"{}\" does not exist on {}, the day of the {} from \"{}\"",
                        "đơn vị \"{}\" không tồn tại vào ngày {}, ngày diễn ra {} từ \"{}\"",
                        to.id,
                        e.date,
                        e.kind.name(),
                        from.id
                    ),
                )
                .found(Tr::new(
                    format!("\"{}\" {}", to.id, show(to).0),
                    format!("\"{}\" {}", to.id, show(to).1),
                ))
                .expected(tr!(
                    "a unit valid on {} in {registry}",
                    "một đơn vị còn hiệu lực vào ngày {} trong {registry}",
                    e.date
                ))
                .hint(tr!(
                    "a new unit's valid_from is the day the change took effect",
                    "valid_from của đơn vị mới là ngày thay đổi có hiệu lực"
                )),
            );
        }
    }
    check_lineage_cycles(lineage, &cell, out);
    // Split shares of one unit on one day, and merges of one unit on one day.
    let mut shares: FxHashMap<(&str, Day), (Decimal, Vec<&LineageEdge>)> = FxHashMap::default();
    let mut merges: FxHashMap<(&str, Day), &LineageEdge> = FxHashMap::default();
    for e in lineage {
        match e.kind {
            LineageKind::Split => {
                let entry = shares.entry((&e.from, e.date)).or_default();
                // An invalid share is reported where it is read.
                entry.0 += e
                    .share
                    .filter(|s| *s > Decimal::ZERO && *s <= Decimal::ONE)
                    .unwrap_or_default();
                entry.1.push(e);
            }
            LineageKind::Merge => {
                if let Some(first) = merges.get(&(e.from.as_str(), e.date)) {
                    if first.to != e.to {
                        out.push(
                            Diagnostic::error(
                                "merge-twice",
                                cell(e, "to"),
                                tr!(
                                    "unit \"{}\" is merged into two units on {}",
                                    "đơn vị \"{}\" được sáp nhập vào hai đơn vị trong cùng ngày {}",
                                    e.from,
                                    e.date
                                ),
                            )
                            .found(tr!(
                                "into \"{}\" ({} line {}) and into \"{}\"",
                                "vào \"{}\" ({} dòng {}) và vào \"{}\"",
                                first.to,
                                registry_file(&first.location),
                                first.location.line.unwrap_or(0),
                                e.to
                            ))
                            .expected(tr!(
                                "one merge per unit and day",
                                "mỗi đơn vị chỉ sáp nhập một lần trong một ngày"
                            ))
                            .hint(tr!(
                                "a unit divided between several is a split, one row per part, with its share",
                                "đơn vị được chia cho nhiều đơn vị là split (chia tách): mỗi phần một dòng, kèm tỷ lệ (share)"
                            )),
                        );
                    }
                } else {
                    merges.insert((&e.from, e.date), e);
                }
            }
            _ => {}
        }
    }
    let mut split_groups: Vec<_> = shares.into_iter().collect();
    split_groups.sort_by_key(|(_, (_, rows))| rows[0].location.line);
    for ((from, date), (total, rows)) in split_groups {
        if total > Decimal::ONE {
            let last = rows[rows.len() - 1];
            let parts: Vec<Tr> = rows
                .iter()
                .map(|e| {
                    tr!(
                        "{} to \"{}\" (line {})",
                        "{} cho \"{}\" (dòng {})",
                        e.share
                            .map_or_else(|| "?".into(), |s| s.normalize().to_string()),
                        e.to,
                        e.location.line.unwrap_or(0)
                    )
                })
                .collect();
            let join = |lang| {
                parts
                    .iter()
                    .map(|p| p.get(lang))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            out.push(
                Diagnostic::error(
                    "split-shares",
                    cell(last, "share"),
                    tr!(
                        "the shares of \"{from}\" split on {date} add up to more than 1",
                        "tổng tỷ lệ chia tách của \"{from}\" ngày {date} lớn hơn 1"
                    ),
                )
                .found(Tr::new(
                    format!("{} = {}", join(Language::En), total.normalize()),
                    format!("{} = {}", join(Language::Vi), total.normalize()),
                ))
                .expected(tr!(
                    "shares adding up to at most 1 (the whole population)",
                    "tổng các tỷ lệ tối đa là 1 (toàn bộ dân số)"
                ))
                .hint(tr!(
                    "a share is the part of the unit's population that went to `to`",
                    "tỷ lệ (share) là phần dân số của đơn vị chuyển sang đơn vị ở cột `to`"
                )),
            );
        }
    }
    // A unit that ceased to exist and went nowhere.
    for unit in &dataset.units {
        if unit.valid_to.is_none()
            || unit.successor.is_some()
            || !dataset.successors(&unit.id).is_empty()
        {
            continue;
        }
        let mut location = unit.location.clone();
        location.column = None;
        out.push(
            Diagnostic::warning(
                "no-successor",
                location,
                tr!(
                    "unit \"{}\" ceased to exist but has no successor",
                    "đơn vị \"{}\" đã thôi tồn tại nhưng không có đơn vị kế thừa",
                    unit.id
                ),
            )
            .found(Tr::new(
                format!("\"{}\" {}", unit.id, show(unit).0),
                format!("\"{}\" {}", unit.id, show(unit).1),
            ))
            .expected(tr!(
                "a row of lineage.csv, or a successor in the registry, saying what it became",
                "một dòng trong lineage.csv, hoặc cột successor trong danh mục đơn vị, cho biết đơn vị này trở thành đơn vị nào"
            ))
            .hint(tr!(
                "without one, its history ends on its page and no later unit shows it",
                "nếu thiếu, lịch sử của đơn vị dừng lại trên trang của nó và không đơn vị nào sau này hiển thị nó"
            )),
        );
    }
}

pub(super) fn registry_file(location: &Location) -> String {
    location
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// A unit whose territory, following the lineage, comes back to itself:
/// ids are never reused, so this is a mistake. Reported once per cycle, at
/// the first row of it.
pub(super) fn check_lineage_cycles(
    lineage: &[LineageEdge],
    cell: &dyn Fn(&LineageEdge, &str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let mut next: FxHashMap<&str, Vec<&LineageEdge>> = FxHashMap::default();
    for e in lineage.iter().filter(|e| e.kind.succeeds()) {
        next.entry(&e.from).or_default().push(e);
    }
    // 0: not seen; 1: on the current walk; 2: done.
    let mut state: FxHashMap<&str, u8> = FxHashMap::default();
    let mut starts: Vec<&str> = lineage.iter().map(|e| e.from.as_str()).collect();
    starts.dedup();
    for start in starts {
        if state.get(start).is_some_and(|&s| s != 0) {
            continue;
        }
        // Depth-first, iteratively: a national lineage is long.
        let mut path: Vec<(&str, usize, Option<&LineageEdge>)> = vec![(start, 0, None)];
        state.insert(start, 1);
        while let Some(&mut (at, ref mut i, _)) = path.last_mut() {
            let edges = next.get(at).map_or(&[][..], |v| v.as_slice());
            if *i >= edges.len() {
                state.insert(at, 2);
                path.pop();
                continue;
            }
            let e = edges[*i];
            *i += 1;
            match state.get(e.to.as_str()).copied().unwrap_or(0) {
                0 => {
                    state.insert(&e.to, 1);
                    path.push((&e.to, 0, Some(e)));
                }
                1 => {
                    let begin = path.iter().position(|(u, _, _)| *u == e.to).unwrap_or(0);
                    let mut edges: Vec<&LineageEdge> = path[begin + 1..]
                        .iter()
                        .filter_map(|(_, _, e)| *e)
                        .collect();
                    edges.push(e);
                    let first = edges
                        .iter()
                        .min_by_key(|e| (e.shorthand, e.location.line))
                        .copied()
                        .unwrap_or(e);
                    let mut chain: Vec<&str> = vec![&edges[0].from];
                    chain.extend(edges.iter().map(|e| e.to.as_str()));
                    out.push(
                        Diagnostic::error(
                            "lineage-cycle",
                            cell(first, "from"),
                            tr!(
                                "the lineage comes back to a unit it started from",
                                "lịch sử sắp xếp quay trở lại đơn vị ban đầu"
                            ),
                        )
                        .found(chain.join(" -> "))
                        .expected(tr!(
                            "units that only pass territory forward: ids are never reused",
                            "đơn vị chỉ chuyển địa giới về phía sau: mã đơn vị không bao giờ được dùng lại"
                        ))
                        .hint(tr!(
                            "a unit given back its old name keeps the new id and lists the old name in former_names",
                            "đơn vị được lấy lại tên cũ vẫn giữ mã mới và ghi tên cũ vào former_names"
                        )),
                    );
                }
                _ => {}
            }
        }
    }
}

/// A unit's page is `don-vi/<id>.html`, beside the unit list
/// (`don-vi/index.html`) and its parts (`don-vi/danh-sach-<id>.html`): an
/// id that is one of those would overwrite it.
pub(super) fn check_unit_address(
    unit: &Unit,
    by_id: &FxHashMap<&str, &Unit>,
    out: &mut Vec<Diagnostic>,
) {
    use crate::site::urls;
    let page = urls::unit(&unit.id);
    let other = if page == urls::unit_list() {
        Some(tr!("the list of all units", "danh sách tất cả đơn vị"))
    } else {
        unit.id
            .strip_prefix("danh-sach-")
            .and_then(|root| by_id.get(root))
            .filter(|root| page == urls::unit_list_part(&root.id))
            .map(|root| {
                tr!(
                    "the list of the units under \"{}\" (line {})",
                    "danh sách các đơn vị trực thuộc \"{}\" (dòng {})",
                    root.id,
                    root.location.line.unwrap_or(0)
                )
            })
    };
    if let Some(other) = other {
        out.push(
            Diagnostic::error(
                "address-collision",
                unit.location.clone(),
                tr!(
                    "the unit id \"{}\" is the address of another page",
                    "mã đơn vị \"{}\" trùng với địa chỉ của một trang khác",
                    unit.id
                ),
            )
            .found(Tr::new(
                format!("{page}, also the address of {}", other.en),
                format!("{page}, cũng là địa chỉ của {}", other.vi),
            ))
            .expected(tr!(
                "an id other than index or danh-sach- followed by another unit's id",
                "một mã khác index và khác danh-sach- ghép với mã của đơn vị khác"
            ))
            .hint(tr!(
                "ids are never reused: choose the id once, before the first publication",
                "mã đơn vị không bao giờ được dùng lại: hãy chọn mã một lần, trước lần công bố đầu tiên"
            )),
        );
    }
}
