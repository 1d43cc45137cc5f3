package dev.govengine.rewards.policy;

import static dev.govengine.contracts.generated.RewardPolicy.BUDGETPEREPOCHSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.EPOCHLENGTHSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.GOVERNANCEMODESET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.GPUCLASSWEIGHTSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.MINPAYOUTSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.PROGRAMSPLITSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.RECIPIENTCAPSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.ROLLUPKINDWEIGHTSET_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.VERIFIERADDED_EVENT;
import static dev.govengine.contracts.generated.RewardPolicy.VERIFIERREMOVED_EVENT;

import dev.govengine.chain.ChainLog;
import dev.govengine.chain.EventLogs;
import dev.govengine.chain.UndecodableLogException;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LogPosition;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

/** Decodes RewardPolicy's change events; each topic hash is computed once. */
public final class PolicyLogDecoder {
    private static final Map<String, Event> EVENTS = List.of(EPOCHLENGTHSET_EVENT, BUDGETPEREPOCHSET_EVENT,
                    PROGRAMSPLITSET_EVENT, GPUCLASSWEIGHTSET_EVENT, ROLLUPKINDWEIGHTSET_EVENT, RECIPIENTCAPSET_EVENT,
                    MINPAYOUTSET_EVENT, GOVERNANCEMODESET_EVENT, VERIFIERADDED_EVENT, VERIFIERREMOVED_EVENT)
            .stream().collect(Collectors.toUnmodifiableMap(EventLogs::topic, event -> event));
    private static final Map<String, BiFunction<LogPosition, List<Type>, PolicyChange>> BUILDERS = Map.of(
            "EpochLengthSet", (at, v) -> new PolicyChange.EpochLengthSet(version(v), at, uint(v, 1).longValueExact()),
            "BudgetPerEpochSet", (at, v) -> new PolicyChange.BudgetPerEpochSet(version(v), at, uint(v, 1)),
            "ProgramSplitSet", (at, v) -> new PolicyChange.ProgramSplitSet(version(v), at, uint(v, 1).intValueExact(),
                    uint(v, 2).intValueExact(), uint(v, 3).intValueExact()),
            "GpuClassWeightSet", (at, v) -> new PolicyChange.GpuClassWeightSet(version(v), at,
                    uint(v, 1).intValueExact(), uint(v, 2)),
            "RollupKindWeightSet", (at, v) -> new PolicyChange.RollupKindWeightSet(version(v), at,
                    Numeric.toHexString(((Bytes32) v.get(1)).getValue()).toLowerCase(Locale.ROOT), uint(v, 2)),
            "RecipientCapSet", (at, v) -> new PolicyChange.RecipientCapSet(version(v), at, uint(v, 1).intValueExact()),
            "MinPayoutSet", (at, v) -> new PolicyChange.MinPayoutSet(version(v), at, uint(v, 1)),
            "GovernanceModeSet", (at, v) -> new PolicyChange.GovernanceModeSet(version(v), at,
                    GovernanceMode.values()[uint(v, 1).intValueExact()]),
            "VerifierAdded", (at, v) -> new PolicyChange.VerifierAdded(version(v), at, address(v, 1)),
            "VerifierRemoved", (at, v) -> new PolicyChange.VerifierRemoved(version(v), at, address(v, 1)));

    /** The topics of every change event, for the eth_getLogs filter. */
    public static final List<String> TOPICS = EVENTS.keySet().stream().sorted().toList();

    private PolicyLogDecoder() {
    }

    /** The change a log of the policy contract records; empty for its other events (ownership, EIP-712). */
    public static Optional<PolicyChange> decode(ChainLog log, long blockTimestamp) {
        Event event = EVENTS.get(log.topic0());
        if (event == null) {
            return Optional.empty();
        }
        LogPosition at = new LogPosition(log.blockNumber(), blockTimestamp, log.transactionHash(), log.logIndex());
        try {
            return Optional.of(BUILDERS.get(event.getName()).apply(at, EventLogs.values(log, event)));
        } catch (RuntimeException malformed) {
            throw new UndecodableLogException(log, malformed);
        }
    }

    private static long version(List<Type> values) {
        return uint(values, 0).longValueExact();
    }

    private static BigInteger uint(List<Type> values, int index) {
        return (BigInteger) values.get(index).getValue();
    }

    private static ChecksumAddress address(List<Type> values, int index) {
        return ChecksumAddress.of(((Address) values.get(index)).getValue());
    }
}
