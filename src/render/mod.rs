//! Templates: one Tera environment per build, shared by every page of
//! every edition, rendering documents in parallel.

pub mod context;
pub mod deps;
pub mod theme;

use std::collections::HashMap;
use std::path::PathBuf;

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
    sources: HashMap<String, (PathBuf, String)>,
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
}

impl Globals {
    /// Converts the values one edition's pages share, once per build.
    pub fn new(builder: &ContextBuilder<'_>, data: &serde_json::Value) -> Globals {
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
        context.insert("current_url", current_url);
        context
    }
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
    /// Compiles every template of the theme and the site.
    pub fn compile(theme: &Theme, base_path: &str) -> Result<Templates, Error> {
        let mut tera = Tera::new();
        let base = base_path.to_string();
        // Functions must exist before templates are added: Tera 2 checks calls at compile time.
        tera.register_function(
            "url",
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: &str = kwargs.must_get("path")?;
                Ok(format!("{base}{}", path.trim_start_matches('/')))
            },
        );
        tera.set_fallback_prefixes(theme.fallback_prefixes().iter().copied())
            .map_err(|e| Error::Content(vec![template_error(&e, &HashMap::new())]))?;
        let sources: HashMap<String, (PathBuf, String)> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), (t.path.clone(), t.text.clone())))
            .collect();
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.text.as_str())),
        )
        .map_err(|e| Error::Content(vec![template_error(&e, &sources)]))?;
        Ok(Templates { tera, sources })
    }

    /// True when a template of that name exists in some layer.
    pub fn has(&self, name: &str) -> bool {
        self.tera
            .get_template_names()
            .any(|n| n == name || Theme::bare_name(n) == name)
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
        self.tera
            .render_to(&name, &context, &mut html)
            .map_err(|e| {
                let mut d = template_error(&e, &self.sources);
                d.message = format!(
                    "{} (while rendering `{}`)",
                    d.message,
                    doc.display_path.display()
                );
                d
            })?;
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
        context.insert_value("page", Value::none());
        for (key, value) in extra {
            context.insert_value(*key, value.clone());
        }
        self.tera
            .render(name, &context)
            .map_err(|e| template_error(&e, &self.sources))
    }
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error(error: &tera::Error, sources: &HashMap<String, (PathBuf, String)>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic::file("templates", error.to_string());
    };
    match sources.get(report.filename()) {
        Some((path, text)) => {
            let span = report.span();
            Diagnostic::at(
                path.clone(),
                text,
                span.range.start,
                span.range.len(),
                report.message().to_string(),
            )
        }
        None => Diagnostic::file(
            format!("templates/{}", report.filename()),
            report.message().to_string(),
        ),
    }
}
