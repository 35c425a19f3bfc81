//! `canteen build`: the site into a folder, with a one-line summary.

use crate::cli::BuildArgs;
use crate::diagnostics::count;
use crate::error::Error;
use crate::site::{BuildOptions, build};

/// Runs the build and prints the summary line.
pub fn run(args: &BuildArgs) -> Result<(), Error> {
    let options = BuildOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        preview: args.preview,
        // `build` sets `keeps_search_entries` itself.
        ..BuildOptions::default()
    };
    let report = build(&options)?;
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    if !report.diagnostics.is_empty() {
        let renderer = crate::diagnostics::stderr_renderer();
        for diagnostic in &report.diagnostics {
            eprintln!("{}\n", diagnostic.render(&renderer));
        }
        let n = report.diagnostics.len();
        eprintln!(
            "{n} broken link{} (warnings, as `[links] broken = \"warn\"` in site.toml asks)",
            if n == 1 { "" } else { "s" }
        );
    }
    if !args.quiet {
        let s = report.stats;
        println!(
            "Built {} pages, {} sections and {} static files into {} ({}) in {} ms",
            count(s.pages),
            count(s.sections),
            count(s.static_files),
            report.output.display(),
            if report.preview {
                "a preview: robots.txt and every page ask search engines not to index it"
            } else {
                "for production: open to search engines"
            },
            report.elapsed.as_millis()
        );
    }
    Ok(())
}
