package dev.govengine.rewards.lifecycle;

import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.RollupKindMapping;
import dev.govengine.contributions.RollupMapping;
import dev.govengine.contributions.RollupSource;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.rewards.distributor.DistributorSource;
import dev.govengine.rewards.policy.PolicySource;
import dev.govengine.sync.LogSource;
import dev.govengine.sync.LogSourceProvider;
import dev.govengine.types.ChecksumAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The active deployment's reward contracts as log sources, each under its own cursor: the RewardPolicy, the
 * RewardDistributor, and one source per contract the rollup mapping reads. They are on the deployment's chain, the
 * configured chain whose chain id is the deployment's (the first by name if several share it). Without a deployment
 * there is nothing to index.
 */
@ApplicationScoped
public class RewardContractSources implements LogSourceProvider {
    private final EngineConfig config;
    private final ActiveDeployment deployment;
    private volatile RollupMapping rollupMapping;

    @Inject
    public RewardContractSources(EngineConfig config, ActiveDeployment deployment) {
        this.config = config;
        this.deployment = deployment;
        this.rollupMapping = RollupMapping.fromConfig(config.rewards());
    }

    @Override
    public List<LogSource> sources() {
        Optional<Deployment> active = deployment.get();
        Optional<String> chain = active.flatMap(d -> ConfiguredChains.forChainId(config, d.chainId()));
        if (chain.isEmpty()) {
            return List.of();
        }
        Deployment d = active.get();
        List<LogSource> sources = new ArrayList<>();
        sources.add(new PolicySource(chain.get(), d.chainId(), d.rewardPolicy().address(), d.rewardPolicy().block()));
        sources.add(new DistributorSource(chain.get(), d.chainId(), d.rewardDistributor().address(),
                d.rewardDistributor().block()));
        Map<ChecksumAddress, List<RollupKindMapping>> byContract = new TreeMap<>();
        for (RollupKindMapping kind : rollupMapping.kinds()) {
            byContract.computeIfAbsent(kind.contract().orElse(d.rollupContributions().address()), c -> new ArrayList<>())
                    .add(kind);
        }
        // A contract of a rollup's own predates the deployment; contributions before the policy existed earn nothing.
        byContract.forEach((contract, kinds) -> sources.add(new RollupSource(chain.get(), d.chainId(), contract,
                contract.equals(d.rollupContributions().address()) ? d.rollupContributions().block() : d.rewardPolicy().block(),
                kinds)));
        return sources;
    }

    /** The rollup kinds indexed. */
    public RollupMapping rollupMapping() {
        return rollupMapping;
    }

    /** Indexes other rollup kinds from the next cycle on (the configuration's, at start). */
    public void useRollupMapping(RollupMapping mapping) {
        this.rollupMapping = mapping;
    }
}
