//! The HTTP shell around `http::answer`: a few worker threads take requests
//! from tiny_http; event streams get a thread of their own.
//!
//! Never lets a request crash the server (a panic becomes a 500) and never
//! lets a long-lived event stream occupy a worker.

use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::{self, JoinHandle};

use tiny_http::{Header, Request, Response, Server};

use crate::serve::Shared;
use crate::serve::http::{self, Answer, Ask, Method, Reply};

/// Starts `count` workers answering requests until `Shared::stopping` is set and they are unblocked.
pub(crate) fn spawn_workers(
    server: &Arc<Server>,
    shared: &Arc<Shared>,
    count: usize,
) -> io::Result<Vec<JoinHandle<()>>> {
    (0..count)
        .map(|i| {
            let (server, shared) = (server.clone(), shared.clone());
            thread::Builder::new()
                .name(format!("canteen-http-{i}"))
                // Pages are rendered on request, on this thread.
                .stack_size(crate::render::limits::STACK_SIZE)
                .spawn(move || work(&server, &shared))
        })
        .collect()
}

fn work(server: &Server, shared: &Arc<Shared>) {
    loop {
        match server.recv() {
            Ok(request) => {
                // The inner catch turns a panic into a 500; this one keeps the worker alive if even that fails.
                let _ = catch_unwind(AssertUnwindSafe(|| handle(request, shared)));
            }
            Err(_) if shared.stopping.load(Ordering::SeqCst) => return,
            Err(_) => {}
        }
    }
}

fn handle(request: Request, shared: &Arc<Shared>) {
    let method = match request.method() {
        tiny_http::Method::Get => Method::Get,
        tiny_http::Method::Head => Method::Head,
        _ => Method::Other,
    };
    let if_none_match = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.as_str().to_string());
    let site = shared.site();
    let status = shared.status();
    if method != Method::Other
        && request.url().split('?').next() == Some(super::health::HEALTH_PATH)
    {
        // The live script reloads it after every rebuild, like any page.
        let page = super::health::page(&status.errors, &status.warnings, &status.findings);
        let body = http::inject_script(page.as_bytes(), site.build_id());
        let reply = Reply {
            status: 200,
            headers: vec![
                ("Content-Type", "text/html; charset=utf-8".to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        };
        return respond(request, reply);
    }
    let ask = Ask {
        method,
        target: request.url(),
        if_none_match: if_none_match.as_deref(),
    };
    let answer = catch_unwind(AssertUnwindSafe(|| http::answer(&ask, &site, &status.json)))
        .unwrap_or_else(|_| {
            Answer::Reply(Reply::text(
                500,
                "internal error in canteen's dev server; the terminal has the details",
            ))
        });
    match answer {
        Answer::Reply(reply) => respond(request, reply),
        Answer::Events => {
            let shared = shared.clone();
            // If the thread cannot start, the request is dropped and tiny_http answers 500.
            let _ = thread::Builder::new()
                .name("canteen-sse".into())
                .spawn(move || {
                    let mut writer = request.into_writer();
                    shared.hub.stream(&mut *writer, shared.heartbeat);
                });
        }
    }
}

fn respond(request: Request, reply: Reply) {
    // A known length, never chunked: simpler for clients, and right for HEAD.
    let mut response = Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_chunked_threshold(usize::MAX);
    for (name, value) in &reply.headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // The browser may have gone away; there is nobody left to tell.
    let _ = request.respond(response);
}
