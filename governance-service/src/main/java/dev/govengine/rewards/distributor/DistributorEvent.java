package dev.govengine.rewards.distributor;

import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LogPosition;
import java.math.BigInteger;

/** A RewardDistributor event the engine follows: a step of a root's lifecycle, or a claim. */
public sealed interface DistributorEvent {
    LogPosition position();

    /**
     * RootProposed, RootDisputed, DisputeResolved, RootActivated, DisputeExpired or RootCanceled, with the values that
     * event carries (the others null). {@code root} is 0x + 64 lowercase hex. DisputeExpired (governance did not rule
     * in time: no judgement of the root) and RootCanceled (the admin's emergency stop) carry the disputer, if any, as
     * both {@code disputer} and {@code bondRecipient}, since the bond goes back to them.
     */
    record RootEvent(String event, LogPosition position, BigInteger epoch, String root, BigInteger totalCumulative,
            Long liveAt, String dataUri, ChecksumAddress disputer, String reason, BigInteger bond, Boolean valid,
            ChecksumAddress bondRecipient) implements DistributorEvent {
    }

    /**
     * An emergency control or a setting change: Paused and Unpaused ({@code account}: who), Swept ({@code token},
     * {@code account}: the recipient, {@code amount}), TreasurySet ({@code account}), and DisputePeriodSet,
     * ResolutionPeriodSet, DisputeBondSet, MaxEpochSkipSet ({@code amount}: the new value). Absent values are null.
     */
    record Control(String event, LogPosition position, ChecksumAddress account, ChecksumAddress token,
            BigInteger amount) implements DistributorEvent {
    }

    /** Claimed: {@code amount} paid now, {@code cumulativeClaimed} the account's total claimed afterwards. */
    record Claim(LogPosition position, ChecksumAddress account, BigInteger epoch, BigInteger amount,
            BigInteger cumulativeClaimed) implements DistributorEvent {
    }
}
