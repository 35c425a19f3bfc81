//! `[style]` and `[check]`: how `canteen check`'s content lint reads this
//! site (the reading-grade limit, the site's own abbreviations, rules
//! switched off). Only typed here; the rule ids are checked by
//! `check::lint`, which knows them.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `[style]`: the NHS content-style lint's settings.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct StyleOptions {
    /// The highest Flesch-Kincaid grade a page may read at (`style.reading-grade`).
    pub max_grade: f64,
    /// Abbreviations to expand on first use, with their expansion, added
    /// to the built-in list; an empty expansion means "needs none".
    pub abbreviations: BTreeMap<String, String>,
}

impl Default for StyleOptions {
    fn default() -> Self {
        StyleOptions {
            max_grade: 9.0,
            abbreviations: BTreeMap::new(),
        }
    }
}

/// `[check]`: `canteen check` settings for the whole site.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckSettings {
    /// Rule ids (`style.ranges`) or whole lint checks (`style`) switched off.
    pub disable: Vec<String>,
}
