//! Watching the site's sources: notify events settled into one batch per
//! burst of saves, turned into changes by comparing content hashes. Which
//! changes need which rebuild is `site::plan`'s.
//!
//! Never watches or reacts to the output (`public/`) or to editor
//! leftovers, and never reports a save that left every file's bytes as
//! they were: events only say "look"; the hashes say what changed.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};
use walkdir::WalkDir;

use crate::content::walk::is_ignored;
use crate::error::Error;
use crate::paths::{CONFIG_FILE, SOURCES as WATCHED_DIRS};
use crate::serve::memory::content_hash;
use crate::site::plan::{Change, ChangeKind, is_watched};

/// A burst of events that never pauses is cut off after this long, so a
/// program writing continuously cannot postpone rebuilds for ever.
const MAX_SETTLE: Duration = Duration::from_secs(2);

/// The content hash of every source file, by path relative to the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    hashes: BTreeMap<String, u64>,
}

impl Sources {
    /// Hashes every source file under `root` now. Files that vanish while
    /// being read are left out: the event for their removal follows.
    pub fn scan(root: &Path) -> Sources {
        let mut hashes = BTreeMap::new();
        if let Ok(bytes) = crate::fs::read(&root.join(CONFIG_FILE)) {
            hashes.insert(CONFIG_FILE.to_string(), content_hash(&bytes));
        }
        for dir in WATCHED_DIRS {
            // Errors are skipped, not fatal: a file may disappear mid-walk; the next event rescans.
            let walker = WalkDir::new(root.join(dir))
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
            for entry in walker.flatten() {
                let is_file = entry.file_type().is_file()
                    || (entry.file_type().is_symlink() && entry.path().is_file());
                if !is_file {
                    continue;
                }
                if let Ok(bytes) = crate::fs::read(entry.path()) {
                    hashes.insert(
                        crate::content::walk::relative(root, entry.path()),
                        content_hash(&bytes),
                    );
                }
            }
        }
        Sources { hashes }
    }

    /// Sources with the given hashes (for tests and tools).
    pub fn from_hashes(hashes: impl IntoIterator<Item = (String, u64)>) -> Sources {
        Sources {
            hashes: hashes.into_iter().collect(),
        }
    }

    /// What changed from `self` to `newer`, sorted by path.
    pub fn diff(&self, newer: &Sources) -> Vec<Change> {
        let mut changes: Vec<Change> = newer
            .hashes
            .iter()
            .filter_map(|(path, hash)| match self.hashes.get(path) {
                None => Some(Change {
                    path: path.clone(),
                    kind: ChangeKind::Added,
                }),
                Some(old) if old != hash => Some(Change {
                    path: path.clone(),
                    kind: ChangeKind::Modified,
                }),
                Some(_) => None,
            })
            .chain(
                self.hashes
                    .keys()
                    .filter(|path| !newer.hashes.contains_key(*path))
                    .map(|path| Change {
                        path: path.clone(),
                        kind: ChangeKind::Removed,
                    }),
            )
            .collect();
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes
    }
}

/// What the watch thread waits for.
#[derive(Debug)]
pub(crate) enum Signal {
    /// Debounced file-system events (or the watcher's errors).
    Fs(DebounceEventResult),
    /// The server is shutting down.
    Stop,
}

/// The file-system watcher over the site's sources and the hashes last seen.
pub(crate) struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watching: HashSet<PathBuf>,
    root: PathBuf,
    signals: Receiver<Signal>,
    sources: Sources,
    settle: Duration,
}

