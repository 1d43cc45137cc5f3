/**
 * The reward epochs' steps, {@code OPEN → CLOSED → COMPUTED → SUBMITTED → (DISPUTED →) FINALIZED} or
 * {@code SUBMIT_FAILED}, driven on one replica (docs/ARCHITECTURE.md, "The epoch lifecycle").
 *
 * <p>The top of the reward track: it depends on what it drives ({@code rewards.epoch}, {@code rewards.policy},
 * {@code contributions}, {@code rewards.inputs}, {@code rewards.computation}, {@code rewards.allocation},
 * {@code rewards.store}, {@code rewards.distributor}, {@code submission}) and on {@code sync}, {@code deployment},
 * {@code chain}, {@code persistence}, {@code config}, {@code types} and the generated wrappers.
 *
 * <ul>
 * <li>{@link EpochLifecycle}: the steps, each a compare-and-set from the status it starts at, whatever it writes
 *     elsewhere idempotent. {@link EpochScheduler} runs them every tick on the replica holding
 *     {@link EpochDriverLock} (elsewhere {@link EpochDriverElsewhereException}).</li>
 * <li>{@link EpochLedger}: the {@code reward_epoch} rows ({@link EpochRecord}).</li>
 * <li>{@link EpochChain}: the deployment's chain, the calendar, an epoch's blocks, index coverage and the distributor's
 *     {@code epochRoot}; {@code epoch verify} finds an epoch's blocks through it too, so the two agree.</li>
 * <li>{@link EpochInputsAssembler}: a closed epoch's inputs document, built and stored before the computation reads it
 *     back.</li>
 * <li>{@link ForeignRoots} and {@link ForeignRootsHealthCheck}: roots on the distributor that this engine did not
 *     compute.</li>
 * <li>{@link RewardContractSources}: the active deployment's reward contracts (the policy, the distributor, each
 *     contract the rollup mapping reads) as the indexer's log sources; here, because it names sources of three
 *     packages below.</li>
 * <li>{@link EpochNotReadyException}: a step that cannot run yet, with what it waits for.</li>
 * </ul>
 */
package dev.govengine.rewards.lifecycle;
