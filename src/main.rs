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
    if !matches!(cli.command, Command::Serve(_)) {
        canteen::memory::keep_freed();
    }
    exit_cleanly_on_signals();
    // Tera recurses for every include, block and component, tens of KB of
    // stack a level: every thread that renders gets a stack sized for the
    // deepest nesting canteen allows (`render::limits`). If the system
    // refuses one, the default is still safe for real themes.
    let stack = canteen::render::limits::STACK_SIZE;
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(stack)
        .build_global();
    let worker = std::thread::Builder::new()
        .name("canteen".into())
        .stack_size(stack);
    let cli = std::sync::Arc::new(cli);
    let for_worker = std::sync::Arc::clone(&cli);
    match worker.spawn(move || run(&for_worker)) {
        // A panic has already been printed by the panic hook.
        Ok(handle) => handle.join().unwrap_or(ExitCode::from(101)),
        Err(_) => run(&cli),
    }
}

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP: remove this process's staging
/// folders, then exit with 128 + the signal number (130, 143, 129), as a
/// process killed by it would report. A second signal during the cleanup
/// exits at once.
#[cfg(unix)]
fn exit_cleanly_on_signals() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    let exiting = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        // Armed by the first signal: a second one exits at once.
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal,
            128 + signal,
            Arc::clone(&exiting),
        );
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("canteen-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                exiting.store(true, Ordering::SeqCst);
                canteen::output::cleanup::remove_for_exit();
                std::process::exit(128 + signal);
            }
        });
}

#[cfg(not(unix))]
fn exit_cleanly_on_signals() {}

/// Runs the command and prints its error, if any.
fn run(cli: &Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Build(args) => canteen::cmd::build::run(args),
        Command::Serve(args) => canteen::cmd::serve::run(args),
        Command::Check(args) => match canteen::cmd::check::run(args) {
            // Findings are already printed.
            Ok(true) => return ExitCode::from(1),
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::New(args) => canteen::cmd::new::run(args),
        Command::Overlay(command) => match canteen::cmd::overlay::run(command) {
            // Drift is a finding, not an error: the report is already printed.
            Ok(canteen::cmd::overlay::Outcome::NeedsChecking) => return ExitCode::from(1),
            Ok(canteen::cmd::overlay::Outcome::Clean) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Edition(command) => canteen::cmd::edition::run(command),
        Command::Translation(command) => canteen::cmd::translation::run(command),
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
