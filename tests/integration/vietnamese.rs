//! Reports in Vietnamese: every diagnostic a fixture or an example gives
//! has its message, found, expected and hint in Vietnamese, and the
//! command speaks the language of the data unless told otherwise.

use super::*;
use assert_cmd::Command;
use chiso::diag::Language;

/// Whether `vi`, the Vietnamese of `en`, reads as Vietnamese: it has a
/// Vietnamese letter, or it is data (the same as the English, which has no
/// word outside quotes, as `"status": "draft"`, `1.1 -> 1.2` or
/// `valid_from <= valid_to` have not).
fn reads_as_vietnamese(en: &str, vi: &str) -> bool {
    let vietnamese = vi.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let prose = en.split('"').step_by(2).any(|outside| {
        outside
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
            .any(|word| word.len() > 1 && word.chars().all(|c| c.is_ascii_alphabetic()))
    });
    !vi.is_empty() && (vietnamese || (vi == en && !prose))
}

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = ["tests/fixtures/broken", "examples"]
        .iter()
        .flat_map(|parent| std::fs::read_dir(repo(parent)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn the_criterion_tells_english_from_vietnamese_and_data() {
    assert!(reads_as_vietnamese("file not found", "không tìm thấy tệp"));
    assert!(reads_as_vietnamese(
        "\"status\": \"draft\"",
        "\"status\": \"draft\""
    ));
    assert!(reads_as_vietnamese(
        "1.1 -> 1.2 -> 1.1",
        "1.1 -> 1.2 -> 1.1"
    ));
    assert!(!reads_as_vietnamese("file not found", "file not found"));
    assert!(!reads_as_vietnamese("at most 30", "at most 30"));
    assert!(!reads_as_vietnamese(
        "\"xa-a\" valid … to 2025-06-30",
        "\"xa-a\" valid … to 2025-06-30"
    ));
    assert!(!reads_as_vietnamese("x", ""));
}

#[test]
fn every_diagnostic_of_the_fixtures_reads_in_vietnamese() {
    let mut seen = 0;
    let mut english = Vec::new();
    for dir in fixtures() {
        for d in check_dir(&dir).diagnostics {
            seen += 1;
            let fields = [
                (
                    "message",
                    Some(d.message.as_str()),
                    Some(d.message_vi.as_str()),
                ),
                ("found", d.found.as_deref(), d.found_vi.as_deref()),
                ("expected", d.expected.as_deref(), d.expected_vi.as_deref()),
                ("hint", d.hint.as_deref(), d.hint_vi.as_deref()),
            ];
            for (field, en, vi) in fields {
                match (en, vi) {
                    (None, None) => {}
                    (Some(en), Some(vi)) if reads_as_vietnamese(en, vi) => {}
                    _ => english.push(format!(
                        "{}: {} {field}: {en:?} / {vi:?}",
                        dir.display(),
                        d.code
                    )),
                }
            }
            let text = d.render(Language::Vi);
            assert!(
                text.contains(&format!("lỗi[{}]", d.code))
                    || text.contains(&format!("cảnh báo[{}]", d.code)),
                "{text}"
            );
            assert!(
                !["found:", "expected:", "hint:", "cause:"]
                    .iter()
                    .any(|w| text.contains(w)),
                "{text}"
            );
        }
    }
    assert!(seen > 60, "only {seen} diagnostics");
    assert!(
        english.is_empty(),
        "not in Vietnamese:\n{}",
        english.join("\n")
    );
}

fn chiso() -> Command {
    let mut cmd = Command::cargo_bin("chiso").unwrap();
    cmd.current_dir(repo(""));
    cmd
}

/// `chiso check` of kon-ray before the reports spoke Vietnamese.
const KON_RAY_IN_ENGLISH: &str = "\
examples/kon-ray-2021/editions/2021/published-xa.csv:6:2: error[published-differs]: UBND xã Đăk Ruồng (dak-ruong) in edition 2021: the printed figures differ from the scores
    found:    printed achieved 78.15, index 82.26
    expected: from the scores in scores-xa.csv: achieved 76.65, index 80.68 (rounding tolerance 0.045 for points, 0.0524 for the index)
    hint:     correct the scores or the printed figure; to publish the signed figure anyway, give the reason in a discrepancy_note column of this row

examples/kon-ray-2021: 1 error(s), 0 warning(s)
";

#[test]
fn check_speaks_the_language_of_the_data_and_english_when_asked() {
    let out = chiso()
        .args(["check", "--data", "examples/kon-ray-2021"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "examples/kon-ray-2021/editions/2021/published-xa.csv:6:2: lỗi[published-differs]: UBND xã Đăk Ruồng (dak-ruong) năm 2021: số liệu công bố khác với kết quả tính từ bảng điểm\n    đang có:     công bố điểm đạt 78,15, chỉ số 82,26\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("    gợi ý:       hãy sửa bảng điểm"),
        "{text}"
    );
    assert!(
        text.ends_with("examples/kon-ray-2021: 1 lỗi, 0 cảnh báo\n"),
        "{text}"
    );
    for lang in ["--lang=en", "--lang"] {
        let mut cmd = chiso();
        cmd.args(["check", "--data", "examples/kon-ray-2021", lang]);
        if lang == "--lang" {
            cmd.arg("en");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), KON_RAY_IN_ENGLISH);
    }
}

#[test]
fn a_data_directory_in_english_is_checked_in_english() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/broken/duplicate-unit"), dir.path());
    edit_file(&dir.path().join("site.json"), |text| {
        text.replace("\"language\": \"vi\"", "\"language\": \"en\"")
    });
    let data = dir.path().to_string_lossy().into_owned();
    let english = chiso().args(["check", "--data", &data]).output().unwrap();
    let text = String::from_utf8(english.stdout).unwrap();
    assert!(text.contains(": error[duplicate-unit]: "), "{text}");
    let vietnamese = chiso()
        .args(["check", "--data", &data, "--lang", "vi"])
        .output()
        .unwrap();
    let text = String::from_utf8(vietnamese.stdout).unwrap();
    assert!(text.contains(": lỗi[duplicate-unit]: mã đơn vị "), "{text}");
}

#[test]
fn help_is_vietnamese_by_default_and_english_with_lang_en() {
    let out = chiso().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for words in [
        "Công bố Chỉ số cải cách hành chính",
        "Cách dùng: chiso",
        "Các lệnh:",
        "Kiểm tra thư mục dữ liệu và báo mọi lỗi",
        "In trợ giúp",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    for english in ["Usage:", "Print help", "Commands:", "Options:"] {
        assert!(!text.contains(english), "{english}: {text}");
    }
    let out = chiso().args(["check", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Thư mục dữ liệu [mặc định: data]"), "{text}");
    assert!(
        !text.contains("default:") && !text.contains("possible values"),
        "{text}"
    );

    let out = chiso().args(["--lang", "en", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Publish the PAR Index (Chỉ số CCHC) as a static website\n\nUsage: chiso [OPTIONS] <COMMAND>"),
        "{text}"
    );
    assert!(text.contains("Print help"), "{text}");
}

#[test]
fn the_json_report_is_in_the_chosen_language_and_says_so() {
    let report = |lang: &str| -> serde_json::Value {
        let out = chiso()
            .args([
                "check",
                "--data",
                "examples/kon-ray-2021",
                "--format",
                "json",
                "--lang",
                lang,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let vi = report("vi");
    assert_eq!(vi["lang"], "vi");
    let d = &vi["diagnostics"][0];
    assert_eq!(d["code"], "published-differs");
    assert_eq!(d["found"], "công bố điểm đạt 78,15, chỉ số 82,26");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("số liệu công bố khác"));
    assert!(d["hint"].as_str().unwrap().starts_with("hãy sửa bảng điểm"));
    // English: the report as it always was, without a language field.
    let en = report("en");
    assert!(en.get("lang").is_none(), "{en}");
    assert_eq!(
        en["diagnostics"][0]["found"],
        "printed achieved 78.15, index 82.26"
    );
}

#[test]
fn the_command_s_own_lines_are_in_vietnamese() {
    let out = chiso()
        .args(["check", "--data", "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "chiso: no/such/dir: không có thư mục dữ liệu này\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let built = chiso()
        .args(["build", "--data", "examples/kon-ray-2021", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1));
    let said = String::from_utf8(built.stderr).unwrap();
    assert!(said.contains("lỗi[published-differs]"), "{said}");
    assert!(
        said.contains(": 1 lỗi; trang web chưa được tạo và "),
        "{said}"
    );
    let built = chiso()
        .args(["build", "--data", "examples/tam-nong-2021", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0));
    let text = String::from_utf8(built.stdout).unwrap();
    assert!(
        text.contains(" trang, ") && text.contains(" tệp, ") && text.contains("trang lớn nhất"),
        "{text}"
    );
}

/// Every diagnostic code the source gives: the first argument of
/// `Diagnostic::error`/`warning`, and a code paired with its message, as
/// `("missing-file", tr!(...))` or `("invalid-value", None)`.
fn codes_in_source() -> std::collections::BTreeSet<String> {
    let mut codes = std::collections::BTreeSet::new();
    let files = walkdir::WalkDir::new(repo("src"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"));
    for file in files {
        // Escaped and character quotes aside, quotes come in pairs.
        let text = std::fs::read_to_string(file.path())
            .unwrap()
            .replace("\\\\", "")
            .replace("\\\"", "")
            .replace("'\"'", "");
        let pieces: Vec<&str> = text.split('"').collect();
        // Odd pieces are inside quotes (near enough for this source).
        for i in (1..pieces.len().saturating_sub(1)).step_by(2) {
            let code = pieces[i];
            let kebab = code.contains('-')
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !kebab {
                continue;
            }
            let before = pieces[i - 1].trim_end();
            let after = pieces[i + 1].trim_start();
            let made =
                before.ends_with("Diagnostic::error(") || before.ends_with("Diagnostic::warning(");
            let paired = before.ends_with('(')
                && after.strip_prefix(',').is_some_and(|rest| {
                    let rest = rest.trim_start();
                    ["tr!(", "Some(tr!(", "None)"]
                        .iter()
                        .any(|start| rest.starts_with(start))
                });
            if made || paired {
                codes.insert(code.to_string());
            }
        }
    }
    codes
}

#[test]
fn every_code_is_explained_in_both_guides() {
    let codes = codes_in_source();
    assert!(codes.len() > 80, "{codes:?}");
    for doc in ["docs/data-format.md", "docs/huong-dan-du-lieu.md"] {
        let text = std::fs::read_to_string(repo(doc)).unwrap();
        let missing: Vec<&String> = codes
            .iter()
            .filter(|c| !text.contains(&format!("| `{c}` |")))
            .collect();
        assert!(missing.is_empty(), "{doc} has no row for {missing:?}");
    }
}
