//! The build pipeline: load → parse → render → write.
//!
//! `Site::load` does everything that can fail on the user's content (config,
//! data, content tree, Markdown, links, anchors, templates) and collects every
//! error; `Site::render` then produces files into any `Sink`. `build` wraps
//! them with the atomic output directory.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::brand;
use crate::config::{Config, SitePaths};
use crate::content::data::Data;
use crate::content::walk;
use crate::content::{ContentTree, DocId, Kind, LoadOptions};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::markdown::links::LinkScope;
use crate::markdown::{self, Rendered, highlight};
use crate::output::{Sink, Staging, sitemap};
use crate::overlay::{Overlay, drift};
use crate::render::context::ContextBuilder;
use crate::render::theme::Theme;
use crate::render::{Globals, Templates};

/// Files canteen itself writes, which content may link to.
const GENERATED: &[&str] = &[
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "css/syntax.css",
    "css/brand.css",
];

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
}

/// A loaded, checked site, ready to render.
#[derive(Debug)]
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
    pub templates: Templates,
    /// How the content was loaded (drafts or not), for reloading one file.
    pub load_options: LoadOptions,
}

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
    /// Loads and checks everything; every content error is reported together.
    pub fn load(options: &BuildOptions) -> Result<Site, Error> {
        let started = Instant::now();
        let paths = SitePaths::new(&options.root);
        let mut config = Config::load(&paths.root)?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url);
        }
        let overlay = Overlay::load(&paths)?;
        let data = match &overlay {
            Some(o) => Data::load_layers(&[&paths.data, &o.part("data")], &paths.root),
            None => Data::load(&paths.data, &paths.root),
        };
        let tree = walk::walk(&paths.content)
            .map_err(Error::from)
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
                    LoadOptions {
                        drafts: options.drafts,
                    },
                )
            });
        let (data, tree) = match (data, tree) {
            (Ok(d), Ok(t)) => (d, t),
            (d, t) => {
                let mut all = Vec::new();
                for e in [d.err(), t.err()].into_iter().flatten() {
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
        let scope = LinkScope {
            tree: &tree,
            files: &files,
            base_path: &base_path,
        };
        let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..tree.docs.len())
            .into_par_iter()
            .map(|id| markdown::render(id, &scope, &config.markdown))
            .collect();
        let mut errors = Vec::new();
        let mut rendered = Vec::with_capacity(results.len());
        for (r, mut e) in results {
            errors.append(&mut e);
            rendered.push(r);
        }
        let started = timing("markdown", started);
        errors.extend(markdown::check_anchors(&tree, &rendered));
        errors.extend(check_aliases(&tree));
        let config_file = Config::file(&paths.root);
        let config_text = crate::fs::read_to_string(&paths.root.join(&config_file))?;
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
        Ok(Site {
            paths,
            config,
            data,
            tree,
            rendered,
            theme,
            templates,
            load_options: LoadOptions {
                drafts: options.drafts,
            },
        })
    }

    /// Renders the pages of `ids` and the extras (404, redirects, sitemap…)
    /// into `sink`. The values every template shares (navigation, data) are
    /// converted once here, not once per stage.
    pub fn render_pages_and_extras(&self, ids: &[DocId], sink: &dyn Sink) -> Result<(), Error> {
        let started = Instant::now();
        let base_path = self.config.base_path();
        let builder = self.context_builder(&base_path);
        let globals = Globals::new(&builder, &self.data.to_json());
        self.render_documents(&builder, &globals, ids, sink)?;
        timing("render", started);
        self.render_extras(&globals, &base_path, sink)
    }

    /// Renders the pages of `ids` into `sink`, in parallel.
    fn render_documents(
        &self,
        builder: &ContextBuilder<'_>,
        globals: &Globals,
        ids: &[DocId],
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let results: Vec<Result<(), Diagnostic>> = ids
            .par_iter()
            .map(|&id| {
                let html = self.templates.render_document(builder, globals, id)?;
                let path = format!("{}index.html", self.tree.docs[id].url);
                sink.put(&path, html.into_bytes())
                    .map_err(|e| Diagnostic::file(e.path.clone(), e.to_string()))
            })
            .collect();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Content(errors))
        }
    }

    fn context_builder<'a>(&'a self, base_path: &'a str) -> ContextBuilder<'a> {
        ContextBuilder {
            tree: &self.tree,
            rendered: &self.rendered,
            config: &self.config,
            base_path,
        }
    }

    /// Renders every output file into `sink`.
    pub fn render(&self, sink: &dyn Sink) -> Result<Stats, Error> {
        let started = Instant::now();
        let all: Vec<DocId> = (0..self.tree.docs.len()).collect();
        self.render_pages_and_extras(&all, sink)?;
        let mut static_files = 0;
        for (rel, source) in &self.theme.statics {
            match source {
                crate::render::theme::Source::Disk(path) => sink.copy_from(rel, path)?,
                crate::render::theme::Source::Embedded(bytes) => sink.put(rel, bytes.to_vec())?,
            }
            static_files += 1;
        }
        for asset in &self.tree.assets {
            sink.copy_from(&asset.out, &asset.abs)?;
            static_files += 1;
        }
        timing("extras", started);
        let sections = self
            .tree
            .docs
            .iter()
            .filter(|d| d.kind == Kind::Section)
            .count();
        Ok(Stats {
            pages: self.tree.docs.len() - sections,
            sections,
            static_files,
        })
    }

    /// Renders the files that are not documents: the 404 page, alias
    /// redirects, sitemap, robots.txt and the highlighting stylesheet.
    fn render_extras(
        &self,
        globals: &Globals,
        base_path: &str,
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let not_found = self
            .templates
            .render_special("404.html", globals, base_path, &[])
            .map_err(|d| Error::Content(vec![d]))?;
        sink.put("404.html", not_found.into_bytes())?;
        for doc in &self.tree.docs {
            let target = format!("{base_path}{}", doc.url);
            for alias in &doc.meta.aliases {
                let html = self
                    .templates
                    .render_special(
                        "redirect.html",
                        globals,
                        &target,
                        &[("redirect_to", tera::Value::from(target.as_str()))],
                    )
                    .map_err(|d| Error::Content(vec![d]))?;
                sink.put(&alias_path(alias), html.into_bytes())?;
            }
        }
        sink.put(
            "sitemap.xml",
            sitemap::sitemap(&self.config, &self.tree).into_bytes(),
        )?;
        sink.put("robots.txt", sitemap::robots(&self.config).into_bytes())?;
        sink.put("css/syntax.css", highlight::stylesheet().into_bytes())?;
        let palette = self.config.brand.colours.palette();
        sink.put(
            "css/brand.css",
            brand::css::stylesheet(&palette).into_bytes(),
        )?;
        Ok(())
    }
}

