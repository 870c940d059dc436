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
