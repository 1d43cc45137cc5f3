package dev.govengine.contributions;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The EIP-712 {@code WorkReceipt(address provider,uint64 epoch,bytes32 jobId,uint8 gpuClass,uint64 gpuSeconds,
 * uint16 qualityBps)} that a verifier signs. The constructor holds only the ABI types' bounds, so that any value the
 * contract could hash can be hashed here; the engine's own rules (epoch 1 or later, qualityBps at most 10000, some
 * GPU seconds) are {@link ReceiptRules}'.
 */
public record WorkReceipt(ChecksumAddress provider, BigInteger epoch, Bytes32 jobId, int gpuClass,
        BigInteger gpuSeconds, int qualityBps) {
    static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public WorkReceipt {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(jobId, "jobId");
        requireUint64("epoch", epoch);
        requireUint64("gpuSeconds", gpuSeconds);
        if (gpuClass < 0 || gpuClass > 0xff) {
            throw new IllegalArgumentException("gpuClass " + gpuClass + " is not a uint8");
        }
        if (qualityBps < 0 || qualityBps > 0xffff) {
            throw new IllegalArgumentException("qualityBps " + qualityBps + " is not a uint16");
        }
    }

    private static void requireUint64(String name, BigInteger value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0 || value.compareTo(UINT64_MAX) > 0) {
            throw new IllegalArgumentException(name + " " + value + " is not a uint64");
        }
    }
}
