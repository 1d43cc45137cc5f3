package dev.govengine.rewards.policy;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The whole RewardPolicy as it stood after the change that produced {@code version}, and where that change was
 * emitted. Rollup kind weights are keyed by the kind's id in the contract, {@link #rollupKindId(String)}.
 */
public record PolicySnapshot(long chainId, ChecksumAddress policy, long version, long blockNumber,
        long blockTimestamp, long epochLength, BigInteger budgetPerEpoch, int depinBps, int rollupBps,
        int governanceBps, Map<Integer, BigInteger> gpuClassWeights,
        Map<String, BigInteger> rollupKindWeights /* key: bytes32 kind id, 0x + 64 lowercase hex */,
        int recipientCapBps, BigInteger minPayout, GovernanceMode governanceMode /* rewards.scoring */,
        SortedSet<ChecksumAddress> verifiers) {

    public PolicySnapshot {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(budgetPerEpoch, "budgetPerEpoch");
        Objects.requireNonNull(minPayout, "minPayout");
        Objects.requireNonNull(governanceMode, "governanceMode");
        gpuClassWeights = Collections.unmodifiableSortedMap(new TreeMap<>(gpuClassWeights));
        rollupKindWeights = Collections.unmodifiableSortedMap(new TreeMap<>(rollupKindWeights));
        verifiers = Collections.unmodifiableSortedSet(new TreeSet<>(verifiers));
    }

    /** A rollup kind's id in RewardPolicy: keccak256 of the kind's name in UTF-8, as 0x + 64 lowercase hex. */
    public static String rollupKindId(String kindName) {
        return Numeric.toHexString(Hash.sha3(kindName.getBytes(StandardCharsets.UTF_8)));
    }

    /** The weight of a rollup kind by its name; 0 when the policy has none. */
    public BigInteger rollupKindWeight(String kindName) {
        return rollupKindWeights.getOrDefault(rollupKindId(kindName), BigInteger.ZERO);
    }

    /** What scoring reads, with the rollup weights keyed by the names of {@code kindNames}. */
    public ScoringPolicy scoringPolicy(Collection<String> kindNames) {
        Map<String, BigInteger> byName = new TreeMap<>();
        for (String kind : kindNames) {
            byName.put(kind, rollupKindWeight(kind));
        }
        return new ScoringPolicy(gpuClassWeights, byName, governanceMode);
    }
}
