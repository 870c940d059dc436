//! What each page of a site was made from, listed in the site's marker, so
//! that a rebuild renders again only the pages whose inputs changed.
//!
//! A page is made from two things:
//! - what every page of its language shares, the site's key: chiso
//!   itself, every data file but the groups' scores and published
//!   figures, which units each group holds, the content pages' titles
//!   (every page lists them), the templates and the build's options (see
//!   [`data_key`] and [`site_key`]); a content page adds its own text
//!   ([`content_key`]), which no other page shows;
//! - the results of the groups its context read, recorded while it was
//!   built (`site::capture`), each known by its fingerprint
//!   ([`crate::compute::GroupResult::fingerprint`]).
//!
//! Its key hashes both. A rebuild that finds a page's previous key again,
//! from the same groups as they are now, links the previous page and its
//! chart files into the new site instead of building them: the page
//! would come out byte for byte the same.

use crate::compute::Results;
use crate::model::Dataset;
use crate::site::ContentPage;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Every group of every edition, in the results' order (the order of
/// `Site::flat_group`), with its fingerprint.
pub struct Groups {
    names: Vec<(i32, String)>,
    fingerprints: Vec<u128>,
    by_name: FxHashMap<(i32, String), u32>,
}

impl Groups {
    pub fn of(results: &Results) -> Groups {
        let all: Vec<_> = results
            .editions
            .iter()
            .flat_map(|e| e.groups.iter().map(move |g| (e.year, g)))
            .collect();
        let fingerprints = all.par_iter().map(|(_, g)| g.fingerprint()).collect();
        let names: Vec<(i32, String)> = all.iter().map(|(y, g)| (*y, g.id.clone())).collect();
        let by_name = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        Groups {
            names,
            fingerprints,
            by_name,
        }
    }

    /// The key of the downloads of edition `year`: the data's key and
    /// every group of that edition.
    pub fn edition_key(&self, data: u128, year: i32) -> u128 {
        let mut h = Xxh3::new();
        h.update(&data.to_le_bytes());
        h.update(&year.to_le_bytes());
        for (name, fingerprint) in self.names.iter().zip(&self.fingerprints) {
            if name.0 == year {
                h.update(&fingerprint.to_le_bytes());
            }
        }
        h.digest128()
    }

    /// The key of the downloads of all editions together: the data's key
    /// and every group of every edition.
    pub fn all_key(&self, data: u128) -> u128 {
        let mut h = Xxh3::new();
        h.update(&data.to_le_bytes());
        h.update(b"all");
        for ((year, _), fingerprint) in self.names.iter().zip(&self.fingerprints) {
            h.update(&year.to_le_bytes());
            h.update(&fingerprint.to_le_bytes());
        }
        h.digest128()
    }

    /// The key of a page of the site keyed `site` that read `reads`
    /// (positions, sorted).
    pub fn key(&self, site: u128, reads: &[u32]) -> u128 {
        let mut h = Xxh3::new();
        h.update(&site.to_le_bytes());
        for &r in reads {
            let (year, _) = &self.names[r as usize];
            h.update(&year.to_le_bytes());
            h.update(&self.fingerprints[r as usize].to_le_bytes());
        }
        h.digest128()
    }
}

/// A download as a build made it: the key of its inputs (its edition's,
/// [`Groups::edition_key`], or every edition's, [`Groups::all_key`]), its
/// rows, size and SHA-256.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadRecord {
    pub key: u128,
    pub rows: usize,
    pub size: u64,
    pub sha256: String,
}

/// How a build's downloads are matched with the previous site's: the key
/// of each edition's, by year, the key of those of all editions together,
/// and what the previous site's were made from, by path.
#[derive(Default)]
pub struct DownloadReuse {
    pub keys: FxHashMap<i32, u128>,
    pub all: Option<u128>,
    pub previous: FxHashMap<String, DownloadRecord>,
}

impl DownloadReuse {
    /// The key of the downloads of edition `year`, or of all editions
    /// (`None`); `None` when nothing may be reused.
    pub fn key(&self, year: Option<i32>) -> Option<u128> {
        match year {
            Some(year) => self.keys.get(&year).copied(),
            None => self.all,
        }
    }
}

