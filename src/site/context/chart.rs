//! A chart on a page: its drawing timed, its summary and data table, and
//! its SVG and CSV offered for download, beside the page or inside it.

use super::cells::{csv_cell, numeric_bare};
use super::Files;
use crate::compute::UnitResult;
use crate::site::Site;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Time spent drawing charts, summed over the threads that render pages:
/// reported by `chiso build --timings`.
pub static CHART_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A trend over `years` (sorted), drawn only where there are two years
/// or more: one year is a figure, not a trend, and its table says it.
pub(super) fn trend_svg(years: &[i32], draw: impl FnOnce() -> String) -> String {
    if years.windows(2).any(|w| w[0] != w[1]) {
        timed(draw)
    } else {
        String::new()
    }
}

pub(super) fn timed<T>(draw: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let result = draw();
    CHART_NANOS.fetch_add(
        start.elapsed().as_nanos() as u64,
        std::sync::atomic::Ordering::Relaxed,
    );
    result
}

pub(super) fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A chart as a page shows it: the drawing, a sentence saying what it
/// shows, the same numbers as a table, and where its SVG and CSV are (as
/// files beside a page, or inside it as `data:` links).
#[derive(Clone, serde::Serialize)]
pub(in crate::site) struct ChartView {
    svg: String,
    summary: String,
    table: DataTable,
    /// The page shows these numbers in a table of its own.
    pub(super) table_hidden: bool,
    svg_url: Option<String>,
    csv_url: Option<String>,
    svg_name: Option<String>,
    csv_name: Option<String>,
    /// Its permalink and its page to embed, where it has one.
    share: Option<Share>,
}

/// Where a chart is linked to and embedded from.
#[derive(Clone, serde::Serialize)]
pub(in crate::site) struct Share {
    /// The chart's id on the page that shows it.
    pub(super) id: String,
    /// Its page alone, from the site's root.
    pub(super) url: String,
    /// The `<iframe>` to paste into another page.
    pub(super) code: String,
    /// `code` names the page by its full address (the site has a base
    /// URL); otherwise from the site's root.
    pub(super) absolute: bool,
}

/// A table beside a chart, holding the same numbers.
#[derive(Clone, serde::Serialize)]
pub(super) struct DataTable {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Which unit each row is, for the CSV only (the page links the name).
    #[serde(skip)]
    pub(super) units: Option<RowUnits>,
}

/// The units of a chart table's rows. The CSV gives each row's unit id
/// before the name column and its parent's name after it: a name alone
/// cannot tell three Xã Tân Phú apart, nor join a row to the open data.
#[derive(Clone)]
pub(super) struct RowUnits {
    /// The column of the unit's name.
    name_column: usize,
    /// The headers of the id and parent columns.
    headers: (String, String),
    /// (unit id, parent's name) of each row.
    units: Vec<(String, String)>,
}

pub(super) fn table(caption: &str, headers: Vec<String>, rows: Vec<Vec<String>>) -> DataTable {
    DataTable {
        caption: caption.to_string(),
        headers,
        rows,
        units: None,
    }
}

impl DataTable {
    /// The CSV's header and rows: the table's own cells, with the unit's
    /// id and its parent's name around the name column where rows are
    /// units.
    fn csv_records(&self) -> Vec<Vec<String>> {
        let mut records = Vec::with_capacity(self.rows.len() + 1);
        let with_unit = |cells: Vec<String>, id: &str, parent: &str| match &self.units {
            Some(u) if u.name_column < cells.len() => {
                let mut cells = cells;
                cells.insert(
                    u.name_column + 1,
                    crate::export::csv_text(parent).into_owned(),
                );
                cells.insert(u.name_column, crate::export::csv_text(id).into_owned());
                cells
            }
            _ => cells,
        };
        let (id_header, parent_header) = self
            .units
            .as_ref()
            .map_or(("", ""), |u| (u.headers.0.as_str(), u.headers.1.as_str()));
        let headers = self
            .headers
            .iter()
            .map(|h| crate::export::csv_text(h).into_owned())
            .collect();
        records.push(with_unit(headers, id_header, parent_header));
        for (i, row) in self.rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|cell| chart_csv_field(cell)).collect();
            let (id, parent) = self
                .units
                .as_ref()
                .and_then(|u| u.units.get(i))
                .map_or(("", ""), |(id, parent)| (id.as_str(), parent.as_str()));
            records.push(with_unit(cells, id, parent));
        }
        records
    }
}

pub(super) fn chart(svg: String, summary: String, table: DataTable) -> ChartView {
    ChartView {
        svg,
        summary,
        table,
        table_hidden: false,
        svg_url: None,
        csv_url: None,
        svg_name: None,
        csv_name: None,
        share: None,
    }
}

