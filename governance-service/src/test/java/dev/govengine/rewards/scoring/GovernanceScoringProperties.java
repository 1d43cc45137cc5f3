package dev.govengine.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.rewards.policy.ScoringPolicy;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * What governance scoring guarantees against the people it pays, over random epochs of counted proposals. A share is
 * a voter's score over the sum of all scores, compared exactly (by cross-multiplication). In linear mode, creating
 * proposals cannot multiply a weight, a proposal moves a voter's share only towards the part the voter cast in it, and
 * splitting a stake across addresses changes no share. In square-root mode splitting pays, by at most the square root
 * of the number of addresses: the trade-off docs/REWARDS.md states next to the cap.
 */
class GovernanceScoringProperties {
    private static final int VOTERS = 8;

    @Property(tries = 300)
    void replayingTheSameVotesInMoreProposalsChangesNoShare(@ForAll("epochs") List<GovernanceVote> votes,
            @ForAll @IntRange(min = 2, max = 5) int copies, @ForAll("modes") GovernanceMode mode) {
        List<GovernanceVote> replayed = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            BigInteger offset = BigInteger.valueOf(1_000L * copy);
            votes.forEach(v -> replayed.add(new GovernanceVote(v.proposalId().add(offset), v.voter(), v.weight())));
        }
        Map<ChecksumAddress, BigInteger> before = scores(votes, mode);
        Map<ChecksumAddress, BigInteger> after = scores(replayed, mode);
        before.forEach((voter, score) -> assertEquals(score.multiply(BigInteger.valueOf(copies)), after.get(voter),
                "every score grows by the same factor, so no share moves: " + voter));
    }

    @Property(tries = 300)
    void noScoreExceedsTheLargestWeightCastTimesTheCountedProposals(@ForAll("epochs") List<GovernanceVote> votes,
            @ForAll("modes") GovernanceMode mode) {
        Set<BigInteger> proposals = new HashSet<>();
        votes.forEach(v -> proposals.add(v.proposalId()));
        Map<ChecksumAddress, BigInteger> largest = new TreeMap<>();
        perProposal(votes).forEach((key, weight) -> largest.merge(key.voter(), weight, BigInteger::max));
        scores(votes, mode).forEach((voter, score) -> {
            BigInteger most = mode == GovernanceMode.SQUARE_ROOT ? largest.get(voter).sqrt() : largest.get(voter);
            assertTrue(score.compareTo(most.multiply(BigInteger.valueOf(proposals.size()))) <= 0,
                    voter + " scores " + score + ", its mean over " + proposals.size() + " proposals above " + most);
        });
    }

    @Property(tries = 300)
    void aNewProposalMovesEachLinearShareOnlyTowardsThePartCastInIt(@ForAll("epochs") List<GovernanceVote> votes,
            @ForAll("epochs") List<GovernanceVote> added) {
        List<GovernanceVote> more = new ArrayList<>(votes);
        BigInteger newId = BigInteger.valueOf(1_000_000);
        added.stream().filter(v -> v.proposalId().equals(added.get(0).proposalId()))
                .forEach(v -> more.add(new GovernanceVote(newId, v.voter(), v.weight())));
        Map<ChecksumAddress, BigInteger> before = scores(votes, GovernanceMode.LINEAR);
        Map<ChecksumAddress, BigInteger> after = scores(more, GovernanceMode.LINEAR);
        Map<ChecksumAddress, BigInteger> part = scores(more.subList(votes.size(), more.size()), GovernanceMode.LINEAR);
        BigInteger totalBefore = sum(before);
        BigInteger totalAfter = sum(after);
        BigInteger totalPart = sum(part);
        if (totalBefore.signum() == 0 || totalPart.signum() == 0) {
            return;
        }
        for (ChecksumAddress voter : after.keySet()) {
            BigInteger was = before.getOrDefault(voter, BigInteger.ZERO);
            BigInteger is = after.get(voter);
            BigInteger cast = part.getOrDefault(voter, BigInteger.ZERO);
            // is/totalAfter lies between was/totalBefore and cast/totalPart: it rises only if cast/totalPart is higher.
            int moved = compare(is, totalAfter, was, totalBefore);
            if (moved > 0) {
                assertTrue(compare(cast, totalPart, is, totalAfter) >= 0, voter + " gained beyond its part");
            } else if (moved < 0) {
                assertTrue(compare(cast, totalPart, is, totalAfter) <= 0, voter + " lost below its part");
            }
            if (cast.signum() == 0) {
                assertTrue(moved <= 0, voter + " did not vote in the new proposal and gained");
            }
        }
    }

    @Property(tries = 300)
    void splittingAStakeChangesNoLinearShare(@ForAll("epochs") List<GovernanceVote> votes,
            @ForAll @IntRange(min = 0, max = VOTERS - 1) int splitter,
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 0, max = 100) Integer> parts) {
        ChecksumAddress whole = voter(splitter);
        Map<ChecksumAddress, BigInteger> before = scores(votes, GovernanceMode.LINEAR);
        Map<ChecksumAddress, BigInteger> after = scores(split(votes, whole, parts), GovernanceMode.LINEAR);
        BigInteger combined = BigInteger.ZERO;
        for (int i = 0; i < parts.size(); i++) {
            combined = combined.add(after.getOrDefault(sybil(i), BigInteger.ZERO));
        }
        assertEquals(before.getOrDefault(whole, BigInteger.ZERO), combined, "the addresses score what the stake did");
        before.forEach((voter, score) -> {
            if (!voter.equals(whole)) {
                assertEquals(score, after.get(voter), "nobody else moves: " + voter);
            }
        });
    }

    @Property(tries = 300)
    void splittingAStakeInSquareRootModeGainsAtMostTheSquareRootOfTheAddresses(
            @ForAll("epochs") List<GovernanceVote> votes, @ForAll @IntRange(min = 0, max = VOTERS - 1) int splitter,
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 0, max = 100) Integer> parts) {
        ChecksumAddress whole = voter(splitter);
        Map<ChecksumAddress, BigInteger> after = scores(split(votes, whole, parts), GovernanceMode.SQUARE_ROOT);
        BigInteger combined = BigInteger.ZERO;
        for (int i = 0; i < parts.size(); i++) {
            combined = combined.add(after.getOrDefault(sybil(i), BigInteger.ZERO));
        }
        BigInteger bound = BigInteger.ZERO;
        BigInteger k = BigInteger.valueOf(parts.size());
        for (Map.Entry<Cast, BigInteger> cast : perProposal(votes).entrySet()) {
            if (cast.getKey().voter().equals(whole)) {
                bound = bound.add(cast.getValue().multiply(k).sqrt());
            }
        }
        BigInteger alone = scores(votes, GovernanceMode.SQUARE_ROOT).getOrDefault(whole, BigInteger.ZERO);
        assertTrue(alone.compareTo(combined) <= 0, "splitting never loses: " + alone + " > " + combined);
        assertTrue(combined.compareTo(bound) <= 0, "a split into " + k + " gains at most sqrt(" + k + "): "
                + combined + " > " + bound);
    }

    @Provide
    Arbitrary<List<GovernanceVote>> epochs() {
        Arbitrary<BigInteger> weight = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(4, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_000))),
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TEN.pow(24))));
        Arbitrary<GovernanceVote> vote = Combinators.combine(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, VOTERS - 1), weight)
                .as((proposal, voter, w) -> new GovernanceVote(BigInteger.valueOf(proposal), voter(voter), w));
        return vote.list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<GovernanceMode> modes() {
        return Arbitraries.of(GovernanceMode.class);
    }

    /** {@code whole}'s votes cast by new addresses instead, each weight cut in the proportions of {@code parts}. */
    private static List<GovernanceVote> split(List<GovernanceVote> votes, ChecksumAddress whole, List<Integer> parts) {
        int total = parts.stream().mapToInt(Integer::intValue).sum() + parts.size();
        List<GovernanceVote> split = new ArrayList<>();
        for (GovernanceVote vote : votes) {
            if (!vote.voter().equals(whole)) {
                split.add(vote);
                continue;
            }
            BigInteger left = vote.weight();
            for (int i = 0; i < parts.size(); i++) {
                BigInteger part = i == parts.size() - 1 ? left
                        : vote.weight().multiply(BigInteger.valueOf(parts.get(i) + 1)).divide(BigInteger.valueOf(total));
                split.add(new GovernanceVote(vote.proposalId(), sybil(i), part));
                left = left.subtract(part);
            }
        }
        return split;
    }

    private record Cast(BigInteger proposal, ChecksumAddress voter) {
    }

    private static Map<Cast, BigInteger> perProposal(List<GovernanceVote> votes) {
        Map<Cast, BigInteger> cast = new java.util.HashMap<>();
        votes.forEach(v -> cast.merge(new Cast(v.proposalId(), v.voter()), v.weight(), BigInteger::add));
        return cast;
    }

    private static Map<ChecksumAddress, BigInteger> scores(List<GovernanceVote> votes, GovernanceMode mode) {
        Map<ChecksumAddress, BigInteger> scores = new TreeMap<>();
        for (Score score : Scoring.score(new ScoringPolicy(Map.of(), Map.of(), mode), List.of(), List.of(), votes)
                .get(Program.GOVERNANCE)) {
            scores.put(score.account(), score.score());
        }
        return scores;
    }

    private static BigInteger sum(Map<ChecksumAddress, BigInteger> scores) {
        return scores.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The sign of a/b − c/d, for b and d positive. */
    private static int compare(BigInteger a, BigInteger b, BigInteger c, BigInteger d) {
        return a.multiply(d).compareTo(c.multiply(b));
    }

    private static ChecksumAddress voter(int i) {
        return ChecksumAddress.of(String.format("0x%040x", i + 1));
    }

    private static ChecksumAddress sybil(int i) {
        return ChecksumAddress.of(String.format("0x%040x", 0x5000 + i));
    }
}
