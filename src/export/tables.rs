//! The open-data tables: one definition of each table (columns with the
//! words of the data dictionary in Vietnamese and English, keys, sheet
//! name), and the rows of each, produced one at a time from the model so
//! that no table is ever held whole in memory.

use crate::compute::{EditionResult, Results};
use crate::decimal::round_half_up;
use crate::model::{Dataset, Day, Edition, LineageKind, UnitKind};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Integer,
    Number,
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
}

impl ColumnType {
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::Text => "string",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnType,
    pub vi: &'static str,
    pub en: &'static str,
    pub about_vi: &'static str,
    pub about_en: &'static str,
}

/// One cell of a row, borrowed from the model. Numbers are already rounded
/// half-up to the places they are written with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Num(Decimal),
    /// A figure the decision prints with the edition's decimals (points,
    /// index): its value as [`Cell::Num`], and the places a spreadsheet
    /// shows it with, so that 88.5 reads `88.50` as printed.
    Figure(Decimal, u32),
    Bool(bool),
    /// A day, written `YYYY-MM-DD`.
    Day(Day),
}

#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

/// Which rows a table holds; private, so that rows only come from
/// [`Scope::rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Results,
    Fields,
    Scores,
    Framework,
    Units,
    Lineage,
    Crosswalk,
    Indicators,
    ReportValues,
}

/// One table: what the CSV header, the XLSX sheet and codebook, the JSON
/// columns, the SQLite schema, the data package and the data dictionary
/// all say of it.
#[derive(Debug)]
pub struct Table {
    /// File and resource name, e.g. `ket-qua`.
    pub name: &'static str,
    /// The XLSX sheet name, also the table's short Vietnamese name.
    pub sheet: &'static str,
    /// The table's short English name.
    pub short_en: &'static str,
    pub title_vi: &'static str,
    pub title_en: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    source: Source,
}

macro_rules! col {
    ($name:literal, $kind:ident, $vi:literal, $en:literal, $avi:literal, $aen:literal) => {
        Column {
            name: $name,
            kind: ColumnType::$kind,
            vi: $vi,
            en: $en,
            about_vi: $avi,
            about_en: $aen,
        }
    };
}

const YEAR: Column = col!(
    "year",
    Integer,
    "Năm",
    "Year",
    "Năm của kỳ đánh giá (kỳ công bố chỉ số).",
    "Year of the edition of the index."
);
const GROUP: Column = col!(
    "group_id",
    Text,
    "Mã nhóm",
    "Group id",
    "Mã nhóm xếp hạng (các đơn vị được xếp hạng với nhau).",
    "Id of the ranking group (units ranked against each other)."
);
const GROUP_NAME: Column = col!(
    "group_name",
    Text,
    "Nhóm",
    "Group",
    "Tên nhóm xếp hạng.",
    "Name of the ranking group."
);
const UNIT: Column = col!(
    "unit_id",
    Text,
    "Mã đơn vị",
    "Unit id",
    "Mã đơn vị, ổn định qua các năm (xem bảng don-vi).",
    "Unit id, stable across years (see the don-vi table)."
);
const UNIT_NAME: Column = col!(
    "unit_name",
    Text,
    "Đơn vị",
    "Unit",
    "Tên đơn vị.",
    "Name of the unit."
);

const CODE: Column = col!(
    "code",
    Text,
    "Mã tiêu chí",
    "Code",
    "Mã lĩnh vực, tiêu chí hoặc tiêu chí thành phần.",
    "Code of the field, criterion or sub-criterion."
);
const DEPTH: Column = col!(
    "depth",
    Integer,
    "Cấp",
    "Level",
    "0 = lĩnh vực, 1 = tiêu chí, 2 = tiêu chí thành phần ...",
    "0 = field, 1 = criterion, 2 = sub-criterion ..."
);

const NAME_EN: Column = col!(
    "name_en",
    Text,
    "Tên tiếng Anh",
    "English name",
    "Tên tiếng Anh, nếu có.",
    "English name, where given."
);

const RESULT_COLUMNS: &[Column] = &[
    YEAR,
    GROUP,
    GROUP_NAME,
    UNIT,
    UNIT_NAME,
    col!("parent_id", Text, "Mã đơn vị cấp trên", "Parent id", "Mã đơn vị cấp trên của đơn vị vào năm đó (huyện của một xã, tỉnh của một sở); trống nếu không có.", "Id of the unit's parent that year (a commune's district, a department's province); empty if none."),
    col!("parent_name", Text, "Đơn vị cấp trên", "Parent", "Tên đơn vị cấp trên vào năm đó, để lọc theo huyện hoặc tỉnh mà không cần ghép bảng.", "Name of the parent that year, to filter by district or province without a join."),
    col!("rank", Integer, "Xếp hạng", "Rank", "Thứ hạng trong nhóm theo chỉ số chưa làm tròn (1, 2, 2, 4 khi bằng nhau); nhóm chỉ có số liệu công bố giữ thứ hạng đã in.", "Rank in the group by the unrounded index (1, 2, 2, 4 on ties); a group known only from its printed table keeps the printed ranks."),
    col!("group_size", Integer, "Số đơn vị trong nhóm", "Units in group", "Số đơn vị được xếp hạng trong nhóm.", "Number of units ranked in the group."),
    col!("achieved", Number, "Điểm đạt", "Points", "Tổng điểm đạt của các lĩnh vực (làm tròn theo số chữ số thập phân công bố).", "Sum of the fields' points (rounded to the published decimals)."),
    col!("max", Number, "Điểm tối đa", "Maximum", "Tổng điểm tối đa của các lĩnh vực áp dụng cho đơn vị.", "Sum of the maxima of the fields that apply to the unit."),
    col!("index", Number, "Chỉ số", "Index", "Chỉ số như trang web hiển thị: chỉ số in trong quyết định công bố nếu có, nếu không thì điểm đạt / điểm tối đa × 100, làm tròn theo số chữ số thập phân công bố.", "The index as the site shows it: the one printed in the signed decision where there is one, else points / maximum × 100, rounded to the published decimals."),
    col!("index_exact", Number, "Chỉ số (chưa làm tròn)", "Index (unrounded)", "Chỉ số chưa làm tròn (10 chữ số thập phân) dùng để xếp hạng và tính trung bình; khi quyết định in chỉ số trong sai số làm tròn, làm tròn cột này có thể lệch một đơn vị ở chữ số cuối so với cột index.", "The unrounded index (10 decimal places) that ranks and the mean are computed from; where the decision prints an index within rounding tolerance, this rounded may differ from index by one in the last place."),
    col!("band", Text, "Xếp loại", "Band", "Xếp loại theo ngưỡng của năm đó.", "Band by that edition's thresholds."),
    col!("previous_year", Integer, "Năm so sánh", "Compared with", "Năm trước gần nhất mà đơn vị thuộc nhóm cùng mã; trống nếu không có.", "The latest earlier year in which the unit was in a group with the same id; empty if none."),
    col!("index_change", Number, "Thay đổi chỉ số", "Index change", "Chỉ số năm nay trừ chỉ số năm so sánh, như trang web hiển thị (cột index của hai năm), nên lấy hai số trên trang trừ nhau ra đúng số này.", "This year's index minus that of the compared year as the site shows them (the index column of both years), so that subtracting the two figures on a page gives this one."),
    col!("rank_change", Integer, "Thay đổi hạng", "Rank change", "Số bậc tăng (dương) hoặc giảm (âm) so với năm so sánh.", "Places gained (positive) or lost (negative) since the compared year."),
    col!("computed_achieved", Number, "Điểm đạt tính từ điểm thành phần", "Computed points", "Chỉ khi khác số liệu công bố: tổng điểm tính từ điểm các lĩnh vực.", "Only where it differs from the published figure: points computed from the field scores."),
    col!("computed_index", Number, "Chỉ số tính từ điểm thành phần", "Computed index", "Chỉ khi khác số liệu công bố: chỉ số tính từ điểm các lĩnh vực.", "Only where it differs from the published figure: index computed from the field scores."),
    col!("discrepancy_note", Text, "Lý do công bố khác số liệu tính", "Discrepancy note", "Lý do cơ quan công bố giữ số liệu đã ký khi khác số liệu tính toán.", "The publisher's reason for keeping the signed figure where it differs from the computed one."),
];

