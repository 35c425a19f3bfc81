//! `[accessibility]` in `site.toml`: the facts of the site's accessibility
//! statement (compliance, contact, known problems, how and when it was
//! tested), from which the theme's `accessibility.html` writes a statement
//! in the structure of the GOV.UK model statement. A trust's fork states
//! its own facts in `local/site.toml`.
//!
//! This module owns the settings and their checks; it never writes words
//! of the statement (the template does).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::date::Date;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::spans::{Spans, key_path};

/// The theme template that writes the statement from `[accessibility]`.
pub const TEMPLATE: &str = "accessibility.html";

/// `[accessibility]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// How far the site meets WCAG 2.2 AA.
    pub compliance: Compliance,
    /// Where to ask for another format or report a problem: a web address
    /// or an e-mail address.
    pub contact: String,
    /// How many working days a reply takes, when the organisation promises one.
    #[serde(default)]
    pub response_days: Option<u16>,
    /// When the site was last tested.
    pub tested: Date,
    /// Who tested it ("the team that builds the website").
    pub tested_by: String,
    /// How it was tested, one item each.
    pub how_tested: Vec<String>,
    /// Content that does not meet the standard, one item each.
    #[serde(default)]
    pub known_issues: Vec<String>,
    /// Content outside the regulations' scope (other organisations' PDFs).
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// What the organisation plans to do next.
    #[serde(default)]
    pub improvements: Vec<String>,
    /// When the statement was first prepared.
    pub prepared: Date,
    /// When it was last reviewed.
    pub last_reviewed: Date,
    /// Of a language's statement (`in_language`): which of the words
    /// above are still the default language's, for the template to mark
    /// with `untranslated_lang`. Never read from `site.toml`.
    #[serde(skip_deserializing)]
    pub untranslated: Vec<&'static str>,
    /// The default language's tag, when `untranslated` names anything.
    #[serde(skip_deserializing)]
    pub untranslated_lang: String,
}

/// `[languages.<code>.accessibility]`: the statement's own words in
/// another language. Each key given replaces the default language's;
/// dates and the compliance status are facts, shared by every language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// Where to ask, in this language (a Welsh-language mailbox, say).
    pub contact: Option<String>,
    /// Who tested the website.
    pub tested_by: Option<String>,
    /// How it was tested.
    pub how_tested: Option<Vec<String>>,
    /// Content that does not meet the standard.
    pub known_issues: Option<Vec<String>>,
    /// Content outside the regulations' scope.
    pub out_of_scope: Option<Vec<String>>,
    /// What the organisation plans to do next.
    pub improvements: Option<Vec<String>>,
}

/// The compliance status, in the words of the model statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Fully compliant.
    Full,
    /// Partially compliant: some content fails (listed in `known_issues`).
    Partial,
    /// Not compliant: most content fails, or it has not been assessed.
    Not,
}

impl Accessibility {
    /// Checks that types cannot express: nothing required is empty, and a
    /// site that is not fully compliant says which content fails.
    pub fn validate(&self, path: &Path, text: &str) -> Result<(), Error> {
        let at = |key: &str, message: String, hint: &str| {
            let span = Spans::toml(text, 0).value(&key_path!["accessibility", key]);
            error_at((path, text), span, message, hint)
        };
        for (key, value, hint) in [
            (
                "contact",
                &self.contact,
                "give a web address (https://…) or an e-mail address where people can ask for another format",
            ),
            (
                "tested_by",
                &self.tested_by,
                "say who tested the website, for example \"the team that builds the website\"",
            ),
        ] {
            if value.trim().is_empty() {
                return Err(at(key, format!("`accessibility.{key}` is empty"), hint));
            }
        }
        if self.how_tested.iter().all(|item| item.trim().is_empty()) {
            return Err(at(
                "how_tested",
                "`accessibility.how_tested` lists nothing".into(),
                "list how the website was tested, one item each, for example \"every page checked with axe-core\"",
            ));
        }
        if self.compliance != Compliance::Full && self.known_issues.is_empty() {
            return Err(at(
                "compliance",
                "a website that is not fully compliant must list what fails in `accessibility.known_issues`".into(),
                "add known_issues = [\"…\"], one item for each kind of content that does not meet WCAG 2.2 AA",
            ));
        }
        Ok(())
    }

    /// The statement in another language: `wording` in place of the
    /// default language's words, and every text it leaves in the default
    /// language (`default_lang`) named in `untranslated`.
    pub fn in_language(&self, wording: Option<&Wording>, default_lang: &str) -> Accessibility {
        let mut out = self.clone();
        let none = Wording::default();
        let w = wording.unwrap_or(&none);
        if let Some(contact) = &w.contact {
            out.contact.clone_from(contact);
        }
        match &w.tested_by {
            Some(who) => out.tested_by.clone_from(who),
            None => out.untranslated.push("tested_by"),
        }
        for (key, theirs, ours) in [
            ("how_tested", &w.how_tested, &mut out.how_tested),
            ("known_issues", &w.known_issues, &mut out.known_issues),
            ("out_of_scope", &w.out_of_scope, &mut out.out_of_scope),
            ("improvements", &w.improvements, &mut out.improvements),
        ] {
            match theirs {
                Some(list) => ours.clone_from(list),
                None if !ours.is_empty() => out.untranslated.push(key),
                None => {}
            }
        }
        if !out.untranslated.is_empty() {
            out.untranslated_lang = default_lang.to_string();
        }
        out
    }

