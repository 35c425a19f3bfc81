//! `local/canteen.lock`: for each upstream file the overlay overrides, a
//! hash of the upstream version the trust last checked its change against,
//! with a copy of that version under `local/.upstream/` for the diff.
//!
//! This module reads and writes those two things and nothing else; deciding
//! what drifted is `drift.rs`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::paths::LOCAL;

/// The lock file's name, in the overlay.
pub const LOCK_FILE: &str = "canteen.lock";

/// The folder of upstream base copies, in the overlay.
pub const BASES_DIR: &str = ".upstream";

const HEADER: &str = "# canteen.lock: the upstream version each overridden file was based on.\n# Written by `canteen overlay accept`; commit it with the overlay. Do not edit it by hand.\n";

/// One overridden upstream file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The upstream file (`content/about.md`, `themes/nhs/templates/page.html`).
    pub upstream: String,
    /// What overrides it (`local/content/about.md`, `local/hide.toml`).
    pub overlay: String,
    /// Hash of the upstream bytes it was based on (`fnv1a64:…`).
    pub hash: String,
}

/// The whole lock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Entries, sorted by upstream path.
    #[serde(default, rename = "file")]
    pub files: Vec<Entry>,
}

impl Lock {
    /// Reads `local/canteen.lock`; an absent file is an empty lock.
    pub fn read(overlay: &Path) -> Result<Lock, Error> {
        let path = overlay.join(LOCK_FILE);
        if !path.is_file() {
            return Ok(Lock::default());
        }
        let root = overlay.parent().unwrap_or(overlay);
        crate::content::walk::check_inside(&path, root)?;
        let text = crate::fs::read_to_string(&path)?;
        Lock::parse(&text)
    }

    /// Parses the lock's text.
    pub fn parse(text: &str) -> Result<Lock, Error> {
        toml::from_str(text).map_err(|e| {
            Error::Content(vec![crate::diagnostics::from_toml(
                &Path::new(LOCAL).join(LOCK_FILE),
                text,
                &e,
                &[],
            )])
        })
    }

    /// The lock's text: header comment, entries sorted by upstream path.
    pub fn to_text(&self) -> String {
        let mut sorted = self.clone();
        sorted.files.sort_by(|a, b| a.upstream.cmp(&b.upstream));
        let body = toml::to_string(&sorted).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// Writes `local/canteen.lock`.
    pub fn write(&self, overlay: &Path) -> Result<(), Error> {
        Ok(crate::fs::write(&overlay.join(LOCK_FILE), self.to_text())?)
    }

    /// The entry for an upstream file.
    pub fn get(&self, upstream: &str) -> Option<&Entry> {
        self.files.iter().find(|e| e.upstream == upstream)
    }

    /// Adds or replaces the entry for `entry.upstream`.
    pub fn set(&mut self, entry: Entry) {
        self.files.retain(|e| e.upstream != entry.upstream);
        self.files.push(entry);
    }

    /// Removes the entry for an upstream file.
    pub fn remove(&mut self, upstream: &str) {
        self.files.retain(|e| e.upstream != upstream);
    }
}

/// Where the base copy of an upstream file lives (`local/.upstream/<key>`).
pub fn base_path(overlay: &Path, upstream: &str) -> PathBuf {
    overlay.join(BASES_DIR).join(upstream)
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (unlike
/// `DefaultHasher`), enough to notice that a file changed. Not a security
/// measure: the lock is the trust's own record.
pub fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_the_published_fnv1a() {
        assert_eq!(hash(b""), "fnv1a64:cbf29ce484222325");
        assert_eq!(hash(b"a"), "fnv1a64:af63dc4c8601ec8c");
    }

    #[test]
    fn lock_round_trips_sorted() {
        let mut lock = Lock::default();
        for upstream in ["templates/z.html", "content/a.md"] {
            lock.set(Entry {
                upstream: upstream.into(),
                overlay: format!("local/{upstream}"),
                hash: hash(upstream.as_bytes()),
            });
        }
        let text = lock.to_text();
        assert!(
            text.find("content/a.md") < text.find("templates/z.html"),
            "{text}"
        );
        let back = Lock::parse(&text).expect("parses");
        assert_eq!(back.files.len(), 2);
        assert_eq!(
            back.get("content/a.md").map(|e| e.overlay.as_str()),
            Some("local/content/a.md")
        );
    }
}
