//! Every rule of the content lint (`a11y.*`, `style.*`): its id, how
//! serious a finding is, why it matters in one line, and where the rule
//! comes from (WCAG 2.2 or the section of the NHS digital service manual's
//! content style guide, <https://service-manual.nhs.uk/content>). The docs
//! and README list the same table; `tests/check.rs` pins it.

use crate::diagnostics::Severity;

/// One lint rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Its id, as findings, `allow` and `[check] disable` write it.
    pub id: &'static str,
    /// How serious a finding is.
    pub severity: Severity,
    /// Why it matters, in one line.
    pub reason: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

const fn rule(
    id: &'static str,
    severity: Severity,
    reason: &'static str,
    source: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        reason,
        source,
    }
}

use Severity::{Error, Warning};

/// Every rule, accessibility first.
pub const RULES: &[Rule] = &[
    rule(
        "a11y.alt-text",
        Error,
        "a screen reader says nothing useful for an image without alt text, or reads out its file name",
        "WCAG 2.2 1.1.1 Non-text content",
    ),
    rule(
        "a11y.heading-skip",
        Error,
        "screen reader users move around a page by its headings; a skipped level looks like missing content",
        "WCAG 2.2 1.3.1 Info and relationships",
    ),
    rule(
        "a11y.second-h1",
        Error,
        "the page title is the page's only level 1 heading",
        "WCAG 2.2 1.3.1 Info and relationships",
    ),
    rule(
        "a11y.link-text",
        Warning,
        "people who list a page's links hear the link text alone: it must say where the link goes",
        "WCAG 2.2 2.4.4 Link purpose (in context)",
    ),
    rule(
        "a11y.same-link-text",
        Warning,
        "two links with the same words that go to different places cannot be told apart",
        "WCAG 2.2 2.4.4 Link purpose (in context)",
    ),
    rule(
        "a11y.empty-link",
        Error,
        "a link with no text has no name: a screen reader reads out its address or nothing",
        "WCAG 2.2 2.4.4 Link purpose (in context)",
    ),
    rule(
        "a11y.table-header",
        Error,
        "a table without a header row cannot be read cell by cell with a screen reader",
        "WCAG 2.2 1.3.1 Info and relationships",
    ),
    rule(
        "a11y.sensory",
        Warning,
        "not everyone can see colour or where something is on the screen",
        "WCAG 2.2 1.3.3 Sensory characteristics",
    ),
    rule(
        "style.dates",
        Warning,
        "dates in words are read the same way by everyone",
        "NHS content style guide: Numbers, measurements, dates and time",
    ),
    rule(
        "style.times",
        Warning,
        "times such as 9am and 5:30pm are the easiest to read",
        "NHS content style guide: Numbers, measurements, dates and time",
    ),
    rule(
        "style.ranges",
        Warning,
        "a hyphen or dash in a range can be read as a minus sign or missed; \"to\" cannot",
        "NHS content style guide: Numbers, measurements, dates and time",
    ),
    rule(
        "style.click-here",
        Warning,
        "not everyone clicks: people tap, use a keyboard or speak",
        "NHS content style guide: Links",
    ),
    rule(
        "style.abbreviations",
        Warning,
        "readers may not know an abbreviation: spell it out the first time it is used",
        "NHS content style guide: Abbreviations and acronyms",
    ),
    rule(
        "style.placeholder",
        Error,
        "text that `canteen new` wrote for the editor to replace is not for readers",
        "NHS content style guide: How we write",
    ),
    rule(
        "style.reading-grade",
        Warning,
        "NHS content is written for a reading age of 9 to 11, so most people can understand it first time",
        "NHS content style guide: How we write",
    ),
];

/// The rule with id `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// True when `id` names a rule or a whole lint check (`a11y`, `style`).
pub fn known(id: &str) -> bool {
    id == "a11y" || id == "style" || find(id).is_some()
}

/// True when the allow or switch `entry` covers the rule `id`.
pub fn covers(entry: &str, id: &str) -> bool {
    entry == id
        || id
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The rule closest to a misspelt id, for a hint.
pub fn closest(id: &str) -> Option<&'static str> {
    crate::diagnostics::closest(id, RULES.iter().map(|r| r.id))
}
