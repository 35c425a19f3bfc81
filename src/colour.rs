//! Colours and WCAG 2.2 contrast: relative luminance, contrast ratio, and the
//! nearest shade that reaches a required ratio.
//!
//! Pure arithmetic on sRGB values: it knows nothing of which colours a theme
//! pairs (that is `brand::contrast`) and never reads files.

use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    r: u8,
    g: u8,
    b: u8,
}

impl Colour {
    /// White.
    pub const WHITE: Colour = Colour {
        r: 255,
        g: 255,
        b: 255,
    };
    /// Black.
    pub const BLACK: Colour = Colour { r: 0, g: 0, b: 0 };

    /// From components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b }
    }

    /// Parses `#rgb` or `#rrggbb` (case-insensitive).
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let d: Vec<u8> = hex
                    .chars()
                    .filter_map(|c| channel(&c.to_string()))
                    .collect();
                Some(Colour::rgb(d[0] * 17, d[1] * 17, d[2] * 17))
            }
            6 => Some(Colour::rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            _ => None,
        }
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// `#RRGGBB`, uppercase, as people write colours in messages.
    pub fn hex_upper(&self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }

    /// WCAG relative luminance.
    pub fn luminance(&self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(&self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// This colour moved `amount` (0 to 1) of the way towards `target`.
    pub fn mix(&self, target: Colour, amount: f64) -> Colour {
        let channel = |from: u8, to: u8| {
            let value = f64::from(from) + (f64::from(to) - f64::from(from)) * amount;
            // Clamped to 0..=255 just above, so the cast cannot truncate.
            value.round().clamp(0.0, 255.0) as u8
        };
        Colour::rgb(
            channel(self.r, target.r),
            channel(self.g, target.g),
            channel(self.b, target.b),
        )
    }

    /// The nearest shade of this colour (mixed towards black or white,
    /// whichever contrasts more with `background`) reaching `ratio`.
    pub fn with_contrast_against(&self, background: Colour, ratio: f64) -> Colour {
        if self.contrast(background) >= ratio {
            return *self;
        }
        let target = if background.luminance() > 0.18 {
            Colour::BLACK
        } else {
            Colour::WHITE
        };
        let mut step = 1;
        while step <= 100 {
            let candidate = self.mix(target, f64::from(step) / 100.0);
            if candidate.contrast(background) >= ratio {
                return candidate;
            }
            step += 1;
        }
        target
    }

    /// The nearest shade of this colour (mixed towards black or white,
    /// whichever suits the first background) that reaches every
    /// `(background, ratio)` requirement at once; itself when it already does.
    /// Falls back to black or white, which may still miss a requirement that
    /// no shade can meet (backgrounds on both sides of mid-grey).
    pub fn nearest_passing(&self, requirements: &[(Colour, f64)]) -> Colour {
        let passes = |c: &Colour| requirements.iter().all(|(bg, r)| c.contrast(*bg) >= *r);
        if passes(self) {
            return *self;
        }
        let Some((first, _)) = requirements.first() else {
            return *self;
        };
        let target = if first.luminance() > 0.18 {
            Colour::BLACK
        } else {
            Colour::WHITE
        };
        (1..=100)
            .map(|step| self.mix(target, f64::from(step) / 100.0))
            .find(passes)
            .unwrap_or(target)
    }
}

impl<'de> serde::Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Colour, D::Error> {
        let text = String::deserialize(deserializer)?;
        Colour::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a colour: write it as #RRGGBB, for example #005EB8"
            ))
        })
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(a: &str, b: &str) -> f64 {
        let (Some(a), Some(b)) = (Colour::parse(a), Colour::parse(b)) else {
            panic!("bad colour")
        };
        (a.contrast(b) * 10.0).round() / 10.0
    }

    #[test]
    fn nhs_palette_ratios_on_white() {
        assert_eq!(ratio("#005EB8", "#FFFFFF"), 6.4);
        assert_eq!(ratio("#00A499", "#fff"), 3.1);
        assert_eq!(ratio("#ED8B00", "#fff"), 2.5);
        assert_eq!(ratio("#FFB81C", "#fff"), 1.7);
        assert_eq!(ratio("#768692", "#fff"), 3.8);
        assert_eq!(ratio("#000", "#fff"), 21.0);
    }

    #[test]
    fn nearest_passing_meets_every_requirement() {
        let orange = Colour::parse("#ED8B00").unwrap_or(Colour::BLACK);
        let grey = Colour::parse("#F0F4F5").unwrap_or(Colour::WHITE);
        let fixed = orange.nearest_passing(&[(Colour::WHITE, 4.5), (grey, 4.5)]);
        assert!(fixed.contrast(Colour::WHITE) >= 4.5 && fixed.contrast(grey) >= 4.5);
        assert_eq!(orange.nearest_passing(&[(Colour::BLACK, 4.5)]), orange);
    }

    #[test]
    fn nearest_passing_shade_passes_and_stays_close() {
        let orange = Colour::parse("#ED8B00").unwrap_or(Colour::BLACK);
        let fixed = orange.with_contrast_against(Colour::WHITE, 4.5);
        assert!(fixed.contrast(Colour::WHITE) >= 4.5);
        assert!(
            fixed.mix(Colour::BLACK, 0.0).contrast(Colour::WHITE) < 5.0,
            "{fixed}"
        );
    }
}
