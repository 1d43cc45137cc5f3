package dev.govengine.sync;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Undoes, in one transaction, everything that blocks above a common ancestor wrote for one governor: rows created
 * there are deleted, lifecycle marks set there are cleared, and the cursor returns to the ancestor. Re-indexing
 * from there then gives exactly what a fresh index of the canonical chain gives.
 *
 * <p>Stored headers are shared by every governor on the chain and are left alone: another governor's cursor header
 * may lie above this ancestor and still be canonical, re-indexing overwrites the orphaned ones it meets, and an
 * orphaned one left behind only ever fails the hash comparison of an ancestor search.
 */
@ApplicationScoped
public class ReorgRollback {
    private static final List<String> ROW_TABLES = List.of("vote", "delegation_change", "voting_power_change",
            "governor_setting_change");

    private final Pool pool;

    @Inject
    public ReorgRollback(Pool pool) {
        this.pool = pool;
    }

    /** @param ancestor the newest block both chains share, or null to start over from the governor's start block */
    public void rollBack(IndexedGovernor governor, Cursor ancestor) {
        long keep = ancestor == null ? governor.startBlock() - 1 : ancestor.block();
        pool.withTransaction(tx -> {
            var work = Uni.createFrom().voidItem();
            for (String table : ROW_TABLES) {
                work = work.chain(() -> execute(tx, "DELETE FROM " + table + " WHERE governor_id = $1 AND block_number > $2",
                        governor.id(), keep));
            }
            return work
                    .chain(() -> execute(tx, "DELETE FROM proposal WHERE governor_id = $1 AND created_block > $2",
                            governor.id(), keep))
                    .chain(() -> execute(tx, """
                            UPDATE proposal SET
                                eta = CASE WHEN queued_block > $2 THEN NULL ELSE eta END,
                                queued_tx = CASE WHEN queued_block > $2 THEN NULL ELSE queued_tx END,
                                queued_block = CASE WHEN queued_block > $2 THEN NULL ELSE queued_block END,
                                executed_tx = CASE WHEN executed_block > $2 THEN NULL ELSE executed_tx END,
                                executed_block = CASE WHEN executed_block > $2 THEN NULL ELSE executed_block END,
                                canceled_tx = CASE WHEN canceled_block > $2 THEN NULL ELSE canceled_tx END,
                                canceled_block = CASE WHEN canceled_block > $2 THEN NULL ELSE canceled_block END,
                                extended_deadline = CASE WHEN extended_block > $2 THEN NULL ELSE extended_deadline END,
                                extended_block = CASE WHEN extended_block > $2 THEN NULL ELSE extended_block END,
                                quorum = CASE WHEN quorum_block > $2 THEN NULL ELSE quorum END,
                                quorum_block = CASE WHEN quorum_block > $2 THEN NULL ELSE quorum_block END
                            WHERE governor_id = $1""", governor.id(), keep))
                    // Settings rolled back are re-read by eth_call on the next cycle, from the canonical chain.
                    .chain(() -> execute(tx, "UPDATE governor SET discovered_at = NULL WHERE id = $1", governor.id()))
                    .chain(() -> ancestor == null
                            ? execute(tx, "DELETE FROM sync_cursor WHERE governor_id = $1", governor.id())
                            : tx.preparedQuery("""
                                    UPDATE sync_cursor SET indexed_block = $2, indexed_hash = $3, updated_at = now()
                                    WHERE governor_id = $1""")
                                    .execute(Tuple.of(governor.id(), ancestor.block(), ancestor.hash())).replaceWithVoid());
        }).await().indefinitely();
    }

    private static Uni<Void> execute(SqlClient tx, String sql, Object... args) {
        return tx.preparedQuery(sql).execute(Tuple.from(args)).replaceWithVoid();
    }
}
