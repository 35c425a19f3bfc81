//! `[languages.<code>]`: the languages a site publishes in besides its
//! default one (`language`), each with its own title and description, at
//! the address prefix `/<code>/`; and `[strings.<code>]`, a site's own
//! wording of the theme's interface strings.
//!
//! A site without `[languages]` is a one-language site exactly as before.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::accessibility::Wording;
use super::{Config, EditionInfo};
use crate::content::language::LanguageFiles;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::spans::{Spans, key_path};

/// One more language of the site (`[languages.cy]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInfo {
    /// The site's title in this language.
    pub title: String,
    /// The site's description in this language.
    #[serde(default)]
    pub description: String,
    /// Each edition's label in this language, by edition id
    /// (`edition_labels = { "2024" = "Argraffiad Ionawr 2024" }`); an
    /// edition not named keeps its `label`.
    #[serde(default)]
    pub edition_labels: BTreeMap<String, String>,
    /// The accessibility statement's words in this language
    /// (`[languages.<code>.accessibility]`); what it leaves out is shown
    /// in the default language, marked as such.
    #[serde(default)]
    pub accessibility: Option<Wording>,
}

impl Config {
    /// The code of the default language: the primary subtag of `language`,
    /// lowercased (`en` for `en-GB`). Files without a language code in
    /// their name (`page.md`) are in this language.
    pub fn default_code(&self) -> String {
        self.language
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase()
    }

    /// The code of the language this configuration renders: its
    /// translation's code, or the default language's.
    pub fn code(&self) -> String {
        self.translation
            .clone()
            .unwrap_or_else(|| self.default_code())
    }

    /// The content files of the language this configuration renders, on a
    /// site with `[languages]`; `None` on a one-language site, where every
    /// file counts (`content::language::select`).
    pub fn language_files(&self) -> Option<LanguageFiles> {
        self.is_multilingual().then(|| LanguageFiles {
            own: self.translation.clone(),
            codes: self.languages.keys().cloned().collect(),
        })
    }

    /// True when the site publishes in more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// This configuration for the site's language `code` (a key of
    /// `[languages]`): its title and description, `lang` the code, and
    /// `base_url` under `/<code>/`, so every address and permalink of the
    /// language's pages is under its prefix.
    pub fn for_language(&self, code: &str) -> Config {
        let mut config = self.clone();
        if let Some(info) = self.languages.get(code) {
            config.title = info.title.clone();
            config.description = info.description.clone();
            if let Some(edition) = &mut config.edition {
                let relabel = |e: &mut EditionInfo| {
                    if let Some(label) = info.edition_labels.get(&e.id) {
                        e.label = label.clone();
                    }
                };
                relabel(edition);
                edition.earlier.iter_mut().for_each(relabel);
            }
            if let Some(facts) = &self.accessibility {
                config.accessibility =
                    Some(facts.in_language(info.accessibility.as_ref(), &self.language));
            }
        }
        config.language = code.to_string();
        config.base_url = format!("{}/{code}/", self.base_url.trim_end_matches('/'));
        config.translation = Some(code.to_string());
        config
    }

    /// The base path of files every language shares (the theme's static
    /// files, the generated stylesheets): the default language's.
    pub fn shared_base_path(&self) -> String {
        match &self.translation {
            None => self.base_path(),
            Some(code) => {
                let own = self.base_path();
                own.strip_suffix(&format!("{code}/"))
                    .map_or(own.clone(), str::to_string)
            }
        }
    }

    /// Language codes are address segments and file-name parts, distinct
    /// from the default language and from every edition id.
    pub(super) fn validate_languages(&self, path: &Path, text: &str) -> Result<(), Error> {
        let at = |code: &str, message: String, hint: &str| {
            let spans = Spans::toml(text, 0);
            let span = spans.key(&key_path!["languages", code]).unwrap_or(0..0);
            Error::Config(
                Diagnostic::at(path.to_path_buf(), text, span.start, span.len(), message)
                    .with_hint(hint),
            )
        };
        let default = self.default_code();
        for (code, info) in &self.languages {
            let valid = !code.is_empty()
                && code.len() <= 8
                && code.chars().all(|c| c.is_ascii_lowercase())
                && EditionInfo::valid_id(code);
            if !valid {
                return Err(at(
                    code,
                    format!(
                        "the language code `{code}` cannot be part of a file name and a web address"
                    ),
                    "use the language's two- or three-letter code in lowercase, such as `cy` for Welsh",
                ));
            }
            if *code == default {
                return Err(at(
                    code,
                    format!(
                        "`{code}` is the site's default language (`language = \"{}\"`), so it needs no `[languages.{code}]`",
                        self.language
                    ),
                    "list only the languages besides the default one",
                ));
            }
            if let Some(edition) = &self.edition
                && edition.all().any(|e| e.id == *code)
            {
                return Err(at(
                    code,
                    format!("the language `{code}` and an edition would both live at `/{code}/`"),
                    "give the edition a different id",
                ));
            }
            let ids: Vec<&str> = self
                .edition
                .iter()
                .flat_map(|e| e.all().map(|e| e.id.as_str()))
                .collect();
            if let Some(unknown) = info
                .edition_labels
                .keys()
                .find(|id| !ids.contains(&id.as_str()))
            {
                return Err(at(
                    code,
                    format!(
                        "`[languages.{code}] edition_labels` names the edition `{unknown}`, which the site does not have"
                    ),
                    "name the ids of `[edition]` and `[[edition.earlier]]`",
                ));
            }
            if info.title.trim().is_empty() {
                return Err(at(
                    code,
                    format!("`[languages.{code}]` has an empty `title`"),
                    "give the site's title in that language",
                ));
            }
            if let Some(wording) = &info.accessibility {
                wording.validate(code, self.accessibility.is_some(), path, text)?;
            }
        }
        Ok(())
    }
}

/// `[strings.<code>]`: interface strings by language code, then key.
pub type StringOverrides = BTreeMap<String, BTreeMap<String, String>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::from_str(text, Path::new("site.toml"))
    }

    #[test]
    fn a_language_has_its_title_description_and_prefix() {
        let config = parse(
            "title = \"T\"\nbase_url = \"https://x.example/sm\"\n[languages.cy]\ntitle = \"Teitl\"\ndescription = \"Disgrifiad\"",
        )
        .expect("valid");
        assert_eq!(config.default_code(), "en");
        let cy = config.for_language("cy");
        assert_eq!(
            (cy.title.as_str(), cy.description.as_str()),
            ("Teitl", "Disgrifiad")
        );
        assert_eq!(cy.base_path(), "/sm/cy/");
        assert_eq!(cy.shared_base_path(), "/sm/");
        assert_eq!(cy.permalink("a/"), "https://x.example/sm/cy/a/");
        assert_eq!((cy.language.as_str(), cy.code()), ("cy", "cy".to_string()));
    }

    #[test]
    fn unknown_keys_and_bad_codes_are_errors_at_their_place() {
        let unknown = parse("title = \"T\"\n[languages.cy]\ntitle = \"Teitl\"\nprefix = \"w\"");
        let message = format!("{:?}", unknown.expect_err("unknown key"));
        assert!(message.contains("prefix"), "{message}");
        for text in [
            "title = \"T\"\n[languages.CY]\ntitle = \"Teitl\"",
            "title = \"T\"\n[languages.en]\ntitle = \"Teitl\"",
            "title = \"T\"\n[languages.cy]\ntitle = \" \"",
        ] {
            let Err(Error::Config(d)) = parse(text) else {
                panic!("{text} should be refused")
            };
            assert_eq!(d.line, 2, "{text}");
        }
    }
}
