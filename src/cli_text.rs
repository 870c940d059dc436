//! What the `chiso` command says, in Vietnamese and English: the language
//! it speaks, its `--help`, and every line it prints around the reports.
//!
//! The language is picked before the arguments are parsed (clap prints
//! `--help` while parsing): `--lang`, else the `language` of the data's
//! `site.json` for the commands that read data, else Vietnamese, the
//! language of the officials who publish the index.

use chiso::diag::Language;
use chiso::tr;
use std::ffi::OsString;
use std::path::Path;

/// The commands that read a data directory (`--data`, default `data`),
/// whose `site.json` says the language when `--lang` does not.
const DATA_COMMANDS: &[&str] = &["build", "check", "serve"];

/// The language of this run, from the arguments as given.
pub fn pick_language(args: &[OsString]) -> Language {
    let args: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let value_of = |name: &str| {
        let with_eq = format!("{name}=");
        args.iter().enumerate().find_map(|(i, a)| {
            if a == name {
                args.get(i + 1).cloned()
            } else {
                a.strip_prefix(&with_eq).map(str::to_string)
            }
        })
    };
    match value_of("--lang").as_deref() {
        Some("en") => return Language::En,
        Some("vi") => return Language::Vi,
        // Anything else is clap's to refuse, in Vietnamese.
        Some(_) => return Language::Vi,
        None => {}
    }
    let command = args.iter().find(|a| !a.starts_with('-'));
    if !command.is_some_and(|c| DATA_COMMANDS.contains(&c.as_str())) {
        return Language::Vi;
    }
    let data = value_of("--data").unwrap_or_else(|| "data".to_string());
    site_language(&Path::new(&data).join("site.json")).unwrap_or(Language::Vi)
}

/// The `language` of a `site.json`, read without checking the rest (that
/// is `check`'s work, and its report needs a language first).
fn site_language(path: &Path) -> Option<Language> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > chiso::input::json::MAX_BYTES as u64 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    match value.get("language")?.as_str()? {
        "en" => Some(Language::En),
        _ => Some(Language::Vi),
    }
}

