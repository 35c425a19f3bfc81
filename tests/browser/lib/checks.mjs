// Checks shared by the browser test files. Each returns a list of problems
// (strings); an empty list means the check passed.

import { resolveRequestPath } from './server.mjs';

/**
 * From the top of a freshly loaded page: the first Tab focuses the skip link
 * (`a[href="#maincontent"]` whose text includes "Skip to main content"), and
 * Enter on it moves focus to the `main` element or into it.
 */
export async function checkSkipLink(page) {
  const problems = [];
  const describeActive = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { what: 'nothing (document.body)', inMain: false };
      const html = el.outerHTML.replace(/\s+/g, ' ');
      return {
        tag: el.tagName.toLowerCase(),
        href: el.getAttribute('href'),
        text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
        inMain: !!el.closest('main'),
        what: html.length > 200 ? html.slice(0, 199) + '…' : html,
      };
    });

  await page.keyboard.press('Tab');
  const first = await describeActive();
  if (first.tag !== 'a' || first.href !== '#maincontent' || !first.text.includes('Skip to main content')) {
    problems.push(
      'skip link: the first Tab should focus <a href="#maincontent">Skip to main content</a>, ' +
        `but focused ${first.what}`,
    );
    return problems;
  }
  await page.keyboard.press('Enter');
  // Focus moves synchronously for a fragment link; give scripts a moment anyway.
  let after = await describeActive();
  for (let i = 0; i < 10 && !after.inMain; i++) {
    await page.waitForTimeout(50);
    after = await describeActive();
  }
  if (!after.inMain) {
    const target = await page.evaluate(() => {
      const t = document.getElementById('maincontent');
      if (!t) return 'there is no element with id="maincontent"';
      return `#maincontent is <${t.tagName.toLowerCase()}${t.hasAttribute('tabindex') ? ` tabindex="${t.getAttribute('tabindex')}"` : ' (no tabindex)'}>${t.closest('main') ? '' : ', not the main element nor inside it'}`;
    });
    problems.push(
      `skip link: Enter on it should move focus to the main element or into it, but focus is on ${after.what} (${target})`,
    );
  }
  return problems;
}

/**
 * Things a strict CSP refuses, found in the DOM: inline scripts (other than
 * JSON data blocks), <style> elements, style attributes, on* handler
 * attributes, javascript: URLs.
 */
export async function checkNoInlineCode(page) {
  return page.evaluate(() => {
    const out = [];
    const snip = (el) => {
      const h = el.outerHTML.replace(/\s+/g, ' ');
      return h.length > 160 ? h.slice(0, 159) + '…' : h;
    };
    const dataTypes = new Set(['application/ld+json', 'application/json']);
    for (const s of document.querySelectorAll('script:not([src])')) {
      if (!dataTypes.has((s.getAttribute('type') || '').trim().toLowerCase())) {
        out.push(`inline <script> without src (CSP script-src 'self' refuses it): ${snip(s)}`);
      }
    }
    for (const s of document.querySelectorAll('style')) {
      out.push(`<style> element (CSP style-src 'self' refuses it): ${snip(s)}`);
    }
    for (const el of document.querySelectorAll('[style]')) {
      out.push(`style attribute (CSP style-src 'self' refuses it): ${snip(el)}`);
    }
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) out.push(`event handler attribute ${a.name} (CSP refuses it): ${snip(el)}`);
        if (/^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction)$/i.test(a.name)) {
          out.push(`javascript: URL (CSP refuses it): ${snip(el)}`);
        }
      }
    }
    return out;
  });
}

/**
 * Every same-origin link and resource reference in the page resolves to a file
 * of the site, and every same-page fragment link has a target.
 */
export async function checkLocalLinks(page, siteRoot, origin) {
  const refs = await page.evaluate(() => {
    const out = [];
    const add = (el, attr, value) => out.push({ attr, value, tag: el.tagName.toLowerCase() });
    for (const el of document.querySelectorAll('a[href], area[href], link[href]')) {
      add(el, 'href', el.href);
    }
    for (const el of document.querySelectorAll('img[src], script[src], source[src], iframe[src], video[src], audio[src]')) {
      add(el, 'src', el.src);
    }
    for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
      for (const part of el.getAttribute('srcset').split(',')) {
        const u = part.trim().split(/\s+/)[0];
        if (u) add(el, 'srcset', new URL(u, document.baseURI).href);
      }
    }
    const ids = new Set([...document.querySelectorAll('[id]')].map((e) => e.id));
    for (const a of document.querySelectorAll('a[name]')) ids.add(a.getAttribute('name'));
    return { refs: out, ids: [...ids], here: location.href.split('#')[0] };
  });
  const problems = [];
  const seen = new Set();
  for (const r of refs.refs) {
    let u;
    try {
      u = new URL(r.value);
    } catch {
      problems.push(`<${r.tag} ${r.attr}="${r.value}">: not a valid URL`);
      continue;
    }
    if (u.origin !== origin) continue;
    const key = u.pathname + u.hash;
    if (seen.has(key)) continue;
    seen.add(key);
    if (u.href.split('#')[0] === refs.here && u.hash) {
      const id = decodeURIComponent(u.hash.slice(1));
      if (id && id !== 'top' && !refs.ids.includes(id)) {
        problems.push(`<${r.tag} ${r.attr}="${u.hash}">: no element on this page has id "${id}"`);
      }
      continue;
    }
    const res = resolveRequestPath(siteRoot, u.pathname);
    if (res.kind === 'missing' || res.kind === 'bad') {
      problems.push(`<${r.tag} ${r.attr}="${u.pathname}">: no such file in the site (would be a 404)`);
    }
  }
  return problems;
}

/** Format a list of problems for a page as one error message. */
export function problemsMessage(where, problems) {
  return `${problems.length} problem(s) on ${where}:\n` + problems.map((p) => `  - ${p}`).join('\n');
}

/**
 * What went wrong while the page loaded, from watchPage()'s log and the
 * context's blocked external requests. `ignoreDocument`: the URL of a main
 * document expected to answer 404 (its own 404 is then not a problem).
 */
export function runtimeProblems(context, log, { ignoreDocument } = {}) {
  const problems = [];
  const doc = ignoreDocument;
  for (const e of log.consoleErrors) {
    if (doc && e.includes('status of 404') && e.includes(`(at ${doc}:`)) continue;
    problems.push(`console error: ${e}`);
  }
  for (const e of log.pageErrors) problems.push(`uncaught exception: ${e}`);
  const external = new Set([...log.external, ...(context.externalRequests ?? [])]);
  for (const r of external) {
    problems.push(`request to another host (refused; the site must be self-contained): ${r}`);
  }
  for (const r of log.failedRequests) problems.push(`request failed: ${r}`);
  for (const r of log.badResponses) {
    if (doc && r.endsWith(` ${doc}`)) continue;
    problems.push(`error response: ${r}`);
  }
  return problems;
}
