//! An edition's settings, its documents' addresses and its criteria trees.

use super::*;

/// Checks one edition; returns its unsound groups, each with the units
/// whose scores have errors.
pub(super) fn check_edition(
    dataset: &Dataset,
    edition: &Edition,
    units: &FxHashMap<&str, &Unit>,
    options: Options,
    out: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<String>)> {
    let mut unsound = Vec::new();
    let file = Location::file(&edition.file);
    if edition.status == Status::Draft && !options.allow_draft {
        out.push(
            Diagnostic::error(
                "draft-edition",
                file.clone(),
                tr!(
                    "edition {} is a draft",
                    "kỳ đánh giá năm {} đang là dự thảo",
                    edition.year
                ),
            )
            .found("\"status\": \"draft\"")
            .expected(tr!(
                "\"status\": \"final\" for a published edition",
                "\"status\": \"final\" đối với kỳ đánh giá đã công bố"
            ))
            .hint(tr!(
                "to preview a draft, run with --allow-draft; every page of it then says DRAFT",
                "muốn xem trước bản dự thảo, hãy chạy với --allow-draft; khi đó mọi trang của kỳ này đều ghi DỰ THẢO"
            )),
        );
    }
    if edition.scale <= Decimal::ZERO {
        out.push(
            Diagnostic::error(
                "invalid-value",
                file.clone(),
                tr!(
                    "\"scale\" must be positive",
                    "\"scale\" (thang điểm) phải là số dương"
                ),
            )
            .found(edition.scale.to_string())
            .expected(tr!(
                "a positive number, usually 100",
                "một số dương, thường là 100"
            )),
        );
    }
    if edition.decimals > 6 {
        out.push(
            Diagnostic::error(
                "invalid-value",
                file.clone(),
                tr!(
                    "\"decimals\" is too large",
                    "\"decimals\" (số chữ số thập phân) quá lớn"
                ),
            )
            .found(edition.decimals.to_string())
            .expected(tr!("0 to 6, usually 2", "từ 0 đến 6, thường là 2")),
        );
    }
    let mut band_names: HashMap<String, &Band> = HashMap::new();
    for band in &edition.bands {
        // Told apart on pages only by name; "Tốt" and "tốt" read alike.
        if let Some(first) = band_names.insert(band.name.to_lowercase(), band) {
            out.push(
                Diagnostic::error(
                    "duplicate-band",
                    band.location.clone(),
                    tr!(
                        "two bands are named \"{}\"",
                        "có hai mức xếp loại cùng tên \"{}\"",
                        band.name
                    ),
                )
                .found(tr!(
                    "\"{}\" (min {}) on line {}, \"{}\" (min {}) on line {}",
                    "\"{}\" (min {}) ở dòng {}, \"{}\" (min {}) ở dòng {}",
                    first.name,
                    first.min.normalize(),
                    first.location.line.unwrap_or(0),
                    band.name,
                    band.min.normalize(),
                    band.location.line.unwrap_or(0)
                ))
                .expected(tr!(
                    "a different name for each band",
                    "mỗi mức xếp loại một tên khác nhau"
                )),
            );
        }
    }
    for pair in edition.bands.windows(2) {
        if pair[1].min >= pair[0].min {
            out.push(
                Diagnostic::error(
                    "bands-order",
                    pair[1].location.clone(),
                    tr!(
                        "bands are not in descending order",
                        "các mức xếp loại không theo thứ tự giảm dần"
                    ),
                )
                .found(tr!(
                    "\"{}\" (min {}) after \"{}\" (min {})",
                    "\"{}\" (min {}) đứng sau \"{}\" (min {})",
                    pair[1].name,
                    pair[1].min,
                    pair[0].name,
                    pair[0].min
                ))
                .expected(tr!(
                    "bands listed highest first, each min lower than the one before",
                    "mức xếp loại cao nhất ghi trước, min của mỗi mức thấp hơn mức ngay trước"
                )),
            );
        }
    }
    for band in &edition.bands {
        if band.min < Decimal::ZERO || band.min > edition.scale {
            out.push(
                Diagnostic::error(
                    "invalid-value",
                    band.location.clone(),
                    tr!(
                        "band \"{}\" has a min outside the scale",
                        "mức xếp loại \"{}\" có min nằm ngoài thang điểm",
                        band.name
                    ),
                )
                .found(band.min.to_string())
                .expected(tr!(
                    "a number from 0 to {}",
                    "một số từ 0 đến {}",
                    edition.scale
                )),
            );
        }
    }
    check_document_addresses(edition, out);
    let mut group_ids = HashSet::new();
    for group in &edition.groups {
        if !group_ids.insert(group.id.as_str()) {
            out.push(
                Diagnostic::error(
                    "duplicate-group",
                    group.location.clone(),
                    tr!(
                        "the group id \"{}\" is used twice",
                        "mã nhóm \"{}\" được dùng hai lần",
                        group.id
                    ),
                )
                .expected(tr!(
                    "each group id once per edition",
                    "trong một kỳ đánh giá, mỗi mã nhóm chỉ dùng một lần"
                )),
            );
        }
        if !is_valid_id(&group.id) {
            out.push(
                Diagnostic::error(
                    "invalid-id",
                    group.location.clone(),
                    tr!(
                        "a group id may only hold a-z, 0-9 and -",
                        "mã nhóm chỉ được gồm chữ a-z, số 0-9 và dấu -"
                    ),
                )
                .found(format!("\"{}\"", group.id))
                .expected(tr!("an id such as so-nganh", "một mã như so-nganh")),
            );
        }
        let before = out.len();
        if let Some(framework) = &group.framework {
            check_framework(framework, out);
            if framework.nodes.is_empty() && !framework.unreadable {
                out.push(
                    Diagnostic::error(
                        "empty-framework",
                        framework.location.clone(),
                        tr!(
                            "the framework lists no criteria",
                            "bộ tiêu chí không có tiêu chí nào"
                        ),
                    )
                    .expected(tr!(
                        "a row per field, criterion and sub-criterion under the header",
                        "dưới dòng tiêu đề, mỗi lĩnh vực, tiêu chí và tiêu chí thành phần một dòng"
                    )),
                );
            }
        }
        let framework_sound =
            out.len() == before && group.framework.as_ref().is_none_or(|f| !f.broken);
        // A framework that could not be read (reported) would make every
        // code look unknown.
        let framework = group.framework.as_ref().filter(|f| !f.nodes.is_empty());
        let mut bad = Vec::new();
        if let (Some(framework), Some(scores)) = (framework, &group.scores) {
            let bad_units = check_scores(
                dataset,
                edition,
                framework,
                framework_sound,
                scores,
                units,
                out,
            );
            bad = scores
                .units()
                .iter()
                .zip(bad_units)
                .filter(|(_, bad)| *bad || !framework_sound)
                .map(|(unit, _)| unit.to_string())
                .collect();
        }
        if !framework_sound || !bad.is_empty() {
            unsound.push((group.id.clone(), bad));
        }
        if let Some(published) = &group.published {
            check_published(group, published, units, &dataset.units, out);
        }
    }
    unsound
}

