//! Which groups' results a page read while its context was built, so that
//! a rebuild makes again only the pages whose results changed.
//!
//! A page's context reads results through [`Site::group`],
//! [`Site::appearances`] and the caches built from them; each records the
//! group (by its flattened position: every group of every edition) on the
//! thread building the page. What a cache computed once for several pages
//! is recorded with it and replayed on every later use, so a page that
//! finds a value cached still records the groups it came from.
//!
//! [`Site::group`]: super::Site::group
//! [`Site::appearances`]: super::Site::appearances

use std::cell::RefCell;
use std::sync::OnceLock;

thread_local! {
    /// The groups read since [`capture`] began on this thread; `None`
    /// outside a capture (planning, downloads), where nothing is kept.
    static READS: RefCell<Option<Vec<u32>>> = const { RefCell::new(None) };
}

/// Notes that the group at flattened position `group` was read.
pub(crate) fn record(group: usize) {
    READS.with_borrow_mut(|reads| {
        if let Some(reads) = reads {
            reads.push(group as u32);
        }
    });
}

fn record_all(groups: &[u32]) {
    READS.with_borrow_mut(|reads| {
        if let Some(reads) = reads {
            reads.extend_from_slice(groups);
        }
    });
}

/// Runs `work` and returns what it made with the groups it read, sorted
/// and each once. Inside another capture, those groups count as read by
/// the outer one too.
pub fn capture<T>(work: impl FnOnce() -> T) -> (T, Vec<u32>) {
    let outer = READS.with_borrow_mut(|reads| reads.replace(Vec::new()));
    // Put back even if `work` panics, so a later page on this thread is
    // never recorded into a dead capture.
    struct Restore(Option<Option<Vec<u32>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                READS.with_borrow_mut(|reads| *reads = outer);
            }
        }
    }
    let mut restore = Restore(Some(outer));
    let made = work();
    let mut read = READS.with_borrow_mut(|reads| reads.take().unwrap_or_default());
    read.sort_unstable();
    read.dedup();
    let outer = restore.0.take().flatten();
    READS.with_borrow_mut(|reads| {
        *reads = outer.map(|mut outer| {
            outer.extend_from_slice(&read);
            outer
        })
    });
    (made, read)
}

/// A value computed once and shared by pages, with the groups it was
/// computed from: each page that uses it records them.
pub(crate) struct Shared<T>(OnceLock<(T, Vec<u32>)>);

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared(OnceLock::new())
    }
}

impl<T> Shared<T> {
    pub(crate) fn get_or_init(&self, init: impl FnOnce() -> T) -> &T {
        let (value, read) = self.0.get_or_init(|| capture(init));
        record_all(read);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_keeps_each_group_once_and_tells_the_outer_one() {
        record(9); // outside any capture: kept nowhere
        let ((), outer) = capture(|| {
            record(3);
            let ((), inner) = capture(|| {
                record(5);
                record(5);
            });
            assert_eq!(inner, vec![5]);
            record(1);
        });
        assert_eq!(outer, vec![1, 3, 5]);
        let ((), after) = capture(|| {});
        assert!(after.is_empty());
    }

    #[test]
    fn a_shared_value_replays_what_it_read_to_every_page() {
        let shared: Shared<u8> = Shared::default();
        let (_, first) = capture(|| {
            *shared.get_or_init(|| {
                record(7);
                1
            })
        });
        let (_, second) = capture(|| *shared.get_or_init(|| unreachable!()));
        assert_eq!(first, vec![7]);
        assert_eq!(second, vec![7]);
    }
}
