//! `canteen check`: the whole site loaded and rendered in memory (every
//! edition, the overlay applied; nothing written but the link cache), then
//! every check run, each finding a `Diagnostic` tagged with its check.
//!
//! The checks: `links` (internal links of the built HTML, `site::html_links`,
//! and Markdown links under `[links] broken = "warn"`) and `external`
//! (`external/`), `reviews` (`reviews.rs`), and the lint of the Markdown,
//! `a11y` and `style` (`lint/`). A site that does not load or render is reported as the
//! `build` check and nothing else runs. Printing is `format.rs`'s.

pub mod a11y;
pub mod external;
pub mod format;
pub mod lint;
pub mod reviews;
pub mod style;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};
use crate::error::Error;
use crate::fs::FsResult;
use crate::output::Sink;
use crate::site::html_links::{self, Recording};
use crate::site::{BuildOptions, Site};

/// A check `canteen check` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The site loads and renders (not selectable: everything needs it).
    Build,
    /// Internal links.
    Links,
    /// External links.
    External,
    /// Review dates (`reviews.rs`).
    Reviews,
    /// Accessibility of the Markdown (`a11y/`).
    A11y,
    /// NHS content style (`style/`).
    Style,
}

impl Check {
    /// The checks `--only` can name, in the order they run.
    pub const SELECTABLE: [Check; 5] = [
        Check::Links,
        Check::External,
        Check::Reviews,
        Check::A11y,
        Check::Style,
    ];

    /// Its id, as `--only` and `--format json` write it.
    pub fn id(self) -> &'static str {
        match self {
            Check::Build => "build",
            Check::Links => "links",
            Check::External => "external",
            Check::Reviews => "reviews",
            Check::A11y => "a11y",
            Check::Style => "style",
        }
    }

    /// Its findings from the loaded site alone (no built HTML, no
    /// network), which the dev server's health page lists after every
    /// rebuild; `None` for a check that needs more (`links` reads the
    /// built HTML, which the dev server checks page by page; `external`
    /// the network) or that reports itself (`a11y` and `style`: the lint,
    /// `lint::report` in `run` and `lint::run` in `on_site`, which also
    /// keep the findings a page allows). Every check must answer here, so
    /// that one added shows in `serve` with no more work.
    pub fn on_site(self, site: &Site, options: &SiteOptions) -> Option<Vec<Diagnostic>> {
        match self {
            Check::Build | Check::Links | Check::External | Check::A11y | Check::Style => None,
            Check::Reviews => Some(reviews::findings(site, &options.reviews)),
        }
    }

    /// The check with id `id`.
    pub fn parse(id: &str) -> Option<Check> {
        Check::SELECTABLE.into_iter().find(|c| c.id() == id)
    }
}

/// One problem found, and which check found it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// What, where and what to do.
    pub diagnostic: Diagnostic,
    /// The address it is about (an external link), if any.
    pub url: Option<String>,
}

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// The checks to run (every selectable one when empty).
    pub only: Vec<Check>,
    /// How to check external links.
    pub external: external::Options,
    /// What the checks of the loaded site alone need (`Check::on_site`).
    pub site: SiteOptions,
}

/// What the checks that read only the loaded site need.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Review dates: today, and how far ahead to look.
    pub reviews: reviews::Options,
}

/// The findings of every check that reads only the loaded site, in the
/// order of `Check::SELECTABLE`, paths relative to `root`.
pub fn on_site(site: &Site, options: &SiteOptions, root: &Path) -> Vec<Finding> {
    Check::SELECTABLE
        .into_iter()
        .filter_map(|check| Some((check, check.on_site(site, options)?)))
        .flat_map(|(check, found)| {
            found.into_iter().map(move |d| Finding {
                check,
                diagnostic: d.relative_to(root),
                url: None,
            })
        })
        .chain(lint::run(site, root, true, true).findings)
        .collect()
}

/// What a check run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every finding, in the order the checks ran.
    pub findings: Vec<Finding>,
    /// The checks that ran.
    pub ran: Vec<Check>,
    /// More to say in a check's summary line (`12 addresses, 0 fetched`).
    pub extra: BTreeMap<Check, String>,
    /// External addresses fetched over the network.
    pub fetched: usize,
    /// Lint findings allowed by a page or a comment: in `--format json`
    /// and the summary's count only.
    pub allowed: Vec<Finding>,
}

