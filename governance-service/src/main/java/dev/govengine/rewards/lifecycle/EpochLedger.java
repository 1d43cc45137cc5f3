package dev.govengine.rewards.lifecycle;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.epoch.EpochWindow;
import dev.govengine.rewards.inputs.EpochInputsStore;
import dev.govengine.rewards.store.RewardStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle's state in {@code reward_epoch}. Every step is a compare-and-set on the status it starts from, so a
 * step repeated after a crash, or raced by an operator's call, changes nothing the second time; the returned boolean
 * says whether this call made the change.
 */
@ApplicationScoped
public class EpochLedger {
    private static final String COLUMNS = """
            SELECT epoch, status, start_timestamp, end_timestamp, first_block, end_block, policy_version, carry_out,
                   status_detail, covered_by FROM reward_epoch""";

    private final Pool pool;

    @Inject
    public EpochLedger(Pool pool) {
        this.pool = pool;
    }

    /** Every epoch with a row, in order. */
    public Uni<List<EpochRecord>> all() {
        return pool.query(COLUMNS + " ORDER BY epoch").execute().map(rows -> {
            List<EpochRecord> records = new ArrayList<>(rows.size());
            rows.forEach(row -> records.add(record(row)));
            return records;
        });
    }

    public Uni<Optional<EpochRecord>> get(long epoch) {
        return pool.preparedQuery(COLUMNS + " WHERE epoch = $1").execute(Tuple.of(epoch))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(record(rows.iterator().next())));
    }

    /**
     * OPEN to CLOSED, with the epoch's blocks and policy. The row lock this takes waits for receipt transactions that
     * hold the row FOR SHARE, and receipts after it see CLOSED (docs/ARCHITECTURE.md, "Closing an epoch").
     */
    public Uni<Boolean> close(EpochWindow window, long firstBlock, long endBlock, long policyVersion) {
        return pool.preparedQuery("""
                        INSERT INTO reward_epoch (epoch, status, start_timestamp, end_timestamp, first_block, end_block,
                            policy_version, status_detail, updated_at)
                        VALUES ($1, 'CLOSED', $2, $3, $4, $5, $6, NULL, now())
                        ON CONFLICT (epoch) DO UPDATE SET status = 'CLOSED', start_timestamp = EXCLUDED.start_timestamp,
                            end_timestamp = EXCLUDED.end_timestamp, first_block = EXCLUDED.first_block,
                            end_block = EXCLUDED.end_block, policy_version = EXCLUDED.policy_version,
                            status_detail = NULL, updated_at = now()
                        WHERE reward_epoch.status = 'OPEN'
                        RETURNING epoch""")
                .execute(Tuple.from(List.of(window.number(), window.startTimestamp(), window.endTimestamp(), firstBlock,
                        endBlock, policyVersion)))
                .map(rows -> rows.size() == 1);
    }

    /** CLOSED to {@code next} (COMPUTED, or FINALIZED for an epoch with nothing to submit), with its carry. */
    public Uni<Boolean> computed(long epoch, BigInteger carryOut, EpochStatus next, String detail) {
        return pool.preparedQuery("""
                        UPDATE reward_epoch SET status = $2, carry_out = $3, status_detail = $4, updated_at = now()
                        WHERE epoch = $1 AND status = 'CLOSED'""")
                .execute(Tuple.of(epoch, next.name(), numeric(carryOut), detail))
                .map(rows -> rows.rowCount() == 1);
    }

    /** {@code from} to {@code to}, with the detail shown to operators (null clears it). */
    public Uni<Boolean> move(long epoch, EpochStatus from, EpochStatus to, String detail) {
        return pool.preparedQuery("""
                        UPDATE reward_epoch SET status = $3, status_detail = $4, updated_at = now()
                        WHERE epoch = $1 AND status = $2""")
                .execute(Tuple.of(epoch, from.name(), to.name(), detail))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Marks COMPUTED epochs as carried by {@code target}'s cumulative root, which goes on chain in their place;
     * written only where it changes.
     */
    public Uni<Void> cover(List<Long> epochs, long target) {
        return pool.preparedQuery("""
                        UPDATE reward_epoch SET covered_by = $2, updated_at = now(),
                            status_detail = 'covered by epoch ' || $2 || '''s cumulative root, which is submitted instead'
                        WHERE epoch = ANY($1) AND status = 'COMPUTED' AND covered_by IS DISTINCT FROM $2""")
                .execute(Tuple.of(epochs.toArray(Long[]::new), target)).replaceWithVoid();
    }

    /** The COMPUTED epochs {@code target}'s root carried become FINALIZED with it; returns them. */
    public Uni<List<Long>> finalizeCovered(long target) {
        return pool.preparedQuery("""
                        UPDATE reward_epoch SET status = 'FINALIZED', updated_at = now(),
                            status_detail = 'paid through epoch ' || $1 || '''s cumulative root'
                        WHERE covered_by = $1 AND status = 'COMPUTED' AND epoch < $1
                        RETURNING epoch""")
                .execute(Tuple.of(target)).map(rows -> {
                    List<Long> epochs = new ArrayList<>();
                    rows.forEach(row -> epochs.add(row.getLong("epoch")));
                    epochs.sort(null);
                    return epochs;
                });
    }

    /**
     * Reopens {@code from} and every later epoch for computing again, in one transaction: their results and inputs
     * documents move to the superseded tables ({@link RewardStore#supersede}, {@link EpochInputsStore#supersede}),
     * every receipt invalidation recorded so far applies to them ({@link ReceiptInvalidations#applyFrom}), and each is
     * CLOSED again with its blocks and policy, its carry and cover cleared, and {@code detail} as the reason. Returns
     * the epochs whose results were superseded.
     */
    public Uni<List<Long>> reopen(RewardStore store, EpochInputsStore inputs, ReceiptInvalidations invalidations,
            long from, String detail) {
        return pool.withTransaction(connection -> store.supersede(connection, from, detail)
                .call(superseded -> inputs.supersede(connection, from, detail))
                .call(superseded -> invalidations.applyFrom(connection, from))
                .call(superseded -> connection.preparedQuery("""
                                UPDATE reward_epoch SET status = 'CLOSED', carry_out = NULL, covered_by = NULL,
                                    status_detail = $2, updated_at = now()
                                WHERE epoch >= $1 AND status IN ('COMPUTED', 'SUBMIT_FAILED', 'FINALIZED')""")
                        .execute(Tuple.of(from, detail))));
    }

    /** A note on an epoch that waits, without moving it; written only when it changes. */
    public Uni<Void> note(long epoch, String detail) {
        return pool.preparedQuery("""
                        UPDATE reward_epoch SET status_detail = $2, updated_at = now()
                        WHERE epoch = $1 AND status_detail IS DISTINCT FROM $2""")
                .execute(Tuple.of(epoch, detail)).replaceWithVoid();
    }

    /** The submission's traces on the stored result; a null argument keeps what is there. */
    public Uni<Void> recordChain(long epoch, String proposeTxHash, Long disputeDeadline, String disputeTxHash,
            String resolveTxHash) {
        return pool.preparedQuery("""
                        UPDATE reward_epoch_result SET propose_tx_hash = COALESCE($2, propose_tx_hash),
                            dispute_deadline = COALESCE($3, dispute_deadline),
                            dispute_tx_hash = COALESCE($4, dispute_tx_hash),
                            resolve_tx_hash = COALESCE($5, resolve_tx_hash)
                        WHERE epoch = $1""")
                .execute(Tuple.from(Arrays.asList(epoch, lower(proposeTxHash), disputeDeadline,
                        lower(disputeTxHash), lower(resolveTxHash))))
                .replaceWithVoid();
    }

    private static String lower(String hash) {
        return hash == null ? null : hash.toLowerCase(Locale.ROOT);
    }

    private static EpochRecord record(Row row) {
        BigInteger carry = bigInteger(row.getNumeric("carry_out"));
        return new EpochRecord(row.getLong("epoch"), EpochStatus.valueOf(row.getString("status")),
                row.getLong("start_timestamp"), row.getLong("end_timestamp"), row.getLong("first_block"),
                row.getLong("end_block"), row.getLong("policy_version"), carry, row.getString("status_detail"),
                row.getLong("covered_by"));
    }
}
