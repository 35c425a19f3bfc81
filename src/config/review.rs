//! `[review]` in `site.toml`: how often pages and records are reviewed
//! (`interval`), who reviews them by default (`owner`), whether readers
//! see a notice on an overdue page (`notice`), and how `canteen check`
//! rates an overdue one (`overdue`). Owns the date arithmetic of a review
//! (`next_review`, `is_fresh`); never decides what is reported.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use crate::content::date::Date;
use crate::content::{Document, front_matter};
use crate::diagnostics::{Diagnostic, Severity};
use crate::spans::key_path;

/// `[review]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Review {
    /// How long a review holds: a page with `last_reviewed` but no
    /// `next_review` is due this long after it.
    pub interval: Interval,
    /// Who reviews a page or record that names no `owner` of its own.
    pub owner: Option<String>,
    /// Readers see "This page was due for review on …" on an overdue page
    /// of the current edition.
    pub notice: bool,
    /// How `canteen check` rates an overdue page or record: `warning`
    /// (fails `--strict`) or `note`.
    pub overdue: OverdueLevel,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            interval: Interval::Months(12),
            owner: None,
            notice: true,
            overdue: OverdueLevel::Warning,
        }
    }
}

impl Review {
    /// When a page or record is next due: its own `next_review`, else
    /// `last_reviewed` plus the interval; `None` with neither.
    pub fn next_review(&self, last: Option<Date>, next: Option<Date>) -> Option<Date> {
        next.or_else(|| last.map(|d| self.interval.after(d)))
    }

    /// True when a review on `last` is within one interval of `today`: a
    /// page reviewed then cannot honestly be due already, so a
    /// `next_review` in the past is a mistake (a page just added, its
    /// dates copied from an old one), not a page gone out of date.
    pub fn is_fresh(&self, last: Date, today: Date) -> bool {
        last <= today && today < self.interval.after(last)
    }
}

/// The review dates of `docs` (pages of the current edition) that cannot
/// be right, as build errors at the front-matter key: `next_review` on or
/// before `last_reviewed`, or already past on a page reviewed less than
/// one interval before `today` (a page just added, its dates copied from
/// an old one). Records are checked against their schema instead.
pub fn check_pages<'a>(
    review: &Review,
    docs: impl Iterator<Item = &'a Document>,
    today: Date,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for doc in docs.filter(|d| d.record.is_none() && d.abs.is_some()) {
        let (Some(last), Some(next)) = (doc.meta.last_reviewed, doc.meta.next_review) else {
            continue;
        };
        let due = review.interval.after(last);
        let message = if next <= last {
            format!(
                "`next_review` ({}) must be after `last_reviewed` ({})",
                next.iso(),
                last.iso()
            )
        } else if next < today && review.is_fresh(last, today) {
            format!(
                "`next_review` ({}) is already past, but the page was last reviewed on {}, less than the review interval ({}) ago",
                next.iso(),
                last.iso(),
                review.interval
            )
        } else {
            continue;
        };
        let span = front_matter::spans(&doc.source)
            .key(&key_path!["next_review"])
            .unwrap_or(0..0);
        errors.push(
            Diagnostic::at(
                doc.display_path.clone(),
                &doc.source,
                span.start,
                span.len(),
                message,
            )
            .with_hint(format!(
                "set `next_review` to when the page is next due (one review interval after `last_reviewed` is {}), or leave it out to use `[review] interval`",
                due.iso()
            )),
        );
    }
    errors
}

/// How `canteen check` rates an overdue page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OverdueLevel {
    /// A warning: `--strict` fails on it.
    Warning,
    /// A note: listed, never failing.
    Note,
}

impl OverdueLevel {
    /// The severity of an overdue finding.
    pub fn severity(self) -> Severity {
        match self {
            OverdueLevel::Warning => Severity::Warning,
            OverdueLevel::Note => Severity::Note,
        }
    }
}

/// A review interval: `"12 months"`, `"1 year"`, `"6 weeks"`, `"90 days"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// Calendar months (a year is 12): the same day of the month, or the
    /// month's last day when it is shorter.
    Months(u32),
    /// Days (a week is 7).
    Days(u32),
}

impl Interval {
    /// Parses `<n> <unit>`, n at least 1, unit one of day(s), week(s),
    /// month(s), year(s).
    pub fn parse(text: &str) -> Option<Interval> {
        let mut words = text.split_whitespace();
        let n: u32 = words.next()?.parse().ok().filter(|&n| n > 0)?;
        let unit = words.next()?;
        if words.next().is_some() || n > 1200 {
            return None;
        }
        match unit.trim_end_matches('s') {
            "day" => Some(Interval::Days(n)),
            "week" => Some(Interval::Days(n * 7)),
            "month" => Some(Interval::Months(n)),
            "year" => Some(Interval::Months(n * 12)),
            _ => None,
        }
    }

    /// The date one interval after `date`.
    pub fn after(self, date: Date) -> Date {
        match self {
            Interval::Months(n) => date.plus_months(n),
            Interval::Days(n) => {
                Date::from_days_since_epoch(date.days_since_epoch() + i64::from(n))
            }
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Interval::Months(n) => (n, "month"),
            Interval::Days(n) => (n, "day"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Interval::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "`{text}` is not a review interval; write a number and a unit, such as \"12 months\", \"1 year\", \"6 weeks\" or \"90 days\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("valid")
    }

    #[test]
    fn intervals_parse_and_add_as_written() {
        // Text, the interval, the date one interval after 31 January 2024.
        let table = [
            ("12 months", Some(Interval::Months(12)), "2025-01-31"),
            ("1 year", Some(Interval::Months(12)), "2025-01-31"),
            ("1 month", Some(Interval::Months(1)), "2024-02-29"),
            ("6 weeks", Some(Interval::Days(42)), "2024-03-13"),
            ("90 days", Some(Interval::Days(90)), "2024-04-30"),
        ];
        for (text, interval, after) in table {
            assert_eq!(Interval::parse(text), interval, "{text}");
            assert_eq!(
                interval.map(|i| i.after(date("2024-01-31")).iso()),
                Some(after.to_string()),
                "{text}"
            );
        }
        for bad in [
            "",
            "12",
            "0 months",
            "twelve months",
            "3 fortnights",
            "1 year 2",
        ] {
            assert_eq!(Interval::parse(bad), None, "{bad}");
        }
        assert_eq!(Interval::Months(12).to_string(), "12 months");
        assert_eq!(Interval::Days(1).to_string(), "1 day");
    }

    #[test]
    fn a_review_within_one_interval_of_today_is_fresh() {
        let review = Review::default();
        let today = date("2026-11-29");
        assert!(review.is_fresh(date("2026-01-01"), today));
        assert!(!review.is_fresh(date("2025-11-29"), today));
        assert!(!review.is_fresh(date("2027-01-01"), today));
        assert_eq!(
            review.next_review(Some(date("2026-01-01")), None),
            Some(date("2027-01-01"))
        );
        assert_eq!(
            review.next_review(Some(date("2026-01-01")), Some(date("2026-06-01"))),
            Some(date("2026-06-01"))
        );
    }
}
