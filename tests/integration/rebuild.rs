//! A rebuild takes over the pages made from unchanged inputs and makes the
//! rest: whatever was edited, its site is the one a fresh build makes.

use super::site::{build_site, tree};
use super::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Moves a hundredth of a point of one unit's scores in `year`'s group
/// `group` from a sub-criterion of one field to one of another field, with
/// every node above each: the unit's total, index and rank stay as
/// published, its fields' scores and the group's field means change.
/// Returns the unit.
fn move_a_hundredth(data: &Path, year: i32, group: &str) -> String {
    shift_a_hundredth(data, year, group, false)
}

/// Gives one unit of `year`'s group `group` a hundredth of a point more on
/// a sub-criterion and every node above it, and publishes what follows:
/// its total, index and band, and every unit's rank. Returns the unit.
fn raise_a_hundredth(data: &Path, year: i32, group: &str) -> String {
    shift_a_hundredth(data, year, group, true)
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    std::iter::once(head)
        .chain(
            reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect()),
        )
        .collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

fn shift_a_hundredth(data: &Path, year: i32, group: &str, raise: bool) -> String {
    let edition = data.join(format!("editions/{year}"));
    let read = |name: &str| read_csv(&edition.join(name));
    let framework = read(&format!("framework-{group}.csv"));
    let col = |rows: &[Vec<String>], name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (fc, fp, fm) = (
        col(&framework, "code"),
        col(&framework, "parent"),
        col(&framework, "max"),
    );
    let parent: BTreeMap<String, String> = framework[1..]
        .iter()
        .map(|r| (r[fc].clone(), r[fp].clone()))
        .collect();
    let max: BTreeMap<String, Decimal> = framework[1..]
        .iter()
        .map(|r| (r[fc].clone(), Decimal::from_str(&r[fm]).unwrap()))
        .collect();
    let is_leaf = |code: &str| !parent.values().any(|p| p == code);
    let field = |code: &str| {
        let mut at = code.to_string();
        while !parent[&at].is_empty() {
            at = parent[&at].clone();
        }
        at
    };
    let name = format!("scores-{group}.csv");
    let mut scores = read(&name);
    let (su, sc, ss) = (
        col(&scores, "unit"),
        col(&scores, "code"),
        col(&scores, "score"),
    );
    let hundredth = Decimal::new(1, 2);
    let score = |r: &Vec<String>| Decimal::from_str(&r[ss]).ok();
    let units: Vec<String> = scores[1..].iter().map(|r| r[su].clone()).collect();
    let (unit, up, down) = units
        .iter()
        .find_map(|unit| {
            let leaves: Vec<&Vec<String>> = scores[1..]
                .iter()
                .filter(|r| &r[su] == unit && is_leaf(&r[sc]) && score(r).is_some())
                .collect();
            let up = leaves
                .iter()
                .find(|r| score(r).unwrap() + hundredth <= max[&r[sc]])?;
            let down = leaves
                .iter()
                .find(|r| score(r).unwrap() >= hundredth && field(&r[sc]) != field(&up[sc]))?;
            Some((unit.clone(), up[sc].clone(), down[sc].clone()))
        })
        .expect("a unit with room to move a hundredth");
    let shifts = if raise {
        vec![(up, hundredth)]
    } else {
        vec![(up, hundredth), (down, -hundredth)]
    };
    for (leaf, by) in shifts {
        let mut at = leaf;
        while !at.is_empty() {
            for row in scores[1..].iter_mut() {
                if row[su] == unit && row[sc] == at {
                    row[ss] = (score(row).unwrap() + by).to_string();
                }
            }
            at = parent[&at].clone();
        }
    }
    write_csv(&edition.join(&name), &scores);
    if raise {
        publish_a_hundredth_more(&edition, group, &unit);
    }
    unit
}

