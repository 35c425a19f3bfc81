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
use crate::config::Config;
use crate::content::data::Data;
use crate::content::walk;
use crate::content::{ContentTree, DocId, Kind, LoadOptions, address};
use crate::diagnostics::Diagnostic;
use crate::editions::compare::Compared;
use crate::editions::{self, Earlier, View};
use crate::error::Error;
use crate::markdown::highlight::{self, CodeCache};
use crate::markdown::links::{EditionTarget, LinkScope};
use crate::markdown::{self, Rendered};
use crate::output::{Sink, Staging, sitemap};
use crate::overlay::{Overlay, drift};
use crate::paths::SitePaths;
use crate::render::context::{ContextBuilder, Editions};
use crate::render::theme::Theme;
use crate::render::{Globals, Templates};

mod outputs;

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
    /// Frozen earlier editions, oldest first (empty on most sites).
    pub earlier: Vec<Earlier>,
    /// How the editions relate: moves, changes, shared text.
    pub compared: Compared,
    /// Problems that do not stop the build (broken links under
    /// `[links] broken = "warn"`).
    pub warnings: Vec<Diagnostic>,
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
        let edition_trees: Vec<outputs::EditionTree<'_>> = earlier
            .iter()
            .map(|e| outputs::EditionTree {
                info: Some(&e.info),
                prefix: format!("{}/", e.info.id),
                tree: &e.tree,
            })
            .chain([outputs::EditionTree {
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

    /// Compares the editions (once loaded; an update refreshes only what
    /// its edits reach, `Compared::refresh`).
    fn compare(&mut self) {
        if self.earlier.is_empty() {
            self.compared = Compared::default();
            return;
        }
        let started = Instant::now();
        let compared = Compared::new(&self.views(), &self.config.markdown);
        self.compared = compared;
        timing("compare", started);
    }

    /// Renders the pages of `pages` and the extras (404, redirects, "what
    /// changed" pages, sitemap…) into `sink`. The values every template
    /// shares (navigation, data) are converted once per edition here.
    pub fn render_pages_and_extras(&self, pages: &[PageRef], sink: &dyn Sink) -> Result<(), Error> {
        let started = Instant::now();
        let site_base = self.config.base_path();
        let views = self.views();
        let editions = Editions::new(views, &self.compared, &site_base);
        let builders: Vec<ContextBuilder<'_>> = editions
            .views
            .iter()
            .enumerate()
            .map(|(v, view)| ContextBuilder {
                tree: view.tree,
                rendered: view.rendered,
                config: &self.config,
                base_path: editions.base_path(v),
                editions: &editions,
                view: v,
            })
            .collect();
        let globals: Vec<Globals> = builders
            .par_iter()
            .map(|b| Globals::new(b, &editions.views[b.view].data.to_json()))
            .collect();
        self.render_documents(&builders, &globals, pages, sink)?;
        timing("render", started);
        self.render_extras(&builders, &globals, sink)
    }

    /// Renders the pages of `pages` into `sink`, in parallel across editions.
    fn render_documents(
        &self,
        builders: &[ContextBuilder<'_>],
        globals: &[Globals],
        pages: &[PageRef],
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let results: Vec<Result<(), Diagnostic>> = pages
            .par_iter()
            .map(|&(v, id)| {
                let builder = &builders[v];
                let html = self.templates.render_document(builder, &globals[v], id)?;
                let path = format!(
                    "{}{}",
                    builder.prefix(),
                    address::file_of(&builder.tree.docs[id].url)
                );
                sink.put(&path, html)
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

    /// Renders every output file into `sink`.
    pub fn render(&self, sink: &dyn Sink) -> Result<Stats, Error> {
        let started = Instant::now();
        let all = self.all_pages();
        self.render_pages_and_extras(&all, sink)?;
        let mut static_files = 0;
        for (rel, source) in &self.theme.statics {
            match source {
                crate::render::theme::Source::Disk(path) => sink.copy_from(rel, path)?,
                crate::render::theme::Source::Embedded(bytes) => sink.put(rel, bytes.to_vec())?,
            }
            static_files += 1;
        }
        for view in self.views() {
            let prefix = view.prefix();
            for asset in &view.tree.assets {
                sink.copy_from(&format!("{prefix}{}", asset.out), &asset.abs)?;
                static_files += 1;
            }
        }
        timing("extras", started);
        let sections = self
            .views()
            .iter()
            .flat_map(|v| &v.tree.docs)
            .filter(|d| d.kind == Kind::Section)
            .count();
        Ok(Stats {
            pages: all.len() - sections,
            sections,
            static_files,
        })
    }

    /// Renders the files that are not documents: the 404 page, redirects
    /// (aliases, and the current edition's `/<id>/` addresses), each
    /// edition's "what changed" page, sitemap, robots.txt and stylesheets.
    fn render_extras(
        &self,
        builders: &[ContextBuilder<'_>],
        globals: &[Globals],
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let current = builders.len() - 1;
        let site_base = builders[current].editions.site_base;
        let not_found = self
            .templates
            .render_special("404.html", &globals[current], site_base, &[])
            .map_err(|d| Error::Content(vec![d]))?;
        sink.put("404.html", not_found.into_bytes())?;
        // Every redirect: (edition, output file, target URL path).
        let mut redirects: Vec<(usize, String, String)> = Vec::new();
        for builder in builders {
            let prefix = builder.prefix();
            for doc in &builder.tree.docs {
                let target = format!("{}{}", builder.base_path, doc.url);
                for alias in &doc.meta.aliases {
                    // Checked when the site was loaded (`outputs::check`).
                    let Ok(url) = outputs::address_of_alias(alias) else {
                        continue;
                    };
                    redirects.push((
                        builder.view,
                        format!("{prefix}{}", address::file_of_alias(&url)),
                        target.clone(),
                    ));
                }
            }
            if builder.editions.has_what_changed(builder.view) {
                self.render_what_changed(builder, &globals[builder.view], sink)?;
            }
        }
        // The current edition's stable addresses, which become its own pages
        // once a newer edition is cut.
        if let (Some(info), true) = (&self.config.edition, !self.earlier.is_empty()) {
            for url in self
                .tree
                .docs
                .iter()
                .map(|d| d.url.as_str())
                .chain([editions::WHAT_CHANGED])
            {
                redirects.push((
                    current,
                    format!("{}/{}", info.id, address::file_of(url)),
                    format!("{site_base}{url}"),
                ));
            }
        }
        let pages: Vec<Redirect> = globals
            .iter()
            .map(|g| Redirect::new(&self.templates, g, site_base))
            .collect::<Result<_, _>>()?;
        redirects
            .par_iter()
            .try_for_each(|(v, from, target)| -> Result<(), Error> {
                sink.put(from, pages[*v].to(target)?.into_bytes())?;
                Ok(())
            })?;
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

    /// An edition's "what changed" page, with `what-changed.html`.
    fn render_what_changed(
        &self,
        builder: &ContextBuilder<'_>,
        globals: &Globals,
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let Some(changes) = builder.what_changed() else {
            return Ok(());
        };
        if !self.templates.has("what-changed.html") {
            return Err(Error::Content(vec![
                Diagnostic::file(
                    "templates/what-changed.html",
                    "this site has earlier editions, but its theme has no `what-changed.html` template",
                )
                .with_hint("copy themes/nhs/templates/what-changed.html from canteen into templates/ (docs/templates.md lists its variables)"),
            ]));
        }
        let info = builder.editions.views[builder.view].info;
        let label = info.map_or("", |i| i.label.as_str());
        let title = format!("What changed in the {label}");
        let description = format!(
            "Pages added, removed and changed in the {label} of {}.",
            self.config.title
        );
        let page = builder.generated(&title, &description, editions::WHAT_CHANGED);
        let editions_list = builder.switcher_generated(true);
        let url = format!("{}{}", builder.base_path, editions::WHAT_CHANGED);
        let html = self
            .templates
            .render_special(
                "what-changed.html",
                globals,
                &url,
                &[
                    ("page", tera::Value::from_serializable(&page)),
                    ("changes", tera::Value::from_serializable(&changes)),
                    ("editions", tera::Value::from_serializable(&editions_list)),
                ],
            )
            .map_err(|d| Error::Content(vec![d]))?;
        sink.put(
            &format!(
                "{}{}",
                builder.prefix(),
                address::file_of(editions::WHAT_CHANGED)
            ),
            html.into_bytes(),
        )?;
        Ok(())
    }
}

/// Every `#fragment` link of every edition checked against its target's
/// anchors (a link may go into another edition); a fragment in another
/// case than its id is corrected in the page's HTML (`AnchorFix`).
pub(crate) fn check_anchors_everywhere(
    earlier: &mut [Earlier],
    current: &ContentTree,
    rendered: &mut [Rendered],
) -> Vec<Diagnostic> {
    let (errors, fixes) = {
        let views: Vec<(&ContentTree, &[Rendered])> = earlier
            .iter()
            .map(|e| (&e.tree, e.rendered.as_slice()))
            .chain([(current, &*rendered)])
            .collect();
        let mut errors = Vec::new();
        let mut fixes = Vec::new();
        for (v, &(tree, r)) in views.iter().enumerate() {
            let (mut e, f) = markdown::check_anchors(tree, r, &|e| views[e]);
            errors.append(&mut e);
            fixes.extend(f.into_iter().map(|fix| (v, fix)));
        }
        (errors, fixes)
    };
    for (v, fix) in fixes {
        let page = match earlier.get_mut(v) {
            Some(edition) => &mut edition.rendered[fix.page],
            None => &mut rendered[fix.page],
        };
        page.html = fix.apply(&page.html).into();
        if let Some(summary) = &page.summary {
            page.summary = Some(fix.apply(summary).into());
        }
    }
    errors
}

/// The editions links may name, oldest first and the current one last
/// (the order of `Site::views`); empty on a site without `[edition]`.
pub(crate) fn edition_targets<'a>(
    config: &'a Config,
    earlier: &'a [Earlier],
    current: &'a ContentTree,
) -> Vec<EditionTarget<'a>> {
    let Some(info) = &config.edition else {
        return Vec::new();
    };
    earlier
        .iter()
        .map(|e| (&e.info, &e.tree))
        .chain([(info, current)])
        .map(|(info, tree)| EditionTarget {
            id: &info.id,
            label: &info.label,
            tree,
        })
        .collect()
}

/// Renders the Markdown of every edition's tree in parallel: each
/// edition's links resolve in that edition, and `/<id>/…` links in the
/// edition they name. The result is like `Site::views`.
fn render_markdown(
    config: &Config,
    earlier: &[Earlier],
    current: &ContentTree,
    files: &HashSet<String>,
    site_base: &str,
) -> (Vec<Vec<Rendered>>, Vec<Diagnostic>) {
    let trees: Vec<&ContentTree> = earlier.iter().map(|e| &e.tree).chain([current]).collect();
    let targets = edition_targets(config, earlier, current);
    let scopes: Vec<LinkScope<'_>> = trees
        .iter()
        .enumerate()
        .map(|(v, tree)| LinkScope::of_edition(tree, files, site_base, &targets, v))
        .collect();
    // Newest first: each earlier edition reuses the rendering of the next
    // newer one wherever a page's Markdown is the same, and the code blocks
    // of the pages that changed.
    let code = (trees.len() > 1).then(CodeCache::default);
    let mut rendered: Vec<Vec<Rendered>> = vec![Vec::new(); trees.len()];
    let mut errors = Vec::new();
    for v in (0..trees.len()).rev() {
        let newer = rendered.get(v + 1).map(|r| (trees[v + 1], r.as_slice()));
        let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..trees[v].docs.len())
            .into_par_iter()
            .map(|id| {
                let reused = newer.and_then(|(tree, done)| {
                    let doc = &trees[v].docs[id];
                    let same = tree.by_rel(&doc.rel).filter(|&n| {
                        let other = &tree.docs[n];
                        other.same_body(doc) && other.title_from_heading == doc.title_from_heading
                    })?;
                    markdown::reuse(id, &scopes[v], &done[same])
                });
                match reused {
                    Some(r) => (r, Vec::new()),
                    None => markdown::render(id, &scopes[v], &config.markdown, code.as_ref()),
                }
            })
            .collect();
        let mut out = Vec::with_capacity(results.len());
        for (r, mut e) in results {
            errors.append(&mut e);
            out.push(r);
        }
        rendered[v] = out;
    }
    (rendered, errors)
}

/// `redirect.html`, rendered once per edition and filled in per target:
/// a site with editions has a redirect for every page of the current
/// edition. The template is rendered for two targets, the second with
/// characters HTML escapes; only when both differ from each other in
/// nothing but the target, escaped as Tera escapes it, is the shortcut
/// used, so any template that does more with `redirect_to` is rendered
/// per page.
struct Redirect<'a> {
    templates: &'a Templates,
    globals: &'a Globals,
    /// `current_url` of every redirect page: the site's base path (a
    /// redirect is no page of the navigation).
    site_base: &'a str,
    /// The page split around the target, when the shortcut applies.
    parts: Option<Vec<String>>,
}

impl<'a> Redirect<'a> {
    fn new(
        templates: &'a Templates,
        globals: &'a Globals,
        site_base: &'a str,
    ) -> Result<Self, Error> {
        let render = |target: &str| render_redirect(templates, globals, site_base, target);
        let (one, two) = (
            format!("{site_base}canteen-redirect-one/"),
            format!("{site_base}canteen-redirect-'&\"two/"),
        );
        let first = render(&one)?;
        let parts: Vec<String> = first.split(one.as_str()).map(str::to_string).collect();
        let fits = render(&two)? == parts.join(&crate::html::escape(&two));
        Ok(Redirect {
            templates,
            globals,
            site_base,
            parts: fits.then_some(parts),
        })
    }

    fn to(&self, target: &str) -> Result<String, Error> {
        match &self.parts {
            Some(parts) => Ok(parts.join(&crate::html::escape(target))),
            None => render_redirect(self.templates, self.globals, self.site_base, target),
        }
    }
}

fn render_redirect(
    templates: &Templates,
    globals: &Globals,
    site_base: &str,
    target: &str,
) -> Result<String, Error> {
    templates
        .render_special(
            "redirect.html",
            globals,
            site_base,
            &[("redirect_to", tera::Value::from(target))],
        )
        .map_err(|d| Error::Content(vec![d]))
}

/// Output paths content may link to besides pages: static files and the
/// files canteen generates.
pub(crate) fn link_targets(theme: &Theme) -> HashSet<String> {
    theme
        .statics
        .keys()
        .cloned()
        .chain(outputs::GENERATED.iter().map(|(path, _)| path.to_string()))
        .collect()
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
    /// Problems in the content that did not stop the build (broken links
    /// under `[links] broken = "warn"`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the site into its output directory, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(crate::paths::OUTPUT));
    crate::output::check_target(&output, &options.root)?;
    let site = Site::load(options)?;
    let warnings = drift::status(&site.paths, &site.config)?
        .map(|report| report.warnings())
        .unwrap_or_default();
    let staging = Staging::begin(&output, &options.root)?;
    let stats = site.render(&staging)?;
    staging.commit()?;
    Ok(BuildReport {
        stats,
        output,
        elapsed: start.elapsed(),
        warnings,
        diagnostics: site.warnings,
    })
}
