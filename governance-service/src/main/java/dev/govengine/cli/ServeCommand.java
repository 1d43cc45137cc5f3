package dev.govengine.cli;

import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.EngineConfig;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.persistence.DataDirectoryInUseException;
import dev.govengine.persistence.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the service against the configured chains, governors and database.",
            "Chains and governors come from gov.*, the database from quarkus.datasource.*;",
            "without a datasource URL, an embedded PostgreSQL keeps its data in",
            "gov.database.data-dir."})
public class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        ConfigPreflight config;
        try {
            config = Preflight.load();
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        noGovernorWarning(config.engine()).ifPresent(System.err::println);
        Optional<String> busy = HttpPortCheck.problem(config.httpListener());
        if (busy.isPresent()) {
            System.err.println(busy.get());
            return 2;
        }
        try (ShutdownScope scope = new ShutdownScope()) {
            if (!config.datasourceConfigured()) {
                EmbeddedDatabase database;
                try {
                    database = scope.own(EmbeddedDatabase.start(Path.of(config.engine().database().dataDir()), false));
                } catch (DataDirectoryInUseException e) {
                    System.err.println("gov.database.data-dir: " + e.getMessage());
                    return 2;
                }
                System.out.println("No quarkus.datasource URL set: using " + database.describe());
                database.datasourceProperties().forEach(System::setProperty);
            }
            return ServiceApplication.runUntilStopped(() -> System.out.println("Ready: /q/health/ready is UP."));
        }
    }

    /**
     * A service with no governor starts and answers, but its GraphQL has nothing to show; without a word, an operator
     * whose keys did not reach it (a typo in an environment variable's name) would not know why.
     */
    static Optional<String> noGovernorWarning(EngineConfig engine) {
        if (!engine.governors().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Warning: no governor is configured, so the service indexes no proposals, votes or"
                + " delegations. Add one with gov.governors.<name>.chain, gov.governors.<name>.address and"
                + " gov.governors.<name>.start-block (for example GOV_GOVERNORS_MYDAO_ADDRESS=0x...), on a chain"
                + " configured under gov.chains.<chain>; see README.md.");
    }
}
