package dev.govengine.contributions;

import static dev.govengine.persistence.Numerics.bigInteger;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.rewards.EpochComputation;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.RollupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an epoch is scored on, read from the index in a fixed order, so that any replica (or a verifier with its
 * own index) reading the same epoch gets the same lists:
 * <ul>
 *   <li>DePIN: the stored work receipts of the epoch (each receipt names its epoch, and was checked when it came);</li>
 *   <li>rollup: the mapped contributions emitted in the epoch's blocks;</li>
 *   <li>governance: every vote cast in a proposal of the DAO's Governor whose voting closed within the epoch, that is
 *       whose deadline (extended, if it was) is one of the epoch's blocks, or in timestamp mode one of its seconds.
 *       A vote counts whatever the proposal's outcome: it rewards taking part.</li>
 * </ul>
 */
@ApplicationScoped
public class EpochContributionReader {
    private final Pool pool;

    @Inject
    public EpochContributionReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * Where to read: the policy whose receipts count, the Governor whose votes count, the contracts the rollup mapping
     * reads (rows another deployment's contracts left in the index do not count), and the epoch's span.
     */
    public record Scope(long chainId, ChecksumAddress policy, String governorId, List<ChecksumAddress> rollupContracts,
            long epoch, long firstBlock, long endBlock, long startTimestamp, long endTimestamp) {
        public Scope {
            rollupContracts = List.copyOf(rollupContracts);
        }
    }

    public Uni<EpochComputation.Contributions> read(Scope scope) {
        return Uni.combine().all().unis(receipts(scope), rollup(scope), votes(scope)).asTuple()
                .map(all -> new EpochComputation.Contributions(all.getItem1(), all.getItem2(), all.getItem3()));
    }

    private Uni<List<DepinReceipt>> receipts(Scope scope) {
        return pool.preparedQuery("""
                        SELECT provider, gpu_class, gpu_seconds, quality_bps FROM work_receipt
                        WHERE chain_id = $1 AND policy = $2 AND epoch = $3 ORDER BY job_id""")
                .execute(Tuple.of(scope.chainId(), scope.policy().toString(), scope.epoch()))
                .map(rows -> {
                    List<DepinReceipt> receipts = new ArrayList<>(rows.size());
                    rows.forEach(row -> receipts.add(new DepinReceipt(ChecksumAddress.of(row.getString(0)),
                            row.getInteger(1), bigInteger(row.getNumeric(2)), row.getInteger(3))));
                    return receipts;
                });
    }

    private Uni<List<RollupEvent>> rollup(Scope scope) {
        return pool.preparedQuery("""
                        SELECT contributor, kind, amount FROM rollup_contribution
                        WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND contract = ANY($4)
                        ORDER BY block_number, log_index""")
                .execute(Tuple.of(scope.chainId(), scope.firstBlock(), scope.endBlock(),
                        scope.rollupContracts().stream().map(ChecksumAddress::toString).toArray(String[]::new)))
                .map(rows -> {
                    List<RollupEvent> events = new ArrayList<>(rows.size());
                    rows.forEach(row -> events.add(new RollupEvent(ChecksumAddress.of(row.getString(0)), row.getString(1),
                            bigInteger(row.getNumeric(2)))));
                    return events;
                });
    }

    private Uni<List<GovernanceVote>> votes(Scope scope) {
        // The casts: PostgreSQL types a bare parameter in a CASE branch as text, and there is no numeric >= text.
        return pool.preparedQuery("""
                        SELECT v.voter, v.weight
                        FROM governor g
                        JOIN proposal p ON p.governor_id = g.id
                        JOIN vote v ON v.governor_id = p.governor_id AND v.proposal_id = p.proposal_id
                        WHERE g.id = $1
                          AND COALESCE(p.extended_deadline, p.vote_end) BETWEEN
                              CASE WHEN g.clock_mode = 'timestamp' THEN $4::bigint ELSE $2::bigint END
                              AND CASE WHEN g.clock_mode = 'timestamp' THEN $5::bigint - 1 ELSE $3::bigint END
                        ORDER BY p.proposal_id, v.voter""")
                .execute(Tuple.of(scope.governorId(), scope.firstBlock(), scope.endBlock(), scope.startTimestamp(),
                        scope.endTimestamp()))
                .map(rows -> {
                    List<GovernanceVote> votes = new ArrayList<>(rows.size());
                    rows.forEach(row -> votes.add(new GovernanceVote(ChecksumAddress.of(row.getString(0)),
                            bigInteger(row.getNumeric(1)))));
                    return votes;
                });
    }
}
