package dev.govengine.rewards.inputs;

import static dev.govengine.persistence.Numerics.bigInteger;

import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.types.ChecksumAddress;
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
 *   <li>governance: per counted proposal of the DAO's Governor (see {@link #proposals}), the weight each voter cast in
 *       it; a proposal's voting closed within the epoch when its deadline (extended, if it was) is one of the epoch's
 *       blocks, or in timestamp mode one of its seconds. A counted proposal counts whatever its outcome: it rewards
 *       taking part.</li>
 * </ul>
 */
@ApplicationScoped
public class EpochContributionReader {
    /**
     * The counted proposals of the scope's Governor ($1; $2/$3 the epoch's blocks, $4/$5 its seconds) and the facts
     * they counted on. The casts: PostgreSQL types a bare parameter in a CASE branch as text, and there is no numeric
     * >= text.
     */
    private static final String COUNTED = """
            WITH counted AS (
                SELECT p.governor_id, p.proposal_id, COALESCE(p.extended_deadline, p.vote_end) AS deadline,
                       COALESCE(s.quorum, p.quorum) AS quorum,
                       COALESCE(s.for_votes, t.for_votes, 0) AS for_votes,
                       COALESCE(s.against, t.against, 0) AS against,
                       COALESCE(s.abstain, t.abstain, 0) AS abstain
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
            """;

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
        return readDetail(scope).map(Detail::contributions);
    }

    /**
     * The epoch's inputs row by row, as its inputs document gives them: whole receipts, rollup logs and vote logs by
     * reference, and the counted proposals with their facts.
     */
    public record Detail(List<EpochInputs.Receipt> receipts, List<EpochInputs.RollupLog> rollup,
            List<EpochInputs.Proposal> proposals, List<EpochInputs.VoteLog> votes,
            List<EpochInputs.VoteLog> voteReductions) {
        public EpochComputation.Contributions contributions() {
            return EpochInputs.contributions(receipts, rollup, votes, voteReductions);
        }
    }

    public Uni<Detail> readDetail(Scope scope) {
        Tuple governance = Tuple.of(scope.governorId(), scope.firstBlock(), scope.endBlock(), scope.startTimestamp(),
                scope.endTimestamp());
        return Uni.combine().all().unis(receipts(scope), rollup(scope), proposals(governance),
                        voteLogs(governance, false), voteLogs(governance, true)).asTuple()
                .map(all -> new Detail(all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4(), all.getItem5()));
    }

    private Uni<List<EpochInputs.Receipt>> receipts(Scope scope) {
        return pool.preparedQuery("""
                        SELECT r.job_id, r.provider, r.epoch, r.gpu_class, r.gpu_seconds, r.quality_bps, r.signature,
                               r.verifier
                        FROM work_receipt r
                        WHERE r.chain_id = $1 AND r.policy = $2 AND r.epoch = $3 AND r.verifier = ANY($4)
                          AND NOT EXISTS (SELECT 1 FROM receipt_invalidation i
                                          WHERE i.chain_id = r.chain_id AND i.policy = r.policy
                                            AND i.verifier = r.verifier AND i.from_epoch <= r.epoch
                                            AND r.received_at >= i.received_from AND r.received_at < i.received_to)
                        ORDER BY r.job_id""")
                .execute(Tuple.of(scope.chainId(), scope.policy().toString(), scope.epoch(),
                        scope.verifiers().stream().map(ChecksumAddress::toString).toArray(String[]::new)))
                .map(rows -> {
                    List<EpochInputs.Receipt> receipts = new ArrayList<>(rows.size());
                    rows.forEach(row -> receipts.add(new EpochInputs.Receipt(row.getString("job_id"),
                            ChecksumAddress.of(row.getString("provider")).toString(), row.getLong("epoch"),
                            row.getInteger("gpu_class"), decimal(row, "gpu_seconds"), row.getInteger("quality_bps"),
                            row.getString("signature"), ChecksumAddress.of(row.getString("verifier")).toString())));
                    return receipts;
                });
    }

    private Uni<List<EpochInputs.RollupLog>> rollup(Scope scope) {
        return pool.preparedQuery("""
                        SELECT block_number, log_index, tx_hash, contract, kind, contributor, amount
                        FROM rollup_contribution
                        WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND contract = ANY($4)
                        ORDER BY block_number, log_index""")
                .execute(Tuple.of(scope.chainId(), scope.firstBlock(), scope.endBlock(),
                        scope.rollupContracts().stream().map(ChecksumAddress::toString).toArray(String[]::new)))
                .map(rows -> {
                    List<EpochInputs.RollupLog> events = new ArrayList<>(rows.size());
                    rows.forEach(row -> events.add(new EpochInputs.RollupLog(row.getLong("block_number"),
                            row.getInteger("log_index"), row.getString("tx_hash"),
                            ChecksumAddress.of(row.getString("contract")).toString(), row.getString("kind"),
                            ChecksumAddress.of(row.getString("contributor")).toString(), decimal(row, "amount"))));
                    return events;
                });
    }

    /**
     * The counted proposals (see {@link #COUNTED}): a proposal counts when its voting closed in the epoch, it reached
     * its quorum and it was not canceled by the epoch's last block (a later cancellation does not change an epoch
     * that may already be computed). Quorum is judged on the index's facts:
     * <ul>
     *   <li>the Governor's own answers first: a state it only reaches past quorum (Succeeded, Queued, Executed,
     *       Expired), else its tallies against its quorum;</li>
     *   <li>without answers, the tallies and quorum derived from events;</li>
     *   <li>for, plus abstain, count towards quorum, as OpenZeppelin's counting modules count them, but for votes
     *       alone for a GovernorBravo;</li>
     *   <li>a Governor that gives neither a passing state nor tallies (an unknown counting module, Defeated) is taken
     *       as short of quorum: nothing shows it reached one.</li>
     * </ul>
     * Tallies and quorum no longer change once voting has closed, so every reader judges alike.
     */
    private Uni<List<EpochInputs.Proposal>> proposals(Tuple governance) {
        return pool.preparedQuery(COUNTED + """
                        SELECT proposal_id, deadline, quorum, for_votes, against, abstain FROM counted
                        ORDER BY proposal_id""")
                .execute(governance)
                .map(rows -> {
                    List<EpochInputs.Proposal> proposals = new ArrayList<>(rows.size());
                    rows.forEach(row -> proposals.add(new EpochInputs.Proposal(decimal(row, "proposal_id"),
                            decimal(row, "deadline"), decimal(row, "quorum"), decimal(row, "for_votes"),
                            decimal(row, "against"), decimal(row, "abstain"))));
                    return proposals;
                });
    }

    /**
     * The vote logs of the counted proposals: every VoteCast, VoteCastWithParams (fractional counting's partial votes)
     * and OverrideVoteCast, or ({@code reductions}) every VoteReduced, which takes back from a delegate the weight its
     * delegators overrode after it voted.
     */
    private Uni<List<EpochInputs.VoteLog>> voteLogs(Tuple governance, boolean reductions) {
        String table = reductions ? "vote_reduction" : "vote";
        String voter = reductions ? "delegate" : "voter";
        return pool.preparedQuery(COUNTED + "SELECT v.block_number, v.log_index, v.tx_hash, v.proposal_id, v." + voter
                        + " AS voter, v.support, v.weight FROM counted c"
                        + " JOIN " + table + " v ON v.governor_id = c.governor_id AND v.proposal_id = c.proposal_id"
                        + " ORDER BY v.block_number, v.log_index")
                .execute(governance)
                .map(rows -> {
                    List<EpochInputs.VoteLog> logs = new ArrayList<>(rows.size());
                    rows.forEach(row -> logs.add(new EpochInputs.VoteLog(row.getLong("block_number"),
                            row.getInteger("log_index"), row.getString("tx_hash"), decimal(row, "proposal_id"),
                            ChecksumAddress.of(row.getString("voter")).toString(), row.getInteger("support"),
                            decimal(row, "weight"))));
                    return logs;
                });
    }

    private static String decimal(io.vertx.mutiny.sqlclient.Row row, String column) {
        return bigInteger(row.getNumeric(column)).toString();
    }
}
