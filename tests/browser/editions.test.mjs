// Editions in a browser, with JavaScript disabled (the banner, the switcher
// and the redirects must work without it):
// - the page list covers every earlier edition's pages, not only the sitemap;
// - an earlier edition's page shows the "Older edition" banner, whose link
//   goes to the same page in the current edition (status 200);
// - the edition switcher opens from the keyboard (Tab to its summary, Enter),
//   its controls are at least 24×24 CSS px, it fits 320 px, and its links go
//   to the same page in the other edition, both ways;
// - a page that is not in an edition links to its nearest section there;
// - the current edition's /2014/… addresses redirect to /… (meta refresh);
// - the "what changed" page lists the changes, and its links work;
// - a changed page shows <ins>/<del> that say "Added:" and "Removed:" to
//   screen readers, underlined and struck through (not colour alone);
// - canonical and og:url follow the engine's `canonical`;
// - axe finds nothing with every <details> open, light and dark, 320 and 1280.
// The URLs below come from content/ and editions/2013/content/: a page that
// is missing fails its test, nothing is skipped. The repository's site has
// no page that is only in the 2013 edition, so that case is tested on
// fixtures/editions, built here with themes/nhs (needs the canteen binary:
// env CANTEEN_BIN, else `cargo build` is run).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  PAGE_TIMEOUT,
  SCHEMES,
  VIEWPORTS,
  failure,
  formatAxeViolations,
  launchBrowser,
  newLocalContext,
  runAxe,
  siteFixture,
  watchPage,
} from './lib/browser.mjs';
import { problemsMessage, runtimeProblems } from './lib/checks.mjs';
import { canteenBin, freePort } from './lib/canteen.mjs';
import { startServer } from './lib/server.mjs';
import { HERE, REPO_ROOT, fileForPage, isRedirectFile, pagePaths } from './lib/site.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const CURRENT = 'November 2014 edition';
const OLD = 'November 2013 edition';
// The current edition of fixtures/editions (its site.toml), not of the repository's site.
const FIXTURE_CURRENT = 'March 2014 edition';

// The repository's site (content/ is the November 2014 edition, editions/2013/content/ the November 2013 one).
const SITE = {
  // In both editions, at the same address.
  both: { current: '/hr-guide/common-sense/', old: '/2013/hr-guide/common-sense/', title: 'The need for common sense' },
  // A section in both editions.
  section: { current: '/hr-guide/', old: '/2013/hr-guide/' },
  // Only in the current edition: its nearest section in 2013 is the 2013 home page.
  currentOnly: { current: '/new-to-the-nhs/first-steps/', nearestOld: '/2013/' },
  // The current edition's own /2014/… addresses.
  redirects: [
    ['/2014/', '/'],
    ['/2014/hr-guide/', '/hr-guide/'],
    ['/2014/hr-guide/common-sense/', '/hr-guide/common-sense/'],
  ],
  whatChanged: '/what-changed/',
  // Changed between the editions (editions/2013/content/professional-guidance.md has other words).
  changed: { current: '/professional-guidance/', old: '/2013/professional-guidance/' },
};

// fixtures/editions: a page only in 2013, one only in 2014, one changed.
const FIXTURE = {
  dir: path.join(HERE, 'fixtures', 'editions'),
  retired: { old: '/2013/guide/retired/', nearestCurrent: '/guide/', nearestTitle: 'Guide' },
  added: { current: '/guide/added/', nearestOld: '/2013/guide/' },
  kept: { current: '/guide/kept/', old: '/2013/guide/kept/' },
};

// --- helpers ----------------------------------------------------------------

/** The URL path a Markdown file of a content folder is published at, under `prefix` ('/2013/'). */
function urlOfContentFile(rel, prefix) {
  const noExt = rel.replace(/\\/g, '/').replace(/\.md$/, '');
  if (noExt === '_index') return prefix;
  if (noExt.endsWith('/_index')) return prefix + noExt.slice(0, -'/_index'.length) + '/';
  return prefix + noExt + '/';
}

