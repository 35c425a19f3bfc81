//! `canteen edition cut | list`: thin printing around `editions::cut` and
//! the `[edition]` table of `site.toml`.

use crate::cli::EditionCommand;
use crate::config::Config;
use crate::content::date::Date;
use crate::diagnostics::Diagnostic;
use crate::editions::cut;
use crate::error::Error;

/// Runs one edition command.
pub fn run(command: &EditionCommand) -> Result<(), Error> {
    match command {
        EditionCommand::Cut(args) => {
            let published = match &args.published {
                None => Date::today(),
                Some(text) => Date::parse(text).ok_or_else(|| {
                    Error::Config(
                        Diagnostic::file("--published", format!("`{text}` is not a date"))
                            .with_hint("write it as YYYY-MM-DD, for example 2026-11-21"),
                    )
                })?,
            };
            let done = cut::cut(&args.root, &args.id, &args.label, published)?;
            println!(
                "Froze the {} ({} files) into {}/ and recorded it in {}.",
                done.frozen.label,
                done.files,
                done.folder.display(),
                done.config_file.display()
            );
            println!(
                "content/ is now the {} ({}), published {}. Its pages stay at /{}/… and the current ones at /.",
                args.label,
                args.id,
                published.text(),
                done.frozen.id
            );
            Ok(())
        }
        EditionCommand::List(args) => {
            let config = Config::load(&args.root)?;
            let Some(current) = &config.edition else {
                println!(
                    "This site has no editions: add `[edition]` to site.toml to name the current one."
                );
                return Ok(());
            };
            let mut earlier: Vec<_> = current.earlier.iter().collect();
            earlier.sort_by_key(|e| std::cmp::Reverse(e.published));
            println!("{:<12} {:<18} label", "id", "published");
            println!(
                "{:<12} {:<18} {} (current: content/)",
                current.id,
                current.published.text(),
                current.label
            );
            for e in earlier {
                println!(
                    "{:<12} {:<18} {} (editions/{}/)",
                    e.id,
                    e.published.text(),
                    e.label,
                    e.id
                );
            }
            Ok(())
        }
    }
}
