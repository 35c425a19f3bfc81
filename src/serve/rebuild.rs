//! One rebuild: edits to existing Markdown files update the loaded site in
//! place and re-render only the pages they show on (`update.rs`); anything
//! else loads and renders the whole site again. Either way the result is
//! swapped in whole, then one event goes to every open tab and one status
//! line to the terminal.
//!
//! Never serves a half-built site: the new build replaces the old one only
//! once it has completely succeeded; a failed build keeps the last good
//! pages and reports its diagnostics instead.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use annotate_snippets::Renderer;

use crate::error::Error;
use crate::serve::Shared;
use crate::serve::memory::{MemorySink, SiteFiles};
use crate::serve::reload::Event;
use crate::site::plan::{Change, Plan, plan};
use crate::site::update::Update;
use crate::site::{BuildOptions, Site, Stats};

/// What a rebuild needs to know besides the changes.
#[derive(Debug)]
pub(crate) struct Rebuilder {
    /// How to build (the base URL is the server's own address).
    pub build: BuildOptions,
    /// Print nothing to the terminal.
    pub quiet: bool,
    /// The last good site, kept for incremental updates; `None` after a
    /// failure, so the next rebuild starts from the files again.
    pub site: Option<Site>,
}

/// What a successful rebuild produced.
enum Built {
    /// A whole new site.
    Full(SiteFiles, Stats),
    /// Only these output files changed.
    Partial(BTreeMap<String, Vec<u8>>, Stats),
}

impl Rebuilder {
    /// Acts on changed sources as the rebuild policy plans (`site::plan`):
    /// nothing when no source changed, else one rebuild.
    pub(crate) fn on_changes(&mut self, shared: &Shared, changes: &[Change]) {
        match plan(changes, self.site.as_ref().map(Site::facts)) {
            Plan::Nothing => {}
            planned => self.run(shared, changes, planned),
        }
    }

    /// The first build, when the server starts.
    pub(crate) fn first(&mut self, shared: &Shared) {
        self.run(shared, &[], Plan::Reload);
    }

    /// Builds the site, swaps it in (or records the errors), tells the tabs,
    /// then counts the rebuild, in that order, so whoever sees the count
    /// also sees the new site and the event.
    fn run(&mut self, shared: &Shared, changes: &[Change], planned: Plan) {
        let started = Instant::now();
        // A bug in the pipeline must not take the watcher thread (and so
        // live reload) down with it.
        let result = catch_unwind(AssertUnwindSafe(|| self.rebuild(planned)))
            .unwrap_or_else(|_| Err(crashed()));
        let elapsed = started.elapsed();
        if result.is_err() {
            self.site = None;
        }
        let result = result.map(|built| match built {
            Built::Full(files, stats) => (files, stats),
            Built::Partial(outputs, stats) => (shared.site().updated(outputs), stats),
        });
        match result {
            Ok((files, stats)) => {
                let files = Arc::new(files);
                let (old, recovering) = shared.swap_site(files.clone());
                let event = reload_event(changes, &old.changed_paths(&files), recovering);
                shared.hub.broadcast(&event);
                if !self.quiet {
                    println!("{}", status_line(changes, &stats, elapsed));
                }
            }
            Err(error) => {
                let diagnostics: Vec<_> = error
                    .diagnostics()
                    .into_iter()
                    .map(|d| d.relative_to(&self.build.root))
                    .collect();
                shared.set_errors(diagnostics.clone());
                shared.hub.broadcast(&Event::Error(diagnostics));
                if !self.quiet {
                    let renderer = if std::io::stderr().is_terminal() {
                        Renderer::styled()
                    } else {
                        Renderer::plain()
                    };
                    eprintln!(
                        "{}\n{}",
                        error.render(&renderer),
                        failed_line(changes, elapsed)
                    );
                }
            }
        }
        shared.rebuilds.fetch_add(1, Ordering::SeqCst);
    }
}

impl Rebuilder {
    fn rebuild(&mut self, planned: Plan) -> Result<Built, Error> {
        if let (Some(site), Plan::Update(edits)) = (self.site.as_mut(), &planned)
            && let Update::Render { documents, statics } = site.apply(edits)?
        {
            let sink = MemorySink::new();
            let stats = site.render_update(&documents, &statics, &sink)?;
            return Ok(Built::Partial(sink.into_files(), stats));
        }
        self.site = None;
        let (site, files, stats) = build_in_memory(&self.build)?;
        self.site = Some(site);
        Ok(Built::Full(files, stats))
    }
}

fn crashed() -> Error {
    Error::Serve(
        "canteen crashed while building the site; this is a bug in canteen, please report it"
            .into(),
    )
}

