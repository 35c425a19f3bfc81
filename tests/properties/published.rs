//! What a successful build must have published, read from the output
//! folder alone:
//!
//! - every document in `sitemap.xml` has its own HTML file (no two share
//!   one, none is a redirect), reachable at its address, and there are as
//!   many as the build reports (and at least as many as the generator
//!   knows it wrote),
//! - every link and image address to this site (`href`, `src`) resolves to
//!   a file of the output, and its `#fragment` to an `id` in that page,
//! - no file holds a NUL byte or the text of a file outside the site,
//! - `404.html`, `sitemap.xml` and `robots.txt` are canteen's, not redirects.

#![allow(dead_code)] // shared by tests/properties.rs and tests/regressions.rs

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::harness::SECRET;
use super::spec::SiteSpec;

/// Checks a successful build's output folder `out`; `stdout` has its summary.
pub fn check(spec: &SiteSpec, out: &Path, stdout: &str) -> Result<(), String> {
    if !out.join(".canteen-output").is_file() {
        return Err("the output folder has no `.canteen-output` marker".into());
    }
    let files = read_output(out);
    for (rel, bytes) in &files {
        if bytes.contains(&0) && is_text(rel) {
            return Err(format!("output file `{rel}` contains a NUL byte"));
        }
        if memmem(bytes, SECRET.as_bytes()) {
            return Err(format!(
                "output file `{rel}` holds the text of a file outside the site root"
            ));
        }
    }
    // canteen's own files are not for aliases to replace.
    for generated in ["404.html", "sitemap.xml", "robots.txt"] {
        let text = files.get(generated).map(|b| String::from_utf8_lossy(b));
        if text.is_none_or(|t| t.contains("http-equiv=\"refresh\"")) {
            return Err(format!(
                "`{generated}` is missing or was replaced by a redirect"
            ));
        }
    }
    let site = Site::of(&files)?;
    let statics: Vec<&[u8]> = spec
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("static/"))
        .map(|(_, b)| b.as_slice())
        .collect();
    let documents = documents_in_sitemap(&site, &files, &statics)?;
    let (pages, sections) = counts(stdout)?;
    if !spec.has_editions() && documents != pages + sections {
        return Err(format!(
            "the sitemap lists {documents} documents, the build reports {pages} pages and {sections} sections"
        ));
    }
    if let Some(known) = spec.known_documents
        && documents < known
    {
        return Err(format!(
            "{known} distinct Markdown files, but only {documents} documents were published"
        ));
    }
    for (rel, bytes) in files.iter().filter(|(rel, _)| rel.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let mut seen = BTreeSet::new();
        for address in attribute_values(&html, &["href", "src"]) {
            if seen.insert(address.clone()) {
                site.resolve(&address, rel, &files)
                    .map_err(|why| format!("in `{rel}`: `{address}` {why}"))?;
            }
        }
    }
    Ok(())
}

