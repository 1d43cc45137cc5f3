package dev.govengine.governance;

import static dev.govengine.persistence.Numerics.bigInteger;

import io.vertx.mutiny.sqlclient.Row;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Set;

/**
 * A Governor's own answers about one proposal at one block: {@code state()}, {@code proposalVotes()},
 * {@code quorum(snapshot)}, {@code proposalDeadline()} and {@code proposalEta()}. Each but the state is null where
 * the Governor does not answer it: no such function (an unknown counting module has no {@code proposalVotes}), a
 * quorum asked before its snapshot, an eta of 0 (not queued).
 */
public record ProposalReading(ProposalState state, BigInteger against, BigInteger forVotes, BigInteger abstain,
        BigInteger quorum, BigInteger deadline, BigInteger eta) {
    /** States no call can leave: the index stops asking the Governor about such a proposal. */
    public static final Set<ProposalState> TERMINAL = EnumSet.of(ProposalState.EXECUTED, ProposalState.CANCELED,
            ProposalState.DEFEATED, ProposalState.EXPIRED);

    /** The join of a proposal ({@code p}) to its stored answers ({@code s}), for {@link #SQL_COLUMNS}. */
    public static final String SQL_JOIN = """
            LEFT JOIN proposal_chain_state s ON s.governor_id = p.governor_id AND s.proposal_id = p.proposal_id""";
    /** The stored answers' columns, named for {@link #of}. */
    public static final String SQL_COLUMNS = """
            s.state AS chain_state, s.against AS chain_against, s.for_votes AS chain_for, s.abstain AS chain_abstain,
            s.quorum AS chain_quorum, s.deadline AS chain_deadline, s.eta AS chain_eta, s.stale_since AS chain_stale_since""";

    /** The answers stored for a proposal, from a row with {@link #SQL_COLUMNS}; null when there are none. */
    public static ProposalReading of(Row row) {
        String state = row.getString("chain_state");
        if (state == null) {
            return null;
        }
        return new ProposalReading(ProposalState.valueOf(state), bigInteger(row.getNumeric("chain_against")),
                bigInteger(row.getNumeric("chain_for")), bigInteger(row.getNumeric("chain_abstain")),
                bigInteger(row.getNumeric("chain_quorum")), bigInteger(row.getNumeric("chain_deadline")),
                bigInteger(row.getNumeric("chain_eta")));
    }

    public boolean terminal() {
        return TERMINAL.contains(state);
    }

    /** The tallies as the Governor counts them; null when it has no {@code proposalVotes}. */
    public Tally tally(long voters) {
        return against == null ? null : new Tally(against, forVotes, abstain, voters);
    }

    /** A later reading in which the quorum, once known, stays known: it is asked only until it answers. */
    public ProposalReading keepingQuorum(BigInteger known) {
        return quorum != null || known == null ? this
                : new ProposalReading(state, against, forVotes, abstain, known, deadline, eta);
    }
}