/// The published figures once `unit` of `group` gained a hundredth: its
/// achieved points, index (half up, the edition's two decimals) and band,
/// and every unit's rank (1 + how many have a strictly higher index).
fn publish_a_hundredth_more(edition: &Path, group: &str, unit: &str) {
    let about: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(edition.join("edition.json")).unwrap())
            .unwrap();
    let bands: Vec<(String, Decimal)> = about["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["name"].as_str().unwrap().to_string(),
                Decimal::from_str(&b["min"].to_string()).unwrap(),
            )
        })
        .collect();
    let path = edition.join(format!("published-{group}.csv"));
    let mut rows = read_csv(&path);
    let at = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (u, a, m, i, r, b) = (
        at("unit"),
        at("achieved"),
        at("max"),
        at("index"),
        at("rank"),
        at("band"),
    );
    let number = |s: &str| Decimal::from_str(s).unwrap();
    let row = rows.iter_mut().find(|row| row[u] == unit).unwrap();
    let achieved = number(&row[a]) + Decimal::new(1, 2);
    let index = (achieved * Decimal::from(100) / number(&row[m]))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    row[a] = achieved.to_string();
    row[i] = index.to_string();
    row[b] = bands
        .iter()
        .find(|(_, min)| index >= *min)
        .unwrap()
        .0
        .clone();
    let exact: Vec<Decimal> = rows[1..]
        .iter()
        .map(|row| number(&row[a]) / number(&row[m]))
        .collect();
    for (row, mine) in rows[1..].iter_mut().zip(&exact) {
        row[r] = (1 + exact.iter().filter(|other| *other > mine).count()).to_string();
    }
    write_csv(&path, &rows);
}

/// Builds `data` into `out`, edits it with `edit`, rebuilds into `out`
/// and checks the result against a fresh build of the edited data, file by
/// file, marker included. Returns the rebuild's summary, the site before
/// and after, and the files it took over from the previous site.
fn rebuild_after(
    edit: impl FnOnce(&Path),
) -> (
    chiso::build::Summary,
    Trees,
    std::collections::BTreeSet<String>,
) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("data"), &data);
    let out = dir.path().join("public");
    build_site(&data, &out);
    let before = tree(&out);
    let inodes_before = inodes(&out);
    edit(&data);
    let summary = build_site(&data, &out);
    let inodes_after = inodes(&out);
    // Files are kept by a link to the previous site's: the same inode.
    let kept = inodes_after
        .iter()
        .filter(|(path, inode)| inodes_before.get(*path) == Some(*inode))
        .map(|(path, _)| path.clone())
        .collect();
    assert_fresh(&out, &dir.path().join("fresh"), |fresh| {
        build_site(&data, fresh);
    });
    chiso::output::reclaim_stale(&out).unwrap();
    (summary, (before, tree(&out)), kept)
}

