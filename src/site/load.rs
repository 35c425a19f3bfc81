//! `Site::load`: everything that can fail on the user's content, with
//! every error of every stage collected and reported together: the
//! configuration, the overlay, data, every edition's content, templates,
//! Markdown and its links, and the output files each source would write.
//!
//! `Site::reassemble` is the same load after only files of `content/`
//! changed (the dev server, when a page comes, goes or changes its place):
//! configuration, data and templates are kept, every content file not
//! named is taken as it was, and a page's Markdown is rendered again only
//! when its body changed or one of its links now leads elsewhere.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use super::markdown::{RenderedTree, check_anchors_everywhere, link_targets, render_markdown};
use super::outputs::{self, EditionTree};
use super::{BuildOptions, Site, timing};
use crate::brand;
use crate::config::Config;
use crate::content::data::Data;
use crate::content::walk;
use crate::content::{ContentTree, LoadOptions};
use crate::diagnostics::Diagnostic;
use crate::editions::{self, compare::Compared};
use crate::error::Error;
use crate::markdown::Rendered;
use crate::overlay::Overlay;
use crate::paths::{CONTENT, SitePaths};
use crate::render::Templates;
use crate::render::theme::Theme;
use crate::search::cache::EntryCache;
use crate::site::extras::search::{EntriesKept, kept_entries_file};

impl Site {
    /// Loads and checks everything; every content error is reported together.
    pub fn load(options: &BuildOptions) -> Result<Site, Error> {
        let config = Config::load(&options.root)?;
        Site::load_language(options, config, None)
    }

    /// Loads the site in one of its languages, from its `site.toml` as
    /// loaded (`config`, read once for every language): `language` is a
    /// code of its `[languages]`, or `None` for the default language
    /// (`languages.rs`).
    pub fn load_language(
        options: &BuildOptions,
        mut config: Config,
        language: Option<&str>,
    ) -> Result<Site, Error> {
        let started = Instant::now();
        let paths = SitePaths::new(&options.root);
        if let Some(url) = &options.base_url {
            config.set_base_url(url)?;
        }
        config.preview |= options.preview;
        if let Some(code) = language {
            config = config.for_language(code);
        }
        // The search entries the last build kept, read while the content
        // loads.
        let kept = config.search.enabled.then(|| {
            let file = kept_entries_file(&paths.root, &config.language);
            let spill = options.keeps_search_entries;
            std::thread::spawn(move || {
                file.map(|f| EntryCache::open(&f, spill))
                    .unwrap_or_default()
            })
        });
        let overlay = Overlay::load(&paths)?;
        let load_options = LoadOptions {
            drafts: options.drafts,
        };
        let files = config.language_files();
        let data = match &overlay {
            Some(o) => {
                Data::load_language(&[&paths.data, &o.part("data")], &paths.root, files.as_ref())
            }
            None => Data::load_language(&[&paths.data], &paths.root, files.as_ref()),
        };
        let tree = read_tree(
            (&paths, &config),
            overlay.as_ref(),
            data.as_ref().unwrap_or(&Data::default()),
            load_options,
            None,
        );
        let earlier = editions::load_earlier(&config, &paths, load_options, tree.as_ref().ok());
        let (data, tree, earlier) = match (data.and_then(Data::checked), tree, earlier) {
            (Ok(d), Ok(t), Ok(e)) => (d, t, e),
            (d, t, e) => return Err(collect([d.err(), t.err(), e.err()])),
        };
        let started = timing("load", started);
        let theme = Theme::load(&config, &paths)?;
        let templates = Templates::for_site(&theme, &config, &paths)?;
        let started = timing("templates", started);
        let links = crate::content::link_cache::Cache::load(&paths.root)?.template_value();
        let site = Site {
            paths,
            config,
            data,
            tree: ContentTree::default(),
            rendered: Vec::new(),
            theme,
            templates: std::sync::Arc::new(templates),
            load_options,
            earlier,
            compared: Compared::default(),
            warnings: Vec::new(),
            links: std::sync::Arc::new(links),
            languages: None,
            entries_kept: None,
        };
        site.complete(tree, None, started, kept)
    }

