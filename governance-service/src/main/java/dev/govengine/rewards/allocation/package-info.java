/**
 * The exact-integer core of an epoch: scores into amounts, with no database and no chain. The rules are in
 * docs/REWARDS.md.
 *
 * <p>Depends only on {@code rewards.scoring} (scores per program) and {@code types}.
 *
 * <ul>
 * <li>{@link EpochAllocator}: an {@link AllocationPolicy} and an {@link EpochInput} (budget, incoming carry, scores per
 *     program) into an {@link EpochAllocation} (per-program pools and shares, {@link Payout}s, the accounts below the
 *     minimum, the carry), every list in address order so that the input's order cannot change the result.</li>
 * <li>Its steps: {@link ProgramPools} (the split, with a leftover program), {@link WaterFilling} (caps),
 *     {@link LargestRemainder} (integer shares, ties to the lower address), giving {@link ProgramAllocation}s and
 *     {@link RecipientShare}s, which a {@link ShareList} holds as columns. {@link AccountOrder} sorts a million accounts by primitive keys rather than by comparing
 *     address objects.</li>
 * <li>{@link CumulativeAmounts}: an epoch's payouts added to the previous totals, yielding the tree's values in address
 *     order.</li>
 * </ul>
 */
package dev.govengine.rewards.allocation;
