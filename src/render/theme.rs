//! Where templates and static files come from: the site's own folders over
//! the theme's, the theme from `themes/<name>/` or compiled into the binary.
//!
//! Layers are an ordered list (highest first), so a trust's overlay folder
//! can later sit on top without changing how lookups work.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{Config, SitePaths};
use crate::content::walk;
use crate::diagnostics::Diagnostic;
use crate::error::Error;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// The name of the theme compiled into canteen.
pub const BUILT_IN: &str = "nhs";

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
    /// Where it came from, for messages.
    pub path: PathBuf,
}

/// The templates and static files of a site, layers resolved.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Every template of every layer.
    pub templates: Vec<TemplateFile>,
    /// Static files by output path; higher layers already won.
    pub statics: BTreeMap<String, Source>,
}

impl Theme {
    /// Resolves the theme named in `config` and layers the site over it.
    pub fn load(config: &Config, paths: &SitePaths) -> Result<Theme, Error> {
        let mut theme = Theme::default();
        let name = config.theme.clone().unwrap_or_else(|| BUILT_IN.to_string());
        let dir = paths.themes.join(&name);
        if dir.is_dir() {
            theme.add_dir(&dir.join("templates"), "theme/")?;
            theme.add_static_dir(&dir.join("static"))?;
        } else if name == BUILT_IN {
            for (rel, bytes) in embedded::FILES {
                if let Some(template) = rel.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    theme.templates.push(TemplateFile {
                        name: format!("theme/{template}"),
                        text,
                        path: PathBuf::from(format!("<built-in theme>/{rel}")),
                    });
                } else if let Some(file) = rel.strip_prefix("static/") {
                    theme
                        .statics
                        .insert(file.to_string(), Source::Embedded(bytes));
                }
            }
        } else {
            return Err(Error::Config(
                Diagnostic::file(paths.root.join(crate::config::CONFIG_FILE), format!("there is no theme `{name}`: `{}` does not exist", dir.display()))
                    .with_hint(format!("remove `theme` to use the built-in `{BUILT_IN}` theme, or create the theme's folder")),
            ));
        }
        theme.add_dir(&paths.templates, "")?;
        theme.add_static_dir(&paths.static_dir)?;
        Ok(theme)
    }

    fn add_dir(&mut self, dir: &Path, prefix: &str) -> Result<(), Error> {
        for found in walk::walk(dir)? {
            let text = crate::fs::read_to_string(&found.abs)?;
            self.templates.push(TemplateFile {
                name: format!("{prefix}{}", found.rel),
                text,
                path: found.abs,
            });
        }
        Ok(())
    }

    fn add_static_dir(&mut self, dir: &Path) -> Result<(), Error> {
        for found in walk::walk(dir)? {
            self.statics.insert(found.rel, Source::Disk(found.abs));
        }
        Ok(())
    }
}
