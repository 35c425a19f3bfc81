//! `canteen serve`: the live preview, until the process is stopped.

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve::{self, ServeOptions};

/// Starts the dev server, prints its address and serves until interrupted.
pub fn run(args: &ServeArgs) -> Result<(), Error> {
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines on the network can see this preview, drafts and errors included. Leave out --bind to keep it on this computer.",
            args.bind
        );
    }
    let options = ServeOptions {
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        ..ServeOptions::new(&args.root)
    };
    let handle = serve::start(options)?;
    if handle.addr().port() != args.port && args.port != 0 {
        println!(
            "Port {} is taken; using {} instead.",
            args.port,
            handle.addr().port()
        );
    }
    println!(
        "Serving {} at {}  (press Ctrl+C to stop)",
        args.root.display(),
        handle.url()
    );
    if args.open {
        open_browser(handle.url());
    }
    handle.wait();
    Ok(())
}

/// Asks the desktop to open `url`; a failure is only a warning.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
