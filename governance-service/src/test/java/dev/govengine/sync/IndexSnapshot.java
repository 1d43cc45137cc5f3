package dev.govengine.sync;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Everything the index holds for one governor, as comparable text: two indexes are equal when these are. */
final class IndexSnapshot {
    private static final List<String> QUERIES = List.of(
            "SELECT proposal_id, proposer, title, vote_start, vote_end, created_block, created_tx, eta, queued_block, "
                    + "executed_block, canceled_block, extended_deadline FROM proposal WHERE governor_id = $1 ORDER BY proposal_id",
            "SELECT proposal_id, voter, support, weight, reason, params, block_number, tx_hash, log_index FROM vote "
                    + "WHERE governor_id = $1 ORDER BY proposal_id, voter",
            "SELECT delegator, from_delegate, to_delegate, block_number, log_index FROM delegation_change "
                    + "WHERE governor_id = $1 ORDER BY block_number, log_index",
            "SELECT delegate, previous_votes, new_votes, block_number, log_index FROM voting_power_change "
                    + "WHERE governor_id = $1 ORDER BY block_number, log_index",
            "SELECT setting, new_value, block_number, log_index FROM governor_setting_change "
                    + "WHERE governor_id = $1 ORDER BY block_number, log_index",
            "SELECT account, block_number, delta FROM token_balance_change WHERE governor_id = $1 "
                    + "ORDER BY block_number, account",
            "SELECT account, balance FROM token_balance WHERE governor_id = $1 ORDER BY account",
            "SELECT indexed_block, indexed_hash FROM sync_cursor WHERE governor_id = $1");

    private IndexSnapshot() {
    }

    static List<String> of(Pool pool, String governorId) {
        List<String> lines = new ArrayList<>();
        for (String query : QUERIES) {
            pool.preparedQuery(query).execute(Tuple.of(governorId)).await().indefinitely()
                    .forEach(row -> lines.add(row.deepToString()));
        }
        return lines;
    }

    static long count(Pool pool, String table, String governorId) {
        return pool.preparedQuery("SELECT COUNT(*) FROM " + table + " WHERE governor_id = $1")
                .execute(Tuple.of(governorId)).await().indefinitely().iterator().next().getLong(0);
    }
}
