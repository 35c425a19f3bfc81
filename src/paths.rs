//! The names of a site's files and folders, in one place: where canteen
//! looks for each part of a site and where it writes. Every other module
//! names a folder through these constants, so a folder can be renamed (or
//! a new one added, such as a language's) by changing one line.
//!
//! Depends on nothing else in canteen.

use std::path::{Path, PathBuf};

/// The site's configuration, at its root.
pub const CONFIG_FILE: &str = "site.toml";
/// Markdown pages and the files beside them.
pub const CONTENT: &str = "content";
/// Data files for templates (`data/leaders.toml`).
pub const DATA: &str = "data";
/// The site's own templates, over the theme's.
pub const TEMPLATES: &str = "templates";
/// Files copied to the output as they are.
pub const STATIC: &str = "static";
/// Themes of the site's own (`themes/<name>/`).
pub const THEMES: &str = "themes";
/// A trust's overlay over upstream's files.
pub const LOCAL: &str = "local";
/// Frozen earlier editions (`editions/<id>/content/`).
pub const EDITIONS: &str = "editions";
/// Where `canteen build` writes, unless told otherwise.
pub const OUTPUT: &str = "public";
/// The site's cache (drawn social cards): git-ignored, never read as
/// content or watched (its name starts with a dot).
pub const CACHE: &str = ".canteen-cache";

/// Every folder of a site canteen reads: the dev server watches them, and
/// the output may not be inside one.
pub const SOURCES: &[&str] = &[CONTENT, DATA, TEMPLATES, STATIC, THEMES, LOCAL, EDITIONS];

/// The folders an overlay (`local/`) mirrors.
pub const OVERLAY_PARTS: &[&str] = &[CONTENT, TEMPLATES, STATIC, DATA];

/// Where the site's parts live, derived from the root.
#[derive(Debug, Clone)]
pub struct SitePaths {
    /// The site root (holds `site.toml`).
    pub root: PathBuf,
    /// `content/`.
    pub content: PathBuf,
    /// `static/`.
    pub static_dir: PathBuf,
    /// `templates/`.
    pub templates: PathBuf,
    /// `data/`.
    pub data: PathBuf,
    /// `themes/`.
    pub themes: PathBuf,
}

impl SitePaths {
    /// The conventional layout under `root`.
    pub fn new(root: &Path) -> Self {
        SitePaths {
            root: root.to_path_buf(),
            content: root.join(CONTENT),
            static_dir: root.join(STATIC),
            templates: root.join(TEMPLATES),
            data: root.join(DATA),
            themes: root.join(THEMES),
        }
    }

    /// `local/`, the overlay folder.
    pub fn local(&self) -> PathBuf {
        self.root.join(LOCAL)
    }

    /// `editions/<id>/`, a frozen edition's folder.
    pub fn edition(&self, id: &str) -> PathBuf {
        self.root.join(EDITIONS).join(id)
    }
}
