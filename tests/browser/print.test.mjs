// The print page (/print/): axe-clean; every page of the current edition
// (sitemap.xml) present once, in navigation order (each page after its
// section, depth first); every link inside the document resolves in it, and
// no link between printed pages leaves it; a screenshot with print media
// emulation into screenshots/print.png for people to look at.

import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PAGE_TIMEOUT, failure, formatAxeViolations, newLocalContext, runAxe, siteFixture } from './lib/browser.mjs';
import { HERE } from './lib/site.mjs';

const fx = siteFixture();
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

describe('the print page', () => {
  let context;
  let page;
  before(async () => {
    await fx.start();
    context = await newLocalContext(fx, { viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
    const res = await page.goto(fx.url('/print/'), { waitUntil: 'load' });
    if (!res || res.status() !== 200) throw failure(`/print/ answered ${res?.status()}`);
  });
  after(() => fx.stop());

  it('has no axe violations', { timeout: PAGE_TIMEOUT }, async () => {
    const { violations } = await runAxe(page, TAGS);
    if (violations.length) throw failure(formatAxeViolations(violations, '/print/'));
  });

  it('has every page of the edition once, in navigation order', { timeout: PAGE_TIMEOUT }, async () => {
    const sitemap = fs.readFileSync(path.join(fx.dir, 'sitemap.xml'), 'utf8');
    const expected = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
    const printed = await page.$$eval('section.print-page', (sections) =>
      sections.map((s) => s.querySelector('.print-page__address a').getAttribute('href')),
    );
    const depths = await page.$$eval('.print-contents__item', (items) =>
      items.map((li) => Number(/depth-(\d)/.exec(li.className)[1])),
    );
    const problems = [];
    const seen = new Set();
    for (const url of printed) {
      if (seen.has(url)) problems.push(`${url} is printed twice`);
      seen.add(url);
    }
    for (const url of expected) if (!seen.has(url)) problems.push(`${url} (in the sitemap) is not printed`);
    for (const url of seen) if (!expected.includes(url)) problems.push(`${url} is printed but not in the sitemap`);
    if (printed[0] !== new URL(fx.url('/')).pathname) problems.push(`the home page is not first: ${printed[0]}`);
    // Depth first: a page's nearest shallower predecessor is its section.
    for (let i = 1; i < printed.length; i++) {
      let j = i - 1;
      while (j > 0 && Math.min(depths[j], 3) >= Math.min(depths[i], 3)) j--;
      if (depths[i] <= 3 && !printed[i].startsWith(printed[j])) {
        problems.push(`${printed[i]} comes after ${printed[j]}, which is not its section`);
      }
    }
    if (problems.length) throw failure(problems.join('\n'));
  });

  it('keeps links between printed pages inside the document', { timeout: PAGE_TIMEOUT }, async () => {
    const problems = await page.$$eval('section.print-page .prose a[href]', (links) => {
      const printed = new Set(
        [...document.querySelectorAll('.print-page__address a')].map((a) => new URL(a.href).pathname),
      );
      const out = [];
      for (const a of links) {
        const href = a.getAttribute('href');
        if (href.startsWith('#')) {
          if (!document.getElementById(decodeURIComponent(href.slice(1)))) out.push(`${href} leads nowhere in the document`);
        } else {
          const url = new URL(a.href);
          if (url.origin === location.origin && printed.has(url.pathname)) {
            out.push(`${href} leads to a printed page outside the document`);
          }
        }
      }
      return out;
    });
    const toc = await page.$$eval('.print-contents a', (links) =>
      links.filter((a) => !document.getElementById(a.getAttribute('href').slice(1))).map((a) => a.getAttribute('href')),
    );
    const all = [...problems, ...toc.map((h) => `contents link ${h} leads nowhere`)];
    if (all.length) throw failure(all.join('\n'));
  });

  it('prints: a screenshot with print media', { timeout: PAGE_TIMEOUT }, async () => {
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.$eval('.site-footer__links', (el) => getComputedStyle(el).display === 'none');
    const breaks = await page.$eval('section.print-page', (el) => getComputedStyle(el).breakBefore);
    const out = path.join(HERE, 'screenshots');
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, 'print.png');
    await page.screenshot({ path: file, fullPage: false });
    console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
    if (!hidden) throw failure('the footer links still show in print');
    if (breaks !== 'page') throw failure(`each printed page should start on a new sheet (break-before: ${breaks})`);
  });
});
