package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of the reward policy that allocation reads: the split of the budget in basis points (summing to
 * 10000, as RewardPolicy enforces), the program that receives the rounding leftover of the split, the cap per
 * recipient in bps of its program's pool (1..10000), and the minimum payout in base units.
 */
public record AllocationPolicy(Map<Program, Integer> splitBps, Program leftoverProgram, int recipientCapBps,
                               BigInteger minPayout) {
    public static final int BPS = 10_000;

    public AllocationPolicy {
        Objects.requireNonNull(splitBps, "splitBps");
        Objects.requireNonNull(leftoverProgram, "leftoverProgram");
        Objects.requireNonNull(minPayout, "minPayout");
        EnumMap<Program, Integer> split = new EnumMap<>(Program.class);
        int sum = 0;
        for (Program program : Program.values()) {
            Integer bps = splitBps.get(program);
            if (bps == null || bps < 0 || bps > BPS) {
                throw new IllegalArgumentException("split of " + program + " is " + bps + ", expected 0.." + BPS + " bps");
            }
            split.put(program, bps);
            sum += bps;
        }
        if (sum != BPS) {
            throw new IllegalArgumentException("the split sums to " + sum + " bps, expected " + BPS);
        }
        if (recipientCapBps < 1 || recipientCapBps > BPS) {
            throw new IllegalArgumentException("recipient cap is " + recipientCapBps + " bps, expected 1.." + BPS);
        }
        if (minPayout.signum() < 0) {
            throw new IllegalArgumentException("minimum payout " + minPayout + " is negative");
        }
        splitBps = Collections.unmodifiableMap(split);
    }
}
