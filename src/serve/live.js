// canteen live reload. Served by `canteen serve` at /__canteen/live.js and
// added to pages only while previewing; never part of a built site.
(() => {
  "use strict";
  const SCROLL_KEY = "canteen:scroll";
  // The build this page comes from: a save that lands before the event
  // stream connects is caught by comparing it with the build served now.
  const BUILD = document.currentScript ? document.currentScript.dataset.build : undefined;
  const OVERLAY_ID = "canteen-error-overlay";

  // Keep the reader's place across reloads of the same page.
  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
    } catch (_) { /* storage may be disabled */ }
    location.reload();
  }

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (_) { /* nothing saved */ }
    if (saved && saved.path === location.pathname) window.scrollTo(saved.x, saved.y);
  }

  // New stylesheets without a reload: same URLs, a fresh query to beat the cache.
  function swapStylesheets() {
    const stamp = String(Date.now());
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("canteen-reload", stamp);
      link.href = url.href;
    }
  }

  // While the overlay covers the page, the page under it is inert, so Tab
  // never lands on something hidden (WCAG 2.2 SC 2.4.11, Focus Not Obscured).
  const INERT_MARK = "data-canteen-inert";

  function removeOverlay() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
    for (const node of document.querySelectorAll("[" + INERT_MARK + "]")) {
      node.inert = false;
      node.removeAttribute(INERT_MARK);
    }
  }

  function makeRestInert(overlay) {
    const parent = overlay.parentNode;
    if (!parent) return;
    for (const node of parent.children) {
      if (node === overlay || node.inert) continue;
      node.inert = true;
      node.setAttribute(INERT_MARK, "");
    }
  }

  function element(tag, text, style) {
    const node = document.createElement(tag);
    if (text) node.textContent = text; // never innerHTML: messages quote the user's files
    // Through the CSSOM, which a strict Content-Security-Policy allows (a style attribute it would block).
    if (style) node.style.cssText = style;
    return node;
  }

  function location_of(d) {
    let where = d.file || "";
    if (d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
    return where;
  }

  // High contrast (white on near-black, yellow focus), readable at 200% zoom, announced by screen readers.
  function showOverlay(errors) {
    removeOverlay();
    const overlay = element("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#111;color:#fff;" +
      "font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Arial,sans-serif;padding:1.5rem;border-top:.5rem solid #d5281b;box-sizing:border-box");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    const title = element("h2", errors.length === 1 ? "The site did not build: 1 error" : "The site did not build: " + errors.length + " errors",
      "font-size:1.5rem;margin:0 0 1rem;color:#fff");
    title.id = OVERLAY_ID + "-title";
    overlay.appendChild(title);
    overlay.appendChild(element("p", "The last good version is still served. Fix the file and save: this page updates by itself.", "margin:0 0 1rem"));
    for (const d of errors) {
      const item = element("section", "", "margin:0 0 1.5rem;padding:1rem;border:2px solid #fff;border-radius:4px");
      const where = location_of(d);
      if (where) item.appendChild(element("p", where, "margin:0 0 .5rem;font:700 1rem/1.5 ui-monospace,Menlo,Consolas,monospace;color:#ffeb3b"));
      item.appendChild(element("p", d.message || "", "margin:0 0 .5rem;font-weight:600"));
      if (d.source_line) {
        const pre = element("pre", "", "margin:0 0 .5rem;padding:.5rem;background:#000;color:#fff;overflow:auto;white-space:pre-wrap");
        pre.appendChild(element("code", (d.line ? d.line + " | " : "") + d.source_line));
        item.appendChild(pre);
      }
      if (d.hint) item.appendChild(element("p", "Hint: " + d.hint, "margin:0"));
      overlay.appendChild(item);
    }
    const close = element("button", "Dismiss", "font:inherit;font-weight:600;padding:.5rem 1rem;background:#fff;color:#000;border:2px solid #fff;" +
      "border-radius:4px;cursor:pointer;outline-offset:3px");
    close.type = "button";
    close.addEventListener("focus", () => { close.style.outline = "3px solid #ffeb3b"; });
    close.addEventListener("blur", () => { close.style.outline = ""; });
    close.addEventListener("click", removeOverlay);
    overlay.appendChild(close);
    (document.body || document.documentElement).appendChild(overlay);
    makeRestInert(overlay);
  }

  let source = null;

  // Hidden tabs let go of their stream (browsers allow about six connections
  // to one host, so a seventh tab would never load); a tab coming back
  // reconnects and catches up through the build check.
  function connect() {
    if (document.hidden || source) return;
    source = new EventSource("/__canteen/events");
    // Every (re)connection: the page may be out of date (a save before the
    // stream was open, or a server restart).
    source.addEventListener("open", checkStatus);
    source.addEventListener("reload", () => { removeOverlay(); reload(); });
    source.addEventListener("css", () => { removeOverlay(); swapStylesheets(); });
    // `error` is both our build-failure event (a MessageEvent with data) and EventSource's connection error.
    source.addEventListener("error", (event) => {
      if (event instanceof MessageEvent && typeof event.data === "string" && event.data !== "") {
        try { showOverlay(JSON.parse(event.data)); } catch (_) { /* malformed: ignore */ }
        return;
      }
      if (source && source.readyState === EventSource.CLOSED) {
        disconnect();
        setTimeout(connect, 1000);
      }
    });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", connect); // back from the back/forward cache

  // Reload when the served build is not this page's; show the errors of a broken build.
  function checkStatus() {
    fetch("/__canteen/status", { cache: "no-store" })
      .then((response) => response.json())
      .then((status) => {
        if (BUILD && status.build && status.build !== BUILD) { reload(); return; }
        if (status.errors && status.errors.length) showOverlay(status.errors);
      })
      .catch(() => { /* server gone: the event stream reconnects */ });
  }

  if (document.readyState === "complete") restoreScroll();
  else window.addEventListener("load", restoreScroll, { once: true });
  checkStatus();
  connect();
})();
