/**
 * The governors as the indexer's targets: which governors are indexed, one governor's cycle, the rows its logs become,
 * the Governor's own answers committed with each range, and how far the index has come.
 *
 * <p>Depends on {@code sync} (whose {@code SyncTarget} and {@code LogSource} it implements) and {@code governance}
 * (whose decoder and rules it applies), with {@code chain}, {@code persistence}, {@code config} and {@code types}. It
 * sits above both because it is where they meet: the pipeline stays generic and the Governor's rules stay free of the
 * indexer.
 *
 * <ul>
 * <li>{@link GovernorRegistry}: the governors of {@code gov.governors} and any registered later
 *     ({@link IndexedGovernor}: a Governor and its CAIP-10 id, the key of all its rows).</li>
 * <li>{@link GovernorTargets}: the registered governors as the coordinator's {@code SyncTarget}s. A governor's row is
 *     written the first time it runs, not at registration, which needs no database; its errors are stored on that
 *     row, where the API shows them.</li>
 * <li>{@link GovernorSyncer}: one governor's cycle: discovery the first time, its {@link GovernorSource} (the Governor
 *     with its token and timelock) through the pipeline, then the quorums where no call answered.</li>
 * <li>{@link EarlyGovernors}: the configured governors' discovery and first range, asked before the service has its
 *     database ({@code serve} on a fresh embedded one), for their first cycle to take in place of asking.</li>
 * <li>{@link GovernorRows}: the rows a governor's logs become, written inside the range's transaction; the token's
 *     Transfers as one net change per account and block ({@link BalanceChanges}).</li>
 * <li>{@link VoteIndexes}: {@code vote}'s read indexes, left out of a backfill into an empty table and built once it
 *     has caught up.</li>
 * <li>{@link TokenBalanceSeed}: the balances the token held before the start block, summed once from its Transfers
 *     below it.</li>
 * <li>{@link ProposalChainStates}: the Governor's own answers about its open proposals at the range's last block,
 *     committed with the range (docs/ARCHITECTURE.md, "Ask the chain").</li>
 * <li>{@link GovernorStore}: the governor indexer's own reads and small writes: governors, their discovery and errors,
 *     quorums.</li>
 * <li>{@link IndexerStatusService} ({@link ChainStatus}, {@link GovernorSyncStatus}) and
 *     {@link GovernorsReadinessCheck}: how far each chain and governor is indexed, and readiness once every governor
 *     has finished its first cycle and while one of them is served.</li>
 * </ul>
 */
package dev.govengine.governance.index;
