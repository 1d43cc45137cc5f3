package dev.govengine.api.cache;

import static dev.govengine.api.cache.Notifications.delivery;
import static dev.govengine.persistence.Numerics.numeric;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.governance.IndexReads;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.ResponseCacheOn;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tables the resolvers declare ({@link ReadsTables}) against the statements they send: each wallet query runs
 * once with every statement of the read services recorded, and then a change to each table those statements name
 * must retire its cached answer, while a change to a table none of them names must leave it served. The per-account
 * tables announce the accounts whose rows changed, votes and tallies their proposals and voters (V15 to V17): a
 * change to another account's rows leaves an account's answer served, a vote on another proposal a proposal's page.
 */
@QuarkusTest
@TestProfile(ResponseCacheOn.class)
class DeclaredReadsTest {
    private static final Path OPERATIONS = Path.of("..", "graphql-schema", "operations");
    /** Read by no wallet query of the governance index. */
    private static final Table UNREAD_TABLE = Table.WORK_RECEIPT;
    /** The tables whose notifications name the accounts they changed, with the column that names the account. */
    private static final Map<Table, String> PER_ACCOUNT = keyedBy(Table.Key.ACCOUNT);
    /** The tables whose notifications name the proposals (and voters) they changed, with the proposal's column. */
    private static final Map<Table, String> PER_PROPOSAL = keyedBy(Table.Key.PROPOSAL);

    /**
     * Tables a query's statements read without its answer showing anything a change to them can alter: the account
     * page lists its votes' proposals by title and state, and an Active proposal's state does not depend on its
     * tally (ProposalView.rowsRead of a field).
     */
    private static final Map<String, Set<Table>> READ_NOT_SHOWN = Map.of("Account", Set.of(Table.PROPOSAL_TALLY));

    /** The read services' gateway, recording what it sends. */
    static class RecordingReads extends IndexReads {
        final List<String> statements = Collections.synchronizedList(new ArrayList<>());

        RecordingReads(Pool pool, MeterRegistry registry) {
            super(pool, registry);
        }

        @Override
        public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
            statements.add(sql);
            return super.query(sql, arguments);
        }

