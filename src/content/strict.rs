//! Front matter numbers and flags read as they are written, the same in
//! YAML as in TOML: a quoted `"10"` or `"true"` is text, and `yes`/`no` are
//! not flags.
//!
//! serde-saphyr turns a quoted `"10"` into an integer and `"yes"` into
//! `true` when asked for one, so `draft: "no"` would quietly hide a page.
//! These visitors take the value as the parser typed it
//! (`deserialize_any`) and accept only the real thing; the error says
//! what was expected, at the value.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// What `weight` expects, in the error message.
const WHOLE_NUMBER: &str = "a whole number without quotes, such as 10";

/// What a flag (`draft`, `guide`) expects, in the error message.
const FLAG: &str = "`true` or `false` without quotes";

struct WholeNumber;

impl Visitor<'_> for WholeNumber {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(WHOLE_NUMBER)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Some(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        i64::try_from(value)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    /// YAML `weight: ~` or an empty `weight:` means no weight.
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// `weight`: an integer, or nothing.
pub fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_any(WholeNumber)
}

struct Flag;

impl Visitor<'_> for Flag {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(FLAG)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }
}

/// `draft`, `guide`: a boolean.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(Flag)
}
