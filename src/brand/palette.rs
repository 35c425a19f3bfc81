//! The brand palette: one colour per role the theme uses, for light and dark
//! mode, from `[brand.colours]` and `[brand.colours.dark]`, with unset ones
//! filled in (NHS defaults, or a dark shade derived from the trust's light
//! colour). It decides colours only; judging them is `contrast.rs`.

use serde::Deserialize;
use toml::Spanned;

use super::contrast;
use crate::colour::Colour;

/// A colour role the theme uses. Each is one key of `[brand.colours]` and
/// of `[brand.colours.dark]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Header background, accents of cards and panels.
    Brand,
    /// The navigation bar under the header.
    BrandDark,
    /// Body text.
    Text,
    /// Secondary text: review dates, captions, the footer.
    TextSecondary,
    /// Links.
    Link,
    /// Visited links.
    LinkVisited,
    /// Links under the pointer.
    LinkHover,
    /// The focus highlight behind a focused link.
    Focus,
    /// Text on the focus highlight, and the bar under it.
    FocusText,
    /// Text and links in the header and navigation bar.
    HeaderText,
    /// The page background around the content panel.
    Background,
    /// The content panel and footer.
    Surface,
}

/// How a dark-mode colour is found when `[brand.colours.dark]` does not set it.
#[derive(Debug, Clone, Copy)]
enum Dark {
    /// The NHS theme's dark colour, whatever the light one is.
    Nhs(&'static str),
    /// The NHS dark colour while the light one is the NHS default; once a
    /// trust sets the light colour, its nearest shade that passes every dark
    /// pair it is in.
    Derive(&'static str),
    /// The same as the light colour.
    Same,
}

/// Every role: its key, NHS light default and dark rule. The values are the
/// NHS theme's, as `canteen.css` used them before brand settings existed.
const ROLES: &[(Role, &str, &str, Dark)] = &[
    (Role::Brand, "brand", "#005eb8", Dark::Derive("#003087")),
    (
        Role::BrandDark,
        "brand_dark",
        "#003087",
        Dark::Derive("#002060"),
    ),
    (Role::Text, "text", "#212b32", Dark::Nhs("#f0f4f5")),
    (
        Role::TextSecondary,
        "text_secondary",
        "#4c6272",
        Dark::Nhs("#b4c2cc"),
    ),
    (Role::Link, "link", "#005eb8", Dark::Derive("#8cc8ff")),
    (
        Role::LinkVisited,
        "link_visited",
        "#330072",
        Dark::Derive("#d6bcf7"),
    ),
    (
        Role::LinkHover,
        "link_hover",
        "#7c2855",
        Dark::Derive("#ffb8da"),
    ),
    (Role::Focus, "focus", "#ffeb3b", Dark::Same),
    (Role::FocusText, "focus_text", "#212b32", Dark::Same),
    (Role::HeaderText, "header_text", "#ffffff", Dark::Same),
    (
        Role::Background,
        "background",
        "#f0f4f5",
        Dark::Nhs("#0e171d"),
    ),
    (Role::Surface, "surface", "#ffffff", Dark::Nhs("#17242d")),
];

impl Role {
    /// Every role, in `site.toml` order.
    pub fn all() -> impl Iterator<Item = Role> {
        ROLES.iter().map(|r| r.0)
    }

    fn entry(self) -> &'static (Role, &'static str, &'static str, Dark) {
        // ROLES lists every variant once, in declaration order.
        &ROLES[self as usize]
    }

    /// The key in `[brand.colours]` (`link_visited`).
    pub fn key(self) -> &'static str {
        self.entry().1
    }

    fn nhs_light(self) -> Colour {
        Colour::parse(self.entry().2).unwrap_or(Colour::BLACK)
    }
}

/// Light or dark colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The default scheme.
    Light,
    /// `prefers-color-scheme: dark`.
    Dark,
}

/// Declares a colour table: one optional, position-remembering colour per
/// role, plus any extra fields, and `get(role)`.
macro_rules! colour_table {
    ($(#[$doc:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            #[serde(default)] brand: Option<Spanned<Colour>>,
            #[serde(default)] brand_dark: Option<Spanned<Colour>>,
            #[serde(default)] text: Option<Spanned<Colour>>,
            #[serde(default)] text_secondary: Option<Spanned<Colour>>,
            #[serde(default)] link: Option<Spanned<Colour>>,
            #[serde(default)] link_visited: Option<Spanned<Colour>>,
            #[serde(default)] link_hover: Option<Spanned<Colour>>,
            #[serde(default)] focus: Option<Spanned<Colour>>,
            #[serde(default)] focus_text: Option<Spanned<Colour>>,
            #[serde(default)] header_text: Option<Spanned<Colour>>,
            #[serde(default)] background: Option<Spanned<Colour>>,
            #[serde(default)] surface: Option<Spanned<Colour>>,
            $($extra)*
        }

        impl $name {
            fn get(&self, role: Role) -> Option<&Spanned<Colour>> {
                match role {
                    Role::Brand => self.brand.as_ref(),
                    Role::BrandDark => self.brand_dark.as_ref(),
                    Role::Text => self.text.as_ref(),
                    Role::TextSecondary => self.text_secondary.as_ref(),
                    Role::Link => self.link.as_ref(),
                    Role::LinkVisited => self.link_visited.as_ref(),
                    Role::LinkHover => self.link_hover.as_ref(),
                    Role::Focus => self.focus.as_ref(),
                    Role::FocusText => self.focus_text.as_ref(),
                    Role::HeaderText => self.header_text.as_ref(),
                    Role::Background => self.background.as_ref(),
                    Role::Surface => self.surface.as_ref(),
                }
            }
        }
    };
}

