//! A generated site as plain data: its files, symlinks, and how it is
//! built. Strategies produce these; the harness writes one into a fresh
//! case folder and builds it. Kept printable, because a failing property
//! prints its minimal `SiteSpec` and that is what a regression test copies.

#![allow(dead_code)] // shared by tests/properties.rs and tests/regressions.rs

use std::fmt;

/// Replaced, in file text and symlink targets, by the absolute path of the
/// case's `outside/` folder: the only absolute paths a generated site may
/// name, so an attack that works lands where the snapshot sees it.
pub const OUTSIDE: &str = "{OUTSIDE}";

/// Where the build writes, relative to the case folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// No `--output`: canteen's default, `<site>/public`.
    Default,
    /// `--output <case>/site/public`.
    InSite,
    /// `--output <case>/out`.
    Beside,
    /// `--output <case>/out`, which already holds an earlier canteen build.
    BesideExisting,
    /// `--output <case>/out`, a folder of someone else's files (must be refused).
    BesideForeign,
}

/// One generated site and the command line that builds it.
#[derive(Clone, Default)]
pub struct SiteSpec {
    /// Files relative to the site root (`content/a.md`), in writing order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Symlinks relative to the site root, with their targets.
    pub symlinks: Vec<(String, String)>,
    /// Where the output goes.
    pub output: Option<Output>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--drafts`.
    pub drafts: bool,
    /// Run from the case folder with relative `--root site` and `--output`.
    pub relative: bool,
    /// How many distinct documents (pages and sections) a successful build
    /// must have at least, when the generator knows.
    pub known_documents: Option<usize>,
}

impl SiteSpec {
    /// An empty site (no `site.toml` yet).
    pub fn new() -> SiteSpec {
        SiteSpec::default()
    }

    /// Adds a text file (later files at the same path replace earlier ones).
    pub fn file(mut self, path: &str, text: &str) -> SiteSpec {
        self.put(path, text.as_bytes().to_vec());
        self
    }

    /// Adds or replaces a file; a path that would need a file and a folder
    /// of the same name is left out (the file system cannot hold both).
    pub fn put(&mut self, path: &str, bytes: Vec<u8>) {
        if let Some(slot) = self.files.iter_mut().find(|(p, _)| p == path) {
            slot.1 = bytes;
            return;
        }
        if self.clashes(path) || self.symlinks.iter().any(|(p, _)| p == path) {
            return;
        }
        self.files.push((path.to_string(), bytes));
    }

    /// Adds a symlink at `path` pointing at `target` (may use [`OUTSIDE`]).
    pub fn symlink(mut self, path: &str, target: &str) -> SiteSpec {
        let taken = self
            .files
            .iter()
            .map(|(p, _)| p)
            .chain(self.symlinks.iter().map(|(p, _)| p));
        if !self.clashes(path) && !taken.into_iter().any(|p| p == path) {
            self.symlinks.push((path.to_string(), target.to_string()));
        }
        self
    }

    /// Sets where the build writes.
    pub fn output(mut self, output: Output) -> SiteSpec {
        self.output = Some(output);
        self
    }

    /// True when `path` and an existing entry would need one name to be
    /// both a file and a folder.
    fn clashes(&self, path: &str) -> bool {
        let under = |dir: &str, p: &str| p.starts_with(&format!("{dir}/"));
        self.files
            .iter()
            .map(|(p, _)| p)
            .chain(self.symlinks.iter().map(|(p, _)| p))
            .any(|p| (p != path) && (under(p, path) || under(path, p)))
    }

    /// True when the site has frozen earlier editions (then the sitemap
    /// lists fewer documents than the build counts).
    pub fn has_editions(&self) -> bool {
        self.files.iter().any(|(p, _)| p.starts_with("editions/"))
    }
}

impl fmt::Debug for SiteSpec {
    /// One line per file, so the minimal failing site reads like a listing
    /// and pastes into a regression test.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "SiteSpec {{")?;
        for (path, bytes) in &self.files {
            match std::str::from_utf8(bytes) {
                Ok(text) => writeln!(f, "  {path:?}: {text:?}")?,
                Err(_) => writeln!(f, "  {path:?}: bytes {bytes:?}")?,
            }
        }
        for (path, target) in &self.symlinks {
            writeln!(f, "  {path:?} -> {target:?}")?;
        }
        writeln!(
            f,
            "  output: {:?}, base_url: {:?}, drafts: {}, relative: {}, known_documents: {:?}",
            self.output, self.base_url, self.drafts, self.relative, self.known_documents
        )?;
        write!(f, "}}")
    }
}