const FIELD_COLUMNS: &[Column] = &[
    YEAR,
    GROUP,
    UNIT,
    UNIT_NAME,
    col!(
        "field_code",
        Text,
        "Mã lĩnh vực",
        "Field code",
        "Mã lĩnh vực trong bộ tiêu chí.",
        "Code of the field in the framework."
    ),
    col!(
        "field_name",
        Text,
        "Lĩnh vực",
        "Field",
        "Tên lĩnh vực.",
        "Name of the field."
    ),
    col!(
        "applicable",
        Boolean,
        "Áp dụng",
        "Applicable",
        "false khi lĩnh vực không áp dụng cho đơn vị.",
        "false where the field does not apply to the unit."
    ),
    col!(
        "score",
        Number,
        "Điểm",
        "Score",
        "Điểm thẩm định của lĩnh vực.",
        "Appraised score of the field."
    ),
    col!(
        "max",
        Number,
        "Điểm tối đa",
        "Maximum",
        "Điểm tối đa của lĩnh vực áp dụng cho đơn vị.",
        "Maximum of the field for the unit."
    ),
    col!(
        "percent",
        Number,
        "Tỷ lệ đạt (%)",
        "Share (%)",
        "Điểm / điểm tối đa × 100, làm tròn 2 chữ số.",
        "Score / maximum × 100, rounded to 2 decimals."
    ),
    col!(
        "self_score",
        Number,
        "Điểm tự đánh giá",
        "Self-assessed",
        "Điểm đơn vị tự chấm, nếu có.",
        "The unit's self-assessed score, where given."
    ),
];

const SCORE_COLUMNS: &[Column] = &[
    YEAR,
    GROUP,
    UNIT,
    CODE,
    col!(
        "field_code",
        Text,
        "Mã lĩnh vực",
        "Field code",
        "Lĩnh vực chứa tiêu chí này.",
        "The field this criterion belongs to."
    ),
    DEPTH,
    col!(
        "applicable",
        Boolean,
        "Áp dụng",
        "Applicable",
        "false khi không áp dụng cho đơn vị.",
        "false where it does not apply to the unit."
    ),
    col!(
        "score",
        Number,
        "Điểm",
        "Score",
        "Điểm thẩm định.",
        "Appraised score."
    ),
    col!(
        "max",
        Number,
        "Điểm tối đa",
        "Maximum",
        "Điểm tối đa áp dụng cho đơn vị.",
        "Maximum that applies to the unit."
    ),
    col!(
        "lost",
        Number,
        "Điểm bị trừ",
        "Points lost",
        "Điểm tối đa trừ điểm đạt.",
        "Maximum minus score."
    ),
    col!(
        "self_score",
        Number,
        "Điểm tự đánh giá",
        "Self-assessed",
        "Điểm đơn vị tự chấm, nếu có.",
        "The unit's self-assessed score, where given."
    ),
    col!(
        "note",
        Text,
        "Nguyên nhân",
        "Reason",
        "Nguyên nhân bị trừ điểm, như công bố.",
        "Why points were lost, as published."
    ),
    col!(
        "responsible",
        Text,
        "Trách nhiệm",
        "Responsible",
        "Cơ quan, đơn vị chịu trách nhiệm, như công bố.",
        "Who is responsible, as published."
    ),
];

const FRAMEWORK_COLUMNS: &[Column] = &[
    YEAR,
    GROUP,
    CODE,
    col!(
        "parent_code",
        Text,
        "Mã cấp trên",
        "Parent code",
        "Mã của nội dung cấp trên; trống với lĩnh vực.",
        "Code of the parent; empty for fields."
    ),
    DEPTH,
    col!(
        "name",
        Text,
        "Tên",
        "Name",
        "Tên tiêu chí.",
        "Name of the criterion."
    ),
    NAME_EN,
    col!(
        "max",
        Number,
        "Điểm tối đa",
        "Maximum",
        "Điểm tối đa theo bộ tiêu chí (đơn vị có thể có điểm tối đa riêng).",
        "Maximum in the framework (a unit may have its own)."
    ),
];

