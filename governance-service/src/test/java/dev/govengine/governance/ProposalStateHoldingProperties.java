package dev.govengine.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The head range a derived state declares is exactly the clock readings at which the state reads the same: the
 * response cache serves a proposal's answer across head moves by it, so a range too wide would serve a stale state
 * and one too narrow would recompute for nothing.
 */
class ProposalStateHoldingProperties {
    @Provide
    Arbitrary<ProposalFacts> proposals() {
        Arbitrary<BigInteger> small = Arbitraries.integers().between(0, 60).map(BigInteger::valueOf);
        Arbitrary<Tally> tallies = Combinators.combine(small, small, small)
                .as((against, forVotes, abstain) -> new Tally(against, forVotes, abstain, 3));
        Arbitrary<BigInteger> etas = Arbitraries.of(BigInteger.ZERO, BigInteger.valueOf(90)).injectNull(0.3);
        // One in four executed, one in four canceled through the Governor.
        Arbitrary<Integer> settled = Arbitraries.integers().between(0, 3);
        return Combinators.combine(settled, small, Arbitraries.integers().between(0, 30), etas, small, tallies,
                        Arbitraries.of(ProposalFacts.TimelockOutcome.class))
                .as((how, snapshot, period, eta, quorum, tally, timelock) -> new ProposalFacts(how == 1, how == 2,
                        snapshot, snapshot.add(BigInteger.valueOf(period)), eta, quorum, tally, timelock, null));
    }

    @Property(tries = 500)
    void theDeclaredRangeIsExactlyWhereTheStateStays(@ForAll("proposals") ProposalFacts proposal,
            @ForAll @IntRange(min = 0, max = 120) int now, @ForAll boolean timestampClock) {
        ProposalState read = ProposalStateDeriver.derive(proposal, BigInteger.valueOf(now));
        HeadRange holds = ProposalStateDeriver.holding(proposal, BigInteger.valueOf(now), timestampClock);
        for (int clock = -10; clock <= 130; clock++) {
            boolean same = ProposalStateDeriver.derive(proposal, BigInteger.valueOf(clock)) == read;
            boolean contained = timestampClock ? holds.contains(7, (long) clock) : holds.contains(clock, null);
            assertEquals(same, contained, "clock " + clock + " against " + now + " (" + read + ")");
        }
    }
}
