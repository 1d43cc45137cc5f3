/**
 * An epoch's inputs: read from the index, and published as one canonical JSON document from which anyone can check
 * them against the chain and recompute the root (docs/REWARDS.md, "An epoch's inputs document").
 *
 * <p>Depends on {@code rewards.computation} (what the document feeds), {@code rewards.policy},
 * {@code rewards.scoring}, {@code rewards.allocation}, {@code persistence} and {@code types}. It reads the rows that
 * {@code contributions} and the indexer write, so it sits above both.
 *
 * <ul>
 * <li>{@link EpochContributionReader}: an epoch's receipts, rollup contributions and governance votes, read from the
 *     index in a fixed order, so that any replica or verifier reading the same epoch gets the same lists.</li>
 * <li>{@link EpochInputs}: the document ({@code govengine-epoch-inputs/1}), every on-chain fact given by reference
 *     beside its value; a document that is not canonical is an {@link InvalidEpochInputsException}.</li>
 * <li>{@link EpochInputsStore}: the stored documents, one per computed epoch (migration V30).</li>
 * </ul>
 */
package dev.govengine.rewards.inputs;
