package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Splits an epoch's distributable amount into program pools: each pool is {@code total × bps / 10000} rounded
 * down, and what rounding leaves over (less than one base unit per program) goes to the policy's leftover program,
 * so the pools add up to the total exactly.
 */
public final class ProgramPools {
    private static final BigInteger BPS = BigInteger.valueOf(AllocationPolicy.BPS);

    private ProgramPools() {
    }

    public static Map<Program, BigInteger> split(BigInteger total, AllocationPolicy policy) {
        EnumMap<Program, BigInteger> pools = new EnumMap<>(Program.class);
        BigInteger assigned = BigInteger.ZERO;
        for (Program program : Program.values()) {
            BigInteger pool = total.multiply(BigInteger.valueOf(policy.splitBps().get(program))).divide(BPS);
            pools.put(program, pool);
            assigned = assigned.add(pool);
        }
        pools.merge(policy.leftoverProgram(), total.subtract(assigned), BigInteger::add);
        return Collections.unmodifiableMap(pools);
    }
}
