//! The methodology the sample is assessed on: eight fields, their criteria
//! and sub-criteria with the reasons a unit loses points and who answers
//! for them, before and after the one overhaul of the framework.

/// The assessment methodology in force: the sample has one break, as the
/// real index had when the framework was overhauled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Era {
    Old,
    New,
}

/// Departments and districts are assessed on one framework, communes on a
/// lighter one without the criteria that only apply to bodies with
/// subordinate units.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Level {
    Provincial,
    Commune,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Span {
    Both,
    OldOnly,
    NewOnly,
}

/// Who is held responsible when a sub-criterion loses points; each unit kind
/// names the matching body of its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Office {
    Leadership,
    HomeAffairs,
    Justice,
    Secretariat,
    Finance,
    OneStop,
    It,
    Personnel,
    Communication,
}

pub(super) type Label = (&'static str, &'static str);

pub(super) struct FieldDef {
    pub(super) old: Label,
    pub(super) new: Label,
    pub(super) survey: bool,
    pub(super) criteria: &'static [CritDef],
}

pub(super) struct CritDef {
    pub(super) name: Label,
    /// Renamed in the new framework.
    new_name: Option<Label>,
    span: Span,
    /// Whether communes are assessed on it.
    communes: bool,
    pub(super) weight: i64,
    pub(super) subs: &'static [SubDef],
}

impl CritDef {
    pub(super) fn active(&self, level: Level, era: Era) -> bool {
        let in_era = match self.span {
            Span::Both => true,
            Span::OldOnly => era == Era::Old,
            Span::NewOnly => era == Era::New,
        };
        in_era && (level == Level::Provincial || self.communes)
    }

    pub(super) fn label(&self, era: Era) -> Label {
        match (era, self.new_name) {
            (Era::New, Some(renamed)) => renamed,
            _ => self.name,
        }
    }
}

pub(super) struct SubDef {
    pub(super) name: Label,
    pub(super) weight: i64,
    /// Scored in hundredths (a ratio) rather than in quarter points.
    pub(super) fine: bool,
    pub(super) office: Office,
    /// Why points were lost. Placeholders: {year}, {prev}, {n}, {num}, {bc}, {pct}.
    pub(super) reasons: &'static [&'static str],
}

const fn crit(
    vi: &'static str,
    en: &'static str,
    new_name: Option<Label>,
    span: Span,
    communes: bool,
    weight: i64,
    subs: &'static [SubDef],
) -> CritDef {
    CritDef {
        name: (vi, en),
        new_name,
        span,
        communes,
        weight,
        subs,
    }
}

const fn sub(
    vi: &'static str,
    en: &'static str,
    weight: i64,
    fine: bool,
    office: Office,
    reasons: &'static [&'static str],
) -> SubDef {
    SubDef {
        name: (vi, en),
        weight,
        fine,
        office,
        reasons,
    }
}

/// Field maxima per level and era; each row adds up to the scale (100).
const FIELD_MAXIMA_PROVINCIAL_OLD: [i64; 8] = [13, 9, 14, 8, 12, 7, 12, 25];
const FIELD_MAXIMA_PROVINCIAL_NEW: [i64; 8] = [10, 9, 14, 8, 13, 8, 18, 20];
const FIELD_MAXIMA_COMMUNE_OLD: [i64; 8] = [14, 8, 18, 6, 12, 6, 11, 25];
const FIELD_MAXIMA_COMMUNE_NEW: [i64; 8] = [12, 8, 20, 6, 12, 6, 16, 20];

pub(super) fn field_maxima(level: Level, era: Era) -> &'static [i64; 8] {
    match (level, era) {
        (Level::Provincial, Era::Old) => &FIELD_MAXIMA_PROVINCIAL_OLD,
        (Level::Provincial, Era::New) => &FIELD_MAXIMA_PROVINCIAL_NEW,
        (Level::Commune, Era::Old) => &FIELD_MAXIMA_COMMUNE_OLD,
        (Level::Commune, Era::New) => &FIELD_MAXIMA_COMMUNE_NEW,
    }
}

