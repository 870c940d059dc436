//! Gives the program a key of what it is made from (its code, templates,
//! style sheet, script and locked dependencies): a rebuild takes pages
//! over from the previous site only when the same key made them, so that
//! a changed chiso never leaves a page as an older one made it.

use std::hash::Hasher;
use std::path::Path;

fn add(hasher: &mut std::hash::DefaultHasher, path: &Path) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("a source folder can be read")
            .map(|e| e.expect("a source folder can be read").path())
            .collect();
        entries.sort();
        for entry in entries {
            add(hasher, &entry);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        hasher.write(path.to_string_lossy().as_bytes());
        hasher.write(&bytes);
    }
}

fn main() {
    let mut hasher = std::hash::DefaultHasher::new();
    for source in ["src", "templates", "assets", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={source}");
        add(&mut hasher, Path::new(source));
    }
    println!("cargo:rustc-env=CHISO_SOURCE_KEY={:016x}", hasher.finish());
}
