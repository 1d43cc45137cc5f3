// The baseline of the merkle benchmark: what `merkle build` does, done with @openzeppelin/merkle-tree under node.
// Reads the CSV, builds StandardMerkleTree.of(rows, ["address","uint256"]), writes JSON.stringify(tree.dump()) and
// prints the root, so the script can time the whole process and compare the output byte for byte.
// Usage: node bench/merkle/oz-build.mjs FILE.csv tree.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const contracts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'contracts');
const require = createRequire(import.meta.url);
const { StandardMerkleTree } = require(path.join(contracts, 'node_modules', '@openzeppelin', 'merkle-tree'));

const rows = fs.readFileSync(process.argv[2], 'ascii').split('\n').slice(1).filter((line) => line !== '')
  .map((line) => line.split(','));
const tree = StandardMerkleTree.of(rows, ['address', 'uint256']);
fs.writeFileSync(process.argv[3], JSON.stringify(tree.dump()));
console.log(`root ${tree.root}`);
