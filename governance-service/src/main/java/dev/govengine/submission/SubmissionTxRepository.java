package dev.govengine.submission;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code submission_tx} rows, through Hibernate Reactive: each method is its own session or transaction. */
@ApplicationScoped
public class SubmissionTxRepository implements PanacheRepository<SubmissionTx> {
    private static final List<TxStatus> IN_FLIGHT = List.of(TxStatus.SENT, TxStatus.MINED);

    /** Every attempt for a purpose, newest first. */
    @WithSession
    public Uni<List<SubmissionTx>> forPurpose(long chainId, String sender, TxPurpose purpose) {
        return (purpose.epoch() == null
                ? find("chainId = ?1 and sender = ?2 and purpose = ?3 and epoch is null order by id desc",
                        chainId, sender, purpose.action())
                : find("chainId = ?1 and sender = ?2 and purpose = ?3 and epoch = ?4 order by id desc",
                        chainId, sender, purpose.action(), purpose.epoch()))
                .list();
    }

    /** The nonces with an attempt still in flight (SENT or MINED), ascending. */
    @WithSession
    public Uni<List<Long>> inFlightNonces(long chainId, String sender) {
        return find("chainId = ?1 and sender = ?2 and status in ?3 order by nonce", chainId, sender, IN_FLIGHT).list()
                .map(rows -> rows.stream().map(row -> row.nonce).distinct().toList());
    }

    /** Every attempt with this nonce, oldest first. */
    @WithSession
    public Uni<List<SubmissionTx>> attempts(long chainId, String sender, long nonce) {
        return find("chainId = ?1 and sender = ?2 and nonce = ?3 order by id", chainId, sender, nonce).list();
    }

    /** Every row of a sender on a chain, oldest first. */
    @WithSession
    public Uni<List<SubmissionTx>> history(long chainId, String sender) {
        return find("chainId = ?1 and sender = ?2 order by id", chainId, sender).list();
    }

    /**
     * Writes the rows in one transaction, in the order given: new ones are inserted, changed ones merged; returns
     * the rows as written, the new ones with their ids. A second row in flight (SENT or MINED) for one purpose is
     * refused by the database (V22).
     */
    @WithTransaction
    public Uni<List<SubmissionTx>> save(List<SubmissionTx> rows) {
        Instant now = Instant.now();
        Uni<List<SubmissionTx>> written = Uni.createFrom().item(new ArrayList<>());
        for (SubmissionTx row : rows) {
            row.updatedAt = now;
            // Flushed row by row: an IDENTITY insert runs at once, and submission_tx_one_in_flight must see a replaced
            // attempt's new status before its replacement is inserted.
            written = written.flatMap(done -> (row.id == null ? persist(row) : getSession().flatMap(s -> s.merge(row)))
                    .call(this::flush)
                    .map(saved -> {
                        done.add(saved);
                        return done;
                    }));
        }
        return written;
    }
}
