//! The documents of each edition: the decision that publishes the index
//! and the report on its results, with plausible numbers, dates and
//! signers, and the issuer they come from.

use std::io;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::{Decimal, RoundingStrategy};

use super::files::{DocumentJson, Sink};
use super::names::slug;
use super::points::{band_of, ranked, BANDS};
use super::scores::{GroupKind, GroupResult};
use super::{Edition, Generator, SAMPLE_TAG};

/// Vice-chairs who sign the decisions, one per term of a few years.
const SIGNERS: [&str; 4] = [
    "Nguyễn Văn Hòa",
    "Trần Thị Thu Hà",
    "Phạm Quốc Khánh",
    "Lê Minh Đức",
];
pub(super) const REPORT_SIGNERS: [&str; 3] = ["Đỗ Thị Lan", "Vũ Đình Phúc", "Hoàng Văn Sơn"];

/// Who issues the documents: the province's People's Committee, or for a
/// multi-province dataset the Ministry of Home Affairs.
pub(super) struct Issuer {
    pub(super) organ: String,
    pub(super) place: String,
    pub(super) decision_suffix: &'static str,
    pub(super) head: String,
    /// Signature block of a deputy signing on the head's behalf.
    pub(super) deputy_block: (&'static str, &'static str),
    pub(super) reporter: String,
    pub(super) report_suffix: &'static str,
    pub(super) reporter_title: &'static str,
    pub(super) proposer: &'static str,
    pub(super) proposal_suffix: &'static str,
}

impl Issuer {
    /// The province's People's Committee, on the proposal of its Department
    /// of Home Affairs.
    pub(super) fn province(province: &str) -> Issuer {
        Issuer {
            organ: format!("Ủy ban nhân dân tỉnh {province}"),
            place: province.to_string(),
            decision_suffix: "QĐ-UBND",
            head: format!("Chủ tịch Ủy ban nhân dân tỉnh {province}"),
            deputy_block: ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
            reporter: format!("Sở Nội vụ tỉnh {province}"),
            report_suffix: "BC-SNV",
            reporter_title: "GIÁM ĐỐC",
            proposer: "Giám đốc Sở Nội vụ",
            proposal_suffix: "TTr-SNV",
        }
    }
}

/// The numbers, dates and signers of an edition's documents; the decision
/// cites a proposal dated the day of the report.
struct Papers {
    decided: Date,
    reported: Date,
    decision_no: String,
    report_no: String,
    proposal_no: i32,
    signer: String,
    report_signer: String,
}

#[derive(Clone, Copy, Debug)]
struct Date(i32, u32, u32);

impl Date {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }

    fn short(self) -> String {
        format!("{:02}/{:02}/{}", self.2, self.1, self.0)
    }

    fn long(self) -> String {
        format!("ngày {:02} tháng {:02} năm {}", self.2, self.1, self.0)
    }
}