/// A cold build of the site into memory: what `serve` serves, and the
/// loaded site, kept for updates in place.
pub fn build_in_memory(options: &BuildOptions) -> Result<(Site, SiteFiles, Stats), Error> {
    let site = Site::load(options)?;
    let sink = MemorySink::new();
    let stats = site.render(&sink)?;
    Ok((site, SiteFiles::new(sink.into_files()), stats))
}

/// The event a successful rebuild sends: `css` when only stylesheets changed
/// (in the sources and the output), else `reload`; always `reload` after a
/// failed build, so the error overlay goes away.
pub fn reload_event(sources: &[Change], outputs: &[String], recovering: bool) -> Event {
    let css = |path: &str| path.ends_with(".css");
    if !recovering
        && !sources.is_empty()
        && sources.iter().all(|c| css(&c.path))
        && outputs.iter().all(|p| css(p))
    {
        Event::Css
    } else {
        Event::Reload
    }
}

/// The terminal line after a successful build (the first one has no changes).
pub fn status_line(changes: &[Change], stats: &Stats, elapsed: Duration) -> String {
    let what = if changes.is_empty() {
        "Built".to_string()
    } else {
        format!("Rebuilt after {}", describe(changes))
    };
    format!(
        "{what}: {} pages and {} sections rendered in {:.1} ms",
        stats.pages,
        stats.sections,
        elapsed.as_secs_f64() * 1000.0
    )
}

fn failed_line(changes: &[Change], elapsed: Duration) -> String {
    format!(
        "Rebuild after {} failed in {:.1} ms; still serving the last good build",
        describe(changes),
        elapsed.as_secs_f64() * 1000.0
    )
}

/// `content/a.md changed`, or the first few names and how many more.
fn describe(changes: &[Change]) -> String {
    const SHOWN: usize = 3;
    let names: Vec<&str> = changes
        .iter()
        .take(SHOWN)
        .map(|c| c.path.as_str())
        .collect();
    match changes.len() {
        0 => "no change".to_string(),
        1 => format!("{} changed", names.join(", ")),
        n if n <= SHOWN => format!("{} changed", names.join(", ")),
        n => format!("{} and {} more changed", names.join(", "), n - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(paths: &[&str]) -> Vec<Change> {
        paths.iter().map(|p| Change::modified(*p)).collect()
    }

    #[test]
    fn stylesheets_alone_are_swapped_everything_else_reloads() {
        let out = |paths: &[&str]| paths.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let table: &[(&[&str], &[&str], bool, Event)] = &[
            (
                &["static/css/site.css"],
                &["css/site.css"],
                false,
                Event::Css,
            ),
            (
                &["static/css/a.css", "themes/t/static/b.css"],
                &["css/a.css", "b.css"],
                false,
                Event::Css,
            ),
            (&["static/css/site.css"], &[], false, Event::Css),
            (
                &["static/css/site.css"],
                &["css/site.css"],
                true,
                Event::Reload,
            ),
            (
                &["static/css/site.css", "content/a.md"],
                &["css/site.css", "a/index.html"],
                false,
                Event::Reload,
            ),
            (&["content/a.md"], &["a/index.html"], false, Event::Reload),
            (
                &["templates/page.css.html"],
                &["a/index.html"],
                false,
                Event::Reload,
            ),
            (&["static/x.css"], &["index.html"], false, Event::Reload),
            (&[], &[], false, Event::Reload),
        ];
        for (sources, outputs, recovering, expected) in table {
            assert_eq!(
                &reload_event(&changes(sources), &out(outputs), *recovering),
                expected,
                "{sources:?} {outputs:?} {recovering}"
            );
        }
    }

    #[test]
    fn the_status_line_names_what_changed_and_counts() {
        let stats = Stats {
            pages: 4,
            sections: 2,
            static_files: 3,
        };
        assert_eq!(
            status_line(
                &changes(&["content/a.md"]),
                &stats,
                Duration::from_millis(12)
            ),
            "Rebuilt after content/a.md changed: 4 pages and 2 sections rendered in 12.0 ms"
        );
        assert_eq!(
            status_line(
                &changes(&["a", "b", "c", "d", "e"]),
                &stats,
                Duration::from_millis(7)
            ),
            "Rebuilt after a, b, c and 2 more changed: 4 pages and 2 sections rendered in 7.0 ms"
        );
        assert_eq!(
            status_line(&[], &stats, Duration::from_micros(400)),
            "Built: 4 pages and 2 sections rendered in 0.4 ms"
        );
    }
}
