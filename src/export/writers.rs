//! The formats: CSV (UTF-8 with BOM, so Excel shows Vietnamese), XLSX
//! (typed cells, Vietnamese headers, a codebook), JSON and SQLite. Every
//! writer is deterministic: no timestamps, no map iteration order.

use super::tables::{Cell, ColumnType, DataTable};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use serde_json::{json, Map, Value};

/// Excel's limit is 1,048,576 rows; one is the header.
pub const XLSX_MAX_ROWS: usize = 1_048_575;

pub fn csv_bytes(table: &DataTable) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        // Writing to memory cannot fail; a failure would be a bug in csv.
        let _ = writer.write_record(table.columns.iter().map(|c| c.name));
        for row in &table.rows {
            let _ = writer.write_record(row.iter().map(Cell::text));
        }
        let _ = writer.flush();
    }
    out
}

fn json_cell(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Int(i) => json!(i),
        // Written numbers have at most 12 significant digits, which an f64
        // prints back exactly.
        Cell::Num(d) => d
            .normalize()
            .to_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Cell::Bool(b) => Value::Bool(*b),
    }
}

pub fn json_bytes(tables: &[DataTable]) -> Vec<u8> {
    let tables: Vec<Value> = tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .map(|row| {
                    let mut object = Map::new();
                    for (column, cell) in t.columns.iter().zip(row) {
                        object.insert(column.name.to_string(), json_cell(cell));
                    }
                    Value::Object(object)
                })
                .collect();
            json!({
                "name": t.name,
                "title_vi": t.title_vi,
                "title_en": t.title_en,
                "columns": t.columns.iter().map(|c| json!({
                    "name": c.name, "type": c.kind.frictionless(), "title_vi": c.vi, "title_en": c.en,
                })).collect::<Vec<_>>(),
                "rows": rows,
            })
        })
        .collect();
    let mut bytes = serde_json::to_vec(&json!({ "tables": tables })).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn sheet_name(table: &DataTable) -> &'static str {
    match table.name {
        "ket-qua" => "Kết quả",
        "diem-linh-vuc" => "Điểm lĩnh vực",
        "diem-chi-tiet" => "Điểm chi tiết",
        "bo-tieu-chi" => "Bộ tiêu chí",
        "don-vi" => "Đơn vị",
        _ => "Bảng",
    }
}

/// One workbook: a sheet per table (split into numbered sheets beyond
/// Excel's row limit), typed cells, a frozen header with filters, and a
/// codebook sheet explaining every column.
pub fn xlsx_bytes(tables: &[DataTable]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date: the same data must give the same file.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("Chỉ số cải cách hành chính"),
    );
    let header = Format::new().set_bold().set_text_wrap();
    for table in tables {
        let chunks: Vec<&[Vec<Cell>]> = if table.rows.is_empty() {
            vec![&[]]
        } else {
            table.rows.chunks(XLSX_MAX_ROWS).collect()
        };
        let many = chunks.len() > 1;
        for (part, rows) in chunks.into_iter().enumerate() {
            let sheet = workbook.add_worksheet();
            let name = if many {
                format!("{} ({})", sheet_name(table), part + 1)
            } else {
                sheet_name(table).to_string()
            };
            sheet.set_name(&name)?;
            for (c, column) in table.columns.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, column.vi, &header)?;
                let width = match column.kind {
                    ColumnType::Text
                        if matches!(
                            column.name,
                            "note"
                                | "responsible"
                                | "name"
                                | "unit_name"
                                | "field_name"
                                | "group_name"
                                | "discrepancy_note"
                        ) =>
                    {
                        40.0
                    }
                    ColumnType::Text => 14.0,
                    _ => 11.0,
                };
                sheet.set_column_width(c as u16, width)?;
            }
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, cell) in row.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Empty => {}
                        Cell::Text(s) => {
                            sheet.write_string(r, c, s)?;
                        }
                        Cell::Int(i) => {
                            sheet.write_number(r, c, *i as f64)?;
                        }
                        Cell::Num(d) => {
                            sheet.write_number(r, c, d.to_f64().unwrap_or(0.0))?;
                        }
                        Cell::Bool(b) => {
                            sheet.write_boolean(r, c, *b)?;
                        }
                    }
                }
            }
            sheet.set_freeze_panes(1, 0)?;
            let last_col = table.columns.len().saturating_sub(1) as u16;
            sheet.autofilter(0, 0, rows.len() as u32, last_col)?;
        }
    }
    let codebook = workbook.add_worksheet();
    codebook.set_name("Bảng mã")?;
    let heads = [
        "Bảng / Table",
        "Cột / Column",
        "Tiêu đề",
        "Title",
        "Kiểu / Type",
        "Mô tả",
        "Description",
    ];
    for (c, h) in heads.iter().enumerate() {
        codebook.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let mut r = 1;
    for table in tables {
        for column in table.columns {
            let cells = [
                sheet_name(table),
                column.name,
                column.vi,
                column.en,
                column.kind.frictionless(),
                column.about_vi,
                column.about_en,
            ];
            for (c, text) in cells.iter().enumerate() {
                codebook.write_string(r, c as u16, *text)?;
            }
            r += 1;
        }
    }
    for (c, w) in [16.0, 18.0, 24.0, 22.0, 10.0, 60.0, 60.0]
        .iter()
        .enumerate()
    {
        codebook.set_column_width(c as u16, *w)?;
    }
    codebook.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

fn sql_name(name: &str) -> String {
    name.replace('-', "_")
}

fn sql_type(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Text => "TEXT",
        ColumnType::Integer | ColumnType::Boolean => "INTEGER",
        ColumnType::Number => "REAL",
    }
}

