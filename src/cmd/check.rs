//! `canteen check`: runs the checks and prints the findings and a summary;
//! says whether the run failed, for the exit code (`main`).

use std::time::Duration;

use crate::check::{self, Check, external, format};
use crate::cli::CheckArgs;
use crate::content::date::Date;
use crate::error::Error;

/// Runs the checks; `Ok(true)` when something failed them (an error, or a
/// warning under `--strict`).
pub fn run(args: &CheckArgs) -> Result<bool, Error> {
    let mut only = Vec::new();
    for id in &args.only {
        match Check::parse(id.trim()) {
            Some(check) => only.push(check),
            None => {
                let known: Vec<&str> = Check::SELECTABLE.iter().map(|c| c.id()).collect();
                return Err(Error::Usage(format!(
                    "there is no check `{id}`; the checks are {}",
                    known.join(", ")
                )));
            }
        }
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(Error::Usage(
            "--timeout must be a number of seconds above 0".into(),
        ));
    }
    let options = check::Options {
        root: args.root.clone(),
        only,
        external: external::Options {
            offline: args.offline,
            max_age_days: i64::from(args.max_age),
            settings: external::fetch::Settings {
                timeout: Duration::from_secs_f64(args.timeout),
                ..external::fetch::Settings::default()
            },
            today: Date::today(),
        },
        site: check::SiteOptions {
            reviews: check::reviews::Options {
                today: Date::today(),
                due_within: args.due_within,
            },
        },
    };
    let report = check::run(&options)?;
    let renderer = crate::diagnostics::stderr_renderer();
    let findings = format::findings(&report, args.format, &renderer);
    print!("{findings}");
    let summary = format::summary(&report);
    if args.format == format::Format::Human {
        print!("{summary}");
    } else {
        eprint!("{summary}");
    }
    Ok(report.failed(args.strict))
}