/// `--help` in Vietnamese: (command, argument id, text); an empty command
/// is `chiso` itself, an empty id the command's own description.
const HELP_VI: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "Công bố Chỉ số cải cách hành chính (Chỉ số CCHC) thành một trang web tĩnh",
    ),
    (
        "",
        "lang",
        "Ngôn ngữ của thông báo và trợ giúp: vi (tiếng Việt) hoặc en (tiếng Anh) [mặc định: language trong site.json của dữ liệu, nếu không có thì vi]",
    ),
    ("build", "", "Kiểm tra dữ liệu và tạo trang web tĩnh"),
    ("build", "data", "Thư mục dữ liệu"),
    (
        "build",
        "out",
        "Thư mục kết quả (chỉ được thay thế trọn vẹn khi tạo trang thành công)",
    ),
    (
        "build",
        "content",
        "Các trang Markdown (phương pháp, giới thiệu...) [mặc định: thư mục content/ bên cạnh thư mục dữ liệu]",
    ),
    (
        "build",
        "templates",
        "Mẫu trang riêng: một tệp ở đây thay cho mẫu có sẵn cùng tên",
    ),
    (
        "build",
        "base_url",
        "Địa chỉ công bố trang web (địa chỉ chuẩn, sơ đồ trang, bản tin); mặc định: base_url trong site.json",
    ),
    (
        "build",
        "allow_draft",
        "Chấp nhận các kỳ đánh giá có status là \"draft\" (các trang của kỳ đó ghi DỰ THẢO)",
    ),
    ("build", "timings", "In thời gian của từng bước"),
    (
        "check",
        "",
        "Kiểm tra thư mục dữ liệu và báo mọi lỗi (mã thoát 1 khi có lỗi)",
    ),
    ("check", "data", "Thư mục dữ liệu"),
    ("check", "format", "Định dạng của báo cáo: text (văn bản) hoặc json"),
    (
        "check",
        "allow_draft",
        "Chấp nhận các kỳ đánh giá có status là \"draft\"",
    ),
    (
        "reclaim",
        "",
        "Xoá các trang web cũ mà những lần tạo trang trước vào OUT đã thay thế (do build chạy ngầm)",
    ),
    ("reclaim", "out", "Thư mục kết quả"),
    (
        "serve",
        "",
        "Xem trước trang web: tạo trang, chạy trên máy này và tự cập nhật mỗi khi lưu tệp",
    ),
    ("serve", "data", "Thư mục dữ liệu"),
    (
        "serve",
        "out",
        "Thư mục kết quả (chỉ được thay thế trọn vẹn khi tạo trang thành công)",
    ),
    (
        "serve",
        "content",
        "Các trang Markdown (phương pháp, giới thiệu...) [mặc định: thư mục content/ bên cạnh thư mục dữ liệu]",
    ),
    (
        "serve",
        "templates",
        "Mẫu trang riêng: một tệp ở đây thay cho mẫu có sẵn cùng tên",
    ),
    (
        "serve",
        "base_url",
        "Địa chỉ công bố trang web (địa chỉ chuẩn, sơ đồ trang, bản tin); mặc định: base_url trong site.json",
    ),
    (
        "serve",
        "allow_draft",
        "Chấp nhận các kỳ đánh giá có status là \"draft\" (các trang của kỳ đó ghi DỰ THẢO)",
    ),
    ("serve", "port", "Cổng (0: một cổng bất kỳ còn trống)"),
    (
        "serve",
        "bind",
        "Địa chỉ lắng nghe; mặc định chỉ máy này (127.0.0.1)",
    ),
    (
        "serve",
        "base_path",
        "Đường dẫn gốc của trang web (như máy chủ web đặt ở /cchc/)",
    ),
    ("serve", "open", "Mở trang web bằng trình duyệt mặc định"),
    (
        "new",
        "",
        "Bắt đầu một trang web: tạo THƯ-MỤC với dữ liệu mẫu để điền (bảng điểm Excel diem.xlsx), các trang nội dung và hướng dẫn",
    ),
    ("new", "dir", "Một thư mục mới hoặc rỗng"),
    ("new", "year", "Năm đánh giá [mặc định: năm trước]"),
    ("sample", "", "Tạo một bộ dữ liệu mẫu hư cấu, hợp lệ"),
    (
        "sample",
        "preset",
        "Loại dữ liệu mẫu: province (một tỉnh) hoặc national (cả nước)",
    ),
    (
        "sample",
        "seed",
        "Số khởi tạo ngẫu nhiên: cùng một số cho cùng một bộ dữ liệu",
    ),
    ("sample", "out", "Một thư mục mới hoặc rỗng"),
    (
        "help",
        "",
        "In trợ giúp này, hoặc trợ giúp của (các) lệnh được nêu",
    ),
    ("help", "subcommand", "In trợ giúp của (các) lệnh"),
];

/// The Vietnamese help of argument `id` of `command`.
fn help_vi(command: &str, id: &str) -> Option<&'static str> {
    match id {
        "help" => Some("In trợ giúp"),
        "version" => Some("In phiên bản"),
        // A global option (--lang) is found under `chiso` itself.
        _ => [command, ""]
            .iter()
            .find_map(|command| HELP_VI.iter().find(|(c, a, _)| c == command && *a == id))
            .filter(|(c, a, _)| !c.is_empty() || !a.is_empty() || command.is_empty())
            .map(|(_, _, text)| *text),
    }
}

/// `command` (built) with its help in `lang`.
pub fn localize(mut command: clap::Command, lang: Language) -> clap::Command {
    if lang == Language::En {
        return command;
    }
    // Built first, so that the help flags and subcommand clap adds exist.
    command.build();
    localize_one(command, "")
}

