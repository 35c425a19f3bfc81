//! The findings of every check that reads only the loaded site
//! (`check::on_site`: review dates, and whatever check is added there),
//! worked out again after each successful rebuild for the health page and
//! `/__canteen/status`, each with the pages it concerns. External links
//! are never fetched here.

use std::path::Path;

use crate::check::{self, Finding, SiteOptions};
use crate::paths::CONTENT;
use crate::site::Site;

/// One finding and the pages it concerns (addresses on the dev server).
#[derive(Debug, Clone)]
pub struct Listed {
    /// The finding, its path relative to the site root.
    pub finding: Finding,
    /// The pages it is about: the page of its content file, and every
    /// address its hint names in backticks.
    pub pages: Vec<String>,
}

impl Listed {
    /// As `canteen check --format json` writes it, with `pages`.
    pub fn json(&self) -> serde_json::Value {
        let mut value = check::format::json(&self.finding, false);
        if let Some(object) = value.as_object_mut() {
            object.insert("pages".into(), serde_json::json!(self.pages));
        }
        value
    }
}

/// The findings of `site` today, looking `--due-within`'s default ahead
/// (`SiteOptions::default`).
pub(crate) fn of_site(site: &Site, root: &Path) -> Vec<Listed> {
    let options = SiteOptions::default();
    let base = site.config.base_path();
    check::on_site(site, &options, root)
        .into_iter()
        .map(|finding| {
            let file = finding.diagnostic.file.to_string_lossy().replace('\\', "/");
            let own = ["", "local/"]
                .iter()
                .find_map(|prefix| {
                    let rel = file.strip_prefix(prefix)?.strip_prefix(CONTENT)?;
                    site.tree.by_rel(rel.strip_prefix('/')?)
                })
                .map(|id| format!("{base}{}", site.tree.docs[id].url));
            let mut pages: Vec<String> = own.into_iter().collect();
            for named in super::health::page_links(finding.diagnostic.hint.as_deref().unwrap_or(""))
            {
                if !pages.contains(&named) {
                    pages.push(named);
                }
            }
            Listed { finding, pages }
        })
        .collect()
}
