//! Writing the site: into a staging directory beside the output, swapped
//! into place only when the whole build succeeded.
//!
//! A failed build leaves the previous site untouched, and nothing is ever
//! written outside the output directory: every path is checked, and the
//! output directory itself must be one chiso made (or a new, empty one).

use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Marks a directory as a chiso site, so a later build may replace it.
pub const MARKER: &str = ".chiso-site";

#[derive(Debug)]
pub enum OutputError {
    /// The output directory is not one chiso may write: the reason.
    Refused(String),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(why) => write!(f, "{why}"),
            OutputError::Io(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// A build's output in progress. Dropping it without [`Staging::commit`]
/// removes the staging directory and leaves the previous site as it was.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// The site this build replaces (one chiso wrote), whose files are
    /// linked rather than written again where they have not changed.
    previous: Option<PathBuf>,
    /// Files taken over from `previous` unchanged.
    reused: AtomicUsize,
    /// What `previous` holds, as its marker lists it (see `Manifest`).
    known: Manifest,
    /// What this build writes with `write`, for its own marker: sent by
    /// the threads that render (a channel's send takes no lock), received
    /// once, at the swap.
    written: std::sync::mpsc::Sender<(String, u64, u128)>,
    written_list: std::sync::Mutex<std::sync::mpsc::Receiver<(String, u64, u128)>>,
    // Atomic so that pages rendered in parallel can be written directly.
    bytes: AtomicU64,
    files: AtomicUsize,
    /// Time spent in file system calls, summed over threads.
    write_nanos: AtomicU64,
}

/// Runs `op` on `path`, first making its folder if `op` finds it missing:
/// most files go into a folder made for an earlier one, and asking the
/// file system first (a failed mkdir and a stat) would cost as much as a
/// small write, and remembering the folders would take a shared set.
fn in_folder<T>(path: &Path, op: impl Fn() -> io::Result<T>) -> io::Result<T> {
    match op() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            op()
        }
        done => done,
    }
}

/// Refuses output directories whose replacement would lose someone's
/// files: the file system root, the home directory, the data directory
/// (or one containing it), and non-empty directories chiso did not make.
pub fn check_target(target: &Path, data: &Path) -> Result<(), OutputError> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists so symlinks and `..` cannot disguise a path.
        p.canonicalize().unwrap_or_else(|_| normalise(&p))
    };
    let target_abs = absolute(target);
    let data_abs = absolute(data);
    if target_abs.parent().is_none() {
        return Err(OutputError::Refused(format!(
            "refusing to write the site into {}: it is the file system root",
            target.display()
        )));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == target_abs {
            return Err(OutputError::Refused(format!(
                "refusing to write the site into {}: it is the home directory",
                target.display()
            )));
        }
    }
    if data_abs.starts_with(&target_abs) || target_abs.starts_with(&data_abs) {
        return Err(OutputError::Refused(format!(
            "refusing to write the site into {}: it is, holds or lies inside the data directory {}",
            target.display(),
            data.display()
        )));
    }
    if target.is_file() {
        return Err(OutputError::Refused(format!(
            "refusing to write the site into {}: it is a file",
            target.display()
        )));
    }
    if target.is_dir() && !target.join(MARKER).is_file() {
        let empty = std::fs::read_dir(target)
            .map_err(io_err(target))?
            .next()
            .is_none();
        if !empty {
            return Err(OutputError::Refused(format!(
                "refusing to write the site into {}: the directory is not empty and was not made by chiso \
                 (choose another --out, or empty it first)",
                target.display()
            )));
        }
    }
    Ok(())
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Sites replaced by earlier builds, left beside the output to be deleted.
fn stale_trees(target: &Path) -> Vec<PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let prefix = format!(".{name}.chiso-old-");
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::read_dir(parent)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.chiso-{tag}-{}", std::process::id()))
}

/// A sibling name no other tree has, even one a process of the same id
/// left behind.
fn unused_sibling(target: &Path, tag: &str) -> PathBuf {
    let base = sibling(target, tag);
    (0u32..)
        .map(|n| {
            let mut name = base.clone().into_os_string();
            name.push(format!("-{n}"));
            PathBuf::from(name)
        })
        .find(|p| !p.exists())
        .unwrap_or(base)
}