fn localize_one(command: clap::Command, parent: &str) -> clap::Command {
    let name = if parent.is_empty() {
        String::new()
    } else {
        command.get_name().to_string()
    };
    let usage = if name.is_empty() {
        "chiso [TÙY CHỌN] <LỆNH>".to_string()
    } else if command.has_subcommands() {
        format!("chiso {name} [LỆNH]...")
    } else {
        format!("chiso {name} [TÙY CHỌN]")
    };
    let mut command = command
        .help_template(
            "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}",
        )
        .override_usage(usage)
        .subcommand_help_heading("Các lệnh")
        .subcommand_value_name("LỆNH")
        .mut_args(|arg| {
            let id = arg.get_id().as_str().to_string();
            let mut arg = arg.help_heading("Tùy chọn");
            if id == "subcommand" {
                arg = arg.value_name("LỆNH");
            }
            let Some(text) = help_vi(&name, &id) else {
                return arg;
            };
            // clap's own "[default: ]" and "[possible values: ]" are
            // English: said here instead.
            let mut text = text.to_string();
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let flag = !arg.get_action().takes_values();
            if !defaults.is_empty() && !arg.is_hide_default_value_set() && !flag {
                text.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
            }
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && !arg.is_hide_possible_values_set() {
                text.push_str(&format!(" [giá trị: {}]", values.join(", ")));
            }
            arg.help(text)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    if let Some(about) = help_vi(&name, "") {
        command = command.about(about).long_about(None);
    }
    let here = if name.is_empty() { "chiso" } else { &name };
    let here = here.to_string();
    command.mut_subcommands(|sub| localize_one(sub, &here))
}

/// Every argument and command of `command` that has an English help and
/// no Vietnamese one, as `command --arg`; for a test, so that a new
/// option cannot go untranslated.
#[cfg(test)]
pub fn untranslated(command: &mut clap::Command) -> Vec<String> {
    command.build();
    let mut missing = Vec::new();
    let mut visit = |name: &str, c: &clap::Command| {
        if c.get_about().is_some() && help_vi(name, "").is_none() {
            missing.push(format!("chiso {name}"));
        }
        for arg in c.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.get_help().is_some() && help_vi(name, id).is_none() {
                missing.push(format!("chiso {name} --{id}"));
            }
        }
    };
    visit("", command);
    for sub in command.get_subcommands() {
        visit(sub.get_name(), sub);
    }
    missing
}

/// A number with a decimal comma in Vietnamese.
fn decimal(lang: Language, text: String) -> String {
    match lang {
        Language::En => text,
        Language::Vi => text.replace('.', ","),
    }
}

pub fn no_data_dir(lang: Language, data: &Path) -> String {
    tr!(
        "chiso: {}: no such data directory",
        "chiso: {}: không có thư mục dữ liệu này",
        data.display()
    )
    .get(lang)
    .to_string()
}

pub fn no_content_dir(lang: Language, content: &Path) -> String {
    tr!(
        "chiso: {}: no such content directory",
        "chiso: {}: không có thư mục nội dung này",
        content.display()
    )
    .get(lang)
    .to_string()
}

pub fn no_content_beside(lang: Language, beside: &Path) -> String {
    tr!(
        "chiso: no content directory beside the data ({} not found): the site has no methodology or about pages; name one with --content",
        "chiso: không có thư mục nội dung bên cạnh thư mục dữ liệu (không tìm thấy {}): trang web sẽ không có trang phương pháp hay giới thiệu; chỉ định thư mục bằng --content",
        beside.display()
    )
    .get(lang)
    .to_string()
}

pub fn cannot_listen(lang: Language, e: &dyn std::fmt::Display) -> String {
    tr!(
        "chiso: cannot listen on {e}",
        "chiso: không mở được cổng {e}"
    )
    .get(lang)
    .to_string()
}

pub fn serving(lang: Language, url: &str) -> String {
    tr!(
        "chiso: serving {url} (Ctrl-C stops)",
        "chiso: trang web đang chạy tại {url} (Ctrl-C để dừng)"
    )
    .get(lang)
    .to_string()
}

pub fn serving_errors(lang: Language) -> &'static str {
    match lang {
        Language::En => "chiso: the data has errors: the browser shows them",
        Language::Vi => "chiso: dữ liệu có lỗi: trình duyệt hiển thị các lỗi",
    }
}

