//! Data files (`data/*.toml`): free tables for templates, and the toolkit's
//! structured records — professional bodies and NHS leaders — checked against
//! their schema so a missing field, a malformed link or a wrong date fails the
//! build with the record and the file named.

use super::language::LanguageFiles;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::records::{FieldProblem, Leaders, ProfessionalBodies};
use crate::content::date::flatten_toml_datetimes;
use crate::content::walk;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::nul;
use crate::spans::{Spans, key_path};

/// One data file, parsed.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    /// The file's contents as a plain tree.
    pub value: serde_json::Value,
}

/// Every data file, keyed by the name templates use (`professional_bodies`).
///
/// A file with errors is left out and its errors kept, so the content
/// still loads with every collection that is fine and a `pages_from`
/// naming the broken one adds nothing to the file's own error.
#[derive(Debug, Clone, Default)]
pub struct Data {
    files: BTreeMap<String, DataFile>,
    /// Collections whose file has errors, with the errors.
    failed: BTreeMap<String, Vec<Diagnostic>>,
}

impl Data {
    /// Loads every `*.toml` under `dir`; only reading a file can fail here
    /// (a file's own errors are kept for `check`).
    pub fn load(dir: &Path, root: &Path) -> Result<Data, Error> {
        Data::load_layers(&[dir], root)
    }

    /// Loads several data folders, lowest layer first: a file of a higher
    /// layer (a trust's `local/data`) replaces the one at the same path.
    pub fn load_layers(dirs: &[&Path], root: &Path) -> Result<Data, Error> {
        Data::load_language(dirs, root, None)
    }

