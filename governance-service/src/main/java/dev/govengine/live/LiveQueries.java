package dev.govengine.live;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numerics;

import dev.govengine.governance.Finality;
import dev.govengine.governance.ProposalFacts;
import dev.govengine.governance.ProposalReading;
import dev.govengine.governance.Tally;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reads behind live events, each a handful of statements for one governor however many proposals it has, all in
 * one read-only REPEATABLE READ transaction: the head, the votes and the proposal facts then belong to one committed
 * state of the index even while the writer goes on.
 */
@ApplicationScoped
public class LiveQueries {
    /**
     * The indexed head of a Governor on {@code chain}: its block and the Governor's clock there (the block, or its
     * timestamp in timestamp mode).
     */
    public record Head(String chain, long block, BigInteger clock) {
    }

    /** One governor at one committed state: empty head before its first sync (or after a rollback to its start). */
    public record Reading(Optional<Head> head, List<IndexedVote> votes, Map<BigInteger, ProposalFacts> proposals) {
    }

    private final Pool pool;
    private final Finality finality;

    @Inject
    public LiveQueries(Pool pool, Finality finality) {
        this.pool = pool;
        this.finality = finality;
    }

    public Uni<List<String>> governorIds() {
        return pool.query("SELECT id FROM governor ORDER BY id").execute().map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString("id")));
            return ids;
        });
    }

    /**
     * @param votesFrom first block whose votes are wanted; none are read when it is above {@code votesTo}
     * @param open proposals last seen in a state that can still change: read even once executed or canceled
     * @param settled proposals last seen Defeated or Expired, which no later block changes: not read again
     */
    Uni<Reading> read(String governorId, long votesFrom, long votesTo, Set<BigInteger> open, Set<BigInteger> settled) {
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .chain(() -> readIn(tx, governorId, votesFrom, votesTo, open, settled)));
    }

    /**
     * {@link #read} on a transaction of the caller's, such as the writer's own before it commits (the webhooks'
     * outbox), which then sees what the transaction wrote.
     */
    public Uni<Reading> readIn(SqlClient tx, String governorId, long votesFrom, long votesTo, Set<BigInteger> open,
            Set<BigInteger> settled) {
        return head(tx, governorId)
                .chain(head -> {
                    if (head.isEmpty()) {
                        return Uni.createFrom().item(new Reading(head, List.of(), Map.of()));
                    }
                    return votes(tx, governorId, head.get(), votesFrom, votesTo)
                            .chain(votes -> proposals(tx, governorId, open, settled)
                                    .map(proposals -> new Reading(head, votes, proposals)));
                });
    }

    private static Uni<Optional<Head>> head(SqlClient tx, String governorId) {
        return tx.preparedQuery("""
                SELECT g.chain, c.indexed_block,
                       COALESCE(own.clock, CASE WHEN g.clock_mode = 'timestamp' THEN h.timestamp ELSE c.indexed_block END)
                           AS clock
                FROM governor g
                JOIN sync_cursor c ON c.governor_id = g.id
                LEFT JOIN block_header h ON h.chain = g.chain AND h.number = c.indexed_block
                LEFT JOIN governor_clock own ON own.governor_id = g.id AND own.block_number = c.indexed_block
                WHERE g.id = $1""")
                .execute(Tuple.of(governorId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Head(row.getString("chain"), row.getLong("indexed_block"),
                            BigInteger.valueOf(row.getLong("clock"))));
                });
    }

    /**
     * The token's DelegateChanged events in the blocks, in chain order. The blocks are committed ranges the writer
     * announced, so this reads them outside the transaction of {@link #read}.
     */
    Uni<List<IndexedDelegation>> delegations(String governorId, long from, long to) {
        if (from > to) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("""
                SELECT delegator, from_delegate, to_delegate, block_number, block_timestamp, log_index, tx_hash
                FROM delegation_change WHERE governor_id = $1 AND block_number BETWEEN $2 AND $3
                ORDER BY block_number, log_index""")
                .execute(Tuple.of(governorId, from, to))
                .map(rows -> {
                    List<IndexedDelegation> changes = new ArrayList<>(rows.size());
                    rows.forEach(row -> changes.add(new IndexedDelegation(governorId,
                            ChecksumAddress.of(row.getString("delegator")),
                            ChecksumAddress.of(row.getString("from_delegate")),
                            ChecksumAddress.of(row.getString("to_delegate")), row.getLong("block_number"),
                            row.getLong("block_timestamp"), row.getInteger("log_index"), row.getString("tx_hash"))));
                    return changes;
                });
    }

    /** Votes of GovernorCountingSimple (support 0 to 2), in chain order, each final or not at {@code head}. */
    private Uni<List<IndexedVote>> votes(SqlClient tx, String governorId, Head head, long from, long to) {
        if (from > to) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery("""
                SELECT proposal_id, voter, support, weight, reason, params, block_number, block_timestamp, tx_hash,
                    log_index
                FROM vote WHERE governor_id = $1 AND block_number BETWEEN $2 AND $3
                ORDER BY block_number, log_index""")
                .execute(Tuple.of(governorId, from, to))
                .map(rows -> {
                    List<IndexedVote> votes = new ArrayList<>(rows.size());
                    rows.forEach(row -> votes.add(vote(governorId, head, row)));
                    return votes;
                });
    }

    private IndexedVote vote(String governorId, Head head, Row row) {
        long block = row.getLong("block_number");
        boolean isFinal = finality.isFinal(head.chain(), head.block(), block);
        return new IndexedVote(governorId, bigInteger(row.getNumeric("proposal_id")),
                ChecksumAddress.of(row.getString("voter")), row.getShort("support"), bigInteger(row.getNumeric("weight")),
                row.getString("reason"), row.getString("params"), block, row.getLong("block_timestamp"), row.getString("tx_hash"),
                row.getInteger("log_index"), isFinal, finality.holding(head.chain(), block, isFinal));
    }

    /** Facts of every proposal whose state may have moved: those not executed or canceled, and those last seen open. */
    private static Uni<Map<BigInteger, ProposalFacts>> proposals(SqlClient tx, String governorId,
            Set<BigInteger> open, Set<BigInteger> settled) {
        return tx.preparedQuery("""
                SELECT p.proposal_id, p.executed_block IS NOT NULL AS executed, p.canceled_block IS NOT NULL AS canceled,
                       p.vote_start, COALESCE(p.extended_deadline, p.vote_end) AS deadline, p.eta, p.quorum,
                       COALESCE(t.against, 0) AS against, COALESCE(t.for_votes, 0) AS for_votes,
                       COALESCE(t.abstain, 0) AS abstain, COALESCE(t.voters, 0) AS voters, """
                + ProposalFacts.TimelockOutcome.SQL_COLUMN + ", " + ProposalReading.SQL_COLUMNS + """

                FROM proposal p
                LEFT JOIN proposal_tally t ON t.governor_id = p.governor_id AND t.proposal_id = p.proposal_id
                """ + ProposalReading.SQL_JOIN + """

                WHERE p.governor_id = $1
                  AND ((p.executed_block IS NULL AND p.canceled_block IS NULL) OR p.proposal_id = ANY($2))
                  AND NOT (p.proposal_id = ANY($3))
                ORDER BY p.created_block, p.created_log_index""")
                .execute(Tuple.of(governorId, numerics(List.copyOf(open)), numerics(List.copyOf(settled))))
                .map(rows -> {
                    Map<BigInteger, ProposalFacts> facts = new LinkedHashMap<>();
                    rows.forEach(row -> facts.put(bigInteger(row.getNumeric("proposal_id")), new ProposalFacts(
                            row.getBoolean("executed"), row.getBoolean("canceled"),
                            bigInteger(row.getNumeric("vote_start")), bigInteger(row.getNumeric("deadline")),
                            bigInteger(row.getNumeric("eta")), bigInteger(row.getNumeric("quorum")),
                            new Tally(bigInteger(row.getNumeric("against")), bigInteger(row.getNumeric("for_votes")),
                                    bigInteger(row.getNumeric("abstain")), row.getLong("voters")),
                            ProposalFacts.TimelockOutcome.of(row.getBoolean(ProposalFacts.TimelockOutcome.SQL_NAME)),
                            ProposalReading.of(row))));
                    return facts;
                });
    }
}
