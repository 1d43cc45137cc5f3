package dev.govengine.contributions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/** What a verifier does: sign receipts, here with web3j's own EIP-712 encoder so that the service's is checked. */
public final class ReceiptSigning {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReceiptSigning() {
    }

    public static WorkReceipt receipt(ChecksumAddress provider, long epoch, String jobSeed, int gpuClass, long gpuSeconds,
            int qualityBps) {
        return new WorkReceipt(provider, BigInteger.valueOf(epoch), jobId(jobSeed), gpuClass,
                BigInteger.valueOf(gpuSeconds), qualityBps);
    }

    public static Bytes32 jobId(String seed) {
        return Bytes32.wrap(Hash.sha3(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The typed-data document eth_signTypedData_v4 takes, for web3j's StructuredDataEncoder. */
    public static String typedData(WorkReceiptDomain domain, WorkReceipt receipt) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("types", Map.of(
                "EIP712Domain", List.of(field("name", "string"), field("version", "string"),
                        field("chainId", "uint256"), field("verifyingContract", "address")),
                "WorkReceipt", List.of(field("provider", "address"), field("epoch", "uint64"), field("jobId", "bytes32"),
                        field("gpuClass", "uint8"), field("gpuSeconds", "uint64"), field("qualityBps", "uint16"))));
        document.put("primaryType", "WorkReceipt");
        document.put("domain", Map.of("name", domain.name(), "version", domain.version(), "chainId", domain.chainId(),
                "verifyingContract", domain.verifyingContract().toString()));
        document.put("message", Map.of("provider", receipt.provider().toString(), "epoch", receipt.epoch().toString(),
                "jobId", receipt.jobId().toHex(), "gpuClass", receipt.gpuClass(),
                "gpuSeconds", receipt.gpuSeconds().toString(), "qualityBps", receipt.qualityBps()));
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> field(String name, String type) {
        return Map.of("name", name, "type", type);
    }

    public static byte[] web3jDigest(WorkReceiptDomain domain, WorkReceipt receipt) {
        try {
            return new StructuredDataEncoder(typedData(domain, receipt)).hashStructuredData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** r ‖ s ‖ v with v 27 or 28, as eth_signTypedData_v4 returns it. */
    public static byte[] sign(WorkReceiptDomain domain, WorkReceipt receipt, Credentials signer) {
        Sign.SignatureData signature = Sign.signMessage(web3jDigest(domain, receipt), signer.getEcKeyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return bytes;
    }

    public static String signHex(WorkReceiptDomain domain, WorkReceipt receipt, Credentials signer) {
        return Numeric.toHexString(sign(domain, receipt, signer));
    }

    /** The same signature with s replaced by n − s and v flipped: valid for plain ecrecover, refused as malleable. */
    public static byte[] highS(byte[] signature) {
        BigInteger n = Sign.CURVE_PARAMS.getN();
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
        byte[] twin = signature.clone();
        System.arraycopy(Numeric.toBytesPadded(n.subtract(s), 32), 0, twin, 32, 32);
        twin[64] = (byte) (signature[64] == 27 ? 28 : 27);
        return twin;
    }

    public static byte[] edit(byte[] signature, Function<byte[], byte[]> change) {
        return change.apply(signature.clone());
    }

    public static ReceiptSubmission submission(WorkReceipt receipt, String signatureHex) {
        return new ReceiptSubmission(receipt.provider().toString(), receipt.epoch().toString(), receipt.jobId().toHex(),
                (long) receipt.gpuClass(), receipt.gpuSeconds().toString(), (long) receipt.qualityBps(), signatureHex);
    }
}
