package dev.govengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standings the leaderboard reads (delegate_power, account_delegation) follow the history tables through their
 * triggers: inserts in bulk, as the indexer writes them, and deletes above a block, as a reorg rollback does.
 */
@QuarkusTest
class DelegateStandingsTest {
    private static final String GOVERNOR = "eip155:31337:0x00000000000000000000000000000000000005Ed";
    private static final String A = "0x000000000000000000000000000000000000000A";
    private static final String B = "0x000000000000000000000000000000000000000b";
    private static final String C = "0x000000000000000000000000000000000000000C";
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    @Inject
    Pool pool;

    @BeforeEach
    void governorRow() {
        sql("INSERT INTO governor (id, config_name, chain, chain_id, address, start_block) "
                + "VALUES ($1, 'standings', 'anvil', 31337, '0x00000000000000000000000000000000000005Ed', 0)",
                Tuple.of(GOVERNOR));
    }

    @AfterEach
    void cleanUp() {
        for (String table : List.of("delegation_change", "voting_power_change", "account_delegation", "delegate_power",
                "governor")) {
            sql("DELETE FROM " + table + (table.equals("governor") ? " WHERE id = $1" : " WHERE governor_id = $1"),
                    Tuple.of(GOVERNOR));
        }
    }

    @Test
    void standingsFollowInsertsAndRollbacks() {
        // Block 10: A and B self-delegate; C delegates to A. Block 20: C moves to B. Block 30: A undelegates.
        delegation(C, ZERO, A, 10, 2);
        delegation(A, ZERO, A, 10, 0);
        delegation(B, ZERO, B, 10, 1);
        power(A, 0, 100, 10, 3);
        power(A, 100, 150, 10, 4);
        power(B, 0, 70, 10, 5);
        assertEquals(List.of("0x000000000000000000000000000000000000000A 150 2",
                "0x000000000000000000000000000000000000000b 70 1"), standings());

        delegation(C, A, B, 20, 0);
        power(A, 150, 100, 20, 1);
        power(B, 70, 120, 20, 2);
        delegation(A, A, ZERO, 30, 0);
        power(A, 100, 0, 30, 1);
        assertEquals(List.of("0x000000000000000000000000000000000000000b 120 2"), standings(),
                "A has neither power nor delegators left");

        // A reorg back to block 15 undoes blocks 20 and 30.
        sql("DELETE FROM delegation_change WHERE governor_id = $1 AND block_number > 15", Tuple.of(GOVERNOR));
        sql("DELETE FROM voting_power_change WHERE governor_id = $1 AND block_number > 15", Tuple.of(GOVERNOR));
        assertEquals(List.of("0x000000000000000000000000000000000000000A 150 2",
                "0x000000000000000000000000000000000000000b 70 1"), standings());
        assertEquals(A, one("SELECT delegate FROM account_delegation WHERE governor_id = $1 AND delegator = $2", C));

        // Back to before anything happened.
        sql("DELETE FROM delegation_change WHERE governor_id = $1 AND block_number > 0", Tuple.of(GOVERNOR));
        sql("DELETE FROM voting_power_change WHERE governor_id = $1 AND block_number > 0", Tuple.of(GOVERNOR));
        assertEquals(List.of(), standings());
    }

    /** Delegates with power or delegators, as the leaderboard lists them. */
    private List<String> standings() {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT delegate, voting_power, delegator_count FROM delegate_power WHERE governor_id = $1 "
                        + "AND (voting_power > 0 OR delegator_count > 0) ORDER BY voting_power DESC, lower(delegate)")
                .execute(Tuple.of(GOVERNOR)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> rows.add(row.getString(0) + " " + row.getNumeric(1).bigIntegerValue() + " " + row.getLong(2)));
        return rows;
    }

    private void delegation(String delegator, String from, String to, long block, int logIndex) {
        sql("INSERT INTO delegation_change (governor_id, delegator, from_delegate, to_delegate, block_number, "
                + "block_timestamp, log_index, tx_hash) VALUES ($1, $2, $3, $4, $5, 0, $6, '0x')",
                Tuple.from(List.of(GOVERNOR, delegator, from, to, block, logIndex)));
    }

    private void power(String delegate, long previous, long now, long block, int logIndex) {
        sql("INSERT INTO voting_power_change (governor_id, delegate, previous_votes, new_votes, block_number, "
                + "block_timestamp, log_index, tx_hash) VALUES ($1, $2, $3, $4, $5, 0, $6, '0x')",
                Tuple.from(List.of(GOVERNOR, delegate, previous, now, block, logIndex)));
    }

    private String one(String query, String argument) {
        Row row = pool.preparedQuery(query).execute(Tuple.of(GOVERNOR, argument)).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        return row.getString(0);
    }

    private void sql(String statement, Tuple arguments) {
        pool.preparedQuery(statement).execute(arguments).await().atMost(Duration.ofSeconds(10));
    }
}
