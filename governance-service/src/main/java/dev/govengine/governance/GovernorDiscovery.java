package dev.govengine.governance;

import dev.govengine.chain.ChainReader;
import dev.govengine.chain.ContractCall;
import dev.govengine.chain.StateUnavailableException;
import dev.govengine.types.ChecksumAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * Reads a Governor's settings and wiring by eth_call, so that the operator configures only its address. Settings
 * that never emitted an event (those set in the constructor) are known only this way.
 *
 * <p>Every question either family may be asked goes to the node in one JSON-RPC batch at one block, and the family is
 * decided from the answers: a handful of round trips instead of one per question (discovery stands before a
 * backfill's first read), and every setting read from the same block, so that a Governor reconfigured between two
 * questions cannot be described half before and half after the change.
 */
@ApplicationScoped
public class GovernorDiscovery {
    /**
     * The questions to a Governor, by name, as asked. Only some apply to each family; the others revert, which
     * {@link ChainReader#callsAt} answers as null, and that null is how the family is told.
     */
    private static final Map<String, String> GOVERNOR_QUESTIONS = questions(
            "votingPeriod", "quorumVotes", "initialProposalId", "comp", "token", "name", "timelock", "votingDelay",
            "proposalThreshold", "quorumNumerator", "quorumDenominator", "CLOCK_MODE", "clock", "COUNTING_MODE");
    /** OpenZeppelin 5's probe, the one question that takes an argument. */
    private static final String PROPOSAL_NEEDS_QUEUING = FunctionEncoder.encode(new Function("proposalNeedsQueuing",
            List.of(new Uint256(BigInteger.ZERO)), List.of()));
    private static final Map<String, String> TOKEN_QUESTIONS = questions("decimals", "name", "symbol", "totalSupply");

    private final ChainReader reader;

    @Inject
    public GovernorDiscovery(ChainReader reader) {
        this.reader = reader;
    }

    /**
     * Tells the family by probing: only Compound's Governors answer {@code quorumVotes()}, and of those only
     * GovernorBravo answers {@code initialProposalId()}; GovernorAlpha, its predecessor, is refused by name.
     */
    public GovernorInfo discover(String chain, ChecksumAddress governor) {
        long block = reader.headBlock(chain);
        List<ContractCall> calls = new ArrayList<>(GOVERNOR_QUESTIONS.size() + 1);
        GOVERNOR_QUESTIONS.values().forEach(data -> calls.add(new ContractCall(governor, data)));
        calls.add(new ContractCall(governor, PROPOSAL_NEEDS_QUEUING));
        List<String> raw = reader.callsAt(chain, block, calls);
        Answers answers = new Answers(GOVERNOR_QUESTIONS, raw);
        BigInteger votingPeriod = answers.uint("votingPeriod");
        if (votingPeriod != null && answers.uint("quorumVotes") != null) {
            return bravo(chain, governor, answers, votingPeriod);
        }
        ChecksumAddress token = answers.address("token");
        if (votingPeriod == null || token == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain + "' does not answer votingPeriod() and "
                    + "token() (OpenZeppelin) or quorumVotes() (GovernorBravo): it is not a Governor this engine serves");
        }
        String clockMode = answers.string("CLOCK_MODE");
        ClockMode mode = clockMode == null ? ClockMode.BLOCKNUMBER : ClockMode.fromClockModeString(clockMode);
        return new GovernorInfo(
                GovernorFamily.OPENZEPPELIN,
                answers.string("name"),
                token,
                answers.address("timelock"),
                mode,
                answers.uint("votingDelay"),
                votingPeriod,
                answers.uint("proposalThreshold"),
                answers.uint("quorumNumerator"),
                answers.uint("quorumDenominator"),
                ownClock(chain, block, answers.uint("clock"), mode),
                answers.string("COUNTING_MODE"),
                timelockSalt(raw.get(raw.size() - 1)));
    }

    /**
     * The votes token's name, symbol and decimals, and its supply just before {@code startBlock}. A token that lacks
     * one of them answers null for it rather than failing discovery: ERC-721 has no decimals, and a token need not
     * have a symbol or a name.
     */
    public TokenInfo token(String chain, ChecksumAddress token, long startBlock) {
        long block = reader.headBlock(chain);
        Answers answers = new Answers(TOKEN_QUESTIONS, reader.callsAt(chain, block,
                TOKEN_QUESTIONS.values().stream().map(data -> new ContractCall(token, data)).toList()));
        Type decimals = decodeSingle(answers.raw("decimals"), new TypeReference<Uint8>() { });
        return new TokenInfo(answers.string("name"), answers.string("symbol"),
                decimals == null ? null : ((BigInteger) decimals.getValue()).intValueExact(),
                supplyBefore(chain, token, startBlock, answers.uint("totalSupply")));
    }

    /**
     * A token that answers totalSupply() now but not at the block (no code there yet) had no supply there. One that
     * never answers it (an ERC-721 without the enumerable extension), or a node without that block's state, leaves
     * it unknown.
     */
    private BigInteger supplyBefore(String chain, ChecksumAddress token, long startBlock, BigInteger supplyNow) {
        if (startBlock == 0) {
            return BigInteger.ZERO;
        }
        if (supplyNow == null) {
            return null;
        }
        try {
            BigInteger before = decodeUint(reader.callsAt(chain, startBlock - 1,
                    List.of(new ContractCall(token, TOKEN_QUESTIONS.get("totalSupply")))).get(0));
            return before == null ? BigInteger.ZERO : before;
        } catch (StateUnavailableException pruned) {
            return null;
        }
    }

    /**
     * OpenZeppelin 5 added {@code proposalNeedsQueuing(uint256)} to every Governor, together with the salt that mixes
     * in the Governor's address; 4.x reverts on it. {@code version()} cannot tell them apart: both answer "1".
     */
    private static TimelockOperationId.Salt timelockSalt(String proposalNeedsQueuing) {
        return decodeSingle(proposalNeedsQueuing, new TypeReference<Bool>() { }) == null
                ? TimelockOperationId.Salt.DESCRIPTION : TimelockOperationId.Salt.GOVERNOR_XOR_DESCRIPTION;
    }

    /**
     * Whether the Governor's {@code clock()} at a block differs from what its mode says it counts there: the block
     * number, or the block's timestamp. A Governor without {@code clock()} (before ERC-6372) counts block numbers.
     */
    private boolean ownClock(String chain, long block, BigInteger clock, ClockMode mode) {
        if (clock == null) {
            return false;
        }
        long expected = mode == ClockMode.TIMESTAMP ? reader.headers(chain, List.of(block)).get(0).timestamp() : block;
        return !clock.equals(BigInteger.valueOf(expected));
    }

    private static GovernorInfo bravo(String chain, ChecksumAddress governor, Answers answers, BigInteger votingPeriod) {
        if (answers.uint("initialProposalId") == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain + "' answers quorumVotes() but not "
                    + "initialProposalId(): it is a GovernorAlpha, which this engine does not serve (GovernorBravo is)");
        }
        // Compound names its token comp(); forks (Uniswap's uni() aside) commonly token().
        ChecksumAddress token = answers.address("comp");
        if (token == null) {
            token = answers.address("token");
        }
        if (token == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain
                    + "' is a GovernorBravo whose token answers neither comp() nor token()");
        }
        // Bravo counts in blocks and its Comp-style token has no CLOCK_MODE: block numbers throughout.
        return new GovernorInfo(GovernorFamily.BRAVO, answers.string("name"), token, answers.address("timelock"),
                ClockMode.BLOCKNUMBER, answers.uint("votingDelay"), votingPeriod, answers.uint("proposalThreshold"),
                null, null, false, null, null);
    }

    /**
     * The quorum at a past timepoint, as the Governor computes it; null if the Governor cannot tell yet. A Bravo's
     * {@code quorumVotes()} takes no timepoint: its current answer.
     */
    public BigInteger quorum(String chain, ChecksumAddress governor, GovernorFamily family, BigInteger timepoint) {
        if (family == GovernorFamily.BRAVO) {
            return decodeUint(reader.call(chain, governor, GOVERNOR_QUESTIONS.get("quorumVotes")));
        }
        return decodeUint(reader.call(chain, governor, FunctionEncoder.encode(
                new Function("quorum", List.of(new Uint256(timepoint)), List.of(new TypeReference<Uint256>() { })))));
    }

    /** Argument-less functions by name, encoded, in the order given. */
    private static Map<String, String> questions(String... functions) {
        Map<String, String> encoded = new LinkedHashMap<>();
        for (String function : functions) {
            encoded.put(function, FunctionEncoder.encode(new Function(function, List.of(), List.of())));
        }
        return Collections.unmodifiableMap(encoded);
    }

    /** A batch's answers by question name; a question that reverted, or whose answer has another shape, is null. */
    private static final class Answers {
        private final Map<String, String> byName = new HashMap<>();

        Answers(Map<String, String> questions, List<String> raw) {
            int i = 0;
            for (String name : questions.keySet()) {
                byName.put(name, raw.get(i++));
            }
        }

        String raw(String name) {
            return byName.get(name);
        }

        BigInteger uint(String name) {
            return decodeUint(raw(name));
        }

        ChecksumAddress address(String name) {
            Type value = decodeSingle(raw(name), new TypeReference<Address>() { });
            return value == null ? null : ChecksumAddress.of(((Address) value).getValue());
        }

        String string(String name) {
            Type value = decodeSingle(raw(name), new TypeReference<Utf8String>() { });
            return value == null ? null : ((Utf8String) value).getValue();
        }
    }

    private static BigInteger decodeUint(String raw) {
        Type value = decodeSingle(raw, new TypeReference<Uint256>() { });
        return value == null ? null : (BigInteger) value.getValue();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Type decodeSingle(String raw, TypeReference<?> type) {
        if (raw == null) {
            return null;
        }
        try {
            List<Type> values = FunctionReturnDecoder.decode(raw, List.of((TypeReference) type));
            return values.isEmpty() ? null : values.get(0);
        } catch (RuntimeException notThatShape) {
            return null;
        }
    }
}
