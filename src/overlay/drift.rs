//! Drift: which overridden upstream files changed since the trust last
//! checked them, with a unified diff of each upstream change, and recording
//! a checked version (`accept`).
//!
//! It compares the lock's hashes with the upstream files now; it never
//! touches an upstream file or the overlay's own files, only
//! `local/canteen.lock` and `local/.upstream/` (on accept).

use std::fmt::Write;

use super::lock::{self, Entry, Lock};
use super::{Overlay, Override};
use crate::builtin::{NAME as BUILT_IN, file as built_in_file};
use crate::config::Config;
use crate::error::Error;
use crate::paths::SitePaths;

/// What happened to one overridden upstream file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Upstream is as it was when accepted.
    Unchanged,
    /// Upstream changed since it was accepted.
    Changed,
    /// The lock has no entry: a new override, or upstream added a file the
    /// overlay already had.
    Unrecorded,
    /// Upstream removed the file the overlay overrides.
    UpstreamRemoved,
    /// The lock names a file the overlay no longer overrides.
    NoLongerOverridden,
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct Item {
    /// The upstream file.
    pub upstream: String,
    /// What overrides it.
    pub overlay: String,
    /// What happened.
    pub state: State,
    base: Option<Vec<u8>>,
    now: Option<Vec<u8>>,
}

/// The drift of every overridden file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by upstream path.
    pub items: Vec<Item>,
}

/// Compares the overlay with upstream; `None` when the site has no overlay.
pub fn status(paths: &SitePaths, config: &Config) -> Result<Option<Report>, Error> {
    let Some(overlay) = Overlay::load(paths)? else {
        return Ok(None);
    };
    let lock = Lock::read(&overlay.root)?;
    let overrides = overlay.overrides(paths, config)?;
    let mut items = Vec::new();
    for o in &overrides {
        let now = o.bytes.clone();
        let state = match (lock.get(&o.upstream), &now) {
            (None, _) => State::Unrecorded,
            (Some(e), Some(bytes)) if e.hash == lock::hash(bytes) => State::Unchanged,
            (Some(_), _) => State::Changed,
        };
        let base = match state {
            State::Changed => read_base(&overlay, &o.upstream)?,
            _ => None,
        };
        items.push(Item {
            upstream: o.upstream.clone(),
            overlay: o.overlay.clone(),
            state,
            base,
            now,
        });
    }
    for entry in &lock.files {
        if overrides.iter().any(|o| o.upstream == entry.upstream) {
            continue;
        }
        let state = if upstream_exists(paths, config, &entry.upstream) {
            State::NoLongerOverridden
        } else {
            State::UpstreamRemoved
        };
        items.push(Item {
            upstream: entry.upstream.clone(),
            overlay: entry.overlay.clone(),
            state,
            base: read_base(&overlay, &entry.upstream)?,
            now: None,
        });
    }
    items.sort_by(|a, b| a.upstream.cmp(&b.upstream));
    Ok(Some(Report { items }))
}

fn read_base(overlay: &Overlay, upstream: &str) -> Result<Option<Vec<u8>>, Error> {
    let path = lock::base_path(&overlay.root, upstream);
    Ok(if path.is_file() {
        let root = overlay.root.parent().unwrap_or(&overlay.root);
        crate::content::walk::check_inside(&path, root)?;
        Some(crate::fs::read(&path)?)
    } else {
        None
    })
}

fn upstream_exists(paths: &SitePaths, config: &Config, key: &str) -> bool {
    if paths.root.join(key).is_file() {
        return true;
    }
    let theme = config.theme.as_deref().unwrap_or(BUILT_IN);
    key.strip_prefix(&format!("{}/{theme}/", crate::paths::THEMES))
        .filter(|_| theme == BUILT_IN && !paths.themes.join(theme).is_dir())
        .is_some_and(|rel| built_in_file(rel).is_some())
}

impl Report {
    /// Items the trust must look at (changed, unrecorded, removed upstream).
    pub fn needing_attention(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| {
            matches!(
                i.state,
                State::Changed | State::Unrecorded | State::UpstreamRemoved
            )
        })
    }

    /// True when nothing needs attention.
    pub fn is_clean(&self) -> bool {
        self.needing_attention().next().is_none()
    }

    /// One warning line per file needing attention, for `canteen build`.
    pub fn warnings(&self) -> Vec<String> {
        self.needing_attention().map(Item::warning).collect()
    }

    /// The full report with diffs, for `canteen overlay status`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let overridden = self
            .items
            .iter()
            .filter(|i| i.state != State::NoLongerOverridden)
            .count();
        for item in &self.items {
            if item.state == State::Unchanged {
                continue;
            }
            if item.state == State::Changed {
                let _ = writeln!(
                    out,
                    "{} changed upstream since {} was based on it:",
                    item.upstream, item.overlay
                );
                out.push_str(&item.diff());
                out.push('\n');
            } else {
                let _ = writeln!(out, "{}", item.warning().trim_start_matches("warning: "));
            }
        }
        let attention = self.needing_attention().count();
        let files = |n: usize| if n == 1 { "file" } else { "files" };
        if attention == 0 {
            let _ = writeln!(
                out,
                "All {overridden} overridden {} match the upstream versions they were based on.",
                files(overridden)
            );
        } else {
            let _ = writeln!(
                out,
                "{attention} of {overridden} overridden {} need checking. Compare each change with your local file, update it if needed, then run `canteen overlay accept <file>` (or `--all`).",
                files(overridden)
            );
        }
        out
    }
}

