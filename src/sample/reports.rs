//! The periodic reports of the sample: every unit's half-yearly statistical
//! annex on administrative reform (`indicators.csv`, `reports/<period>/`)
//! for the three years before the last edition. The indicator codes follow
//! the form xã Cẩm Hưng printed (Phụ lục 1B), cut to the figures citizens
//! ask about. Units report under the names they had on the period's last
//! day, so the units of the 2025 reorganisation report from its second
//! half. A few units leave a figure out, and one prints a rate that
//! disagrees with its own parts (resolved over received, as Cẩm Hưng did),
//! so that the site and the checker show both.

use std::io;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::documents::REPORT_SIGNERS;
use super::files::{DocumentJson, Sink};
use super::places::{Kind, Unit};
use super::{stream, Generator, SAMPLE_TAG};

/// Not a ChaCha stream of another part: the reports draw from their own.
const STREAM_REPORTS: u64 = 4;
/// Half-years reported: the last three years of the sample.
const YEARS: i32 = 3;

/// code, parent, name, measure, numerator, denominator, better.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const INDICATORS: &[Row] = &[
    ("1", "", "Công tác chỉ đạo điều hành", "", "", "", ""),
    (
        "1.1",
        "",
        "Số văn bản chỉ đạo CCHC đã ban hành (kết luận, chỉ thị, công văn chỉ đạo, quán triệt)",
        "Văn bản",
        "",
        "",
        "",
    ),
    (
        "1.2",
        "",
        "Tỷ lệ hoàn thành Kế hoạch CCHC năm (lũy kế đến thời điểm báo cáo)",
        "%",
        "1.2.2",
        "1.2.1",
        "higher",
    ),
    (
        "1.2.1",
        "",
        "Số nhiệm vụ đề ra trong kế hoạch",
        "Nhiệm vụ",
        "",
        "",
        "",
    ),
    (
        "1.2.2",
        "",
        "Số nhiệm vụ đã hoàn thành",
        "Nhiệm vụ",
        "",
        "",
        "",
    ),
    ("3", "", "Cải cách thủ tục hành chính", "", "", "", ""),
    ("3.3", "", "Kết quả giải quyết TTHC", "", "", "", ""),
    (
        "3.3.1",
        "",
        "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn",
        "%",
        "3.3.1.2",
        "3.3.1.1",
        "higher",
    ),
    (
        "3.3.1.1",
        "",
        "Tổng số hồ sơ TTHC đã giải quyết xong",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "3.3.1.2",
        "",
        "Số hồ sơ TTHC giải quyết đúng hạn",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "3.3.2",
        "",
        "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn",
        "%",
        "3.3.2.2",
        "3.3.2.1",
        "higher",
    ),
    (
        "3.3.2.1",
        "",
        "Tổng số hồ sơ TTHC đã giải quyết xong",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "3.3.2.2",
        "",
        "Số hồ sơ TTHC giải quyết đúng hạn",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "3.3.3",
        "",
        "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn",
        "%",
        "3.3.3.2",
        "3.3.3.1",
        "higher",
    ),
    (
        "3.3.3.1",
        "",
        "Tổng số hồ sơ TTHC đã giải quyết xong",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "3.3.3.2",
        "",
        "Số hồ sơ TTHC giải quyết đúng hạn",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "3.3.4",
        "",
        "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC",
        "%",
        "3.3.4.2",
        "3.3.4.1",
        "higher",
    ),
    (
        "3.3.4.1",
        "",
        "Tổng số PAKN đã tiếp nhận",
        "PAKN",
        "",
        "",
        "",
    ),
    (
        "3.3.4.2",
        "",
        "Số PAKN đã giải quyết xong",
        "PAKN",
        "",
        "",
        "",
    ),
    (
        "7",
        "",
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
        "",
        "",
        "",
        "",
    ),
    (
        "7.4",
        "",
        "Cung cấp dịch vụ công trực tuyến",
        "",
        "",
        "",
        "",
    ),
    (
        "7.4.4",
        "",
        "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến",
        "%",
        "7.4.4.2",
        "7.4.4.1",
        "higher",
    ),
    (
        "7.4.4.1",
        "",
        "Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)",
        "Hồ sơ",
        "",
        "",
        "",
    ),
    (
        "7.4.4.2",
        "",
        "Số hồ sơ TTHC đã tiếp nhận trực tuyến",
        "Hồ sơ",
        "",
        "",
        "",
    ),
];

#[derive(Serialize)]
struct ReportJson {
    period: String,
    title: String,
    published_on: String,
    groups: Vec<ReportGroupJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    documents: Vec<DocumentJson>,
}

#[derive(Serialize)]
struct ReportGroupJson {
    id: &'static str,
    name: &'static str,
    values: String,
}

