//! The site held in memory by the dev server: `MemorySink` collects one
//! build's files, `SiteFiles` is the immutable snapshot browsers are served.
//!
//! Never writes to disk: `canteen serve` must leave `public/` alone.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::fs::FsResult;
use crate::output::Sink;

/// A `Sink` that keeps every rendered file in a map, path → bytes.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> MemorySink {
        MemorySink::default()
    }

    /// The files rendered so far, path → bytes.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> FsResult<()> {
        // The same paths as a build would write, and no others.
        crate::output::check_path(path, std::path::Path::new(""))?;
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// One file as served, with its validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The bytes the build produced (shared between snapshots, so an
    /// incremental rebuild copies only what it re-rendered).
    pub bytes: Arc<[u8]>,
    /// A strong `ETag` for `bytes`, quotes included.
    pub etag: String,
}

impl File {
    fn new(bytes: Vec<u8>) -> File {
        let etag = format!("\"{:016x}-{:x}\"", content_hash(&bytes), bytes.len());
        File {
            bytes: Arc::from(bytes),
            etag,
        }
    }
}

/// A whole build, as served; replaced in one piece after each rebuild.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    files: HashMap<String, File>,
    /// Names this snapshot; unique across server restarts, so a tab can tell
    /// whether the page it shows is the one served now.
    build: String,
}

impl Default for SiteFiles {
    fn default() -> Self {
        SiteFiles {
            files: HashMap::new(),
            build: next_build_id(),
        }
    }
}

/// A fresh build id: the server's start time and a counter.
fn next_build_id() -> String {
    static START: OnceLock<u128> = OnceLock::new();
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let start = START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    });
    format!("{start:x}-{}", COUNT.fetch_add(1, Ordering::Relaxed))
}

impl SiteFiles {
    /// Wraps a finished build, computing each file's `ETag` once.
    pub fn new(files: BTreeMap<String, Vec<u8>>) -> SiteFiles {
        let files = files
            .into_iter()
            .map(|(path, bytes)| (path, File::new(bytes)))
            .collect();
        SiteFiles {
            files,
            build: next_build_id(),
        }
    }

    /// This snapshot with some files replaced or added (an incremental rebuild).
    pub fn updated(&self, changed: BTreeMap<String, Vec<u8>>) -> SiteFiles {
        let mut files = self.files.clone();
        for (path, bytes) in changed {
            files.insert(path, File::new(bytes));
        }
        SiteFiles {
            files,
            build: next_build_id(),
        }
    }

    /// This snapshot's build id.
    pub fn build_id(&self) -> &str {
        &self.build
    }

    /// The file at `path` (relative, `/`-separated), if the build made one.
    pub fn get(&self, path: &str) -> Option<&File> {
        self.files.get(path)
    }

    /// True when the build made a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// A copy of every file, path → bytes.
    pub fn to_map(&self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .iter()
            .map(|(path, file)| (path.clone(), file.bytes.to_vec()))
            .collect()
    }

    /// Paths added, removed or changed between `self` and `newer`, sorted.
    pub fn changed_paths(&self, newer: &SiteFiles) -> Vec<String> {
        let mut changed: Vec<String> = newer
            .files
            .iter()
            .filter(|(path, file)| {
                self.files.get(*path).is_none_or(|old| {
                    !Arc::ptr_eq(&old.bytes, &file.bytes) && old.bytes != file.bytes
                })
            })
            .map(|(path, _)| path.clone())
            .chain(
                self.files
                    .keys()
                    .filter(|path| !newer.files.contains_key(*path))
                    .cloned(),
            )
            .collect();
        changed.sort();
        changed
    }
}

/// A fast, deterministic 64-bit hash of some bytes (not cryptographic).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> SiteFiles {
        SiteFiles::new(
            files
                .iter()
                .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn the_sink_keeps_every_file() {
        let sink = MemorySink::new();
        assert!(sink.put("a/index.html", b"a".to_vec()).is_ok());
        assert!(sink.put("404.html", b"nf".to_vec()).is_ok());
        let files = sink.into_files();
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["404.html", "a/index.html"]
        );
    }

    #[test]
    fn etags_follow_the_bytes() {
        let one = site(&[("a", "x"), ("b", "x"), ("c", "y")]);
        let tag = |p: &str| one.get(p).map(|f| f.etag.clone());
        assert_eq!(tag("a"), tag("b"));
        assert_ne!(tag("a"), tag("c"));
        assert!(tag("a").is_some_and(|t| t.starts_with('"') && t.ends_with('"')));
    }

    #[test]
    fn changed_paths_lists_added_removed_and_edited_files() {
        let old = site(&[("same", "1"), ("edited", "1"), ("removed", "1")]);
        let new = site(&[("same", "1"), ("edited", "2"), ("added", "1")]);
        assert_eq!(old.changed_paths(&new), ["added", "edited", "removed"]);
        assert!(new.changed_paths(&new).is_empty());
    }
}
