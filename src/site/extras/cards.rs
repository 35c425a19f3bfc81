//! Social cards for every page of every edition (`social-cards/<page
//! address>index.png`, `social-cards/2013/…`), drawn by `cards` in
//! parallel. A drawn card is kept in the site's cache folder
//! (`.canteen-cache/cards/<hash of everything drawn>.png`, git-ignored,
//! never read as content), so an unchanged card is never drawn twice.
//! Off with `[social_cards] enabled = false`, and for a theme none of
//! whose templates shows `social_image`; a page with its own
//! `social_image` gets none.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Extra, Render, Shape};
use crate::brand::{Mode, Role};
use crate::cards::Card;
use crate::config::Config;
use crate::content::{ContentTree, DocId};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::site::{PageRef, Site};

/// Every page's card.
pub struct Cards;

use crate::cards::path as card_path;

/// True when the document gets a generated card.
pub fn has_card(config: &Config, tree: &ContentTree, id: DocId) -> bool {
    config.social_cards.enabled && tree.docs[id].meta.social_image.is_none()
}

impl Extra for Cards {
    fn claim<'a>(&self, shape: &Shape<'a, '_>, claims: &mut Claims<'a>) {
        for edition in shape.editions {
            for doc in &edition.tree.docs {
                if shape.cards && doc.meta.social_image.is_none() {
                    claims.claim(
                        card_path(&edition.prefix, &doc.url),
                        Origin::Generated("a social card"),
                        shape.config,
                    );
                }
            }
        }
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let config = &cx.site.config;
        if !config.social_cards.enabled
            || !cx.site.theme.shows_social_images()
            || sink.makes_on_request()
        {
            return Ok(());
        }
        // The brand's colours and names, worked out once, not per page.
        let base = &card(config, String::new(), String::new());
        let jobs: Vec<(String, Card)> = cx
            .builders
            .iter()
            .flat_map(|b| {
                (0..b.tree.docs.len())
                    .filter(|&id| has_card(config, b.tree, id))
                    .map(move |id| {
                        (
                            card_path(b.prefix(), &b.tree.docs[id].url),
                            card_like(base, config, b.tree, id),
                        )
                    })
            })
            .collect();
        let cache = cache_folder(&cx.site.paths.root);
        jobs.par_iter().try_for_each(|(path, card)| {
            let png = cached_or_drawn(&cache, card)?;
            sink.put(path, png).map_err(Error::from)
        })
    }
}

/// The card at `path` in the output (`social-cards/platforms/x/index.png`),
/// for the dev server, which draws a card when it is asked for (from the
/// cache when it can, and keeping it there: the cache is the site's, never
/// `public/`). `None` when no page of the site has a card there.
pub fn on_request(
    site: &Site,
    path: &str,
    page_of: impl Fn(&str) -> Option<PageRef>,
) -> Option<Result<Vec<u8>, Error>> {
    let card = card_page(site, path, page_of)?;
    Some(cached_or_drawn(&cache_folder(&site.paths.root), &card))
}

/// What the card at `path` shows, when a page of the site has one there.
pub fn card_page(
    site: &Site,
    path: &str,
    page_of: impl Fn(&str) -> Option<PageRef>,
) -> Option<Card> {
    let inside = path
        .strip_prefix(crate::cards::FOLDER)?
        .strip_suffix("index.png")?;
    let (v, id) = page_of(&format!("{inside}index.html"))?;
    let config = &site.config;
    if !config.social_cards.enabled || !site.theme.shows_social_images() {
        return None;
    }
    let views = site.views();
    let tree = views.get(v)?.tree;
    if !has_card(config, tree, id) {
        return None;
    }
    Some(card_of(config, tree, id))
}

/// The site's folder of drawn cards.
pub fn cache_folder(root: &Path) -> PathBuf {
    root.join(crate::paths::CACHE).join("cards")
}

/// What a document's card shows.
pub fn card_of(config: &Config, tree: &ContentTree, id: DocId) -> Card {
    card_like(
        &card(config, String::new(), String::new()),
        config,
        tree,
        id,
    )
}

/// `base`'s colours and names with a document's title and section.
fn card_like(base: &Card, config: &Config, tree: &ContentTree, id: DocId) -> Card {
    let doc = &tree.docs[id];
    let section = doc
        .parent
        .filter(|&p| p != crate::content::HOME)
        .map_or_else(|| config.title.clone(), |p| tree.docs[p].title.clone());
    Card {
        title: doc.title.clone(),
        section,
        ..base.clone()
    }
}

/// A card in the site's colours and names.
fn card(config: &Config, title: String, section: String) -> Card {
    let palette = config.brand.colours.palette();
    let colour = |role| palette.get(role, Mode::Light).colour.hex();
    Card {
        title,
        section,
        organisation: config
            .brand
            .name
            .clone()
            .unwrap_or_else(|| crate::brand::DEFAULT_NAME.to_string()),
        site: config.title.clone(),
        background: colour(Role::Brand),
        band: colour(Role::BrandDark),
        text: colour(Role::HeaderText),
    }
}

/// The card's PNG from the cache, or drawn and put in the cache. A cache
/// that cannot be written only costs a drawing next time.
fn cached_or_drawn(cache: &Path, card: &Card) -> Result<Vec<u8>, Error> {
    let file = cache.join(format!("{}.png", card.key()));
    if let Ok(png) = std::fs::read(&file) {
        return Ok(png);
    }
    let png = card.draw().map_err(|e| {
        Error::Content(vec![Diagnostic::file(
            PathBuf::from(crate::paths::CACHE),
            format!(
                "the social card of `{}` could not be drawn: {e}",
                card.title
            ),
        )])
    })?;
    // Written beside its final name and renamed: a card being written by
    // another build is never read half-written.
    if std::fs::create_dir_all(cache).is_ok() {
        let partial = cache.join(format!(".{}.{}.tmp", card.key(), std::process::id()));
        if std::fs::write(&partial, &png).is_ok() && std::fs::rename(&partial, &file).is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::Colour;

    #[test]
    fn a_cards_colours_are_the_headers_and_pass_its_contrast() {
        for colours in [
            "",
            "[brand.colours]\nbrand = \"#00703C\"\n",
            "[brand.colours]\nbrand = \"#7C2855\"\n",
        ] {
            let text = format!("title = \"T\"\n{colours}");
            let config = Config::from_str(&text, Path::new("site.toml")).expect("valid");
            let card = card(&config, "X".into(), "Y".into());
            let fg = Colour::parse(&card.text).expect("colour");
            for bg in [&card.background, &card.band] {
                let ratio = fg.contrast(Colour::parse(bg).expect("colour"));
                assert!(
                    ratio >= 4.5,
                    "{} on {bg}: {ratio:.2} ({colours})",
                    card.text
                );
            }
        }
    }
}
