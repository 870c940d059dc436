//! Watching the inputs: the data folder, `content/` and `templates/`.
//! Events are debounced (an editor's save is several events: a temporary
//! file, a rename, a change of times) and the files of office programs and
//! editors that are not the publisher's data are left out, so that they
//! never start a rebuild.

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

pub type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Files written beside the data by the programs that edit it, never data
/// themselves: Excel's owner file (`~$diem.xlsx`), LibreOffice's lock
/// (`.~lock.diem.xlsx#`), Emacs' (`.#diem.csv`, `#diem.csv#`), Vim's
/// swap and backup files, any hidden file, and partial downloads.
pub fn ignored(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with("~$")
        || name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".crdownload", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Whether an event can change what a build reads. Reading a file (as the
/// build itself does) and a change of its times or permissions cannot.
fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Watches every folder of `roots` that exists, recursively; each batch
/// of changes that may matter is sent to `changes` as the paths it
/// touched, once the folders have been quiet for `debounce`.
pub fn watch(
    roots: &[&Path],
    debounce: Duration,
    changes: Sender<Vec<PathBuf>>,
) -> notify::Result<Watcher> {
    let mut debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
        let paths: Vec<PathBuf> = match result {
            Ok(events) => events
                .iter()
                .filter(|e| relevant(&e.event.kind))
                .flat_map(|e| e.event.paths.iter())
                .filter(|p| !ignored(p))
                .cloned()
                .collect(),
            // The watcher lost track (an overflowed queue, a removed
            // folder): a rebuild of everything is the safe answer.
            Err(_) => vec![PathBuf::new()],
        };
        if !paths.is_empty() {
            let _ = changes.send(paths);
        }
    })?;
    for root in roots {
        if root.is_dir() {
            debouncer.watch(root, RecursiveMode::Recursive)?;
        }
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_and_editor_files_beside_the_data_are_ignored() {
        for name in [
            "~$diem.xlsx",
            ".~lock.diem.xlsx#",
            ".#scores.csv",
            "#scores.csv#",
            "scores.csv~",
            ".scores.csv.swp",
            "diem.xlsx.tmp",
        ] {
            assert!(
                ignored(Path::new("data/editions/2025").join(name).as_path()),
                "{name}"
            );
        }
        for name in ["scores.csv", "diem.xlsx", "edition.json", "4913"] {
            assert!(!ignored(Path::new("data").join(name).as_path()), "{name}");
        }
    }
}
