//! Social cards for every page of every edition (`social-cards/<page
//! address, `--` for `/`>.png`, `crate::cards::path`), drawn by `cards` in
//! parallel, each look once however many pages share it. A drawn card is
//! kept in the site's cache folder (`card_cache.rs`:
//! `.canteen-cache/cards/<hash of everything drawn>.png`), so an unchanged
//! card is never drawn twice, and is hard-linked into the output.
//! Off with `[social_cards] enabled = false`, and for a theme none of
//! whose templates shows `social_image`; a page with its own
//! `social_image` gets none.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::card_cache::CardCache;
use super::{Extra, Render, Shape};
use crate::brand::{Mode, Role};
use crate::cards::Card;
use crate::config::Config;
use crate::content::{ContentTree, DocId};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::context::ContextBuilder;
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
                        Origin::Card(doc),
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
        // Every page with a card: its edition and its id.
        let pages = || {
            cx.builders.iter().flat_map(move |b| {
                (0..b.tree.docs.len())
                    .filter(move |&id| has_card(config, b.tree, id))
                    .map(move |id| (b, id))
            })
        };
        let path = |b: &ContextBuilder<'_>, id: DocId| card_path(b.prefix(), &b.tree.docs[id].url);
        if sink.keeps_nothing() {
            // `canteen check`: the cards' addresses, not 40 s of drawing
            // at 10,000 pages on a checkout with no cards kept.
            for (b, id) in pages() {
                sink.put(&path(b, id), Vec::new())?;
            }
            return Ok(());
        }
        // The brand's colours and names, worked out once, not per page.
        let base = &card(config, String::new(), String::new());
        let jobs: Vec<(String, Card)> = pages()
            .map(|(b, id)| (path(b, id), card_like(base, config, b.tree, id)))
            .collect();
        draw_and_place(&CardCache::new(&cx.site.paths.root), jobs, sink)
    }
}

/// Places every job's card at its path in `sink`. A card that looks the
/// same as another (a page unchanged between editions) is looked up and
/// drawn once; a cached one is hard-linked from the cache, never read.
fn draw_and_place(
    cache: &CardCache,
    jobs: Vec<(String, Card)>,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let mut by_key: HashMap<String, (Card, Vec<String>)> = HashMap::new();
    for (path, card) in jobs {
        by_key
            .entry(card.key())
            .or_insert_with(|| (card, Vec::new()))
            .1
            .push(path);
    }
    let by_key: Vec<_> = by_key.into_iter().collect();
    by_key.par_iter().try_for_each(|(key, (card, paths))| {
        let file = match cache.get(key) {
            Some(file) => file,
            None => {
                let png = draw(card)?;
                match cache.put(key, &png) {
                    Some(file) => file,
                    None => {
                        for path in paths {
                            sink.put(path, png.clone())?;
                        }
                        return Ok(());
                    }
                }
            }
        };
        for path in paths {
            sink.link_from(path, &file)?;
        }
        Ok(())
    })
}

/// The card at `path` in the output (`social-cards/platforms--x.png`),
/// for the dev server, which draws a card when it is asked for (from the
/// cache when it can, and keeping it there: the cache is the site's, never
/// `public/`). `None` when no page of the site has a card there.
pub fn on_request(
    site: &Site,
    path: &str,
    page_of: impl Fn(&str) -> Option<PageRef>,
) -> Option<Result<Vec<u8>, Error>> {
    let card = card_page(site, path, page_of)?;
    let cache = CardCache::new(&site.paths.root);
    let key = card.key();
    if let Some(png) = cache.get(&key).and_then(|file| std::fs::read(file).ok()) {
        return Some(Ok(png));
    }
    Some(draw(&card).inspect(|png| {
        cache.put(&key, png);
    }))
}

/// What the card at `path` shows, when a page of the site has one there:
/// the page at the address the card's name gives (`page_of` finds it),
/// else, for a page whose own address holds `--`, the page whose card
/// path is `path`, looked for among them all.
pub fn card_page(
    site: &Site,
    path: &str,
    page_of: impl Fn(&str) -> Option<PageRef>,
) -> Option<Card> {
    let address = crate::cards::address_of(path)?;
    let config = &site.config;
    if !config.social_cards.enabled || !site.theme.shows_social_images() {
        return None;
    }
    let views = site.views();
    let at = |(v, id): PageRef| {
        let view = views.get(v)?;
        let doc = view.tree.docs.get(id)?;
        (card_path(&view.prefix(), &doc.url) == path).then_some((view.tree, id))
    };
    let (tree, id) = page_of(&format!("{address}index.html"))
        .and_then(at)
        .or_else(|| site.all_pages().into_iter().find_map(at))?;
    if !has_card(config, tree, id) {
        return None;
    }
    Some(card_of(config, tree, id))
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

/// The card's PNG, drawn.
fn draw(card: &Card) -> Result<Vec<u8>, Error> {
    card.draw().map_err(|e| {
        Error::Content(vec![Diagnostic::file(
            PathBuf::from(crate::paths::CACHE),
            format!(
                "the social card of `{}` could not be drawn: {e}",
                card.title
            ),
        )])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::Colour;
    use std::path::Path;

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
