//! The content lint behind `canteen check`'s `a11y` and `style` checks:
//! each Markdown page parsed once (pulldown-cmark events with offsets),
//! its prose read once (`prose.rs`), the rules of `a11y/` and `style/`
//! run over them, and every finding put at its file:line:column.
//!
//! Allows (`allow.rs`): a rule switched off for the site (`[check]
//! disable`) does not run; a finding allowed in the page's front matter
//! (`allow = [...]`) or by a `<!-- canteen-allow id -->` comment on its
//! line or the line before is kept aside, reported only in the summary's
//! count and in `--format json` (`"allowed": true`). Style applies to the
//! current edition only (earlier ones are frozen history); accessibility
//! to every edition, since readers still read them.

pub mod allow;
pub mod prose;
pub mod rules;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;

use super::{Check, Finding};
use crate::config::Config;
use crate::content::Document;
use crate::content::front_matter::{self, FrontMatter};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// A Markdown file as the lint reads it: a document of the site, or any
/// text (`lint_markdown`).
pub struct Source<'a> {
    /// The file, as messages name it.
    pub path: &'a Path,
    /// The whole file.
    pub source: &'a str,
    /// Where the Markdown body starts.
    pub body_offset: usize,
    /// Its front matter.
    pub meta: &'a FrontMatter,
    /// The page's title.
    pub title: &'a str,
    /// True when the first `# heading` is the title.
    pub title_from_heading: bool,
}

