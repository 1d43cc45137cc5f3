package dev.govengine.contributions;

import dev.govengine.config.EngineConfig;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.InvalidDeploymentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration check of {@code gov.rewards.rollup}: the rollup contracts are read on the deployment's chain, so a
 * mapping needs a deployment; and outside a devnet chain, the engine pays only for events that trusted parties alone
 * can emit.
 */
public final class RollupMappingCheck {
    private RollupMappingCheck() {
    }

    public static List<String> problems(EngineConfig engine) {
        RollupMapping mapping;
        try {
            mapping = RollupMapping.fromConfig(engine.rewards());
        } catch (InvalidRollupMappingException e) {
            return e.problems();
        }
        List<String> problems = new ArrayList<>();
        if (engine.deploymentFile().isEmpty()) {
            if (!engine.rewards().rollup().isEmpty()) {
                problems.add("gov.rewards.rollup: rollup contributions are indexed on the deployment's chain; set "
                        + "gov.deployment-file");
            }
            return problems;
        }
        try {
            Deployment deployment = DeploymentJson.read(Path.of(engine.deploymentFile().get()));
            problems.addAll(mapping.untrustedEmitters(deployment.rollupContributions().address(),
                    deployment.settings().rollupPermissionless(), deployment.chainId()));
        } catch (InvalidDeploymentException reportedByTheDeploymentFileCheck) {
            // DeploymentFileCheck names the file's problem; without a deployment there is no emitter to judge.
        }
        return problems;
    }
}
