//! Politeness per host: at most `limit` requests at once to one host (its
//! `host:port`), and a gap between the starts of two requests to it.
//! Workers wait on a condition variable; nothing spins.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The hosts being talked to.
#[derive(Debug)]
pub struct Hosts {
    state: Mutex<HashMap<String, Host>>,
    freed: Condvar,
    limit: usize,
    gap: Duration,
}

#[derive(Debug)]
struct Host {
    active: usize,
    next_start: Instant,
}

/// A request slot for one host, given back when dropped.
#[derive(Debug)]
pub struct Slot<'a> {
    hosts: &'a Hosts,
    host: String,
}

impl Hosts {
    /// At most `limit` requests at once per host, starts `gap` apart.
    pub fn new(limit: usize, gap: Duration) -> Hosts {
        Hosts {
            state: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
            limit: limit.max(1),
            gap,
        }
    }

    /// Waits for a slot for `host`.
    pub fn acquire(&self, host: &str) -> Slot<'_> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let now = Instant::now();
            let entry = state.entry(host.to_string()).or_insert(Host {
                active: 0,
                next_start: now,
            });
            if entry.active < self.limit && entry.next_start <= now {
                entry.active += 1;
                entry.next_start = now + self.gap;
                return Slot {
                    hosts: self,
                    host: host.to_string(),
                };
            }
            let wait = if entry.active < self.limit {
                entry.next_start - now
            } else {
                Duration::from_millis(100)
            };
            state = self
                .freed
                .wait_timeout(state, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self
            .hosts
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(host) = state.get_mut(&self.host) {
            host.active = host.active.saturating_sub(1);
        }
        self.hosts.freed.notify_all();
    }
}

/// The `host:port` of an `http(s)` address (`https://a.example/x` →
/// `a.example:443`), lower-cased.
pub fn authority(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let mut authority = rest[..end].rsplit('@').next().unwrap_or("").to_lowercase();
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !authority.ends_with(']');
    if !has_port {
        authority.push_str(if scheme.eq_ignore_ascii_case("http") {
            ":80"
        } else {
            ":443"
        });
    }
    authority
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authority_has_a_port() {
        assert_eq!(authority("https://A.example/x?y"), "a.example:443");
        assert_eq!(authority("http://a.example"), "a.example:80");
        assert_eq!(authority("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(authority("https://u:p@a.example:8443/"), "a.example:8443");
    }

    #[test]
    fn no_more_than_the_limit_at_once() {
        let hosts = Hosts::new(2, Duration::ZERO);
        let a = hosts.acquire("h:1");
        let _b = hosts.acquire("h:1");
        let _other = hosts.acquire("g:1");
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                let started = Instant::now();
                drop(hosts.acquire("h:1"));
                started.elapsed()
            });
            std::thread::sleep(Duration::from_millis(50));
            drop(a);
            let waited = waiter.join().unwrap_or_default();
            assert!(waited >= Duration::from_millis(40), "{waited:?}");
        });
    }
}
