// Launching Debian's Chromium through playwright-core, and what every browser
// test file shares: the server + browser fixture, page instrumentation and
// readable failure messages.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { pagePaths, siteDir, testPort } from './site.mjs';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CANTEEN_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const VIEWPORTS = [
  { width: 320, height: 640 },
  { width: 1280, height: 800 },
];
export const SCHEMES = ['light', 'dark'];

/** How many pages to drive at once (env CANTEEN_TEST_CONCURRENCY, default: cores + 1, at most 4). */
export const CONCURRENCY = Math.max(
  1,
  Number(process.env.CANTEEN_TEST_CONCURRENCY) || Math.min(4, os.availableParallelism() + 1),
);

/** Timeout for one page's test, in ms. */
export const PAGE_TIMEOUT = Number(process.env.CANTEEN_TEST_PAGE_TIMEOUT) || 60_000;

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found. Install Debian's chromium (apt-get install chromium) ` +
        'or set CANTEEN_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Everything a browser test file needs, set up once per file: the site's
 * pages (discovered synchronously, so tests can be declared from them), and
 * start()/stop() for the server and the browser (call them in before/after).
 */
export function siteFixture() {
  const dir = siteDir();
  const pages = pagePaths(dir);
  const fx = {
    dir,
    pages,
    server: null,
    browser: null,
    origin: null,
    async start() {
      fx.server = await startServer(dir, { port: testPort(dir) });
      fx.origin = fx.server.origin;
      fx.browser = await launchBrowser();
    },
    async stop() {
      await fx.browser?.close().catch(() => {});
      await fx.server?.close();
    },
    url(p) {
      return fx.origin + p;
    },
  };
  return fx;
}

/**
 * Make a context that never reaches the network: every request not to the
 * local server is aborted and recorded in `context.externalRequests`.
 * With `{ axe: true }`, axe-core is loaded into every page of the context
 * (as an init script: Chromium then compiles it once, not once per page).
 */
export async function newLocalContext(fx, { axe = false, ...options } = {}) {
  const context = await fx.browser.newContext(options);
  if (axe) await context.addInitScript({ content: axeSource() });
  const external = [];
  await context.route(
    (url) => {
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return false;
      return url.origin !== fx.origin;
    },
    (route) => {
      external.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.externalRequests = external;
  return context;
}

/** An error whose report is `message` and one stack line: the test that threw it. */
export function failure(message) {
  const e = new Error(message);
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  e.stack = `Error: ${message}\n${frames[1] ?? frames[0] ?? ''}`;
  return e;
}

/**
 * Watch a page: console errors (CSP violations among them), uncaught
 * exceptions, requests to other origins, failed requests, error responses.
 */
export function watchPage(page, origin) {
  const log = { consoleErrors: [], pageErrors: [], failedRequests: [], badResponses: [], external: new Set() };
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!['data:', 'blob:', 'about:'].includes(u.protocol) && u.origin !== origin) log.external.add(req.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      log.consoleErrors.push(
        msg.text() + (loc?.url ? ` (at ${loc.url}:${loc.lineNumber + 1}:${loc.columnNumber + 1})` : ''),
      );
    }
  });
  page.on('pageerror', (err) => log.pageErrors.push(String(err?.stack || err)));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed';
    // Blocked as external (reported as such) or by the CSP (reported in the console).
    if (why.includes('ERR_BLOCKED_BY_CLIENT') || why === 'csp') return;
    // The tab icon is fetched by the browser, not the page, and dropped
    // when a test leaves the page before it has come.
    if (why === 'net::ERR_ABORTED' && /\/favicon\.svg$/.test(new URL(req.url()).pathname)) return;
    log.failedRequests.push(`${req.method()} ${req.url()}: ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) log.badResponses.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return log;
}

let axeSourceText;
function axeSource() {
  axeSourceText ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSourceText;
}

/**
 * Run axe-core in the page. It is injected through the DevTools protocol (as
 * an init script or an evaluation), which the page's CSP does not block.
 * `values` are axe tags, or rule ids with `type` `'rule'`.
 */
export async function runAxe(page, values, type = 'tag') {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource());
  }
  return page.evaluate(
    async ({ type, values }) =>
      // eslint-disable-next-line no-undef
      axe.run(document, {
        runOnly: { type, values },
        resultTypes: ['violations'],
      }),
    { type, values },
  );
}

function short(s, n = 300) {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** A readable, actionable description of axe violations. */
export function formatAxeViolations(violations, where, maxNodes = 5) {
  const lines = [`${violations.length} axe violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push('');
    lines.push(`  [${v.id}] (${v.impact ?? 'no impact'}) ${v.help}`);
    lines.push(`    ${v.helpUrl}`);
    v.nodes.slice(0, maxNodes).forEach((n, i) => {
      lines.push(`    ${i + 1}. target: ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ')}`);
      lines.push(`       html:   ${short(n.html)}`);
      const summary = (n.failureSummary ?? '').split('\n').filter((l) => l.trim()).slice(0, 3);
      for (const s of summary) lines.push(`       ${short(s, 400)}`);
    });
    if (v.nodes.length > maxNodes) lines.push(`    … and ${v.nodes.length - maxNodes} more element(s)`);
  }
  return lines.join('\n');
}

/**
 * Run `fn(item)` for every item, at most `limit` at once; resolves when all
 * are done, to an array of { item, error } for those that threw.
 */
export async function mapLimit(items, limit, fn) {
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failures.push({ item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failures;
}
