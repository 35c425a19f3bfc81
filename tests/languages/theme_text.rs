//! The NHS theme shows no word that does not come from its strings files:
//! every text node, every `aria-label`, `title`, `alt` and `placeholder`
//! of its templates, every capitalised string literal inside their Tera
//! tags, and every such literal of its scripts is either a `strings.<key>`
//! or on the short allow-list below, with its reason. A Welsh page can then
//! never show English interface text that a translator never saw.

use std::path::{Path, PathBuf};

/// (file under `themes/nhs/`, text): English the theme may show, and why.
const ALLOWED: &[(&str, &str)] = &[
    // A fork's template that calls the components without `strings` (as
    // every fork did before strings files) keeps its English words; the
    // theme's own calls all pass `strings` (checked below).
    ("templates/partials/components.html", "January"),
    ("templates/partials/components.html", "February"),
    ("templates/partials/components.html", "March"),
    ("templates/partials/components.html", "April"),
    ("templates/partials/components.html", "May"),
    ("templates/partials/components.html", "June"),
    ("templates/partials/components.html", "July"),
    ("templates/partials/components.html", "August"),
    ("templates/partials/components.html", "September"),
    ("templates/partials/components.html", "October"),
    ("templates/partials/components.html", "November"),
    ("templates/partials/components.html", "December"),
    ("templates/partials/components.html", "Page last reviewed:"),
    ("templates/partials/components.html", "Next review due:"),
    (
        "templates/partials/components.html",
        "Previous and next pages",
    ),
    ("templates/partials/components.html", "Previous:"),
    ("templates/partials/components.html", "Next:"),
    // Key names the script compares with `event.key`, never shown.
    ("static/js/search.js", "ArrowDown"),
    ("static/js/search.js", "ArrowUp"),
];

fn theme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/nhs")
}

fn files(dir: &Path, ext: &str, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("theme folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, ext, into);
        } else if path.extension().is_some_and(|e| e == ext) {
            into.push(path);
        }
    }
}

/// True when `text` reads as words: two letters in a row.
fn has_words(text: &str) -> bool {
    text.chars()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0].is_alphabetic() && w[1].is_alphabetic())
}

/// True when a string literal reads as English shown to someone: a
/// capital followed by a small letter ("Next:", "Show more results").
fn looks_shown(literal: &str) -> bool {
    let chars: Vec<char> = literal.chars().collect();
    chars
        .windows(2)
        .any(|w| w[0].is_uppercase() && w[1].is_lowercase())
}

/// The string literals of `code` (quoted with `"` or `'`).
fn literals(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        if c == '"' || c == '\'' {
            let mut literal = String::new();
            let mut escaped = false;
            for d in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == c {
                    break;
                }
                literal.push(d);
            }
            found.push(literal);
        }
    }
    found
}

/// Every piece of English a template shows without a strings key: its
/// text nodes, its labelling attributes, and capitalised literals in its
/// Tera tags.
pub fn template_text(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Tera's comments say nothing to a reader; its tags become a blank.
    let mut html = String::new();
    let mut rest = source;
    while let Some(start) = rest.find('{') {
        html.push_str(&rest[..start]);
        let tail = &rest[start..];
        let close = match tail.as_bytes().get(1) {
            Some(b'#') => "#}",
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                html.push('{');
                rest = &tail[1..];
                continue;
            }
        };
        let end = tail.find(close).map_or(tail.len(), |e| e + 2);
        if close != "#}" {
            found.extend(
                literals(&tail[..end])
                    .into_iter()
                    .filter(|l| looks_shown(l)),
            );
            html.push(' ');
        }
        rest = &tail[end..];
    }
    html.push_str(rest);
    // Text between tags, and the attributes people read.
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                if has_words(&text) {
                    found.push(text.trim().to_string());
                }
                text.clear();
                in_tag = true;
            }
            (false, _) => text.push(c),
            (true, '>') => {
                for attribute in ["aria-label", "title", "alt", "placeholder"] {
                    let key = format!(" {attribute}=\"");
                    if let Some(at) = tag.find(&key) {
                        let value = &tag[at + key.len()..];
                        let value = &value[..value.find('"').unwrap_or(value.len())];
                        if has_words(value) {
                            found.push(value.to_string());
                        }
                    }
                }
                tag.clear();
                in_tag = false;
            }
            (true, _) => tag.push(c),
        }
    }
    if has_words(&text) {
        found.push(text.trim().to_string());
    }
    found
}

/// Every capitalised string literal of a script, comments left out.
pub fn script_text(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .flat_map(literals)
        .filter(|l| looks_shown(l))
        .collect()
}

#[test]
fn the_lint_finds_english_in_text_attributes_tags_and_scripts() {
    let template = "{# Notes are fine #}<nav aria-label=\"Main menu\">\n  \
        <a href=\"{{ url }}\" title=\"{{ strings.x }}\">{{ strings.home }}</a> Read more\n\
        {{ x if y else \"Next page\" }}{% if a > 1 %}<p>{{ strings.a }}, {{ b }}.</p>{% endif %}</nav>";
    assert_eq!(
        template_text(template),
        ["Next page", "Main menu", "Read more"]
    );
    assert_eq!(
        script_text("// Comment 'Quoted'\nel.textContent = 'Show more';\nx('data-more');"),
        ["Show more"]
    );
}

#[test]
fn every_word_the_theme_shows_comes_from_its_strings_files() {
    let theme = theme();
    let mut templates = Vec::new();
    files(&theme.join("templates"), "html", &mut templates);
    let mut scripts = Vec::new();
    files(&theme.join("static/js"), "js", &mut scripts);
    assert!(templates.len() > 20 && !scripts.is_empty());
    let mut problems = Vec::new();
    let mut allowed_used = Vec::new();
    for (path, scan) in templates
        .iter()
        .map(|p| (p, template_text as fn(&str) -> Vec<String>))
        .chain(
            scripts
                .iter()
                .map(|p| (p, script_text as fn(&str) -> Vec<String>)),
        )
    {
        let rel = path
            .strip_prefix(&theme)
            .expect("in theme")
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(path).expect("read");
        for text in scan(&source) {
            if ALLOWED.contains(&(rel.as_str(), text.as_str())) {
                allowed_used.push((rel.clone(), text));
            } else {
                problems.push(format!("{rel}: {text:?}"));
            }
        }
        // A date the theme shows is in the page's language.
        for call in source.match_indices("<long_date ") {
            let end = source[call.0..].find("/>").expect("component call end");
            let call = &source[call.0..call.0 + end];
            if !call.contains("strings={strings}") {
                problems.push(format!("{rel}: {call} has no strings={{strings}}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English not from the strings files (add a key to every strings file):\n{}",
        problems.join("\n")
    );
    // Every allow-listed text is still there: the list cannot rot.
    for (file, text) in ALLOWED {
        assert!(
            allowed_used.iter().any(|(f, t)| f == file && t == text),
            "allow-listed {file}: {text:?} is gone; take it off the list"
        );
    }
}