impl Item {
    fn warning(&self) -> String {
        let (upstream, overlay) = (&self.upstream, &self.overlay);
        match self.state {
            State::Unchanged => format!("{upstream} is unchanged upstream"),
            State::Changed => format!(
                "warning: {upstream} changed upstream since {overlay} was based on it; run `canteen overlay status` to see the change"
            ),
            State::Unrecorded => format!(
                "warning: {overlay} overrides {upstream}, which local/canteen.lock does not record; check it, then run `canteen overlay accept {upstream}`"
            ),
            State::UpstreamRemoved => format!(
                "warning: upstream removed {upstream}, which {overlay} overrides; your file is now an addition: run `canteen overlay accept {upstream}` once you have checked it"
            ),
            State::NoLongerOverridden => format!(
                "note: local/canteen.lock records {upstream}, which the overlay no longer overrides; `canteen overlay accept {upstream}` removes the entry"
            ),
        }
    }

    /// A unified diff from the accepted upstream version to today's.
    fn diff(&self) -> String {
        let label = |when: &str| format!("{} ({when})", self.upstream);
        let (Some(base), Some(now)) = (&self.base, &self.now) else {
            return format!(
                "  (no copy of the accepted version in local/.upstream/{}, so no diff)\n",
                self.upstream
            );
        };
        match (std::str::from_utf8(base), std::str::from_utf8(now)) {
            (Ok(base), Ok(now)) => similar::TextDiff::from_lines(base, now)
                .unified_diff()
                .context_radius(3)
                .header(&label("accepted"), &label("upstream now"))
                .to_string(),
            _ => "  (binary file: its bytes changed)\n".to_string(),
        }
    }
}

/// Records the current upstream version of the selected overridden files as
/// checked: `which` holds upstream paths or overlay paths; `all` takes every
/// file. Returns the upstream paths recorded or dropped, in order.
pub fn accept(
    paths: &SitePaths,
    config: &Config,
    which: &[String],
    all: bool,
) -> Result<Vec<String>, Error> {
    let Some(overlay) = Overlay::load(paths)? else {
        return Err(Error::Output(format!(
            "`{}` has no `local/` overlay folder: run `canteen overlay init` first",
            paths.root.display()
        )));
    };
    let report = status(paths, config)?.unwrap_or_default();
    let overrides = overlay.overrides(paths, config)?;
    let wanted = |item: &Item| all || which.iter().any(|w| names(w, item));
    if let Some(unknown) = which
        .iter()
        .find(|w| !report.items.iter().any(|i| names(w, i)))
    {
        return Err(Error::Output(format!(
            "`{unknown}` is not an overridden file; `canteen overlay status` lists them"
        )));
    }
    let mut lock = Lock::read(&overlay.root)?;
    let mut done = Vec::new();
    for item in report.items.iter().filter(|i| wanted(i)) {
        let base = lock::base_path(&overlay.root, &item.upstream);
        match overrides.iter().find(|o| o.upstream == item.upstream) {
            Some(Override {
                bytes: Some(bytes), ..
            }) => {
                if let Some(dir) = base.parent() {
                    crate::fs::create_dir_all(dir)?;
                }
                crate::fs::write(&base, bytes)?;
                lock.set(Entry {
                    upstream: item.upstream.clone(),
                    overlay: item.overlay.clone(),
                    hash: lock::hash(bytes),
                });
            }
            _ => {
                lock.remove(&item.upstream);
                if base.is_file() {
                    crate::fs::remove_file(&base)?;
                }
            }
        }
        done.push(item.upstream.clone());
    }
    lock.write(&overlay.root)?;
    Ok(done)
}

/// True when `given` (as typed: upstream path, overlay path, or overlay path
/// without `local/`) names `item`.
fn names(given: &str, item: &Item) -> bool {
    let given = given.trim_start_matches("./");
    given == item.upstream
        || given == item.overlay
        || format!("{}/{given}", crate::paths::LOCAL) == item.overlay
}