impl Watch {
    /// Starts watching `root` and hashes its sources; send `Signal::Stop` on the returned sender to end `next_changes`.
    pub(crate) fn start(root: &Path, debounce: Duration) -> Result<(Watch, Sender<Signal>), Error> {
        let root = crate::fs::canonicalize(root)?;
        let (sender, signals) = mpsc::channel();
        let events = sender.clone();
        let debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
            let _ = events.send(Signal::Fs(result));
        })
        .map_err(|e| {
            Error::Serve(format!(
                "could not watch `{}` for changes: {e}",
                root.display()
            ))
        })?;
        let mut watch = Watch {
            debouncer,
            watching: HashSet::new(),
            root,
            signals,
            sources: Sources::default(),
            settle: debounce,
        };
        // The root itself, not recursively: `site.toml`, and watched folders appearing later.
        watch
            .debouncer
            .watch(&watch.root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Error::Serve(format!(
                    "could not watch `{}` for changes: {e}",
                    watch.root.display()
                ))
            })?;
        watch.refresh_folders();
        // Hash after the watches exist, so no save falls between the two.
        watch.sources = Sources::scan(&watch.root);
        Ok((watch, sender))
    }

    /// Blocks until some source file's bytes have changed, then returns
    /// every change since the last call; `None` once stopped.
    pub(crate) fn next_changes(&mut self) -> Option<Vec<Change>> {
        loop {
            match self.signals.recv() {
                Ok(Signal::Fs(batch)) if self.matters(&batch) => {}
                Ok(Signal::Fs(_)) => continue,
                Ok(Signal::Stop) | Err(_) => return None,
            }
            // Let the burst finish (temporary file then rename, delete then create, several saves).
            let started = Instant::now();
            let mut quiet_since = Instant::now();
            while started.elapsed() < MAX_SETTLE {
                let wait = self.settle.saturating_sub(quiet_since.elapsed());
                match self.signals.recv_timeout(wait) {
                    Ok(Signal::Fs(batch)) if self.matters(&batch) => quiet_since = Instant::now(),
                    Ok(Signal::Fs(_)) => {}
                    Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            self.refresh_folders();
            let now = Sources::scan(&self.root);
            let changes = self.sources.diff(&now);
            self.sources = now;
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    /// True when a batch could mean a source changed (our own reads never do).
    fn matters(&self, batch: &DebounceEventResult) -> bool {
        match batch {
            // Lost or overflowed events: only a rescan can tell.
            Err(_) => true,
            Ok(events) => events.iter().any(|event| self.event_matters(event)),
        }
    }

    fn event_matters(&self, event: &DebouncedEvent) -> bool {
        if event.need_rescan() {
            return true;
        }
        let kind_matters = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        kind_matters
            && event.paths.iter().any(|path| {
                path.strip_prefix(&self.root).is_ok_and(|rel| {
                    is_watched(&crate::content::walk::relative(Path::new(""), rel))
                })
            })
    }

    /// Watches source folders that appeared, forgets ones that went.
    fn refresh_folders(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if exists && !self.watching.contains(&path) {
                if self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
                {
                    self.watching.insert(path);
                }
            } else if !exists && self.watching.remove(&path) {
                let _ = self.debouncer.unwatch(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, kind: ChangeKind) -> Change {
        Change {
            path: path.into(),
            kind,
        }
    }

    #[test]
    fn diff_reports_added_modified_and_removed_by_hash() {
        let old = Sources::from_hashes([
            ("a".to_string(), 1),
            ("b".to_string(), 2),
            ("c".to_string(), 3),
        ]);
        let new = Sources::from_hashes([
            ("a".to_string(), 1),
            ("b".to_string(), 9),
            ("d".to_string(), 4),
        ]);
        assert_eq!(
            old.diff(&new),
            [
                change("b", ChangeKind::Modified),
                change("c", ChangeKind::Removed),
                change("d", ChangeKind::Added)
            ]
        );
        assert!(old.diff(&old.clone()).is_empty(), "same bytes, no change");
    }

    #[test]
    fn scanning_hashes_sources_only() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/notes"))?;
        std::fs::create_dir_all(root.join("public"))?;
        std::fs::write(root.join("site.toml"), "title = \"x\"\n")?;
        std::fs::write(root.join("content/notes/a.md"), "a")?;
        std::fs::write(root.join("content/notes/.a.md.swp"), "swap")?;
        std::fs::write(root.join("public/index.html"), "out")?;
        let sources = Sources::scan(root);
        assert_eq!(
            sources.hashes.keys().collect::<Vec<_>>(),
            ["content/notes/a.md", "site.toml"]
        );
        std::fs::write(root.join("content/notes/a.md"), "a")?;
        assert!(
            sources.diff(&Sources::scan(root)).is_empty(),
            "rewriting the same bytes is no change"
        );
        Ok(())
    }
}
