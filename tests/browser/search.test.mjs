// Site search on the toolkit (issue 15): the search page's live search over
// the index canteen builds, keyboard only, the live region, other editions,
// axe with results showing, and the A to Z list without JavaScript.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMES, VIEWPORTS, failure, formatAxeViolations, newLocalContext, runAxe, siteFixture, watchPage } from './lib/browser.mjs';
import { searchFor } from './lib/search.mjs';

const fx = siteFixture();
let context;
let page;
let log;

function search(text, edition) {
  return searchFor(page, text, edition);
}

describe('search', () => {
  before(async () => {
    await fx.start();
    context = await newLocalContext(fx, { axe: true });
    page = await context.newPage();
    log = watchPage(page, fx.origin);
    await page.goto(fx.url('/search/'));
  });
  after(() => fx.stop());

  it('"facebook" lists the Facebook page first, its excerpt marked, with its section and edition', async () => {
    const results = await search('facebook');
    assert.ok(results.length > 1, JSON.stringify(results));
    assert.equal(results[0].title, 'Facebook');
    assert.match(results[0].href, /platforms\/facebook\//);
    assert.ok(results[0].marks.some((m) => /facebook/i.test(m)), JSON.stringify(results[0]));
    assert.match(results[0].text, /Social media platforms|November 2014 edition/);
  });

  it('the 2013 edition finds 2013 pages; the live region announces the count', async () => {
    const results = await search('professional bodies', '2013');
    const status = await page.textContent('#search-status');
    assert.equal(status, `${results.length} result${results.length === 1 ? '' : 's'} for 'professional bodies'`);
    assert.equal(await page.getAttribute('#search-status', 'aria-live'), 'polite');
    assert.equal(results[0]?.title, 'Guidance from professional bodies', JSON.stringify(results.slice(0, 3)));
    assert.ok(results.every((r) => r.href.startsWith('/2013/')), 'a 2013 search gives 2013 pages');
    assert.ok(results.every((r) => r.text.includes('November 2013 edition')));
  });

  it('"friend request" in the 2013 edition finds the page whose template draws it from a data record', async () => {
    // The words are in editions/2013/data/professional-bodies.toml (the
    // BMA's guidance), drawn by professional-bodies.html, not in Markdown.
    const results = await search('friend request', '2013');
    assert.equal(results[0]?.title, 'Guidance from professional bodies', JSON.stringify(results.slice(0, 3)));
    assert.match(results[0].href, /^\/2013\/professional-guidance\//);
    assert.ok(results[0].marks.some((m) => /^friend/i.test(m)), JSON.stringify(results[0]));
  });

  it('a question typed as it is asked finds its page; where no page has every word, the pages with the most of them, and the status says so', async () => {
    const asked = await search("can I accept a patient's friend request", '2013');
    assert.equal(asked[0]?.title, 'Guidance from professional bodies', JSON.stringify(asked.slice(0, 3)));
    // No page has "zzzq": the page with both other words comes first.
    const some = await search('friend request zzzq', '2013');
    assert.equal(await page.textContent('#search-status'), `No page has all the words of 'friend request zzzq'. Pages with some of them: ${some.length}`);
    assert.equal(some[0]?.title, 'Guidance from professional bodies', JSON.stringify(some.slice(0, 3)));
    assert.ok(some.length > 1 && some[0].marks.some((m) => /^friend/i.test(m)), JSON.stringify(some.slice(0, 3)));
    // A page with every word, in any chosen edition, keeps the others out.
    const full = await search('friend request', 'all');
    assert.equal(await page.textContent('#search-status'), "1 result for 'friend request' in all editions");
    assert.deepEqual(full.map((r) => r.title), ['Guidance from professional bodies']);
  });

  it('"X" and "twitter" both find the X (Twitter) page first', async () => {
    for (const q of ['X', 'twitter']) {
      const results = await search(q, '2014');
      assert.equal(results[0]?.title, 'X (formerly Twitter)', `${q}: ${JSON.stringify(results.slice(0, 3))}`);
    }
  });

  it('"posting" meets "posts" and "post" (English stemming)', async () => {
    const results = await search('posting');
    assert.ok(results.length > 3);
    assert.ok(results.some((r) => r.marks.some((m) => /^posts?\b/i.test(m))), JSON.stringify(results.slice(0, 3)));
  });

  it('all editions: the current copy of a page ranks above its older copy', async () => {
    const results = await search('affects hr', 'all');
    const current = results.findIndex((r) => /\/hr-guide\/impact-on-hr\//.test(r.href) && !r.href.includes('/2013/'));
    const older = results.findIndex((r) => r.href.includes('/2013/hr-guide/impact-on-hr/'));
    assert.ok(current >= 0 && older >= 0, JSON.stringify(results.map((r) => r.href)));
    assert.ok(current < older, JSON.stringify(results.map((r) => r.href)));
  });

  it('the best result\'s text is asked for alone and shown first, with the count; the other nine once it has come, the list busy until the last, then the address keeps the query; Show more adds the next', async () => {
    await page.goto(fx.url('/search/'));
    // Each result's text is fetched on its own: hold them all.
    const held = [];
    await page.route('**/search/p/*.json', (route) => { held.push(route); });
    const waitFor = async (n) => {
      const deadline = Date.now() + 10_000;
      while (held.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await page.fill('#search-input', 'social');
      await waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(held.length, 1, 'the best result\'s text is asked for alone');
      assert.equal(await page.locator('#search-results > li').count(), 0, 'none shown before the best');
      assert.equal(await page.textContent('#search-status'), '');
      assert.equal(await page.getAttribute('#search-results', 'aria-busy'), 'true');
      assert.equal(await page.evaluate(() => location.search), '', 'the address is written once the results are shown');
      await held[0].continue();
      await page.waitForFunction(() => document.getElementById('search-status').textContent.includes("'social'"));
      await waitFor(10);
      assert.equal(held.length, 10, 'the other nine are asked for once the best has come');
      assert.equal(await page.locator('#search-results > li').count(), 1, 'the best is shown while the others are on their way');
      assert.equal(await page.getAttribute('#search-results', 'aria-busy'), 'true');
      await Promise.all(held.slice(1).map((r) => r.continue()));
      await page.waitForFunction(() => !document.getElementById('search-results').hasAttribute('aria-busy'));
      await page.waitForFunction(() => location.search === '?q=social');
    } finally {
      await page.unroute('**/search/p/*.json');
    }
    const status = await page.textContent('#search-status');
    const total = Number(status.match(/^(\d+) results/)?.[1]);
    assert.ok(total > 10, status);
    assert.equal(await page.locator('#search-results > li').count(), 10);
    const firstTen = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
    await page.click('.search__more');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#search-results > li').length === n &&
        !document.getElementById('search-results').hasAttribute('aria-busy'),
      Math.min(20, total),
    );
    const links = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.slice(0, 10), firstTen, 'the first ten stay where they were');
    assert.equal(new Set(links).size, links.length, 'no result twice');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), links[10], 'focus on the first new result');
    // The address kept the query: a reload searches again.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('search-status').textContent.includes("'social'"));
    assert.equal(await page.inputValue('#search-input'), 'social');
  });

  it('axe finds nothing with results showing, at both widths, light and dark', async () => {
    await search('facebook', '2014');
    for (const viewport of VIEWPORTS) {
      for (const colorScheme of SCHEMES) {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        const { violations } = await runAxe(page, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
        if (violations.length) throw failure(formatAxeViolations(violations, `/search/ ${viewport.width} ${colorScheme}`));
      }
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no sideways scrolling at 1280 px');
  });

  it('with results showing, the A to Z list is out of sight, the tab order and the accessibility tree; an empty box brings it back', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await page.goto(fx.url('/search/'));
    // Chromium's own accessibility tree, as a screen reader gets it.
    const aToZ = async () => {
      const cdp = await context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      await cdp.detach();
      return nodes.filter((n) => !n.ignored && n.role?.value === 'heading' && n.name?.value === 'All pages A to Z').length;
    };
    assert.equal(await aToZ(), 1, 'the A to Z list is there before a search');
    await search('facebook');
    assert.equal(await aToZ(), 0, 'put away while results show');
    const box = await page.locator('#a-to-z').boundingBox();
    assert.ok(box.height < 1, `takes no room: ${box.height} px`);
    await page.locator('#search-results a').last().focus();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.getElementById('a-to-z').contains(document.activeElement)), false, 'Tab never lands in it');
    }
    await page.fill('#search-input', '');
    await page.waitForFunction(() => document.getElementById('search-status').textContent === '');
    assert.equal(await aToZ(), 1, 'back when the box is emptied');
    assert.ok((await page.locator('#a-to-z').boundingBox()).height > 100);
  });

  it('keyboard only: Tab to the box, type, arrow to a result, Enter opens it; Enter in the box opens the first', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await page.goto(fx.url('/platforms/'));
    // From the top of a page: the skip link, the home link, then the header's box.
    let steps = 0;
    while (!(await page.evaluate(() => document.activeElement?.id === 'site-search-input')) && steps++ < 5) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-input');
    await page.keyboard.type('linkedin');
    await Promise.all([page.waitForURL(/\/search\/\?q=linkedin/), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.getElementById('search-status').textContent.includes("'linkedin'"));
    await page.waitForFunction(() => !document.getElementById('search-results').hasAttribute('aria-busy'));
    await page.focus('#search-input');
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(first, 'LinkedIn');
    await Promise.all([page.waitForURL(/platforms\/linkedin\//), page.keyboard.press('Enter')]);
    await page.goto(fx.url('/search/'));
    await page.focus('#search-input');
    await page.keyboard.type('youtube');
    await Promise.all([page.waitForURL(/platforms\/youtube\//), page.keyboard.press('Enter')]);
  });

  it('nothing failed: no console errors (CSP), no failed requests', () => {
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.failedRequests, []);
    assert.deepEqual(context.externalRequests, []);
  });

  it('without JavaScript, /search/ lists every page of the edition A to Z', async () => {
    const nojs = await fx.browser.newContext({ javaScriptEnabled: false });
    try {
      const p = await nojs.newPage();
      for (const [prefix, sitemapPages] of [['/', currentPages()], ['/2013/', null]]) {
        await p.goto(fx.url(`${prefix}search/`));
        assert.equal(await p.isVisible('#search-input'), false, 'the live search needs the script');
        const links = await p.$$eval('.a-to-z__pages a', (as) => as.map((a) => new URL(a.href).pathname));
        const titles = await p.$$eval('.a-to-z__pages a', (as) => as.map((a) => a.textContent.toLowerCase()));
        const unsorted = titles.findIndex((t, i) => i > 0 && titles[i - 1] > t);
        assert.equal(unsorted, -1, `A to Z order: ${titles[unsorted - 1]} before ${titles[unsorted]}`);
        assert.ok(links.every((l) => l.startsWith(prefix)));
        if (sitemapPages) assert.deepEqual([...links].sort(), sitemapPages);
        else assert.ok(links.length > 20);
      }
    } finally {
      await nojs.close();
    }
  });
});

// Every page of the current edition, from the sitemap.
function currentPages() {
  const xml = fs.readFileSync(path.join(fx.dir, 'sitemap.xml'), 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname).sort();
}
