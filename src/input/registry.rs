//! The unit registry (`units.csv`) and the lineage (`lineage.csv`): units
//! with their dates, codes and former names; the registry completed from
//! the lineage (derived ends, the `successor` shorthand); codes and parent
//! cycles checked where their cells are known.

use super::*;

/// The columns of the unit registry, `units.csv`, in their usual order.
pub(crate) const UNIT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "kind",
    "parent",
    "name_en",
    "successor",
    "valid_from",
    "valid_to",
];

/// Columns of the registry added in version 2 of the format; a sample
/// writes them only when its registry has codes or former names.
pub(crate) const UNIT_COLUMNS_V2: &[&str] = &["code", "former_names"];

/// Where a unit's `successor` and `code` cells are, for what is checked
/// after the whole registry is read.
pub(crate) struct UnitCells {
    successor: Location,
    code: Location,
}

pub(super) fn read_units(path: &Path, out: &mut Vec<Diagnostic>) -> (Vec<Unit>, Vec<UnitCells>) {
    let Some(table) = read_table(path, None, out) else {
        return (Vec::new(), Vec::new());
    };
    let known: Vec<&str> = UNIT_COLUMNS
        .iter()
        .chain(UNIT_COLUMNS_V2)
        .copied()
        .collect();
    if !table.check_columns(&known, &["id", "name", "kind"], out) {
        return (Vec::new(), Vec::new());
    }
    let mut units = Vec::with_capacity(table.rows().len());
    let mut unit_cells = Vec::with_capacity(table.rows().len());
    let mut parents = Vec::with_capacity(table.rows().len());
    for cells in rows(&table) {
        let id = cells.required(
            "id",
            &tr!(
                "a unit id such as dak-to-re",
                "một mã đơn vị, ví dụ dak-to-re"
            ),
            out,
        );
        let name = cells.required(
            "name",
            &tr!("the unit's display name", "tên hiển thị của đơn vị"),
            out,
        );
        let kind_text = cells.required("kind", UNIT_KINDS, out);
        let kind = kind_text.as_deref().and_then(|k| {
            let kind = UnitKind::parse(k);
            if kind.is_none() {
                out.push(
                    Diagnostic::error(
                        "invalid-kind",
                        cells.loc("kind"),
                        tr!("unknown unit kind", "loại đơn vị không hợp lệ"),
                    )
                    .found(format!("\"{k}\""))
                    .expected(UNIT_KINDS.clone()),
                );
            }
            kind
        });
        let (valid_from, from) = cells.bound("valid_from", out);
        let (valid_to, to) = cells.bound("valid_to", out);
        let former_names = cells
            .text("former_names", out)
            .map(|t| former_names(&t, &cells.loc("former_names"), out))
            .unwrap_or_default();
        let code = cells.text("code", out);
        let (Some(id), Some(name), Some(kind)) = (id, name, kind) else {
            continue;
        };
        units.push(Unit {
            id,
            name,
            short_name: cells.text("short_name", out),
            kind,
            parent: cells.text("parent", out),
            name_en: cells.text("name_en", out),
            successor: cells.text("successor", out),
            valid_from,
            valid_to,
            code,
            valid: Validity {
                from,
                to,
                to_derived: false,
            },
            former_names_text: (!former_names.is_empty()).then(|| {
                let written: Vec<String> = former_names
                    .iter()
                    .map(|n: &crate::model::FormerName| {
                        format!("{} (đến {})", n.name, n.until.iso())
                    })
                    .collect();
                written.join("; ")
            }),
            former_names,
            location: cells.loc("id"),
        });
        unit_cells.push(UnitCells {
            successor: cells.loc("successor"),
            code: cells.loc("code"),
        });
        parents.push(cells.loc("parent"));
    }
    break_unit_cycles(&mut units, &parents, out);
    (units, unit_cells)
}

/// `former_names`: `Tên cũ (đến YYYY-MM-DD)`, separated by `;`; oldest
/// first whatever the order written.
const UNIT_KINDS: &Tr = &Tr::words(
    "province, department, district, commune or other",
    "province (tỉnh), department (sở, ngành), district (huyện), commune (xã) hoặc other (khác)",
);

