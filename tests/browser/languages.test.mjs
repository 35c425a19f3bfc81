// A site in English and Welsh (tests/fixtures/bilingual, built here with
// themes/nhs), in one browser, with JavaScript off but for axe:
// - axe finds nothing on an English page, its Welsh page and a Welsh page
//   shown in English until it is translated (axe checks `lang` values);
// - the language link is reached with Tab and followed with Enter, and
//   lands on the page in the other language, both ways;
// - the Nu HTML Checker finds no error in any page of the built site.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { PAGE_TIMEOUT, failure, formatAxeViolations, launchBrowser, runAxe } from './lib/browser.mjs';
import { canteenBin, freePort } from './lib/canteen.mjs';
import { startServer } from './lib/server.mjs';
import { REPO_ROOT } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const FIXTURE = path.join(REPO_ROOT, 'tests', 'fixtures', 'bilingual');

describe('a site in English and Welsh', () => {
  let tmp;
  let out;
  let server;
  let browser;
  let context;
  let axeContext;
  let origin;
  before(async () => {
    const port = await freePort();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'canteen-languages-'));
    const root = path.join(tmp, 'root');
    fs.cpSync(FIXTURE, root, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'themes', 'nhs'), path.join(root, 'themes', 'nhs'), { recursive: true });
    out = path.join(tmp, 'site');
    const built = spawnSync(
      canteenBin(),
      ['build', '--quiet', '--root', root, '--output', out, '--base-url', `http://127.0.0.1:${port}`],
      { encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`canteen build of ${FIXTURE} failed (exit ${built.status}):\n${built.stderr}`);
    server = await startServer(out, { port });
    origin = server.origin;
    browser = await launchBrowser();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    // axe is a script: it runs in a context with JavaScript on, compiled
    // once for the context rather than once per page.
    axeContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await axeContext.addInitScript({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('axe finds nothing in either language, nor on a page not yet translated', { timeout: 2 * PAGE_TIMEOUT }, async () => {
    const problems = [];
    for (const url of ['/about/', '/cy/about/', '/cy/news/', '/cy/guide/cam-un/']) {
      const page = await axeContext.newPage();
      try {
        const response = await page.goto(origin + url);
        if (response.status() !== 200) problems.push(`${url}: status ${response.status()}`);
        const { violations } = await runAxe(page, AXE_TAGS);
        if (violations.length) problems.push(formatAxeViolations(violations, url));
      } finally {
        await page.close();
      }
    }
    if (problems.length) throw failure(problems.join('\n'));
  });

  it('the language link is reached with Tab and followed with Enter, both ways', { timeout: PAGE_TIMEOUT }, async () => {
    const page = await context.newPage();
    try {
      for (const [from, to, name] of [
        ['/guide/one/', '/cy/guide/cam-un/', 'Cymraeg'],
        ['/cy/guide/cam-un/', '/guide/one/', 'English'],
      ]) {
        await page.goto(origin + from);
        let focused = '';
        for (let i = 0; i < 6 && focused !== name; i++) {
          await page.keyboard.press('Tab');
          focused = await page.evaluate(() => (document.activeElement?.classList.contains('language-link__link') ? document.activeElement.textContent : ''));
        }
        if (focused !== name) throw failure(`${from}: the "${name}" link is not among the first Tab stops`);
        await Promise.all([page.waitForURL(origin + to), page.keyboard.press('Enter')]);
        const lang = await page.evaluate(() => document.documentElement.lang);
        if (lang !== (name === 'Cymraeg' ? 'cy' : 'en-GB')) throw failure(`${to} has lang="${lang}"`);
      }
    } finally {
      await page.close();
    }
  });

  it('the Nu HTML Checker finds no error in either language', { timeout: 5 * 60_000 }, async () => {
    const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
    const { code, stderr } = await new Promise((resolve, reject) => {
      const child = spawn('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const messages = JSON.parse(stderr.trim() || '{"messages":[]}')
      .messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    if (messages.length) {
      throw failure(`vnu (exit ${code}):\n${messages.map((m) => `  ${m.url}:${m.lastLine}: ${m.message}`).join('\n')}`);
    }
  });
});
