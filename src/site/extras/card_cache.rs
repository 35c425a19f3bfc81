//! The site's folder of drawn social cards (`.canteen-cache/cards/<key>.png`,
//! git-ignored, never read as content): a card is looked up by the hash of
//! everything drawn on it, with one `stat`, and never opened unless the
//! dev server asks for its bytes; a build hard-links it into the output.
//!
//! Because output and cache may then share one file, a cached card must
//! never change in place: it is written beside its name and renamed (so a
//! card drawn again is a new file, and an old output keeps the old one),
//! made read-only, and stamped with a modification time derived from its
//! key. A write through the output's link (an image optimiser run on
//! `public/`, even as root, which ignores the read-only bit) changes that
//! time, and the card is then drawn again rather than served from a cache
//! it can no longer be trusted to hold. This module never draws.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// The drawn cards of one site.
pub struct CardCache {
    folder: PathBuf,
    /// Whether the folder stays inside the site once links are followed:
    /// a cache behind a link that leads out of the site is never used.
    inside: bool,
}

impl CardCache {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> CardCache {
        let folder = root.join(crate::paths::CACHE).join("cards");
        CardCache {
            inside: crate::content::walk::stays_inside(root, &folder),
            folder,
        }
    }

    /// The folder the cards are in.
    #[cfg(test)]
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The cached drawing with `key`, when canteen wrote it and nothing has
    /// written to it since (its stamp is intact).
    pub fn get(&self, key: &str) -> Option<PathBuf> {
        if !self.inside {
            return None;
        }
        let file = self.file(key);
        let meta = std::fs::metadata(&file).ok()?;
        (meta.is_file() && meta.modified().ok()? == stamp(key)).then_some(file)
    }

    /// Keeps `png` as the drawing with `key` and returns where; `None` when
    /// the cache cannot be written (which only costs a drawing next time).
    pub fn put(&self, key: &str, png: &[u8]) -> Option<PathBuf> {
        /// Tells apart the files being written at once by one process's
        /// threads (the dev server may draw one card for two requests).
        static WRITING: AtomicU64 = AtomicU64::new(0);
        if !self.inside {
            return None;
        }
        std::fs::create_dir_all(&self.folder).ok()?;
        let file = self.file(key);
        let partial = self.folder.join(format!(
            ".{key}.{}.{}.tmp",
            std::process::id(),
            WRITING.fetch_add(1, Ordering::Relaxed)
        ));
        let written = (|| -> std::io::Result<()> {
            let mut out = crate::fs::create_scratch(&partial)?;
            out.write_all(png)?;
            out.set_modified(stamp(key))?;
            // Windows refuses to rename over or delete a read-only file, so
            // there the stamp alone guards the cache.
            #[cfg(unix)]
            {
                let mut permissions = out.metadata()?.permissions();
                permissions.set_readonly(true);
                out.set_permissions(permissions)?;
            }
            Ok(())
        })();
        // Renamed over a card whose stamp was broken: a new file, so an
        // earlier output linked to the old one is not changed.
        if written
            .and_then(|()| std::fs::rename(&partial, &file))
            .is_err()
        {
            let _ = std::fs::remove_file(&partial);
            return None;
        }
        Some(file)
    }

    fn file(&self, key: &str) -> PathBuf {
        self.folder.join(format!("{key}.png"))
    }
}

/// The modification time a cached card carries: a second between 2001
/// and 2004 chosen by its key, so that two different cards at one address
/// differ in `Last-Modified` (and in a web server's `ETag`) too.
pub fn stamp(key: &str) -> SystemTime {
    let spread = u64::from_str_radix(key, 16).unwrap_or(0) % 100_000_000;
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000 + spread)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "00000000000abcde";

    #[test]
    fn a_card_put_is_found_read_only_and_stamped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = CardCache::new(dir.path());
        assert_eq!(cache.get(KEY), None, "nothing drawn yet");
        let file = cache.put(KEY, b"png").expect("written");
        assert_eq!(cache.get(KEY), Some(file.clone()));
        let meta = std::fs::metadata(&file).expect("meta");
        assert_eq!(meta.modified().expect("mtime"), stamp(KEY));
        #[cfg(unix)]
        assert!(meta.permissions().readonly());
        assert_ne!(stamp(KEY), stamp("00000000000abcdf"));
        // No partial file is left beside it.
        let names: Vec<_> = std::fs::read_dir(cache.folder())
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>();
        assert_eq!(names, [format!("{KEY}.png")]);
    }

    #[test]
    fn a_card_written_to_since_is_not_trusted_and_replaced_by_a_new_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = CardCache::new(dir.path());
        let file = cache.put(KEY, b"card").expect("written");
        // What a tool writing through an output's hard link does (as root,
        // the read-only bit would not stop it).
        let linked = dir.path().join("public-card.png");
        std::fs::hard_link(&file, &linked).expect("link");
        let mut permissions = std::fs::metadata(&linked).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false, reason = "a test playing root")]
        permissions.set_readonly(false);
        std::fs::set_permissions(&linked, permissions).expect("writable");
        std::fs::write(&linked, b"optimised").expect("write through the link");
        assert_eq!(cache.get(KEY), None, "a changed card is drawn again");
        cache.put(KEY, b"card").expect("written again");
        assert_eq!(std::fs::read(&file).expect("cache"), b"card");
        assert_eq!(
            std::fs::read(&linked).expect("old output"),
            b"optimised",
            "the old output's file was not written to"
        );
    }
}
