//! Writing the site: into a staging directory beside the output, swapped
//! into place only when the whole build succeeded.
//!
//! A failed build leaves the previous site untouched, and nothing is ever
//! written outside the output directory: every path is checked, and the
//! output directory itself must be one chiso made (or a new, empty one).
//!
//! An output that is a symbolic link (a web root often is) is published
//! through: the folder it names gets the new site and the link stays. The
//! publisher's own files at the top of the output (dot-files such as
//! `.git`, `CNAME`, `.well-known/`) are carried into the new site as they
//! are. A staging directory is named after the build that owns it, so
//! that a later build removes the staging of a build that was killed, and
//! only of one that is dead; an interrupted build removes its own
//! ([`abandon_and_exit`]).

use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Marks a directory as a chiso site, so a later build may replace it.
pub const MARKER: &str = ".chiso-site";

/// The staging directories of this process's builds in progress. Held
/// while a site is swapped in and while an interrupted build removes its
/// staging, so that an interruption never falls between the two renames of
/// a swap.
static ACTIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn active() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the staging directories of this process's builds in progress
/// and exits with `code`: what a build does when it is interrupted (Ctrl-C,
/// SIGTERM). A swap in progress is finished first; none starts after.
pub fn abandon_and_exit(code: i32) -> ! {
    let active = active();
    for dir in active.iter() {
        remove_staging(dir);
    }
    std::process::exit(code)
}

/// Deletes a staging directory. Files may still be arriving from the
/// threads that render, so it tries again until the directory is gone
/// (they never make it anew: see `make_folders`).
fn remove_staging(dir: &Path) {
    for _ in 0..50 {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            _ => return,
        }
    }
}

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
    /// What each page was made from, appended to the marker (see
    /// `crate::rebuild`).
    made_from: std::sync::Mutex<String>,
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
fn in_folder<T>(root: &Path, path: &Path, op: impl Fn() -> io::Result<T>) -> io::Result<T> {
    match op() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                make_folders(root, parent)?;
            }
            op()
        }
        done => done,
    }
}

/// Creates `path` as a new file. A file already there may be a link to the
/// previous site's (taken over, see `Staging::keep`): it is unlinked, never
/// written through, so that the site being replaced stays as it was.
fn new_file(path: &Path) -> io::Result<std::fs::File> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()
        }
        done => done,
    }
}

/// Makes `folder` and those between it and `root`, but never `root`
/// itself: a staging directory removed by an interrupted build must not be
/// made again by a thread still writing into it.
fn make_folders(root: &Path, folder: &Path) -> io::Result<()> {
    let below = folder
        .strip_prefix(root)
        .map_err(|_| io::Error::other("not inside the staging directory"))?;
    let mut at = root.to_path_buf();
    for part in below.components() {
        at.push(part);
        match std::fs::create_dir(&at) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            done => done?,
        }
    }
    Ok(())
}

/// Whether a top-level entry of the output is the publisher's, carried
/// into each new site: dot-files and dot-folders (`.git`, `.nojekyll`,
/// `.well-known/`) and `CNAME`. chiso writes none of these names but its
/// marker, written anew.
fn carried(name: &std::ffi::OsStr) -> bool {
    name == "CNAME" || (name.as_encoded_bytes().starts_with(b".") && name != MARKER)
}

/// The directory a build of `target` replaces: `target` itself, or where
/// it leads when it is a symbolic link (a web root often is), so that the
/// link is kept and the folder it names gets the new site. A link to a
/// folder that does not exist yet leads to where that folder will be.
pub fn resolve_link(target: &Path) -> Result<PathBuf, OutputError> {
    // Without a trailing slash, which would make the link's folder look
    // like the output itself.
    let target: PathBuf = target.components().collect();
    let mut path = target.clone();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&path).map_err(io_err(&path))?;
                path = match path.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
            }
            _ if path == target => return Ok(path),
            _ => return Ok(real_path(&path)),
        }
    }
    Err(OutputError::Refused(format!(
        "refusing to write the site into {}: too many symbolic links",
        target.display()
    )))
}

