package dev.govengine.rewards.distributor;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.governance.LogPosition;
import java.math.BigInteger;

/** A RewardDistributor event the engine follows: a step of a root's lifecycle, or a claim. */
public sealed interface DistributorEvent {
    LogPosition position();

    /**
     * RootProposed, RootDisputed, DisputeResolved or RootActivated, with the values that event carries (the others
     * null). {@code root} is 0x + 64 lowercase hex.
     */
    record RootEvent(String event, LogPosition position, BigInteger epoch, String root, BigInteger totalCumulative,
            Long liveAt, String dataUri, ChecksumAddress disputer, String reason, BigInteger bond, Boolean valid,
            ChecksumAddress bondRecipient) implements DistributorEvent {
    }

    /** Claimed: {@code amount} paid now, {@code cumulativeClaimed} the account's total claimed afterwards. */
    record Claim(LogPosition position, ChecksumAddress account, BigInteger epoch, BigInteger amount,
            BigInteger cumulativeClaimed) implements DistributorEvent {
    }
}
