package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/**
 * What a Governor says about itself over eth_call. {@code timelock}, {@code quorumNumerator} and
 * {@code quorumDenominator} are null when the Governor lacks the module that provides them (a GovernorBravo has a
 * fixed {@code quorumVotes()} instead, read with each proposal). {@code ownClock} is true when its {@code clock()} is
 * neither the block number nor the block's timestamp, whatever {@code CLOCK_MODE} says. {@code countingMode} is null
 * when it does not answer {@code COUNTING_MODE()}; {@code timelockSalt} is null for a GovernorBravo, whose Compound
 * Timelock keys actions by their own hash.
 */
public record GovernorInfo(
        GovernorFamily family,
        String name,
        ChecksumAddress token,
        ChecksumAddress timelock,
        ClockMode clockMode,
        BigInteger votingDelay,
        BigInteger votingPeriod,
        BigInteger proposalThreshold,
        BigInteger quorumNumerator,
        BigInteger quorumDenominator,
        boolean ownClock,
        String countingMode,
        TimelockOperationId.Salt timelockSalt) {
}