/// Every file of the output: path relative to it, bytes.
fn read_output(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap_or(e.path());
            let rel = rel.to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

fn is_text(rel: &str) -> bool {
    [".html", ".xml", ".txt", ".css", ".js", ".json", ".svg"]
        .iter()
        .any(|ext| rel.ends_with(ext))
}

fn memmem(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// "Built 3 pages, 2 sections and …" → (3, 2).
fn counts(stdout: &str) -> Result<(usize, usize), String> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Built "))
        .ok_or("no `Built …` summary on a successful build")?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |i: usize| words.get(i).and_then(|w| w.parse::<usize>().ok());
    match (number(0), number(2)) {
        (Some(p), Some(s)) => Ok((p, s)),
        _ => Err(format!("cannot read the summary `Built {line}`")),
    }
}

/// Where the site is published, as robots.txt tells: origin and path.
struct Site {
    /// `https://x.org` or empty for a path-only `base_url`.
    origin: String,
    /// The URL path of `base_url`, ending in `/` (`/` or `/toolkit/`).
    base_path: String,
    /// What canteen prefixes to a page's address in the sitemap.
    permalink_prefix: String,
}

impl Site {
    fn of(files: &BTreeMap<String, Vec<u8>>) -> Result<Site, String> {
        let robots = String::from_utf8_lossy(files.get("robots.txt").ok_or("no robots.txt")?);
        let sitemap = robots
            .lines()
            .find_map(|l| l.strip_prefix("Sitemap: "))
            .ok_or("robots.txt names no sitemap")?;
        let prefix = sitemap
            .strip_suffix("sitemap.xml")
            .ok_or("robots.txt's sitemap is not sitemap.xml")?;
        // A URL's path ends at `?` or `#`: what a browser requests.
        let (origin, rest) = split_origin(prefix);
        let path = rest.split(['?', '#']).next().unwrap_or("");
        let base_path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
        Ok(Site {
            origin: origin.to_string(),
            base_path,
            permalink_prefix: prefix.to_string(),
        })
    }

    /// Resolves an address found in the output file `page` to an output
    /// file; `Ok` for addresses off this site.
    fn resolve(
        &self,
        address: &str,
        page: &str,
        files: &BTreeMap<String, Vec<u8>>,
    ) -> Result<(), String> {
        let Some(reference) = self.on_site(address) else {
            return Ok(());
        };
        let (rest, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
        let path = rest.split('?').next().unwrap_or("");
        // `page` is an output file, its address decoded: encode it again,
        // so a folder named `%2e%2e` stays one folder, not `..`.
        let page = encode_path(page);
        let page_dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        let full = if path.is_empty() {
            // `#x` or `?q` alone: the page itself.
            format!("{}{page}", self.base_path)
        } else if path.starts_with('/') {
            path.to_string()
        } else {
            format!("{}{page_dir}/{path}", self.base_path)
        };
        // Compared decoded: `/%3Cb%3E/x` is the address `/<b>/x`.
        let (full, base_path) = (percent_decode(&full), percent_decode(&self.base_path));
        let Some(within) = full
            .strip_prefix(base_path.as_str())
            .or_else(|| (format!("{full}/") == base_path).then_some(""))
        else {
            // Another site on the same host (a link that climbed above a
            // site published under a path): not this site's to resolve.
            return Ok(());
        };
        let decoded = within.to_string();
        let mut rel = normalise(&decoded).ok_or("climbs above the site's base path")?;
        if rel.is_empty() || decoded.ends_with('/') {
            rel = format!("{rel}{}index.html", if rel.is_empty() { "" } else { "/" });
        } else if !files.contains_key(&rel) && files.contains_key(&format!("{rel}/index.html")) {
            rel = format!("{rel}/index.html");
        }
        let Some(target) = files.get(&rel) else {
            return Err(format!("resolves to `{rel}`, which is not in the output"));
        };
        if !fragment.is_empty() && rel.ends_with(".html") {
            let id = percent_decode(fragment);
            let html = String::from_utf8_lossy(target);
            if !attribute_values(&html, &["id", "name"]).contains(&id) {
                return Err(format!("names `#{id}`, which `{rel}` has no element with"));
            }
        }
        Ok(())
    }

    /// The part of `address` after this site's origin, or `None` for an
    /// address of another site or scheme.
    fn on_site(&self, address: &str) -> Option<String> {
        let scheme = address.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        if address.starts_with("//") || scheme {
            let (origin, rest) = split_origin(address);
            return (!self.origin.is_empty() && origin == self.origin).then(|| rest.to_string());
        }
        Some(address.to_string())
    }
}

/// `https://x.org/a?b` → (`https://x.org`, `/a?b`); a path alone has no origin.
fn split_origin(url: &str) -> (&str, &str) {
    let Some(start) = url.find("//") else {
        return ("", url);
    };
    let after = start + 2;
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after + i);
    (&url[..end], &url[end..])
}

/// Every document the sitemap lists has a distinct output file of its own
/// (not a redirect, not one of the site's static files) and is reachable
/// at its address. Returns how many.
fn documents_in_sitemap(
    site: &Site,
    files: &BTreeMap<String, Vec<u8>>,
    statics: &[&[u8]],
) -> Result<usize, String> {
    let sitemap = String::from_utf8_lossy(files.get("sitemap.xml").ok_or("no sitemap.xml")?);
    let mut by_file: BTreeMap<String, String> = BTreeMap::new();
    let mut count = 0;
    for loc in sitemap.split("<loc>").skip(1) {
        let loc = unescape(loc.split("</loc>").next().unwrap_or(""));
        count += 1;
        let url = loc.strip_prefix(&site.permalink_prefix).ok_or_else(|| {
            format!(
                "sitemap address `{loc}` is not under `{}`",
                site.permalink_prefix
            )
        })?;
        // A page's file is its address decoded once (`a%3Fb/` → `a?b/`).
        let dir = normalise(&percent_decode(url))
            .ok_or_else(|| format!("the page at `{loc}` is written outside the output"))?;
        let file = if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        };
        if let Some(other) = by_file.insert(file.clone(), loc.clone()) {
            return Err(format!(
                "`{other}` and `{loc}` are both written to `{file}`"
            ));
        }
        let html = files
            .get(&file)
            .ok_or_else(|| format!("the page at `{loc}` has no file `{file}`"))?;
        if statics.contains(&html.as_slice()) {
            return Err(format!(
                "the page at `{loc}` was replaced by a static file (`{file}`)"
            ));
        }
        if String::from_utf8_lossy(html).contains("http-equiv=\"refresh\"") {
            return Err(format!(
                "the page at `{loc}` was overwritten by a redirect (`{file}`)"
            ));
        }
        site.resolve(&loc, "", files)
            .map_err(|why| format!("the sitemap address `{loc}` {why}"))?;
    }
    Ok(count)
}

/// Values of the given attributes in double quotes, HTML entities decoded.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        let mut rest = html;
        while let Some(i) = rest.find(&needle) {
            rest = &rest[i + needle.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            values.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    values
}

/// `a/./b/../c` → `a/c`, `//` collapsed; `None` when it climbs above the
/// start or is absolute.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// An output path as an address: what a URL cannot carry as it is
/// (`%`, `?`, `#`) percent-encoded.
fn encode_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