    /// This site again after files of the current edition's `content/`
    /// came, went or changed (`changed`: paths relative to the site root).
    /// Everything else — configuration, data, templates, static files,
    /// earlier editions — is as `self` has it, which the caller guarantees
    /// (`site::plan` only asks for this when nothing else changed); so is
    /// every content file not in `changed`, which is not read again.
    pub fn reassemble(&self, changed: &[String]) -> Result<Site, Error> {
        let started = Instant::now();
        let overlay = Overlay::load(&self.paths)?;
        let unchanged_except: HashSet<String> = changed
            .iter()
            .filter_map(|p| p.strip_prefix(CONTENT)?.strip_prefix('/'))
            .map(str::to_string)
            .collect();
        let reuse = Some((&self.tree, &unchanged_except));
        let tree = read_tree(
            (&self.paths, &self.config),
            overlay.as_ref(),
            &self.data,
            self.load_options,
            reuse,
        )?;
        let started = timing("load", started);
        let site = Site {
            tree: ContentTree::default(),
            rendered: Vec::new(),
            warnings: Vec::new(),
            ..self.shell()
        };
        // Earlier editions link into the current one: `complete` renders
        // their Markdown again too, reusing what did not move.
        // A reassembly's pages keep their entries; it takes none kept.
        site.complete(tree, Some((&self.tree, &self.rendered)), started, None)
    }

    /// The end of a load: every edition's Markdown rendered for `tree` (the
    /// current content; `previous` is an earlier load's, whose renderings
    /// are reused where nothing changed), then the checks and the
    /// comparison of editions. `kept` reads the search entries the last
    /// build kept, which a page made of the same takes.
    fn complete(
        mut self,
        tree: ContentTree,
        previous: Option<RenderedTree<'_>>,
        started: Instant,
        kept: Option<std::thread::JoinHandle<EntryCache>>,
    ) -> Result<Site, Error> {
        // A task list's boxes are named in the page's language.
        for (i, key) in ["task_done", "task_to_do"].into_iter().enumerate() {
            if let Some(label) = self.templates.string(key) {
                self.config.markdown.task_labels[i] = label;
            }
        }
        let cache = kept.map(|reading| reading.join().unwrap_or_default());
        let (mut rendered_all, broken) = render_markdown(
            &self.config,
            (&self.earlier, &tree),
            &link_targets(&self.theme),
            // Static and generated files are the default language's, shared
            // by every language (`/images/a.png`, not `/cy/images/a.png`).
            &self.config.shared_base_path(),
            previous,
            cache.as_ref(),
        );
        self.entries_kept = cache.map(|c| EntriesKept {
            loaded: c.len(),
            missed: c.missed(),
            spill: c.spill(),
            keeps: c.keeps(),
            index_written: Arc::default(),
        });
        let rendered = rendered_all.pop().unwrap_or_default();
        for (edition, r) in self.earlier.iter_mut().zip(rendered_all) {
            edition.rendered = r;
        }
        timing("markdown", started);
        self.settle(tree, rendered, broken)?;
        self.compare();
        Ok(self)
    }

    /// Everything of this site but its current content (which `settle`
    /// puts in): cheap, as sources and templates are shared.
    fn shell(&self) -> Site {
        Site {
            paths: self.paths.clone(),
            config: self.config.clone(),
            data: self.data.clone(),
            tree: ContentTree::default(),
            rendered: Vec::new(),
            theme: self.theme.clone(),
            templates: self.templates.clone(),
            load_options: self.load_options,
            earlier: self.earlier.clone(),
            compared: Compared::default(),
            warnings: Vec::new(),
            links: self.links.clone(),
            languages: self.languages.clone(),
            entries_kept: None,
        }
    }

