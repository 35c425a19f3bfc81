//! Which content files are in which language: `page.md` is in the site's
//! default language, `page.cy.md` (and `_index.cy.md`) its Welsh version.
//!
//! A language's tree is made from the files found, before anything is
//! read: the default language keeps the files with no language code; a
//! translation takes each `x.<code>.md` in place of `x.md` (same path, so
//! the same address unless its own `slug` says otherwise) and keeps the
//! default language's file where it has none, as a fallback page. Only the
//! codes a site lists in `[languages]` count, so a one-language site's
//! `notes.cy.md` is an ordinary page, as it always was.

use std::collections::HashSet;
use std::path::Path;

use super::Document;
use super::walk::{FileKind, Found, classify};

/// The language files of one tree are chosen for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageFiles {
    /// The translation's code (`cy`), or `None` for the default language.
    pub own: Option<String>,
    /// Every code of the site's `[languages]`.
    pub codes: Vec<String>,
}

/// The language code of a Markdown file name (`cy` for `page.cy.md`)
/// when it is one of `codes`, and the name without it (`page.md`).
pub fn split_name<'a>(name: &'a str, codes: &[String]) -> Option<(&'a str, String)> {
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    (!base.is_empty() && codes.iter().any(|c| c == code)).then(|| (code, format!("{base}.md")))
}

/// `rel` (a path relative to `content/`) with the language code taken out
/// of its file name, and the code; `None` for a default-language file.
pub fn untranslated_rel(rel: &str, codes: &[String]) -> Option<(String, String)> {
    let (dir, name) = match rel.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, rel),
    };
    let (code, plain) = split_name(name, codes)?;
    let rel = match dir {
        Some(dir) => format!("{dir}/{plain}"),
        None => plain,
    };
    Some((rel, code.to_string()))
}

/// The files of `found` that make the tree of `files`' language.
pub fn select(found: Vec<Found>, files: &LanguageFiles) -> Vec<Found> {
    let codes = &files.codes;
    let Some(own) = &files.own else {
        return found
            .into_iter()
            .filter(|f| f.kind == FileKind::Asset || untranslated_rel(&f.rel, codes).is_none())
            .collect();
    };
    let translated: HashSet<String> = found
        .iter()
        .filter(|f| f.kind != FileKind::Asset)
        .filter_map(|f| untranslated_rel(&f.rel, codes))
        .filter(|(_, code)| code == own)
        .map(|(rel, _)| rel)
        .collect();
    let mut chosen = Vec::with_capacity(found.len());
    for mut f in found {
        if f.kind == FileKind::Asset {
            chosen.push(f);
            continue;
        }
        match untranslated_rel(&f.rel, codes) {
            Some((rel, code)) if code == *own => {
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                f.kind = classify(name);
                f.rel = rel;
                chosen.push(f);
            }
            Some(_) => {}
            None if translated.contains(&f.rel) => {}
            None => chosen.push(f),
        }
    }
    chosen.sort_by(|a, b| a.rel.cmp(&b.rel));
    chosen
}

/// True when `doc` of a translation's tree was written in language `code`
/// (its file is `x.<code>.md`), false when it is the default language's
/// page shown as a fallback. A folder with no file of its own counts as
/// translated: it has no text to translate.
pub fn is_translated(doc: &Document, code: &str) -> bool {
    match &doc.abs {
        None => true,
        Some(abs) => is_file_in(abs, code),
    }
}

fn is_file_in(abs: &Path, code: &str) -> bool {
    abs.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".md"))
        .is_some_and(|stem| stem.ends_with(&format!(".{code}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn found(rels: &[&str]) -> Vec<Found> {
        rels.iter()
            .map(|rel| Found {
                rel: rel.to_string(),
                abs: PathBuf::from("/site/content").join(rel),
                kind: classify(rel.rsplit('/').next().unwrap_or(rel)),
            })
            .collect()
    }

    fn chosen(files: &LanguageFiles, rels: &[&str]) -> Vec<(String, String, FileKind)> {
        select(found(rels), files)
            .into_iter()
            .map(|f| {
                let name = f.abs.file_name().map(|n| n.to_string_lossy().into_owned());
                (f.rel, name.unwrap_or_default(), f.kind)
            })
            .collect()
    }

    const FILES: &[&str] = &[
        "_index.md",
        "_index.cy.md",
        "a.md",
        "a.cy.md",
        "b.md",
        "only.cy.md",
        "s/_index.cy.md",
        "s/_index.md",
        "logo.png",
    ];

    #[test]
    fn the_default_language_leaves_out_every_translation() {
        let en = LanguageFiles {
            own: None,
            codes: vec!["cy".into()],
        };
        let rels: Vec<String> = chosen(&en, FILES).into_iter().map(|c| c.0).collect();
        assert_eq!(
            rels,
            ["_index.md", "a.md", "b.md", "s/_index.md", "logo.png"]
        );
    }

    #[test]
    fn a_translation_takes_its_files_in_place_of_the_default_ones_and_keeps_the_rest() {
        let cy = LanguageFiles {
            own: Some("cy".into()),
            codes: vec!["cy".into()],
        };
        let got = chosen(&cy, FILES);
        let expected = [
            ("_index.md", "_index.cy.md", FileKind::Section),
            ("a.md", "a.cy.md", FileKind::Page),
            ("b.md", "b.md", FileKind::Page),
            ("logo.png", "logo.png", FileKind::Asset),
            ("only.md", "only.cy.md", FileKind::Page),
            ("s/_index.md", "_index.cy.md", FileKind::Section),
        ];
        let got: Vec<(&str, &str, FileKind)> = got
            .iter()
            .map(|(a, b, k)| (a.as_str(), b.as_str(), *k))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn only_listed_codes_count() {
        assert_eq!(split_name("notes.cy.md", &[]), None);
        assert_eq!(split_name(".cy.md", &["cy".into()]), None);
        assert_eq!(
            split_name("notes.cy.md", &["cy".into()]),
            Some(("cy", "notes.md".to_string()))
        );
        assert!(is_file_in(Path::new("/c/a.cy.md"), "cy"));
        assert!(!is_file_in(Path::new("/c/a.md"), "cy"));
    }
}