const UNIT_COLUMNS: &[Column] = &[
    col!(
        "id",
        Text,
        "Mã đơn vị",
        "Unit id",
        "Mã đơn vị, ổn định, không tái sử dụng.",
        "Unit id: stable, never reused."
    ),
    col!(
        "name",
        Text,
        "Tên",
        "Name",
        "Tên đơn vị.",
        "Name of the unit."
    ),
    col!(
        "short_name",
        Text,
        "Tên ngắn",
        "Short name",
        "Tên ngắn dùng trong biểu đồ.",
        "Short name used in charts."
    ),
    col!(
        "kind",
        Text,
        "Loại",
        "Kind",
        "province, department, district, commune hoặc other.",
        "province, department, district, commune or other."
    ),
    col!(
        "parent_id",
        Text,
        "Mã đơn vị cấp trên",
        "Parent id",
        "Đơn vị trực thuộc (xã thuộc huyện ...).",
        "The unit it belongs to (commune within district ...)."
    ),
    NAME_EN,
    col!(
        "successor_id",
        Text,
        "Mã đơn vị kế thừa",
        "Successor id",
        "Đơn vị mà đơn vị này được sáp nhập vào hoặc đổi tên thành.",
        "The unit it was merged into or renamed to."
    ),
    col!(
        "valid_from",
        Integer,
        "Từ năm",
        "Valid from",
        "Năm đầu tiên đơn vị tồn tại với mã này.",
        "First year the unit existed under this id."
    ),
    col!(
        "valid_to",
        Integer,
        "Đến năm",
        "Valid to",
        "Năm cuối cùng đơn vị tồn tại với mã này.",
        "Last year the unit existed under this id."
    ),
    col!(
        "code",
        Text,
        "Mã đơn vị hành chính",
        "Official code",
        "Mã đơn vị hành chính chính thức, nếu có.",
        "The official administrative code, where given."
    ),
    col!(
        "valid_from_date",
        Date,
        "Từ ngày",
        "Valid from (day)",
        "Ngày đầu tiên đơn vị tồn tại với mã này, nếu danh mục ghi ngày.",
        "First day the unit existed under this id, where the registry gives the day."
    ),
    col!(
        "valid_to_date",
        Date,
        "Đến ngày",
        "Valid to (day)",
        "Ngày cuối cùng đơn vị tồn tại với mã này: như danh mục ghi, hoặc ngày trước ngày đơn vị bị sáp nhập, chia tách, đổi tên hay đổi loại theo bảng bien-dong.",
        "Last day the unit existed under this id: as the registry gives it, or the day before it was merged, split, renamed or reclassified by the bien-dong table."
    ),
    col!(
        "former_names",
        Text,
        "Tên cũ",
        "Former names",
        "Các tên đơn vị từng mang với mã này, mỗi tên kèm ngày cuối cùng dùng tên đó: Tên cũ (đến YYYY-MM-DD), cách nhau bằng dấu chấm phẩy.",
        "Names the unit had under this id, each with the last day it was used: Old name (đến YYYY-MM-DD), separated by semicolons."
    ),
];

const LINEAGE_COLUMNS: &[Column] = &[
    col!(
        "date",
        Date,
        "Ngày hiệu lực",
        "Date",
        "Ngày thay đổi có hiệu lực.",
        "The day the change took effect."
    ),
    col!(
        "from",
        Text,
        "Từ đơn vị",
        "From",
        "Mã đơn vị trước thay đổi (xem bảng don-vi).",
        "Id of the unit before the change (see the don-vi table)."
    ),
    col!(
        "to",
        Text,
        "Thành đơn vị",
        "To",
        "Mã đơn vị sau thay đổi; với move: đơn vị cấp trên mới.",
        "Id of the unit after the change; for a move: the new parent."
    ),
    col!(
        "kind",
        Text,
        "Loại thay đổi",
        "Kind",
        "merge (sáp nhập toàn bộ), split (chia tách một phần), rename (đổi tên, mã), reclass (đổi loại, ví dụ xã thành phường) hoặc move (chuyển sang đơn vị cấp trên khác).",
        "merge (all of it), split (part of it), rename (new id or name), reclass (new kind, e.g. commune to ward) or move (under another parent)."
    ),
    col!(
        "share",
        Number,
        "Tỷ lệ",
        "Share",
        "Với split: phần dân số của đơn vị cũ chuyển sang đơn vị mới (0 đến 1); trống nếu không ghi.",
        "For a split: the part of the old unit's population that went to the new one (0 to 1); empty where not given."
    ),
    col!(
        "basis",
        Text,
        "Căn cứ",
        "Legal basis",
        "Văn bản pháp lý.",
        "The legal act."
    ),
    col!(
        "note",
        Text,
        "Ghi chú",
        "Note",
        "Ghi chú.",
        "Note."
    ),
];

const CROSSWALK_COLUMNS: &[Column] = &[
    UNIT,
    UNIT_NAME,
    col!(
        "predecessor_id",
        Text,
        "Mã đơn vị tiền thân",
        "Predecessor id",
        "Đơn vị có lãnh thổ trở thành (một phần) của đơn vị này, trực tiếp hay qua nhiều lần thay đổi; dòng có predecessor_id = unit_id là chính đơn vị. Nối kết quả các năm trước theo cột này.",
        "A unit whose territory became (part of) this unit, directly or through several changes; the row with predecessor_id = unit_id is the unit itself. Join earlier results on this column."
    ),
    col!(
        "predecessor_name",
        Text,
        "Đơn vị tiền thân",
        "Predecessor",
        "Tên đơn vị tiền thân.",
        "Name of the predecessor."
    ),
    col!(
        "kind",
        Text,
        "Loại liên kết",
        "Kind",
        "self (chính đơn vị); split nếu có chia tách trên đường đi; merge nếu có sáp nhập; nếu không thì rename hoặc reclass.",
        "self (the unit itself); split where a split is on the way; merge where a merge is; else rename or reclass."
    ),
    col!(
        "steps",
        Integer,
        "Số bước",
        "Steps",
        "Số lần thay đổi từ đơn vị tiền thân đến đơn vị này (ít nhất, nếu có nhiều đường).",
        "Changes from the predecessor to this unit (the fewest, where there are several ways)."
    ),
    col!(
        "via_id",
        Text,
        "Chuyển trực tiếp sang",
        "Went to",
        "Đơn vị mà đơn vị tiền thân chuyển trực tiếp sang.",
        "The unit the predecessor's territory went to directly."
    ),
    col!(
        "share",
        Number,
        "Tỷ lệ",
        "Share",
        "Phần dân số của đơn vị tiền thân thuộc đơn vị này: tích các tỷ lệ split trên đường đi (sáp nhập, đổi tên, đổi loại: 1), cộng qua các đường; trống nếu một tỷ lệ split không được ghi.",
        "The part of the predecessor's population now in this unit: the product of the split shares on the way (merge, rename, reclass: 1), added up over the ways; empty where a split's share is not given."
    ),
    col!(
        "date",
        Date,
        "Ngày",
        "Date",
        "Ngày lãnh thổ của đơn vị tiền thân chuyển đi.",
        "The day the predecessor's territory went on."
    ),
    col!(
        "last_edition_year",
        Integer,
        "Năm có kết quả gần nhất",
        "Last year with results",
        "Năm gần nhất đơn vị tiền thân có kết quả trong bảng ket-qua; trống nếu không có.",
        "The latest year the predecessor has results in the ket-qua table; empty if none."
    ),
];

