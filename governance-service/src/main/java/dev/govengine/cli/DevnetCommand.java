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
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devnet",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a local chain, a demo DAO, a database and the service: no configuration.",
            "Starts Anvil, deploys and wires a demo DAO and its reward contracts, writes",
            "their deployment JSON, seeds the DAO with holders, delegations, proposals and",
            "votes, starts an embedded PostgreSQL, then serves the GraphQL API. Ctrl-C",
            "stops everything it started."})
public class DevnetCommand implements Callable<Integer> {
    static final String CHAIN_NAME = "devnet";
    static final String GOVERNOR_NAME = "dao";
    static final String DEPLOYMENT_FILE_NAME = "deployment.json";
    private static final String RATE_LIMIT = "gov.api.rate-limit.enabled";
    /**
     * How long the seeded open proposal, and every proposal after it, takes votes: an hour, and a margin for the
     * blocks its seeding mines.
     */
    private static final Duration OPEN_PROPOSAL = Duration.ofMinutes(65);
    /** The demo's voters (dev accounts 1, 2 and 5), who hold every vote; the others delegated theirs to 1 and 2. */
    private static final List<Voter> VOTERS = List.of(new Voter("alice", 1), new Voter("bob", 2), new Voter("erin", 5));

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

    private record Voter(String name, int account) {
        Credentials credentials() {
            return DevAccounts.account(account);
        }
    }

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

            Seeded seeded = deployAndSeed(anvil);
            Deployment deployment = seeded.deployment();
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
            int httpPort = config.httpListener().port();
            boolean webApp = config.engine().ui().enabled();
            System.out.println("Indexing the demo DAO; the summary follows once the service is ready.");
            return ServiceApplication.runUntilStopped(() -> printSummary(anvil, seeded, deploymentFile, keystore,
                    workDir.path(), httpPort, webApp));
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

    private record Seeded(Deployment deployment, DemoActivity.Summary proposals) {
    }

    private Seeded deployAndSeed(AnvilNode anvil) throws Exception {
        HttpService rpc = new HttpService(anvil.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            DeploymentSettings settings = DeploymentSettings.devnet("Demo DAO", "DEMO",
                    ChecksumAddress.of(DevAccounts.engine().getAddress()),
                    List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())),
                    DemoActivity.initialSupply())
                    .withRewardTiming(BigInteger.valueOf(epochLengthSeconds), BigInteger.valueOf(disputePeriodSeconds));
            Deployment deployment = deployer.deploy(DevAccounts.account(0), settings);
            AnvilControl control = new AnvilControl(rpc);
            // The Governor counts its voting period in blocks, which come every --block-time seconds once seeded.
            long openVotingPeriodBlocks = (OPEN_PROPOSAL.toSeconds() + blockTimeSeconds - 1) / blockTimeSeconds;
            DemoActivity.Summary seeded = new DemoActivity(web3j, deployer, control, deployment)
                    .seed(BigInteger.valueOf(openVotingPeriodBlocks));
            System.out.println("Seeded proposals: executed " + seeded.executedProposal() + " and "
                    + seeded.votingPeriodProposal().orElseThrow() + ", defeated " + seeded.defeatedProposal()
                    + ", active " + seeded.activeProposal());
            control.setIntervalMining(blockTimeSeconds);
            return new Seeded(deployment, seeded);
        } finally {
            web3j.shutdown();
        }
    }

    private static void pointServiceAt(AnvilNode anvil, Deployment deployment, Path deploymentFile) {
        String chain = "gov.chains." + CHAIN_NAME + ".";
        System.setProperty(chain + "rpc-url", anvil.rpcUrl());
        System.setProperty(chain + "ws-url", anvil.wsUrl());
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

    /** Printed once the service is ready, so that everything it names is served, and last, so that it stays in view. */
    private void printSummary(AnvilNode anvil, Seeded seeded, Path deploymentFile, Path keystore, Path workDir,
            int httpPort, boolean webApp) {
        Deployment deployment = seeded.deployment();
        String governorId = "eip155:" + deployment.chainId() + ":" + deployment.governor().address();
        String graphql = "http://localhost:" + httpPort + "/graphql";
        StringBuilder out = new StringBuilder();
        out.append('\n').append("Devnet ready").append('\n');
        line(out, "Web app", webApp ? "http://localhost:" + httpPort + "/ (open it in a browser)"
                : "off (gov.ui.enabled=false)");
        line(out, "Governor id", governorId + " (the governor argument of GraphQL queries)");
        line(out, "RPC URL", anvil.rpcUrl() + " (chain id " + deployment.chainId() + ")");
        line(out, "Governor", deployment.governor().address());
        line(out, "Token", deployment.token().address());
        line(out, "Timelock", deployment.timelock().address());
        line(out, "RewardPolicy", deployment.rewardPolicy().address());
        line(out, "RewardDistributor", deployment.rewardDistributor().address());
        line(out, "RollupContributions", deployment.rollupContributions().address());
        line(out, "Engine signer", deployment.settings().updater() + " (the distributor's updater)");
        line(out, "Signer keystore", keystore);
        line(out, "Start block", deployment.startBlock());
        line(out, "Deployment file", deploymentFile);
        line(out, "Working directory", workDir + " (removed on exit)");
        line(out, "Open proposal", seeded.proposals().activeProposal() + " (takes votes for about an hour; alice has"
                + " not voted on it)");
        line(out, "Reward epochs", epochLengthSeconds + " s each; a posted root is claimable " + disputePeriodSeconds
                + " s later unless disputed");
        line(out, "GraphQL", graphql);
        line(out, "GraphQL UI", "http://localhost:" + httpPort + "/q/graphql-ui");
        line(out, "Health", "http://localhost:" + httpPort + "/q/health");
        out.append("Dev voters (DEVELOPMENT ONLY: these keys are public, never send them real funds)").append('\n');
        for (Voter voter : VOTERS) {
            Credentials credentials = voter.credentials();
            line(out, voter.name(), ChecksumAddress.of(credentials.getAddress()) + " key "
                    + Numeric.toHexStringWithPrefixZeroPadded(credentials.getEcKeyPair().getPrivateKey(), 64));
        }
        out.append("Try").append('\n');
        out.append("  curl -s ").append(graphql).append(" -H 'Content-Type: application/json' -d '{\"query\":\"{ proposals(governor:")
                .append(" \\\"").append(governorId).append("\\\") { edges { node { proposalId title state forVotes } } } }\"}'")
                .append('\n');
        out.append("Press Ctrl-C to stop Anvil, PostgreSQL and the service.").append('\n');
        System.out.println(out);
    }

    private static void line(StringBuilder out, String label, Object value) {
        out.append("  ").append(String.format("%-21s", label)).append(value).append('\n');
    }
}
