//! The search entries a build makes, written to a file beside the cache
//! as they are made rather than held in memory (`EntryCache::spilled`):
//! on a 10,000-page site, 73 MB of entries that would otherwise each take
//! fresh memory, then be written to the cache file at the end. Once the
//! site's content is loaded the file is mapped (`memory::map_file`), and
//! each entry made reads its bytes there.
//!
//! The file has the cache file's layout (`cache.rs`), its count of entries
//! filled in last: when a build made every entry it keeps, the file is
//! the next cache, renamed into place (`finish`). A build that fails
//! removes it (`Drop`); a file left by a build that was stopped is removed
//! by the next (`remove_stale`).

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::cache::{self, FileBytes};
use super::index::Entry;

/// The entries a build made, in a file being written, then mapped.
#[derive(Debug)]
pub struct Spill {
    path: PathBuf,
    /// The file while entries are added to it; `None` once it is closed,
    /// or after an error (an entry is then kept in memory as before).
    writing: Mutex<Option<Writing>>,
    /// The file's bytes, from when it is closed (the first time an
    /// entry's bytes are read).
    bytes: OnceLock<Arc<FileBytes>>,
    /// Whatever stopped the file being written or read back: an entry
    /// already in it may have no bytes, and an index made of it would be
    /// wrong, so the build stops (`Entry::problem`).
    failed: Mutex<Option<String>>,
    /// The folders making the file made (the cache's folder, and
    /// `.canteen-cache` if it was missing too), deepest first.
    made_folders: Vec<PathBuf>,
}

impl Drop for Spill {
    /// A build that failed, or was dropped before it kept its entries,
    /// leaves the site as it found it: the file is removed (a kept one was
    /// renamed away already), and each folder making it made, if empty.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        for folder in &self.made_folders {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

#[derive(Debug)]
struct Writing {
    out: BufWriter<File>,
    /// Where the next entry starts.
    at: usize,
    count: u32,
}

impl Spill {
    /// A new file beside the cache `file`, named for this process, after
    /// removing any such file a stopped build left.
    pub fn create(file: &Path) -> Option<Spill> {
        let folder = file.parent()?;
        let made_folders: Vec<PathBuf> = folder
            .ancestors()
            .take_while(|f| !f.as_os_str().is_empty() && !f.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(folder).ok()?;
        let name = file.file_name()?.to_str()?;
        remove_stale(folder, name);
        let path = scratch_beside(folder, name, "spill");
        let mut out = BufWriter::with_capacity(1 << 20, crate::fs::create_scratch(&path).ok()?);
        out.write_all(cache::MAGIC).ok()?;
        out.write_all(&0u32.to_le_bytes()).ok()?;
        Some(Spill {
            path,
            writing: Mutex::new(Some(Writing {
                out,
                at: cache::MAGIC.len() + 4,
                count: 0,
            })),
            bytes: OnceLock::new(),
            failed: Mutex::new(None),
            made_folders,
        })
    }

    /// Adds `entry`; where its block starts in the file, or `None` if the
    /// file is closed or cannot be written (the caller keeps the entry in
    /// memory).
    pub fn put(&self, entry: &Entry) -> Option<usize> {
        let mut writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let w = writing.as_mut()?;
        let (block, lengths) = entry.block();
        let written = cache::write_entry(&mut w.out, entry.key, block, lengths);
        match written {
            Ok(()) => {
                let start = w.at + cache::HEAD;
                w.at = start + block.len();
                w.count += 1;
                Some(start)
            }
            Err(error) => {
                // What the buffer held of earlier entries may be lost.
                *writing = None;
                self.fail(format!("could not write {}: {error}", self.path.display()));
                None
            }
        }
    }

    /// The file's bytes, closing it first if it is still being written.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.get_or_init(|| Arc::new(self.close()))
    }

    /// Why an entry in the file may have lost its bytes, if one may.
    pub fn problem(&self) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn fail(&self, problem: String) {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        failed.get_or_insert(problem);
    }

    /// Closes the file and maps it (or reads it, where it cannot be).
    fn close(&self) -> FileBytes {
        let writing = self
            .writing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let expected = writing.as_ref().map(|w| w.at);
        let shown = self.path.display();
        let closed = writing
            .map_or(Ok(()), |w| finish_count(w.out, w.count))
            .map_err(|error| format!("could not write {shown}: {error}"));
        let bytes = closed.and_then(|()| {
            FileBytes::open(&self.path).map_err(|error| format!("could not read {shown}: {error}"))
        });
        match bytes {
            Ok(bytes) if expected.is_none_or(|at| bytes.len() == at) => bytes,
            Ok(_) => {
                self.fail(format!("{shown} was cut short"));
                FileBytes::default()
            }
            Err(problem) => {
                self.fail(problem);
                FileBytes::default()
            }
        }
    }