impl Report {
    /// How many findings of `check` have `severity`.
    pub fn count(&self, check: Check, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.check == check && f.diagnostic.severity == severity)
            .count()
    }

    /// True when the run fails: an error, or with `strict` a warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.findings.iter().any(|f| match f.diagnostic.severity {
            Severity::Error => true,
            Severity::Warning => strict,
            Severity::Note => false,
        })
    }
}

/// A sink that keeps nothing: `check` renders every file, writes none.
struct Discard;

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> FsResult<()> {
        crate::output::check_path(path, Path::new(""))
    }

    fn copy_from(&self, path: &str, _from: &Path) -> FsResult<()> {
        crate::output::check_path(path, Path::new(""))
    }

    fn keeps_nothing(&self) -> bool {
        true
    }
}

/// Loads, renders and checks the site.
pub fn run(options: &Options) -> Result<Report, Error> {
    let mut report = Report::default();
    let build_failed = |report: &mut Report, error: Error| match error {
        Error::Content(diagnostics) => {
            report.ran = vec![Check::Build];
            report.findings = diagnostics
                .into_iter()
                .map(|d| Finding {
                    check: Check::Build,
                    diagnostic: d.relative_to(&options.root),
                    url: None,
                })
                .collect();
            Ok(())
        }
        other => Err(other),
    };
    let build = BuildOptions {
        root: options.root.clone(),
        ..BuildOptions::default()
    };
    let site = match Site::load(&build) {
        Ok(site) => site,
        Err(error) => {
            build_failed(&mut report, error)?;
            return Ok(report);
        }
    };
    let recording = Recording::new(&Discard);
    if let Err(error) = site.render(&recording) {
        build_failed(&mut report, error)?;
        return Ok(report);
    }
    let seen = recording.into_seen();
    let wanted = |c: Check| options.only.is_empty() || options.only.contains(&c);
    if wanted(Check::Links) {
        report.ran.push(Check::Links);
        let found = site
            .warnings
            .iter()
            .cloned()
            .chain(html_links::check(&site, &seen));
        report.findings.extend(found.map(|d| Finding {
            check: Check::Links,
            diagnostic: d.relative_to(&options.root),
            url: None,
        }));
    }
    if wanted(Check::External) {
        report.ran.push(Check::External);
        external_findings(&site, &seen, options, &mut report)?;
    }
    for check in Check::SELECTABLE.into_iter().filter(|&c| wanted(c)) {
        if let Some(found) = check.on_site(&site, &options.site) {
            report.ran.push(check);
            report.findings.extend(found.into_iter().map(|d| Finding {
                check,
                diagnostic: d.relative_to(&options.root),
                url: None,
            }));
        }
    }
    lint::report(
        &site,
        options,
        wanted(Check::A11y),
        wanted(Check::Style),
        &mut report,
    );
    Ok(report)
}

/// The external check's findings, each at the place its address was
/// written; saves the cache when anything was fetched.
fn external_findings(
    site: &Site,
    seen: &html_links::Seen,
    options: &Options,
    report: &mut Report,
) -> Result<(), Error> {
    let addresses = external::collect(seen, site.config.base_url.trim_end_matches('/'));
    let mut cache = external::cache::Cache::load(&options.root)?;
    let checked = external::check(&addresses, &mut cache, &options.external);
    if checked.fetched > 0 {
        cache.save(&options.root)?;
    }
    report.fetched = checked.fetched;
    report.extra.insert(
        Check::External,
        format!(
            "{} address{}, {} fetched",
            addresses.len(),
            if addresses.len() == 1 { "" } else { "es" },
            checked.fetched
        ),
    );
    let by_file = html_links::documents_by_file(site);
    let base = site.config.base_path();
    for (address, verdict) in addresses.iter().zip(checked.verdicts) {
        let Some(severity) = verdict.severity else {
            continue;
        };
        let url = &address.url;
        let hint = format!(
            "{}; {}",
            html_links::pages_in_words(&address.pages, &base),
            verdict.hint
        );
        let describe = |place: &str| format!("the link `{url}`{place}: {}", verdict.message);
        let mut diagnostic =
            html_links::locate(site, &by_file, &address.pages, url, describe, hint)
                .relative_to(&options.root);
        diagnostic.severity = severity;
        report.findings.push(Finding {
            check: Check::External,
            diagnostic,
            url: Some(url.clone()),
        });
    }
    Ok(())
}
