package dev.govengine.cli;

import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DaoDeployer;
import dev.govengine.devnet.DaoDeployment;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.persistence.EmbeddedDatabase;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devnet",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a local chain, a demo DAO, a database and the service, with no configuration.",
            "Starts Anvil, deploys and wires a demo DAO, seeds it with holders, delegations, proposals and votes,",
            "starts an embedded PostgreSQL, then serves the GraphQL API. Ctrl-C stops everything it started."})
public class DevnetCommand implements Callable<Integer> {
    static final String CHAIN_NAME = "devnet";
    static final String GOVERNOR_NAME = "dao";

    static final BigInteger VOTING_DELAY_BLOCKS = BigInteger.ONE;
    static final BigInteger VOTING_PERIOD_BLOCKS = BigInteger.valueOf(300);
    static final BigInteger TIMELOCK_DELAY_SECONDS = BigInteger.valueOf(60);

    @Option(names = "--block-time", defaultValue = "2",
            description = "Seconds between blocks once the demo activity is seeded (default: ${DEFAULT-VALUE}).")
    long blockTimeSeconds;

    @Override
    public Integer call() throws Exception {
        try (ShutdownScope scope = new ShutdownScope()) {
            Path workDir = Files.createTempDirectory("governance-devnet");
            AnvilNode anvil = scope.own(AnvilNode.start(workDir.resolve("anvil.log")));
            System.out.println("Anvil " + anvil.rpcUrl() + " (pid " + anvil.pid() + ", log " + workDir.resolve("anvil.log") + ")");

            DaoDeployment dao = deployAndSeed(anvil);

            EmbeddedDatabase database = scope.own(EmbeddedDatabase.startEphemeral());
            System.out.println("PostgreSQL: " + database.describe());
            database.datasourceProperties().forEach(System::setProperty);
            pointServiceAt(anvil, dao);

            ConfigPreflight config;
            try {
                config = ConfigPreflight.load();
            } catch (InvalidConfigurationException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            printSummary(anvil, dao, config.httpPort());
            return ServiceApplication.runUntilStopped();
        }
    }

    private DaoDeployment deployAndSeed(AnvilNode anvil) throws Exception {
        HttpService rpc = new HttpService(anvil.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        try {
            DaoDeployer deployer = new DaoDeployer(web3j, AnvilNode.CHAIN_ID);
            DaoDeployment dao = deployer.deploy(DevAccounts.account(0), new DaoDeployer.Settings(
                    "Demo DAO", "DEMO", TIMELOCK_DELAY_SECONDS, VOTING_DELAY_BLOCKS, VOTING_PERIOD_BLOCKS,
                    BigInteger.ZERO, BigInteger.valueOf(4)));
            AnvilControl control = new AnvilControl(rpc);
            DemoActivity.Summary seeded = new DemoActivity(web3j, deployer, control, dao)
                    .seed(DevAccounts.account(0), VOTING_DELAY_BLOCKS, VOTING_PERIOD_BLOCKS, TIMELOCK_DELAY_SECONDS);
            System.out.println("Seeded proposals: executed " + seeded.executedProposal()
                    + ", defeated " + seeded.defeatedProposal() + ", active " + seeded.activeProposal());
            control.setIntervalMining(blockTimeSeconds);
            return dao;
        } finally {
            web3j.shutdown();
        }
    }

    private static void pointServiceAt(AnvilNode anvil, DaoDeployment dao) {
        String chain = "gov.chains." + CHAIN_NAME + ".";
        System.setProperty(chain + "rpc-url", anvil.rpcUrl());
        System.setProperty(chain + "chain-id", Long.toString(dao.chainId()));
        System.setProperty(chain + "confirmations", "0");
        String governor = "gov.governors." + GOVERNOR_NAME + ".";
        System.setProperty(governor + "chain", CHAIN_NAME);
        System.setProperty(governor + "address", dao.governor().toString());
        System.setProperty(governor + "start-block", Long.toString(dao.startBlock()));
    }

    private static void printSummary(AnvilNode anvil, DaoDeployment dao, int httpPort) {
        System.out.println();
        System.out.println("Devnet ready");
        System.out.println("  RPC URL        " + anvil.rpcUrl() + " (chain id " + dao.chainId() + ")");
        System.out.println("  Governor       " + dao.governor());
        System.out.println("  Token          " + dao.token());
        System.out.println("  Timelock       " + dao.timelock());
        System.out.println("  Start block    " + dao.startBlock());
        System.out.println("  GraphQL        http://localhost:" + httpPort + "/graphql");
        System.out.println("  GraphQL UI     http://localhost:" + httpPort + "/q/graphql-ui");
        System.out.println("  Health         http://localhost:" + httpPort + "/q/health");
        System.out.println("Press Ctrl-C to stop Anvil, PostgreSQL and the service.");
        System.out.println();
    }
}