pub fn no_browser(lang: Language, url: &str, e: &std::io::Error) -> String {
    tr!(
        "chiso: could not open a browser ({e}); open {url}",
        "chiso: không mở được trình duyệt ({e}); hãy mở {url}"
    )
    .get(lang)
    .to_string()
}

pub fn new_summary(lang: Language, dir: &Path, files: usize) -> String {
    tr!(
        "{}: {files} files written. Next:\n  cd {}\n  chiso check\n  chiso serve\n(see {})",
        "{}: đã ghi {files} tệp. Tiếp theo:\n  cd {}\n  chiso check\n  chiso serve\n(xem {})",
        dir.display(),
        dir.display(),
        dir.join("HUONG-DAN.md").display()
    )
    .get(lang)
    .to_string()
}

pub fn new_not_empty(lang: Language, dir: &Path) -> String {
    tr!(
        "chiso: {}: the folder is not empty; chiso new writes only into a new or empty folder",
        "chiso: {}: thư mục không trống; chiso new chỉ ghi vào thư mục mới hoặc trống",
        dir.display()
    )
    .get(lang)
    .to_string()
}

pub fn reclaim_failed(lang: Language, out: &Path, e: &std::io::Error) -> String {
    tr!(
        "chiso: reclaiming old sites beside {}: {e}",
        "chiso: xoá các trang web cũ bên cạnh {}: {e}",
        out.display()
    )
    .get(lang)
    .to_string()
}

pub fn interrupted(lang: Language) -> &'static str {
    match lang {
        Language::En => "\nchiso: interrupted",
        Language::Vi => "\nchiso: đã dừng giữa chừng",
    }
}

/// A build phase's name on the progress line.
pub fn phase(lang: Language, name: &'static str) -> &'static str {
    match lang {
        Language::En => name,
        Language::Vi => match name {
            "checking the data" => "đang kiểm tra dữ liệu",
            "rendering" => "đang tạo các trang",
            "writing" => "đang ghi",
            _ => name,
        },
    }
}

/// The progress bar while pages render.
pub fn progress_pages(lang: Language) -> &'static str {
    match lang {
        Language::En => "{spinner} {msg} [{bar:30}] {pos}/{len} pages, {elapsed}",
        Language::Vi => "{spinner} {msg} [{bar:30}] {pos}/{len} trang, {elapsed}",
    }
}

/// The line a successful build ends with.
#[allow(clippy::too_many_arguments)]
pub fn build_summary(
    lang: Language,
    out: &Path,
    pages: usize,
    files: usize,
    megabytes: f64,
    largest: &str,
    largest_kb: f64,
    seconds: f64,
) -> String {
    let (mb, kb, s) = (
        decimal(lang, format!("{megabytes:.1}")),
        decimal(lang, format!("{largest_kb:.1}")),
        decimal(lang, format!("{seconds:.2}")),
    );
    tr!(
        "{}: {pages} pages, {files} files, {mb} MB; largest page {largest} ({kb} KB); {s} s",
        "{}: {pages} trang, {files} tệp, {mb} MB; trang lớn nhất {largest} ({kb} KB); {s} giây",
        out.display()
    )
    .get(lang)
    .to_string()
}

pub fn timings_reused(
    lang: Language,
    reused: usize,
    files: usize,
    kept: usize,
    pages: usize,
) -> String {
    tr!(
        "  {reused} of {files} files unchanged since the previous build (linked, not written); {kept} of {pages} pages made from unchanged inputs (not built again)",
        "  {reused} trên {files} tệp không đổi so với lần tạo trước (được liên kết, không ghi lại); {kept} trên {pages} trang có đầu vào không đổi (không tạo lại)"
    )
    .get(lang)
    .to_string()
}

/// One download format's share of the downloads, summed over the threads.
pub fn timings_format(lang: Language, format: &str, ms: f64, files: usize, mb: f64) -> String {
    let mb_vi = format!("{mb:.1}").replace('.', ",");
    tr!(
        "    {format:<8} {ms:>8.0} ms of CPU, {files} files, {mb:.1} MB",
        "    {format:<8} {ms:>8.0} ms CPU, {files} tệp, {mb_vi} MB"
    )
    .get(lang)
    .to_string()
}

