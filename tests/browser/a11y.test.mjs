// axe-core on every page, at a narrow and a wide viewport, in light and dark
// colour schemes: zero violations of WCAG 2.0/2.1/2.2 A and AA and axe's best
// practices.

import { after, before, describe, it } from 'node:test';
import {
  CONCURRENCY,
  PAGE_TIMEOUT,
  SCHEMES,
  VIEWPORTS,
  failure,
  formatAxeViolations,
  newLocalContext,
  runAxe,
  siteFixture,
} from './lib/browser.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const fx = siteFixture();
const combos = VIEWPORTS.flatMap((viewport) => SCHEMES.map((colorScheme) => ({ viewport, colorScheme })));
const contexts = new Map();
const key = (c) => `${c.viewport.width}x${c.viewport.height} ${c.colorScheme}`;

describe(`axe (${fx.pages.length} pages × ${combos.length} viewport/scheme combinations)`, { concurrency: CONCURRENCY }, () => {
  before(async () => {
    await fx.start();
    for (const c of combos) {
      contexts.set(key(c), await newLocalContext(fx, { axe: true, viewport: c.viewport, colorScheme: c.colorScheme }));
    }
  });
  after(() => fx.stop());

  for (const p of fx.pages) {
    for (const c of combos) {
      it(`${p} [${key(c)}]`, { timeout: PAGE_TIMEOUT }, async () => {
        const page = await contexts.get(key(c)).newPage();
        try {
          const res = await page.goto(fx.url(p), { waitUntil: 'load' });
          if (!res || res.status() >= 400) {
            throw failure(`${fx.url(p)} answered ${res?.status()} (is it in the site directory?)`);
          }
          const { violations } = await runAxe(page, AXE_TAGS);
          if (violations.length) {
            throw failure(
              formatAxeViolations(violations, `${fx.url(p)} [viewport ${key(c)} scheme]`),
            );
          }
        } finally {
          await page.close();
        }
      });
    }
  }
});
