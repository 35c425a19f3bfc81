//! Social cards: the 1200×630 PNG a social network shows when a page is
//! shared, one per page per edition, in the brand's colours, with the
//! organisation and site names, the page title (wrapped and shrunk to fit,
//! `layout.rs`) and its section. A card is described as SVG and drawn with
//! resvg, in the font the theme ships (Liberation Sans, SIL Open Font
//! Licence, `themes/nhs/cards/`), never a system font.
//!
//! This module draws; it never decides which pages get cards or where they
//! are cached (`site/extras/cards.rs` does).

pub mod layout;

use std::sync::{Arc, OnceLock};

use crate::html::escape;
use layout::Metrics;

/// Liberation Sans Regular (metric-compatible with Arial).
pub const FONT_REGULAR: &[u8] = include_bytes!("../../themes/nhs/cards/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub const FONT_BOLD: &[u8] = include_bytes!("../../themes/nhs/cards/LiberationSans-Bold.ttf");
/// The family both fonts belong to.
const FAMILY: &str = "Liberation Sans";

/// Card width in pixels (Open Graph's recommended size).
pub const WIDTH: u32 = 1200;
/// Card height in pixels.
pub const HEIGHT: u32 = 630;
/// Space at the card's left and right.
const MARGIN: f32 = 80.0;
/// Width of a line of text.
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// Where the title's box starts and ends (top to bottom).
const TITLE_TOP: f32 = 200.0;
/// Where the band with the section starts.
const BAND_TOP: f32 = 540.0;
/// Changes whenever the drawing changes, so cached cards are drawn again.
const DESIGN: &str = "card-design-1";

/// The folder of every card in the output.
pub const FOLDER: &str = "social-cards/";

/// The name of the home page's card (`social-cards/index.png`).
const HOME: &str = "index";
/// What a page at `index/` is called instead, so it is not the home page's.
const INDEX_PAGE: &str = "index--";

/// The output path of a page's card: `prefix` is its edition's (`2013/`),
/// `url` its address inside the edition. Every card is a file straight in
/// `social-cards/`, named from the page's address with `--` for each `/`
/// (`platforms/x/` → `social-cards/platforms--x.png`, `2013/about/` →
/// `2013--about.png`); the home page's is `index.png` and a page at
/// `index/` gets `index--.png`. One file per page and no folder: a folder
/// per card cost a build as much as the card itself. Two pages whose names
/// meet (`a/b/` and a slug `a--b`) are a clash, claimed like every output.
pub fn path(prefix: &str, url: &str) -> String {
    let address = format!("{prefix}{url}");
    let name = address.trim_end_matches('/').replace('/', "--");
    let name = match name.as_str() {
        "" => HOME,
        HOME => INDEX_PAGE,
        name => name,
    };
    format!("{FOLDER}{name}.png")
}

/// The page address (`platforms/x/`, `""` for the home page) whose card
/// would be at `path`, the other way from `path`; `None` when `path` is no
/// card's. A page whose own address holds `--` is not found this way.
pub fn address_of(path: &str) -> Option<String> {
    let name = path.strip_prefix(FOLDER)?.strip_suffix(".png")?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some(match name {
        HOME => String::new(),
        INDEX_PAGE => format!("{HOME}/"),
        name => format!("{}/", name.replace("--", "/")),
    })
}

/// What a card shows, in words, for `og:image:alt`: "Facebook — NHS
/// social media toolkit, NHS Employers".
pub fn alt(title: &str, site: &str, organisation: &str) -> String {
    format!("{title} — {site}, {organisation}")
}

/// Everything drawn on a card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// The page's title.
    pub title: String,
    /// Its section's title (the site's title for top-level pages).
    pub section: String,
    /// The organisation (`[brand] name`).
    pub organisation: String,
    /// The site's title.
    pub site: String,
    /// Background (`#rrggbb`): the brand colour, as the site's header.
    pub background: String,
    /// The band behind the section: the header's darker brand colour.
    pub band: String,
    /// Text: the header's text colour (contrast checked with the theme's).
    pub text: String,
}

