package dev.govengine.governance;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.persistence.Numerics;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Votes, newest first: by Governor, by proposal, by voter, and for many proposals or voters at once. The order is
 * the VoteCast log's position, unique within a Governor, so it is a keyset: a page continues strictly below the
 * previous page's last vote, and concurrent indexing never shifts or repeats rows the way OFFSET would.
 */
@ApplicationScoped
public class VoteQueries {
    private static final String COLUMNS = """
            v.governor_id, v.proposal_id, v.voter, v.support, v.weight, v.reason, v.params, v.block_number,
            v.block_timestamp, v.tx_hash, v.log_index, g.chain, c.indexed_block""";
    /** The Governor's chain and indexed head, read in the same statement as its votes for their finality. */
    private static final String HEAD =
            " JOIN governor g ON g.id = v.governor_id JOIN sync_cursor c ON c.governor_id = v.governor_id";
    private static final String KEYSET = "(v.block_number, v.log_index) < ($%d, $%d)";

    private final IndexReads reads;
    private final Finality finality;

    @Inject
    public VoteQueries(IndexReads reads, Finality finality) {
        this.reads = reads;
        this.finality = finality;
    }

    /** Where a vote sits in the newest-first order: its VoteCast log. */
    public record Position(long block, int logIndex) {
    }

    /** Votes of one Governor, optionally of one proposal and/or one voter. */
    public Uni<Page<VoteRecord>> page(String governorId, Optional<BigInteger> proposalId,
            Optional<ChecksumAddress> voter, Optional<Position> after, int first) {
        List<Object> arguments = new ArrayList<>(List.of(governorId));
        StringBuilder where = new StringBuilder("v.governor_id = $1");
        proposalId.ifPresent(id -> {
            arguments.add(numeric(id));
            where.append(" AND v.proposal_id = $").append(arguments.size());
        });
        voter.ifPresent(address -> {
            arguments.add(address.toString());
            where.append(" AND v.voter = $").append(arguments.size());
        });
        after.ifPresent(position -> {
            arguments.add(position.block());
            arguments.add(position.logIndex());
            where.append(" AND ").append(KEYSET.formatted(arguments.size() - 1, arguments.size()));
        });
        arguments.add(first + 1);
        String sql = "SELECT " + COLUMNS + " FROM vote v" + HEAD + " WHERE " + where
                + " ORDER BY v.block_number DESC, v.log_index DESC LIMIT $" + arguments.size();
        return reads.query(sql, Tuple.from(arguments)).map(rows -> Page.of(votes(rows), first));
    }

    /** Every vote of {@code voter} on a proposal, in the order cast: one, or several under fractional counting. */
    public Uni<List<VoteRecord>> ofVoterOn(String governorId, BigInteger proposalId, ChecksumAddress voter) {
        return reads.query("SELECT " + COLUMNS + " FROM vote v" + HEAD
                        + " WHERE v.governor_id = $1 AND v.proposal_id = $2 AND v.voter = $3"
                        + " ORDER BY v.block_number, v.log_index",
                        Tuple.of(governorId, numeric(proposalId), voter.toString()))
                .map(this::votes);
    }

    /**
     * The first page of each proposal's votes, all in one statement. One proposal's (a proposal page) is read by key
     * equalities, {@link #page}: PostgreSQL keeps that statement's generic plan, where the arrays' statement was
     * planned again at every execution (0.46 ms of planning against 0.32 of execution per page, pg_stat_statements
     * under the uncached benchmark on a busy machine).
     */
    public Uni<Map<ProposalKey, Page<VoteRecord>>> forProposals(Collection<ProposalKey> proposals,
            Optional<Position> after, int first) {
        List<ProposalKey> keys = List.copyOf(Set.copyOf(proposals));
        if (keys.size() == 1) {
            ProposalKey key = keys.get(0);
            return page(key.governorId(), Optional.of(key.proposalId()), Optional.empty(), after, first)
                    .map(page -> Map.of(key, page));
        }
        String[] governors = keys.stream().map(ProposalKey::governorId).toArray(String[]::new);
        Numeric[] ids = keys.stream().map(key -> numeric(key.proposalId())).toArray(Numeric[]::new);
        return perKey("v.governor_id = k.governor_id AND v.proposal_id = k.key", "$2::numeric[]",
                governors, ids, after, first)
                .map(pages -> {
                    Map<ProposalKey, Page<VoteRecord>> byProposal = new HashMap<>();
                    keys.forEach(key -> byProposal.put(key, Page.of(pages.getOrDefault(
                            key.governorId() + "|" + key.proposalId(), List.of()), first)));
                    return byProposal;
                });
    }

    /** The first page of each voter's votes in its Governor, all in one statement. */
    public Uni<Map<VoterKey, Page<VoteRecord>>> forVoters(Collection<VoterKey> voters, Optional<Position> after,
            int first) {
        List<VoterKey> keys = List.copyOf(Set.copyOf(voters));
        String[] governors = keys.stream().map(VoterKey::governorId).toArray(String[]::new);
        String[] addresses = keys.stream().map(key -> key.voter().toString()).toArray(String[]::new);
        return perKey("v.governor_id = k.governor_id AND v.voter = k.key", "$2::text[]", governors, addresses,
                after, first)
                .map(pages -> {
                    Map<VoterKey, Page<VoteRecord>> byVoter = new HashMap<>();
                    keys.forEach(key -> byVoter.put(key, Page.of(pages.getOrDefault(
                            key.governorId() + "|" + key.voter(), List.of()), first)));
                    return byVoter;
                });
    }

