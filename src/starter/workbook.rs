//! The starter's workbook, `diem.xlsx`, laid out as the annex of a
//! decision: a sheet of instructions, then a sheet per ranking group with
//! the units down and the fields across, the header on the first row and
//! each field's maximum on the second (the row of maxima the wide reader
//! checks against the framework). Every score cell takes a number between 0
//! and its column's maximum, `x` or `-`; Excel refuses anything else as it
//! is typed, with a message in Vietnamese.
//!
//! The example scores are made from each unit's place, not drawn: the same
//! year always gives the same file.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::texts::{ExampleUnit, Group, FIELDS, GROUPS, UNITS};

pub(super) const FILE: &str = "diem.xlsx";

/// Rows of units the validation covers: room for a province's communes.
const ROWS_VALIDATED: u32 = 500;

const HEADER_ROW: u32 = 0;
const MAX_ROW: u32 = 1;
const FIRST_UNIT_ROW: u32 = 2;
const FIRST_FIELD_COL: u16 = 2;

pub(super) fn template(year: i32) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed date: the same year gives the same file.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(format!("Điểm Chỉ số cải cách hành chính năm {year}")),
    );
    instructions(workbook.add_worksheet(), year)?;
    for group in &GROUPS {
        let units: Vec<&ExampleUnit> = UNITS.iter().filter(|u| group.admits(u)).collect();
        group_sheet(workbook.add_worksheet(), group, &units)?;
    }
    workbook.save_to_buffer()
}

fn instructions(sheet: &mut Worksheet, year: i32) -> Result<(), XlsxError> {
    sheet.set_name("Hướng dẫn")?;
    sheet.set_column_width(0, 110)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let lines = [
        format!("ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
        String::new(),
        "Mỗi nhóm đơn vị xếp hạng một trang tính: Sở, ngành; Phường; Xã, đặc khu. Mỗi đơn vị một dòng, mỗi lĩnh vực (tiêu chí) một cột.".to_string(),
        "Dòng 1 là tiêu đề cột: mã tiêu chí, một dấu cách, rồi tên (ví dụ \"3 Cải cách thủ tục hành chính\"). chiso đọc mã ở đầu ô; mã phải có trong bộ tiêu chí (framework-*.csv).".to_string(),
        "Dòng 2 (Điểm tối đa) ghi điểm tối đa của từng cột, đúng như bộ tiêu chí. Nếu sửa bộ tiêu chí, sửa cả dòng này.".to_string(),
        "Từ dòng 3: cột Đơn vị ghi tên đơn vị đúng như cột name của units.csv (hoặc mã id); các cột sau ghi điểm thẩm định.".to_string(),
        "Mỗi ô điểm: một số từ 0 đến điểm tối đa của cột (dấu phẩy hay dấu chấm thập phân đều được); x hoặc - nếu tiêu chí không áp dụng với đơn vị; để trống nếu chưa có điểm.".to_string(),
        "Có thể thêm dòng, thêm đơn vị; không gộp ô, không thêm dòng tổng ở giữa bảng. Dòng Tổng cộng ở cuối bảng được bỏ qua.".to_string(),
        "Điểm trong tệp này là ví dụ: thay bằng điểm thẩm định của tỉnh, rồi chạy chiso check --data data để kiểm tra và chiso build để dựng trang web.".to_string(),
    ];
    for (row, line) in lines.iter().enumerate() {
        let format = if row == 0 { &title } else { &wrap };
        sheet.write_string_with_format(row as u32, 0, line, format)?;
    }
    Ok(())
}

fn group_sheet(
    sheet: &mut Worksheet,
    group: &Group,
    units: &[&ExampleUnit],
) -> Result<(), XlsxError> {
    sheet.set_name(group.sheet)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let max_format = Format::new().set_italic().set_border(FormatBorder::Thin);
    let score = Format::new()
        .set_num_format("0.00")
        .set_border(FormatBorder::Thin);
    let plain = Format::new().set_border(FormatBorder::Thin);
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_row_height(HEADER_ROW, 75)?;
    sheet.write_string_with_format(HEADER_ROW, 0, "STT", &header)?;
    sheet.write_string_with_format(HEADER_ROW, 1, "Đơn vị", &header)?;
    sheet.write_string_with_format(MAX_ROW, 0, "", &max_format)?;
    sheet.write_string_with_format(MAX_ROW, 1, "Điểm tối đa", &max_format)?;
    let last_col = FIRST_FIELD_COL + FIELDS.len() as u16 - 1;
    for (f, field) in FIELDS.iter().enumerate() {
        let col = FIRST_FIELD_COL + f as u16;
        sheet.set_column_width(col, 14)?;
        let label = format!("{} {}", field.code, field.name);
        sheet.write_string_with_format(HEADER_ROW, col, &label, &header)?;
        sheet.write_number_with_format(MAX_ROW, col, f64::from(field.max), &max_format)?;
    }
    for (k, unit) in units.iter().enumerate() {
        let row = FIRST_UNIT_ROW + k as u32;
        sheet.write_number_with_format(row, 0, (k + 1) as f64, &plain)?;
        sheet.write_string_with_format(row, 1, unit.name, &plain)?;
        for (f, field) in FIELDS.iter().enumerate() {
            let col = FIRST_FIELD_COL + f as u16;
            sheet.write_number_with_format(row, col, example_score(field.max, k, f), &score)?;
        }
    }
    // Each score cell: a number from 0 to the maximum above it, or x or -.
    // Relative to the first cell (C3), as Excel applies it down and across.
    let first = rust_xlsxwriter::utility::row_col_to_cell(FIRST_UNIT_ROW, FIRST_FIELD_COL);
    let max_cell = format!(
        "{}$2",
        rust_xlsxwriter::utility::column_number_to_name(FIRST_FIELD_COL)
    );
    let rule = format!(
        "=OR(AND(ISNUMBER({first}),{first}>=0,{first}<={max_cell}),{first}=\"x\",{first}=\"X\",{first}=\"-\")"
    );
    let validation = DataValidation::new()
        .allow_custom(Formula::new(rule))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("Điểm không hợp lệ")?
        .set_error_message(
            "Ghi một số từ 0 đến điểm tối đa của cột (dòng 2), x hoặc - nếu tiêu chí không áp dụng, hoặc để trống.",
        )?
        .set_input_title("Điểm thẩm định")?
        .set_input_message("Từ 0 đến điểm tối đa ở dòng 2; x nếu không áp dụng.")?;
    sheet.add_data_validation(
        FIRST_UNIT_ROW,
        FIRST_FIELD_COL,
        FIRST_UNIT_ROW + ROWS_VALIDATED - 1,
        last_col,
        &validation,
    )?;
    sheet.set_freeze_panes(FIRST_UNIT_ROW, FIRST_FIELD_COL)?;
    Ok(())
}

/// An example score: most of the maximum, less for later units and some
/// fields, in quarters of a point.
fn example_score(max: u32, unit: usize, field: usize) -> f64 {
    let share = 0.97 - 0.05 * unit as f64 - 0.03 * (field % 3) as f64;
    let points = f64::from(max) * share.max(0.5);
    (points * 4.0).floor() / 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_scores_stay_within_their_maximum() {
        for field in FIELDS {
            for unit in 0..20 {
                for f in 0..FIELDS.len() {
                    let s = example_score(field.max, unit, f);
                    assert!((0.0..=f64::from(field.max)).contains(&s));
                }
            }
        }
    }

    #[test]
    fn the_same_year_gives_the_same_workbook() {
        assert_eq!(template(2025).unwrap(), template(2025).unwrap());
    }
}
