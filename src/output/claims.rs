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
            Origin::Page(doc) if doc.is_implicit_section() => None,
            Origin::Page(doc) => {
                let span = match doc.meta.slug {
                    Some(_) => doc.value_span(&key_path!["slug"]),
                    None => 0..0,
                };
                Some(Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    span.start,
                    span.len(),
                    message,
                ))
            }
            Origin::Alias(doc, i) => {
                let span = doc.value_span(&key_path!["aliases", *i]);
                Some(Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    span.start,
                    span.len(),
                    message,
                ))
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
        let clash = if let Some(other) = self.files.get(&path) {
            Some((other.clone(), format!("`{path}`, which is already")))
        } else if let Some(inside) = self.folders.get(&path) {
            let other = self.files[inside].clone();
            Some((other, format!("`{path}`, a folder of `{inside}`, which is")))
        } else {
            ancestors(&path)
                .find_map(|folder| self.files.get(folder).map(|o| (o.clone(), folder)))
                .map(|(other, folder)| {
                    (
                        other,
                        format!("`{path}` in a folder `{folder}`, but that file is"),
                    )
                })
        };
        if let Some((other, place)) = clash {
            self.clash(&origin, &other, &place, config);
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

    fn clash(&mut self, new: &Origin<'_>, old: &Origin<'_>, place: &str, config: (&Path, &str)) {
        let message = format!(
            "{} would write the output file {place} {}",
            new.describe(),
            old.describe()
        );
        let diagnostic = new
            .diagnostic(config, message.clone())
            .or_else(|| old.diagnostic(config, message.clone()))
            .unwrap_or_else(|| Diagnostic::file(config.0.to_path_buf(), message));
        self.errors.push(diagnostic.with_hint(
            "give one of them another address: a different `slug` or file name, or remove the alias",
        ));
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
            file_then_folder[0]
                .contains("`sitemap.xml/index.html` in a folder `sitemap.xml`, but that file is"),
            "{file_then_folder:?}"
        );
        let folder_then_file = claims(&["x/y/index.html", "x/y"]);
        assert!(
            folder_then_file[0].contains("`x/y`, a folder of `x/y/index.html`, which is"),
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
