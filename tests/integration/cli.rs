//! The `chiso check` command as a user runs it.

use super::*;
use assert_cmd::Command;

fn chiso() -> Command {
    let mut cmd = Command::cargo_bin("chiso").unwrap();
    cmd.current_dir(repo(""));
    cmd
}

#[test]
fn check_kon_ray_prints_the_discrepancy_and_exits_1() {
    let out = chiso()
        .args(["check", "--data", "examples/kon-ray-2021"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("examples/kon-ray-2021/editions/2021/published-xa.csv:6"),
        "{text}"
    );
    assert!(
        text.contains("Đăk Ruồng") && text.contains("78.15") && text.contains("76.65"),
        "{text}"
    );
    assert!(text.contains("1 error(s)"), "{text}");
}

#[test]
fn check_clean_examples_exit_0() {
    for data in [
        "examples/ha-nam-2022",
        "examples/tam-nong-2021",
        "data",
        "tests/fixtures/valid",
    ] {
        let out = chiso().args(["check", "--data", data]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{data}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn check_json_report() {
    let out = chiso()
        .args([
            "check",
            "--data",
            "examples/kon-ray-2021",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "published-differs");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["location"]["line"], 6);
    assert!(d["found"].as_str().unwrap().contains("78.15"));
}

#[test]
fn usage_and_io_problems_exit_2() {
    let out = chiso()
        .args(["check", "--data", "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = chiso().args(["check", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_allows_drafts_only_when_asked() {
    let out = chiso()
        .args(["check", "--data", "tests/fixtures/broken/draft"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = chiso()
        .args([
            "check",
            "--data",
            "tests/fixtures/broken/draft",
            "--allow-draft",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn build_prints_a_summary_and_timings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = chiso()
        .args([
            "build",
            "--data",
            "examples/tam-nong-2021",
            "--timings",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(" pages, ") && text.contains("largest page"),
        "{text}"
    );
    for phase in [
        "load",
        "validate",
        "compute",
        "downloads",
        "plan",
        "render",
        "write",
        "swap",
        "charts",
    ] {
        assert!(text.contains(phase), "--timings shows {phase}: {text}");
    }
    assert!(out.join("index.html").is_file());
}

#[test]
fn build_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    // Errors in the data: 1, and nothing is written.
    let out = dir.path().join("public");
    let output = chiso()
        .args(["build", "--data", "examples/kon-ray-2021", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Đăk Ruồng"));
    assert!(!out.exists());
    // An output directory chiso may not replace: 2.
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "x").unwrap();
    let output = chiso()
        .args(["build", "--data", "examples/tam-nong-2021", "--out"])
        .arg(&mine)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not empty"));
}
