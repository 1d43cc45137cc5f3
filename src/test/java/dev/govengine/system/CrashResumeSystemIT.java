package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.PostgresResource;
import dev.govengine.types.ChecksumAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * kill -9 in the middle of a backfill: what is in the database is exactly a prefix of the chain (no range half
 * written), and a restart completes the index with nothing lost and nothing twice, and with the vote's read indexes,
 * which the backfill left out, built once it has caught up.
 */
class CrashResumeSystemIT {
    private static final PostgresResource POSTGRES = new PostgresResource();
    private static final AnvilResource ANVIL = new AnvilResource();
    private static final List<String> TABLES = List.of("proposal", "vote", "delegation_change", "voting_power_change",
            "governor_setting_change");
    /** The vote's indexes that a backfill from an empty table leaves out, and builds once caught up. */
    private static final String READ_INDEXES = "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'vote' "
            + "AND indexname IN ('vote_by_voter', 'vote_by_proposal', 'vote_by_proposal_voter')";
    private static Map<String, String> database;
    private static Map<String, String> chain;
    private static Deployment dao;
    private static long head;

    @BeforeAll
    static void startInfrastructureWithHistory() throws Exception {
        database = POSTGRES.start();
        chain = ANVIL.start();
        HttpService rpc = new HttpService(chain.get(AnvilResource.RPC_URL_KEY));
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            DeploymentSettings settings = DeploymentSettings.devnet("Crash DAO", "CRSH",
                            ChecksumAddress.of(DevAccounts.engine().getAddress()), List.of(), DemoActivity.initialSupply())
                    .withDao(new DeploymentSettings.Dao("Crash DAO", "CRSH", java.math.BigInteger.valueOf(60),
                            java.math.BigInteger.ONE, java.math.BigInteger.valueOf(100), java.math.BigInteger.ZERO,
                            java.math.BigInteger.valueOf(4)));
            dao = deployer.deploy(DevAccounts.account(0), settings);
            new DemoActivity(web3j, deployer, new AnvilControl(rpc), dao).seed();
            head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } finally {
            web3j.shutdown();
        }
    }

    @AfterAll
    static void stopInfrastructure() {
        ANVIL.stop();
        POSTGRES.stop();
    }

    @Test
    void aKilledIndexerResumesWithNothingLostAndNothingTwice() throws Exception {
        Map<String, String> config = new HashMap<>(chain);
        config.putAll(database);
        config.put("gov.governors.dao.chain", AnvilResource.CHAIN);
        config.put("gov.governors.dao.address", dao.governor().address().toString());
        config.put("gov.governors.dao.start-block", Long.toString(dao.startBlock()));
        // Two-block ranges: the backfill is hundreds of transactions, so the kill lands in the middle of it.
        config.put("gov.sync.initial-range", "2");
        config.put("gov.sync.max-range", "2");
        config.put("gov.sync.poll-interval", "200ms");

        long killedAt;
        try (ServiceProcess service = ServiceProcess.start("serve", config)) {
            killedAt = awaitCursorBeyond(dao.startBlock() + head / 3, service);
            service.kill();
        }
        long cursor = cursor();
        assertTrue(cursor >= killedAt && cursor < head, "killed mid-backfill: cursor " + cursor + " of " + head);
        for (String table : TABLES) {
            String blockColumn = table.equals("proposal") ? "created_block" : "block_number";
            assertEquals(0, count("SELECT COUNT(*) FROM " + table + " WHERE " + blockColumn + " > " + cursor),
                    table + " holds nothing beyond the committed cursor");
        }
        assertEquals(0, count(READ_INDEXES), "the backfill from an empty table left out the vote's read indexes");

        try (ServiceProcess service = ServiceProcess.start("serve", config)) {
            service.awaitReady();
            awaitCursorBeyond(head - 1, service);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(READ_INDEXES) == 3);
            service.terminate();
        }
        assertEquals(3, count("SELECT COUNT(*) FROM proposal"), "three proposals");
        assertEquals(8, count("SELECT COUNT(*) FROM vote"), "eight votes, once each");
        assertEquals(5, count("SELECT COUNT(*) FROM delegation_change"), "five delegations");
        assertEquals(5, count("SELECT COUNT(*) FROM voting_power_change"), "five voting power changes");
        assertEquals(5, count("SELECT COUNT(*) FROM governor_setting_change"), "the constructor's five settings");
        assertEquals(1, count("SELECT COUNT(*) FROM proposal WHERE executed_block IS NOT NULL"));
    }

    private static long awaitCursorBeyond(long block, ServiceProcess service) {
        try {
            return await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(CrashResumeSystemIT::cursor, cursor -> cursor > block);
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("the index never passed block " + block + ":\n" + service.output(), late);
        }
    }

    private static long cursor() throws SQLException {
        return count("SELECT COALESCE(MAX(indexed_block), -1) FROM sync_cursor");
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.get("quarkus.datasource.jdbc.url"),
                        database.get("quarkus.datasource.username"), database.get("quarkus.datasource.password"));
                Statement statement = connection.createStatement()) {
            if (!tableExists(connection)) {
                return -1;
            }
            try (ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "public", "sync_cursor", null)) {
            return tables.next();
        }
    }
}
