package dev.govengine.rewards.lifecycle;

import dev.govengine.persistence.Numerics;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.types.Bytes32;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Roots on the distributor that this engine did not compute: another operator, or a stolen updater key. Every
 * {@code RootProposed} the index has read and the roots the distributor holds now (live, pending, disputed) are
 * compared with the stored result of their epoch; a root that differs, or whose epoch has no stored result, is
 * foreign. A foreign root the distributor still holds is an alert: an ERROR line when it is first seen, the metrics
 * {@code gov.epochs.foreign_roots} (held now) and {@code gov.epochs.foreign_roots.detected}, the wellness check
 * {@code foreign-roots} DOWN, and an ALERT in the epoch's {@code statusDetail} when the engine has computed the epoch
 * ({@link RewardStore}). The record lives in {@code distributor_foreign_root}, so every replica's health check and
 * API see what the driver found.
 */
@ApplicationScoped
public class ForeignRoots {
    private static final Logger LOG = Logger.getLogger(ForeignRoots.class);

    /** A foreign root: {@code expected} is this engine's root for the epoch, null if it has none. */
    public record Finding(BigInteger epoch, Bytes32 root, Bytes32 expected, String chainStatus) {
        public boolean held() {
            return !chainStatus.equals("GONE");
        }

        public String describe() {
            return "the RewardDistributor holds a root this engine did not compute for epoch " + epoch + ": " + root
                    + " (" + chainStatus + ")" + (expected == null ? "; this engine has no root for that epoch"
                    : "; this engine's root is " + expected);
        }
    }

    private final Pool pool;
    private final EpochChain chain;
    private final WorkerDb db;
    private final Counter detected;
    private final AtomicInteger held = new AtomicInteger();

    @Inject
    public ForeignRoots(Pool pool, EpochChain chain, MeterRegistry meters, WorkerDb db) {
        this.pool = pool;
        this.chain = chain;
        this.db = db;
        this.detected = Counter.builder("gov.epochs.foreign_roots.detected")
                .description("Roots on the distributor that this engine did not compute, counted when first seen")
                .register(meters);
        Gauge.builder("gov.epochs.foreign_roots", held, AtomicInteger::get)
                .description("Foreign roots the distributor holds now (live, pending or disputed)").register(meters);
    }

    /** Compares the distributor's roots with the stored results, records what differs, and returns what is held. */
    public List<Finding> check(EpochChain.Context context) {
        Map<List<Object>, String> heldByChain = new HashMap<>();
        for (EpochChain.HeldRoot root : chain.heldRoots(context)) {
            heldByChain.put(List.of(root.epoch(), root.root()), root.state());
        }
        List<BigInteger> heldEpochs = heldByChain.keySet().stream().map(key -> (BigInteger) key.get(0)).toList();
        List<String> heldRoots = heldByChain.keySet().stream().map(key -> ((Bytes32) key.get(1)).toHex()).toList();
        // One query over every root the distributor was ever given, so that a tick costs the same however many
        // epochs have passed; only the roots that differ from the stored result come back.
        List<Finding> findings = new ArrayList<>();
        db.await(pool.preparedQuery("""
                        SELECT p.epoch, p.root, r.root AS expected
                        FROM (SELECT epoch, root FROM distributor_root_event
                              WHERE chain_id = $1 AND contract = $2 AND event = 'RootProposed'
                              UNION SELECT unnest($3::numeric[]), unnest($4::text[])) p
                        LEFT JOIN reward_epoch_result r
                            ON r.epoch = p.epoch AND r.distributor_chain_id = $1 AND r.distributor = $2
                        WHERE r.root IS DISTINCT FROM p.root
                        ORDER BY p.epoch, p.root""")
                .execute(Tuple.of(context.deployment().chainId(),
                        context.deployment().rewardDistributor().address().toString(),
                        Numerics.numerics(heldEpochs), heldRoots.toArray(String[]::new))),
                "comparing the distributor's roots with the stored results")
                .forEach(row -> {
                    BigInteger epoch = Numerics.bigInteger(row.getNumeric("epoch"));
                    Bytes32 root = Bytes32.fromHex(row.getString("root"));
                    String expected = row.getString("expected");
                    findings.add(new Finding(epoch, root, expected == null ? null : Bytes32.fromHex(expected),
                            heldByChain.getOrDefault(List.of(epoch, root), "GONE")));
                });
        for (Finding finding : findings) {
            if (record(context, finding) && finding.held()) {
                detected.increment();
                LOG.errorf("ALERT: %s. Dispute it on the distributor within its window, or have governance cancel"
                        + " it; `epoch verify` exits 1 while it is held.", finding.describe());
            }
        }
        List<Finding> heldNow = findings.stream().filter(Finding::held).toList();
        forgetHeldExcept(context, heldNow);
        held.set(heldNow.size());
        return heldNow;
    }

