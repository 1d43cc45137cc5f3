package dev.govengine.types;

/** Where an event was emitted: enough to order events, to undo them on a reorg, and to link to the transaction. */
public record LogPosition(long blockNumber, long blockTimestamp, String transactionHash, int logIndex) {
}
