package dev.govengine.contributions;

import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * An operator's invalidation of the receipts a verifier signed in a time range (of their intake), for a verifier whose
 * key leaked or that governance removed. It is stored, never the receipts deleted, and applies to the epochs not yet
 * closed when it is recorded, and to those an operator's recompute reopens later: {@code EpochContributionReader}
 * leaves the covered receipts out of those epochs.
 */
@ApplicationScoped
public class ReceiptInvalidations {
    private final Pool pool;

    @Inject
    public ReceiptInvalidations(Pool pool) {
        this.pool = pool;
    }

    /** What was recorded: the range is {@code [from, to)}; {@code receipts} is how many stored receipts it covers. */
    public record Invalidation(long id, ChecksumAddress verifier, Instant from, Instant to, long fromEpoch,
            String reason, String requestedBy, Instant recordedAt, long receipts) {
    }

    /** The table's checks refuse an empty range, reason or requester; the operator endpoint names them to its caller first. */
    public Uni<Invalidation> record(long chainId, ChecksumAddress policy, ChecksumAddress verifier, Instant from,
            Instant to, String reason, String requestedBy) {
        Objects.requireNonNull(verifier, "verifier");
        // SHARE mode waits for, and holds off, a concurrent close (an UPDATE of reward_epoch), so an epoch is either
        // closed before this commits, and keeps its receipts, or closed after it, and sees this row.
        return pool.withTransaction(tx -> tx.query("LOCK TABLE reward_epoch IN SHARE MODE").execute()
                .chain(() -> tx.preparedQuery("""
                        WITH added AS (
                            INSERT INTO receipt_invalidation (chain_id, policy, verifier, received_from, received_to,
                                from_epoch, reason, requested_by)
                            SELECT $1, $2, $3, $4, $5,
                                   COALESCE((SELECT MAX(epoch) FROM reward_epoch WHERE status <> 'OPEN'), 0) + 1, $6, $7
                            RETURNING *
                        )
                        SELECT a.id, a.received_from, a.received_to, a.from_epoch, a.recorded_at,
                               (SELECT COUNT(*) FROM work_receipt r
                                WHERE r.chain_id = a.chain_id AND r.policy = a.policy AND r.verifier = a.verifier
                                  AND r.received_at >= a.received_from AND r.received_at < a.received_to) AS receipts
                        FROM added a""")
                        .execute(Tuple.from(new Object[] {chainId, policy.toString(), verifier.toString(), utc(from),
                                utc(to), reason.strip(), requestedBy.strip()}))))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Invalidation(row.getLong("id"), verifier,
                            row.getOffsetDateTime("received_from").toInstant(),
                            row.getOffsetDateTime("received_to").toInstant(), row.getLong("from_epoch"),
                            reason.strip(), requestedBy.strip(), row.getOffsetDateTime("recorded_at").toInstant(),
                            row.getLong("receipts"));
                });
    }

    /**
     * Makes every invalidation recorded so far apply from {@code epoch} on, within the caller's transaction: an
     * operator's recompute reopens that epoch and the later ones, which are then no longer closed.
     */
    public Uni<Void> applyFrom(SqlConnection connection, long epoch) {
        return connection.preparedQuery("UPDATE receipt_invalidation SET from_epoch = $1 WHERE from_epoch > $1")
                .execute(Tuple.of(epoch)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
