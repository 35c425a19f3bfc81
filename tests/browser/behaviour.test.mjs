// On every page (at 1280×800, light scheme, JavaScript on), under the strict
// Content-Security-Policy the test server sends:
// - the first Tab focuses the skip link, and Enter on it moves focus to main;
// - no console error (the browser reports CSP violations there), no uncaught exception;
// - no request leaves 127.0.0.1 and no request fails or gets an error status;
// - no inline script, <style>, style attribute or event-handler attribute;
// - every local link and resource points at a file of the site.
// And a URL that does not exist gets the site's 404 page, with its styles.

import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CONCURRENCY,
  PAGE_TIMEOUT,
  failure,
  newLocalContext,
  siteFixture,
  watchPage,
} from './lib/browser.mjs';
import {
  checkLocalLinks,
  checkNoInlineCode,
  checkSkipLink,
  problemsMessage,
  runtimeProblems,
} from './lib/checks.mjs';

const fx = siteFixture();
const siteRoot = fs.realpathSync(fx.dir);

/** Open `path` in a fresh context; returns { page, context, log, response }. */
async function open(path) {
  const context = await newLocalContext(fx, { viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  const log = watchPage(page, fx.origin);
  const response = await page.goto(fx.url(path), { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  return { page, context, log, response };
}

describe(`page behaviour (${fx.pages.length} pages)`, { concurrency: CONCURRENCY }, () => {
  before(() => fx.start());
  after(() => fx.stop());

  for (const p of fx.pages) {
    it(p, { timeout: PAGE_TIMEOUT }, async () => {
      const { page, context, log, response } = await open(p);
      try {
        const problems = [];
        if (!response || response.status() >= 400) problems.push(`the page answered ${response?.status()}`);
        problems.push(...(await checkSkipLink(page)));
        problems.push(...(await checkNoInlineCode(page)));
        problems.push(...(await checkLocalLinks(page, siteRoot, fx.origin)));
        problems.push(...runtimeProblems(context, log));
        if (problems.length) throw failure(problemsMessage(`${fx.url(p)} [1280x800 light]`, problems));
      } finally {
        await context.close();
      }
    });
  }

  it('a URL that does not exist gets the 404 page, styled, with status 404', { timeout: PAGE_TIMEOUT }, async () => {
    const missing = '/canteen-browser-test-missing/deeper/page/';
    const { page, context, log, response } = await open(missing);
    try {
      const problems = [];
      if (response?.status() !== 404) problems.push(`status is ${response?.status()}, not 404`);
      const h1 = page.locator('h1').first();
      if (!(await h1.isVisible())) problems.push('no visible h1');
      const sheets = await page.evaluate(() => document.styleSheets.length);
      const linked = await page.evaluate(() => document.querySelectorAll('link[rel~="stylesheet"]').length);
      if (sheets < linked) problems.push(`${linked - sheets} stylesheet(s) did not load (relative URL in 404.html?)`);
      problems.push(...(await checkLocalLinks(page, siteRoot, fx.origin)));
      problems.push(...runtimeProblems(context, log, { ignoreDocument: fx.url(missing) }));
      if (problems.length) throw failure(problemsMessage(fx.url(missing), problems));
    } finally {
      await context.close();
    }
  });
});
