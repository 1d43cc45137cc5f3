package dev.govengine.governance;

import java.math.BigInteger;
import org.eclipse.microprofile.graphql.Enum;

/**
 * One step of a proposal's life. {@code timepoint} is on the Governor's clock (a block number, or a timestamp in
 * timestamp mode). Steps from a transaction carry their block and hash; the voting window's ends are scheduled
 * timepoints with neither, and {@code reached} tells whether the clock at the indexed head has passed them;
 * {@code holds} is where the head can move without changing that.
 */
public record ProposalEvent(Kind kind, BigInteger timepoint, Long blockNumber, String txHash, boolean reached,
        HeadRange holds) {
    /** In lifecycle order, which is also the timeline's order. */
    @Enum("ProposalEventKind")
    public enum Kind {
        CREATED, VOTING_STARTS, EXTENDED, VOTING_ENDS, QUEUED, EXECUTED, CANCELED
    }
}
