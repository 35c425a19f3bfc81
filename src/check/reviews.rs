//! The `reviews` check: pages and data records of the current edition
//! whose review is overdue (a warning, or a note under `[review] overdue =
//! "note"`) or due within `--due-within` days (a note), grouped by owner
//! and oldest first, each at its `next_review` key (or `last_reviewed`,
//! when the date is that plus `[review] interval`). Earlier editions are
//! frozen and never reported. Reads the loaded site only: no HTML, no
//! network, so the dev server runs it after every rebuild.
//!
//! Impossible dates (`next_review` not after `last_reviewed`, or already
//! past on a page just reviewed) are build errors (`config::review`), not
//! findings here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::review::Review;
use crate::content::date::Date;
use crate::content::front_matter;
use crate::diagnostics::{Diagnostic, Severity};
use crate::site::Site;
use crate::spans::{Spans, key_path};

/// How the check judges "soon".
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The day the check runs.
    pub today: Date,
    /// Days ahead in which a due review is listed (`--due-within`).
    pub due_within: u32,
}

/// The default of `--due-within`.
pub const DUE_WITHIN_DAYS: u32 = 30;

impl Default for Options {
    /// Today, looking `DUE_WITHIN_DAYS` ahead.
    fn default() -> Self {
        Options {
            today: Date::today(),
            due_within: DUE_WITHIN_DAYS,
        }
    }
}

/// One page or record due, before it is worded.
struct Due {
    owner: Option<String>,
    due: Date,
    /// The date is `last_reviewed` plus the interval (no `next_review`).
    derived: bool,
    /// The file, its text and where the key is.
    file: PathBuf,
    text: std::sync::Arc<str>,
    span: std::ops::Range<usize>,
    /// "record `x` (`[[leader]]`): ", or nothing for a page.
    record: String,
    /// The page it is shown on, if it has one.
    page: Option<String>,
}

/// Every overdue or soon-due page and record, grouped by owner (owners
/// in alphabetical order, no owner last), oldest first in each group.
pub fn findings(site: &Site, options: &Options) -> Vec<Diagnostic> {
    let review = &site.config.review;
    let horizon = Date::from_days_since_epoch(
        options.today.days_since_epoch() + i64::from(options.due_within),
    );
    let listed = |due: Date| due <= horizon;
    let mut found = pages(site, review, listed);
    found.extend(records(site, review, listed));
    found.sort_by(|a, b| {
        (a.owner.is_none(), &a.owner, a.due, &a.file, a.span.start).cmp(&(
            b.owner.is_none(),
            &b.owner,
            b.due,
            &b.file,
            b.span.start,
        ))
    });
    found
        .into_iter()
        .map(|d| word(d, review, options.today))
        .collect()
}

/// The current edition's pages with review dates that fall by `listed`.
fn pages(site: &Site, review: &Review, listed: impl Fn(Date) -> bool) -> Vec<Due> {
    let base = site.config.base_path();
    let mut found = Vec::new();
    for doc in site
        .tree
        .docs
        .iter()
        .filter(|d| d.record.is_none() && d.abs.is_some())
    {
        let meta = &doc.meta;
        let Some(due) = review.next_review(meta.last_reviewed, meta.next_review) else {
            continue;
        };
        if !listed(due) {
            continue;
        }
        let derived = meta.next_review.is_none();
        let key = if derived {
            "last_reviewed"
        } else {
            "next_review"
        };
        let span = front_matter::spans(&doc.source)
            .key(&key_path![key])
            .unwrap_or(0..0);
        found.push(Due {
            owner: meta.owner.clone().or_else(|| review.owner.clone()),
            due,
            derived,
            file: doc.display_path.clone(),
            text: doc.source.clone(),
            span,
            record: String::new(),
            page: Some(format!("{base}{}", doc.url)),
        });
    }
    found
}

