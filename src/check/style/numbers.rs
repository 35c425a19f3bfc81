//! Dates, times and ranges as the NHS content style guide writes them
//! ("Numbers, measurements, dates and time"): `1 January 2024`, `9am to
//! 5:30pm`, `Monday to Friday`. Read word by word from the page's prose;
//! code and addresses are never read.

use crate::check::lint::Hit;
use crate::check::lint::prose::{Block, Word};

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const SHORT_MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `1st`, `22nd`: a day with an ordinal ending.
fn ordinal(s: &str) -> bool {
    let Some((n, end)) = s.len().checked_sub(2).and_then(|at| s.split_at_checked(at)) else {
        return false;
    };
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|e| end.eq_ignore_ascii_case(e))
        && digits(n)
        && n.len() <= 2
        && n.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// `01/01/2024`, `1.1.24`: a date in numbers.
fn numeric_date(s: &str) -> bool {
    for sep in ['/', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 3
            && parts.iter().all(|p| digits(p))
            && parts[0].len() <= 2
            && parts[1].len() <= 2
            && matches!(parts[2].len(), 2 | 4)
        {
            return true;
        }
    }
    false
}

fn month(s: &str) -> bool {
    MONTHS.iter().any(|m| s.eq_ignore_ascii_case(m))
}

fn short_month(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    SHORT_MONTHS.iter().any(|m| s.eq_ignore_ascii_case(m))
}

/// A time written another way than the guide's (`09:00`, `9.00am`, `9 AM`
/// is found by `check` from two words): what to write instead.
fn bad_time(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let (clock, suffix) = match lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("pm"))
    {
        Some(clock) => (clock, &lower[clock.len()..]),
        None => (lower.as_str(), ""),
    };
    let clock = clock.trim_end_matches('.');
    if let Some((h, m)) = clock.split_once([':', '.']) {
        // Without am or pm, `2.50` is a number (or money), not a time.
        if suffix.is_empty() && clock.contains('.') {
            return None;
        }
        let (Ok(hour), Ok(minute)) = (h.parse::<u8>(), m.parse::<u8>()) else {
            return None;
        };
        if !(digits(h) && digits(m) && h.len() <= 2 && m.len() == 2 && minute < 60) {
            return None;
        }
        if suffix.is_empty() && hour > 23 {
            return None;
        }
        let (twelve, half) = match (suffix, hour) {
            ("", 0) => (12, "am"),
            ("", 12) => (12, "pm"),
            ("", h) if h > 12 => (h - 12, "pm"),
            ("", h) => (h, "am"),
            (s, h) => (h, if s == "pm" { "pm" } else { "am" }),
        };
        let better = if minute == 0 {
            format!("{twelve}{half}")
        } else {
            format!("{twelve}:{minute:02}{half}")
        };
        let written_well = suffix.len() == 2
            && clock.contains(':')
            && minute != 0
            && !h.starts_with('0')
            && s == lower;
        return (!written_well).then_some(better);
    }
    if !suffix.is_empty() && digits(clock) {
        if clock == "12" {
            return Some(if suffix == "pm" { "midday" } else { "midnight" }.to_string());
        }
        if s != lower || clock.starts_with('0') {
            return Some(format!("{}{suffix}", clock.trim_start_matches('0')));
        }
    }
    None
}

/// A range written with a hyphen or dash between two numbers, days or
/// months: what to write instead.
fn dashed_range(s: &str) -> Option<String> {
    let (a, b) = s.split_once(['-', '–', '—'])?;
    if b.contains(['-', '–', '—']) || a.is_empty() || b.is_empty() {
        return None;
    }
    let number = |x: &str| {
        let x = x.trim_start_matches('£').trim_end_matches('%');
        let x = x
            .strip_suffix("am")
            .or_else(|| x.strip_suffix("pm"))
            .unwrap_or(x);
        digits(&x.replace([':', '.', ','], ""))
    };
    let named = |x: &str| DAYS.iter().any(|d| x.eq_ignore_ascii_case(d)) || month(x);
    let rising = || {
        // `2025-26` is a range; `MIA 90-02` and `99-41` are codes.
        let (x, y) = (a.trim_start_matches('£'), b.trim_start_matches('£'));
        if !(digits(x) && digits(y)) || x.len() > 9 || y.len() > 9 {
            return true;
        }
        let tail = if y.len() < x.len() {
            &x[x.len() - y.len()..]
        } else {
            x
        };
        tail.parse::<u64>().ok() < y.parse::<u64>().ok()
    };
    ((number(a) && number(b) && rising()) || (named(a) && named(b))).then(|| format!("{a} to {b}"))
}

