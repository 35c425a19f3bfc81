//! Tera's errors as canteen diagnostics: at the template's file (relative
//! to the site root), line and column, with Tera's own `error:` prefix and
//! report layout taken apart so nothing is printed twice.
//!
//! Never invents a location: an error that names no template is put at the
//! template being compiled or rendered.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Template name → (file as shown to the user, text).
pub type Sources = HashMap<String, (PathBuf, String)>;

/// Every problem in a Tera error, each at its template when Tera says which.
/// `fallback` is the file to name when it does not.
pub fn diagnostics(error: &tera::Error, sources: &Sources, fallback: &Path) -> Vec<Diagnostic> {
    use tera::ErrorKind;
    let named = |name: &str, message: String| match sources.get(name) {
        Some((path, _)) => Diagnostic::file(path.clone(), message),
        None => Diagnostic::file(fallback, message),
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let message = report.message().to_string();
            match sources.get(report.filename()) {
                Some((path, text)) => {
                    let span = &report.span().range;
                    vec![Diagnostic::at(
                        path.clone(),
                        text,
                        span.start,
                        span.len(),
                        message,
                    )]
                }
                None => vec![Diagnostic::file(fallback, message)],
            }
        }
        ErrorKind::Msg(text) => reports(text, sources, fallback),
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![named(
            tpl,
            format!(
                "templates extend each other in a loop: {}",
                inheritance_chain.join(" → ")
            ),
        )],
        ErrorKind::CircularInclude { tpl, include_chain } => vec![named(
            tpl,
            format!(
                "templates include each other in a loop: {}",
                include_chain.join(" → ")
            ),
        )],
        ErrorKind::MissingParent { current, parent } => vec![named(
            current,
            format!("there is no template `{parent}` to extend"),
        )],
        _ => vec![Diagnostic::file(
            fallback,
            without_prefix(&error.to_string()),
        )],
    }
}

/// Tera's message without its own `error: ` prefix (the diagnostic adds one).
pub fn without_prefix(message: &str) -> String {
    message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string()
}

/// A message holding Tera's rendered reports (`error: …\n --> name:line:col`
/// and the source line), one diagnostic per report; anything else as it is.
fn reports(text: &str, sources: &Sources, fallback: &Path) -> Vec<Diagnostic> {
    let Some(first) = text.strip_prefix("error: ") else {
        return vec![plain(text, sources, fallback)];
    };
    first
        .split("\n\nerror: ")
        .map(|report| {
            report_diagnostic(report, sources).unwrap_or_else(|| plain(report, sources, fallback))
        })
        .collect()
}

/// One report: message, `--> name:line:col`, the line, the carets.
fn report_diagnostic(report: &str, sources: &Sources) -> Option<Diagnostic> {
    let mut lines = report.lines();
    let message = lines.next()?;
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let mut parts = locus.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let (path, text) = sources.get(parts.next()?)?;
    let carets = report
        .lines()
        .nth(4)
        .map_or(1, |l| l.chars().filter(|c| *c == '^').count());
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let offset = text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    Some(Diagnostic::at(
        path.clone(),
        text,
        offset,
        carets,
        message.to_string(),
    ))
}

/// A message without a position: at the first template it names in
/// backticks or quotes, else at `fallback`.
fn plain(message: &str, sources: &Sources, fallback: &Path) -> Diagnostic {
    let message = without_prefix(message);
    let file = message
        .split(['`', '\''])
        .skip(1)
        .step_by(2)
        .find_map(|name| sources.get(name))
        .map_or_else(|| fallback.to_path_buf(), |(path, _)| path.clone());
    Diagnostic::file(file, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> Sources {
        HashMap::from([(
            "theme/x.html".to_string(),
            (
                PathBuf::from("themes/t/templates/x.html"),
                "line one\n{% block é_after %}\n".to_string(),
            ),
        )])
    }

    #[test]
    fn a_report_in_a_message_becomes_a_diagnostic_at_its_template() {
        let mut tera = tera::Tera::new();
        tera.add_raw_template("base.html", "{% block a %}{% endblock a %}")
            .unwrap_or_default();
        let error = tera
            .add_raw_templates([(
                "child.html",
                "{% extends \"base.html\" %}\n{% block b %}{% endblock b %}",
            )])
            .err();
        let sources: Sources = HashMap::from([(
            "child.html".to_string(),
            (
                PathBuf::from("templates/child.html"),
                "{% extends \"base.html\" %}\n{% block b %}{% endblock b %}".to_string(),
            ),
        )]);
        let found: Vec<String> = error
            .iter()
            .flat_map(|e| diagnostics(e, &sources, Path::new("templates/page.html")))
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
        assert_eq!(
            found,
            ["templates/child.html:2:10: Block `b` is not defined in any parent template"]
        );
    }

    #[test]
    fn columns_count_characters() {
        let d = report_diagnostic(
            "Something\n  --> theme/x.html:2:10\n   |\n 2 | {% block é_after %}\n   |          ^^^^^^^",
            &sources(),
        );
        assert_eq!(
            d.map(|d| (d.location(), d.span)),
            Some(("themes/t/templates/x.html:2:10".to_string(), 9..16))
        );
    }

    #[test]
    fn a_message_without_a_position_is_put_at_the_template_it_names() {
        let d = plain(
            "error: Component `x` is defined in both `theme/x.html` and `y.html`",
            &sources(),
            Path::new("templates"),
        );
        assert_eq!(d.file, PathBuf::from("themes/t/templates/x.html"));
        assert_eq!(
            d.message,
            "Component `x` is defined in both `theme/x.html` and `y.html`"
        );
    }
}
