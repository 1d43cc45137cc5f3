package dev.govengine.rewards.scoring;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A verified DePIN work receipt, reduced to what scoring reads. The ranges are those of the EIP-712
 * {@code WorkReceipt}: gpuClass a uint8, gpuSeconds a uint64, qualityBps 0..10000.
 */
public record DepinReceipt(ChecksumAddress provider, int gpuClass, BigInteger gpuSeconds, int qualityBps) {
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public DepinReceipt {
        Objects.requireNonNull(provider, "provider");
        if (gpuClass < 0 || gpuClass > 255) {
            throw new IllegalArgumentException("gpuClass " + gpuClass + " is not a uint8");
        }
        Objects.requireNonNull(gpuSeconds, "gpuSeconds");
        if (gpuSeconds.signum() < 0 || gpuSeconds.compareTo(MAX_UINT64) > 0) {
            throw new IllegalArgumentException("gpuSeconds " + gpuSeconds + " is not a uint64");
        }
        if (qualityBps < 0 || qualityBps > 10_000) {
            throw new IllegalArgumentException("qualityBps " + qualityBps + " is outside 0..10000");
        }
    }
}
