//! `[brand]` in `site.toml`: whose toolkit this is — name, logo, colours,
//! contact details, social media policy and accounts — with defaults that
//! reproduce the NHS Employers site.
//!
//! This module owns the settings and how unset colours are filled in
//! (`palette`); `contrast` checks the pairs the theme uses and `css` writes
//! `css/brand.css`. It never reads files and never touches templates: the
//! theme gets `site.brand` (`BrandContext`) and the generated stylesheet.

pub mod contrast;
pub mod css;
mod links;
mod palette;

pub use links::check_links;
pub use palette::{ColourSettings, DarkColours, Mode, Origin, Palette, Role, Swatch};

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The organisation shown when `site.toml` names none.
pub const DEFAULT_NAME: &str = "NHS Employers";

/// The share image used when `[brand] social_image` is not set.
pub const DEFAULT_SOCIAL_IMAGE: &str = "images/og-default.png";

/// `[brand]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// The organisation's full name ("Example Teaching Hospitals NHS Trust").
    #[serde(default)]
    pub name: Option<String>,
    /// A short name for narrow screens and app titles ("Example Hospitals").
    #[serde(default)]
    pub short_name: Option<String>,
    /// The image social networks show for a shared link (a static file).
    #[serde(default)]
    pub social_image: Option<String>,
    /// The link to the trust's own social media policy: a web address, or
    /// an address on this site such as `/policies/social-media/`.
    #[serde(default)]
    pub social_media_policy: Option<Spanned<String>>,
    /// `[brand.logo]`.
    #[serde(default)]
    pub logo: Option<Logo>,
    /// `[brand.colours]`.
    #[serde(default)]
    pub colours: ColourSettings,
    /// `[brand.contact]`.
    #[serde(default)]
    pub contact: Contact,
    /// `[[brand.social]]`: the organisation's own accounts.
    #[serde(default)]
    pub social: Vec<SocialAccount>,
}

/// `[brand.logo]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// A static file, as it is published (`images/logo.svg`).
    pub file: Spanned<String>,
    /// What the logo says, for people who cannot see it.
    pub alt: Spanned<String>,
    /// Where the logo links to; the home page when unset.
    #[serde(default)]
    pub link: Option<String>,
}

/// `[brand.contact]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The communications team's e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// A postal address, lines separated by commas or new lines.
    #[serde(default)]
    pub address: Option<String>,
}

/// `[[brand.social]]`: one account.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SocialAccount {
    /// "Facebook", "Instagram", "LinkedIn", "X"…
    pub platform: String,
    /// What readers see ("@ExampleNHS").
    pub handle: String,
    /// The account's address.
    pub url: String,
}

/// `site.brand` in templates: every key always present (`none` when unset).
#[derive(Debug, Serialize)]
pub struct BrandContext {
    name: String,
    short_name: String,
    logo: Option<LogoContext>,
    social_image: String,
    social_media_policy: Option<String>,
    contact: Contact,
    social: Vec<SocialAccount>,
    colours: serde_json::Value,
}

/// `site.brand.logo`.
#[derive(Debug, Serialize)]
struct LogoContext {
    url: String,
    alt: String,
    link: String,
}

impl Brand {
    /// The organisation's name: `[brand] name`, else the older
    /// `[extra] organisation`, else NHS Employers.
    pub fn name(&self, extra: &toml::Table) -> String {
        self.name
            .clone()
            .or_else(|| {
                extra
                    .get("organisation")
                    .and_then(toml::Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| DEFAULT_NAME.to_string())
    }

    /// The template value; `base_path` prefixes files and site addresses.
    pub fn context(&self, extra: &toml::Table, base_path: &str) -> BrandContext {
        let on_site = |path: &str| {
            if path.contains("://") || path.starts_with("mailto:") {
                path.to_string()
            } else {
                format!("{base_path}{}", path.trim_start_matches('/'))
            }
        };
        let name = self.name(extra);
        let palette = self.colours.palette();
        let scheme = |mode: Mode| {
            serde_json::Value::Object(
                Role::all()
                    .map(|r| {
                        (
                            r.key().to_string(),
                            palette.get(r, mode).colour.hex().into(),
                        )
                    })
                    .collect(),
            )
        };
        let mut colours = scheme(Mode::Light);
        if let serde_json::Value::Object(map) = &mut colours {
            map.insert("dark".into(), scheme(Mode::Dark));
        }
        BrandContext {
            short_name: self.short_name.clone().unwrap_or_else(|| name.clone()),
            name,
            logo: self.logo.as_ref().map(|logo| LogoContext {
                url: on_site(logo.file.get_ref()),
                alt: logo.alt.get_ref().clone(),
                link: on_site(logo.link.as_deref().unwrap_or("")),
            }),
            social_image: self
                .social_image
                .clone()
                .unwrap_or_else(|| DEFAULT_SOCIAL_IMAGE.to_string()),
            social_media_policy: self
                .social_media_policy
                .as_ref()
                .map(|p| on_site(p.get_ref())),
            contact: self.contact.clone(),
            social: self.social.clone(),
            colours,
        }
    }
}
