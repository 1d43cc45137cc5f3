// The proofs the Java store serves are checked against: for each line of stdin holding a JSON array of
// [address, amount] values (amounts as decimal strings), prints one line with the JSON array of
// StandardMerkleTree.of(values, ["address","uint256"]).getProof(i) for every value i, in the order given.
// Run from anywhere: node contracts/test/merkle/proof-tree.mjs < values.ndjson
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { StandardMerkleTree } = require(path.join(root, 'node_modules', '@openzeppelin', 'merkle-tree'));

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const values = JSON.parse(line);
  const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
  process.stdout.write(JSON.stringify(values.map((_, i) => tree.getProof(i))) + '\n');
}
