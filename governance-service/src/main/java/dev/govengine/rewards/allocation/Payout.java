package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an account receives in an epoch, in total and per program ({@code byProgram} iterates in program order).
 * Most accounts earn in one program, and an epoch holds a payout per account: a single program is kept as a
 * singleton map, a third of the size of an EnumMap, which matters at a million recipients.
 */
public record Payout(ChecksumAddress account, BigInteger amount, Map<Program, BigInteger> byProgram) {
    public Payout {
        byProgram = byProgram.size() == 1
                ? Collections.singletonMap(byProgram.keySet().iterator().next(), byProgram.values().iterator().next())
                : Collections.unmodifiableMap(new EnumMap<>(byProgram));
    }
}