pub(super) fn former_names(
    text: &str,
    at: &Location,
    out: &mut Vec<Diagnostic>,
) -> Vec<FormerName> {
    let mut names = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = part
            .strip_suffix(')')
            .and_then(|p| p.rsplit_once('('))
            .and_then(|(name, until)| {
                let until = until.trim();
                let date = until
                    .strip_prefix("đến")
                    .or_else(|| until.strip_prefix("Đến"))?;
                let until = Day::parse(date.trim())?;
                let name = name.trim();
                (!name.is_empty()).then(|| FormerName {
                    name: name.to_string(),
                    until,
                })
            });
        match parsed {
            Some(n) => names.push(n),
            None => out.push(
                Diagnostic::error(
                    "invalid-former-name",
                    at.clone(),
                    tr!(
                        "a former name does not say until when it was used",
                        "tên cũ không ghi rõ được dùng đến ngày nào"
                    ),
                )
                .found(format!("\"{part}\""))
                .expected(tr!(
                    "Tên cũ (đến YYYY-MM-DD), several separated by ;",
                    "Tên cũ (đến YYYY-MM-DD), nhiều tên thì ngăn cách bằng dấu ;"
                ))
                .hint(tr!(
                    "the date is the last day the name was used, e.g. Xã Tân Lập (đến 2025-06-30)",
                    "ngày ghi là ngày cuối cùng dùng tên đó, ví dụ Xã Tân Lập (đến 2025-06-30)"
                )),
            ),
        }
    }
    names.sort_by_key(|n| n.until);
    names
}

pub(super) const LINEAGE_COLUMNS: &[&str] =
    &["date", "from", "to", "kind", "share", "basis", "note"];

/// Reads `lineage.csv`: each cell on its own (dates, kinds, shares);
/// what needs the registry or several rows is checked in `validate`.
pub(super) fn read_lineage(
    path: &Path,
    out: &mut Vec<Diagnostic>,
) -> (Vec<LineageEdge>, Option<Header>) {
    let Some(table) = read_table(path, None, out) else {
        return (Vec::new(), None);
    };
    if !table.check_columns(LINEAGE_COLUMNS, &["date", "from", "to", "kind"], out) {
        return (Vec::new(), None);
    }
    let kinds = &tr!(
        "merge, split, rename, reclass or move",
        "merge (sáp nhập), split (chia tách), rename (đổi tên), reclass (chuyển loại hình) hoặc move (điều chỉnh địa giới)"
    );
    let mut edges = Vec::with_capacity(table.rows().len());
    for cells in rows(&table) {
        let date = cells.day("date", out);
        let from = cells.required("from", UNIT_ID, out);
        let to = cells.required("to", UNIT_ID, out);
        let kind = cells.required("kind", kinds, out).and_then(|k| {
            let kind = LineageKind::parse(&k);
            if kind.is_none() {
                out.push(
                    Diagnostic::error(
                        "invalid-kind",
                        cells.loc("kind"),
                        tr!("unknown kind of change", "loại thay đổi không hợp lệ"),
                    )
                    .found(format!("\"{k}\""))
                    .expected(kinds.clone())
                    .hint(tr!(
                        "a commune that became a ward is reclass; part of a unit that went to another is split",
                        "xã chuyển thành phường là reclass; một phần đơn vị chuyển sang đơn vị khác là split"
                    )),
                );
            }
            kind
        });
        let share = cells
            .number(
                "share",
                &tr!(
                    "a part of the population such as 0.4",
                    "tỷ lệ dân số chuyển đi, ví dụ 0.4"
                ),
                out,
            )
            .ok()
            .flatten();
        if let (Some(share), Some(kind)) = (share, kind) {
            if kind != LineageKind::Split {
                out.push(
                    Diagnostic::error(
                        "share-not-split",
                        cells.loc("share"),
                        tr!(
                            "a share on a {} row",
                            "dòng {} lại có tỷ lệ (share)",
                            kind.name()
                        ),
                    )
                    .found(share.normalize().to_string())
                    .expected(tr!(
                        "no share: only a split passes part of a unit on",
                        "không ghi tỷ lệ: chỉ split (chia tách) mới chuyển đi một phần đơn vị"
                    ))
                    .hint(tr!(
                        "a merge, rename or reclass passes all of the unit; leave the share empty",
                        "merge, rename hay reclass chuyển toàn bộ đơn vị; hãy để trống ô share"
                    )),
                );
            } else if share <= Decimal::ZERO || share > Decimal::ONE {
                out.push(
                    Diagnostic::error(
                        "invalid-share",
                        cells.loc("share"),
                        tr!(
                            "a split's share is not a part of the whole",
                            "tỷ lệ của một lần chia tách không phải là một phần của tổng thể"
                        ),
                    )
                    .found(share.normalize().to_string())
                    .expected(tr!(
                        "a number above 0 and at most 1, such as 0.35",
                        "một số lớn hơn 0 và không quá 1, ví dụ 0.35"
                    ))
                    .hint(tr!(
                        "a share is a fraction of the population, not a percentage",
                        "tỷ lệ là phần của dân số (số thập phân), không phải phần trăm"
                    )),
                );
            }
        }
        let (Some(date), Some(from), Some(to), Some(kind)) = (date, from, to, kind) else {
            continue;
        };
        edges.push(LineageEdge {
            date,
            from,
            to,
            kind,
            share,
            basis: cells.text("basis", out),
            note: cells.text("note", out),
            location: cells.loc("from"),
            shorthand: false,
        });
    }
    (edges, Some(Header(table.headers.clone())))
}

