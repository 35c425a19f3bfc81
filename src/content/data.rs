//! Data files (`data/*.toml`): free tables for templates, and the toolkit's
//! structured records — professional bodies and NHS leaders — checked against
//! their schema so a missing field, a malformed link or a wrong date fails the
//! build with the record and the file named.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::date::{Date, flatten_toml_datetimes};
use crate::content::walk;
use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// One data file, parsed.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    /// The file's contents as a plain tree.
    pub value: serde_json::Value,
}

/// Every data file, keyed by the name templates use (`professional_bodies`).
#[derive(Debug, Clone, Default)]
pub struct Data {
    files: BTreeMap<String, DataFile>,
}

impl Data {
    /// Loads every `*.toml` under `dir`; all errors are collected.
    pub fn load(dir: &Path, root: &Path) -> Result<Data, Error> {
        Data::load_layers(&[dir], root)
    }

    /// Loads several data folders, lowest layer first: a file of a higher
    /// layer (a trust's `local/data`) replaces the one at the same path.
    pub fn load_layers(dirs: &[&Path], root: &Path) -> Result<Data, Error> {
        let mut data = Data::default();
        let mut errors = Vec::new();
        let mut found_all: BTreeMap<String, walk::Found> = BTreeMap::new();
        for dir in dirs {
            for found in walk::walk(dir, root)? {
                found_all.insert(found.rel.clone(), found);
            }
        }
        for found in found_all.into_values() {
            if !found.rel.ends_with(".toml") {
                continue;
            }
            let path = found
                .abs
                .strip_prefix(root)
                .unwrap_or(&found.abs)
                .to_path_buf();
            let text = crate::fs::read_to_string(&found.abs)?;
            match parse_file(&path, &text) {
                Ok(value) => {
                    let key = found.rel.trim_end_matches(".toml").replace(['-', '/'], "_");
                    data.files.insert(key, DataFile { path, value });
                }
                Err(mut diagnostics) => errors.append(&mut diagnostics),
            }
        }
        if errors.is_empty() {
            Ok(data)
        } else {
            Err(Error::Content(errors))
        }
    }

    /// All files as one map, for templates.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.files
                .iter()
                .map(|(k, f)| (k.clone(), f.value.clone()))
                .collect(),
        )
    }

    /// The records of a collection: the first array of tables in the file.
    pub fn records(&self, name: &str) -> Option<(&DataFile, &Vec<serde_json::Value>)> {
        let file = self.files.get(&name.replace('-', "_"))?;
        let records = file
            .value
            .as_object()?
            .values()
            .find_map(serde_json::Value::as_array)?;
        Some((file, records))
    }

    /// Names of all collections, for "did you mean" hints.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Parses one data file and checks it against its schema, if it has one.
pub fn parse_file(path: &Path, text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let mut value: serde_json::Value =
        toml::from_str(text).map_err(|e| vec![crate::config::toml_diagnostic(path, text, &e)])?;
    flatten_toml_datetimes(&mut value);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.as_str() {
        "professional-bodies" => {
            check::<ProfessionalBodies>(path, text, "body", ProfessionalBodies::validate)?
        }
        "leaders" => check::<Leaders>(path, text, "leader", Leaders::validate)?,
        _ => {}
    }
    Ok(value)
}

/// A problem with one field of one record, found after parsing.
struct FieldProblem {
    record: usize,
    field: &'static str,
    message: String,
}

fn check<T: for<'de> Deserialize<'de>>(
    path: &Path,
    text: &str,
    table: &str,
    validate: fn(&T) -> Vec<FieldProblem>,
) -> Result<(), Vec<Diagnostic>> {
    let headers = record_headers(text, table);
    let parsed: T = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let record = headers.iter().rposition(|&h| h <= span.start);
        let mut message = e.message().trim().to_string();
        if let Some(index) = record {
            message = format!(
                "{}: {message}",
                describe_record(text, &headers, index, table)
            );
        }
        vec![Diagnostic::at(
            path.to_path_buf(),
            text,
            span.start,
            span.len(),
            message,
        )]
    })?;
    let problems = validate(&parsed);
    if problems.is_empty() {
        return Ok(());
    }
    Err(problems
        .into_iter()
        .map(|p| {
            let start = headers.get(p.record).copied().unwrap_or(0);
            let end = headers.get(p.record + 1).copied().unwrap_or(text.len());
            let offset = find_key(&text[start..end], p.field).map_or(start, |i| start + i);
            let what = describe_record(text, &headers, p.record, table);
            Diagnostic::at(
                path.to_path_buf(),
                text,
                offset,
                p.field.len(),
                format!("{what}: {}", p.message),
            )
        })
        .collect())
}

/// Byte offsets of each `[[table]]` header.
fn record_headers(text: &str, table: &str) -> Vec<usize> {
    let header = format!("[[{table}]]");
    let mut offsets = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == header {
            offsets.push(offset);
        }
        offset += line.len();
    }
    offsets
}

