package dev.govengine.contributions;

import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.contributions.ReceiptRules.Verified;
import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.epoch.EpochWindow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stores verified receipts in one transaction and says, per receipt, whether it was stored or why not (its epoch is
 * closed, or its job id is taken). Each receipt is one row, so it is stored whole or not at all.
 *
 * <p>Under concurrency the database decides: the job id is the primary key and rows go in with
 * {@code ON CONFLICT DO NOTHING RETURNING}, so of two requests carrying the same job id exactly one gets the row back
 * and the other learns that it is a duplicate, with no error. Rows are inserted in job-id order (and epoch rows in
 * epoch order), so two transactions always take their locks in the same order and cannot deadlock each other.
 */
@ApplicationScoped
public class ReceiptStore {
    /** Rows per unnest statement, as in the indexer's RangeWriter. */
    private static final int CHUNK = 10_000;
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";

    private final Pool pool;

    @Inject
    public ReceiptStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param receipts in request order; later occurrences of a job id within the list are duplicates of the first
     * @return one outcome per receipt, in the same order
     */
    public Uni<List<ReceiptOutcome>> store(long chainId, String policy, EpochCalendar calendar, List<Verified> receipts) {
        if (receipts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(tx -> store(tx, chainId, policy, calendar, receipts))
                .onFailure(ReceiptStore::retryable).retry().withBackOff(Duration.ofMillis(20)).atMost(3);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof PgException pg
                && (SERIALIZATION_FAILURE.equals(pg.getSqlState()) || DEADLOCK.equals(pg.getSqlState()));
    }

    private static Uni<List<ReceiptOutcome>> store(SqlClient tx, long chainId, String policy, EpochCalendar calendar,
            List<Verified> receipts) {
        TreeSet<Long> epochs = new TreeSet<>();
        receipts.forEach(r -> epochs.add(r.receipt().epoch().longValueExact()));
        return openEpochRows(tx, calendar, epochs)
                .chain(() -> epochStatuses(tx, epochs))
                .chain(statuses -> {
                    ReceiptOutcome[] outcomes = new ReceiptOutcome[receipts.size()];
                    List<Integer> toInsert = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < receipts.size(); i++) {
                        Verified receipt = receipts.get(i);
                        long epoch = receipt.receipt().epoch().longValueExact();
                        EpochStatus status = statuses.get(epoch);
                        if (status != EpochStatus.OPEN) {
                            outcomes[i] = ReceiptOutcome.refused(receipt.jobIdHex(), ReceiptCode.EPOCH_CLOSED,
                                    "epoch " + epoch + " is " + status + ", not OPEN");
                        } else if (!seen.add(receipt.jobIdHex())) {
                            outcomes[i] = ReceiptOutcome.refused(receipt.jobIdHex(), ReceiptCode.DUPLICATE_JOB,
                                    "job " + receipt.jobIdHex() + " appears earlier in this request");
                        } else {
                            toInsert.add(i);
                        }
                    }
                    toInsert.sort(Comparator.comparing(i -> receipts.get(i).jobIdHex()));
                    return insert(tx, chainId, policy, receipts, toInsert).map(inserted -> {
                        for (int i : toInsert) {
                            Verified receipt = receipts.get(i);
                            outcomes[i] = inserted.contains(receipt.jobIdHex())
                                    ? ReceiptOutcome.accepted(receipt.jobIdHex(), receipt.verifier())
                                    : ReceiptOutcome.refused(receipt.jobIdHex(), ReceiptCode.DUPLICATE_JOB,
                                            "job " + receipt.jobIdHex() + " is already stored");
                        }
                        return Arrays.asList(outcomes);
                    });
                });
    }

    /** An epoch without a row is OPEN; the row is made here so that there is something to lock. */
    private static Uni<Void> openEpochRows(SqlClient tx, EpochCalendar calendar, TreeSet<Long> epochs) {
        int n = epochs.size();
        Long[] numbers = new Long[n];
        Long[] starts = new Long[n];
        Long[] ends = new Long[n];
        int i = 0;
        for (long epoch : epochs) {
            EpochWindow window = calendar.window(epoch);
            numbers[i] = epoch;
            starts[i] = window.startTimestamp();
            ends[i] = window.endTimestamp();
            i++;
        }
        return tx.preparedQuery("""
                        INSERT INTO reward_epoch (epoch, status, start_timestamp, end_timestamp, updated_at)
                        SELECT e, 'OPEN', s, t, now() FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS u (e, s, t)
                        ORDER BY e
                        ON CONFLICT (epoch) DO NOTHING""")
                .execute(Tuple.of(numbers, starts, ends))
                .replaceWithVoid();
    }

    /** FOR SHARE: the epoch cannot be closed under this transaction, and a close in progress is waited for. */
    private static Uni<Map<Long, EpochStatus>> epochStatuses(SqlClient tx, TreeSet<Long> epochs) {
        return tx.preparedQuery("SELECT epoch, status FROM reward_epoch WHERE epoch = ANY($1) ORDER BY epoch FOR SHARE")
                .execute(Tuple.of(epochs.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, EpochStatus> statuses = new HashMap<>();
                    rows.forEach(row -> statuses.put(row.getLong("epoch"), EpochStatus.valueOf(row.getString("status"))));
                    return statuses;
                });
    }

    private static Uni<Set<String>> insert(SqlClient tx, long chainId, String policy, List<Verified> receipts,
            List<Integer> indexes) {
        Set<String> inserted = new HashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int start = 0; start < indexes.size(); start += CHUNK) {
            List<Integer> chunk = indexes.subList(start, Math.min(indexes.size(), start + CHUNK));
            chain = chain.chain(() -> insertChunk(tx, chainId, policy, receipts, chunk, inserted));
        }
        return chain.replaceWith(inserted);
    }

    private static Uni<Void> insertChunk(SqlClient tx, long chainId, String policy, List<Verified> receipts,
            List<Integer> chunk, Set<String> inserted) {
        int n = chunk.size();
        String[] jobIds = new String[n];
        String[] providers = new String[n];
        Long[] epochs = new Long[n];
        Short[] gpuClasses = new Short[n];
        Numeric[] gpuSeconds = new Numeric[n];
        Integer[] qualities = new Integer[n];
        String[] signatures = new String[n];
        String[] verifiers = new String[n];
        for (int i = 0; i < n; i++) {
            Verified verified = receipts.get(chunk.get(i));
            WorkReceipt receipt = verified.receipt();
            jobIds[i] = verified.jobIdHex();
            providers[i] = receipt.provider().toString();
            epochs[i] = receipt.epoch().longValueExact();
            gpuClasses[i] = (short) receipt.gpuClass();
            gpuSeconds[i] = numeric(receipt.gpuSeconds());
            qualities[i] = receipt.qualityBps();
            signatures[i] = verified.signature().toHex();
            verifiers[i] = verified.verifier().toString();
        }
        return tx.preparedQuery("""
                        INSERT INTO work_receipt (chain_id, policy, job_id, provider, epoch, gpu_class, gpu_seconds,
                            quality_bps, signature, verifier)
                        SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::smallint[],
                            $7::numeric[], $8::integer[], $9::text[], $10::text[])
                        ON CONFLICT (chain_id, policy, job_id) DO NOTHING
                        RETURNING job_id""")
                .execute(Tuple.from(new Object[] {chainId, policy, jobIds, providers, epochs, gpuClasses, gpuSeconds,
                        qualities, signatures, verifiers}))
                .invoke(rows -> rows.forEach(row -> inserted.add(row.getString("job_id"))))
                .replaceWithVoid();
    }
}