/// A group of the reports: its id, name, and whether its file is kept as
/// Vietnamese-locale Excel saves it (`;`, `1.241`, `97,74`).
const GROUPS: [(Kind, &str, &str, bool); 3] = [
    (Kind::Department, "so-nganh", "Sở, ban, ngành", false),
    (Kind::District, "huyen", "UBND cấp huyện", false),
    (Kind::Commune, "xa", "UBND cấp xã", true),
];

/// Whether `unit` exists on the last day of half `half` of `year`.
fn exists_at_end(unit: &Unit, year: i32, half: u32) -> bool {
    let end = (
        year,
        if half == 1 { 6 } else { 12 },
        30 + u32::from(half == 2),
    );
    let from = unit.valid_from.map(|y| {
        let (m, d) = unit.from_day.unwrap_or((1, 1));
        (y, m, d)
    });
    let to = unit.valid_to.map(|y| {
        let (m, d) = unit.to_day.unwrap_or((12, 31));
        (y, m, d)
    });
    from.is_none_or(|f| f <= end) && to.is_none_or(|t| t >= end)
}

/// `1241` as a Vietnamese report prints it: `1.241`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// 100 x part / whole, half-up to 2 decimals, as text with `mark`.
fn rate(part: u64, whole: u64, mark: char) -> String {
    let hundredths = (20_000 * part + whole) / (2 * whole);
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    text.replace('.', &mark.to_string())
}

