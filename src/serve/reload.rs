//! Live reload: one Server-Sent Events stream per open tab, and the
//! broadcast of exactly one event per rebuild to every stream.
//!
//! Never lets a tab slow a rebuild (each stream has its own thread and an
//! unbounded queue) and never keeps a thread for a closed tab: the first
//! failed write ends the stream's thread.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::diagnostics::Diagnostic;

/// The response head of an event stream, written by hand because the body never ends.
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";

/// What a rebuild tells the open tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Css,
    /// The build failed: show these diagnostics over the page.
    Error(Vec<Diagnostic>),
}

impl Event {
    /// The event as it goes on the wire.
    pub fn encode(&self) -> String {
        match self {
            Event::Reload => encode("reload", ""),
            Event::Css => encode("css", ""),
            Event::Error(diagnostics) => encode(
                "error",
                &serde_json::to_string(diagnostics).unwrap_or_else(|_| "[]".into()),
            ),
        }
    }
}

/// One SSE event: a name and data, each data line prefixed, a blank line to end it.
pub fn encode(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Every open event stream.
#[derive(Debug, Default)]
pub struct Hub {
    senders: Mutex<Option<Vec<Sender<Arc<str>>>>>,
    streams: AtomicUsize,
}

impl Hub {
    /// A hub with no streams yet.
    pub fn new() -> Hub {
        Hub {
            senders: Mutex::new(Some(Vec::new())),
            streams: AtomicUsize::new(0),
        }
    }

    /// Registers a new stream; its receiver ends when the hub closes.
    pub fn subscribe(&self) -> Receiver<Arc<str>> {
        let (sender, receiver) = mpsc::channel();
        if let Some(senders) = self
            .senders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            senders.push(sender);
        }
        receiver
    }

    /// Queues `event` for every live stream; returns how many got it.
    pub fn broadcast(&self, event: &Event) -> usize {
        let text: Arc<str> = event.encode().into();
        let mut guard = self.senders.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(senders) = guard.as_mut() else {
            return 0;
        };
        senders.retain(|sender| sender.send(text.clone()).is_ok());
        senders.len()
    }

    /// Ends every stream and refuses new ones (server shutdown).
    pub fn close(&self) {
        self.senders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    /// How many stream threads are running.
    pub fn streams(&self) -> usize {
        self.streams.load(Ordering::SeqCst)
    }

    /// Serves one event stream on `writer` until the tab goes away or the hub closes.
    ///
    /// A comment every `heartbeat` makes a dead tab's writes fail, so its
    /// thread ends even when no rebuild happens.
    pub fn stream(&self, writer: &mut dyn Write, heartbeat: Duration) {
        let _running = Running::new(&self.streams);
        let events = self.subscribe();
        // `retry` makes browsers reconnect quickly after a restart; the comment tells a client it is subscribed.
        if send(writer, HEAD)
            .and_then(|()| send(writer, "retry: 1000\n: connected\n\n"))
            .is_err()
        {
            return;
        }
        loop {
            let text = match events.recv_timeout(heartbeat) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => ": heartbeat\n\n".into(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if send(writer, &text).is_err() {
                return;
            }
        }
    }
}

fn send(writer: &mut dyn Write, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

/// Counts a running stream for as long as it lives.
struct Running<'a>(&'a AtomicUsize);

impl<'a> Running<'a> {
    fn new(count: &'a AtomicUsize) -> Running<'a> {
        count.fetch_add(1, Ordering::SeqCst);
        Running(count)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_named_with_one_data_line_each() {
        assert_eq!(Event::Reload.encode(), "event: reload\ndata: \n\n");
        assert_eq!(Event::Css.encode(), "event: css\ndata: \n\n");
        assert_eq!(
            encode("x", "a\nb\r\nc"),
            "event: x\ndata: a\ndata: b\ndata: c\n\n"
        );
        let error = Event::Error(vec![Diagnostic::file("content/a.md", "bad\nthing")]).encode();
        assert!(
            error.starts_with(
                "event: error\ndata: [{\"severity\":\"error\",\"file\":\"content/a.md\""
            ),
            "{error}"
        );
        assert_eq!(
            error.matches("data: ").count(),
            1,
            "JSON escapes newlines: {error}"
        );
    }

    #[test]
    fn broadcast_reaches_every_live_subscriber_once_and_drops_the_dead() {
        let hub = Hub::new();
        let alive = hub.subscribe();
        drop(hub.subscribe());
        assert_eq!(hub.broadcast(&Event::Reload), 1);
        assert_eq!(
            alive.try_recv().map(|t| t.to_string()).ok(),
            Some(Event::Reload.encode())
        );
        assert!(alive.try_recv().is_err());
        hub.close();
        assert_eq!(hub.broadcast(&Event::Css), 0);
        assert!(matches!(alive.recv(), Err(mpsc::RecvError)));
    }

    /// A writer that fails once the tab is "closed".
    struct Tab {
        written: Arc<Mutex<String>>,
        closed_after: usize,
    }

    impl Write for Tab {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
            if written.len() >= self.closed_after {
                return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
            }
            written.push_str(&String::from_utf8_lossy(buf));
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_tab_ends_its_stream_at_the_next_heartbeat() {
        let hub = Hub::new();
        let written = Arc::new(Mutex::new(String::new()));
        let mut tab = Tab {
            written: written.clone(),
            closed_after: HEAD.len() + 1,
        };
        hub.stream(&mut tab, Duration::from_millis(1));
        assert_eq!(hub.streams(), 0);
        let text = written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        assert!(
            text.starts_with(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
            ),
            "{text}"
        );
    }
}
