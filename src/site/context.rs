//! Each page's context: only what that page shows, already formatted for
//! the site's language.

use super::{urls, PageKind, PlannedPage, Site};
use crate::compute::{Change, GroupResult, NodeResult, UnitResult};
use crate::decimal::round_half_up;
use crate::i18n;
use crate::model::{Edition, Framework, Group, Node, Unit};
use crate::render::charts;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// Time spent drawing charts, summed over the threads that render pages:
/// reported by `chiso build --timings`.
pub static CHART_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn timed<T>(draw: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let result = draw();
    CHART_NANOS.fetch_add(
        start.elapsed().as_nanos() as u64,
        std::sync::atomic::Ordering::Relaxed,
    );
    result
}

/// Moves a page's data into Tera's values. Data is built with `json!`
/// for readability; handing it to `Context::insert` would go through serde
/// and allocate every row's keys again, which at national scale cost more
/// than running the templates.
trait Put {
    fn put(&mut self, key: &'static str, value: &Value);
    fn put_list(&mut self, key: &'static str, items: &[Value]);
}

impl Put for tera::Context {
    fn put(&mut self, key: &'static str, value: &Value) {
        self.insert_value(key, tera_value(value));
    }

    fn put_list(&mut self, key: &'static str, items: &[Value]) {
        self.insert_value(key, items.iter().map(tera_value).collect::<Vec<_>>().into());
    }
}

/// Tera's value for a JSON value, as serde would give it (numbers keep
/// their kind), with map keys interned: a page's keys are a few dozen
/// names, each made once per thread.
fn tera_value(value: &Value) -> tera::Value {
    match value {
        Value::Null => tera::Value::none(),
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into()
            } else if let Some(i) = n.as_i64() {
                i.into()
            } else {
                n.as_f64().unwrap_or_default().into()
            }
        }
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => items.iter().map(tera_value).collect::<Vec<_>>().into(),
        Value::Object(map) => {
            let mut out = tera::Map::with_capacity(map.len());
            for (key, item) in map {
                out.insert(tera::value::Key::Str(interned(key)), tera_value(item));
            }
            out.into()
        }
    }
}

fn interned(key: &str) -> &'static str {
    thread_local! {
        static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<&'static str, ()>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    KEYS.with_borrow_mut(|keys| match keys.get_key_value(key) {
        Some((known, _)) => known,
        None => {
            // Bounded by the names the page builders use.
            let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
            keys.insert(leaked, ());
            leaked
        }
    })
}

/// A criterion page's data, serialized straight into Tera's values: its
/// ranking is the biggest table of a national build, and struct fields
/// become map keys without being allocated.
#[derive(serde::Serialize)]
struct CriterionNode<'a> {
    code: &'a str,
    name: &'a str,
    max: Option<String>,
    group: &'a str,
    year: i32,
    rows: Vec<RankingRow<'a>>,
    not_applicable: Vec<Value>,
    children: Vec<Value>,
    columns: Vec<Column<'a>>,
    mean: Option<String>,
    mean_percent: Option<String>,
}

#[derive(serde::Serialize)]
struct Column<'a> {
    code: &'a str,
    name: &'a str,
}

/// A unit's row in a criterion's ranking: shown values and, for sorting,
/// exact ones.
#[derive(serde::Serialize)]
struct RankingRow<'a> {
    sub: Vec<String>,
    rank: usize,
    name: &'a str,
    url: String,
    score: Option<String>,
    score_value: Option<String>,
    max: Option<String>,
    max_value: Option<String>,
    percent: Option<String>,
    percent_value: Option<String>,
}

/// A unit's band as pages show it.
#[derive(serde::Serialize)]
struct BandView {
    name: String,
    /// `band-1` (the best) to `band-5`, for its colour.
    class: String,
    /// Its place among the edition's bands, best first, for sorting a
    /// ranking by band.
    order: usize,
}

/// A change since the previous edition, as `partials/change.html` shows
/// it: the signed number, and the words a screen reader says instead.
#[derive(serde::Serialize)]
struct ChangeView {
    /// `up`, `down`, `same` or `new`; the style sheet draws its arrow.
    class: &'static str,
    text: String,
    label: String,
    /// The exact change, for sorting; empty for a unit new to the group.
    value: String,
}

/// A change in a big ranking's cell: its markup, and a sort value only
/// where the shown number would sort differently.
#[derive(serde::Serialize)]
struct CompactChange {
    value: Option<String>,
    html: String,
}

/// A field's lost points on a unit page, item by item.
#[derive(serde::Serialize)]
struct LostField<'a> {
    code: &'a str,
    name: &'a str,
    lost: Option<String>,
    score: Option<String>,
    max: Option<String>,
    items: Vec<LostItem<'a>>,
}

#[derive(serde::Serialize)]
struct LostItem<'a> {
    code: &'a str,
    name: &'a str,
    score: Option<String>,
    max: Option<String>,
    lost: Option<String>,
    note: Option<&'a str>,
    responsible: Option<&'a str>,
}

/// A unit as its page heads it, with the units it links to.
#[derive(serde::Serialize)]
struct UnitView<'a> {
    name: &'a str,
    kind: &'static str,
    parent: Option<UnitLink<'a>>,
    children: Vec<UnitLink<'a>>,
    successor: Option<UnitLink<'a>>,
}

#[derive(serde::Serialize)]
struct UnitLink<'a> {
    name: &'a str,
    url: String,
}

/// A unit's latest result, as the top of its page shows it.
#[derive(serde::Serialize)]
struct LatestView<'a> {
    year: i32,
    group: &'a str,
    group_url: String,
    index: String,
    achieved: Option<String>,
    max: Option<String>,
    rank: u32,
    count: usize,
    band: Option<BandView>,
    change_index: ChangeView,
    change_rank: ChangeView,
    discrepancy: Option<DiscrepancyView<'a>>,
    framework_changed: bool,
}

/// Printed figures published although the scores give others.
#[derive(serde::Serialize)]
struct DiscrepancyView<'a> {
    note: &'a str,
    differences: Vec<Difference<'a>>,
}

#[derive(serde::Serialize)]
struct Difference<'a> {
    figure: &'a str,
    printed: String,
    computed: String,
}

/// A unit's own scores against the appraised ones, field by field.
#[derive(serde::Serialize)]
struct SelfAssessment<'a> {
    rows: Vec<SelfRow<'a>>,
    total_self: Option<String>,
    total_appraised: Option<String>,
    total_difference: Option<String>,
}

#[derive(serde::Serialize)]
struct SelfRow<'a> {
    code: &'a str,
    name: &'a str,
    self_score: String,
    appraised: String,
    difference: String,
}

/// An older year's lost points, folded to one line.
#[derive(serde::Serialize)]
struct OlderLost<'a> {
    year: i32,
    lost: String,
    url: String,
    group: &'a str,
}

#[derive(serde::Serialize)]
struct EarlierLost<'a> {
    year: i32,
    fields: Vec<LostField<'a>>,
}

/// A group's ranking page data, serialized straight into Tera's values.
#[derive(serde::Serialize)]
struct GroupRanking<'a> {
    name: &'a str,
    year: i32,
    rows: Vec<GroupRow<'a>>,
    has_survey: bool,
    previous_year: Option<i32>,
    ranks_follow_unrounded: bool,
    ranks_as_printed: bool,
    printed: bool,
    /// Some unit's signed figure or rank differs from the scores: its row
    /// carries a `*` that a note explains.
    discrepancy: bool,
    framework_changed: bool,
    count: usize,
}

#[derive(serde::Serialize)]
struct GroupRow<'a> {
    rank: u32,
    name: &'a str,
    parent: Option<String>,
    url: String,
    achieved: Option<String>,
    achieved_value: Option<String>,
    max: Option<String>,
    max_value: Option<String>,
    index: String,
    index_value: Option<String>,
    band: Option<BandView>,
    change_index: CompactChange,
    change_rank: CompactChange,
    survey: Option<String>,
    survey_value: Option<String>,
    discrepancy: bool,
}

/// A unit's result in one edition, on its page.
#[derive(serde::Serialize)]
struct HistoryRow<'a> {
    year: i32,
    year_url: String,
    group: &'a str,
    group_url: String,
    achieved: Option<String>,
    max: Option<String>,
    index: String,
    index_value: String,
    rank: u32,
    count: usize,
    band: Option<BandView>,
    change_index: ChangeView,
    change_rank: ChangeView,
    framework_changed: bool,
    draft: bool,
}

/// A page ready for its template, with the files its charts offer for
/// download (standalone SVG and CSV of the data).
pub struct Rendered {
    pub template: &'static str,
    pub context: tera::Context,
    pub files: Vec<(String, Vec<u8>)>,
}

type Files = Vec<(String, Vec<u8>)>;

