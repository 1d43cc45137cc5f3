package dev.govengine.persistence;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Makes the reactive pool from the connect options Quarkus builds out of {@code quarkus.datasource.*} (the URL,
 * credentials, TLS and every other reactive setting), as Quarkus would, and keeps them for the one connection the
 * pool cannot lend: {@link PgNotifications}' LISTEN, which lasts as long as the process. So each datasource setting
 * applies to both, and none is read by hand. Quarkus asks a credentials provider, if one is configured, once as it
 * makes the pool; its credentials are not fetched again for later connections.
 */
@Singleton
public class ReactiveDatasource implements PgPoolCreator {
    /**
     * The longest statement a connection keeps prepared (quarkus.datasource.reactive.cache-prepared-statements). The
     * client's default, 2,048 characters, leaves out the one whose planning costs the most: a proposal's read
     * ({@code ProposalQueries}), about 4,000 characters, which PostgreSQL takes several times as long to plan as to
     * run. Quarkus has no setting for it.
     */
    static final int PREPARED_SQL_LIMIT = 16_384;

    private final Instance<io.vertx.mutiny.sqlclient.Pool> pool;
    private volatile PgConnectOptions primary;

    @Inject
    public ReactiveDatasource(Instance<io.vertx.mutiny.sqlclient.Pool> pool) {
        this.pool = pool;
    }

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options -> options.setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT));
        List<SqlConnectOptions> hosts = List.copyOf(input.pgConnectOptionsList());
        primary = input.pgConnectOptionsList().get(0);
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(hosts).using(input.vertx()).build();
    }

    /**
     * The connect options of the datasource's first host (of several, the first is the primary, where notifications
     * come from), as the pool's connections get them. Quarkus makes the pool, and so calls {@link #create}, on its
     * first use: this uses it if nothing has yet.
     */
    PgConnectOptions primary() {
        if (primary == null) {
            pool.get().getDelegate();
        }
        return new PgConnectOptions(primary);
    }
}
