// Search on sites published under a base path (issue 15): a trust's fork
// and a site with two editions, each built by canteen with
// `--base-url http://127.0.0.1:PORT/socialmedia/` and served from that
// folder, as nhsemployers.org/socialmedia/ is. The page's script must fetch
// the index, chunks and fragments under the base path, and its results
// must link there:
// - tests/fixtures/fork: a trust's own pages (local/content/) are found
//   and open; the upstream page it hides (local/hide.toml) is not found;
// - tests/browser/fixtures/editions: the 2013 edition's own page is found
//   in a search of 2013 or of all editions, and not in the current one.
// Both need the canteen binary (env CANTEEN_BIN, else `cargo build` is run).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_TIMEOUT, launchBrowser, newLocalContext, watchPage } from './lib/browser.mjs';
import { canteenBin, freePort } from './lib/canteen.mjs';
import { problemsMessage, runtimeProblems } from './lib/checks.mjs';
import { searchFor as search } from './lib/search.mjs';
import { startServer } from './lib/server.mjs';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const BASE = '/socialmedia/';

/**
 * Builds a copy of the site at `fixture` under BASE into a temporary folder
 * and serves it; resolves to { origin, browser, close() }.
 */
async function publishUnderBase(fixture) {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'canteen-search-base-'));
  const root = path.join(tmp, 'root');
  fs.cpSync(fixture, root, { recursive: true });
  const served = path.join(tmp, 'served');
  const built = spawnSync(
    canteenBin(),
    ['build', '--quiet', '--root', root, '--output', path.join(served, BASE), '--base-url', `http://127.0.0.1:${port}${BASE}`],
    { encoding: 'utf8' },
  );
  if (built.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`canteen build of ${fixture} failed (exit ${built.status}):\n${built.stdout}\n${built.stderr}`);
  }
  const server = await startServer(served, { port });
  const browser = await launchBrowser();
  return {
    origin: server.origin,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Publishes `fixture` under BASE and opens its search page in a watched
 * page; resolves to { site, context, page, log }.
 */
async function openSearchPage(fixture) {
  const site = await publishUnderBase(fixture);
  const context = await newLocalContext(site);
  const page = await context.newPage();
  const log = watchPage(page, site.origin);
  await page.goto(`${site.origin}${BASE}search/`);
  return { site, context, page, log };
}

/** Follows `href` from the results; the h1 of the page it opens. */
async function follow(page, href) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === href.split('#')[0]),
    page.click(`#search-results a[href="${href}"]`),
  ]);
  return page.evaluate(() => document.querySelector('h1')?.textContent.trim());
}

describe(`search under a base path (${BASE})`, { timeout: 4 * PAGE_TIMEOUT }, () => {
  describe('a trust\'s fork (tests/fixtures/fork)', () => {
    let site;
    let context;
    let page;
    let log;
    before(async () => {
      ({ site, context, page, log } = await openSearchPage(path.join(REPO_ROOT, 'tests', 'fixtures', 'fork')));
    });
    after(() => site?.close());

    it('the box in the header leads to the search page under the base path', async () => {
      const action = await page.getAttribute('form[role="search"]', 'action');
      assert.equal(new URL(action, page.url()).pathname, `${BASE}search/`);
    });

    it('a trust\'s own page is found under the base path, and opens', async () => {
      const results = await search(page, 'communications team');
      assert.equal(results[0]?.title, 'Communications team', JSON.stringify(results));
      assert.ok(results.every((r) => r.href.startsWith(BASE)), JSON.stringify(results));
      assert.equal(await follow(page, results[0].href), 'Communications team');
      await page.goBack();
      const policy = await search(page, 'policy');
      assert.ok(policy.some((r) => r.title === 'Our social media policy'), JSON.stringify(policy));
    });

    it('the upstream page the trust hides is not found', async () => {
      const results = await search(page, 'myspace');
      assert.deepEqual(results, []);
      assert.equal(await page.textContent('#search-status'), "No results for 'myspace'");
    });

    it('nothing failed: every index file came from under the base path', () => {
      const problems = runtimeProblems(context, log);
      assert.deepEqual(problems, [], problemsMessage(`${site.origin}${BASE}search/`, problems));
    });
  });

  describe('two editions (tests/browser/fixtures/editions)', () => {
    let site;
    let context;
    let page;
    let log;
    before(async () => {
      ({ site, context, page, log } = await openSearchPage(path.join(REPO_ROOT, 'tests', 'browser', 'fixtures', 'editions')));
    });
    after(() => site?.close());

    it('a page only in 2013 is not in the current edition\'s results', async () => {
      assert.deepEqual(await search(page, 'vetting'), []);
    });

    it('a search of 2013 finds it under the base path, and it opens', async () => {
      const results = await search(page, 'vetting', '2013');
      assert.deepEqual(results.map((r) => r.href), [`${BASE}2013/guide/retired/`]);
      assert.equal(await follow(page, results[0].href), 'Vetting candidates');
      await page.goBack();
    });

    it('a search of all editions finds it, and ranks the current copy of a page in both first', async () => {
      const retired = await search(page, 'vetting', 'all');
      assert.deepEqual(retired.map((r) => r.href), [`${BASE}2013/guide/retired/`]);
      const kept = await search(page, 'review', 'all');
      const hrefs = kept.map((r) => r.href);
      const current = hrefs.indexOf(`${BASE}guide/kept/`);
      const older = hrefs.indexOf(`${BASE}2013/guide/kept/`);
      assert.ok(current !== -1 && older !== -1 && current < older, JSON.stringify(hrefs));
    });

    it('the search page of 2013 is under the base path and searches 2013 by default', async () => {
      await page.goto(`${site.origin}${BASE}2013/search/`);
      const results = await search(page, 'vetting');
      assert.deepEqual(results.map((r) => r.href), [`${BASE}2013/guide/retired/`]);
    });

    it('nothing failed: every index file came from under the base path', () => {
      const problems = runtimeProblems(context, log);
      assert.deepEqual(problems, [], problemsMessage(`${site.origin}${BASE}search/`, problems));
    });
  });
});
