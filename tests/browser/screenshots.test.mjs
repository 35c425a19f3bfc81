// Full-page screenshots of a few pages at both widths (light scheme), written
// to tests/browser/screenshots/ (git-ignored) for people to look at.
// More pages: CANTEEN_SCREENSHOT_PATHS="/a/ /b/" (space-separated URL paths).

import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PAGE_TIMEOUT, VIEWPORTS, failure, newLocalContext, siteFixture } from './lib/browser.mjs';
import { HERE, fileForPage } from './lib/site.mjs';

const OUT = path.join(HERE, 'screenshots');
const fx = siteFixture();
const wanted = [
  '/',
  '/platforms/facebook/',
  ...(process.env.CANTEEN_SCREENSHOT_PATHS || '').split(/\s+/).filter(Boolean),
];

const slug = (p) => p.replace(/^\/|\/$/g, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'home';

describe('screenshots', () => {
  before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    await fx.start();
  });
  after(() => fx.stop());

  for (const p of wanted) {
    for (const viewport of VIEWPORTS) {
      const exists = fs.existsSync(path.join(fx.dir, fileForPage(p)));
      const skip = p !== '/' && !exists ? `${p} is not in this site` : false;
      it(`${p} at ${viewport.width}px`, { timeout: PAGE_TIMEOUT, skip }, async () => {
        const context = await newLocalContext(fx, { viewport, colorScheme: 'light' });
        try {
          const page = await context.newPage();
          const res = await page.goto(fx.url(p), { waitUntil: 'networkidle' });
          if (!res || res.status() >= 400) throw failure(`${fx.url(p)} answered ${res?.status()}`);
          const file = path.join(OUT, `${slug(p)}-${viewport.width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
