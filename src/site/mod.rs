//! The build pipeline: load → parse → render → write, as one `Site`.
//!
//! Each stage has its file: `load.rs` (everything that can fail on the
//! user's content, every error collected), `markdown.rs` (every edition's
//! Markdown, links and anchors), `outputs.rs` (every output file claimed by
//! one source), `render.rs` (documents, static files), `extras/` (the files
//! that are not documents: 404, redirects, "what changed", sitemap,
//! stylesheets), `build.rs` (the atomic output folder), `plan.rs` and
//! `update.rs` (the dev server's rebuild policy and its edits in place).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::content::data::Data;
use crate::content::{ContentTree, DocId, LoadOptions};
use crate::diagnostics::Diagnostic;
use crate::editions::compare::Compared;
use crate::editions::{Earlier, View};
use crate::markdown::Rendered;
use crate::paths::SitePaths;
use crate::render::Templates;
use crate::render::theme::Theme;

mod build;
pub mod extras;
pub mod html_links;
pub mod languages;
mod load;
pub(crate) mod markdown;
mod outputs;
pub mod parity;
pub mod plan;
mod render;
pub mod update;

pub use build::{BuildReport, build};

/// Prints how long a stage took when `CANTEEN_TIMINGS` is set: measure
/// where the time goes before optimising.
fn timing(stage: &str, since: Instant) -> Instant {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ENABLED.get_or_init(|| std::env::var_os("CANTEEN_TIMINGS").is_some()) {
        eprintln!(
            "{stage:>12}: {:>7.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    Instant::now()
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds `site.toml`).
    pub root: PathBuf,
    /// Where to write; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Include draft pages.
    pub drafts: bool,
    /// A preview build even at `site.toml`'s `base_url`: `robots.txt`
    /// disallows everything and every page says `noindex`.
    pub preview: bool,
    /// Whether the search entries the load makes are written to the
    /// site's cache as they are made (`search::spill`), for a build that
    /// keeps them for the next (`build` sets it).
    pub keeps_search_entries: bool,
}

/// A loaded, checked site, ready to render. Cloning is cheap next to
/// loading: sources, Markdown and the compiled templates are shared.
#[derive(Debug, Clone)]
pub struct Site {
    /// Where things are.
    pub paths: SitePaths,
    /// `site.toml`.
    pub config: Config,
    /// `data/`.
    pub data: Data,
    /// `content/`.
    pub tree: ContentTree,
    /// Markdown of every document, indexed like `tree.docs`.
    pub rendered: Vec<Rendered>,
    /// Templates and static files.
    pub theme: Theme,
    /// Compiled templates.
    pub templates: Arc<Templates>,
    /// How the content was loaded (drafts or not), for reloading one file.
    pub load_options: LoadOptions,
    /// Frozen earlier editions, oldest first (empty on most sites).
    pub earlier: Vec<Earlier>,
    /// How the editions relate: moves, changes, shared text.
    pub compared: Compared,
    /// Problems that do not stop the build (broken links under
    /// `[links] broken = "warn"`).
    pub warnings: Vec<Diagnostic>,
    /// `links.toml` (what `canteen check` found at each external address)
    /// as templates see it, `links`.
    pub links: Arc<serde_json::Value>,
    /// Every page's versions in the site's languages (`languages.rs`);
    /// `None` on a one-language site.
    pub languages: Option<Arc<crate::render::context::languages::Versions>>,
    /// What a full load took from the search entries the last build kept
    /// (`None` for a reassembly, or with search off): `build` keeps this
    /// load's entries for the next one when they differ.
    pub entries_kept: Option<crate::site::extras::search::EntriesKept>,
}

/// A document of one edition: an index of `Site::views` and a document id.
pub type PageRef = (usize, DocId);

/// What a build produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages rendered (not counting sections).
    pub pages: usize,
    /// Sections rendered.
    pub sections: usize,
    /// Files copied as they are.
    pub static_files: usize,
}

impl Site {
    /// Every edition, oldest first and the current one last (just the
    /// current one on a site without earlier editions).
    pub fn views(&self) -> Vec<View<'_>> {
        let current = self.config.edition.as_ref();
        self.earlier
            .iter()
            .map(|e| View {
                info: Some(&e.info),
                current: false,
                tree: &e.tree,
                rendered: &e.rendered,
                data: &e.data,
            })
            .chain([View {
                info: current,
                current: true,
                tree: &self.tree,
                rendered: &self.rendered,
                data: &self.data,
            }])
            .collect()
    }

    /// Every page of every edition.
    pub fn all_pages(&self) -> Vec<PageRef> {
        let current = self.earlier.len();
        self.earlier
            .iter()
            .enumerate()
            .flat_map(|(v, e)| (0..e.tree.docs.len()).map(move |id| (v, id)))
            .chain((0..self.tree.docs.len()).map(|id| (current, id)))
            .collect()
    }
}
