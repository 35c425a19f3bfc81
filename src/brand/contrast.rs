//! Which colour pairs the NHS theme really uses, and the WCAG 2.2 check of
//! each against the brand palette, in light and dark mode.
//!
//! `PAIRS` is the one table: a use of a colour in `canteen.css` is one line
//! here. This module only judges colours and words the verdict; it never
//! changes a colour the trust chose (it suggests the nearest passing shade).

use std::path::Path;

use super::{Mode, Origin, Palette, Role};
use crate::colour::Colour;
use crate::diagnostics::Diagnostic;

/// How much contrast a use needs (WCAG 2.2 SC 1.4.3 and 1.4.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Body-size text: 4.5:1.
    Text,
    /// Text of 24px, or 18.66px bold, and larger: 3:1.
    LargeText,
    /// Focus indicators and other parts of controls: 3:1.
    Interface,
}

impl Need {
    /// The minimum ratio.
    pub fn ratio(self) -> f64 {
        match self {
            Need::Text => 4.5,
            Need::LargeText | Need::Interface => 3.0,
        }
    }

    fn rule(self) -> &'static str {
        match self {
            Need::Text => "text needs at least 4.5:1",
            Need::LargeText => "large text needs at least 3:1",
            Need::Interface => "interface parts need at least 3:1",
        }
    }
}

/// What a colour sits on: another brand colour, or a fixed theme colour.
#[derive(Debug, Clone, Copy)]
pub enum On {
    /// A brand colour.
    Brand(Role),
    /// A colour of the theme's own (name, light, dark).
    Theme(&'static str, Colour, Colour),
}

const fn hex(rgb: u32) -> Colour {
    Colour::rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
}

const TABLE_HEAD: On = On::Theme("table heading background", hex(0xe8edee), hex(0x22323d));
const CODE: On = On::Theme("code background", hex(0xf0f4f5), hex(0x0b1216));
const NOTE: On = On::Theme("note callout background", hex(0xe8f1f8), hex(0x1c3347));
const TIP: On = On::Theme("tip callout background", hex(0xe6f4ec), hex(0x1a3326));
const IMPORTANT: On = On::Theme("important callout background", hex(0xf1eaf7), hex(0x2b2040));
const WARNING: On = On::Theme("warning callout background", hex(0xfff9c4), hex(0x33301a));
const CAUTION: On = On::Theme("caution callout background", hex(0xfbe9e7), hex(0x3a1d22));
const MARK: On = On::Theme("marked search words", hex(0xfff9c4), hex(0x33301a));

const SURFACE: On = On::Brand(Role::Surface);
const BACKGROUND: On = On::Brand(Role::Background);
const PANELS: &[On] = &[SURFACE, BACKGROUND];
const TEXT_PANELS: &[On] = &[
    SURFACE, BACKGROUND, TABLE_HEAD, CODE, NOTE, TIP, IMPORTANT, WARNING, CAUTION,
];
const LINK_PANELS: &[On] = &[
    SURFACE, BACKGROUND, TABLE_HEAD, NOTE, TIP, IMPORTANT, WARNING, CAUTION,
];
const HEADER: &[On] = &[On::Brand(Role::Brand), On::Brand(Role::BrandDark)];

const BOTH: &[Mode] = &[Mode::Light, Mode::Dark];
const LIGHT: &[Mode] = &[Mode::Light];
const DARK: &[Mode] = &[Mode::Dark];

/// One use of a colour in the theme.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// The colour in front (text, a link, a focus indicator).
    pub fg: Role,
    /// Everything the theme puts it on.
    pub on: &'static [On],
    /// How much contrast it needs.
    pub need: Need,
    /// In which colour schemes.
    pub modes: &'static [Mode],
}

const fn pair(fg: Role, on: &'static [On], need: Need, modes: &'static [Mode]) -> Pair {
    Pair {
        fg,
        on,
        need,
        modes,
    }
}

/// Every colour pair of the NHS theme (`themes/nhs/static/css/canteen.css`).
/// The theme has no buttons; its button-like skip link is focus text on focus.
pub const PAIRS: &[Pair] = &[
    pair(Role::Text, TEXT_PANELS, Need::Text, BOTH), // body text, tables, code, callouts
    pair(Role::TextSecondary, PANELS, Need::Text, BOTH), // review dates, footer, labels
    pair(Role::Link, LINK_PANELS, Need::Text, BOTH), // links, in callouts and tables too
    pair(Role::LinkVisited, LINK_PANELS, Need::Text, BOTH),
    pair(Role::LinkHover, LINK_PANELS, Need::Text, BOTH),
    pair(Role::FocusText, &[On::Brand(Role::Focus)], Need::Text, BOTH), // focused link, skip link
    pair(Role::HeaderText, HEADER, Need::Text, BOTH), // organisation, title, navigation, language link
    pair(Role::FocusText, PANELS, Need::Interface, LIGHT), // the bar under a focused link
    pair(Role::Focus, HEADER, Need::Interface, BOTH), // focus highlight in the header
    pair(Role::Focus, PANELS, Need::Interface, DARK), // focus highlight on dark panels
    pair(Role::Text, &[MARK], Need::Text, BOTH),      // a search result's marked words
    pair(Role::Link, PANELS, Need::Interface, BOTH),  // "Show more results" button border
];

impl On {
    fn colour(self, palette: &Palette, mode: Mode) -> Colour {
        match (self, mode) {
            (On::Brand(role), _) => palette.get(role, mode).colour,
            (On::Theme(_, light, _), Mode::Light) => light,
            (On::Theme(_, _, dark), Mode::Dark) => dark,
        }
    }
}

