//! How the allocator (mimalloc, `main.rs`) treats memory a command frees.
//!
//! The only `unsafe` in canteen: two calls into mimalloc's documented
//! option interface (`mimalloc.h`), which `Cargo.toml` allows here alone.
#![allow(unsafe_code)]

use std::ffi::{c_int, c_long};

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
}