/// The dates on which each unit ceased to exist by the lineage: merged,
/// renamed or reclassified, or split up whole (its shares on the date
/// add up to 1), earliest first.
pub(super) fn dissolutions(
    lineage: &[LineageEdge],
) -> std::collections::BTreeMap<&str, (Day, &LineageEdge)> {
    let mut shares: std::collections::BTreeMap<(&str, Day), Decimal> = Default::default();
    for e in lineage.iter().filter(|e| e.kind == LineageKind::Split) {
        *shares.entry((e.from.as_str(), e.date)).or_default() += e.share.unwrap_or_default();
    }
    let mut ends: std::collections::BTreeMap<&str, (Day, &LineageEdge)> = Default::default();
    for e in lineage {
        let whole = e.kind.dissolves()
            || (e.kind == LineageKind::Split
                && shares.get(&(e.from.as_str(), e.date)) == Some(&Decimal::ONE));
        if whole {
            let end = ends.entry(e.from.as_str()).or_insert((e.date, e));
            if e.date < end.0 {
                *end = (e.date, e);
            }
        }
    }
    ends
}

/// A unit dissolved by the lineage but given no `valid_to` ends the day
/// before: derived, and said so.
pub(super) fn derive_ends(units: &mut [Unit], lineage: &[LineageEdge], out: &mut Vec<Diagnostic>) {
    let ends = dissolutions(lineage);
    for unit in units.iter_mut() {
        if unit.valid_to.is_some() || unit.valid.to.is_some() {
            continue;
        }
        let Some(&(date, edge)) = ends.get(unit.id.as_str()) else {
            continue;
        };
        let last = date.previous();
        unit.valid = Validity {
            to: Some(last),
            to_derived: true,
            ..unit.valid
        };
        unit.valid_to = Some(last.year);
        out.push(
            Diagnostic::warning(
                "valid-to-derived",
                unit.location.clone(),
                tr!(
                    "unit \"{}\" has no valid_to; it ended on {last}, the day before its {} on {date}",
                    "đơn vị \"{}\" không có valid_to; đơn vị đã kết thúc ngày {last}, một ngày trước lần {} ngày {date}",
                    unit.id,
                    edge.kind.name()
                ),
            )
            .found(tr!(
                "{} line {}: {} {} -> {}",
                "{} dòng {}: {} {} -> {}",
                registry_name_of(&edge.location),
                edge.location.line.unwrap_or(0),
                edge.kind.name(),
                edge.from,
                edge.to
            ))
            .expected(Tr::data(format!("valid_to {last}")))
            .hint(tr!(
                "write the valid_to in the registry to silence this note",
                "hãy ghi valid_to trong danh mục đơn vị để không còn cảnh báo này"
            )),
        );
    }
}

