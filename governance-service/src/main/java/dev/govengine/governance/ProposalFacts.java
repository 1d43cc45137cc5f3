package dev.govengine.governance;

import java.math.BigInteger;

/**
 * What the index knows of a proposal at its head: enough to answer {@code state()} exactly as the Governor would.
 * {@code deadline} already includes any ProposalExtended; {@code quorum} is null until read at the snapshot;
 * {@code timelock} is what the governor's timelock did with the proposal's operation; {@code reading} is the
 * Governor's own answers at the indexed head, null until the node has answered for the proposal.
 */
public record ProposalFacts(
        boolean executed,
        boolean canceled,
        BigInteger snapshot,
        BigInteger deadline,
        BigInteger eta,
        BigInteger quorum,
        Tally tally,
        TimelockOutcome timelock,
        ProposalReading reading) {

    /** What the timelock has done with a queued proposal's operation, as far as its events tell. */
    public enum TimelockOutcome {
        /** Nothing seen: the operation is pending (or there is no timelock). */
        NONE,
        /** CallExecuted: the operation is done. */
        EXECUTED,
        /** Cancelled, and never executed. */
        CANCELLED;

        /** The name of {@link #SQL_COLUMN} in a row. */
        public static final String SQL_NAME = "timelock_executed";

        /**
         * A select-list column over {@code proposal p}, named {@link #SQL_NAME}: whether any CallExecuted came for its
         * operation, null when the timelock emitted nothing for it. {@link #of} reads it.
         */
        public static final String SQL_COLUMN = """
                (SELECT bool_or(e.event = 'CallExecuted') FROM timelock_operation_event e
                 WHERE e.governor_id = p.governor_id AND e.operation_id = p.timelock_operation)""" + " AS " + SQL_NAME;

        public static TimelockOutcome of(Boolean executed) {
            if (executed == null) {
                return NONE;
            }
            return executed ? EXECUTED : CANCELLED;
        }
    }

    /** Facts of a proposal whose operation the timelock has done nothing with, and that the node has not answered for. */
    public ProposalFacts(boolean executed, boolean canceled, BigInteger snapshot, BigInteger deadline, BigInteger eta,
            BigInteger quorum, Tally tally) {
        this(executed, canceled, snapshot, deadline, eta, quorum, tally, TimelockOutcome.NONE, null);
    }
}
