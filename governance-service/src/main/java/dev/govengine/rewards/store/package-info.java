/**
 * Computed epochs in PostgreSQL (migration V5), and the claims served from them.
 *
 * <p>Depends on {@code rewards.tree}, {@code rewards.allocation}, {@code rewards.scoring}, {@code governance} (a
 * token's metadata is read as discovery reads it), {@code deployment}, {@code chain} (a claim reads the distributor),
 * {@code persistence}, {@code config} and {@code types}.
 *
 * <ul>
 * <li>{@link RewardStore}: saves an {@link EpochResult} (allocation, cumulative amounts and tree, for a
 *     {@link Distributor}) in one transaction: the result row, then one row per leaf with its allocation and its
 *     value's index, loaded by one binary {@code COPY} over JDBC (the reactive client has no {@code COPY}) while the
 *     tree may still be hashed, then the tree's node array once (V41) and each value's tree index (V50), from which
 *     the database reads each proof by index arithmetic ({@code reward_tree_index}, {@code reward_tree_proof});
 *     epochs stored before V50 keep the tree index in each leaf row, before V41 a proof, and read it from there. The same
 *     epoch and root again is a no-op ({@link SaveOutcome}); another root is an {@link EpochConflictException}. It
 *     reads epochs ({@link StoredEpoch}), one leaf (one primary-key read, {@link StoredLeaf}), an account's leaves
 *     across epochs, and writes an epoch's {@code standard-v1} dump from its rows and stored node array (rebuilding
 *     the tree from the rows for an epoch stored before V41), checked against the SHA-256 taken at save time, instead
 *     of storing the dump. Reads go through the reactive client. The save's writes share one
 *     JDBC connection of the default datasource, since the result row and the leaf rows must commit together and the
 *     leaves need {@code COPY}; they run on a worker thread because JDBC blocks.</li>
 * <li>{@link RewardClaims}: answers a claim ({@link Claim}): the live epoch and {@code claimed(account)} by eth_call (a
 *     pending or disputed root is not claimable), the stored leaf of the live epoch, and the ABI-encoded {@code claim}
 *     call. A live root not stored here is a {@link LiveRootNotStoredException}, a distributor it knows nothing of an
 *     {@link UnknownDistributorException}.</li>
 * <li>{@link RewardTokens}: the token a distributor pays in ({@link RewardToken}), read by eth_call once per process,
 *     so that amounts can be shown in whole tokens before a wallet connects.</li>
 * </ul>
 */
package dev.govengine.rewards.store;