impl Generator<'_> {
    /// An edition's paperwork, drawn from the documents' stream in the
    /// order the documents have always drawn it.
    fn draw_papers(&self, edition: &Edition, rng: &mut ChaCha8Rng) -> Papers {
        let year = edition.year;
        let month = rng.random_range(1..=3u32);
        let day = rng.random_range(8..=28u32);
        let decided = Date(year + 1, month, day);
        let reported = Date(year + 1, month, day - rng.random_range(3..=7u32));
        let decision_no = format!(
            "{}/{}",
            rng.random_range(20..=480),
            self.issuer.decision_suffix
        );
        let report_no = format!(
            "{}/{}",
            rng.random_range(5..=160),
            self.issuer.report_suffix
        );
        let proposal_no = rng.random_range(10..=300);
        let t = edition.t;
        Papers {
            decided,
            reported,
            decision_no,
            report_no,
            proposal_no,
            signer: SIGNERS[(t / 3) % SIGNERS.len()].to_string(),
            report_signer: REPORT_SIGNERS[(t / 4) % REPORT_SIGNERS.len()].to_string(),
        }
    }

    /// Writes the decision and the report of an edition; returns their
    /// entries in `edition.json`, the decision first.
    pub(super) fn write_documents(
        &self,
        sink: &mut Sink,
        edition: &Edition,
        results: &[GroupResult],
        rng: &mut ChaCha8Rng,
    ) -> io::Result<Vec<DocumentJson>> {
        let year = edition.year;
        let dir = edition.dir();
        let papers = self.draw_papers(edition, rng);

        let decision_title = format!("Về việc công bố Chỉ số cải cách hành chính năm {year}");
        let decision_file = format!("documents/quyet-dinh-{}.md", slug(&papers.decision_no));
        let decision = self.decision_text(year, &decision_title, &papers, results);
        sink.write(&format!("{dir}/{decision_file}"), decision.as_bytes())?;

        let report_title =
            format!("Báo cáo kết quả xác định Chỉ số cải cách hành chính năm {year}");
        let report_file = format!("documents/bao-cao-chi-so-cchc-{year}.txt");
        let report = self.report_text(year, &papers, results);
        sink.write(&format!("{dir}/{report_file}"), report.as_bytes())?;

        Ok(vec![
            DocumentJson {
                kind: "decision",
                number: papers.decision_no,
                date: papers.decided.iso(),
                title: decision_title,
                signer: papers.signer,
                file: decision_file,
            },
            DocumentJson {
                kind: "report",
                number: papers.report_no,
                date: papers.reported.iso(),
                title: report_title,
                signer: papers.report_signer,
                file: report_file,
            },
        ])
    }

    fn counts_by_kind(&self, results: &[GroupResult]) -> Vec<(GroupKind, usize)> {
        let mut kinds: Vec<GroupKind> = Vec::new();
        for r in results {
            if !kinds.contains(&r.kind) {
                kinds.push(r.kind);
            }
        }
        kinds
            .into_iter()
            .map(|k| {
                (
                    k,
                    results
                        .iter()
                        .filter(|r| r.kind == k)
                        .map(|r| r.entries.len())
                        .sum(),
                )
            })
            .collect()
    }

    /// The decision that publishes the edition, in Markdown.
    fn decision_text(
        &self,
        year: i32,
        title: &str,
        papers: &Papers,
        results: &[GroupResult],
    ) -> String {
        let is = &self.issuer;
        let (number, signer) = (&papers.decision_no, &papers.signer);
        let counted: Vec<String> = self
            .counts_by_kind(results)
            .into_iter()
            .map(|(k, n)| format!("{n} {}", k.counted()))
            .collect();
        let programme = if year <= 2020 {
            "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08 tháng 11 năm 2011 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020;"
        } else {
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;"
        };
        let scope = if self.multi() {
            "các tỉnh".to_string()
        } else {
            format!("tỉnh {}", is.place)
        };
        format!(
            "**{organ}**\n\
             \n\
             Số: {number} — {place}, {long_date}\n\
             \n\
             # QUYẾT ĐỊNH\n\
             \n\
             ## {title}\n\
             \n\
             **{head_upper}**\n\
             \n\
             Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\
             \n\
             {programme}\n\
             \n\
             Theo đề nghị của {proposer} tại Tờ trình số {proposal_no}/{proposal_suffix} ngày {proposal_date}.\n\
             \n\
             **QUYẾT ĐỊNH:**\n\
             \n\
             **Điều 1.** Công bố Chỉ số cải cách hành chính năm {year} của {units} thuộc {scope} \
             (chi tiết tại các phụ lục kèm theo).\n\
             \n\
             **Điều 2.** Các cơ quan, đơn vị phân tích nguyên nhân các tiêu chí, tiêu chí thành phần \
             bị mất điểm, xác định trách nhiệm và đề ra giải pháp khắc phục trong năm {next}.\n\
             \n\
             **Điều 3.** Quyết định này có hiệu lực kể từ ngày ký.\n\
             \n\
             {on_behalf}  \n\
             {deputy}  \n\
             (đã ký)  \n\
             **{signer}**\n\
             \n\
             ---\n\
             \n\
             *Văn bản minh hoạ do chương trình tạo ra: đơn vị, con người và số liệu đều không có thật.*\n",
            organ = is.organ.to_uppercase(),
            place = is.place,
            long_date = papers.decided.long(),
            head_upper = is.head.to_uppercase(),
            proposer = is.proposer,
            proposal_suffix = is.proposal_suffix,
            on_behalf = is.deputy_block.0,
            deputy = is.deputy_block.1,
            proposal_no = papers.proposal_no,
            proposal_date = papers.reported.short(),
            units = counted.join("; "),
            next = year + 1,
        )
    }

    /// The report of the Department (or the ministry's department) of Home
    /// Affairs on the results, as plain text.
    fn report_text(&self, year: i32, papers: &Papers, results: &[GroupResult]) -> String {
        let is = &self.issuer;
        let (number, signer) = (&papers.report_no, &papers.report_signer);
        let mut text = format!(
            "{reporter}\nSố: {number}    {place}, {long_date}\n\nBÁO CÁO\nKết quả xác định Chỉ số cải cách hành chính năm {year}\n\n",
            reporter = is.reporter.to_uppercase(),
            place = is.place,
            long_date = papers.reported.long(),
        );
        if year == self.break_year() {
            text.push_str(
                "Năm nay áp dụng Bộ chỉ số mới: điểm tối đa các lĩnh vực được phân bổ lại, \
                 một số tiêu chí được đổi tên hoặc bổ sung, nên kết quả không so sánh trực tiếp với các năm trước.\n\n",
            );
        }
        text.push_str("I. KẾT QUẢ CHUNG\n");
        for (n, result) in results.iter().enumerate() {
            let Some(summary) = self.group_summary(result) else {
                continue;
            };
            let label = if self.multi() {
                let province = &self.registry.units[result.province];
                format!(
                    "{} {} {}",
                    result.kind.name(),
                    province.local_word,
                    province.short_name
                )
            } else {
                result.kind.name().to_string()
            };
            text.push_str(&format!(
                "{}. {label} ({} đơn vị): {summary}\n",
                n + 1,
                result.entries.len()
            ));
        }
        text.push_str(&format!(
            "\nII. KIẾN NGHỊ\nĐề nghị các cơ quan, đơn vị có chỉ số thấp rà soát nguyên nhân mất điểm và khắc phục trong năm {}.\n\n{}\n(đã ký)\n{signer}\n\n({SAMPLE_TAG}: đơn vị và số liệu đều không có thật.)\n",
            year + 1,
            is.reporter_title
        ));
        text
    }

    /// Mean of the unrounded indices, extremes and band counts, with decimal
    /// commas as a Vietnamese report prints them.
    fn group_summary(&self, result: &GroupResult) -> Option<String> {
        let ranked = ranked(&result.entries);
        let (best, best_ratio, _) = ranked.first()?;
        let (worst, worst_ratio, _) = ranked.last()?;
        let total: Decimal = result.entries.iter().map(|(_, r)| r.index_exact()).sum();
        let mean = (total / Decimal::from(result.entries.len()))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let bands: Vec<String> = BANDS
            .iter()
            .map(|(name, _)| {
                let n = result
                    .entries
                    .iter()
                    .filter(|(_, r)| band_of(r.index_rounded()) == *name)
                    .count();
                format!("{name} {n}")
            })
            .collect();
        let units = &self.registry.units;
        Some(format!(
            "trung bình {}; cao nhất {} ({}); thấp nhất {} ({}); xếp loại: {}.",
            mean.to_string().replace('.', ","),
            units[*best].name,
            best_ratio.index_rounded().render(true),
            units[*worst].name,
            worst_ratio.index_rounded().render(true),
            bands.join(", ")
        ))
    }
}
