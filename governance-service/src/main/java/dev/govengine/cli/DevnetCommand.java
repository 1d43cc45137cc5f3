package dev.govengine.cli;

import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.config.SecretFile;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.devnet.DevnetDirectory;
import dev.govengine.persistence.EmbeddedDatabase;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devnet",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a local chain, a demo DAO, a database and the service, with no configuration.",
            "Starts Anvil, deploys and wires a demo DAO and its reward contracts, writes their deployment JSON,",
            "seeds the DAO with holders, delegations, proposals and votes, starts an embedded PostgreSQL, then serves",
            "the GraphQL API. Ctrl-C stops everything it started."})
public class DevnetCommand implements Callable<Integer> {
    static final String CHAIN_NAME = "devnet";
    static final String GOVERNOR_NAME = "dao";
    static final String DEPLOYMENT_FILE_NAME = "deployment.json";
    private static final String RATE_LIMIT = "gov.api.rate-limit.enabled";
    /** How long the seeded open proposal takes votes: an hour, and a margin for the blocks its seeding mines. */
    private static final Duration OPEN_PROPOSAL = Duration.ofMinutes(65);

    @Option(names = "--block-time", defaultValue = "2",
            description = "Seconds between blocks once the demo activity is seeded (default: ${DEFAULT-VALUE}).")
    long blockTimeSeconds;

    @Option(names = "--epoch-length", defaultValue = "300",
            description = "Seconds per reward epoch (default: ${DEFAULT-VALUE}), so that a first epoch is paid within"
                    + " minutes; the budget keeps its rate of 10,000 tokens an hour.")
    long epochLengthSeconds;

    @Option(names = "--dispute-period", defaultValue = "120",
            description = "Seconds a posted root waits for a dispute before claims can use it (default:"
                    + " ${DEFAULT-VALUE}); shorter than the epoch, whose rest is governance's time to rule on a dispute.")
    long disputePeriodSeconds;

