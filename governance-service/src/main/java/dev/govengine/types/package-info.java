/**
 * The value types every layer shares: {@link ChecksumAddress} (an EVM address, always held EIP-55 checksummed so that
 * equal addresses compare and print equal), {@link InvalidAddressException} (input that is no address),
 * {@link Bytes32} (a hash, ordered as an unsigned 256-bit number, the order in which OpenZeppelin's Merkle tree sorts),
 * {@link LeafValue} (a tree leaf: an account and its cumulative amount) and {@link LogPosition} (where an event was
 * emitted: enough to order events, undo them on a reorg and link to the transaction).
 *
 * <p>Depends on no other package of the service, and sits at the bottom of the layers (docs/ARCHITECTURE.md,
 * "Layers"): a value two modules exchange lives here, so that neither imports the other just to name it.
 *
 * <p>ChecksumAddress is made for every log and every voter of an indexed range, and compared tens of millions of times
 * when an epoch sorts a million accounts: so it caches checksums by lower-case address (100,000 entries, cleared when
 * full) and compares three unsigned integers parsed once.
 */
package dev.govengine.types;