    /** The foreign roots the distributor held when the driver last looked, for any replica. */
    public Uni<List<Finding>> held() {
        return pool.query("""
                        SELECT epoch, root, expected_root, chain_status FROM distributor_foreign_root
                        WHERE chain_status <> 'GONE' ORDER BY epoch, root""")
                .execute().map(rows -> {
                    List<Finding> findings = new ArrayList<>();
                    rows.forEach(row -> findings.add(finding(row)));
                    return findings;
                });
    }

    /** Inserts or updates the finding's row; true when it was not recorded as held before. */
    private boolean record(EpochChain.Context context, Finding finding) {
        var rows = db.await(pool.preparedQuery("""
                        WITH previous AS (
                            SELECT chain_status FROM distributor_foreign_root
                            WHERE chain_id = $1 AND distributor = $2 AND epoch = $3 AND root = $4)
                        INSERT INTO distributor_foreign_root AS f (chain_id, distributor, epoch, root, expected_root,
                            chain_status, first_seen, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, now(), now())
                        ON CONFLICT (chain_id, distributor, epoch, root) DO UPDATE
                            SET chain_status = EXCLUDED.chain_status, expected_root = EXCLUDED.expected_root,
                                updated_at = now()
                            WHERE f.chain_status IS DISTINCT FROM EXCLUDED.chain_status
                               OR f.expected_root IS DISTINCT FROM EXCLUDED.expected_root
                        RETURNING (SELECT chain_status FROM previous) AS previous_status""")
                .execute(Tuple.from(Arrays.asList(context.deployment().chainId(),
                        context.deployment().rewardDistributor().address().toString(), Numerics.numeric(finding.epoch()),
                        finding.root().toHex(), finding.expected() == null ? null : finding.expected().toHex(),
                        finding.chainStatus()))),
                "recording the foreign root of epoch " + finding.epoch());
        if (rows.size() == 0) {
            return false;
        }
        String previous = rows.iterator().next().getString("previous_status");
        return previous == null || previous.equals("GONE");
    }

    /** Rows recorded as held that the distributor no longer holds (discarded, canceled, superseded) become GONE. */
    private void forgetHeldExcept(EpochChain.Context context, List<Finding> heldNow) {
        List<String> keep = heldNow.stream().map(f -> f.epoch() + ":" + f.root().toHex()).toList();
        db.await(pool.preparedQuery("""
                        UPDATE distributor_foreign_root SET chain_status = 'GONE', updated_at = now()
                        WHERE chain_id = $1 AND distributor = $2 AND chain_status <> 'GONE'
                          AND NOT (epoch::text || ':' || root = ANY($3))""")
                .execute(Tuple.of(context.deployment().chainId(),
                        context.deployment().rewardDistributor().address().toString(), keep.toArray(String[]::new))),
                "marking the foreign roots no longer held");
    }

    private static Finding finding(Row row) {
        String expected = row.getString("expected_root");
        return new Finding(Numerics.bigInteger(row.getNumeric("epoch")), Bytes32.fromHex(row.getString("root")),
                expected == null ? null : Bytes32.fromHex(expected), row.getString("chain_status"));
    }
}
