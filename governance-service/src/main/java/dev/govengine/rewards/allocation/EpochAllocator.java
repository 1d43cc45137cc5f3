package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Allocates an epoch with exact integers: pools by the split, shares by water-filling and largest remainder per
 * program, then the minimum payout on each account's epoch total. Every list is processed in address order, so the
 * order of the input cannot change the result.
 */
public final class EpochAllocator {
    private static final BigInteger BPS = BigInteger.valueOf(AllocationPolicy.BPS);
    /** Below this many shares in its largest program, an epoch's merge is not worth a second thread. */
    private static final int SLICE_AT_LEAST = 1 << 15;

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
     * so a merge of them meets each account once. A million accounts' merge is a million reads of addresses
     * scattered over the heap, so it runs in slices of the address range side by side, one per core, each from where
     * the slice's first address falls in every program; the slices' results, joined in order, are the one merge's.
     */
    private static List<Payout> earnings(List<ProgramAllocation> programs) {
        // The allocator's programs hold their shares as columns, read here without making a share per read.
        ShareList[] shares = programs.stream().map(program -> (ShareList) program.shares()).toArray(ShareList[]::new);
        Program[] programOf = programs.stream().map(ProgramAllocation::program).toArray(Program[]::new);
        ShareList largest = Arrays.stream(shares).max(Comparator.comparingInt(List::size)).orElseThrow();
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), largest.size() / SLICE_AT_LEAST));
        int[][] from = new int[slices + 1][];
        from[0] = new int[shares.length];
        for (int slice = 1; slice < slices; slice++) {
            ChecksumAddress first = largest.account((int) ((long) largest.size() * slice / slices));
            from[slice] = new int[shares.length];
            for (int p = 0; p < shares.length; p++) {
                from[slice][p] = firstAtOrAfter(shares[p], first);
            }
        }
        from[slices] = Arrays.stream(shares).mapToInt(List::size).toArray();
        List<List<Payout>> sliced = IntStream.range(0, slices).parallel()
                .mapToObj(slice -> earnings(shares, programOf, from[slice].clone(), from[slice + 1])).toList();
        List<Payout> earnings = new ArrayList<>(sliced.stream().mapToInt(List::size).sum());
        sliced.forEach(earnings::addAll);
        return earnings;
    }

    /** The merge of the programs' shares from positions {@code next} (moved on) up to {@code end}. */
    private static List<Payout> earnings(ShareList[] shares, Program[] programOf, int[] next, int[] end) {
        List<Payout> earnings = new ArrayList<>(IntStream.range(0, end.length).map(p -> end[p] - next[p]).sum());
        Map<Program, BigInteger> byProgram = new EnumMap<>(Program.class);
        for (ChecksumAddress account = nextEarner(shares, next, end); account != null;
             account = nextEarner(shares, next, end)) {
            byProgram.clear();
            BigInteger total = BigInteger.ZERO;
            for (int p = 0; p < shares.length; p++) {
                if (next[p] < end[p] && shares[p].account(next[p]).equals(account)) {
                    BigInteger amount = shares[p].amount(next[p]++);
                    byProgram.put(programOf[p], amount);
                    total = total.add(amount);
                }
            }
            // Payout copies byProgram, so one map serves every account.
            earnings.add(new Payout(account, total, byProgram));
        }
        return earnings;
    }

    /** The position of the first share whose account is {@code account} or after it. */
    private static int firstAtOrAfter(ShareList shares, ChecksumAddress account) {
        int low = 0;
        int high = shares.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (shares.account(middle).compareTo(account) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * The lowest account that some program still has a positive share for before {@code end}, having moved each
     * program's position {@code next} past the shares of nothing; null when every program is done.
     */
    private static ChecksumAddress nextEarner(ShareList[] shares, int[] next, int[] end) {
        ChecksumAddress lowest = null;
        for (int p = 0; p < shares.length; p++) {
            while (next[p] < end[p] && shares[p].amount(next[p]).signum() == 0) {
                next[p]++;
            }
            if (next[p] < end[p]) {
                ChecksumAddress account = shares[p].account(next[p]);
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
        // Each scattered Score is read once, here.
        ChecksumAddress[] accounts = new ChecksumAddress[byAccount.length];
        BigInteger[] values = new BigInteger[byAccount.length];
        for (int i = 0; i < byAccount.length; i++) {
            accounts[i] = byAccount[i].account();
            values[i] = byAccount[i].score();
        }
        Scores all = Scores.of(values);
        boolean[] zero = new boolean[accounts.length];
        int zeros = 0;
        for (int i = 0; i < zero.length; i++) {
            if (all.signum(i) == 0) {
                zero[i] = true;
                zeros++;
            }
        }
        Scores positive = all.without(zero, zeros);
        WaterFilling.Level level = WaterFilling.fill(pool, cap, positive);
        Scores uncapped = positive.without(level.capped(), level.cappedCount());
        BigInteger[] uncappedShares = uncapped.length() == 0
                ? new BigInteger[0]
                : LargestRemainder.apportion(level.remaining(), uncapped);
        BigInteger[] amounts = new BigInteger[accounts.length];
        boolean[] capped = new boolean[accounts.length];
        int p = 0;
        int u = 0;
        for (int i = 0; i < accounts.length; i++) {
            amounts[i] = BigInteger.ZERO;
            if (!zero[i]) {
                capped[i] = level.capped()[p++];
                amounts[i] = capped[i] ? cap : uncappedShares[u++];
            }
        }
        // The uncapped shares add up to what the capped left, exactly; with nobody uncapped, that part stays.
        BigInteger unallocated = uncapped.length() == 0 ? level.remaining() : BigInteger.ZERO;
        return new ProgramAllocation(program, pool, cap, new ShareList(accounts, all, amounts, capped), unallocated);
    }
}