/// `path` without symlinks or `..`, as far as it exists.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or_else(|_| normalise(path)),
        _ => normalise(path),
    }
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Resolve what exists so symlinks and `..` cannot disguise a path.
    p.canonicalize().unwrap_or_else(|_| normalise(&p))
}

/// Refuses a folder the build reads (`--content`, `--templates`) that is
/// the output or lies inside it: the swap would take it away, and the
/// site would publish its own sources.
pub fn check_inputs(target: &Path, inputs: &[(&str, &Path)]) -> Result<(), OutputError> {
    let target_abs = absolute(&resolve_link(target)?);
    for (what, folder) in inputs {
        if absolute(folder).starts_with(&target_abs) {
            return Err(OutputError::Refused(format!(
                "refusing to build: the {what} folder {} lies inside the output {} \
                 (the new site would replace it; move it out of the output)",
                folder.display(),
                target.display()
            )));
        }
    }
    Ok(())
}

/// Reads `path`, a file of `folder`, refusing it when it leads outside the
/// folder (a symbolic link to a file elsewhere on the machine) or is not a
/// regular file (a device, a pipe): what a folder publishes must come from
/// that folder, as an edition's files come from the edition's. The
/// message leaves out `path`, which the caller names.
pub fn read_inside(folder: &Path, path: &Path) -> io::Result<Vec<u8>> {
    let base = folder.canonicalize()?;
    let real = path.canonicalize()?;
    if !real.starts_with(&base) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "leads to {}, outside {}; only files inside the folder are published \
                 (copy the file into it instead of linking)",
                real.display(),
                folder.display()
            ),
        ));
    }
    if !std::fs::metadata(&real)?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(&real)
}