/// True when `s` could be a date, time or range: it holds a digit or a
/// dash, or starts with a capital (a shortened month). The rest are most
/// words, passed over without a look.
fn candidate(s: &str) -> bool {
    s.starts_with(char::is_uppercase)
        || s.bytes().any(|b| b.is_ascii_digit())
        || s.contains(['-', '–', '—'])
}

/// The hits of word `i` of a block's words.
pub fn check(block: &Block, words: &[Word<'_>], i: usize, hits: &mut Vec<Hit>) {
    let hit = |hits: &mut Vec<Hit>, rule, from: usize, to: usize, message: String, hint: String| {
        hits.push(Hit::new(
            rule,
            block.source(words[from].at),
            words[to].at + words[to].text.len() - words[from].at,
            message,
            hint,
        ));
    };
    let w = &words[i];
    if !candidate(w.text) || w.is_address() {
        return;
    }
    let s = w.text;
    let next = words.get(i + 1).map_or("", |w| w.text);
    let prev = i.checked_sub(1).map_or("", |p| words[p].text);
    if numeric_date(s) {
        hit(
            hits,
            "style.dates",
            i,
            i,
            format!("`{s}` is a date in numbers"),
            "write the date in words: `1 January 2024`".into(),
        );
    } else if ordinal(s) && (month(next) || month(prev) || short_month(next) || short_month(prev)) {
        hit(
            hits,
            "style.dates",
            i,
            i,
            format!("`{s}` has an ordinal ending"),
            format!(
                "write `{}` without it: `1 January 2024`",
                s.trim_end_matches(char::is_alphabetic)
            ),
        );
    } else if s.chars().next().is_some_and(char::is_uppercase)
        && short_month(s)
        && (digits(next) || digits(prev) || ordinal(prev) || ordinal(next))
    {
        let full = MONTHS
            .iter()
            .find(|m| m.starts_with(&s.to_ascii_lowercase()[..3]))
            .copied()
            .unwrap_or("");
        hit(
            hits,
            "style.dates",
            i,
            i,
            format!("`{s}` is a shortened month"),
            format!(
                "write the month in full: `{}{}`",
                full[..1].to_uppercase(),
                &full[1..]
            ),
        );
    } else if let Some(better) = bad_time(s).filter(|_| {
        // `7:10:` is a place in a file (compiler output), not a time.
        !block.text[w.at + s.len()..].starts_with(':')
    }) {
        hit(
            hits,
            "style.times",
            i,
            i,
            format!("`{s}` is not how the NHS writes times"),
            format!("write `{better}`: 9am, 5:30pm, midday, midnight"),
        );
    } else if digits(s)
        && s.len() <= 2
        && matches!(
            next,
            "AM" | "PM" | "am" | "pm" | "a.m" | "p.m" | "A.M" | "P.M"
        )
    {
        let half = if next.to_ascii_lowercase().starts_with('p') {
            "pm"
        } else {
            "am"
        };
        hit(
            hits,
            "style.times",
            i,
            i + 1,
            format!("`{s} {next}` is not how the NHS writes times"),
            format!(
                "write `{}{half}`, without a space: 9am, 5:30pm",
                s.trim_start_matches('0')
            ),
        );
    } else if let Some(better) = dashed_range(s) {
        hit(
            hits,
            "style.ranges",
            i,
            i,
            format!("`{s}` is a range written with a dash"),
            format!("write `{better}`: a dash can be read as a minus sign"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_written_well_pass_and_others_get_the_guides_form() {
        for good in ["9am", "5:30pm", "10pm", "1,000", "3.5", "2.50"] {
            assert_eq!(bad_time(good), None, "{good}");
        }
        for (bad, better) in [
            ("09:00", "9am"),
            ("17:30", "5:30pm"),
            ("9.00am", "9am"),
            ("9AM", "9am"),
            ("12pm", "midday"),
            ("5.30pm", "5:30pm"),
        ] {
            assert_eq!(bad_time(bad).as_deref(), Some(better), "{bad}");
        }
    }

    #[test]
    fn ranges_and_dates() {
        assert_eq!(dashed_range("1-5").as_deref(), Some("1 to 5"));
        assert_eq!(
            dashed_range("Monday–Friday").as_deref(),
            Some("Monday to Friday")
        );
        assert_eq!(dashed_range("2025-26").as_deref(), Some("2025 to 26"));
        for not in [
            "well-known",
            "2024-01-01",
            "one-to-one",
            "-5",
            "Covid-19",
            "90-02",
            "99-41",
        ] {
            assert_eq!(dashed_range(not), None, "{not}");
        }
        assert!(numeric_date("01/01/2024") && !numeric_date("1/2") && !numeric_date("3.14"));
        assert!(ordinal("1st") && ordinal("22nd") && !ordinal("40th") && !ordinal("first"));
    }
}