    /// Loads like `load_layers`, for one language of a site with
    /// `[languages]` (`files`): the default language leaves out every
    /// `x.<code>.toml`; a translation takes `x.cy.toml` in place of
    /// `x.toml`, and in every record a field `name_cy` replaces `name`
    /// (`summary_cy` replaces `summary`, and so on).
    pub fn load_language(
        dirs: &[&Path],
        root: &Path,
        files: Option<&LanguageFiles>,
    ) -> Result<Data, Error> {
        let mut data = Data::default();
        let mut found_all: BTreeMap<String, walk::Found> = BTreeMap::new();
        let mut translated: BTreeMap<String, walk::Found> = BTreeMap::new();
        for dir in dirs {
            for mut found in walk::walk(dir, root)? {
                let coded = files.and_then(|f| {
                    let (stem, code) = found.rel.strip_suffix(".toml")?.rsplit_once('.')?;
                    f.codes.iter().any(|c| c == code).then(|| {
                        (
                            format!("{stem}.toml"),
                            code == f.own.as_deref().unwrap_or(""),
                        )
                    })
                });
                match coded {
                    None => {
                        found_all.insert(found.rel.clone(), found);
                    }
                    Some((plain, true)) => {
                        found.rel = plain;
                        translated.insert(found.rel.clone(), found);
                    }
                    Some((_, false)) => {}
                }
            }
        }
        found_all.extend(translated);
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
            let key = found.rel.trim_end_matches(".toml").replace(['-', '/'], "_");
            match parse_file(&path, &text) {
                Ok(mut value) => {
                    if let Some(code) = files.and_then(|f| f.own.as_deref()) {
                        use_translated_fields(&mut value, &format!("_{code}"));
                    }
                    data.files.insert(key, DataFile { path, value });
                }
                Err(diagnostics) => {
                    data.failed.insert(key, diagnostics);
                }
            }
        }
        Ok(data)
    }

    /// The data, when every file loaded; else every file's errors.
    pub fn checked(self) -> Result<Data, Error> {
        self.check().map(|()| self)
    }

    /// The errors of every data file that has some, together.
    pub fn check(&self) -> Result<(), Error> {
        let errors: Vec<Diagnostic> = self.failed.values().flatten().cloned().collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Content(errors))
        }
    }

    /// True when the collection's file exists but has errors (reported
    /// by `check`).
    pub fn failed(&self, name: &str) -> bool {
        self.failed.contains_key(&name.replace('-', "_"))
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

    /// Every file that parsed.
    pub fn files(&self) -> impl Iterator<Item = &DataFile> {
        self.files.values()
    }

    /// Names of all collections, for "did you mean" hints.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// In every table of `value`, a field `<key><suffix>` (`name_cy`) replaces
/// `<key>`: a record's text in a translation's language.
fn use_translated_fields(value: &mut serde_json::Value, suffix: &str) {
    match value {
        serde_json::Value::Object(map) => {
            let translated: Vec<(String, serde_json::Value)> = map
                .iter()
                .filter_map(|(k, v)| Some((k.strip_suffix(suffix)?.to_string(), v.clone())))
                .filter(|(k, _)| !k.is_empty())
                .collect();
            for (key, text) in translated {
                map.insert(key, text);
            }
            map.values_mut()
                .for_each(|v| use_translated_fields(v, suffix));
        }
        serde_json::Value::Array(items) => {
            items
                .iter_mut()
                .for_each(|v| use_translated_fields(v, suffix));
        }
        _ => {}
    }
}

/// Parses one data file and checks it against its schema, if it has one.
pub fn parse_file(path: &Path, text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    if let Some(d) = nul::in_source(path, text) {
        return Err(vec![d]);
    }
    let mut value: serde_json::Value = toml::from_str(text)
        .map_err(|e| vec![crate::diagnostics::from_toml(path, text, &e, &[])])?;
    flatten_toml_datetimes(&mut value);
    if let Some(at) = nul::find(&value) {
        let span = nul::locate(&Spans::toml(text, 0), &at);
        return Err(vec![nul::in_value(path, text, span)]);
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A translation's file (`leaders.cy.toml`) has its collection's schema.
    let stem = stem.split('.').next().unwrap_or_default().to_string();
    let records = |table| Records {
        path,
        text,
        value: &value,
        table,
        spans: OnceCell::new(),
    };
    match stem.as_str() {
        "professional-bodies" => records("body").check(ProfessionalBodies::validate)?,
        "leaders" => records("leader").check(Leaders::validate)?,
        _ => {}
    }
    Ok(value)
}

/// The `[[table]]` records of one data file, for messages that name a
/// record and point into it. Where a record starts and where its keys
/// are comes from the TOML parser's spans, never from matching lines: a
/// header may carry a comment (`[[leader]] # Jo`) or spaces.
struct Records<'a> {
    path: &'a Path,
    text: &'a str,
    /// The whole file, parsed.
    value: &'a serde_json::Value,
    table: &'a str,
    /// Parsed only when a problem needs a position.
    spans: OnceCell<Spans>,
}

impl Records<'_> {
    fn spans(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::toml(self.text, 0))
    }

    /// Parses the file as `T` and runs `validate`; every problem names
    /// its record.
    fn check<T: for<'de> Deserialize<'de>>(
        &self,
        validate: fn(&T) -> Vec<FieldProblem>,
    ) -> Result<(), Vec<Diagnostic>> {
        let parsed: T = toml::from_str(self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let mut message = e.message().trim().to_string();
            if let Some(record) = self.containing(span.start) {
                message = format!("{}: {message}", self.describe(record));
            }
            vec![self.at(span, message)]
        })?;
        let problems = validate(&parsed);
        if problems.is_empty() {
            return Ok(());
        }
        Err(problems
            .into_iter()
            .map(|p| {
                let span = self
                    .spans()
                    .key(&key_path![self.table, p.record, p.field])
                    .or_else(|| self.spans().key(&key_path![self.table, p.record]))
                    .unwrap_or(0..0);
                let message = format!("{}: {}", self.describe(p.record), p.message);
                self.at(span, message)
            })
            .collect())
    }

    fn at(&self, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic::at(
            self.path.to_path_buf(),
            self.text,
            span.start,
            span.len(),
            message,
        )
    }

    fn count(&self) -> usize {
        self.value
            .get(self.table)
            .and_then(serde_json::Value::as_array)
            .map_or(0, Vec::len)
    }

    /// The record whose part of the file holds byte `offset`: the last
    /// one whose header starts at or before it.
    fn containing(&self, offset: usize) -> Option<usize> {
        (0..self.count()).rev().find(|&i| {
            self.spans()
                .key(&key_path![self.table, i])
                .is_some_and(|header| header.start <= offset)
        })
    }

    /// "record `bma` (the 1st `[[body]]`)", naming the record by its id
    /// when it has one.
    fn describe(&self, index: usize) -> String {
        let table = self.table;
        let id = self
            .value
            .get(table)
            .and_then(|records| records.get(index))
            .and_then(|record| record.get("id"))
            .and_then(serde_json::Value::as_str);
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
}
