//! The language versions of each page of a site with `[languages]`: what
//! `translations` and `untranslated` are in a template (`docs/templates.md`).

use serde::Serialize;
use tera::{Context, Value};

use crate::content::DocId;

/// One language version of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// The language's code (`cy`), as in file names and addresses.
    pub code: String,
    /// Its `lang` / `hreflang` value (`en-GB`, `cy`).
    pub lang: String,
    /// The language's name in itself ("Cymraeg", "English").
    pub name: String,
    /// The page's address in that language (`/cy/about/`): the page
    /// itself, or its fallback page, or the nearest section when that
    /// language has no such page at all.
    pub url: String,
    /// The same as an absolute URL, for `hreflang` links and sitemaps.
    pub permalink: String,
    /// True when that language has its own text of the page (only such
    /// versions are alternates for search engines).
    pub translated: bool,
    /// True for the version being rendered.
    pub current: bool,
}

/// Every page's versions in every language, for one language's site:
/// indexed by edition (like `Site::views`), then document.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// The versions of each page, the default language first.
    pub pages: Vec<Vec<Vec<Version>>>,
    /// The default language's `lang`, for the fallback text of a page not
    /// yet translated.
    pub default_lang: String,
}

impl Versions {
    /// The versions of document `id` of edition `view`.
    pub fn of(&self, view: usize, id: DocId) -> &[Version] {
        self.pages
            .get(view)
            .and_then(|v| v.get(id))
            .map_or(&[], Vec::as_slice)
    }

    /// Puts `translations` (every version) and `untranslated` (the
    /// default language's `lang` on a fallback page, else `none`) into a
    /// page's context.
    pub fn insert(&self, context: &mut Context, view: usize, id: DocId) {
        let versions = self.of(view, id);
        let fallback = versions.iter().any(|v| v.current && !v.translated);
        context.insert("translations", versions);
        context.insert_value(
            "untranslated",
            if fallback {
                Value::from(self.default_lang.as_str())
            } else {
                Value::none()
            },
        );
    }
}