/// Where a page's chart files go: beside the page, named after it.
fn chart_path(page: &str, name: &str, ext: &str) -> String {
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

/// A table cell as shown (`85,74`, `79,3%`, `–`) turned into CSV: numbers
/// with a dot and no unit, dashes empty, text as it is.
fn csv_cell(shown: &str) -> String {
    if let Some(bare) = numeric_bare(shown) {
        bare.replace(',', ".").trim_start_matches('+').to_string()
    } else if is_none_mark(shown) {
        String::new()
    } else {
        shown.to_string()
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

/// A shown number without its spaces and `%`, if it is one (`+1,25`,
/// `79,3%`).
fn numeric_bare(shown: &str) -> Option<&str> {
    let bare = shown.trim().trim_end_matches('%');
    let numeric = !bare.is_empty()
        && bare
            .trim_start_matches(['+', '-'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && bare.chars().any(|c| c.is_ascii_digit())
        && bare.matches(',').count() <= 1;
    numeric.then_some(bare)
}

/// `–`, shown for no value.
fn is_none_mark(shown: &str) -> bool {
    shown.trim().trim_end_matches('%') == "–"
}

/// What [`csv_cell`] of `shown` parses to, without its allocations: the
/// sort values of a big ranking compare thousands of shown numbers.
fn shown_decimal(shown: &str) -> Option<Decimal> {
    let Some(bare) = numeric_bare(shown) else {
        return if is_none_mark(shown) {
            None
        } else {
            shown.parse().ok()
        };
    };
    let mut buf = [0u8; 64];
    if bare.len() > buf.len() {
        return csv_cell(shown).parse().ok();
    }
    for (slot, b) in buf.iter_mut().zip(bare.bytes()) {
        *slot = if b == b',' { b'.' } else { b };
    }
    let text = std::str::from_utf8(&buf[..bare.len()]).ok()?;
    text.trim_start_matches('+').parse().ok()
}

/// How many editions before the latest a unit page lists lost points for,
/// item by item.
const EARLIER_LOST_YEARS: usize = 2;

/// A change shown by its signed number alone (the arrow comes from the
/// style sheet), where the table says what it is compared with; as markup,
/// since a big group's ranking would otherwise include a template twice
/// per row. `value` is left out where the shown number sorts the same.
fn compact(change: ChangeView) -> CompactChange {
    let html = format!(
        "<span class=\"change {}\">{}</span>",
        change.class,
        super::escape_xml(&change.text)
    );
    CompactChange {
        value: sort_value(&change.text, &change.value),
        html,
    }
}

/// A cell's exact value for sorting (`data-value`), or `None` where the
/// shown text gives the same number: the table's script reads shown
/// numbers (`85,74`, `+3`, `79,3%`) itself, and a big group's ranking has
/// a thousand such cells.
fn sort_value(shown: &str, exact: &str) -> Option<String> {
    let same = match (shown_decimal(shown), exact.parse::<Decimal>()) {
        (Some(a), Ok(b)) => a == b,
        _ => csv_cell(shown) == exact,
    };
    (!exact.is_empty() && !same).then(|| exact.to_string())
}

/// [`sort_value`] of a number that may be missing (shown as nothing).
fn decimal_sort_value(shown: Option<&str>, exact: Option<Decimal>) -> Option<String> {
    let exact = exact?;
    (shown_decimal(shown.unwrap_or_default()) != Some(exact)).then(|| exact.to_string())
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A chart as a page shows it: the drawing, a sentence saying what it
/// shows, the same numbers as a table, and where its SVG and CSV are (as
/// files beside a page, or inside it as `data:` links).
#[derive(Clone, serde::Serialize)]
pub(super) struct ChartView {
    svg: String,
    summary: String,
    table: DataTable,
    /// The page shows these numbers in a table of its own.
    table_hidden: bool,
    svg_url: Option<String>,
    csv_url: Option<String>,
    svg_data: Option<String>,
    csv_data: Option<String>,
    svg_name: Option<String>,
    csv_name: Option<String>,
}

/// A table beside a chart, holding the same numbers.
#[derive(Clone, serde::Serialize)]
pub(super) struct DataTable {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Which unit each row is, for the CSV only (the page links the name).
    #[serde(skip)]
    units: Option<RowUnits>,
}

/// The units of a chart table's rows. The CSV gives each row's unit id
/// before the name column and its parent's name after it: a name alone
/// cannot tell three Xã Tân Phú apart, nor join a row to the open data.
#[derive(Clone)]
struct RowUnits {
    /// The column of the unit's name.
    name_column: usize,
    /// The headers of the id and parent columns.
    headers: (String, String),
    /// (unit id, parent's name) of each row.
    units: Vec<(String, String)>,
}

fn table(caption: &str, headers: Vec<String>, rows: Vec<Vec<String>>) -> DataTable {
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

fn chart(svg: String, summary: String, table: DataTable) -> ChartView {
    ChartView {
        svg,
        summary,
        table,
        table_hidden: false,
        svg_url: None,
        csv_url: None,
        svg_data: None,
        csv_data: None,
        svg_name: None,
        csv_name: None,
    }
}

/// Links a chart to files another page writes (the same chart on several
/// pages is written once, by `attach_files`).
fn link_only(owner: &str, name: &str, mut chart: ChartView) -> ChartView {
    chart.svg_url = Some(chart_path(owner, name, "svg"));
    chart.csv_url = Some(chart_path(owner, name, "csv"));
    chart
}

/// Offers a chart's standalone SVG and its data as CSV (UTF-8 with BOM):
/// inside the page when small, else as files beside it.
fn attach(files: &mut Files, page: &str, name: &str, chart: ChartView) -> ChartView {
    chart_files(files, page, name, chart, true)
}

/// Writes a chart's SVG and CSV as files, for a chart other pages link.
fn attach_files(files: &mut Files, page: &str, name: &str, chart: ChartView) -> ChartView {
    chart_files(files, page, name, chart, false)
}

fn chart_files(
    files: &mut Files,
    page: &str,
    name: &str,
    mut chart: ChartView,
    may_embed: bool,
) -> ChartView {
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
    if may_embed && svg_bytes.len() + csv_out.len() <= EMBED_CHART_BYTES {
        // A small chart's files travel inside the page as data: links
        // (downloads with the same names): a national site would
        // otherwise be mostly tiny files, each costing more to create than
        // to fill.
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD;
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        chart.svg_data = Some(format!(
            "data:image/svg+xml;base64,{}",
            b64.encode(&svg_bytes)
        ));
        chart.csv_data = Some(format!(
            "data:text/csv;charset=utf-8;base64,{}",
            b64.encode(&csv_out)
        ));
        chart.svg_name = Some(name(&svg_path));
        chart.csv_name = Some(name(&csv_path));
        return chart;
    }
    files.push((svg_path.clone(), svg_bytes));
    files.push((csv_path.clone(), csv_out));
    chart.svg_url = Some(svg_path);
    chart.csv_url = Some(csv_path);
    chart
}

/// Charts whose SVG and CSV together are at most this size link them as
/// data: URLs inside the page rather than as files beside it.
const EMBED_CHART_BYTES: usize = 6 * 1024;

impl<'a> Site<'a> {
    fn num(&self, value: Decimal, decimals: u32) -> String {
        i18n::number(value, decimals, self.lang)
    }

    /// A unit's name, or its id where the registry has no such unit.
    fn unit_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.unit(id).map_or(id, |u| &u.name)
    }

    /// Each unit's id and its parent's name, for the CSV of a chart whose
    /// table names the units in column `name_column`.
    fn row_units<'u>(
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
                        .and_then(|x| x.parent.as_deref())
                        .map(|p| self.unit_name(p).to_string())
                        .unwrap_or_default();
                    (u.unit.clone(), parent)
                })
                .collect(),
        }
    }

    fn unit_label(&self, id: &str) -> String {
        self.unit(id)
            .map_or_else(|| id.to_string(), |u| u.label().to_string())
    }

    fn band(&self, edition: &Edition, name: Option<&str>) -> Option<BandView> {
        let name = name?;
        let position = edition.bands.iter().position(|b| b.name == name);
        let label = position
            .and_then(|i| match self.lang {
                crate::model::Language::En => edition.bands[i].name_en.clone(),
                crate::model::Language::Vi => None,
            })
            .unwrap_or_else(|| name.to_string());
        let order = position.unwrap_or(4) + 1;
        Some(BandView {
            name: label,
            class: format!("band-{}", order.min(5)),
            order,
        })
    }

    /// The index a page shows: the printed one when the decision prints
    /// one (it agrees with the scores, or was published anyway), else the
    /// computed one, rounded.
    fn shown_index(&self, unit: &UnitResult, edition: &Edition) -> String {
        self.num(unit.shown, edition.decimals)
    }

    fn shown_achieved(&self, unit: &UnitResult, edition: &Edition) -> Option<String> {
        let value = unit
            .printed
            .as_ref()
            .and_then(|p| p.achieved)
            .or(unit.achieved)?;
        Some(self.num(value, edition.decimals))
    }

    /// Maxima are exact quantities (95, 95,5): shown as they are, not
    /// padded to the decimals of a score.
    fn shown_max(&self, unit: &UnitResult, edition: &Edition) -> Option<String> {
        let value = unit.printed.as_ref().and_then(|p| p.max).or(unit.max)?;
        Some(self.exact(value, edition.decimals))
    }

    fn exact(&self, value: Decimal, decimals: u32) -> String {
        let rounded = round_half_up(value, decimals).normalize();
        self.num(rounded, rounded.scale())
    }

    fn new_entry(&self) -> ChangeView {
        ChangeView {
            class: "new",
            text: self.word("new_entry").to_string(),
            label: self.word("new_entry").to_string(),
            value: String::new(),
        }
    }

    fn index_change(&self, change: Option<&Change>, decimals: u32) -> ChangeView {
        match change {
            None => self.new_entry(),
            Some(c) => {
                let rounded = round_half_up(c.index, decimals);
                // Also the word for a screen reader; the style sheet draws
                // the arrow of each class.
                let class = if rounded > Decimal::ZERO {
                    "up"
                } else if rounded < Decimal::ZERO {
                    "down"
                } else {
                    "same"
                };
                ChangeView {
                    class,
                    text: i18n::signed(c.index, decimals, self.lang),
                    label: format!(
                        "{} {} {} {}",
                        self.word(class),
                        self.num(c.index.abs(), decimals),
                        self.word("since"),
                        c.previous_year
                    ),
                    value: c.index.to_string(),
                }
            }
        }
    }

    fn rank_change(&self, change: Option<&Change>) -> ChangeView {
        match change {
            None => self.new_entry(),
            Some(c) => {
                let class = match c.rank.signum() {
                    1 => "up",
                    -1 => "down",
                    _ => "same",
                };
                let text = if c.rank > 0 {
                    format!("+{}", c.rank)
                } else {
                    c.rank.to_string()
                };
                ChangeView {
                    class,
                    text,
                    label: format!(
                        "{} {} {} {} {}",
                        self.word(class),
                        c.rank.abs(),
                        self.word("places"),
                        self.word("since"),
                        c.previous_year
                    ),
                    value: c.rank.to_string(),
                }
            }
        }
    }

    /// The survey field of a framework, shown as its own column: a field
    /// named for the satisfaction survey (khảo sát, hài lòng).
    fn survey_field(&self, framework: Option<&'a Framework>) -> Option<&'a Node> {
        framework?.fields().map(|(_, n)| n).find(|n| {
            let name = crate::text::fold(&n.name);
            name.contains("khao sat") || name.contains("hai long")
        })
    }

    fn base(
        &self,
        page: &PlannedPage,
        title: &str,
        section: &str,
        crumbs: Vec<(String, String)>,
        draft: bool,
    ) -> tera::Context {
        let mut c = tera::Context::new();
        c.insert("root", &urls::root_of(&page.path));
        c.insert("page_title", title);
        c.insert("section", section);
        c.insert("draft", &draft);
        c.insert("canonical", &self.absolute(&page.path));
        let crumbs: Vec<Value> = crumbs
            .into_iter()
            .map(|(label, url)| json!({ "label": label, "url": url }))
            .collect();
        c.insert("breadcrumbs", &crumbs);
        c
    }

    /// A page one step below home.
    fn top_level(&self, page: &PlannedPage, title: &str, section: &str) -> tera::Context {
        let home = (self.word("home").to_string(), "index.html".to_string());
        self.base(page, title, section, vec![home], false)
    }

    fn edition_crumbs(&self, edition: &Edition) -> Vec<(String, String)> {
        vec![
            (self.word("home").to_string(), "index.html".into()),
            (
                format!("{} {}", self.word("edition"), edition.year),
                urls::edition(edition.year),
            ),
        ]
    }

    /// Builds the context of one page.
    pub fn context(&self, page: &PlannedPage) -> Rendered {
        match page.kind {
            PageKind::Home => self.home(page),
            PageKind::Edition(e) => self.edition_page(page, e),
            PageKind::Group(e, g) => self.group_page(page, e, g),
            PageKind::Fields(e, g) => self.fields_page(page, e, g),
            PageKind::Criterion(e, g, n) => self.criterion_page(page, e, g, n),
            PageKind::Unit(u) => self.unit_page(page, &self.dataset.units[u]),
            PageKind::UnitList => self.unit_list(page, None),
            PageKind::UnitListPart(i) => self.unit_list(page, Some(i)),
            PageKind::Trends(part) => self.trends_page(page, part),
            PageKind::Documents => self.documents_page(page),
            PageKind::Data => self.data_page(page),
            PageKind::Dictionary => self.dictionary_page(page),
            PageKind::Content(i) => {
                let content = &self.content[i];
                let mut c = self.top_level(page, &content.title, &content.slug);
                c.insert("html", &content.html);
                Rendered {
                    template: "content.html",
                    context: c,
                    files: Vec::new(),
                }
            }
            PageKind::NotFound => {
                let mut c = self.base(page, self.word("not_found_title"), "", Vec::new(), false);
                // A 404 page is served at any address, so its links must
                // be absolute when the site knows its address.
                c.insert("root", &self.base_url.clone().unwrap_or_default());
                Rendered {
                    template: "404.html",
                    context: c,
                    files: Vec::new(),
                }
            }
        }
    }

    fn group_summary(&self, e: usize, g: usize) -> Value {
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let stats = result.stats.as_ref();
        let first = result.units.first();
        let last = result.units.last();
        let pick = |u: Option<&UnitResult>| {
            u.map(|u| json!({ "name": self.unit_name(&u.unit), "url": urls::unit(&u.unit), "index": self.shown_index(u, edition) }))
        };
        let bands: Vec<Value> = stats
            .map(|s| {
                s.band_counts
                    .iter()
                    .map(|(name, n)| {
                        let mut b = json!(self.band(edition, Some(name)));
                        b["count"] = json!(n);
                        b
                    })
                    .collect()
            })
            .unwrap_or_default();
        json!({
            "name": group.name,
            "url": urls::group(edition.year, &group.id),
            "count": result.units.len(),
            "mean": stats.map(|s| self.num(s.mean, edition.decimals)),
            "median": stats.map(|s| self.num(s.median, edition.decimals)),
            "best": pick(first),
            "worst": pick(last),
            "bands": bands,
            "framework_changed": result.framework_changed,
        })
    }

    /// How the groups of edition `e` are listed (see [`super::GROUP_CARDS`]):
    /// as a table, its band columns, and whether any group's framework
    /// changed (the table marks those).
    fn groups_listing(&self, c: &mut tera::Context, e: usize) {
        let edition = self.edition(e);
        let groups = &self.results.editions[e].groups;
        c.insert("groups_table", &(groups.len() > super::GROUP_CARDS));
        c.insert(
            "groups_changed",
            &groups.iter().any(|g| g.framework_changed),
        );
        let heads: Vec<Value> = edition
            .bands
            .iter()
            .map(|b| json!(self.band(edition, Some(&b.name))))
            .collect();
        c.put_list("band_heads", &heads);
    }

    fn home(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.base(page, &self.dataset.site.title, "home", Vec::new(), false);
        let latest = self
            .editions_newest_first()
            .find(|(e, _)| !self.is_draft(*e))
            .or_else(|| self.editions_newest_first().next());
        if let Some((e, edition)) = latest {
            let groups: Vec<Value> = (0..edition.groups.len())
                .map(|g| self.group_summary(e, g))
                .collect();
            self.groups_listing(&mut c, e);
            c.put(
                "latest",
                &json!({
                    "year": edition.year,
                    "title": edition.title,
                    "url": urls::edition(edition.year),
                    "published_on": edition.published_on.as_ref().map(|d| i18n::date(d, self.lang)),
                    "groups": groups,
                }),
            );
            c.insert("draft", &self.is_draft(e));
        }
        let editions: Vec<Value> = self
            .editions_newest_first()
            .map(|(e, ed)| json!({ "year": ed.year, "title": ed.title, "url": urls::edition(ed.year), "draft": self.is_draft(e) }))
            .collect();
        c.put_list("editions", &editions);
        c.put_list(
            "content_pages",
            &self
                .content
                .iter()
                .map(|p| json!({ "title": p.title, "url": format!("{}.html", p.slug) }))
                .collect::<Vec<_>>(),
        );
        Rendered {
            template: "home.html",
            context: c,
            files: Vec::new(),
        }
    }

    /// The documents of edition `e`.
    fn documents_of(&self, e: usize) -> tera::Value {
        self.documents_where(|edition| edition == e)
    }

    /// The documents of the editions `keep` accepts.
    fn documents_where(&self, keep: impl Fn(usize) -> bool) -> tera::Value {
        let views = self.document_views.get_or_init(|| {
            self.documents
                .iter()
                .map(|d| {
                    tera_value(&json!({
                        "year": self.edition(d.edition).year,
                        "kind": d.document.kind,
                        "title": d.document.title,
                        "number": d.document.number,
                        "date": d.document.date.as_ref().map(|x| i18n::date(x, self.lang)),
                        "signer": d.document.signer,
                        "url": d.path,
                        "size": i18n::file_size(d.size, self.lang),
                        "sha256": d.sha256,
                        "format": d.path.rsplit('.').next().unwrap_or("").to_ascii_uppercase(),
                    }))
                })
                .collect()
        });
        self.documents
            .iter()
            .zip(views)
            .filter(|(d, _)| keep(d.edition))
            .map(|(_, view)| view.clone())
            .collect::<Vec<_>>()
            .into()
    }

    fn edition_page(&self, page: &PlannedPage, e: usize) -> Rendered {
        let edition = self.edition(e);
        let title = format!("{} {}", self.word("edition"), edition.year);
        let mut crumbs = self.edition_crumbs(edition);
        crumbs.pop();
        let mut c = self.base(page, &title, "editions", crumbs, self.is_draft(e));
        let groups: Vec<Value> = (0..edition.groups.len())
            .map(|g| self.group_summary(e, g))
            .collect();
        self.groups_listing(&mut c, e);
        c.put(
            "edition",
            &json!({
                "year": edition.year,
                "title": edition.title,
                "published_on": edition.published_on.as_ref().map(|d| i18n::date(d, self.lang)),
                "groups": groups,
                "bands": edition.bands.iter().map(|b| {
                    let next = edition.bands.iter().take_while(|x| x.name != b.name).last();
                    json!({ "band": self.band(edition, Some(&b.name)), "min": self.exact(b.min, 6), "below": next.map(|n| self.exact(n.min, 6)) })
                }).collect::<Vec<_>>(),
            }),
        );
        c.insert_value("documents", self.documents_of(e));
        Rendered {
            template: "edition.html",
            context: c,
            files: Vec::new(),
        }
    }

    fn group_page(&self, page: &PlannedPage, e: usize, g: usize) -> Rendered {
        let mut files = Files::new();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let title = format!("{} {} – {}", self.word("ranking"), edition.year, group.name);
        let mut c = self.base(
            page,
            &title,
            "editions",
            self.edition_crumbs(edition),
            self.is_draft(e),
        );
        let d = edition.decimals;
        let survey = self.survey_field(group.framework.as_ref());
        let names: Vec<&str> = result
            .units
            .iter()
            .map(|u| self.unit_name(&u.unit))
            .collect();
        // Namesakes (four Xã Tân Phú) are told apart by their parent.
        let mut name_counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for name in &names {
            *name_counts.entry(name).or_default() += 1;
        }
        let rows: Vec<GroupRow> = result
            .units
            .iter()
            .zip(&names)
            .map(|(u, name)| {
                let parent = (name_counts[name] > 1)
                    .then(|| {
                        self.unit(&u.unit)
                            .and_then(|x| x.parent.as_deref())
                            .map(|p| self.unit_label(p))
                    })
                    .flatten();
                let survey_score = survey.and_then(|s| u.node(&s.code)).and_then(|n| n.score());
                let survey_shown = survey_score.map(|s| self.num(s, d));
                let achieved = self.shown_achieved(u, edition);
                let max = self.shown_max(u, edition);
                let index = self.shown_index(u, edition);
                GroupRow {
                    rank: u.rank,
                    name,
                    parent,
                    url: urls::unit(&u.unit),
                    achieved_value: decimal_sort_value(achieved.as_deref(), u.achieved),
                    achieved,
                    max_value: decimal_sort_value(max.as_deref(), u.max),
                    max,
                    index_value: decimal_sort_value(Some(&index), Some(u.index)),
                    index,
                    band: self.band(edition, u.band.as_deref()),
                    // The caption says since when; the signed number is
                    // the text (a long label per cell would double a big
                    // group's page).
                    change_index: compact(self.index_change(u.change.as_ref(), d)),
                    change_rank: compact(self.rank_change(u.change.as_ref())),
                    survey_value: decimal_sort_value(survey_shown.as_deref(), survey_score),
                    survey: survey_shown,
                    discrepancy: u.discrepancy.is_some(),
                }
            })
            .collect();
        let previous_year = result
            .units
            .iter()
            .find_map(|u| u.change.as_ref().map(|c| c.previous_year));
        c.insert(
            "group",
            &GroupRanking {
                name: &group.name,
                year: edition.year,
                rows,
                has_survey: survey.is_some(),
                previous_year,
                ranks_follow_unrounded: result.ranks_follow_unrounded,
                ranks_as_printed: result.ranks_as_printed,
                printed: result.units.iter().any(|u| u.printed.is_some()),
                discrepancy: result.units.iter().any(|u| u.discrepancy.is_some()),
                framework_changed: result.framework_changed,
                count: result.units.len(),
            },
        );
        c.put("stats", &self.group_summary(e, g));
        if let Some(stats) = &result.stats {
            c.put(
                "figures",
                &json!({
                    "mean": self.num(stats.mean, d),
                    "median": self.num(stats.median, d),
                    "max": self.num(stats.max, d),
                    "min": self.num(stats.min, d),
                    "gap": self.num(stats.gap, d),
                    "above_mean": stats.above_mean,
                    "count": stats.count,
                }),
            );
            let chart = self.ranking_chart(edition, group, result, stats.mean);
            c.insert(
                "ranking_chart",
                &attach(&mut files, &page.path, "xep-hang", chart),
            );
        }
        if let Some(framework) = &group.framework {
            let fields: Vec<Value> = framework
                .fields()
                .map(|(_, f)| {
                    let stat = result.fields.iter().find(|s| s.code == f.code);
                    json!({
                        "code": f.code,
                        "name": f.name,
                        "url": urls::criterion(edition.year, &group.id, &f.code),
                        "mean": stat.map(|s| self.num(s.mean_score, d)),
                        "mean_percent": stat.map(|s| self.num(s.mean_percent, 1)),
                        "scored": result.units.iter().any(|u| u.node(&f.code).is_some()),
                    })
                })
                .collect();
            c.put_list("fields", &fields);
            if !result.units.is_empty() && result.from_scores {
                c.insert("fields_url", &urls::fields(edition.year, &group.id));
            }
        }
        Rendered {
            template: "group.html",
            context: c,
            files,
        }
    }

    fn fields_page(&self, page: &PlannedPage, e: usize, g: usize) -> Rendered {
        let mut files = Files::new();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let title = format!("{} – {} {}", self.word("heatmap"), group.name, edition.year);
        let mut crumbs = self.edition_crumbs(edition);
        crumbs.push((group.name.clone(), urls::group(edition.year, &group.id)));
        let mut c = self.base(page, &title, "editions", crumbs, self.is_draft(e));
        if let Some(framework) = &group.framework {
            let chart = self.heatmap(framework, result);
            c.insert(
                "heatmap",
                &attach(&mut files, &page.path, "linh-vuc", chart),
            );
            let fields: Vec<Value> = framework
                .fields()
                .map(|(_, f)| json!({ "code": f.code, "name": f.name, "url": urls::criterion(edition.year, &group.id, &f.code) }))
                .collect();
            c.put_list("fields", &fields);
        }
        Rendered {
            template: "fields.html",
            context: c,
            files,
        }
    }

    fn ranking_chart(
        &self,
        edition: &Edition,
        group: &Group,
        result: &GroupResult,
        mean: Decimal,
    ) -> ChartView {
        let d = edition.decimals;
        let bars: Vec<charts::Bar> = result
            .units
            .iter()
            .map(|u| charts::Bar {
                label: self.unit_label(&u.unit),
                value: f64_of(u.index),
                value_label: self.shown_index(u, edition),
                highlight: false,
            })
            .collect();
        let title = format!("{} – {} {}", group.name, self.word("index"), edition.year);
        let mean_label = format!("{} {}", self.word("group_mean"), self.num(mean, d));
        let svg = timed(|| {
            charts::ranking_chart(
                &title,
                &bars,
                f64_of(edition.scale),
                Some((f64_of(mean), &mean_label)),
            )
        });
        let summary = match (result.units.first(), result.units.last()) {
            (Some(first), Some(last)) => format!(
                "{} {} {}/{} {} {} {}; {} {} ({}); {}: {}.",
                self.unit_name(&first.unit),
                self.word("summary_rank"),
                first.rank,
                result.units.len(),
                self.word("summary_with"),
                self.shown_index(first, edition),
                self.word("summary_points"),
                self.word("lowest").to_lowercase(),
                self.unit_name(&last.unit),
                self.shown_index(last, edition),
                self.word("group_mean"),
                self.num(mean, d)
            ),
            _ => String::new(),
        };
        let rows = result
            .units
            .iter()
            .map(|u| {
                vec![
                    u.rank.to_string(),
                    self.unit_name(&u.unit).to_string(),
                    self.shown_index(u, edition),
                ]
            })
            .collect();
        let mut data = table(
            &title,
            vec![
                self.word("rank").into(),
                self.word("unit").into(),
                self.word("index").into(),
            ],
            rows,
        );
        data.units = Some(self.row_units(1, result.units.iter()));
        let mut v = chart(svg, summary, data);
        // The ranking table on the same page already shows these numbers.
        v.table_hidden = true;
        v
    }

    fn heatmap(&self, framework: &Framework, result: &GroupResult) -> ChartView {
        let fields: Vec<(usize, &Node)> = framework.fields().collect();
        let rows: Vec<String> = result
            .units
            .iter()
            .map(|u| self.unit_label(&u.unit))
            .collect();
        let cols: Vec<String> = fields.iter().map(|(_, f)| f.code.clone()).collect();
        let mut cells = Vec::new();
        let mut labels = Vec::new();
        let mut table_rows = Vec::new();
        for u in &result.units {
            let mut row = Vec::new();
            let mut label = Vec::new();
            let mut trow = vec![self.unit_name(&u.unit).to_string()];
            for &(at, _) in &fields {
                let pct = u.node_at(at).and_then(|n| n.percent());
                row.push(pct.map(f64_of));
                let text = pct.map_or_else(|| "–".to_string(), |p| self.num(p, 0));
                label.push(text.clone());
                trow.push(pct.map_or_else(
                    || self.word("not_applicable").to_string(),
                    |p| self.num(p, 1),
                ));
            }
            cells.push(row);
            labels.push(label);
            table_rows.push(trow);
        }
        let title = self.word("heatmap");
        let svg = timed(|| charts::heatmap(title, &rows, &cols, &cells, &labels));
        let mut headers = vec![self.word("unit").to_string()];
        headers.extend(
            fields
                .iter()
                .map(|(_, f)| format!("{} {} (%)", f.code, f.name)),
        );
        let mut data = table(title, headers, table_rows);
        data.units = Some(self.row_units(0, result.units.iter()));
        chart(svg, self.word("heatmap_summary").to_string(), data)
    }

    fn criterion_page(&self, page: &PlannedPage, e: usize, g: usize, n: usize) -> Rendered {
        let mut files = Files::new();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let Some(framework) = group.framework.as_ref() else {
            return self.group_page(page, e, g);
        };
        let node = &framework.nodes[n];
        let d = edition.decimals;
        let title = format!(
            "{} {} {} – {} {}",
            self.word("criterion"),
            node.code,
            node.name,
            group.name,
            edition.year
        );
        let mut crumbs = self.edition_crumbs(edition);
        crumbs.push((group.name.clone(), urls::group(edition.year, &group.id)));
        let mut ancestors = Vec::new();
        let mut at = node.parent;
        while let Some(p) = at {
            ancestors.push(p);
            at = framework.nodes[p].parent;
            if ancestors.len() > framework.nodes.len() {
                break;
            }
        }
        for &p in ancestors.iter().rev() {
            let a = &framework.nodes[p];
            crumbs.push((
                format!("{} {}", a.code, a.name),
                urls::criterion(edition.year, &group.id, &a.code),
            ));
        }
        let mut c = self.base(page, &title, "editions", crumbs, self.is_draft(e));

        // Units ranked on this node by share of its maximum, since a unit's
        // own maximum may differ from the framework's.
        let mut scored: Vec<(&UnitResult, &NodeResult, Option<Decimal>)> = result
            .units
            .iter()
            .filter_map(|u| u.node_at(n).map(|nr| (u, nr)))
            .filter(|(_, nr)| nr.applicable() && nr.score().is_some())
            .map(|(u, nr)| (u, nr, nr.percent()))
            .collect();
        scored.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.unit.cmp(&b.0.unit)));
        // Each unit's score on every sub-node, as columns of the ranking:
        // a sub-criterion without sub-nodes of its own has no page, so this
        // table is where it is ranked (by sorting its column).
        let columns: Vec<(usize, &Node)> = node
            .children
            .iter()
            .map(|&ch| (ch, &framework.nodes[ch]))
            .filter(|&(ch, _)| result.units.iter().any(|u| u.node_at(ch).is_some()))
            .collect();
        let mut rank = 0;
        let rows: Vec<RankingRow> = scored
            .iter()
            .enumerate()
            .map(|(i, (u, nr, percent))| {
                // Sorted best first: equal shares share the first rank.
                if i == 0 || scored[i - 1].2 != *percent {
                    rank = i + 1;
                }
                let sub: Vec<String> = columns
                    .iter()
                    .map(|&(ch, _)| match u.node_at(ch) {
                        Some(x) if x.applicable() => x
                            .score()
                            .map_or_else(|| "–".to_string(), |v| self.num(v, d)),
                        _ => "–".to_string(),
                    })
                    .collect();
                let score = nr.score();
                let max = nr.max();
                let shown_score = score.map(|s| self.num(s, d));
                let shown_max = max.map(|m| self.exact(m, d));
                let shown_percent = percent.map(|p| self.num(p, 1));
                RankingRow {
                    sub,
                    rank,
                    name: self.unit_name(&u.unit),
                    url: urls::unit(&u.unit),
                    score_value: decimal_sort_value(shown_score.as_deref(), score),
                    score: shown_score,
                    max_value: decimal_sort_value(shown_max.as_deref(), max),
                    max: shown_max,
                    // Ten places order any two shares of a maximum that
                    // differ (28 would only weigh down a big ranking).
                    percent_value: decimal_sort_value(
                        shown_percent.as_deref(),
                        percent.map(|p| round_half_up(p, 10).normalize()),
                    ),
                    percent: shown_percent,
                }
            })
            .collect();
        let not_applicable: Vec<Value> = result
            .units
            .iter()
            .filter(|u| u.node_at(n).is_some_and(|nr| !nr.applicable()))
            .map(|u| json!({ "name": self.unit_name(&u.unit), "url": urls::unit(&u.unit) }))
            .collect();
        // Every criterion and sub-criterion under the field, in framework
        // order, each a row others link to.
        let mut below = Vec::new();
        let mut stack: Vec<usize> = node.children.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            if below.len() > framework.nodes.len() {
                break;
            }
            below.push(i);
            stack.extend(framework.nodes[i].children.iter().rev().copied());
        }
        let children: Vec<Value> = below
            .into_iter()
            .map(|ch| (ch, &framework.nodes[ch]))
            .filter(|&(chi, _)| result.units.iter().any(|u| u.node_at(chi).is_some()))
            .map(|(chi, ch)| {
                let values: Vec<&NodeResult> = result
                    .units
                    .iter()
                    .filter_map(|u| u.node_at(chi))
                    .filter(|x| x.applicable() && x.score().is_some())
                    .collect();
                let mean = mean_of(values.iter().filter_map(|x| x.score()));
                let pct = mean_of(values.iter().filter_map(|x| x.percent()));
                json!({
                    "code": ch.code,
                    "name": ch.name,
                    "anchor": urls::node_anchor(&ch.code),
                    "depth": framework.depth(chi),
                    "max": ch.max.map(|m| self.exact(m, d)),
                    "mean": mean.map(|m| self.num(m, d)),
                    "mean_percent": pct.map(|p| self.num(p, 1)),
                })
            })
            .collect();
        let percents: Vec<Decimal> = scored.iter().filter_map(|(_, _, p)| *p).collect();
        let mean_pct = mean_of(percents.iter().copied());
        c.insert_value(
            "node",
            tera::Value::from_serializable(&CriterionNode {
                code: &node.code,
                name: &node.name,
                max: node.max.map(|m| self.exact(m, d)),
                group: &group.name,
                year: edition.year,
                rows,
                not_applicable,
                children,
                columns: columns
                    .iter()
                    .map(|(_, ch)| Column {
                        code: &ch.code,
                        name: &ch.name,
                    })
                    .collect(),
                mean: mean_of(scored.iter().filter_map(|(_, nr, _)| nr.score()))
                    .map(|m| self.num(m, d)),
                mean_percent: mean_pct.map(|m| self.num(m, 1)),
            }),
        );
        if !percents.is_empty() {
            let chart = self.distribution(&title, &percents);
            c.insert(
                "distribution",
                &attach(&mut files, &page.path, "phan-bo", chart),
            );
        }
        // The chart spans every year, so it is the same on this node's page
        // of each edition: drawn once, and the latest of those pages writes
        // its files.
        let owner = (e..self.dataset.editions.len())
            .rev()
            .find_map(|later| {
                self.dataset.editions[later]
                    .groups
                    .iter()
                    .zip(&self.results.editions[later].groups)
                    .position(|(lg, lr)| {
                        // The same group (compared first: a national
                        // edition has nearly 200), whose edition gives the
                        // node a page of its own.
                        lg.id == group.id
                            && lg.framework.as_ref().is_some_and(|fw| {
                                fw.node(&node.code)
                                    .is_some_and(|i| super::has_own_page(&fw.nodes[i]))
                            })
                            && lr.units.iter().any(|u| u.node(&node.code).is_some())
                    })
                    .map(|later_g| (later, later_g))
            })
            .unwrap_or((e, g));
        let chart = self
            .shared_chart(owner, &node.code, || {
                // Drawn from the owner's framework, whichever page comes
                // first, so that the title is the same in every build.
                let (owner_group, _) = self.group(owner.0, owner.1);
                let owner_node = owner_group
                    .framework
                    .as_ref()
                    .and_then(|fw| fw.node(&node.code).map(|i| &fw.nodes[i]))
                    .unwrap_or(node);
                self.node_history(owner.0, owner.1, owner_node)
            })
            .into_owned();
        let owner = owner.0;
        let owner_path = urls::criterion(self.edition(owner).year, &group.id, &node.code);
        let history = if owner == e {
            attach_files(&mut files, &owner_path, "qua-cac-nam", chart)
        } else {
            link_only(&owner_path, "qua-cac-nam", chart)
        };
        c.insert("history", &history);
        Rendered {
            template: "criterion.html",
            context: c,
            files,
        }
    }

    fn distribution(&self, title: &str, percents: &[Decimal]) -> ChartView {
        let mut bins: Vec<(f64, f64, usize, String)> = (0..10)
            .map(|i| {
                let lo = i * 10;
                (lo as f64, (lo + 10) as f64, 0, format!("{lo}–{}", lo + 10))
            })
            .collect();
        for p in percents {
            let i = (f64_of(*p) / 10.0).floor().clamp(0.0, 9.0) as usize;
            bins[i].2 += 1;
        }
        let svg = timed(|| {
            charts::distribution_chart(
                title,
                &bins,
                &format!("{} (%)", self.word("percent")),
                self.word("units_count"),
            )
        });
        let summary = format!(
            "{}: {} {}; {} {}%.",
            self.word("distribution"),
            percents.len(),
            self.word("of_units"),
            self.word("mean").to_lowercase(),
            mean_of(percents.iter().copied())
                .map(|m| self.num(m, 1))
                .unwrap_or_default()
        );
        let rows = bins
            .iter()
            .map(|b| vec![format!("{}%", b.3), b.2.to_string()])
            .collect();
        chart(
            svg,
            summary,
            table(
                title,
                vec![self.word("percent").into(), self.word("units_count").into()],
                rows,
            ),
        )
    }

    /// The node's group mean (as % of its maximum) in every edition where
    /// the same group has the same code.
    fn node_history(&self, _e: usize, g: usize, node: &Node) -> ChartView {
        let group_id = &self.edition(_e).groups[g].id;
        let mut points = Vec::new();
        let mut breaks = Vec::new();
        let mut rows = Vec::new();
        for (e, edition) in self.dataset.editions.iter().enumerate() {
            let Some(gi) = edition.groups.iter().position(|x| &x.id == group_id) else {
                continue;
            };
            let result = &self.results.editions[e].groups[gi];
            if result.framework_changed {
                breaks.push(edition.year);
            }
            let mean = self.node_mean(e, gi, &node.code);
            points.push((edition.year, mean.map(f64_of)));
            rows.push(vec![
                edition.year.to_string(),
                mean.map_or_else(|| "–".into(), |m| self.num(m, 1)),
                if result.framework_changed {
                    self.word("methodology_break").to_string()
                } else {
                    String::new()
                },
            ]);
        }
        let years: Vec<i32> = points.iter().map(|p| p.0).collect();
        let title = format!(
            "{}: {} {}",
            self.word("field_mean_history"),
            node.code,
            node.name
        );
        let series = vec![charts::Series {
            name: format!("{} (%)", self.word("group_mean")),
            points,
            dashed: false,
        }];
        let svg = timed(|| {
            charts::trend_chart(
                &title,
                &years,
                &series,
                &breaks,
                self.word("methodology_break"),
                "%",
            )
        });
        let summary = format!(
            "{} {}.",
            title,
            years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("year").into(),
                    format!("{} (%)", self.word("group_mean")),
                    self.word("methodology_break").into(),
                ],
                rows,
            ),
        )
    }

    fn unit_page(&self, page: &PlannedPage, unit: &Unit) -> Rendered {
        let mut files = Files::new();
        let mut crumbs = vec![
            (self.word("home").to_string(), "index.html".to_string()),
            (self.word("units").to_string(), urls::unit_list()),
        ];
        if let Some(parent) = unit.parent.as_deref().and_then(|p| self.unit(p)) {
            crumbs.push((parent.name.clone(), urls::unit(&parent.id)));
        }
        let appearances = self.appearances(&unit.id);
        let draft = appearances
            .last()
            .is_some_and(|(e, _, _)| self.is_draft(*e));
        let mut c = self.base(page, &unit.name, "units", crumbs, draft);
        let link = |u: &'a Unit| UnitLink {
            name: &u.name,
            url: urls::unit(&u.id),
        };
        c.insert(
            "unit",
            &UnitView {
                name: &unit.name,
                kind: i18n::kind_label(self.lang, unit.kind),
                parent: unit.parent.as_deref().and_then(|p| self.unit(p)).map(link),
                children: self.children(&unit.id).iter().map(|ch| link(ch)).collect(),
                successor: unit
                    .successor
                    .as_deref()
                    .and_then(|s| self.unit(s))
                    .map(link),
            },
        );
        if let Some(&(e, g, result)) = appearances.last() {
            let edition = self.edition(e);
            let (group, group_result) = self.group(e, g);
            let d = edition.decimals;
            // The compared figures are stored as written, with a point.
            let shown = |figure: &str| match self.lang {
                crate::model::Language::Vi => figure.replace('.', ","),
                crate::model::Language::En => figure.to_string(),
            };
            let discrepancy = result.discrepancy.as_ref().map(|dis| DiscrepancyView {
                note: &dis.note,
                differences: dis
                    .differences
                    .iter()
                    .map(|(figure, printed, computed)| Difference {
                        figure: self.word(figure),
                        printed: shown(printed),
                        computed: shown(computed),
                    })
                    .collect(),
            });
            c.insert(
                "latest",
                &LatestView {
                    year: edition.year,
                    group: &group.name,
                    group_url: urls::group(edition.year, &group.id),
                    index: self.shown_index(result, edition),
                    achieved: self.shown_achieved(result, edition),
                    max: self.shown_max(result, edition),
                    rank: result.rank,
                    count: group_result.units.len(),
                    band: self.band(edition, result.band.as_deref()),
                    change_index: self.index_change(result.change.as_ref(), d),
                    change_rank: self.rank_change(result.change.as_ref()),
                    discrepancy,
                    framework_changed: group_result.framework_changed && result.change.is_some(),
                },
            );
            if let Some(framework) = &group.framework {
                if result.nodes.iter().any(|n| n.depth() == 0) {
                    let chart = self.fields_chart(unit, edition, framework, result, group_result);
                    c.insert(
                        "fields_chart",
                        &attach(&mut files, &page.path, "linh-vuc", chart),
                    );
                    c.insert("lost", &self.lost_points(edition, framework, result));
                    c.insert(
                        "self_assessment",
                        &self.self_assessment(edition, framework, result),
                    );
                }
            }
            // Earlier years' lost points, folded away: the last few in full,
            // older ones as a line each (every year's reasons are in the
            // open data), so that ten editions keep the page light.
            let before = &appearances[..appearances.len() - 1];
            let (older, recent) = before.split_at(before.len().saturating_sub(EARLIER_LOST_YEARS));
            let summary: Vec<OlderLost> = older
                .iter()
                .rev()
                .filter_map(|&(e, g, r)| {
                    let (grp, _) = self.group(e, g);
                    grp.framework.as_ref()?;
                    let edition = self.edition(e);
                    let lost = r
                        .nodes
                        .iter()
                        .filter(|n| n.depth() == 0)
                        .filter_map(|n| n.lost())
                        .sum::<Decimal>();
                    Some(OlderLost {
                        year: edition.year,
                        lost: self.num(lost, edition.decimals),
                        url: urls::group(edition.year, &grp.id),
                        group: &grp.name,
                    })
                })
                .collect();
            c.insert("older_lost", &summary);
            let earlier: Vec<EarlierLost> = recent
                .iter()
                .rev()
                .filter_map(|&(e, g, r)| {
                    let (grp, _) = self.group(e, g);
                    let fw = grp.framework.as_ref()?;
                    let fields = self.lost_points(self.edition(e), fw, r);
                    (!fields.is_empty()).then(|| EarlierLost {
                        year: self.edition(e).year,
                        fields,
                    })
                })
                .collect();
            c.insert("earlier_lost", &earlier);
        }
        if !appearances.is_empty() {
            c.insert("history", &self.unit_history(unit, appearances));
            let chart = self.unit_trend(unit, appearances);
            c.insert(
                "trend_chart",
                &attach(&mut files, &page.path, "xu-huong", chart),
            );
        }
        let years: Vec<usize> = appearances.iter().map(|a| a.0).collect();
        c.insert_value("documents", self.documents_where(|e| years.contains(&e)));
        Rendered {
            template: "unit.html",
            context: c,
            files,
        }
    }

    fn fields_chart(
        &self,
        unit: &Unit,
        edition: &Edition,
        framework: &Framework,
        result: &UnitResult,
        group: &GroupResult,
    ) -> ChartView {
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        for (_, field) in framework.fields() {
            let mine = result.node(&field.code);
            let pct = mine.filter(|n| n.applicable()).and_then(|n| n.percent());
            let mean = group
                .fields
                .iter()
                .find(|s| s.code == field.code)
                .map(|s| s.mean_percent);
            let label = format!("{} {}", field.code, field.name);
            rows.push(charts::FieldRow {
                label: label.clone(),
                unit_pct: pct.map(f64_of),
                mean_pct: mean.map(f64_of),
                unit_label: pct.map_or_else(
                    || self.word("not_applicable").to_string(),
                    |p| format!("{}%", self.num(p, 1)),
                ),
                mean_label: mean.map_or_else(String::new, |m| format!("{}%", self.num(m, 1))),
            });
            table_rows.push(vec![
                label,
                mine.and_then(|n| n.score())
                    .map_or_else(|| "–".into(), |s| self.num(s, edition.decimals)),
                mine.and_then(|n| n.max())
                    .map_or_else(|| "–".into(), |s| self.exact(s, edition.decimals)),
                pct.map_or_else(
                    || self.word("not_applicable").to_string(),
                    |p| self.num(p, 1),
                ),
                mean.map_or_else(|| "–".into(), |m| self.num(m, 1)),
            ]);
        }
        let title = format!(
            "{} – {} {}",
            self.word("fields_chart"),
            self.word("edition"),
            edition.year
        );
        let svg =
            timed(|| charts::field_chart(&title, &rows, (unit.label(), self.word("group_mean"))));
        let above = rows
            .iter()
            .filter(|r| matches!((r.unit_pct, r.mean_pct), (Some(u), Some(m)) if u > m))
            .count();
        let summary = format!(
            "{}: {} / {} {} {}.",
            unit.label(),
            above,
            rows.len(),
            self.word("fields").to_lowercase(),
            if self.lang == crate::model::Language::En {
                "above the group mean"
            } else {
                "cao hơn trung bình nhóm"
            }
        );
        chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("field").into(),
                    self.word("score").into(),
                    self.word("max").into(),
                    format!("{} (%)", self.word("percent")),
                    format!("{} (%)", self.word("group_mean")),
                ],
                table_rows,
            ),
        )
    }

    /// Sub-criteria where points were lost, grouped by field: the lowest
    /// scored nodes that lost points or carry a reason.
    fn lost_points<'r>(
        &self,
        edition: &Edition,
        framework: &'r Framework,
        result: &'r UnitResult,
    ) -> Vec<LostField<'r>> {
        let d = edition.decimals;
        // Node results carry their framework position: a national unit
        // page looks at hundreds of nodes across its years, so no lookup
        // by code.
        let node_of = |n: &NodeResult| {
            framework
                .nodes
                .get(n.position())
                .filter(|node| node.code == n.code())
        };
        let mut scored = vec![false; framework.nodes.len()];
        for n in &result.nodes {
            if node_of(n).is_some() {
                scored[n.position()] = true;
            }
        }
        let mut by_field: std::collections::HashMap<&str, Vec<LostItem>> =
            std::collections::HashMap::new();
        for n in &result.nodes {
            let node = node_of(n);
            let has_scored_child =
                node.is_some_and(|node| node.children.iter().any(|&c| scored[c]));
            if has_scored_child
                || !(n.lost().is_some_and(|l| l > Decimal::ZERO) || n.note().is_some())
            {
                continue;
            }
            by_field.entry(n.field()).or_default().push(LostItem {
                code: n.code(),
                name: node.map(|x| x.name.as_str()).unwrap_or_default(),
                score: n.score().map(|s| self.num(s, d)),
                max: n.max().map(|s| self.exact(s, d)),
                lost: n.lost().map(|s| self.num(s, d)),
                note: n.note(),
                responsible: n.responsible(),
            });
        }
        let mut fields = Vec::new();
        for (_, field) in framework.fields() {
            let Some(field_result) = result.node(&field.code) else {
                continue;
            };
            let Some(items) = by_field.remove(&*field.code) else {
                continue;
            };
            fields.push(LostField {
                code: &field.code,
                name: &field.name,
                lost: field_result.lost().map(|l| self.num(l, d)),
                score: field_result.score().map(|l| self.num(l, d)),
                max: field_result.max().map(|l| self.exact(l, d)),
                items,
            });
        }
        fields
    }

    fn self_assessment<'r>(
        &self,
        edition: &Edition,
        framework: &'r Framework,
        result: &UnitResult,
    ) -> Option<SelfAssessment<'r>> {
        let d = edition.decimals;
        let rows: Vec<SelfRow> = framework
            .fields()
            .filter_map(|(_, f)| {
                let n = result.node(&f.code)?;
                let own = n.self_score()?;
                let appraised = n.score()?;
                Some(SelfRow {
                    code: &f.code,
                    name: &f.name,
                    self_score: self.num(own, d),
                    appraised: self.num(appraised, d),
                    difference: i18n::signed(appraised - own, d, self.lang),
                })
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        let appraised = result.computed.as_ref().and_then(|c| c.achieved);
        Some(SelfAssessment {
            rows,
            total_self: result.self_achieved.map(|s| self.num(s, d)),
            total_appraised: appraised.map(|a| self.num(a, d)),
            total_difference: result
                .self_achieved
                .zip(appraised)
                .map(|(s, a)| i18n::signed(a - s, d, self.lang)),
        })
    }

    fn unit_history(
        &self,
        _unit: &Unit,
        appearances: &[(usize, usize, &UnitResult)],
    ) -> Vec<HistoryRow<'a>> {
        appearances
            .iter()
            .rev()
            .map(|&(e, g, r)| {
                let edition = self.edition(e);
                let (group, result) = self.group(e, g);
                HistoryRow {
                    year: edition.year,
                    year_url: urls::edition(edition.year),
                    group: &group.name,
                    group_url: urls::group(edition.year, &group.id),
                    achieved: self.shown_achieved(r, edition),
                    max: self.shown_max(r, edition),
                    index: self.shown_index(r, edition),
                    index_value: r.index.to_string(),
                    rank: r.rank,
                    count: result.units.len(),
                    band: self.band(edition, r.band.as_deref()),
                    change_index: self.index_change(r.change.as_ref(), edition.decimals),
                    change_rank: self.rank_change(r.change.as_ref()),
                    framework_changed: result.framework_changed,
                    draft: self.is_draft(e),
                }
            })
            .collect()
    }

    fn unit_trend(&self, unit: &Unit, appearances: &[(usize, usize, &UnitResult)]) -> ChartView {
        let years: Vec<i32> = appearances
            .iter()
            .map(|&(e, _, _)| self.edition(e).year)
            .collect();
        let mine: Vec<(i32, Option<f64>)> = appearances
            .iter()
            .map(|&(e, _, r)| (self.edition(e).year, Some(f64_of(r.index))))
            .collect();
        let means: Vec<(i32, Option<f64>)> = appearances
            .iter()
            .map(|&(e, g, _)| {
                (
                    self.edition(e).year,
                    self.group(e, g).1.stats.as_ref().map(|s| f64_of(s.mean)),
                )
            })
            .collect();
        let breaks: Vec<i32> = appearances
            .iter()
            .filter(|&&(e, g, _)| self.group(e, g).1.framework_changed)
            .map(|&(e, _, _)| self.edition(e).year)
            .collect();
        let title = format!("{} – {}", unit.label(), self.word("trend_chart"));
        let series = vec![
            charts::Series {
                name: unit.label().to_string(),
                points: mine,
                dashed: false,
            },
            charts::Series {
                name: self.word("group_mean").to_string(),
                points: means,
                dashed: true,
            },
        ];
        let svg = timed(|| {
            charts::trend_chart(
                &title,
                &years,
                &series,
                &breaks,
                self.word("methodology_break"),
                self.word("index"),
            )
        });
        let rows: Vec<Vec<String>> = appearances
            .iter()
            .map(|&(e, g, r)| {
                let edition = self.edition(e);
                let (_, result) = self.group(e, g);
                vec![
                    edition.year.to_string(),
                    self.shown_index(r, edition),
                    result
                        .stats
                        .as_ref()
                        .map_or_else(String::new, |s| self.num(s.mean, edition.decimals)),
                    if result.framework_changed {
                        self.word("methodology_break").to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        let summary = match (appearances.first(), appearances.last()) {
            (Some(&(e0, _, r0)), Some(&(e1, _, r1))) if e0 != e1 => format!(
                "{}: {} {} → {} {}.",
                unit.label(),
                self.edition(e0).year,
                self.shown_index(r0, self.edition(e0)),
                self.edition(e1).year,
                self.shown_index(r1, self.edition(e1))
            ),
            (Some(&(e0, _, r0)), _) => format!(
                "{}: {} {}.",
                unit.label(),
                self.edition(e0).year,
                self.shown_index(r0, self.edition(e0))
            ),
            _ => String::new(),
        };
        chart(
            svg,
            summary,
            table(
                &title,
                vec![
                    self.word("year").into(),
                    self.word("index").into(),
                    self.word("group_mean").into(),
                    self.word("methodology_break").into(),
                ],
                rows,
            ),
        )
    }

    fn unit_list(&self, page: &PlannedPage, part: Option<usize>) -> Rendered {
        let parts = self.list_parts();
        let mut units: Vec<&Unit> = match part {
            Some(i) => parts[i].1.clone(),
            None if !parts.is_empty() => Vec::new(),
            None => self.dataset.units.iter().collect(),
        };
        let mut c = match part {
            Some(i) => {
                let title = format!("{} – {}", self.word("all_units"), parts[i].0.name);
                let crumbs = vec![
                    (self.word("home").to_string(), "index.html".to_string()),
                    (self.word("all_units").to_string(), urls::unit_list()),
                ];
                self.base(page, &title, "units", crumbs, false)
            }
            None => self.top_level(page, self.word("all_units"), "units"),
        };
        c.insert("part", &part.is_some());
        if part.is_none() {
            let links: Vec<Value> = parts
                .iter()
                .map(|(root, members)| json!({ "name": root.name, "url": urls::unit_list_part(&root.id), "count": members.len() }))
                .collect();
            c.put_list("parts", &links);
        }
        crate::text::sort_vietnamese(&mut units, |u| u.name.as_str());
        // Letters by the first letter of the name without its kind prefix
        // would need a list of prefixes; the full name is what people read.
        let mut letters: Vec<Value> = Vec::new();
        let mut current: Option<String> = None;
        let mut items: Vec<Value> = Vec::new();
        let flush = |letter: &Option<String>, items: &mut Vec<Value>, letters: &mut Vec<Value>| {
            if let Some(l) = letter {
                letters.push(json!({ "letter": l, "id": format!("chu-{}", crate::text::slug(l)), "units": std::mem::take(items) }));
            }
        };
        for unit in units {
            let letter = unit
                .name
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            let letter = crate::text::base_letter(&letter);
            if current.as_deref() != Some(letter.as_str()) {
                flush(&current, &mut items, &mut letters);
                current = Some(letter);
            }
            items.push(json!({
                "name": unit.name,
                "url": urls::unit(&unit.id),
                "fold": crate::text::fold(&format!("{} {}", unit.name, unit.label())),
                "kind": i18n::kind_label(self.lang, unit.kind),
                "parent": unit.parent.as_deref().and_then(|p| self.unit(p)).map(|p| p.name.clone()),
            }));
        }
        flush(&current, &mut items, &mut letters);
        c.put_list("letters", &letters);
        Rendered {
            template: "units.html",
            context: c,
            files: Vec::new(),
        }
    }

    fn trends_page(&self, page: &PlannedPage, part: usize) -> Rendered {
        let mut files = Files::new();
        let ids = self.trend_groups();
        let parts = ids.len().div_ceil(super::TRENDS_PER_PAGE).max(1);
        let title = if parts > 1 {
            format!("{} ({}/{parts})", self.word("trends"), part + 1)
        } else {
            self.word("trends").to_string()
        };
        let mut c = self.top_level(page, &title, "trends");
        if parts > 1 {
            let links: Vec<Value> = (0..parts)
                .map(|k| json!({ "number": k + 1, "url": urls::trends_part(k), "current": k == part }))
                .collect();
            c.put_list("pages", &links);
        }
        let mut groups = Vec::new();
        for (id, name) in ids
            .into_iter()
            .skip(part * super::TRENDS_PER_PAGE)
            .take(super::TRENDS_PER_PAGE)
        {
            let mut points = Vec::new();
            let mut breaks = Vec::new();
            let mut rows = Vec::new();
            let mut latest: Option<(usize, usize)> = None;
            for (e, edition) in self.dataset.editions.iter().enumerate() {
                let Some(g) = edition.groups.iter().position(|x| x.id == id) else {
                    continue;
                };
                let result = &self.results.editions[e].groups[g];
                if result.framework_changed {
                    breaks.push(edition.year);
                }
                points.push((edition.year, result.stats.as_ref().map(|s| f64_of(s.mean))));
                rows.push(vec![
                    edition.year.to_string(),
                    result
                        .stats
                        .as_ref()
                        .map_or_else(String::new, |s| self.num(s.mean, edition.decimals)),
                    result
                        .stats
                        .as_ref()
                        .map_or_else(String::new, |s| self.num(s.median, edition.decimals)),
                    result.units.len().to_string(),
                    if result.framework_changed {
                        self.word("methodology_break").to_string()
                    } else {
                        String::new()
                    },
                ]);
                latest = Some((e, g));
            }
            let years: Vec<i32> = points.iter().map(|p| p.0).collect();
            let title = format!("{} – {}", name, self.word("group_means"));
            let svg = timed(|| {
                charts::trend_chart(
                    &title,
                    &years,
                    &[charts::Series {
                        name: self.word("group_mean").into(),
                        points: points.clone(),
                        dashed: false,
                    }],
                    &breaks,
                    self.word("methodology_break"),
                    self.word("index"),
                )
            });
            let summary = match (points.first(), points.last()) {
                (Some(a), Some(b)) if a.0 != b.0 => format!(
                    "{}: {} {} → {} {}.",
                    name,
                    a.0,
                    rows.first().map(|r| r[1].clone()).unwrap_or_default(),
                    b.0,
                    rows.last().map(|r| r[1].clone()).unwrap_or_default()
                ),
                _ => format!("{}.", name),
            };
            let trend = attach(
                &mut files,
                &page.path,
                id,
                chart(
                    svg,
                    summary,
                    table(
                        &title,
                        vec![
                            self.word("year").into(),
                            self.word("mean").into(),
                            self.word("median").into(),
                            self.word("count").into(),
                            self.word("methodology_break").into(),
                        ],
                        rows,
                    ),
                ),
            );
            let (risers, fallers) = match latest {
                Some((e, g)) => {
                    let edition = self.edition(e);
                    let result = &self.results.editions[e].groups[g];
                    let mut moved: Vec<&UnitResult> =
                        result.units.iter().filter(|u| u.change.is_some()).collect();
                    moved.sort_by(|a, b| {
                        let (x, y) = (
                            a.change.as_ref().map(|c| c.index),
                            b.change.as_ref().map(|c| c.index),
                        );
                        y.cmp(&x).then_with(|| a.unit.cmp(&b.unit))
                    });
                    let row = |u: &&UnitResult| {
                        json!({
                            "name": self.unit_name(&u.unit),
                            "url": urls::unit(&u.unit),
                            "index": self.shown_index(u, edition),
                            "change_index": self.index_change(u.change.as_ref(), edition.decimals),
                            "change_rank": self.rank_change(u.change.as_ref()),
                        })
                    };
                    let risers: Vec<Value> = moved
                        .iter()
                        .filter(|u| u.change.as_ref().is_some_and(|c| c.index > Decimal::ZERO))
                        .take(5)
                        .map(row)
                        .collect();
                    let fallers: Vec<Value> = moved
                        .iter()
                        .rev()
                        .filter(|u| u.change.as_ref().is_some_and(|c| c.index < Decimal::ZERO))
                        .take(5)
                        .map(row)
                        .collect();
                    (risers, fallers)
                }
                None => (Vec::new(), Vec::new()),
            };
            let latest_year = latest.map(|(e, _)| self.edition(e).year);
            let since = latest.and_then(|(e, g)| {
                self.results.editions[e].groups[g]
                    .units
                    .iter()
                    .find_map(|u| u.change.as_ref().map(|c| c.previous_year))
            });
            groups.push(json!({ "name": name, "trend": trend, "risers": risers, "fallers": fallers, "year": latest_year, "since": since }));
        }
        c.put_list("groups", &groups);
        Rendered {
            template: "trends.html",
            context: c,
            files,
        }
    }

    fn data_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("data_title"), "data");
        let en = self.lang == crate::model::Language::En;
        let file = |f: &super::DataFile| {
            json!({
                "url": f.path,
                "name": f.path.rsplit('/').next().unwrap_or(&f.path),
                "title": if en { &f.title_en } else { &f.title_vi },
                "format": f.format,
                "size": i18n::file_size(f.size, self.lang),
                "rows": f.rows,
                "split": f.format == "XLSX" && self.data_files().iter().any(|o| o.year == f.year && o.format == "CSV" && o.rows > crate::export::XLSX_MAX_ROWS),
            })
        };
        let mut scopes: Vec<Option<i32>> = vec![None];
        scopes.extend(self.dataset.editions.iter().rev().map(|e| Some(e.year)));
        let groups: Vec<Value> = scopes
            .into_iter()
            .map(|year| {
                let files: Vec<Value> = self.data_files().iter().filter(|f| f.year == year && f.path.matches('/').count() == 2).map(file).collect();
                json!({ "title": year.map_or_else(|| self.word("all_editions").to_string(), |y| format!("{} {y}", self.word("edition"))), "files": files })
            })
            .collect();
        c.put_list("scopes", &groups);
        let special: Vec<Value> = self
            .data_files()
            .iter()
            .filter(|f| f.path.matches('/').count() == 1)
            .map(file)
            .collect();
        c.put_list("special", &special);
        let site = &self.dataset.site;
        let latest = self.dataset.editions.last().map(|e| e.year);
        let address = self
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", urls::data()))
            .unwrap_or_else(urls::data);
        c.insert(
            "citation",
            &format!(
                "{} ({}). {} [{}]. {}: {}. {}",
                site.publisher,
                latest.map_or_else(String::new, |y| y.to_string()),
                site.title,
                self.word("data").to_lowercase(),
                self.word("licence"),
                site.licence.as_deref().unwrap_or("–"),
                address
            ),
        );
        Rendered {
            template: "data.html",
            context: c,
            files: Vec::new(),
        }
    }

    fn dictionary_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.base(
            page,
            self.word("dictionary"),
            "data",
            vec![
                (self.word("home").into(), "index.html".into()),
                (self.word("data_title").into(), urls::data()),
            ],
            false,
        );
        let tables: Vec<Value> = crate::export::schemas(self.dataset, self.results)
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "title_vi": t.title_vi,
                    "title_en": t.title_en,
                    "id": format!("bang-{}", t.name),
                    "columns": t.columns.iter().map(|col| json!({
                        "name": col.name, "vi": col.vi, "en": col.en, "type": col.kind.frictionless(),
                        "about_vi": col.about_vi, "about_en": col.about_en,
                    })).collect::<Vec<_>>(),
                    "primary_key": t.primary_key.join(", "),
                })
            })
            .collect();
        c.put_list("tables", &tables);
        Rendered {
            template: "dictionary.html",
            context: c,
            files: Vec::new(),
        }
    }

    fn documents_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("documents"), "documents");
        let editions: Vec<Value> = self
            .editions_newest_first()
            .map(|(e, ed)| json!({ "year": ed.year, "title": ed.title, "documents": self.documents_of(e), "draft": self.is_draft(e) }))
            .collect();
        c.put_list("editions", &editions);
        Rendered {
            template: "documents.html",
            context: c,
            files: Vec::new(),
        }
    }
}

