package dev.govengine.submission;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A Governor proposal by its content: the calls and the description. Its id is OpenZeppelin 5's
 * {@code hashProposal(targets, values, calldatas, keccak256(description))}, which involves neither the chain nor the
 * Governor's address, so it is known before anything is sent and the same content always has the same id. That is
 * what makes proposing idempotent: a second {@code propose} of the same content reverts, and the first one is found
 * by its id.
 */
public record GovernorProposal(ChecksumAddress governor, List<Action> actions, String description) {

    /**
     * One call the timelock makes when the proposal executes. {@code signature} is for people
     * ({@code setBudgetPerEpoch(uint256)}); the calldata is what counts.
     */
    public record Action(ChecksumAddress target, BigInteger value, String signature, byte[] calldata) {
        public Action {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(value, "value");
            calldata = calldata.clone();
        }

        /** A call without value, encoded from {@code function}. */
        public static Action call(ChecksumAddress target, Function function) {
            String types = function.getInputParameters().stream().map(Type::getTypeAsString)
                    .reduce((a, b) -> a + "," + b).orElse("");
            return new Action(target, BigInteger.ZERO, function.getName() + "(" + types + ")",
                    Numeric.hexStringToByteArray(FunctionEncoder.encode(function)));
        }

        @Override
        public byte[] calldata() {
            return calldata.clone();
        }

        public String calldataHex() {
            return Numeric.toHexString(calldata);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Action that && target.equals(that.target) && value.equals(that.value)
                    && signature.equals(that.signature) && Arrays.equals(calldata, that.calldata);
        }

        @Override
        public int hashCode() {
            return Objects.hash(target, value, signature, Arrays.hashCode(calldata));
        }
    }

    public GovernorProposal {
        Objects.requireNonNull(governor, "governor");
        Objects.requireNonNull(description, "description");
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a proposal needs at least one action");
        }
    }

    public byte[] descriptionHash() {
        return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    }

    /** The proposal id, as the Governor's {@code hashProposal} computes it. */
    public BigInteger id() {
        String encoded = FunctionEncoder.encodeConstructor(List.of(targets(), values(), calldatas(),
                new Bytes32(descriptionHash())));
        return Numeric.toBigInt(Hash.sha3(Numeric.hexStringToByteArray(encoded)));
    }

    /** {@code propose(targets, values, calldatas, description)} on the Governor. */
    public String proposeCalldata() {
        return FunctionEncoder.encode(new Function("propose",
                List.of(targets(), values(), calldatas(), new Utf8String(description)), List.of()));
    }

    /** {@code queue(targets, values, calldatas, descriptionHash)}: anyone may call it once the proposal succeeded. */
    public String queueCalldata() {
        return byHash("queue");
    }

    /** {@code execute(targets, values, calldatas, descriptionHash)}: anyone may call it once the timelock's eta passed. */
    public String executeCalldata() {
        return byHash("execute");
    }

    private String byHash(String name) {
        return FunctionEncoder.encode(new Function(name,
                List.of(targets(), values(), calldatas(), new Bytes32(descriptionHash())), List.of()));
    }

    private DynamicArray<Address> targets() {
        return new DynamicArray<>(Address.class, actions.stream().map(a -> new Address(a.target().toString())).toList());
    }

    private DynamicArray<Uint256> values() {
        return new DynamicArray<>(Uint256.class, actions.stream().map(a -> new Uint256(a.value())).toList());
    }

    private DynamicArray<DynamicBytes> calldatas() {
        return new DynamicArray<>(DynamicBytes.class, actions.stream().map(a -> new DynamicBytes(a.calldata())).toList());
    }

    /** {@code state(id)}, which reverts for a proposal that does not exist. */
    static String stateCall(BigInteger proposalId) {
        return FunctionEncoder.encode(new Function("state", List.of(new Uint256(proposalId)), List.of()));
    }

    /** {@code proposalSnapshot(id)}: zero for a proposal that does not exist, where {@code state} would revert. */
    static String snapshotCall(BigInteger proposalId) {
        return FunctionEncoder.encode(new Function("proposalSnapshot", List.of(new Uint256(proposalId)), List.of()));
    }

    static String etaCall(BigInteger proposalId) {
        return FunctionEncoder.encode(new Function("proposalEta", List.of(new Uint256(proposalId)), List.of()));
    }
}
