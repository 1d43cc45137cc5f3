// The merkle benchmark's input: a `merkle build` CSV of ROWS distinct accounts, each EIP-55 checksummed, with
// amounts up to 10^24 base units. Seeded by the row number, so every run of every machine gets the same file.
// Usage: node bench/merkle/generate.mjs ROWS FILE.csv
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const contracts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'contracts');
const require = createRequire(import.meta.url);
const { keccak256 } = require(path.join(contracts, 'node_modules', 'ethereum-cryptography', 'keccak.js'));

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const checksummed = (lower) => {
  const hash = hex(keccak256(Buffer.from(lower, 'ascii')));
  return '0x' + [...lower].map((c, i) => (parseInt(hash[i], 16) >= 8 ? c.toUpperCase() : c)).join('');
};

const rows = Number(process.argv[2]);
const out = fs.openSync(process.argv[3], 'w');
let chunk = 'account,amount\n';
for (let i = 0; i < rows; i++) {
  const seed = keccak256(Buffer.from(`merkle-bench-${i}`, 'ascii'));
  const amount = BigInt('0x' + hex(seed.subarray(0, 10))); // below 2^80, about 1.2 * 10^24
  chunk += checksummed(hex(seed.subarray(12))) + ',' + amount + '\n';
  if (chunk.length > 1 << 20) {
    fs.writeSync(out, chunk);
    chunk = '';
  }
}
fs.writeSync(out, chunk);
fs.closeSync(out);
