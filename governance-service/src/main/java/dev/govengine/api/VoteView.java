package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.governance.HeadRange;
import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.VoteRecord;
import dev.govengine.live.IndexedVote;
import java.math.BigInteger;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * A vote, from a query or a subscription; its proposal is a batched field (VoteResource). Its finality was read with
 * it, at the head its query or its announcement read.
 */
@Type("Vote")
@Description("One account's vote on a proposal, as its VoteCast event recorded it.")
public record VoteView(
        @Ignore String governorId,
        @Ignore BigInteger proposalId,
        @NonNull @Description("EIP-55 checksummed.") String voter,
        @NonNull VoteSupport support,
        @NonNull @Description("Voting power at the proposal's snapshot, decimal.") String weight,
        @NonNull String reason,
        @Description("VoteCastWithParams' params, 0x-prefixed hex; null for a plain VoteCast.") String params,
        @NonNull String blockNumber,
        @NonNull String txHash,
        int logIndex,
        @Name("final") @Description("True once the vote's block is final.") boolean isFinal,
        @Ignore HeadRange holds) implements HeadDependent {

    static VoteView of(IndexedVote vote) {
        return new VoteView(vote.governorId(), vote.proposalId(), vote.voter().toString(),
                VoteSupport.of(vote.support()), vote.weight().toString(), vote.reason(), vote.params(),
                Long.toString(vote.blockNumber()), vote.txHash(), vote.logIndex(), vote.isFinal(), vote.holds());
    }

    static VoteView of(VoteRecord vote) {
        return new VoteView(vote.governorId(), vote.proposalId(), vote.voter().toString(),
                VoteSupport.of(vote.support()), vote.weight().toString(), vote.reason(), vote.params(),
                Long.toString(vote.blockNumber()), vote.txHash(), vote.logIndex(), vote.isFinal(), vote.holds());
    }

    ProposalKey proposal() {
        return new ProposalKey(governorId, proposalId);
    }
}
