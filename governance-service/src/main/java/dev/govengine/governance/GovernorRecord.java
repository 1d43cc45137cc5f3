package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/** A governor as indexed: its identity, discovered settings (null until discovered) and proposal count. */
public record GovernorRecord(
        String id,
        String chain,
        long chainId,
        ChecksumAddress address,
        String name,
        ChecksumAddress token,
        ChecksumAddress timelock,
        ClockMode clockMode,
        BigInteger votingDelay,
        BigInteger votingPeriod,
        BigInteger proposalThreshold,
        BigInteger quorumNumerator,
        BigInteger quorumDenominator,
        long proposalCount,
        String syncError,
        String countingMode) {
}
