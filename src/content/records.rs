//! The toolkit's structured records, checked against their schema: the
//! professional bodies' social media guidance (`data/professional-bodies.toml`)
//! and NHS leaders who use social media (`data/leaders.toml`). A missing
//! field, a malformed link or a wrong date fails the build with the record
//! and the file named (`data::Records`).

use std::collections::HashSet;

use serde::Deserialize;

use super::date::Date;

/// A problem with one field of one record, found after parsing.
pub(super) struct FieldProblem {
    pub(super) record: usize,
    pub(super) field: &'static str,
    pub(super) message: String,
}

/// `data/professional-bodies.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfessionalBodies {
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
    /// Left out when no address for the guidance can be found: the title
    /// is shown unlinked.
    #[serde(default)]
    url: Option<String>,
    pdf: bool,
    verified: bool,
    last_reviewed: Date,
    /// Left out: `last_reviewed` plus `[review] interval`.
    #[serde(default)]
    next_review: Option<Date>,
    /// Who reviews it, when not `[review] owner`.
    #[serde(default)]
    owner: Option<String>,
}

impl ProfessionalBodies {
    pub(super) fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for (record, body) in self.body.iter().enumerate() {
            check_id(&body.id, record, &mut ids, &mut problems);
            let url = body.url.as_deref().unwrap_or_default();
            if body.url.is_some() {
                check_url(url, "url", record, &mut problems);
            }
            for (field, value) in [
                ("name", &body.name),
                ("abbreviation", &body.abbreviation),
                ("title", &body.title),
                ("covers", &body.covers),
            ] {
                check_text(value, field, record, &mut problems);
            }
            if body
                .next_review
                .is_some_and(|next| next <= body.last_reviewed)
            {
                problems.push(FieldProblem {
                    record,
                    field: "next_review",
                    message: "`next_review` must be after `last_reviewed`".into(),
                });
            }
            if body.pdf != url.to_ascii_lowercase().ends_with(".pdf") {
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
pub(super) struct Leaders {
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
    /// Left out when the account cannot be checked: the handle is shown
    /// unlinked.
    #[serde(default)]
    account_url: Option<String>,
    summary: String,
    last_reviewed: Date,
    next_review: Date,
    /// Who reviews it, when not `[review] owner`.
    #[serde(default)]
    owner: Option<String>,
}

impl Leaders {
    pub(super) fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for (record, leader) in self.leader.iter().enumerate() {
            check_id(&leader.id, record, &mut ids, &mut problems);
            if let Some(url) = &leader.account_url {
                check_url(url, "account_url", record, &mut problems);
            }
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
