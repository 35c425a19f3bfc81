//! Memory canteen asks of the system other than through the allocator:
//! how the allocator (mimalloc, `main.rs`) treats memory a command frees,
//! and a file of canteen's own cache mapped into memory rather than read.
//!
//! The only `unsafe` in canteen: two calls into mimalloc's documented
//! option interface (`mimalloc.h`) and one `mmap` (`memmap2`), which
//! `Cargo.toml` allows here alone.
#![allow(unsafe_code)]

use std::ffi::{c_int, c_long};
use std::fs::File;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e`: how long freed
/// memory waits before it is handed back to the system, in milliseconds;
/// -1 never. (The Rust bindings do not name this one.)
const PURGE_DELAY: c_int = 15;

// The functions below are mimalloc's, linked in by the `mimalloc` crate.
use mimalloc as _;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_option_get(option: c_int) -> c_long;
}

/// Keeps the memory this process frees for its own later allocations
/// instead of handing it back to the system after a second: for commands
/// that end when their work is done (everything but `serve`). A large
/// build frees and allocates again hundreds of MB (pages, the search
/// index), and the kernel zeroing the same memory again cost about a
/// second of system time at 10,000 pages (CHANGELOG, ARCHITECTURE.md).
pub fn keep_freed() {
    // SAFETY: sets an option mimalloc documents as settable at any time,
    // to a value it documents (-1: never purge); no memory is touched.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

/// The purge delay now in force, in milliseconds (-1: never).
pub fn purge_delay() -> c_long {
    // SAFETY: reads an option; mimalloc initialises its options first.
    unsafe { mi_option_get(PURGE_DELAY) }
}

/// A file mapped read-only into memory, its pages those the system
/// already holds for the file (a file a build has just written is in
/// them): no copy, and no fresh memory for it. A 10,000-page site's kept
/// search entries are 73 MB, read by every build.
#[derive(Debug)]
pub struct Mapped(memmap2::Mmap);

impl std::ops::Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// Maps `file`, which only canteen writes and which it replaces by
/// renaming a new file over it, never by writing into it.
pub fn map_file(file: &File) -> std::io::Result<Mapped> {
    // SAFETY: a mapping is sound while nothing changes the file under it.
    // canteen never writes into a file it maps: a new cache file is
    // written beside the old and renamed over it, which leaves the mapped
    // file as it was. Only another program truncating the file in
    // `.canteen-cache/` while a build reads it could change it.
    unsafe { memmap2::MmapOptions::new().populate().map(file) }.map(Mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_memory_is_kept_once_asked_and_the_option_is_the_purge_delay() {
        // mimalloc 3's purge delay starts at 1000 ms unless the
        // environment says otherwise: this is the option we mean.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000);
        }
        keep_freed();
        assert_eq!(purge_delay(), -1);
    }

    #[test]
    fn a_mapped_file_keeps_its_bytes_when_a_new_file_is_renamed_over_it() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("kept.entries");
        std::fs::write(&path, b"first build").expect("written");
        let mapped = map_file(&File::open(&path).expect("opened")).expect("mapped");
        assert_eq!(&*mapped, b"first build");
        // How canteen replaces a cache file: a new file renamed over it.
        let next = dir.path().join(".kept.entries.tmp");
        std::fs::write(&next, b"the next build's entries").expect("written");
        std::fs::rename(&next, &path).expect("renamed");
        assert_eq!(&*mapped, b"first build");
        let again = map_file(&File::open(&path).expect("opened")).expect("mapped");
        assert_eq!(&*again, b"the next build's entries");
    }
}
