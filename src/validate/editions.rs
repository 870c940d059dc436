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
                format!("edition {} is a draft", edition.year),
            )
            .found("\"status\": \"draft\"")
            .expected("\"status\": \"final\" for a published edition")
            .hint("to preview a draft, run with --allow-draft; every page of it then says DRAFT"),
        );
    }
    if edition.scale <= Decimal::ZERO {
        out.push(
            Diagnostic::error("invalid-value", file.clone(), "\"scale\" must be positive")
                .found(edition.scale.to_string())
                .expected("a positive number, usually 100"),
        );
    }
    if edition.decimals > 6 {
        out.push(
            Diagnostic::error("invalid-value", file.clone(), "\"decimals\" is too large")
                .found(edition.decimals.to_string())
                .expected("0 to 6, usually 2"),
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
                    format!("two bands are named \"{}\"", band.name),
                )
                .found(format!(
                    "\"{}\" (min {}) on line {}, \"{}\" (min {}) on line {}",
                    first.name,
                    first.min.normalize(),
                    first.location.line.unwrap_or(0),
                    band.name,
                    band.min.normalize(),
                    band.location.line.unwrap_or(0)
                ))
                .expected("a different name for each band"),
            );
        }
    }
    for pair in edition.bands.windows(2) {
        if pair[1].min >= pair[0].min {
            out.push(
                Diagnostic::error(
                    "bands-order",
                    pair[1].location.clone(),
                    "bands are not in descending order",
                )
                .found(format!(
                    "\"{}\" (min {}) after \"{}\" (min {})",
                    pair[1].name, pair[1].min, pair[0].name, pair[0].min
                ))
                .expected("bands listed highest first, each min lower than the one before"),
            );
        }
    }
    for band in &edition.bands {
        if band.min < Decimal::ZERO || band.min > edition.scale {
            out.push(
                Diagnostic::error(
                    "invalid-value",
                    band.location.clone(),
                    format!("band \"{}\" has a min outside the scale", band.name),
                )
                .found(band.min.to_string())
                .expected(format!("a number from 0 to {}", edition.scale)),
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
                    format!("the group id \"{}\" is used twice", group.id),
                )
                .expected("each group id once per edition"),
            );
        }
        if !is_valid_id(&group.id) {
            out.push(
                Diagnostic::error(
                    "invalid-id",
                    group.location.clone(),
                    "a group id may only hold a-z, 0-9 and -",
                )
                .found(format!("\"{}\"", group.id))
                .expected("an id such as so-nganh"),
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
                        "the framework lists no criteria",
                    )
                    .expected("a row per field, criterion and sub-criterion under the header"),
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
    for (j, later) in edition.documents.iter().enumerate() {
        let clash = (0..j).find(|&i| {
            let (a, b) = (&addresses[i], &addresses[j]);
            a == b || b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/"))
        });
        let Some(i) = clash else { continue };
        let first = &edition.documents[i];
        out.push(
            Diagnostic::error(
                "address-collision",
                later.location.clone(),
                "two documents would be published at the same address",
            )
            .found(format!(
                "\"{}\" on line {} gives {}; \"{}\" on line {} gives {}",
                first.file,
                first.location.line.unwrap_or(0),
                addresses[i],
                later.file,
                later.location.line.unwrap_or(0),
                addresses[j]
            ))
            .expected("file names that differ in more than case, diacritics, spaces or punctuation")
            .hint("rename one of the files (and its \"file\" in edition.json); each document needs an address of its own"),
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
                    format!(
                        "the codes \"{}\" and \"{}\" give one page address",
                        first.code, node.code
                    ),
                )
                .found(format!(
                    "\"{}\" on line {} and \"{}\" on line {} both give tieu-chi-{slug}",
                    first.code, first.line, node.code, node.line
                ))
                .expected("codes that differ in more than case, diacritics or punctuation")
                .hint("a criterion's page and anchor are named after its code, without case and punctuation"),
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
                    format!("the code \"{}\" is used twice", node.code),
                )
                .found(format!("also on line {first}"))
                .expected("each code once"),
            );
        }
        if node.max.is_some_and(|m| m < Decimal::ZERO) {
            out.push(
                Diagnostic::error(
                    "invalid-max",
                    at(node.line, "max"),
                    format!("criterion \"{}\" has a negative maximum", node.code),
                )
                .expected("a maximum of 0 or more"),
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
                        format!(
                            "the maxima of the criteria under \"{}\" add up to more than its own",
                            node.code
                        ),
                    )
                    .found(format!("children add up to {}", sum.normalize()))
                    .expected(format!("at most {}", max.normalize())),
                );
            }
        }
    }
}
