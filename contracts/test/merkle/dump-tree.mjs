// The reference the Java tree is checked against: for each line of stdin holding a JSON array of
// [address, amount] values (amounts as decimal strings), prints one line with
// JSON.stringify(StandardMerkleTree.of(values, ["address","uint256"]).dump()), or, given --proofs, the JSON array
// of that tree's getProof(i) for every value i, in the order given (the proofs the Java store serves).
// One process serves many trees, so a test can compare hundreds of them without paying node's start-up each time.
// Run from anywhere: node contracts/test/merkle/dump-tree.mjs [--proofs] < values.ndjson
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { StandardMerkleTree } = require(path.join(root, 'node_modules', '@openzeppelin', 'merkle-tree'));
const proofs = process.argv.includes('--proofs');

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const values = JSON.parse(line);
  const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
  const answer = proofs ? values.map((_, i) => tree.getProof(i)) : tree.dump();
  process.stdout.write(JSON.stringify(answer) + '\n');
}