/// Refuses output directories whose replacement would lose someone's
/// files: the file system root, the home directory, the data directory
/// (or one containing it), and non-empty directories chiso did not make.
pub fn check_target(target: &Path, data: &Path) -> Result<(), OutputError> {
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
        // A web root holding only what a build carries over (a `.git`, a
        // `CNAME`) counts as empty.
        let empty = std::fs::read_dir(target)
            .map_err(io_err(target))?
            .filter_map(Result::ok)
            .all(|e| carried(&e.file_name()));
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

/// The trees beside `target` whose name starts `.NAME.chiso-KIND-`.
fn siblings(target: &Path, kind: &str) -> Vec<PathBuf> {
    let prefix = sibling_prefix(target, kind);
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

/// Sites replaced by earlier builds, left beside the output to be deleted.
fn stale_trees(target: &Path) -> Vec<PathBuf> {
    siblings(target, "old")
}

/// Staging directories of builds that died before finishing (killed, or
/// the machine stopped): their name tells a process that is gone. A build
/// alive, here or on another machine, keeps its own; so does one whose
/// owner cannot be told (a system without `/proc`).
fn dead_stagings(target: &Path) -> Vec<PathBuf> {
    let this = Owner::this_process();
    let prefix = sibling_prefix(target, "new");
    siblings(target, "new")
        .into_iter()
        .filter(|dir| {
            dir.file_name()
                .and_then(|n| n.to_str()?.strip_prefix(&prefix))
                .and_then(Owner::parse)
                .is_some_and(|owner| owner.is_dead(&this))
        })
        .collect()
}

/// The start of the names of `target`'s sibling trees of a kind:
/// `.NAME.chiso-KIND-`.
fn sibling_prefix(target: &Path, kind: &str) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.chiso-{kind}-")
}

/// A sibling of `target` named `.NAME.chiso-KIND-TAG-N` that no other tree
/// has, even one a process of the same id left behind.
fn unused_sibling_named(target: &Path, kind: &str, tag: &str) -> PathBuf {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let base = parent.join(format!("{}{tag}", sibling_prefix(target, kind)));
    (0u32..)
        .map(|n| {
            let mut name = base.clone().into_os_string();
            name.push(format!("-{n}"));
            PathBuf::from(name)
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(base)
}

/// `.NAME.chiso-KIND-PID-N`, unused.
fn unused_sibling(target: &Path, kind: &str) -> PathBuf {
    unused_sibling_named(target, kind, &std::process::id().to_string())
}

/// Deletes the sites earlier builds replaced (`.NAME.chiso-old-*` beside
/// `target`, or beside the folder it links to) and the staging directories
/// of builds that died (`.NAME.chiso-new-*` whose owner is gone). `chiso
/// build` runs this in a background process after it has finished, so that
/// nobody waits for it and the next build does not compete with it.
/// Returns how many trees it deleted.
pub fn reclaim_stale(target: &Path) -> std::io::Result<usize> {
    let target = resolve_link(target).unwrap_or_else(|_| target.to_path_buf());
    let stale = stale_trees(&target);
    for tree in &stale {
        std::fs::remove_dir_all(tree)?;
    }
    let dead = dead_stagings(&target);
    for dir in &dead {
        remove_staging(dir);
    }
    Ok(stale.len() + dead.len())
}

/// The build that owns a staging directory, told by the directory's name
/// (made at once with it, so that even a build killed the moment after
/// leaves a name saying whose it was): enough to tell, on Linux, whether it
/// is still running. A process id alone is not: ids are reused, across
/// reboots and within one; so the name adds the process's start time and
/// (hashed, to keep it short) the machine's name and boot.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owner {
    pid: u32,
    start: Option<String>,
    host: Option<String>,
    boot: Option<String>,
}

impl Owner {
    fn this_process() -> Owner {
        let pid = std::process::id();
        let hashed = |path: &str| {
            read_trimmed(path)
                .map(|v| format!("{:08x}", xxhash_rust::xxh3::xxh3_64(v.as_bytes()) as u32))
        };
        Owner {
            pid,
            start: start_time(pid),
            host: hashed("/proc/sys/kernel/hostname"),
            boot: hashed("/proc/sys/kernel/random/boot_id"),
        }
    }

    /// `PID-START-HOST-BOOT`, `x` for what is not known.
    fn tag(&self) -> String {
        let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "x".into());
        format!(
            "{}-{}-{}-{}",
            self.pid,
            field(&self.start),
            field(&self.host),
            field(&self.boot)
        )
    }

    /// Reads a [`Owner::tag`] (and ignores what follows it).
    fn parse(tag: &str) -> Option<Owner> {
        let mut fields = tag.split('-');
        let pid = fields.next()?.parse().ok()?;
        let mut known = || {
            fields
                .next()
                .filter(|v| *v != "x" && !v.is_empty())
                .map(str::to_string)
        };
        Some(Owner {
            pid,
            start: known(),
            host: known(),
            boot: known(),
        })
    }

    /// Whether this owner is certainly gone, seen from `this` process.
    fn is_dead(&self, this: &Owner) -> bool {
        let (Some(host), Some(boot), Some(start)) = (&self.host, &self.boot, &self.start) else {
            return false;
        };
        if this.host.as_ref() != Some(host) || this.boot.is_none() {
            // Another machine sharing the folder: its processes are not
            // ours to see.
            return false;
        }
        if this.boot.as_ref() != Some(boot) {
            // This machine, before it last started.
            return true;
        }
        start_time(self.pid).as_ref() != Some(start)
    }
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace))
}

/// When process `pid` started, in clock ticks since boot (field 22 of
/// `/proc/PID/stat`), or None when there is no such process.
fn start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may hold spaces: count after it.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19).map(str::to_string)
}