function markdownFiles(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.name.endsWith('.md')) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Opens `p` in a new page of `context`; fails unless it answers 200. */
async function open(context, origin, p) {
  const page = await context.newPage();
  const log = watchPage(page, origin);
  const response = await page.goto(origin + p, { waitUntil: 'load' });
  if (!response || response.status() !== 200) {
    await page.close();
    throw failure(`${origin}${p} answered ${response?.status()} (is it in the built site?)`);
  }
  return { page, log };
}

/** The edition switcher's entries as a reader sees them. */
function switcherEntries(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('nav.edition-switcher li')].map((li) => {
      const a = li.querySelector('a');
      return {
        href: a?.getAttribute('href') ?? null,
        linkText: (a?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        text: li.textContent.replace(/\s+/g, ' ').trim(),
        current: a?.getAttribute('aria-current') ?? null,
      };
    }),
  );
}

/** The banner's text and link, or null when the page has none. */
function banner(page) {
  return page.evaluate(() => {
    const b = document.querySelector('.edition-banner');
    if (!b) return null;
    const a = b.querySelector('a[href]');
    const r = b.getBoundingClientRect();
    return {
      text: b.textContent.replace(/\s+/g, ' ').trim(),
      href: a?.getAttribute('href') ?? null,
      linkText: (a?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      visible: r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden',
      beforeBreadcrumbs: (() => {
        const crumbs = document.querySelector('.breadcrumb');
        return !crumbs || !!(b.compareDocumentPosition(crumbs) & Node.DOCUMENT_POSITION_FOLLOWING);
      })(),
    };
  });
}

/** What has focus, in a few words. */
function active(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { what: 'body' };
    return {
      what: `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> ${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60)}`,
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      inSwitcher: !!el.closest('nav.edition-switcher'),
      isSummary: el.tagName === 'SUMMARY',
      background: getComputedStyle(el).backgroundColor,
    };
  });
}

/** Presses Tab until `test(active)` holds (at most `max` times); returns the focused element's description. */
async function tabTo(page, test, what, max = 40) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const a = await active(page);
    seen.push(a.what);
    if (test(a)) return a;
  }
  throw failure(`${max} presses of Tab never reached ${what}; focus went to:\n  ${seen.join('\n  ')}`);
}

/** Size of the element matching `selector` (CSS px), and whether it overflows the viewport. */
function box(page, selector) {
  return page.evaluate((sel) => {
    return [...document.querySelectorAll(sel)].map((el) => {
      const r = el.getBoundingClientRect();
      return { width: r.width, height: r.height, right: r.right, text: el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60) };
    });
  }, selector);
}

/**
 * Opens the switcher with the keyboard on `from` (JavaScript off) and follows
 * its link to `to`, also by keyboard; checks focus styles, target sizes and
 * that nothing overflows the viewport on the way.
 */
async function switchByKeyboard(context, origin, from, to) {
  const { page, log } = await open(context, origin, from);
  try {
    const problems = [];
    const summary = await tabTo(page, (a) => a.isSummary && a.inSwitcher, 'the edition switcher summary');
    if (summary.background === 'rgba(0, 0, 0, 0)' || summary.background === 'transparent') {
      problems.push('the focused switcher summary has no focus highlight (transparent background)');
    }
    const open1 = await page.evaluate(() => document.querySelector('nav.edition-switcher details')?.open);
    if (open1) problems.push('the switcher is open before Enter');
    await page.keyboard.press('Enter');
    const open2 = await page.evaluate(() => document.querySelector('nav.edition-switcher details')?.open);
    if (!open2) problems.push('Enter on the summary did not open the switcher');
    const viewport = page.viewportSize();
    for (const [sel, name] of [
      ['nav.edition-switcher summary', 'summary'],
      ['nav.edition-switcher a', 'link'],
    ]) {
      for (const b of await box(page, sel)) {
        if (b.width < 24 || b.height < 24) {
          problems.push(`switcher ${name} "${b.text}" is ${b.width.toFixed(1)}×${b.height.toFixed(1)} px, under 24×24 (WCAG 2.5.8)`);
        }
        if (b.right > viewport.width + 0.5) problems.push(`switcher ${name} "${b.text}" runs off the ${viewport.width} px viewport`);
      }
    }
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > viewport.width) problems.push(`the page scrolls sideways at ${viewport.width} px (${scrollWidth} px wide)`);
    const link = await tabTo(page, (a) => a.inSwitcher && a.tag === 'a' && a.href === to, `the switcher link to ${to}`, 6);
    if (link.background === 'rgba(0, 0, 0, 0)' || link.background === 'transparent') {
      problems.push(`the focused switcher link to ${to} has no focus highlight`);
    }
    await Promise.all([page.waitForURL(origin + to, { timeout: 10_000 }), page.keyboard.press('Enter')]).catch((e) =>
      problems.push(`Enter on the switcher link did not go to ${to}: ${e.message.split('\n')[0]}`),
    );
    problems.push(...runtimeProblems({}, log));
    if (problems.length) throw failure(problemsMessage(`${origin}${from} → ${to} [JavaScript disabled]`, problems));
  } finally {
    await page.close();
  }
}

