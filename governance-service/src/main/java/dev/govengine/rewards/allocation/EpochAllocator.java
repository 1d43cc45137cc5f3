package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
        // The programs share nothing until their shares are merged: at a million recipients each takes a few hundred
        // milliseconds, so they are allocated side by side. The list keeps the programs' order.
        List<ProgramAllocation> programs = Arrays.stream(Program.values()).parallel()
                .map(program -> allocateProgram(program, pools.get(program), policy, input.scores().get(program)))
                .toList();
        BigInteger carry = BigInteger.ZERO;
        for (ProgramAllocation allocation : programs) {
            carry = carry.add(allocation.unallocated());
        }
        List<Payout> earnings = earnings(programs);
        List<Payout> payouts = new ArrayList<>(earnings.size());
        List<Payout> belowMinimum = new ArrayList<>();
        for (Payout earned : earnings) {
            if (earned.amount().compareTo(policy.minPayout()) >= 0) {
                payouts.add(earned);
            } else {
                belowMinimum.add(earned);
                carry = carry.add(earned.amount());
            }
        }
        return new EpochAllocation(input.budget(), input.carryIn(), programs, payouts, belowMinimum, carry);
    }

    /**
     * What each account earned across the programs, in account order. Every program's shares are in account order,
     * so a merge of them meets each account once.
     */
    private static List<Payout> earnings(List<ProgramAllocation> programs) {
        List<Payout> earnings = new ArrayList<>(programs.stream().mapToInt(program -> program.shares().size()).sum());
        int[] next = new int[programs.size()];
        Map<Program, BigInteger> byProgram = new EnumMap<>(Program.class);
        for (ChecksumAddress account = nextEarner(programs, next); account != null; account = nextEarner(programs, next)) {
            byProgram.clear();
            BigInteger total = BigInteger.ZERO;
            for (int p = 0; p < programs.size(); p++) {
                List<RecipientShare> shares = programs.get(p).shares();
                if (next[p] < shares.size() && shares.get(next[p]).account().equals(account)) {
                    BigInteger amount = shares.get(next[p]++).amount();
                    byProgram.put(programs.get(p).program(), amount);
                    total = total.add(amount);
                }
            }
            // Payout copies byProgram, so one map serves every account.
            earnings.add(new Payout(account, total, byProgram));
        }
        return earnings;
    }

    /**
     * The lowest account that some program still has a positive share for, having moved each program's position
     * {@code next} past the shares of nothing; null when every program is done.
     */
    private static ChecksumAddress nextEarner(List<ProgramAllocation> programs, int[] next) {
        ChecksumAddress lowest = null;
        for (int p = 0; p < programs.size(); p++) {
            List<RecipientShare> shares = programs.get(p).shares();
            while (next[p] < shares.size() && shares.get(next[p]).amount().signum() == 0) {
                next[p]++;
            }
            if (next[p] < shares.size()) {
                ChecksumAddress account = shares.get(next[p]).account();
                if (lowest == null || account.compareTo(lowest) < 0) {
                    lowest = account;
                }
            }
        }
        return lowest;
    }

    private static ProgramAllocation allocateProgram(Program program, BigInteger pool, AllocationPolicy policy,
                                                     List<Score> scores) {
        BigInteger cap = pool.multiply(BigInteger.valueOf(policy.recipientCapBps())).divide(BPS);
        Score[] byAccount = scores.toArray(Score[]::new);
        AccountOrder.sort(byAccount, Score::account);
        Score[] positive = Arrays.stream(byAccount).filter(s -> s.score().signum() > 0).toArray(Score[]::new);
        WaterFilling.Level level = WaterFilling.fill(pool, cap, positive);
        Score[] uncapped = new Score[positive.length - level.cappedCount()];
        for (int i = 0, u = 0; i < positive.length; i++) {
            if (!level.capped()[i]) {
                uncapped[u++] = positive[i];
            }
        }
        BigInteger[] uncappedShares = uncapped.length == 0
                ? new BigInteger[0]
                : LargestRemainder.apportion(level.remaining(), uncapped);
        List<RecipientShare> shares = new ArrayList<>(byAccount.length);
        int p = 0;
        int u = 0;
        for (Score score : byAccount) {
            boolean capped = false;
            BigInteger amount = BigInteger.ZERO;
            if (score.score().signum() > 0) {
                capped = level.capped()[p++];
                amount = capped ? cap : uncappedShares[u++];
            }
            shares.add(new RecipientShare(score.account(), score.score(), amount, capped));
        }
        // The uncapped shares add up to what the capped left, exactly; with nobody uncapped, that part stays.
        BigInteger unallocated = uncapped.length == 0 ? level.remaining() : BigInteger.ZERO;
        return new ProgramAllocation(program, pool, cap, shares, unallocated);
    }
}
