//! Each edition's folder: `edition.json` with the position of every key,
//! its groups and documents, and the files they name, kept inside the
//! edition.

use super::*;

/// A number in JSON read exactly: 85.5 must not pass through `f64`.
#[derive(Debug, Clone, Copy)]
pub(super) struct JsonDecimal(Decimal);

impl<'de> Deserialize<'de> for JsonDecimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        let out_of_range = || {
            serde::de::Error::custom(format!(
                "number out of range: {n}, expected {}",
                table::NUMBER_RANGE.en
            ))
        };
        // The size is checked on the float: the exact parsers refuse what
        // does not fit in 28 digits.
        let limit = 10f64.powi(table::MAX_WHOLE_DIGITS as i32);
        if !n.as_f64().is_some_and(|f| f.abs() < limit) {
            return Err(out_of_range());
        }
        // serde_json writes floats the shortest way, as 1e-28 where small.
        let text = n.to_string();
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| out_of_range())
            .and_then(|d| table::in_range(d).map_err(|_| out_of_range()))
            .map(JsonDecimal)
    }
}

/// What a date of `edition.json` may be.
const PARTIAL_DATE: &Tr = &Tr::words(
    "YYYY-MM-DD, YYYY-MM or YYYY",
    "YYYY-MM-DD, YYYY-MM hoặc YYYY (năm-tháng-ngày, năm-tháng hoặc năm)",
);

pub(super) fn default_scale() -> JsonDecimal {
    JsonDecimal(Decimal::ONE_HUNDRED)
}