const UNIT_FK: ForeignKey = ForeignKey {
    fields: &["unit_id"],
    table: "don-vi",
    reference: &["id"],
};

pub static RESULTS: Table = Table {
    name: "ket-qua",
    sheet: "Kết quả",
    short_en: "Results",
    title_vi: "Kết quả: chỉ số, xếp hạng, xếp loại của từng đơn vị",
    title_en: "Results: index, rank and band of every unit",
    columns: RESULT_COLUMNS,
    primary_key: &["year", "group_id", "unit_id"],
    foreign_keys: &[UNIT_FK],
    source: Source::Results,
};

pub static FIELDS: Table = Table {
    name: "diem-linh-vuc",
    sheet: "Điểm lĩnh vực",
    short_en: "Field scores",
    title_vi: "Điểm theo lĩnh vực",
    title_en: "Scores by field",
    columns: FIELD_COLUMNS,
    primary_key: &["year", "group_id", "unit_id", "field_code"],
    foreign_keys: &[UNIT_FK],
    source: Source::Fields,
};

pub static SCORES: Table = Table {
    name: "diem-chi-tiet",
    sheet: "Điểm chi tiết",
    short_en: "Detailed scores",
    title_vi: "Điểm chi tiết mọi tiêu chí, kèm nguyên nhân và trách nhiệm",
    title_en: "Scores at every level, with reasons and responsibility",
    columns: SCORE_COLUMNS,
    primary_key: &["year", "group_id", "unit_id", "code"],
    foreign_keys: &[
        UNIT_FK,
        ForeignKey {
            fields: &["year", "group_id", "code"],
            table: "bo-tieu-chi",
            reference: &["year", "group_id", "code"],
        },
    ],
    source: Source::Scores,
};

pub static FRAMEWORK: Table = Table {
    name: "bo-tieu-chi",
    sheet: "Bộ tiêu chí",
    short_en: "Framework",
    title_vi: "Bộ tiêu chí",
    title_en: "Criteria framework",
    columns: FRAMEWORK_COLUMNS,
    primary_key: &["year", "group_id", "code"],
    foreign_keys: &[],
    source: Source::Framework,
};

pub static UNITS: Table = Table {
    name: "don-vi",
    sheet: "Đơn vị",
    short_en: "Units",
    title_vi: "Danh mục đơn vị",
    title_en: "Units registry",
    columns: UNIT_COLUMNS,
    primary_key: &["id"],
    foreign_keys: &[
        ForeignKey {
            fields: &["parent_id"],
            table: "don-vi",
            reference: &["id"],
        },
        ForeignKey {
            fields: &["successor_id"],
            table: "don-vi",
            reference: &["id"],
        },
    ],
    source: Source::Units,
};

const FROM_TO_FK: [ForeignKey; 2] = [
    ForeignKey {
        fields: &["from"],
        table: "don-vi",
        reference: &["id"],
    },
    ForeignKey {
        fields: &["to"],
        table: "don-vi",
        reference: &["id"],
    },
];

/// `lineage.csv` as read, with the registry's `successor` shorthand as
/// merges. No primary key: nothing in the input forbids a row written
/// twice.
pub static LINEAGE: Table = Table {
    name: "bien-dong",
    sheet: "Biến động",
    short_en: "Lineage",
    title_vi: "Biến động đơn vị: sáp nhập, chia tách, đổi tên, đổi loại, chuyển cấp trên",
    title_en: "Lineage: merges, splits, renames, reclassifications and moves of units",
    columns: LINEAGE_COLUMNS,
    primary_key: &[],
    foreign_keys: &FROM_TO_FK,
    source: Source::Lineage,
};

/// Every unit of the newest edition with itself and all its predecessors,
/// so that older results join on `predecessor_id` in one step.
pub static CROSSWALK: Table = Table {
    name: "doi-chieu",
    sheet: "Đối chiếu",
    short_en: "Crosswalk",
    title_vi: "Đối chiếu: mỗi đơn vị của năm mới nhất với mọi đơn vị tiền thân",
    title_en: "Crosswalk: every unit of the newest edition with all its predecessors",
    columns: CROSSWALK_COLUMNS,
    primary_key: &["unit_id", "predecessor_id"],
    foreign_keys: &[
        UNIT_FK,
        ForeignKey {
            fields: &["predecessor_id"],
            table: "don-vi",
            reference: &["id"],
        },
        ForeignKey {
            fields: &["via_id"],
            table: "don-vi",
            reference: &["id"],
        },
    ],
    source: Source::Crosswalk,
};