/// One SQLite database of every table, with primary and foreign keys and
/// indexes on the columns people join and filter by.
pub fn sqlite_bytes(tables: &[DataTable]) -> rusqlite::Result<Vec<u8>> {
    let mut db = rusqlite::Connection::open_in_memory()?;
    // Referenced tables first, so the schema reads top-down.
    let order = [
        "don-vi",
        "bo-tieu-chi",
        "ket-qua",
        "diem-linh-vuc",
        "diem-chi-tiet",
    ];
    let mut sorted: Vec<&DataTable> = tables.iter().collect();
    sorted.sort_by_key(|t| {
        order
            .iter()
            .position(|n| *n == t.name)
            .unwrap_or(order.len())
    });
    // Keys are checked at commit: a unit may name a parent listed after it.
    db.execute_batch("PRAGMA foreign_keys = ON;")?;
    let tx = db.transaction()?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
    for table in &sorted {
        let name = sql_name(table.name);
        let mut columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| format!("\"{}\" {}", c.name, sql_type(c.kind)))
            .collect();
        columns.push(format!(
            "PRIMARY KEY ({})",
            table
                .primary_key
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for fk in &table.foreign_keys {
            columns.push(format!(
                "FOREIGN KEY ({}) REFERENCES {} ({})",
                fk.fields
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                sql_name(fk.table),
                fk.reference
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        tx.execute_batch(&format!(
            "CREATE TABLE {name} (\n  {}\n);",
            columns.join(",\n  ")
        ))?;
        let placeholders = vec!["?"; table.columns.len()].join(", ");
        let mut insert = tx.prepare(&format!("INSERT INTO {name} VALUES ({placeholders})"))?;
        for row in &table.rows {
            let values: Vec<rusqlite::types::Value> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Empty => rusqlite::types::Value::Null,
                    Cell::Text(s) => rusqlite::types::Value::Text(s.clone()),
                    Cell::Int(i) => rusqlite::types::Value::Integer(*i),
                    Cell::Num(d) => rusqlite::types::Value::Real(d.to_f64().unwrap_or(0.0)),
                    Cell::Bool(b) => rusqlite::types::Value::Integer(i64::from(*b)),
                })
                .collect();
            insert.execute(rusqlite::params_from_iter(values))?;
        }
        drop(insert);
        if table.columns.iter().any(|c| c.name == "unit_id") {
            tx.execute_batch(&format!("CREATE INDEX {name}_unit ON {name} (unit_id);"))?;
        }
        if table.columns.iter().any(|c| c.name == "year")
            && table.columns.iter().any(|c| c.name == "group_id")
        {
            tx.execute_batch(&format!(
                "CREATE INDEX {name}_year_group ON {name} (year, group_id);"
            ))?;
        }
    }
    tx.commit()?;
    db.execute_batch("VACUUM;")?;
    let data = db.serialize("main")?;
    Ok(data.to_vec())
}
