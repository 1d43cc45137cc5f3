package dev.govengine.cli;

import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.EngineConfig;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.persistence.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Recomputes a reward epoch and compares it with the RewardDistributor's root.",
            "What a disputer runs. Epochs 1 to N are recomputed in turn from the index and",
            "the chain; the lifecycle's stored results are only compared, never built on.",
            "Same configuration as serve (gov.*, quarkus.datasource.*; without a datasource",
            "URL, the embedded PostgreSQL in gov.database.data-dir); it neither indexes,",
            "nor submits, nor listens on HTTP, so it runs beside a live service (pointed at",
            "that service's database). --pending verifies the root in the distributor's",
            "dispute window, whatever its epoch: what a disputer's cron runs.",
            "Exit status: 0 the distributor holds the recomputed root and total (or, with",
            "--pending, no root is pending); 1 it holds another, or a pending root for an",
            "epoch not ended yet; 2 bad usage or configuration; 3 the epoch cannot be",
            "verified yet (not final, not indexed, no root on chain, or the node or",
            "database failed), with the reason.",
            "With --inputs, epoch N is verified from its published inputs document (a URL,",
            "such as the posted dataUri, or a file) and the chain alone: no database and",
            "no service start; it needs gov.chains and gov.deployment-file only. The",
            "document is checked against the chain and recomputed; a document that",
            "contradicts the chain exits 1, one that cannot be fetched 3."})
public class EpochVerifyCommand implements Callable<Integer> {
    static final int MATCH = 0;
    static final int MISMATCH = 1;
    static final int USAGE = 2;
    static final int CANNOT_VERIFY = 3;

    /**
     * Read only: no indexing, no lifecycle steps, no webhook deliveries, no HTTP listener (a running service may hold
     * the port), and no signer, so that no transaction a previous run left in flight is resumed from here.
     */
    static final Map<String, String> READ_ONLY = Map.of(
            "gov.sync.poll-interval", "off",
            "gov.rewards.epochs.tick-interval", "off",
            "gov.webhooks.poll-interval", "off",
            "quarkus.http.host-enabled", "false",
            "gov.submission.keystore-file", "",
            "gov.submission.dev-private-key-env", "",
            // The report goes to standard output; the service's log must not interleave with it.
            "quarkus.log.console.stderr", "true");

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Target target;

    static class Target {
        @Option(names = "--epoch", required = true, paramLabel = "N", description = "The epoch to verify, from 1.")
        Long epoch;

        @Option(names = "--pending", required = true,
                description = "Verify the distributor's pending root, whatever its epoch.")
        boolean pending;
    }

    @Option(names = "--inputs", paramLabel = "URL|FILE",
            description = "Verify from this inputs document and the chain alone, with no database (needs --epoch).")
    String inputs;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (target.epoch != null && target.epoch < 1) {
            err.println("--epoch: epochs are numbered from 1, not " + target.epoch);
            return USAGE;
        }
        if (inputs != null) {
            if (target.pending) {
                err.println("--inputs verifies one epoch's document: give --epoch N, not --pending");
                return USAGE;
            }
            return new InputsVerification(spec.commandLine().getOut(), err).run(target.epoch, inputs);
        }
        ConfigPreflight config;
        try {
            config = Preflight.load();
        } catch (InvalidConfigurationException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        Optional<String> problem = deploymentProblem(config.engine());
        if (problem.isPresent()) {
            err.println(problem.get());
            return USAGE;
        }
        try (ShutdownScope scope = new ShutdownScope()) {
            if (!config.datasourceConfigured()) {
                Path dataDir = Path.of(config.engine().database().dataDir());
                Optional<String> refused = embeddedProblem(dataDir);
                if (refused.isPresent()) {
                    err.println(refused.get());
                    return USAGE;
                }
                EmbeddedDatabase database;
                try {
                    database = scope.own(EmbeddedDatabase.start(dataDir, false));
                } catch (RuntimeException e) {
                    err.println("cannot start the embedded PostgreSQL in " + dataDir.toAbsolutePath() + ": "
                            + e.getMessage());
                    return USAGE;
                }
                err.println("No quarkus.datasource URL set: using " + database.describe());
                database.datasourceProperties().forEach(System::setProperty);
            }
            READ_ONLY.forEach(System::setProperty);
            AtomicInteger exit = new AtomicInteger();
            Quarkus.run(EpochVerifyApplication.class, (code, failure) -> {
                if (failure != null) {
                    err.println("the service could not start: " + failure.getMessage());
                    err.flush();
                    exit.set(USAGE);
                } else {
                    exit.set(code);
                }
            }, target.pending ? EpochVerifyApplication.PENDING : Long.toString(target.epoch));
            return exit.get();
        }
    }

    /** The verification needs the deployment (the distributor, the policy) and its Governor's votes in the index. */
    private static Optional<String> deploymentProblem(EngineConfig engine) {
        if (engine.deploymentFile().isEmpty()) {
            return Optional.of("gov.deployment-file: epoch verify needs the deployment JSON, which names the"
                    + " RewardPolicy and the RewardDistributor");
        }
        Deployment deployment = DeploymentJson.read(Path.of(engine.deploymentFile().get()));
        boolean governorConfigured = engine.governors().values().stream().anyMatch(governor ->
                governor.address().equals(deployment.governor().address())
                        && engine.chains().get(governor.chain()).chainId() == deployment.chainId());
        if (!governorConfigured) {
            return Optional.of("gov.governors: no entry is the deployment's Governor " + deployment.governor().address()
                    + " on chain id " + deployment.chainId() + "; its votes are the governance program's input");
        }
        return Optional.empty();
    }

    /**
     * Without a datasource URL the command reads the index a {@code serve} without one built in the data directory.
     * A fresh directory would only give an empty index, and one in use cannot take a second server.
     */
    private static Optional<String> embeddedProblem(Path dataDir) {
        if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
            return Optional.of("no quarkus.datasource URL is set, and gov.database.data-dir " + dataDir.toAbsolutePath()
                    + " holds no database: run serve first, or set quarkus.datasource.* to the index's database");
        }
        return EmbeddedDatabase.running(dataDir).map(server -> {
            Map<String, String> settings = EmbeddedDatabase.datasourceProperties(server.port());
            return "the embedded PostgreSQL in " + dataDir.toAbsolutePath() + " is in use by a running service"
                    + " (PostgreSQL pid " + server.pid() + ", port " + server.port() + "). Point quarkus.datasource.* at"
                    + " that service's database instead, for example:\n  " + settings.entrySet().stream()
                            .map(entry -> "-D" + entry.getKey() + "=" + entry.getValue())
                            .collect(Collectors.joining(" "));
        });
    }
}
