package dev.govengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.PostgresResource;
import dev.govengine.types.ChecksumAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** {@code serve}, packaged, against real PostgreSQL and a real Anvil holding a freshly deployed DAO. */
class ServeSystemIT {
    private static final PostgresResource POSTGRES = new PostgresResource();
    private static final AnvilResource ANVIL = new AnvilResource();
    private static Map<String, String> database;
    private static Map<String, String> chain;
    private static Deployment dao;
    private static Path deploymentFile;

    /** Every directory and file a test makes, the services' databases included, goes with the class. */
    @TempDir
    static Path temp;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        database = POSTGRES.start();
        chain = ANVIL.start();
        Web3j web3j = Web3j.build(new HttpService(chain.get(AnvilResource.RPC_URL_KEY)));
        try {
            dao = new Deployer(web3j, AnvilNode.CHAIN_ID).deploy(DevAccounts.account(0), DeploymentSettings.devnet(
                    "System DAO", "SYS", ChecksumAddress.of(DevAccounts.engine().getAddress()),
                    List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), List.of()));
        } finally {
            web3j.shutdown();
        }
        deploymentFile = Files.createTempDirectory(temp, "serve-deployment").resolve("deployment.json");
        DeploymentJson.write(dao, deploymentFile);
    }

    @AfterAll
    static void stopInfrastructure() {
        ANVIL.stop();
        POSTGRES.stop();
    }

    private static Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>(chain);
        config.put("gov.governors.dao.chain", AnvilResource.CHAIN);
        config.put("gov.governors.dao.address", dao.governor().address().toString());
        config.put("gov.governors.dao.start-block", Long.toString(dao.startBlock()));
        config.put("gov.deployment-file", deploymentFile.toString());
        return config;
    }

    @Test
    void servesHealthAndGraphqlAgainstTheGivenDatabaseAndChain() throws Exception {
        Map<String, String> config = serviceConfig();
        config.putAll(database);
        try (ServiceProcess service = ServiceProcess.start("serve", config)) {
            service.awaitReady();
            HttpResponse<String> health = service.get("/q/health/ready");
            assertTrue(health.body().contains("\"anvil\": \"head "), health.body());

            HttpResponse<String> status = service.graphql("{ indexerStatus { chain chainId } }");
            assertEquals(200, status.statusCode());
            assertEquals("{\"data\":{\"indexerStatus\":[{\"chain\":\"anvil\",\"chainId\":\"31337\"}]}}", status.body());
            HttpResponse<String> app = service.get("/dao/any");
            assertEquals(200, app.statusCode(), "serve serves the web app too");
            assertTrue(app.body().contains("<div id=\"app\"></div>"), app.body());
            assertFalse(service.output().contains("embedded PostgreSQL"), "the configured datasource is used");
            assertTrue(service.output().contains("Deployment " + deploymentFile + ": chain id 31337, RewardPolicy "
                    + dao.rewardPolicy().address()), service.output());
            assertEquals(143, service.terminate(), "stopped by SIGTERM");
        }
    }

    @Test
    void withoutADatasourceKeepsItsDataInAnEmbeddedPostgresAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory(temp, "serve-data");
        Map<String, String> config = serviceConfig();
        config.put("gov.database.data-dir", dataDir.toString());

        try (ServiceProcess first = ServiceProcess.start("serve", config)) {
            first.awaitReady();
            assertTrue(first.output().contains("using embedded PostgreSQL"), first.output());
            assertTrue(first.output().contains("Successfully applied "), first.output());
            assertTrue(first.output().contains("asked before the service started"),
                    "a database this start made: the governor's discovery was asked beside the boot: " + first.output());
            first.terminate();
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("PG_VERSION")), "the cluster persists in " + dataDir);

        config.put("gov.ui.enabled", "false");
        try (ServiceProcess second = ServiceProcess.start("serve", config)) {
            second.awaitReady();
            assertTrue(second.output().contains("Schema \"public\" is up to date"), second.output());
            assertFalse(second.output().contains("before the service started"),
                    "a database that holds the index: nothing is read early: " + second.output());
            // The web app turned off: its page, its routes and its files are gone, the API is not.
            for (String path : List.of("/", "/index.html", "/dao/any", "/assets/index.js")) {
                assertEquals(404, second.get(path).statusCode(), path);
            }
            assertEquals(200, second.graphql("{ governors { id } }").statusCode());
            second.terminate();
        }
    }

    @Test
    void refusesToStartOnABadAddressNamingTheKey() throws Exception {
        Map<String, String> config = serviceConfig();
        config.put("gov.governors.dao.address", "0xnot-an-address");
        try (ServiceProcess service = ServiceProcess.start("serve", config)) {
            int exit = service.awaitExit();
            assertEquals(2, exit);
            assertTrue(service.output().contains("gov.governors.dao.address: '0xnot-an-address' is not an address"),
                    service.output());
            assertFalse(service.output().contains("\tat "), "no stack trace:\n" + service.output());
        }
    }

    @Test
    void refusesToStartOnADeploymentOfAnotherChainNamingTheKey() throws Exception {
        Path otherChain = Files.createTempDirectory(temp, "other-chain").resolve("deployment.json");
        Files.writeString(otherChain, DeploymentJson.toJson(new Deployment(10, dao.token(), dao.timelock(),
                dao.governor(), dao.rewardPolicy(), dao.rewardDistributor(), dao.rollupContributions(), dao.settings())));
        Map<String, String> config = serviceConfig();
        config.put("gov.deployment-file", otherChain.toString());
        try (ServiceProcess service = ServiceProcess.start("serve", config)) {
            assertEquals(2, service.awaitExit());
            assertTrue(service.output().contains("gov.deployment-file: " + otherChain + ": chainId 10 is not the chain id"
                    + " of a configured chain (gov.chains.*.chain-id: [31337])"), service.output());
            assertFalse(service.output().contains("\tat "), "no stack trace:\n" + service.output());
        }
    }
}
