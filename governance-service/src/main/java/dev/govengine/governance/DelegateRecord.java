package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/** A delegate's current standing: its voting power and how many accounts delegate to it. */
public record DelegateRecord(ChecksumAddress address, BigInteger votingPower, long delegatorCount) {
}