/// Checks that the site in `out` is, file by file, marker included, the
/// one `build` makes afresh into `fresh`.
fn assert_fresh(out: &Path, fresh: &Path, build: impl FnOnce(&Path)) {
    build(fresh);
    let (rebuilt, fresh) = (tree(out), tree(fresh));
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = rebuilt
        .iter()
        .filter(|(path, bytes)| fresh[*path] != **bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(
        differ.is_empty(),
        "{} file(s) differ from a fresh build: {:?}",
        differ.len(),
        &differ[..differ.len().min(10)]
    );
}

type Trees = (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>);

/// Every file's inode, by path.
fn inodes(root: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    tree(root)
        .into_keys()
        .map(|path| {
            let inode = std::fs::metadata(root.join(&path)).unwrap().ino();
            (path, inode)
        })
        .collect()
}

#[test]
fn a_rebuild_after_a_score_moved_in_the_latest_edition_is_a_fresh_build() {
    let mut unit = String::new();
    let (summary, (before, after), kept) =
        rebuild_after(|data| unit = move_a_hundredth(data, 2025, "xa-dac-khu"));
    // The unit's page, its group's pages for 2025 and the site-wide pages
    // were made again; every other page was taken over.
    assert!(summary.pages_kept > summary.pages / 2, "{summary:?}");
    assert!(summary.pages_kept < summary.pages, "{summary:?}");
    let page = format!("don-vi/{unit}.html");
    assert_ne!(
        before[&page], after[&page],
        "{page} shows its fields' scores"
    );
    // The earlier editions' downloads were taken over; 2025's and those of
    // all editions together were made again.
    let downloads = |folder: &str| -> Vec<&String> {
        after
            .keys()
            .filter(|p| p.starts_with(&format!("du-lieu/{folder}/")))
            .collect()
    };
    assert!(!downloads("2024").is_empty());
    for path in downloads("2024") {
        assert!(kept.contains(path), "{path} was made again");
    }
    let whole = [
        "du-lieu/chiso.sqlite".to_string(),
        "du-lieu/chiso-du-lieu.zip".into(),
    ];
    for path in downloads("2025")
        .into_iter()
        .chain(downloads("tat-ca"))
        .chain(&whole)
    {
        assert!(!kept.contains(path), "{path} was taken over");
    }
}

#[test]
fn a_rebuild_after_a_score_moved_in_an_older_edition_is_a_fresh_build() {
    // The 2024 districts are the predecessors of 2025's units: their
    // pages show these results as history.
    let (summary, _, _) = rebuild_after(|data| {
        move_a_hundredth(data, 2024, "huyen");
        raise_a_hundredth(data, 2024, "huyen");
    });
    assert!(summary.pages_kept > summary.pages / 2, "{summary:?}");
    assert!(summary.pages_kept < summary.pages, "{summary:?}");
}

#[test]
fn a_rebuild_after_a_reason_or_a_self_assessment_changed_is_a_fresh_build() {
    let (summary, _, _) = rebuild_after(|data| {
        let path = data.join("editions/2023/scores-xa.csv");
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let head = reader.headers().unwrap().clone();
        let at = |name: &str| head.iter().position(|c| c == name).unwrap();
        let (score, own, note) = (at("score"), at("self_score"), at("note"));
        let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        // The first row with a reason gets another, and the unit's own
        // assessment of it becomes its score.
        let row = rows
            .iter_mut()
            .find(|r| !r[note].is_empty() && r[own] != r[score])
            .expect("a row with a reason");
        let mut cells: Vec<String> = row.iter().map(String::from).collect();
        cells[own] = cells[score].clone();
        cells[note] = "Lý do mới, <b>có dấu phẩy</b>".into();
        *row = csv::StringRecord::from(cells);
        let mut writer = csv::Writer::from_path(&path).unwrap();
        writer.write_record(&head).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        writer.flush().unwrap();
    });
    assert!(summary.pages_kept < summary.pages, "{summary:?}");
}

#[test]
fn a_rebuild_after_a_name_or_a_page_of_content_changed_makes_every_page() {
    let (summary, _, _) = rebuild_after(|data| {
        edit_file(&data.join("units.csv"), |text| {
            text.replacen("Văn phòng", "Văn  phòng", 1)
        });
    });
    assert_eq!(summary.pages_kept, 0, "{summary:?}");
}

#[test]
fn an_unchanged_rebuild_takes_every_page_over_but_the_data_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = build_site(&repo("data"), &out);
    assert_eq!(first.pages_kept, 0);
    let before = inodes(&out);
    let second = build_site(&repo("data"), &out);
    // One Data page per language: it lists the downloads.
    assert_eq!(second.pages_kept, second.pages - 2, "{second:?}");
    // Every table was taken over, those of all editions together, the
    // database and the ZIP included (the maps' boundaries are written
    // again: they are copied from the data, not made; so is the data
    // package, which lists the files).
    let after = inodes(&out);
    let downloads: Vec<&String> = after
        .keys()
        .filter(|p| p.starts_with("du-lieu/") && !p.starts_with("du-lieu/ban-do/"))
        .filter(|p| *p != "du-lieu/datapackage.json")
        .collect();
    assert!(downloads.len() > 40, "{downloads:?}");
    for path in downloads {
        assert_eq!(before.get(path), after.get(path), "{path} was made again");
    }
    chiso::output::reclaim_stale(&out).unwrap();
}

