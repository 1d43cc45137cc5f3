package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.governance.HeadRange;
import dev.govengine.governance.ProposalKey;
import dev.govengine.governance.VoteRecord;
import dev.govengine.governance.VoteSplit;
import dev.govengine.live.IndexedVote;
import dev.govengine.types.ChecksumAddress;
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
@Description("One VoteCast of an account on a proposal. Under fractional counting an account may vote several times on one proposal, each with part of its weight.")
public record VoteView(
        @Ignore String governorId,
        @Ignore BigInteger proposalId,
        @NonNull @Description("EIP-55 checksummed.") String voter,
        @NonNull VoteSupport support,
        @Description("The support as cast, 0 to 255.") int supportValue,
        @NonNull @Description("The voting power this vote used, decimal: all of it at the proposal's snapshot, or part of it for a fractional vote.") String weight,
        @Description("The part of the weight counted against, decimal; null when the support is OTHER.") String againstWeight,
        @Description("The part of the weight counted for, decimal; null when the support is OTHER.") String forWeight,
        @Description("The part of the weight counted as abstain, decimal; null when the support is OTHER.") String abstainWeight,
        @NonNull String reason,
        @Description("VoteCastWithParams' params, 0x-prefixed hex; null for a plain VoteCast.") String params,
        @NonNull String blockNumber,
        @NonNull @Description("The time of the vote's block, ISO-8601 in UTC (2026-12-06T11:57:28Z).") String timestamp,
        @NonNull String txHash,
        int logIndex,
        @Name("final") @Description("True once the vote's block is final.") boolean isFinal,
        @Ignore HeadRange holds) implements HeadDependent {

    static VoteView of(IndexedVote vote) {
        return of(vote.governorId(), vote.proposalId(), vote.voter(), vote.support(), vote.weight(), vote.reason(),
                vote.params(), vote.blockNumber(), vote.blockTimestamp(), vote.txHash(), vote.logIndex(), vote.isFinal(),
                vote.holds());
    }

    static VoteView of(VoteRecord vote) {
        return of(vote.governorId(), vote.proposalId(), vote.voter(), vote.support(), vote.weight(), vote.reason(),
                vote.params(), vote.blockNumber(), vote.blockTimestamp(), vote.txHash(), vote.logIndex(), vote.isFinal(),
                vote.holds());
    }

    private static VoteView of(String governorId, BigInteger proposalId, ChecksumAddress voter, int support,
            BigInteger weight, String reason, String params, long blockNumber, long blockTimestamp, String txHash,
            int logIndex,
            boolean isFinal, HeadRange holds) {
        boolean known = VoteSplit.known(support, params);
        VoteSplit split = VoteSplit.of(support, weight, params);
        return new VoteView(governorId, proposalId, voter.toString(), VoteSupport.of(support), support,
                weight.toString(), known ? split.against().toString() : null,
                known ? split.forVotes().toString() : null, known ? split.abstain().toString() : null, reason, params,
                Long.toString(blockNumber), Times.iso(blockTimestamp), txHash, logIndex, isFinal, holds);
    }

    ProposalKey proposal() {
        return new ProposalKey(governorId, proposalId);
    }
}
