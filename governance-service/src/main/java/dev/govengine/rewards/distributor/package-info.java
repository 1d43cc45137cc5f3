/**
 * The RewardDistributor contract as the engine reads it: its roots' lifecycle, the claims, its emergency controls and
 * settings, indexed as a log source ({@link DistributorSource}, decoded by {@link DistributorLogDecoder} into
 * {@link DistributorEvent}s) and read back by {@link DistributorHistory} (the claimed amounts, a root's lifecycle).
 *
 * <p>Depends on {@code sync}, {@code deployment}, {@code chain}, {@code persistence}, {@code types} and the generated
 * wrappers, and on nothing of the reward computation: it could sit lower, and sits just below its reader, the
 * lifecycle, which follows what became of each root it submitted.
 */
package dev.govengine.rewards.distributor;