fn mean_of(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (sum, n) = values.fold((Decimal::ZERO, 0u64), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / Decimal::from(n))
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, decimal_sort_value, shown_decimal, sort_value};
    use rust_decimal::Decimal;

    #[test]
    fn shown_decimals_are_what_their_csv_cells_parse_to() {
        for shown in [
            "85,74", "85.74", "+3", "-0,58", " 79,3% ", "100", "–", "", "Mới", "1.234,5", "1,2,3",
            "+-5", "--5", "12a", "0,000400", "-0", "%", "7 %",
        ] {
            assert_eq!(
                shown_decimal(shown),
                csv_cell(shown).parse::<Decimal>().ok(),
                "{shown:?}"
            );
        }
    }

    #[test]
    fn decimal_sort_values_agree_with_sort_values() {
        for (shown, exact) in [
            ("85,74", "85.74"),
            ("85,74", "85.7412"),
            ("–", "12"),
            ("100", "100.00"),
        ] {
            let exact: Decimal = exact.parse().unwrap();
            assert_eq!(
                decimal_sort_value(Some(shown), Some(exact)),
                sort_value(shown, &exact.to_string()),
                "{shown} {exact}"
            );
        }
        assert_eq!(decimal_sort_value(Some("1"), None), None);
    }

    #[test]
    fn a_sort_value_is_kept_only_where_the_shown_number_differs() {
        // The script reads these shown numbers as the same values.
        assert_eq!(sort_value("85,74", "85.74"), None);
        assert_eq!(sort_value("+3", "3"), None);
        assert_eq!(sort_value("-0,58", "-0.58"), None);
        assert_eq!(sort_value("100", "100.00"), None);
        assert_eq!(sort_value("Mới", ""), None);
        // Rounded for show: the exact value sorts.
        assert_eq!(sort_value("85,74", "85.7412"), Some("85.7412".into()));
        assert_eq!(sort_value("–", "12"), Some("12".into()));
        // A thousands separator is not parsed here: kept, to be safe.
        assert_eq!(sort_value("1.234,5", "1234.5"), Some("1234.5".into()));
    }
}
