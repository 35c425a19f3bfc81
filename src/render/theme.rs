//! Where templates and static files come from: the site's own folders over
//! the theme's, the theme from `themes/<name>/` or compiled into the binary.
//!
//! Layers, highest first: a trust's overlay (`local/templates`,
//! `local/static`), the site's own folders, the theme. Without an overlay the
//! site's templates have bare names and the theme's `theme/…`; with one, the
//! overlay's are bare, the site's (or else the theme's) `upstream/…`, so a
//! local template can `{% extends "upstream/page.html" %}`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::walk;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::paths::{STATIC, SitePaths, TEMPLATES};
use crate::spans::{Spans, key_path};

/// The name of the theme compiled into canteen.
pub use crate::builtin::NAME as BUILT_IN;

/// Prefix of the theme's templates.
pub const THEME_PREFIX: &str = "theme/";

/// Prefix of the upstream site's templates when an overlay sits on top.
pub const UPSTREAM_PREFIX: &str = "upstream/";

/// Where a file's bytes live.
#[derive(Debug, Clone)]
pub enum Source {
    /// On disk.
    Disk(PathBuf),
    /// Compiled into the binary.
    Embedded(&'static [u8]),
}

impl Source {
    /// The file's bytes.
    pub fn read(&self) -> Result<Vec<u8>, Error> {
        match self {
            Source::Disk(path) => Ok(crate::fs::read(path)?),
            Source::Embedded(bytes) => Ok(bytes.to_vec()),
        }
    }

    /// The path to show in messages.
    pub fn display(&self, name: &str) -> PathBuf {
        match self {
            Source::Disk(path) => path.clone(),
            Source::Embedded(_) => PathBuf::from(format!("<built-in theme>/{name}")),
        }
    }
}

/// A template to register, with the name Tera knows it by.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// `page.html` for the site's own, `theme/page.html` for the theme's.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Where it came from, for messages: relative to the site root, or
    /// `<built-in theme>/templates/…`.
    pub path: PathBuf,
}

impl Theme {
    /// True when a template shows a page's shared image
    /// (`page.social_image`): only then are social cards worth drawing.
    pub fn shows_social_images(&self) -> bool {
        self.templates
            .iter()
            .any(|t| t.text.contains("social_image"))
    }
}

impl TemplateFile {
    /// True for the theme's own templates and the `upstream/` names canteen
    /// makes for them: files the site's author did not write.
    pub fn is_theme(&self) -> bool {
        self.name.starts_with(THEME_PREFIX)
            || self
                .name
                .strip_prefix(UPSTREAM_PREFIX)
                .is_some_and(|rel| self.text == upstream_stub(&format!("{THEME_PREFIX}{rel}")))
    }
}

/// The text of the `upstream/` template canteen makes for a theme layout.
fn upstream_stub(theme_name: &str) -> String {
    format!("{{% extends \"{theme_name}\" %}}")
}

/// The templates and static files of a site, layers resolved.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Every template of every layer.
    pub templates: Vec<TemplateFile>,
    /// Static files by output path; higher layers already won.
    pub statics: BTreeMap<String, Source>,
    /// True when a trust's overlay folder is the top layer.
    layered: bool,
}

/// The error for a `theme` that names no folder, at the `theme` key of
/// the configuration file in use (named relative to the site root).
fn missing_theme(paths: &SitePaths, name: &str, dir: &Path) -> Result<Diagnostic, Error> {
    let file = Config::file(&paths.root);
    let text = crate::fs::read_to_string(&paths.root.join(&file))?;
    let span = Spans::toml(&text, 0)
        .key(&key_path!["theme"])
        .unwrap_or(0..0);
    let folder = dir.strip_prefix(&paths.root).unwrap_or(dir);
    Ok(Diagnostic::at(
        file,
        &text,
        span.start,
        span.len(),
        format!(
            "there is no theme `{name}`: `{}` does not exist",
            folder.display()
        ),
    )
    .with_hint(format!(
        "remove `theme` to use the built-in `{BUILT_IN}` theme, or create the theme's folder"
    )))
}

