//! Brand settings that point at the site: the logo must be a static file and
//! a social media policy given as an address on this site must be a page —
//! checked like any other link, after the site is loaded.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use super::Brand;
use crate::content::ContentTree;
use crate::diagnostics::Diagnostic;

/// Problems with the logo file and the policy link; `config` is the
/// configuration file's path and text, for positions.
pub fn check_links(
    brand: &Brand,
    config: (&Path, &str),
    tree: &ContentTree,
    files: &HashSet<String>,
) -> Vec<Diagnostic> {
    let (file, text) = config;
    let at = |span: Range<usize>, message: String, hint: &str| {
        Diagnostic::at(file, text, span.start, span.len(), message).with_hint(hint)
    };
    let mut errors = Vec::new();
    if let Some(logo) = &brand.logo {
        let path = logo.file.get_ref().trim_start_matches('/');
        if !files.contains(path) {
            errors.push(at(
                logo.file.span(),
                format!("there is no static file `{path}` for the logo"),
                "put the logo in `local/static/` (or `static/`) and give its path there, for example `images/logo.svg`",
            ));
        }
    }
    if let Some(policy) = &brand.social_media_policy {
        let target = policy.get_ref();
        let is_web = target.starts_with("https://") || target.starts_with("http://");
        let url = format!("{}/", target.trim_matches('/'));
        if !is_web && target != "/" && tree.by_url(&url).is_none() {
            errors.push(at(
                policy.span(),
                format!("`social_media_policy` links to `{target}`, but no page has that address"),
                "give a full web address (https://…) or the address of a page on this site, such as `/policies/social-media/`",
            ));
        }
    }
    errors
}
