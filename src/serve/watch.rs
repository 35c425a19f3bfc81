//! Watching the site's sources: file-system events gathered until the save
//! they belong to is complete (`saves.rs`), then only the paths they name
//! read and hashed again — the whole site only when events were lost.
//! Which changes need which rebuild is `site::plan`'s.
//!
//! Never watches or reacts to the output (`public/`) or to editor
//! leftovers, and never reports a save that left every file's bytes as
//! they were: events only say "look"; the hashes say what changed.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};
use walkdir::WalkDir;

use super::saves::{GRACE, Saves, states};

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

impl Sources {
    /// True when the site had `path`, as a file or as a folder of files.
    pub fn knows(&self, path: &str) -> bool {
        self.hashes.contains_key(path) || self.under(path).next().is_some()
    }

    /// The files known under folder `path`.
    fn under<'s>(&'s self, path: &str) -> impl Iterator<Item = &'s String> + 's {
        let start = format!("{path}/");
        // `0` is the character after `/`: the end of every `path/…` key.
        let end = format!("{path}0");
        self.hashes.range(start..end).map(|(k, _)| k)
    }

    /// Reads and hashes again the files at `paths` (relative to `root`;
    /// a folder means every file in it), and returns what changed, sorted.
    pub fn refresh(&mut self, root: &Path, paths: &[String]) -> Vec<Change> {
        let mut changes = Vec::new();
        for rel in paths {
            let abs = root.join(rel);
            let before: Vec<String> = self.under(rel).cloned().collect();
            let mut found = HashSet::new();
            if abs.is_dir() {
                let walker = WalkDir::new(&abs).into_iter().filter_entry(|e| {
                    e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy())
                });
                for entry in walker.flatten() {
                    let is_file = entry.file_type().is_file()
                        || (entry.file_type().is_symlink() && entry.path().is_file());
                    if is_file {
                        let file = crate::content::walk::relative(root, entry.path());
                        self.hash_again(root, &file, &mut changes);
                        found.insert(file);
                    }
                }
            } else {
                self.hash_again(root, rel, &mut changes);
            }
            for gone in before.into_iter().filter(|f| !found.contains(f)) {
                self.hashes.remove(&gone);
                changes.push(Change {
                    path: gone,
                    kind: ChangeKind::Removed,
                });
            }
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes.dedup();
        changes
    }

    /// Hashes file `rel` again, recording how it changed.
    fn hash_again(&mut self, root: &Path, rel: &str, changes: &mut Vec<Change>) {
        let bytes = if is_watched(rel) {
            crate::fs::read(&root.join(rel)).ok()
        } else {
            None
        };
        let kind = match bytes.map(|b| content_hash(&b)) {
            Some(hash) => match self.hashes.insert(rel.to_string(), hash) {
                None => Some(ChangeKind::Added),
                Some(old) if old != hash => Some(ChangeKind::Modified),
                Some(_) => None,
            },
            None => self.hashes.remove(rel).map(|_| ChangeKind::Removed),
        };
        if let Some(kind) = kind {
            changes.push(Change {
                path: rel.to_string(),
                kind,
            });
        }
    }
}

/// What the watch thread waits for.
#[derive(Debug)]
pub(crate) enum Signal {
    /// A file-system event (or the watcher's error).
    Fs(notify::Result<Event>),
    /// The server is shutting down.
    Stop,
}

/// The file-system watcher over the site's sources and the hashes last seen.
pub(crate) struct Watch {
    watcher: RecommendedWatcher,
    watching: HashSet<PathBuf>,
    root: PathBuf,
    signals: Receiver<Signal>,
    sources: Sources,
    settle: Duration,
}

impl Watch {
    /// Starts watching `root` and hashes its sources; `settle` is how long
    /// a save that is not yet complete may pause before it counts as done.
    /// Send `Signal::Stop` on the returned sender to end `next_changes`.
    pub(crate) fn start(root: &Path, settle: Duration) -> Result<(Watch, Sender<Signal>), Error> {
        let root = crate::fs::canonicalize(root)?;
        let (sender, signals) = mpsc::channel();
        let events = sender.clone();
        let watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
            let _ = events.send(Signal::Fs(result));
        })
        .map_err(|e| {
            Error::Serve(format!(
                "could not watch `{}` for changes: {e}",
                root.display()
            ))
        })?;
        let mut watch = Watch {
            watcher,
            watching: HashSet::new(),
            root,
            signals,
            sources: Sources::default(),
            settle,
        };
        // The root itself, not recursively: `site.toml`, and watched folders appearing later.
        watch
            .watcher
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
    ///
    /// A save counts once it is complete (`saves.rs`): then a short grace
    /// for the rest of a burst; a save that is not (a file still being
    /// written, a page just deleted that may come back) waits until its
    /// events pause for the settle window. Only the paths the events name
    /// are read again.
    pub(crate) fn next_changes(&mut self) -> Option<Vec<Change>> {
        loop {
            let mut saves = Saves::default();
            while saves.is_empty() {
                match self.signals.recv() {
                    Ok(Signal::Fs(result)) => self.note(&mut saves, result),
                    Ok(Signal::Stop) | Err(_) => return None,
                };
            }
            let started = Instant::now();
            let mut last_event = Instant::now();
            while started.elapsed() < MAX_SETTLE {
                let window = if saves.complete(|path| self.sources.knows(path)) {
                    GRACE
                } else {
                    self.settle
                };
                let Some(wait) = window.checked_sub(last_event.elapsed()) else {
                    break;
                };
                let asked = Instant::now();
                match self.signals.recv_timeout(wait) {
                    Ok(Signal::Fs(result)) => {
                        if self.note(&mut saves, result) {
                            last_event = Instant::now();
                        }
                    }
                    Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                    // Woken much later than asked: the machine is busy, and
                    // the program saving may have been held up as long as
                    // this thread was. Give it the grace again, once the
                    // pause is over.
                    Err(RecvTimeoutError::Timeout) if asked.elapsed() > wait + GRACE => {
                        last_event = Instant::now();
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            self.refresh_folders();
            let (paths, rescan) = saves.take();
            let changes = if rescan {
                let now = Sources::scan(&self.root);
                let changes = self.sources.diff(&now);
                self.sources = now;
                changes
            } else {
                self.sources.refresh(&self.root, &paths)
            };
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    /// Notes what an event says about the site's sources; true when it
    /// named one (our own reads, the output and editors' leftovers never do).
    fn note(&self, saves: &mut Saves, result: notify::Result<Event>) -> bool {
        let event = match result {
            // Lost or overflowed events: only a rescan can tell.
            Err(_) => {
                saves.rescan = true;
                return true;
            }
            Ok(event) => event,
        };
        if event.need_rescan() {
            saves.rescan = true;
            return true;
        }
        let mut noted = false;
        for (path, state) in event
            .paths
            .iter()
            .zip(states(&event.kind, event.paths.len()))
        {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            let rel = crate::content::walk::relative(Path::new(""), rel);
            if is_watched(&rel) {
                saves.note(rel, state);
                noted = true;
            }
        }
        noted
    }

    /// Watches source folders that appeared, forgets ones that went.
    fn refresh_folders(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if exists && !self.watching.contains(&path) {
                if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watching.insert(path);
                }
            } else if !exists && self.watching.remove(&path) {
                let _ = self.watcher.unwatch(&path);
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