/// Deletes the sites earlier builds replaced (`.NAME.chiso-old-*` beside
/// `target`). `chiso build` runs this in a background process after it has
/// finished, so that nobody waits for it and the next build does not
/// compete with it.
pub fn reclaim_stale(target: &Path) -> std::io::Result<usize> {
    let stale = stale_trees(target);
    for tree in &stale {
        std::fs::remove_dir_all(tree)?;
    }
    Ok(stale.len())
}

impl Staging {
    /// Checks `target` and creates an empty staging directory beside it
    /// (on the same file system, so the final swap is a rename).
    pub fn begin(target: &Path, data: &Path) -> Result<Staging, OutputError> {
        check_target(target, data)?;
        let dir = sibling(target, "new");
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        std::fs::create_dir(&dir).map_err(io_err(&dir))?;
        let previous = target.join(MARKER).is_file().then(|| target.to_path_buf());
        let (written, written_list) = std::sync::mpsc::channel();
        Ok(Staging {
            known: previous.as_deref().map(Manifest::read).unwrap_or_default(),
            written,
            written_list: std::sync::Mutex::new(written_list),
            previous,
            reused: AtomicUsize::new(0),
            target: target.to_path_buf(),
            dir,
            committed: false,
            bytes: AtomicU64::new(0),
            files: AtomicUsize::new(0),
            write_nanos: AtomicU64::new(0),
        })
    }

    /// Where `relative` goes, refusing anything that is not a plain
    /// relative path below the output.
    fn path(&self, relative: &str) -> Result<PathBuf, OutputError> {
        let rel = Path::new(relative);
        let plain =
            !relative.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(OutputError::Refused(format!(
                "refusing to write \"{relative}\": not a path inside the output directory"
            )));
        }
        Ok(self.dir.join(rel))
    }

    /// Makes the folder `path` goes into.
    fn make_parent(&self, path: &Path) -> Result<(), OutputError> {
        match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent).map_err(io_err(parent)),
            None => Ok(()),
        }
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.path(relative)?;
        let start = std::time::Instant::now();
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        if !self.reuse(relative, &path, bytes, hash) {
            in_folder(&path, || std::fs::write(&path, bytes)).map_err(io_err(&path))?;
        }
        // The receiver lives as long as `self`: a send cannot fail.
        let _ = self
            .written
            .send((relative.to_string(), bytes.len() as u64, hash));
        self.write_nanos
            .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Links the previous site's file at `relative` into the new one when
    /// its bytes are the same: a link costs less than a new file, and an
    /// unchanged file keeps its time, so that a sync to the web host skips
    /// it. The previous marker's hash tells, unless the file was changed
    /// since that build (then its bytes are compared). Anything unexpected
    /// (no such file, another file system) falls back to writing.
    fn reuse(&self, relative: &str, path: &Path, bytes: &[u8], hash: u128) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(relative);
        let Ok(meta) = std::fs::symlink_metadata(&old) else {
            return false;
        };
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return false;
        }
        let same = match self.known.hash_of(relative, &meta) {
            Some(known) => known == hash,
            None => std::fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes),
        };
        if same && in_folder(path, || std::fs::hard_link(&old, path)).is_ok() {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// How many files were taken over unchanged from the previous site.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Opens `relative` for writing a large file piece by piece: its size
    /// and SHA-256 are computed as it is written, so the file is never held
    /// in memory nor read back. [`StagedFile::finish`] completes it.
    pub fn create(&self, relative: &str) -> Result<StagedFile<'_>, OutputError> {
        let path = self.path(relative)?;
        let file = in_folder(&path, || std::fs::File::create(&path)).map_err(io_err(&path))?;
        Ok(StagedFile {
            staging: self,
            out: io::BufWriter::with_capacity(
                STAGED_BUFFER,
                Hashing {
                    file,
                    hasher: Sha256::new(),
                    bytes: 0,
                },
            ),
            path,
        })
    }

    /// Where a library that writes a file by path (SQLite) should write
    /// `relative`, its folder created; [`Staging::adopt`] counts and hashes
    /// it once written.
    pub fn reserve(&self, relative: &str) -> Result<PathBuf, OutputError> {
        let path = self.path(relative)?;
        self.make_parent(&path)?;
        if path.exists() {
            std::fs::remove_file(&path).map_err(io_err(&path))?;
        }
        Ok(path)
    }

    /// Counts a file written at a [`Staging::reserve`]d path and returns its
    /// size and SHA-256, reading it back in pieces.
    pub fn adopt(&self, relative: &str) -> Result<Written, OutputError> {
        let path = self.path(relative)?;
        let mut file = std::fs::File::open(&path).map_err(io_err(&path))?;
        let (mut hasher, mut bytes) = (Sha256::new(), 0u64);
        // Large reads: the file was just written and is in the page cache.
        let mut buf = vec![0; 1 << 20];
        loop {
            let n = io::Read::read(&mut file, &mut buf).map_err(io_err(&path))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            bytes += n as u64;
        }
        Ok(self.count(bytes, hasher))
    }

    fn count(&self, bytes: u64, hasher: Sha256) -> Written {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        Written {
            size: bytes,
            sha256: hex::encode(hasher.finalize()),
        }
    }

    pub fn copy(&self, relative: &str, source: &Path) -> Result<u64, OutputError> {
        let path = self.path(relative)?;
        self.make_parent(&path)?;
        let n = std::fs::copy(source, &path).map_err(io_err(source))?;
        self.bytes.fetch_add(n, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(n)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Time spent writing files, summed over the threads that wrote.
    pub fn write_time(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.write_nanos.load(Ordering::Relaxed))
    }

    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the finished site into place: the old site is renamed aside
    /// and the new one renamed in. Each step is a rename, so at no moment is
    /// the output half-written; the old tree is deleted by the next build,
    /// while it works, so nobody waits for a large deletion.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let mut written: Vec<_> = self
            .written_list
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .try_iter()
            .collect();
        std::fs::write(self.dir.join(MARKER), Manifest::text(&mut written))
            .map_err(io_err(&self.dir))?;
        // The replaced site is only moved aside: deleting a big tree takes
        // longer than building one, so `reclaim_stale` does it later.
        let old = unused_sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(io_err(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back before reporting.
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(OutputError::Io(self.target.clone(), e));
        }
        self.committed = true;
        Ok(())
    }
}

