//! How `canteen check` prints its report: `human` (rustc-style findings
//! and one summary line per check), `json` (one object per finding, a
//! line each) or `github` (GitHub Actions annotations). Pure: a report in,
//! text out.

use annotate_snippets::Renderer;

use super::{Check, Finding, Report};
use crate::diagnostics::Severity;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Findings as rustc prints errors, then a summary line per check.
    #[default]
    Human,
    /// One JSON object per finding, one per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// The findings, as `format` prints them on standard output.
pub fn findings(report: &Report, format: Format, renderer: &Renderer) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        match format {
            Format::Human => {
                out.push_str(&finding.diagnostic.render(renderer));
                out.push_str("\n\n");
            }
            Format::Json => {
                out.push_str(&json(finding, false).to_string());
                out.push('\n');
            }
            Format::Github => {
                out.push_str(&github(finding));
                out.push('\n');
            }
        }
    }
    if format == Format::Json {
        for finding in &report.allowed {
            out.push_str(&json(finding, true).to_string());
            out.push('\n');
        }
    }
    out
}

/// One finding as a JSON object; `allowed` when a page or comment allows it.
pub fn json(finding: &Finding, allowed: bool) -> serde_json::Value {
    let d = &finding.diagnostic;
    serde_json::json!({
        "check": finding.check.id(),
        "rule": super::lint::rule_of(finding),
        "allowed": allowed,
        "severity": severity(d.severity),
        "file": d.file.to_string_lossy(),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
        "url": finding.url,
    })
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// One finding as a GitHub Actions annotation.
pub fn github(finding: &Finding) -> String {
    let d = &finding.diagnostic;
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = vec![format!("file={}", property(&d.file.to_string_lossy()))];
    if d.line > 0 {
        properties.push(format!("line={}", d.line));
    }
    if d.column > 0 {
        properties.push(format!("col={}", d.column));
    }
    properties.push(format!(
        "title={}",
        property(&format!("canteen check: {}", finding.check.id()))
    ));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(&format!("\n{hint}"));
    }
    format!("::{command} {}::{}", properties.join(","), data(&message))
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One summary line per check that ran (`links: 2 errors, 1 warning`).
pub fn summary(report: &Report) -> String {
    let mut out = String::new();
    for &check in &report.ran {
        let counts: Vec<String> = [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Note, "note"),
        ]
        .into_iter()
        .filter_map(|(severity, word)| {
            let n = report.count(check, severity);
            (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
        })
        .collect();
        let mut counts = if counts.is_empty() {
            "no problems".to_string()
        } else {
            counts.join(", ")
        };
        let allowed = report.allowed.iter().filter(|f| f.check == check).count();
        if allowed > 0 {
            counts.push_str(&format!(", {allowed} allowed"));
        }
        let extra = report
            .extra
            .get(&check)
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        out.push_str(&format!("{}: {counts}{extra}\n", check_name(check)));
    }
    out
}

fn check_name(check: Check) -> &'static str {
    check.id()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn github_annotations_escape_what_would_end_them() {
        let finding = Finding {
            check: Check::Links,
            diagnostic: Diagnostic::at("a,b:c.md", "x\n", 0, 1, "50% wrong\nreally")
                .with_hint("fix"),
            url: None,
        };
        assert_eq!(
            github(&finding),
            "::error file=a%2Cb%3Ac.md,line=1,col=1,title=canteen check%3A links::50%25 wrong%0Areally%0Afix"
        );
    }
}
