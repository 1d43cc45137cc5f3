package dev.govengine.api;

import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.VoteRecord;
import dev.govengine.governance.VoteSupport;
import java.math.BigInteger;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Vote")
@Description("One vote cast (VoteCast or VoteCastWithParams).")
public record VoteView(
        @Ignore String governorId,
        @Ignore BigInteger proposalKey,
        @NonNull String voter,
        @NonNull VoteSupport support,
        @NonNull @Description("Voting power counted, in the token's base units.") String weight,
        @NonNull String reason,
        @Description("The params of castVoteWithReasonAndParams, 0x-prefixed hex; null for other votes.") String params,
        @NonNull String blockNumber,
        @NonNull String txHash,
        int logIndex,
        @Name("final") @Description("True once the vote's block is final.") boolean isFinal) {

    static VoteView of(VoteRecord vote) {
        return new VoteView(vote.governorId(), vote.proposalId(), vote.voter().toString(), vote.support(),
                vote.weight().toString(), vote.reason(), vote.params(), Long.toString(vote.blockNumber()),
                vote.txHash(), vote.logIndex(), vote.isFinal());
    }

    ProposalKey proposal() {
        return new ProposalKey(governorId, proposalKey);
    }
}
