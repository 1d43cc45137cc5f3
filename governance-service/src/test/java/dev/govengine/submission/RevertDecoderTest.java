package dev.govengine.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/** Revert data as the EVM returns it (encoded like a call), decoded against the ABIs of the contracts jar. */
class RevertDecoderTest {
    private final RevertDecoder decoder = RevertDecoder.known();

    @Test
    void decodesTheDistributorsCustomErrorsWithArgumentNames() {
        assertEquals("PendingRootExists(pendingEpoch=7)",
                decoder.decode(encode("PendingRootExists", new Uint256(7))));
        assertEquals("EpochNotIncreasing(epoch=2, liveEpoch=5)",
                decoder.decode(encode("EpochNotIncreasing", new Uint256(2), new Uint256(5))));
        assertEquals("InsufficientFunding(required=1000, balance=10)",
                decoder.decode(encode("InsufficientFunding", new Uint256(1000), new Uint256(10))));
        assertEquals("ZeroRoot()", decoder.decode(encode("ZeroRoot")));
        byte[] role = Hash.sha3("UPDATER_ROLE".getBytes(StandardCharsets.UTF_8));
        assertEquals("AccessControlUnauthorizedAccount(account=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, neededRole=0x"
                        + org.web3j.utils.Numeric.toHexStringNoPrefix(role) + ")",
                decoder.decode(encode("AccessControlUnauthorizedAccount",
                        new Address("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), new Bytes32(role))));
    }

    @Test
    void decodesSolidityErrorAndPanicAndSaysWhatItCannotRead() {
        assertEquals("Error(\"not allowed\")", decoder.decode(encode("Error", new Utf8String("not allowed"))));
        assertEquals("Panic(0x11)", decoder.decode(encode("Panic", new Uint256(BigInteger.valueOf(0x11)))));
        assertEquals("reverted without a reason", decoder.decode("0x"));
        assertEquals("unknown error 0xdeadbeef", decoder.decode("0xdeadbeef"));
        assertEquals("unreadable revert data 0x" + selector("PendingRootExists(uint256)") + "01",
                decoder.decode("0x" + selector("PendingRootExists(uint256)") + "01"));
    }

    private static String encode(String name, org.web3j.abi.datatypes.Type<?>... arguments) {
        return FunctionEncoder.encode(new Function(name, List.of(arguments), List.of()));
    }

    private static String selector(String signature) {
        return org.web3j.utils.Numeric.toHexStringNoPrefix(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    }
}
