/**
 * {@link EpochComputation}: the one function from an epoch's policy, contributions, carry and previous cumulative
 * amounts to its allocation and cumulative tree (scoring, allocation, the cumulative step, the tree). The offline
 * {@code epoch compute}, the lifecycle and {@code epoch verify} all go through it, so the three cannot disagree on a
 * root.
 *
 * <p>Pure, like the steps it chains: depends on {@code rewards.policy}, {@code rewards.scoring},
 * {@code rewards.allocation}, {@code rewards.tree} and {@code types}. It is a package of its own so that it sits above
 * all of those steps and below everything that reads an epoch's inputs from the index or the chain.
 */
package dev.govengine.rewards.computation;