/// Data reached through a link is read through it, and so is what a
/// rebuild compares: an edit behind the link is not missed.
#[test]
fn a_rebuild_sees_an_edit_in_a_folder_the_data_links_to() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&repo("data"), &data);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::rename(data.join("editions/2025"), elsewhere.join("2025")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("2025"), data.join("editions/2025")).unwrap();
    let out = dir.path().join("public");
    build_site(&data, &out);
    let again = build_site(&data, &out);
    assert_eq!(again.pages_kept, again.pages - 2, "{again:?}");
    edit_file(&elsewhere.join("2025/framework-xa-dac-khu.csv"), |text| {
        text.replacen("Kế hoạch", "Kế hoạch năm", 1)
    });
    let summary = build_site(&data, &out);
    assert_eq!(summary.pages_kept, 0, "{summary:?}");
    assert_fresh(&out, &dir.path().join("fresh"), |fresh| {
        build_site(&data, fresh);
    });
    chiso::output::reclaim_stale(&out).unwrap();
}

/// A page edited by hand after the build is not taken over, though its
/// inputs did not change: the rebuild makes it again as it should be.
#[test]
fn a_page_edited_since_the_build_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_site(&repo("data"), &out);
    let page = out.join("don-vi/index.html");
    let built = std::fs::read(&page).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut edited = built.clone();
    edited[0] ^= 0x20;
    std::fs::write(&page, &edited).unwrap();
    let again = build_site(&repo("data"), &out);
    assert_eq!(again.pages_kept, again.pages - 3, "{again:?}");
    assert_eq!(std::fs::read(&page).unwrap(), built);
    chiso::output::reclaim_stale(&out).unwrap();
}

/// A content page's text is shown on that page only: editing it makes that
/// page again and takes every other page over. Its title is listed on
/// every page of its language: editing it makes them all again.
#[test]
fn an_edit_to_a_content_page_s_text_makes_only_that_page() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo("content"), &content);
    let out = dir.path().join("public");
    let options = |out: &Path| chiso::build::BuildOptions {
        content: content.clone(),
        ..super::site::options(&repo("data"), out)
    };
    let build = |out: &Path| chiso::build::build(&options(out)).unwrap();
    build(&out);
    let page = content.join("phuong-phap.md");
    edit_file(&page, |text| {
        text.replacen("Trang này giải thích", "Trang này *giải thích*", 1)
    });
    let before = inodes(&out);
    let summary = build(&out);
    let after = inodes(&out);
    // The two Data pages, which list the downloads, and the edited page;
    // its English translation is a file of its own, unchanged.
    assert_eq!(summary.pages_kept, summary.pages - 3, "{summary:?}");
    assert_ne!(before["phuong-phap.html"], after["phuong-phap.html"]);
    assert_eq!(before["en/phuong-phap.html"], after["en/phuong-phap.html"]);
    assert_fresh(&out, &dir.path().join("fresh"), |fresh| {
        build(fresh);
    });
    assert!(String::from_utf8(tree(&out)["phuong-phap.html"].clone())
        .unwrap()
        .contains("<em>giải thích</em>"));

    // The title, in every page's list of content pages: every Vietnamese
    // page is made again; the English ones list the translation's title.
    edit_file(&page, |text| text.replacen("# Phương pháp", "# Cách", 1));
    let summary = build(&out);
    let english = tree(&out)
        .keys()
        .filter(|p| p.starts_with("en/") && p.ends_with(".html"))
        .count();
    assert_eq!(summary.pages_kept, english - 1, "{summary:?}");
    assert_fresh(&out, &dir.path().join("fresh-title"), |fresh| {
        build(fresh);
    });
    chiso::output::reclaim_stale(&out).unwrap();
}