impl Staging {
    /// Checks `target` and creates an empty staging directory beside it
    /// (on the same file system, so the final swap is a rename).
    /// A `target` that is a symbolic link is published through: the
    /// folder it leads to is checked and replaced, the link kept.
    pub fn begin(target: &Path, data: &Path) -> Result<Staging, OutputError> {
        let real = resolve_link(target)?;
        check_target(&real, data).map_err(|e| match e {
            OutputError::Refused(why) if real != target => OutputError::Refused(format!(
                "{why} ({} is a symbolic link to it)",
                target.display()
            )),
            other => other,
        })?;
        let target = real.as_path();
        let dir = unused_sibling_named(target, "new", &Owner::this_process().tag());
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        {
            // Registered as it is made, so that an interruption finds it.
            let mut active = active();
            std::fs::create_dir(&dir).map_err(io_err(&dir))?;
            active.push(dir.clone());
        }
        let previous = target.join(MARKER).is_file().then(|| target.to_path_buf());
        let (written, written_list) = std::sync::mpsc::channel();
        Ok(Staging {
            known: previous.as_deref().map(Manifest::read).unwrap_or_default(),
            written,
            written_list: std::sync::Mutex::new(written_list),
            made_from: std::sync::Mutex::new(String::new()),
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
            Some(parent) => make_folders(&self.dir, parent).map_err(io_err(parent)),
            None => Ok(()),
        }
    }

    /// Writes `relative` whole and returns its XXH3-128, as the marker
    /// lists it.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<u128, OutputError> {
        let path = self.path(relative)?;
        let start = std::time::Instant::now();
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        if !self.reuse(relative, &path, bytes, hash) {
            in_folder(&self.dir, &path, || {
                new_file(&path).and_then(|mut file| file.write_all(bytes))
            })
            .map_err(io_err(&path))?;
        }
        // The receiver lives as long as `self`: a send cannot fail.
        let _ = self
            .written
            .send((relative.to_string(), bytes.len() as u64, hash));
        self.write_nanos
            .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(hash)
    }

    /// Takes the previous site's `files` (path and XXH3-128) into the new
    /// one unchanged, all or none, and returns their sizes: each must be
    /// listed by the previous marker with that hash and be as that build
    /// left it. Used for a page whose inputs did not change, so that it is
    /// not built again (see `crate::rebuild`).
    pub fn keep(&self, files: &[(&str, u128)]) -> Option<Vec<u64>> {
        let previous = self.previous.as_ref()?;
        let start = std::time::Instant::now();
        let mut found = Vec::with_capacity(files.len());
        for &(relative, hash) in files {
            let path = self.path(relative).ok()?;
            let old = previous.join(relative);
            let meta = std::fs::symlink_metadata(&old).ok()?;
            if !meta.is_file() || self.known.hash_of(relative, &meta) != Some(hash) {
                return None;
            }
            found.push((relative, path, old, meta.len(), hash));
        }
        for (i, (_, path, old, _, _)) in found.iter().enumerate() {
            if in_folder(&self.dir, path, || std::fs::hard_link(old, path)).is_err() {
                for (_, made, _, _, _) in &found[..i] {
                    let _ = std::fs::remove_file(made);
                }
                return None;
            }
        }
        for &(relative, _, _, size, hash) in &found {
            let _ = self.written.send((relative.to_string(), size, hash));
            self.count_taken_over(size);
        }
        self.write_nanos
            .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Some(found.iter().map(|f| f.3).collect())
    }

    /// Takes the previous site's download `relative` into the new one
    /// unchanged when it is `size` bytes and as that build left it: a file
    /// streamed out is not listed with a hash, and the caller knows what it
    /// was made from (see `crate::rebuild`).
    pub fn keep_made(&self, relative: &str, size: u64) -> bool {
        let (Some(previous), Ok(path)) = (&self.previous, self.path(relative)) else {
            return false;
        };
        let old = previous.join(relative);
        let Ok(meta) = std::fs::symlink_metadata(&old) else {
            return false;
        };
        if !meta.is_file() || meta.len() != size || !self.known.untouched(&meta) {
            return false;
        }
        if in_folder(&self.dir, &path, || std::fs::hard_link(&old, &path)).is_err() {
            return false;
        }
        self.count_taken_over(size);
        true
    }

