package dev.govengine.rewards.inputs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The stored inputs documents, one per computed epoch (migration V30). */
@ApplicationScoped
public class EpochInputsStore {
    /** A stored document and its keccak256. */
    public record Stored(byte[] document, String keccak) {
    }

    private final Pool pool;

    @Inject
    public EpochInputsStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the epoch's document, replacing one an earlier computation of the same epoch stored: only the compute
     * step writes here, and an epoch is computed again only before its root is on chain (a crash between the steps)
     * or after an operator's recompute.
     */
    public Uni<Stored> save(long epoch, EpochInputs inputs) {
        byte[] bytes = inputs.bytes();
        String keccak = EpochInputs.keccak(bytes);
        return pool.preparedQuery("""
                        INSERT INTO reward_epoch_inputs (epoch, document, keccak) VALUES ($1, $2, $3)
                        ON CONFLICT (epoch) DO UPDATE SET document = EXCLUDED.document, keccak = EXCLUDED.keccak,
                            stored_at = now()""")
                .execute(Tuple.of(epoch, Buffer.buffer(bytes), keccak))
                .replaceWith(new Stored(bytes, keccak));
    }

    /**
     * Moves the documents of {@code from} and every later epoch to {@code reward_epoch_inputs_superseded}, each as the
     * next revision of its epoch, within the caller's transaction (an operator's recompute).
     */
    public Uni<Void> supersede(SqlConnection connection, long from, String reason) {
        return connection.preparedQuery("""
                        INSERT INTO reward_epoch_inputs_superseded
                        SELECT i.*, COALESCE((SELECT max(s.revision) FROM reward_epoch_inputs_superseded s
                                              WHERE s.epoch = i.epoch), 0) + 1, now(), $2
                        FROM reward_epoch_inputs i WHERE i.epoch >= $1""")
                .execute(Tuple.of(from, reason))
                .flatMap(moved -> connection.preparedQuery("DELETE FROM reward_epoch_inputs WHERE epoch >= $1")
                        .execute(Tuple.of(from)))
                .replaceWithVoid();
    }

    public Uni<Optional<Stored>> find(long epoch) {
        return pool.preparedQuery("SELECT document, keccak FROM reward_epoch_inputs WHERE epoch = $1")
                .execute(Tuple.of(epoch))
                .map(rows -> rows.size() == 0 ? Optional.<Stored>empty() : Optional.of(new Stored(
                        rows.iterator().next().getBuffer("document").getBytes(),
                        rows.iterator().next().getString("keccak"))));
    }
}
