// Where the built site is, which port to serve it on, and which pages it has.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = path.resolve(HERE, '..', '..');

/** The site directory: env CANTEEN_SITE_DIR, else tests/browser/site. */
export function siteDir() {
  const dir = path.resolve(process.env.CANTEEN_SITE_DIR || path.join(HERE, 'site'));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(
      `Site directory ${dir} does not exist. Build the site and set CANTEEN_SITE_DIR ` +
        '(scripts/browser-test does both).',
    );
  }
  return dir;
}

function decodeXml(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&amp;/g, '&');
}

/** The absolute URLs listed in the site's sitemap.xml, in order. Throws if there is none. */
export function sitemapLocs(dir) {
  const file = path.join(dir, 'sitemap.xml');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the site must have a sitemap.xml listing every page.`);
  }
  const xml = fs.readFileSync(file, 'utf8');
  const locs = [...xml.matchAll(/<loc>\s*([^<]*?)\s*<\/loc>/g)].map((m) => decodeXml(m[1]));
  if (locs.length < 1) {
    throw new Error(`${file} lists no page (no <loc> element).`);
  }
  return locs;
}

/** True when the HTML file is a redirect page (an alias or a current edition's `/<id>/…` address). */
export function isRedirectFile(file) {
  const html = fs.readFileSync(file, 'utf8');
  return /<meta\s[^>]*http-equiv\s*=\s*["']?refresh/i.test(html);
}

/**
 * The pages of the site folder that the sitemap may not list: every
 * `index.html` (as its directory's URL path, percent-encoded like a
 * sitemap's: '/2013/hr-guide/') and every `404.html` below `dir`, except
 * redirect pages, sorted. Earlier editions (`/2013/…`) are only found this
 * way: the sitemap lists the current one.
 */
export function builtPagePaths(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full, rel + encodeURIComponent(e.name) + '/');
      else if (e.isFile() && (e.name === 'index.html' || e.name === '404.html') && !isRedirectFile(full)) {
        out.push(e.name === 'index.html' ? rel : rel + e.name);
      }
    }
  };
  walk(dir, '/');
  return out.sort();
}

/**
 * Every page to test, as URL paths on the local server: the sitemap's pages
 * (their path part; query and fragment dropped), then the other pages of the
 * site folder (`builtPagePaths`: every earlier edition's pages among them),
 * then /404.html; each once.
 */
export function pagePaths(dir) {
  const seen = new Set();
  const out = [];
  const add = (p) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const loc of sitemapLocs(dir)) {
    let p;
    try {
      p = new URL(loc).pathname;
    } catch {
      throw new Error(`sitemap.xml has a <loc> that is not an absolute URL: ${loc}`);
    }
    add(p);
  }
  for (const p of builtPagePaths(dir)) if (p !== '/404.html') add(p);
  add('/404.html');
  return out;
}

/**
 * The port to serve on: env CANTEEN_TEST_PORT; else the port of the sitemap's
 * URLs when they point at 127.0.0.1/localhost (a site built for local testing);
 * else 0 (any free port).
 */
export function testPort(dir) {
  const env = process.env.CANTEEN_TEST_PORT;
  if (env) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw new Error(`CANTEEN_TEST_PORT must be a port number, not ${JSON.stringify(env)}`);
    }
    return n;
  }
  try {
    const u = new URL(sitemapLocs(dir)[0]);
    if ((u.hostname === '127.0.0.1' || u.hostname === 'localhost') && u.port) return Number(u.port);
  } catch {
    /* the page discovery reports a bad sitemap */
  }
  return 0;
}

/** All .html files below dir, as URL-ish paths ('/a/index.html'). */
export function htmlFiles(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel + '/' + e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile() && /\.html?$/i.test(e.name)) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** The HTML file a page path is served from ('/a/' -> '/a/index.html'). */
export function fileForPage(p) {
  return p.endsWith('/') ? p + 'index.html' : p;
}

/** The HTML file of a page path from `pagePaths`. */
export function pageFile(dir, pagePath) {
  const rel = decodeURIComponent(pagePath);
  return path.join(dir, rel.endsWith('/') ? rel + 'index.html' : rel);
}

/** Elements that bring their own layout, whatever their class. */
const LAYOUT_ELEMENTS = new Set([
  'table', 'pre', 'img', 'picture', 'figure', 'details', 'blockquote', 'dl', 'ol', 'ul',
  'form', 'input', 'select', 'textarea', 'button', 'svg', 'video', 'audio', 'iframe', 'hr',
]);

/**
 * What a page is built from, as far as layout goes: the sorted set of the
 * elements of `LAYOUT_ELEMENTS` it has and of its classes, each without its
 * BEM modifier ("nhsuk-card", not "nhsuk-card--feature"). Two pages with the
 * same signature use the same components, so a check that depends on the
 * viewport (reflow, target size, contrast against a component's background)
 * and passes on one passes on the other; their words and links differ, which
 * the checks at every page's first viewport cover.
 */
export function layoutSignature(dir, pagePath) {
  const html = fs.readFileSync(pageFile(dir, pagePath), 'utf8');
  const parts = new Set();
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s[^>]*)?)>/g)) {
    const tag = m[1].toLowerCase();
    if (LAYOUT_ELEMENTS.has(tag)) parts.add(tag);
    const cls = /\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[2]);
    for (const c of (cls?.[1] ?? cls?.[2] ?? cls?.[3] ?? '').split(/\s+/)) {
      if (c) parts.add(c.replace(/--.*$/, ''));
    }
  }
  return [...parts].sort().join(' ');
}

/** The first page of each distinct `layoutSignature` among `pages`, in order. */
export function onePagePerLayout(dir, pages) {
  const seen = new Set();
  return pages.filter((p) => {
    const sig = layoutSignature(dir, p);
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}
