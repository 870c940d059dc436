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
        .args(["check", "--data", "examples/kon-ray-2021", "--lang", "en"])
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
    // The data's language, Vietnamese: its decimal comma.
    assert!(d["found"].as_str().unwrap().contains("78,15"));
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
            "--lang",
            "en",
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
        "keys",
        "render",
        "write",
        "swap",
        "charts",
    ] {
        assert!(text.contains(phase), "--timings shows {phase}: {text}");
    }
    assert!(out.join("index.html").is_file());
    // Per template: its pages, as many as were written.
    let unit_pages = std::fs::read_dir(out.join("don-vi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".html") && name != "index.html")
        .count();
    let counted: usize = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("unit.html"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no unit.html line: {text}"));
    assert_eq!(counted, unit_pages, "{text}");
    // Per download format: its files, as many as were written, so that
    // what a format costs can be weighed.
    let workbooks = walkdir::WalkDir::new(out.join("du-lieu"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "xlsx"))
        .count();
    assert!(workbooks > 0);
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("XLSX "))
        .unwrap_or_else(|| panic!("no XLSX line: {text}"));
    assert!(line.contains(&format!(" {workbooks} files, ")), "{line}");
    for format in ["CSV", "JSON", "SQLite", "ZIP"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{format} "))),
            "--timings shows {format}: {text}"
        );
    }
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
        .args([
            "build",
            "--lang",
            "en",
            "--data",
            "examples/tam-nong-2021",
            "--out",
        ])
        .arg(&mine)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not empty"));
}

/// The site a build replaces is moved aside at once (the swap never waits
/// for a deletion) and deleted afterwards by a background process.
#[test]
fn rebuild_moves_the_old_site_aside_and_reclaims_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let stale = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.chiso-old-"))
            .collect()
    };
    for _ in 0..2 {
        let status = chiso()
            .args(["build", "--data", "tests/fixtures/valid", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        assert!(out.join("index.html").is_file());
    }
    // Deleting a small tree takes well under a second; allow a slow machine.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !stale(dir.path()).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(stale(dir.path()), Vec::<String>::new());

    // Without the background process (a library caller), the replaced site
    // waits beside the output until reclaimed.
    let options = chiso::build::BuildOptions {
        data: repo("tests/fixtures/valid"),
        out: out.clone(),
        content: repo("content"),
        templates: repo("templates"),
        base_url: None,
        allow_draft: false,
    };
    chiso::build::build(&options).unwrap();
    assert_eq!(stale(dir.path()).len(), 1);
    assert_eq!(chiso::output::reclaim_stale(&out).unwrap(), 1);
    assert!(stale(dir.path()).is_empty());
    assert!(out.join("index.html").is_file());
}

/// A rebuild takes unchanged files over from the site it replaces (a link,
/// not a new copy) and writes the ones that changed.
#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut options = chiso::build::BuildOptions {
        data: repo("tests/fixtures/valid"),
        out: out.clone(),
        content: repo("content"),
        templates: repo("templates"),
        base_url: None,
        allow_draft: false,
    };
    let first = chiso::build::build(&options).unwrap();
    assert_eq!(first.reused, 0, "nothing to take over the first time");
    let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    let (page, css) = (inode("index.html"), inode("assets/site.css"));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();

    let second = chiso::build::build(&options).unwrap();
    assert!(second.reused > second.files / 2, "{second:?}");
    assert_eq!(inode("index.html"), page);
    assert_eq!(inode("assets/site.css"), css);
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        html
    );

    // Another address changes every page's canonical link: written anew.
    options.base_url = Some("https://example.org/chiso/".into());
    chiso::build::build(&options).unwrap();
    assert_ne!(inode("index.html"), page);
    assert_eq!(inode("assets/site.css"), css);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("href=\"https://example.org/chiso/\" rel=canonical"),
        "{html}"
    );
    chiso::output::reclaim_stale(&out).unwrap();
}

/// A rebuild knows unchanged files from the hashes its marker lists, not by
/// reading them; a file edited since that build is compared byte by byte.
#[cfg(unix)]
#[test]
fn a_rebuild_trusts_the_marker_only_for_files_left_as_built() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let options = chiso::build::BuildOptions {
        data: repo("tests/fixtures/valid"),
        out: out.clone(),
        content: repo("content"),
        templates: repo("templates"),
        base_url: None,
        allow_draft: false,
    };
    chiso::build::build(&options).unwrap();
    let marker = out.join(chiso::output::MARKER);
    let listed = std::fs::read_to_string(&marker).unwrap();
    let line = listed
        .lines()
        .find(|l| l.ends_with(" index.html"))
        .expect("the marker lists index.html")
        .to_string();
    let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    let page = inode("index.html");

    // The listed hash decides: index.html is unchanged on disk, but the
    // marker now says otherwise, so it is written anew.
    let mut parts: Vec<&str> = line.splitn(3, ' ').collect();
    let wrong = format!("{:032x}", u128::from_str_radix(parts[1], 16).unwrap() ^ 1);
    parts[1] = &wrong;
    std::fs::write(&marker, listed.replace(&line, &parts.join(" "))).unwrap();
    // A page edited by hand after the build, keeping its size: not trusted
    // to the marker, compared, and replaced by what the build makes.
    let css = out.join("assets/site.css");
    let built_css = std::fs::read(&css).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut edited = built_css.clone();
    edited[0] ^= 0x20;
    std::fs::write(&css, &edited).unwrap();

    let second = chiso::build::build(&options).unwrap();
    assert!(second.reused > second.files / 2, "{second:?}");
    assert_ne!(inode("index.html"), page, "written anew");
    assert_eq!(std::fs::read(&css).unwrap(), built_css);
    // The new marker lists the same files as the first.
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), listed);
    chiso::output::reclaim_stale(&out).unwrap();
}

/// Run from another folder, `chiso build --data site/data` publishes
/// `site/content` beside it; with no content anywhere, the build says so.
#[test]
fn build_takes_the_content_beside_the_data_and_says_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&repo("tests/fixtures/valid"), &site.join("data"));
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/gioi-thieu.md"), "# Giới thiệu riêng\n").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let run = |data: &str, out: &str| {
        Command::cargo_bin("chiso")
            .unwrap()
            .current_dir(&elsewhere)
            .args(["build", "--lang", "en", "--data", data, "--out", out])
            .output()
            .unwrap()
    };
    let built = run("../site/data", "../out");
    assert_eq!(built.status.code(), Some(0), "{built:?}");
    let page = std::fs::read_to_string(dir.path().join("out/gioi-thieu.html")).unwrap();
    assert!(page.contains("Giới thiệu riêng"));
    assert!(!String::from_utf8_lossy(&built.stderr).contains("no content"));

    std::fs::remove_dir_all(site.join("content")).unwrap();
    let bare = run("../site/data", "../out2");
    assert_eq!(bare.status.code(), Some(0));
    let said = String::from_utf8_lossy(&bare.stderr);
    assert!(said.contains("no content directory"), "{said}");
}
