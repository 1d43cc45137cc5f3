package dev.govengine.governance;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.governance.ProposalFacts.TimelockOutcome;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proposals for lists and pages. One statement reads the proposals together with their tallies, the Governor's
 * clock at the indexed head, the timestamps of their lifecycle blocks (the snapshot's and the deadline's once the
 * head has passed them, see {@code GovernorSource}) and the chain's recent block time, so a page costs one statement
 * however many proposals it holds. State, tallies, quorum, deadline and eta are the Governor's own answers at the indexed
 * head where the node gave them, and otherwise derived in Java by {@link ProposalStateDeriver}, the same code the
 * single-proposal reads use.
 */
@ApplicationScoped
public class ProposalQueries {
    /** Rows read per statement while filtering by state, which is derived and therefore not a SQL condition. */
    static final int STATE_SCAN_CHUNK = 200;
    /**
     * The recent block time is the median pace of the spans between the last {@value #BLOCK_TIME_SPANS} + 1 headers
     * stored up to the indexed head, within {@value #BLOCK_TIME_WINDOW} blocks of it. Stored headers are dense near
     * the head (every range stores its last block). A median rather than one span over the whole window, because a
     * stretch of blocks mined at once (a devnet's seeded history, a chain halted and restarted) would otherwise set
     * every countdown's pace until it left the window, and a missed slot moves a median not at all.
     */
    static final int BLOCK_TIME_SPANS = 9;
    static final int BLOCK_TIME_WINDOW = 1_000;
    /**
     * How many blocks an estimated time is served from the response cache before it is estimated again: the pace
     * it was made with may have been a poor one (the first blocks after a devnet's seeding), and an answer must not
     * keep it until the estimated block arrives. Each proposal keeps it from this many blocks up to twice as many
     * less one, by its id, so that the pages of all proposals, computed at the same head, are not all computed
     * again at one later block.
     */
    static final int ESTIMATE_HOLDS_BLOCKS = 10;

    /**
     * The timestamp of the block a lifecycle event of the proposal (extended, queued, executed, canceled) landed in, as
     * a subquery by the header's key rather than a join: as joins, the four took PostgreSQL's generic plan to a hash
     * join over a sequential scan of every stored header each (four scans of block_header per proposal page, seen in
     * pg_stat_user_tables), though most proposals have none of those blocks; a subquery probes the key, and none at all
     * for a block that is null.
     */
    private static String lifecycleTimestamp(String event) {
        return "(SELECT h.timestamp FROM block_header h WHERE h.chain = g.chain AND h.number = p." + event
                + "_block) AS " + event + "_timestamp, ";
    }

