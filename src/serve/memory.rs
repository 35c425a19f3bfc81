//! The site held in memory by the dev server: `MemorySink` collects one
//! build's files, `SiteFiles` is the immutable snapshot browsers are
//! served (its pages rendered on request, `pages.rs`).
//!
//! Never writes to disk: `canteen serve` must leave `public/` alone.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::pages::Pages;
use crate::error::Error;
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

    fn makes_on_request(&self) -> bool {
        // Social cards are drawn when a browser asks (`Pages::card`).
        true
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
    /// Wraps bytes, computing their `ETag`.
    pub fn new(bytes: Vec<u8>) -> File {
        let etag = format!("\"{:016x}-{:x}\"", content_hash(&bytes), bytes.len());
        File {
            bytes: Arc::from(bytes),
            etag,
        }
    }
}

/// A whole build, as served; replaced in one piece after each rebuild.
/// The documents' pages are rendered on request (`Pages`); every other
/// file — static files, content files, the extras — is held as built.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    files: HashMap<String, File>,
    pages: Option<Arc<Pages>>,
    /// Names this snapshot; unique across server restarts, so a tab can tell
    /// whether the page it shows is the one served now.
    build: String,
}

impl Default for SiteFiles {
    fn default() -> Self {
        SiteFiles {
            files: HashMap::new(),
            pages: None,
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

/// Files as a sink collected them, each with its `ETag`.
pub fn files_of(files: BTreeMap<String, Vec<u8>>) -> HashMap<String, File> {
    files
        .into_iter()
        .map(|(path, bytes)| (path, File::new(bytes)))
        .collect()
}

impl SiteFiles {
    /// Wraps finished files, computing each one's `ETag` once.
    pub fn new(files: BTreeMap<String, Vec<u8>>) -> SiteFiles {
        SiteFiles {
            files: files_of(files),
            pages: None,
            build: next_build_id(),
        }
    }

    /// A snapshot of `pages` and every other file, `files`.
    pub fn with_pages(files: HashMap<String, File>, pages: Arc<Pages>) -> SiteFiles {
        SiteFiles {
            files,
            pages: Some(pages),
            build: next_build_id(),
        }
    }

    /// This snapshot's build id.
    pub fn build_id(&self) -> &str {
        &self.build
    }

    /// The documents' pages, when the snapshot has a site.
    pub fn pages(&self) -> Option<&Arc<Pages>> {
        self.pages.as_ref()
    }

    /// Every file but the documents' pages.
    pub fn files(&self) -> &HashMap<String, File> {
        &self.files
    }

    /// The file at `path` (relative, `/`-separated), if the build made
    /// one; a page is rendered now unless cached, which can fail.
    pub fn get(&self, path: &str) -> Option<Result<File, Error>> {
        if let Some(file) = self.files.get(path) {
            return Some(Ok(file.clone()));
        }
        let pages = self.pages.as_ref()?;
        pages.get(path).or_else(|| pages.card(path))
    }

    /// True when the build made a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
            || self
                .pages
                .as_ref()
                .is_some_and(|p| p.contains(path) || p.has_card(path))
    }

    /// A copy of every file, path → bytes, rendering every page (a page
    /// whose template fails is left out).
    pub fn to_map(&self) -> BTreeMap<String, Vec<u8>> {
        let pages = match &self.pages {
            Some(pages) => pages.all(),
            None => Vec::new(),
        };
        self.files
            .iter()
            .map(|(path, file)| (path.clone(), file.bytes.to_vec()))
            .chain(
                pages
                    .into_iter()
                    .map(|(path, file)| (path, file.bytes.to_vec())),
            )
            .collect()
    }

    /// Paths among the files that are not pages added, removed or changed
    /// between `self` and `newer`, sorted.
    pub fn changed_files(&self, newer: &SiteFiles) -> Vec<String> {
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
        let tag = |p: &str| one.files().get(p).map(|f| f.etag.clone());
        assert_eq!(tag("a"), tag("b"));
        assert_ne!(tag("a"), tag("c"));
        assert!(tag("a").is_some_and(|t| t.starts_with('"') && t.ends_with('"')));
    }

    #[test]
    fn changed_files_lists_added_removed_and_edited_files() {
        let old = site(&[("same", "1"), ("edited", "1"), ("removed", "1")]);
        let new = site(&[("same", "1"), ("edited", "2"), ("added", "1")]);
        assert_eq!(old.changed_files(&new), ["added", "edited", "removed"]);
        assert!(new.changed_files(&new).is_empty());
    }
}
