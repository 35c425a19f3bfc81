//! A trust's overlay folder, `local/`: it mirrors the upstream layout
//! (`site.toml`, `content/`, `templates/`, `static/`, `data/`), a file there shadows the
//! upstream file at the same path, a new file adds to the site, and
//! `local/hide.toml` hides upstream pages.
//!
//! This module owns finding the overlay, merging its content and data files
//! over upstream's, and listing which upstream files it overrides (for the
//! drift report in `drift.rs`, with the lock in `lock.rs`). Templates and
//! static files are layered in `render::theme`. It never writes outside
//! `local/`, and never changes an upstream file.

pub mod drift;
pub mod lock;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::builtin::{self, NAME as BUILT_IN};
use crate::config::Config;
use crate::content::walk::{self, Found};
use crate::diagnostics::{Diagnostic, closest};
use crate::error::Error;
use crate::paths::SitePaths;

/// The list of hidden upstream pages, in the overlay.
pub const HIDE_FILE: &str = "hide.toml";

use crate::paths::{CONTENT, LOCAL, OVERLAY_PARTS as PARTS, STATIC, TEMPLATES, THEMES};

/// `local/hide.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HideFile {
    /// Paths under `content/`: a page (`platforms/myspace.md`) or a folder
    /// (`hr-guide/scenarios`), every page in it.
    #[serde(default)]
    pages: Vec<Spanned<String>>,
}

/// A loaded overlay.
#[derive(Debug)]
pub struct Overlay {
    /// `<site>/local`.
    pub root: PathBuf,
    /// Hidden upstream paths (relative to `content/`) and where each is written.
    hidden: Vec<(String, Range<usize>)>,
    hide_text: String,
}

impl Overlay {
    /// The overlay of the site at `paths`, if it has one.
    pub fn load(paths: &SitePaths) -> Result<Option<Overlay>, Error> {
        let root = paths.root.join(LOCAL);
        if !root.is_dir() {
            return Ok(None);
        }
        let hide_path = root.join(HIDE_FILE);
        let hide_text = if hide_path.is_file() {
            walk::check_inside(&hide_path, &paths.root)?;
            crate::fs::read_to_string(&hide_path)?
        } else {
            String::new()
        };
        let display = Path::new(LOCAL).join(HIDE_FILE);
        let hide: HideFile = toml::from_str(&hide_text).map_err(|e| {
            Error::Content(vec![crate::diagnostics::from_toml(
                &display,
                &hide_text,
                &e,
                &[],
            )])
        })?;
        let hidden = hide
            .pages
            .iter()
            .map(|p| (p.get_ref().trim_matches('/').to_string(), p.span()))
            .collect();
        Ok(Some(Overlay {
            root,
            hidden,
            hide_text,
        }))
    }

    /// The site the overlay belongs to (the folder holding `local/`).
    fn site_root(&self) -> &Path {
        self.root.parent().unwrap_or(&self.root)
    }

    /// `local/<part>` (`content`, `templates`, `static`, `data`).
    pub fn part(&self, part: &str) -> PathBuf {
        self.root.join(part)
    }

    /// True when `rel` (under `content/`) is hidden by `hide.toml`.
    pub fn is_hidden(&self, rel: &str) -> bool {
        self.hidden.iter().any(|(h, _)| hides(h, rel))
    }