    private static final String SELECT = """
            SELECT p.governor_id, p.proposal_id, p.proposer, p.title, p.description, p.vote_start, p.vote_end,
                   p.extended_deadline, p.quorum, p.eta, p.created_block, p.created_timestamp, p.created_tx,
                   p.created_log_index, p.targets, p."values", p.calldatas, p.signatures,
                   p.extended_block, p.queued_block, p.queued_tx, p.executed_block, p.executed_tx,
                   p.canceled_block, p.canceled_tx,
                   COALESCE(t.against, 0) AS against, COALESCE(t.for_votes, 0) AS for_votes,
                   COALESCE(t.abstain, 0) AS abstain, COALESCE(t.voters, 0) AS voters,
                   COALESCE(t.votes, 0) AS votes,
                   g.chain, g.clock_mode, c.indexed_block, head.timestamp AS head_timestamp, """
            + lifecycleTimestamp("extended") + lifecycleTimestamp("queued") + lifecycleTimestamp("executed")
            + lifecycleTimestamp("canceled")
            + ProposalFacts.TimelockOutcome.SQL_COLUMN + ", " + ProposalReading.SQL_COLUMNS + """
            , own.clock AS own_clock, start_header.timestamp AS vote_start_timestamp,
            end_header.timestamp AS vote_end_timestamp, pace.seconds AS pace_seconds, pace.blocks AS pace_blocks
            FROM proposal p
            JOIN governor g ON g.id = p.governor_id
            JOIN sync_cursor c ON c.governor_id = p.governor_id
            LEFT JOIN block_header head ON head.chain = g.chain AND head.number = c.indexed_block
            LEFT JOIN proposal_tally t ON t.governor_id = p.governor_id AND t.proposal_id = p.proposal_id
            LEFT JOIN governor_clock own ON own.governor_id = p.governor_id AND own.block_number = c.indexed_block
            """ + ProposalReading.SQL_JOIN + """

            LEFT JOIN LATERAL (SELECT COALESCE(s.deadline, p.extended_deadline, p.vote_end) AS timepoint) deadline ON true
            LEFT JOIN block_header start_header ON g.clock_mode = 'blocknumber' AND start_header.chain = g.chain
                AND start_header.number = CASE WHEN p.vote_start <= 9223372036854775807 THEN p.vote_start::bigint END
            LEFT JOIN block_header end_header ON g.clock_mode = 'blocknumber' AND end_header.chain = g.chain
                AND end_header.number = CASE WHEN deadline.timepoint <= 9223372036854775807
                    THEN deadline.timepoint::bigint END
            LEFT JOIN LATERAL (SELECT ranked.seconds, ranked.blocks FROM (
                    SELECT span.seconds, span.blocks, count(*) OVER () AS spans,
                        row_number() OVER (ORDER BY span.seconds::numeric / span.blocks, span.blocks) AS rank
                    FROM (SELECT recent.timestamp - lag(recent.timestamp) OVER (ORDER BY recent.number) AS seconds,
                            recent.number - lag(recent.number) OVER (ORDER BY recent.number) AS blocks
                        FROM (SELECT b.number, b.timestamp FROM block_header b
                            WHERE g.clock_mode = 'blocknumber' AND b.chain = g.chain
                                AND b.number >= c.indexed_block - """ + BLOCK_TIME_WINDOW + """
                                AND b.number <= c.indexed_block
                            ORDER BY b.number DESC LIMIT\s""" + (BLOCK_TIME_SPANS + 1) + """
                            ) recent) span
                    WHERE span.blocks IS NOT NULL) ranked
                WHERE ranked.rank = (ranked.spans + 1) / 2) pace ON true
            """;

    /**
     * One proposal by its key. Planning {@link #SELECT}, with its dozen joins and the lateral pace, takes PostgreSQL
     * several times as long as running it. With key equalities (not the arrays of several keys, whose generic plan
     * PostgreSQL prices at ten keys and so never prefers) its generic plan costs what each custom plan does, so
     * from the sixth execution on a connection PostgreSQL plans it no more: the pool keeps it prepared
     * (quarkus.datasource.reactive.cache-prepared-statements, {@code ReactiveDatasource}).
     */
    public static final String ONE = SELECT + " WHERE p.governor_id = $1 AND p.proposal_id = $2";

    /**
     * {@link #ONE} with its Governor's record ({@link GovernanceQueries#GOVERNOR_LIST}): a proposal page reads both in
     * one statement instead of two, since each statement costs PostgreSQL and the service a round trip and its
     * protocol work besides its execution (pg_stat_statements under the uncached benchmark: the Governor's own read
     * was 0.12 ms of a page's 0.89 ms of execution).
     */
    public static final String ONE_WITH_GOVERNOR = "SELECT " + GovernanceQueries.GOVERNOR_LIST + ", "
            + ONE.substring("SELECT ".length());

    private static final String ORDER_DESC = " ORDER BY p.created_block DESC, p.created_log_index DESC LIMIT $6";
    private static final String ORDER_ASC = " ORDER BY p.created_block ASC, p.created_log_index ASC LIMIT $6";

    private final IndexReads reads;
    private final Finality finality;

    @Inject
    public ProposalQueries(IndexReads reads, Finality finality) {
        this.reads = reads;
        this.finality = finality;
    }

    /** Where a proposal sits in the creation order: its ProposalCreated log. */
    public record Position(long block, int logIndex) {
    }

