//! Which source writes each output file. Every file a build will write is
//! claimed before anything is written; two sources for one file, or a file
//! where another source needs a folder (`sitemap.xml` and
//! `sitemap.xml/index.html`), are an error naming both. So no page, alias,
//! redirect, generated page or static file ever overwrites another.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::Document;
use crate::content::address;
use crate::diagnostics::Diagnostic;
use crate::spans::key_path;

/// What writes an output file.
#[derive(Debug, Clone)]
pub enum Origin<'a> {
    /// A file canteen makes itself (`the sitemap`).
    Generated(&'static str),
    /// A page or section.
    Page(&'a Document),
    /// A page's social card (`social-cards/<its address>.png`).
    Card(&'a Document),
    /// A redirect from one of a document's `aliases` (which one).
    Alias(&'a Document, usize),
    /// A file copied from `content/` (its path from the site root).
    Asset(&'a Path),
    /// A static file of the site or theme (its path, as shown).
    Static(PathBuf),
    /// A redirect at the current edition's stable address `/<id>/…`.
    EditionAddress(&'a str),
    /// An edition's "what changed" page (the edition's label).
    WhatChanged(&'a str),
}

impl Origin<'_> {
    /// The source in words, for the other half of a clash.
    pub fn describe(&self) -> String {
        match self {
            Origin::Generated(what) => format!("{what} canteen makes"),
            Origin::Page(doc) => format!("the page {}", doc.origin()),
            Origin::Card(doc) => format!("the social card of the page {}", doc.origin()),
            Origin::Alias(doc, i) => format!(
                "the alias `{}` of `{}`",
                doc.meta.aliases.get(*i).map_or("", String::as_str),
                doc.display_path.display()
            ),
            Origin::Asset(path) => format!("the file `{}`", path.display()),
            Origin::Static(path) => format!("the static file `{}`", path.display()),
            Origin::EditionAddress(id) => {
                format!("the stable address of the current edition `{id}`")
            }
            Origin::WhatChanged(label) => format!("the \"what changed\" page of the {label}"),
        }
    }

    /// A diagnostic at the place in the user's files this source comes
    /// from; `None` for a file canteen makes. `config` is the site's
    /// configuration file and its text, where edition ids are.
    fn diagnostic(&self, config: (&Path, &str), message: String) -> Option<Diagnostic> {
        match self {
            Origin::Generated(_) | Origin::WhatChanged(_) => None,
            Origin::Page(doc) | Origin::Card(doc) if doc.is_implicit_section() => None,
            Origin::Page(doc) | Origin::Card(doc) => {
                let span = match doc.meta.slug {
                    Some(_) => doc.value_span(&key_path!["slug"]),
                    None => 0..0,
                };
                Some(at(doc, span, message))
            }
            Origin::Alias(doc, i) => {
                Some(at(doc, doc.value_span(&key_path!["aliases", *i]), message))
            }
            Origin::Asset(path) => Some(Diagnostic::file(path.to_path_buf(), message)),
            // A built-in theme file is in no folder of the user's.
            Origin::Static(path) if path.to_string_lossy().starts_with('<') => None,
            Origin::Static(path) => Some(Diagnostic::file(path.clone(), message)),
            // The stable addresses are the current edition's: `[edition]`.
            Origin::EditionAddress(_) => Some(crate::config::at_edition_id(config, 0, message)),
        }
    }
}

/// A diagnostic at `span` of a document's source.
fn at(doc: &Document, span: std::ops::Range<usize>, message: String) -> Diagnostic {
    Diagnostic::at(
        doc.display_path.clone(),
        &doc.source,
        span.start,
        span.len(),
        message,
    )
}

/// One side of a clash: its source in words, and whether it is the newer
/// claim.
type Side = (String, bool);

/// The output files claimed so far.
#[derive(Debug, Default)]
pub struct Claims<'a> {
    files: HashMap<String, Origin<'a>>,
    /// Every folder some claimed file is in, with the first file's path.
    folders: HashMap<String, String>,
    errors: Vec<Diagnostic>,
}

impl<'a> Claims<'a> {
    /// Room for `n` files.
    pub fn with_capacity(n: usize) -> Self {
        Claims {
            files: HashMap::with_capacity(n),
            folders: HashMap::with_capacity(n / 4),
            errors: Vec::new(),
        }
    }

    /// Claims `path` (relative to the output folder, `/`-separated) for
    /// `origin`; a clash is recorded, at whichever of the two sources the
    /// user wrote (the later one when both). `config` is as for errors.
    pub fn claim(&mut self, path: String, origin: Origin<'a>, config: (&Path, &str)) {
        if let Some(problem) = address::output_problem(&path) {
            let message = format!(
                "{} would be written at `{path}`, which {problem}",
                origin.describe()
            );
            let diagnostic = origin
                .diagnostic(config, message.clone())
                .unwrap_or_else(|| Diagnostic::file(config.0.to_path_buf(), message));
            self.errors.push(diagnostic);
            return;
        }
        if let Some(other) = self.files.get(&path).cloned() {
            self.clash(&origin, &other, config, |here, there| {
                format!(
                    "{} would write the output file `{path}`, which is already {}",
                    here.0, there.0
                )
            });
            return;
        }
        // A file where another source needs a folder, either way round:
        // the file, the other source's file inside it, and whether the
        // new claim is the file.
        let folder_clash = match self.folders.get(&path) {
            Some(inside) => Some((path.clone(), inside.clone(), true)),
            // Above a folder already claimed, every ancestor was checked
            // when it was: most claims look at one folder.
            None => ancestors(&path)
                .take_while(|folder| !self.folders.contains_key(*folder))
                .find(|folder| self.files.contains_key(*folder))
                .map(|folder| (folder.to_string(), path.clone(), false)),
        };
        if let Some((file, inner, new_is_file)) = folder_clash {
            let other = self.files[if new_is_file { &inner } else { &file }].clone();
            self.clash(&origin, &other, config, |here, there| {
                let (file_source, folder_source) = if here.1 == new_is_file {
                    (&here.0, &there.0)
                } else {
                    (&there.0, &here.0)
                };
                format!(
                    "{file_source} would write the output file `{file}`, but {folder_source} needs `{file}` as a folder, for `{inner}`"
                )
            });
            return;
        }
        for folder in ancestors(&path) {
            if self.folders.contains_key(folder) {
                break;
            }
            self.folders.insert(folder.to_string(), path.clone());
        }
        self.files.insert(path, origin);
    }

    /// Records a clash between `new` and `old`, at whichever the user
    /// wrote (`new` when both). `message` words it from the source it is
    /// shown at (`here`) and the other (`there`).
    fn clash(
        &mut self,
        new: &Origin<'_>,
        old: &Origin<'_>,
        config: (&Path, &str),
        message: impl Fn(&Side, &Side) -> String,
    ) {
        let (new_side, old_side) = ((new.describe(), true), (old.describe(), false));
        let diagnostic = new
            .diagnostic(config, message(&new_side, &old_side))
            .or_else(|| old.diagnostic(config, message(&old_side, &new_side)))
            .unwrap_or_else(|| {
                Diagnostic::file(config.0.to_path_buf(), message(&new_side, &old_side))
            });
        self.errors.push(diagnostic.with_hint(
            "give one of them another address: a different `slug` or file name, or remove the alias",
        ));
    }

    /// Records an output that cannot be claimed at all (an alias that is
    /// no address), with the clashes.
    pub fn refuse(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// The clashes found, in the order the claims were made.
    pub fn into_errors(self) -> Vec<Diagnostic> {
        self.errors
    }
}

/// The folders a path is in, nearest first (`a/b/c` → `a/b`, `a`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let (parent, _) = rest.rsplit_once('/')?;
        rest = parent;
        Some(parent)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(paths: &[&str]) -> Vec<String> {
        let mut claims = Claims::default();
        let config = (Path::new("site.toml"), "title = \"T\"\n");
        for path in paths {
            claims.claim(
                path.to_string(),
                Origin::Static(PathBuf::from(*path)),
                config,
            );
        }
        claims
            .into_errors()
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn one_source_per_file_and_no_file_where_a_folder_goes() {
        assert!(claims(&["index.html", "a/index.html", "a/b/index.html", "a.css"]).is_empty());
        assert_eq!(claims(&["a/index.html", "a/index.html"]).len(), 1);
        let file_then_folder = claims(&["sitemap.xml", "sitemap.xml/index.html"]);
        assert!(
            file_then_folder[0].contains(
                "the static file `sitemap.xml` would write the output file `sitemap.xml`, but the static file `sitemap.xml/index.html` needs `sitemap.xml` as a folder, for `sitemap.xml/index.html`"
            ),
            "{file_then_folder:?}"
        );
        let folder_then_file = claims(&["x/y/index.html", "x/y"]);
        assert!(
            folder_then_file[0].contains(
                "the static file `x/y` would write the output file `x/y`, but the static file `x/y/index.html` needs `x/y` as a folder, for `x/y/index.html`"
            ),
            "{folder_then_file:?}"
        );
    }

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        for path in ["/etc/passwd", "../x/index.html", "a/../../b", ""] {
            assert_eq!(claims(&[path]).len(), 1, "{path}");
        }
    }
}
