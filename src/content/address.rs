//! Addresses: the URL path segments a site's pages live at, made from file
//! and folder names, `slug`s and record ids, and the output files they
//! become.
//!
//! Every segment made here is non-empty, never `.` or `..`, and holds no
//! `/`, `\` or control character: an address can only name a place inside
//! the output folder. Characters a URL path cannot carry are
//! percent-encoded in the address (`[` → `%5B`) and decoded once for the
//! file name, so `file_of` and the dev server (which decodes a request once)
//! agree on every page.

/// The address, inside every edition, of its "what changed" page: an
/// address canteen keeps for itself.
pub const WHAT_CHANGED: &str = "what-changed/";

/// A file or folder name as its URL segment: lowercase, with a hyphen for
/// each run of anything but letters, digits, `_` and `.`
/// (`X (Twitter) Guide` → `x-twitter-guide`). Empty when the name holds no
/// letter or digit (`!`, `((`): then `encode` gives the segment.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    // `..` or `.` would climb or stand still; such a name keeps its own form.
    if trimmed.chars().all(|c| c == '.') {
        return String::new();
    }
    trimmed.to_string()
}

/// True for the ASCII characters a URL path segment may carry as they are
/// (RFC 3986 `pchar`: unreserved, sub-delims, `:` and `@`). Letters beyond
/// ASCII stay as they are too: browsers encode them when they follow a link.
fn is_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c) || !c.is_ascii()
}

/// `name` as one URL segment that keeps every character: what a path
/// segment cannot carry is percent-encoded (`[` → `%5B`, `%` → `%25`), so
/// distinct names always give distinct segments.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if is_safe(c) && !c.is_control() {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    // `.` and `..` mean "here" and "up" in a URL; as names they are encoded.
    if out.chars().all(|c| c == '.') {
        out = out.replace('.', "%2E");
    }
    out
}

/// Percent-decodes `text` once (`my%20page.md` → `my page.md`); an invalid
/// escape, or bytes that are not UTF-8, leave the text as it was.
pub fn decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() => {
                std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            }
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The segments of the documents of one section, from each one's name
/// (file without `.md`, folder, record id) and `slug`: distinct names give
/// distinct segments. A name's slug is used unless a sibling's would be the
/// same; then a name the slug would change (`Clang++`, `A`) keeps its own
/// form, encoded, so no file need be renamed. Only the same slug written
/// twice, or the same name twice (`x.md` and a folder `x/`), still clash:
/// the content tree reports those as one address for two documents.
pub fn segments<'a>(names: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Vec<String> {
    let names: Vec<(&str, Option<&str>)> = names.into_iter().collect();
    let preferred: Vec<String> = names
        .iter()
        .map(|&(name, slug)| match slug {
            Some(slug) => encode(slug),
            None => Some(slugify(name))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| encode(name)),
        })
        .collect();
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for segment in &preferred {
        *count.entry(segment.as_str()).or_default() += 1;
    }
    names
        .iter()
        .zip(&preferred)
        .map(|(&(name, slug), segment)| {
            let clashes = count.get(segment.as_str()).is_some_and(|&n| n > 1);
            if clashes && slug.is_none() && *segment != name {
                encode(name)
            } else {
                segment.clone()
            }
        })
        .collect()
}

/// Why a `slug`, alias or record id cannot be part of an address.
pub fn segment_problem(segment: &str) -> Option<&'static str> {
    if segment.trim().is_empty() {
        Some("is empty")
    } else if segment.contains(['/', '\\']) {
        Some("contains `/`: it replaces only the last part of the address")
    } else if segment.chars().all(|c| c == '.') {
        Some("is only dots, which in an address mean this folder or the one above")
    } else if segment.chars().any(char::is_control) {
        Some("contains a control character")
    } else {
        None
    }
}

/// The address (`platforms/facebook/`) of a path written in `aliases` or a
/// link (`/platforms/facebook`, `/a%20b/`), normalised to the form pages
/// have: each segment decoded and encoded again, so `/a b/` and `/a%20b/`
/// are one address. `Err` names what is wrong with it.
pub fn of_path(path: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(path.len() + 1);
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let segment = decode(raw);
        if segment == "." || segment == ".." {
            return Err("contains `.` or `..`, which would make it another address");
        }
        if segment.contains(['\\', '\0']) || segment.chars().any(char::is_control) {
            return Err("contains a character an address cannot have");
        }
        out.push_str(&encode(&segment));
        out.push('/');
    }
    Ok(out)
}

/// The output file of a page at address `url` (`a%5B/` → `a[/index.html`).
pub fn file_of(url: &str) -> String {
    format!("{}index.html", decode(url))
}