pub(super) fn default_decimals() -> u32 {
    2
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EditionFile {
    year: i32,
    title: String,
    #[serde(default)]
    title_en: Option<String>,
    status: Status,
    #[serde(default)]
    published_on: Option<String>,
    #[serde(default = "default_scale")]
    scale: JsonDecimal,
    #[serde(default = "default_decimals")]
    decimals: u32,
    #[serde(default)]
    bands: Vec<BandFile>,
    groups: Vec<GroupFile>,
    #[serde(default)]
    documents: Vec<DocumentFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BandFile {
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    min: JsonDecimal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupFile {
    id: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    framework: Option<String>,
    #[serde(default)]
    scores: Option<String>,
    /// Version 2: the scores as a wide table, one row per unit.
    #[serde(default)]
    scores_wide: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocumentFile {
    kind: String,
    title: String,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    signer: Option<String>,
    file: String,
}

/// `units`: the registry, for the unit names of wide scores tables.
pub(super) fn read_editions(
    root: &Path,
    units: &UnitNames,
    out: &mut Vec<Diagnostic>,
) -> Vec<Edition> {
    let dir = root.join("editions");
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(table::io_diagnostic(&dir, &e).hint(tr!(
                "editions live in editions/<year>/edition.json",
                "mỗi kỳ đánh giá nằm trong editions/<năm>/edition.json"
            )));
            return Vec::new();
        }
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    folders.sort();
    // Editions are independent files: read in parallel, diagnostics kept
    // in folder order so reports do not depend on thread timing.
    use rayon::prelude::*;
    let read: Vec<(Option<Edition>, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|folder| {
            let mut found = Vec::new();
            let edition = read_edition(folder, units, &mut found);
            (edition, found)
        })
        .collect();
    let mut editions = Vec::new();
    for (edition, found) in read {
        out.extend(found);
        editions.extend(edition);
    }
    editions.sort_by_key(|e| e.year);
    editions
}

pub(super) fn read_edition(
    folder: &Path,
    units: &UnitNames,
    out: &mut Vec<Diagnostic>,
) -> Option<Edition> {
    let file = folder.join("edition.json");
    let text = read_text(&file, out)?;
    let raw: EditionFile = match json::parse(&file, &text) {
        Ok(raw) => raw,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    let spots = JsonSpots::new(&file, &text);
    let decode_text = |s: String| decode::nfc(table::clean(&s));
    // Every text may reach a cell of the workbook downloads.
    let check_length = |pointer: &str, key: &str, text: &str, out: &mut Vec<Diagnostic>| {
        if let Some(d) = too_long(key, text, spots.at(pointer)) {
            out.push(d);
        }
    };
    check_length("/title", "title", &raw.title, out);
    if let Some(t) = &raw.title_en {
        check_length("/title_en", "title_en", t, out);
    }
    let published_on = raw.published_on.as_deref().and_then(|d| {
        let parsed = PartialDate::parse(d);
        if parsed.is_none() {
            out.push(
                Diagnostic::error(
                    "invalid-date",
                    spots.at("/published_on"),
                    tr!(
                        "\"published_on\" is not a date",
                        "\"published_on\" không phải là ngày"
                    ),
                )
                .found(format!("\"{d}\""))
                .expected(PARTIAL_DATE.clone()),
            );
        }
        parsed
    });
    if !EDITION_YEARS.contains(&raw.year) {
        out.push(
            Diagnostic::error(
                "invalid-year",
                spots.at("/year"),
                tr!(
                    "the edition's \"year\" is not a year of the index",
                    "\"year\" của kỳ đánh giá không phải là một năm của chỉ số"
                ),
            )
            .found(raw.year.to_string())
            .expected(tr!(
                "a year from {} to {}, such as 2021",
                "một năm từ {} đến {}, ví dụ 2021",
                EDITION_YEARS.start(),
                EDITION_YEARS.end()
            )),
        );
    } else if let Some(name) = folder.file_name().and_then(|n| n.to_str()) {
        if name.parse::<i32>().ok() != Some(raw.year) {
            out.push(
                Diagnostic::warning(
                    "year-folder",
                    spots.at("/year"),
                    tr!(
                        "the edition's year differs from its folder name",
                        "năm của kỳ đánh giá khác với tên thư mục"
                    ),
                )
                .found(tr!(
                    "year {} in folder \"{name}\"",
                    "năm {} trong thư mục \"{name}\"",
                    raw.year
                ))
                .expected(tr!(
                    "the folder editions/{}/",
                    "thư mục editions/{}/",
                    raw.year
                )),
            );
        }
    }
    // Ids and notes repeat from file to file of an edition.
    let mut interner = Interner::default();
    let mut groups = Vec::new();
    for (i, g) in raw.groups.into_iter().enumerate() {
        let key = |k: &str| format!("/groups/{i}/{k}");
        let location = spots.at(&key("id"));
        check_length(&key("id"), "id", &g.id, out);
        check_length(&key("name"), "name", &g.name, out);
        if let Some(t) = &g.name_en {
            check_length(&key("name_en"), "name_en", t, out);
        }
        let named = |name: &Option<String>, k: &str| name.clone().map(|n| (n, spots.at(&key(k))));
        let framework = group_table(folder, named(&g.framework, "framework"), "framework", out)
            .map(|t| read_framework(&t, out));
        let long = group_table(folder, named(&g.scores, "scores"), "scores", out);
        let wide = group_grid(folder, named(&g.scores_wide, "scores_wide"), out);
        let scores = read_group_scores(
            long.as_ref(),
            wide.as_ref(),
            framework.as_ref(),
            units,
            raw.year,
            &mut interner,
            out,
        )
        .map(Arc::new);
        let has_scores = g.scores.is_some() || g.scores_wide.is_some();
        let published = group_table(folder, named(&g.published, "published"), "published", out)
            .and_then(|t| read_published(&t, out));
        if !has_scores && g.published.is_none() {
            out.push(
                Diagnostic::error(
                    "empty-group",
                    location.clone(),
                    tr!(
                        "group \"{}\" names neither a scores nor a published file",
                        "nhóm \"{}\" không chỉ ra tệp bảng điểm (scores) cũng không chỉ ra tệp kết quả công bố (published)",
                        g.id
                    ),
                )
                .expected(tr!(
                    "\"scores\" (or \"scores_wide\"), \"published\", or both",
                    "\"scores\" (hoặc \"scores_wide\"), \"published\", hoặc cả hai"
                )),
            );
        }
        if has_scores && g.framework.is_none() {
            out.push(
                Diagnostic::error(
                    "missing-key",
                    location.clone(),
                    tr!(
                        "group \"{}\" has scores but no framework",
                        "nhóm \"{}\" có bảng điểm nhưng không có bộ tiêu chí (framework)",
                        g.id
                    ),
                )
                .expected(tr!(
                    "\"framework\": the criteria tree the scores refer to",
                    "\"framework\": cây tiêu chí mà bảng điểm chấm theo"
                )),
            );
        }
        groups.push(Group {
            id: g.id,
            name: decode_text(g.name),
            name_en: g.name_en.map(decode_text),
            framework,
            scores,
            published,
            location,
        });
    }
    let mut bands = Vec::with_capacity(raw.bands.len());
    for (i, b) in raw.bands.into_iter().enumerate() {
        let key = |k: &str| format!("/bands/{i}/{k}");
        check_length(&key("name"), "name", &b.name, out);
        if let Some(t) = &b.name_en {
            check_length(&key("name_en"), "name_en", t, out);
        }
        bands.push(Band {
            name: decode_text(b.name),
            name_en: b.name_en.map(decode_text),
            min: b.min.0,
            location: spots.at(&key("name")),
        });
    }
    let documents = raw
        .documents
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| document(folder, i, d, &spots, out))
        .collect();
    Some(Edition {
        year: raw.year,
        title: decode_text(raw.title),
        title_en: raw.title_en.map(decode_text),
        status: raw.status,
        published_on,
        scale: raw.scale.0,
        decimals: raw.decimals,
        bands,
        groups,
        documents,
        dir: folder.to_path_buf(),
        file,
    })
}

/// A document of `edition.json` (or `report.json`): its texts held to a
/// cell's limit, its date read, its file inside `folder` and readable.
pub(super) fn document(
    folder: &Path,
    i: usize,
    d: DocumentFile,
    spots: &JsonSpots,
    out: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let decode_text = |s: String| decode::nfc(table::clean(&s));
    let check_length = |pointer: &str, key: &str, text: &str, out: &mut Vec<Diagnostic>| {
        if let Some(d) = too_long(key, text, spots.at(pointer)) {
            out.push(d);
        }
    };
    let key = |k: &str| format!("/documents/{i}/{k}");
    for (k, text) in [
        ("kind", Some(&d.kind)),
        ("title", Some(&d.title)),
        ("number", d.number.as_ref()),
        ("signer", d.signer.as_ref()),
    ] {
        if let Some(text) = text {
            check_length(&key(k), k, text, out);
        }
    }
    let date = d.date.as_deref().and_then(|text| {
        let parsed = PartialDate::parse(text);
        if parsed.is_none() {
            out.push(
                Diagnostic::error(
                    "invalid-date",
                    spots.at(&key("date")),
                    tr!(
                        "a document's \"date\" is not a date",
                        "\"date\" của văn bản không phải là ngày"
                    ),
                )
                .found(format!("\"{text}\""))
                .expected(PARTIAL_DATE.clone()),
            );
        }
        parsed
    });
    let at = spots.at(&key("file"));
    let path = resolve_inside(folder, &d.file, &at, "document", out)?;
    if !document_readable(&d.file, &path, &at, out) {
        return None;
    }
    Some(Document {
        kind: d.kind,
        title: decode_text(d.title),
        number: d.number.map(decode_text),
        date,
        signer: d.signer.map(decode_text),
        file: d.file,
        path,
        location: at,
    })
}

/// Whether a document's `file` names a file the build can copy: not
/// missing, not a folder (an empty name and `.` name the edition folder
/// itself), and readable. Reports it otherwise; `at` is the `file` key.
pub(super) fn document_readable(
    name: &str,
    path: &Path,
    at: &Location,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let relative = tr!(
        "\"{name}\" in edition.json is relative to the edition folder",
        "đường dẫn \"{name}\" trong edition.json được tính từ thư mục của kỳ đánh giá"
    );
    match std::fs::metadata(path) {
        Err(e) => {
            out.push(table::io_diagnostic(path, &e).hint(relative));
            false
        }
        Ok(m) if !m.is_file() => {
            let what = if name.trim_matches(['.', '/', ' ']).is_empty() {
                tr!("the edition folder itself", "chính thư mục của kỳ đánh giá")
            } else {
                tr!("a folder", "một thư mục")
            };
            out.push(
                Diagnostic::error(
                    "not-a-file",
                    at.clone(),
                    tr!(
                        "the document's \"file\" does not name a file",
                        "\"file\" của văn bản không chỉ tới một tệp"
                    ),
                )
                .found(Tr::new(
                    format!("\"{name}\", {}", what.en),
                    format!("\"{name}\", {}", what.vi),
                ))
                .expected(tr!(
                    "the path of the document's file inside the edition folder, such as documents/quyet-dinh.pdf",
                    "đường dẫn tới tệp văn bản nằm trong thư mục của kỳ đánh giá, ví dụ documents/quyet-dinh.pdf"
                )),
            );
            false
        }
        Ok(_) => match std::fs::File::open(path) {
            Ok(_) => true,
            Err(e) => {
                out.push(table::io_diagnostic(path, &e).hint(relative));
                false
            }
        },
    }
}

/// Reads a table a group names (`file.csv` or `book.xlsx#Sheet`).
/// `named`: the name and where it is in `edition.json`.
pub(super) fn group_table(
    folder: &Path,
    named: Option<(String, Location)>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let (name, at) = named?;
    let (path_part, sheet) = split_sheet(&name);
    let path = resolve_inside(folder, path_part, &at, what, out)?;
    read_table(&path, sheet, out)
}

/// Reads a wide scores table a group names, as a grid.
pub(super) fn group_grid(
    folder: &Path,
    named: Option<(String, Location)>,
    out: &mut Vec<Diagnostic>,
) -> Option<Grid> {
    let (name, at) = named?;
    let (path_part, sheet) = split_sheet(&name);
    let path = resolve_inside(folder, path_part, &at, "scores_wide", out)?;
    read_grid(&path, sheet, starts_wide_header, out)
}

/// Resolves a file named in `edition.json`, refusing anything that could
/// leave the edition folder: `..`, absolute paths, and symlinks pointing
/// outside it. Publishing must never copy a file from elsewhere on the
/// machine onto the public site.
pub(super) fn resolve_inside(
    folder: &Path,
    name: &str,
    at: &Location,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let relative = Path::new(name);
    let escapes = relative.is_absolute()
        || name.starts_with('/')
        || name.starts_with('\\')
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    let refuse = |found: Tr, out: &mut Vec<Diagnostic>| {
        out.push(
            Diagnostic::error(
                "path-outside-edition",
                at.clone(),
                Tr::new(
                    format!("the {what} file must be inside the edition folder"),
                    format!(
                        "tệp {} phải nằm trong thư mục của kỳ đánh giá",
                        if what == "document" {
                            "văn bản"
                        } else {
                            what
                        }
                    ),
                ),
            )
            .found(found)
            .expected(tr!(
                "a path relative to the edition folder, without \"..\"",
                "một đường dẫn tính từ thư mục của kỳ đánh giá, không có \"..\""
            ))
            .hint(tr!(
                "copy the file into the edition folder and name it from there",
                "hãy chép tệp vào thư mục của kỳ đánh giá và ghi đường dẫn tính từ đó"
            )),
        );
    };
    if escapes {
        refuse(Tr::data(format!("\"{name}\"")), out);
        return None;
    }
    let path = folder.join(relative);
    // Only an existing path can be a symlink; a missing file is reported by
    // whoever reads it.
    if let (Ok(real), Ok(base)) = (path.canonicalize(), folder.canonicalize()) {
        if !real.starts_with(&base) {
            refuse(
                tr!(
                    "\"{name}\", which leads to {}",
                    "\"{name}\", dẫn tới {}",
                    real.display()
                ),
                out,
            );
            return None;
        }
    }
    Some(path)
}