        @Override
        public Uni<RowSet<Row>> query(String sql) {
            statements.add(sql);
            return super.query(sql);
        }
    }

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ResponseCache cache;

    @Inject
    MeterRegistry metrics;

    @Inject
    Pool pool;

    private static IndexedGovernor governor;
    private static BigInteger proposal;
    private static BigInteger otherProposal;
    private static String voter;
    private RecordingReads reads;

    @BeforeEach
    void indexAProposalWithVotes() throws Exception {
        delivery().until(() -> cache.generation() != ResponseCache.UNKNOWN);
        reads = new RecordingReads(pool, metrics);
        QuarkusMock.installMockForType(reads, IndexReads.class);
        if (governor != null) {
            return;
        }
        GovernedDao dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO);
        proposal = dao.propose(1, "# Declared reads\n\nEach table checked.");
        otherProposal = dao.propose(1, "# Another\n\nVoted on meanwhile.");
        dao.openVoting();
        dao.vote(proposal, 1, 2);
        dao.vote(proposal, 0, 3);
        dao.vote(otherProposal, 1, 4);
        voter = ChecksumAddress.of(GovernedDao.holder(2).getAddress()).toString();
        governor = registry.register(IndexedGovernor.of("declared", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                dao.deployment.governor().address(), dao.deployment.startBlock()));
        long before = cache.generation();
        coordinator.runCycle();
        delivery().until(() -> cache.generation() > before);
    }

    @Test
    void aChangeToAnyTableAQueryReadsRetiresItsAnswerAndNoOtherDoes() throws IOException {
        Set<Table> schemaTables = schemaTables();
        Map<String, Map<String, Object>> queries = new HashMap<>(Map.of(
                "Governors", Map.of(),
                "Governor", Map.of("id", governor.id()),
                "Proposals", Map.of("governor", governor.id(), "states", List.of("ACTIVE")),
                "Proposal", Map.of("governor", governor.id(), "proposalId", proposal.toString()),
                "ProposalPage", Map.of("governor", governor.id(), "proposalId", proposal.toString()),
                "Votes", Map.of("governor", governor.id(), "proposalId", proposal.toString()),
                "Account", Map.of("governor", governor.id(), "address", voter, "timepoint", "1"),
                "Delegates", Map.of("governor", governor.id())));
        queries.put("AccountToken", Map.of("governor", governor.id(), "address", voter));
        queries.put("AccountVote", Map.of("governor", governor.id(), "address", voter, "proposalId", proposal.toString()));
        queries.put("Holders", Map.of("governor", governor.id()));
        for (Map.Entry<String, Map<String, Object>> query : new TreeMap<>(queries).entrySet()) {
            String body = body(query.getKey(), query.getValue());
            // Whatever this query kept before is retired, so that its statements run and are recorded.
            change(Table.GOVERNOR);
            reads.statements.clear();
            post(body);
            Set<Table> read = tablesIn(reads.statements, schemaTables);
            assertFalse(read.isEmpty(), query.getKey() + " sent no statement");
            assertFalse(read.contains(UNREAD_TABLE), query.getKey() + " reads " + UNREAD_TABLE);

            assertServed(body, query.getKey() + " cached");
            change(UNREAD_TABLE);
            assertServed(body, query.getKey() + " after a change to " + UNREAD_TABLE + ", which it does not read");
            for (Table table : read) {
                change(table);
                if (READ_NOT_SHOWN.getOrDefault(query.getKey(), Set.of()).contains(table)) {
                    assertServed(body, query.getKey() + " reads " + table + " but shows nothing that depends on it");
                    continue;
                }
                double hits = count("gov.api.cache.hits");
                post(body);
                assertEquals(hits, count("gov.api.cache.hits"),
                        query.getKey() + " reads " + table + ": a change to it must retire the answer");
                assertServed(body, query.getKey() + " kept again after a change to " + table);
            }
        }
    }

    /**
     * The reward epochs are read through the reward store, not the index's reads, so their statements are not
     * recorded: RewardStore's result statement names the three tables here, and a change to any other table, as
     * every block brings, must leave the pages served.
     */
    @Test
    void theRewardEpochsAreRetiredByTheTablesTheirStatementReadsAndNoOthers() throws IOException {
        Set<Table> read = Set.of(Table.DISTRIBUTOR_FOREIGN_ROOT, Table.REWARD_EPOCH, Table.REWARD_EPOCH_RESULT);
        String epochs = body("RewardEpochs", Map.of());
        post(epochs);
        assertServed(epochs, "RewardEpochs cached");
        for (Table table : schemaTables()) {
            if (table.announces() == Table.Announces.ROWS && !hasRowsOfTheGovernor(table)) {
                continue;
            }
            change(table);
            if (!read.contains(table)) {
                assertServed(epochs, "RewardEpochs after a change to " + table + ", which it does not read");
                continue;
            }
            double hits = count("gov.api.cache.hits");
            post(epochs);
            assertEquals(hits, count("gov.api.cache.hits"),
                    "RewardEpochs reads " + table + ": a change to it must retire the answer");
            assertServed(epochs, "RewardEpochs kept again after a change to " + table);
        }
    }

    @Test
    void aChangeToAnotherAccountsRowsLeavesAnAccountsAnswerServed() throws IOException {
        String account = body("Account", Map.of("governor", governor.id(), "address", voter, "timepoint", "1"));
        String leaderboard = body("Delegates", Map.of("governor", governor.id()));
        String other = ChecksumAddress.of(GovernedDao.holder(3).getAddress()).toString();
        for (Map.Entry<Table, String> table : PER_ACCOUNT.entrySet()) {
            change(Table.GOVERNOR);
            post(account);
            post(leaderboard);
            assertServed(account, "cached");
            changeAccount(table.getKey(), table.getValue(), other);
            assertServed(account, "after a change to another account's " + table.getKey());
            double hits = count("gov.api.cache.hits");
            post(leaderboard);
            double expected = table.getKey() == Table.DELEGATE_POWER ? hits : hits + 1;
            assertEquals(expected, count("gov.api.cache.hits"),
                    "the leaderboard reads delegate_power whole, and nothing else of " + table.getKey());
            changeAccount(table.getKey(), table.getValue(), voter);
            hits = count("gov.api.cache.hits");
            post(account);
            assertEquals(hits, count("gov.api.cache.hits"), "after a change to the account's own " + table.getKey());
        }
    }

    @Test
    void aVoteOnAnotherProposalLeavesAProposalsPageServed() throws IOException {
        String page = body("ProposalPage", Map.of("governor", governor.id(), "proposalId", proposal.toString()));
        String allVotes = body("Votes", Map.of("governor", governor.id()));
        for (Map.Entry<Table, String> table : PER_PROPOSAL.entrySet()) {
            change(Table.GOVERNOR);
            post(page);
            post(allVotes);
            assertServed(page, "cached");
            write("UPDATE " + table.getKey().sqlName() + " SET " + table.getValue() + " = " + table.getValue()
                    + " WHERE governor_id = $1 AND proposal_id = $2", Tuple.of(governor.id(), numeric(otherProposal)));
            assertServed(page, "after a change to another proposal's " + table.getKey());
            double hits = count("gov.api.cache.hits");
            post(allVotes);
            assertEquals(hits, count("gov.api.cache.hits"), "every vote of the Governor reads " + table.getKey()
                    + " whole");
            write("UPDATE " + table.getKey().sqlName() + " SET " + table.getValue() + " = " + table.getValue()
                    + " WHERE governor_id = $1 AND proposal_id = $2", Tuple.of(governor.id(), numeric(proposal)));
            hits = count("gov.api.cache.hits");
            post(page);
            assertEquals(hits, count("gov.api.cache.hits"), "after a change to the proposal's own " + table.getKey());
        }
    }

    /**
     * A write to {@code table} that its trigger announces whatever it changes: a statement on no row for a table
     * announced whole, a rewrite of all the Governor's rows for one that names the rows it changed (a statement on
     * no row of those names none, so it announces nothing).
     */
    private void change(Table table) {
        if (table.announces() == Table.Announces.ROWS) {
            String column = table.keys().get(0).column();
            write("UPDATE " + table.sqlName() + " SET " + column + " = " + column + " WHERE governor_id = $1",
                    Tuple.of(governor.id()));
        } else {
            write("DELETE FROM " + table.sqlName() + " WHERE false", Tuple.tuple());
        }
    }

    /** Rewrites one account's rows of a per-account table, as indexing a transfer to or from it would. */
    private void changeAccount(Table table, String column, String address) {
        write("UPDATE " + table.sqlName() + " SET " + column + " = " + column + " WHERE governor_id = $1 AND "
                + column + " = $2", Tuple.of(governor.id(), address));
    }

    private static Map<Table, String> keyedBy(Table.Key key) {
        Map<Table, String> columns = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            table.keys().stream().filter(column -> column.key() == key)
                    .forEach(column -> columns.put(table, column.column()));
        }
        return columns;
    }

    private boolean hasRowsOfTheGovernor(Table table) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM " + table.sqlName() + " WHERE governor_id = $1) AS found")
                .execute(Tuple.of(governor.id())).await().indefinitely().iterator().next().getBoolean("found");
    }

    private void write(String sql, Tuple arguments) {
        long before = cache.generation();
        int rows = pool.preparedQuery(sql).execute(arguments).await().indefinitely().rowCount();
        if (sql.startsWith("UPDATE")) {
            assertTrue(rows > 0, "no row to change: " + sql);
        }
        delivery().until(() -> cache.generation() > before);
    }

    private void assertServed(String body, String what) {
        double hits = count("gov.api.cache.hits");
        post(body);
        assertEquals(hits + 1, count("gov.api.cache.hits"), what);
    }

    private Set<Table> schemaTables() {
        Set<Table> tables = new TreeSet<>();
        pool.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        + "AND tablename <> 'flyway_schema_history' AND tablename NOT LIKE 'change\\_log%'").execute()
                .await().indefinitely().forEach(row -> tables.add(Table.named(row.getString(0)).orElseThrow()));
        return tables;
    }

    /** Every table a statement names as a whole word: a column such as proposal_id does not name proposal. */
    private static Set<Table> tablesIn(List<String> statements, Set<Table> schemaTables) {
        Set<Table> named = new TreeSet<>();
        for (Table table : schemaTables) {
            Pattern word = Pattern.compile("(?<![a-z_])" + table.sqlName() + "(?![a-z_])");
            synchronized (statements) {
                if (statements.stream().anyMatch(sql -> word.matcher(sql).find())) {
                    named.add(table);
                }
            }
        }
        return named;
    }

    private static String body(String operation, Map<String, Object> variables) throws IOException {
        return new JsonObject().put("query", Files.readString(OPERATIONS.resolve(operation + ".graphql")))
                .put("operationName", operation).put("variables", new JsonObject(variables)).encode();
    }

    private static void post(String body) {
        Response response = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body)
                .when().post("/graphql");
        assertEquals(200, response.statusCode());
        assertNull(response.jsonPath().get("errors"), response.asString());
    }

    private double count(String counter) {
        return metrics.get(counter).counter().count();
    }

}
