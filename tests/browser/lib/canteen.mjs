// Running `canteen serve` as a child process for the live-preview tests: the
// binary, a free port, start (waiting for the address it prints) and stop,
// and polling with a deadline.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { failure } from './browser.mjs';
import { REPO_ROOT } from './site.mjs';

/**
 * The canteen binary: env CANTEEN_BIN, else target/debug/canteen, built with
 * `cargo build --quiet` first (a no-op when it is up to date; scripts/browser-test
 * builds it and sets CANTEEN_BIN).
 */
export function canteenBin() {
  if (process.env.CANTEEN_BIN) {
    const bin = path.resolve(process.env.CANTEEN_BIN);
    if (!fs.existsSync(bin)) throw new Error(`CANTEEN_BIN=${bin} does not exist`);
    return bin;
  }
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target');
  const bin = path.join(target, 'debug', 'canteen');
  const built = spawnSync('cargo', ['build', '--quiet'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.error || built.status !== 0 || !fs.existsSync(bin)) {
    throw new Error(
      `could not build canteen (cargo build --quiet: ${built.error?.message ?? `exit ${built.status}`}); ` +
        'set CANTEEN_BIN to a canteen binary',
    );
  }
  return bin;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Every server started here and still running: killed when node exits, or
// is told to stop, before its tests could stop them.
const running = new Set();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal); // then die of it, as without this handler
  });
}

/**
 * Starts `canteen serve --root ROOT --port PORT` and resolves once it prints
 * its address (within `timeout` ms), to { port, origin, log(), stop() }.
 * `log()` is everything it printed so far; `stop()` kills it and waits for it to exit.
 */
export function startCanteen({ bin, root, port, timeout = 20_000 }) {
  const args = ['serve', '--root', root, '--port', String(port)];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const server = {
    child,
    port: null,
    origin: null,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const late = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(late);
      }
    },
  };
  return new Promise((resolve, reject) => {
    const fail = async (why) => {
      clearTimeout(timer);
      await server.stop();
      reject(new Error(`canteen ${args.join(' ')}: ${why}\n--- its output ---\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no http://127.0.0.1:PORT address within ${timeout} ms`), timeout);
    const onData = (chunk) => {
      output += chunk;
      if (server.port !== null) return;
      const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (!m) return;
      clearTimeout(timer);
      server.port = Number(m[1]);
      server.origin = `http://127.0.0.1:${server.port}`;
      resolve(server);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (e) => fail(e.message));
    exited.then(({ code, signal }) => {
      if (server.port === null) fail(`exited (${signal ?? `code ${code}`}) before printing its address`);
    });
  });
}

/**
 * GETs `url` on a connection of its own, closed after the answer (no
 * keep-alive connection left behind to hold one of the server's threads);
 * resolves to { status, body }.
 */
export function get(url, { timeout = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Connection: 'close' }, timeout }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeout} ms`)));
    req.on('error', reject);
  });
}

/**
 * Calls `read()` until `test(value)` holds for what it returns (that value is
 * returned) or `timeout` ms pass: then throws, with `what`, the last value or
 * error, and `context()`. A `read()` that throws (say, while the page
 * navigates) is retried.
 */
export async function poll(what, read, test = Boolean, { timeout = 15_000, interval = 100, context } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await read();
      if (test(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  const seen = 'error' in last ? `the last attempt threw: ${last.error?.message ?? last.error}` : `last saw: ${JSON.stringify(last.value)}`;
  throw failure(`timed out after ${timeout} ms waiting until ${what}; ${seen}${context ? '\n' + context() : ''}`);
}