/// What one page was made from and what it wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRecord {
    pub key: u128,
    /// XXH3-128 of the page, as the marker lists it.
    pub html: u128,
    /// The groups read: positions in this build's [`Groups`], or, read
    /// from a marker, in that marker's list of groups.
    pub reads: Vec<u32>,
    /// The chart files it wrote: path, XXH3-128 and SHA-256.
    pub files: Vec<(String, u128, String)>,
}

/// What the site a build replaces was made from, read from its marker.
#[derive(Default)]
pub struct Previous {
    groups: Vec<(i32, String)>,
    pages: FxHashMap<String, PageRecord>,
    pub downloads: FxHashMap<String, DownloadRecord>,
}

const HEAD: &str =
    "# what each page was made from: its key, its XXH3-128, the groups it read (for its next build)\n";

impl Previous {
    /// The pages listed in a marker's text; anything not understood is
    /// skipped, and a page without its record is simply built again.
    pub fn parse(marker: &str) -> Previous {
        let mut previous = Previous::default();
        let mut pages: Vec<(String, PageRecord)> = Vec::new();
        for line in marker.lines() {
            let Some((word, rest)) = line.split_once(' ') else {
                continue;
            };
            match word {
                "group" => {
                    let Some((year, id)) = rest.split_once(' ') else {
                        return Previous::default();
                    };
                    let Ok(year) = year.parse() else {
                        return Previous::default();
                    };
                    previous.groups.push((year, id.to_string()));
                }
                "page" => {
                    let mut parts = rest.splitn(4, ' ');
                    let record = (|| {
                        let key = u128::from_str_radix(parts.next()?, 16).ok()?;
                        let html = u128::from_str_radix(parts.next()?, 16).ok()?;
                        let reads = match parts.next()? {
                            "-" => Vec::new(),
                            list => list
                                .split(',')
                                .map(|r| r.parse().ok())
                                .collect::<Option<Vec<u32>>>()?,
                        };
                        let path = parts.next()?.to_string();
                        Some((
                            path,
                            PageRecord {
                                key,
                                html,
                                reads,
                                files: Vec::new(),
                            },
                        ))
                    })();
                    match record {
                        Some(record) => pages.push(record),
                        None => return Previous::default(),
                    }
                }
                "file" => {
                    let mut parts = rest.splitn(3, ' ');
                    let file = (|| {
                        let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
                        let sha = parts.next()?.to_string();
                        Some((parts.next()?.to_string(), hash, sha))
                    })();
                    match (file, pages.last_mut()) {
                        (Some(file), Some((_, page))) => page.files.push(file),
                        _ => return Previous::default(),
                    }
                }
                "download" => {
                    let mut parts = rest.splitn(5, ' ');
                    let download = (|| {
                        let key = u128::from_str_radix(parts.next()?, 16).ok()?;
                        let rows = parts.next()?.parse().ok()?;
                        let size = parts.next()?.parse().ok()?;
                        let sha256 = parts.next()?.to_string();
                        let path = parts.next()?.to_string();
                        Some((
                            path,
                            DownloadRecord {
                                key,
                                rows,
                                size,
                                sha256,
                            },
                        ))
                    })();
                    match download {
                        Some((path, record)) => {
                            previous.downloads.insert(path, record);
                        }
                        None => return Previous::default(),
                    }
                }
                _ => {}
            }
        }
        let known = previous.groups.len() as u32;
        if pages
            .iter()
            .any(|(_, p)| p.reads.iter().any(|&r| r >= known))
        {
            return Previous::default();
        }
        previous.pages = pages.into_iter().collect();
        previous
    }

    /// What `path` was made from last time, with the groups it read as
    /// positions in `groups` (this build's), when each of them is still
    /// there.
    pub fn page(&self, path: &str, groups: &Groups) -> Option<PageRecord> {
        let record = self.pages.get(path)?;
        let mut reads = record
            .reads
            .iter()
            .map(|&r| groups.by_name.get(&self.groups[r as usize]).copied())
            .collect::<Option<Vec<u32>>>()?;
        reads.sort_unstable();
        Some(PageRecord {
            reads,
            ..record.clone()
        })
    }
}

