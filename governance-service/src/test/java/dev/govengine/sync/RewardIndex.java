package dev.govengine.sync;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Everything the index holds for one deployment's reward contracts, as comparable text. */
final class RewardIndex {
    private RewardIndex() {
    }

    static List<String> of(Pool pool, DaoOnAnvil dao) {
        long chainId = dao.dao.chainId();
        String policy = dao.dao.rewardPolicy().address().toString();
        String distributor = dao.dao.rewardDistributor().address().toString();
        String rollup = dao.dao.rollupContributions().address().toString();
        List<String> lines = new ArrayList<>();
        add(pool, lines, "SELECT * FROM policy_version WHERE chain_id = $1 AND policy = $2 ORDER BY version",
                Tuple.of(chainId, policy));
        add(pool, lines, "SELECT * FROM rollup_contribution WHERE chain_id = $1 AND contract = $2 "
                + "ORDER BY block_number, log_index", Tuple.of(chainId, rollup));
        for (String table : List.of("distributor_root_event", "distributor_claim")) {
            add(pool, lines, "SELECT * FROM " + table + " WHERE chain_id = $1 AND contract = $2 "
                    + "ORDER BY block_number, log_index", Tuple.of(chainId, distributor));
        }
        for (String contract : List.of(policy, distributor, rollup)) {
            add(pool, lines, "SELECT source_id, indexed_block, indexed_hash FROM source_cursor "
                    + "WHERE strpos(source_id, $1) > 0 ORDER BY source_id", Tuple.of(contract));
        }
        return lines;
    }

    private static void add(Pool pool, List<String> lines, String query, Tuple arguments) {
        pool.preparedQuery(query).execute(arguments).await().indefinitely().forEach(row -> {
            // Row.deepToString prints array columns by identity; their elements are what must compare.
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.getValue(i);
                values.add(value instanceof Object[] array ? Arrays.toString(array) : String.valueOf(value));
            }
            lines.add(values.toString());
        });
    }
}
