// The test server itself, on a throwaway site: paths, content types, 404s,
// the CSP header, and no escape from the site directory.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CSP, startServer } from './lib/server.mjs';
import { pagePaths } from './lib/site.mjs';

let tmp;
let srv;

function get(urlPath, method = 'GET') {
  // Raw request, so that `..` segments reach the server unnormalised.
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, path: urlPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('test server', () => {
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'canteen-server-test-'));
    const site = path.join(tmp, 'site');
    const w = (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
      fs.writeFileSync(path.join(site, rel), text);
    };
    w('index.html', '<h1>home</h1>');
    w('a b/index.html', '<h1>space</h1>');
    w('x/index.html', '<h1>x</h1>');
    w('404.html', '<h1>not found page</h1>');
    // An earlier edition (not in the sitemap) and a redirect page.
    w('2013/index.html', '<h1>2013</h1>');
    w('2013/old/index.html', '<h1>old</h1>');
    w('2014/x/index.html', '<head><meta http-equiv="refresh" content="0; url=/x/"></head><h1>moved</h1>');
    w('style.css', 'body{}');
    w('app.js', '1');
    w('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    w('img.png', 'PNG');
    w('sitemap.xml', '<urlset><url><loc>http://127.0.0.1:1/</loc></url><url><loc>http://127.0.0.1:1/x/?a=1&amp;b=2</loc></url></urlset>');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(site, 'link.txt'));
    srv = await startServer(site);
  });
  after(async () => {
    await srv?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves / and /x/ from index.html, with the CSP header', async () => {
    for (const [p, text] of [['/', 'home'], ['/x/', '<h1>x</h1>'], ['/x/index.html', 'x'], ['/a%20b/', 'space']]) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.match(r.body, new RegExp(text), p);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', p);
      assert.equal(r.headers['content-security-policy'], CSP, p);
    }
  });

  it('redirects a directory without its slash', async () => {
    const r = await get('/x?q=1');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/x/?q=1');
  });

  it('sends the right content types', async () => {
    const types = {
      '/style.css': 'text/css; charset=utf-8',
      '/app.js': 'text/javascript; charset=utf-8',
      '/logo.svg': 'image/svg+xml',
      '/img.png': 'image/png',
      '/sitemap.xml': 'application/xml; charset=utf-8',
    };
    for (const [p, t] of Object.entries(types)) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'], t, p);
    }
  });

  it('answers a missing file with 404 and the body of 404.html', async () => {
    for (const p of ['/nope', '/nope/', '/x/nope.css']) {
      const r = await get(p);
      assert.equal(r.status, 404, p);
      assert.match(r.body, /not found page/, p);
      assert.equal(r.headers['content-security-policy'], CSP, p);
    }
  });

  it('never serves outside the site directory', async () => {
    for (const p of ['/../secret.txt', '/x/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/link.txt', '/%00']) {
      const r = await get(p);
      assert.notEqual(r.status, 200, p);
      assert.doesNotMatch(r.body, /secret/, p);
    }
  });

  it('refuses other methods', async () => {
    assert.equal((await get('/', 'POST')).status, 405);
    const head = await get('/', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('lists the sitemap pages as paths, then the other pages of the folder but redirects, then /404.html', () => {
    assert.deepEqual(pagePaths(path.join(tmp, 'site')), ['/', '/x/', '/2013/', '/2013/old/', '/a%20b/', '/404.html']);
  });

  it('fails without a sitemap, or with an empty one', () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    assert.throws(() => pagePaths(empty), /sitemap\.xml is missing/);
    fs.writeFileSync(path.join(empty, 'sitemap.xml'), '<urlset></urlset>');
    assert.throws(() => pagePaths(empty), /lists no page/);
  });
});
