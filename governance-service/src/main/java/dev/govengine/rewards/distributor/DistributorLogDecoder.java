package dev.govengine.rewards.distributor;

import static dev.govengine.contracts.generated.RewardDistributor.CLAIMED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.DISPUTEBONDSET_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.DISPUTEEXPIRED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.DISPUTEPERIODSET_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.DISPUTERESOLVED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.MAXEPOCHSKIPSET_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.PAUSED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.RESOLUTIONPERIODSET_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.ROOTACTIVATED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.ROOTCANCELED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.ROOTDISPUTED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.ROOTPROPOSED_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.SWEPT_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.TREASURYSET_EVENT;
import static dev.govengine.contracts.generated.RewardDistributor.UNPAUSED_EVENT;

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
import java.util.stream.Collectors;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

/** Decodes the RewardDistributor events the engine follows; each topic hash is computed once. */
public final class DistributorLogDecoder {
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final Map<String, Event> EVENTS = List.of(ROOTPROPOSED_EVENT, ROOTDISPUTED_EVENT,
                    DISPUTERESOLVED_EVENT, ROOTACTIVATED_EVENT, DISPUTEEXPIRED_EVENT, ROOTCANCELED_EVENT, CLAIMED_EVENT,
                    PAUSED_EVENT, UNPAUSED_EVENT, SWEPT_EVENT, DISPUTEPERIODSET_EVENT, RESOLUTIONPERIODSET_EVENT,
                    DISPUTEBONDSET_EVENT, MAXEPOCHSKIPSET_EVENT, TREASURYSET_EVENT)
            .stream().collect(Collectors.toUnmodifiableMap(EventLogs::topic, event -> event));

    /** The topics of those events, for the eth_getLogs filter. */
    public static final List<String> TOPICS = EVENTS.keySet().stream().sorted().toList();

    private DistributorLogDecoder() {
    }

    public static Optional<DistributorEvent> decode(ChainLog log, long blockTimestamp) {
        Event event = EVENTS.get(log.topic0());
        if (event == null) {
            return Optional.empty();
        }
        LogPosition at = new LogPosition(log.blockNumber(), blockTimestamp, log.transactionHash(), log.logIndex());
        try {
            List<Type> v = EventLogs.values(log, event);
            return Optional.of(switch (event.getName()) {
                case "RootProposed" -> new DistributorEvent.RootEvent("RootProposed", at, uint(v, 0), bytes32(v, 1),
                        uint(v, 2), uint(v, 3).longValueExact(), string(v, 4), null, null, null, null, null);
                case "RootDisputed" -> new DistributorEvent.RootEvent("RootDisputed", at, uint(v, 0), bytes32(v, 1),
                        null, null, null, address(v, 2), string(v, 4), uint(v, 3), null, null);
                case "DisputeResolved" -> new DistributorEvent.RootEvent("DisputeResolved", at, uint(v, 0),
                        bytes32(v, 1), null, null, null, null, null, uint(v, 4), ((Bool) v.get(2)).getValue(),
                        address(v, 3));
                case "RootActivated" -> new DistributorEvent.RootEvent("RootActivated", at, uint(v, 0), bytes32(v, 1),
                        uint(v, 2), null, null, null, null, null, null, null);
                // Both discard the root and credit the bond, if any, back to its disputer. A cancel of an undisputed
                // root names the zero address and bond 0: stored as no disputer.
                case "DisputeExpired", "RootCanceled" -> {
                    ChecksumAddress disputer = nonZero(address(v, 2));
                    yield new DistributorEvent.RootEvent(event.getName(), at, uint(v, 0), bytes32(v, 1), null, null,
                            null, disputer, null, uint(v, 3), null, disputer);
                }
                case "Claimed" -> new DistributorEvent.Claim(at, address(v, 0), uint(v, 1), uint(v, 2), uint(v, 3));
                case "Paused", "Unpaused", "TreasurySet" ->
                        new DistributorEvent.Control(event.getName(), at, address(v, 0), null, null);
                case "Swept" -> new DistributorEvent.Control("Swept", at, address(v, 1), address(v, 0), uint(v, 2));
                default -> new DistributorEvent.Control(event.getName(), at, null, null, uint(v, 0));
            });
        } catch (RuntimeException malformed) {
            throw new UndecodableLogException(log, malformed);
        }
    }

    private static BigInteger uint(List<Type> values, int index) {
        return (BigInteger) values.get(index).getValue();
    }

    private static String bytes32(List<Type> values, int index) {
        return Numeric.toHexString(((Bytes32) values.get(index)).getValue()).toLowerCase(Locale.ROOT);
    }

    private static String string(List<Type> values, int index) {
        return ((Utf8String) values.get(index)).getValue();
    }

    private static ChecksumAddress address(List<Type> values, int index) {
        return ChecksumAddress.of(((Address) values.get(index)).getValue());
    }

    private static ChecksumAddress nonZero(ChecksumAddress address) {
        return address.toString().equals(ZERO_ADDRESS) ? null : address;
    }
}