impl Theme {
    /// Resolves the theme named in `config` and layers the site over it.
    pub fn load(config: &Config, paths: &SitePaths) -> Result<Theme, Error> {
        let mut theme = Theme::default();
        let name = config.theme.clone().unwrap_or_else(|| BUILT_IN.to_string());
        let dir = paths.themes.join(&name);
        if dir.is_dir() {
            theme.add_dir(&dir.join(TEMPLATES), THEME_PREFIX, &paths.root)?;
            theme.add_static_dir(&dir.join(STATIC), &paths.root)?;
        } else if name == BUILT_IN {
            for (rel, bytes) in crate::builtin::files() {
                if let Some(template) = rel
                    .strip_prefix(TEMPLATES)
                    .and_then(|r| r.strip_prefix('/'))
                {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    theme.templates.push(TemplateFile {
                        name: format!("theme/{template}"),
                        text,
                        path: PathBuf::from(format!("<built-in theme>/{rel}")),
                    });
                } else if let Some(file) =
                    rel.strip_prefix(STATIC).and_then(|r| r.strip_prefix('/'))
                {
                    theme
                        .statics
                        .insert(file.to_string(), Source::Embedded(bytes));
                }
            }
        } else {
            return Err(Error::Config(missing_theme(paths, &name, &dir)?));
        }
        let overlay = paths.root.join(crate::paths::LOCAL);
        theme.layered = overlay.is_dir();
        if theme.layered {
            theme.add_dir(&paths.templates, UPSTREAM_PREFIX, &paths.root)?;
            theme.add_static_dir(&paths.static_dir, &paths.root)?;
            theme.add_upstream_stubs();
            theme.add_dir(&overlay.join(TEMPLATES), "", &paths.root)?;
            theme.add_static_dir(&overlay.join(STATIC), &paths.root)?;
        } else {
            theme.add_dir(&paths.templates, "", &paths.root)?;
            theme.add_static_dir(&paths.static_dir, &paths.root)?;
        }
        Ok(theme)
    }

    /// A theme of these templates alone, no overlay (for tests): (name,
    /// text) pairs, the theme's shown as `themes/t/templates/…`.
    #[cfg(test)]
    pub(crate) fn of_templates(files: &[(&str, &str)]) -> Theme {
        let templates = files
            .iter()
            .map(|(name, text)| TemplateFile {
                name: name.to_string(),
                text: text.to_string(),
                path: PathBuf::from(match name.strip_prefix(THEME_PREFIX) {
                    Some(rel) => format!("themes/t/templates/{rel}"),
                    None => format!("templates/{name}"),
                }),
            })
            .collect();
        Theme {
            templates,
            ..Theme::default()
        }
    }

    /// Where Tera looks for a bare template name after the top layer.
    pub fn fallback_prefixes(&self) -> &'static [&'static str] {
        if self.layered {
            &[UPSTREAM_PREFIX, THEME_PREFIX]
        } else {
            &[THEME_PREFIX]
        }
    }

    /// A template's name without its layer prefix.
    pub fn bare_name(name: &str) -> &str {
        name.strip_prefix(UPSTREAM_PREFIX)
            .or_else(|| name.strip_prefix(THEME_PREFIX))
            .unwrap_or(name)
    }

    /// `upstream/x` for every theme layout (a template with blocks) the site
    /// does not replace, so an overlay template can extend the upstream
    /// version of any layout by one name: a one-line template extending the
    /// theme's. Partials get none: an included template must not extend, and
    /// a bare name already falls back to the theme's.
    fn add_upstream_stubs(&mut self) {
        let stubs: Vec<TemplateFile> = self
            .templates
            .iter()
            .filter(|t| t.text.contains("{% block") || t.text.contains("{%- block"))
            .filter_map(|t| {
                let rel = t.name.strip_prefix(THEME_PREFIX)?;
                let name = format!("{UPSTREAM_PREFIX}{rel}");
                let exists = self.templates.iter().any(|o| o.name == name);
                (!exists).then(|| TemplateFile {
                    text: upstream_stub(&t.name),
                    name,
                    path: t.path.clone(),
                })
            })
            .collect();
        self.templates.extend(stubs);
    }

    /// Adds the templates under `dir`, named `prefix` + their path there,
    /// shown in messages by their path from the site root.
    fn add_dir(&mut self, dir: &Path, prefix: &str, root: &Path) -> Result<(), Error> {
        for found in walk::walk(dir, root)? {
            let text = crate::fs::read_to_string(&found.abs)?;
            let shown = found.abs.strip_prefix(root).unwrap_or(&found.abs);
            if let Some(d) = crate::nul::in_source(shown, &text) {
                return Err(Error::Content(vec![d]));
            }
            let path = found
                .abs
                .strip_prefix(root)
                .map_or_else(|_| found.abs.clone(), Path::to_path_buf);
            self.templates.push(TemplateFile {
                name: format!("{prefix}{}", found.rel),
                text,
                path,
            });
        }
        Ok(())
    }

    fn add_static_dir(&mut self, dir: &Path, root: &Path) -> Result<(), Error> {
        for found in walk::walk(dir, root)? {
            self.statics.insert(found.rel, Source::Disk(found.abs));
        }
        Ok(())
    }
}