/** axe with every <details> open (the closed parts are not checked otherwise). */
async function axeOpen(context, origin, p, where) {
  const { page } = await open(context, origin, p);
  try {
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    const { violations } = await runAxe(page, AXE_TAGS);
    if (violations.length) throw failure(formatAxeViolations(violations, `${origin}${p} [${where}, every <details> open]`));
  } finally {
    await page.close();
  }
}

/** Checks the word-by-word changes of a page (the details opened by keyboard). */
async function checkChanges(context, origin, p, { oldUrl, whatChanged }) {
  const { page } = await open(context, origin, p);
  try {
    const problems = [];
    const section = page.locator('.page-changes');
    if ((await section.count()) !== 1) throw failure(`${origin}${p} has ${await section.count()} .page-changes blocks, not 1`);
    const heading = (await section.locator('h2').first().textContent())?.trim();
    if (heading !== `What changed since the ${OLD}`) problems.push(`the changes heading is "${heading}"`);
    const summaryText = (await section.locator('.page-changes__summary').textContent()).replace(/\s+/g, ' ');
    if (!/\d+ words? added, \d+ removed/.test(summaryText)) problems.push(`no "N words added, M removed" in "${summaryText}"`);
    const hrefs = await section.locator('.page-changes__summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    if (oldUrl && !hrefs.includes(oldUrl)) problems.push(`no link to the old page ${oldUrl} (links: ${hrefs.join(', ')})`);
    if (whatChanged && !hrefs.includes(whatChanged)) problems.push(`no link to ${whatChanged} (links: ${hrefs.join(', ')})`);
    const diff = section.locator('details .what-changed__text');
    if ((await diff.count()) !== 1) throw failure(problemsMessage(`${origin}${p}`, [...problems, 'no .what-changed__text inside a <details>']));
    if (await diff.isVisible()) problems.push('the word-by-word changes show before the details are opened');
    await section.locator('details > summary').focus();
    await page.keyboard.press('Enter');
    if (!(await diff.isVisible())) problems.push('Enter on "Show the changes word by word" did not show the changes');
    const marks = await diff.evaluate((root) => {
      const one = (el, kind) => {
        const hidden = el.firstElementChild;
        const hs = hidden ? getComputedStyle(hidden) : null;
        const r = hidden?.getBoundingClientRect();
        return {
          kind,
          text: el.textContent,
          hiddenText: hidden?.textContent ?? null,
          hiddenClass: hidden?.className ?? null,
          hiddenIsClipped: !!r && r.width <= 1 && r.height <= 1 && hs.position === 'absolute',
          decoration: getComputedStyle(el).textDecorationLine,
        };
      };
      return [...root.querySelectorAll('ins')].map((e) => one(e, 'ins')).concat([...root.querySelectorAll('del')].map((e) => one(e, 'del')));
    });
    const ins = marks.filter((m) => m.kind === 'ins');
    const del = marks.filter((m) => m.kind === 'del');
    if (ins.length === 0 && del.length === 0) problems.push('the changes have no <ins> and no <del>');
    for (const m of marks) {
      const word = m.kind === 'ins' ? 'Added: ' : 'Removed: ';
      const line = m.kind === 'ins' ? 'underline' : 'line-through';
      if (!m.text.startsWith(word)) problems.push(`<${m.kind}> text "${m.text.slice(0, 40)}" does not start with "${word}"`);
      if (m.hiddenClass !== 'visually-hidden' || m.hiddenText !== word) {
        problems.push(`<${m.kind}> does not start with <span class="visually-hidden">${word}</span>`);
      } else if (!m.hiddenIsClipped) problems.push(`<${m.kind}>'s "${word}" is visible on screen (.visually-hidden is not styled)`);
      if (!m.decoration.includes(line)) problems.push(`<${m.kind}> "${m.text.slice(0, 40)}" has text-decoration "${m.decoration}", not ${line}`);
    }
    // What a screen reader gets: the accessibility tree keeps the hidden words.
    const tree = await diff.ariaSnapshot();
    if (ins.length && !tree.includes('Added:')) problems.push(`the accessibility tree of the changes has no "Added:":\n${tree.slice(0, 400)}`);
    if (del.length && !tree.includes('Removed:')) problems.push(`the accessibility tree of the changes has no "Removed:":\n${tree.slice(0, 400)}`);
    if (problems.length) throw failure(problemsMessage(`${origin}${p} [JavaScript disabled]`, counted(problems)));
    return { ins: ins.length, del: del.length };
  } finally {
    await page.close();
  }
}

/** Each problem once, with how many times it happened. */
function counted(problems) {
  const n = new Map();
  for (const p of problems) n.set(p, (n.get(p) ?? 0) + 1);
  return [...n].map(([p, k]) => (k > 1 ? `${p} (×${k})` : p));
}

/** The <link rel="canonical"> and og:url of a built page. */
function canonicalOf(dir, p) {
  const html = fs.readFileSync(path.join(dir, fileForPage(p)), 'utf8');
  const canonical = html.match(/<link rel="canonical" href="([^"]*)">/)?.[1] ?? null;
  const og = html.match(/<meta property="og:url" content="([^"]*)">/)?.[1] ?? null;
  const switcherCurrent = html.match(/<a class="edition-switcher__link" href="([^"]*)"[^>]*>[^<]*\(current\)</)?.[1] ?? null;
  return { canonical, og, switcherCurrent };
}

