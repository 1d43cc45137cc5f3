package dev.govengine.sync;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Contracts on one chain whose logs are indexed together under one cursor: a governor with its token, or one of the
 * reward contracts. {@link LogSourceSyncer} gives every source the same guarantees (adaptive ranges, one transaction
 * per range with a compare-and-set cursor, reorg rollback); a source only says which logs it reads, what rows they
 * become, and how to undo those rows above a block.
 */
public interface LogSource {
    /** The cursor's key; also the name in logs and metrics. */
    String id();

    /** The configured chain's name. */
    String chain();

    /** The first block read when there is no cursor. */
    long startBlock();

    CursorTable cursorTable();

    List<ChecksumAddress> addresses();

    /** The event topics read, for the eth_getLogs filter. */
    List<String> topics();

    /**
     * Decodes one range's logs, all checked canonical against {@code headers} (which holds every log's block), into
     * the range's writes. It runs on the read-ahead thread before the transaction opens, so a malformed log fails the
     * range with nothing written; it may read from the chain what the rows themselves depend on. {@code firstRange}
     * is true when the source has no cursor yet.
     */
    RangeRows decode(List<ChainLog> logs, Map<Long, BlockHeader> headers, boolean firstRange);

    /**
     * What must be read from the chain at the range's last block to commit after the range's rows (a governor's
     * answers about its open proposals); {@code rows} is what {@link #decode} made of the range. It runs on the sync
     * thread after the previous range committed, while the range's rows are already being written in the range's
     * transaction (the two wait on different servers), so it sees the index as the previous range left it and must
     * not change how {@code rows} are written.
     */
    default RangeRows atEnd(RangeRows rows, long lastBlock) {
        return NOTHING;
    }

    /** No rows. */
    RangeRows NOTHING = tx -> Uni.createFrom().voidItem();

    /**
     * Blocks at or below {@code lastBlock} that the index refers to without a log in them (a proposal's snapshot and
     * deadline on a block clock), whose headers are to commit with the range: those in the range ({@code firstBlock}
     * on), so that a range indexed again after a reorg stores them afresh, and those below it whose header is not
     * stored yet. {@code rows} is what {@link #decode} made of the range. It runs after the previous range committed,
     * on the sync thread, beside the range's rows being written, as {@link #atEnd} does.
     */
    default Collection<Long> referencedBlocks(RangeRows rows, long firstBlock, long lastBlock) {
        return List.of();
    }

    /** Deletes or clears, inside the rollback's transaction, what this source wrote for blocks above {@code keep}. */
    Uni<Void> rollBack(SqlClient tx, long keep);

    /** The rows of one range, written inside the range's transaction before its cursor moves. */
    @FunctionalInterface
    interface RangeRows {
        Uni<Void> write(SqlClient tx);
    }

    /**
     * Where a source's cursor lives. Governors keep theirs in {@code sync_cursor}, whose key references the governor
     * row; the reward contracts have no such row and use {@code source_cursor}.
     */
    enum CursorTable {
        GOVERNOR("sync_cursor", "governor_id"),
        CONTRACT("source_cursor", "source_id");

        final String table;
        final String key;

        CursorTable(String table, String key) {
            this.table = table;
            this.key = key;
        }
    }
}
