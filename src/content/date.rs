//! Calendar dates as the NHS writes them: stored ISO (`2014-03-01`), shown
//! as "1 March 2014". Front matter may give a TOML date or a YAML string.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date without a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Welsh month names, as NHS Wales and GOV.UK's Welsh pages write dates
/// ("1 Ionawr 2024"): no mutation after a day's number.
const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses exactly `YYYY-MM-DD`, rejecting impossible days.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: u16 = text[0..4].parse().ok()?;
        let month: u8 = text[5..7].parse().ok()?;
        let day: u8 = text[8..10].parse().ok()?;
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= date.days_in_month()).then_some(date)
    }

    fn days_in_month(&self) -> u8 {
        match self.month {
            2 if self.year.is_multiple_of(4)
                && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Today's date (UTC) from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`, proleptic Gregorian calendar).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097); // day of era, 0..=146096
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
        let mp = (5 * doy + 2) / 153; // March-based month, 0..=11
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year).unwrap_or(u16::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`): the
    /// inverse of `from_days_since_epoch`, for counting days between dates.
    pub fn days_since_epoch(&self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The same day `years` later; 29 February becomes 28 February in a
    /// year without one.
    pub fn plus_years(&self, years: u16) -> Date {
        let mut date = Date {
            year: self.year.saturating_add(years),
            ..*self
        };
        date.day = date.day.min(date.days_in_month());
        date
    }

    /// The same day `months` later; a day the month lacks becomes its
    /// last day (31 January plus a month is 28 or 29 February).
    pub fn plus_months(&self, months: u32) -> Date {
        let index = u32::from(self.month) - 1 + months;
        let mut date = Date {
            year: self
                .year
                .saturating_add(u16::try_from(index / 12).unwrap_or(u16::MAX)),
            month: u8::try_from(index % 12 + 1).unwrap_or(1),
            day: self.day,
        };
        date.day = date.day.min(date.days_in_month());
        date
    }

    /// `2014-03-01`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date in words in the language `code` (`cy`: "1 Mawrth 2014");
    /// English for every language without month names here.
    pub fn text_in(&self, code: &str) -> String {
        match code {
            "cy" => format!(
                "{} {} {}",
                self.day,
                MONTHS_CY[usize::from(self.month - 1)],
                self.year
            ),
            _ => self.text(),
        }
    }

    /// "1 March 2014", the NHS style (no leading zero, no ordinal).
    pub fn text(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// The key under which the `toml` crate hands a datetime to serde.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written as YYYY-MM-DD, for example 2014-03-01")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Date, E> {
        Date::parse(value).ok_or_else(|| {
            E::custom(format!(
                "`{value}` is not a date written as YYYY-MM-DD, for example 2014-03-01"
            ))
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == TOML_DATETIME_KEY => {
                let value: String = map.next_value()?;
                self.visit_str(&value)
            }
            _ => Err(de::Error::custom(
                "expected a date written as YYYY-MM-DD, for example 2014-03-01",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

/// Replaces the `toml` crate's private datetime maps by plain strings, so
/// free-form tables (`[extra]`, data files) read naturally in templates.
pub fn flatten_toml_datetimes(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let (1, Some(serde_json::Value::String(s))) = (map.len(), map.get(TOML_DATETIME_KEY))
            {
                *value = serde_json::Value::String(s.clone());
                return;
            }
            map.values_mut().for_each(flatten_toml_datetimes);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(flatten_toml_datetimes),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_epoch_is_the_inverse_of_from_days() {
        for days in [-1, 0, 59, 60, 365, 11_016, 20_000, 20_515] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn formats_the_nhs_way() {
        let date = Date::parse("2018-08-06").expect("valid");
        assert_eq!(date.text(), "6 August 2018");
        assert_eq!(date.iso(), "2018-08-06");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2014-02-30",
            "2014-13-01",
            "2014-3-1",
            "1 March 2014",
            "2014-03-01T10:00:00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn civil_dates_from_days_since_epoch() {
        for (days, iso) in [
            (0, "1970-01-01"),
            (59, "1970-03-01"),
            (11_016, "2000-02-29"),
            (16_130, "2014-03-01"),
            (20_413, "2025-11-21"),
            (20_778, "2026-11-21"),
        ] {
            assert_eq!(Date::from_days_since_epoch(days).iso(), iso, "{days}");
        }
        assert!(Date::today() >= Date::from_days_since_epoch(20_413));
    }

    #[test]
    fn a_year_later_keeps_the_day_or_ends_february() {
        let d = |s| Date::parse(s).expect("valid");
        assert_eq!(d("2026-11-21").plus_years(1), d("2027-11-21"));
        assert_eq!(d("2024-02-29").plus_years(1), d("2025-02-28"));
    }

    #[test]
    fn reads_toml_dates_and_yaml_strings() {
        #[derive(Deserialize)]
        struct T {
            d: Date,
        }
        let t: T = toml::from_str("d = 2014-03-01").expect("toml date");
        assert_eq!(t.d.text(), "1 March 2014");
        let t: T = serde_saphyr::from_str("d: 2014-03-01").expect("yaml date");
        assert_eq!(t.d.text(), "1 March 2014");
    }
}
