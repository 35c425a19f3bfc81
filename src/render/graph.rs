//! How templates build on each other: every `extends` and `include` tag,
//! resolved to a template the way Tera resolves names, checked before Tera
//! compiles anything.
//!
//! Tera renders an `include` by recursion, with tens of kilobytes of stack
//! per level, so an include loop or a long chain would overflow the stack
//! and abort the process (leaving a staging folder behind). Here both are
//! errors at the tag. Reads templates with `deps::tags`; never renders.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::render::deps::{Tag, TagKind, tags};
use crate::render::theme::{TemplateFile, Theme};

/// The most `include` and `extends` levels one render may nest. Real themes
/// use fewer than 10; a level costs up to ~70 KB of stack in Tera and
/// components (up to 20 deep) multiply it, so rendering threads get a stack
/// sized for 20 × 16 levels (`limits::STACK_SIZE`).
pub const MAX_DEPTH: usize = 16;

/// How a template is being rendered: as (an ancestor of) the page's own
/// template, where its `extends` is followed, or included, where Tera
/// renders only its own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    Page,
    Included,
}

type State = (usize, Mode);

/// Per state, the longest chain of edges below it and the edge it starts with.
type Longest = HashMap<State, (usize, Option<(Edge, Mode)>)>;

/// One step from a template to another.
#[derive(Debug, Clone, Copy)]
struct Edge {
    to: usize,
    /// Index into the source template's tags.
    tag: usize,
}

/// Every template with its tags and resolved references.
pub struct Graph<'a> {
    templates: Vec<&'a TemplateFile>,
    tags: Vec<Vec<Tag<'a>>>,
    by_name: HashMap<&'a str, usize>,
    prefixes: &'a [&'a str],
}

impl<'a> Graph<'a> {
    /// Reads the tags of every template of `theme`.
    pub fn new(theme: &'a Theme) -> Graph<'a> {
        let mut templates: Vec<&TemplateFile> = theme.templates.iter().collect();
        templates.sort_by(|a, b| a.name.cmp(&b.name));
        let tags = templates.iter().map(|t| tags(&t.text)).collect();
        let by_name = templates
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        Graph {
            templates,
            tags,
            by_name,
            prefixes: theme.fallback_prefixes(),
        }
    }

    /// The template a name means: the exact name, else the name under each
    /// fallback prefix in turn (as Tera resolves it).
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied().or_else(|| {
            self.prefixes
                .iter()
                .find_map(|p| self.by_name.get(format!("{p}{name}").as_str()).copied())
        })
    }

    /// Every template's index, in name order.
    pub fn indices(&self) -> std::ops::Range<usize> {
        0..self.templates.len()
    }

