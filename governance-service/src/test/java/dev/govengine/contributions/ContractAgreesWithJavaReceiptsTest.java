package dev.govengine.contributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tuples.generated.Tuple7;
import org.web3j.utils.Numeric;

/**
 * The service's EIP-712 digest and signer recovery against RewardPolicy itself on Anvil: hashWorkReceipt,
 * recoverWorkReceiptSigner (address(0) wherever Java refuses the signature) and isValidWorkReceipt.
 */
@QuarkusTest
class ContractAgreesWithJavaReceiptsTest {
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    private Web3j web3j;
    private RewardPolicy policy;
    private WorkReceiptDomain domain;

    @BeforeEach
    void deploy() throws Exception {
        web3j = Web3j.build(new HttpService(rpcUrl));
        Credentials owner = DevAccounts.account(0);
        Deployer chain = new Deployer(web3j, AnvilNode.CHAIN_ID);
        policy = RewardPolicy.deploy(web3j, chain.transactionManager(owner), chain.gasProvider(), owner.getAddress(),
                "0x0000000000000000000000000000000000000000", BigInteger.valueOf(3_600), BigInteger.valueOf(3_600),
                BigInteger.TEN, BigInteger.valueOf(10_000), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(10_000), BigInteger.ZERO, BigInteger.ZERO).send();
        policy.addVerifier(DevAccounts.verifier().getAddress()).send();
        Tuple7<byte[], String, String, BigInteger, String, byte[], List<BigInteger>> eip712 = policy.eip712Domain().send();
        domain = new WorkReceiptDomain(eip712.component2(), eip712.component3(), eip712.component4().longValueExact(),
                ChecksumAddress.of(eip712.component5()));
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void theDomainIsTheContracts() throws Exception {
        assertEquals("RewardPolicy", domain.name());
        assertEquals("1", domain.version());
        assertEquals(AnvilNode.CHAIN_ID, domain.chainId());
        assertEquals(ChecksumAddress.of(policy.getContractAddress()), domain.verifyingContract());
        assertArrayEquals(policy.domainSeparator().send(), domain.separator());
    }

    @Test
    void digestsAndSignersAgreeWithTheContract() throws Exception {
        WorkReceiptHasher hasher = new WorkReceiptHasher(domain);
        Random random = new Random(42);
        BigInteger uint64Max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        List<WorkReceipt> receipts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            receipts.add(new WorkReceipt(ChecksumAddress.of(DevAccounts.account(i % 10).getAddress()),
                    i == 0 ? uint64Max : BigInteger.valueOf(1 + random.nextInt(1_000)), ReceiptSigning.jobId("job " + i),
                    i == 1 ? 255 : random.nextInt(256), i == 2 ? uint64Max : new BigInteger(64, random),
                    i == 3 ? 0xffff : random.nextInt(10_001)));
        }
        for (WorkReceipt receipt : receipts) {
            byte[] digest = hasher.digest(receipt);
            assertArrayEquals(onChainDigest(receipt), digest, receipt.toString());
            for (Credentials signer : List.of(DevAccounts.verifier(), DevAccounts.account(3))) {
                byte[] signature = ReceiptSigning.sign(domain, receipt, signer);
                assertEquals(ChecksumAddress.of(signer.getAddress()), ReceiptSignature.of(signature).recover(digest));
                assertEquals(ChecksumAddress.of(signer.getAddress()), onChainSigner(receipt, signature));
                assertEquals(signer.equals(DevAccounts.verifier()), onChainValid(receipt, signature));
            }
        }
    }

    @Test
    void everySignatureJavaRefusesRecoversToNobodyOnChain() throws Exception {
        WorkReceipt receipt = ReceiptSigning.receipt(ChecksumAddress.of(DevAccounts.account(1).getAddress()), 2, "edge",
                1, 60, 10_000);
        byte[] good = ReceiptSigning.sign(domain, receipt, DevAccounts.verifier());
        List<byte[]> refused = List.of(
                ReceiptSigning.highS(good),
                ReceiptSigning.edit(good, s -> {
                    s[64] = 0;
                    return s;
                }),
                ReceiptSigning.edit(good, s -> {
                    s[64] = 29;
                    return s;
                }),
                ReceiptSigning.edit(good, s -> {
                    java.util.Arrays.fill(s, 0, 32, (byte) 0);
                    return s;
                }),
                ReceiptSigning.edit(good, s -> {
                    java.util.Arrays.fill(s, 32, 64, (byte) 0);
                    return s;
                }),
                ReceiptSigning.edit(good, s -> {
                    System.arraycopy(Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN(), 32), 0, s, 0, 32);
                    return s;
                }),
                ReceiptSigning.edit(good, s -> {
                    System.arraycopy(Numeric.toBytesPadded(BigInteger.valueOf(5), 32), 0, s, 0, 32);
                    return s;
                }));
        byte[] digest = new WorkReceiptHasher(domain).digest(receipt);
        for (byte[] signature : refused) {
            assertThrows(InvalidSignatureException.class, () -> ReceiptSignature.of(signature).recover(digest),
                    Numeric.toHexString(signature));
            assertEquals(ZERO, policy.recoverWorkReceiptSigner(receipt.provider().toString(), receipt.epoch(),
                    receipt.jobId().toArray(), BigInteger.valueOf(receipt.gpuClass()), receipt.gpuSeconds(),
                    BigInteger.valueOf(receipt.qualityBps()), signature).send(), Numeric.toHexString(signature));
        }
        byte[] short64 = java.util.Arrays.copyOf(good, 64);
        assertThrows(InvalidSignatureException.class, () -> ReceiptSignature.of(short64));
        assertEquals(ZERO, policy.recoverWorkReceiptSigner(receipt.provider().toString(), receipt.epoch(),
                receipt.jobId().toArray(), BigInteger.valueOf(receipt.gpuClass()), receipt.gpuSeconds(),
                BigInteger.valueOf(receipt.qualityBps()), short64).send());
    }

    private byte[] onChainDigest(WorkReceipt receipt) throws Exception {
        return policy.hashWorkReceipt(receipt.provider().toString(), receipt.epoch(), receipt.jobId().toArray(),
                BigInteger.valueOf(receipt.gpuClass()), receipt.gpuSeconds(), BigInteger.valueOf(receipt.qualityBps())).send();
    }

    private ChecksumAddress onChainSigner(WorkReceipt receipt, byte[] signature) throws Exception {
        return ChecksumAddress.of(policy.recoverWorkReceiptSigner(receipt.provider().toString(), receipt.epoch(),
                receipt.jobId().toArray(), BigInteger.valueOf(receipt.gpuClass()), receipt.gpuSeconds(),
                BigInteger.valueOf(receipt.qualityBps()), signature).send());
    }

    private boolean onChainValid(WorkReceipt receipt, byte[] signature) throws Exception {
        return policy.isValidWorkReceipt(receipt.provider().toString(), receipt.epoch(), receipt.jobId().toArray(),
                BigInteger.valueOf(receipt.gpuClass()), receipt.gpuSeconds(), BigInteger.valueOf(receipt.qualityBps()),
                signature).send();
    }
}