/// Output paths content may link to besides pages: static files and the
/// files canteen generates.
pub(crate) fn link_targets(theme: &Theme) -> HashSet<String> {
    theme
        .statics
        .keys()
        .cloned()
        .chain(GENERATED.iter().map(|s| s.to_string()))
        .collect()
}

/// The output file of an alias (`/old/page/` → `old/page/index.html`).
fn alias_path(alias: &str) -> String {
    let trimmed = alias.trim_matches('/');
    if trimmed.ends_with(".html") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

fn check_aliases(tree: &ContentTree) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for doc in &tree.docs {
        for alias in &doc.meta.aliases {
            let offset = doc.source.find(alias.as_str()).unwrap_or(0);
            let url = format!("{}/", alias.trim_matches('/'));
            let problem = if alias.contains("..")
                || alias.contains("://")
                || alias.trim_matches('/').is_empty()
            {
                Some(format!(
                    "the alias `{alias}` must be a path on this site, such as `/old/page/`"
                ))
            } else if tree.by_url(&url).is_some() {
                Some(format!(
                    "the alias `{alias}` is the address of an existing page"
                ))
            } else if !seen.insert(url) {
                Some(format!("the alias `{alias}` is used twice"))
            } else {
                None
            };
            if let Some(message) = problem {
                errors.push(Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    offset,
                    alias.len(),
                    message,
                ));
            }
        }
    }
    errors
}

/// What `build` reports.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Counts.
    pub stats: Stats,
    /// Where the site was written.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
    /// Overlay drift, one line per overridden file to re-check (the build
    /// still succeeds).
    pub warnings: Vec<String>,
}

/// Builds the site into its output directory, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    crate::output::check_target(&output, &options.root, &options.root.join("content"))?;
    let site = Site::load(options)?;
    let warnings = drift::status(&site.paths, &site.config)?
        .map(|report| report.warnings())
        .unwrap_or_default();
    let staging = Staging::begin(&output, &options.root, &site.paths.content)?;
    let stats = site.render(&staging)?;
    staging.commit()?;
    Ok(BuildReport {
        stats,
        output,
        elapsed: start.elapsed(),
        warnings,
    })
}
