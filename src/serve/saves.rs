//! When a save is complete, read from file-system events alone (pure).
//!
//! Editors save in many ways: writing in place, writing a temporary file
//! and renaming it over the page, deleting then creating, moving the page
//! to a backup first (vim), or several saves in a burst. A rebuild must
//! start as soon as the save is complete, and exactly once per save. The
//! events say when: a file closed after writing, or renamed into place, is
//! complete; a file being written, or a known file just removed (it may be
//! created again a moment later), is not yet. `Saves` follows each path
//! through its events; the watcher waits a short grace once every path is
//! complete (`GRACE`), or a settle window while one is not.

use std::collections::BTreeMap;
use std::time::Duration;

use notify::EventKind;
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};

/// How long to wait for more events once every changed path is complete:
/// the follow-up steps of one save (the backup removed, the next write of
/// a burst) come within microseconds on an idle machine, but a busy one
/// can pause the saving program for a scheduler slice (a few ms) between
/// them; 4 ms split bursts in two on a loaded 2-core machine.
pub const GRACE: Duration = Duration::from_millis(10);

/// Where one path's save stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Closed after writing, or renamed into place: its bytes are final.
    Complete,
    /// Being written (or an event that does not say): wait.
    Writing,
    /// Removed or renamed away: final if the site never had it, else wait
    /// a moment in case it is created again.
    Gone,
}

/// What one event says about each of its paths.
pub fn states(kind: &EventKind, paths: usize) -> Vec<State> {
    let one = |state| vec![state; paths];
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => one(State::Complete),
        // Opening or reading a file changes nothing.
        EventKind::Access(_) => Vec::new(),
        EventKind::Create(_) => one(State::Writing),
        EventKind::Modify(ModifyKind::Data(_)) => one(State::Writing),
        // A change of permissions or times: the hash says whether the
        // bytes changed, and no more is coming.
        EventKind::Modify(ModifyKind::Metadata(_)) => one(State::Complete),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => one(State::Complete),
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => one(State::Gone),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            let mut states = vec![State::Gone; paths.min(1)];
            states.extend(vec![State::Complete; paths.saturating_sub(1)]);
            states
        }
        EventKind::Remove(_) => one(State::Gone),
        _ => one(State::Writing),
    }
}

/// The paths changed since the last rebuild, each with where its save
/// stands.
#[derive(Debug, Default)]
pub struct Saves {
    paths: BTreeMap<String, State>,
    /// Events were lost or overflowed: only a rescan can tell what changed.
    pub rescan: bool,
}

impl Saves {
    /// Records an event's `state` for `path` (relative to the site root);
    /// a later event of a path replaces an earlier one.
    pub fn note(&mut self, path: String, state: State) {
        self.paths.insert(path, state);
    }

    /// True when nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    /// True when every save is complete, so a short grace is enough:
    /// `known` says whether the site had a path before (a file it never
    /// had that is gone again, such as `sed -i`'s temporary file, is done).
    pub fn complete(&self, known: impl Fn(&str) -> bool) -> bool {
        !self.rescan
            && self.paths.iter().all(|(path, state)| match state {
                State::Complete => true,
                State::Writing => false,
                State::Gone => !known(path),
            })
    }

    /// The paths to look at again, and whether to rescan everything.
    pub fn take(&mut self) -> (Vec<String>, bool) {
        let rescan = std::mem::take(&mut self.rescan);
        let paths = std::mem::take(&mut self.paths).into_keys().collect();
        (paths, rescan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};

    /// Each editor's way of saving, as the events inotify reports, and
    /// whether the save is complete after them: one row per pattern.
    /// A name, the events of a save (kind, path), and whether it is complete.
    type Row<'a> = (&'a str, &'a [(&'a EventKind, &'a str)], bool);

    #[test]
    fn each_way_of_saving_is_complete_only_when_its_last_step_is_done() {
        use State::*;
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let create = EventKind::Create(CreateKind::File);
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let moved_to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let moved_from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let removed = EventKind::Remove(RemoveKind::File);
        let page = "content/about.md";
        let table: &[Row<'_>] = &[
            ("write in place, not yet closed", &[(&write, page)], false),
            ("write in place", &[(&write, page), (&close, page)], true),
            (
                "temporary file renamed over the page",
                &[(&moved_to, page)],
                true,
            ),
            ("deleted, not yet created again", &[(&removed, page)], false),
            (
                "deleted, then created",
                &[
                    (&removed, page),
                    (&create, page),
                    (&write, page),
                    (&close, page),
                ],
                true,
            ),
            (
                "vim: moved to a backup, written anew",
                &[(&moved_from, page), (&create, page), (&close, page)],
                true,
            ),
            (
                "sed -i: a new temporary file renamed over the page",
                &[
                    (&create, "content/sedAb12"),
                    (&close, "content/sedAb12"),
                    (&moved_from, "content/sedAb12"),
                    (&moved_to, page),
                ],
                true,
            ),
            (
                "a burst: the second save still being written",
                &[(&write, page), (&close, page), (&write, page)],
                false,
            ),
            (
                "a page removed for good",
                &[(&removed, "content/old.md")],
                false,
            ),
        ];
        let known = |path: &str| path != "content/sedAb12";
        for (name, events, complete) in table {
            let mut saves = Saves::default();
            for (kind, path) in *events {
                for state in states(kind, 1) {
                    saves.note(path.to_string(), state);
                }
            }
            assert_eq!(saves.complete(known), *complete, "{name}");
        }
        assert_eq!(
            states(&EventKind::Modify(ModifyKind::Name(RenameMode::Both)), 2),
            [Gone, Complete]
        );
        assert!(states(&EventKind::Access(AccessKind::Any), 1).is_empty());
    }

    #[test]
    fn lost_events_mean_a_rescan_and_never_complete() {
        let mut saves = Saves {
            rescan: true,
            ..Saves::default()
        };
        assert!(!saves.is_empty() && !saves.complete(|_| true));
        assert_eq!(saves.take(), (Vec::new(), true));
        assert!(saves.is_empty());
    }
}
