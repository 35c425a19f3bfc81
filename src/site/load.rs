//! `Site::load`: everything that can fail on the user's content, with
//! every error of every stage collected and reported together: the
//! configuration, the overlay, data, every edition's content, templates,
//! Markdown and its links, and the output files each source would write.

use std::time::Instant;

use super::markdown::{check_anchors_everywhere, link_targets, render_markdown};
use super::outputs::{self, EditionTree};
use super::{BuildOptions, Site, timing};
use crate::brand;
use crate::config::Config;
use crate::content::data::Data;
use crate::content::walk;
use crate::content::{ContentTree, LoadOptions};
use crate::editions::{self, compare::Compared};
use crate::error::Error;
use crate::overlay::Overlay;
use crate::paths::SitePaths;
use crate::render::Templates;
use crate::render::theme::Theme;

impl Site {
    /// Loads and checks everything; every content error is reported together.
    pub fn load(options: &BuildOptions) -> Result<Site, Error> {
        let started = Instant::now();
        let paths = SitePaths::new(&options.root);
        let mut config = Config::load(&paths.root)?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url)?;
        }
        let overlay = Overlay::load(&paths)?;
        let load_options = LoadOptions {
            drafts: options.drafts,
        };
        let data = match &overlay {
            Some(o) => Data::load_layers(&[&paths.data, &o.part("data")], &paths.root),
            None => Data::load(&paths.data, &paths.root),
        };
        let tree = walk::walk(&paths.content, &paths.root)
            .and_then(|found| match &overlay {
                Some(o) => o.merge_content(found),
                None => Ok(found),
            })
            .and_then(|found| {
                ContentTree::load_found(
                    found,
                    &paths.content,
                    &paths.root,
                    data.as_ref().unwrap_or(&Data::default()),
                    load_options,
                )
            });
        let earlier = editions::load_earlier(&config, &paths, load_options, tree.as_ref().ok());
        let (data, tree, mut earlier) = match (data.and_then(Data::checked), tree, earlier) {
            (Ok(d), Ok(t), Ok(e)) => (d, t, e),
            (d, t, e) => {
                let mut all = Vec::new();
                for e in [d.err(), t.err(), e.err()].into_iter().flatten() {
                    match e {
                        Error::Content(mut ds) => all.append(&mut ds),
                        other => return Err(other),
                    }
                }
                return Err(Error::Content(all));
            }
        };
        let started = timing("load", started);
        let theme = Theme::load(&config, &paths)?;
        let base_path = config.base_path();
        let templates = Templates::compile(&theme, &base_path)?;
        let files = link_targets(&theme);
        let started = timing("templates", started);
        let (mut rendered_all, mut broken) =
            render_markdown(&config, &earlier, &tree, &files, &base_path);
        let mut rendered = rendered_all.pop().unwrap_or_default();
        for (edition, r) in earlier.iter_mut().zip(rendered_all) {
            edition.rendered = r;
        }
        let started = timing("markdown", started);
        broken.extend(check_anchors_everywhere(&mut earlier, &tree, &mut rendered));
        let (mut errors, warnings) = config.links.broken.sort(broken);
        let config_file = Config::file(&paths.root);
        let config_text = crate::fs::read_to_string(&paths.root.join(&config_file))?;
        let edition_trees: Vec<EditionTree<'_>> = earlier
            .iter()
            .map(|e| EditionTree {
                info: Some(&e.info),
                prefix: format!("{}/", e.info.id),
                tree: &e.tree,
            })
            .chain([EditionTree {
                info: config.edition.as_ref(),
                prefix: String::new(),
                tree: &tree,
            }])
            .collect();
        errors.extend(outputs::check(
            &edition_trees,
            &theme,
            &paths.root,
            (&config_file, &config_text),
        ));
        drop(edition_trees);
        errors.extend(editions::check_addresses(
            &config,
            (&config_file, &config_text),
            &tree,
        ));
        errors.extend(brand::check_links(
            &config.brand,
            (&config_file, &config_text),
            &tree,
            &files,
        ));
        timing("check", started);
        if !errors.is_empty() {
            return Err(Error::Content(errors));
        }
        let mut site = Site {
            paths,
            config,
            data,
            tree,
            rendered,
            theme,
            templates,
            load_options,
            earlier,
            compared: Compared::default(),
            warnings,
        };
        site.compare();
        Ok(site)
    }

    /// Compares the editions (once loaded; an update refreshes only what
    /// its edits reach, `Compared::refresh`).
    pub(super) fn compare(&mut self) {
        if self.earlier.is_empty() {
            self.compared = Compared::default();
            return;
        }
        let started = Instant::now();
        let compared = Compared::new(&self.views(), &self.config.markdown);
        self.compared = compared;
        timing("compare", started);
    }
}
