package dev.govengine.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.contracts.generated.VotesNft;
import dev.govengine.governance.DecodedCall.DecodedArgument;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * Decoded actions against calldata the contracts' own generated wrappers encode (nothing is sent: the wrappers only
 * encode), with the parameter names the ABIs declare, and calldata that does not decode refused rather than misread.
 */
class FunctionSelectorsTest {
    private static final String ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String SOMEWHERE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final Web3j NOT_CALLED = Web3j.build(new HttpService());
    private static final ReadonlyTransactionManager ENCODE_ONLY = new ReadonlyTransactionManager(NOT_CALLED, ALICE);
    private static final DefaultGasProvider GAS = new DefaultGasProvider();
    private static final FunctionSelectors KNOWN = FunctionSelectors.known();

    @AfterAll
    static void shutDown() {
        NOT_CALLED.shutdown();
    }

    private static DecodedCall decoded(String calldata) {
        return KNOWN.decode(calldata, Optional.empty()).orElseThrow(() -> new AssertionError(calldata + " did not decode"));
    }

    @Test
    void ourContractsCallsDecodeWithTheirParameterNames() {
        RewardPolicy policy = RewardPolicy.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS);
        assertEquals(new DecodedCall("setProgramSplit", "setProgramSplit(uint16,uint16,uint16)", List.of(
                        new DecodedArgument("newDepinBps", "uint16", "5000"),
                        new DecodedArgument("newRollupBps", "uint16", "3000"),
                        new DecodedArgument("newGovernanceBps", "uint16", "2000"))),
                decoded(policy.setProgramSplit(BigInteger.valueOf(5000), BigInteger.valueOf(3000),
                        BigInteger.valueOf(2000)).encodeFunctionCall()));
        byte[] kind = Numeric.hexStringToByteArray("0x" + "ab".repeat(32));
        assertEquals(List.of(new DecodedArgument("kind", "bytes32", "0x" + "ab".repeat(32)),
                        new DecodedArgument("weight", "uint256", BigInteger.TWO.pow(256).subtract(BigInteger.ONE).toString())),
                decoded(policy.setRollupKindWeight(kind, BigInteger.TWO.pow(256).subtract(BigInteger.ONE))
                        .encodeFunctionCall()).arguments());

