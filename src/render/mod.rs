//! Templates: one Tera environment per build, shared by every page of
//! every edition, rendering documents in parallel.

pub mod blocks;
pub mod context;
pub mod deps;
pub mod errors;
pub mod graph;
pub mod limits;
pub mod strings;
pub mod theme;

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Context, Kwargs, State, Tera, Value};

use crate::content::{ContentTree, DocId, HOME, Kind, front_matter};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::spans::key_path;
use context::{ContextBuilder, SiteContext};
use theme::Theme;

/// Room for what a layout adds around a page's Markdown (head, header,
/// switcher, footer): the NHS theme adds 6–9 KB.
const PAGE_LAYOUT_BYTES: usize = 16 * 1024;

/// The compiled templates of a site.
pub struct Templates {
    tera: Tera,
    /// Template name → (file, text), to point at the line of a template error.
    sources: errors::Sources,
    /// Theme templates left out because a site template broke them, with
    /// the error a page using one gets (`blocks.rs`).
    unusable: BTreeMap<String, Diagnostic>,
    /// Where Tera looks for a bare name, after the name itself.
    prefixes: &'static [&'static str],
    /// `strings`: the interface strings of the language rendered.
    strings: Value,
    /// The same strings, for text canteen writes itself.
    words: strings::Strings,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("templates", &self.sources.len())
            .finish()
    }
}

/// Values every template sees, converted once.
#[derive(Debug, Clone)]
pub struct Globals {
    site: Value,
    nav: Value,
    data: Value,
    canteen: Value,
    edition: Value,
    /// `editions` for pages that are not documents: each edition's home.
    editions: Value,
    current_edition: Value,
    /// The addresses of the current edition's top-level pages and
    /// sections, so a theme links to an optional page only when it exists.
    root_pages: Value,
    /// `links.toml` by address.
    links: Value,
    /// Whether the edition has a print page (`print_page`).
    print_page: Value,
}

/// The most pages an edition may have and still get a print page: a
/// thousand pages are more than anyone prints, and much beyond that the
/// one page passes the size cap (`limits.rs`).
pub const PRINT_MAX_PAGES: usize = 1000;

/// Whether an edition of `tree` has a print page (`PRINT_MAX_PAGES`).
pub fn has_print_page(tree: &ContentTree) -> bool {
    tree.docs.len() <= PRINT_MAX_PAGES
}

impl Globals {
    /// Converts the values one edition's pages share, once per build.
    pub fn new(
        builder: &ContextBuilder<'_>,
        data: &serde_json::Value,
        links: &serde_json::Value,
    ) -> Globals {
        let (editions, current_edition) = editions_values(&builder.switcher_generated(false));
        Globals {
            site: Value::from_serializable(&SiteContext::new(builder.config)),
            nav: Value::from_serializable(&builder.nav()),
            data: Value::from_serializable(data),
            canteen: Value::from_serializable(
                &serde_json::json!({ "version": env!("CARGO_PKG_VERSION") }),
            ),
            edition: Value::from_serializable(&builder.edition()),
            current_edition,
            editions,
            root_pages: Value::from_serializable(&root_pages(builder)),
            links: Value::from_serializable(links),
            print_page: Value::from(has_print_page(builder.tree)),
        }
    }

    fn context(&self, current_url: &str) -> Context {
        let mut context = Context::new();
        context.insert_value("site", self.site.clone());
        context.insert_value("nav", self.nav.clone());
        context.insert_value("data", self.data.clone());
        context.insert_value("canteen", self.canteen.clone());
        context.insert_value("edition", self.edition.clone());
        context.insert_value("editions", self.editions.clone());
        context.insert_value("current_edition", self.current_edition.clone());
        context.insert_value("root_pages", self.root_pages.clone());
        context.insert_value("links", self.links.clone());
        context.insert_value("print_page", self.print_page.clone());
        context.insert("current_url", current_url);
        context
    }
}

/// `root_pages`: the current edition's home's children, by address.
fn root_pages(builder: &ContextBuilder<'_>) -> Vec<String> {
    let Some(current) = builder.editions.views.last() else {
        return Vec::new();
    };
    let home = &current.tree.docs[crate::content::HOME];
    home.subsections
        .iter()
        .chain(&home.pages)
        .map(|&id| {
            format!(
                "{}{}",
                builder.editions.site_base, current.tree.docs[id].url
            )
        })
        .collect()
}

