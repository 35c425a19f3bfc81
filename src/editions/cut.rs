//! `canteen edition cut`: freezes the current edition into
//! `editions/<id>/` and makes `content/` the start of a new one.
//!
//! Nothing is lost or half-done: the copy is made in a hidden folder and
//! renamed into place, `site.toml` is rewritten (comments kept) through a
//! temporary file, and if that fails the copy is removed again. An
//! existing edition is never overwritten, and `content/` is not touched.

use std::path::{Path, PathBuf};

use crate::config::{Config, EditionInfo};
use crate::content::date::Date;
use crate::content::walk;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::paths::{CONTENT, DATA, EDITIONS};

/// What a cut did.
#[derive(Debug, Clone)]
pub struct Cut {
    /// The edition frozen (the one that was current).
    pub frozen: EditionInfo,
    /// Where its files went (`editions/2014`).
    pub folder: PathBuf,
    /// How many files were copied.
    pub files: usize,
    /// The configuration file rewritten (`site.toml`).
    pub config_file: PathBuf,
}

/// Freezes the current edition of the site at `root` and starts edition
/// `id` ("label", published on `published`).
pub fn cut(root: &Path, id: &str, label: &str, published: Date) -> Result<Cut, Error> {
    let config = Config::load(root)?;
    let config_file = Config::file(root);
    let refuse = |message: String, hint: &str| {
        Err(Error::Config(
            Diagnostic::file(config_file.clone(), message).with_hint(hint),
        ))
    };
    let Some(current) = &config.edition else {
        return refuse(
            "this site has no `[edition]`, so there is no current edition to freeze".into(),
            "describe the content as it is now first: `[edition]` with `id`, `label` and `published`",
        );
    };
    if !EditionInfo::valid_id(id) {
        return refuse(
            format!("the edition id `{id}` cannot be part of a web address"),
            "use lowercase letters, digits, `-`, `_` and `.`, for example `2026`",
        );
    }
    if root.join(CONTENT).join(id).exists() {
        return refuse(
            format!("`content/{id}/` exists, and the {label} would need that address (`/{id}/`)"),
            "choose another id, or rename that content folder first",
        );
    }
    if label.trim().is_empty() {
        return refuse(
            "the new edition needs a label".into(),
            "say what readers will see, for example --label \"November 2026 edition\"",
        );
    }
    if let Some(taken) = std::iter::once(current)
        .chain(&current.earlier)
        .find(|e| e.id == id)
    {
        return refuse(
            format!("there is already an edition `{id}` ({})", taken.label),
            "choose a new id for the new edition",
        );
    }
    if published <= current.published {
        return refuse(
            format!(
                "the new edition would be published on {}, not after the current {} ({})",
                published.text(),
                current.label,
                current.published.text()
            ),
            "give the date the new edition is published with --published YYYY-MM-DD",
        );
    }
    let editions = root.join(EDITIONS);
    let folder = editions.join(&current.id);
    if folder.exists() {
        return refuse(
            format!(
                "`{}/{}/` already exists, so the {} cannot be frozen there",
                EDITIONS, current.id, current.label
            ),
            "nothing was changed; move that folder away if it is left over from an earlier attempt",
        );
    }
    let text = crate::fs::read_to_string(&root.join(&config_file))?;
    let new_text = rewrite_config(&text, current, id, label, published)
        .map_err(|message| Error::Config(Diagnostic::file(config_file.clone(), message)))?;

    let staging = editions.join(format!(".{}.cutting-{}", current.id, std::process::id()));
    let copied = copy_edition(root, &staging).and_then(|files| {
        crate::fs::rename(&staging, &folder)?;
        Ok(files)
    });
    let files = match copied {
        Ok(files) => files,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Err(e) = write_atomically(&root.join(&config_file), &new_text) {
        let _ = std::fs::remove_dir_all(&folder);
        return Err(e.into());
    }
    Ok(Cut {
        frozen: EditionInfo {
            earlier: Vec::new(),
            ..current.clone()
        },
        folder: PathBuf::from(EDITIONS).join(&current.id),
        files,
        config_file,
    })
}

/// Copies `content/` and `data/` (the files a build reads) under `to`.
fn copy_edition(root: &Path, to: &Path) -> Result<usize, Error> {
    let mut files = 0;
    for part in [CONTENT, DATA] {
        for found in walk::walk(&root.join(part), root)? {
            let target = to.join(part).join(&found.rel);
            if let Some(parent) = target.parent() {
                crate::fs::create_dir_all(parent)?;
            }
            crate::fs::copy(&found.abs, &target)?;
            files += 1;
        }
    }
    crate::fs::create_dir_all(&to.join(CONTENT))?;
    Ok(files)
}

/// `site.toml` with the current edition moved to `[[edition.earlier]]` and
/// the new one in `[edition]`; every comment and other key kept.
fn rewrite_config(
    text: &str,
    current: &EditionInfo,
    id: &str,
    label: &str,
    published: Date,
) -> Result<String, String> {
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};
    let date = |d: Date| {
        d.iso()
            .parse::<toml_edit::Datetime>()
            .map_err(|e| e.to_string())
    };
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let edition = doc
        .get_mut("edition")
        .and_then(Item::as_table_mut)
        .ok_or("`[edition]` must be a table of its own to be rewritten")?;
    let mut frozen = Table::new();
    frozen["id"] = value(current.id.as_str());
    frozen["label"] = value(current.label.as_str());
    frozen["published"] = value(date(current.published)?);
    match edition
        .entry("earlier")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
    {
        Item::ArrayOfTables(list) => list.push(frozen),
        _ => return Err("`edition.earlier` must be a list of `[[edition.earlier]]` tables".into()),
    }
    edition["id"] = value(id);
    edition["label"] = value(label);
    edition["published"] = value(date(published)?);
    Ok(doc.to_string())
}

fn write_atomically(path: &Path, text: &str) -> Result<(), crate::fs::FsError> {
    let temp = path.with_extension(format!("toml.cutting-{}", std::process::id()));
    crate::fs::write(&temp, text)?;
    crate::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keeps_comments_and_records_both_editions() {
        let text = "# The toolkit\ntitle = \"T\"\n\n[edition]  # current\nid = \"2013\"\nlabel = \"November 2013 edition\"\npublished = 2013-11-01\n\n[brand]\nname = \"NHS Employers\"\n";
        let config = Config::from_str(text, Path::new("site.toml")).expect("valid");
        let current = config.edition.expect("edition");
        let date = Date::parse("2014-03-01").expect("date");
        let out =
            rewrite_config(text, &current, "2014", "March 2014 edition", date).expect("rewrites");
        assert!(
            out.contains("# The toolkit") && out.contains("# current"),
            "{out}"
        );
        let again = Config::from_str(&out, Path::new("site.toml")).expect("still valid");
        let edition = again.edition.expect("edition");
        assert_eq!((edition.id.as_str(), edition.published), ("2014", date));
        assert_eq!(edition.earlier.len(), 1);
        assert_eq!(edition.earlier[0].id, "2013");
        assert_eq!(edition.earlier[0].label, "November 2013 edition");
    }
}
