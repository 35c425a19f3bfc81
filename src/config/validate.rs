//! Checks on a parsed `site.toml` that types cannot express: a title, a
//! `base_url` every link can start with, a theme that is a folder name,
//! edition ids that are addresses, brand colours that pass contrast, search
//! synonyms in groups of two or more, and no NUL character in any value.
//! Each error is at its value.

use std::path::Path;

use super::{Config, EditionInfo, at_edition_id, at_value};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::nul;
use crate::spans::{Spans, Step, key_path};

impl Config {
    pub(super) fn validate(&self, path: &Path, text: &str) -> Result<(), Error> {
        let at_key = |key: &str, message: String| {
            let spans = Spans::toml(text, 0);
            let span = spans
                .value(&key_path![key])
                .or_else(|| spans.key(&key_path![key]));
            let span = span.unwrap_or(0..0);
            Error::Config(Diagnostic::at(
                path.to_path_buf(),
                text,
                span.start,
                span.len(),
                message,
            ))
        };
        if self.title.trim().is_empty() {
            return Err(at_key("title", "`title` is empty".into()));
        }
        if let Some(theme) = &self.theme
            && (crate::content::address::segment_problem(theme).is_some() || theme.starts_with('.'))
        {
            return Err(match at_key(
                "theme",
                format!("`theme` must be the name of a folder in `themes/`, not `{theme}`"),
            ) {
                Error::Config(d) => Error::Config(d.with_hint(
                    "leave `theme` out for the built-in `nhs` theme, or name a folder of `themes/`, such as \"trust\"",
                )),
                other => other,
            });
        }
        // `--base-url` is checked where it is given (`set_base_url`).
        if let Some(problem) = base_url_problem(&self.base_url) {
            let (message, hint) = problem;
            return Err(match at_key("base_url", format!("`base_url` {message}")) {
                Error::Config(d) => Error::Config(d.with_hint(hint)),
                other => other,
            });
        }
        if let Some(current) = &self.edition {
            self.validate_editions(current, path, text)?;
        }
        self.validate_synonyms(path, text)
    }

    /// Each `[search] synonyms` group names at least two words or phrases,
    /// none of them blank: a group of one finds nothing new, and a blank
    /// word is a typing slip.
    fn validate_synonyms(&self, path: &Path, text: &str) -> Result<(), Error> {
        let error = |key: &[Step<'_>], message: &str, hint: &str| {
            Error::Config(at_value((path, text), key, message.to_string()).with_hint(hint))
        };
        for (g, group) in self.search.synonyms.iter().enumerate() {
            if let Some(w) = group.iter().position(|word| word.trim().is_empty()) {
                return Err(error(
                    &key_path!["search", "synonyms", g, w],
                    "this synonym is blank",
                    "write the word or phrase, or take out the empty quotes",
                ));
            }
            if group.len() < 2 {
                return Err(error(
                    &key_path!["search", "synonyms", g],
                    "a group of synonyms needs at least two words or phrases",
                    "add the words that should find each other's pages, as in [\"Twitter\", \"X\"], or take the group out",
                ));
            }
        }
        Ok(())
    }

    /// Edition ids are URL segments, unique, and earlier editions were
    /// published before the current one.
    fn validate_editions(
        &self,
        current: &EditionInfo,
        path: &Path,
        text: &str,
    ) -> Result<(), Error> {
        let at_id = |nth: usize, message: String, hint: &str| {
            Error::Config(at_edition_id((path, text), nth, message).with_hint(hint))
        };
        let mut seen = std::collections::HashSet::new();
        for (i, edition) in current.all().enumerate() {
            if !EditionInfo::valid_id(&edition.id) {
                return Err(at_id(
                    i,
                    format!(
                        "the edition id `{}` cannot be part of a web address",
                        edition.id
                    ),
                    "use lowercase letters, digits, `-`, `_` and `.`, for example \"2014\" or \"2014-march\"",
                ));
            }
            if !seen.insert(edition.id.as_str()) {
                return Err(at_id(
                    i,
                    format!("two editions have the id `{}`", edition.id),
                    "give every edition its own id: it is the start of its pages' addresses",
                ));
            }
            if i > 0 && !edition.earlier.is_empty() {
                return Err(at_id(
                    i,
                    format!(
                        "the earlier edition `{}` has earlier editions of its own",
                        edition.id
                    ),
                    "list every earlier edition under `[edition]` as `[[edition.earlier]]`",
                ));
            }
            if i > 0 && !edition.unversioned.is_empty() {
                return Err(at_id(
                    i,
                    format!(
                        "the earlier edition `{}` has `unversioned` addresses",
                        edition.id
                    ),
                    "list unversioned addresses once, under `[edition]`: they apply to every edition",
                ));
            }
            if let Some(address) = edition.unversioned.iter().find(|a| !valid_unversioned(a)) {
                return Err(at_id(
                    i,
                    format!(
                        "the unversioned address `{address}` is not the address of a page or folder"
                    ),
                    "write it as a page's address without the first `/`, ending in `/`, for example \"for-web-teams/\"",
                ));
            }
            if i > 0 && edition.published >= current.published {
                return Err(at_id(
                    i,
                    format!(
                        "the earlier edition `{}` was published on {}, not before the current edition `{}` ({})",
                        edition.id,
                        edition.published.text(),
                        current.id,
                        current.published.text()
                    ),
                    "check the dates: `[edition]` is the newest edition, the one in `content/`",
                ));
            }
        }
        Ok(())
    }

