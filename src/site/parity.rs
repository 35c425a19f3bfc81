//! Parity of a site's languages: which translations are behind their
//! default-language page. A translation (`page.cy.md`) records the hash of
//! the default-language file it translates (`translates` in its front
//! matter) and `canteen translation sync` keeps a copy of that file in
//! `.translations/<code>/` so the change can be shown as a diff. Like
//! overlay drift, this is a report: it never fails a build.

use std::path::{Path, PathBuf};

use super::Site;
use crate::content::Document;
use crate::content::language::is_translated;
use crate::error::Error;
use crate::overlay::lock::hash;

/// The folder (at the site root) of the default-language files each
/// translation was last synced with.
pub const BASES: &str = ".translations";

/// What one translated page's state is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Its default-language page changed since it was synced; the diff
    /// of that change when the synced copy is there.
    Behind(Option<String>),
    /// It has never been synced (no `translates`).
    NeverSynced,
    /// It has no default-language page at all.
    NoOriginal,
    /// A default-language page with no translation in this language.
    Untranslated,
    /// The accessibility statement's words (`[accessibility]`) this
    /// language does not give in `[languages.<code>.accessibility]`.
    Statement(Vec<&'static str>),
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The language's code (`cy`).
    pub code: String,
    /// The file concerned: the translation, or the untranslated page.
    pub file: PathBuf,
    /// The default-language file it translates, when there is one.
    pub original: Option<PathBuf>,
    /// Its state.
    pub state: State,
}

impl Item {
    /// One line for `canteen build`.
    pub fn warning(&self) -> String {
        let file = self.file.display();
        let original = self
            .original
            .as_ref()
            .map_or_else(String::new, |o| o.display().to_string());
        match &self.state {
            State::Behind(_) => format!(
                "warning: {file}: `{original}` changed since it was translated; `canteen translation status` shows how, `canteen translation sync {file}` records it as translated again"
            ),
            State::NeverSynced => format!(
                "warning: {file}: not known to be in step with `{original}`; once it is, run `canteen translation sync {file}`"
            ),
            State::NoOriginal => format!(
                "warning: {file}: a `{}` page with no page in the default language",
                self.code
            ),
            State::Untranslated => format!(
                "warning: {file}: no `{}` version yet (readers see this page with a notice)",
                self.code
            ),
            State::Statement(keys) => format!(
                "warning: {file}: the accessibility statement's {} {} no `{code}` wording yet (readers see the default language's); add {} under `[languages.{code}.accessibility]`",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if keys.len() == 1 { "has" } else { "have" },
                if keys.len() == 1 { "it" } else { "them" },
                code = self.code,
            ),
        }
    }
}

/// How many items of one kind `canteen build` names before it counts the
/// rest: a site translated all at once would otherwise print a line for
/// each of its thousands of pages.
pub const NAMED: usize = 10;

/// The build's warnings for `items`: each item of a kind up to `NAMED`,
/// then one line counting the rest and naming where they are all listed.
pub fn warnings(items: &[Item]) -> Vec<String> {
    let kind = |item: &Item| std::mem::discriminant(&item.state);
    let mut kinds: Vec<_> = Vec::new();
    for item in items {
        if !kinds.contains(&kind(item)) {
            kinds.push(kind(item));
        }
    }
    let mut out = Vec::new();
    for k in kinds {
        let of_kind: Vec<&Item> = items.iter().filter(|i| kind(i) == k).collect();
        out.extend(of_kind.iter().take(NAMED).map(|i| i.warning()));
        if of_kind.len() > NAMED {
            let what = match of_kind[0].state {
                State::Behind(_) => "translations behind their page",
                State::NeverSynced => "translations not known to be in step with their page",
                State::NoOriginal => "translated pages with no page in the default language",
                State::Untranslated => "pages with no translation yet",
                State::Statement(_) => "languages with no wording of the accessibility statement",
            };
            out.push(format!(
                "warning: and {} more {what}; `canteen translation status` lists every one",
                crate::diagnostics::count(of_kind.len() - NAMED)
            ));
        }
    }
    out
}

