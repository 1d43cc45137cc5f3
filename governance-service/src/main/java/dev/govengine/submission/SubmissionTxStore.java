package dev.govengine.submission;

import dev.govengine.persistence.WorkerDb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code submission_tx} table for the transaction manager's threads, which also wait on RPC calls and so are
 * plain threads, not Vert.x ones. Each call runs one method of {@link SubmissionTxRepository} (one reactive session
 * or transaction) on a fresh Vert.x context and blocks until it is done: a Hibernate Reactive session must be closed
 * on the context that opened it (ARCHITECTURE.md, "Reactive sessions and RPC calls").
 */
@ApplicationScoped
public class SubmissionTxStore {
    private final SubmissionTxRepository rows;
    private final WorkerDb db;

    @Inject
    public SubmissionTxStore(SubmissionTxRepository rows, WorkerDb db) {
        this.rows = rows;
        this.db = db;
    }

    /**
     * The row that decides what a new send for this purpose does: an attempt that may still be mined or one that
     * is confirmed, if any (the newest such); otherwise the newest attempt.
     */
    public Optional<SubmissionTx> latestForPurpose(long chainId, String sender, TxPurpose purpose) {
        List<SubmissionTx> attempts = OnVertxContext.await(db, "submission_tx",
                () -> rows.forPurpose(chainId, sender, purpose));
        return attempts.stream().filter(row -> row.status.candidate() || row.status == TxStatus.CONFIRMED).findFirst()
                .or(() -> attempts.stream().findFirst());
    }

    /** The highest nonce of a transaction still in flight (SENT or MINED), if any. */
    public OptionalLong maxInFlightNonce(long chainId, String sender) {
        List<Long> nonces = inFlightNonces(chainId, sender);
        return nonces.isEmpty() ? OptionalLong.empty() : OptionalLong.of(nonces.get(nonces.size() - 1));
    }

    /** The nonces with an attempt still in flight, ascending. */
    public List<Long> inFlightNonces(long chainId, String sender) {
        return OnVertxContext.await(db, "submission_tx", () -> rows.inFlightNonces(chainId, sender));
    }

    /** Every attempt with this nonce, oldest first. */
    public List<SubmissionTx> attempts(long chainId, String sender, long nonce) {
        return OnVertxContext.await(db, "submission_tx", () -> rows.attempts(chainId, sender, nonce));
    }

    /** Every row of a sender on a chain, oldest first: for operators and tests. */
    public List<SubmissionTx> history(long chainId, String sender) {
        return OnVertxContext.await(db, "submission_tx", () -> rows.history(chainId, sender));
    }

    /**
     * Writes the given rows in one transaction: changed ones are merged, new ones inserted (and get their id), in
     * the order given. A second row in flight (SENT or MINED) for one purpose is refused by the database.
     */
    public void save(List<SubmissionTx> changed) {
        List<SubmissionTx> saved = OnVertxContext.await(db, "submission_tx", () -> rows.save(changed));
        for (int i = 0; i < changed.size(); i++) {
            changed.get(i).id = saved.get(i).id;
        }
    }

    public void save(SubmissionTx row) {
        save(List.of(row));
    }
}
