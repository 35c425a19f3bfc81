//! Which files in a content tree count, and what each one is.
//!
//! Pure rules (`is_ignored`, `classify`) so the dev server's watcher applies
//! exactly the same ones as the build.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

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

/// Lists every file under `root` that is not ignored, sorted by path.
pub fn walk(root: &Path) -> Result<Vec<Found>, FsError> {
    let mut found = Vec::new();
    if !root.exists() {
        return Ok(found);
    }
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| FsError {
            action: "read directory",
            path: e
                .path()
                .map_or_else(|| root.to_path_buf(), Path::to_path_buf),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        // Symlinked files count; symlinked folders are not followed.
        let is_file = entry.file_type().is_file()
            || (entry.file_type().is_symlink() && entry.path().is_file());
        if !is_file {
            continue;
        }
        let rel = relative(root, entry.path());
        let kind = classify(&entry.file_name().to_string_lossy());
        found.push(Found {
            rel,
            abs: entry.into_path(),
            kind,
        });
    }
    Ok(found)
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
