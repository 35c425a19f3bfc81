//! NUL characters (byte 0): never part of a web page, so one in a source
//! file, or in a string parsed from front matter, `site.toml` or a data
//! file (written as an escape such as `"\u0000"`), is an error at its
//! position rather than a byte copied into the HTML.
//!
//! Raw bytes are found in the text as it is read; escapes only show in
//! the parsed values, so those are walked after deserialising and located
//! with `spans`. This module finds and reports; it never repairs text.

use std::ops::Range;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::spans::{Spans, Step};

const RAW_HINT: &str = "delete it: a NUL character cannot be shown on a web page (it usually comes from pasting out of another program)";
const ESCAPE_HINT: &str = "remove the escape that writes it (`\\u0000`, `\\0` or `\\x00`): a NUL character cannot be shown on a web page";

/// An error at the first raw NUL byte of `source`, the text of `file`.
pub fn in_source(file: &Path, source: &str) -> Option<Diagnostic> {
    let offset = memchr::memchr(0, source.as_bytes())?;
    Some(
        Diagnostic::at(
            file.to_path_buf(),
            source,
            offset,
            1,
            "this file contains a NUL character (byte 0)",
        )
        .with_hint(RAW_HINT),
    )
}

/// An error at `span` of `source` (the text of `file`), a parsed string
/// that holds a NUL character.
pub fn in_value(file: &Path, source: &str, span: Option<Range<usize>>) -> Diagnostic {
    let span = span.unwrap_or(0..0);
    Diagnostic::at(
        file.to_path_buf(),
        source,
        span.start,
        span.len(),
        "this value contains a NUL character (byte 0)",
    )
    .with_hint(ESCAPE_HINT)
}

/// Where the string at `path` (from `find`) is: the key when the NUL is
/// in the key, else the value.
pub fn locate(spans: &Spans, path: &[Step<'_>]) -> Option<Range<usize>> {
    let entry = spans.entry(path)?;
    match path.last() {
        Some(Step::Key(key)) if key.contains('\0') => Some(entry.key),
        _ => Some(entry.value),
    }
}

/// The key path of the first string of `value` (a key or a value) that
/// holds a NUL character.
pub fn find<'a>(value: &'a serde_json::Value) -> Option<Vec<Step<'a>>> {
    let mut path = Vec::new();
    walk(value, &mut path).then_some(path)
}

fn walk<'a>(value: &'a serde_json::Value, path: &mut Vec<Step<'a>>) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
            path.push(Step::Index(i));
            let found = walk(item, path);
            if !found {
                path.pop();
            }
            found
        }),
        serde_json::Value::Object(map) => map.iter().any(|(key, item)| {
            path.push(Step::Key(key));
            let found = key.contains('\0') || walk(item, path);
            if !found {
                path.pop();
            }
            found
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_path_of_the_first_nul_in_keys_and_values() {
        let value = serde_json::json!({"a": ["x", {"b": "y\u{0}"}], "c": "z"});
        assert_eq!(
            find(&value),
            Some(vec![Step::Key("a"), Step::Index(1), Step::Key("b")])
        );
        let value = serde_json::json!({"k\u{0}": 1});
        assert_eq!(find(&value), Some(vec![Step::Key("k\u{0}")]));
        assert_eq!(find(&serde_json::json!({"a": ["b"]})), None);
    }

    #[test]
    fn a_raw_nul_is_reported_at_its_position() {
        let d = in_source(Path::new("content/a.md"), "# A\nB\u{0}C\n").expect("found");
        assert_eq!(d.location(), "content/a.md:2:2");
        assert!(in_source(Path::new("a.md"), "fine").is_none());
    }
}