const INDICATOR_COLUMNS: &[Column] = &[
    col!("code", Text, "Mã chỉ tiêu", "Code", "Mã chỉ tiêu như phụ lục báo cáo in (bỏ dấu chấm cuối).", "Code of the indicator as the report's annex prints it (without a trailing dot)."),
    col!("parent_code", Text, "Mã chỉ tiêu cha", "Parent code", "Mã của chỉ tiêu cấp trên trong cây chỉ tiêu; trống ở các mục lớn.", "Code of the indicator above it in the tree; empty for a section."),
    col!("depth", Integer, "Cấp", "Depth", "Cấp trong cây chỉ tiêu: 0 là mục lớn.", "Depth in the tree: 0 for a section."),
    col!("name", Text, "Tên chỉ tiêu", "Name", "Tên chỉ tiêu như phụ lục báo cáo in.", "Name of the indicator as the annex prints it."),
    col!("measure", Text, "Đơn vị tính", "Measure", "Đơn vị tính như phụ lục in; trống ở các dòng tiêu đề.", "Unit of measure as printed; empty on headings."),
    col!("is_rate", Boolean, "Là tỷ lệ", "Is a rate", "Đúng khi đơn vị tính là %: số liệu là tỷ lệ phần trăm; sai: số liệu là số lượng (số nguyên).", "True when the measure is %: the values are percentages; false: the values are counts (whole numbers)."),
    col!("numerator", Text, "Mã tử số", "Numerator", "Với một tỷ lệ: mã chỉ tiêu là tử số.", "For a rate: the code of its numerator."),
    col!("denominator", Text, "Mã mẫu số", "Denominator", "Với một tỷ lệ: mã chỉ tiêu là mẫu số; tỷ lệ % bằng 100 x tử số / mẫu số.", "For a rate: the code of its denominator; a % rate is 100 x numerator / denominator."),
    col!("better", Text, "Chiều tốt hơn", "Better", "higher: càng cao càng tốt; lower: càng thấp càng tốt; trống: không xác định.", "higher: more is better; lower: less is better; empty: not stated."),
];

const REPORT_VALUE_COLUMNS: &[Column] = &[
    col!("period", Text, "Kỳ báo cáo", "Period", "Kỳ báo cáo: 2022 (cả năm), 2022-H1, 2022-H2 (6 tháng), 2022-Q3 (quý), 2022-9M (9 tháng).", "Reporting period: 2022 (the year), 2022-H1, 2022-H2 (half-years), 2022-Q3 (a quarter), 2022-9M (nine months)."),
    col!("period_end", Date, "Ngày cuối kỳ", "Period end", "Ngày cuối cùng của kỳ báo cáo.", "Last day of the reporting period."),
    col!("group_id", Text, "Mã nhóm", "Group id", "Mã nhóm đơn vị trong báo cáo.", "Id of the group of units in the report."),
    col!("group_name", Text, "Nhóm", "Group", "Tên nhóm đơn vị.", "Name of the group of units."),
    col!("unit_id", Text, "Mã đơn vị", "Unit id", "Mã đơn vị báo cáo (xem bảng Đơn vị).", "Id of the reporting unit (see the Units table)."),
    col!("unit_name", Text, "Đơn vị", "Unit", "Tên đơn vị báo cáo.", "Name of the reporting unit."),
    col!("code", Text, "Mã chỉ tiêu", "Code", "Mã chỉ tiêu (xem bảng Chỉ tiêu báo cáo).", "Code of the indicator (see the Indicators table)."),
    col!("value", Number, "Số liệu", "Value", "Số liệu đúng như đơn vị báo cáo; trống: không báo cáo. Số lượng là số nguyên; tỷ lệ tính bằng %.", "The value as the unit reported it; empty: not reported. Counts are whole numbers; rates are in %."),
    col!("from_parts", Number, "Tỷ lệ tính từ thành phần", "Rate from its parts", "Với một tỷ lệ có đủ tử số và mẫu số: 100 x tử số / mẫu số, làm tròn 10 chữ số thập phân.", "For a rate whose numerator and denominator are both reported: 100 x numerator / denominator, to 10 decimals."),
    col!("rate_differs", Boolean, "Tỷ lệ khác thành phần", "Rate differs", "Đúng khi tỷ lệ báo cáo khác tỷ lệ tính từ thành phần quá mức làm tròn của số in.", "True when the reported rate differs from what its parts give by more than its printed rounding."),
    col!("note", Text, "Ghi chú", "Note", "Cột Ghi chú của phụ lục.", "The annex's Note column."),
];

/// The indicator tree of the periodic reports.
pub static INDICATORS: Table = Table {
    name: "chi-tieu-bao-cao",
    sheet: "Chỉ tiêu báo cáo",
    short_en: "Indicators",
    title_vi: "Cây chỉ tiêu của báo cáo định kỳ về cải cách hành chính",
    title_en: "Indicator tree of the periodic reports on administrative reform",
    columns: INDICATOR_COLUMNS,
    primary_key: &["code"],
    foreign_keys: &[],
    source: Source::Indicators,
};

/// Every value of every periodic report.
pub static REPORT_VALUES: Table = Table {
    name: "so-lieu-bao-cao",
    sheet: "Số liệu báo cáo",
    short_en: "Report values",
    title_vi: "Số liệu báo cáo định kỳ của từng đơn vị theo từng chỉ tiêu",
    title_en: "Each unit's periodic report values by indicator",
    columns: REPORT_VALUE_COLUMNS,
    primary_key: &["period", "group_id", "unit_id", "code"],
    foreign_keys: &[
        UNIT_FK,
        ForeignKey {
            fields: &["code"],
            table: "chi-tieu-bao-cao",
            reference: &["code"],
        },
    ],
    source: Source::ReportValues,
};

impl Table {
    /// Whether this is `other`: tables are told apart by name.
    pub fn is(&self, other: &Table) -> bool {
        self.name == other.name
    }

    /// Whether the table's rows for every edition are each edition's rows,
    /// one edition after another (see [`Scope::rows`]): its all-editions
    /// CSV is then the editions' files joined. The units are not: an
    /// edition lists only the units it assessed and those above them.
    pub fn rows_by_edition(&self) -> bool {
        !matches!(
            self.source,
            Source::Units
                | Source::Lineage
                | Source::Crosswalk
                | Source::Indicators
                | Source::ReportValues
        )
    }

    /// Whether `scope` has this table at all: the lineage and the
    /// crosswalk span editions, so only the scope of every edition has
    /// them, and only when the data has a lineage.
    pub fn offered_in(&self, scope: &Scope<'_>) -> bool {
        match self.source {
            Source::Lineage | Source::Crosswalk => {
                scope.edition.is_none() && !scope.dataset.lineage.is_empty()
            }
            // The reports are not an edition's: offered with every edition.
            Source::Indicators | Source::ReportValues => {
                scope.edition.is_none() && !scope.dataset.reports.is_empty()
            }
            _ => true,
        }
    }
}

/// Every table, in the order the dictionary and the workbooks list them.
pub static TABLES: [&Table; 9] = [
    &RESULTS,
    &FIELDS,
    &SCORES,
    &FRAMEWORK,
    &UNITS,
    &LINEAGE,
    &CROSSWALK,
    &INDICATORS,
    &REPORT_VALUES,
];

