//! Page addresses: readable, diacritic-free, stable across years, always
//! ending in a file name so links work from `file://` too.

use crate::text::slug;

pub fn edition(year: i32) -> String {
    format!("{year}/index.html")
}

pub fn group(year: i32, group: &str) -> String {
    format!("{year}/{group}/index.html")
}

pub fn fields(year: i32, group: &str) -> String {
    format!("{year}/{group}/theo-linh-vuc.html")
}

/// The part of a criterion's page address and anchor its code gives: two
/// codes of one framework must not give the same (validated).
pub fn code_slug(code: &str) -> String {
    let code = slug(code);
    if code.is_empty() {
        "x".to_string()
    } else {
        code
    }
}

pub fn criterion(year: i32, group: &str, code: &str) -> String {
    format!("{year}/{group}/tieu-chi-{}.html", code_slug(code))
}

/// Where a node is shown: a field's own page, or a criterion's row on its
/// field's page.
pub fn node(year: i32, group: &str, framework: &crate::model::Framework, n: usize) -> String {
    let node = &framework.nodes[n];
    if super::has_own_page(node) {
        return criterion(year, group, &node.code);
    }
    let field = &framework.nodes[framework.field_of(n)];
    format!(
        "{}#{}",
        criterion(year, group, &field.code),
        node_anchor(&node.code)
    )
}

/// The id of a criterion's row on its field's page.
pub fn node_anchor(code: &str) -> String {
    format!("tc-{}", code_slug(code))
}

/// A unit page's path around its id: the search index gives the two parts
/// once rather than a path per unit.
pub const UNIT_PAGE: (&str, &str) = ("don-vi/", ".html");

/// Unit pages are keyed by the unit id, which never changes.
pub fn unit(id: &str) -> String {
    format!("{}{id}{}", UNIT_PAGE.0, UNIT_PAGE.1)
}

pub fn unit_list() -> String {
    "don-vi/index.html".into()
}

/// The units under one top-level unit, when the list is split.
pub fn unit_list_part(root: &str) -> String {
    format!("don-vi/danh-sach-{root}.html")
}

pub fn trends() -> String {
    trends_part(0)
}

/// Page `part` (from 0) of the trends.
pub fn trends_part(part: usize) -> String {
    if part == 0 {
        "xu-huong.html".into()
    } else {
        format!("xu-huong-{}.html", part + 1)
    }
}

/// The reorganisation: every lineage change by date.
pub fn reorganisation() -> String {
    "sap-xep-don-vi.html".into()
}

/// One top-level unit's changes, when the reorganisation is too long for
/// one page.
pub fn reorganisation_part(root: &str) -> String {
    format!("sap-xep-don-vi/{root}.html")
}

/// The periodic reports: every period, group and indicator.
pub fn reports() -> String {
    "bao-cao/index.html".into()
}

/// One period's report of one group, its units compared.
pub fn report_group(period: &crate::model::Period, group: &str) -> String {
    format!("bao-cao/{}/{group}.html", period.id().to_ascii_lowercase())
}

/// One indicator: every unit's values over the periods.
pub fn indicator(code: &str) -> String {
    format!("bao-cao/chi-tieu-{}.html", code_slug(code))
}

/// The free comparison of two or three units (chosen with JavaScript,
/// named in the address: `so-sanh.html?u=id1,id2`).
pub fn compare() -> String {
    "so-sanh.html".into()
}

/// A parent's units side by side, in the latest edition they were ranked
/// under it.
pub fn compare_parent(parent: &str) -> String {
    format!("so-sanh/{parent}.html")
}

/// What the free comparison needs of one group's units, as a script (it
/// loads from `file://`, where a JSON file could not be fetched).
pub fn compare_data(year: i32, group: &str) -> String {
    format!("so-sanh/du-lieu/{year}-{group}.js")
}

/// A unit's row on its parent's comparison page.
pub fn unit_anchor(id: &str) -> String {
    format!("u-{id}")
}

pub fn data() -> String {
    "du-lieu.html".into()
}

pub fn dictionary() -> String {
    "tu-dien-du-lieu.html".into()
}

pub fn documents() -> String {
    "van-ban.html".into()
}

/// Where a document file is copied: `van-ban/2022/bao-cao.pdf`, with each
/// path part made URL-safe and the extension kept. Names that slug alike
/// (`Báo cáo.pdf`, `bao-cao.pdf`) give one address: validation refuses
/// them.
pub fn document(year: i32, file: &str) -> String {
    document_in(&year.to_string(), file)
}

/// Where a periodic report's document is copied:
/// `van-ban/bao-cao/2022-h1/bao-cao.pdf`, apart from the editions' years.
pub fn report_document(period: &crate::model::Period, file: &str) -> String {
    document_in(
        &format!("bao-cao/{}", period.id().to_ascii_lowercase()),
        file,
    )
}

fn document_in(folder: &str, file: &str) -> String {
    let file = file.strip_prefix("documents/").unwrap_or(file);
    // A part of no letters or digits (`—.pdf`) would give a hidden file.
    let part_slug = |text: &str| match slug(text) {
        s if s.is_empty() => "van-ban".to_string(),
        s => s,
    };
    let parts: Vec<String> = file
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .map(|part| match part.rsplit_once('.') {
            Some((stem, ext)) => format!("{}.{}", part_slug(stem), ext.to_ascii_lowercase()),
            None => part_slug(part),
        })
        .collect();
    format!("van-ban/{folder}/{}", parts.join("/"))
}

/// An edition's chart alone, for an `<iframe>` on another site, pinned
/// to the edition's year: `nhung/2024/xa/xep-hang.html`. `name` says
/// which chart (`xep-hang`, `linh-vuc`, `tieu-chi-1-phan-bo`, ...).
pub fn embed(year: i32, group: &str, name: &str) -> String {
    format!("nhung/{year}/{group}/{name}.html")
}

/// `../../` for a page at `2022/so-nganh/index.html`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_stable_urls() {
        assert_eq!(
            criterion(2022, "xa", "1.2.1"),
            "2022/xa/tieu-chi-1-2-1.html"
        );
        assert_eq!(
            document(2021, "documents/Báo cáo CCHC.PDF"),
            "van-ban/2021/bao-cao-cchc.pdf"
        );
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("2022/xa/index.html"), "../../");
    }
}
