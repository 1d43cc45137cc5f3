package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.persistence.EmbeddedDatabase;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GraphQLOverWebSocket;
import dev.govengine.types.ChecksumAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Past one machine (docs/DEPLOYMENT.md, "Writer, API replicas and a standby"): a PostgreSQL primary and a streaming
 * hot standby of it, both from the embedded binaries; two writer services on the primary (one holds the writer lock,
 * the other waits for it) and an API-only service on the standby, where LISTEN never reaches. Votes reach the
 * standby replica's GraphQL and subscriptions within 2 s through the change log; its cached answers are never behind
 * the standby's replay, and never go back, also when the writer pruned the log past the replica's position while the
 * standby lagged; and when the active writer is killed, the other takes the lock and indexes on.
 *
 * <p>The embedded binaries hold no pg_basebackup, so the standby is made with PostgreSQL 14's non-exclusive low-level
 * backup from a JDBC session (pg_start_backup, a copy of the data directory, pg_stop_backup's backup_label), a
 * physical replication slot that keeps the WAL from the backup's start, standby.signal and primary_conninfo.
 */
class StandbyReplicaSystemIT {
    private static final Logger LOG = Logger.getLogger(StandbyReplicaSystemIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(2);
    /** The replica's change-log poll (the default). */
    private static final long POLL_MILLIS = 100;
    /** The writers' change-log retention: short, so that a lagging standby falls behind the pruning in the test. */
    private static final Duration RETENTION = Duration.ofSeconds(1);
    /** The writer lock "govindex" (sync.WriterLease) as pg_locks shows it: the key's high and low 32 bits. */
    private static final long LOCK_KEY = 0x676f76696e646578L;
    private static final AnvilResource ANVIL = new AnvilResource();
    private static final List<Path> DIRECTORIES = new ArrayList<>();
    private static EmbeddedDatabase primary;
    private static EmbeddedDatabase standby;
    private static Map<String, String> config;
    private static Web3j web3j;
    private static Deployer deployer;
    private static Deployment dao;
    private static DemoActivity.Summary demo;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        config = new HashMap<>(ANVIL.start());
        HttpService rpc = new HttpService(config.get(AnvilResource.RPC_URL_KEY));
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        dao = deployer.deploy(DevAccounts.account(0), DeploymentSettings.devnet("Standby DAO", "SBY",
                ChecksumAddress.of(DevAccounts.engine().getAddress()), List.of(), DemoActivity.initialSupply()));
        demo = new DemoActivity(web3j, deployer, new AnvilControl(rpc), dao).seed();
        config.put("gov.governors.dao.chain", AnvilResource.CHAIN);
        config.put("gov.governors.dao.address", dao.governor().address().toString());
        config.put("gov.governors.dao.start-block", Long.toString(dao.startBlock()));

        Path primaryDirectory = directory("primary");
        primary = EmbeddedDatabase.start(primaryDirectory, true);
        Path standbyDirectory = directory("standby");
        makeStandby(primaryDirectory, standbyDirectory);
        standby = EmbeddedDatabase.start(standbyDirectory, true);
        try (Connection connection = connect(standby)) {
            assertEquals(true, one(connection, "SELECT pg_is_in_recovery()"), "a hot standby");
        }
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        web3j.shutdown();
        ANVIL.stop();
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
        for (Path directory : DIRECTORIES) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    @Test
    void aReplicaOnTheStandbyFollowsTheWriterAndASecondWriterTakesOver() throws Exception {
        String governor = "eip155:" + AnvilNode.CHAIN_ID + ":" + dao.governor().address();
        String voters = "{ proposal(governor: \"" + governor + "\", proposalId: \"" + demo.activeProposal()
                + "\") { voterCount } }";
        Map<String, String> writerConfig = new HashMap<>(config);
        writerConfig.putAll(primary.datasourceProperties());
        writerConfig.put("gov.sync.poll-interval", "500ms");
        writerConfig.put("gov.api.change-log-retention", RETENTION.toMillis() + "ms");
        Map<String, String> replicaConfig = new HashMap<>(config);
        replicaConfig.putAll(standby.datasourceProperties());
        replicaConfig.put("gov.sync.poll-interval", "off");
        replicaConfig.put("gov.api.change-poll-interval", POLL_MILLIS + "ms");
        // The second writer and the replica start once the first has migrated the schema: two first migrations at
        // once race to create Flyway's history table, and the standby cannot migrate.
        try (ServiceProcess first = started(ServiceProcess.start("serve", writerConfig));
                ServiceProcess second = ServiceProcess.start("serve", writerConfig);
                ServiceProcess replica = ServiceProcess.start("serve", replicaConfig);
                Connection onPrimary = connect(primary);
                Connection onStandby = connect(standby)) {
            second.awaitReady();
            replica.awaitReady();
            assertTrue(replica.output().contains("reading the change log every " + POLL_MILLIS + " ms"),
                    replica.output());
            int before = voterCount(awaitAnswer(replica, voters, "voterCount"));
            voterCount(replica.graphql(voters).body());
            assertTrue(metric(replica, "gov_api_cache_hits_total") > 0, "the replica's cache serves answers");

            try (GraphQLOverWebSocket wallet = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS,
                    replica.uri("/graphql"))) {
                wallet.subscribe("votes", "subscription { voteCast(governor: \"" + governor + "\") { voter } }",
                        Map.of());
                awaitAnswer(replica, null, "gov_live_subscribers 1.0");
                CompletableFuture<Long> pushed = CompletableFuture.supplyAsync(() -> {
                    JsonNode message = wallet.next(WAIT);
                    long at = System.nanoTime();
                    assertEquals("next", message.path("type").asText(), message.toString());
                    return at;
                });

                Credentials alice = DevAccounts.account(1);
                vote(alice);
                long mined = System.nanoTime();
                long replayed = 0;
                long shown = 0;
                while (shown == 0 || System.nanoTime() - shown < Duration.ofSeconds(1).toNanos()) {
                    assertTrue(System.nanoTime() - mined < WAIT.toNanos(), "the vote never reached the replica");
                    if (replayed == 0 && votes(onStandby) > before) {
                        replayed = System.nanoTime();
                    }
                    int answered = voterCount(replica.graphql(voters).body());
                    if (answered > before && shown == 0) {
                        shown = System.nanoTime();
                    }
                    assertTrue(shown == 0 || answered == before + 1, "went back to an answer older than one it gave: "
                            + answered + " voters after " + (before + 1));
                    assertTrue(replayed == 0 || answered == before + 1, "answered " + answered
                            + " voters after the standby had replayed " + (before + 1));
                    Thread.sleep(10);
                }
                long pushedAt = pushed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                report("vote mined -> standby replica's GraphQL: %d ms; -> its subscription: %d ms; "
                        + "replayed on the standby -> GraphQL: %d ms", millis(mined, shown), millis(mined, pushedAt),
                        millis(replayed, shown));
                assertTrue(millis(mined, shown) < VISIBLE_WITHIN.toMillis(), "GraphQL after " + millis(mined, shown));
                assertTrue(millis(mined, pushedAt) < VISIBLE_WITHIN.toMillis(),
                        "subscription after " + millis(mined, pushedAt));
            }

            // The replica stalls; a vote is indexed and replayed, the active writer is killed, and the other, which
            // prunes at its first cycle, prunes the vote's entries before the replica has read them: behind the
            // pruning mark, the replica must take everything as changed.
            boolean firstWrites = first.output().contains(WRITER);
            ServiceProcess writer = firstWrites ? first : second;
            ServiceProcess waiting = firstWrites ? second : first;
            assertTrue(writer.output().contains(WRITER) && !waiting.output().contains(WRITER),
                    "one writer holds the lock, the other waits");
            long killed;
            long taken = 0;
            replica.running(false);
            try {
                vote(DevAccounts.account(3));
                long indexedAt = await("the vote indexed on the primary").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> votes(onPrimary) > before + 1 ? (Long) one(onPrimary,
                                "SELECT max(seq) FROM change_log_commit") : null, seq -> seq != null);
                Thread.sleep(RETENTION.toMillis());
                long holder = lockHolder(onPrimary);
                killed = System.nanoTime();
                writer.kill();
                while (taken == 0) {
                    assertTrue(System.nanoTime() - killed < WAIT.toNanos(),
                            () -> "no writer took the lock; the waiting one's output:\n" + waiting.output());
                    long now = lockHolder(onPrimary);
                    if (now != 0 && now != holder) {
                        taken = System.nanoTime();
                    }
                    Thread.sleep(10);
                }
                await("the vote's entries pruned, as the standby has replayed it").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> (Long) one(onStandby, "SELECT through FROM change_log_pruned"),
                                through -> through >= indexedAt);
            } finally {
                replica.running(true);
            }
            assertEquals(before + 2, voterCount(replica.graphql(voters).body()),
                    "the replica answers what the standby replayed, though the entries saying so were pruned");
            assertTrue(replica.output().contains("the change log was pruned past this replica's position"),
                    replica.output());

            vote(DevAccounts.account(4));
            long mined = System.nanoTime();
            awaitAnswer(replica, voters, "\"voterCount\":" + (before + 3));
            report("writer killed -> lock taken by the other writer: %d ms; next vote mined -> standby replica: %d ms",
                    millis(killed, taken), millis(mined, System.nanoTime()));
            waiting.awaitPrinted(WRITER, WAIT);
        }
    }

    private static final String WRITER = "this instance is the indexer's writer";

    /** The service once ready; stopped if it never gets there, since no try-with-resources holds it yet. */
    private static ServiceProcess started(ServiceProcess service) throws InterruptedException {
        try {
            service.awaitReady();
            return service;
        } catch (RuntimeException | Error notReady) {
            service.close();
            throw notReady;
        }
    }

    private static void vote(Credentials voter) throws Exception {
        DaoGovernor.load(dao.governor().address().toString(), web3j, deployer.transactionManager(voter),
                deployer.gasProvider()).castVote(demo.activeProposal(), BigInteger.ONE).send();
    }

    /** The distinct voters on the active proposal as the server's own tables hold them. */
    private static int votes(Connection server) throws SQLException {
        try (PreparedStatement query = server.prepareStatement(
                "SELECT count(DISTINCT voter) AS voters FROM vote WHERE proposal_id = ?::numeric")) {
            query.setString(1, demo.activeProposal().toString());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt("voters");
            }
        }
    }

    /** The backend holding the writer lock on the primary; 0 if none does. */
    private static long lockHolder(Connection primary) throws SQLException {
        try (ResultSet rows = primary.createStatement().executeQuery("SELECT pid FROM pg_locks "
                + "WHERE locktype = 'advisory' AND granted AND classid = " + (LOCK_KEY >>> 32)
                + " AND objid = " + (LOCK_KEY & 0xffffffffL))) {
            return rows.next() ? rows.getLong("pid") : 0;
        }
    }

    private static int voterCount(String answer) {
        return Integer.parseInt(answer.replaceAll("(?s).*\"voterCount\":(\\d+).*", "$1"));
    }

    private static double metric(ServiceProcess service, String name) throws Exception {
        return service.get("/q/metrics").body().lines().filter(line -> line.startsWith(name + " ")
                || line.startsWith(name + "{")).mapToDouble(line -> Double.parseDouble(line.substring(
                line.lastIndexOf(' ') + 1))).sum();
    }

    private static long millis(long from, long to) {
        return Duration.ofNanos(to - from).toMillis();
    }

    private static void report(String format, Object... arguments) {
        String line = String.format(format, arguments);
        LOG.info(line);
        System.out.println("StandbyReplicaSystemIT: " + line);
    }

    /** Polls the service's GraphQL (or its metrics, for a null query) until the answer contains {@code expected}. */
    private static String awaitAnswer(ServiceProcess service, String query, String expected) {
        return await("an answer containing " + expected).atMost(WAIT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> query == null ? service.get("/q/metrics").body() : service.graphql(query).body(),
                        answer -> answer.contains(expected));
    }

    private static Path directory(String name) throws IOException {
        Path directory = Files.createTempDirectory("standby-it-" + name);
        DIRECTORIES.add(directory);
        return directory;
    }

    private static Connection connect(EmbeddedDatabase server) throws SQLException {
        Map<String, String> properties = server.datasourceProperties();
        return DriverManager.getConnection(properties.get("quarkus.datasource.jdbc.url"),
                properties.get("quarkus.datasource.username"), properties.get("quarkus.datasource.password"));
    }

    private static Object one(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        }
    }

    /**
     * A base backup of the running primary into {@code to}, made a standby that streams from the primary through a
     * replication slot (which holds the WAL from the backup's start until the standby has it).
     */
    private static void makeStandby(Path from, Path to) throws SQLException, IOException {
        try (Connection connection = connect(primary); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_create_physical_replication_slot('standby', true)");
            statement.execute("SELECT pg_start_backup('standby', true, false)");
            copy(from, to);
            String label;
            try (ResultSet stopped = statement.executeQuery("SELECT labelfile FROM pg_stop_backup(false, false)")) {
                stopped.next();
                label = stopped.getString("labelfile");
            }
            Files.writeString(to.resolve("backup_label"), label);
        }
        Files.writeString(to.resolve("standby.signal"), "");
        Files.writeString(to.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=localhost port="
                + primary.port() + " user=postgres application_name=standby'\nprimary_slot_name = 'standby'\n",
                StandardOpenOption.APPEND);
    }

    /** What pg_basebackup copies: the data directory without the server's run state, WAL and slots. */
    private static void copy(Path from, Path to) throws IOException {
        Set<String> emptied = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp");
        Set<String> skipped = Set.of("postmaster.pid", "postmaster.opts");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                Path relative = from.relativize(directory);
                Files.createDirectories(to.resolve(relative.toString()));
                return relative.getNameCount() == 1 && emptied.contains(relative.toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(file);
                if (!skipped.contains(relative.toString())) {
                    try {
                        Files.copy(file, to.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException removedMeanwhile) {
                        // A file the server removed during the copy: the WAL replay from the backup's start makes up
                        // for it, as it does for every file that changed.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
    }
}