/// The output file a path written in `aliases` stands for: `/old/page/` →
/// `old/page/index.html`; a path ending in a file name with an extension
/// (`/old.html`, `/feed.xml`) is that file.
pub fn file_of_alias(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
    if last.ends_with(".html") || last.ends_with(".htm") {
        decode(trimmed)
    } else {
        file_of(url)
    }
}

/// Why `path` (relative, `/`-separated) cannot be written inside an output
/// folder, if it cannot: every file canteen writes is checked here first.
pub fn output_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("is empty");
    }
    if path.starts_with('/') {
        return Some("is absolute");
    }
    // One pass over the bytes (every file a build writes comes here): a
    // part is empty, `.` or `..` when a `/` (or the end) follows a run of
    // at most two dots since the last `/`.
    let (mut dots, mut len) = (0, 0);
    for &b in path.as_bytes().iter().chain(std::iter::once(&b'/')) {
        match b {
            b'\\' | 0 => return Some("contains `\\` or a NUL character"),
            b'/' => {
                if len == 0 || (len == dots && len <= 2) {
                    return Some("has an empty, `.` or `..` part");
                }
                (dots, len) = (0, 0);
            }
            b'.' => (dots, len) = (dots + 1, len + 1),
            _ => len += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_slugify_as_before() {
        assert_eq!(slugify("X (Twitter) Guide"), "x-twitter-guide");
        assert_eq!(slugify("new-to-the-nhs"), "new-to-the-nhs");
        assert_eq!(slugify("fa_IR"), "fa_ir");
        assert_eq!(slugify("!"), "");
        assert_eq!(slugify("(("), "");
        assert_eq!(slugify(".."), "");
    }

    #[test]
    fn encoding_keeps_what_a_path_may_carry() {
        assert_eq!(encode("clang++"), "clang++");
        assert_eq!(encode("!"), "!");
        assert_eq!(encode("["), "%5B");
        assert_eq!(encode("%"), "%25");
        assert_eq!(encode("a b"), "a%20b");
        assert_eq!(encode(".."), "%2E%2E");
        assert_eq!(encode("中文"), "中文");
        for name in ["[", "%", "a b", "..", "#?", "%25"] {
            assert_eq!(decode(&encode(name)), name, "{name}");
        }
    }

    #[test]
    fn siblings_get_distinct_segments_without_renaming() {
        let of = |names: &[&str]| segments(names.iter().map(|n| (*n, None)));
        assert_eq!(of(&["facebook", "x (twitter)"]), ["facebook", "x-twitter"]);
        assert_eq!(of(&["clang", "clang++"]), ["clang", "clang++"]);
        assert_eq!(
            of(&["!", "$", "%", "((", "[", ","]),
            ["!", "$", "%25", "((", "%5B", ","]
        );
        assert_eq!(of(&["a", "A"]), ["a", "A"]);
        assert_eq!(of(&["Foo Bar", "foo  bar"]), ["Foo%20Bar", "foo%20%20bar"]);
        // The same name twice (a page and a folder) is one address: a clash.
        assert_eq!(of(&["x", "x"]), ["x", "x"]);
        let with_slug = segments([("a", Some("b")), ("b", None)]);
        assert_eq!(with_slug, ["b", "b"]);
    }

    #[test]
    fn decoding_is_once_and_forgiving() {
        assert_eq!(decode("my%20page.md"), "my page.md");
        assert_eq!(decode("%2525"), "%25");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%ff"), "%ff");
    }

    #[test]
    fn alias_paths_normalise_or_say_why_not() {
        assert_eq!(of_path("/old/page").as_deref(), Ok("old/page/"));
        assert_eq!(of_path("/a b/").as_deref(), Ok("a%20b/"));
        assert_eq!(of_path("/a%20b/").as_deref(), Ok("a%20b/"));
        assert_eq!(of_path("/").as_deref(), Ok(""));
        assert!(of_path("/.").is_err());
        assert!(of_path("/a/../b").is_err());
        assert!(of_path("/%2e%2e/x").is_err());
        assert_eq!(file_of_alias("old.html/"), "old.html");
        assert_eq!(file_of_alias("about/"), "about/index.html");
        assert_eq!(file_of("a%5B/"), "a[/index.html");
    }

    #[test]
    fn output_paths_stay_inside() {
        assert_eq!(output_problem("a/index.html"), None);
        for bad in [
            "",
            "/etc/x",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a\\b",
            "a\0",
        ] {
            assert!(output_problem(bad).is_some(), "{bad:?}");
        }
    }
}
