//! Where a key or its value is in a TOML or YAML text, found by key path
//! (`["leader", 2, "name"]`) from the parser's own spans.
//!
//! Diagnostics about values found *after* parsing (an empty title, a
//! repeated id, a missing template) use this to point at the spot. Never
//! search the text for a key instead: the same word can occur earlier (in
//! a title, a comment, another table) and the caret would lie. Positions
//! are byte ranges in the text given, plus the offset it was created with
//! (front matter reports whole-file positions).
//!
//! This module only locates; it never decides what is an error.

use std::ops::Range;

use serde_saphyr::granit_parser::{Event, Parser};
use toml_edit::{Item, Table, TableLike, Value};

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A key of a table (TOML) or mapping (YAML).
    Key(&'a str),
    /// An element of an array, or a `[[table]]` record.
    Index(usize),
}

impl<'a> From<&'a str> for Step<'a> {
    fn from(key: &'a str) -> Self {
        Step::Key(key)
    }
}

impl<'a> From<&'a String> for Step<'a> {
    fn from(key: &'a String) -> Self {
        Step::Key(key)
    }
}

impl From<usize> for Step<'_> {
    fn from(index: usize) -> Self {
        Step::Index(index)
    }
}

/// A key path as an array of steps: `key_path!["leader", i, "name"]`.
macro_rules! key_path {
    ($($step:expr),* $(,)?) => {
        [$($crate::spans::Step::from($step)),*]
    };
}
pub(crate) use key_path;

/// Where one entry is: its key and its value. For an array element both
/// are the element; for a `[[table]]` record both are its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key (`name` in `name = "Jo"`).
    pub key: Range<usize>,
    /// The value (`"Jo"`, quotes included), or a table's header.
    pub value: Range<usize>,
}

/// The positions of one parsed text.
pub struct Spans {
    parsed: Parsed,
    /// Added to every position: where the text starts in its file.
    offset: usize,
}

enum Parsed {
    Toml(Box<toml_edit::Document<String>>),
    /// Every node of the YAML text with its path, in document order.
    Yaml(Vec<(Vec<OwnedStep>, Entry)>),
    /// The text does not parse: nothing can be located.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum OwnedStep {
    Key(String),
    Index(usize),
}

impl OwnedStep {
    fn is(&self, step: &Step<'_>) -> bool {
        match (self, step) {
            (OwnedStep::Key(a), Step::Key(b)) => a == b,
            (OwnedStep::Index(a), Step::Index(b)) => a == b,
            _ => false,
        }
    }
}

impl Spans {
    /// Positions in a TOML text that starts `offset` bytes into its file.
    pub fn toml(text: &str, offset: usize) -> Spans {
        let parsed = match toml_edit::Document::parse(text.to_string()) {
            Ok(doc) => Parsed::Toml(Box::new(doc)),
            Err(_) => Parsed::Nothing,
        };
        Spans { parsed, offset }
    }

    /// Positions in a YAML text that starts `offset` bytes into its file.
    /// Aliases are not followed: an alias is located where it is written.
    pub fn yaml(text: &str, offset: usize) -> Spans {
        let parsed = yaml_entries(text).map_or(Parsed::Nothing, Parsed::Yaml);
        Spans { parsed, offset }
    }

    /// A text that cannot be located in (no front matter, say).
    pub fn nothing() -> Spans {
        Spans {
            parsed: Parsed::Nothing,
            offset: 0,
        }
    }