/// The marker's lines for `pages` and `downloads` (path and record, in
/// any order): the groups read by any page, each page in path order with
/// its files, then each download.
pub fn text(
    groups: &Groups,
    pages: &mut [(String, PageRecord)],
    downloads: &mut [(String, DownloadRecord)],
) -> String {
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    downloads.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let read: std::collections::BTreeSet<u32> = pages
        .iter()
        .flat_map(|(_, p)| p.reads.iter().copied())
        .collect();
    let position: FxHashMap<u32, usize> = read.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut out = String::from(HEAD);
    for &r in &read {
        let (year, id) = &groups.names[r as usize];
        out.push_str(&format!("group {year} {id}\n"));
    }
    for (path, page) in pages.iter() {
        let reads = if page.reads.is_empty() {
            "-".to_string()
        } else {
            page.reads
                .iter()
                .map(|r| position[r].to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        out.push_str(&format!(
            "page {:032x} {:032x} {reads} {path}\n",
            page.key, page.html
        ));
        for (file, hash, sha) in &page.files {
            out.push_str(&format!("file {hash:032x} {sha} {file}\n"));
        }
    }
    for (path, d) in downloads.iter() {
        out.push_str(&format!(
            "download {:032x} {} {} {} {path}\n",
            d.key, d.rows, d.size, d.sha256
        ));
    }
    out
}

/// The key of what every page and download shares, from the data: chiso
/// itself (the key `build.rs` gives it), whether drafts are
/// allowed, every file of the data folder but the tables whose figures
/// reach the pages only as a group's results, and which units each group
/// holds. `None` when a file cannot be read: nothing is then reused.
pub fn data_key(dataset: &Dataset, results: &Results, allow_draft: bool) -> Option<u128> {
    let mut h = Xxh3::new();
    h.update(env!("CHISO_SOURCE_KEY").as_bytes());
    h.update(&[allow_draft as u8]);
    let figures = figure_tables(dataset);
    hash_folder(&mut h, &dataset.root, &figures)?;
    for edition in &results.editions {
        h.update(&edition.year.to_le_bytes());
        for group in &edition.groups {
            h.update(group.id.as_bytes());
            h.update(&[0]);
            let mut units: Vec<&str> = group.units.iter().map(|u| u.unit.as_str()).collect();
            units.sort_unstable();
            for unit in units {
                h.update(unit.as_bytes());
                h.update(&[0]);
            }
            h.update(&[1]);
        }
    }
    Some(h.digest128())
}

/// The key of one language's pages: [`data_key`], the language, where
/// its pages are, the site's address, the templates, and the name, title
/// and language of each of its content pages (every page links them), not
/// their text: an edit to a content page's text makes that page again,
/// not the site.
pub fn site_key(
    data: u128,
    lang: &str,
    prefix: &str,
    base_url: Option<&str>,
    content: &[ContentPage],
    templates: &Path,
) -> Option<u128> {
    let mut h = Xxh3::new();
    h.update(&data.to_le_bytes());
    for part in [lang, prefix, base_url.unwrap_or("")] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    for page in content {
        for part in [
            page.slug.as_str(),
            page.title.as_str(),
            page.lang.map_or("", |l| l.code()),
        ] {
            h.update(part.as_bytes());
            h.update(&[0]);
        }
    }
    h.update(templates.as_os_str().as_encoded_bytes());
    hash_folder(&mut h, templates, &FxHashSet::default())?;
    Some(h.digest128())
}

/// The key of a content page of the site keyed `site`: that key and the
/// page's text.
pub fn content_key(site: u128, page: &ContentPage) -> u128 {
    let mut h = Xxh3::new();
    h.update(&site.to_le_bytes());
    h.update(page.html.as_bytes());
    h.digest128()
}

/// The files whose every figure reaches the pages through the results:
/// the groups' scores (long and wide) and published tables. A file that
/// also holds a framework is not one of them.
fn figure_tables(dataset: &Dataset) -> FxHashSet<PathBuf> {
    let mut tables = FxHashSet::default();
    let mut frameworks = FxHashSet::default();
    for group in dataset.editions.iter().flat_map(|e| &e.groups) {
        if let Some(scores) = &group.scores {
            tables.insert(scores.location.file.clone());
            if let Some(wide) = scores.wide_location() {
                tables.insert(wide.file.clone());
            }
        }
        if let Some(published) = &group.published {
            tables.insert(published.location.file.clone());
        }
        if let Some(framework) = &group.framework {
            frameworks.insert(framework.location.file.clone());
        }
    }
    tables.retain(|t| !frameworks.contains(t));
    tables
}

/// Every file under `folder` but `skip`, by path in name order, with its
/// bytes. A folder that does not exist adds nothing. Links are followed,
/// as chiso reads through them (a loop of links: no key); a `.git`
/// folder, which chiso never reads and which may be large, is left out.
fn hash_folder(h: &mut Xxh3, folder: &Path, skip: &FxHashSet<PathBuf>) -> Option<()> {
    if !folder.exists() {
        h.update(b"none");
        return Some(());
    }
    let hidden = |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name() == ".git";
    for entry in walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() || skip.contains(entry.path()) {
            continue;
        }
        let relative = entry.path().strip_prefix(folder).ok()?;
        h.update(relative.as_os_str().as_encoded_bytes());
        h.update(&[0]);
        h.update(&std::fs::read(entry.path()).ok()?);
        h.update(&[1]);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Groups {
        let names = vec![(2024, "xa".to_string()), (2025, "xa".to_string())];
        Groups {
            by_name: names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i as u32))
                .collect(),
            names,
            fingerprints: vec![1, 2],
        }
    }

    #[test]
    fn a_marker_gives_back_each_page_with_its_groups_and_files() {
        let groups = groups();
        let mut pages = vec![
            (
                "don-vi/a.html".to_string(),
                PageRecord {
                    key: groups.key(7, &[1]),
                    html: 0xabc,
                    reads: vec![1],
                    files: vec![("don-vi/a.svg".into(), 0xdef, "00ff".into())],
                },
            ),
            (
                "index.html".to_string(),
                PageRecord {
                    key: groups.key(7, &[]),
                    html: 0x123,
                    reads: vec![],
                    files: vec![],
                },
            ),
        ];
        let download = DownloadRecord {
            key: groups.edition_key(7, 2025),
            rows: 12,
            size: 345,
            sha256: "ab".repeat(32),
        };
        let mut downloads = vec![("du-lieu/2025/ket-qua.csv".to_string(), download.clone())];
        let text = text(&groups, &mut pages, &mut downloads);
        let previous = Previous::parse(&text);
        assert_eq!(
            previous.downloads.get("du-lieu/2025/ket-qua.csv"),
            Some(&download)
        );
        // Written with one group only, read back against both.
        assert_eq!(previous.groups, vec![(2025, "xa".to_string())]);
        for (path, page) in &pages {
            assert_eq!(previous.page(path, &groups).as_ref(), Some(page), "{text}");
        }
        assert!(previous.page("nowhere.html", &groups).is_none());
    }

    #[test]
    fn a_key_changes_with_the_site_and_with_each_group_read() {
        let mut groups = groups();
        let key = groups.key(7, &[0, 1]);
        assert_ne!(groups.key(8, &[0, 1]), key);
        assert_ne!(groups.key(7, &[1]), key);
        groups.fingerprints[0] = 9;
        assert_ne!(groups.key(7, &[0, 1]), key);
        assert_eq!(groups.key(7, &[1]), groups.key(7, &[1]));
        // An edition's downloads follow its own groups only.
        let (y2024, y2025) = (groups.edition_key(7, 2024), groups.edition_key(7, 2025));
        groups.fingerprints[1] = 10;
        assert_eq!(groups.edition_key(7, 2024), y2024);
        assert_ne!(groups.edition_key(7, 2025), y2025);
    }

    #[test]
    fn a_damaged_marker_reuses_nothing() {
        let groups = groups();
        for damaged in [
            "group 2025 xa\npage zz 1 0 a.html\n",
            "group 2025 xa\npage 1 1 3 a.html\n",
            "file 1 00 a.svg\n",
        ] {
            assert!(Previous::parse(damaged).page("a.html", &groups).is_none());
        }
    }
}
