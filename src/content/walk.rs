//! Which files in a content tree count, and what each one is.
//!
//! Pure rules (`is_ignored`, `classify`) so the dev server's watcher applies
//! exactly the same ones as the build.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::fs::FsError;

/// What a file in `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `_index.md`: a section.
    Section,
    /// `index.md`: a page bundle, the page of its folder.
    Bundle,
    /// Any other `.md` file.
    Page,
    /// Anything else: copied to the output.
    Asset,
}

/// A file found in the content tree.
#[derive(Debug, Clone)]
pub struct Found {
    /// Path relative to the content root, with `/` separators.
    pub rel: String,
    /// Absolute path.
    pub abs: PathBuf,
    /// What it is.
    pub kind: FileKind,
}

/// True for files editors, version control and operating systems leave
/// behind: never content, never a reason to rebuild.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')                       // dot-files: .DS_Store, .#lock (Emacs), .file.swp (vim)
        || name.starts_with('#') && name.ends_with('#') // Emacs auto-save
        || name.starts_with("~$")               // Office lock files
        || name.ends_with('~')                  // backups (vim, Emacs, gedit)
        || name == "4913"                       // vim's write-permission probe
        || name.contains("___jb_")              // JetBrains safe-write temporaries
        || name.contains(".canteen-tmp-")       // our own output in progress
        || [".swp", ".swo", ".swx", ".swn", ".tmp", ".temp", ".bak", ".orig", ".rej", ".crdownload", ".part", ".kate-swp"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// Classifies a file by name.
pub fn classify(name: &str) -> FileKind {
    match name {
        "_index.md" => FileKind::Section,
        "index.md" => FileKind::Bundle,
        _ if name.ends_with(".md") => FileKind::Page,
        _ => FileKind::Asset,
    }
}

/// Lists every file under `dir` that is not ignored, sorted by path.
///
/// Only files inside the site (`site_root`) are ever read: a symbolic link
/// that resolves outside it (`content/x.md` → `/etc/passwd`), or a `dir`
/// that does, is an error naming the link. Linked folders are not followed.
pub fn walk(dir: &Path, site_root: &Path) -> Result<Vec<Found>, Error> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    if !dir.is_dir() {
        return Err(Error::Content(vec![
            Diagnostic::file(
                shown(site_root, dir),
                "this should be a folder, but it is a file",
            )
            .with_hint("move the file away: canteen reads this folder's files"),
        ]));
    }
    let boundary = Boundary::new(site_root);
    let mut outside = Vec::new();
    if let Some(d) = boundary.check(dir) {
        return Err(Error::Content(vec![d]));
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| FsError {
            action: "read directory",
            path: e
                .path()
                .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        // Symlinked files count when they stay inside the site; symlinked
        // folders are not followed.
        let link = entry.file_type().is_symlink();
        let is_file = entry.file_type().is_file() || (link && entry.path().is_file());
        if !is_file {
            continue;
        }
        if link && let Some(d) = boundary.check(entry.path()) {
            outside.push(d);
            continue;
        }
        let rel = relative(dir, entry.path());
        let kind = classify(&entry.file_name().to_string_lossy());
        found.push(Found {
            rel,
            abs: entry.into_path(),
            kind,
        });
    }
    if outside.is_empty() {
        Ok(found)
    } else {
        Err(Error::Content(outside))
    }
}

/// The site folder, resolved, that every file canteen reads must be in.
#[derive(Debug)]
pub struct Boundary {
    root: PathBuf,
    resolved: PathBuf,
}

impl Boundary {
    /// The boundary of the site at `root`.
    pub fn new(root: &Path) -> Boundary {
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        Boundary {
            resolved: std::fs::canonicalize(&absolute).unwrap_or(absolute),
            root: root.to_path_buf(),
        }
    }

    /// An error when `path` (a link, or a folder) resolves outside the site.
    pub fn check(&self, path: &Path) -> Option<Diagnostic> {
        let target = std::fs::canonicalize(path).ok()?;
        if target.starts_with(&self.resolved) {
            return None;
        }
        Some(
            Diagnostic::file(
                shown(&self.root, path),
                format!(
                    "this is a link to `{}`, which is outside the site folder; canteen only reads files inside the site",
                    target.display()
                ),
            )
            .with_hint("copy the file into the site instead of linking to it"),
        )
    }
}

/// Whether `path`, a file or folder under the site at `root`, and every
/// folder on its way there stay inside the site once links are followed
/// (a part that does not exist yet does): the site's cache is never read
/// or written through a link that leads out of it.
pub fn stays_inside(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let boundary = Boundary::new(root);
    let mut at = root.to_path_buf();
    rel.components().all(|part| {
        at.push(part);
        boundary.check(&at).is_none()
    })
}

/// Refuses a file of the site at `root` (`site.toml`, `local/hide.toml`)
/// that is a link leading outside the site, before it is read.
pub fn check_inside(path: &Path, root: &Path) -> Result<(), Error> {
    match Boundary::new(root).check(path) {
        Some(d) => Err(Error::Content(vec![d])),
        None => Ok(()),
    }
}

/// `path` as messages show it: relative to the site root when inside it.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".facebook.md.swp",
            "facebook.md~",
            "#facebook.md#",
            ".#facebook.md",
            "4913",
            "facebook.md___jb_tmp___",
            "~$report.docx",
            ".DS_Store",
            "x.md.bak",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["facebook.md", "_index.md", "photo.png", "tmp.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(classify("_index.md"), FileKind::Section);
        assert_eq!(classify("index.md"), FileKind::Bundle);
        assert_eq!(classify("facebook.md"), FileKind::Page);
        assert_eq!(classify("logo.png"), FileKind::Asset);
    }
}
