package dev.govengine.governance;

import java.math.BigInteger;
import org.eclipse.microprofile.graphql.Enum;

/**
 * One step of a proposal's life. {@code timepoint} is on the Governor's clock (a block number, or a timestamp in
 * timestamp mode). Steps from a transaction carry their block and hash; the voting window's ends are scheduled
 * timepoints with neither, and {@code reached} tells whether the clock at the indexed head has passed them;
 * {@code time} is when the step happened, or on a block clock when it is expected to (estimated until the head
 * reaches its block; null when it cannot be known); {@code holds} is where the head can move without changing any of
 * that.
 */
public record ProposalEvent(Kind kind, BigInteger timepoint, Long blockNumber, String txHash, boolean reached,
        BlockTime time, HeadRange holds) {
    /** In lifecycle order, which is also the timeline's order. */
    @Enum("ProposalEventKind")
    public enum Kind {
        CREATED, VOTING_STARTS, EXTENDED, VOTING_ENDS, QUEUED, EXECUTED, CANCELED
    }
}