    /// Puts the current edition's tree and Markdown in, once every check
    /// that looks across the whole site passes: anchors (correcting the
    /// case of a fragment), the output file of every source, addresses
    /// links of other editions name, the brand's policy links. Every error
    /// is reported together; the site is unchanged on error.
    fn settle(
        &mut self,
        tree: ContentTree,
        mut rendered: Vec<Rendered>,
        mut broken: Vec<Diagnostic>,
    ) -> Result<(), Error> {
        let started = Instant::now();
        let mut earlier = std::mem::take(&mut self.earlier);
        broken.extend(check_anchors_everywhere(&mut earlier, &tree, &mut rendered));
        self.earlier = earlier;
        let (mut errors, warnings) = self.config.links.broken.sort(broken);
        let config_file = Config::file(&self.paths.root);
        let config_text = crate::fs::read_to_string(&self.paths.root.join(&config_file))?;
        let config_at = (config_file.as_path(), config_text.as_str());
        let edition_trees: Vec<EditionTree<'_>> = self
            .earlier
            .iter()
            .map(|e| EditionTree {
                info: Some(&e.info),
                prefix: format!("{}/", e.info.id),
                tree: &e.tree,
            })
            .chain([EditionTree {
                info: self.config.edition.as_ref(),
                prefix: String::new(),
                tree: &tree,
            }])
            .collect();
        errors.extend(outputs::check(
            &edition_trees,
            &self.theme,
            &self.paths.root,
            config_at,
            self.config.social_cards.enabled && self.theme.shows_social_images(),
            self.config.search.enabled,
        ));
        drop(edition_trees);
        errors.extend(editions::check_addresses(&self.config, config_at, &tree));
        errors.extend(brand::check_links(
            &self.config.brand,
            config_at,
            &tree,
            &link_targets(&self.theme),
        ));
        errors.extend(crate::config::accessibility::check_pages(
            self.config.accessibility.as_ref(),
            config_at.0,
            &tree,
        ));
        errors.extend(crate::config::review::check_pages(
            &self.config.review,
            tree.docs.iter().map(|d| &**d),
            crate::content::date::Date::today(),
        ));
        timing("check", started);
        if !errors.is_empty() {
            return Err(Error::Content(errors));
        }
        self.tree = tree;
        self.rendered = rendered;
        self.warnings = warnings;
        Ok(())
    }

    /// Compares the editions (once loaded; an update refreshes only what
    /// its edits reach, `Compared::refresh`).
    pub(super) fn compare(&mut self) {
        if self.earlier.is_empty() {
            self.compared = Compared::default();
            return;
        }
        let started = Instant::now();
        let defaults = editions::diff::Labels::default();
        let string = |key: &str, default: String| self.templates.string(key).unwrap_or(default);
        let labels = editions::diff::Labels {
            added: string("changes_hidden_added", defaults.added),
            removed: string("changes_hidden_removed", defaults.removed),
            gap: string("changes_hidden_gap", defaults.gap),
        };
        let compared = Compared::new(&self.views(), &self.config.markdown, labels);
        self.compared = compared;
        timing("compare", started);
    }
}

/// The current edition's content: `content/`, with a trust's overlay
/// merged over it. With `reuse` (a tree loaded earlier, and the files
/// changed since, relative to `content/`), an unchanged file is not read.
fn read_tree(
    (paths, config): (&SitePaths, &Config),
    overlay: Option<&Overlay>,
    data: &Data,
    options: LoadOptions,
    reuse: Option<(&ContentTree, &HashSet<String>)>,
) -> Result<ContentTree, Error> {
    let found = walk::walk(&paths.content, &paths.root)?;
    let found = match overlay {
        Some(o) => o.merge_content(found)?,
        None => found,
    };
    let found = match config.language_files() {
        Some(files) => crate::content::language::select(found, &files),
        None => found,
    };
    match reuse {
        Some((tree, changed)) => {
            tree.reload_found(found, &paths.content, &paths.root, data, options, changed)
        }
        None => ContentTree::load_found(found, &paths.content, &paths.root, data, options),
    }
}

/// One error of every stage that failed: their diagnostics together, or
/// the first error that is not about content.
fn collect<const N: usize>(errors: [Option<Error>; N]) -> Error {
    let mut all = Vec::new();
    for error in errors.into_iter().flatten() {
        match error {
            Error::Content(mut ds) => all.append(&mut ds),
            other => return other,
        }
    }
    Error::Content(all)
}