fn find_key(record: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in record.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// "record `bma` (the 1st `[[body]]`)", naming the record by its id when it has one.
fn describe_record(text: &str, headers: &[usize], index: usize, table: &str) -> String {
    let start = headers[index];
    let end = headers.get(index + 1).copied().unwrap_or(text.len());
    let id = text[start..end].lines().find_map(|line| {
        let rest = line
            .trim()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?;
        Some(rest.trim().trim_matches('"').to_string())
    });
    let nth = index + 1;
    let suffix = match nth % 10 {
        1 if nth % 100 != 11 => "st",
        2 if nth % 100 != 12 => "nd",
        3 if nth % 100 != 13 => "rd",
        _ => "th",
    };
    match id {
        Some(id) => format!("record `{id}` (the {nth}{suffix} `[[{table}]]`)"),
        None => format!("the {nth}{suffix} `[[{table}]]` record"),
    }
}

/// `data/professional-bodies.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfessionalBodies {
    body: Vec<ProfessionalBody>,
}

/// A professional body's social media guidance.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "serde checks these fields; templates read them from the raw data"
)]
struct ProfessionalBody {
    id: String,
    name: String,
    abbreviation: String,
    title: String,
    covers: String,
    url: String,
    pdf: bool,
    verified: bool,
    last_reviewed: Date,
}

impl ProfessionalBodies {
    fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for (record, body) in self.body.iter().enumerate() {
            check_id(&body.id, record, &mut ids, &mut problems);
            check_url(&body.url, "url", record, &mut problems);
            for (field, value) in [
                ("name", &body.name),
                ("abbreviation", &body.abbreviation),
                ("title", &body.title),
                ("covers", &body.covers),
            ] {
                check_text(value, field, record, &mut problems);
            }
            if body.pdf != body.url.to_ascii_lowercase().ends_with(".pdf") {
                let message = if body.pdf {
                    "`pdf = true` but the link does not end in `.pdf`"
                } else {
                    "the link ends in `.pdf`: set `pdf = true` so readers are told it is a PDF"
                };
                problems.push(FieldProblem {
                    record,
                    field: "pdf",
                    message: message.into(),
                });
            }
        }
        problems
    }
}

/// `data/leaders.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Leaders {
    leader: Vec<Leader>,
}

/// An NHS leader who uses social media, as described at a given date.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "serde checks these fields; templates read them from the raw data"
)]
struct Leader {
    id: String,
    name: String,
    role: String,
    organisation: String,
    as_of: Date,
    platform: String,
    handle: String,
    account_url: String,
    summary: String,
    last_reviewed: Date,
    next_review: Date,
}

impl Leaders {
    fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for (record, leader) in self.leader.iter().enumerate() {
            check_id(&leader.id, record, &mut ids, &mut problems);
            check_url(&leader.account_url, "account_url", record, &mut problems);
            for (field, value) in [
                ("name", &leader.name),
                ("role", &leader.role),
                ("organisation", &leader.organisation),
                ("platform", &leader.platform),
                ("handle", &leader.handle),
                ("summary", &leader.summary),
            ] {
                check_text(value, field, record, &mut problems);
            }
            if leader.next_review <= leader.last_reviewed {
                problems.push(FieldProblem {
                    record,
                    field: "next_review",
                    message: "`next_review` must be after `last_reviewed`".into(),
                });
            }
        }
        problems
    }
}

fn check_id(id: &str, record: usize, seen: &mut HashSet<String>, problems: &mut Vec<FieldProblem>) {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        problems.push(FieldProblem {
            record,
            field: "id",
            message: format!("`id` must be lowercase letters, digits and hyphens, not `{id}`"),
        });
    } else if !seen.insert(id.to_string()) {
        problems.push(FieldProblem {
            record,
            field: "id",
            message: format!("`id` `{id}` is used by an earlier record"),
        });
    }
}

fn check_text(value: &str, field: &'static str, record: usize, problems: &mut Vec<FieldProblem>) {
    if value.trim().is_empty() {
        problems.push(FieldProblem {
            record,
            field,
            message: format!("`{field}` is empty"),
        });
    }
}

/// A link must be an absolute `https://` address with a host and no spaces.
fn check_url(url: &str, field: &'static str, record: usize, problems: &mut Vec<FieldProblem>) {
    if !is_web_address(url) {
        problems.push(FieldProblem {
            record,
            field,
            message: format!(
                "`{field}` is not a full web address starting with https:// (found `{url}`)"
            ),
        });
    }
}

/// True for `https://host.tld/...` with no spaces.
pub fn is_web_address(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !url.contains(char::is_whitespace)
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses() {
        assert!(is_web_address("https://www.gmc-uk.org/guidance"));
        for bad in [
            "#",
            "http://example.org",
            "https://",
            "https://nodot/x",
            "https://a.org/with space",
            "www.bma.org.uk",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }
}
