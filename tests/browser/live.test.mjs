// The live-preview script (`/__canteen/live.js`) in Chromium, against a real
// `canteen serve` of a temporary copy of fixtures/live:
// - a Markdown edit reloads the page and keeps the scroll position;
// - a CSS edit swaps the stylesheet without a reload;
// - a broken build shows an accessible error overlay (also on a fresh load),
//   and the fix removes it;
// - a 404 page turns into the page once its Markdown file appears;
// - after a server restart the tab reconnects and reloads on the next edit.
// - while the overlay shows, Tab never reaches the page hidden under it.
// Every wait polls with a deadline; nothing sleeps to synchronise.
// Needs the canteen binary: env CANTEEN_BIN, else `cargo build` is run.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { failure, formatAxeViolations, launchBrowser, runAxe } from './lib/browser.mjs';
import { canteenBin, freePort, get, poll, startCanteen } from './lib/canteen.mjs';
import { HERE } from './lib/site.mjs';

const FIXTURE = path.join(HERE, 'fixtures', 'live');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DEADLINE = 15_000; // for each wait: generous, for a loaded 2-core machine
const TEST_TIMEOUT = 60_000;
const LONG_READ = 'content/long-read.md';
const ORIGINAL = fs.readFileSync(path.join(FIXTURE, LONG_READ), 'utf8');
const FIRST_STATUS = 'Status: first draft.';
assert.ok(ORIGINAL.includes(FIRST_STATUS), `the fixture's ${LONG_READ} must contain "${FIRST_STATUS}"`);

// Runs first in every document. Counts the event stream's `open`s, so a test
// edits only once the tab listens (an edit before that would go unseen).
// Leaves scroll restoration to live.js alone: the browser's own would hide a
// broken one.
const INSTRUMENT = `(() => {
  window.__liveOpen = 0;
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { window.__liveOpen += 1; });
    }
  };
  try { history.scrollRestoration = 'manual'; } catch (_) {}
})();`;

let bin;
let tmp;
let site; // the temporary copy being served and edited
let server;
let browser;
let context;
const pageErrors = [];
const pending = new Map(); // the context's requests not finished yet: request → { url, since, answered }

const file = (rel) => path.join(site, rel);
/** Writes in place (truncate, then write), as most editors save. */
const write = (rel, text) => fs.writeFileSync(file(rel), text);
const withStatus = (status) => ORIGINAL.replace(FIRST_STATUS, `Status: ${status}.`);

/** For failure messages: requests the browser is still waiting on, and what the server printed. */
function diagnosis() {
  const now = Date.now();
  const waiting = [...pending.values()]
    .filter((r) => !r.url.endsWith('/__canteen/events'))
    .map((r) => `  ${r.url.replace(server?.origin ?? '', '')}: ${r.answered ? 'body not finished' : 'no answer'} after ${now - r.since} ms`);
  return (
    (waiting.length ? `--- requests the browser is still waiting on ---\n${waiting.join('\n')}\n` : '') +
    `--- canteen serve output (last 3000 characters) ---\n${server?.log().slice(-3000) ?? '(not running)'}`
  );
}
const until = (what, read, test) => poll(what, read, test, { timeout: DEADLINE, context: diagnosis });

/** What the tests look at in a tab (throws while the tab is between documents). */
function state(page) {
  return page.evaluate(() => {
    const alert = document.querySelector('[role="alert"], [role="alertdialog"]');
    const main = document.querySelector('main');
    return {
      url: location.pathname,
      h1: document.querySelector('h1')?.textContent.trim() ?? null,
      status: [...(main?.querySelectorAll('p') ?? [])].map((p) => p.textContent.trim()).find((t) => t.startsWith('Status:')) ?? null,
      prose: main?.querySelector('.prose')?.textContent.trim().slice(0, 200) ?? null,
      scrollY: window.scrollY,
      marker: window.__marker ?? null,
      listening: window.__liveOpen ?? 0,
      loaded: document.readyState === 'complete',
      alert: alert ? { text: alert.textContent, visible: alert.checkVisibility() } : null,
    };
  });
}

