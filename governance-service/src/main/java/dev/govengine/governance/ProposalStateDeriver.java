package dev.govengine.governance;

import java.math.BigInteger;

/**
 * A proposal's {@code state()} at the indexed head: the Governor's own answer, read at that block with the range
 * that reached it, and where the node has not answered for the proposal, OpenZeppelin 5's {@code Governor.state()}
 * recomputed from indexed facts. No event marks Pending → Active → Defeated/Succeeded; those follow from the clock,
 * so the recomputed state is derived at a timepoint rather than stored.
 */
public final class ProposalStateDeriver {
    private ProposalStateDeriver() {
    }

    /**
     * @param now the Governor's clock at the indexed head: its block number, or its timestamp in timestamp mode
     * @throws IllegalStateException if quorum is needed and has not been read yet
     */
    public static ProposalState derive(ProposalFacts proposal, BigInteger now) {
        if (proposal.reading() != null) {
            return proposal.reading().state();
        }
        if (proposal.executed()) {
            return ProposalState.EXECUTED;
        }
        if (proposal.canceled()) {
            return ProposalState.CANCELED;
        }
        if (proposal.snapshot().compareTo(now) >= 0) {
            return ProposalState.PENDING;
        }
        if (proposal.deadline().compareTo(now) >= 0) {
            return ProposalState.ACTIVE;
        }
        if (!quorumReached(proposal) || !voteSucceeded(proposal.tally())) {
            return ProposalState.DEFEATED;
        }
        if (proposal.eta() == null || proposal.eta().signum() == 0) {
            return ProposalState.SUCCEEDED;
        }
        // GovernorTimelockControl: executed or cancelled directly on the timelock, not through the Governor.
        return switch (proposal.timelock()) {
            case NONE -> ProposalState.QUEUED;
            case EXECUTED -> ProposalState.EXECUTED;
            case CANCELLED -> ProposalState.CANCELED;
        };
    }

    /**
     * The readings of the clock at which {@link #derive} answers as it does at {@code now} from the same facts:
     * Pending up to the snapshot, Active from after the snapshot up to the deadline, what follows the vote from
     * after the deadline on; a state an event set holds at any reading. The Governor's answer holds at any: the
     * indexer writes a new one, with the head it was read at, whenever it changes.
     */
    public static HeadRange holding(ProposalFacts proposal, BigInteger now, boolean timestampClock) {
        if (proposal.reading() != null || proposal.executed() || proposal.canceled()) {
            return HeadRange.ALWAYS;
        }
        if (proposal.snapshot().compareTo(now) >= 0) {
            return HeadRange.clock(timestampClock, null, proposal.snapshot());
        }
        if (proposal.deadline().compareTo(now) >= 0) {
            return HeadRange.clock(timestampClock, proposal.snapshot().add(BigInteger.ONE), proposal.deadline());
        }
        return HeadRange.clock(timestampClock, proposal.deadline().add(BigInteger.ONE), null);
    }

    /** GovernorCountingSimple: for and abstain votes count towards quorum. */
    private static boolean quorumReached(ProposalFacts proposal) {
        if (proposal.quorum() == null) {
            throw new IllegalStateException("quorum at snapshot " + proposal.snapshot() + " has not been read yet");
        }
        return proposal.quorum().compareTo(proposal.tally().forVotes().add(proposal.tally().abstain())) <= 0;
    }

    private static boolean voteSucceeded(Tally tally) {
        return tally.forVotes().compareTo(tally.against()) > 0;
    }
}
