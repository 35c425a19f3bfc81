// The search page driven as a reader does: what search.test.mjs and
// search-sites.test.mjs share.

/**
 * Types `text` into the search page's box (after choosing `edition`, if
 * given) and waits for the count and for the list to be complete (results
 * are added as they arrive; the list is `aria-busy` until the last is in).
 * Resolves to each result's title, address, marked words and text.
 */
export async function searchFor(page, text, edition) {
  if (edition) await page.selectOption('#search-edition', edition);
  await page.fill('#search-input', '');
  await page.locator('#search-input').pressSequentially(text);
  await page.waitForFunction(
    (q) =>
      document.getElementById('search-status').textContent.includes(`'${q}'`) &&
      !document.getElementById('search-results').hasAttribute('aria-busy'),
    text,
  );
  return page.$$eval('#search-results > li', (items) =>
    items.map((li) => ({
      title: li.querySelector('a').textContent,
      href: li.querySelector('a').getAttribute('href'),
      marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
      text: li.textContent,
    })),
  );
}
