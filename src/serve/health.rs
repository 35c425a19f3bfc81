//! The dev server's health page, `/__canteen/health` (never part of the
//! built site): every error of the last build, every warning of the
//! pages rendered since (broken links), and every finding of the checks
//! of the loaded site (`findings.rs`: review dates and any other check
//! `check::on_site` runs), under its check's id, each as the terminal
//! shows it, with links to the pages it concerns. Refreshed by each
//! rebuild. Pure: diagnostics in, HTML out.

use super::findings::Listed;
use crate::diagnostics::{Diagnostic, Severity};
use crate::html::escape;

/// The health page's address.
pub const HEALTH_PATH: &str = "/__canteen/health";

/// The health page for `errors`, `warnings` and `findings`.
pub fn page(errors: &[Diagnostic], warnings: &[Diagnostic], findings: &[Listed]) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Site health - canteen</title>\
         <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}\
         pre{white-space:pre-wrap;background:#f0f4f5;padding:.5rem;overflow-x:auto}</style></head>\n<body><main>\n\
         <h1>Site health</h1>\n",
    );
    if errors.is_empty() && warnings.is_empty() && findings.is_empty() {
        html.push_str("<p>No problems found on the pages checked so far.</p>\n");
    }
    for (title, list) in [("Errors", errors), ("Warnings", warnings)] {
        if list.is_empty() {
            continue;
        }
        html.push_str(&format!("<h2>{title} ({})</h2>\n<ol>\n", list.len()));
        for d in list {
            html.push_str(&format!(
                "<li><p><strong>{}</strong>: {}</p>\n<pre>{}</pre>\n",
                escape(&d.location()),
                escape(&d.message),
                escape(&d.render_plain())
            ));
            push_pages(&mut html, &page_links(d.hint.as_deref().unwrap_or("")));
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    }
    let mut checks: Vec<&str> = findings.iter().map(|l| l.finding.check.id()).collect();
    checks.dedup();
    for id in checks {
        let listed: Vec<&Listed> = findings
            .iter()
            .filter(|l| l.finding.check.id() == id)
            .collect();
        html.push_str(&format!(
            "<h2>Check <code>{id}</code> ({})</h2>\n<ol>\n",
            listed.len()
        ));
        for l in listed {
            let d = &l.finding.diagnostic;
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            html.push_str(&format!(
                "<li><p><strong>{}</strong> ({severity}): {}</p>\n<pre>{}</pre>\n",
                escape(&d.location()),
                escape(&d.message),
                escape(&d.render_plain())
            ));
            push_pages(&mut html, &l.pages);
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</main></body></html>\n");
    html
}

fn push_pages(html: &mut String, pages: &[String]) {
    if pages.is_empty() {
        return;
    }
    html.push_str("<p>Pages: ");
    let links: Vec<String> = pages
        .iter()
        .map(|u| format!("<a href=\"{0}\">{0}</a>", escape(u)))
        .collect();
    html.push_str(&links.join(", "));
    html.push_str("</p>\n");
}

/// The page addresses a hint names in backticks (`` `/about/` ``).
pub(crate) fn page_links(hint: &str) -> Vec<String> {
    hint.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with('/') && !s.contains(' '))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_findings_with_links_to_their_pages() {
        let warning = Diagnostic::file("templates/footer.html", "the link `/a/` <broken>")
            .with_hint("on 2 pages: `/`, `/contact/`; fix it")
            .warning();
        let html = page(&[], &[warning], &[]);
        assert!(html.contains("<h2>Warnings (1)</h2>"), "{html}");
        assert!(html.contains("the link `/a/` &lt;broken&gt;"), "{html}");
        assert!(
            html.contains("Pages: <a href=\"/\">/</a>, <a href=\"/contact/\">/contact/</a>"),
            "{html}"
        );
        assert!(page(&[], &[], &[]).contains("No problems found"));
    }
}
