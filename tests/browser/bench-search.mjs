// The reader's side of scripts/bench-search: a built site's search page in
// headless Chromium, served by lib/server.mjs on 127.0.0.1. For each query
// word, in a fresh browser context (a cold cache): the bytes and requests a
// one-word query costs (the script, index.json, chunks, the fragments of
// the results shown), with the word pasted at once and typed at 150 ms a
// key; and, in a context of its own that nothing meters, the time from the
// last keystroke's input event to the results on the screen (`timed`: the
// first results with their count, and the whole first page), typed once
// the page is shown: cold, then warm.
//
// The timing is repeated in ROUNDS fresh contexts per word (3 unless
// `--rounds N` comes first): a single query's time varies by tens of
// milliseconds on a loaded machine.
//
//   node bench-search.mjs [--rounds N] SITE_DIR WORD...   → one JSON line on stdout

import { chromium } from 'playwright-core';
import { startServer } from './lib/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/browser.mjs';

const args = process.argv.slice(2);
const rounds = args[0] === '--rounds' ? Number(args.splice(0, 2)[1]) : 3;
const [site, ...words] = args;
const server = await startServer(site);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

// Bytes of the search's own files (script and index) a page fetched.
function meter(page) {
  const seen = [];
  seen.pending = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (!/\/search\/(index\.json|c\/|p\/)|\/js\/search\.js$/.test(url.pathname)) return;
    const entry = { path: url.pathname, bytes: 0 };
    seen.push(entry);
    seen.pending.push(r.body().then((b) => { entry.bytes = b.length; }, () => {}));
  });
  return seen;
}

// Sets the box to `word` as one input event (a paste, or the last key of a
// word typed faster than the debounce) and times it to the results on the
// screen: `shown` to the frame with the first results and the count (the
// live region is written with the first result), `full` to the frame with
// the whole first page (the list is `aria-busy` until its last result is
// added).
async function timed(page, word) {
  return page.evaluate(
    (w) =>
      new Promise((resolve) => {
        const input = document.getElementById('search-input');
        const status = document.getElementById('search-status');
        const list = document.getElementById('search-results');
        const t0 = performance.now();
        // A timer set in a frame's animation callback runs after that
        // frame's style, layout and paint, which can cost more than the
        // search.
        const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now() - t0), 0)));
        let shown = null;
        const check = () => {
          if (!shown && status.textContent.includes(`'${w}'`)) shown = painted();
          if (shown && !list.hasAttribute('aria-busy')) {
            obs.disconnect();
            Promise.all([shown, painted()]).then(([s, full]) => resolve({ shown: s, full }));
          }
        };
        const obs = new MutationObserver(check);
        obs.observe(status, { childList: true, characterData: true, subtree: true });
        obs.observe(list, { attributes: true, attributeFilter: ['aria-busy'] });
        input.value = w;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    word,
  );
}

// Waits until the page is shown and its script has the index's manifest
// (fetched as the page opens): a reader types into a page on the screen.
// On a large site the search page's A to Z list is long, and laying it
// out is the page opening, not the search.
async function shown(page) {
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((r) => /\/search\/index\.json$/.test(r.name) && r.responseEnd > 0));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function settle(seen) {
  // Responses' bodies arrive asynchronously: wait until no new response
  // comes for 300 ms and every body is read.
  let n = -1;
  while (n !== seen.length) {
    n = seen.length;
    await new Promise((r) => setTimeout(r, 300));
  }
  await Promise.all(seen.pending);
}

const results = [];
for (const word of words) {
  // Timed with nothing listening to the network (reading each response's
  // body through the DevTools protocol would slow the very requests being
  // timed): the word pasted (one input event) with a cold cache, then a
  // second word, warm.
  const cold = [], warm = [];
  let count;
  for (let round = 0; round < rounds; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/search/`);
    await shown(page);
    cold.push(await timed(page, word));
    count = await page.textContent('#search-status');
    warm.push(await timed(page, words[(words.indexOf(word) + 1) % words.length]));
    await context.close();
  }
  // The same paste in a fresh context, metered: what it downloads.
  let context = await browser.newContext();
  let page = await context.newPage();
  let seen = meter(page);
  await page.goto(`${server.origin}/search/`);
  await timed(page, word);
  await settle(seen);
  const pasted = { bytes: seen.reduce((a, s) => a + s.bytes, 0), requests: seen.length };
  await context.close();
  // Typed at 150 ms a key: every prefix of the word is searched.
  context = await browser.newContext();
  page = await context.newPage();
  seen = meter(page);
  await page.goto(`${server.origin}/search/`);
  await page.locator('#search-input').pressSequentially(word, { delay: 150 });
  await page.waitForFunction((w) => document.getElementById('search-status').textContent.includes(`'${w}'`), word);
  await settle(seen);
  const typed = { bytes: seen.reduce((a, s) => a + s.bytes, 0), requests: seen.length };
  await context.close();
  results.push({
    word, count, pasted, typed,
    cold_ms: cold.map((t) => t.shown), cold_full_ms: cold.map((t) => t.full),
    warm_ms: warm.map((t) => t.shown), warm_full_ms: warm.map((t) => t.full),
  });
}
await browser.close();
await server.close();
console.log(JSON.stringify(results));