    /// The contact as a link target: `mailto:` for an e-mail address.
    pub fn contact_href(&self) -> String {
        if self.contact.contains('@') && !self.contact.contains("://") {
            format!("mailto:{}", self.contact)
        } else {
            self.contact.clone()
        }
    }
}

impl Wording {
    /// Checks a language's wording (`[languages.<code>.accessibility]`):
    /// there is a statement to word, and no key it gives is empty. An
    /// error is at the key, or at the table.
    pub fn validate(
        &self,
        code: &str,
        has_facts: bool,
        path: &Path,
        text: &str,
    ) -> Result<(), Error> {
        let spans = Spans::toml(text, 0);
        let at = |key: &str, message: String, hint: &str| {
            let span = spans.value(&key_path!["languages", code, "accessibility", key]);
            error_at((path, text), span, message, hint)
        };
        if !has_facts {
            let span = spans.key(&key_path!["languages", code, "accessibility"]);
            return Err(error_at(
                (path, text),
                span,
                format!(
                    "`[languages.{code}.accessibility]` translates a statement the site does not have"
                ),
                "add `[accessibility]` with the statement's facts, or remove this table",
            ));
        }
        for (key, value) in [("contact", &self.contact), ("tested_by", &self.tested_by)] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return Err(at(
                    key,
                    format!("`[languages.{code}.accessibility] {key}` is empty"),
                    "write it in that language, or remove the key to show the default language's",
                ));
            }
        }
        if self
            .how_tested
            .as_ref()
            .is_some_and(|l| l.iter().all(|i| i.trim().is_empty()))
        {
            return Err(at(
                "how_tested",
                format!("`[languages.{code}.accessibility] how_tested` lists nothing"),
                "list how the website was tested, in that language, or remove the key",
            ));
        }
        Ok(())
    }
}

/// A configuration error at `span` of `site.toml` (its start when the
/// span was not found).
fn error_at(
    (path, text): (&Path, &str),
    span: Option<std::ops::Range<usize>>,
    message: String,
    hint: &str,
) -> Error {
    let span = span.unwrap_or(0..0);
    Error::Config(
        Diagnostic::at(path.to_path_buf(), text, span.start, span.len(), message).with_hint(hint),
    )
}

/// A page that uses the statement's template on a site without
/// `[accessibility]`: an error at the page's `template` value.
pub fn check_pages(
    accessibility: Option<&Accessibility>,
    config_file: &Path,
    tree: &crate::content::ContentTree,
) -> Vec<Diagnostic> {
    if accessibility.is_some() {
        return Vec::new();
    }
    tree.docs
        .iter()
        .filter(|doc| doc.meta.template.as_deref() == Some(TEMPLATE))
        .map(|doc| {
            let span = doc.value_span(&key_path!["template"]);
            Diagnostic::at(
                doc.display_path.clone(),
                &doc.source,
                span.start,
                span.len(),
                format!(
                    "this page is the generated accessibility statement, but `{}` has no `[accessibility]` table",
                    config_file.display()
                ),
            )
            .with_hint("add [accessibility] with compliance, contact, tested, tested_by, how_tested, prepared and last_reviewed (see docs/accessibility-statement.md)")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use std::path::Path;

    const FULL: &str = "title = \"T\"\n[accessibility]\ncompliance = \"partial\"\ncontact = \"web@example.org\"\ntested = 2026-11-21\ntested_by = \"us\"\nhow_tested = [\"axe-core\"]\nknown_issues = [\"PDFs\"]\nprepared = 2026-11-21\nlast_reviewed = 2026-11-21\n";

    fn error(text: &str) -> String {
        match Config::from_str(text, Path::new("site.toml")) {
            Ok(_) => panic!("should fail"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_complete_table_parses() {
        let config = Config::from_str(FULL, Path::new("site.toml")).expect("valid");
        let a = config.accessibility.expect("present");
        assert_eq!(a.contact_href(), "mailto:web@example.org");
    }

    #[test]
    fn a_missing_required_key_is_named_with_its_position() {
        let text = FULL.replace("tested_by = \"us\"\n", "");
        let e = error(&text);
        assert!(e.contains("missing field `tested_by`"), "{e}");
        assert!(e.contains("site.toml:2:1"), "{e}");
    }

    #[test]
    fn partial_compliance_must_list_what_fails() {
        let e = error(&FULL.replace("known_issues = [\"PDFs\"]\n", ""));
        assert!(e.contains("site.toml:3:14"), "{e}");
        assert!(
            e.contains("must list what fails in `accessibility.known_issues`"),
            "{e}"
        );
        let e = error(&FULL.replace("how_tested = [\"axe-core\"]", "how_tested = []"));
        assert!(
            e.contains("`accessibility.how_tested` lists nothing"),
            "{e}"
        );
    }
}
