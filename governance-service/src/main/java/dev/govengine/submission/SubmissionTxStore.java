package dev.govengine.submission;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The {@code submission_tx} table, for the transaction manager's worker threads. Each call opens its own reactive
 * session on a fresh Vert.x context and blocks until it is done: the callers are plain threads that also wait on
 * RPC calls, and a Hibernate Reactive session must be closed on the context that opened it (ARCHITECTURE.md,
 * "Reactive sessions and RPC calls").
 */
@ApplicationScoped
public class SubmissionTxStore {
    private static final List<TxStatus> IN_FLIGHT = List.of(TxStatus.SENT, TxStatus.MINED);

    /**
     * The row that decides what a new send for this purpose does: an attempt that may still be mined or one that
     * is confirmed, if any (the newest such); otherwise the newest attempt.
     */
    public Optional<SubmissionTx> latestForPurpose(long chainId, String sender, TxPurpose purpose) {
        List<SubmissionTx> rows = await(() -> Panache.withSession(() -> (purpose.epoch() == null
                ? SubmissionTx.<SubmissionTx>find("chainId = ?1 and sender = ?2 and purpose = ?3 and epoch is null order by id desc",
                        chainId, sender, purpose.action())
                : SubmissionTx.<SubmissionTx>find("chainId = ?1 and sender = ?2 and purpose = ?3 and epoch = ?4 order by id desc",
                        chainId, sender, purpose.action(), purpose.epoch()))
                .list()));
        return rows.stream().filter(row -> row.status.candidate() || row.status == TxStatus.CONFIRMED).findFirst()
                .or(() -> rows.stream().findFirst());
    }

    /** The highest nonce of a transaction still in flight (SENT or MINED), if any. */
    public OptionalLong maxInFlightNonce(long chainId, String sender) {
        List<Long> nonces = inFlightNonces(chainId, sender);
        return nonces.isEmpty() ? OptionalLong.empty() : OptionalLong.of(nonces.get(nonces.size() - 1));
    }

    /** The nonces with an attempt still in flight, ascending. */
    public List<Long> inFlightNonces(long chainId, String sender) {
        return await(() -> Panache.withSession(() -> SubmissionTx.<SubmissionTx>find(
                        "chainId = ?1 and sender = ?2 and status in ?3 order by nonce", chainId, sender, IN_FLIGHT)
                .list()
                .map(rows -> rows.stream().map(row -> row.nonce).distinct().toList())));
    }

    /** Every attempt with this nonce, oldest first. */
    public List<SubmissionTx> attempts(long chainId, String sender, long nonce) {
        return await(() -> Panache.withSession(() -> SubmissionTx.<SubmissionTx>find(
                "chainId = ?1 and sender = ?2 and nonce = ?3 order by id", chainId, sender, nonce).list()));
    }

    /** Every row of a sender on a chain, oldest first: for operators and tests. */
    public List<SubmissionTx> history(long chainId, String sender) {
        return await(() -> Panache.withSession(() -> SubmissionTx.<SubmissionTx>find(
                "chainId = ?1 and sender = ?2 order by id", chainId, sender).list()));
    }

    /**
     * Writes the given rows in one transaction: changed ones are merged, new ones inserted (and get their id), in
     * the order given. A second row in flight (SENT or MINED) for one purpose is refused by the database.
     */
    public void save(List<SubmissionTx> rows) {
        Instant now = Instant.now();
        List<SubmissionTx> saved = await(() -> Panache.withTransaction(() -> {
            Uni<List<SubmissionTx>> chain = Uni.createFrom().item(new ArrayList<>());
            for (SubmissionTx row : rows) {
                row.updatedAt = now;
                // Flushed row by row: an IDENTITY insert runs at once, and submission_tx_one_in_flight must see a
                // replaced attempt's new status before its replacement is inserted.
                chain = chain.flatMap(done -> (row.id == null
                        ? row.<SubmissionTx>persist()
                        : Panache.getSession().flatMap(session -> session.merge(row)))
                        .call(written -> Panache.flush())
                        .map(written -> {
                            done.add(written);
                            return done;
                        }));
            }
            return chain;
        }));
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).id = saved.get(i).id;
        }
    }

    public void save(SubmissionTx row) {
        save(List.of(row));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("submission_tx: " + e.getMessage(), e);
        }
    }
}