fn text(s: &str) -> Cell<'_> {
    Cell::Text(s)
}

fn opt_text(s: Option<&str>) -> Cell<'_> {
    s.map_or(Cell::Empty, Cell::Text)
}

fn num<'a>(d: Option<Decimal>, decimals: u32) -> Cell<'a> {
    d.map_or(Cell::Empty, |d| Cell::Num(round_half_up(d, decimals)))
}

/// [`num`] of a figure printed with `decimals` places.
fn figure<'a>(d: Option<Decimal>, decimals: u32) -> Cell<'a> {
    d.map_or(Cell::Empty, |d| {
        Cell::Figure(round_half_up(d, decimals), decimals)
    })
}

fn int<'a>(i: Option<impl Into<i64>>) -> Cell<'a> {
    i.map_or(Cell::Empty, |i| Cell::Int(i.into()))
}

fn kind_name(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Province => "province",
        UnitKind::Department => "department",
        UnitKind::District => "district",
        UnitKind::Commune => "commune",
        UnitKind::Other => "other",
    }
}

/// The rows of one edition or of all of them. Every format asks the same
/// scope for the same table, so every format writes the same rows.
pub struct Scope<'a> {
    dataset: &'a Dataset,
    results: &'a Results,
    /// Index into `dataset.editions`; `None`: every edition.
    edition: Option<usize>,
    /// The units of this edition's registry: those assessed and the units
    /// above them, so every reference resolves. `None`: every unit.
    units: Option<HashSet<&'a str>>,
}