/// `editions` and `current_edition` (its current edition's entry, or
/// `none`), the entry converted once and shared.
fn editions_values(entries: &[context::EditionEntry<'_>]) -> (Value, Value) {
    let current = entries.iter().position(|e| e.current);
    let editions = Value::from_serializable(entries);
    let current = current
        .and_then(|i| editions.as_array().and_then(|a| a.get(i)).cloned())
        .unwrap_or_else(Value::none);
    (editions, current)
}

impl Templates {
    /// Compiles every template of the theme and the site, after checking
    /// what Tera cannot render safely (`graph.rs`) or would reject for a
    /// reason the user should see at their own file (`blocks.rs`).
    pub fn compile(theme: &Theme, base_path: &str) -> Result<Templates, Error> {
        Templates::compile_shared(theme, base_path, base_path)
    }

    /// Compiles the templates of the site `config` describes (of one of its
    /// languages), with that language's interface strings (`strings.rs`).
    pub fn for_site(
        theme: &Theme,
        config: &crate::config::Config,
        paths: &crate::paths::SitePaths,
    ) -> Result<Templates, Error> {
        let strings = strings::resolve(config, paths)?;
        let mut templates =
            Templates::compile_shared(theme, &config.base_path(), &config.shared_base_path())?;
        templates.strings = Value::from_serializable(&strings);
        templates.words = strings;
        Ok(templates)
    }

    /// Compiles like `compile`; `url()` of a theme or site static file
    /// (`css/canteen.css`) or a generated stylesheet starts with
    /// `shared_base`, every other path with `base_path` (a translation's
    /// pages are under `/cy/`, the files every language shares are not).
    fn compile_shared(
        theme: &Theme,
        base_path: &str,
        shared_base: &str,
    ) -> Result<Templates, Error> {
        let graph = graph::Graph::new(theme);
        let problems = graph.check();
        if !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        let broken = blocks::broken(&graph);
        if !broken.errors.is_empty() {
            return Err(Error::Content(broken.errors));
        }
        let mut tera = Tera::new();
        let base = base_path.to_string();
        let shared = (shared_base != base_path).then(|| {
            let files: std::collections::HashSet<String> = theme.statics.keys().cloned().collect();
            (shared_base.to_string(), files)
        });
        // Functions must exist before templates are added: Tera 2 checks calls at compile time.
        tera.register_function(
            "url",
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: &str = kwargs.must_get("path")?;
                let path = path.trim_start_matches('/');
                if let Some((shared_base, files)) = &shared
                    && (files.contains(path) || path.starts_with("css/"))
                {
                    return Ok(format!("{shared_base}{path}"));
                }
                Ok(format!("{base}{path}"))
            },
        );
        tera.register_function("range", limits::range);
        let sources: errors::Sources = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), (t.path.clone(), t.text.clone())))
            .collect();
        // Errors Tera reports without naming a template (there are none in
        // practice) are put at the first template, a file that exists.
        let first = theme
            .templates
            .iter()
            .map(|t| t.path.as_path())
            .min()
            .unwrap_or(Path::new("templates"));
        let prefixes = theme.fallback_prefixes();
        tera.set_fallback_prefixes(prefixes.iter().copied())
            .map_err(|e| Error::Content(errors::diagnostics(&e, &sources, first)))?;
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .filter(|t| !broken.unusable.contains_key(&t.name))
                .map(|t| (t.name.as_str(), t.text.as_str())),
        )
        .map_err(|e| Error::Content(errors::diagnostics(&e, &sources, first)))?;
        Ok(Templates {
            tera,
            sources,
            unusable: broken.unusable,
            prefixes,
            strings: Value::none(),
            words: strings::Strings::new(),
        })
    }

    /// The interface string `key` of the language rendered, if there is one
    /// (the strings of `strings.rs`, for text canteen writes itself).
    pub fn string(&self, key: &str) -> Option<String> {
        self.words.get(key).cloned()
    }

    /// True when a template of that name exists in some layer.
    pub fn has(&self, name: &str) -> bool {
        self.tera
            .get_template_names()
            .chain(self.unusable.keys().map(String::as_str))
            .any(|n| n == name || Theme::bare_name(n) == name)
    }

    /// Why the template a name resolves to cannot be used, if it cannot.
    fn unusable(&self, name: &str) -> Option<&Diagnostic> {
        if self.unusable.is_empty() {
            return None;
        }
        let names = std::iter::once(name.to_string())
            .chain(self.prefixes.iter().map(|p| format!("{p}{name}")));
        for candidate in names {
            if self.tera.get_template_names().any(|n| n == candidate) {
                return None;
            }
            if let Some(reason) = self.unusable.get(&candidate) {
                return Some(reason);
            }
        }
        None
    }

    /// The file of a template, for errors that have no line.
    fn file_of(&self, name: &str) -> &Path {
        std::iter::once(name.to_string())
            .chain(self.prefixes.iter().map(|p| format!("{p}{name}")))
            .find_map(|n| self.sources.get(&n))
            .map_or(Path::new("templates"), |(path, _)| path.as_path())
    }

    /// Renders template `name` into `html`: the page's `range` budget
    /// starts afresh, and the page may not grow past `PAGE_MAX_BYTES`.
    /// `page` (what is being rendered) ends the message of an error.
    fn render_into(
        &self,
        name: &str,
        context: &Context,
        html: &mut Vec<u8>,
        page: &str,
    ) -> Result<(), Diagnostic> {
        let failed = |mut d: Diagnostic| {
            d.message = format!("{} (while rendering {page})", d.message);
            d
        };
        if let Some(reason) = self.unusable(name) {
            return Err(failed(reason.clone()));
        }
        limits::begin_page();
        let mut output = limits::Capped::new(html);
        let result = self.tera.render_to(name, context, &mut output);
        if output.exceeded {
            let file = self.file_of(name);
            return Err(failed(Diagnostic::file(file, limits::too_large_message())));
        }
        result.map_err(|e| {
            let file = self.file_of(name);
            let first = errors::diagnostics(&e, &self.sources, file)
                .into_iter()
                .next();
            failed(first.unwrap_or_else(|| Diagnostic::file(file, e.to_string())))
        })
    }

    /// The template a document renders with.
    pub fn template_for(tree: &ContentTree, id: DocId) -> String {
        let doc = &tree.docs[id];
        if let Some(t) = &doc.meta.template {
            return t.clone();
        }
        match doc.kind {
            Kind::Section if id == HOME => "index.html".into(),
            Kind::Section => "section.html".into(),
            Kind::Page => doc
                .parent
                .and_then(|p| tree.docs[p].meta.page_template.clone())
                .unwrap_or_else(|| "page.html".into()),
        }
    }

    /// The document whose front matter chose `id`'s template, and the key:
    /// a page's own `template`, else its section's `page_template` (which
    /// a page made from a data record copies); the document itself when
    /// it uses a default.
    fn template_named_by(tree: &ContentTree, id: DocId) -> (DocId, &'static str) {
        let doc = &tree.docs[id];
        let own = doc.meta.template.is_some() && doc.record.is_none();
        match doc.parent {
            Some(parent)
                if !own
                    && doc.kind == Kind::Page
                    && tree.docs[parent].meta.page_template.is_some() =>
            {
                (parent, "page_template")
            }
            _ => (id, "template"),
        }
    }

    /// Renders document `id` to HTML.
    pub fn render_document(
        &self,
        builder: &ContextBuilder<'_>,
        globals: &Globals,
        id: DocId,
    ) -> Result<Vec<u8>, Diagnostic> {
        let doc = &builder.tree.docs[id];
        let name = Templates::template_for(builder.tree, id);
        if !self.has(&name) {
            let (named_by, key) = Templates::template_named_by(builder.tree, id);
            let named_by = &builder.tree.docs[named_by];
            let span = front_matter::spans(&named_by.source)
                .value(&key_path![key])
                .unwrap_or(0..0);
            return Err(Diagnostic::at(
                named_by.display_path.clone(),
                &named_by.source,
                span.start,
                span.len(),
                format!("there is no template `{name}`"),
            )
            .with_hint(
                match crate::diagnostics::closest(
                    &name,
                    self.tera.get_template_names().map(Theme::bare_name),
                ) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "create it in `templates/`".to_string(),
                },
            ));
        }
        let mut context = globals.context(&format!("{}{}", builder.base_path, doc.url));
        context.insert_value("strings", self.strings.clone());
        if let Some(languages) = builder.languages {
            languages.insert(&mut context, builder.view, id);
        }
        if builder.editions.views.len() > 1 {
            let (editions, current) = editions_values(&builder.switcher(id));
            context.insert_value("current_edition", current);
            context.insert_value("editions", editions);
        }
        // Converted once: a section is both `section` and `page`, and its
        // value lists every one of its pages.
        let value = Value::from_serializable(&builder.document(id));
        if doc.kind == Kind::Section {
            context.insert_value("section", value.clone());
        }
        context.insert_value("page", value);
        // Sized for the page's Markdown and the layout around it, so the
        // page is written once without growing (and copying) the buffer.
        let mut html = Vec::with_capacity(builder.rendered[id].html.len() + PAGE_LAYOUT_BYTES);
        let page = format!("`{}`", doc.display_path.display());
        self.render_into(&name, &context, &mut html, &page)?;
        Ok(html)
    }

    /// Renders a template that is not a document (404, redirects).
    pub fn render_special(
        &self,
        name: &str,
        globals: &Globals,
        current_url: &str,
        extra: &[(&'static str, Value)],
    ) -> Result<String, Diagnostic> {
        let mut context = globals.context(current_url);
        context.insert_value("strings", self.strings.clone());
        context.insert_value("page", Value::none());
        for (key, value) in extra {
            context.insert_value(*key, value.clone());
        }
        let mut html = Vec::new();
        self.render_into(name, &context, &mut html, &format!("`{name}`"))?;
        // Tera writes only UTF-8; a lossy conversion never changes a byte.
        Ok(String::from_utf8(html)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}