/// Every `(colour, ratio)` that `role` must reach in `mode`, from `pairs`:
/// against what it sits on, and against what sits on it.
pub fn requirements_in(
    pairs: &[Pair],
    palette: &Palette,
    role: Role,
    mode: Mode,
) -> Vec<(Colour, f64)> {
    let mut needs = Vec::new();
    for pair in pairs.iter().filter(|p| p.modes.contains(&mode)) {
        for on in pair.on {
            if pair.fg == role {
                needs.push((on.colour(palette, mode), pair.need.ratio()));
            } else if matches!(on, On::Brand(r) if *r == role) {
                needs.push((palette.get(pair.fg, mode).colour, pair.need.ratio()));
            }
        }
    }
    needs
}

/// [`requirements_in`] the theme's own table.
pub fn requirements(palette: &Palette, role: Role, mode: Mode) -> Vec<(Colour, f64)> {
    requirements_in(PAIRS, palette, role, mode)
}

/// Checks the whole table; one diagnostic per colour setting and scheme
/// (its first failing pair), positioned at the setting in `text`.
pub fn check(palette: &Palette, path: &Path, text: &str) -> Vec<Diagnostic> {
    check_pairs(PAIRS, palette, path, text)
}

/// [`check`] with another table (tests pin each kind of message with it).
pub fn check_pairs(pairs: &[Pair], palette: &Palette, path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut reported: Vec<(Role, Mode)> = Vec::new();
    let mut diagnostics = Vec::new();
    for mode in [Mode::Light, Mode::Dark] {
        for pair in pairs.iter().filter(|p| p.modes.contains(&mode)) {
            for &on in pair.on {
                let fg = palette.get(pair.fg, mode);
                let bg = on.colour(palette, mode);
                let ratio = fg.colour.contrast(bg);
                if ratio >= pair.need.ratio() {
                    continue;
                }
                // Suggest changing the colour the trust chose: a default
                // text colour failing on a trust's background means the
                // background needs another shade.
                let adjust = match on {
                    On::Brand(role)
                        if fg.origin == Origin::Default
                            && palette.get(role, mode).origin != Origin::Default =>
                    {
                        role
                    }
                    _ => pair.fg,
                };
                // A dark colour taken from a light one that already failed
                // would repeat the same advice.
                let repeats = mode == Mode::Dark
                    && matches!(palette.get(adjust, mode).origin, Origin::Derived(_))
                    && reported.contains(&(adjust, Mode::Light));
                if repeats || reported.contains(&(adjust, mode)) {
                    continue;
                }
                reported.push((adjust, mode));
                let current = palette.get(adjust, mode).colour;
                let shade = current.nearest_passing(&requirements_in(pairs, palette, adjust, mode));
                let suggestion = if adjust == pair.fg {
                    format!("Nearest passing shade: {}", shade.hex_upper())
                } else {
                    format!(
                        "Nearest passing shade of {}: {}",
                        key(adjust, mode),
                        shade.hex_upper()
                    )
                };
                let message = format!(
                    "brand colour {} on {} has contrast {}{}; {}. {suggestion}",
                    describe(palette, pair.fg, mode),
                    describe_on(palette, on, mode),
                    show_ratio(ratio, pair.need.ratio()),
                    if mode == Mode::Dark {
                        " in dark mode"
                    } else {
                        ""
                    },
                    pair.need.rule(),
                );
                let span = [adjust, pair.fg]
                    .into_iter()
                    .chain(match on {
                        On::Brand(role) => Some(role),
                        On::Theme(..) => None,
                    })
                    .find_map(|r| match &palette.get(r, mode).origin {
                        Origin::Set(span) | Origin::Derived(span) => Some(span.clone()),
                        Origin::Default => None,
                    });
                let diagnostic = match span {
                    Some(span) => Diagnostic::at(path, text, span.start, span.len(), message),
                    None => Diagnostic::file(path, message),
                };
                diagnostics.push(diagnostic.with_hint(hint(adjust, mode, palette)));
            }
        }
    }
    diagnostics
}

/// `colours.link` or `colours.dark.link`.
fn key(role: Role, mode: Mode) -> String {
    match mode {
        Mode::Light => format!("`colours.{}`", role.key()),
        Mode::Dark => format!("`colours.dark.{}`", role.key()),
    }
}

fn describe(palette: &Palette, role: Role, mode: Mode) -> String {
    let swatch = palette.get(role, mode);
    match swatch.origin {
        Origin::Derived(_) => format!(
            "{} ({}, derived from `colours.{}`)",
            key(role, mode),
            swatch.colour.hex_upper(),
            role.key()
        ),
        _ => format!("{} ({})", key(role, mode), swatch.colour.hex_upper()),
    }
}

fn describe_on(palette: &Palette, on: On, mode: Mode) -> String {
    match on {
        On::Brand(role) => describe(palette, role, mode),
        On::Theme(name, ..) => format!(
            "the theme's {name} ({})",
            on.colour(palette, mode).hex_upper()
        ),
    }
}

/// "2.5:1"; two decimals when one would round up to the minimum.
fn show_ratio(ratio: f64, minimum: f64) -> String {
    let one = (ratio * 10.0).round() / 10.0;
    if one >= minimum {
        format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
    } else {
        format!("{one:.1}:1")
    }
}

fn hint(role: Role, mode: Mode, palette: &Palette) -> String {
    let derived = matches!(palette.get(role, mode).origin, Origin::Derived(_));
    if derived {
        format!(
            "canteen derives the dark-mode shade from `colours.{0}`; set {1} under `[brand.colours.dark]` to choose it yourself",
            role.key(),
            key(role, mode)
        )
    } else {
        format!(
            "the suggested shade passes every pair {} is in; or choose another colour with enough contrast (WCAG 2.2 AA)",
            key(role, mode)
        )
    }
}
