//! `canteen translation status | sync`: the editor's side of parity
//! (`site::parity`). `status` prints the report with diffs; `sync` writes
//! `translates` (the hash of the page's file now) into a translation's
//! front matter and keeps a copy of the page for the next diff.

use std::path::{Path, PathBuf};

use crate::cli::TranslationCommand;
use crate::config::Config;
use crate::content::language::untranslated_rel;
use crate::error::Error;
use crate::overlay::lock::hash;
use crate::site::parity::{self, base_of};
use crate::site::{BuildOptions, languages};

/// Runs one translation command.
pub fn run(command: &TranslationCommand) -> Result<(), Error> {
    match command {
        TranslationCommand::Status(args) => {
            let sites = languages::load_all(&BuildOptions {
                root: args.root.clone(),
                ..BuildOptions::default()
            })?;
            if sites.len() < 2 {
                println!(
                    "This site has one language (no [languages] in site.toml): nothing to compare."
                );
                return Ok(());
            }
            print!("{}", parity::render(&parity::report(&sites)?));
            Ok(())
        }
        TranslationCommand::Sync(args) => {
            let config = Config::load(&args.root)?;
            for file in &args.files {
                let original = sync(&args.root, &config, file)?;
                println!("Synced {file} with {}", original.display());
            }
            Ok(())
        }
    }
}

/// Records `file` (a translation, from the site root) as translating its
/// page as it is now; returns the page's path.
pub fn sync(root: &Path, config: &Config, file: &str) -> Result<PathBuf, Error> {
    let codes: Vec<String> = config.languages.keys().cloned().collect();
    let usage = |message: String| Error::Usage(message);
    let Some((original, code)) = untranslated_rel(file, &codes) else {
        return Err(usage(format!(
            "`{file}` is not a translation: its name has no language code of `[languages]` (such as `about.cy.md`)"
        )));
    };
    // A trust's overlay copy of the page wins, as it does in the build.
    let upstream = original.strip_prefix("local/").unwrap_or(&original);
    let local = format!("{}/{upstream}", crate::paths::LOCAL);
    let original = [local.as_str(), upstream]
        .into_iter()
        .find(|p| root.join(p).is_file())
        .ok_or_else(|| {
            usage(format!(
                "`{file}` translates `{upstream}`, which does not exist"
            ))
        })?;
    let path = root.join(file);
    if !path.is_file() {
        return Err(usage(format!("there is no file `{file}`")));
    }
    let page = crate::fs::read_to_string(&root.join(original))?;
    let text = crate::fs::read_to_string(&path)?;
    crate::fs::write(&path, with_translates(&text, &hash(page.as_bytes())))?;
    let base = base_of(root, &code, Path::new(original));
    if let Some(parent) = base.parent() {
        crate::fs::create_dir_all(parent)?;
    }
    crate::fs::write(&base, &page)?;
    Ok(PathBuf::from(original))
}

/// `text` with `translates` set to `value` in its front matter (TOML
/// `+++` or YAML `---`), added when missing; front matter is added to a
/// file without any.
fn with_translates(text: &str, value: &str) -> String {
    let (fence, line) = if text.starts_with("+++") {
        ("+++", format!("translates = \"{value}\""))
    } else if text.starts_with("---") {
        ("---", format!("translates: \"{value}\""))
    } else {
        return format!("+++\ntranslates = \"{value}\"\n+++\n{text}");
    };
    let mut out = String::with_capacity(text.len() + line.len() + 1);
    let mut lines = text.split_inclusive('\n');
    let mut done = false;
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for l in lines.by_ref() {
        let trimmed = l.trim_end();
        if !done && trimmed.starts_with("translates") {
            out.push_str(&line);
            out.push('\n');
            done = true;
            continue;
        }
        if !done && trimmed == fence {
            out.push_str(&line);
            out.push('\n');
            out.push_str(l);
            break;
        }
        out.push_str(l);
    }
    for l in lines {
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_translates;

    #[test]
    fn translates_is_set_added_or_given_front_matter() {
        assert_eq!(
            with_translates("+++\ntitle = \"A\"\n+++\nBody\n+++\n", "h"),
            "+++\ntitle = \"A\"\ntranslates = \"h\"\n+++\nBody\n+++\n"
        );
        assert_eq!(
            with_translates("+++\ntranslates = \"old\"\ntitle = \"A\"\n+++\nB", "new"),
            "+++\ntranslates = \"new\"\ntitle = \"A\"\n+++\nB"
        );
        assert_eq!(
            with_translates("---\ntitle: A\n---\nB", "h"),
            "---\ntitle: A\ntranslates: \"h\"\n---\nB"
        );
        assert_eq!(with_translates("B", "h"), "+++\ntranslates = \"h\"\n+++\nB");
    }
}
