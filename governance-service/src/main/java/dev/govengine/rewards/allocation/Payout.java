package dev.govengine.rewards.allocation;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** What an account receives in an epoch, in total and per program. */
public record Payout(ChecksumAddress account, BigInteger amount, Map<Program, BigInteger> byProgram) {
    public Payout {
        byProgram = Collections.unmodifiableMap(new EnumMap<>(byProgram));
    }
}