/// Each document is copied to an address made from its file name
/// (`van-ban/2021/bao-cao.pdf`): two names must not give one address
/// (`Báo cáo.pdf`, `bao-cao.pdf`), nor one address lie inside the other's
/// (`a` and `a/b.pdf`).
pub(super) fn check_document_addresses(edition: &Edition, out: &mut Vec<Diagnostic>) {
    let addresses: Vec<String> = edition
        .documents
        .iter()
        .map(|d| crate::site::urls::document(edition.year, &d.file))
        .collect();
    check_addresses(&edition.documents, &addresses, out);
}

/// `documents` (of one edition or one report) against their `addresses`.
pub(super) fn check_addresses(
    documents: &[Document],
    addresses: &[String],
    out: &mut Vec<Diagnostic>,
) {
    for (j, later) in documents.iter().enumerate() {
        let clash = (0..j).find(|&i| {
            let (a, b) = (&addresses[i], &addresses[j]);
            a == b || b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/"))
        });
        let Some(i) = clash else { continue };
        let first = &documents[i];
        out.push(
            Diagnostic::error(
                "address-collision",
                later.location.clone(),
                tr!(
                    "two documents would be published at the same address",
                    "hai văn bản sẽ được đăng tại cùng một địa chỉ"
                ),
            )
            .found(tr!(
                "\"{}\" on line {} gives {}; \"{}\" on line {} gives {}",
                "\"{}\" ở dòng {} cho địa chỉ {}; \"{}\" ở dòng {} cho địa chỉ {}",
                first.file,
                first.location.line.unwrap_or(0),
                addresses[i],
                later.file,
                later.location.line.unwrap_or(0),
                addresses[j]
            ))
            .expected(tr!(
                "file names that differ in more than case, diacritics, spaces or punctuation",
                "tên tệp khác nhau không chỉ ở chữ hoa/thường, dấu, khoảng trắng hay dấu câu"
            ))
            .hint(tr!(
                "rename one of the files (and its \"file\" in edition.json); each document needs an address of its own",
                "hãy đổi tên một trong hai tệp (và sửa \"file\" tương ứng trong edition.json); mỗi văn bản cần một địa chỉ riêng"
            )),
        );
    }
}

