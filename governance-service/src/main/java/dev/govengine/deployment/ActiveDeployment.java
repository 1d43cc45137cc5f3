package dev.govengine.deployment;

import dev.govengine.config.EngineConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The deployment named by {@code gov.deployment-file}, if any: the addresses of the policy, distributor and rollup
 * contracts the engine scores and submits against. {@code ConfigPreflight} has already checked the file before the
 * service boots; it is read once, at start-up, so that the log says which contracts this instance works with.
 * {@link #use(Deployment)} switches to a deployment made after the service started (tests deploy on a running
 * Anvil); the indexer picks it up on its next cycle.
 */
@Startup
@ApplicationScoped
public class ActiveDeployment {
    private static final Logger LOG = Logger.getLogger(ActiveDeployment.class);

    private volatile Optional<Deployment> deployment;

    public ActiveDeployment(EngineConfig config) {
        this.deployment = config.deploymentFile().map(file -> {
            Deployment read = DeploymentJson.read(Path.of(file));
            LOG.infof("Deployment %s: chain id %d, RewardPolicy %s, RewardDistributor %s, RollupContributions %s",
                    file, read.chainId(), read.rewardPolicy().address(), read.rewardDistributor().address(),
                    read.rollupContributions().address());
            return read;
        });
    }

    public Optional<Deployment> get() {
        return deployment;
    }

    public void use(Deployment other) {
        LOG.infof("Deployment switched: chain id %d, RewardPolicy %s, RewardDistributor %s, RollupContributions %s",
                other.chainId(), other.rewardPolicy().address(), other.rewardDistributor().address(),
                other.rollupContributions().address());
        deployment = Optional.of(other);
    }
}
