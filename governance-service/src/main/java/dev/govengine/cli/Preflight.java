package dev.govengine.cli;

import dev.govengine.api.OperatorToken;
import dev.govengine.config.ConfigPreflight;
import dev.govengine.contributions.RollupMappingCheck;
import dev.govengine.deployment.DeploymentFileCheck;
import dev.govengine.submission.SignerLoader;

/**
 * The configuration preflight with every module's own check, run before anything starts. It lives at the top, with
 * the commands, so that {@code config} stays the bottom layer that every module reads.
 */
public final class Preflight {
    private Preflight() {
    }

    /** Loads the configuration and checks it; the problems are listed in this order. */
    public static ConfigPreflight load() {
        return ConfigPreflight.load(DeploymentFileCheck::problems, RollupMappingCheck::problems,
                SignerLoader::configurationProblems, engine -> OperatorToken.problems(engine.operator()));
    }
}
