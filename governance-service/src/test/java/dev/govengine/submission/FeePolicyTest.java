package dev.govengine.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeePolicyTest {
    private static final FeePolicy POLICY = new FeePolicy(5, 50, wei(2), 200, wei(1_000));

    @Test
    void offersTwiceThePendingBaseFeePlusTheMedianPriorityFee() {
        FeePolicy.Market market = POLICY.market(wei(100), List.of(wei(9), wei(3), wei(5), wei(1), wei(7)));
        assertEquals(wei(5), market.priorityFee(), "median of the blocks' percentile rewards");
        assertEquals(Optional.of(new Fees(wei(205), wei(5))), POLICY.initial(market));
        assertEquals(wei(2), POLICY.market(wei(100), List.of(wei(0), wei(0))).priorityFee(), "never below the minimum");
    }

    @Test
    void capsTheMaxFeeAndWaitsWhenEvenTheNextBlockCostsMore() {
        assertEquals(Optional.of(new Fees(wei(1_000), wei(5))), POLICY.initial(new FeePolicy.Market(wei(600), wei(5))),
                "twice the base fee would exceed the cap; the cap still gets into the next block");
        assertEquals(Optional.empty(), POLICY.initial(new FeePolicy.Market(wei(996), wei(5))));
    }

    @Test
    void aReplacementRaisesBothFeesByAtLeastTenPercentWithinTheCap() {
        Fees previous = new Fees(wei(205), wei(5));
        Fees raised = POLICY.replacement(previous, new FeePolicy.Market(wei(50), wei(2))).orElseThrow();
        assertEquals(new Fees(wei(226), wei(6)), raised, "205 * 1.1 = 225.5 rounds up; 5 * 1.1 = 5.5 rounds up");
        Fees market = POLICY.replacement(previous, new FeePolicy.Market(wei(300), wei(2))).orElseThrow();
        assertEquals(new Fees(wei(606), wei(6)), market, "the market now asks more than the bump");
        Fees capped = POLICY.replacement(previous, new FeePolicy.Market(wei(700), wei(2))).orElseThrow();
        assertEquals(new Fees(wei(1_000), wei(6)), capped);
        assertEquals(Optional.empty(), POLICY.replacement(new Fees(wei(950), wei(5)), new FeePolicy.Market(wei(100), wei(2))),
                "+10% would exceed the cap: keep waiting rather than pay more");
        assertTrue(FeePolicy.bumped(BigInteger.ZERO).signum() > 0, "a zero fee still rises");
    }

    private static BigInteger wei(long value) {
        return BigInteger.valueOf(value);
    }
}