impl<'a> Source<'a> {
    /// The source of a document.
    pub fn of(doc: &'a Document) -> Source<'a> {
        Source {
            path: &doc.display_path,
            source: &doc.source,
            body_offset: doc.body_offset,
            meta: &doc.meta,
            title: &doc.title,
            title_from_heading: doc.title_from_heading,
        }
    }

    /// Where a front matter value is, in the file (`0..0` when nowhere).
    pub fn value_span(&self, path: &[crate::spans::Step<'_>]) -> Range<usize> {
        crate::content::front_matter::spans(self.source)
            .value(path)
            .unwrap_or(0..0)
    }
}

/// One page as the rules read it.
pub struct Page<'a> {
    /// The file.
    pub doc: Source<'a>,
    /// The whole file.
    pub source: &'a str,
    /// The Markdown's events, with byte ranges in the body.
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// Where the body starts in the file.
    pub base: usize,
    /// The prose blocks.
    pub blocks: Vec<prose::Block>,
}

/// What a rule found: where (in the file), what is wrong, what to do.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The rule's id.
    pub rule: &'static str,
    /// Byte offset in the file.
    pub offset: usize,
    /// Bytes to underline.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Hit {
    /// A hit of `rule` at `offset`.
    pub fn new(
        rule: &'static str,
        offset: usize,
        len: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Hit {
        Hit {
            rule,
            offset,
            len,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// What the lint found: findings that count, and those allowed.
#[derive(Debug, Default)]
pub struct Lint {
    /// Findings that count (and errors in allows themselves).
    pub findings: Vec<Finding>,
    /// Findings allowed by the page or a comment.
    pub allowed: Vec<Finding>,
    /// Each graded page of the current edition and its reading grade.
    pub grades: Vec<(std::path::PathBuf, f64)>,
}

/// Lints every page: `a11y` in every edition, `style` in the current one.
pub fn run(site: &Site, root: &Path, a11y: bool, style: bool) -> Lint {
    let mut lint = Lint::default();
    let disabled = allow::site_switches(root, &site.config, &mut lint.findings);
    let on = |id: &str| !disabled.iter().any(|d| rules::covers(d, id));
    let mut jobs = Vec::new();
    for view in site.views() {
        for doc in &view.tree.docs {
            if doc.abs.is_some() && doc.record.is_none() {
                jobs.push((doc, view.current));
            }
        }
    }
    let results: Vec<Lint> = jobs
        .par_iter()
        .map(|(doc, current)| {
            let style = style && *current;
            let check = |id: &str| on(id) && (if id.starts_with("a11y.") { a11y } else { style });
            page(Source::of(doc), &site.config, &check, root)
        })
        .collect();
    for result in results {
        lint.findings.extend(result.findings);
        lint.allowed.extend(result.allowed);
        lint.grades.extend(result.grades);
    }
    lint
}

/// The rule id of a lint finding (its message ends `(a11y.alt-text)`).
pub fn rule_of(finding: &Finding) -> Option<&'static str> {
    if !matches!(finding.check, Check::A11y | Check::Style) {
        return None;
    }
    let id = finding
        .diagnostic
        .message
        .rsplit_once(" (")?
        .1
        .strip_suffix(')')?;
    rules::find(id).map(|r| r.id)
}

/// The check a rule belongs to.
pub fn check_of(rule: &str) -> Check {
    if rule.starts_with("a11y") {
        Check::A11y
    } else {
        Check::Style
    }
}

/// Lints one page with the rules `on` lets run.
fn page(doc: Source<'_>, config: &Config, on: &dyn Fn(&str) -> bool, root: &Path) -> Lint {
    let source: &str = doc.source;
    let base = doc.body_offset;
    let path = doc.path;
    let events: Vec<_> = Parser::new_ext(
        &source[base..],
        crate::markdown::parser_options(&config.markdown),
    )
    .into_offset_iter()
    .collect();
    let blocks = prose::blocks(&events, source, base);
    let page = Page {
        doc,
        source,
        events,
        base,
        blocks,
    };
    // Each block's words, split once for every word rule.
    let words: Vec<Vec<prose::Word<'_>>> =
        page.blocks.iter().map(|b| prose::words(&b.text)).collect();
    let mut hits = Vec::new();
    let mut lint = Lint::default();
    if rules::RULES
        .iter()
        .any(|r| r.id.starts_with("a11y.") && on(r.id))
    {
        super::a11y::check(&page, &words, &mut hits);
    }
    let style = rules::RULES
        .iter()
        .any(|r| r.id.starts_with("style.") && on(r.id));
    if let Some(grade) = style
        .then(|| super::style::check(&page, &words, &config.style, &mut hits))
        .flatten()
    {
        lint.grades.push((path.to_path_buf(), grade));
    }
    hits.sort_by_key(|h| h.offset);
    let allows = allow::Allows::of(&page);
    for (check, error) in &allows.errors {
        lint.findings.push(Finding {
            check: *check,
            diagnostic: error.clone().relative_to(root),
            url: None,
        });
    }
    for hit in hits.into_iter().filter(|h| on(h.rule)) {
        let Some(rule) = rules::find(hit.rule) else {
            continue;
        };
        let mut diagnostic = Diagnostic::at(
            path.to_path_buf(),
            source,
            hit.offset,
            hit.len,
            format!("{} ({})", hit.message, hit.rule),
        )
        .with_hint(hit.hint);
        diagnostic.severity = rule.severity;
        let allowed = allows.allows(hit.rule, diagnostic.line);
        let finding = Finding {
            check: check_of(hit.rule),
            diagnostic: diagnostic.relative_to(root),
            url: None,
        };
        if allowed {
            lint.allowed.push(finding);
        } else {
            lint.findings.push(finding);
        }
    }
    lint
}

/// Runs the lint checks wanted and adds what they found to `report`.
pub fn report(
    site: &Site,
    options: &super::Options,
    a11y: bool,
    style: bool,
    report: &mut super::Report,
) {
    if !(a11y || style) {
        return;
    }
    let lint = run(site, &options.root, a11y, style);
    for (check, on) in [(Check::A11y, a11y), (Check::Style, style)] {
        if on {
            report.ran.push(check);
        }
    }
    if style && !lint.grades.is_empty() {
        let mean = lint.grades.iter().map(|g| g.1).sum::<f64>() / lint.grades.len() as f64;
        let (file, worst) = lint
            .grades
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(f, g)| (f.display().to_string(), *g))
            .unwrap_or_default();
        report.extra.insert(
            Check::Style,
            format!(
                "reading grade {mean:.1} on average over {} page{}, hardest {file} at {worst:.1}",
                lint.grades.len(),
                if lint.grades.len() == 1 { "" } else { "s" }
            ),
        );
    }
    report.findings.extend(lint.findings);
    report.allowed.extend(lint.allowed);
}

/// Every finding of both lint checks in one Markdown file's text, allowed
/// ones left out: for tests and tools that have no site. A file whose
/// front matter does not parse has none (the build reports it).
pub fn lint_markdown(path: &Path, text: &str, config: &Config) -> Vec<Diagnostic> {
    let Ok(split) = front_matter::split(path, text) else {
        return Vec::new();
    };
    let Ok(meta) = front_matter::parse(path, text, &split, false) else {
        return Vec::new();
    };
    let title = meta.title.clone().unwrap_or_default();
    let doc = Source {
        path,
        source: text,
        body_offset: split.body_offset,
        meta: &meta,
        title: &title,
        title_from_heading: meta.title.is_none(),
    };
    let lint = page(doc, config, &|_| true, Path::new(""));
    lint.findings.into_iter().map(|f| f.diagnostic).collect()
}
