//! Every file a build writes, and what writes it: claimed before anything
//! is rendered (`output::claims`), so that no page, alias, redirect,
//! generated page, static or content file can overwrite another or land
//! outside the output folder.

use std::path::Path;

use super::extras::{self, Shape};
use crate::config::EditionInfo;
use crate::content::{ContentTree, address};
use crate::diagnostics::Diagnostic;
use crate::output::claims::{Claims, Origin};
use crate::render::theme::Theme;

/// One edition's content, as outputs see it.
pub struct EditionTree<'a> {
    /// Its id, label and date (`None` on a site without editions).
    pub info: Option<&'a EditionInfo>,
    /// What its addresses start with: `""` for the current edition, `2013/`.
    pub prefix: String,
    /// Its pages and files.
    pub tree: &'a ContentTree,
}

/// Claims every output file of the site; the clashes and impossible
/// addresses found. `editions` are oldest first, the current one last;
/// `root` is the site root and `config` its configuration file and text.
///
/// The order decides which of two clashing sources an error is shown at
/// (the later, when the user wrote both): files canteen makes at fixed
/// paths, static files, the current edition's pages and files, earlier
/// editions', then the extras whose files follow the content (redirects,
/// "what changed" pages).
pub fn check(
    editions: &[EditionTree<'_>],
    theme: &Theme,
    root: &Path,
    config: (&Path, &str),
    cards: bool,
    search: bool,
) -> Vec<Diagnostic> {
    let documents: usize = editions.iter().map(|e| e.tree.docs.len()).sum();
    let mut claims = Claims::with_capacity(documents * 2 + theme.statics.len());
    let shape = Shape {
        editions,
        config,
        cards,
        search,
    };
    extras::claim(&shape, &mut claims, true);
    for (rel, source) in &theme.statics {
        let shown = source.display(rel);
        let shown = shown
            .strip_prefix(root)
            .map_or(shown.clone(), Path::to_path_buf);
        claims.claim(rel.clone(), Origin::Static(shown), config);
    }
    for edition in editions.iter().rev() {
        for doc in &edition.tree.docs {
            let path = format!("{}{}", edition.prefix, address::file_of(&doc.url));
            claims.claim(path, Origin::Page(doc), config);
        }
        for asset in &edition.tree.assets {
            let shown = asset.abs.strip_prefix(root).unwrap_or(&asset.abs);
            claims.claim(
                format!("{}{}", edition.prefix, asset.out),
                Origin::Asset(shown),
                config,
            );
        }
    }
    extras::claim(&shape, &mut claims, false);
    claims.into_errors()
}
