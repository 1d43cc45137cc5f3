package dev.govengine.rewards.policy;

import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LogPosition;
import java.math.BigInteger;

/** One RewardPolicy event: a single change, and the policy version it produced. */
public sealed interface PolicyChange {
    long version();

    LogPosition position();

    /** The event's name, as the contract declares it. */
    default String event() {
        return getClass().getSimpleName();
    }

    record EpochLengthSet(long version, LogPosition position, long epochLength) implements PolicyChange {
    }

    record BudgetPerEpochSet(long version, LogPosition position, BigInteger budgetPerEpoch) implements PolicyChange {
    }

    record ProgramSplitSet(long version, LogPosition position, int depinBps, int rollupBps, int governanceBps)
            implements PolicyChange {
    }

    /** Weight 0 removes the class. */
    record GpuClassWeightSet(long version, LogPosition position, int gpuClass, BigInteger weight) implements PolicyChange {
    }

    /** Weight 0 removes the kind; {@code kindId} is 0x + 64 lowercase hex. */
    record RollupKindWeightSet(long version, LogPosition position, String kindId, BigInteger weight)
            implements PolicyChange {
    }

    record RecipientCapSet(long version, LogPosition position, int capBps) implements PolicyChange {
    }

    record MinPayoutSet(long version, LogPosition position, BigInteger minPayout) implements PolicyChange {
    }

    record GovernanceModeSet(long version, LogPosition position, GovernanceMode mode) implements PolicyChange {
    }

    record VerifierAdded(long version, LogPosition position, ChecksumAddress verifier) implements PolicyChange {
    }

    record VerifierRemoved(long version, LogPosition position, ChecksumAddress verifier) implements PolicyChange {
    }
}
