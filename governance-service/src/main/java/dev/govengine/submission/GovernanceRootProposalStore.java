package dev.govengine.submission;

import dev.govengine.persistence.WorkerDb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The {@code governance_root_proposal} table, for plain threads like {@link SubmissionTxStore}: each call runs one
 * method of {@link GovernanceRootProposalRepository} on a fresh Vert.x context and blocks until it is done.
 */
@ApplicationScoped
public class GovernanceRootProposalStore {
    private final GovernanceRootProposalRepository rows;
    private final WorkerDb db;

    @Inject
    public GovernanceRootProposalStore(GovernanceRootProposalRepository rows, WorkerDb db) {
        this.rows = rows;
        this.db = db;
    }

    /** The epoch's latest attempt. */
    public Optional<GovernanceRootProposal> find(long chainId, String governor, long epoch) {
        return Optional.ofNullable(OnVertxContext.await(db, "governance_root_proposal",
                () -> rows.latest(chainId, governor, epoch)));
    }

    /**
     * Records the epoch's attempt unless it is recorded already; returns the row recorded for that attempt afterwards,
     * so a caller sees the earlier row when another replica got there first.
     */
    public GovernanceRootProposal recordIfAbsent(GovernanceRootProposal row) {
        return OnVertxContext.await(db, "governance_root_proposal", () -> rows.recordIfAbsent(row));
    }
}
