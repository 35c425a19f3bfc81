//! Interface strings: every word the theme shows (skip link, navigation
//! labels, breadcrumbs, contents, previous and next, review dates, the
//! edition banner and switcher, search, 404, footer) comes from a strings
//! file per language in the theme (`strings/en.toml`, `strings/cy.toml`),
//! with a site's own wording from `[strings.<code>]` in `site.toml` (or a
//! trust's `local/site.toml`) over it. Templates see them as `strings`.
//!
//! The theme's English file is the list of keys: a language missing one is
//! an error naming the key and the language; a key no theme string has is
//! an error too (a typo would otherwise never show).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::paths::SitePaths;
use crate::spans::{Spans, key_path};

/// The folder of a theme that holds its strings files.
pub const STRINGS: &str = "strings";

/// The language whose strings file lists every key.
const REFERENCE: &str = "en";

/// One language's strings, by key.
pub type Strings = BTreeMap<String, String>;

/// A strings file: where it is shown from, and its text.
struct File {
    shown: PathBuf,
    text: String,
}

/// The strings file of `code` in the site's theme: a theme folder's own
/// `strings/`, else the built-in theme's (so a site's own theme need not
/// carry strings until it wants other words).
fn file(config: &Config, paths: &SitePaths, code: &str) -> Result<Option<File>, Error> {
    let name = crate::builtin::name_or(config.theme.as_deref());
    let dir = paths.themes.join(name).join(STRINGS);
    if dir.is_dir() {
        let path = dir.join(format!("{code}.toml"));
        if !path.is_file() {
            return Ok(None);
        }
        crate::content::walk::check_inside(&path, &paths.root)?;
        let shown = path
            .strip_prefix(&paths.root)
            .unwrap_or(&path)
            .to_path_buf();
        return Ok(Some(File {
            shown,
            text: crate::fs::read_to_string(&path)?,
        }));
    }
    let rel = format!("{STRINGS}/{code}.toml");
    Ok(crate::builtin::file(&rel).map(|bytes| File {
        shown: PathBuf::from(format!("<built-in theme>/{rel}")),
        text: String::from_utf8_lossy(bytes).into_owned(),
    }))
}

fn parse(file: &File) -> Result<Strings, Error> {
    toml::from_str(&file.text).map_err(|e| {
        Error::Config(crate::diagnostics::from_toml(
            &file.shown,
            &file.text,
            &e,
            &[],
        ))
    })
}

/// The strings of the language `config` renders: the theme's file for it
/// (the default language falls back to the theme's English, as every site
/// did before strings files), then `[strings.<code>]` over it.
pub fn resolve(config: &Config, paths: &SitePaths) -> Result<Strings, Error> {
    let code = config.code();
    let reference_file = file(config, paths, REFERENCE)?;
    let reference = match &reference_file {
        Some(f) => parse(f)?,
        None => Strings::new(),
    };
    let own_file = if code == REFERENCE {
        None
    } else {
        file(config, paths, &code)?
    };
    let mut strings = match (&own_file, config.translation.is_some()) {
        (Some(f), _) => parse(f)?,
        (None, false) => reference.clone(),
        (None, true) => Strings::new(),
    };
    let overrides = config.strings.get(&code);
    let config_file = Config::file(&paths.root);
    let config_text = || crate::fs::read_to_string(&paths.root.join(&config_file));
    if let Some(overrides) = overrides {
        for (key, text) in overrides {
            if !reference.contains_key(key) {
                let config_text = config_text()?;
                let span = Spans::toml(&config_text, 0)
                    .key(&key_path!["strings", code.as_str(), key.as_str()])
                    .unwrap_or(0..0);
                let hint =
                    match crate::diagnostics::closest(key, reference.keys().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "the theme's `strings/en.toml` lists every key".to_string(),
                    };
                return Err(Error::Config(
                    Diagnostic::at(
                        config_file.clone(),
                        &config_text,
                        span.start,
                        span.len(),
                        format!("the theme has no interface string `{key}`"),
                    )
                    .with_hint(hint),
                ));
            }
            strings.insert(key.clone(), text.clone());
        }
    }
    let missing: Vec<&String> = reference
        .keys()
        .filter(|k| !strings.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        let shown = own_file.as_ref().map_or_else(
            || {
                PathBuf::from(format!(
                    "themes/{}/{STRINGS}/{code}.toml",
                    crate::builtin::name_or(config.theme.as_deref())
                ))
            },
            |f| f.shown.clone(),
        );
        let errors = missing
            .into_iter()
            .map(|key| {
                Diagnostic::file(
                    shown.clone(),
                    format!("the interface string `{key}` has no text in the language `{code}`"),
                )
                .with_hint(format!(
                    "add `{key} = \"…\"` to `{}`, or under `[strings.{code}]` in `{}`",
                    shown.display(),
                    config_file.display()
                ))
            })
            .collect();
        return Err(Error::Content(errors));
    }
    Ok(strings)
}

/// The strings of every language of the theme compiled into canteen:
/// (code, file) pairs, for checks that they list the same keys.
pub fn builtin_files() -> Vec<(&'static str, &'static [u8])> {
    crate::builtin::files()
        .iter()
        .filter_map(|(rel, bytes)| {
            let code = Path::new(rel)
                .strip_prefix(STRINGS)
                .ok()?
                .to_str()?
                .strip_suffix(".toml")?;
            Some((code, *bytes))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_language_has_every_key_of_the_english_file() {
        let files = builtin_files();
        let parse = |bytes: &[u8]| -> Strings {
            toml::from_str(std::str::from_utf8(bytes).expect("UTF-8")).expect("strings parse")
        };
        let english = parse(files.iter().find(|(c, _)| *c == "en").expect("en").1);
        assert!(english.len() > 20, "{}", english.len());
        assert!(files.iter().any(|(c, _)| *c == "cy"));
        for (code, bytes) in &files {
            let strings = parse(bytes);
            let keys: Vec<&String> = strings.keys().collect();
            assert_eq!(keys, english.keys().collect::<Vec<_>>(), "{code}");
        }
    }
}