    /// The template at `index`.
    pub fn template(&self, index: usize) -> &'a TemplateFile {
        self.templates[index]
    }

    /// Its tags.
    pub fn tags_of(&self, index: usize) -> &[Tag<'a>] {
        &self.tags[index]
    }

    /// The template `index` extends, with its tag, when it extends one that exists.
    pub fn parent(&self, index: usize) -> Option<(usize, &Tag<'a>)> {
        let tag = self.tags[index]
            .iter()
            .find(|t| t.kind == TagKind::Extends)?;
        Some((self.resolve(tag.name)?, tag))
    }

    /// Every template `index` extends, nearest first (stops at a loop).
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let mut at = index;
        while let Some((parent, _)) = self.parent(at) {
            if parent == index || found.contains(&parent) {
                break;
            }
            found.push(parent);
            at = parent;
        }
        found
    }

    /// A diagnostic at one tag of template `index`.
    pub fn at_tag(&self, index: usize, tag: &Tag<'_>, message: String) -> Diagnostic {
        let t = self.templates[index];
        Diagnostic::at(t.path.clone(), &t.text, tag.offset, tag.len, message)
    }

    fn edges(&self, (index, mode): State) -> impl Iterator<Item = (Edge, Mode)> + '_ {
        self.tags[index]
            .iter()
            .enumerate()
            .filter_map(move |(i, tag)| {
                let next = match (tag.kind, mode) {
                    (TagKind::Include, _) => Mode::Included,
                    // An included template is rendered without its parent.
                    (TagKind::Extends, Mode::Page) => Mode::Page,
                    _ => return None,
                };
                let to = self.resolve(tag.name)?;
                Some((Edge { to, tag: i }, next))
            })
    }

    /// Loops, chains deeper than `MAX_DEPTH` and `extends` of templates that
    /// do not exist, each at the tag responsible.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut errors = self.missing_parents();
        errors.extend(self.loops());
        if errors.is_empty() {
            errors.extend(self.too_deep());
        }
        errors
    }

    fn missing_parents(&self) -> Vec<Diagnostic> {
        let names = || self.templates.iter().map(|t| Theme::bare_name(&t.name));
        (0..self.templates.len())
            .filter_map(|i| {
                let tag = self.tags[i].iter().find(|t| t.kind == TagKind::Extends)?;
                if self.resolve(tag.name).is_some() {
                    return None;
                }
                let hint = match crate::diagnostics::closest(tag.name, names()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "create it in `templates/`".to_string(),
                };
                Some(
                    self.at_tag(
                        i,
                        tag,
                        format!("there is no template `{}` to extend", tag.name),
                    )
                    .with_hint(hint),
                )
            })
            .collect()
    }

    /// One error per tag that closes a loop, found by a depth-first walk in
    /// name order (iterative: the walk itself must not recurse deeply).
    /// Included templates are walked first, so an include loop is named from
    /// the template that starts it, not from one that extends into it.
    fn loops(&self) -> Vec<Diagnostic> {
        #[derive(Clone, Copy, PartialEq)]
        enum Colour {
            New,
            OnPath,
            Done,
        }
        let mut colour: HashMap<State, Colour> = HashMap::new();
        let mut errors = Vec::new();
        let starts = [Mode::Included, Mode::Page]
            .into_iter()
            .flat_map(|mode| self.indices().map(move |i| (i, mode)));
        for start in starts {
            if colour.get(&start).copied().unwrap_or(Colour::New) != Colour::New {
                continue;
            }
            // The path: each state with the edges still to follow.
            let mut path: Vec<(State, Vec<(Edge, Mode)>)> =
                vec![(start, self.edges(start).collect())];
            colour.insert(start, Colour::OnPath);
            while let Some((state, pending)) = path.last_mut() {
                let state = *state;
                let Some((edge, mode)) = pending.pop() else {
                    colour.insert(state, Colour::Done);
                    path.pop();
                    continue;
                };
                let next = (edge.to, mode);
                match colour.get(&next).copied().unwrap_or(Colour::New) {
                    Colour::New => {
                        colour.insert(next, Colour::OnPath);
                        path.push((next, self.edges(next).collect()));
                    }
                    Colour::OnPath => {
                        let from = path.iter().position(|(s, _)| *s == next).unwrap_or(0);
                        let mut chain: Vec<&str> = path[from..]
                            .iter()
                            .map(|((i, _), _)| self.templates[*i].name.as_str())
                            .collect();
                        chain.push(&self.templates[edge.to].name);
                        let tag = &self.tags[state.0][edge.tag];
                        let verb = if tag.kind == TagKind::Include {
                            "include"
                        } else {
                            "extend"
                        };
                        errors.push(
                            self.at_tag(
                                state.0,
                                tag,
                                format!(
                                    "templates {verb} each other in a loop: {}",
                                    chain.join(" → ")
                                ),
                            )
                            .with_hint(format!(
                                "a template cannot {verb} itself, directly or through others; remove one `{verb}` of the loop{}",
                                if verb == "include" {
                                    ", or make the repeated part a component"
                                } else {
                                    ""
                                }
                            )),
                        );
                    }
                    Colour::Done => {}
                }
            }
        }
        errors
    }

    /// One error per chain deeper than `MAX_DEPTH`, at the tag that goes one
    /// level too deep. Only called when there are no loops.
    fn too_deep(&self) -> Vec<Diagnostic> {
        let mut depth: Longest = HashMap::new();
        let starts: Vec<State> = (0..self.templates.len()).map(|i| (i, Mode::Page)).collect();
        for &start in &starts {
            self.longest(start, &mut depth);
        }
        let mut by_depth: Vec<State> = starts
            .into_iter()
            .filter(|s| depth.get(s).is_some_and(|(d, _)| *d > MAX_DEPTH))
            .collect();
        by_depth.sort_by_key(|s| std::cmp::Reverse(depth.get(s).map_or(0, |(d, _)| *d)));
        let mut covered: HashSet<usize> = HashSet::new();
        let mut culprits: HashSet<(usize, usize)> = HashSet::new();
        let mut errors = Vec::new();
        for start in by_depth {
            if covered.contains(&start.0) {
                continue;
            }
            // Everything below a reported chain is part of the same problem.
            let mut below = vec![start];
            let mut seen = HashSet::from([start]);
            while let Some(s) = below.pop() {
                covered.insert(s.0);
                for (edge, mode) in self.edges(s) {
                    if seen.insert((edge.to, mode)) {
                        below.push((edge.to, mode));
                    }
                }
            }
            let mut chain = vec![self.templates[start.0].name.as_str()];
            let mut at = start;
            let mut culprit = None;
            while let Some((_, Some((edge, mode)))) = depth.get(&at).copied() {
                chain.push(&self.templates[edge.to].name);
                if chain.len() == MAX_DEPTH + 2 {
                    culprit = Some((at.0, edge.tag));
                    break;
                }
                at = (edge.to, mode);
            }
            // Several layouts including one long chain make one error.
            let Some((index, tag)) = culprit.filter(|c| culprits.insert(*c)) else {
                continue;
            };
            errors.push(
                self.at_tag(
                    index,
                    &self.tags[index][tag],
                    format!(
                        "templates nest more than {MAX_DEPTH} levels deep: {}",
                        chain.join(" → ")
                    ),
                )
                .with_hint(format!(
                    "each `include` and `extends` is one level, and canteen allows {MAX_DEPTH} so that rendering cannot run out of stack (themes rarely need 10); shorten the chain"
                )),
            );
        }
        errors
    }

    /// The longest chain of edges below `start` and its first edge, for
    /// every state below it (an explicit stack: chains can be long).
    fn longest(&self, start: State, memo: &mut Longest) {
        let mut stack = vec![(start, false)];
        while let Some((state, expanded)) = stack.pop() {
            if memo.contains_key(&state) {
                continue;
            }
            if !expanded {
                stack.push((state, true));
                for (edge, mode) in self.edges(state) {
                    if !memo.contains_key(&(edge.to, mode)) {
                        stack.push(((edge.to, mode), false));
                    }
                }
                continue;
            }
            let best = self
                .edges(state)
                .map(|(edge, mode)| {
                    let below = memo.get(&(edge.to, mode)).map_or(0, |(d, _)| *d);
                    (below + 1, Some((edge, mode)))
                })
                .max_by_key(|(d, _)| *d)
                .unwrap_or((0, None));
            memo.insert(state, best);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> Theme {
        Theme::of_templates(files)
    }

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        let theme = theme(files);
        Graph::new(&theme)
            .check()
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    #[test]
    fn an_include_loop_is_named_at_the_tag_that_closes_it() {
        assert_eq!(
            messages(&[
                ("a.html", "<p>{% include \"b.html\" %}"),
                ("b.html", "\n  {% include \"a.html\" %}")
            ]),
            [
                "templates/b.html:2:3: templates include each other in a loop: a.html → b.html → a.html"
            ]
        );
    }

    #[test]
    fn an_included_template_is_rendered_without_its_parent() {
        // base includes nav, nav includes page, page extends base: Tera renders
        // the included page's own text only, so this is no loop.
        assert_eq!(
            messages(&[
                (
                    "base.html",
                    "{% include \"nav.html\" %}{% block main %}{% endblock main %}"
                ),
                ("nav.html", "{% include \"page.html\" %}"),
                (
                    "page.html",
                    "{% extends \"base.html\" %}{% block main %}x{% endblock main %}"
                ),
            ]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_chain_one_level_too_deep_is_reported_once() {
        let names: Vec<String> = (0..=40).map(|i| format!("a{i}.html")).collect();
        let texts: Vec<String> = (0..40)
            .map(|i| format!("{{% include \"a{}.html\" %}}", i + 1))
            .chain(["end".to_string()])
            .collect();
        let mut files: Vec<(&str, &str)> = names
            .iter()
            .map(String::as_str)
            .zip(texts.iter().map(String::as_str))
            .collect();
        files.push(("page.html", "{% include \"a0.html\" %}"));
        files.push(("section.html", "{% include \"a0.html\" %}"));
        let found = messages(&files);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "templates/a15.html:1:1: templates nest more than 16 levels deep: page.html → a0.html → a1.html"
            ) && found[0].ends_with("a15.html → a16.html"),
            "{found:?}"
        );
        files.truncate(16);
        files.push(("section.html", "{% include \"a0.html\" %}"));
        assert_eq!(
            messages(&files),
            Vec::<String>::new(),
            "16 levels are allowed"
        );
    }

    #[test]
    fn names_resolve_through_the_fallback_prefixes() {
        let theme = theme(&[("theme/base.html", ""), ("base.html", "")]);
        let graph = Graph::new(&theme);
        let site = graph
            .resolve("base.html")
            .map(|i| graph.template(i).name.as_str());
        assert_eq!(site, Some("base.html"));
    }
}