impl<'a> Scope<'a> {
    /// Every edition.
    pub fn all(dataset: &'a Dataset, results: &'a Results) -> Scope<'a> {
        Scope {
            dataset,
            results,
            edition: None,
            units: None,
        }
    }

    /// One edition, by its index in `dataset.editions`.
    pub fn edition(dataset: &'a Dataset, results: &'a Results, index: usize) -> Scope<'a> {
        let mut scope = Scope {
            dataset,
            results,
            edition: Some(index),
            units: None,
        };
        let mut keep: HashSet<&'a str> = HashSet::new();
        for (_, er) in scope.editions() {
            for u in er.groups.iter().flat_map(|g| &g.units) {
                let mut at = dataset.unit(&u.unit);
                while let Some(unit) = at {
                    if !keep.insert(&unit.id) {
                        break;
                    }
                    at = unit.parent.as_deref().and_then(|p| dataset.unit(p));
                }
            }
        }
        scope.units = Some(keep);
        scope
    }

    /// `None` for all editions.
    pub fn year(&self) -> Option<i32> {
        self.edition.map(|e| self.dataset.editions[e].year)
    }

    fn editions(&self) -> impl Iterator<Item = (&'a Edition, &'a EditionResult)> + use<'a> {
        let only = self.edition;
        self.dataset
            .editions
            .iter()
            .zip(&self.results.editions)
            .enumerate()
            .filter(move |(i, _)| only.is_none_or(|e| e == *i))
            .map(|(_, pair)| pair)
    }

    fn keeps(&self, id: &str) -> bool {
        self.units.as_ref().is_none_or(|k| k.contains(id))
    }

    /// How many rows `table` has, without making them: the XLSX writer
    /// names its sheets before writing the first row.
    pub fn count(&self, table: &Table) -> usize {
        let units = || {
            self.editions()
                .flat_map(|(e, er)| e.groups.iter().zip(&er.groups))
                .filter(|(g, _)| g.framework.is_some())
                .flat_map(|(_, gr)| &gr.units)
        };
        match table.source {
            Source::Results => self
                .editions()
                .flat_map(|(_, er)| &er.groups)
                .map(|g| g.units.len())
                .sum(),
            Source::Fields => units()
                .map(|u| u.nodes.iter().filter(|n| n.depth() == 0).count())
                .sum(),
            Source::Scores => units().map(|u| u.nodes.len()).sum(),
            Source::Framework => self
                .editions()
                .flat_map(|(e, _)| &e.groups)
                .filter_map(|g| g.framework.as_ref())
                .map(|f| f.nodes.len())
                .sum(),
            Source::Units => self
                .dataset
                .units
                .iter()
                .filter(|u| self.keeps(&u.id))
                .count(),
            Source::Lineage => {
                if table.offered_in(self) {
                    self.dataset.lineage.len()
                } else {
                    0
                }
            }
            Source::Crosswalk => self.crosswalk(table).len(),
            Source::Indicators | Source::ReportValues if !table.offered_in(self) => 0,
            Source::Indicators => self
                .dataset
                .indicators
                .as_ref()
                .map_or(0, |t| t.nodes.len()),
            Source::ReportValues => self
                .dataset
                .reports
                .iter()
                .flat_map(|r| &r.groups)
                .filter_map(|g| g.values.as_ref())
                .map(|v| v.rows.len())
                .sum(),
        }
    }

    /// Calls `row` with every row of `table`, in order; the cells borrow
    /// from the model and the row lives on the stack, so nothing is
    /// allocated per row. Returns the number of rows.
    pub fn rows<E>(
        &self,
        table: &Table,
        mut row: impl FnMut(&[Cell<'a>]) -> Result<(), E>,
    ) -> Result<usize, E> {
        let mut count = 0;
        let mut emit = |cells: &[Cell<'a>]| {
            count += 1;
            row(cells)
        };
        let dataset = self.dataset;
        // `&*` rather than `as_str()`: the model's strings may become shared
        // (`Arc<str>`) without this code changing.
        let name_of = |id: &'a str| dataset.unit(id).map_or(id, |u| &*u.name);
        match table.source {
            Source::Results => {
                for (edition, er) in self.editions() {
                    let year = Cell::Int(edition.year.into());
                    let d = edition.decimals;
                    let day = edition.day();
                    for (group, gr) in edition.groups.iter().zip(&er.groups) {
                        let size = Cell::Int(gr.units.len() as i64);
                        for u in &gr.units {
                            let printed = u.printed.as_ref();
                            let differs = u.discrepancy.is_some();
                            let computed = u.computed.as_ref().filter(|_| differs);
                            let parent = dataset
                                .unit(&u.unit)
                                .and_then(|unit| dataset.parent_on(unit, day));
                            emit(&[
                                year,
                                text(&group.id),
                                text(&group.name),
                                text(&u.unit),
                                text(name_of(&u.unit)),
                                opt_text(parent),
                                opt_text(parent.map(name_of)),
                                Cell::Int(u.rank.into()),
                                size,
                                figure(printed.and_then(|p| p.achieved).or(u.achieved), d),
                                num(printed.and_then(|p| p.max).or(u.max), d),
                                figure(Some(u.shown), d),
                                num(Some(u.index), 10),
                                opt_text(u.band.as_deref()),
                                int(u.change.as_ref().map(|c| c.previous_year)),
                                num(u.change.as_ref().map(|c| c.index), 10),
                                int(u.change.as_ref().and_then(|c| c.rank)),
                                figure(computed.and_then(|c| c.achieved), d),
                                num(computed.and_then(|c| c.index), 10),
                                opt_text(u.discrepancy.as_ref().map(|x| &*x.note)),
                            ])?;
                        }
                    }
                }
            }
            Source::Fields => {
                for (edition, er) in self.editions() {
                    let year = Cell::Int(edition.year.into());
                    for (group, gr) in edition.groups.iter().zip(&er.groups) {
                        let Some(framework) = group.framework.as_ref() else {
                            continue;
                        };
                        // Field names by code, looked up once per group.
                        let fields: Vec<(&str, &str)> = framework
                            .fields()
                            .map(|(_, n)| (&*n.code, &*n.name))
                            .collect();
                        for u in &gr.units {
                            let unit_name = name_of(&u.unit);
                            for n in u.nodes.iter().filter(|n| n.depth() == 0) {
                                let field_name = fields
                                    .iter()
                                    .find(|(code, _)| *code == n.code())
                                    .map_or("", |(_, name)| name);
                                emit(&[
                                    year,
                                    text(&group.id),
                                    text(&u.unit),
                                    text(unit_name),
                                    text(n.code()),
                                    text(field_name),
                                    Cell::Bool(n.applicable()),
                                    num(n.score(), 4),
                                    num(n.max(), 4),
                                    num(n.percent(), 2),
                                    num(n.self_score(), 4),
                                ])?;
                            }
                        }
                    }
                }
            }
            Source::Scores => {
                for (edition, er) in self.editions() {
                    let year = Cell::Int(edition.year.into());
                    for (group, gr) in edition.groups.iter().zip(&er.groups) {
                        if group.framework.is_none() {
                            continue;
                        }
                        for u in &gr.units {
                            for n in &u.nodes {
                                emit(&[
                                    year,
                                    text(&group.id),
                                    text(&u.unit),
                                    text(n.code()),
                                    text(n.field()),
                                    Cell::Int(n.depth() as i64),
                                    Cell::Bool(n.applicable()),
                                    num(n.score(), 4),
                                    num(n.max(), 4),
                                    num(n.lost(), 4),
                                    num(n.self_score(), 4),
                                    opt_text(n.note()),
                                    opt_text(n.responsible()),
                                ])?;
                            }
                        }
                    }
                }
            }
            Source::Framework => {
                for (edition, _) in self.editions() {
                    let year = Cell::Int(edition.year.into());
                    for group in &edition.groups {
                        let Some(framework) = &group.framework else {
                            continue;
                        };
                        for (i, n) in framework.nodes.iter().enumerate() {
                            emit(&[
                                year,
                                text(&group.id),
                                text(&n.code),
                                opt_text(n.parent.map(|p| &*framework.nodes[p].code)),
                                Cell::Int(framework.depth(i) as i64),
                                text(&n.name),
                                opt_text(n.name_en.as_deref()),
                                num(n.max, 4),
                            ])?;
                        }
                    }
                }
            }
            Source::Units => {
                for u in dataset.units.iter().filter(|u| self.keeps(&u.id)) {
                    // A parent or successor outside this edition's file would
                    // break the reference: kept only where the file holds it.
                    let known = |id: Option<&'a str>| opt_text(id.filter(|i| self.keeps(i)));
                    emit(&[
                        text(&u.id),
                        text(&u.name),
                        opt_text(u.short_name.as_deref()),
                        text(kind_name(u.kind)),
                        known(u.parent.as_deref()),
                        opt_text(u.name_en.as_deref()),
                        known(u.successor.as_deref()),
                        int(u.valid_from),
                        int(u.valid_to),
                        opt_text(u.code.as_deref()),
                        u.valid.from.map_or(Cell::Empty, Cell::Day),
                        u.valid.to.map_or(Cell::Empty, Cell::Day),
                        opt_text(u.former_names_text.as_deref()),
                    ])?;
                }
            }
            Source::Lineage => {
                if table.offered_in(self) {
                    for e in &dataset.lineage {
                        emit(&[
                            Cell::Day(e.date),
                            text(&e.from),
                            text(&e.to),
                            text(e.kind.name()),
                            e.share.map_or(Cell::Empty, |s| Cell::Num(s.normalize())),
                            opt_text(e.basis.as_deref()),
                            opt_text(e.note.as_deref()),
                        ])?;
                    }
                }
            }
            Source::Crosswalk => {
                for r in self.crosswalk(table) {
                    emit(&[
                        text(r.unit),
                        text(name_of(r.unit)),
                        text(r.predecessor),
                        text(name_of(r.predecessor)),
                        text(r.kind),
                        Cell::Int(r.steps),
                        opt_text(r.via),
                        r.share.map_or(Cell::Empty, |s| Cell::Num(s.normalize())),
                        r.date.map_or(Cell::Empty, Cell::Day),
                        int(r.last_year),
                    ])?;
                }
            }
            Source::Indicators => {
                let tree = dataset
                    .indicators
                    .as_ref()
                    .filter(|_| table.offered_in(self));
                if let Some(tree) = tree {
                    for n in &tree.nodes {
                        let mut depth = 0;
                        let mut at = n.parent;
                        while let Some(p) = at {
                            depth += 1;
                            at = tree.nodes[p].parent;
                            if depth > tree.nodes.len() {
                                break;
                            }
                        }
                        emit(&[
                            text(&n.code),
                            opt_text(n.parent.map(|p| &*tree.nodes[p].code)),
                            Cell::Int(depth as i64),
                            text(&n.name),
                            opt_text(n.measure.as_deref()),
                            Cell::Bool(n.is_rate()),
                            opt_text(n.numerator.as_deref()),
                            opt_text(n.denominator.as_deref()),
                            opt_text(n.better.map(|b| match b {
                                crate::model::Better::Higher => "higher",
                                crate::model::Better::Lower => "lower",
                            })),
                        ])?;
                    }
                }
            }
            Source::ReportValues => {
                let Some(tree) = dataset
                    .indicators
                    .as_ref()
                    .filter(|_| table.offered_in(self))
                else {
                    return Ok(count);
                };
                let nodes: HashMap<&str, &crate::model::Indicator> =
                    tree.nodes.iter().map(|n| (n.code.as_str(), n)).collect();
                for report in &dataset.reports {
                    let end = Cell::Day(report.period.last_day());
                    for group in &report.groups {
                        let Some(values) = &group.values else {
                            continue;
                        };
                        let by_key: HashMap<(&str, &str), Decimal> = values
                            .rows
                            .iter()
                            .filter_map(|r| Some(((r.unit.as_str(), r.code.as_str()), r.value?)))
                            .collect();
                        for row in &values.rows {
                            let node = nodes.get(row.code.as_str());
                            let part = |code: Option<&str>| {
                                by_key.get(&(row.unit.as_str(), code?)).copied()
                            };
                            let exact = node.and_then(|n| {
                                n.rate_from(
                                    part(n.numerator.as_deref())?,
                                    part(n.denominator.as_deref())?,
                                )
                            });
                            let differs = match (row.value, exact) {
                                (Some(v), Some(e)) => {
                                    Cell::Bool(!crate::model::agrees_as_printed(v, row.decimals, e))
                                }
                                _ => Cell::Empty,
                            };
                            emit(&[
                                text(&report.period_id),
                                end,
                                text(&group.id),
                                text(&group.name),
                                text(&row.unit),
                                text(name_of(&row.unit)),
                                text(&row.code),
                                row.value.map_or(Cell::Empty, |v| Cell::Num(v.normalize())),
                                num(exact, 10),
                                differs,
                                opt_text(row.note.as_deref()),
                            ])?;
                        }
                    }
                }
            }
        }
        Ok(count)
    }

    /// The rows of the crosswalk: for each unit with results in the newest
    /// edition, itself, then its predecessors in the order they are first
    /// reached going back, newest change first.
    fn crosswalk(&self, table: &Table) -> Vec<Link<'a>> {
        let dataset = self.dataset;
        if !table.offered_in(self) {
            return Vec::new();
        }
        let mut last_year: HashMap<&'a str, i32> = HashMap::new();
        for (edition, er) in dataset.editions.iter().zip(&self.results.editions) {
            for u in er.groups.iter().flat_map(|g| &g.units) {
                let year = last_year.entry(&*u.unit).or_insert(edition.year);
                *year = (*year).max(edition.year);
            }
        }
        let newest = dataset
            .editions
            .iter()
            .zip(&self.results.editions)
            .max_by_key(|(e, _)| e.year);
        let Some((_, newest)) = newest else {
            return Vec::new();
        };
        let mut memo: HashMap<&'a str, Option<Vec<Link<'a>>>> = HashMap::new();
        let mut rows = Vec::new();
        let mut seen: HashSet<&'a str> = HashSet::new();
        for u in newest.groups.iter().flat_map(|g| &g.units) {
            let unit: &'a str = &u.unit;
            if !seen.insert(unit) {
                continue;
            }
            rows.push(Link {
                unit,
                predecessor: unit,
                kind: "self",
                steps: 0,
                via: None,
                share: Some(Decimal::ONE),
                date: None,
                last_year: last_year.get(unit).copied(),
            });
            for link in predecessors_of(dataset, unit, &mut memo) {
                rows.push(Link {
                    unit,
                    last_year: last_year.get(link.predecessor).copied(),
                    ..link
                });
            }
        }
        rows
    }
}

