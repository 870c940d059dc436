//! A row of a table as typed values: each cell read as text, number,
//! choice or date, reported where it cannot be read, and texts checked
//! against the spreadsheet cell limit.

use super::*;

/// Cell access by column name for one table row.
pub(super) struct Cells<'a> {
    table: &'a Table,
    pub(super) row: Row<'a>,
}

impl<'a> Cells<'a> {
    pub(super) fn get(&self, name: &str) -> Option<&'a str> {
        self.get_at(self.table.column(name))
    }

    /// A cell by column position, for loops that look columns up once.
    pub(super) fn get_at(&self, column: Option<usize>) -> Option<&'a str> {
        column.map(|i| self.row.cell(i)).filter(|s| !s.is_empty())
    }

    pub(super) fn loc(&self, name: &str) -> Location {
        self.loc_at(self.table.column(name))
    }

    pub(super) fn loc_at(&self, column: Option<usize>) -> Location {
        self.table.location(self.row.line, column)
    }

    /// An optional text cell, held to Excel's limit for a cell.
    pub(super) fn text(&self, name: &str, out: &mut Vec<Diagnostic>) -> Option<String> {
        let column = self.table.column(name);
        let value = self.get_at(column)?;
        self.check_length(name, column, value, out);
        Some(value.to_string())
    }

    /// Reports `value`, read from column `name`, when it is too long for a
    /// workbook cell.
    pub(super) fn check_length(
        &self,
        name: &str,
        column: Option<usize>,
        value: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Some(d) = too_long(name, value, self.loc_at(column)) {
            out.push(d);
        }
    }

    /// A required cell; reports it when empty.
    pub(super) fn required(
        &self,
        name: &str,
        what: &Tr,
        out: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        self.required_at(name, self.table.column(name), what, out)
            .map(str::to_string)
    }

    pub(super) fn required_at(
        &self,
        name: &str,
        column: Option<usize>,
        what: &Tr,
        out: &mut Vec<Diagnostic>,
    ) -> Option<&'a str> {
        let value = self.get_at(column);
        if let Some(value) = value {
            self.check_length(name, column, value, out);
        }
        if value.is_none() && column.is_some() {
            out.push(
                Diagnostic::error(
                    "empty-cell",
                    self.loc_at(column),
                    tr!("the \"{name}\" cell is empty", "ô \"{name}\" đang để trống"),
                )
                .expected(what.clone()),
            );
        }
        value
    }

    /// An optional number; `Err(())` when present but unreadable (reported).
    pub(super) fn number(
        &self,
        name: &str,
        what: &Tr,
        out: &mut Vec<Diagnostic>,
    ) -> Result<Option<Decimal>, ()> {
        self.number_at(name, self.table.column(name), what, out)
    }

    pub(super) fn number_at(
        &self,
        name: &str,
        column: Option<usize>,
        what: &Tr,
        out: &mut Vec<Diagnostic>,
    ) -> Result<Option<Decimal>, ()> {
        let Some(text) = self.get_at(column) else {
            return Ok(None);
        };
        match parse_decimal(text, self.table.accepts_decimal_comma()) {
            Ok(d) => Ok(Some(d)),
            Err(e) => {
                let mut d = if e.out_of_range {
                    Diagnostic::error(
                        "number-out-of-range",
                        self.loc_at(column),
                        tr!(
                            "the \"{name}\" cell holds a number chiso does not read",
                            "ô \"{name}\" chứa một số mà chiso không đọc được"
                        ),
                    )
                    .found(format!("\"{text}\""))
                    .expected(table::NUMBER_RANGE)
                } else {
                    Diagnostic::error(
                        "not-a-number",
                        self.loc_at(column),
                        tr!(
                            "the \"{name}\" cell is not a number",
                            "ô \"{name}\" không phải là số"
                        ),
                    )
                    .found(format!("\"{text}\""))
                    .expected(what.clone())
                };
                if let Some(hint) = e.hint {
                    d = d.hint(hint);
                }
                out.push(d);
                Err(())
            }
        }
    }

    /// A `valid_from` or `valid_to` cell: a year, or a full date. `to`:
    /// the last day of a bare year rather than the first.
    pub(super) fn bound(
        &self,
        name: &str,
        out: &mut Vec<Diagnostic>,
    ) -> (Option<i32>, Option<Day>) {
        let Some(text) = self.get(name) else {
            return (None, None);
        };
        if !text.contains('-') {
            return (self.year(name, out), None);
        }
        match Day::parse(text).filter(|d| (1900..=2200).contains(&d.year)) {
            Some(day) => (Some(day.year), Some(day)),
            None => {
                out.push(
                    Diagnostic::error(
                        "invalid-date",
                        self.loc(name),
                        tr!("the \"{name}\" cell is not a date", "ô \"{name}\" không phải là ngày"),
                    )
                    .found(format!("\"{text}\""))
                    .expected(tr!(
                        "a date YYYY-MM-DD such as 2025-06-30, or a year such as 2021",
                        "một ngày dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2025-06-30, hoặc một năm, ví dụ 2021"
                    ))
                    .hint(tr!(
                        "a month alone (YYYY-MM) does not say the day the unit began or ended",
                        "chỉ ghi tháng (YYYY-MM) thì không rõ ngày đơn vị bắt đầu hoặc thôi hoạt động"
                    )),
                );
                (None, None)
            }
        }
    }

    /// A required `YYYY-MM-DD` cell.
    pub(super) fn day(&self, name: &str, out: &mut Vec<Diagnostic>) -> Option<Day> {
        let text = self.required(
            name,
            &tr!(
                "a date YYYY-MM-DD such as 2025-07-01",
                "một ngày dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2025-07-01"
            ),
            out,
        )?;
        let day = Day::parse(&text).filter(|d| (1900..=2200).contains(&d.year));
        if day.is_none() {
            out.push(
                Diagnostic::error(
                    "invalid-date",
                    self.loc(name),
                    tr!(
                        "the \"{name}\" cell is not a date",
                        "ô \"{name}\" không phải là ngày"
                    ),
                )
                .found(format!("\"{text}\""))
                .expected(tr!(
                    "a date YYYY-MM-DD such as 2025-07-01",
                    "một ngày dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2025-07-01"
                ))
                .hint(tr!(
                    "the day the change took effect, as the resolution states it",
                    "ngày thay đổi có hiệu lực, đúng như nghị quyết ghi"
                )),
            );
        }
        day
    }

    pub(super) fn year(&self, name: &str, out: &mut Vec<Diagnostic>) -> Option<i32> {
        let text = self.get(name)?;
        match text.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                out.push(
                    Diagnostic::error(
                        "invalid-year",
                        self.loc(name),
                        tr!(
                            "the \"{name}\" cell is not a year",
                            "ô \"{name}\" không phải là năm"
                        ),
                    )
                    .found(format!("\"{text}\""))
                    .expected(tr!("a year such as 2021", "một năm, ví dụ 2021")),
                );
                None
            }
        }
    }
}

