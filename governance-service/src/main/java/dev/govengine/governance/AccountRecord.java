package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Optional;

/** An account's current standing in one Governor's token; zeros and no delegate if it never took part. */
public record AccountRecord(ChecksumAddress address, BigInteger votingPower, Optional<ChecksumAddress> delegate,
        long delegatorCount) {
}
