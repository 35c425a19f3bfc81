//! `site.toml`: typed, strict, with defaults, validated on load.
//!
//! Parsing works on a string (`Config::from_str`) so it is testable without a
//! disk; `Config::load` is the thin I/O edge. Unknown keys and wrong types are
//! errors with file, line and column — never silently ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::date::Date;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::nul;
use crate::spans::{Spans, Step, key_path};

pub use crate::paths::{CONFIG_FILE, SitePaths};
pub use validate::base_url_problem;

pub mod accessibility;
mod languages;
pub mod lint;
pub mod review;
mod validate;

pub use languages::LanguageInfo;

/// Every top-level key `site.toml` accepts, for "did you mean" hints.
const TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "theme",
    "markdown",
    "links",
    "search",
    "edition",
    "brand",
    "accessibility",
    "social_cards",
    "languages",
    "strings",
    "extra",
    "review",
    "style",
    "check",
];

/// The whole site configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page title.
    pub title: String,
    /// Where the site is published; its path part prefixes every URL.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Used when a page has no description of its own.
    #[serde(default)]
    pub description: String,
    /// Theme name: a folder under `themes/`, or the built-in `nhs`.
    #[serde(default)]
    pub theme: Option<String>,
    /// Markdown options.
    #[serde(default)]
    pub markdown: MarkdownOptions,
    /// How links are checked (`[links]`).
    #[serde(default)]
    pub links: LinkOptions,
    /// Site search (`[search]`): on or off, and its synonyms.
    #[serde(default)]
    pub search: SearchOptions,
    /// The edition the current content is.
    #[serde(default)]
    pub edition: Option<EditionInfo>,
    /// Whose toolkit this is: name, logo, colours, contacts (`[brand]`).
    #[serde(default)]
    pub brand: crate::brand::Brand,
    /// The facts of the accessibility statement (`[accessibility]`).
    #[serde(default)]
    pub accessibility: Option<accessibility::Accessibility>,
    /// Generated social cards (`[social_cards]`).
    #[serde(default)]
    pub social_cards: SocialCards,
    /// Free table for templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// Review dates: interval, owner, the overdue notice (`[review]`).
    #[serde(default)]
    pub review: review::Review,
    /// The content-style lint (`[style]`).
    #[serde(default)]
    pub style: lint::StyleOptions,
    /// `canteen check` settings (`[check]`).
    #[serde(default)]
    pub check: lint::CheckSettings,
    /// A preview build (`--preview`, or a `--base-url` other than
    /// `base_url`): search engines are asked to keep away (`robots.txt`
    /// disallows everything, every page says `noindex`). Never in the file.
    #[serde(skip)]
    pub preview: bool,
    /// `[languages.<code>]`: the site's languages besides `language`
    /// (`languages.rs`); empty on a one-language site.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageInfo>,
    /// `[strings.<code>]`: the site's own wording of interface strings.
    #[serde(default)]
    pub strings: languages::StringOverrides,
    /// The language this configuration renders when it is not the default
    /// one (`Config::for_language`); never read from `site.toml`.
    #[serde(skip)]
    pub translation: Option<String>,
}

/// `[markdown]` options.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Syntax highlighting of fenced code blocks.
    pub highlight_code: bool,
    /// The accessible names of a task list's ticked and unticked boxes,
    /// in the site's language: its strings `task_done` and `task_to_do`
    /// (set when the site is loaded, not in `site.toml`).
    #[serde(skip)]
    pub task_labels: [String; 2],
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            highlight_code: true,
            task_labels: ["Done".into(), "To do".into()],
        }
    }
}

/// `[social_cards]`: a generated 1200×630 card for every page to share.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SocialCards {
    /// Draw the cards (default on); off, pages share `[brand] social_image`.
    pub enabled: bool,
}

impl Default for SocialCards {
    fn default() -> Self {
        SocialCards { enabled: true }
    }
}

/// `[links]`: how links between pages are checked.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinkOptions {
    /// What a link to a page, file or heading that does not exist does.
    pub broken: BrokenLinks,
}

/// `[search]`: the search index built with the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchOptions {
    /// Build the index, the search page and the header's search box
    /// (true by default).
    pub enabled: bool,
    /// Groups of words or phrases that find each other's pages
    /// (`[["Twitter", "X"], ["HR", "human resources"]]`).
    pub synonyms: Vec<Vec<String>>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            enabled: true,
            synonyms: Vec::new(),
        }
    }
}

/// What a broken internal link does to the build (Docusaurus users know it
/// as `onBrokenLinks`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// The build fails, naming every broken link (the default).
    #[default]
    Error,
    /// The build succeeds and lists every broken link: for a first import
    /// of Markdown written for another tool.
    Warn,
}

impl BrokenLinks {
    /// Broken-link problems as (errors, warnings) under this setting.
    pub fn sort(self, problems: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        match self {
            BrokenLinks::Error => (problems, Vec::new()),
            BrokenLinks::Warn => (
                Vec::new(),
                problems.into_iter().map(Diagnostic::warning).collect(),
            ),
        }
    }
}

/// `[edition]`: which edition of the guidance `content/` is.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditionInfo {
    /// Short stable id used in URLs (`2014`).
    pub id: String,
    /// What readers see ("March 2014 edition").
    pub label: String,
    /// When it was published.
    pub published: Date,
    /// `[[edition.earlier]]`: frozen earlier editions, each in
    /// `editions/<id>/` (only on the current edition's table).
    #[serde(default, skip_serializing)]
    pub earlier: Vec<EditionInfo>,
    /// `unversioned`: addresses of pages about the site rather than its
    /// guidance (a web team's pages), each with every page under it, such
    /// as `for-web-teams/`. They are in no edition's comparison: not on a
    /// "what changed" page, and without changes of their own (only on the
    /// current edition's table).
    #[serde(default)]
    pub unversioned: Vec<String>,
}