impl Card {
    /// A hash of everything drawn (and of the drawing itself): the name
    /// of the card in the cache.
    pub fn key(&self) -> String {
        let Card {
            title,
            section,
            organisation,
            site,
            background,
            band,
            text,
        } = self;
        let mut bytes = Vec::new();
        for part in [
            DESIGN,
            title,
            section,
            organisation,
            site,
            background,
            band,
            text,
        ] {
            bytes.extend_from_slice(part.as_bytes());
            bytes.push(0);
        }
        bytes.extend_from_slice(&(FONT_REGULAR.len() + FONT_BOLD.len()).to_le_bytes());
        // FNV-1a, 64 bits: stable across Rust versions (unlike
        // `DefaultHasher`), so a cache outlives an upgrade of the compiler.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
    }

    /// The card as SVG, every text measured and placed.
    pub fn svg(&self) -> String {
        let Fonts { bold, regular, .. } = fonts();
        let title = layout::title(&self.title, bold, TEXT_WIDTH);
        let line_height = title.size * 1.15;
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"{FAMILY}\">\n\
             <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{bg}\"/>\n\
             <rect y=\"{BAND_TOP}\" width=\"{WIDTH}\" height=\"{band_height}\" fill=\"{band}\"/>\n\
             <text x=\"{MARGIN}\" y=\"112\" font-size=\"40\" font-weight=\"bold\" fill=\"{fg}\">{organisation}</text>\n\
             <text x=\"{MARGIN}\" y=\"158\" font-size=\"30\" fill=\"{fg}\">{site}</text>\n\
             <rect x=\"{MARGIN}\" y=\"176\" width=\"96\" height=\"6\" fill=\"{fg}\"/>\n",
            bg = escape(&self.background),
            band = escape(&self.band),
            fg = escape(&self.text),
            band_height = HEIGHT as f32 - BAND_TOP,
            organisation = escape(&layout::one_line(
                &self.organisation,
                bold,
                40.0,
                TEXT_WIDTH
            )),
            site = escape(&layout::one_line(&self.site, regular, 30.0, TEXT_WIDTH)),
        );
        svg.push_str(&format!(
            "<text font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">",
            title.size,
            escape(&self.text)
        ));
        for (i, line) in title.lines.iter().enumerate() {
            let y = TITLE_TOP + title.size + line_height * i as f32;
            svg.push_str(&format!(
                "<tspan x=\"{MARGIN}\" y=\"{y:.0}\">{}</tspan>",
                escape(line)
            ));
        }
        svg.push_str("</text>\n");
        svg.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"597\" font-size=\"34\" fill=\"{}\">{}</text>\n</svg>\n",
            escape(&self.text),
            escape(&layout::one_line(&self.section, regular, 34.0, TEXT_WIDTH))
        ));
        svg
    }

    /// The card as a PNG.
    pub fn draw(&self) -> Result<Vec<u8>, String> {
        let tree = resvg::usvg::Tree::from_str(&self.svg(), &fonts().options)
            .map_err(|e| e.to_string())?;
        let mut pixmap =
            resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for a card")?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        // Opaque RGB, quickly compressed: much faster than the default
        // RGBA encoding, at a size social networks take.
        let rgb = without_alpha(pixmap.data());
        let mut png = Vec::with_capacity(64 * 1024);
        let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(png)
    }
}

/// The RGB bytes of RGBA pixels. An optimised build takes the iterator
/// chain, which it turns into vector code (0.8 ms a card here); a debug
/// build, the tests', calls a function or two per byte for it (170 ms a
/// card, most of a small test site's build), so it takes a loop of plain
/// indexing instead (14 ms, but 1.1 ms optimised). The two give the same
/// bytes (`both_ways_of_dropping_alpha_agree`).
fn without_alpha(rgba: &[u8]) -> Vec<u8> {
    if cfg!(debug_assertions) {
        without_alpha_indexed(rgba)
    } else {
        without_alpha_iterated(rgba)
    }
}

fn without_alpha_iterated(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect()
}

