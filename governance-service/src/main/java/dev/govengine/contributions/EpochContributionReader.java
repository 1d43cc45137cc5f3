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
import java.util.Set;

/**
 * Everything an epoch is scored on, read from the index in a fixed order, so that any replica (or a verifier with its
 * own index) reading the same epoch gets the same lists:
 * <ul>
 *   <li>DePIN: the stored work receipts of the epoch (each receipt names its epoch, and was checked when it came)
 *       whose verifier is still in the policy's verifier set at the epoch's last block (a verifier governance
 *       removed during the epoch no longer vouches for any of the epoch's work), less those an operator invalidated
 *       ({@link ReceiptInvalidations}) before the epoch closed;</li>
 *   <li>rollup: the mapped contributions emitted in the epoch's blocks;</li>
 *   <li>governance: per counted proposal of the DAO's Governor (see {@link #votes}), the weight each voter cast in
 *       it; a proposal's voting closed within the epoch when its deadline (extended, if it was) is one of the epoch's
 *       blocks, or in timestamp mode one of its seconds. A counted proposal counts whatever its outcome: it rewards
 *       taking part.</li>
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
     * Where to read: the policy whose receipts count and its verifier set at the epoch's last block (a receipt counts
     * only if its verifier is still in it), the Governor whose votes count, the contracts the rollup mapping reads
     * (rows another deployment's contracts left in the index do not count), and the epoch's span.
     */
    public record Scope(long chainId, ChecksumAddress policy, Set<ChecksumAddress> verifiers, String governorId,
            List<ChecksumAddress> rollupContracts, long epoch, long firstBlock, long endBlock, long startTimestamp,
            long endTimestamp) {
        public Scope {
            verifiers = Set.copyOf(verifiers);
            rollupContracts = List.copyOf(rollupContracts);
        }
    }

    public Uni<EpochComputation.Contributions> read(Scope scope) {
        return Uni.combine().all().unis(receipts(scope), rollup(scope), votes(scope)).asTuple()
                .map(all -> new EpochComputation.Contributions(all.getItem1(), all.getItem2(), all.getItem3()));
    }

    private Uni<List<DepinReceipt>> receipts(Scope scope) {
        return pool.preparedQuery("""
                        SELECT r.provider, r.gpu_class, r.gpu_seconds, r.quality_bps FROM work_receipt r
                        WHERE r.chain_id = $1 AND r.policy = $2 AND r.epoch = $3 AND r.verifier = ANY($4)
                          AND NOT EXISTS (SELECT 1 FROM receipt_invalidation i
                                          WHERE i.chain_id = r.chain_id AND i.policy = r.policy
                                            AND i.verifier = r.verifier AND i.from_epoch <= r.epoch
                                            AND r.received_at >= i.received_from AND r.received_at < i.received_to)
                        ORDER BY r.job_id""")
                .execute(Tuple.of(scope.chainId(), scope.policy().toString(), scope.epoch(),
                        scope.verifiers().stream().map(ChecksumAddress::toString).toArray(String[]::new)))
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

    /**
     * The counted proposals and, per proposal, each voter's weight in it. A proposal counts when its voting closed in
     * the epoch, it reached its quorum and it was not canceled by the epoch's last block (a later cancellation does
     * not change an epoch that may already be computed). Quorum is judged on the index's facts:
     * <ul>
     *   <li>the Governor's own answers first: a state it only reaches past quorum (Succeeded, Queued, Executed,
     *       Expired), else its tallies against its quorum;</li>
     *   <li>without answers, the tallies and quorum derived from events;</li>
     *   <li>for, plus abstain, count towards quorum, as OpenZeppelin's counting modules count them, but for votes
     *       alone for a GovernorBravo;</li>
     *   <li>a Governor that gives neither a passing state nor tallies (an unknown counting module, Defeated) is taken
     *       as short of quorum: nothing shows it reached one.</li>
     * </ul>
     * Tallies and quorum no longer change once voting has closed, so every reader judges alike. A voter's weight in
     * a proposal is the sum of its vote rows there (fractional counting's partial votes; an override vote of a
     * delegator), less what VoteReduced took back from it as a delegate whose delegators overrode it afterwards.
     */
    private Uni<List<GovernanceVote>> votes(Scope scope) {
        // The casts: PostgreSQL types a bare parameter in a CASE branch as text, and there is no numeric >= text.
        return pool.preparedQuery("""
                        WITH counted AS (
                            SELECT p.governor_id, p.proposal_id
                            FROM governor g
                            JOIN proposal p ON p.governor_id = g.id
                            LEFT JOIN proposal_chain_state s
                                ON s.governor_id = p.governor_id AND s.proposal_id = p.proposal_id
                            LEFT JOIN proposal_tally t ON t.governor_id = p.governor_id AND t.proposal_id = p.proposal_id
                            WHERE g.id = $1
                              AND COALESCE(p.extended_deadline, p.vote_end) BETWEEN
                                  CASE WHEN g.clock_mode = 'timestamp' THEN $4::bigint ELSE $2::bigint END
                                  AND CASE WHEN g.clock_mode = 'timestamp' THEN $5::bigint - 1 ELSE $3::bigint END
                              AND (p.canceled_block IS NULL OR p.canceled_block > $3)
                              AND CASE
                                  WHEN s.state IN ('SUCCEEDED', 'QUEUED', 'EXECUTED', 'EXPIRED') THEN true
                                  WHEN s.state IS NOT NULL THEN s.for_votes IS NOT NULL
                                      AND COALESCE(s.quorum, p.quorum) <= s.for_votes
                                          + CASE WHEN g.family = 'bravo' THEN 0 ELSE s.abstain END
                                  ELSE p.quorum <= COALESCE(t.for_votes, 0)
                                          + CASE WHEN g.family = 'bravo' THEN 0 ELSE COALESCE(t.abstain, 0) END
                                  END
                        )
                        , cast_weight AS (
                            SELECT v.proposal_id, v.voter, SUM(v.weight) AS weight
                            FROM counted c
                            JOIN vote v ON v.governor_id = c.governor_id AND v.proposal_id = c.proposal_id
                            GROUP BY v.proposal_id, v.voter
                        ), taken_back AS (
                            SELECT r.proposal_id, r.delegate AS voter, SUM(r.weight) AS weight
                            FROM counted c
                            JOIN vote_reduction r ON r.governor_id = c.governor_id AND r.proposal_id = c.proposal_id
                            GROUP BY r.proposal_id, r.delegate
                        )
                        SELECT w.proposal_id, w.voter, w.weight - COALESCE(b.weight, 0)
                        FROM cast_weight w
                        LEFT JOIN taken_back b ON b.proposal_id = w.proposal_id AND b.voter = w.voter
                        ORDER BY w.proposal_id, w.voter""")
                .execute(Tuple.of(scope.governorId(), scope.firstBlock(), scope.endBlock(), scope.startTimestamp(),
                        scope.endTimestamp()))
                .map(rows -> {
                    List<GovernanceVote> votes = new ArrayList<>(rows.size());
                    rows.forEach(row -> votes.add(new GovernanceVote(bigInteger(row.getNumeric(0)),
                            ChecksumAddress.of(row.getString(1)), bigInteger(row.getNumeric(2)))));
                    return votes;
                });
    }
}