    /**
     * A page of proposals and the heads at which it reads the same: with a state filter, the page also depends on
     * the states of the proposals it passed over.
     */
    public record Listing(Page<ProposalDetail> page, HeadRange holds) {
    }

    /**
     * Which of a Governor's proposals a list holds: those whose state is in {@code states} (empty: any state), of
     * {@code proposer}, and whose title or description matches {@code search}, a web-search-style query (words,
     * "quoted phrases", or, -excluded) read by PostgreSQL's {@code websearch_to_tsquery}, which takes any text
     * without a syntax error.
     */
    public record Filter(Set<ProposalState> states, Optional<ChecksumAddress> proposer, Optional<String> search) {
    }

    /** How many proposals a filter holds, and the heads at which that number holds. */
    public record Count(long total, HeadRange holds) {
    }

    /** One page of a Governor's proposals that {@code filter} holds, after {@code after} in {@code order}. */
    public Uni<Listing> page(String governorId, Filter filter, ProposalOrder order, Optional<Position> after,
            int first) {
        return scan(governorId, filter, order, after, first, new ArrayList<>(), HeadRange.ALWAYS);
    }

    /**
     * How many of a Governor's proposals {@code filter} holds, whatever the page. Without a state filter one count
     * over the indexes, which depends on no head; with one, every proposal the other filters hold is read and its
     * state derived, as a page does (the states are not in SQL), so the number holds while all their states do.
     */
    public Uni<Count> count(String governorId, Filter filter) {
        if (filter.states().isEmpty()) {
            return reads.query("SELECT COUNT(*) AS total FROM proposal p" + where(filter, Optional.empty(), true),
                            Tuple.from(arguments(governorId, filter, Optional.empty())))
                    .map(rows -> new Count(rows.iterator().next().getLong("total"), HeadRange.ALWAYS));
        }
        return countScan(governorId, filter, Optional.empty(), new EnumMap<>(ProposalState.class), HeadRange.ALWAYS)
                .map(counted -> new Count(filter.states().stream().mapToLong(counted.counts()::get).sum(),
                        counted.holds()));
    }

    /** How many of a Governor's proposals are in each state (every state, zeros included), and the heads it holds at. */
    public record StateCounts(Map<ProposalState, Long> counts, HeadRange holds) {
    }

    /**
     * A Governor's proposals counted by state in one pass, {@value #STATE_SCAN_CHUNK} proposals per statement: the
     * states are derived, so each proposal is read as a page reads it, and the counts hold while all their states do.
     */
    public Uni<StateCounts> countByState(String governorId) {
        return countScan(governorId, new Filter(Set.of(), Optional.empty(), Optional.empty()), Optional.empty(),
                new EnumMap<>(ProposalState.class), HeadRange.ALWAYS);
    }

    private Uni<StateCounts> countScan(String governorId, Filter filter, Optional<Position> after,
            EnumMap<ProposalState, Long> counted, HeadRange scannedHolds) {
        return reads.query(SELECT + where(filter, after, true) + ORDER_DESC,
                        limited(arguments(governorId, filter, after), STATE_SCAN_CHUNK))
                .flatMap(rows -> {
                    List<ProposalDetail> fetched = details(rows);
                    HeadRange holds = scannedHolds;
                    for (ProposalDetail detail : fetched) {
                        holds = holds.intersect(detail.holds());
                        counted.merge(detail.proposal().state(), 1L, Long::sum);
                    }
                    if (fetched.size() < STATE_SCAN_CHUNK) {
                        for (ProposalState state : ProposalState.values()) {
                            counted.putIfAbsent(state, 0L);
                        }
                        return Uni.createFrom().item(new StateCounts(counted, holds));
                    }
                    ProposalDetail last = fetched.get(fetched.size() - 1);
                    return countScan(governorId, filter,
                            Optional.of(new Position(last.proposal().createdBlock(), last.createdLogIndex())), counted,
                            holds);
                });
    }

