//! The Markdown of every edition, rendered in one pass: each edition's
//! links resolve in that edition (and `/<id>/…` links in the one they
//! name), an earlier edition reuses the newer one's rendering of a page
//! whose text is the same, and every `#anchor` is checked once every page
//! is rendered.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::ContentTree;
use crate::diagnostics::Diagnostic;
use crate::editions::Earlier;
use crate::markdown::highlight::CodeCache;
use crate::markdown::links::{EditionTarget, LinkScope};
use crate::markdown::{self, Rendered};
use crate::render::theme::Theme;
use crate::search::cache::EntryCache;
use crate::site::extras::search;

/// A tree and its rendered Markdown, indexed like its documents.
pub(super) type RenderedTree<'a> = (&'a ContentTree, &'a [Rendered]);

/// Renders the Markdown of every edition's tree in parallel: each
/// edition's links resolve in that edition, and `/<id>/…` links in the
/// edition they name. The result is like `Site::views`. `previous` is the
/// current edition as it was before some of its files changed: a page
/// whose body is the same reuses its rendering there. A page's search
/// entry is the one `entries` kept from the last build when it is made of
/// the same.
pub(super) fn render_markdown(
    config: &Config,
    (earlier, current): (&[Earlier], &ContentTree),
    files: &HashSet<String>,
    site_base: &str,
    previous: Option<RenderedTree<'_>>,
    entries: Option<&EntryCache>,
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
        let newer = match rendered.get(v + 1) {
            Some(r) => Some((trees[v + 1], r.as_slice())),
            None => previous,
        };
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
                let (mut rendered, events, errors) = match reused {
                    Some(r) => (r, None, Vec::new()),
                    None => {
                        let text = search::reads_markdown(config, &trees[v].docs[id]);
                        markdown::render(id, &scopes[v], &config.markdown, code.as_ref(), text)
                    }
                };
                // The page's search entry, made now so that its text is let
                // go page by page, never held for the whole site at once.
                rendered.entry =
                    search::entry_of(config, trees[v], id, &rendered, events.as_ref(), entries);
                (rendered, errors)
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
        page.anchors_fixed = true;
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

/// Output paths content may link to besides pages: static files and the
/// files canteen generates.
pub(crate) fn link_targets(theme: &Theme) -> HashSet<String> {
    theme
        .statics
        .keys()
        .cloned()
        .chain(super::extras::fixed_files().map(|(path, _)| path.to_string()))
        .collect()
}
