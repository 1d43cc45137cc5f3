package dev.govengine.submission;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code governance_root_proposal} rows, through Hibernate Reactive. */
@ApplicationScoped
public class GovernanceRootProposalRepository
        implements PanacheRepositoryBase<GovernanceRootProposal, GovernanceRootProposal.Key> {

    /** The epoch's latest attempt, or null. */
    @WithSession
    public Uni<GovernanceRootProposal> latest(long chainId, String governor, long epoch) {
        return find("chainId = ?1 and governor = ?2 and epoch = ?3 order by attempt desc", chainId, governor, epoch)
                .firstResult();
    }

    /**
     * Records the row's attempt unless it is recorded already, and returns the row recorded for that attempt
     * afterwards, so that a caller sees the earlier row when another replica got there first. The insert is SQL of
     * its own: {@code ON CONFLICT DO NOTHING} is how the second of two replicas neither fails nor overwrites.
     */
    @WithTransaction
    public Uni<GovernanceRootProposal> recordIfAbsent(GovernanceRootProposal row) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO governance_root_proposal (chain_id, governor, epoch, proposal_id, distributor, root,
                            total_cumulative, data_uri, description, created_at, attempt)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING""")
                        .setParameter(1, row.chainId).setParameter(2, row.governor).setParameter(3, row.epoch)
                        .setParameter(4, row.proposalId).setParameter(5, row.distributor).setParameter(6, row.root)
                        .setParameter(7, row.totalCumulative).setParameter(8, row.dataUri)
                        .setParameter(9, row.description).setParameter(10, row.createdAt).setParameter(11, row.attempt)
                        .executeUpdate())
                .flatMap(inserted -> find("chainId = ?1 and governor = ?2 and epoch = ?3 and attempt = ?4",
                        row.chainId, row.governor, row.epoch, row.attempt).firstResult());
    }
}