pub(super) fn registry_name_of(location: &Location) -> String {
    location
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The version 1 `successor` column: one merge, dated the day after
/// `valid_to`, unless `lineage.csv` already names the change. A successor
/// without a `valid_to` has no date and stays a plain link.
pub(super) fn add_successor_shorthand(
    units: &[Unit],
    cells: &[UnitCells],
    lineage: &mut Vec<LineageEdge>,
) {
    let written: std::collections::HashSet<(&str, &str)> = lineage
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let mut added = Vec::new();
    for (unit, cells) in units.iter().zip(cells) {
        let (Some(to), Some(last)) = (&unit.successor, unit.last_day()) else {
            continue;
        };
        if written.contains(&(unit.id.as_str(), to.as_str())) {
            continue;
        }
        added.push(LineageEdge {
            date: last.next(),
            from: unit.id.clone(),
            to: to.clone(),
            kind: LineageKind::Merge,
            share: None,
            basis: None,
            note: None,
            location: cells.successor.clone(),
            shorthand: true,
        });
    }
    lineage.extend(added);
}

/// Two units may share an official code only at different times: the
/// code names one unit on any day.
pub(super) fn check_codes(units: &[Unit], cells: &[UnitCells], out: &mut Vec<Diagnostic>) {
    let mut by_code: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, unit) in units.iter().enumerate() {
        if let Some(code) = &unit.code {
            by_code.entry(code.as_str()).or_default().push(i);
        }
    }
    let show = |d: Option<Day>| d.map_or_else(|| "…".to_string(), |d| d.iso());
    for (i, unit) in units.iter().enumerate() {
        let Some(code) = &unit.code else { continue };
        let earlier = by_code[code.as_str()]
            .iter()
            .take_while(|&&j| j < i)
            .map(|&j| &units[j])
            .find(|other| other.id != unit.id && other.overlaps(unit));
        if let Some(other) = earlier {
            out.push(
                Diagnostic::error(
                    "unit-code-overlap",
                    cells[i].code.clone(),
                    tr!(
                        "units \"{}\" and \"{}\" have the code {code} at the same time",
                        "hai đơn vị \"{}\" và \"{}\" cùng mang mã {code} trong cùng một thời gian",
                        other.id,
                        unit.id
                    ),
                )
                .found(tr!(
                    "\"{}\" (line {}) valid {} to {}; \"{}\" valid {} to {}",
                    "\"{}\" (dòng {}) hiệu lực từ {} đến {}; \"{}\" hiệu lực từ {} đến {}",
                    other.id,
                    other.location.line.unwrap_or(0),
                    show(other.first_day()),
                    show(other.last_day()),
                    unit.id,
                    show(unit.first_day()),
                    show(unit.last_day())
                ))
                .expected(tr!(
                    "one unit per code on any day",
                    "vào mỗi ngày, một mã chỉ thuộc về một đơn vị"
                ))
                .hint(tr!(
                    "when a new unit kept a predecessor's code, give the predecessor valid_to and the new unit valid_from",
                    "khi đơn vị mới giữ mã của đơn vị tiền thân, hãy ghi valid_to cho đơn vị tiền thân và valid_from cho đơn vị mới"
                )),
            );
        }
    }
}

/// Reports a unit that is its own parent, or a loop of parents, once at
/// the first unit of the loop in the file, and breaks it there: the site
/// walks up parents to group units.
pub(super) fn break_unit_cycles(
    units: &mut [Unit],
    parents: &[Location],
    out: &mut Vec<Diagnostic>,
) {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, u) in units.iter().enumerate() {
        index.entry(u.id.as_str()).or_insert(i);
    }
    let parent_of = |i: usize| {
        units[i]
            .parent
            .as_deref()
            .and_then(|p| index.get(p).copied())
    };
    // 0: not seen; 1: on the current walk; 2: done.
    let mut state = vec![0u8; units.len()];
    let mut broken = Vec::new();
    for start in 0..units.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    // The loop is the walk from `i` on.
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let members = &path[from..];
                    let first = members.iter().copied().min().unwrap_or(i);
                    broken.push((first, members.to_vec()));
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = parent_of(i);
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    for (first, members) in broken {
        let unit = &units[first];
        let d = if members.len() == 1 {
            Diagnostic::error(
                "unit-cycle",
                parents[first].clone(),
                tr!(
                    "unit \"{}\" is its own parent",
                    "đơn vị \"{}\" lại là đơn vị cấp trên của chính nó",
                    unit.id
                ),
            )
            .found(tr!(
                "parent \"{}\"",
                "đơn vị cấp trên (parent) \"{}\"",
                unit.id
            ))
            .expected(tr!(
                "the id of the unit it belongs to, or an empty parent",
                "mã của đơn vị cấp trên trực tiếp, hoặc để trống ô parent"
            ))
        } else {
            // Start the loop at the first unit in the file.
            let at = members.iter().position(|&m| m == first).unwrap_or(0);
            let order: Vec<usize> = members[at..]
                .iter()
                .chain(&members[..at])
                .copied()
                .collect();
            let mut chain: Vec<&str> = order.iter().map(|&m| units[m].id.as_str()).collect();
            chain.push(&unit.id);
            let lines: Vec<String> = order
                .iter()
                .map(|&m| units[m].location.line.unwrap_or(0).to_string())
                .collect();
            Diagnostic::error(
                "unit-cycle",
                parents[first].clone(),
                tr!(
                    "the units' parents form a loop",
                    "quan hệ cấp trên - cấp dưới giữa các đơn vị tạo thành một vòng lặp"
                ),
            )
            .found(tr!(
                "{} (lines {})",
                "{} (các dòng {})",
                chain.join(" -> "),
                lines.join(", ")
            ))
            .expected(tr!(
                "a tree: following parents always reaches a unit without parent",
                "dạng cây: đi ngược lên các đơn vị cấp trên luôn tới một đơn vị không có cấp trên"
            ))
        };
        out.push(d);
        units[first].parent = None;
    }
}