impl Generator<'_> {
    /// `indicators.csv` and one folder per half-year, ending with the last
    /// edition's year.
    pub(super) fn write_reports(&self, sink: &mut Sink) -> io::Result<()> {
        if self.multi() {
            return Ok(());
        }
        let mut tree = csv::Writer::from_writer(Vec::new());
        tree.write_record([
            "code",
            "parent",
            "name",
            "measure",
            "numerator",
            "denominator",
            "better",
        ])?;
        for row in INDICATORS {
            tree.write_record([row.0, row.1, row.2, row.3, row.4, row.5, row.6])?;
        }
        sink.write(
            "indicators.csv",
            &tree.into_inner().map_err(|e| e.into_error())?,
        )?;
        let last = self.size.first_year + self.size.editions as i32 - 1;
        let mut rng = stream(self.seed, STREAM_REPORTS);
        // The one rate printed against its parts: a commune's, in the
        // second report.
        let first = (last - YEARS + 1).max(self.size.first_year);
        let mut slip = Some((first, 2u32));
        for year in first..=last {
            for half in 1..=2u32 {
                let period = format!("{year}-H{half}");
                let mut groups = Vec::new();
                for (kind, id, name, excel) in GROUPS {
                    let units: Vec<&Unit> = self
                        .registry
                        .units
                        .iter()
                        .filter(|u| u.kind == kind && exists_at_end(u, year, half))
                        .collect();
                    if units.is_empty() {
                        continue;
                    }
                    let mistake =
                        (kind == Kind::Commune && slip == Some((year, half))).then(|| {
                            slip = None;
                            units.len() / 3
                        });
                    let file = format!("values-{id}.csv");
                    let bytes = self.values(&mut rng, &units, kind, excel, mistake)?;
                    sink.write(&format!("reports/{period}/{file}"), &bytes)?;
                    groups.push(ReportGroupJson {
                        id,
                        name,
                        values: file,
                    });
                }
                let province = &self.registry.units[self.registry.provinces[0]];
                let (when, published) = if half == 1 {
                    (
                        "6 tháng đầu năm",
                        format!("{year}-06-{}", rng.random_range(15..=25)),
                    )
                } else {
                    (
                        "6 tháng cuối năm",
                        format!("{year}-12-{}", rng.random_range(10..=20)),
                    )
                };
                let title = format!(
                    "Báo cáo công tác cải cách hành chính {when} {year} tỉnh {} ({SAMPLE_TAG})",
                    province.short_name
                );
                // The latest report carries its signed text, as a real
                // one would (drawing nothing, so every other file stays).
                let documents = if year == last && half == 2 {
                    vec![self.write_report_text(sink, &period, &title, &published, &groups)?]
                } else {
                    Vec::new()
                };
                let report = ReportJson {
                    period: period.clone(),
                    title,
                    published_on: published,
                    groups,
                    documents,
                };
                sink.write_json(&format!("reports/{period}/report.json"), &report)?;
            }
        }
        Ok(())
    }

    /// The signed text of report `period`, a short plain-text file; its
    /// entry in `report.json`.
    fn write_report_text(
        &self,
        sink: &mut Sink,
        period: &str,
        title: &str,
        published: &str,
        groups: &[ReportGroupJson],
    ) -> io::Result<DocumentJson> {
        let is = &self.issuer;
        let year: i32 = period[..4].parse().unwrap_or(2000);
        let number = format!("{}/{}", 200 + year.rem_euclid(100), is.report_suffix);
        let signer = REPORT_SIGNERS[year.rem_euclid(REPORT_SIGNERS.len() as i32) as usize];
        let file = format!("documents/bao-cao-cchc-{}.txt", period.to_ascii_lowercase());
        let mut text = format!(
            "{}\nSố: {number}\n\n{}\n\nI. KẾT QUẢ\nSố liệu của từng đơn vị theo Phụ lục thống kê (các tệp values-*.csv):\n",
            is.reporter.to_uppercase(),
            title.to_uppercase()
        );
        for g in groups {
            text.push_str(&format!("- {}: {}\n", g.name, g.values));
        }
        text.push_str(&format!(
            "\nII. NHIỆM VỤ KỲ TỚI\nTiếp tục nâng tỷ lệ hồ sơ giải quyết đúng hạn và hồ sơ nộp trực tuyến.\n\n{}\n(đã ký)\n{signer}\n\n({SAMPLE_TAG}: đơn vị và số liệu đều không có thật.)\n",
            is.reporter_title
        ));
        sink.write(&format!("reports/{period}/{file}"), text.as_bytes())?;
        Ok(DocumentJson {
            kind: "report",
            number,
            date: published.to_string(),
            title: title.to_string(),
            signer: signer.to_string(),
            file,
        })
    }

    /// One group's values file. `mistake`: the unit (by position) whose
    /// on-time rate is printed as resolved over received.
    fn values(
        &self,
        rng: &mut ChaCha8Rng,
        units: &[&Unit],
        kind: Kind,
        excel: bool,
        mistake: Option<usize>,
    ) -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        let mut builder = csv::WriterBuilder::new();
        if excel {
            buf.extend_from_slice("\u{feff}".as_bytes());
            builder.delimiter(b';').terminator(csv::Terminator::CRLF);
        }
        let mut writer = builder.from_writer(buf);
        writer.write_record(["unit", "code", "value", "note"])?;
        let mark = if excel { ',' } else { '.' };
        let count = |n: u64| if excel { grouped(n) } else { n.to_string() };
        let on_time = match kind {
            Kind::Department | Kind::Province => "3.3.1",
            Kind::District => "3.3.2",
            Kind::Commune => "3.3.3",
        };
        let scale: u64 = match kind {
            Kind::Commune => 1,
            Kind::District => 6,
            _ => 3,
        };
        for (i, unit) in units.iter().enumerate() {
            let mut row = |code: &str, value: String, note: &str| {
                writer.write_record([unit.id.as_str(), code, value.as_str(), note])
            };
            let documents: u64 = rng.random_range(8..=40);
            row("1.1", count(documents), "")?;
            let tasks: u64 = rng.random_range(15..=40);
            let done = tasks - rng.random_range(0..=tasks / 4);
            row("1.2", rate(done, tasks, mark), "")?;
            row("1.2.1", count(tasks), "")?;
            row("1.2.2", count(done), "")?;
            let received: u64 = scale * rng.random_range(300..=2500);
            let mut pending = rng.random_range(0..=received / 40);
            let resolved_late = rng.random_range(0..=received / 50);
            // The slip: every application on time, the rate printed as
            // resolved over received, some still pending.
            let late = if mistake == Some(i) {
                pending = pending.max(received / 50);
                0
            } else {
                resolved_late
            };
            let resolved = received - pending;
            let in_time = resolved - late;
            let printed = if mistake == Some(i) {
                rate(resolved, received, mark)
            } else {
                rate(in_time, resolved, mark)
            };
            row(on_time, printed, "")?;
            row(&format!("{on_time}.1"), count(resolved), "")?;
            row(&format!("{on_time}.2"), count(in_time), "")?;
            let complaints: u64 = rng.random_range(0..=6);
            let answered = complaints - rng.random_range(0..=complaints.min(1));
            if complaints == 0 {
                row(
                    "3.3.4",
                    String::new(),
                    "Không phát sinh phản ánh, kiến nghị",
                )?;
            } else {
                row("3.3.4", rate(answered, complaints, mark), "")?;
            }
            row("3.3.4.1", count(complaints), "")?;
            row("3.3.4.2", count(answered), "")?;
            let online = received * rng.random_range(5..=60) / 100;
            row("7.4.4.1", count(received), "")?;
            // A few units leave the online figures out.
            if rng.random_range(0..25) == 0 {
                row("7.4.4", String::new(), "Chưa thống kê được")?;
                row("7.4.4.2", String::new(), "Chưa thống kê được")?;
            } else {
                row("7.4.4", rate(online, received, mark), "")?;
                row("7.4.4.2", count(online), "")?;
            }
        }
        writer.into_inner().map_err(|e| e.into_error())
    }
}
