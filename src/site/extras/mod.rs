//! The files canteen makes besides the documents: the "page not found"
//! page, redirects, each edition's "what changed" page, the sitemap and
//! robots.txt, the generated stylesheets, the Atom feeds, each edition's
//! print page, social cards, and each edition's search index and search
//! page. Each is an `Extra` in a file of its own; a new one is one more
//! file here and one more line in `ALL`.
//!
//! An extra says which files it writes before anything is rendered (they
//! are claimed with every other output, `site::outputs`), and renders them
//! beside the documents, in parallel, with the same template values.

mod card_cache;
pub mod cards;
pub mod feeds;
mod not_found;
pub mod print;
mod redirects;
pub mod search;
pub mod sitemap;
mod stylesheets;
mod what_changed;

use std::path::Path;

use rayon::prelude::*;

use crate::error::Error;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::Globals;
use crate::render::context::ContextBuilder;

use super::Site;
use super::outputs::EditionTree;

pub use redirects::address_of_alias;

/// What an extra knows when its files are claimed: the site's editions,
/// before anything is rendered.
pub struct Shape<'a, 's> {
    /// Every edition, oldest first and the current one last.
    pub editions: &'s [EditionTree<'a>],
    /// The configuration file and its text, for errors at an edition id.
    pub config: (&'s Path, &'s str),
    /// Social cards are on (`[social_cards] enabled`).
    pub cards: bool,
    /// Whether the site has search (`[search] enabled`).
    pub search: bool,
}

/// What an extra renders with: the loaded site and, per edition, the
/// context builder and the values every template shares.
pub struct Render<'s> {
    /// The site.
    pub site: &'s Site,
    /// One per edition, oldest first (`Site::views`).
    pub builders: &'s [ContextBuilder<'s>],
    /// One per edition, like `builders`.
    pub globals: &'s [Globals],
}

impl Render<'_> {
    /// The current edition's index in `builders`.
    pub fn current(&self) -> usize {
        self.builders.len() - 1
    }

    /// The site's base path (`/`), before any edition's id.
    pub fn site_base(&self) -> &str {
        self.builders[self.current()].editions.site_base
    }
}

/// A file, or a family of files, canteen makes.
pub trait Extra: Sync {
    /// The files at fixed paths it writes, and what they are in words
    /// (`("sitemap.xml", "the sitemap")`): claimed first, and paths content
    /// may link to.
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// Claims the files whose paths follow the content (a redirect for
    /// each alias); a clash is an error before anything is written.
    fn claim<'a>(&self, _shape: &Shape<'a, '_>, _claims: &mut Claims<'a>) {}

    /// Renders its files into `sink`.
    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error>;
}

/// Every extra. Claims and errors follow this order; `render` starts them
/// from the last, so the costliest stay at the end (the cards, then the
/// search index), where they start beside the pages.
pub const ALL: &[&dyn Extra] = &[
    &not_found::NotFound,
    &what_changed::WhatChanged,
    &redirects::Redirects,
    &sitemap::Sitemap,
    &stylesheets::Stylesheets,
    &feeds::Feeds,
    &print::Print,
    &cards::Cards,
    &search::Search,
];

/// Every file at a fixed path canteen makes, and what it is.
pub fn fixed_files() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    ALL.iter().flat_map(|extra| extra.files())
}

/// Claims every extra's files: the fixed ones (`first`), or the ones that
/// follow the content.
pub fn claim<'a>(shape: &Shape<'a, '_>, claims: &mut Claims<'a>, first: bool) {
    for extra in ALL {
        if first {
            for (path, what) in extra.files() {
                claims.claim(path.to_string(), Origin::Generated(what), shape.config);
            }
        } else {
            extra.claim(shape, claims);
        }
    }
}

/// Renders every extra into `sink`.
pub fn render(cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
    // In parallel: each writes its own files. Started last first, so that
    // the costliest (the search index, then the cards) begin beside the
    // pages and their serial stretches do not end the build alone. The
    // first error in `ALL`'s order is reported, whichever finished first.
    let mut done: Vec<(usize, Result<(), Error>)> = (0..ALL.len())
        .into_par_iter()
        .rev()
        .map(|n| (n, ALL[n].render(cx, sink)))
        .collect();
    done.sort_by_key(|(n, _)| *n);
    done.into_iter().try_for_each(|(_, result)| result)
}
