// With JavaScript disabled, every page still loads, shows its h1 and keeps a
// working skip link: the site needs no JavaScript to read or navigate.

import { after, before, describe, it } from 'node:test';
import { CONCURRENCY, PAGE_TIMEOUT, failure, newLocalContext, siteFixture, watchPage } from './lib/browser.mjs';
import { checkSkipLink, problemsMessage, runtimeProblems } from './lib/checks.mjs';

const fx = siteFixture();
let context;

describe(`JavaScript disabled (${fx.pages.length} pages)`, { concurrency: CONCURRENCY }, () => {
  before(async () => {
    await fx.start();
    context = await newLocalContext(fx, {
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
      colorScheme: 'light',
    });
  });
  after(() => fx.stop());

  for (const p of fx.pages) {
    it(p, { timeout: PAGE_TIMEOUT }, async () => {
      const page = await context.newPage();
      const log = watchPage(page, fx.origin);
      try {
        const problems = [];
        const response = await page.goto(fx.url(p), { waitUntil: 'load' });
        if (!response || response.status() >= 400) problems.push(`the page answered ${response?.status()}`);
        const h1s = page.locator('h1');
        const count = await h1s.count();
        if (count === 0) problems.push('the page has no h1');
        else if (!(await h1s.first().isVisible())) problems.push('the h1 is not visible');
        problems.push(...(await checkSkipLink(page)));
        problems.push(...runtimeProblems({}, log));
        if (problems.length) throw failure(problemsMessage(`${fx.url(p)} [JavaScript disabled, 320x640]`, problems));
      } finally {
        await page.close();
      }
    });
  }
});
