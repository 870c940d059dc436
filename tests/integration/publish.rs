//! Publishing the output safely: through a symlinked web root, keeping the
//! publisher's own files, reading content only from its folder, leaving no
//! staging folder behind a killed build, and failing cleanly on I/O errors.

#![cfg(unix)]

use super::site::{options, tree};
use super::*;
use chiso::build::{build, BuildError};
use std::os::unix::fs::symlink;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHISO: &str = env!("CARGO_BIN_EXE_chiso");

/// Names beside `out` that start with `.NAME.chiso-` (staging folders and
/// replaced sites).
fn leftovers(out: &Path, kind: &str) -> Vec<PathBuf> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let prefix = format!(".{name}.chiso-{kind}-");
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn chiso_build(data: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(CHISO);
    cmd.current_dir(repo(""))
        .arg("build")
        .args(["--lang", "en"])
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null());
    cmd
}

/// Starts a build of the province sample and returns once its staging
/// folder exists, with the build still writing into it.
fn build_in_progress(out: &Path) -> (Child, PathBuf) {
    let mut child = chiso_build(&repo("data"), out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut staging = None;
    wait_until("the staging folder", || {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the build ended before it was interrupted: {status}");
        }
        staging = leftovers(out, "new").into_iter().next();
        staging.is_some()
    });
    (child, staging.unwrap())
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

// 8. A symlinked --out.

#[test]
fn a_symlinked_out_publishes_into_the_folder_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let webroot = dir.path().join("www/site");
    std::fs::create_dir_all(&webroot).unwrap();
    let out = dir.path().join("public");
    symlink(&webroot, &out).unwrap();

    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    assert!(std::fs::symlink_metadata(&out).unwrap().is_symlink());
    assert!(
        webroot.join("index.html").is_file(),
        "the web root got the site"
    );
    let first = tree(&webroot);

    build(&options(&repo("examples/tam-nong-2021"), &out)).unwrap();
    assert!(
        std::fs::symlink_metadata(&out).unwrap().is_symlink(),
        "the link is kept"
    );
    assert_eq!(std::fs::read_link(&out).unwrap(), webroot);
    let second = tree(&webroot);
    assert_ne!(first, second, "the web root has the new site");
    assert_eq!(tree(&out), second);
    // Staging and the replaced site lie beside the web root, not the link.
    assert!(leftovers(&out, "new").is_empty());
    assert!(leftovers(&out, "old").is_empty());
    let old = leftovers(&webroot, "old").len();
    assert!(old > 0);
    assert_eq!(chiso::output::reclaim_stale(&out).unwrap(), old);
    assert!(leftovers(&webroot, "old").is_empty());
}

#[test]
fn a_dangling_symlinked_out_publishes_into_the_folder_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let webroot = dir.path().join("www/site");
    std::fs::create_dir_all(webroot.parent().unwrap()).unwrap();
    let out = dir.path().join("public");
    // A relative link, as `ln -s www/site public` makes.
    symlink("www/site", &out).unwrap();
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    assert!(std::fs::symlink_metadata(&out).unwrap().is_symlink());
    assert!(webroot.join("index.html").is_file());
}

#[test]
fn a_symlinked_out_leading_somewhere_forbidden_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("tests/fixtures/valid"), &data);
    let cases: Vec<(&str, PathBuf)> = vec![
        ("root", PathBuf::from("/")),
        ("data", data.clone()),
        ("inside-data", data.join("public")),
        ("etc", PathBuf::from("/etc")),
    ];
    for (name, target) in cases {
        let out = dir.path().join(format!("out-{name}"));
        symlink(&target, &out).unwrap();
        let result = build(&options(&data, &out));
        assert!(
            matches!(result, Err(BuildError::Output(_))),
            "{name}: {:?}",
            result.map(|s| s.files)
        );
        assert!(std::fs::symlink_metadata(&out).unwrap().is_symlink());
    }
    assert!(!data.join("public").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".chiso-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

// 9. The publisher's own files.

#[test]
fn files_a_publisher_adds_to_the_output_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    std::fs::create_dir_all(out.join(".git/refs")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join("CNAME"), "cchc.example.gov.vn\n").unwrap();
    std::fs::write(out.join(".nojekyll"), "").unwrap();
    std::fs::create_dir_all(out.join(".well-known")).unwrap();
    std::fs::write(out.join(".well-known/security.txt"), "Contact: x\n").unwrap();
    // Not carried: anything else, and dot-files below the top.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("assets/.hidden"), "x").unwrap();

    build(&options(&repo("examples/tam-nong-2021"), &out)).unwrap();
    let site = tree(&out);
    assert_eq!(site[".git/HEAD"], b"ref: refs/heads/gh-pages\n");
    assert_eq!(site["CNAME"], b"cchc.example.gov.vn\n");
    assert_eq!(site[".nojekyll"], b"");
    assert_eq!(site[".well-known/security.txt"], b"Contact: x\n");
    assert!(out.join(".git/refs").is_dir());
    assert!(!site.contains_key("notes.txt"));
    assert!(!site.contains_key("assets/.hidden"));
    // They are the publisher's, not published data.
    let sums = String::from_utf8(site["SHA256SUMS"].clone()).unwrap();
    assert!(!sums.contains("CNAME") && !sums.contains(".git"), "{sums}");
    let marker = String::from_utf8(site[chiso::output::MARKER].clone()).unwrap();
    assert!(!marker.contains("CNAME") && !marker.contains(".git"));
    chiso::output::reclaim_stale(&out).unwrap();
}

