package dev.govengine.sync;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the writer tells every replica after it indexed something for one governor: the blocks whose rows are new
 * ({@code firstBlock} to {@code lastBlock}; empty when only derived facts such as quorums changed). It travels as a
 * PostgreSQL NOTIFY on {@link #CHANNEL}, and as an entry of the change log for replicas on a hot standby (migration
 * V38's {@code announce}); sent inside the writing transaction, PostgreSQL delivers it on commit and drops it on
 * rollback, so no replica ever hears of a range that was not committed.
 */
public record IndexedNotice(String governorId, long firstBlock, long lastBlock) {
    public static final String CHANNEL = "gov_indexed";

    /** A notice with no new blocks: the governor's derived facts changed at {@code headBlock}. */
    public static IndexedNotice factsChanged(String governorId, long headBlock) {
        return new IndexedNotice(governorId, headBlock + 1, headBlock);
    }

    /** Queues the notice on {@code client}'s transaction (or sends it at once outside one). */
    public Uni<Void> send(SqlClient client) {
        return client.preparedQuery("SELECT announce($1, $2)").execute(Tuple.of(CHANNEL, payload())).replaceWithVoid();
    }

    /** {@code <governor id> <first block> <last block>}: CAIP-10 ids hold no spaces, and the payload stays small. */
    String payload() {
        return governorId + " " + firstBlock + " " + lastBlock;
    }

    public static IndexedNotice parse(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed " + CHANNEL + " payload: " + payload);
        }
        return new IndexedNotice(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }
}
