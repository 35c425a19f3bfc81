//! YAML front matter through serde-saphyr: limits that suit a page's
//! settings, and its errors in plain words at byte positions.
//!
//! serde-saphyr's own messages name its options and internals ("set
//! DuplicateKeyPolicy in Options", "Nodes { nodes: 250001 }") and count
//! lines from the start of the front matter; a reader of the message has
//! neither. This module must never decide what a front matter key means:
//! that is `front_matter`'s job.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};

use crate::spans::Spans;

/// A YAML problem in plain words, at a byte range of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do, when there is more to say than the message.
    pub hint: Option<String>,
    /// Where, relative to the start of the YAML text.
    pub span: Option<Range<usize>>,
}

/// Parses front matter YAML into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| describe(&e, text))
}

/// Front matter is a page's settings: a few dozen values. The limits
/// stop an alias bomb (billion laughs) after a few thousand nodes, in
/// milliseconds, instead of at serde-saphyr's general-purpose defaults
/// (a quarter of a million nodes, most of a second).
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 20_000;
    budget.max_events = 50_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_depth = 32;
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = 20_000;
    limits.max_replay_stack_depth = 16;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits = limits;
    // `yes`, `no`, `on` and `off` are text, as in YAML 1.2 and TOML.
    options.strict_booleans = true;
    options
}

/// A serde-saphyr error in `text` as a plain message, hint and position.
fn describe(error: &Error, text: &str) -> Problem {
    let error = error.without_snippet();
    let mut span = error.location().and_then(|l| {
        let span = l.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        Some(start..start + len)
    });
    // serde-saphyr puts a value's type error at its key; the value is
    // what is wrong.
    if let (Error::SerdeInvalidType { .. } | Error::SerdeInvalidValue { .. }, Some(key)) =
        (error, &span)
        && let Some(value) = Spans::yaml(text, 0).value_of_key_at(key)
    {
        span = Some(value);
    }
    let (message, hint) = words(error);
    Problem {
        message,
        hint,
        span,
    }
}

fn words(error: &Error) -> (String, Option<String>) {
    match error {
        Error::AliasError { error, .. } => words(error),
        Error::DuplicateMappingKey { key, .. } => (
            match key {
                Some(key) => format!("the key `{key}` appears twice"),
                None => "a key appears twice".to_string(),
            },
            Some("keep one of them: each key can be given once".into()),
        ),
        Error::Budget { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => (
            "this front matter is too large or nests aliases too deeply".into(),
            Some(
                "front matter holds a page's settings: write the values out instead of repeating \
                 aliases (`*name`), and keep long lists in a data file under `data/`"
                    .into(),
            ),
        ),
        // serde's own wording, as the `toml` crate words these errors too.
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            format!("invalid type: {unexpected}, expected {expected}"),
            None,
        ),
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            format!("invalid value: {unexpected}, expected {expected}"),
            None,
        ),
        Error::SerdeUnknownField {
            field, expected, ..
        } => (
            format!("unknown field `{field}`, expected {}", one_of(expected)),
            None,
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!("unknown variant `{variant}`, expected {}", one_of(expected)),
            None,
        ),
        Error::SerdeMissingField { field, .. } => (format!("missing field `{field}`"), None),
        Error::Message { msg, .. } => (msg.clone(), None),
        other => (plain(UserMessageFormatter.format_message(other)), None),
    }
}

/// "one of `a`, `b`", as serde lists what it expected.
fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing here".into(),
        [one] => format!("`{one}`"),
        _ => {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", list.join(", "))
        }
    }
}

fn plain(message: Cow<'_, str>) -> String {
    message.trim().trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only the errors are looked at")]
    struct Page {
        title: Option<String>,
        extra: Option<serde_json::Value>,
    }

    fn problem(text: &str) -> Problem {
        match from_str::<Page>(text) {
            Ok(page) => panic!("{text:?} parsed: {page:?}"),
            Err(problem) => problem,
        }
    }

    #[test]
    fn a_repeated_key_is_named_at_its_repeat() {
        let p = problem("title: A\ntitle: B\n");
        assert_eq!(p.message, "the key `title` appears twice");
        assert_eq!(p.span, Some(9..14));
    }

    #[test]
    fn unknown_fields_are_listed_as_serde_lists_them() {
        let p = problem("titel: A\n");
        assert_eq!(
            p.message,
            "unknown field `titel`, expected one of `title`, `extra`"
        );
        assert_eq!(p.span, Some(0..5));
    }

    #[test]
    fn an_alias_bomb_stops_quickly_in_plain_words() {
        let mut text = String::from("extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (from, to) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{from}"); 9].join(", ");
            text.push_str(&format!("  {to}: &{to} [{refs}]\n"));
        }
        // Expanded, this is 9^9 values: without the limit the parse would
        // not end for minutes. The bound only turns such a hang into a
        // failure; it is not a measure of speed (a busy machine must pass).
        let started = std::time::Instant::now();
        let p = problem(&text);
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
        assert_eq!(
            p.message,
            "this front matter is too large or nests aliases too deeply"
        );
        assert!(p.span.is_some());
    }
}
