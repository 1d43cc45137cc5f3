/**
 * The indexing pipeline, for any contract: a range of logs, decoded into rows, written in one transaction with its
 * cursor, and rolled back on a reorg (docs/ARCHITECTURE.md, "The indexer"). It knows no Governor and no reward
 * contract.
 *
 * <p><b>The plugin interfaces.</b> {@link LogSource} is what the pipeline indexes: some contracts on one chain under
 * one cursor, the topics read from them, the rows a range of their logs becomes, the blocks without a log whose
 * headers it refers to, and how to undo those rows above a block.
 * {@link SyncTarget} is a source with more to it, which the coordinator brings to its chain's head itself: a governor,
 * discovered first, keeping its errors where the API shows them. The modules above plug in through providers:
 * {@code governance.index} supplies the governors as a {@link SyncTargetProvider}, the reward track its contracts as a
 * {@link LogSourceProvider}, asked afresh every cycle. {@link ContractSource} is a source of one contract of the
 * engine's own (the policy, the distributor), with its id, cursor table ({@code source_cursor}) and address filled
 * in.
 *
 * <p>Depends on {@code chain}, {@code persistence}, {@code config} and {@code types}. Knowing no governor is what lets
 * the reward contracts get the same guarantees without a second pipeline, and what keeps {@code governance} free of
 * the indexer.
 *
 * <ul>
 * <li>{@link SyncCoordinator}: scheduled cycles, each chain on a thread of its own (its targets, then its other
 *     sources), while this replica holds {@link WriterLease}, the advisory lock "govindex"; and a cycle as soon as a
 *     chain's node announces a block ({@code chain.NewHeads}), the poll then being the safety net.</li>
 * <li>{@link LogSourceSyncer}: the pipeline every source runs through: the cursor checked against the canonical chain,
 *     then ranges up to the head, the next range read while the current one is written, and the chain's answers at
 *     a range's end asked while its rows are written.</li>
 * <li>{@link RangeWriter}: one range, one transaction, the cursor moved by compare-and-set
 *     ({@link ConcurrentWriterException} when it moved under this writer), and the {@link IndexedNotice} sent inside
 *     it, so that replicas hear of a range only once it commits.</li>
 * <li>{@link IndexedHook}: work of a module above that must commit with a governor's range or notice (the
 *     webhooks' outbox of state changes), run inside that transaction.</li>
 * <li>{@link ReorgRollback}: a source's rows above the common ancestor undone and its cursor moved back, in one
 *     transaction; {@link ReorgTooDeepException} stops a source whose ancestor is out of reach,
 *     {@link ReorgDuringFetchException} retries a range the chain moved under.</li>
 * <li>{@link EarlyRanges}: a source's first range read before the service has its database ({@code serve} on a fresh
 *     embedded one), which the pipeline takes once in place of its own first read, only if it still fits.</li>
 * <li>{@link SyncStore} (cursors and stored headers), {@link Cursor}, and {@link SyncProgress} (backfill logs and
 *     metrics).</li>
 * </ul>
 */
package dev.govengine.sync;
