package dev.govengine.cli;

import dev.govengine.chain.ChainClients;
import dev.govengine.chain.ChainReader;
import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.EngineConfig;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.governance.index.EarlyGovernors;
import dev.govengine.persistence.DataDirectoryInUseException;
import dev.govengine.persistence.EmbeddedDatabase;
import dev.govengine.sync.SyncCoordinator;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
            boolean freshIndex = false;
            if (!config.datasourceConfigured()) {
                // A thread of its own, not the common pool, which Quarkus configures before its first use.
                CompletableFuture<StartedDatabase> started = CompletableFuture.supplyAsync(() -> {
                    long starting = System.nanoTime();
                    EmbeddedDatabase server = EmbeddedDatabase.start(Path.of(config.engine().database().dataDir()),
                            false);
                    return new StartedDatabase(server, (System.nanoTime() - starting) / 1_000_000);
                }, task -> new Thread(task, "embedded-postgresql-start").start());
                // Quarkus's static initialization needs no database, so it runs while PostgreSQL starts (an initdb
                // first, on a fresh directory): a second or more of start-up that would otherwise come one after the
                // other (docs/BENCHMARKS.md, "Indexer backfill"). Should it fail, the server does not outlive the
                // JVM (PostmasterWatchdog).
                ServiceApplication.initializeStatically();
                StartedDatabase database;
                try {
                    database = started.join();
                    scope.own(database.server());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof DataDirectoryInUseException inUse) {
                        System.err.println("gov.database.data-dir: " + inUse.getMessage());
                        return 2;
                    }
                    throw e.getCause() instanceof RuntimeException failure ? failure : e;
                }
                // The start's duration is part of the service's start-up, which operators (and the backfill
                // benchmark's breakdown) want to see apart from the JVM's and Quarkus's.
                System.out.printf("No quarkus.datasource URL set: using %s (started in %d ms)%n",
                        database.server().describe(), database.millis());
                database.server().datasourceProperties().forEach(System::setProperty);
                freshIndex = database.server().fresh();
            }
            connectChainsEarly(config.engine(), freshIndex);
            return ServiceApplication.runUntilStopped(() -> System.out.println("Ready: /q/health/ready is UP."));
        }
    }

    /**
     * The indexer's first cycle starts by asking each chain its id, on a cold JVM the slowest of its requests; asked
     * here, on a thread of its own beside Quarkus's boot and Flyway, its answer waits for the cycle
     * (ChainClients.connectEarly). On a database this start has just made, where nothing is indexed, the governors'
     * discovery and first ranges are read there too (EarlyGovernors), the first cycle taking them in place of its own
     * reads; on any other, where the cycle may find them discovered and indexed, they would be reads for nothing. Not
     * beside PostgreSQL's start: there the same thread made that start 0.9 s longer (docs/BENCHMARKS.md, "Indexer
     * backfill"). Not waited for: should the service's clients be made first, the early ones are shut down once made. A
     * read-only replica indexes nothing, so it has no cycle to ask for.
     */
    private static void connectChainsEarly(EngineConfig engine, boolean freshIndex) {
        if (SyncCoordinator.indexes(engine)) {
            ChainClients.connectEarly(engine.chains(), connecting -> {
                Thread early = new Thread(() -> {
                    connecting.run();
                    if (freshIndex) {
                        EarlyGovernors.read(EarlyGovernors.configured(engine), engine.sync(),
                                new ChainReader(ChainClients.early()));
                    }
                }, "chain-connect-early");
                // Reads that outlast a service stopping early hold nothing the JVM should wait for.
                early.setDaemon(true);
                early.start();
            });
        }
    }

    private record StartedDatabase(EmbeddedDatabase server, long millis) {
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