/// The marker of a site, which also lists the files chiso wrote whole
/// (pages, chart files, assets) with their size and XXH3-128 hash, so that
/// a rebuild knows which are unchanged without reading them. A file
/// modified after the marker was written is not trusted to the list.
#[derive(Default)]
struct Manifest {
    files: rustc_hash::FxHashMap<String, (u64, u128)>,
    written_at: Option<std::time::SystemTime>,
}

const MARKER_HEAD: &str =
    "This directory is a site written by chiso; chiso build may replace it.\n\
# size, XXH3-128 and path of each file chiso wrote whole (for its next build)\n";

impl Manifest {
    fn read(site: &Path) -> Manifest {
        let marker = site.join(MARKER);
        let Ok(text) = std::fs::read_to_string(&marker) else {
            return Manifest::default();
        };
        let files = text
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, ' ');
                let size = parts.next()?.parse().ok()?;
                let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
                Some((parts.next()?.to_string(), (size, hash)))
            })
            .collect();
        Manifest {
            files,
            written_at: std::fs::metadata(&marker).and_then(|m| m.modified()).ok(),
        }
    }

    /// The hash listed for `relative`, when the file on disk (`meta`) is
    /// still as that build left it: same size, not modified since.
    fn hash_of(&self, relative: &str, meta: &std::fs::Metadata) -> Option<u128> {
        let &(size, hash) = self.files.get(relative)?;
        let untouched = meta
            .modified()
            .ok()
            .zip(self.written_at)
            .is_some_and(|(file, marker)| file <= marker);
        (untouched && size == meta.len()).then_some(hash)
    }

    /// The marker's text, files in path order so that it is the same for
    /// the same site.
    fn text(written: &mut [(String, u64, u128)]) -> String {
        written.sort_unstable();
        let mut text = String::from(MARKER_HEAD);
        for (path, size, hash) in written.iter() {
            text.push_str(&format!("{size} {hash:032x} {path}\n"));
        }
        text
    }
}

/// Large enough that hashing and the write system call see big pieces
/// even when a writer (JSON) writes a few bytes at a time.
const STAGED_BUFFER: usize = 256 * 1024;

/// A writer that keeps nothing but the count of bytes: for measuring a
/// format without the disk.
#[derive(Debug, Default)]
pub struct CountingSink {
    pub bytes: u64,
}

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A finished file: its size in bytes and SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub size: u64,
    pub sha256: String,
}

