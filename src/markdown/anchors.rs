//! Checking every `#fragment` link against its target's anchors, once
//! every page of every edition is rendered; a fragment in other capitals
//! than its heading's id (as GitHub READMEs write them) is corrected.

use crate::content::{ContentTree, DocId};
use crate::diagnostics::Diagnostic;

use super::Rendered;

/// A link with a `#fragment`, to check against its target's anchors.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// The page linked to.
    pub target: DocId,
    /// Its edition (an index of `LinkScope::editions`) when the link
    /// crosses editions; `None` for a page of the same content tree.
    pub edition: Option<usize>,
    /// The fragment, decoded.
    pub anchor: String,
    /// The fragment as written in the link, to correct it in the HTML.
    pub written: String,
    /// Where the link is in the source file.
    pub offset: usize,
    /// Length of the link destination.
    pub len: usize,
}

/// The `#fragment` of a link destination as written, without the `#`.
pub(super) fn written_fragment(dest: &str) -> &str {
    dest.split_once('#').map_or("", |(_, f)| f)
}

/// A content tree and its rendered Markdown, for checking anchors.
pub type TreeView<'a> = (&'a ContentTree, &'a [Rendered]);

/// A `#fragment` written in another case than its target's id
/// (`#Heading-With-Caps`, as GitHub READMEs write them): GitHub finds such
/// headings, so the link is not broken, and the page's HTML gets the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorFix {
    /// The page with the link.
    pub page: DocId,
    /// The fragment as written.
    pub written: String,
    /// The id it means.
    pub id: String,
}

impl AnchorFix {
    /// `html` with the fragment corrected in every `href` that has it.
    pub fn apply(&self, html: &str) -> String {
        let href_end = |fragment: &str| {
            let mut escaped = String::from("#");
            // Writing to a String cannot fail.
            let _ = pulldown_cmark_escape::escape_href(&mut escaped, fragment);
            escaped.push('"');
            escaped
        };
        html.replace(&href_end(&self.written), &href_end(&self.id))
    }
}

/// Checks every `#fragment` link against the anchors of its target;
/// `editions` gives the trees that links into other editions point at.
/// Fragments that differ from an id only in case come back as fixes.
pub fn check_anchors<'t>(
    tree: &'t ContentTree,
    rendered: &'t [Rendered],
    editions: &dyn Fn(usize) -> TreeView<'t>,
) -> (Vec<Diagnostic>, Vec<AnchorFix>) {
    let mut errors = Vec::new();
    let mut fixes = Vec::new();
    for (id, page) in rendered.iter().enumerate() {
        for link in &page.anchor_links {
            let (target_tree, target_rendered) = match link.edition {
                Some(e) => editions(e),
                None => (tree, rendered),
            };
            let target = &target_rendered[link.target];
            if target.anchors.contains(&link.anchor) || link.anchor == "top" {
                continue;
            }
            if target.title_anchor.as_ref() == Some(&link.anchor) {
                fixes.push(AnchorFix {
                    page: id,
                    written: link.written.clone(),
                    id: "top".to_string(),
                });
                continue;
            }
            let folded = link.anchor.to_lowercase();
            if let Some(same) = target.anchors.iter().find(|a| a.to_lowercase() == folded) {
                fixes.push(AnchorFix {
                    page: id,
                    written: link.written.clone(),
                    id: same.clone(),
                });
                continue;
            }
            let doc = &tree.docs[id];
            let target_doc = &target_tree.docs[link.target];
            let mut anchors: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
            anchors.sort_unstable();
            let suggestion = crate::diagnostics::closest(&link.anchor, anchors.iter().copied());
            let hint = match suggestion {
                Some(s) => format!("did you mean `#{s}`?"),
                None if anchors.is_empty() => {
                    format!("`{}` has no headings to link to", target_doc.rel)
                }
                None => format!(
                    "headings there: {}",
                    anchors
                        .iter()
                        .take(6)
                        .map(|a| format!("`#{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors.push(
                Diagnostic::at(
                    doc.display_path.clone(),
                    &doc.source,
                    link.offset,
                    link.len,
                    format!(
                        "`{}` has no heading with the id `#{}`",
                        target_doc.rel, link.anchor
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    (errors, fixes)
}
