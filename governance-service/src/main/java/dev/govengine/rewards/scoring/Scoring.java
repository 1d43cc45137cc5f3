package dev.govengine.rewards.scoring;

import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an epoch's contributions into one score per account and program, summed over the account's contributions:
 * DePIN {@code gpuSeconds × class weight × qualityBps} per receipt, rollup {@code kind weight × amount} per event.
 * Governance scores each voter once: over the epoch's counted proposals, the weight the voter cast in each (or its
 * integer square root), added up. That sum is {@code N × weight × participation}, N the number of counted proposals,
 * weight the voter's mean over the proposals it voted in and participation the share of the N it voted in; N is the
 * same for every voter, and leaving it out keeps the score exact. Integers only, so the scores are the same everywhere.
 */
public final class Scoring {
    private Scoring() {
    }

    public static Map<Program, List<Score>> score(ScoringPolicy policy, List<DepinReceipt> receipts,
                                                  List<RollupEvent> rollupEvents, List<GovernanceVote> votes) {
        Map<ChecksumAddress, BigInteger> depin = new TreeMap<>();
        for (DepinReceipt receipt : receipts) {
            BigInteger score = receipt.gpuSeconds()
                    .multiply(policy.gpuClassWeight(receipt.gpuClass()))
                    .multiply(BigInteger.valueOf(receipt.qualityBps()));
            depin.merge(receipt.provider(), score, BigInteger::add);
        }
        Map<ChecksumAddress, BigInteger> rollup = new TreeMap<>();
        for (RollupEvent event : rollupEvents) {
            rollup.merge(event.contributor(), policy.rollupKindWeight(event.kind()).multiply(event.amount()), BigInteger::add);
        }
        Map<ChecksumAddress, BigInteger> governance = new TreeMap<>();
        castPerProposal(votes).forEach((voter, byProposal) -> byProposal.values().forEach(weight ->
                governance.merge(voter, policy.governanceMode() == GovernanceMode.SQUARE_ROOT ? weight.sqrt() : weight,
                        BigInteger::add)));
        Map<Program, List<Score>> scores = new EnumMap<>(Program.class);
        scores.put(Program.DEPIN, toScores(depin));
        scores.put(Program.ROLLUP, toScores(rollup));
        scores.put(Program.GOVERNANCE, toScores(governance));
        return scores;
    }

    /**
     * The weight each voter cast per proposal. Partial votes are added before any square root, so splitting one's
     * weight over several votes in a proposal gains nothing.
     */
    private static Map<ChecksumAddress, Map<BigInteger, BigInteger>> castPerProposal(List<GovernanceVote> votes) {
        Map<ChecksumAddress, Map<BigInteger, BigInteger>> cast = new TreeMap<>();
        for (GovernanceVote vote : votes) {
            cast.computeIfAbsent(vote.voter(), voter -> new TreeMap<>()).merge(vote.proposalId(), vote.weight(),
                    BigInteger::add);
        }
        return cast;
    }

    private static List<Score> toScores(Map<ChecksumAddress, BigInteger> byAccount) {
        List<Score> scores = new ArrayList<>(byAccount.size());
        byAccount.forEach((account, score) -> scores.add(new Score(account, score)));
        return scores;
    }
}