fn without_alpha_indexed(rgba: &[u8]) -> Vec<u8> {
    let pixels = rgba.len() / 4;
    let mut rgb = vec![0; pixels * 3];
    // Indexing a slice is built in; indexing the Vec, or a range's
    // iterator, would be a call per step again.
    let out = rgb.as_mut_slice();
    let mut p = 0;
    while p < pixels {
        out[3 * p] = rgba[4 * p];
        out[3 * p + 1] = rgba[4 * p + 1];
        out[3 * p + 2] = rgba[4 * p + 2];
        p += 1;
    }
    rgb
}

/// What drawing needs, made once per process, when the first card is
/// drawn (a build whose cards are all cached never parses a font): both
/// fonts' metrics for the layout, and resvg's options with a font database
/// holding those two fonts and nothing else.
struct Fonts {
    bold: Metrics<'static>,
    regular: Metrics<'static>,
    options: resvg::usvg::Options<'static>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let metrics = |font| {
            Metrics::new(font)
                .unwrap_or_else(|| unreachable!("the theme's card fonts are TrueType"))
        };
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(FONT_REGULAR)));
        db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(FONT_BOLD)));
        Fonts {
            bold: metrics(FONT_BOLD),
            regular: metrics(FONT_REGULAR),
            options: resvg::usvg::Options {
                fontdb: Arc::new(db),
                font_family: FAMILY.to_string(),
                ..resvg::usvg::Options::default()
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> Card {
        Card {
            title: title.to_string(),
            section: "Social media platforms".into(),
            organisation: "NHS Employers".into(),
            site: "NHS social media toolkit".into(),
            background: "#005eb8".into(),
            band: "#003087".into(),
            text: "#ffffff".into(),
        }
    }

    #[test]
    fn both_ways_of_dropping_alpha_agree() {
        let rgba: Vec<u8> = (0..4 * 1000 + 3).map(|i| (i * 7 % 251) as u8).collect();
        let iterated = without_alpha_iterated(&rgba);
        assert_eq!(iterated.len(), 3000);
        assert_eq!(
            iterated[..6],
            [rgba[0], rgba[1], rgba[2], rgba[4], rgba[5], rgba[6]]
        );
        assert_eq!(without_alpha_indexed(&rgba), iterated);
        assert_eq!(without_alpha(&rgba), iterated);
    }

    #[test]
    fn every_card_is_one_file_named_from_its_address_and_found_again() {
        for (prefix, url, file) in [
            ("", "", "social-cards/index.png"),
            ("", "index/", "social-cards/index--.png"),
            ("", "about/", "social-cards/about.png"),
            ("", "platforms/x/", "social-cards/platforms--x.png"),
            ("2013/", "", "social-cards/2013.png"),
            (
                "2013/",
                "platforms/x/",
                "social-cards/2013--platforms--x.png",
            ),
        ] {
            assert_eq!(path(prefix, url), file);
            assert_eq!(address_of(file), Some(format!("{prefix}{url}")), "{file}");
        }
        for other in [
            "social-cards/a/index.png",
            "social-cards/.png",
            "social-cards/a.jpg",
            "about.png",
        ] {
            assert_eq!(address_of(other), None, "{other}");
        }
    }

    #[test]
    fn the_description_has_the_title_words_section_and_names() {
        let svg = card("Facebook & <friends>").svg();
        assert!(
            svg.contains(">Facebook &amp; &lt;friends&gt;</tspan>"),
            "{svg}"
        );
        for text in [
            "NHS Employers",
            "NHS social media toolkit",
            "Social media platforms",
        ] {
            assert!(svg.contains(&format!(">{text}</text>")), "{text}: {svg}");
        }
        assert!(svg.contains("font-family=\"Liberation Sans\""));
    }

    #[test]
    fn the_key_changes_with_anything_drawn() {
        let a = card("Facebook");
        assert_eq!(a.key(), card("Facebook").key());
        assert_ne!(a.key(), card("LinkedIn").key());
        let mut b = a.clone();
        b.band = "#000000".into();
        assert_ne!(a.key(), b.key());
    }

    #[test]
    fn a_card_is_a_1200_by_630_png() {
        let png = card("Facebook").draw().expect("draws");
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, after the signature and chunk head.
        assert_eq!(
            u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
            WIDTH
        );
        assert_eq!(
            u32::from_be_bytes([png[20], png[21], png[22], png[23]]),
            HEIGHT
        );
    }
}
