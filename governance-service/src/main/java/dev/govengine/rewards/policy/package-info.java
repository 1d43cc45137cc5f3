/**
 * The RewardPolicy contract as the engine reads it: its events indexed into one full snapshot per version, and the
 * policy in force at a block or a timestamp (docs/REWARDS.md, "Inputs from the chain").
 *
 * <p>Depends on {@code sync} (it is a log source), {@code deployment} (which contract), {@code chain},
 * {@code persistence}, {@code types} and the generated wrappers. It sits below {@code contributions} and
 * {@code rewards.scoring} because both take their rules from it: the verifier set a receipt is checked against, and
 * the weights a contribution is scored with.
 *
 * <ul>
 * <li>{@link PolicySource}: the contract as a log source; each range folds its changes onto the latest stored version
 *     in the same transaction, so the stored snapshots always match the cursor.</li>
 * <li>{@link PolicyLogDecoder} and {@link PolicyChange} (one event), {@link PolicyFold} (events into full snapshots,
 *     refusing a gap in the versions), {@link PolicyRows} (the {@code policy_version} table).</li>
 * <li>{@link PolicySnapshot} and {@link PolicyHistory}: the policy after each change, and the one in force at a block
 *     or a timestamp, as far as the index has read.</li>
 * <li>{@link ScoringPolicy} and {@link GovernanceMode}: the parts of the policy scoring reads (GPU-class and
 *     rollup-kind weights, how a vote's weight becomes a score).</li>
 * </ul>
 */
package dev.govengine.rewards.policy;
