/**
 * What earns rewards besides votes: DePIN work receipts, checked and stored as they come in through the API, and rollup
 * contributions, read from chain events through a configurable mapping (docs/ARCHITECTURE.md, "Work receipts
 * (contributions) and the epoch calendar"; docs/REWARDS.md).
 *
 * <p>Depends on {@code rewards.policy} (the verifier set), {@code rewards.epoch} (which epoch is current),
 * {@code sync} (the rollup contracts are log sources), {@code deployment}, {@code chain}, {@code persistence},
 * {@code config}, {@code types} and the generated wrappers. It does not score: what a contribution is worth is
 * {@code rewards.scoring}'s, above it.
 *
 * <p>Work receipts:
 * <ul>
 * <li>{@link WorkReceipt} (the EIP-712 struct; {@link ReceiptSubmission} is what a client sends, before any check),
 *     {@link WorkReceiptDomain} and {@link WorkReceiptHasher} (the digest), {@link ReceiptSignature} (recovery,
 *     {@link InvalidSignatureException} when none).</li>
 * <li>{@link ReceiptRules} (the checks, in the order of {@link ReceiptCode}) and {@link ReceiptContexts} (what a
 *     request is checked against, read once per request: a {@link ReceiptContext}).</li>
 * <li>{@link ReceiptIngestion} (parallel checks, then storage; one {@link ReceiptOutcome} per item),
 *     {@link ReceiptStore} (the SQL, one transaction per request), {@link NdjsonReceipts} (one line of an upload);
 *     {@link ReceiptsNotReadyException} and {@link ReceiptsTimeoutException} refuse a whole batch.</li>
 * <li>{@link ReceiptInvalidations}: an operator's invalidation of a verifier's receipts by intake time.</li>
 * </ul>
 *
 * <p>Rollup contributions:
 * <ul>
 * <li>{@link EventSignature}: an event declared as in Solidity, decoded through web3j's ABI decoder, its topic
 *     computed once.</li>
 * <li>{@link RollupKindMapping} and {@link RollupMapping}: the {@code gov.rewards.rollup.*} kinds, checked with every
 *     problem named by its key ({@link InvalidRollupMappingException}), and the defaults; {@link RollupMappingCheck}
 *     is their preflight check.</li>
 * <li>{@link RollupSource}: one contract's mapped events as a log source.</li>
 * </ul>
 */
package dev.govengine.contributions;
