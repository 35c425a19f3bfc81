//! No staging folder outlives the build that made it: the folders being
//! written are registered here, and `remove_for_exit` (called by `main`'s
//! signal handler before it exits) removes them; folders left by a canteen
//! process that no longer exists (killed, aborted) are removed by the next
//! build beside the same output.
//!
//! Only ever deletes a folder that has canteen's name pattern
//! (`.<name>.canteen-tmp-<pid>`, `.<name>.canteen-old-<pid>`) and its
//! marker file, and whose process is gone.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard};

use crate::output::MARKER;

/// The staging folders of this process being written now.
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held (shared) while a file is written into a staging folder or the
/// output is swapped; taken for good by `remove_for_exit`, so nothing is
/// written into a folder after it was removed.
static WRITING: RwLock<()> = RwLock::new(());

/// A permit to write into a staging folder; blocks once the process is
/// exiting on a signal.
pub fn writing() -> RwLockReadGuard<'static, ()> {
    WRITING.read().unwrap_or_else(PoisonError::into_inner)
}

/// Records a staging folder of this process.
pub fn register(dir: &Path) {
    let mut staging = STAGING.lock().unwrap_or_else(PoisonError::into_inner);
    staging.push(dir.to_path_buf());
}

/// Forgets a staging folder (committed or removed).
pub fn unregister(dir: &Path) {
    let mut staging = STAGING.lock().unwrap_or_else(PoisonError::into_inner);
    staging.retain(|d| d != dir);
}

/// Waits for writes in progress to finish, stops any more, and removes
/// every staging folder of this process. For the signal handler, just
/// before the process exits.
pub fn remove_for_exit() {
    let gate = WRITING.write().unwrap_or_else(PoisonError::into_inner);
    // Never released: the process is about to exit, and a writer must not
    // recreate a folder that is gone.
    std::mem::forget(gate);
    let staging = STAGING.lock().unwrap_or_else(PoisonError::into_inner);
    for dir in staging.iter() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Removes the staging and old-output folders of output `name` in `parent`
/// left by canteen processes that no longer exist. Best effort: a folder
/// that cannot be removed is left for the next build.
pub fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = left_by(&file_name.to_string_lossy(), name) else {
            continue;
        };
        let dir = entry.path();
        if pid != std::process::id() && dir.join(MARKER).is_file() && !crate::fs::process_alive(pid)
        {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// The process id in a folder name canteen gives staging and old outputs
/// of output `name`, if it is one.
fn left_by(folder: &str, name: &str) -> Option<u32> {
    let rest = folder.strip_prefix('.')?.strip_prefix(name)?;
    let pid = rest
        .strip_prefix(".canteen-tmp-")
        .or_else(|| rest.strip_prefix(".canteen-old-"))?;
    pid.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| pid.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canteen_folder_names_for_this_output_carry_a_pid() {
        assert_eq!(left_by(".public.canteen-tmp-123", "public"), Some(123));
        assert_eq!(left_by(".public.canteen-old-9", "public"), Some(9));
        assert_eq!(left_by(".site.canteen-tmp-123", "public"), None);
        assert_eq!(left_by(".public.canteen-tmp-12x", "public"), None);
        assert_eq!(left_by(".public.canteen-tmp-", "public"), None);
        assert_eq!(left_by("public", "public"), None);
    }
}
