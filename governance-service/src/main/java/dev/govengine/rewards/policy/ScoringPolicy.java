package dev.govengine.rewards.policy;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parts of the reward policy that scoring reads: a weight per GPU class and per rollup contribution kind, and the
 * governance mode. A class or kind without a weight has weight 0, as RewardPolicy removes one by setting it to 0, so
 * work of a class removed before the epoch's end scores nothing.
 */
public record ScoringPolicy(Map<Integer, BigInteger> gpuClassWeights, Map<String, BigInteger> rollupKindWeights,
                            GovernanceMode governanceMode) {
    public ScoringPolicy {
        Objects.requireNonNull(gpuClassWeights, "gpuClassWeights");
        Objects.requireNonNull(rollupKindWeights, "rollupKindWeights");
        Objects.requireNonNull(governanceMode, "governanceMode");
        gpuClassWeights.forEach((gpuClass, weight) -> {
            if (gpuClass < 0 || gpuClass > 255) {
                throw new IllegalArgumentException("GPU class " + gpuClass + " is not a uint8");
            }
            requireNonNegative(weight, "weight of GPU class " + gpuClass);
        });
        rollupKindWeights.forEach((kind, weight) -> requireNonNegative(weight, "weight of rollup kind " + kind));
        gpuClassWeights = Collections.unmodifiableMap(new TreeMap<>(gpuClassWeights));
        rollupKindWeights = Collections.unmodifiableMap(new TreeMap<>(rollupKindWeights));
    }

    public BigInteger gpuClassWeight(int gpuClass) {
        return gpuClassWeights.getOrDefault(gpuClass, BigInteger.ZERO);
    }

    public BigInteger rollupKindWeight(String kind) {
        return rollupKindWeights.getOrDefault(kind, BigInteger.ZERO);
    }

    private static void requireNonNegative(BigInteger weight, String what) {
        if (weight == null || weight.signum() < 0) {
            throw new IllegalArgumentException(what + " is " + weight + ", expected an integer >= 0");
        }
    }
}