    /**
     * The conditions of a filter and a keyset position, always with the same five parameters (absent ones checked
     * for null) and the limit as the sixth, so that a statement's shape depends only on which filters are present.
     */
    private static String where(Filter filter, Optional<Position> after, boolean descending) {
        String keyset = descending ? "(p.created_block, p.created_log_index) < ($3, $4)"
                : "(p.created_block, p.created_log_index) > ($3, $4)";
        return " WHERE p.governor_id = $1"
                + (filter.proposer().isPresent() ? " AND p.proposer = $2" : " AND $2::text IS NULL")
                + (after.isPresent() ? " AND " + keyset : " AND $3::bigint IS NULL AND $4::int IS NULL")
                + (filter.search().isPresent() ? " AND p.search_words @@ websearch_to_tsquery('simple', $5)"
                        : " AND $5::text IS NULL");
    }

    private static List<Object> arguments(String governorId, Filter filter, Optional<Position> after) {
        return Arrays.asList(governorId, filter.proposer().map(ChecksumAddress::toString).orElse(null),
                after.map(Position::block).orElse(null), after.map(Position::logIndex).orElse(null),
                filter.search().orElse(null));
    }

    private static Tuple limited(List<Object> arguments, int limit) {
        List<Object> all = new ArrayList<>(arguments);
        all.add(limit);
        return Tuple.from(all);
    }

    private Uni<Listing> scan(String governorId, Filter filter, ProposalOrder order, Optional<Position> after,
            int first, List<ProposalDetail> matched, HeadRange scannedHolds) {
        Set<ProposalState> states = filter.states();
        int limit = states.isEmpty() ? first + 1 : Math.max(first + 1, STATE_SCAN_CHUNK);
        boolean descending = order == ProposalOrder.CREATED_DESC;
        String sql = SELECT + where(filter, after, descending) + (descending ? ORDER_DESC : ORDER_ASC);
        return reads.query(sql, limited(arguments(governorId, filter, after), limit)).flatMap(rows -> {
            List<ProposalDetail> fetched = details(rows);
            HeadRange holds = scannedHolds;
            for (ProposalDetail detail : fetched) {
                holds = holds.intersect(detail.holds());
                if (states.isEmpty() || states.contains(detail.proposal().state())) {
                    matched.add(detail);
                }
            }
            if (matched.size() > first || fetched.size() < limit) {
                return Uni.createFrom().item(new Listing(Page.of(matched, first), holds));
            }
            ProposalDetail last = fetched.get(fetched.size() - 1);
            return scan(governorId, filter, order,
                    Optional.of(new Position(last.proposal().createdBlock(), last.createdLogIndex())), first, matched,
                    holds);
        });
    }

    /**
     * The proposals with these keys, in one statement; keys the index does not hold are absent from the map. One key
     * (a proposal page) is its own statement, {@link #ONE}: see there.
     */
    public Uni<Map<ProposalKey, ProposalDetail>> byKeys(Collection<ProposalKey> keys) {
        List<ProposalKey> distinct = List.copyOf(Set.copyOf(keys));
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Uni<RowSet<Row>> read;
        if (distinct.size() == 1) {
            ProposalKey key = distinct.get(0);
            read = reads.query(ONE, Tuple.of(key.governorId(), numeric(key.proposalId())));
        } else {
            String[] governors = distinct.stream().map(ProposalKey::governorId).toArray(String[]::new);
            Numeric[] ids = distinct.stream().map(key -> numeric(key.proposalId())).toArray(Numeric[]::new);
            read = reads.query(SELECT + " WHERE (p.governor_id, p.proposal_id) IN "
                    + "(SELECT * FROM unnest($1::text[], $2::numeric[]))", Tuple.of(governors, ids));
        }
        return read.map(rows -> {
            Map<ProposalKey, ProposalDetail> found = new LinkedHashMap<>();
            details(rows).forEach(detail -> found.put(detail.key(), detail));
            return found;
        });
    }

    /** A proposal and the Governor it belongs to, read together. */
    public record WithGovernor(ProposalDetail detail, GovernorRecord governor) {
    }