    /// Upstream content files minus the hidden ones, with the overlay's
    /// `local/content` files over them (same path: the local one wins).
    pub fn merge_content(&self, upstream: Vec<Found>) -> Result<Vec<Found>, Error> {
        let mut errors = Vec::new();
        for (hidden, span) in &self.hidden {
            if !upstream.iter().any(|f| hides(hidden, &f.rel)) {
                let mut d = Diagnostic::at(
                    Path::new(LOCAL).join(HIDE_FILE),
                    &self.hide_text,
                    span.start,
                    span.len(),
                    format!("there is no upstream page `{hidden}` to hide"),
                );
                d = match closest(hidden, upstream.iter().map(|f| f.rel.as_str())) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`? Paths are relative to `content/`")),
                    None => d.with_hint("paths are relative to `content/`, for example `platforms/myspace.md`; remove the line if upstream deleted the page"),
                };
                errors.push(d);
            }
        }
        if !errors.is_empty() {
            return Err(Error::Content(errors));
        }
        let mut files: BTreeMap<String, Found> = upstream
            .into_iter()
            .filter(|f| !self.is_hidden(&f.rel))
            .map(|f| (f.rel.clone(), f))
            .collect();
        for found in walk::walk(&self.part(CONTENT), self.site_root())? {
            files.insert(found.rel.clone(), found);
        }
        Ok(files.into_values().collect())
    }

    /// Every upstream file the overlay replaces or hides, with its current
    /// bytes (`None` when upstream no longer has it).
    pub fn overrides(&self, paths: &SitePaths, config: &Config) -> Result<Vec<Override>, Error> {
        let upstream = Upstream::new(paths, config);
        let mut overrides = Vec::new();
        for part in PARTS {
            for found in walk::walk(&self.part(part), &paths.root)? {
                let rel = format!("{part}/{}", found.rel);
                if let Some((key, bytes)) = upstream.find(part, &found.rel)? {
                    overrides.push(Override {
                        upstream: key,
                        overlay: format!("{LOCAL}/{rel}"),
                        bytes: Some(bytes),
                    });
                }
            }
        }
        let site_toml = paths.root.join(crate::paths::CONFIG_FILE);
        if self.root.join(crate::paths::CONFIG_FILE).is_file() && site_toml.is_file() {
            overrides.push(Override {
                upstream: crate::paths::CONFIG_FILE.to_string(),
                overlay: format!("{LOCAL}/{}", crate::paths::CONFIG_FILE),
                bytes: Some(crate::fs::read(&site_toml)?),
            });
        }
        let content = walk::walk(&paths.content, &paths.root)?;
        for (hidden, _) in &self.hidden {
            for found in content.iter().filter(|f| hides(hidden, &f.rel)) {
                overrides.push(Override {
                    upstream: format!("{CONTENT}/{}", found.rel),
                    overlay: format!("{LOCAL}/{HIDE_FILE}"),
                    bytes: Some(crate::fs::read(&found.abs)?),
                });
            }
        }
        Ok(overrides)
    }
}

/// True when the hide entry `hidden` covers `rel`: the file itself, or a
/// folder holding it.
fn hides(hidden: &str, rel: &str) -> bool {
    rel == hidden || rel.starts_with(&format!("{hidden}/"))
}

/// An upstream file the overlay shadows or hides.
#[derive(Debug, Clone)]
pub struct Override {
    /// The upstream file, relative to the site root (`content/about.md`,
    /// `themes/nhs/templates/page.html` for the built-in theme too).
    pub upstream: String,
    /// What overrides it (`local/content/about.md`, `local/hide.toml`).
    pub overlay: String,
    /// The upstream file's bytes now.
    pub bytes: Option<Vec<u8>>,
}

/// Finds the upstream file an overlay file shadows: the site's own, else
/// (templates, static files) the theme's, on disk or built in.
pub struct Upstream<'a> {
    paths: &'a SitePaths,
    theme: String,
}

impl<'a> Upstream<'a> {
    /// For the site at `paths`.
    pub fn new(paths: &'a SitePaths, config: &Config) -> Self {
        Upstream {
            paths,
            theme: config.theme.clone().unwrap_or_else(|| BUILT_IN.to_string()),
        }
    }

    /// `(key, bytes)` of the upstream `part/rel`, if there is one.
    pub fn find(&self, part: &str, rel: &str) -> Result<Option<(String, Vec<u8>)>, Error> {
        let own = self.paths.root.join(part).join(rel);
        if own.is_file() {
            return Ok(Some((format!("{part}/{rel}"), crate::fs::read(&own)?)));
        }
        if part != TEMPLATES && part != STATIC {
            return Ok(None);
        }
        let key = format!("{THEMES}/{}/{part}/{rel}", self.theme);
        let on_disk = self.paths.root.join(&key);
        if on_disk.is_file() {
            return Ok(Some((key, crate::fs::read(&on_disk)?)));
        }
        let theme_dir = self.paths.themes.join(&self.theme);
        if self.theme == BUILT_IN && !theme_dir.is_dir() {
            return Ok(builtin::file(&format!("{part}/{rel}")).map(|b| (key, b.to_vec())));
        }
        Ok(None)
    }
}

const README: &str = "# Your trust's changes\n\nThis folder mirrors the upstream toolkit: a file here replaces the upstream file at\nthe same path, a new file adds to the site. Upstream files stay untouched, so\n`git merge upstream/main` does not conflict with your changes.\n\n- `content/`: your pages (same path as an upstream page replaces it)\n- `templates/`: your templates; `{% extends \"upstream/page.html\" %}` and replace one block\n- `static/`: your logo and other files\n- `data/`: your data files\n- `hide.toml`: upstream pages you do not publish\n- `canteen.lock`, `.upstream/`: which upstream version each replaced file was based on\n\nAfter a merge, run `canteen overlay status` to see what changed upstream in the\nfiles you replaced; when you have checked them, `canteen overlay accept --all`.\n";

const HIDE: &str = "# Upstream pages this trust does not publish, relative to content/.\n# A link to a hidden page is an error, like a link to any missing page.\n# pages = [\"platforms/myspace.md\"]\npages = []\n";

/// Creates an empty overlay under `root`: `local/` with a README, an empty
/// `hide.toml` and `canteen.lock`, and the four folders. Never overwrites.
pub fn init(root: &Path) -> Result<Vec<PathBuf>, Error> {
    let dir = root.join(LOCAL);
    if dir.join(lock::LOCK_FILE).exists() {
        return Err(Error::Output(format!(
            "`{}` already has an overlay (it has a canteen.lock); nothing was changed",
            dir.display()
        )));
    }
    let mut created = Vec::new();
    for part in PARTS {
        let keep = dir.join(part).join(".gitkeep");
        crate::fs::create_dir_all(&dir.join(part))?;
        if !keep.exists() {
            crate::fs::write(&keep, "")?;
        }
    }
    let files = [
        ("README.md", README.to_string()),
        (HIDE_FILE, HIDE.to_string()),
        (lock::LOCK_FILE, lock::Lock::default().to_text()),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if !path.exists() {
            crate::fs::write(&path, text)?;
            created.push(path);
        }
    }
    Ok(created)
}
