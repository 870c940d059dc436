//! Writing files: the sink every file goes through (counting files and
//! score rows), the CSV styles publishers save in, and the files of the
//! data format but the documents: `site.json`, `units.csv`, each edition's
//! frameworks, scores, published figures and `edition.json`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::frameworks::Node;
use super::points::{band_of, ranked, Pts, Ratio, BANDS, BANDS_EN};
use super::scores::{GroupKind, GroupResult, Row, ScoredGroup};
use super::{Edition, Generator, SAMPLE_TAG};

/// Refuses to mix the sample with anything already in `out`: a generator
/// that overwrote a publisher's real data would be a disaster.
pub(super) fn prepare_output(out: &Path) -> io::Result<()> {
    match fs::metadata(out) {
        Ok(meta) if meta.is_dir() => {
            if fs::read_dir(out)?.next().is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is not empty", out.display()),
                ));
            }
            Ok(())
        }
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a directory", out.display()),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(out),
        Err(e) => Err(e),
    }
}

/// Writes files below the output directory and counts them.
pub(super) struct Sink {
    pub(super) root: PathBuf,
    pub(super) files: usize,
    pub(super) score_rows: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CsvStyle {
    Plain,
    /// As Vietnamese-locale Excel saves "CSV UTF-8": BOM, `;`, CRLF and
    /// decimal commas (the last applied by the caller).
    ExcelVi,
}

impl Sink {
    pub(super) fn new(root: &Path) -> Sink {
        Sink {
            root: root.to_path_buf(),
            files: 0,
            score_rows: 0,
        }
    }

    pub(super) fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, bytes)?;
        self.files += 1;
        Ok(())
    }

    fn write_csv(
        &mut self,
        rel: &str,
        header: &[&str],
        rows: &[Vec<String>],
        style: CsvStyle,
    ) -> io::Result<()> {
        let mut writer = csv_writer(header, style)?;
        for row in rows {
            writer.write_record(row)?;
        }
        self.finish_csv(rel, writer)
    }

    fn finish_csv(&mut self, rel: &str, writer: csv::Writer<Vec<u8>>) -> io::Result<()> {
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        self.write(rel, &bytes)
    }

    pub(super) fn write_json<T: Serialize>(&mut self, rel: &str, value: &T) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(value)?;
        text.push('\n');
        self.write(rel, text.as_bytes())
    }
}

/// An in-memory CSV writer in `style`, its header written; rows can then be
/// streamed into it without building a table first.
fn csv_writer(header: &[&str], style: CsvStyle) -> io::Result<csv::Writer<Vec<u8>>> {
    let mut buf = Vec::new();
    let mut builder = csv::WriterBuilder::new();
    if style == CsvStyle::ExcelVi {
        buf.extend_from_slice("\u{feff}".as_bytes());
        builder.delimiter(b';').terminator(csv::Terminator::CRLF);
    }
    let mut writer = builder.from_writer(buf);
    writer.write_record(header)?;
    Ok(writer)
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: String,
    publisher: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_en: Option<String>,
    language: &'a str,
    /// A province's site in both languages shows the switch; a national
    /// one stays in one, as most are, and as the benchmark measures.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    languages: &'a [&'a str],
    base_url: String,
    licence: &'a str,
    contact: &'a str,
    sample: bool,
}

#[derive(Serialize)]
pub(super) struct EditionJson {
    year: i32,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_en: Option<String>,
    status: &'static str,
    published_on: String,
    scale: u32,
    decimals: u32,
    bands: Vec<BandJson>,
    groups: Vec<GroupJson>,
    documents: Vec<DocumentJson>,
}

#[derive(Serialize)]
struct BandJson {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_en: Option<&'static str>,
    min: i64,
}

#[derive(Serialize)]
pub(super) struct GroupJson {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_en: Option<&'static str>,
    framework: String,
    scores: String,
    published: String,
}

#[derive(Serialize)]
pub(super) struct DocumentJson {
    pub(super) kind: &'static str,
    pub(super) number: String,
    pub(super) date: String,
    pub(super) title: String,
    pub(super) signer: String,
    pub(super) file: String,
}

