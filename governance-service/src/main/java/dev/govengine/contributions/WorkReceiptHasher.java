package dev.govengine.contributions;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The EIP-712 digest of a {@link WorkReceipt}, built by hand from the fixed layout of its static fields: seven words
 * for the struct hash, then {@code 0x1901 ‖ domainSeparator ‖ structHash}. Two keccaks per receipt and no JSON or
 * reflection, where web3j's {@code StructuredDataEncoder} would parse a typed-data document for each one; the tests
 * check both against each other and against {@code RewardPolicy.hashWorkReceipt}.
 */
public final class WorkReceiptHasher {
    public static final String TYPE =
            "WorkReceipt(address provider,uint64 epoch,bytes32 jobId,uint8 gpuClass,uint64 gpuSeconds,uint16 qualityBps)";
    private static final byte[] TYPEHASH = Hash.sha3(TYPE.getBytes(StandardCharsets.UTF_8));

    private final WorkReceiptDomain domain;

    public WorkReceiptHasher(WorkReceiptDomain domain) {
        this.domain = domain;
    }

    public WorkReceiptDomain domain() {
        return domain;
    }

    public byte[] digest(WorkReceipt receipt) {
        byte[] struct = new byte[7 * 32];
        System.arraycopy(TYPEHASH, 0, struct, 0, 32);
        System.arraycopy(Numeric.hexStringToByteArray(receipt.provider().lowerCase()), 0, struct, 32 + 12, 20);
        putUint(struct, 64, receipt.epoch());
        System.arraycopy(receipt.jobId().toArray(), 0, struct, 96, 32);
        putUint(struct, 128, receipt.gpuClass());
        putUint(struct, 160, receipt.gpuSeconds());
        putUint(struct, 192, receipt.qualityBps());
        byte[] typed = new byte[2 + 32 + 32];
        typed[0] = 0x19;
        typed[1] = 0x01;
        System.arraycopy(domain.separatorUnsafe(), 0, typed, 2, 32);
        System.arraycopy(Hash.sha3(struct), 0, typed, 34, 32);
        return Hash.sha3(typed);
    }

    /** Writes a non-negative value as the big-endian 32-byte word at {@code offset}; the word is zero already. */
    static void putUint(byte[] target, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            target[offset + 31 - i] = (byte) (value >>> (8 * i));
        }
    }

    private static void putUint(byte[] target, int offset, BigInteger value) {
        byte[] bytes = value.toByteArray();
        int length = bytes.length;
        int skip = length > 32 ? length - 32 : 0; // a sign byte only: the value fits in 32 bytes
        System.arraycopy(bytes, skip, target, offset + 32 - (length - skip), length - skip);
    }
}
