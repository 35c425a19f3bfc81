//! `canteen overlay init | status | accept`: the trust's side of a fork.
//!
//! Thin: prints what `overlay::drift` finds; `status` turns drift into the
//! exit code through [`Outcome`], never into an error.

use crate::cli::OverlayCommand;
use crate::config::Config;
use crate::error::Error;
use crate::overlay::{self, drift};
use crate::paths::SitePaths;

/// What the command found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to check (exit 0).
    Clean,
    /// Some overridden file needs checking (exit 1).
    NeedsChecking,
}

/// Runs one overlay command.
pub fn run(command: &OverlayCommand) -> Result<Outcome, Error> {
    match command {
        OverlayCommand::Init(args) => {
            for path in overlay::init(&args.root)? {
                println!("Created {}", path.display());
            }
            println!(
                "Next: put your files in local/ at the same paths as upstream's, then run `canteen overlay accept --all`."
            );
            Ok(Outcome::Clean)
        }
        OverlayCommand::Status(args) => {
            let paths = SitePaths::new(&args.root);
            let config = Config::load(&paths.root)?;
            match drift::status(&paths, &config)? {
                None => {
                    println!("This site has no local/ overlay: nothing to compare.");
                    Ok(Outcome::Clean)
                }
                Some(report) => {
                    print!("{}", report.render());
                    Ok(if report.is_clean() {
                        Outcome::Clean
                    } else {
                        Outcome::NeedsChecking
                    })
                }
            }
        }
        OverlayCommand::Accept(args) => {
            let paths = SitePaths::new(&args.root);
            let config = Config::load(&paths.root)?;
            let done = drift::accept(&paths, &config, &args.files, args.all)?;
            for upstream in &done {
                println!("Accepted {upstream}");
            }
            if done.is_empty() {
                println!("Nothing to accept: the overlay overrides no upstream file.");
            }
            Ok(Outcome::Clean)
        }
    }
}
