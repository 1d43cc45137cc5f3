package dev.govengine.governance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one way the read services reach PostgreSQL, so that every statement the API sends is counted: the metric
 * {@code gov.index.reads} shows whether nested fields load in batches (a page costs a fixed number of statements)
 * or one by one.
 */
@ApplicationScoped
public class IndexReads {
    private final Pool pool;
    private final Counter statements;

    @Inject
    public IndexReads(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.statements = Counter.builder("gov.index.reads")
                .description("SQL statements sent by the read services of the governance index")
                .register(registry);
    }

    public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        statements.increment();
        return pool.preparedQuery(sql).execute(arguments);
    }

    public Uni<RowSet<Row>> query(String sql) {
        statements.increment();
        return pool.query(sql).execute();
    }

    /** Statements sent so far. */
    public long count() {
        return (long) statements.count();
    }
}
