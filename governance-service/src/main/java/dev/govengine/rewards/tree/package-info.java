/**
 * The cumulative Merkle tree. {@link StandardMerkleTree} is byte-compatible with {@code @openzeppelin/merkle-tree}'s
 * {@code StandardMerkleTree} over {@code ["address","uint256"]} and laid out like that library ({@link MerkleCore}
 * mirrors its {@code core}, {@link StandardHashes} its hashes); {@link StandardTreeDump} writes and reads the
 * {@code standard-v1} JSON exactly as {@code JSON.stringify(tree.dump())} does, and refuses a dump that does not hold
 * ({@link InvalidTreeDumpException}). {@link Uint256Decimal} and {@link IndexedValue} are its text and dump forms; its
 * leaves and hashes are {@code types.LeafValue} and {@code types.Bytes32}.
 *
 * <p>The nodes live in one flat array of 32-byte slots, so a million-leaf tree is one 64 MB array rather than two
 * million objects; {@code proofBytes} copies a proof out of it. Beside it, the values' tree indexes are one
 * {@code int} array and their accounts' text one ASCII array, which an epoch's store reads instead of a million
 * scattered strings. Every hash here is of one Keccak block and goes
 * through {@link Keccak256} (the leaves, and each band of inner nodes whose children are all done, on every core).
 * The leaves are sorted as longs (each hash's leading bits beside its index), and the dump is written as bytes
 * ({@code DumpWriter}). {@link LeafHashTree} is the same tree built from leaf hashes alone, for a caller that holds
 * its values as text rather than objects.
 *
 * <p>Pure: no database, no chain. Depends only on {@code types}; it comes after allocation in the data flow (its values
 * are the cumulative amounts) but needs nothing from it.
 */
package dev.govengine.rewards.tree;