#[test]
fn a_web_root_holding_only_a_publishers_files_is_built_into() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join("CNAME"), "cchc.example.gov.vn\n").unwrap();
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    assert!(out.join("index.html").is_file());
    assert!(out.join(".git/HEAD").is_file());
    assert!(out.join("CNAME").is_file());
}

#[test]
fn carried_symlinks_are_kept_as_links_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret"), "top secret").unwrap();
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    symlink(&outside, out.join(".well-known")).unwrap();
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    let link = out.join(".well-known");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_link(&link).unwrap(), outside);
    assert_eq!(
        std::fs::read_to_string(outside.join("secret")).unwrap(),
        "top secret"
    );
    chiso::output::reclaim_stale(&out).unwrap();
    assert_eq!(
        std::fs::read_to_string(outside.join("secret")).unwrap(),
        "top secret",
        "reclaiming the old site did not follow the link"
    );
}

#[test]
fn a_content_or_templates_folder_inside_the_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    let before = tree(&out);
    for which in ["content", "templates"] {
        let folder = out.join(".pages");
        std::fs::create_dir_all(&folder).unwrap();
        let mut opts = options(&repo("tests/fixtures/valid"), &out);
        match which {
            "content" => opts.content = folder.clone(),
            _ => opts.templates = folder.clone(),
        }
        let error = build(&opts).map(|s| s.files).unwrap_err();
        assert!(matches!(error, BuildError::Output(_)), "{which}: {error}");
        assert!(error.to_string().contains(which), "{error}");
        std::fs::remove_dir(&folder).unwrap();
    }
    assert_eq!(tree(&out), before);
}

// 10. Content stays inside content/.

#[test]
fn a_symlink_in_content_to_a_file_elsewhere_is_not_published() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, "# Secret\n\nTOP-SECRET-PASSWORD\n").unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("gioi-thieu.md"), "# Giới thiệu\n\nXin chào\n").unwrap();
    symlink(&secret, content.join("bi-mat.md")).unwrap();
    let out = dir.path().join("public");
    let mut opts = options(&repo("tests/fixtures/valid"), &out);
    opts.content = content.clone();
    let error = build(&opts).map(|s| s.files).unwrap_err();
    assert!(matches!(error, BuildError::Content(_)), "{error}");
    let text = error.to_string();
    assert!(text.contains("bi-mat.md"), "{text}");
    assert!(!out.exists());

    // A link that stays inside the folder is followed.
    std::fs::remove_file(content.join("bi-mat.md")).unwrap();
    symlink("gioi-thieu.md", content.join("about.md")).unwrap();
    build(&opts).unwrap();
    assert!(std::fs::read_to_string(out.join("about.html"))
        .unwrap()
        .contains("Xin chào"));
    // A device or a folder named *.md is not a page either.
    symlink("/dev/zero", content.join("zero.md")).unwrap();
    assert!(matches!(build(&opts), Err(BuildError::Content(_))));
    std::fs::remove_file(content.join("zero.md")).unwrap();
    let pages = html_pages_text(&out);
    assert!(!pages.contains("TOP-SECRET-PASSWORD"));
    chiso::output::reclaim_stale(&out).unwrap();
}

fn html_pages_text(out: &Path) -> String {
    tree(out)
        .into_values()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn a_symlinked_template_leading_outside_its_folder_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-PASSWORD").unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("partials")).unwrap();
    symlink(&secret, templates.join("404.html")).unwrap();
    let out = dir.path().join("public");
    let mut opts = options(&repo("tests/fixtures/valid"), &out);
    opts.templates = templates.clone();
    let error = build(&opts).map(|s| s.files).unwrap_err();
    assert!(matches!(error, BuildError::Template(_)), "{error}");
    assert!(error.to_string().contains("404.html"), "{error}");
    assert!(!out.exists());
    // The partials folder itself a link out.
    std::fs::remove_file(templates.join("404.html")).unwrap();
    std::fs::remove_dir(templates.join("partials")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("chart.html"), "TOP-SECRET-PASSWORD").unwrap();
    symlink(&elsewhere, templates.join("partials")).unwrap();
    assert!(matches!(build(&opts), Err(BuildError::Template(_))));
    assert!(!out.exists());
}

