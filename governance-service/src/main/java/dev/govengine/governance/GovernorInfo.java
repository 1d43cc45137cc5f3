package dev.govengine.governance;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;

/**
 * What a Governor says about itself over eth_call. {@code timelock}, {@code quorumNumerator} and
 * {@code quorumDenominator} are null when the Governor lacks the module that provides them; {@code countingMode} is
 * null when it does not answer {@code COUNTING_MODE()}.
 */
public record GovernorInfo(
        String name,
        ChecksumAddress token,
        ChecksumAddress timelock,
        ClockMode clockMode,
        BigInteger votingDelay,
        BigInteger votingPeriod,
        BigInteger proposalThreshold,
        BigInteger quorumNumerator,
        BigInteger quorumDenominator,
        String countingMode,
        TimelockOperationId.Salt timelockSalt) {
}
