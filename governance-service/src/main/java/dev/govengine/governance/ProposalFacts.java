package dev.govengine.governance;

import java.math.BigInteger;

/**
 * What the index knows of a proposal at its head: enough to answer {@code state()} exactly as the Governor would.
 * {@code deadline} already includes any ProposalExtended; {@code quorum} is null until read at the snapshot.
 */
public record ProposalFacts(
        boolean executed,
        boolean canceled,
        BigInteger snapshot,
        BigInteger deadline,
        BigInteger eta,
        BigInteger quorum,
        Tally tally) {
}