pub fn timings_downloads(lang: Language, ms: f64) -> String {
    tr!(
        "  downloads  {ms:>8.0} ms, made alongside render",
        "  downloads  {ms:>8.0} ms, tạo song song với render"
    )
    .get(lang)
    .to_string()
}

pub fn timings_render(
    lang: Language,
    contexts: f64,
    charts: f64,
    templates: f64,
    writing: f64,
) -> String {
    tr!(
        "  within render, summed over threads: contexts {contexts:.0} ms, charts {charts:.0} ms, templates {templates:.0} ms, writing files {writing:.0} ms",
        "  trong render, cộng trên các luồng: dữ liệu trang {contexts:.0} ms, biểu đồ {charts:.0} ms, mẫu trang {templates:.0} ms, ghi tệp {writing:.0} ms"
    )
    .get(lang)
    .to_string()
}

pub fn timings_per_template(lang: Language) -> &'static str {
    match lang {
        Language::En => "  per template: pages, contexts (charts included), templates, MB",
        Language::Vi => "  theo mẫu trang: số trang, dữ liệu trang (gồm biểu đồ), mẫu trang, MB",
    }
}

pub fn summary_unwritable(lang: Language, out: &Path, e: &std::io::Error) -> String {
    tr!(
        "chiso: the site was built into {}, but its summary could not be written to standard output: {e}",
        "chiso: trang web đã được tạo trong {}, nhưng không ghi được phần tóm tắt ra đầu ra chuẩn: {e}",
        out.display()
    )
    .get(lang)
    .to_string()
}

pub fn build_data_errors(lang: Language, data: &Path, errors: usize, out: &Path) -> String {
    tr!(
        "chiso: {}: {errors} error(s); the site was not built and {} is unchanged",
        "chiso: {}: {errors} lỗi; trang web chưa được tạo và {} giữ nguyên",
        data.display(),
        out.display()
    )
    .get(lang)
    .to_string()
}

/// Fixed phrases of the build's errors (`chiso::output` refusals and the
/// like) in Vietnamese; the paths between them stay as they are.
const BUILD_ERRORS_VI: &[(&str, &str)] = &[
    ("refusing to write the site into ", "không ghi trang web vào "),
    (": too many symbolic links", ": quá nhiều liên kết tượng trưng"),
    ("refusing to build: the content folder ", "không tạo trang: thư mục nội dung "),
    ("refusing to build: the templates folder ", "không tạo trang: thư mục mẫu trang "),
    (" lies inside the output ", " nằm trong thư mục kết quả "),
    (
        "(the new site would replace it; move it out of the output)",
        "(trang mới sẽ thay thế nó; hãy chuyển nó ra khỏi thư mục kết quả)",
    ),
    (": it is the file system root", ": đó là thư mục gốc của hệ thống tệp"),
    (": it is the home directory", ": đó là thư mục nhà của người dùng"),
    (
        ": it is, holds or lies inside the data directory ",
        ": đó là, chứa hoặc nằm trong thư mục dữ liệu ",
    ),
    (": it is a file", ": đó là một tệp"),
    (
        ": the directory is not empty and was not made by chiso (choose another --out, or empty it first)",
        ": thư mục không rỗng và không do chiso tạo ra (hãy chọn --out khác, hoặc làm rỗng thư mục trước)",
    ),
    (" is a symbolic link to it)", " là liên kết tượng trưng tới đó)"),
    ("refusing to write \"", "không ghi \""),
    (
        "\": not a path inside the output directory",
        "\": không phải là đường dẫn bên trong thư mục kết quả",
    ),
];

