//! `canteen new`: a new page with `+++` front matter — title from the file
//! name, a description to fill in, reviewed today and due in a year.
//!
//! It only ever creates a file; it refuses to overwrite one.

use std::path::{Component, Path, PathBuf};

use crate::check::style::words::{PLACEHOLDER_BODY, PLACEHOLDER_DESCRIPTION};
use crate::cli::NewArgs;
use crate::content::date::Date;
use crate::content::title_from_file_name;
use crate::content::walk;
use crate::error::Error;
use crate::paths::CONTENT;

/// Creates the page and prints where.
pub fn run(args: &NewArgs) -> Result<(), Error> {
    if let Some(code) = &args.lang {
        let path = translation(&args.root, &args.path, args.local, code)?;
        println!(
            "Created {}: replace its text with the translation",
            path.display()
        );
        return Ok(());
    }
    let path = create(&args.root, &args.path, args.local, Date::today())?;
    println!("Created {}", path.display());
    Ok(())
}

/// The text of a new page reviewed on `today`.
pub fn page_text(rel: &str, today: Date) -> String {
    let title = title_from_file_name(rel).replace('"', "'");
    format!(
        "+++\ntitle = \"{title}\"\ndescription = \"{}\"\nlast_reviewed = {}\nnext_review = {}\n+++\n\n{} Link to other pages by their file, for example [the home page](/_index.md).\n",
        PLACEHOLDER_DESCRIPTION,
        today.iso(),
        today.plus_years(1).iso(),
        PLACEHOLDER_BODY,
    )
}

/// Creates `content/<path>.md` (or `local/content/…`); returns the file.
pub fn create(root: &Path, path: &str, local: bool, today: Date) -> Result<PathBuf, Error> {
    let rel = path
        .trim_start_matches(&format!("{CONTENT}/"))
        .trim_matches('/');
    let rel = if rel.ends_with(".md") {
        rel.to_string()
    } else {
        format!("{rel}.md")
    };
    let safe = Path::new(&rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !safe || rel == ".md" {
        return Err(Error::Output(format!(
            "`{path}` is not a page path: give one relative to content/, such as `policies/social-media`"
        )));
    }
    if let Some(part) = rel.split('/').find(|part| walk::is_ignored(part)) {
        return Err(Error::Output(format!(
            "`{path}` would make a page the build leaves out: canteen ignores files and folders named like `{part}` (hidden files and editors' leftovers). Choose another name, such as `policies/social-media`"
        )));
    }
    let base = if local {
        root.join(crate::paths::LOCAL).join(CONTENT)
    } else {
        root.join(CONTENT)
    };
    let file = base.join(&rel);
    // Resolved before any folder is made: a linked folder must not lead
    // the new page out of the site.
    let (resolved, site) = (crate::fs::resolve(&file), crate::fs::resolve(root));
    if !resolved.starts_with(&site) {
        return Err(Error::Output(format!(
            "`{}` would be created at `{}`, outside the site folder, because a folder on the way is a link; canteen only writes inside the site",
            file.display(),
            resolved.display()
        )));
    }
    if file.exists() {
        return Err(Error::Output(format!(
            "`{}` already exists; canteen new never overwrites a page",
            file.display()
        )));
    }
    if let Some(dir) = file.parent() {
        crate::fs::create_dir_all(dir)?;
    }
    crate::fs::write(&file, page_text(&rel, today))?;
    Ok(file)
}

/// Creates the translation into `code` of the existing page `path`: a
/// copy of the page beside it (`about.cy.md`), synced with it, for the
/// translator to replace the text of. Returns the file.
pub fn translation(root: &Path, path: &str, local: bool, code: &str) -> Result<PathBuf, Error> {
    let config = crate::config::Config::load(root)?;
    if !config.languages.contains_key(code) {
        return Err(Error::Usage(format!(
            "`{code}` is not one of the site's languages: add `[languages.{code}]` to site.toml first"
        )));
    }
    let rel = path
        .trim_start_matches(&format!("{CONTENT}/"))
        .trim_matches('/')
        .trim_end_matches(".md");
    let folder = if local {
        format!("{}/{CONTENT}", crate::paths::LOCAL)
    } else {
        CONTENT.to_string()
    };
    let page = format!("{folder}/{rel}.md");
    let file = format!("{folder}/{rel}.{code}.md");
    if !root.join(&page).is_file() {
        return Err(Error::Output(format!(
            "there is no page `{page}` to translate; create it first (`canteen new {rel}`)"
        )));
    }
    if root.join(&file).exists() {
        return Err(Error::Output(format!(
            "`{file}` already exists; canteen new never overwrites a page"
        )));
    }
    crate::fs::write(
        &root.join(&file),
        crate::fs::read_to_string(&root.join(&page))?,
    )?;
    crate::cmd::translation::sync(root, &config, &file)?;
    Ok(PathBuf::from(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_has_title_and_review_dates() {
        let today = Date::parse("2026-11-21").expect("valid");
        let text = page_text("policies/social-media-policy.md", today);
        assert!(
            text.starts_with("+++\ntitle = \"Social media policy\"\n"),
            "{text}"
        );
        assert!(
            text.contains("last_reviewed = 2026-11-21\nnext_review = 2027-11-21\n+++"),
            "{text}"
        );
    }
}