pub(super) fn rows(table: &Table) -> impl Iterator<Item = Cells<'_>> {
    table.rows().map(move |row| Cells { table, row })
}

/// The most text one cell of a workbook holds, in UTF-16 units (Excel's
/// count): every text of the data may reach a cell of the downloads.
pub const CELL_TEXT_LIMIT: usize = 32_767;

/// A `text-too-long` error when `text` (the `name` cell or key) exceeds
/// [`CELL_TEXT_LIMIT`].
pub(super) fn too_long(name: &str, text: &str, location: Location) -> Option<Diagnostic> {
    // UTF-8 takes at least as many bytes as UTF-16 takes units.
    if text.len() <= CELL_TEXT_LIMIT {
        return None;
    }
    let length = text.encode_utf16().count();
    (length > CELL_TEXT_LIMIT).then(|| {
        Diagnostic::error(
            "text-too-long",
            location,
            tr!(
                "the \"{name}\" text is longer than a spreadsheet cell holds",
                "nội dung \"{name}\" dài hơn sức chứa của một ô bảng tính"
            ),
        )
        .found(tr!("{length} characters", "{length} ký tự"))
        .expected(tr!(
            "at most {CELL_TEXT_LIMIT} characters, Excel's limit for a cell (the downloads include a workbook)",
            "tối đa {CELL_TEXT_LIMIT} ký tự, giới hạn của một ô Excel (tệp tải về có kèm bảng tính Excel)"
        ))
        .hint(tr!(
            "shorten it; a long explanation belongs in a document of the edition",
            "hãy rút gọn; phần giải thích dài nên đưa vào một văn bản của kỳ đánh giá"
        ))
    })
}