// --- the repository's site ----------------------------------------------------

const fx = siteFixture();

describe('editions: the repository site (JavaScript disabled)', () => {
  let context;
  let narrow;
  before(async () => {
    await fx.start();
    context = await newLocalContext(fx, { javaScriptEnabled: false, viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    narrow = await newLocalContext(fx, { javaScriptEnabled: false, viewport: { width: 320, height: 640 }, colorScheme: 'light' });
  });
  after(() => fx.stop());

  it('the page list has every page of the November 2013 edition', () => {
    const want = markdownFiles(path.join(REPO_ROOT, 'editions', '2013', 'content')).map((f) => urlOfContentFile(f, '/2013/'));
    if (want.length < 10) throw failure(`editions/2013/content has ${want.length} Markdown files: expected the whole Briefing 87`);
    const missing = want.filter((p) => !fx.pages.includes(p));
    if (missing.length) throw failure(`the browser tests' page list lacks ${missing.length} page(s) of the 2013 edition:\n  ${missing.join('\n  ')}`);
    const redirects = fx.pages.filter((p) => p.startsWith('/2014/'));
    if (redirects.length) throw failure(`the page list has redirect pages: ${redirects.join(', ')}`);
    // The same list as every other test file uses.
    const again = pagePaths(fx.dir);
    if (again.join() !== fx.pages.join()) throw failure('pagePaths() is not stable');
  });

  it(`an earlier edition's page has the banner, linking to the same page in the ${CURRENT}`, { timeout: PAGE_TIMEOUT }, async () => {
    for (const { old, current, title } of [SITE.both, { ...SITE.section, title: null }]) {
      const { page, log } = await open(context, fx.origin, old);
      try {
        const problems = [];
        const b = await banner(page);
        if (!b) throw failure(`${fx.url(old)} has no .edition-banner`);
        if (!b.visible) problems.push('the banner is not visible');
        if (!b.beforeBreadcrumbs) problems.push('the banner is not before the breadcrumbs');
        for (const words of ['Older edition', OLD, 'not the current edition', '1 November 2013']) {
          if (!b.text.includes(words)) problems.push(`the banner does not say "${words}": "${b.text}"`);
        }
        if (b.href !== current) problems.push(`the banner links to ${b.href}, not ${current}`);
        if (!b.linkText.includes(CURRENT) || !b.linkText.includes('(current)')) {
          problems.push(`the banner link text "${b.linkText}" does not name the ${CURRENT} (current)`);
        }
        if (title && !b.linkText.includes(title)) problems.push(`the banner link text "${b.linkText}" does not name the page "${title}"`);
        if (!problems.length) {
          await Promise.all([page.waitForURL(fx.url(current)), page.locator('.edition-banner a').click()]);
          const h1 = page.locator('h1').first();
          if (!(await h1.isVisible())) problems.push(`${current} has no visible h1`);
          if ((await page.locator('.edition-banner').count()) !== 0) problems.push(`the current page ${current} has a banner`);
        }
        problems.push(...runtimeProblems({}, log));
        if (problems.length) throw failure(problemsMessage(fx.url(old), problems));
      } finally {
        await page.close();
      }
    }
  });

  it('the home links of an earlier edition stay in that edition', { timeout: PAGE_TIMEOUT }, async () => {
    const { page } = await open(context, fx.origin, SITE.both.old);
    try {
      const home = await page.locator('a.site-header__home').getAttribute('href');
      const title = await page.title();
      const problems = [];
      if (home !== '/2013/') problems.push(`the header's home link goes to ${home}, not /2013/`);
      if (!title.includes(OLD)) problems.push(`the title "${title}" does not name the ${OLD}`);
      if (problems.length) throw failure(problemsMessage(fx.url(SITE.both.old), problems));
    } finally {
      await page.close();
    }
  });

  it('the switcher opens with the keyboard at 320 px and goes to the same page in each edition', { timeout: 2 * PAGE_TIMEOUT }, async () => {
    await switchByKeyboard(narrow, fx.origin, SITE.both.old, SITE.both.current);
    await switchByKeyboard(narrow, fx.origin, SITE.both.current, SITE.both.old);
    await switchByKeyboard(context, fx.origin, SITE.section.current, SITE.section.old);
  });

  it('the switcher marks this edition and the current one', { timeout: PAGE_TIMEOUT }, async () => {
    for (const [p, here] of [
      [SITE.both.old, SITE.both.old],
      [SITE.both.current, SITE.both.current],
    ]) {
      const { page } = await open(context, fx.origin, p);
      try {
        const entries = await switcherEntries(page);
        const problems = [];
        if (entries.length !== 2) problems.push(`the switcher has ${entries.length} entries, not 2`);
        const cur = entries.find((e) => e.linkText.includes(CURRENT));
        const old = entries.find((e) => e.linkText.includes(OLD));
        if (!cur || !cur.linkText.includes('(current)')) problems.push(`no "${CURRENT} (current)" link: ${JSON.stringify(entries)}`);
        if (!old || old.linkText.includes('(current)')) problems.push(`no "${OLD}" link without "(current)": ${JSON.stringify(entries)}`);
        const marked = entries.filter((e) => e.current === 'page');
        if (marked.length !== 1 || marked[0].href !== here) problems.push(`aria-current="page" is on ${JSON.stringify(marked)}, not only on ${here}`);
        if (cur && !cur.text.includes('1 November 2014')) problems.push(`the current entry does not give its date: "${cur.text}"`);
        if (old && !old.text.includes('1 November 2013')) problems.push(`the 2013 entry does not give its date: "${old.text}"`);
        const summary = (await page.locator('nav.edition-switcher summary').textContent()).replace(/\s+/g, ' ').trim();
        const want = p === SITE.both.old ? OLD : CURRENT;
        if (!summary.startsWith('Edition:') || !summary.includes(want)) problems.push(`the summary says "${summary}", not "Edition: ${want}…"`);
        if (problems.length) throw failure(problemsMessage(fx.url(p), problems));
      } finally {
        await page.close();
      }
    }
  });

  it('a page only in the current edition links to its nearest section in 2013', { timeout: PAGE_TIMEOUT }, async () => {
    const { current, nearestOld } = SITE.currentOnly;
    const { page } = await open(context, fx.origin, current);
    try {
      const entries = await switcherEntries(page);
      const old = entries.find((e) => e.linkText.includes(OLD));
      const problems = [];
      if (!old) throw failure(`${fx.url(current)}: the switcher has no ${OLD} entry: ${JSON.stringify(entries)}`);
      if (old.href !== nearestOld) problems.push(`the ${OLD} entry links to ${old.href}, not the nearest section ${nearestOld}`);
      if (!/not in that edition/i.test(old.text) || !/nearest page/i.test(old.text)) {
        problems.push(`the ${OLD} entry does not say the page is not in that edition: "${old.text}"`);
      }
      if ((await page.locator('.edition-banner').count()) !== 0) problems.push('a current page has the older-edition banner');
      const res = await context.request.get(fx.url(old.href));
      if (res.status() !== 200) problems.push(`${old.href} answered ${res.status()}`);
      if (problems.length) throw failure(problemsMessage(fx.url(current), problems));
    } finally {
      await page.close();
    }
  });

  it("the current edition's /2014/ addresses redirect to / without JavaScript", { timeout: PAGE_TIMEOUT }, async () => {
    for (const [from, to] of SITE.redirects) {
      const file = path.join(fx.dir, fileForPage(from));
      if (!fs.existsSync(file)) throw failure(`${from} is not in the built site (${file})`);
      if (!isRedirectFile(file)) throw failure(`${from} is not a redirect page (no <meta http-equiv="refresh">)`);
      const page = await context.newPage();
      try {
        await Promise.all([page.waitForURL(fx.url(to), { timeout: 10_000 }), page.goto(fx.url(from))]).catch((e) => {
          throw failure(`${fx.url(from)} did not take the browser to ${to} with JavaScript off: ${e.message.split('\n')[0]}`);
        });
        if (!(await page.locator('h1').first().isVisible())) throw failure(`${to} (after the redirect) has no visible h1`);
      } finally {
        await page.close();
      }
    }
  });

  it('the "what changed" page lists what changed, and its links work', { timeout: 2 * PAGE_TIMEOUT }, async () => {
    const { page } = await open(context, fx.origin, SITE.whatChanged);
    try {
      const problems = [];
      const h1 = (await page.locator('h1').first().textContent()).trim();
      if (!h1) problems.push('the h1 is empty');
      const lede = (await page.locator('main').textContent()).replace(/\s+/g, ' ');
      if (!lede.includes(CURRENT) || !lede.includes(OLD)) problems.push(`the page does not name both editions`);
      const headings = await page.locator('main h2').allTextContents();
      for (const h of ['Pages added', 'Pages removed', 'Pages changed']) {
        if (!headings.map((t) => t.trim()).includes(h)) problems.push(`no "${h}" heading (h2s: ${headings.join(' | ')})`);
      }
      const listed = await page.evaluate(() => {
        const out = {};
        for (const h of document.querySelectorAll('main h2')) {
          const links = [];
          for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) {
            for (const a of el.querySelectorAll('a[href]')) links.push(a.getAttribute('href'));
          }
          out[h.textContent.trim()] = links;
        }
        return out;
      });
      const added = listed['Pages added'] ?? [];
      const changed = listed['Pages changed'] ?? [];
      if (!added.includes(SITE.currentOnly.current)) problems.push(`"Pages added" does not list ${SITE.currentOnly.current}: ${added.join(', ')}`);
      if (!changed.includes(SITE.changed.current) || !changed.includes(SITE.changed.old)) {
        problems.push(`"Pages changed" does not link ${SITE.changed.current} and ${SITE.changed.old}: ${changed.join(', ')}`);
      }
      const all = [...new Set(Object.values(listed).flat())];
      for (const href of all) {
        const res = await context.request.get(new URL(href, fx.url(SITE.whatChanged)).href, { maxRedirects: 0 });
        if (res.status() !== 200) problems.push(`${href} answered ${res.status()}`);
      }
      if (problems.length) throw failure(problemsMessage(fx.url(SITE.whatChanged), problems));
    } finally {
      await page.close();
    }
  });

  it('a changed page shows its changes word by word, announced as "Added:" and "Removed:"', { timeout: PAGE_TIMEOUT }, async () => {
    const { ins, del } = await checkChanges(context, fx.origin, SITE.changed.current, {
      oldUrl: SITE.changed.old,
      whatChanged: SITE.whatChanged,
    });
    if (ins + del === 0) throw failure('no change marked');
  });

  it('canonical and og:url: the page itself, or the current page for an unchanged older one', () => {
    const problems = [];
    let toCurrent = 0;
    for (const p of fx.pages.filter((q) => q !== '/404.html' && !q.endsWith('/404.html'))) {
      const { canonical, og, switcherCurrent } = canonicalOf(fx.dir, p);
      const self = fx.url(p);
      if (!canonical) {
        problems.push(`${p}: no <link rel="canonical">`);
        continue;
      }
      if (og !== canonical) problems.push(`${p}: og:url ${og} is not the canonical ${canonical}`);
      if (p.startsWith('/2013/')) {
        const current = switcherCurrent ? fx.url(switcherCurrent) : null;
        if (canonical !== self && canonical !== current) problems.push(`${p}: canonical ${canonical} is neither the page nor its current edition ${current}`);
        if (canonical === current) toCurrent += 1;
      } else if (canonical !== self) problems.push(`${p}: canonical ${canonical} is not the page itself`);
    }
    if (toCurrent === 0) problems.push('no 2013 page names its current page as canonical (every 2013 page changed?)');
    if (problems.length) throw failure(problemsMessage('the built site', problems));
  });

  for (const viewport of VIEWPORTS) {
    for (const colorScheme of SCHEMES) {
      const where = `${viewport.width}x${viewport.height} ${colorScheme}`;
      it(`axe with the switcher and changes open [${where}]`, { timeout: 3 * PAGE_TIMEOUT }, async () => {
        const ctx = await newLocalContext(fx, { axe: true, viewport, colorScheme });
        try {
          for (const p of [SITE.both.old, SITE.both.current, SITE.currentOnly.current, SITE.changed.current, SITE.changed.old, SITE.whatChanged, '/2013/']) {
            await axeOpen(ctx, fx.origin, p, where);
          }
        } finally {
          await ctx.close();
        }
      });
    }
  }
});

// --- fixtures/editions: a page only in the earlier edition ---------------------

describe('editions: fixtures/editions built with the NHS theme (JavaScript disabled)', () => {
  let tmp;
  let server;
  let browser;
  let context;
  let origin;
  before(async () => {
    const port = await freePort();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'canteen-editions-'));
    // A copy of the fixture with the repository's NHS theme beside it, so the
    // theme being tested is the one in themes/nhs, as for the repository's site.
    const root = path.join(tmp, 'root');
    fs.cpSync(FIXTURE.dir, root, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'themes', 'nhs'), path.join(root, 'themes', 'nhs'), { recursive: true });
    const out = path.join(tmp, 'site');
    const built = spawnSync(
      canteenBin(),
      ['build', '--root', root, '--output', out, '--base-url', `http://127.0.0.1:${port}`],
      { encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`canteen build of ${FIXTURE.dir} failed (exit ${built.status}):\n${built.stdout}\n${built.stderr}`);
    server = await startServer(out, { port });
    origin = server.origin;
    browser = await launchBrowser();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 }, colorScheme: 'light' });
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a page only in 2013: the banner and switcher link to its nearest section in the current edition', { timeout: PAGE_TIMEOUT }, async () => {
    const { old, nearestCurrent, nearestTitle } = FIXTURE.retired;
    const { page } = await open(context, origin, old);
    try {
      const problems = [];
      const b = await banner(page);
      if (!b) throw failure(`${origin}${old} has no .edition-banner`);
      if (!b.visible) problems.push('the banner is not visible');
      if (!b.text.includes(`This page is not in the ${FIXTURE_CURRENT}`)) problems.push(`the banner does not say the page is not in the ${FIXTURE_CURRENT}: "${b.text}"`);
      if (b.href !== nearestCurrent) problems.push(`the banner links to ${b.href}, not the nearest section ${nearestCurrent}`);
      if (!b.linkText.includes(nearestTitle)) problems.push(`the banner link "${b.linkText}" does not name "${nearestTitle}"`);
      const entries = await switcherEntries(page);
      const cur = entries.find((e) => e.linkText.includes(FIXTURE_CURRENT));
      if (!cur) problems.push(`the switcher has no ${FIXTURE_CURRENT} entry`);
      else {
        if (cur.href !== nearestCurrent) problems.push(`the switcher's ${FIXTURE_CURRENT} entry links to ${cur.href}, not ${nearestCurrent}`);
        if (!/not in that edition/i.test(cur.text) || !cur.text.includes(nearestTitle)) {
          problems.push(`the switcher's ${FIXTURE_CURRENT} entry does not say the page is not there: "${cur.text}"`);
        }
      }
      if (!problems.length) {
        await Promise.all([page.waitForURL(origin + nearestCurrent), page.locator('.edition-banner a').click()]);
        if (!(await page.locator('h1').first().isVisible())) problems.push(`${nearestCurrent} has no visible h1`);
      }
      if (problems.length) throw failure(problemsMessage(`${origin}${old}`, problems));
    } finally {
      await page.close();
    }
  });

  it('a page only in the current edition says it is new, and links to its nearest section in 2013', { timeout: PAGE_TIMEOUT }, async () => {
    const { current, nearestOld } = FIXTURE.added;
    const { page } = await open(context, origin, current);
    try {
      const problems = [];
      const entries = await switcherEntries(page);
      const old = entries.find((e) => e.linkText.includes(OLD));
      if (!old || old.href !== nearestOld) problems.push(`the switcher's ${OLD} entry is ${JSON.stringify(old)}, not a link to ${nearestOld}`);
      const changes = (await page.locator('.page-changes').textContent().catch(() => '')).replace(/\s+/g, ' ');
      if (!changes.includes(`This page is new in the ${FIXTURE_CURRENT}`)) problems.push(`no "This page is new in the ${FIXTURE_CURRENT}": "${changes}"`);
      if (problems.length) throw failure(problemsMessage(`${origin}${current}`, problems));
    } finally {
      await page.close();
    }
  });

  it('a changed page marks the words added and removed', { timeout: PAGE_TIMEOUT }, async () => {
    const { ins, del } = await checkChanges(context, origin, FIXTURE.kept.current, { oldUrl: FIXTURE.kept.old });
    if (ins === 0 || del === 0) throw failure(`expected words added and removed ("every year" → "every two years"), got ${ins} <ins> and ${del} <del>`);
  });

  it('the switcher works by keyboard both ways, also to a page only in 2013', { timeout: 2 * PAGE_TIMEOUT }, async () => {
    await switchByKeyboard(context, origin, FIXTURE.kept.old, FIXTURE.kept.current);
    await switchByKeyboard(context, origin, FIXTURE.retired.old, FIXTURE.retired.nearestCurrent);
  });

  it('axe with every <details> open, light and dark, 320 and 1280', { timeout: 4 * PAGE_TIMEOUT }, async () => {
    for (const viewport of VIEWPORTS) {
      for (const colorScheme of SCHEMES) {
        const ctx = await browser.newContext({ viewport, colorScheme });
        try {
          for (const p of [FIXTURE.retired.old, FIXTURE.added.current, FIXTURE.kept.current]) {
            await axeOpen(ctx, origin, p, `${viewport.width}x${viewport.height} ${colorScheme}`);
          }
        } finally {
          await ctx.close();
        }
      }
    }
  });
});
