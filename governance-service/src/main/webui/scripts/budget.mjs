// The first page's JavaScript budget: every script and module preload index.html names, gzipped. Chunks loaded later
// (on a route or a click) do not count. The build fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 300 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)]
  .map((m) => m[1]);
if (files.length === 0) {
  console.error('budget: index.html names no script');
  process.exit(1);
}
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`budget: ${file} ${(size / 1024).toFixed(1)} KB gzipped`);
}
const verdict = total <= BUDGET ? 'within' : 'OVER';
console.log(`budget: first page JavaScript ${(total / 1024).toFixed(1)} KB gzipped, ${verdict} the budget of ${BUDGET / 1024} KB`);
if (total > BUDGET) process.exit(1);