    /// Brand settings a template cannot check: a logo's alt text, and the
    /// contrast of every colour pair the theme uses (all failures together).
    pub(super) fn validate_brand(&self, path: &Path, text: &str) -> Result<(), Error> {
        if let Some(logo) = &self.brand.logo
            && logo.alt.get_ref().trim().is_empty()
        {
            let span = logo.alt.span();
            return Err(Error::Config(
                Diagnostic::at(path.to_path_buf(), text, span.start, span.len(), "the logo's `alt` text is empty")
                    .with_hint("say what the logo shows, usually the organisation's name, for people who cannot see it"),
            ));
        }
        let palette = self.brand.colours.palette();
        let failures = crate::brand::contrast::check(&palette, path, text);
        if failures.is_empty() {
            Ok(())
        } else {
            Err(Error::Content(failures))
        }
    }
}

/// What is wrong with a `base_url`, and what to do: every link on the site
/// starts with its path, so it must be `/` or a path, or an `http(s)`
/// address with a host, and no query, fragment or character a URL path
/// cannot carry.
pub fn base_url_problem(url: &str) -> Option<(String, String)> {
    let path = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        {
            return Some((
                format!("has no host name it can be published at: `{url}`"),
                "write the whole address, such as `https://www.example.nhs.uk/socialmedia`".into(),
            ));
        }
        &rest[host.len()..]
    } else if url.starts_with('/') && !url.starts_with("//") {
        url
    } else {
        let hint = if url.contains('.') && !url.contains("://") {
            format!("write the address with its scheme: `https://{url}`")
        } else {
            "write the whole address, such as `https://www.example.nhs.uk/socialmedia`, or a path such as `/socialmedia/`".into()
        };
        return Some((
            format!("must start with `https://`, `http://` or `/`, not `{url}`"),
            hint,
        ));
    };
    if path.contains(['?', '#']) {
        return Some((
            format!(
                "has a query or fragment (`{url}`), which would end up in the middle of every link"
            ),
            "remove everything from the `?` or `#`".into(),
        ));
    }
    let bad = path
        .chars()
        .find(|&c| c.is_control() || c.is_whitespace() || "\\\"<>^`{|}".contains(c));
    if let Some(c) = bad {
        return Some((
            format!("contains {c:?}, which a web address cannot have as it is"),
            "use letters, digits, `-`, `_` and `/` in the path".into(),
        ));
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Some((
            "contains a `.` or `..` part".into(),
            "write the path as it is, such as `/socialmedia/`".into(),
        ));
    }
    None
}

/// An error at the first string of `text` (valid TOML) holding a NUL
/// character, written as an escape (`"\u0000"`): a raw one is found first.
pub(super) fn check_nul_escapes(path: &Path, text: &str) -> Result<(), Error> {
    let Ok(value) = toml::from_str::<serde_json::Value>(text) else {
        return Ok(());
    };
    match nul::find(&value) {
        Some(at) => Err(Error::Config(nul::in_value(
            path,
            text,
            nul::locate(&Spans::toml(text, 0), &at),
        ))),
        None => Ok(()),
    }
}

/// An unversioned address is one or more segments, each ending in `/`,
/// none empty, `.` or `..`; not the whole site.
fn valid_unversioned(address: &str) -> bool {
    address
        .strip_suffix('/')
        .is_some_and(|a| a.split('/').all(|s| !s.is_empty() && s != "." && s != ".."))
}
