package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The id OpenZeppelin's GovernorTimelockControl queues a proposal under:
 * {@code timelock.hashOperationBatch(targets, values, calldatas, 0, salt)}, the salt depending on the version
 * ({@link Salt}). It depends on nothing the timelock holds, so it is computed when the proposal is created.
 */
public final class TimelockOperationId {
    /** How a GovernorTimelockControl salts the operations it schedules. */
    public enum Salt {
        /**
         * OpenZeppelin 5: {@code bytes20(address(governor)) ^ keccak256(description)}, so that two Governors sharing a
         * timelock never queue under one id.
         */
        GOVERNOR_XOR_DESCRIPTION("governor-xor-description"),
        /** OpenZeppelin 4: {@code keccak256(description)} alone. */
        DESCRIPTION("description");

        private final String value;

        Salt(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** The stored value; a governor not yet discovered again since V20 salts as OpenZeppelin 5, as before. */
        public static Salt fromValue(String value) {
            return DESCRIPTION.value.equals(value) ? DESCRIPTION : GOVERNOR_XOR_DESCRIPTION;
        }
    }

    private TimelockOperationId() {
    }

    public static String of(Salt scheme, ChecksumAddress governor, List<ChecksumAddress> targets,
            List<BigInteger> values, List<String> calldatas, String description) {
        byte[] salt = Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
        if (scheme == Salt.GOVERNOR_XOR_DESCRIPTION) {
            byte[] governorBytes = Numeric.hexStringToByteArray(governor.lowerCase());
            for (int i = 0; i < governorBytes.length; i++) {
                salt[i] ^= governorBytes[i];
            }
        }
        List<Type> parameters = List.of(
                new DynamicArray<>(Address.class, targets.stream().map(t -> new Address(t.lowerCase())).toList()),
                new DynamicArray<>(Uint256.class, values.stream().map(Uint256::new).toList()),
                new DynamicArray<>(DynamicBytes.class,
                        calldatas.stream().map(c -> new DynamicBytes(Numeric.hexStringToByteArray(c))).toList()),
                new Bytes32(new byte[32]),
                new Bytes32(salt));
        return Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(parameters))));
    }
}
