//! `links.toml`: what `canteen check` last learned about each external
//! address, committed with the site so a second run (and a trust's CI) is
//! instant and works offline. One table per address, sorted, dates as
//! `YYYY-MM-DD`, so a change reads as a small diff.
//!
//! Never holds a result that was not fetched: an address never checked is
//! simply absent.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::date::Date;
use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// The cache file's name, at the site root.
pub const FILE: &str = "links.toml";

const HEADER: &str = "# External links as `canteen check` last found them. Written by\n# `canteen check`; commit it, so later checks (and CI) can use it offline.\n\n";

/// What was found at one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `ok`, `moved` (works, after a permanent redirect), `broken` (an
    /// HTTP error status) or `failed` (no answer: timeout, refused, DNS,
    /// TLS, a redirect loop).
    pub status: String,
    /// The last HTTP status code, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    /// Where a permanent redirect leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// Why it failed, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// When it was last checked (`YYYY-MM-DD`).
    pub checked: String,
    /// When it last worked (`YYYY-MM-DD`), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ok: Option<String>,
}

impl Entry {
    /// True when the address worked when last checked.
    pub fn works(&self) -> bool {
        self.status == "ok" || self.status == "moved"
    }

    /// `checked` as a date.
    pub fn checked_on(&self) -> Option<Date> {
        Date::parse(&self.checked)
    }

    /// `last_ok` as a date.
    pub fn last_ok_on(&self) -> Option<Date> {
        self.last_ok.as_deref().and_then(Date::parse)
    }
}

/// Every address checked, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cache {
    /// Address → what was found.
    pub entries: BTreeMap<String, Entry>,
}

impl Cache {
    /// Reads the cache of the site at `root`; empty when there is none.
    pub fn load(root: &Path) -> Result<Cache, Error> {
        let path = root.join(FILE);
        if !path.is_file() {
            return Ok(Cache::default());
        }
        let text = crate::fs::read_to_string(&path)?;
        Cache::parse(&text).map_err(|d| Error::Content(vec![d]))
    }

    /// Parses the cache's text.
    pub fn parse(text: &str) -> Result<Cache, Diagnostic> {
        let entries: BTreeMap<String, Entry> = toml::from_str(text).map_err(|e| {
            crate::diagnostics::from_toml(Path::new(FILE), text, &e, &[])
                .with_hint("fix the entry or delete it; `canteen check` checks the address again")
        })?;
        Ok(Cache { entries })
    }

    /// The cache's text: a header, then one table per address, sorted.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(&self.entries).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    /// What templates see as `links`: per address its `status`, `code`,
    /// `moved_to`, and `checked` and `last_ok` as `{iso, text}` dates
    /// (`last_ok` none when it never worked).
    pub fn template_value(&self) -> serde_json::Value {
        let date = |d: Option<Date>| {
            d.map_or(
                serde_json::Value::Null,
                |d| serde_json::json!({ "iso": d.iso(), "text": d.text() }),
            )
        };
        serde_json::Value::Object(
            self.entries
                .iter()
                .map(|(url, e)| {
                    let value = serde_json::json!({
                        "status": e.status,
                        "code": e.code,
                        "moved_to": e.moved_to,
                        "checked": date(e.checked_on()),
                        "last_ok": date(e.last_ok_on()),
                    });
                    (url.clone(), value)
                })
                .collect(),
        )
    }

    /// Writes the cache of the site at `root`.
    pub fn save(&self, root: &Path) -> Result<(), Error> {
        crate::fs::write(&root.join(FILE), self.to_text())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_sorted_and_reads_back() {
        let mut cache = Cache::default();
        for (url, status) in [
            ("https://b.example/", "broken"),
            ("https://a.example/", "ok"),
        ] {
            cache.entries.insert(
                url.into(),
                Entry {
                    status: status.into(),
                    code: Some(if status == "ok" { 200 } else { 404 }),
                    moved_to: None,
                    error: None,
                    checked: "2026-11-03".into(),
                    last_ok: (status == "ok").then(|| "2026-11-03".into()),
                },
            );
        }
        let text = cache.to_text();
        assert!(
            text.ends_with("[\"https://a.example/\"]\nstatus = \"ok\"\ncode = 200\nchecked = \"2026-11-03\"\nlast_ok = \"2026-11-03\"\n\n[\"https://b.example/\"]\nstatus = \"broken\"\ncode = 404\nchecked = \"2026-11-03\"\n"),
            "{text}"
        );
        assert_eq!(Cache::parse(&text), Ok(cache));
    }
}
