//! External links: every `http(s)` address in the built HTML (so in
//! content, data records, templates and `[brand]`, wherever a reader meets
//! it) checked concurrently and politely (`fetch.rs`, `hosts.rs`), the
//! results kept in `links.toml` (`cache.rs`).
//!
//! An address checked within `max_age` days is not fetched again; with
//! `offline` nothing is fetched. An address never checked is a note,
//! never a pass or a failure: canteen does not claim what it did not see.
//! A failure of an address that worked within `max_age` days is a
//! warning (a flaky host must not fail a trust's CI).

pub use crate::content::link_cache as cache;
pub mod fetch;
pub mod hosts;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use cache::{Cache, Entry};
use fetch::{Outcome, Settings};
use hosts::Hosts;

use crate::content::date::Date;
use crate::diagnostics::Severity;
use crate::site::html_links::Seen;

/// How to check external links.
#[derive(Debug, Clone)]
pub struct Options {
    /// Use only the cache.
    pub offline: bool,
    /// Days a cached result stays fresh (not fetched again).
    pub max_age_days: i64,
    /// Timeouts, retries, politeness.
    pub settings: Settings,
    /// The date results are recorded under.
    pub today: Date,
}

/// An external address and the output files of the pages it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// As written (without its `#fragment`).
    pub url: String,
    /// Pages it is on, sorted.
    pub pages: Vec<String>,
}

/// Every `http(s)` address in the HTML `seen`, but the site's own
/// (`base_url`), sorted.
pub fn collect(seen: &Seen, own: &str) -> Vec<Address> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (page, scan) in &seen.pages {
        for link in &scan.links {
            let url = link.value.trim();
            let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                continue;
            }
            let url = url.split('#').next().unwrap_or(url);
            if !own.is_empty() && url.starts_with(own) {
                continue;
            }
            let pages = found.entry(url.to_string()).or_default();
            if pages.last() != Some(page) {
                pages.push(page.clone());
            }
        }
    }
    found
        .into_iter()
        .map(|(url, mut pages)| {
            pages.sort();
            pages.dedup();
            Address { url, pages }
        })
        .collect()
}

/// What an address came to, for a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Error, warning or note (`None` when it works).
    pub severity: Option<Severity>,
    /// What to say.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// The result of checking: a verdict per address, and how many requests
/// were made (0 on a run answered from the cache).
#[derive(Debug)]
pub struct Checked {
    /// Per address, in the order given.
    pub verdicts: Vec<Verdict>,
    /// Addresses fetched now.
    pub fetched: usize,
}

/// True when `entry` is recent enough to stand without fetching again.
fn fresh(entry: &Entry, options: &Options) -> bool {
    entry.checked_on().is_some_and(|d| {
        options.today.days_since_epoch() - d.days_since_epoch() < options.max_age_days
    })
}

/// Checks `addresses`, fetching what the cache does not answer (unless
/// offline), and records what was fetched in `cache`.
pub fn check(addresses: &[Address], cache: &mut Cache, options: &Options) -> Checked {
    let to_fetch: Vec<&str> = if options.offline {
        Vec::new()
    } else {
        addresses
            .iter()
            .filter(|a| !cache.entries.get(&a.url).is_some_and(|e| fresh(e, options)))
            .map(|a| a.url.as_str())
            .collect()
    };
    let outcomes = fetch_all(&to_fetch, &options.settings);
    let today = options.today.iso();
    for (url, outcome) in to_fetch.iter().zip(outcomes) {
        let old_ok = cache.entries.get(*url).and_then(|e| e.last_ok.clone());
        cache
            .entries
            .insert((*url).to_string(), entry(outcome, &today, old_ok));
    }
    let verdicts = addresses
        .iter()
        .map(|a| verdict(cache.entries.get(&a.url), options))
        .collect();
    Checked {
        verdicts,
        fetched: to_fetch.len(),
    }
}

/// Fetches every address in `urls`, `settings.workers` at a time.
fn fetch_all(urls: &[&str], settings: &Settings) -> Vec<Outcome> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent = fetch::agent(settings);
    let hosts = Hosts::new(settings.per_host, settings.gap);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..settings.workers.clamp(1, urls.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let outcome = fetch::check(&agent, url, settings, &hosts);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(outcome);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Failed("not checked: a worker stopped".into())))
        .collect()
}

/// The cache entry for an outcome found `today`.
fn entry(outcome: Outcome, today: &str, old_ok: Option<String>) -> Entry {
    let blank = Entry {
        status: String::new(),
        code: None,
        moved_to: None,
        error: None,
        checked: today.to_string(),
        last_ok: old_ok,
    };
    match outcome {
        Outcome::Works { code, moved_to } => Entry {
            status: if moved_to.is_some() { "moved" } else { "ok" }.into(),
            code: Some(code),
            moved_to,
            last_ok: Some(today.to_string()),
            ..blank
        },
        Outcome::Broken { code } => Entry {
            status: "broken".into(),
            code: Some(code),
            ..blank
        },
        Outcome::Failed(why) => Entry {
            status: "failed".into(),
            error: Some(why),
            ..blank
        },
    }
}

/// What to say about an address, from its cache entry.
fn verdict(entry: Option<&Entry>, options: &Options) -> Verdict {
    let Some(entry) = entry else {
        return Verdict {
            severity: Some(Severity::Note),
            message: "never checked: there is no result for this address in `links.toml`".into(),
            hint: "run `canteen check --only external` with a network connection and commit `links.toml`".into(),
        };
    };
    let shown = |d: &str| Date::parse(d).map_or_else(|| d.to_string(), |d| d.text());
    if entry.status == "ok" {
        return Verdict {
            severity: None,
            message: String::new(),
            hint: String::new(),
        };
    }
    if entry.status == "moved" {
        let to = entry.moved_to.clone().unwrap_or_default();
        return Verdict {
            severity: Some(Severity::Warning),
            message: format!("moved permanently to `{to}`"),
            hint: format!("link to `{to}` instead"),
        };
    }
    let what = match (&entry.status[..], entry.code, &entry.error) {
        ("broken", Some(code), _) => status_words(code),
        (_, _, Some(error)) => error.clone(),
        _ => "failed".to_string(),
    };
    let checked = shown(&entry.checked);
    let worked_lately = entry.last_ok_on().is_some_and(|d| {
        options.today.days_since_epoch() - d.days_since_epoch() < options.max_age_days
    });
    match entry.last_ok.as_deref() {
        Some(ok) if worked_lately => Verdict {
            severity: Some(Severity::Warning),
            message: format!("{what} (checked {checked}), but it worked on {}", shown(ok)),
            hint: "probably a flaky host; if it keeps failing, find the page's new address".into(),
        },
        _ => Verdict {
            severity: Some(Severity::Error),
            message: format!("{what} (checked {checked})"),
            hint: "find the page's new address, or remove the link".into(),
        },
    }
}

/// An HTTP error status in words.
fn status_words(code: u16) -> String {
    let reason = match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found: the page does not exist",
        410 => "Gone: the page was removed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "error",
    };
    format!("HTTP {code} {reason}")
}