    /** One proposal with its Governor's record, in one statement; empty when the index holds no such proposal. */
    public Uni<Optional<WithGovernor>> withGovernor(ProposalKey key) {
        return reads.query(ONE_WITH_GOVERNOR, Tuple.of(key.governorId(), numeric(key.proposalId())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new WithGovernor(detail(row), GovernanceQueries.governor(row)));
                });
    }

    private List<ProposalDetail> details(RowSet<Row> rows) {
        List<ProposalDetail> details = new ArrayList<>(rows.size());
        rows.forEach(row -> details.add(detail(row)));
        return details;
    }

    private ProposalDetail detail(Row row) {
        String governorId = row.getString("governor_id");
        BigInteger proposalId = bigInteger(row.getNumeric("proposal_id"));
        BigInteger voteStart = bigInteger(row.getNumeric("vote_start"));
        BigInteger extendedDeadline = bigInteger(row.getNumeric("extended_deadline"));
        ProposalReading reading = ProposalReading.of(row);
        BigInteger deadline = reading != null && reading.deadline() != null ? reading.deadline()
                : extendedDeadline != null ? extendedDeadline : bigInteger(row.getNumeric("vote_end"));
        BigInteger quorum = reading != null && reading.quorum() != null ? reading.quorum()
                : bigInteger(row.getNumeric("quorum"));
        BigInteger eta = reading != null ? reading.eta() : bigInteger(row.getNumeric("eta"));
        long createdBlock = row.getLong("created_block");
        Long extendedBlock = row.getLong("extended_block");
        Long queuedBlock = row.getLong("queued_block");
        Long executedBlock = row.getLong("executed_block");
        Long canceledBlock = row.getLong("canceled_block");
        Tally indexedTally = new Tally(bigInteger(row.getNumeric("against")), bigInteger(row.getNumeric("for_votes")),
                bigInteger(row.getNumeric("abstain")), row.getLong("voters"));
        Tally answered = reading == null ? null : reading.tally(indexedTally.voters());
        Tally tally = answered != null ? answered : indexedTally;
        String chain = row.getString("chain");
        boolean timestampClock = ClockMode.fromValue(row.getString("clock_mode")) == ClockMode.TIMESTAMP;
        long indexedBlock = row.getLong("indexed_block");
        Long headTimestamp = row.getLong("head_timestamp");
        if (timestampClock && headTimestamp == null) {
            throw new IllegalStateException("the header of " + governorId + "'s indexed block is not stored");
        }
        Long ownClock = row.getLong("own_clock");
        BigInteger now = BigInteger.valueOf(ownClock != null ? ownClock : timestampClock ? headTimestamp : indexedBlock);

        ProposalFacts facts = new ProposalFacts(executedBlock != null, canceledBlock != null, voteStart, deadline,
                eta, quorum, tally, TimelockOutcome.of(row.getBoolean(TimelockOutcome.SQL_NAME)), reading);
        ProposalState state = ProposalStateDeriver.derive(facts, now);
        long newestBlock = max(createdBlock, extendedBlock, queuedBlock, executedBlock, canceledBlock);
        ProposalRecord record = new ProposalRecord(governorId, proposalId,
                ChecksumAddress.of(row.getString("proposer")), row.getString("title"), row.getString("description"),
                state, voteStart, deadline, quorum, tally, eta, createdBlock, row.getString("created_tx"), newestBlock);

        Clock clock = new Clock(timestampClock, ownClock != null, now, indexedBlock, headTimestamp,
                row.getLong("pace_seconds"), row.getLong("pace_blocks"),
                proposalId.mod(BigInteger.valueOf(ESTIMATE_HOLDS_BLOCKS)).intValueExact());
        List<ProposalEvent> timeline = new ArrayList<>();
        timeline.add(clock.happened(ProposalEvent.Kind.CREATED, createdBlock, row.getLong("created_timestamp"),
                row.getString("created_tx")));
        Optional<BigInteger> canceledAt = canceledBlock == null ? Optional.empty()
                : Optional.ofNullable(clock.timepoint(canceledBlock, row.getLong("canceled_timestamp")));
        // Voting that a cancellation cut short never started or ended: only steps before it are shown.
        if (canceledBlock == null || canceledAt.map(at -> at.compareTo(voteStart) > 0).orElse(false)) {
            timeline.add(clock.scheduled(ProposalEvent.Kind.VOTING_STARTS, voteStart,
                    row.getLong("vote_start_timestamp")));
        }
        if (extendedBlock != null) {
            timeline.add(clock.happened(ProposalEvent.Kind.EXTENDED, extendedBlock, row.getLong("extended_timestamp"),
                    null));
        }
        if (canceledBlock == null || canceledAt.map(at -> at.compareTo(deadline) > 0).orElse(false)) {
            timeline.add(clock.scheduled(ProposalEvent.Kind.VOTING_ENDS, deadline, row.getLong("vote_end_timestamp")));
        }
        if (queuedBlock != null) {
            timeline.add(clock.happened(ProposalEvent.Kind.QUEUED, queuedBlock, row.getLong("queued_timestamp"),
                    row.getString("queued_tx")));
        }
        if (executedBlock != null) {
            timeline.add(clock.happened(ProposalEvent.Kind.EXECUTED, executedBlock, row.getLong("executed_timestamp"),
                    row.getString("executed_tx")));
        }
        if (canceledBlock != null) {
            timeline.add(clock.happened(ProposalEvent.Kind.CANCELED, canceledBlock, row.getLong("canceled_timestamp"),
                    row.getString("canceled_tx")));
        }
        boolean isFinal = finality.isFinal(chain, indexedBlock, newestBlock);
        HeadRange stateHolds = ProposalStateDeriver.holding(facts, now, timestampClock);
        HeadRange holds = stateHolds.intersect(finality.holding(chain, newestBlock, isFinal));
        for (ProposalEvent event : timeline) {
            holds = holds.intersect(event.holds());
        }
        BlockTime voteStartAt = clock.timeOf(voteStart, row.getLong("vote_start_timestamp"));
        BlockTime voteEndAt = clock.timeOf(deadline, row.getLong("vote_end_timestamp"));
        holds = holds.intersect(clock.holding(voteStartAt, voteStart)).intersect(clock.holding(voteEndAt, deadline));
        if (ownClock != null) {
            holds = holds.intersect(HeadRange.blocks(indexedBlock, indexedBlock));
            stateHolds = stateHolds.intersect(HeadRange.blocks(indexedBlock, indexedBlock));
        }
        return new ProposalDetail(record, row.getInteger("created_log_index"), actions(row), List.copyOf(timeline),
                isFinal, row.getLong("created_timestamp"), voteStartAt, voteEndAt, holds, stateHolds,
                row.getLong("votes"));
    }

    /**
     * The Governor's clock at the indexed head, for placing lifecycle steps on it. A clock of the Governor's own
     * (neither block number nor timestamp) is read from the chain at the indexed block only, so a step's reading of
     * it holds at that head alone, and a past block's timepoint on it is not known. On a block clock, the head's
     * timestamp and the recent pace ({@code paceSeconds} over {@code paceBlocks}; null before two headers are stored)
     * place the blocks the index holds no header of. {@code spread}: the blocks an estimate is kept beyond
     * {@link #ESTIMATE_HOLDS_BLOCKS}, this proposal's.
     */
    private record Clock(boolean timestamp, boolean own, BigInteger now, long indexedBlock, Long headTimestamp,
            Long paceSeconds, Long paceBlocks, int spread) {
        /** A block's timepoint on this clock; null in timestamp mode when the block's header is not stored. */
        BigInteger timepoint(long block, Long blockTimestamp) {
            if (own) {
                return null;
            }
            if (!timestamp) {
                return BigInteger.valueOf(block);
            }
            return blockTimestamp == null ? null : BigInteger.valueOf(blockTimestamp);
        }

        ProposalEvent happened(ProposalEvent.Kind kind, long block, Long blockTimestamp, String txHash) {
            return new ProposalEvent(kind, timepoint(block, blockTimestamp), block, txHash, true,
                    blockTimestamp == null ? null : BlockTime.known(blockTimestamp), HeadRange.ALWAYS);
        }

        /**
         * Voting starts after the snapshot and ends after the deadline, both counted inclusively by the Governor.
         * {@code blockTimestamp} is the stored header of the timepoint's block on a block clock (null: none).
         */
        ProposalEvent scheduled(ProposalEvent.Kind kind, BigInteger timepoint, Long blockTimestamp) {
            boolean reached = now.compareTo(timepoint) > 0;
            BlockTime time = timeOf(timepoint, blockTimestamp);
            HeadRange holds = own ? HeadRange.blocks(indexedBlock, indexedBlock)
                    : reached ? HeadRange.clock(timestamp, timepoint.add(BigInteger.ONE), null)
                            : HeadRange.clock(timestamp, null, timepoint);
            return new ProposalEvent(kind, timepoint, null, null, reached, time,
                    holds.intersect(holding(time, timepoint)));
        }

        /**
         * When a timepoint on this clock is: the timepoint itself on a timestamp clock; on a block clock the block's
         * stored header once the head has reached it, or else an estimate from the recent block time; null on a clock
         * of the Governor's own. A header above the head (another source's on the chain) is not taken: this head's
         * reorgs would not retire an answer holding it.
         */
        BlockTime timeOf(BigInteger timepoint, Long blockTimestamp) {
            if (own) {
                return null;
            }
            if (timestamp) {
                return BlockTime.of(timepoint, false);
            }
            if (blockTimestamp != null && timepoint.compareTo(BigInteger.valueOf(indexedBlock)) <= 0) {
                return BlockTime.known(blockTimestamp);
            }
            if (headTimestamp == null || paceBlocks == null) {
                return null;
            }
            BigInteger blocksAhead = timepoint.subtract(BigInteger.valueOf(indexedBlock));
            BigInteger seconds = blocksAhead.multiply(BigInteger.valueOf(paceSeconds))
                    .divide(BigInteger.valueOf(paceBlocks));
            return BlockTime.of(BigInteger.valueOf(headTimestamp).add(seconds), true);
        }

        /**
         * Where the head can move without changing {@code time}, the time of block {@code timepoint}. An estimate of
         * a block ahead is kept for {@value #ESTIMATE_HOLDS_BLOCKS} blocks and {@code spread} more at most, and never
         * past the block before it, whose header then gives its time: the estimate made at a later head differs by
         * little, so an answer holding it may be served from the cache meanwhile.
         * An estimate of a block already passed (its header not stored yet) holds at this head only.
         */
        HeadRange holding(BlockTime time, BigInteger timepoint) {
            if (time == null || !time.estimated()) {
                return HeadRange.ALWAYS;
            }
            return timepoint.compareTo(BigInteger.valueOf(indexedBlock)) > 0
                    ? HeadRange.clock(false, null, timepoint.subtract(BigInteger.ONE)
                            .min(BigInteger.valueOf(indexedBlock + ESTIMATE_HOLDS_BLOCKS + spread)))
                    : HeadRange.blocks(indexedBlock, indexedBlock);
        }
    }

    private static List<ProposalAction> actions(Row row) {
        String[] targets = row.getArrayOfStrings("targets");
        Numeric[] values = row.getArrayOfNumerics("values");
        String[] calldatas = row.getArrayOfStrings("calldatas");
        String[] declared = row.getArrayOfStrings("signatures");
        List<ProposalAction> actions = new ArrayList<>(targets.length);
        for (int i = 0; i < targets.length; i++) {
            actions.add(ProposalAction.stored(ChecksumAddress.of(targets[i]), bigInteger(values[i]), declared[i],
                    calldatas[i]));
        }
        return List.copyOf(actions);
    }

    private static long max(long first, Long... others) {
        long max = first;
        for (Long other : others) {
            if (other != null) {
                max = Math.max(max, other);
            }
        }
        return max;
    }
}
