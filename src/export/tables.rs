//! The open-data tables and their columns, with the words of the data
//! dictionary in Vietnamese and English.

use crate::compute::{round_half_up, Results};
use crate::model::{Dataset, Framework, UnitKind};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Integer,
    Number,
    Boolean,
}

impl ColumnType {
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::Text => "string",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Boolean => "boolean",
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

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Num(Decimal),
    Bool(bool),
}

impl Cell {
    /// The cell as CSV text: dot decimals, `true`/`false`, empty for none.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(d) => d.normalize().to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

#[derive(Debug, Clone)]
pub struct DataTable {
    /// File and resource name, e.g. `ket-qua`.
    pub name: &'static str,
    pub title_vi: &'static str,
    pub title_en: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: Vec<ForeignKey>,
    pub rows: Vec<Vec<Cell>>,
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

const RESULT_COLUMNS: &[Column] = &[
    YEAR,
    GROUP,
    GROUP_NAME,
    UNIT,
    UNIT_NAME,
    col!("rank", Integer, "Xếp hạng", "Rank", "Thứ hạng trong nhóm theo chỉ số chưa làm tròn (1, 2, 2, 4 khi bằng nhau).", "Rank in the group by the unrounded index (1, 2, 2, 4 on ties)."),
    col!("group_size", Integer, "Số đơn vị trong nhóm", "Units in group", "Số đơn vị được xếp hạng trong nhóm.", "Number of units ranked in the group."),
    col!("achieved", Number, "Điểm đạt", "Points", "Tổng điểm đạt của các lĩnh vực (làm tròn theo số chữ số thập phân công bố).", "Sum of the fields' points (rounded to the published decimals)."),
    col!("max", Number, "Điểm tối đa", "Maximum", "Tổng điểm tối đa của các lĩnh vực áp dụng cho đơn vị.", "Sum of the maxima of the fields that apply to the unit."),
    col!("index", Number, "Chỉ số", "Index", "Chỉ số = điểm đạt / điểm tối đa × 100, làm tròn như khi công bố.", "Index = points / maximum × 100, rounded as published."),
    col!("index_exact", Number, "Chỉ số (chưa làm tròn)", "Index (unrounded)", "Chỉ số với 10 chữ số thập phân, để tính trung bình và so sánh chính xác.", "Index to 10 decimal places, for exact means and comparisons."),
    col!("band", Text, "Xếp loại", "Band", "Xếp loại theo ngưỡng của năm đó.", "Band by that edition's thresholds."),
    col!("previous_year", Integer, "Năm so sánh", "Compared with", "Năm trước gần nhất mà đơn vị thuộc nhóm cùng mã; trống nếu không có.", "The latest earlier year in which the unit was in a group with the same id; empty if none."),
    col!("index_change", Number, "Thay đổi chỉ số", "Index change", "Chỉ số năm nay trừ chỉ số năm so sánh (từ giá trị chưa làm tròn).", "This year's index minus that of the compared year (from unrounded values)."),
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
    col!(
        "name_en",
        Text,
        "Tên tiếng Anh",
        "English name",
        "Tên tiếng Anh, nếu có.",
        "English name, where given."
    ),
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
    col!(
        "name_en",
        Text,
        "Tên tiếng Anh",
        "English name",
        "Tên tiếng Anh, nếu có.",
        "English name, where given."
    ),
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
];

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

fn num(d: Option<Decimal>, decimals: u32) -> Cell {
    d.map_or(Cell::Empty, |d| Cell::Num(round_half_up(d, decimals)))
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

/// The five tables for one edition (`Some(year)`) or for all of them.
pub fn tables(dataset: &Dataset, results: &Results, year: Option<i32>) -> Vec<DataTable> {
    let mut result_rows = Vec::new();
    let mut field_rows = Vec::new();
    let mut score_rows = Vec::new();
    let mut framework_rows = Vec::new();
    let mut seen_units: BTreeSet<&str> = BTreeSet::new();
    let name_of = |id: &str| dataset.unit(id).map_or(id.to_string(), |u| u.name.clone());
    for (edition, er) in dataset.editions.iter().zip(&results.editions) {
        if year.is_some_and(|y| y != edition.year) {
            continue;
        }
        let d = edition.decimals;
        for (group, gr) in edition.groups.iter().zip(&er.groups) {
            for u in &gr.units {
                seen_units.insert(&u.unit);
                let printed = u.printed.as_ref();
                let differs = u.discrepancy.is_some();
                result_rows.push(vec![
                    Cell::Int(edition.year.into()),
                    text(&group.id),
                    text(&group.name),
                    text(&u.unit),
                    Cell::Text(name_of(&u.unit)),
                    Cell::Int(u.rank.into()),
                    Cell::Int(gr.units.len() as i64),
                    num(printed.and_then(|p| p.achieved).or(u.achieved), d),
                    num(printed.and_then(|p| p.max).or(u.max), d),
                    num(Some(printed.and_then(|p| p.index).unwrap_or(u.index)), d),
                    num(Some(u.index), 10),
                    opt_text(u.band.as_deref()),
                    u.change
                        .as_ref()
                        .map_or(Cell::Empty, |c| Cell::Int(c.previous_year.into())),
                    num(u.change.as_ref().map(|c| c.index), 10),
                    u.change.as_ref().map_or(Cell::Empty, |c| Cell::Int(c.rank)),
                    num(
                        u.computed
                            .as_ref()
                            .and_then(|c| c.achieved)
                            .filter(|_| differs),
                        d,
                    ),
                    num(
                        u.computed
                            .as_ref()
                            .and_then(|c| c.index)
                            .filter(|_| differs),
                        10,
                    ),
                    opt_text(u.discrepancy.as_ref().map(|x| x.note.as_str())),
                ]);
                let Some(framework) = group.framework.as_ref() else {
                    continue;
                };
                for n in &u.nodes {
                    let node_name = framework
                        .node(n.code())
                        .map(|i| framework.nodes[i].name.as_str())
                        .unwrap_or("");
                    if n.depth() == 0 {
                        field_rows.push(vec![
                            Cell::Int(edition.year.into()),
                            text(&group.id),
                            text(&u.unit),
                            Cell::Text(name_of(&u.unit)),
                            text(n.code()),
                            text(node_name),
                            Cell::Bool(n.applicable()),
                            num(n.score(), 4),
                            num(n.max(), 4),
                            num(n.percent(), 2),
                            num(n.self_score(), 4),
                        ]);
                    }
                    score_rows.push(vec![
                        Cell::Int(edition.year.into()),
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
                    ]);
                }
            }
            if let Some(framework) = &group.framework {
                framework_rows.extend(framework_table_rows(edition.year, &group.id, framework));
            }
        }
    }
    // Units: every unit for all editions; for one edition, those assessed
    // and the units above them, so every reference resolves.
    let mut keep: BTreeSet<&str> = BTreeSet::new();
    for id in &seen_units {
        let mut at = dataset.unit(id);
        while let Some(u) = at {
            if !keep.insert(&u.id) {
                break;
            }
            at = u.parent.as_deref().and_then(|p| dataset.unit(p));
        }
    }
    let unit_rows = dataset
        .units
        .iter()
        .filter(|u| year.is_none() || keep.contains(u.id.as_str()))
        .map(|u| {
            let known = |id: &Option<String>| {
                // A successor outside this edition's file would break the
                // reference: kept only where the file holds it.
                opt_text(id.as_deref().filter(|i| year.is_none() || keep.contains(i)))
            };
            vec![
                text(&u.id),
                text(&u.name),
                opt_text(u.short_name.as_deref()),
                text(kind_name(u.kind)),
                known(&u.parent),
                opt_text(u.name_en.as_deref()),
                known(&u.successor),
                u.valid_from.map_or(Cell::Empty, |y| Cell::Int(y.into())),
                u.valid_to.map_or(Cell::Empty, |y| Cell::Int(y.into())),
            ]
        })
        .collect();
    let unit_fk = || ForeignKey {
        fields: &["unit_id"],
        table: "don-vi",
        reference: &["id"],
    };
    vec![
        DataTable {
            name: "ket-qua",
            title_vi: "Kết quả: chỉ số, xếp hạng, xếp loại của từng đơn vị",
            title_en: "Results: index, rank and band of every unit",
            columns: RESULT_COLUMNS,
            primary_key: &["year", "group_id", "unit_id"],
            foreign_keys: vec![unit_fk()],
            rows: result_rows,
        },
        DataTable {
            name: "diem-linh-vuc",
            title_vi: "Điểm theo lĩnh vực",
            title_en: "Scores by field",
            columns: FIELD_COLUMNS,
            primary_key: &["year", "group_id", "unit_id", "field_code"],
            foreign_keys: vec![unit_fk()],
            rows: field_rows,
        },
        DataTable {
            name: "diem-chi-tiet",
            title_vi: "Điểm chi tiết mọi tiêu chí, kèm nguyên nhân và trách nhiệm",
            title_en: "Scores at every level, with reasons and responsibility",
            columns: SCORE_COLUMNS,
            primary_key: &["year", "group_id", "unit_id", "code"],
            foreign_keys: vec![
                unit_fk(),
                ForeignKey {
                    fields: &["year", "group_id", "code"],
                    table: "bo-tieu-chi",
                    reference: &["year", "group_id", "code"],
                },
            ],
            rows: score_rows,
        },
        DataTable {
            name: "bo-tieu-chi",
            title_vi: "Bộ tiêu chí",
            title_en: "Criteria framework",
            columns: FRAMEWORK_COLUMNS,
            primary_key: &["year", "group_id", "code"],
            foreign_keys: Vec::new(),
            rows: framework_rows,
        },
        DataTable {
            name: "don-vi",
            title_vi: "Danh mục đơn vị",
            title_en: "Units registry",
            columns: UNIT_COLUMNS,
            primary_key: &["id"],
            foreign_keys: vec![
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
            rows: unit_rows,
        },
    ]
}

fn framework_table_rows(year: i32, group: &str, framework: &Framework) -> Vec<Vec<Cell>> {
    framework
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            vec![
                Cell::Int(year.into()),
                text(group),
                text(&n.code),
                opt_text(n.parent.map(|p| framework.nodes[p].code.as_str())),
                Cell::Int(framework.depth(i) as i64),
                text(&n.name),
                opt_text(n.name_en.as_deref()),
                num(n.max, 4),
            ]
        })
        .collect()
}
