package dev.govengine.governance;

import dev.govengine.chain.ChainReader;
import dev.govengine.chain.ContractCall;
import dev.govengine.chain.StateUnavailableException;
import dev.govengine.types.ChecksumAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
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
 */
@ApplicationScoped
public class GovernorDiscovery {
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
        BigInteger votingPeriod = uint(chain, governor, "votingPeriod");
        if (votingPeriod != null && uint(chain, governor, "quorumVotes") != null) {
            return bravo(chain, governor, votingPeriod);
        }
        ChecksumAddress token = address(chain, governor, "token");
        if (votingPeriod == null || token == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain + "' does not answer votingPeriod() and "
                    + "token() (OpenZeppelin) or quorumVotes() (GovernorBravo): it is not a Governor this engine serves");
        }
        String clockMode = string(chain, governor, "CLOCK_MODE");
        ClockMode mode = clockMode == null ? ClockMode.BLOCKNUMBER : ClockMode.fromClockModeString(clockMode);
        return new GovernorInfo(
                GovernorFamily.OPENZEPPELIN,
                string(chain, governor, "name"),
                token,
                address(chain, governor, "timelock"),
                mode,
                uint(chain, governor, "votingDelay"),
                votingPeriod,
                uint(chain, governor, "proposalThreshold"),
                uint(chain, governor, "quorumNumerator"),
                uint(chain, governor, "quorumDenominator"),
                ownClock(chain, governor, mode),
                string(chain, governor, "COUNTING_MODE"),
                timelockSalt(chain, governor));
    }

    /**
     * The votes token's name, symbol and decimals, and its supply just before {@code startBlock}. A token that lacks
     * one of them answers null for it rather than failing discovery: ERC-721 has no decimals, and a token need not
     * have a symbol or a name.
     */
    public TokenInfo token(String chain, ChecksumAddress token, long startBlock) {
        Type decimals = decodeSingle(call(chain, token, "decimals", new TypeReference<Uint8>() { }),
                new TypeReference<Uint8>() { });
        return new TokenInfo(string(chain, token, "name"), string(chain, token, "symbol"),
                decimals == null ? null : ((BigInteger) decimals.getValue()).intValueExact(),
                supplyBefore(chain, token, startBlock));
    }

    /**
     * A token that answers totalSupply() now but not at the block (no code there yet) had no supply there. One that
     * never answers it (an ERC-721 without the enumerable extension), or a node without that block's state, leaves
     * it unknown.
     */
    private BigInteger supplyBefore(String chain, ChecksumAddress token, long startBlock) {
        if (startBlock == 0) {
            return BigInteger.ZERO;
        }
        String totalSupply = FunctionEncoder.encode(new Function("totalSupply", List.of(),
                List.of(new TypeReference<Uint256>() { })));
        if (decodeUint(reader.call(chain, token, totalSupply)) == null) {
            return null;
        }
        try {
            BigInteger before = decodeUint(reader.callsAt(chain, startBlock - 1,
                    List.of(new ContractCall(token, totalSupply))).get(0));
            return before == null ? BigInteger.ZERO : before;
        } catch (StateUnavailableException pruned) {
            return null;
        }
    }

    /**
     * OpenZeppelin 5 added {@code proposalNeedsQueuing(uint256)} to every Governor, together with the salt that mixes
     * in the Governor's address; 4.x reverts on it. {@code version()} cannot tell them apart: both answer "1".
     */
    private TimelockOperationId.Salt timelockSalt(String chain, ChecksumAddress governor) {
        String answer = reader.call(chain, governor, FunctionEncoder.encode(new Function("proposalNeedsQueuing",
                List.of(new Uint256(BigInteger.ZERO)), List.of(new TypeReference<Bool>() { }))));
        return decodeSingle(answer, new TypeReference<Bool>() { }) == null
                ? TimelockOperationId.Salt.DESCRIPTION : TimelockOperationId.Salt.GOVERNOR_XOR_DESCRIPTION;
    }

    /**
     * Whether the Governor's {@code clock()} at a block differs from what its mode says it counts there: the block
     * number, or the block's timestamp. A Governor without {@code clock()} (before ERC-6372) counts block numbers.
     */
    private boolean ownClock(String chain, ChecksumAddress governor, ClockMode mode) {
        long block = reader.headBlock(chain);
        BigInteger clock = decodeUint(reader.callsAt(chain, block, List.of(new ContractCall(governor,
                FunctionEncoder.encode(new Function("clock", List.of(), List.of()))))).get(0));
        if (clock == null) {
            return false;
        }
        long expected = mode == ClockMode.TIMESTAMP ? reader.headers(chain, List.of(block)).get(0).timestamp() : block;
        return !clock.equals(BigInteger.valueOf(expected));
    }

    private GovernorInfo bravo(String chain, ChecksumAddress governor, BigInteger votingPeriod) {
        if (uint(chain, governor, "initialProposalId") == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain + "' answers quorumVotes() but not "
                    + "initialProposalId(): it is a GovernorAlpha, which this engine does not serve (GovernorBravo is)");
        }
        // Compound names its token comp(); forks (Uniswap's uni() aside) commonly token().
        ChecksumAddress token = address(chain, governor, "comp");
        if (token == null) {
            token = address(chain, governor, "token");
        }
        if (token == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain
                    + "' is a GovernorBravo whose token answers neither comp() nor token()");
        }
        // Bravo counts in blocks and its Comp-style token has no CLOCK_MODE: block numbers throughout.
        return new GovernorInfo(GovernorFamily.BRAVO, string(chain, governor, "name"), token,
                address(chain, governor, "timelock"), ClockMode.BLOCKNUMBER, uint(chain, governor, "votingDelay"),
                votingPeriod, uint(chain, governor, "proposalThreshold"), null, null, false, null, null);
    }

    /**
     * The quorum at a past timepoint, as the Governor computes it; null if the Governor cannot tell yet. A Bravo's
     * {@code quorumVotes()} takes no timepoint: its current answer.
     */
    public BigInteger quorum(String chain, ChecksumAddress governor, GovernorFamily family, BigInteger timepoint) {
        if (family == GovernorFamily.BRAVO) {
            return uint(chain, governor, "quorumVotes");
        }
        return decodeUint(reader.call(chain, governor, FunctionEncoder.encode(
                new Function("quorum", List.of(new Uint256(timepoint)), List.of(new TypeReference<Uint256>() { })))));
    }

    private BigInteger uint(String chain, ChecksumAddress governor, String function) {
        return decodeUint(call(chain, governor, function, new TypeReference<Uint256>() { }));
    }

    private ChecksumAddress address(String chain, ChecksumAddress governor, String function) {
        String raw = call(chain, governor, function, new TypeReference<Address>() { });
        Type value = decodeSingle(raw, new TypeReference<Address>() { });
        return value == null ? null : ChecksumAddress.of(((Address) value).getValue());
    }

    private String string(String chain, ChecksumAddress governor, String function) {
        String raw = call(chain, governor, function, new TypeReference<Utf8String>() { });
        Type value = decodeSingle(raw, new TypeReference<Utf8String>() { });
        return value == null ? null : ((Utf8String) value).getValue();
    }

    private String call(String chain, ChecksumAddress governor, String function, TypeReference<?> output) {
        return reader.call(chain, governor, FunctionEncoder.encode(new Function(function, List.of(), List.of(output))));
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
