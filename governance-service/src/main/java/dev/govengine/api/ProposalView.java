package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.api.cache.ReadsRows;
import dev.govengine.api.cache.Table;
import dev.govengine.governance.HeadRange;
import dev.govengine.governance.ProposalDetail;
import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.ProposalRecord;
import dev.govengine.governance.ProposalState;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Proposal")
@Description("A proposal as the index knows it at its head. Quantities are decimal strings.")
public record ProposalView(
        @NonNull @Description("The proposal id, decimal.") String proposalId,
        @NonNull GovernorView governor,
        @NonNull String proposer,
        @NonNull @Description("The description's first line, without markdown heading marks.") String title,
        @NonNull String description,
        @NonNull @Description("What the Governor's state() returns at the indexed head.") ProposalState state,
        @NonNull @Description("The snapshot timepoint: a block number, or a timestamp in timestamp mode.") String voteStart,
        @NonNull @Description("The voting deadline, including any extension.") String voteEnd,
        @NonNull @Description("The time of the block that created the proposal, ISO-8601 in UTC (2026-12-06T11:57:28Z).") String createdAt,
        @Description(VOTE_START_AT) String voteStartAt,
        @Description("Whether voteStartAt is an estimate: a block-clock snapshot the indexed head has not reached.") boolean voteStartEstimated,
        @Description(VOTE_END_AT) String voteEndAt,
        @Description("Whether voteEndAt is an estimate: a block-clock deadline the indexed head has not reached.") boolean voteEndEstimated,
        @Description("Quorum at the snapshot; null until the snapshot is past.") String quorum,
        @NonNull String forVotes,
        @NonNull String againstVotes,
        @NonNull String abstainVotes,
        @Description("Accounts that voted; one that voted several times (fractional counting) counts once.") int voterCount,
        @NonNull List<@NonNull ProposalActionView> actions,
        @Description("When a queued proposal may execute (seconds since the epoch); null unless queued.") String eta,
        @NonNull String createdBlock,
        @NonNull String createdTxHash,
        @Name("final") @Description("True once every block this proposal's data came from is final.") boolean isFinal,
        @NonNull @Description("The proposal's lifecycle in order: created, voting starts, extended, voting ends, queued, executed, canceled, as far as they apply.")
        List<@NonNull ProposalEventView> timeline,
        @Ignore HeadRange holds,
        @Ignore HeadRange stateHolds,
        @Ignore long voteCount,
        @Ignore VotesAhead votesAhead) implements HeadDependent, ReadsRows {
    static final String VOTE_START_AT = "The time of voteStart, ISO-8601 in UTC (2026-12-06T11:57:28Z): on a timestamp"
            + " clock the timepoint itself; on a block clock the snapshot block's timestamp once the indexed head has"
            + " reached it, and before that an estimate (voteStartEstimated): the head's timestamp plus the blocks to"
            + " go times the chain's recent block time, the median pace between the last ten indexed headers."
            + " Null when it cannot be known: a Governor on a clock of its own (an L2 counting L1 blocks), or no block"
            + " time measured yet.";
    static final String VOTE_END_AT = "The time of voteEnd, the deadline with any extension, ISO-8601 in UTC, read or"
            + " estimated as voteStartAt is (voteEndEstimated).";

    static ProposalView of(ProposalDetail detail, GovernorView governor) {
        return of(detail, governor, null);
    }

    /** {@code votesAhead}: a page of its votes read beside it, or null. */
    static ProposalView of(ProposalDetail detail, GovernorView governor, VotesAhead votesAhead) {
        ProposalRecord proposal = detail.proposal();
        return new ProposalView(proposal.proposalId().toString(), governor, proposal.proposer().toString(),
                proposal.title(), proposal.description(), proposal.state(), proposal.voteStart().toString(),
                proposal.voteEnd().toString(), Times.iso(detail.createdAt()), Times.iso(detail.voteStartAt()),
                Times.estimated(detail.voteStartAt()), Times.iso(detail.voteEndAt()),
                Times.estimated(detail.voteEndAt()), GovernorView.text(proposal.quorum()),
                proposal.tally().forVotes().toString(), proposal.tally().against().toString(),
                proposal.tally().abstain().toString(), Math.toIntExact(proposal.tally().voters()),
                detail.actions().stream().map(ProposalActionView::of).toList(),
                GovernorView.text(proposal.state() == ProposalState.QUEUED ? proposal.eta() : null),
                Long.toString(proposal.createdBlock()), proposal.createdTxHash(),
                detail.isFinal(),
                detail.timeline().stream().map(event -> ProposalEventView.of(proposal.governorId(), event)).toList(),
                detail.holds(), detail.stateHolds(), detail.voteCount(), votesAhead);
    }

    /**
     * The hash of its key alone. A view is the key its votes are batched by, which SmallRye's data loader hashes
     * several times a page, and the record's own hash walked every field each time (the description, every action,
     * decoded argument and lifecycle event). Equality stays the record's, field by field.
     */
    @Override
    public int hashCode() {
        return 31 * governor.id().hashCode() + proposalId.hashCode();
    }

    @Ignore
    @Override
    public String governorId() {
        return governor.id();
    }

    /** Its tally, the Governor's answers about it, and its votes (Proposal.votes), and nothing of other proposals'. */
    @Ignore
    @Override
    public Set<Table.Row> rowsRead() {
        return Set.of(Table.PROPOSAL_TALLY.row(Table.Key.PROPOSAL, governor.id(), proposalId),
                Table.PROPOSAL_CHAIN_STATE.row(Table.Key.PROPOSAL, governor.id(), proposalId),
                Table.VOTE.row(Table.Key.PROPOSAL, governor.id(), proposalId));
    }

    /**
     * What the proposal was created with reads the same at any head, and its state where the state holds; the
     * other fields where all of them hold (estimated times are estimated afresh every few blocks).
     */
    @Ignore
    @Override
    public HeadRange holds(String field) {
        return switch (field) {
            case "proposalId", "governor", "proposer", "title", "description", "createdAt", "createdBlock",
                    "createdTxHash", "actions" -> HeadRange.ALWAYS;
            case "state" -> stateHolds;
            default -> holds;
        };
    }

    /**
     * What the proposal was created with depends on none of its rows, and the state on the tally only once voting
     * has closed: a Pending or Active state is the Governor's answer, or derived from the head alone, whose move past
     * the vote window retires the answer ({@link #holds}). So a vote leaves served the lists that show the proposal
     * by its title and state (an account's votes), and retires its page.
     */
    @Ignore
    @Override
    public Set<Table.Row> rowsRead(String field) {
        return switch (field) {
            case "proposalId", "governor", "proposer", "title", "description", "createdAt", "createdBlock",
                    "createdTxHash", "actions" -> Set.of();
            case "state" -> state == ProposalState.PENDING || state == ProposalState.ACTIVE
                    ? Set.of(Table.PROPOSAL_CHAIN_STATE.row(Table.Key.PROPOSAL, governor.id(), proposalId))
                    : Set.of(Table.PROPOSAL_TALLY.row(Table.Key.PROPOSAL, governor.id(), proposalId),
                            Table.PROPOSAL_CHAIN_STATE.row(Table.Key.PROPOSAL, governor.id(), proposalId));
            default -> rowsRead();
        };
    }

    ProposalKey key() {
        return new ProposalKey(governor.id(), new BigInteger(proposalId));
    }
}
