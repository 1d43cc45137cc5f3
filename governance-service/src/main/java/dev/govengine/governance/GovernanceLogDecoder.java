package dev.govengine.governance;

import dev.govengine.chain.ChainLog;
import dev.govengine.chain.UndecodableLogException;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.GovernorBravoDelegate;
import dev.govengine.contracts.generated.Timelock;
import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LogPosition;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * Decodes the logs of any OpenZeppelin-compatible Governor and its ERC20Votes/ERC721Votes token. The event
 * signatures are OpenZeppelin's; each topic hash is computed once. GovernorBravo emits the same ProposalCreated,
 * VoteCast, ProposalQueued, ProposalExecuted and ProposalCanceled signatures, so those decode too.
 */
public final class GovernanceLogDecoder {
    /** GovernorPreventLateQuorum's event; our own Governor does not use that module, so no wrapper defines it. */
    static final Event PROPOSAL_EXTENDED = new Event("ProposalExtended", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Uint64>() { }));

    /**
     * GovernorCountingOverridable's vote of a delegator that overrides its delegate's with its own weight: a vote
     * like VoteCast, with the same data.
     */
    static final Event OVERRIDE_VOTE_CAST = new Event("OverrideVoteCast", List.of(
            new TypeReference<Address>(true) { }, new TypeReference<Uint256>() { }, new TypeReference<Uint8>() { },
            new TypeReference<Uint256>() { }, new TypeReference<Utf8String>() { }));
    /**
     * GovernorCountingOverridable's weight taken back from a delegate whose vote a delegator overrode afterwards. The
     * tallies are the Governor's answers anyway; the rewards need it, to score the weight the delegate really cast.
     */
    static final Event VOTE_REDUCED = new Event("VoteReduced", List.of(
            new TypeReference<Address>(true) { }, new TypeReference<Uint256>() { }, new TypeReference<Uint8>() { },
            new TypeReference<Uint256>() { }));

    private static final String PROPOSAL_CREATED = topic(DaoGovernor.PROPOSALCREATED_EVENT);
    private static final String VOTE_CAST = topic(DaoGovernor.VOTECAST_EVENT);
    private static final String VOTE_CAST_WITH_PARAMS = topic(DaoGovernor.VOTECASTWITHPARAMS_EVENT);
    private static final String OVERRIDE_VOTE_CAST_TOPIC = topic(OVERRIDE_VOTE_CAST);
    private static final String VOTE_REDUCED_TOPIC = topic(VOTE_REDUCED);
    private static final String PROPOSAL_QUEUED = topic(DaoGovernor.PROPOSALQUEUED_EVENT);
    private static final String PROPOSAL_EXECUTED = topic(DaoGovernor.PROPOSALEXECUTED_EVENT);
    private static final String PROPOSAL_CANCELED = topic(DaoGovernor.PROPOSALCANCELED_EVENT);
    private static final String PROPOSAL_EXTENDED_TOPIC = topic(PROPOSAL_EXTENDED);
    private static final Map<String, GovernorSetting> SETTING_TOPICS = Map.of(
            topic(DaoGovernor.VOTINGDELAYSET_EVENT), GovernorSetting.VOTING_DELAY,
            topic(DaoGovernor.VOTINGPERIODSET_EVENT), GovernorSetting.VOTING_PERIOD,
            topic(DaoGovernor.PROPOSALTHRESHOLDSET_EVENT), GovernorSetting.PROPOSAL_THRESHOLD,
            topic(DaoGovernor.QUORUMNUMERATORUPDATED_EVENT), GovernorSetting.QUORUM_NUMERATOR,
            topic(DaoGovernor.TIMELOCKCHANGE_EVENT), GovernorSetting.TIMELOCK);
    /** GovernorBravo's admin events: each has two words of data, the second the new value. */
    private static final Map<String, GovernorSetting> BRAVO_ADMIN_TOPICS = Map.of(
            topic(GovernorBravoDelegate.NEWIMPLEMENTATION_EVENT), GovernorSetting.IMPLEMENTATION,
            topic(GovernorBravoDelegate.NEWADMIN_EVENT), GovernorSetting.ADMIN,
            topic(GovernorBravoDelegate.NEWPENDINGADMIN_EVENT), GovernorSetting.PENDING_ADMIN,
            topic(GovernorBravoDelegate.WHITELISTGUARDIANSET_EVENT), GovernorSetting.WHITELIST_GUARDIAN,
            topic(GovernorBravoDelegate.WHITELISTACCOUNTEXPIRATIONSET_EVENT),
            GovernorSetting.WHITELIST_ACCOUNT_EXPIRATION);
    private static final String DELEGATE_CHANGED = topic(GovernanceToken.DELEGATECHANGED_EVENT);
    private static final String DELEGATE_VOTES_CHANGED = topic(GovernanceToken.DELEGATEVOTESCHANGED_EVENT);
    /** ERC-20's and ERC-721's Transfer share the signature; ERC-721 indexes its third value, the token id. */
    private static final String TRANSFER = topic(GovernanceToken.TRANSFER_EVENT);

    /** The topics a Governor emits that the index reads. */
    public static final List<String> GOVERNOR_TOPICS = List.copyOf(concat(
            List.of(PROPOSAL_CREATED, VOTE_CAST, VOTE_CAST_WITH_PARAMS, OVERRIDE_VOTE_CAST_TOPIC, VOTE_REDUCED_TOPIC,
                    PROPOSAL_QUEUED, PROPOSAL_EXECUTED, PROPOSAL_CANCELED, PROPOSAL_EXTENDED_TOPIC),
            concat(SETTING_TOPICS.keySet().stream().sorted().toList(),
                    BRAVO_ADMIN_TOPICS.keySet().stream().sorted().toList())));
    /** The topics a voting token emits that the index reads. */
    public static final List<String> TOKEN_TOPICS = List.of(DELEGATE_CHANGED, DELEGATE_VOTES_CHANGED, TRANSFER);
    /** The token's Transfer alone, for the balances held before a governor's start block. */
    public static final List<String> TRANSFER_TOPICS = List.of(TRANSFER);
    /** Both, for one eth_getLogs filter over governor and token. */
    public static final List<String> ALL_TOPICS = List.copyOf(concat(GOVERNOR_TOPICS, TOKEN_TOPICS));
    private static final String CALL_EXECUTED = topic(TimelockController.CALLEXECUTED_EVENT);
    private static final String CANCELLED = topic(TimelockController.CANCELLED_EVENT);
    /**
     * The TimelockController's operation outcomes, which decide the state of a queued proposal, and a Compound
     * Timelock's transactions (GovernorBravo's, or OpenZeppelin's GovernorTimelockCompound's).
     */
    private static final Map<String, GovernanceEvent.TimelockEvent> TIMELOCK_EVENTS = Map.of(
            CALL_EXECUTED, GovernanceEvent.TimelockEvent.CallExecuted,
            CANCELLED, GovernanceEvent.TimelockEvent.Cancelled,
            topic(Timelock.QUEUETRANSACTION_EVENT), GovernanceEvent.TimelockEvent.QueueTransaction,
            topic(Timelock.EXECUTETRANSACTION_EVENT), GovernanceEvent.TimelockEvent.ExecuteTransaction,
            topic(Timelock.CANCELTRANSACTION_EVENT), GovernanceEvent.TimelockEvent.CancelTransaction);
    public static final List<String> TIMELOCK_TOPICS = TIMELOCK_EVENTS.keySet().stream().sorted().toList();

    private GovernanceLogDecoder() {
    }

    /**
     * Decodes a log of the governor or of the token; logs of other events (or from other contracts sharing a topic)
     * yield nothing. A log whose topic matches but whose payload does not decode is a contract that is not the
     * OpenZeppelin shape, and is reported rather than guessed at.
     */
    public static Optional<GovernanceEvent> decode(ChainLog log, long blockTimestamp, ChecksumAddress governor,
            ChecksumAddress token) {
        return decode(log, blockTimestamp, governor, token, null);
    }

    /** As above, and the logs of the governor's {@code timelock} too (null: it has none). */
    public static Optional<GovernanceEvent> decode(ChainLog log, long blockTimestamp, ChecksumAddress governor,
            ChecksumAddress token, ChecksumAddress timelock) {
        LogPosition at = new LogPosition(log.blockNumber(), blockTimestamp, log.transactionHash(), log.logIndex());
        String topic = log.topic0();
        try {
            if (log.address().equals(governor)) {
                return Optional.ofNullable(decodeGovernorLog(log, topic, at));
            }
            if (log.address().equals(token)) {
                return Optional.ofNullable(decodeTokenLog(log, topic, at));
            }
            GovernanceEvent.TimelockEvent timelockEvent = TIMELOCK_EVENTS.get(topic);
            if (log.address().equals(timelock) && timelockEvent != null) {
                // The operation id (a Compound Timelock's txHash) is the first topic of all five events: nothing
                // else of them matters here.
                return Optional.of(new GovernanceEvent.TimelockOperation(at, timelock,
                        log.topics().get(1).toLowerCase(java.util.Locale.ROOT), timelockEvent));
            }
            return Optional.empty();
        } catch (RuntimeException malformed) {
            throw new UndecodableLogException(log, malformed);
        }
    }

    private static GovernanceEvent decodeGovernorLog(ChainLog log, String topic, LogPosition at) {
        if (topic.equals(PROPOSAL_CREATED)) {
            List<Type> v = data(log, DaoGovernor.PROPOSALCREATED_EVENT);
            return new GovernanceEvent.ProposalCreated(at, uint(v.get(0)), address(v.get(1)),
                    addresses(v.get(2)), uints(v.get(3)), strings(v.get(4)), bytesList(v.get(5)),
                    uint(v.get(6)), uint(v.get(7)), ((Utf8String) v.get(8)).getValue());
        }
        if (topic.equals(VOTE_CAST) || topic.equals(OVERRIDE_VOTE_CAST_TOPIC)) {
            // Read word by word rather than by FunctionReturnDecoder: votes are nearly every log of a backfill, and
            // the generic decoder (reflection and a regular expression per value) cost about 70 µs each.
            AbiWords data = new AbiWords(log.data(), 4);
            return new GovernanceEvent.VoteCast(at, indexedAddress(log, 1), data.uint(0), data.uint8(1), data.uint(2),
                    data.string(3), null);
        }
        if (topic.equals(VOTE_REDUCED_TOPIC)) {
            AbiWords data = new AbiWords(log.data(), 3);
            return new GovernanceEvent.VoteReduced(at, indexedAddress(log, 1), data.uint(0), data.uint8(1),
                    data.uint(2));
        }
        if (topic.equals(VOTE_CAST_WITH_PARAMS)) {
            List<Type> v = data(log, DaoGovernor.VOTECASTWITHPARAMS_EVENT);
            return new GovernanceEvent.VoteCast(at, indexedAddress(log, 1), uint(v.get(0)), uint(v.get(1)).intValueExact(),
                    uint(v.get(2)), ((Utf8String) v.get(3)).getValue(), Numeric.toHexString(((DynamicBytes) v.get(4)).getValue()));
        }
        if (topic.equals(PROPOSAL_QUEUED)) {
            List<Type> v = data(log, DaoGovernor.PROPOSALQUEUED_EVENT);
            return new GovernanceEvent.ProposalQueued(at, uint(v.get(0)), uint(v.get(1)));
        }
        if (topic.equals(PROPOSAL_EXECUTED)) {
            return new GovernanceEvent.ProposalExecuted(at, uint(data(log, DaoGovernor.PROPOSALEXECUTED_EVENT).get(0)));
        }
        if (topic.equals(PROPOSAL_CANCELED)) {
            return new GovernanceEvent.ProposalCanceled(at, uint(data(log, DaoGovernor.PROPOSALCANCELED_EVENT).get(0)));
        }
        if (topic.equals(PROPOSAL_EXTENDED_TOPIC)) {
            BigInteger proposalId = Numeric.toBigInt(log.topics().get(1));
            return new GovernanceEvent.ProposalExtended(at, proposalId, uint(data(log, PROPOSAL_EXTENDED).get(0)));
        }
        GovernorSetting bravoSetting = BRAVO_ADMIN_TOPICS.get(topic);
        if (bravoSetting != null) {
            return bravoAdmin(log, bravoSetting, at);
        }
        GovernorSetting setting = SETTING_TOPICS.get(topic);
        if (setting == null) {
            return null;
        }
        Event event = switch (setting) {
            case VOTING_DELAY -> DaoGovernor.VOTINGDELAYSET_EVENT;
            case VOTING_PERIOD -> DaoGovernor.VOTINGPERIODSET_EVENT;
            case PROPOSAL_THRESHOLD -> DaoGovernor.PROPOSALTHRESHOLDSET_EVENT;
            case QUORUM_NUMERATOR -> DaoGovernor.QUORUMNUMERATORUPDATED_EVENT;
            case TIMELOCK -> DaoGovernor.TIMELOCKCHANGE_EVENT;
            default -> throw new IllegalStateException(setting + " is not an OpenZeppelin setting event");
        };
        Type newValue = data(log, event).get(1);
        String value = setting == GovernorSetting.TIMELOCK ? address(newValue).toString() : uint(newValue).toString();
        return new GovernanceEvent.SettingChanged(at, setting, value);
    }

    /**
     * Both words are plain (an address or a number), none indexed: (old, new), or (account, expiration) for
     * WhitelistAccountExpirationSet.
     */
    private static GovernanceEvent bravoAdmin(ChainLog log, GovernorSetting setting, LogPosition at) {
        AbiWords data = new AbiWords(log.data(), 2);
        if (setting == GovernorSetting.WHITELIST_ACCOUNT_EXPIRATION) {
            return new GovernanceEvent.SettingChanged(at, setting, data.uint(1).toString(), data.address(0));
        }
        return new GovernanceEvent.SettingChanged(at, setting, data.address(1).toString());
    }

    private static GovernanceEvent decodeTokenLog(ChainLog log, String topic, LogPosition at) {
        if (topic.equals(DELEGATE_CHANGED)) {
            return new GovernanceEvent.DelegateChanged(at, indexedAddress(log, 1), indexedAddress(log, 2),
                    indexedAddress(log, 3));
        }
        if (topic.equals(DELEGATE_VOTES_CHANGED)) {
            // As VoteCast: one of the two most frequent logs, two plain words.
            AbiWords data = new AbiWords(log.data(), 2);
            return new GovernanceEvent.DelegateVotesChanged(at, indexedAddress(log, 1), data.uint(0), data.uint(1));
        }
        if (topic.equals(TRANSFER)) {
            // The topic count tells the two standards apart: ERC-20's value is data, ERC-721's token id a topic.
            return switch (log.topics().size()) {
                case 3 -> new GovernanceEvent.TokenTransfer(at, indexedAddress(log, 1), indexedAddress(log, 2),
                        new AbiWords(log.data(), 1).uint(0));
                case 4 -> new GovernanceEvent.TokenTransfer(at, indexedAddress(log, 1), indexedAddress(log, 2),
                        BigInteger.ONE);
                default -> throw new IllegalArgumentException("Transfer with " + log.topics().size()
                        + " topics is neither ERC-20's (3) nor ERC-721's (4)");
            };
        }
        return null;
    }

    private static String topic(Event event) {
        return EventEncoder.encode(event);
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> data(ChainLog log, Event event) {
        List<Type> values = FunctionReturnDecoder.decode(log.data(), event.getNonIndexedParameters());
        if (values.size() != event.getNonIndexedParameters().size()) {
            throw new IllegalArgumentException("data does not decode as " + event.getName());
        }
        return values;
    }

    private static ChecksumAddress indexedAddress(ChainLog log, int topicIndex) {
        String topic = log.topics().get(topicIndex);
        return ChecksumAddress.of("0x" + topic.substring(topic.length() - 40));
    }

    private static BigInteger uint(Type value) {
        return (BigInteger) value.getValue();
    }

    private static ChecksumAddress address(Type value) {
        return ChecksumAddress.of(((Address) value).getValue());
    }

    @SuppressWarnings("unchecked")
    private static List<ChecksumAddress> addresses(Type value) {
        return ((DynamicArray<Address>) value).getValue().stream().map(a -> ChecksumAddress.of(a.getValue())).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<BigInteger> uints(Type value) {
        return ((DynamicArray<Uint256>) value).getValue().stream().map(Uint256::getValue).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Type value) {
        return ((DynamicArray<Utf8String>) value).getValue().stream().map(Utf8String::getValue).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> bytesList(Type value) {
        return ((DynamicArray<DynamicBytes>) value).getValue().stream()
                .map(b -> Numeric.toHexString(b.getValue())).toList();
    }

    /**
     * A log's ABI-encoded data read directly as 32-byte words, for the frequent events whose layout is fixed. It
     * checks what FunctionReturnDecoder would: the head is complete, a uint8 fits, a string's offset and length stay
     * inside the data.
     */
    private static final class AbiWords {
        private static final int WORD = 64;
        private static final HexFormat HEX = HexFormat.of();
        // The data is read in place, past its 0x, and a word parsed digit pair by digit pair: a copy of the data and
        // a substring per word (which BigInteger's hex parsing copies again, as JDK 17's HexFormat.parseHex of a
        // range does) were a sixth of what a backfill allocated (JFR, docs/BENCHMARKS.md "Indexer backfill").
        private final String data;
        private final int base;
        private final int length;

        AbiWords(String data, int headWords) {
            this.data = data;
            base = Numeric.containsHexPrefix(data) ? 2 : 0;
            length = data.length() - base;
            if (length % WORD != 0 || length < headWords * WORD) {
                throw new IllegalArgumentException("data of " + length / 2 + " bytes does not hold " + headWords + " words");
            }
        }

        BigInteger uint(int word) {
            return uintAt(word * WORD);
        }

        ChecksumAddress address(int word) {
            BigInteger value = uint(word);
            if (value.bitLength() > 160) {
                throw new IllegalArgumentException("address out of range: " + value.toString(16));
            }
            return ChecksumAddress.of(Numeric.toHexStringWithPrefixZeroPadded(value, 40));
        }

        int uint8(int word) {
            BigInteger value = uint(word);
            if (value.bitLength() > 8) {
                throw new IllegalArgumentException("uint8 out of range: " + value);
            }
            return value.intValue();
        }

        String string(int word) {
            int offset = offset(uint(word)) * 2;
            int start = offset + WORD;
            int end = start + offset(uintAt(offset)) * 2;
            if (end > length) {
                throw new IllegalArgumentException("string runs past the end of the data");
            }
            return new String(HEX.parseHex(data, base + start, base + end), StandardCharsets.UTF_8);
        }

        private BigInteger uintAt(int position) {
            if (position + WORD > length) {
                throw new IllegalArgumentException("word at byte " + position / 2 + " is past the end of the data");
            }
            byte[] word = new byte[WORD / 2];
            for (int i = 0, at = base + position; i < word.length; i++, at += 2) {
                word[i] = (byte) HexFormat.fromHexDigits(data, at, at + 2);
            }
            return new BigInteger(1, word);
        }

        /** A byte offset or length, which must lie within the data. */
        private int offset(BigInteger value) {
            if (value.compareTo(BigInteger.valueOf(length / 2)) > 0) {
                throw new IllegalArgumentException("offset or length " + value + " is past the end of the data");
            }
            return value.intValueExact();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
