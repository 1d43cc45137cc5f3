package dev.govengine.governance;

import java.util.List;

/**
 * A proposal with everything a wallet's proposal page shows, read in one statement: the record (state, tally), the
 * position of its creation log (the list's keyset), its actions, its timeline, whether all of it is final, when it
 * was created and when its vote starts and ends (null: not known, see {@link ProposalEvent}), and the heads at which
 * its state, timeline, times and finality all read the same; and how many votes it has (its tally's count, what
 * its vote list's totalCount answers).
 */
public record ProposalDetail(ProposalRecord proposal, int createdLogIndex, List<ProposalAction> actions,
        List<ProposalEvent> timeline, boolean isFinal, long createdAt, BlockTime voteStartAt, BlockTime voteEndAt,
        HeadRange holds, HeadRange stateHolds, long voteCount) {

    public ProposalKey key() {
        return new ProposalKey(proposal.governorId(), proposal.proposalId());
    }
}