impl ChartView {
    pub(super) fn shared(mut self, share: Option<Share>) -> ChartView {
        self.share = share;
        self
    }

    /// The drawing as its file, an image: an embed page stays light
    /// where the drawing is big (a large group's heatmap).
    pub(super) fn drawn_as_image(mut self, src: &str) -> ChartView {
        if !self.svg.is_empty() {
            self.svg = format!(
                "<img src=\"{}\" alt=\"{}\">",
                crate::site::escape_xml(src),
                crate::site::escape_xml(&self.summary)
            );
        }
        self
    }

    /// The numbers only: where a map is the drawing.
    pub(super) fn without_drawing(mut self) -> ChartView {
        self.svg.clear();
        self.table_hidden = false;
        self
    }

    /// With its table, which the page that shows the chart may show
    /// apart (a group's ranking): an embedded chart carries its numbers.
    pub(super) fn with_table(mut self) -> ChartView {
        self.table_hidden = false;
        self
    }

    pub(super) fn svg_len(&self) -> usize {
        self.svg.len()
    }
}

/// Links a chart to files another page writes (the same chart on several
/// pages is written once, by `attach_files`).
pub(super) fn link_only(owner: &str, name: &str, mut chart: ChartView) -> ChartView {
    chart.svg_url = Some(chart_path(owner, name, "svg"));
    chart.csv_url = Some(chart_path(owner, name, "csv"));
    chart
}

/// A unit page's chart downloads: made by the page on click from its own
/// inline SVG and data table (assets/site.js), under these file names; a
/// national site's unit pages would otherwise carry a fifth of their bytes
/// twice, as data: links. Without a script the table is the download.
pub(super) fn made_by_page(page: &str, name: &str, mut chart: ChartView) -> ChartView {
    if chart.svg.is_empty() {
        return chart;
    }
    let file = |p: String| p.rsplit('/').next().unwrap_or(&p).to_string();
    chart.svg_name = Some(file(chart_path(page, name, "svg")));
    chart.csv_name = Some(file(chart_path(page, name, "csv")));
    chart
}

/// Writes a chart's SVG and its data as CSV (UTF-8 with BOM) as files
/// beside the page, which links them.
pub(super) fn attach_files(
    files: &mut Files,
    page: &str,
    name: &str,
    mut chart: ChartView,
) -> ChartView {
    if chart.svg.is_empty() {
        // Nothing drawn: the table on the page is all there is.
        return chart;
    }
    let svg_path = chart_path(page, name, "svg");
    let csv_path = chart_path(page, name, "csv");
    let svg_bytes = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
        chart.svg
    )
    .into_bytes();
    let mut csv_out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::Writer::from_writer(&mut csv_out);
        for record in chart.table.csv_records() {
            let _ = w.write_record(&record);
        }
        let _ = w.flush();
    }
    files.push((svg_path.clone(), svg_bytes));
    files.push((csv_path.clone(), csv_out));
    chart.svg_url = Some(svg_path);
    chart.csv_url = Some(csv_path);
    chart
}

/// Where a page's chart files go: beside the page, named after it.
pub(super) fn chart_path(page: &str, name: &str, ext: &str) -> String {
    let (dir, file) = page.rsplit_once('/').map_or(("", page), |(d, f)| (d, f));
    let stem = file.strip_suffix(".html").unwrap_or(file);
    let base = if stem == "index" {
        format!("bieu-do-{name}")
    } else {
        format!("{stem}-bieu-do-{name}")
    };
    if dir.is_empty() {
        format!("{base}.{ext}")
    } else {
        format!("{dir}/{base}.{ext}")
    }
}

/// A chart's cell as its CSV holds it: [`csv_cell`], and text a
/// spreadsheet would run as a formula written as text, as in the open
/// data ([`crate::export::csv_text`]); a shown number (`-1,5`) stays a number.
fn chart_csv_field(shown: &str) -> String {
    let cell = csv_cell(shown);
    if numeric_bare(shown).is_some() {
        cell
    } else {
        crate::export::csv_text(&cell).into_owned()
    }
}

impl<'a> Site<'a> {
    /// Each unit's id and its parent's name, for the CSV of a chart whose
    /// table names the units in column `name_column`.
    pub(super) fn row_units<'u>(
        &self,
        name_column: usize,
        units: impl Iterator<Item = &'u UnitResult>,
    ) -> RowUnits {
        RowUnits {
            name_column,
            headers: (
                self.word("unit_id").to_string(),
                self.word("parent_unit").to_string(),
            ),
            units: units
                .map(|u| {
                    let parent = self
                        .unit(&u.unit)
                        .and_then(|x| self.dataset.parent_now(x))
                        .map(|p| self.unit_name(p).to_string())
                        .unwrap_or_default();
                    (u.unit.clone(), parent)
                })
                .collect(),
        }
    }
}
