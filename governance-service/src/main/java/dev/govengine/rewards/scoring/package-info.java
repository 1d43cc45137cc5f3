/**
 * Scores: {@link Scoring} turns an epoch's verified contributions ({@link DepinReceipt}, {@link RollupEvent},
 * {@link GovernanceVote}) into one {@link Score} per account and {@link Program} under the policy's
 * {@code ScoringPolicy} (GPU-class and rollup-kind weights, the governance mode). The rules are in docs/REWARDS.md.
 *
 * <p>Pure: no database, no chain. Depends only on {@code rewards.policy} (the weights) and {@code types}.
 * {@code Program} and {@code Score} live here rather than in {@code rewards.allocation} because scoring makes them and
 * allocation, above it, takes them.
 */
package dev.govengine.rewards.scoring;