impl EditionInfo {
    /// This edition, then its earlier editions as listed (the order
    /// `at_edition_id` counts in).
    pub fn all(&self) -> impl Iterator<Item = &EditionInfo> {
        std::iter::once(self).chain(&self.earlier)
    }

    /// True when the page at `url` (an address inside an edition, such as
    /// `for-web-teams/setup/`) is under one of `unversioned`.
    pub fn is_unversioned(&self, url: &str) -> bool {
        self.unversioned
            .iter()
            .any(|address| url.starts_with(address.as_str()))
    }

    /// True when `id` can be one segment of a URL and a folder name on
    /// every system: lowercase letters, digits, `-`, `_` and `.`.
    pub fn valid_id(id: &str) -> bool {
        !id.is_empty()
            && !id.starts_with('.')
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
    }
}

/// A diagnostic at the `id` of an edition in the site's configuration
/// file (`text` of `file`): `nth` 0 is `[edition]`, 1 the first
/// `[[edition.earlier]]`, and so on (the order of `EditionInfo::all`).
pub fn at_edition_id((file, text): (&Path, &str), nth: usize, message: String) -> Diagnostic {
    let path = match nth.checked_sub(1) {
        None => key_path!["edition", "id"].to_vec(),
        Some(earlier) => key_path!["edition", "earlier", earlier, "id"].to_vec(),
    };
    at_value((file, text), &path, message)
}

/// A diagnostic at the value of `key` in a configuration file (`text` of
/// `file`), or at its start when the key is not there.
pub(crate) fn at_value(
    (file, text): (&Path, &str),
    key: &[Step<'_>],
    message: String,
) -> Diagnostic {
    let span = Spans::toml(text, 0).value(key).unwrap_or(0..0);
    Diagnostic::at(file.to_path_buf(), text, span.start, span.len(), message)
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "en-GB".to_string()
}

impl Config {
    /// The configuration file in use, relative to `root`: a trust's
    /// `local/site.toml` replaces `site.toml` whole, like any overlay file
    /// (so upstream changes to `site.toml` show in the drift report).
    pub fn file(root: &Path) -> PathBuf {
        let local = Path::new(crate::paths::LOCAL).join(CONFIG_FILE);
        if root.join(&local).is_file() {
            local
        } else {
            PathBuf::from(CONFIG_FILE)
        }
    }

    /// Reads `site.toml` (or `local/site.toml`) from the site root.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let rel = Config::file(root);
        let path = root.join(&rel);
        if !path.is_file() {
            return Err(Error::Config(
                Diagnostic::file(path, "there is no `site.toml` here, so this is not a canteen site").with_hint(
                    "create `site.toml` with at least a title, for example: title = \"My trust's social media guide\"",
                ),
            ));
        }
        crate::content::walk::check_inside(&path, root)?;
        let text = crate::fs::read_to_string(&path)?;
        // Messages name files relative to the site root, like content files.
        Config::from_str(&text, &rel)
    }

    /// Parses the text of `site.toml`; `path` is only used in messages.
    pub fn from_str(text: &str, path: &Path) -> Result<Config, Error> {
        if let Some(d) = nul::in_source(path, text) {
            return Err(Error::Config(d));
        }
        let config: Config =
            toml::from_str(text).map_err(|e| Error::Config(toml_diagnostic(path, text, &e)))?;
        validate::check_nul_escapes(path, text)?;
        config.validate(path, text)?;
        config.validate_brand(path, text)?;
        if let Some(a) = &config.accessibility {
            a.validate(path, text)?;
        }
        config.validate_languages(path, text)?;
        Ok(config)
    }

    /// Overrides `base_url` (from `--base-url` or the dev server); a URL
    /// that would break every link on the site is refused. Another address
    /// than the file's makes a preview build: the site is not where it
    /// will be published, so search engines must not index it there.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Error> {
        if let Some((message, hint)) = base_url_problem(url) {
            return Err(Error::Usage(format!(
                "--base-url `{url}` {message}; {hint}"
            )));
        }
        if url.trim_end_matches('/') != self.base_url.trim_end_matches('/') {
            self.preview = true;
        }
        self.base_url = url.to_string();
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let without_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = if self.base_url.contains("://") {
            without_scheme
                .find('/')
                .map_or("/", |i| &without_scheme[i..])
        } else {
            without_scheme
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The absolute URL of a path under the site's base (`platforms/x/`).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}/{path}", self.origin_and_path())
    }

    /// `base_url` with no trailing slash, for building absolute URLs.
    pub fn origin_and_path(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// A TOML error in `site.toml` as a diagnostic (`diagnostics::from_toml`),
/// with top-level keys as the candidates for "did you mean".
pub fn toml_diagnostic(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    crate::diagnostics::from_toml(path, text, error, TOP_LEVEL_KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::from_str(text, Path::new("site.toml"))
    }

    #[test]
    fn a_title_alone_is_enough() {
        let config = parse("title = \"T\"").expect("valid");
        assert_eq!(config.language, "en-GB");
        assert_eq!(config.base_path(), "/");
        assert!(config.markdown.highlight_code);
    }

    #[test]
    fn base_path_comes_from_the_url() {
        let config =
            parse("title = \"T\"\nbase_url = \"https://nhs.example/socialmedia\"").expect("valid");
        assert_eq!(config.base_path(), "/socialmedia/");
        assert_eq!(config.origin_and_path(), "https://nhs.example/socialmedia");
    }
}