/// One row of the crosswalk.
#[derive(Debug, Clone, Copy)]
struct Link<'a> {
    unit: &'a str,
    predecessor: &'a str,
    /// `self`, or the strongest kind on the way: split, merge, then the
    /// predecessor's own change.
    kind: &'static str,
    steps: i64,
    via: Option<&'a str>,
    share: Option<Decimal>,
    date: Option<Day>,
    last_year: Option<i32>,
}

/// Every predecessor of `id`, transitively, each once, its ways combined;
/// memoised so that territory reached by many ways costs once per unit.
/// A unit met again while its own predecessors are being found (a cycle,
/// which `check` reports) adds nothing.
fn predecessors_of<'a>(
    dataset: &'a Dataset,
    id: &'a str,
    memo: &mut HashMap<&'a str, Option<Vec<Link<'a>>>>,
) -> Vec<Link<'a>> {
    match memo.get(id) {
        Some(Some(done)) => return done.clone(),
        Some(None) => return Vec::new(),
        None => {}
    }
    memo.insert(id, None);
    let mut links: Vec<Link<'a>> = Vec::new();
    let add = |links: &mut Vec<Link<'a>>, new: Link<'a>| match links
        .iter_mut()
        .find(|l| l.predecessor == new.predecessor)
    {
        Some(old) => {
            old.share = old.share.zip(new.share).and_then(|(a, b)| a.checked_add(b));
            old.steps = old.steps.min(new.steps);
            if new.kind == "split" || (new.kind == "merge" && old.kind != "split") {
                old.kind = new.kind;
            }
        }
        None => links.push(new),
    };
    let mut direct = dataset.predecessors(id);
    // Newest change first, as the history reads backwards.
    direct.reverse();
    for e in direct {
        let factor = match e.kind {
            LineageKind::Split => e.share,
            _ => Some(Decimal::ONE),
        };
        let kind = e.kind.name();
        add(
            &mut links,
            Link {
                unit: id,
                predecessor: &e.from,
                kind,
                steps: 1,
                via: Some(&e.to),
                share: factor,
                date: Some(e.date),
                last_year: None,
            },
        );
        for before in predecessors_of(dataset, &e.from, memo) {
            let kind = if before.kind == "split" || e.kind == LineageKind::Split {
                "split"
            } else if before.kind == "merge" || e.kind == LineageKind::Merge {
                "merge"
            } else {
                before.kind
            };
            add(
                &mut links,
                Link {
                    kind,
                    steps: before.steps + 1,
                    share: before.share.zip(factor).and_then(|(a, b)| a.checked_mul(b)),
                    ..before
                },
            );
        }
    }
    memo.insert(id, Some(links.clone()));
    links
}
