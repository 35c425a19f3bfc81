// axe-core on every page, at a narrow and a wide viewport, in light and dark
// colour schemes: zero violations of WCAG 2.0/2.1/2.2 A and AA and axe's best
// practices.
//
// Each page is loaded once per viewport. In the light scheme every rule runs;
// then the page is switched to the dark scheme and the rules that depend on
// colour run again. That is enough because the dark scheme changes colours
// only: the first test below holds every stylesheet of the site to that, so a
// dark-only layout change fails it rather than slipping past axe.
//
// Every page is checked at the first (narrowest) viewport. At the wider ones
// only one page of each layout is (lib/site.mjs `onePagePerLayout`: pages
// built from the same components): what a viewport changes is how the
// components are laid out, and the words and links of each page are checked
// at the first one.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CONCURRENCY,
  PAGE_TIMEOUT,
  VIEWPORTS,
  failure,
  formatAxeViolations,
  newLocalContext,
  runAxe,
  siteFixture,
} from './lib/browser.mjs';
import os from 'node:os';
import { layoutSignature, onePagePerLayout } from './lib/site.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** The rules whose outcome can change when only colours change. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

const fx = siteFixture();
const layoutPages = new Set(onePagePerLayout(fx.dir, fx.pages));
const contexts = new Map();
const key = (v) => `${v.width}x${v.height}`;

/** Every `prop: value` declared inside a `prefers-color-scheme: dark` block of `css`. */
export function darkDeclarations(css) {
  css = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const found = [];
  const re = /@media[^{]*prefers-color-scheme:\s*dark[^{]*\{/g;
  let m;
  while ((m = re.exec(css))) {
    let depth = 1;
    let i = re.lastIndex;
    const start = i;
    while (i < css.length && depth > 0) {
      if (css[i] === '{') depth++;
      else if (css[i] === '}') depth--;
      i++;
    }
    const body = css.slice(start, i - 1);
    for (const block of body.matchAll(/\{([^{}]*)\}/g)) {
      for (const decl of block[1].split(';')) {
        if (decl.trim()) found.push(decl.trim());
      }
    }
  }
  return found;
}

// Font weight and style change only how text is drawn, which the contrast
// rule (run again in the dark scheme) takes into account.
const COLOUR_PROPERTY = /^(--[\w-]+|font-weight|font-style|color|background(-color)?|border(-(top|right|bottom|left))?-color|outline-color|text-decoration-color|fill|stroke|caret-color|accent-color|color-scheme)$/;

describe('the dark scheme changes colours only', () => {
  it('every declaration in a dark-scheme block of the site\'s stylesheets sets a colour', () => {
    const files = [];
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.css')) files.push(p);
      }
    };
    walk(fx.dir);
    assert.ok(files.length > 0, `no stylesheet in ${fx.dir}`);
    const offending = files.flatMap((f) =>
      darkDeclarations(fs.readFileSync(f, 'utf8'))
        .filter((d) => !COLOUR_PROPERTY.test(d.split(':')[0].trim()))
        .map((d) => `${path.relative(fx.dir, f)}: ${d}`),
    );
    assert.deepEqual(
      offending,
      [],
      'a dark-scheme rule changes more than colours, so the dark axe pass (colour rules only) ' +
        'no longer covers it: run every rule in the dark scheme too, or keep the change to colours',
    );
  });

  it('the checker sees a dark-scheme change that is not a colour', () => {
    const css = '@media screen and (prefers-color-scheme: dark) { :root { --x: #000; } .a { display: none; color: red } }';
    assert.deepEqual(darkDeclarations(css), ['--x: #000', 'display: none', 'color: red']);
  });
});

describe('one page per layout at the wider viewports', () => {
  it('pages with other components have other signatures; other words or modifiers do not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canteen-layout-'));
    const page = (name, body) => {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      fs.writeFileSync(path.join(dir, name, 'index.html'), `<!doctype html><html><body>${body}</body></html>`);
      return `/${name}/`;
    };
    const a = page('a', '<p class="nhsuk-body">One</p><ul class="nhsuk-list"><li>x</li></ul>');
    const b = page('b', '<p class="nhsuk-body nhsuk-body--large">Two <strong>words</strong></p><ul class="nhsuk-list"><li>y</li></ul>');
    const c = page('c', '<p class="nhsuk-body">Three</p><table><tr><td>1</td></tr></table>');
    const d = page('d', '<p class="nhsuk-body">Four</p><div class="nhsuk-card">card</div>');
    try {
      assert.equal(layoutSignature(dir, a), layoutSignature(dir, b));
      assert.deepEqual(onePagePerLayout(dir, [a, b, c, d]), [a, c, d]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`axe (${fx.pages.length} pages at ${key(VIEWPORTS[0])}, the ${layoutPages.size} with distinct layouts at the wider viewports; light then dark)`, { concurrency: CONCURRENCY }, () => {
  before(async () => {
    await fx.start();
    for (const viewport of VIEWPORTS) {
      contexts.set(key(viewport), await newLocalContext(fx, { axe: true, viewport, colorScheme: 'light' }));
    }
  });
  after(() => fx.stop());

  for (const p of fx.pages) {
    for (const viewport of VIEWPORTS) {
      if (viewport !== VIEWPORTS[0] && !layoutPages.has(p)) continue;
      it(`${p} [${key(viewport)}]`, { timeout: PAGE_TIMEOUT }, async () => {
        const page = await contexts.get(key(viewport)).newPage();
        try {
          const res = await page.goto(fx.url(p), { waitUntil: 'load' });
          if (!res || res.status() >= 400) {
            throw failure(`${fx.url(p)} answered ${res?.status()} (is it in the site directory?)`);
          }
          const light = await runAxe(page, AXE_TAGS);
          await page.emulateMedia({ colorScheme: 'dark' });
          const dark = await runAxe(page, COLOUR_RULES, 'rule');
          const found = [
            light.violations.length && formatAxeViolations(light.violations, `${fx.url(p)} [viewport ${key(viewport)} light scheme]`),
            dark.violations.length && formatAxeViolations(dark.violations, `${fx.url(p)} [viewport ${key(viewport)} dark scheme]`),
          ].filter(Boolean);
          if (found.length) throw failure(found.join('\n\n'));
        } finally {
          await page.close();
        }
      });
    }
  }
});
