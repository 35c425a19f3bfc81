//! Which findings are allowed, and switches: `[check] disable` in
//! `site.toml` (rules that do not run), `allow = [...]` in a page's front
//! matter (the whole page) and `<!-- canteen-allow id id -->` comments
//! (their own line and the next). An id that names no rule is an error at
//! the place it is written, so a misspelt allow never hides a finding.

use std::path::Path;

use pulldown_cmark::Event;

use super::rules;
use super::{Page, check_of};
use crate::check::{Check, Finding};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::spans::{Spans, key_path};

/// The marker that starts an allow comment.
pub const MARKER: &str = "canteen-allow";

/// What one page allows.
#[derive(Debug, Default)]
pub struct Allows {
    /// From the front matter: the whole page.
    page: Vec<String>,
    /// From comments: the lines `from..=to`, and the ids.
    lines: Vec<(usize, usize, Vec<String>)>,
    /// Ids that name no rule.
    pub errors: Vec<(Check, Diagnostic)>,
}

impl Allows {
    /// The allows of `page`, and the errors in them.
    pub fn of(page: &Page<'_>) -> Allows {
        let doc = &page.doc;
        let mut allows = Allows::default();
        for (i, id) in doc.meta.allow.iter().enumerate() {
            if rules::known(id) {
                allows.page.push(id.clone());
            } else {
                let span = doc.value_span(&key_path!["allow", i]);
                allows
                    .errors
                    .push(unknown(doc.path, page.source, span.start, span.len(), id));
            }
        }
        for (event, range) in &page.events {
            let (Event::Html(html) | Event::InlineHtml(html)) = event else {
                continue;
            };
            let Some(marker) = html.find(MARKER) else {
                continue;
            };
            if !html.trim_start().starts_with("<!--") {
                continue;
            }
            let at = page.base + range.start;
            let verbatim = page.source.get(at..at + html.len()) == Some(html.as_ref());
            let rest = &html[marker + MARKER.len()..];
            let rest = rest.split("-->").next().unwrap_or(rest);
            let mut ids = Vec::new();
            let mut from = marker + MARKER.len();
            for id in rest.split([' ', ',', '\t']) {
                let start = from;
                from += id.len() + 1;
                if id.is_empty() {
                    continue;
                }
                if rules::known(id) {
                    ids.push(id.to_string());
                } else {
                    let offset = if verbatim { at + start } else { at };
                    allows
                        .errors
                        .push(unknown(doc.path, page.source, offset, id.len(), id));
                }
            }
            let line = line_of(page.source, at);
            let end = line_of(page.source, at + html.trim_end().len());
            allows.lines.push((line, end + 1, ids));
        }
        allows
    }

    /// True when a finding of `rule` on `line` is allowed.
    pub fn allows(&self, rule: &str, line: usize) -> bool {
        self.page.iter().any(|a| rules::covers(a, rule))
            || self.lines.iter().any(|(from, to, ids)| {
                (*from..=*to).contains(&line) && ids.iter().any(|a| rules::covers(a, rule))
            })
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn unknown(path: &Path, source: &str, offset: usize, len: usize, id: &str) -> (Check, Diagnostic) {
    let mut d = Diagnostic::at(
        path.to_path_buf(),
        source,
        offset,
        len,
        format!("`{id}` is not a rule of `canteen check`"),
    );
    d.hint = Some(match rules::closest(id) {
        Some(near) => format!(
            "did you mean `{near}`? The rules are listed in README.md, under `canteen check`"
        ),
        None => "the rules are listed in README.md, under `canteen check`".to_string(),
    });
    (check_of(id), d)
}

/// The rules `[check] disable` switches off; errors for ids that name no
/// rule and for a `[style] max_grade` that is not a grade.
pub fn site_switches(root: &Path, config: &Config, errors: &mut Vec<Finding>) -> Vec<String> {
    let file = Config::file(root);
    let text = crate::fs::read_to_string(&root.join(&file)).unwrap_or_default();
    let spans = Spans::toml(&text, 0);
    let mut push = |check: Check, d: Diagnostic| {
        errors.push(Finding {
            check,
            diagnostic: d,
            url: None,
        })
    };
    let mut on = Vec::new();
    for (i, id) in config.check.disable.iter().enumerate() {
        if rules::known(id) {
            on.push(id.clone());
        } else {
            let span = spans
                .value(&key_path!["check", "disable", i])
                .unwrap_or(0..0);
            let (check, d) = unknown(&file, &text, span.start, span.len(), id);
            push(check, d);
        }
    }
    let grade = config.style.max_grade;
    if !(grade.is_finite() && grade > 0.0) {
        let span = spans
            .value(&key_path!["style", "max_grade"])
            .unwrap_or(0..0);
        push(
            Check::Style,
            Diagnostic::at(
                file.clone(),
                &text,
                span.start,
                span.len(),
                format!("`max_grade` must be a reading grade above 0, not {grade}"),
            )
            .with_hint("NHS content aims at grade 9 or lower, so `max_grade = 9` is a good limit"),
        );
    }
    on
}