/** Opens `urlPath` in a new tab and waits until live.js listens to the event stream. */
async function open(urlPath, { status = 200 } = {}) {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.stack || e}`));
  let res;
  try {
    res = await page.goto(server.origin + urlPath, { waitUntil: 'load', timeout: DEADLINE });
  } catch (e) {
    throw failure(`${urlPath} did not load: ${e.message.split('\n')[0]}\n${diagnosis()}`);
  }
  assert.equal(res?.status(), status, `GET ${urlPath}`);
  await until(`${urlPath} listens to /__canteen/events`, () => state(page), (s) => s.listening >= 1);
  return page;
}

/** Marks the document in `page`, so that a reload can be told apart from a change in place. */
const mark = (page, value) => page.evaluate((v) => (window.__marker = v), value);

/** Waits until the tab shows a new document (the mark is gone) that listens and passes `check`. */
function reloaded(page, what, check) {
  return until(`the tab reloads and ${what}`, () => state(page), (s) => s.marker === null && s.listening >= 1 && s.loaded && check(s));
}

const noPageErrors = () => assert.deepEqual(pageErrors, [], 'uncaught exceptions in the page');

/** The long read with the closing `+++` of its front matter dropped: the build fails on line 1. */
const BROKEN = ORIGINAL.replace(/^(\+\+\+\n[\s\S]*?\n)\+\+\+\n/, '$1');
assert.notEqual(BROKEN, ORIGINAL);
/** The tab shows a visible alert naming the file and the line: `content/long-read.md:1` (or "line 1"). */
const overlayShown = (s) =>
  s.alert?.visible && /content\/long-read\.md/.test(s.alert.text) && /(\.md:|\bline\s+)1(?!\d)/i.test(s.alert.text);
const OVERLAY_SHOWN = 'a visible role="alert" (or "alertdialog") element names content/long-read.md and line 1';

describe('live preview (canteen serve and /__canteen/live.js)', () => {
  before(
    async () => {
      bin = canteenBin();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'canteen-live-test-'));
      site = path.join(tmp, 'site');
      fs.cpSync(FIXTURE, site, { recursive: true });
      server = await startCanteen({ bin, root: site, port: await freePort() });
      browser = await launchBrowser();
    },
    { timeout: 180_000 }, // may include `cargo build`
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  // Each test starts in a fresh browser context (no tab, no connection left
  // open to the server) with the fixture's long read served, built without errors.
  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: INSTRUMENT });
    pending.clear();
    context.on('request', (r) => pending.set(r, { url: r.url(), since: Date.now(), answered: false }));
    context.on('response', (r) => pending.has(r.request()) && (pending.get(r.request()).answered = true));
    context.on('requestfinished', (r) => pending.delete(r));
    context.on('requestfailed', (r) => pending.delete(r));
    pageErrors.length = 0;
    if (fs.readFileSync(file(LONG_READ), 'utf8') !== ORIGINAL) write(LONG_READ, ORIGINAL);
    await until(
      'the server serves the fixture again, built without errors',
      async () => ({
        ok: JSON.parse((await get(`${server.origin}/__canteen/status`)).body).ok,
        original: (await get(`${server.origin}/long-read/`)).body.includes(FIRST_STATUS),
      }),
      (s) => s.ok && s.original,
    );
  });

  it('a Markdown edit reloads the page and keeps the scroll position', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open('/long-read/');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height >= 1200 + 2 * 800, `the long read must scroll well past 1200 px (it is ${height} px high)`);
    await page.evaluate(() => window.scrollTo(0, 1200));
    const before = await until('the page is scrolled to 1200 px', () => state(page), (s) => Math.abs(s.scrollY - 1200) <= 1);
    await mark(page, 'before the edit');

    write(LONG_READ, withStatus('second draft'));

    await reloaded(page, 'shows "Status: second draft."', (s) => s.status === 'Status: second draft.');
    await until(
      `the scroll position is back near ${before.scrollY} px`,
      () => state(page),
      (s) => s.marker === null && Math.abs(s.scrollY - before.scrollY) <= 5,
    );
    noPageErrors();
  });

  it('a CSS edit applies the new style without reloading the page', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open('/long-read/');
    const color = () => page.evaluate(() => getComputedStyle(document.querySelector('#maincontent h1')).color);
    assert.notEqual(await color(), 'rgb(1, 2, 3)');
    await mark(page, 1);

    fs.appendFileSync(file('static/css/site.css'), '\n#maincontent h1 { color: rgb(1, 2, 3); }\n');

    await until('the h1 turns rgb(1, 2, 3)', color, (c) => c === 'rgb(1, 2, 3)');
    assert.equal(await page.evaluate(() => window.__marker), 1, 'the page reloaded (window.__marker is gone): the CSS was not swapped in place');
    noPageErrors();
  });

  it('a broken build shows an accessible error overlay, also on a fresh load, until it is fixed', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open('/long-read/');
    write(LONG_READ, BROKEN);
    await until(OVERLAY_SHOWN, () => state(page), overlayShown);

    const { violations } = await runAxe(page, AXE_TAGS);
    if (violations.length) throw failure(formatAxeViolations(violations, '/long-read/ with the error overlay shown'));

    // A tab opened while the build is still broken learns of it from /__canteen/status.
    const fresh = await open('/long-read/');
    await until('a tab loaded while the build is broken shows the overlay too', () => state(fresh), overlayShown);

    await mark(page, 'broken');
    await mark(fresh, 'broken');
    write(LONG_READ, withStatus('fixed draft'));

    for (const [name, tab] of [['the first tab', page], ['the fresh tab', fresh]]) {
      await reloaded(tab, `${name} shows the fix and no overlay`, (s) => s.alert === null && s.status === 'Status: fixed draft.');
    }
    noPageErrors();
  });

  // WCAG 2.2 SC 2.4.11 (Focus Not Obscured, AA), which axe cannot check: the
  // overlay covers the whole window, so the page under it must be inert.
  it(
    'keyboard focus never lands on something hidden under the error overlay',
    { timeout: TEST_TIMEOUT },
    async () => {
      const page = await open('/long-read/');
      write(LONG_READ, BROKEN);
      await until(OVERLAY_SHOWN, () => state(page), overlayShown);
      const hidden = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const el = document.activeElement;
          const overlay = document.querySelector('[role="alert"], [role="alertdialog"]');
          if (!el || el === document.body || !overlay) return { what: el?.tagName ?? 'nothing', inOverlay: false, hidden: false };
          const r = el.getBoundingClientRect();
          const points = [[0.5, 0.5], [0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95]].map(([x, y]) => [r.left + x * r.width, r.top + y * r.height]);
          const covered = points.every(([x, y]) => {
            const top = document.elementFromPoint(x, y);
            return top === null || (overlay.contains(top) && !el.contains(top) && !top.contains(el));
          });
          const inOverlay = overlay.contains(el);
          return { what: `<${el.tagName.toLowerCase()}> "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}"`, inOverlay, hidden: !inOverlay && covered };
        });
        if (focus.hidden) hidden.push(focus.what);
        if (focus.inOverlay) break;
      }
      if (hidden.length) {
        throw failure(`Tab focused ${hidden.length} element(s) entirely hidden under the error overlay: ${hidden.slice(0, 5).join(', ')}${hidden.length > 5 ? ', …' : ''}`);
      }
      noPageErrors();
    },
  );

  it('a page that does not exist yet appears in its open tab once its file is created', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open('/new-page/', { status: 404 });
    assert.equal((await state(page)).h1, 'Page not found');
    await mark(page, '404');

    write('content/new-page.md', '+++\ntitle = "A new page"\n+++\n\nWritten while the preview was open.\n');

    await reloaded(page, 'shows the new page', (s) => s.h1 === 'A new page' && s.prose === 'Written while the preview was open.');
    noPageErrors();
  });

  it('after a server restart the open tab reconnects and reloads on the next edit', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open('/long-read/');
    await mark(page, 'before the restart');
    const { port } = server;
    await server.stop();
    server = await startCanteen({ bin, root: site, port });
    assert.equal(server.port, port, `the restarted canteen serve listens on the same port (${port})`);

    // live.js reloads the tab once its event stream is back (the site may have changed meanwhile).
    await reloaded(page, 'is connected to the restarted server', (s) => s.status === FIRST_STATUS);
    await mark(page, 'after the restart');

    write(LONG_READ, withStatus('edited after the restart'));

    await reloaded(page, 'shows "Status: edited after the restart."', (s) => s.status === 'Status: edited after the restart.');
    noPageErrors();
  });
});