    @Override
    public Integer call() throws Exception {
        Optional<String> refused = refusedOptions();
        if (refused.isEmpty()) {
            try {
                refused = HttpPortCheck.problem(ConfigPreflight.readHttpListener());
            } catch (InvalidConfigurationException e) {
                refused = Optional.of(e.getMessage());
            }
        }
        if (refused.isPresent()) {
            System.err.println(refused.get());
            return 2;
        }
        try (ShutdownScope scope = new ShutdownScope()) {
            DevnetDirectory workDir = scope.own(DevnetDirectory.create());
            System.out.println("Working directory " + workDir.path() + " (keystore, deployment, logs; removed on exit)");
            AnvilNode anvil = scope.own(AnvilNode.start(workDir.resolve("anvil.log")));
            System.out.println("Anvil " + anvil.rpcUrl() + " (pid " + anvil.pid() + ", log " + workDir.resolve("anvil.log") + ")");

            Deployment deployment = deployAndSeed(anvil);
            Path deploymentFile = workDir.resolve(DEPLOYMENT_FILE_NAME);
            DeploymentJson.write(deployment, deploymentFile);

            EmbeddedDatabase database = scope.own(EmbeddedDatabase.startEphemeral(false));
            System.out.println("PostgreSQL: " + database.describe());
            database.datasourceProperties().forEach(System::setProperty);
            pointServiceAt(anvil, deployment, deploymentFile);
            Path keystore = signWithEngineKeystore(workDir.path());

            ConfigPreflight config;
            try {
                config = Preflight.load();
            } catch (InvalidConfigurationException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            printSummary(anvil, deployment, deploymentFile, keystore, config.httpListener().port());
            return ServiceApplication.runUntilStopped();
        }
    }

    /** The options' bounds: RewardPolicy needs the dispute and resolution periods to fit in an epoch. */
    private Optional<String> refusedOptions() {
        if (blockTimeSeconds < 1) {
            return Optional.of("--block-time: " + blockTimeSeconds + " is not a number of seconds of at least 1");
        }
        if (disputePeriodSeconds < 1) {
            return Optional.of("--dispute-period: " + disputePeriodSeconds + " is not a number of seconds of at least 1");
        }
        if (disputePeriodSeconds >= epochLengthSeconds) {
            return Optional.of("--dispute-period: " + disputePeriodSeconds + " s leaves no time in an epoch of "
                    + epochLengthSeconds + " s (--epoch-length) for governance to rule on a dispute; make it shorter"
                    + " than the epoch");
        }
        return Optional.empty();
    }

    private Deployment deployAndSeed(AnvilNode anvil) throws Exception {
        HttpService rpc = new HttpService(anvil.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            DeploymentSettings settings = DeploymentSettings.devnet("Demo DAO", "DEMO",
                    ChecksumAddress.of(DevAccounts.engine().getAddress()),
                    List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())),
                    DemoActivity.initialSupply())
                    .withRewardTiming(BigInteger.valueOf(epochLengthSeconds), BigInteger.valueOf(disputePeriodSeconds));
            // The Governor counts its voting period in blocks, which come every --block-time seconds once seeded.
            long votingPeriodBlocks = (OPEN_PROPOSAL.toSeconds() + blockTimeSeconds - 1) / blockTimeSeconds;
            settings = settings.withDao(settings.dao().withVotingPeriod(BigInteger.valueOf(votingPeriodBlocks)));
            Deployment deployment = deployer.deploy(DevAccounts.account(0), settings);
            AnvilControl control = new AnvilControl(rpc);
            DemoActivity.Summary seeded = new DemoActivity(web3j, deployer, control, deployment).seed();
            System.out.println("Seeded proposals: executed " + seeded.executedProposal()
                    + ", defeated " + seeded.defeatedProposal() + ", active " + seeded.activeProposal());
            control.setIntervalMining(blockTimeSeconds);
            return deployment;
        } finally {
            web3j.shutdown();
        }
    }

    private static void pointServiceAt(AnvilNode anvil, Deployment deployment, Path deploymentFile) {
        String chain = "gov.chains." + CHAIN_NAME + ".";
        System.setProperty(chain + "rpc-url", anvil.rpcUrl());
        System.setProperty(chain + "chain-id", Long.toString(deployment.chainId()));
        System.setProperty(chain + "confirmations", "0");
        String governor = "gov.governors." + GOVERNOR_NAME + ".";
        System.setProperty(governor + "chain", CHAIN_NAME);
        System.setProperty(governor + "address", deployment.governor().address().toString());
        System.setProperty(governor + "start-block", Long.toString(deployment.startBlock()));
        System.setProperty("gov.deployment-file", deploymentFile.toString());
        // One developer's wallet, scripts and browser share one address here; an explicit setting still wins.
        if (System.getProperty(RATE_LIMIT) == null && System.getenv("GOV_API_RATE_LIMIT_ENABLED") == null) {
            System.setProperty(RATE_LIMIT, "false");
        }
    }

    /**
     * The engine's dev key in an encrypted keystore, with a random password in a file beside it, so the devnet
     * service loads its signer the way production does (gov.submission.keystore-file), not from a raw key.
     */
    private static Path signWithEngineKeystore(Path workDir) throws Exception {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path passwordFile = workDir.resolve("engine-keystore.password");
        SecretFile.write(passwordFile, password);
        Path keystore = workDir.resolve(WalletUtils.generateWalletFile(password, DevAccounts.engine().getEcKeyPair(),
                workDir.toFile(), false));
        // The service refuses a keystore other users may read; Web3j writes it with the process's umask.
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        System.setProperty("gov.submission.keystore-file", keystore.toString());
        System.setProperty("gov.submission.keystore-password-file", passwordFile.toString());
        return keystore;
    }

    private static void printSummary(AnvilNode anvil, Deployment deployment, Path deploymentFile, Path keystore,
            int httpPort) {
        System.out.println();
        System.out.println("Devnet ready");
        System.out.println("  RPC URL              " + anvil.rpcUrl() + " (chain id " + deployment.chainId() + ")");
        System.out.println("  Governor             " + deployment.governor().address());
        System.out.println("  Token                " + deployment.token().address());
        System.out.println("  Timelock             " + deployment.timelock().address());
        System.out.println("  RewardPolicy         " + deployment.rewardPolicy().address());
        System.out.println("  RewardDistributor    " + deployment.rewardDistributor().address());
        System.out.println("  RollupContributions  " + deployment.rollupContributions().address());
        System.out.println("  Engine signer        " + deployment.settings().updater() + " (the distributor's updater)");
        System.out.println("  Signer keystore      " + keystore);
        System.out.println("  Start block          " + deployment.startBlock());
        System.out.println("  Deployment file      " + deploymentFile);
        System.out.println("  GraphQL              http://localhost:" + httpPort + "/graphql");
        System.out.println("  GraphQL UI           http://localhost:" + httpPort + "/q/graphql-ui");
        System.out.println("  Health               http://localhost:" + httpPort + "/q/health");
        System.out.println("Press Ctrl-C to stop Anvil, PostgreSQL and the service.");
        System.out.println();
    }
}
