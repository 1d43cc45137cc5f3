package dev.govengine.rewards.allocation;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Allocates an epoch with exact integers: pools by the split, shares by water-filling and largest remainder per
 * program, then the minimum payout on each account's epoch total. Every list is processed in address order, so the
 * order of the input cannot change the result.
 */
public final class EpochAllocator {
    private static final BigInteger BPS = BigInteger.valueOf(AllocationPolicy.BPS);

    private EpochAllocator() {
    }

    public static EpochAllocation allocate(AllocationPolicy policy, EpochInput input) {
        Map<Program, BigInteger> pools = ProgramPools.split(input.distributable(), policy);
        List<ProgramAllocation> programs = new ArrayList<>();
        BigInteger carry = BigInteger.ZERO;
        Map<ChecksumAddress, Map<Program, BigInteger>> earned = new TreeMap<>();
        for (Program program : Program.values()) {
            ProgramAllocation allocation = allocateProgram(program, pools.get(program), policy, input.scores().get(program));
            programs.add(allocation);
            carry = carry.add(allocation.unallocated());
            for (RecipientShare share : allocation.shares()) {
                if (share.amount().signum() > 0) {
                    earned.computeIfAbsent(share.account(), a -> new EnumMap<>(Program.class)).put(program, share.amount());
                }
            }
        }
        List<Payout> payouts = new ArrayList<>();
        List<Payout> belowMinimum = new ArrayList<>();
        for (Map.Entry<ChecksumAddress, Map<Program, BigInteger>> entry : earned.entrySet()) {
            BigInteger total = entry.getValue().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
            Payout payout = new Payout(entry.getKey(), total, entry.getValue());
            if (total.compareTo(policy.minPayout()) >= 0) {
                payouts.add(payout);
            } else {
                belowMinimum.add(payout);
                carry = carry.add(total);
            }
        }
        return new EpochAllocation(input.budget(), input.carryIn(), programs, payouts, belowMinimum, carry);
    }

    private static ProgramAllocation allocateProgram(Program program, BigInteger pool, AllocationPolicy policy,
                                                     List<Score> scores) {
        BigInteger cap = pool.multiply(BigInteger.valueOf(policy.recipientCapBps())).divide(BPS);
        List<Score> byAccount = new ArrayList<>(scores);
        byAccount.sort(Comparator.comparing(Score::account));
        List<Score> positive = byAccount.stream().filter(s -> s.score().signum() > 0).toList();
        if (positive.isEmpty()) {
            List<RecipientShare> none = byAccount.stream()
                    .map(s -> new RecipientShare(s.account(), s.score(), BigInteger.ZERO, false)).toList();
            return new ProgramAllocation(program, pool, cap, none, pool);
        }
        WaterFilling.Level level = WaterFilling.fill(pool, cap, positive);
        List<Score> uncapped = positive.stream().filter(s -> !level.capped().contains(s.account())).toList();
        Map<ChecksumAddress, BigInteger> uncappedShares = uncapped.isEmpty()
                ? Map.of()
                : LargestRemainder.apportion(level.remaining(), uncapped);
        BigInteger allocated = BigInteger.ZERO;
        List<RecipientShare> shares = new ArrayList<>(byAccount.size());
        for (Score score : byAccount) {
            boolean capped = level.capped().contains(score.account());
            BigInteger amount = capped ? cap : uncappedShares.getOrDefault(score.account(), BigInteger.ZERO);
            shares.add(new RecipientShare(score.account(), score.score(), amount, capped));
            allocated = allocated.add(amount);
        }
        return new ProgramAllocation(program, pool, cap, shares, pool.subtract(allocated));
    }
}