pub(super) fn write_framework(sink: &mut Sink, rel: &str, fw: &[Node]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = fw
        .iter()
        .map(|n| {
            vec![
                n.code.clone(),
                n.parent.map(|p| fw[p].code.clone()).unwrap_or_default(),
                n.name.to_string(),
                n.max.render(false),
                n.name_en.to_string(),
            ]
        })
        .collect();
    sink.write_csv(
        rel,
        &["code", "parent", "name", "max", "name_en"],
        &rows,
        CsvStyle::Plain,
    )
}

impl Generator<'_> {
    pub(super) fn write_site(&self, sink: &mut Sink) -> io::Result<()> {
        let site = if self.multi() {
            SiteJson {
                title: format!("Chỉ số cải cách hành chính các tỉnh ({SAMPLE_TAG})"),
                publisher: "Bộ Nội vụ (giả định)".to_string(),
                title_en: None,
                language: "vi",
                languages: &[],
                base_url: "https://example.invalid/chi-so-cchc/".to_string(),
                licence: "CC-BY-4.0",
                contact: "cchc@example.invalid",
                sample: true,
            }
        } else {
            let province = &self.registry.units[self.registry.provinces[0]];
            SiteJson {
                title: format!(
                    "Chỉ số cải cách hành chính tỉnh {} ({SAMPLE_TAG})",
                    province.short_name
                ),
                publisher: format!("Sở Nội vụ tỉnh {} (giả định)", province.short_name),
                title_en: Some(format!(
                    "Public Administration Reform Index of {} province (sample data)",
                    province.short_name
                )),
                language: "vi",
                languages: &["vi", "en"],
                base_url: format!("https://example.invalid/{}/", province.id),
                licence: "CC-BY-4.0",
                contact: "cchc@example.invalid",
                sample: true,
            }
        };
        sink.write_json("site.json", &site)
    }

    pub(super) fn write_units(&self, sink: &mut Sink) -> io::Result<()> {
        let units = &self.registry.units;
        // A bound within the year is written as its day, any other as a year.
        let bound = |y: Option<i32>, day: Option<(u32, u32)>| match (y, day) {
            (Some(y), Some((m, d))) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), None) => y.to_string(),
            (None, _) => String::new(),
        };
        // Codes and former names come with the reorganisation; a registry
        // without them keeps the columns of version 1.
        let v2 = units
            .iter()
            .any(|u| u.code.is_some() || u.former_names.is_some());
        let rows: Vec<Vec<String>> = units
            .iter()
            .map(|u| {
                let mut row = vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.short_name.clone(),
                    u.kind.as_str().to_string(),
                    u.parent.map(|p| units[p].id.clone()).unwrap_or_default(),
                    u.name_en.clone(),
                    u.successor.map(|s| units[s].id.clone()).unwrap_or_default(),
                    bound(u.valid_from, u.from_day),
                    bound(u.valid_to, u.to_day),
                ];
                if v2 {
                    row.push(u.code.clone().unwrap_or_default());
                    row.push(u.former_names.clone().unwrap_or_default());
                }
                row
            })
            .collect();
        // The reader's own list: a sample's registry always has the columns
        // chiso reads, in its order.
        let mut header = crate::input::UNIT_COLUMNS.to_vec();
        if v2 {
            header.extend(crate::input::UNIT_COLUMNS_V2);
        }
        sink.write_csv("units.csv", &header, &rows, CsvStyle::Plain)
    }

    /// Group ids and file stems: plain for one province, per province otherwise.
    fn group_id(&self, kind: GroupKind, province: usize) -> String {
        if self.multi() {
            format!("{}-{}", self.registry.units[province].id, kind.id())
        } else {
            kind.id().to_string()
        }
    }

    /// A scored group's scores and published figures, and its entry in
    /// `edition.json`.
    pub(super) fn write_group(
        &self,
        sink: &mut Sink,
        fw: &[Node],
        edition: &Edition,
        group: &ScoredGroup,
    ) -> io::Result<GroupJson> {
        let GroupResult {
            kind,
            province,
            ref entries,
        } = group.result;
        let dir = edition.dir();
        let gid = self.group_id(kind, province);
        // Vietnamese-locale Excel output for one file, as publishers send it.
        let excel =
            kind == GroupKind::Communes && province == self.registry.provinces[0] && edition.t == 1;
        let style = if excel {
            CsvStyle::ExcelVi
        } else {
            CsvStyle::Plain
        };
        let scores_file = format!("scores-{gid}.csv");
        let published_file = format!("published-{gid}.csv");
        self.write_scores(
            sink,
            &format!("{dir}/{scores_file}"),
            fw,
            &group.rows,
            style,
        )?;
        self.write_published(sink, &format!("{dir}/{published_file}"), entries)?;
        let province = &self.registry.units[province];
        Ok(GroupJson {
            name: if self.multi() {
                format!(
                    "{} {} {}",
                    kind.name(),
                    province.local_word,
                    province.short_name
                )
            } else {
                kind.name().to_string()
            },
            // A province's site is in both languages (`write_site`).
            name_en: (!self.multi()).then(|| kind.name_en()),
            id: gid,
            framework: format!("framework-{}.csv", kind.id()),
            scores: scores_file,
            published: published_file,
        })
    }

    fn write_scores(
        &self,
        sink: &mut Sink,
        rel: &str,
        fw: &[Node],
        units: &[(usize, Vec<Row>)],
        style: CsvStyle,
    ) -> io::Result<()> {
        let comma = style == CsvStyle::ExcelVi;
        let num = |p: Option<Pts>| p.map(|p| p.render(comma)).unwrap_or_default();
        let header = [
            "unit",
            "code",
            "score",
            "max",
            "self_score",
            "note",
            "responsible",
        ];
        // Streamed: the national preset writes millions of rows.
        let mut writer = csv_writer(&header, style)?;
        for (unit, unit_rows) in units {
            let id = self.registry.units[*unit].id.as_str();
            for (node, row) in fw.iter().zip(unit_rows) {
                let max = if row.score.is_none() { "x" } else { "" };
                writer.write_record([
                    id,
                    &node.code,
                    &num(row.score),
                    max,
                    &num(row.self_score),
                    &row.note,
                    &row.responsible,
                ])?;
                sink.score_rows += 1;
            }
        }
        sink.finish_csv(rel, writer)
    }

    fn write_published(
        &self,
        sink: &mut Sink,
        rel: &str,
        entries: &[(usize, Ratio)],
    ) -> io::Result<()> {
        let rows: Vec<Vec<String>> = ranked(entries)
            .into_iter()
            .map(|(unit, ratio, rank)| {
                let index = ratio.index_rounded();
                vec![
                    self.registry.units[unit].id.clone(),
                    ratio.achieved.render(false),
                    ratio.max.render(false),
                    index.render(false),
                    rank.to_string(),
                    band_of(index).to_string(),
                ]
            })
            .collect();
        let header = ["unit", "achieved", "max", "index", "rank", "band"];
        sink.write_csv(rel, &header, &rows, CsvStyle::Plain)
    }

    /// `edition.json`: its documents' first date is the edition's.
    pub(super) fn edition_json(
        &self,
        year: i32,
        groups: Vec<GroupJson>,
        documents: Vec<DocumentJson>,
    ) -> EditionJson {
        let published_on = documents
            .first()
            .map(|d| d.date.clone())
            .unwrap_or_default();
        let scope = if self.multi() {
            "các tỉnh".to_string()
        } else {
            format!(
                "tỉnh {}",
                self.registry.units[self.registry.provinces[0]].short_name
            )
        };
        EditionJson {
            year,
            title: format!("Chỉ số cải cách hành chính năm {year} {scope}"),
            title_en: (!self.multi()).then(|| {
                format!(
                    "Public Administration Reform Index {year}, {} province",
                    self.registry.units[self.registry.provinces[0]].short_name
                )
            }),
            status: "final",
            published_on,
            scale: 100,
            decimals: 2,
            // A province's site is in both languages (`write_site`).
            bands: BANDS
                .iter()
                .zip(BANDS_EN)
                .map(|(&(name, min), en)| BandJson {
                    name,
                    name_en: (!self.multi()).then_some(en),
                    min,
                })
                .collect(),
            groups,
            documents,
        }
    }
}
