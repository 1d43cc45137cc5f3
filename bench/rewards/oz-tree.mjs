// The node baseline of the reward epoch benchmark: builds @openzeppelin/merkle-tree's StandardMerkleTree over the
// values the Java run wrote (one "address,amount" line each, in the order the Java tree was given them) and prints
// the root and the time StandardMerkleTree.of took. Reading the file is not timed.
// Usage: node bench/rewards/oz-tree.mjs VALUES_FILE
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'contracts');
const require = createRequire(import.meta.url);
const { StandardMerkleTree } = require(path.join(root, 'node_modules', '@openzeppelin', 'merkle-tree'));

const values = fs.readFileSync(process.argv[2], 'ascii').split('\n').filter((line) => line !== '')
  .map((line) => line.split(','));
const start = process.hrtime.bigint();
const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
const ms = Number((process.hrtime.bigint() - start) / 1_000_000n);
console.log(`leaves=${values.length} root=${tree.root} oz_tree_ms=${ms}`);