/// The parity of every translation of the current edition: `sites` as
/// `languages::load_all` returns them, the default language first.
pub fn report(sites: &[Site]) -> Result<Vec<Item>, Error> {
    let Some((default, others)) = sites.split_first() else {
        return Ok(Vec::new());
    };
    let mut items = Vec::new();
    for other in others {
        let Some(code) = &other.config.translation else {
            continue;
        };
        if let Some(facts) = &other.config.accessibility
            && !facts.untranslated.is_empty()
        {
            items.push(Item {
                code: code.clone(),
                file: crate::config::Config::file(&other.paths.root),
                original: None,
                state: State::Statement(facts.untranslated.clone()),
            });
        }
        for doc in other.tree.docs.iter().filter(|d| d.abs.is_some()) {
            if !is_translated(doc, code) {
                items.push(Item {
                    code: code.clone(),
                    file: doc.display_path.clone(),
                    original: None,
                    state: State::Untranslated,
                });
                continue;
            }
            let original = default
                .tree
                .by_rel(&doc.rel)
                .map(|id| &default.tree.docs[id])
                .filter(|d| d.abs.is_some());
            let Some(original) = original else {
                items.push(Item {
                    code: code.clone(),
                    file: doc.display_path.clone(),
                    original: None,
                    state: State::NoOriginal,
                });
                continue;
            };
            let state = match &doc.meta.translates {
                None => Some(State::NeverSynced),
                Some(h) if *h == hash(original.source.as_bytes()) => None,
                Some(_) => Some(State::Behind(diff(&default.paths.root, code, original))),
            };
            if let Some(state) = state {
                items.push(Item {
                    code: code.clone(),
                    file: doc.display_path.clone(),
                    original: Some(original.display_path.clone()),
                    state,
                });
            }
        }
    }
    Ok(items)
}

/// Where the synced copy of `original` (a path from the site root) is.
pub fn base_of(root: &Path, code: &str, original: &Path) -> PathBuf {
    root.join(BASES).join(code).join(original)
}

/// The change to `original` since its synced copy, as a unified diff.
fn diff(root: &Path, code: &str, original: &Document) -> Option<String> {
    let base = std::fs::read_to_string(base_of(root, code, &original.display_path)).ok()?;
    let label = |when: &str| format!("{} ({when})", original.display_path.display());
    Some(
        similar::TextDiff::from_lines(base.as_str(), &*original.source)
            .unified_diff()
            .context_radius(3)
            .header(&label("when translated"), &label("now"))
            .to_string(),
    )
}

/// The full report, with diffs, for `canteen translation status`.
pub fn render(items: &[Item]) -> String {
    if items.is_empty() {
        return "Every translation is in step with its page.\n".to_string();
    }
    let mut out = String::new();
    for item in items {
        out.push_str(item.warning().trim_start_matches("warning: "));
        out.push('\n');
        if let State::Behind(Some(diff)) = &item.state {
            out.push_str(diff);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: usize, state: State) -> Item {
        Item {
            code: "cy".into(),
            file: PathBuf::from(format!("content/p{n}.cy.md")),
            original: Some(PathBuf::from(format!("content/p{n}.md"))),
            state,
        }
    }

    #[test]
    fn the_build_names_ten_of_a_kind_and_counts_the_rest() {
        let mut items: Vec<Item> = (0..25).map(|n| item(n, State::NeverSynced)).collect();
        items.push(item(99, State::NoOriginal));
        let lines = warnings(&items);
        assert_eq!(lines.len(), NAMED + 2, "{lines:#?}");
        assert!(lines[0].contains("content/p0.cy.md"));
        assert!(lines[NAMED - 1].contains("content/p9.cy.md"));
        assert_eq!(
            lines[NAMED],
            "warning: and 15 more translations not known to be in step with their page; `canteen translation status` lists every one"
        );
        assert!(lines[NAMED + 1].contains("content/p99.cy.md"));
        // Ten or fewer: each named, nothing counted.
        assert_eq!(warnings(&items[..NAMED]).len(), NAMED);
        // Thousands are written with commas.
        let many: Vec<Item> = (0..1_210).map(|n| item(n, State::Untranslated)).collect();
        assert!(
            warnings(&many)[NAMED]
                .starts_with("warning: and 1,200 more pages with no translation yet;"),
            "{:?}",
            warnings(&many)[NAMED]
        );
    }
}