/// Hashes and counts every byte on its way to `file`.
struct Hashing<W> {
    file: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A file being written into the staging directory (see
/// [`Staging::create`]). Dropped without [`StagedFile::finish`], it is left
/// incomplete and uncounted; the build then fails and the staging
/// directory goes with it.
pub struct StagedFile<'a> {
    staging: &'a Staging,
    out: io::BufWriter<Hashing<std::fs::File>>,
    path: PathBuf,
}

impl StagedFile<'_> {
    /// Flushes the file and returns its size and SHA-256.
    pub fn finish(self) -> Result<Written, OutputError> {
        let hashing = self
            .out
            .into_inner()
            .map_err(|e| OutputError::Io(self.path.clone(), e.into_error()))?;
        Ok(self.staging.count(hashing.bytes, hashing.hasher))
    }

    /// The file's path, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Write for StagedFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        assert!(check_target(Path::new("/"), &data).is_err());
        assert!(check_target(&data, &data).is_err());
        assert!(check_target(&data.join("public"), &data).is_err());
        assert!(
            check_target(dir.path(), &data).is_err(),
            "holds the data directory"
        );
        let foreign = dir.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert!(check_target(&foreign, &data).is_err());
        let empty = dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        assert!(check_target(&empty, &data).is_ok());
        assert!(check_target(&dir.path().join("new"), &data).is_ok());
        if let Some(home) = std::env::var_os("HOME") {
            assert!(check_target(Path::new(&home), &data).is_err());
        }
    }

    #[test]
    fn refuses_paths_leaving_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let staging = Staging::begin(&dir.path().join("public"), &data).unwrap();
        assert!(staging.write("../escape.html", b"x").is_err());
        assert!(staging.write("/etc/x", b"x").is_err());
        assert!(staging.write("a/./b.html", b"x").is_ok());
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn files_go_into_new_folders_from_many_threads_and_into_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let staging = Staging::begin(&target, &dir.path().join("data")).unwrap();
        // Eight threads race to make each of four new nested folders.
        std::thread::scope(|scope| {
            for t in 0..8 {
                let staging = &staging;
                scope.spawn(move || {
                    for f in 0..4 {
                        let path = format!("{f}/nested/{t}.html");
                        staging.write(&path, path.as_bytes()).unwrap();
                    }
                });
            }
        });
        assert!(staging.write("../escape.html", b"x").is_err());
        assert_eq!(staging.files(), 32);
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("3/nested/7.html")).unwrap(),
            "3/nested/7.html"
        );
        let marker = std::fs::read_to_string(target.join(MARKER)).unwrap();
        assert_eq!(marker.matches("/nested/").count(), 32, "{marker}");
    }

    #[test]
    fn streamed_files_are_hashed_and_counted_as_written() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&dir.path().join("public"), &dir.path().join("data")).unwrap();
        let mut file = staging.create("du-lieu/a/b.csv").unwrap();
        for _ in 0..1000 {
            file.write_all(b"x,1.5\n").unwrap();
        }
        let written = file.finish().unwrap();
        let bytes = std::fs::read(staging.dir().join("du-lieu/a/b.csv")).unwrap();
        assert_eq!(written.size, 6000);
        assert_eq!(written.sha256, hex::encode(Sha256::digest(&bytes)));
        let path = staging.reserve("du-lieu/c.sqlite").unwrap();
        std::fs::write(&path, b"database").unwrap();
        let adopted = staging.adopt("du-lieu/c.sqlite").unwrap();
        assert_eq!(adopted.sha256, hex::encode(Sha256::digest(b"database")));
        assert_eq!((staging.files(), staging.bytes()), (2, 6008));
        assert!(staging.create("../escape.csv").is_err());
        assert!(staging.reserve("/etc/x.sqlite").is_err());
        assert!(!dir.path().join("escape.csv").exists());
    }

    #[test]
    fn a_dropped_build_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let target = dir.path().join("public");
        let first = Staging::begin(&target, &data).unwrap();
        first.write("index.html", b"one").unwrap();
        first.commit().unwrap();
        let second = Staging::begin(&target, &data).unwrap();
        second.write("index.html", b"two").unwrap();
        drop(second);
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains: {leftovers:?}");
        let third = Staging::begin(&target, &data).unwrap();
        third.write("index.html", b"three").unwrap();
        third.commit().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"three");
        assert!(target.join(MARKER).is_file());
    }
}