/// A failed build's error other than the data's.
pub fn build_error(lang: Language, e: &chiso::build::BuildError) -> String {
    use chiso::build::BuildError;
    let text = match (lang, e) {
        (Language::En, e) => e.to_string(),
        (Language::Vi, BuildError::Template(e)) => format!("lỗi mẫu trang: {e}"),
        (Language::Vi, BuildError::Content(e)) => format!("trang nội dung: {e}"),
        (Language::Vi, BuildError::Data(d)) => format!(
            "dữ liệu có {} lỗi; chưa ghi gì cả",
            d.iter().filter(|d| d.is_error()).count()
        ),
        (Language::Vi, BuildError::Output(e)) => {
            let mut text = e.to_string();
            for (en, vi) in BUILD_ERRORS_VI {
                text = text.replace(en, vi);
            }
            text
        }
    };
    format!("chiso: {text}")
}

/// The last line of `chiso check`'s text report.
pub fn check_summary(lang: Language, data: &Path, errors: usize, warnings: usize) -> String {
    if errors == 0 && warnings == 0 {
        tr!(
            "{}: no problems found",
            "{}: không phát hiện lỗi hay cảnh báo nào",
            data.display()
        )
    } else {
        tr!(
            "{}: {errors} error(s), {warnings} warning(s)",
            "{}: {errors} lỗi, {warnings} cảnh báo",
            data.display()
        )
    }
    .get(lang)
    .to_string()
}

pub fn sample_summary(
    lang: Language,
    out: &Path,
    summary: &chiso::sample::SampleSummary,
) -> String {
    tr!(
        "{}: {} units, {} editions, {} score rows in {} files",
        "{}: {} đơn vị, {} kỳ đánh giá, {} dòng điểm trong {} tệp",
        out.display(),
        summary.units,
        summary.editions,
        summary.score_rows,
        summary.files
    )
    .get(lang)
    .to_string()
}

pub fn sample_not_empty(lang: Language, out: &Path) -> String {
    tr!(
        "chiso: {}: not empty; sample writes into a new or empty directory",
        "chiso: {}: thư mục không rỗng; lệnh sample chỉ ghi vào thư mục mới hoặc rỗng",
        out.display()
    )
    .get(lang)
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("chiso")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn every_option_has_a_vietnamese_help() {
        let missing = untranslated(&mut crate::cli::Cli::command());
        assert!(missing.is_empty(), "no Vietnamese help: {missing:?}");
    }

    #[test]
    fn the_language_is_the_option_else_the_data_else_vietnamese() {
        let root = env!("CARGO_MANIFEST_DIR");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.json"),
            "{\"_c\": \"x\", \"language\": \"en\"}",
        )
        .unwrap();
        let english = dir.path().to_string_lossy().into_owned();
        let kon_ray = format!("{root}/examples/kon-ray-2021");
        assert_eq!(
            pick_language(&args(&["check", "--data", &english])),
            Language::En
        );
        assert_eq!(
            pick_language(&args(&["check", &format!("--data={english}")])),
            Language::En
        );
        assert_eq!(
            pick_language(&args(&["--lang", "vi", "check", "--data", &english])),
            Language::Vi
        );
        assert_eq!(
            pick_language(&args(&["check", "--data", &kon_ray, "--lang=en"])),
            Language::En
        );
        assert_eq!(
            pick_language(&args(&["check", "--data", &kon_ray])),
            Language::Vi
        );
        // No data, or no site.json: Vietnamese.
        assert_eq!(
            pick_language(&args(&["check", "--data", "/no/such/dir"])),
            Language::Vi
        );
        assert_eq!(
            pick_language(&args(&["sample", "--out", &english])),
            Language::Vi
        );
        assert_eq!(pick_language(&args(&["--help"])), Language::Vi);
    }

    #[test]
    fn a_refused_output_is_told_in_vietnamese() {
        let e = chiso::build::BuildError::Output(chiso::output::OutputError::Refused(
            "refusing to write the site into /x: the directory is not empty and was not made by chiso \
             (choose another --out, or empty it first)"
                .to_string(),
        ));
        assert_eq!(
            build_error(Language::Vi, &e),
            "chiso: không ghi trang web vào /x: thư mục không rỗng và không do chiso tạo ra (hãy chọn --out khác, hoặc làm rỗng thư mục trước)"
        );
    }
}