pub(super) fn check_framework(framework: &Framework, out: &mut Vec<Diagnostic>) {
    let at = |line: usize, column: &str| framework.cell(line, column);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut addresses: HashMap<String, &Node> = HashMap::new();
    for node in &framework.nodes {
        let slug = crate::site::urls::code_slug(&node.code);
        match addresses.get(slug.as_str()) {
            // The same code twice is duplicate-code.
            Some(first) if first.code != node.code => out.push(
                Diagnostic::error(
                    "address-collision",
                    at(node.line, "code"),
                    tr!(
                        "the codes \"{}\" and \"{}\" give one page address",
                        "hai mã \"{}\" và \"{}\" cho cùng một địa chỉ trang",
                        first.code,
                        node.code
                    ),
                )
                .found(tr!(
                    "\"{}\" on line {} and \"{}\" on line {} both give tieu-chi-{slug}",
                    "\"{}\" ở dòng {} và \"{}\" ở dòng {} đều cho tieu-chi-{slug}",
                    first.code,
                    first.line,
                    node.code,
                    node.line
                ))
                .expected(tr!(
                    "codes that differ in more than case, diacritics or punctuation",
                    "các mã khác nhau không chỉ ở chữ hoa/thường, dấu hay dấu câu"
                ))
                .hint(tr!(
                    "a criterion's page and anchor are named after its code, without case and punctuation",
                    "trang và vị trí liên kết của tiêu chí được đặt theo mã, bỏ chữ hoa và dấu câu"
                )),
            ),
            Some(_) => {}
            None => {
                addresses.insert(slug, node);
            }
        }
        if let Some(first) = seen.insert(&node.code, node.line) {
            out.push(
                Diagnostic::error(
                    "duplicate-code",
                    at(node.line, "code"),
                    tr!(
                        "the code \"{}\" is used twice",
                        "mã \"{}\" được dùng hai lần",
                        node.code
                    ),
                )
                .found(tr!("also on line {first}", "cũng có ở dòng {first}"))
                .expected(tr!("each code once", "mỗi mã chỉ dùng một lần")),
            );
        }
        if node.max.is_some_and(|m| m < Decimal::ZERO) {
            out.push(
                Diagnostic::error(
                    "invalid-max",
                    at(node.line, "max"),
                    tr!(
                        "criterion \"{}\" has a negative maximum",
                        "tiêu chí \"{}\" có điểm tối đa âm",
                        node.code
                    ),
                )
                .expected(tr!("a maximum of 0 or more", "điểm tối đa từ 0 trở lên")),
            );
        }
        if let Some(max) = node.max {
            let children: Vec<Decimal> = node
                .children
                .iter()
                .filter_map(|&c| framework.nodes[c].max)
                .collect();
            let sum: Decimal = children.iter().sum();
            if sum > max {
                out.push(
                    Diagnostic::error(
                        "children-exceed-max",
                        at(node.line, "max"),
                        tr!(
                            "the maxima of the criteria under \"{}\" add up to more than its own",
                            "tổng điểm tối đa của các tiêu chí con thuộc \"{}\" lớn hơn điểm tối đa của chính nó",
                            node.code
                        ),
                    )
                    .found(tr!(
                        "children add up to {}",
                        "các tiêu chí con cộng lại được {}",
                        sum.normalize()
                    ))
                    .expected(tr!(
                        "at most {}",
                        "tối đa {}",
                        max.normalize()
                    )),
                );
            }
        }
    }
}
