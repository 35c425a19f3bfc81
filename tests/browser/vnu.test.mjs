// The Nu HTML Checker (vnu) over every .html file of the site: zero errors.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { failure } from './lib/browser.mjs';
import { htmlFiles, siteDir } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const dir = siteDir();
const files = htmlFiles(dir);

function runVnu(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xss4m', '-jar', VNU_JAR, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) =>
      reject(new Error(`could not run java (${e.message}); install a Java runtime (Java 17: apt-get install default-jre-headless)`)),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it(`Nu HTML Checker: ${files.length} HTML files, zero errors`, { timeout: 10 * 60_000 }, async () => {
  if (files.length === 0) throw failure(`${dir} has no .html file`);
  const { code, stdout, stderr } = await runVnu([
    '--errors-only',
    '--format',
    'json',
    '--skip-non-html',
    dir,
  ]);
  // vnu writes its JSON report to stderr.
  let report;
  try {
    report = JSON.parse(stderr.trim() || '{"messages":[]}');
  } catch {
    throw failure(`vnu exited ${code} without a JSON report:\n${stderr}\n${stdout}`);
  }
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  if (errors.length) {
    const lines = errors.map((m) => {
      const file = m.url ? path.relative(dir, fileURLToPath(m.url)) : '(no file)';
      const where = m.lastLine ? `${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn}` : '-';
      const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim()}` : '';
      return `  ${file}:${where}: ${m.subType ? m.subType + ' ' : ''}${m.type}: ${m.message}${extract}`;
    });
    throw failure(`vnu found ${errors.length} error(s) in ${dir}:\n${lines.join('\n')}`);
  }
  if (code !== 0) throw failure(`vnu exited ${code} but reported no error:\n${stderr}\n${stdout}`);
});
