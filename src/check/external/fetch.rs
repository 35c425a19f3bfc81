//! One external address checked over HTTP with `ureq`: `HEAD` first, then
//! `GET` when the server refuses `HEAD`; redirects followed one hop at a
//! time (so a permanent one can be reported with its new address, and a
//! loop caught); network errors and 5xx retried with backoff, `429` and
//! `503` after their `Retry-After`; every request waits for its host's
//! slot (`hosts.rs`).
//!
//! Never reads a response body: the status is the answer.

use std::collections::HashSet;
use std::time::Duration;

use super::hosts::{Hosts, authority};

/// How hard and how politely to check.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long one request may take, connection included.
    pub timeout: Duration,
    /// How many times a failed address is tried again.
    pub retries: u32,
    /// The wait before the first retry; doubled for each one after.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; longer is cut to it.
    pub max_retry_after: Duration,
    /// At most this many requests at once to one host.
    pub per_host: usize,
    /// The least time between two requests' starts to one host.
    pub gap: Duration,
    /// How many addresses are checked at once.
    pub workers: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            per_host: 2,
            gap: Duration::from_millis(250),
            workers: 16,
        }
    }
}

/// What checking an address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It works (`code`); `moved_to` when a permanent redirect led there.
    Works {
        /// The final status.
        code: u16,
        /// The address a permanent redirect (301, 308) leads to.
        moved_to: Option<String>,
    },
    /// The server answered with an error status.
    Broken {
        /// The status.
        code: u16,
    },
    /// No usable answer: why, in words.
    Failed(String),
}

/// How many redirects are followed before giving up.
const MAX_HOPS: usize = 10;

/// A client for `settings`.
pub fn agent(settings: &Settings) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("canteen-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// What one attempt came to.
enum Attempt {
    Done(Outcome),
    /// Worth trying again, after this long if the server said.
    Again(Outcome, Option<Duration>),
}

/// Checks `url`, retrying as `settings` say.
pub fn check(agent: &ureq::Agent, url: &str, settings: &Settings, hosts: &Hosts) -> Outcome {
    let mut tries = 0;
    loop {
        match follow(agent, url, settings, hosts) {
            Attempt::Done(outcome) => return outcome,
            Attempt::Again(outcome, after) => {
                if tries >= settings.retries {
                    return outcome;
                }
                let backoff = settings.backoff * 2u32.saturating_pow(tries);
                std::thread::sleep(after.map_or(backoff, |a| a.min(settings.max_retry_after)));
                tries += 1;
            }
        }
    }
}

/// Follows `url` through its redirects.
fn follow(agent: &ureq::Agent, url: &str, settings: &Settings, hosts: &Hosts) -> Attempt {
    let mut seen = HashSet::new();
    let mut current = url.to_string();
    let mut moved_to = None;
    let mut permanent_so_far = true;
    for _ in 0..=MAX_HOPS {
        if !seen.insert(current.clone()) {
            return Attempt::Done(Outcome::Failed(format!(
                "redirect loop: `{current}` redirects back to itself"
            )));
        }
        let response = match request(agent, &current, hosts) {
            Ok(response) => response,
            Err(error) => return failure(&error),
        };
        let code = response.status().as_u16();
        match code {
            300..=399 => {
                let Some(location) = response
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                else {
                    return Attempt::Done(Outcome::Broken { code });
                };
                let next = join(&current, location);
                permanent_so_far &= code == 301 || code == 308;
                if permanent_so_far {
                    moved_to = Some(next.clone());
                }
                current = next;
            }
            200..=299 => return Attempt::Done(Outcome::Works { code, moved_to }),
            429 | 503 => {
                let after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                return Attempt::Again(Outcome::Broken { code }, after);
            }
            500..=599 => return Attempt::Again(Outcome::Broken { code }, None),
            _ => return Attempt::Done(Outcome::Broken { code }),
        }
    }
    let _ = settings;
    Attempt::Done(Outcome::Failed(format!(
        "more than {MAX_HOPS} redirects, the last to `{current}`"
    )))
}

/// `HEAD`, then `GET` when the server refuses `HEAD` (405, 501, or an
/// error status some servers give it only).
fn request(
    agent: &ureq::Agent,
    url: &str,
    hosts: &Hosts,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let host = authority(url);
    let head = {
        let _slot = hosts.acquire(&host);
        agent.head(url).call()?
    };
    if matches!(head.status().as_u16(), 400 | 403 | 404 | 405 | 501) {
        let _slot = hosts.acquire(&host);
        return agent.get(url).call();
    }
    Ok(head)
}

/// A request that got no answer, in words; network failures may be tried
/// again, the others not.
fn failure(error: &ureq::Error) -> Attempt {
    use std::io::ErrorKind;
    let (words, again) = match error {
        ureq::Error::Timeout(_) => (
            "timed out: the server did not answer in time".to_string(),
            true,
        ),
        ureq::Error::HostNotFound => ("DNS: the host name was not found".into(), false),
        ureq::Error::Io(e) if e.kind() == ErrorKind::ConnectionRefused => {
            ("the connection was refused".into(), true)
        }
        ureq::Error::Io(e) if e.kind() == ErrorKind::TimedOut => {
            ("timed out: the server did not answer in time".into(), true)
        }
        ureq::Error::Io(e) => (format!("network error: {e}"), true),
        ureq::Error::Tls(e) => (format!("TLS: {e}"), false),
        ureq::Error::Rustls(e) => (format!("TLS: {e}"), false),
        ureq::Error::BadUri(e) => (format!("not a valid address: {e}"), false),
        other => (format!("{other}"), true),
    };
    let outcome = Outcome::Failed(words);
    if again {
        Attempt::Again(outcome, None)
    } else {
        Attempt::Done(outcome)
    }
}

/// A `Location` resolved against the address it came from.
fn join(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn locations_resolve_like_a_browser() {
        assert_eq!(join("https://a.example/x/y", "/z"), "https://a.example/z");
        assert_eq!(join("https://a.example/x/y", "z"), "https://a.example/x/z");
        assert_eq!(join("https://a.example", "z"), "https://a.example/z");
        assert_eq!(
            join("http://a.example/x", "https://b.example/"),
            "https://b.example/"
        );
        assert_eq!(
            join("http://a.example/x", "//b.example/y"),
            "http://b.example/y"
        );
    }
}
