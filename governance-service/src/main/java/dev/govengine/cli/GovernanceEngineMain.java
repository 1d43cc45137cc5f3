package dev.govengine.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The entry point. The command line is parsed before Quarkus boots, because {@code serve} and {@code devnet} decide
 * the datasource and the chains (starting an embedded PostgreSQL or a local Anvil) before the service may read its
 * configuration; offline commands never boot the service at all.
 */
@QuarkusMain
public final class GovernanceEngineMain {
    private GovernanceEngineMain() {
    }

    public static void main(String... args) {
        System.exit(new CommandLine(new EngineCommand()).execute(args));
    }
}
