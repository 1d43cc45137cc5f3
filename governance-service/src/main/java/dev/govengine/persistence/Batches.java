package dev.govengine.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Many rows in few round trips, for the indexer's range transactions. */
public final class Batches {
    /** Rows per unnest statement: large enough to amortize the round trip, small enough to keep messages modest. */
    public static final int CHUNK = 10_000;

    private Batches() {
    }

    /** One prepared statement executed as a batch over {@code items}; nothing when there are none. */
    public static <T> Uni<Void> batch(SqlClient tx, String sql, Collection<T> items, Function<T, Tuple> toTuple) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(sql).executeBatch(items.stream().map(toTuple).toList()).replaceWithVoid();
    }

    /** Runs {@code statement} over consecutive slices of at most {@link #CHUNK} items, one after the other. */
    public static <T> Uni<Void> chunked(List<T> items, Function<List<T>, Uni<Void>> statement) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int start = 0; start < items.size(); start += CHUNK) {
            List<T> chunk = items.subList(start, Math.min(items.size(), start + CHUNK));
            chain = chain.chain(() -> statement.apply(chunk));
        }
        return chain;
    }

    /** One statement; for chaining in a transaction. */
    public static Uni<Void> execute(SqlClient tx, String sql, Object... args) {
        return tx.preparedQuery(sql).execute(Tuple.from(args)).replaceWithVoid();
    }
}