// 11. Killed builds.

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build_and_a_live_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let (mut child, killed) = build_in_progress(&out);
    child.kill().unwrap(); // SIGKILL: nothing runs in the build
    child.wait().unwrap();
    assert!(killed.is_dir(), "the killed build left its staging folder");

    // A build in progress in this process: its staging must stay.
    let live = chiso::output::Staging::begin(&out, &repo("tests/fixtures/valid")).unwrap();
    live.write("index.html", b"in progress").unwrap();

    let done = chiso_build(&repo("tests/fixtures/valid"), &out)
        .output()
        .unwrap();
    assert!(done.status.success(), "{done:?}");
    wait_until("the killed build's staging to go", || !killed.exists());
    // The reclaim has run; give it a moment to do anything more.
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        live.dir().join("index.html").is_file(),
        "the live staging stays"
    );
    assert_eq!(leftovers(&out, "new"), vec![live.dir().to_path_buf()]);
    live.commit().unwrap();
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        b"in progress"
    );
    chiso::output::reclaim_stale(&out).unwrap();
}

#[test]
fn an_interrupted_build_removes_its_staging_folder_and_exits_130_or_143() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    chiso::output::reclaim_stale(&out).unwrap();
    let before = tree(&out);
    for (name, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let (child, staging) = build_in_progress(&out);
        signal(&child, name);
        let status = child.wait_with_output().unwrap().status;
        assert_eq!(status.code(), Some(code), "SIG{name}: {status}");
        assert!(!staging.exists(), "SIG{name}: staging removed");
        assert_eq!(tree(&out), before, "SIG{name}: the previous site stays");
    }
}

// 12. I/O errors.

/// Runs a build with every file it writes limited to `blocks` * 512
/// bytes: a write past that fails as on a full disk (EFBIG), without root.
fn build_with_file_limit(data: &Path, out: &Path, blocks: u64) -> std::process::Output {
    Command::new("sh")
        .current_dir(repo(""))
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f \"$1\" || exit 99; shift; exec \"$@\"")
        .arg("sh")
        .arg(blocks.to_string())
        .arg(CHISO)
        .args(["build", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_is_a_clean_exit_2_naming_the_file_and_the_previous_site_stays() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&options(&repo("tests/fixtures/valid"), &out)).unwrap();
    chiso::output::reclaim_stale(&out).unwrap();
    let before = tree(&out);
    // From a limit that stops the first large file to one that only the
    // largest (the workbooks' sheets) exceed.
    for blocks in [16, 256, 2048, 8192] {
        let done = build_with_file_limit(&repo("data"), &out, blocks);
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(2), "limit {blocks}: {stderr}");
        assert!(!stderr.contains("panicked"), "limit {blocks}: {stderr}");
        assert!(
            stderr.contains(&dir.path().display().to_string()),
            "limit {blocks}: names the file: {stderr}"
        );
        assert_eq!(tree(&out), before, "limit {blocks}: previous site kept");
        assert!(leftovers(&out, "new").is_empty(), "limit {blocks}");
    }
}

/// The workbook writer writes each sheet's rows to a temporary file, and
/// panicked when it could not. Run in a child process of this test binary
/// whose files are limited to 32 KB: only the sheets' files are written.
#[test]
fn a_full_disk_inside_the_xlsx_writer_is_an_error_not_a_panic() {
    use chiso::export::{Scope, FIELDS, FRAMEWORK, RESULTS, UNITS, XLSX_MAX_ROWS};
    const CHILD: &str = "CHISO_TEST_XLSX_FULL_DISK";
    if let Some(dir) = std::env::var_os(CHILD) {
        let checked = check("data");
        let all = Scope::all(&checked.dataset, &checked.results);
        let mut out = chiso::output::CountingSink::default();
        let written = chiso::export::write_xlsx(
            &all,
            &[&RESULTS, &FIELDS, &FRAMEWORK, &UNITS],
            Path::new(&dir),
            XLSX_MAX_ROWS,
            &mut out,
        );
        let error = written.expect_err("the sheets could not be written");
        assert!(error.to_string().contains("File too large"), "{error}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let done = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64 || exit 99; exec \"$0\" \"$@\"")
        .arg(std::env::current_exe().unwrap())
        .args([
            "publish::a_full_disk_inside_the_xlsx_writer_is_an_error_not_a_panic",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD, dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&done.stdout);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_closed_standard_output_is_a_clean_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let done = chiso_build(&repo("tests/fixtures/valid"), &out)
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("standard output"), "{stderr}");
}

#[test]
fn a_content_page_with_a_stray_byte_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut page = "# Giới thiệu\n\nBản quyền ".as_bytes().to_vec();
    page.push(0xA9);
    page.extend_from_slice(" Sở Nội vụ\n".as_bytes());
    std::fs::write(content.join("gioi-thieu.md"), page).unwrap();
    let out = dir.path().join("public");
    let mut opts = options(&repo("tests/fixtures/valid"), &out);
    opts.content = content;
    let error = build(&opts).map(|s| s.files).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("gioi-thieu.md:3:11"), "{text}");
    assert!(text.contains("0xA9"), "{text}");
    assert!(!out.exists());
}
