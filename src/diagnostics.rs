//! Errors a person can act on: file, line, column, the offending line with a
//! caret, what is wrong and what to do.
//!
//! Diagnostics are plain data (serialisable, so the dev server can show them
//! on the page); rendering to text happens only at the edge.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    #[default]
    Error,
    /// Reported; the build still succeeds (a broken link under
    /// `[links] broken = "warn"`).
    Warning,
    /// Worth knowing, never a failure, even under `canteen check
    /// --strict` (an external address never checked).
    Note,
}

/// One problem found in the user's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending line's text, for the caret display.
    pub source_line: Option<String>,
    /// Byte range within `source_line` to underline.
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Diagnostic {
    /// A diagnostic about a whole file, with no position.
    pub fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            span: 0..0,
        }
    }

    /// A diagnostic at a byte offset of `source`, the full text of `file`.
    ///
    /// `len` is how many bytes to underline (at least one character is shown).
    pub fn at(
        file: impl Into<PathBuf>,
        source: &str,
        offset: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let line = source[..line_start].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let start = offset - line_start;
        let end =
            floor_char_boundary(line_text, (start + len.max(1)).min(line_text.len())).max(start);
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
            source_line: Some(line_text.to_string()),
            span: start..end,
        }
    }

    /// Adds the advice shown under the snippet.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem, reported as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Renders the diagnostic as rustc-style text, without colours.
    pub fn render_plain(&self) -> String {
        self.render(&Renderer::plain())
    }

    /// Renders the diagnostic as rustc-style text with the given renderer.
    pub fn render(&self, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(self.message.as_str());
        let Some(line_text) = &self.source_line else {
            let mut text = renderer.render(&[Group::with_title(title)]);
            text.push_str(&format!("\n  --> {}", self.location()));
            if let Some(hint) = &self.hint {
                text.push_str(&format!("\n  = help: {hint}"));
            }
            return text;
        };
        let snippet = Snippet::source(line_text.as_str())
            .line_start(self.line)
            .path(self.file.to_string_lossy().into_owned())
            .annotation(AnnotationKind::Primary.span(self.span.clone()));
        let mut groups = vec![title.element(snippet)];
        if let Some(hint) = &self.hint {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        renderer.render(&groups)
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.display().to_string(),
            (line, 0) => format!("{}:{line}", self.file.display()),
            (line, column) => format!("{}:{line}:{column}", self.file.display()),
        }
    }

    /// Replaces an absolute file path by one relative to `root`.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Turns a TOML error into a diagnostic at its span, with a hint for an
/// unknown key: the closest of the keys serde says the table accepts, or
/// else of `keys`.
pub fn from_toml(path: &Path, text: &str, error: &toml::de::Error, keys: &[&str]) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut diagnostic = match error.span() {
        Some(span) => Diagnostic::at(
            path.to_path_buf(),
            text,
            span.start,
            span.len(),
            message.clone(),
        ),
        None => Diagnostic::file(path.to_path_buf(), message.clone()),
    };
    if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        // serde lists the keys the table accepts ("expected one of `a`, `b`"),
        // so nested tables such as `[brand.colours]` get their own hints.
        let expected: Vec<&str> = message
            .split_once("expected")
            .map(|(_, keys)| keys.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let candidates = if expected.is_empty() {
            keys.to_vec()
        } else {
            expected
        };
        diagnostic = match closest(unknown, candidates.iter().copied()) {
            Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
            None => {
                diagnostic.with_hint("remove it, or move it under `[extra]` if a template needs it")
            }
        };
    }
    diagnostic
}

/// Colours when standard error is a terminal, plain text otherwise.
pub fn stderr_renderer() -> Renderer {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// A count as readers write it, with a comma between thousands (NHS and
/// GOV.UK style: "10,191").
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Suggests the closest candidate to `wanted`, for "did you mean" hints.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(distance, c)| *distance <= (c.len().max(wanted.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_is_one_based_in_characters() {
        let source = "one\ntwo é three\n";
        let offset = source.find("three").unwrap_or_default();
        let d = Diagnostic::at("x.md", source, offset, 5, "bad");
        assert_eq!((d.line, d.column), (2, 7));
        assert_eq!(d.location(), "x.md:2:7");
        assert_eq!(d.source_line.as_deref(), Some("two é three"));
    }

    #[test]
    fn rendering_shows_path_line_and_caret() {
        let d = Diagnostic::at("content/a.md", "title = 1\n", 8, 1, "wrong type")
            .with_hint("use a string");
        let text = d.render_plain();
        assert!(text.contains("error: wrong type"), "{text}");
        assert!(text.contains("content/a.md:1:9"), "{text}");
        assert!(text.contains("^"), "{text}");
        assert!(text.contains("help: use a string"), "{text}");
    }

    #[test]
    fn closest_finds_near_misses_only() {
        assert_eq!(
            closest("facebok.md", ["facebook.md", "linkedin.md"]),
            Some("facebook.md")
        );
        assert_eq!(closest("zzz", ["facebook.md"]), None);
    }

    #[test]
    fn counts_have_a_comma_between_thousands() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (10_191, "10,191"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(super::count(n), text);
        }
    }
}
