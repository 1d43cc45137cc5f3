package dev.govengine.deployment;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployed and wired contract set (contracts/README.md, wiring order) and the settings the service needs to know
 * about it. Written to and read from the deployment JSON by {@link DeploymentJson}.
 */
public record Deployment(
        long chainId,
        DeployedContract token,
        DeployedContract timelock,
        DeployedContract governor,
        DeployedContract rewardPolicy,
        DeployedContract rewardDistributor,
        DeployedContract rollupContributions,
        Settings settings) {

    /** Names of the contracts in the JSON, in deployment order. */
    public static final List<String> CONTRACT_NAMES = List.of(
            "token", "timelock", "governor", "rewardPolicy", "rewardDistributor", "rollupContributions");

    /**
     * What the deployment was configured with that the chain does not show in a single view: the distributor's
     * updater (the engine's signer) and guardian (the zero address: none), the initial verifiers, the governance
     * timing, the distributor's dispute settings and epoch skip bound, the policy's floor of the epoch length, and
     * whether RollupContributions lets anyone report.
     */
    public record Settings(
            ChecksumAddress updater,
            ChecksumAddress guardian,
            List<ChecksumAddress> verifiers,
            BigInteger timelockDelaySeconds,
            BigInteger votingDelayBlocks,
            BigInteger votingPeriodBlocks,
            BigInteger disputePeriodSeconds,
            BigInteger resolutionPeriodSeconds,
            BigInteger minDisputeBond,
            BigInteger disputeBond,
            BigInteger maxEpochSkip,
            BigInteger policyMinEpochLengthSeconds,
            boolean rollupPermissionless,
            BigInteger rewardFunding) {

        public Settings {
            verifiers = List.copyOf(verifiers);
        }
    }

    /** The first block an indexer reads to see the whole set, from the token's creation on. */
    public long startBlock() {
        return token.block();
    }

    /** The contracts by their JSON names, in deployment order. */
    public Map<String, DeployedContract> contracts() {
        Map<String, DeployedContract> contracts = new LinkedHashMap<>();
        List<DeployedContract> inOrder = List.of(token, timelock, governor, rewardPolicy, rewardDistributor, rollupContributions);
        for (int i = 0; i < CONTRACT_NAMES.size(); i++) {
            contracts.put(CONTRACT_NAMES.get(i), inOrder.get(i));
        }
        return contracts;
    }
}
