/**
 * {@code epoch verify}: epochs recomputed by someone who does not trust the stored results, and compared with the root
 * the distributor holds (docs/REWARDS.md, "Verifying an epoch").
 *
 * <ul>
 * <li>{@link EpochVerifier}: epochs 1 to N recomputed from the index and the chain, with their blocks found by
 *     {@code EpochChain.blocks} (the lifecycle's close uses the same method), the policy in force at each epoch's last
 *     block, {@code EpochContributionReader}, and the carry and cumulative amounts of the verifier's own previous
 *     epoch, all through {@code EpochComputation}. Epoch N's root and total are then compared with the distributor's
 *     {@code epochRoot(N)}. Stored results are read only to report whether they agree, so a mistake in them cannot
 *     hide. It refuses (CANNOT_VERIFY, with the reason) rather than compare inputs that may still change: an epoch
 *     whose end no final block covers yet, an index behind the epoch's last block, or no root on chain.</li>
 * <li>{@link InputsVerifier}: with {@code --inputs}, the published inputs document checked against the chain, then
 *     recomputed, with no database and no index.</li>
 * <li>{@link EpochVerification}: the verdict and what was found.</li>
 * </ul>
 *
 * <p>Depends on {@code rewards.lifecycle} ({@code EpochChain}) and the reward track below it, {@code governance} (the
 * Governor's events, for the counted proposals), {@code deployment}, {@code chain}, {@code types} and the generated
 * wrappers. It sits above the lifecycle so that it reads the chain exactly as the lifecycle does.
 */
package dev.govengine.rewards.verify;
