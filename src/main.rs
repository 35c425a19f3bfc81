//! The `canteen` binary: parse arguments, run the command, print any error
//! once, and exit 0 (success), 1 (content or configuration error, or
//! `overlay status` found drift) or 2 (usage error, from clap).

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use canteen::cli::{Cli, Command};

/// Rendering allocates many small strings and values on every thread;
/// mimalloc's per-thread heaps do that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => canteen::cmd::build::run(args),
        Command::Serve(args) => canteen::cmd::serve::run(args),
        Command::New(args) => canteen::cmd::new::run(args),
        Command::Overlay(command) => match canteen::cmd::overlay::run(command) {
            // Drift is a finding, not an error: the report is already printed.
            Ok(canteen::cmd::overlay::Outcome::NeedsChecking) => return ExitCode::from(1),
            Ok(canteen::cmd::overlay::Outcome::Clean) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Edition(command) => canteen::cmd::edition::run(command),
        Command::Completions(args) => {
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "canteen",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.render(&canteen::diagnostics::stderr_renderer()));
            match error {
                canteen::error::Error::Usage(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}
