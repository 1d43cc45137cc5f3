package dev.govengine.deployment;

import dev.govengine.config.EngineConfig;
import java.nio.file.Path;
import java.util.List;

/** The configuration check of {@code gov.deployment-file}: readable, and on a configured chain. */
public final class DeploymentFileCheck {
    private static final String DEPLOYMENT_FILE = "gov.deployment-file";

    private DeploymentFileCheck() {
    }

    public static List<String> problems(EngineConfig engine) {
        if (engine.deploymentFile().isEmpty()) {
            return List.of();
        }
        String file = engine.deploymentFile().get();
        Deployment deployment;
        try {
            deployment = DeploymentJson.read(Path.of(file));
        } catch (InvalidDeploymentException e) {
            return List.of(DEPLOYMENT_FILE + ": " + file + ": " + e.getMessage());
        }
        List<Long> chainIds = engine.chains().values().stream().map(EngineConfig.Chain::chainId).sorted().toList();
        if (!chainIds.contains(deployment.chainId())) {
            return List.of(DEPLOYMENT_FILE + ": " + file + ": chainId " + deployment.chainId()
                    + " is not the chain id of a configured chain (gov.chains.*.chain-id: " + chainIds + ")");
        }
        return List.of();
    }
}