const SURVEY_NOTE_WAIT: &str =
    "Mức độ hài lòng đạt {pct}%; người dân phản ánh thời gian chờ tại Bộ phận Một cửa còn dài.";

pub(super) const FIELDS: [FieldDef; 8] = [
    FieldDef {
        old: (
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Direction and management of administrative reform",
        ),
        new: (
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Direction and management of administrative reform",
        ),
        survey: false,
        criteria: &[
            crit("Kế hoạch cải cách hành chính", "Administrative reform plan", None, Span::Both, true, 3, &[
                sub(
                    "Ban hành kế hoạch cải cách hành chính năm đúng thời hạn",
                    "Annual reform plan issued on time",
                    1,
                    false,
                    Office::HomeAffairs,
                    &[
                        "Kế hoạch cải cách hành chính năm {year} ban hành chậm so với quy định.",
                        "Kế hoạch chưa xác định rõ sản phẩm, thời hạn hoàn thành của từng nhiệm vụ.",
                    ],
                ),
                sub(
                    "Mức độ hoàn thành kế hoạch cải cách hành chính",
                    "Completion of the reform plan",
                    2,
                    true,
                    Office::Leadership,
                    &[
                        "{n} nhiệm vụ trong kế hoạch cải cách hành chính năm {year} chưa hoàn thành.",
                        "{n} nhiệm vụ hoàn thành nhưng chậm so với kế hoạch.",
                    ],
                ),
            ]),
            crit("Báo cáo cải cách hành chính", "Administrative reform reporting", None, Span::Both, true, 2, &[
                sub(
                    "Báo cáo cải cách hành chính định kỳ quý, 6 tháng, năm",
                    "Quarterly, half-year and annual reform reports",
                    1,
                    false,
                    Office::HomeAffairs,
                    &[
                        "Báo cáo quý III trễ hạn.",
                        "Báo cáo 6 tháng số {num}/{bc} gửi chậm so với quy định.",
                        "Báo cáo năm {year} chưa đúng đề cương hướng dẫn.",
                    ],
                ),
                sub(
                    "Báo cáo tự đánh giá, chấm điểm Chỉ số cải cách hành chính",
                    "Self-assessment report for the PAR Index",
                    1,
                    false,
                    Office::HomeAffairs,
                    &[
                        "Báo cáo tự chấm điểm số {num}/{bc} gửi chậm so với thời hạn.",
                        "Tài liệu kiểm chứng kèm báo cáo tự chấm điểm chưa đầy đủ.",
                    ],
                ),
            ]),
            crit("Kiểm tra cải cách hành chính", "Administrative reform inspections", None, Span::Both, false, 2, &[
                sub(
                    "Tỷ lệ cơ quan, đơn vị trực thuộc được kiểm tra trong năm",
                    "Share of subordinate bodies inspected during the year",
                    1,
                    true,
                    Office::HomeAffairs,
                    &["Chỉ kiểm tra được {n} đơn vị, chưa đạt kế hoạch đề ra."],
                ),
                sub(
                    "Xử lý vấn đề phát hiện qua kiểm tra",
                    "Follow-up on inspection findings",
                    1,
                    false,
                    Office::Leadership,
                    &["Một số tồn tại phát hiện qua kiểm tra chưa được khắc phục dứt điểm."],
                ),
            ]),
            crit(
                "Công tác tuyên truyền cải cách hành chính",
                "Communication on administrative reform",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Mức độ hoàn thành kế hoạch tuyên truyền",
                        "Completion of the communication plan",
                        1,
                        false,
                        Office::Communication,
                        &["Chưa hoàn thành {n} nội dung trong kế hoạch tuyên truyền năm {year}."],
                    ),
                    sub(
                        "Mức độ đa dạng trong tuyên truyền cải cách hành chính",
                        "Variety of communication channels",
                        1,
                        false,
                        Office::Communication,
                        &[
                            "Chưa tuyên truyền dưới các hình thức thi, tọa đàm, sân khấu hóa.",
                            "Chuyên mục cải cách hành chính trên trang thông tin điện tử ít được cập nhật.",
                        ],
                    ),
                ],
            ),
            crit(
                "Sáng kiến trong cải cách hành chính",
                "Administrative reform initiatives",
                None,
                Span::NewOnly,
                false,
                1,
                &[sub(
                    "Sáng kiến, giải pháp mới được công nhận",
                    "Recognised new initiatives and solutions",
                    1,
                    false,
                    Office::Leadership,
                    &["Không có sáng kiến cải cách hành chính được cấp có thẩm quyền công nhận."],
                )],
            ),
            crit(
                "Thực hiện nhiệm vụ được cấp trên giao",
                "Tasks assigned by higher authorities",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
                        "Share of tasks completed on time",
                        2,
                        true,
                        Office::Leadership,
                        &["{n} nhiệm vụ hoàn thành quá hạn."],
                    ),
                    sub(
                        "Chất lượng thực hiện nhiệm vụ được giao",
                        "Quality of assigned tasks",
                        1,
                        false,
                        Office::Leadership,
                        &["{n} nhiệm vụ chưa hoàn thành, chưa đánh giá được kết quả."],
                    ),
                ],
            ),
        ],
    },
    FieldDef {
        old: (
            "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
            "Drafting and implementing legal documents",
        ),
        new: ("Cải cách thể chế", "Institutional reform"),
        survey: false,
        criteria: &[
            crit(
                "Xây dựng, ban hành văn bản quy phạm pháp luật",
                "Drafting and issuing legal documents",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Thực hiện kế hoạch xây dựng văn bản quy phạm pháp luật",
                        "Implementation of the legislative plan",
                        1,
                        false,
                        Office::Justice,
                        &["{n} văn bản trong kế hoạch chưa được ban hành đúng thời hạn."],
                    ),
                    sub(
                        "Tuân thủ trình tự, thủ tục xây dựng văn bản",
                        "Compliance with drafting procedures",
                        1,
                        false,
                        Office::Justice,
                        &["{n} dự thảo văn bản chưa lấy ý kiến đối tượng chịu tác động theo quy định."],
                    ),
                ],
            ),
            crit(
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                "Review and systematisation of legal documents",
                Some(("Rà soát, kiểm tra văn bản quy phạm pháp luật", "Review and inspection of legal documents")),
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Ban hành kế hoạch rà soát văn bản",
                        "Review plan issued",
                        1,
                        false,
                        Office::Justice,
                        &["Kế hoạch rà soát văn bản năm {year} ban hành chậm."],
                    ),
                    sub(
                        "Xử lý kết quả rà soát văn bản",
                        "Follow-up on review results",
                        1,
                        false,
                        Office::Justice,
                        &["{n} văn bản hết hiệu lực hoặc cần sửa đổi chưa được xử lý kịp thời."],
                    ),
                ],
            ),
            crit("Theo dõi thi hành pháp luật", "Monitoring of law enforcement", None, Span::Both, false, 1, &[
                sub(
                    "Ban hành kế hoạch theo dõi thi hành pháp luật",
                    "Monitoring plan issued",
                    1,
                    false,
                    Office::Justice,
                    &["Chưa ban hành kế hoạch theo dõi thi hành pháp luật năm {year}."],
                ),
                sub(
                    "Báo cáo kết quả theo dõi thi hành pháp luật",
                    "Monitoring report",
                    1,
                    false,
                    Office::Justice,
                    &["Báo cáo theo dõi thi hành pháp luật số {num}/{bc} gửi chậm so với quy định."],
                ),
            ]),
            crit("Phổ biến, giáo dục pháp luật", "Legal education and dissemination", None, Span::NewOnly, true, 1, &[
                sub(
                    "Mức độ hoàn thành kế hoạch phổ biến, giáo dục pháp luật",
                    "Completion of the legal education plan",
                    1,
                    true,
                    Office::Justice,
                    &["{n} nội dung phổ biến, giáo dục pháp luật chưa thực hiện theo kế hoạch."],
                ),
            ]),
        ],
    },
    FieldDef {
        old: ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
        new: ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
        survey: false,
        criteria: &[
            crit(
                "Công khai thủ tục hành chính",
                "Publication of administrative procedures",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Công khai thủ tục hành chính trên Cổng dịch vụ công",
                        "Procedures published on the public service portal",
                        1,
                        false,
                        Office::OneStop,
                        &["{n} thủ tục hành chính công khai chưa đầy đủ, chưa đúng quy định."],
                    ),
                    sub(
                        "Niêm yết thủ tục hành chính tại Bộ phận Một cửa",
                        "Procedures posted at the one-stop office",
                        1,
                        false,
                        Office::OneStop,
                        &["Niêm yết thủ tục hành chính tại Bộ phận Một cửa chưa cập nhật kịp thời."],
                    ),
                ],
            ),
            crit(
                "Thực hiện cơ chế một cửa, một cửa liên thông",
                "One-stop and inter-agency one-stop mechanism",
                Some((
                    "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
                    "One-stop mechanism in handling administrative procedures",
                )),
                Span::Both,
                true,
                3,
                &[
                    sub(
                        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
                        "Share of applications resolved on time",
                        2,
                        true,
                        Office::OneStop,
                        &[
                            "{n} hồ sơ giải quyết quá hạn.",
                            "Tỷ lệ hồ sơ giải quyết đúng hạn chưa đạt 100%.",
                        ],
                    ),
                    sub(
                        "Thực hiện xin lỗi người dân, tổ chức khi giải quyết hồ sơ quá hạn",
                        "Apologies for overdue applications",
                        1,
                        false,
                        Office::OneStop,
                        &["Chưa gửi thư xin lỗi đối với {n} hồ sơ quá hạn."],
                    ),
                    sub(
                        "Kết thúc hồ sơ trên Hệ thống thông tin một cửa điện tử",
                        "Closing applications in the electronic one-stop system",
                        1,
                        false,
                        Office::OneStop,
                        &["Hồ sơ đã trả kết quả nhưng chưa kết thúc kịp thời trên hệ thống một cửa điện tử."],
                    ),
                ],
            ),
            crit(
                "Tiếp nhận, xử lý phản ánh, kiến nghị",
                "Handling feedback on procedures",
                None,
                Span::Both,
                true,
                1,
                &[
                    sub(
                        "Xử lý phản ánh, kiến nghị đúng thời hạn",
                        "Feedback handled on time",
                        1,
                        true,
                        Office::Secretariat,
                        &["{n} phản ánh, kiến nghị xử lý chậm so với quy định."],
                    ),
                    sub(
                        "Công khai kết quả xử lý phản ánh, kiến nghị",
                        "Publication of feedback outcomes",
                        1,
                        false,
                        Office::Secretariat,
                        &["Chưa công khai kết quả xử lý phản ánh, kiến nghị trên trang thông tin điện tử."],
                    ),
                ],
            ),
            crit(
                "Rà soát, đơn giản hóa thủ tục hành chính",
                "Review and simplification of procedures",
                None,
                Span::Both,
                false,
                1,
                &[
                    sub(
                        "Ban hành kế hoạch rà soát thủ tục hành chính",
                        "Procedure review plan issued",
                        1,
                        false,
                        Office::Secretariat,
                        &["Kế hoạch rà soát, đánh giá thủ tục hành chính năm {year} ban hành chậm."],
                    ),
                    sub(
                        "Phương án đơn giản hóa được phê duyệt",
                        "Approved simplification proposals",
                        1,
                        false,
                        Office::Secretariat,
                        &["Chưa có phương án đơn giản hóa thủ tục hành chính được phê duyệt."],
                    ),
                ],
            ),
        ],
    },
    FieldDef {
        old: (
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            "Reform of the state administrative apparatus",
        ),
        new: (
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            "Reform of the state administrative apparatus",
        ),
        survey: false,
        criteria: &[
            crit("Sắp xếp, tổ chức bộ máy", "Organisational structure", None, Span::Both, true, 2, &[
                sub(
                    "Thực hiện quy định về cơ cấu tổ chức",
                    "Compliance with organisational rules",
                    1,
                    false,
                    Office::Personnel,
                    &[
                        "Chưa kiện toàn tổ chức theo quy định.",
                        "Quy chế làm việc chưa được sửa đổi, bổ sung kịp thời.",
                    ],
                ),
                sub(
                    "Thực hiện quy định về số lượng cấp phó",
                    "Compliance with rules on deputy positions",
                    1,
                    false,
                    Office::Personnel,
                    &["Số lượng cấp phó vượt quy định."],
                ),
            ]),
            crit("Quản lý, sử dụng biên chế", "Management of staffing quotas", None, Span::Both, true, 2, &[
                sub(
                    "Sử dụng biên chế được giao",
                    "Use of the assigned staffing quota",
                    1,
                    false,
                    Office::Personnel,
                    &["Chưa thực hiện đúng số lượng biên chế được giao."],
                ),
                sub(
                    "Thực hiện tinh giản biên chế",
                    "Staff streamlining",
                    1,
                    true,
                    Office::Personnel,
                    &["Chưa đạt tỷ lệ tinh giản biên chế theo lộ trình."],
                ),
            ]),
            crit("Thực hiện phân cấp quản lý", "Decentralisation", None, Span::Both, false, 1, &[
                sub(
                    "Thực hiện nhiệm vụ được phân cấp",
                    "Decentralised tasks carried out",
                    1,
                    false,
                    Office::Leadership,
                    &["{n} nhiệm vụ được phân cấp thực hiện chưa đúng thời hạn."],
                ),
                sub(
                    "Kiểm tra việc thực hiện phân cấp",
                    "Inspection of decentralised tasks",
                    1,
                    false,
                    Office::Leadership,
                    &["Chưa kiểm tra việc thực hiện các nhiệm vụ đã phân cấp."],
                ),
            ]),
        ],
    },
    FieldDef {
        old: (
            "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
            "Building the capacity of officials and civil servants",
        ),
        new: ("Cải cách chế độ công vụ", "Civil service reform"),
        survey: false,
        criteria: &[
            crit("Vị trí việc làm", "Job positions", None, Span::Both, true, 2, &[
                sub(
                    "Bố trí công chức theo vị trí việc làm",
                    "Staff assigned according to job positions",
                    1,
                    false,
                    Office::Personnel,
                    &["{n} công chức bố trí chưa đúng vị trí việc làm được phê duyệt."],
                ),
                sub(
                    "Cập nhật bản mô tả công việc và khung năng lực",
                    "Job descriptions and competency frameworks updated",
                    1,
                    false,
                    Office::Personnel,
                    &["Bản mô tả công việc chưa được cập nhật sau khi kiện toàn tổ chức."],
                ),
            ]),
            crit("Tuyển dụng, đánh giá công chức", "Recruitment and appraisal", None, Span::Both, true, 2, &[
                sub(
                    "Thực hiện quy định về tuyển dụng",
                    "Compliance with recruitment rules",
                    1,
                    false,
                    Office::Personnel,
                    &["Thông báo tuyển dụng đăng tải chậm, chưa đúng quy trình."],
                ),
                sub(
                    "Đánh giá, xếp loại công chức",
                    "Staff appraisal",
                    1,
                    false,
                    Office::Personnel,
                    &["Đánh giá, xếp loại chất lượng công chức còn hình thức."],
                ),
            ]),
            crit("Đào tạo, bồi dưỡng", "Training", None, Span::Both, true, 2, &[
                sub(
                    "Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng",
                    "Completion of the training plan",
                    1,
                    true,
                    Office::Personnel,
                    &["{n} lượt công chức chưa được cử tham gia bồi dưỡng theo kế hoạch."],
                ),
                sub(
                    "Tỷ lệ cán bộ, công chức đạt chuẩn",
                    "Share of staff meeting the standards",
                    1,
                    true,
                    Office::Personnel,
                    &["{n} cán bộ, công chức chưa đạt chuẩn về trình độ chuyên môn."],
                ),
            ]),
            crit(
                "Chấp hành kỷ luật, kỷ cương hành chính",
                "Administrative discipline",
                Some((
                    "Chấp hành kỷ luật, kỷ cương hành chính và văn hóa công vụ",
                    "Administrative discipline and public service culture",
                )),
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Cán bộ, công chức bị xử lý kỷ luật",
                        "Staff subject to disciplinary action",
                        1,
                        false,
                        Office::Leadership,
                        &["Có {n} công chức bị xử lý kỷ luật trong năm {year}."],
                    ),
                    sub(
                        "Thực hiện quy tắc ứng xử, văn hóa công sở",
                        "Code of conduct and office culture",
                        1,
                        false,
                        Office::Secretariat,
                        &["Còn trường hợp vi phạm giờ giấc làm việc, bị phản ánh qua đường dây nóng."],
                    ),
                ],
            ),
        ],
    },
    FieldDef {
        old: ("Cải cách tài chính công", "Public finance reform"),
        new: ("Cải cách tài chính công", "Public finance reform"),
        survey: false,
        criteria: &[
            crit(
                "Quản lý, sử dụng ngân sách nhà nước",
                "Management of the state budget",
                None,
                Span::Both,
                true,
                3,
                &[
                    sub(
                        "Thực hiện quy định về sử dụng kinh phí ngân sách",
                        "Compliance with budget spending rules",
                        1,
                        false,
                        Office::Finance,
                        &["Thanh tra, kiểm toán phát hiện {n} khoản chi chưa đúng chế độ."],
                    ),
                    sub(
                        "Thực hiện kiến nghị sau thanh tra, kiểm toán",
                        "Follow-up on audit recommendations",
                        1,
                        false,
                        Office::Finance,
                        &["Chưa thực hiện xong kiến nghị của Kiểm toán nhà nước năm {prev}."],
                    ),
                    sub(
                        "Tỷ lệ giải ngân vốn đầu tư công",
                        "Disbursement of public investment",
                        1,
                        true,
                        Office::Finance,
                        &["Tỷ lệ giải ngân vốn đầu tư công chưa đạt kế hoạch."],
                    ),
                ],
            ),
            crit("Thực hiện cơ chế tự chủ tài chính", "Financial autonomy", None, Span::Both, true, 2, &[
                sub(
                    "Quy chế chi tiêu nội bộ",
                    "Internal spending regulations",
                    1,
                    false,
                    Office::Finance,
                    &["Quy chế chi tiêu nội bộ chưa được sửa đổi, bổ sung kịp thời."],
                ),
                sub(
                    "Quản lý, sử dụng tài sản công",
                    "Management of public assets",
                    1,
                    false,
                    Office::Finance,
                    &["Chưa ban hành quy chế quản lý, sử dụng tài sản công."],
                ),
            ]),
            crit(
                "Tự chủ của đơn vị sự nghiệp công lập",
                "Autonomy of public service units",
                None,
                Span::Both,
                false,
                1,
                &[sub(
                    "Tỷ lệ đơn vị sự nghiệp tự bảo đảm chi thường xuyên",
                    "Share of public service units covering their recurrent costs",
                    1,
                    true,
                    Office::Finance,
                    &["Chưa đạt chỉ tiêu về số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên."],
                )],
            ),
        ],
    },
    FieldDef {
        old: ("Hiện đại hóa hành chính", "Modernisation of public administration"),
        new: (
            "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
            "E-government and digital government",
        ),
        survey: false,
        criteria: &[
            crit(
                "Ứng dụng công nghệ thông tin",
                "Use of information technology",
                Some(("Hạ tầng và ứng dụng công nghệ thông tin", "IT infrastructure and applications")),
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Mức độ hoàn thành kế hoạch ứng dụng công nghệ thông tin",
                        "Completion of the IT plan",
                        1,
                        true,
                        Office::It,
                        &["{n} nội dung trong kế hoạch ứng dụng công nghệ thông tin chưa hoàn thành."],
                    ),
                    sub(
                        "Sử dụng văn bản điện tử, chữ ký số",
                        "Electronic documents and digital signatures",
                        1,
                        true,
                        Office::Secretariat,
                        &["Tỷ lệ văn bản điện tử có ký số chưa đạt yêu cầu."],
                    ),
                ],
            ),
            crit("Cung cấp dịch vụ công trực tuyến", "Online public services", None, Span::Both, true, 3, &[
                sub(
                    "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
                    "Share of applications received online",
                    1,
                    true,
                    Office::OneStop,
                    &["Tỷ lệ hồ sơ nộp trực tuyến còn thấp."],
                ),
                sub(
                    "Tỷ lệ thanh toán trực tuyến",
                    "Share of fees paid online",
                    1,
                    true,
                    Office::OneStop,
                    &["Tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến chưa đạt chỉ tiêu."],
                ),
            ]),
            crit(
                "Áp dụng hệ thống quản lý chất lượng ISO 9001",
                "ISO 9001 quality management",
                None,
                Span::OldOnly,
                true,
                1,
                &[sub(
                    "Duy trì, cải tiến hệ thống quản lý chất lượng",
                    "Maintaining the quality management system",
                    1,
                    false,
                    Office::Secretariat,
                    &["Chưa công bố lại hệ thống quản lý chất lượng sau khi thay đổi thủ tục hành chính."],
                )],
            ),
            crit("Chuyển đổi số", "Digital transformation", None, Span::NewOnly, true, 3, &[
                sub(
                    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                    "Digitisation of applications and results",
                    1,
                    true,
                    Office::OneStop,
                    &["Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính chưa đạt chỉ tiêu."],
                ),
                sub(
                    "Kết nối, chia sẻ dữ liệu",
                    "Data connection and sharing",
                    1,
                    false,
                    Office::It,
                    &["Chưa kết nối, chia sẻ dữ liệu với cơ sở dữ liệu dùng chung của tỉnh."],
                ),
                sub(
                    "Bảo đảm an toàn thông tin mạng",
                    "Cyber security",
                    1,
                    false,
                    Office::It,
                    &["Chưa phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin."],
                ),
            ]),
        ],
    },
    FieldDef {
        old: (
            "Đo lường sự hài lòng của người dân, tổ chức",
            "Measuring citizen and organisation satisfaction",
        ),
        new: (
            "Khảo sát sự hài lòng của người dân, tổ chức",
            "Citizen and organisation satisfaction survey",
        ),
        survey: true,
        criteria: &[
            crit(
                "Sự hài lòng về sự phục vụ hành chính",
                "Satisfaction with administrative services",
                None,
                Span::Both,
                true,
                3,
                &[
                    sub("Tiếp cận dịch vụ", "Access to services", 1, true, Office::OneStop, &[SURVEY_NOTE_WAIT]),
                    sub(
                        "Thủ tục hành chính",
                        "Administrative procedures",
                        1,
                        true,
                        Office::Secretariat,
                        &["Mức độ hài lòng đạt {pct}%; thành phần hồ sơ một số thủ tục còn phức tạp."],
                    ),
                    sub(
                        "Sự phục vụ của công chức",
                        "Civil servants' conduct",
                        1,
                        true,
                        Office::OneStop,
                        &["Mức độ hài lòng đạt {pct}%; có ý kiến chưa hài lòng về thái độ hướng dẫn của công chức."],
                    ),
                    sub(
                        "Kết quả giải quyết công việc",
                        "Service outcomes",
                        1,
                        true,
                        Office::OneStop,
                        &["Mức độ hài lòng đạt {pct}%; còn hồ sơ trả kết quả chậm so với giấy hẹn."],
                    ),
                ],
            ),
            crit(
                "Đánh giá của cán bộ, công chức, lãnh đạo",
                "Assessment by officials and leaders",
                None,
                Span::OldOnly,
                true,
                1,
                &[sub(
                    "Đánh giá về chất lượng công tác cải cách hành chính",
                    "Assessment of reform quality",
                    1,
                    true,
                    Office::Leadership,
                    &["Mức độ đánh giá tích cực đạt {pct}%."],
                )],
            ),
            crit(
                "Sự hài lòng về tiếp nhận, xử lý góp ý, phản ánh",
                "Satisfaction with feedback handling",
                None,
                Span::NewOnly,
                true,
                1,
                &[sub(
                    "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                    "Receiving and handling feedback",
                    1,
                    true,
                    Office::Secretariat,
                    &["Mức độ hài lòng đạt {pct}%; việc phản hồi kiến nghị của người dân còn chậm."],
                )],
            ),
        ],
    },
];