        RewardDistributor distributor = RewardDistributor.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS);
        String reason = "root omits \"epoch 7\", 👀 ünïcödé";
        assertEquals(List.of(new DecodedArgument("reason", "string", reason)),
                decoded(distributor.dispute(reason, BigInteger.ONE).encodeFunctionCall()).arguments());
        assertEquals(List.of(new DecodedArgument("account", "address", ALICE),
                        new DecodedArgument("cumulativeAmount", "uint256", "1000000000000000000"),
                        new DecodedArgument("proof", "bytes32[]", "[\"0x" + "01".repeat(32) + "\",\"0x" + "02".repeat(32)
                                + "\"]")),
                decoded(distributor.claim(ALICE.toLowerCase(), BigInteger.TEN.pow(18), List.of(
                        Numeric.hexStringToByteArray("01".repeat(32)), Numeric.hexStringToByteArray("02".repeat(32))))
                        .encodeFunctionCall()).arguments());
    }

    @Test
    void timelockBatchesRenderTheirArraysAsJsonArrays() {
        TimelockController timelock = TimelockController.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS);
        String inner = GovernanceToken.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS)
                .transfer(BOB, BigInteger.valueOf(7)).encodeFunctionCall();
        DecodedCall batch = decoded(timelock.scheduleBatch(List.of(SOMEWHERE, BOB), List.of(BigInteger.ZERO,
                        BigInteger.TEN), List.of(Numeric.hexStringToByteArray(inner), new byte[0]), new byte[32],
                Numeric.hexStringToByteArray("ff".repeat(32)), BigInteger.valueOf(172_800)).encodeFunctionCall());
        assertEquals("scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)", batch.signature());
        assertEquals(List.of(new DecodedArgument("targets", "address[]", "[\"" + SOMEWHERE + "\",\"" + BOB + "\"]"),
                new DecodedArgument("values", "uint256[]", "[\"0\",\"10\"]"),
                new DecodedArgument("payloads", "bytes[]", "[\"" + inner + "\",\"0x\"]"),
                new DecodedArgument("predecessor", "bytes32", "0x" + "00".repeat(32)),
                new DecodedArgument("salt", "bytes32", "0x" + "ff".repeat(32)),
                new DecodedArgument("delay", "uint256", "172800")), batch.arguments());
    }

    @Test
    void tokenTransfersDecodeWithTheStandardsNames() {
        GovernanceToken token = GovernanceToken.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS);
        assertEquals(new DecodedCall("transfer", "transfer(address,uint256)", List.of(
                        new DecodedArgument("to", "address", BOB), new DecodedArgument("value", "uint256", "42"))),
                decoded(token.transfer(BOB, BigInteger.valueOf(42)).encodeFunctionCall()));
        // ERC-721's safeTransferFrom overloads and setApprovalForAll, by an OpenZeppelin ERC-721's own wrapper.
        VotesNft nft = VotesNft.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS);
        assertEquals(new DecodedCall("safeTransferFrom", "safeTransferFrom(address,address,uint256,bytes)", List.of(
                        new DecodedArgument("from", "address", ALICE), new DecodedArgument("to", "address", BOB),
                        new DecodedArgument("tokenId", "uint256", "3"), new DecodedArgument("data", "bytes", "0xcafe"))),
                decoded(nft.safeTransferFrom(ALICE, BOB, BigInteger.valueOf(3), new byte[] {(byte) 0xca, (byte) 0xfe})
                        .encodeFunctionCall()));
        assertEquals(List.of(new DecodedArgument("from", "address", ALICE), new DecodedArgument("to", "address", BOB),
                        new DecodedArgument("tokenId", "uint256", "3")),
                decoded(nft.safeTransferFrom(ALICE, BOB, BigInteger.valueOf(3)).encodeFunctionCall()).arguments());
        assertEquals(List.of(new DecodedArgument("operator", "address", BOB),
                        new DecodedArgument("approved", "bool", "true")),
                decoded(nft.setApprovalForAll(BOB, true).encodeFunctionCall()).arguments());
        // approve and transferFrom share their selectors between ERC-20 and ERC-721: the DAO token's ERC-20 names win.
        assertEquals(List.of(new DecodedArgument("spender", "address", BOB), new DecodedArgument("value", "uint256", "3")),
                decoded(nft.approve(BOB, BigInteger.valueOf(3)).encodeFunctionCall()).arguments());
    }

    @Test
    void aSignatureOnlyABravoProposalDeclaresDecodesWithoutNames() {
        String signature = "_setWhitelistGuardians(address[],uint256)";
        String calldata = "0x" + Numeric.toHexStringNoPrefix(org.web3j.crypto.Hash.sha3(signature.getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).substring(0, 8) + FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(Address.class, new Address(ALICE), new Address(BOB)), new Uint256(9)));
        assertEquals(Optional.empty(), KNOWN.decode(calldata, Optional.empty()), "no known ABI declares it");
        assertEquals(Optional.of(new DecodedCall("_setWhitelistGuardians", signature, List.of(
                        new DecodedArgument(null, "address[]", "[\"" + ALICE + "\",\"" + BOB + "\"]"),
                        new DecodedArgument(null, "uint256", "9")))),
                KNOWN.decode(calldata, Optional.of(signature)));
    }

    @Test
    void calldataThatIsNotTheFunctionsEncodingDecodesToNothing() {
        String transfer = GovernanceToken.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS)
                .transfer(BOB, BigInteger.valueOf(42)).encodeFunctionCall();
        String dirtyAddress = transfer.substring(0, 10) + "ff" + transfer.substring(12);
        String setTrue = VotesNft.load(SOMEWHERE, NOT_CALLED, ENCODE_ONLY, GAS).setApprovalForAll(BOB, true)
                .encodeFunctionCall();
        String boolTwo = setTrue.substring(0, setTrue.length() - 1) + "2";
        String hugeOffset = FunctionEncoder.encode(new Function("dispute", List.of(new Uint256(BigInteger.TWO.pow(255))),
                List.of()));
        for (String malformed : List.of(transfer.substring(0, transfer.length() - 2), transfer + "00",
                transfer.substring(0, 10), dirtyAddress, boolTwo, hugeOffset, "0x", "0xa9059c", "0xdeadbeef",
                "0xdeadbeef" + "00".repeat(32))) {
            assertEquals(Optional.empty(), KNOWN.decode(malformed, Optional.empty()), malformed);
        }
        assertEquals(Optional.empty(), KNOWN.decode("0x12345678", Optional.of("pay((address,uint256))")),
                "tuples are not read");
    }
}
