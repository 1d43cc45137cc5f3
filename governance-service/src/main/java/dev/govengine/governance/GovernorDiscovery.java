package dev.govengine.governance;

import dev.govengine.chain.ChainReader;
import dev.govengine.chain.ChecksumAddress;
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

    public GovernorInfo discover(String chain, ChecksumAddress governor) {
        BigInteger votingPeriod = uint(chain, governor, "votingPeriod");
        ChecksumAddress token = address(chain, governor, "token");
        if (votingPeriod == null || token == null) {
            throw new NotAGovernorException(governor + " on chain '" + chain
                    + "' does not answer votingPeriod() and token(): it is not an OpenZeppelin Governor");
        }
        String clockMode = string(chain, governor, "CLOCK_MODE");
        return new GovernorInfo(
                string(chain, governor, "name"),
                token,
                address(chain, governor, "timelock"),
                clockMode == null ? ClockMode.BLOCKNUMBER : ClockMode.fromClockModeString(clockMode),
                uint(chain, governor, "votingDelay"),
                votingPeriod,
                uint(chain, governor, "proposalThreshold"),
                uint(chain, governor, "quorumNumerator"),
                uint(chain, governor, "quorumDenominator"),
                string(chain, governor, "COUNTING_MODE"),
                timelockSalt(chain, governor));
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

    /** The quorum at a past timepoint, as the Governor computes it; null if the Governor cannot tell yet. */
    public BigInteger quorum(String chain, ChecksumAddress governor, BigInteger timepoint) {
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
