//! What a rebuild tells the terminal and the open tabs: the status line
//! after a build, the diagnostics of a failed one, and which event a
//! successful one sends (`css` when only stylesheets changed, so a tab
//! swaps them without losing its place; else `reload`). Pure but for
//! `Reporter`, which prints and broadcasts.

use std::io::IsTerminal;
use std::time::Duration;

use annotate_snippets::Renderer;

use super::findings::Listed;
use crate::error::Error;
use crate::serve::Shared;
use crate::serve::reload::Event;
use crate::site::Stats;
use crate::site::plan::Change;

/// Tells the terminal and every tab that a build failed.
#[derive(Debug, Clone)]
pub(crate) struct Reporter {
    pub(crate) root: std::path::PathBuf,
    pub(crate) quiet: bool,
}

impl Reporter {
    /// Records `error` as the status every tab sees, sends it to the open
    /// tabs, and prints it with `line` under it.
    pub(crate) fn report(&self, shared: &Shared, error: &Error, line: &str) {
        let diagnostics: Vec<_> = error
            .diagnostics()
            .into_iter()
            .map(|d| d.relative_to(&self.root))
            .collect();
        shared.set_errors(diagnostics.clone());
        shared.hub.broadcast(&Event::Error(diagnostics));
        if !self.quiet {
            let renderer = if std::io::stderr().is_terminal() {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            eprintln!("{}\n{line}", error.render(&renderer));
        }
    }

    /// Prints the warnings of the pages a rebuild rendered (broken links),
    /// before its status line; they never stop a page being served.
    pub(crate) fn warn(&self, shared: &Shared, warnings: &[crate::diagnostics::Diagnostic]) {
        let relative: Vec<_> = warnings
            .iter()
            .map(|w| w.clone().relative_to(&self.root))
            .collect();
        shared.set_warnings(relative);
        if self.quiet || warnings.is_empty() {
            return;
        }
        let renderer = if std::io::stderr().is_terminal() {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        for warning in warnings {
            eprintln!(
                "{}",
                warning.clone().relative_to(&self.root).render(&renderer)
            );
        }
    }

    /// Records the findings of the checks of the site served now, and
    /// prints those about the files a rebuild changed (on the first
    /// build, one line per check that found something): the health page
    /// lists them all.
    pub(crate) fn findings(&self, shared: &Shared, found: Vec<Listed>, changes: &[Change]) {
        if !self.quiet {
            if changes.is_empty() {
                eprint!("{}", first_build_summary(&found));
            } else {
                let renderer = if std::io::stderr().is_terminal() {
                    Renderer::styled()
                } else {
                    Renderer::plain()
                };
                for listed in found.iter().filter(|l| {
                    let file = l
                        .finding
                        .diagnostic
                        .file
                        .to_string_lossy()
                        .replace('\\', "/");
                    changes.iter().any(|c| c.path == file)
                }) {
                    eprintln!("{}", listed.finding.diagnostic.render(&renderer));
                }
            }
        }
        shared.set_findings(found);
    }
}

/// One line per check that found something, pointing to the health page.
fn first_build_summary(found: &[Listed]) -> String {
    let mut ids: Vec<&str> = found.iter().map(|l| l.finding.check.id()).collect();
    ids.dedup();
    ids.iter()
        .map(|id| {
            let n = found.iter().filter(|l| l.finding.check.id() == *id).count();
            format!(
                "{id}: {n} finding{} (listed at {})\n",
                if n == 1 { "" } else { "s" },
                super::health::HEALTH_PATH
            )
        })
        .collect()
}

/// The event a successful rebuild sends: `css` when only stylesheets changed
/// (in the sources and the output: no page, and only `.css` among the
/// other `outputs`), else `reload`; always `reload` after a failed build,
/// so the error overlay goes away.
pub fn reload_event(
    sources: &[Change],
    pages_changed: bool,
    outputs: &[String],
    recovering: bool,
) -> Event {
    let css = |path: &str| path.ends_with(".css");
    if !recovering
        && !pages_changed
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

pub(crate) fn failed_line(changes: &[Change], elapsed: Duration) -> String {
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
        // Sources changed, whether a page changed, other outputs changed,
        // whether the last build had failed.
        type Row<'a> = (&'a [&'a str], bool, &'a [&'a str], bool, Event);
        let table: &[Row] = &[
            (
                &["static/css/site.css"],
                false,
                &["css/site.css"],
                false,
                Event::Css,
            ),
            (
                &["static/css/a.css", "themes/t/static/b.css"],
                false,
                &["css/a.css", "b.css"],
                false,
                Event::Css,
            ),
            (&["static/css/site.css"], false, &[], false, Event::Css),
            (
                &["static/css/site.css"],
                false,
                &["css/site.css"],
                true,
                Event::Reload,
            ),
            (
                &["static/css/site.css", "content/a.md"],
                true,
                &["css/site.css"],
                false,
                Event::Reload,
            ),
            (&["content/a.md"], true, &[], false, Event::Reload),
            (
                &["templates/page.css.html"],
                true,
                &[],
                false,
                Event::Reload,
            ),
            (
                &["static/x.css"],
                false,
                &["404.html"],
                false,
                Event::Reload,
            ),
            (&["static/x.css"], true, &["x.css"], false, Event::Reload),
            (&[], false, &[], false, Event::Reload),
        ];
        for (sources, pages, outputs, recovering, expected) in table {
            assert_eq!(
                &reload_event(&changes(sources), *pages, &out(outputs), *recovering),
                expected,
                "{sources:?} {pages} {outputs:?} {recovering}"
            );
        }
    }

    #[test]
    fn the_first_build_says_how_many_findings_each_check_has() {
        let listed = |message: &str| Listed {
            finding: crate::check::Finding {
                check: crate::check::Check::Reviews,
                diagnostic: crate::diagnostics::Diagnostic::file("content/a.md", message).warning(),
                url: None,
            },
            pages: vec!["/a/".into()],
        };
        assert_eq!(first_build_summary(&[]), "");
        assert_eq!(
            first_build_summary(&[listed("one"), listed("two")]),
            "reviews: 2 findings (listed at /__canteen/health)\n"
        );
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