/// The current edition's data records (`[[table]]` entries with a
/// `last_reviewed`) that fall by `listed`. A file is read again for
/// positions only when one of its records is listed.
fn records(site: &Site, review: &Review, listed: impl Fn(Date) -> bool) -> Vec<Due> {
    let base = site.config.base_path();
    // The page each record is shown on as its own: (file, id) → address.
    let record_pages: HashMap<(&Path, &str), String> = site
        .tree
        .docs
        .iter()
        .filter_map(|doc| {
            let id = doc.record.as_ref()?.get("id")?.as_str()?;
            Some((
                (doc.display_path.as_path(), id),
                format!("{base}{}", doc.url),
            ))
        })
        .collect();
    let mut found = Vec::new();
    for file in site.data.files() {
        let Some(tables) = file.value.as_object() else {
            continue;
        };
        let mut text: Option<(std::sync::Arc<str>, Spans)> = None;
        for (table, value) in tables {
            let Some(items) = value.as_array() else {
                continue;
            };
            for (index, record) in items.iter().enumerate() {
                let date = |key: &str| record.get(key)?.as_str().and_then(Date::parse);
                let (last, next) = (date("last_reviewed"), date("next_review"));
                let Some(due) = review.next_review(last, next).filter(|&d| listed(d)) else {
                    continue;
                };
                if text.is_none() {
                    let read = crate::fs::read_to_string(&site.paths.root.join(&file.path))
                        .unwrap_or_default();
                    let spans = Spans::toml(&read, 0);
                    text = Some((read.into(), spans));
                }
                let Some((source, spans)) = &text else {
                    continue;
                };
                let derived = next.is_none();
                let key = if derived {
                    "last_reviewed"
                } else {
                    "next_review"
                };
                let span = spans
                    .key(&key_path![table, index, key])
                    .or_else(|| spans.key(&key_path![table, index]))
                    .unwrap_or(0..0);
                let id = record.get("id").and_then(serde_json::Value::as_str);
                let owner = record.get("owner").and_then(serde_json::Value::as_str);
                found.push(Due {
                    owner: owner.map(str::to_string).or_else(|| review.owner.clone()),
                    due,
                    derived,
                    file: file.path.clone(),
                    text: source.clone(),
                    span,
                    record: match id {
                        Some(id) => format!("record `{id}` (`[[{table}]]`): "),
                        None => format!("record {} of `[[{table}]]`: ", index + 1),
                    },
                    page: id.and_then(|id| record_pages.get(&(file.path.as_path(), id)).cloned()),
                });
            }
        }
    }
    found
}

/// The finding for one page or record due.
fn word(due: Due, review: &Review, today: Date) -> Diagnostic {
    let owner = match &due.owner {
        Some(owner) => format!("owner: {owner}"),
        None => "no owner".to_string(),
    };
    let derived = if due.derived {
        format!(", {} after `last_reviewed`", review.interval)
    } else {
        String::new()
    };
    let days = due.due.days_since_epoch() - today.days_since_epoch();
    let (message, what, severity) = if days < 0 {
        (
            format!(
                "{}review overdue since {}{derived} ({owner})",
                due.record,
                due.due.text()
            ),
            "review it, then set `last_reviewed` to the day you did and `next_review` to when it is next due; until then readers see a notice on it",
            review.overdue.severity(),
        )
    } else {
        let when = match days {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        (
            format!(
                "{}review due on {}, {when}{derived} ({owner})",
                due.record,
                due.due.text()
            ),
            "plan its review before then",
            Severity::Note,
        )
    };
    let mut hint = match &due.page {
        Some(page) => format!("the page `{page}`: {what}"),
        None => what.to_string(),
    };
    if due.owner.is_none() {
        hint.push_str("; say who reviews it with `owner` (or `[review] owner` in site.toml)");
    }
    let mut diagnostic =
        Diagnostic::at(due.file, &due.text, due.span.start, due.span.len(), message)
            .with_hint(hint);
    diagnostic.severity = severity;
    diagnostic
}