    /// Where the entry at `path` is, if the text has it.
    pub fn entry(&self, path: &[Step<'_>]) -> Option<Entry> {
        let entry = match &self.parsed {
            Parsed::Toml(doc) => toml_entry(doc.as_table(), path)?,
            Parsed::Yaml(entries) => entries
                .iter()
                .find(|(p, _)| p.len() == path.len() && p.iter().zip(path).all(|(a, b)| a.is(b)))
                .map(|(_, e)| e.clone())?,
            Parsed::Nothing => return None,
        };
        let shift = |r: Range<usize>| r.start + self.offset..r.end + self.offset;
        Some(Entry {
            key: shift(entry.key),
            value: shift(entry.value),
        })
    }

    /// The key at `path` (a record's header, an element itself).
    pub fn key(&self, path: &[Step<'_>]) -> Option<Range<usize>> {
        self.entry(path).map(|e| e.key)
    }

    /// The value at `path`.
    pub fn value(&self, path: &[Step<'_>]) -> Option<Range<usize>> {
        self.entry(path).map(|e| e.value)
    }

    /// The value of the YAML key written at `key` (a parser that reports
    /// a value's error at its key can be pointed at the value).
    pub fn value_of_key_at(&self, key: &Range<usize>) -> Option<Range<usize>> {
        let Parsed::Yaml(entries) = &self.parsed else {
            return None;
        };
        let shift = |r: &Range<usize>| r.start + self.offset..r.end + self.offset;
        entries
            .iter()
            .find(|(_, e)| shift(&e.key) == *key && e.key != e.value)
            .map(|(_, e)| shift(&e.value))
    }
}

/// A TOML node while walking a path: `[[table]]` records and array
/// elements are not `Item`s in toml_edit.
#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Table(&'a Table),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn table_like(self) -> Option<&'a dyn TableLike> {
        match self {
            Node::Item(item) => item.as_table_like(),
            Node::Table(table) => Some(table),
            Node::Value(value) => value.as_inline_table().map(|t| t as &dyn TableLike),
        }
    }

    fn element(self, index: usize) -> Option<(Node<'a>, Range<usize>)> {
        let array = match self {
            Node::Item(Item::ArrayOfTables(records)) => {
                let record = records.get(index)?;
                return Some((Node::Table(record), record.span()?));
            }
            Node::Item(item) => item.as_array()?,
            Node::Value(value) => value.as_array()?,
            Node::Table(_) => return None,
        };
        let value = array.get(index)?;
        Some((Node::Value(value), value.span()?))
    }
}

fn toml_entry(root: &Table, path: &[Step<'_>]) -> Option<Entry> {
    let mut node = Node::Table(root);
    let mut entry = Entry {
        key: 0..0,
        value: root.span().unwrap_or(0..0),
    };
    for step in path {
        match *step {
            Step::Key(name) => {
                let (key, item) = node.table_like()?.get_key_value(name)?;
                let key = key.span()?;
                // An implicit table (`a` of `[a.b]`) has no span of its own.
                let value = item.span().unwrap_or_else(|| key.clone());
                entry = Entry { key, value };
                node = Node::Item(item);
            }
            Step::Index(index) => {
                let (element, span) = node.element(index)?;
                entry = Entry {
                    key: span.clone(),
                    value: span,
                };
                node = element;
            }
        }
    }
    Some(entry)
}

/// A YAML collection being read, with the path to it.
enum Open {
    /// A mapping; `key` is the key whose value comes next, if any.
    Mapping {
        path: Vec<OwnedStep>,
        key: Option<(String, Range<usize>)>,
    },
    Sequence {
        path: Vec<OwnedStep>,
        next: usize,
    },
}

/// Every node of a YAML text with its path and span, from the parser's
/// events (so quoting, flow style and comments are the parser's business).
/// `None` when the text does not parse.
fn yaml_entries(text: &str) -> Option<Vec<(Vec<OwnedStep>, Entry)>> {
    let mut entries: Vec<(Vec<OwnedStep>, Entry)> = Vec::new();
    let mut open: Vec<(Open, usize)> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let start = span.start.byte_offset()?;
        let end = span.end.byte_offset()?;
        let (is_node, opens) = match &event {
            Event::Scalar(..) | Event::Alias(_) => (true, false),
            Event::MappingStart(..) | Event::SequenceStart(..) => (true, true),
            Event::MappingEnd | Event::SequenceEnd => {
                // The collection's value runs to its end.
                if let Some((_, index)) = open.pop()
                    && let Some((_, entry)) = entries.get_mut(index)
                {
                    entry.value.end = end.max(entry.value.start);
                }
                (false, false)
            }
            _ => (false, false),
        };
        if !is_node {
            continue;
        }
        // A scalar key of the innermost mapping is remembered, not recorded.
        if let Some((
            Open::Mapping {
                key: key @ None, ..
            },
            _,
        )) = open.last_mut()
        {
            let name = match &event {
                Event::Scalar(value, ..) => value.to_string(),
                // A collection as a key: nothing a path can name.
                _ => String::from("\u{0}"),
            };
            *key = Some((name, start..end));
            if opens {
                open.push((
                    Open::Sequence {
                        path: vec![OwnedStep::Key(String::from("\u{0}"))],
                        next: 0,
                    },
                    usize::MAX,
                ));
            }
            continue;
        }
        let (path, key) = match open.last_mut() {
            None => (Vec::new(), start..end),
            Some((Open::Mapping { path, key }, _)) => {
                let (name, key) = key.take().unwrap_or_default();
                let mut path = path.clone();
                path.push(OwnedStep::Key(name));
                (path, key)
            }
            Some((Open::Sequence { path, next }, _)) => {
                let mut path = path.clone();
                path.push(OwnedStep::Index(*next));
                *next += 1;
                (path, start..end)
            }
        };
        entries.push((
            path.clone(),
            Entry {
                key,
                value: start..end,
            },
        ));
        if opens {
            let index = entries.len() - 1;
            let collection = match event {
                Event::MappingStart(..) => Open::Mapping { path, key: None },
                _ => Open::Sequence { path, next: 0 },
            };
            open.push((collection, index));
        }
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, range: Option<Range<usize>>) -> Option<&str> {
        range.map(|r| &text[r])
    }

    #[test]
    fn toml_keys_values_records_and_elements() {
        let text = "title = \"A guide to leaders\" # name\n\n[[leader]] # Jo\nid = \"jo\"\n\n[[ leader ]]\nid = \"al\"\nname = \"Al\"\n\n[site]\naliases = [\"/a/\", \"/name/\"]\nlogo = { alt = \"name\" }\n";
        let spans = Spans::toml(text, 0);
        let at = |path: &[Step<'_>]| text_at(text, spans.key(path));
        let value = |path: &[Step<'_>]| text_at(text, spans.value(path));
        assert_eq!(at(&key_path!["leader", 1, "name"]), Some("name"));
        assert_eq!(value(&key_path!["leader", 1, "name"]), Some("\"Al\""));
        assert_eq!(at(&key_path!["leader", 0]), Some("[[leader]]"));
        assert_eq!(at(&key_path!["leader", 1]), Some("[[ leader ]]"));
        assert_eq!(at(&key_path!["leader", 0, "name"]), None);
        assert_eq!(at(&key_path!["leader", 2]), None);
        assert_eq!(value(&key_path!["site", "aliases", 1]), Some("\"/name/\""));
        assert_eq!(value(&key_path!["site", "logo", "alt"]), Some("\"name\""));
        assert_eq!(at(&key_path!["title"]), Some("title"));
    }

    #[test]
    fn toml_positions_are_shifted_by_the_offset() {
        let spans = Spans::toml("a = 1\n", 10);
        assert_eq!(
            spans.entry(&key_path!["a"]),
            Some(Entry {
                key: 10..11,
                value: 14..15
            })
        );
        assert_eq!(Spans::toml("a = \n", 0).key(&key_path!["a"]), None);
    }

    #[test]
    fn yaml_keys_values_and_elements() {
        let text = "title: A guide # template\ntemplate: \"page.html\"\naliases:\n  - /old/\n  - '/older/'\nextra: {a: [1, {template: x}]}\nlist:\n- k: v\n  template: y\n";
        let spans = Spans::yaml(text, 0);
        let key = |path: &[Step<'_>]| text_at(text, spans.key(path));
        let value = |path: &[Step<'_>]| text_at(text, spans.value(path));
        assert_eq!(key(&key_path!["template"]), Some("template"));
        assert_eq!(value(&key_path!["template"]), Some("\"page.html\""));
        assert_eq!(value(&key_path!["aliases", 1]), Some("'/older/'"));
        assert_eq!(value(&key_path!["extra", "a", 1, "template"]), Some("x"));
        assert_eq!(key(&key_path!["list", 0, "template"]), Some("template"));
        assert_eq!(value(&key_path!["list", 0, "template"]), Some("y"));
        assert_eq!(value(&key_path!["extra", "a"]), Some("[1, {template: x}]"));
        assert_eq!(value(&key_path!["nope"]), None);
        assert_eq!(Spans::yaml("a: [", 0).value(&key_path!["a"]), None);
    }

    #[test]
    fn yaml_aliases_are_located_where_they_are_written() {
        let text = "a: &x {b: 1}\nc: *x\n";
        let spans = Spans::yaml(text, 4);
        assert_eq!(spans.value(&key_path!["c"]), Some(20..22));
        assert_eq!(spans.value(&key_path!["c", "b"]), None);
    }
}