    /// Counts a file of `size` bytes linked from the previous site.
    fn count_taken_over(&self, size: u64) {
        self.bytes.fetch_add(size, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        self.reused.fetch_add(1, Ordering::Relaxed);
    }

    /// The previous site's marker, as read when this build began (empty
    /// without one, and once taken).
    pub fn take_previous_marker(&self) -> String {
        std::mem::take(&mut *self.known.text.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Lines the marker carries after the files: what each page was made
    /// from.
    pub fn set_made_from(&self, text: String) {
        *self.made_from.lock().unwrap_or_else(|e| e.into_inner()) = text;
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
        if same && in_folder(&self.dir, path, || std::fs::hard_link(&old, path)).is_ok() {
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
        let file = in_folder(&self.dir, &path, || new_file(&path)).map_err(io_err(&path))?;
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
        let n = std::fs::copy(source, &path).map_err(|e| {
            OutputError::Io(
                path.clone(),
                io::Error::new(e.kind(), format!("copying {}: {e}", source.display())),
            )
        })?;
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
        let marker = self.dir.join(MARKER);
        let mut text = Manifest::text(&mut written);
        text.push_str(self.made_from.get_mut().unwrap_or_else(|e| e.into_inner()));
        std::fs::write(&marker, text).map_err(io_err(&marker))?;
        // No interruption between the renames (see `abandon_and_exit`).
        let mut active = active();
        // The staging is about to hold the publisher's files: renamed so
        // that, should this process be killed before the swap, it is never
        // taken for a dead build's staging and deleted.
        let swapping = unused_sibling(&self.target, "swap");
        std::fs::rename(&self.dir, &swapping).map_err(io_err(&self.dir))?;
        active.retain(|d| d != &self.dir);
        active.push(swapping.clone());
        self.dir = swapping;
        let had_old = std::fs::symlink_metadata(&self.target).is_ok();
        // The publisher's files move before the site is moved aside, so
        // that a replaced site, which is deleted, never holds them.
        let carried = if had_old {
            carry(&self.target, &self.dir)
        } else {
            Ok(Vec::new())
        };
        let swapped = carried.and_then(|carried| {
            // The replaced site is only moved aside: deleting a big tree
            // takes longer than building one, so `reclaim_stale` does it
            // later.
            let old = unused_sibling(&self.target, "old");
            if had_old {
                if let Err(e) = std::fs::rename(&self.target, &old) {
                    return Err((OutputError::Io(self.target.clone(), e), carried));
                }
            }
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                // Put the previous site back before reporting.
                if had_old {
                    let _ = std::fs::rename(&old, &self.target);
                }
                return Err((OutputError::Io(self.target.clone(), e), carried));
            }
            Ok(())
        });
        if let Err((error, carried)) = swapped {
            let back = carried
                .iter()
                .all(|name| std::fs::rename(self.dir.join(name), self.target.join(name)).is_ok());
            if !back {
                // Never delete what could not be put back: the staging is
                // kept.
                active.retain(|d| d != &self.dir);
                self.committed = true;
                return Err(OutputError::Io(
                    self.dir.clone(),
                    io::Error::other(format!(
                        "{error}; the files carried over from the previous site ({}) are left here",
                        carried
                            .iter()
                            .map(|n| n.to_string_lossy())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ));
            }
            return Err(error);
        }
        active.retain(|d| d != &self.dir);
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
    /// The whole marker, whose other lines `crate::rebuild` reads (once:
    /// a national site's is 25 MB).
    text: std::sync::Mutex<String>,
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
            text: std::sync::Mutex::new(text),
        }
    }

    /// The hash listed for `relative`, when the file on disk (`meta`) is
    /// still as that build left it: same size, not modified since.
    fn hash_of(&self, relative: &str, meta: &std::fs::Metadata) -> Option<u128> {
        let &(size, hash) = self.files.get(relative)?;
        (self.untouched(meta) && size == meta.len()).then_some(hash)
    }

    /// Whether a file of that site was not modified since its marker was
    /// written.
    fn untouched(&self, meta: &std::fs::Metadata) -> bool {
        meta.modified()
            .ok()
            .zip(self.written_at)
            .is_some_and(|(file, marker)| file <= marker)
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

/// Moves the publisher's own files (see `carried`) from the site `from`
/// into the new site `to`: moved, not copied, so that nothing is read and
/// a symbolic link stays a link, never followed. A name the build wrote
/// itself is left where it is. Returns the names moved; on an error, also
/// those moved before it, to be put back.
#[allow(clippy::type_complexity)]
fn carry(
    from: &Path,
    to: &Path,
) -> Result<Vec<std::ffi::OsString>, (OutputError, Vec<std::ffi::OsString>)> {
    let mut moved = Vec::new();
    let entries = match std::fs::read_dir(from) {
        Ok(entries) => entries,
        Err(e) => return Err((OutputError::Io(from.to_path_buf(), e), moved)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return Err((OutputError::Io(from.to_path_buf(), e), moved)),
        };
        let name = entry.file_name();
        if !carried(&name) || std::fs::symlink_metadata(to.join(&name)).is_ok() {
            continue;
        }
        if let Err(e) = std::fs::rename(entry.path(), to.join(&name)) {
            return Err((OutputError::Io(entry.path(), e), moved));
        }
        moved.push(name);
    }
    Ok(moved)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Under the lock, so that an interruption waits for the removal
            // rather than cutting it short.
            let mut active = active();
            remove_staging(&self.dir);
            active.retain(|d| d != &self.dir);
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

    /// A staging directory is reclaimed when its name tells a build that is
    /// certainly dead, and kept otherwise: a live build's, another
    /// machine's, or one whose owner cannot be told.
    #[cfg(target_os = "linux")]
    #[test]
    fn only_the_staging_of_a_dead_build_is_reclaimed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let this = Owner::this_process();
        assert!(this.start.is_some() && this.host.is_some() && this.boot.is_some());
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let gone_pid = gone.id();
        gone.wait().unwrap();
        let owners = [
            ("alive", this.clone(), false),
            (
                "dead",
                Owner {
                    pid: gone_pid,
                    ..this.clone()
                },
                true,
            ),
            (
                "reused id",
                Owner {
                    start: Some("1".into()),
                    ..this.clone()
                },
                true,
            ),
            (
                "earlier boot",
                Owner {
                    boot: Some("00000000".into()),
                    ..this.clone()
                },
                true,
            ),
            (
                "another machine",
                Owner {
                    pid: gone_pid,
                    host: Some("00000000".into()),
                    ..this.clone()
                },
                false,
            ),
            (
                "unknown",
                Owner {
                    pid: gone_pid,
                    start: None,
                    ..this.clone()
                },
                false,
            ),
        ];
        let mut dirs = Vec::new();
        for (what, owner, _) in &owners {
            assert_eq!(Owner::parse(&owner.tag()).as_ref(), Some(owner), "{what}");
            let staging = unused_sibling_named(&target, "new", &owner.tag());
            std::fs::create_dir_all(staging.join("du-lieu")).unwrap();
            std::fs::write(staging.join("du-lieu/a.csv"), "x").unwrap();
            dirs.push(staging);
        }
        assert_eq!(reclaim_stale(&target).unwrap(), 3);
        for ((what, _, dead), staging) in owners.iter().zip(&dirs) {
            assert_eq!(!staging.exists(), *dead, "{what}");
        }
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

    /// A file taken over is a link to the previous site's: writing its
    /// path again replaces the link and leaves the previous site's file as
    /// it was, even if the build then fails.
    #[test]
    fn writing_over_a_file_taken_over_never_changes_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let target = dir.path().join("public");
        let first = Staging::begin(&target, &data).unwrap();
        let hash = first.write("index.html", b"one").unwrap();
        let mut file = first.create("du-lieu/a.csv").unwrap();
        file.write_all(b"a,b\n").unwrap();
        let written = file.finish().unwrap();
        first.commit().unwrap();

        let second = Staging::begin(&target, &data).unwrap();
        assert_eq!(second.keep(&[("index.html", hash)]), Some(vec![3]));
        assert!(second.keep_made("du-lieu/a.csv", written.size));
        assert!(!second.keep_made("du-lieu/a.csv", written.size + 1));
        assert_eq!(second.keep(&[("index.html", hash ^ 1)]), None);
        second.write("index.html", b"two").unwrap();
        let mut file = second.create("du-lieu/a.csv").unwrap();
        file.write_all(b"c,d\n").unwrap();
        file.finish().unwrap();
        drop(second);
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        assert_eq!(
            std::fs::read(target.join("du-lieu/a.csv")).unwrap(),
            b"a,b\n"
        );
    }
}