colour_table!(
    /// `[brand.colours]`, with its `[brand.colours.dark]` table.
    ColourSettings {
        /// `[brand.colours.dark]`.
        #[serde(default)]
        dark: Option<DarkColours>,
    }
);

colour_table!(
    /// `[brand.colours.dark]`: the same keys, for dark mode.
    DarkColours {}
);

/// Where a resolved colour came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Written in `site.toml` at this byte range.
    Set(std::ops::Range<usize>),
    /// The NHS default.
    Default,
    /// Derived from the light colour written at this byte range.
    Derived(std::ops::Range<usize>),
}

/// One resolved colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swatch {
    /// The colour.
    pub colour: Colour,
    /// Where it came from.
    pub origin: Origin,
}

/// Every role's colour in both schemes, unset ones filled in.
#[derive(Debug, Clone)]
pub struct Palette {
    light: Vec<Swatch>,
    dark: Vec<Swatch>,
}

impl Palette {
    /// The colour of `role` in `mode`.
    pub fn get(&self, role: Role, mode: Mode) -> &Swatch {
        match mode {
            Mode::Light => &self.light[role as usize],
            Mode::Dark => &self.dark[role as usize],
        }
    }
}

impl ColourSettings {
    /// Fills in every unset colour: light ones from the NHS defaults, dark
    /// ones by each role's rule (derived shades pass the dark pairs they are in).
    pub fn palette(&self) -> Palette {
        let light: Vec<Swatch> = Role::all()
            .map(|role| match self.get(role) {
                Some(set) => Swatch {
                    colour: *set.get_ref(),
                    origin: Origin::Set(set.span()),
                },
                None => Swatch {
                    colour: role.nhs_light(),
                    origin: Origin::Default,
                },
            })
            .collect();
        let dark_keys = self.dark.clone().unwrap_or_default();
        let mut dark: Vec<Swatch> = Role::all()
            .map(|role| {
                if let Some(set) = dark_keys.get(role) {
                    return Swatch {
                        colour: *set.get_ref(),
                        origin: Origin::Set(set.span()),
                    };
                }
                let nhs = |hex: &str| Swatch {
                    colour: Colour::parse(hex).unwrap_or(Colour::BLACK),
                    origin: Origin::Default,
                };
                let same = light[role as usize].clone();
                match (role.entry().3, same.origin) {
                    (Dark::Nhs(hex), _) | (Dark::Derive(hex), Origin::Default) => nhs(hex),
                    // Until a derived shade replaces it below.
                    (_, Origin::Set(span)) => Swatch {
                        colour: same.colour,
                        origin: Origin::Derived(span),
                    },
                    (_, origin) => Swatch {
                        colour: same.colour,
                        origin,
                    },
                }
            })
            .collect();
        // Derived shades: the trust's light colour, moved just far enough to
        // pass every dark pair it takes part in (other colours settled first).
        for role in Role::all() {
            let (Dark::Derive(_), None, Origin::Set(span)) = (
                role.entry().3,
                dark_keys.get(role),
                light[role as usize].origin.clone(),
            ) else {
                continue;
            };
            let partial = Palette {
                light: light.clone(),
                dark: dark.clone(),
            };
            let needs = contrast::requirements(&partial, role, Mode::Dark);
            dark[role as usize] = Swatch {
                colour: light[role as usize].colour.nearest_passing(&needs),
                origin: Origin::Derived(span),
            };
        }
        Palette { light, dark }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(toml_text: &str) -> ColourSettings {
        #[derive(Deserialize)]
        struct T {
            colours: ColourSettings,
        }
        let t: T = toml::from_str(toml_text).expect("valid colours");
        t.colours
    }

    #[test]
    fn roles_table_matches_the_enum() {
        for (i, role) in Role::all().enumerate() {
            assert_eq!(role as usize, i, "{role:?}");
        }
    }

    #[test]
    fn defaults_are_the_nhs_theme() {
        let p = ColourSettings::default().palette();
        assert_eq!(p.get(Role::Link, Mode::Light).colour.hex(), "#005eb8");
        assert_eq!(p.get(Role::Link, Mode::Dark).colour.hex(), "#8cc8ff");
        assert_eq!(p.get(Role::Brand, Mode::Dark).colour.hex(), "#003087");
        assert_eq!(p.get(Role::Surface, Mode::Dark).colour.hex(), "#17242d");
    }

    #[test]
    fn dark_shades_derive_from_a_trusts_light_colour() {
        let p = colours("[colours]\nlink = \"#00703C\"").palette();
        let dark = p.get(Role::Link, Mode::Dark);
        assert!(matches!(dark.origin, Origin::Derived(_)));
        assert!(
            dark.colour
                .contrast(p.get(Role::Surface, Mode::Dark).colour)
                >= 4.5
        );
        let p =
            colours("[colours]\nlink = \"#00703C\"\n[colours.dark]\nlink = \"#8cc8ff\"").palette();
        assert_eq!(p.get(Role::Link, Mode::Dark).colour.hex(), "#8cc8ff");
    }
}