    /** A voter in one Governor. */
    public record VoterKey(String governorId, ChecksumAddress voter) {
    }

    /** Which of a Governor's votes a list holds: all, one proposal's, one voter's, or one voter's on one proposal. */
    public record Scope(String governorId, Optional<BigInteger> proposalId, Optional<ChecksumAddress> voter) {
    }

    /**
     * How many votes each scope holds, in the order given, in one statement. A proposal's count is its tally's row
     * and a Governor's the sum of its tallies' rows (V35), so neither counts votes; a voter's counts the voter's
     * entries of an index, which hold at most a few votes per proposal.
     */
    public Uni<List<Long>> counts(List<Scope> scopes) {
        if (scopes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] governors = scopes.stream().map(Scope::governorId).toArray(String[]::new);
        Numeric[] proposals = scopes.stream().map(scope -> scope.proposalId().map(Numerics::numeric).orElse(null))
                .toArray(Numeric[]::new);
        String[] voters = scopes.stream().map(scope -> scope.voter().map(ChecksumAddress::toString).orElse(null))
                .toArray(String[]::new);
        return reads.query("""
                SELECT k.i, COALESCE(CASE
                    WHEN k.voter IS NOT NULL THEN (SELECT COUNT(*) FROM vote v
                        WHERE v.governor_id = k.governor_id AND v.voter = k.voter
                          AND (k.proposal_id IS NULL OR v.proposal_id = k.proposal_id))
                    WHEN k.proposal_id IS NOT NULL THEN (SELECT t.votes FROM proposal_tally t
                        WHERE t.governor_id = k.governor_id AND t.proposal_id = k.proposal_id)
                    ELSE (SELECT SUM(t.votes)::bigint FROM proposal_tally t WHERE t.governor_id = k.governor_id)
                    END, 0) AS total
                FROM unnest($1::text[], $2::numeric[], $3::text[]) WITH ORDINALITY AS k(governor_id, proposal_id, voter, i)
                ORDER BY k.i""", Tuple.of(governors, proposals, voters))
                .map(rows -> {
                    List<Long> totals = new ArrayList<>(rows.size());
                    rows.forEach(row -> totals.add(row.getLong("total")));
                    return totals;
                });
    }

    /**
     * Up to {@code first + 1} votes per key, each key's by its own index scan (a lateral join with a limit), grouped
     * by "governor|key" where key is the proposal id or the voter as stored.
     */
    private Uni<Map<String, List<VoteRecord>>> perKey(String match, String keyArray, String[] governors,
            Object[] keys, Optional<Position> after, int first) {
        if (governors.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        String keyset = after.isPresent() ? " AND " + KEYSET.formatted(3, 4) : " AND $3::bigint IS NULL AND $4::int IS NULL";
        String sql = "SELECT " + COLUMNS + ", k.key::text AS key"
                + " FROM unnest($1::text[], " + keyArray + ") AS k(governor_id, key)"
                + " CROSS JOIN LATERAL (SELECT * FROM vote v WHERE " + match + keyset
                + " ORDER BY v.block_number DESC, v.log_index DESC LIMIT $5) v" + HEAD
                + " ORDER BY k.governor_id, k.key, v.block_number DESC, v.log_index DESC";
        Tuple arguments = Tuple.of(governors, keys, after.map(Position::block).orElse(null),
                after.map(Position::logIndex).orElse(null), first + 1);
        return reads.query(sql, arguments).map(rows -> {
            Map<String, List<VoteRecord>> grouped = new HashMap<>();
            // Each key's text is normalized once, not once per vote: reading a proposal id (up to 78 digits) into a
            // BigInteger and printing it again for every vote was 9 % of what an uncached proposal page allocated.
            Map<String, String> normalized = new HashMap<>();
            rows.forEach(row -> grouped.computeIfAbsent(row.getString("governor_id") + "|"
                    + normalized.computeIfAbsent(row.getString("key"), VoteQueries::normalize),
                    key -> new ArrayList<>()).add(vote(row)));
            return grouped;
        });
    }

    /** NUMERIC keys print as their plain decimal, as BigInteger does; addresses are stored checksummed already. */
    private static String normalize(String key) {
        return key.startsWith("0x") ? key : new BigInteger(key).toString();
    }

    private List<VoteRecord> votes(RowSet<Row> rows) {
        List<VoteRecord> votes = new ArrayList<>(rows.size());
        rows.forEach(row -> votes.add(vote(row)));
        return votes;
    }

    private VoteRecord vote(Row row) {
        long block = row.getLong("block_number");
        String chain = row.getString("chain");
        boolean isFinal = finality.isFinal(chain, row.getLong("indexed_block"), block);
        return new VoteRecord(row.getString("governor_id"), bigInteger(row.getNumeric("proposal_id")),
                ChecksumAddress.of(row.getString("voter")), row.getInteger("support"), bigInteger(row.getNumeric("weight")),
                row.getString("reason"), row.getString("params"), block, row.getLong("block_timestamp"), row.getString("tx_hash"),
                row.getInteger("log_index"), isFinal, finality.holding(chain, block, isFinal));
    }
}