    /// How many entries the file holds, once it is closed.
    fn count(&self) -> Option<usize> {
        let bytes = self.bytes();
        let count = bytes.get(cache::MAGIC.len()..cache::MAGIC.len() + 4)?;
        Some(u32::from_le_bytes(count.try_into().ok()?) as usize)
    }

    /// Makes the file the cache `file` when it holds exactly `entries`
    /// (every entry a build keeps, each made by this build); otherwise, or
    /// if renaming fails, removes it and says so (`false`): the caller
    /// writes the cache from the entries.
    pub fn finish(&self, file: &Path, entries: &[&Entry]) -> bool {
        // Counting closes the file, which can fail: the problem is asked after.
        let whole = self.count() == Some(entries.len())
            && self.problem().is_none()
            && entries.iter().all(|e| e.spilled_in(self));
        if whole && std::fs::rename(&self.path, file).is_ok() {
            return true;
        }
        let _ = std::fs::remove_file(&self.path);
        false
    }
}

#[cfg(test)]
impl Spill {
    /// Writes from now on to `file` through a buffer of `capacity` bytes:
    /// a test's full disk.
    pub(crate) fn write_to(&self, file: File, capacity: usize) {
        let mut writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(w) = writing.as_mut() {
            w.out = BufWriter::with_capacity(capacity, file);
        }
    }
}

/// Flushes `out` and writes `count` into its header.
fn finish_count(out: BufWriter<File>, count: u32) -> std::io::Result<()> {
    let mut file = out.into_inner().map_err(|e| e.into_error())?;
    file.seek(SeekFrom::Start(cache::MAGIC.len() as u64))?;
    file.write_all(&count.to_le_bytes())
}

/// The file this process writes beside the cache file `name` in `folder`
/// until it is whole: `.<name>.<pid>.<kind>`, `kind` being `spill` or
/// `tmp`, the names `remove_stale` knows.
pub(super) fn scratch_beside(folder: &Path, name: &str, kind: &str) -> PathBuf {
    folder.join(format!(".{name}.{}.{kind}", std::process::id()))
}

/// Renames the whole file `partial` over `file`, or removes it when that
/// fails.
pub(super) fn rename_or_remove(partial: &Path, file: &Path) -> std::io::Result<()> {
    let renamed = std::fs::rename(partial, file);
    if renamed.is_err() {
        let _ = std::fs::remove_file(partial);
    }
    renamed
}

/// Removes the files beside the cache `name` that builds which no longer
/// run were writing: `.<name>.<pid>.spill` and `.<name>.<pid>.tmp`.
pub(super) fn remove_stale(folder: &Path, name: &str) {
    let Ok(files) = std::fs::read_dir(folder) else {
        return;
    };
    let me = std::process::id();
    for file in files.filter_map(Result::ok) {
        let file_name = file.file_name();
        let Some(pid) = left_by(&file_name.to_string_lossy(), name) else {
            continue;
        };
        if pid != me && !crate::fs::process_alive(pid) {
            let _ = std::fs::remove_file(file.path());
        }
    }
}

/// The process id in the name of a file a build writes beside the cache
/// `name`, if it is one.
fn left_by(file: &str, name: &str) -> Option<u32> {
    let rest = file
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let pid = rest
        .strip_suffix(".spill")
        .or_else(|| rest.strip_suffix(".tmp"))?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_a_build_writes_beside_the_cache_carry_a_pid() {
        let name = "en-GB.entries";
        assert_eq!(left_by(".en-GB.entries.123.spill", name), Some(123));
        assert_eq!(left_by(".en-GB.entries.9.tmp", name), Some(9));
        assert_eq!(left_by(".cy.entries.9.tmp", name), None);
        assert_eq!(left_by(".en-GB.entries..spill", name), None);
        assert_eq!(left_by(".en-GB.entries.12x.spill", name), None);
        assert_eq!(left_by("en-GB.entries", name), None);
        assert_eq!(left_by(".en-GB.entries.123.spill.old", name), None);
    }
}
