package dev.govengine.submission;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code governance_root_proposal} table, called from plain threads like {@link SubmissionTxStore}: each call
 * has its own reactive session on a fresh Vert.x context.
 */
@ApplicationScoped
public class GovernanceRootProposalStore {

    /** The epoch's latest attempt. */
    public Optional<GovernanceRootProposal> find(long chainId, String governor, long epoch) {
        return Optional.ofNullable(await(() -> Panache.withSession(() -> GovernanceRootProposal
                .<GovernanceRootProposal>find("chainId = ?1 and governor = ?2 and epoch = ?3 order by attempt desc",
                        chainId, governor, epoch)
                .firstResult())));
    }

    /**
     * Records the epoch's attempt unless it is recorded already; returns the row recorded for that attempt afterwards,
     * so a caller sees the earlier row when another replica got there first.
     */
    public GovernanceRootProposal recordIfAbsent(GovernanceRootProposal row) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO governance_root_proposal (chain_id, governor, epoch, proposal_id, distributor, root,
                    total_cumulative, data_uri, description, created_at, attempt)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING""")
                .setParameter(1, row.chainId).setParameter(2, row.governor).setParameter(3, row.epoch)
                .setParameter(4, row.proposalId).setParameter(5, row.distributor).setParameter(6, row.root)
                .setParameter(7, row.totalCumulative).setParameter(8, row.dataUri)
                .setParameter(9, row.description).setParameter(10, row.createdAt).setParameter(11, row.attempt)
                .executeUpdate())));
        return await(() -> Panache.withSession(() -> GovernanceRootProposal.<GovernanceRootProposal>find(
                "chainId = ?1 and governor = ?2 and epoch = ?3 and attempt = ?4", row.chainId, row.governor, row.epoch,
                row.attempt).firstResult()));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("governance_root_proposal: " + e.getMessage(), e);
        }
    }
}
