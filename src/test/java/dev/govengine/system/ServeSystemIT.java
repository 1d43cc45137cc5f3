package dev.govengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DaoDeployer;
import dev.govengine.devnet.DaoDeployment;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.PostgresResource;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** {@code serve}, packaged, against real PostgreSQL and a real Anvil holding a freshly deployed DAO. */
class ServeSystemIT {
    private static final PostgresResource POSTGRES = new PostgresResource();
    private static final AnvilResource ANVIL = new AnvilResource();
    private static Map<String, String> database;
    private static Map<String, String> chain;
    private static DaoDeployment dao;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        database = POSTGRES.start();
        chain = ANVIL.start();
        Web3j web3j = Web3j.build(new HttpService(chain.get(AnvilResource.RPC_URL_KEY)));
        try {
            dao = new DaoDeployer(web3j, AnvilNode.CHAIN_ID).deploy(DevAccounts.account(0), new DaoDeployer.Settings(
                    "System DAO", "SYS", BigInteger.valueOf(60), BigInteger.ONE, BigInteger.valueOf(20),
                    BigInteger.ZERO, BigInteger.valueOf(4)));
        } finally {
            web3j.shutdown();
        }
    }

    @AfterAll
    static void stopInfrastructure() {
        ANVIL.stop();
        POSTGRES.stop();
    }

    private static Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>(chain);
        config.put("gov.governors.dao.chain", AnvilResource.CHAIN);
        config.put("gov.governors.dao.address", dao.governor().toString());
        config.put("gov.governors.dao.start-block", Long.toString(dao.startBlock()));
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
            assertFalse(service.output().contains("embedded PostgreSQL"), "the configured datasource is used");
            assertEquals(143, service.terminate(), "stopped by SIGTERM");
        }
    }

    @Test
    void withoutADatasourceKeepsItsDataInAnEmbeddedPostgresAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("serve-data");
        Map<String, String> config = serviceConfig();
        config.put("gov.database.data-dir", dataDir.toString());

        try (ServiceProcess first = ServiceProcess.start("serve", config)) {
            first.awaitReady();
            assertTrue(first.output().contains("using embedded PostgreSQL"), first.output());
            assertTrue(first.output().contains("Successfully applied 1 migration"), first.output());
            first.terminate();
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("PG_VERSION")), "the cluster persists in " + dataDir);

        try (ServiceProcess second = ServiceProcess.start("serve", config)) {
            second.awaitReady();
            assertTrue(second.output().contains("Schema \"public\" is up to date"), second.output());
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
}
