package dev.govengine.governance.index;

import static dev.govengine.persistence.Batches.batch;
import static dev.govengine.persistence.Batches.execute;
import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.chain.ChainReader;
import dev.govengine.chain.ContractCall;
import dev.govengine.chain.StateUnavailableException;
import dev.govengine.governance.GovernorCalls;
import dev.govengine.governance.GovernorFamily;
import dev.govengine.governance.ProposalReading;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.sync.LogSource;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;

/**
 * Asks a Governor about each of its proposals that is not yet in a terminal state, at the last block of the range
 * being indexed, and adds the answers to that range's transaction (table {@code proposal_chain_state}). The index
 * then serves what {@code state()}, {@code proposalVotes()}, {@code quorum()}, {@code proposalDeadline()} and
 * {@code proposalEta()} (a GovernorBravo's {@code proposals(id)} and {@code quorumVotes()}) answer at its head,
 * whatever modules the Governor is built from, and never a proposal whose values are half known: they commit with
 * the cursor that makes them due.
 *
 * <p>Only changed answers are written, so a block that changes nothing announces nothing to the response cache. A
 * node that cannot answer at the block (pruned state) leaves the last good answers, marked stale from that block.
 */
@ApplicationScoped
public class ProposalChainStates {
    private static final Logger LOG = Logger.getLogger(ProposalChainStates.class);
    /** ERC-6372's clock(), encoded once. */
    private static final String CLOCK = FunctionEncoder.encode(new Function("clock", List.of(), List.of()));
    private static final String TERMINAL = String.join(", ",
            ProposalReading.TERMINAL.stream().map(state -> "'" + state.name() + "'").sorted().toList());

    static final int SCHEDULED_BLOCKS_PER_RANGE = 1_000;

    private final Pool pool;
    private final ChainReader reader;
    private final WorkerDb db;
    /** Governors whose node last refused to answer, so the refusal is logged once, not once per range. */
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    /** Governors whose node answered the last range's calls: they are asked all in one batch. */
    private final Set<String> answering = ConcurrentHashMap.newKeySet();

    @Inject
    public ProposalChainStates(Pool pool, ChainReader reader, WorkerDb db) {
        this.pool = pool;
        this.reader = reader;
        this.db = db;
    }

    /** What the index holds of a proposal still asked about: its snapshot and its last answers (null: none yet). */
    private record Known(BigInteger snapshot, ProposalReading reading, boolean stale) {
    }

    /**
     * {@code clock()} of {@code contract} (a Governor, or its votes token, whose clock a GovernorVotes Governor
     * reads) at each of {@code blocks}; a block where the contract does not answer (not yet deployed) is absent.
     */
    public Map<Long, Long> clockAt(IndexedGovernor governor, ChecksumAddress contract, Collection<Long> blocks) {
        Map<Long, Long> clock = new HashMap<>();
        reader.callAtEach(governor.chain(), new ContractCall(contract, CLOCK), blocks).forEach((block, answer) -> {
            if (answer != null && answer.length() == 66) {
                clock.put(block, Long.parseLong(answer.substring(2), 16));
            }
        });
        return clock;
    }

    /**
     * The Governor's answers at {@code block} for its open proposals, including those the range creates
     * ({@code created}: id to snapshot), and for a governor on its own clock, that clock at {@code block}
     * ({@code headClock}; null for the others), as rows to write after the range's. Runs after the previous range
     * committed.
     */
    public LogSource.RangeRows answers(IndexedGovernor governor, GovernorFamily family,
            Map<BigInteger, BigInteger> created, long block, Long headClock) {
        LogSource.RangeRows answers = answers(governor, family, created, block);
        return headClock == null ? answers : tx -> answers.write(tx).chain(() -> execute(tx, """
                INSERT INTO governor_clock (governor_id, block_number, clock) VALUES ($1, $2, $3)
                ON CONFLICT (governor_id) DO UPDATE SET block_number = EXCLUDED.block_number, clock = EXCLUDED.clock""",
                governor.id(), block, headClock));
    }

    /**
     * For a Governor on a block clock, the snapshot and deadline blocks (of its indexed proposals and the
     * {@code scheduled} timepoints of the range being indexed) at or below {@code lastBlock}: those from
     * {@code firstBlock} on, and older ones whose header the index does not hold (proposals indexed before their
     * headers were kept), at most {@value #SCHEDULED_BLOCKS_PER_RANGE} a range so that an old index catching up asks
     * the node no larger batch than a range does. None on another clock, whose timepoints are not blocks.
     */
    public List<Long> scheduledBlocks(IndexedGovernor governor, Collection<BigInteger> scheduled,
            long firstBlock, long lastBlock) {
        List<Long> blocks = new ArrayList<>();
        db.await(pool.preparedQuery("""
                SELECT t.block FROM governor g
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN x.timepoint <= $3 THEN x.timepoint::bigint END AS block
                    FROM (SELECT unnest(ARRAY[p.vote_start, p.vote_end, p.extended_deadline, s.deadline]) AS timepoint
                          FROM proposal p
                          LEFT JOIN proposal_chain_state s
                              ON s.governor_id = p.governor_id AND s.proposal_id = p.proposal_id
                          WHERE p.governor_id = g.id
                          UNION ALL SELECT unnest($4::numeric[])) x) t
                WHERE g.id = $1 AND g.clock_mode = 'blocknumber' AND NOT g.own_clock AND t.block IS NOT NULL
                    AND (t.block >= $2 OR NOT EXISTS (
                        SELECT 1 FROM block_header h WHERE h.chain = g.chain AND h.number = t.block))
                GROUP BY t.block ORDER BY t.block >= $2 DESC, t.block DESC LIMIT $5""")
                .execute(Tuple.of(governor.id(), firstBlock, lastBlock,
                        scheduled.stream().map(timepoint -> numeric(timepoint)).toArray(Numeric[]::new),
                        SCHEDULED_BLOCKS_PER_RANGE)),
                "reading the snapshot and deadline blocks of " + governor.id())
                .forEach(row -> blocks.add(row.getLong("block")));
        return blocks;
    }

    private LogSource.RangeRows answers(IndexedGovernor governor, GovernorFamily family,
            Map<BigInteger, BigInteger> created, long block) {
        Map<BigInteger, Known> open = open(governor);
        created.forEach((id, snapshot) -> open.putIfAbsent(id, new Known(snapshot, null, false)));
        if (open.isEmpty()) {
            return LogSource.NOTHING;
        }
        List<GovernorCalls.Question> questions = new ArrayList<>(open.size());
        open.forEach((id, known) -> questions.add(new GovernorCalls.Question(id,
                known.reading() == null || known.reading().quorum() == null ? known.snapshot() : null)));
        List<ContractCall> calls = GovernorCalls.calls(family, governor.address(), questions);
        List<ProposalReading> readings;
        try {
            // Unless the node answered the last range, the first call alone, then the rest: a node without the
            // block's state refuses a batch about as slowly as it answers one (0.3 s for 300 calls on Anvil, the
            // backfill benchmark's profile), and during a backfill on such a node every range but the last is
            // refused; one call finds out. At the head, where the node answers, the answers keep to one round trip.
            List<String> answers;
            if (answering.contains(governor.id()) || calls.size() == 1) {
                answers = reader.callsAt(governor.chain(), block, calls);
            } else {
                answers = new ArrayList<>(reader.callsAt(governor.chain(), block, calls.subList(0, 1)));
                answers.addAll(reader.callsAt(governor.chain(), block, calls.subList(1, calls.size())));
            }
            readings = GovernorCalls.readings(family, questions, answers);
        } catch (StateUnavailableException e) {
            answering.remove(governor.id());
            if (unavailable.add(governor.id())) {
                LOG.warnf("%s: the node cannot answer calls at block %d, so proposals keep their last answers, "
                        + "marked stale: %s", governor.id(), block, e.getMessage());
            }
            List<BigInteger> nowStale = open.entrySet().stream()
                    .filter(entry -> entry.getValue().reading() != null && !entry.getValue().stale())
                    .map(Map.Entry::getKey).toList();
            return tx -> markStale(tx, governor.id(), nowStale, block);
        }
        if (unavailable.remove(governor.id())) {
            LOG.infof("%s: the node answers calls again from block %d", governor.id(), block);
        }
        answering.add(governor.id());
        List<Map.Entry<BigInteger, ProposalReading>> changed = new ArrayList<>();
        int i = 0;
        for (Map.Entry<BigInteger, Known> entry : open.entrySet()) {
            ProposalReading reading = readings.get(i++);
            Known known = entry.getValue();
            if (reading == null) {
                continue;
            }
            reading = reading.keepingQuorum(known.reading() == null ? null : known.reading().quorum());
            if (known.stale() || !Objects.equals(reading, known.reading())) {
                changed.add(Map.entry(entry.getKey(), reading));
            }
        }
        return tx -> store(tx, governor.id(), changed, block);
    }

    private Map<BigInteger, Known> open(IndexedGovernor governor) {
        Map<BigInteger, Known> open = new LinkedHashMap<>();
        db.await(pool.preparedQuery("""
                SELECT p.proposal_id, p.vote_start, """ + ProposalReading.SQL_COLUMNS + """

                FROM proposal p
                """ + ProposalReading.SQL_JOIN + """

                WHERE p.governor_id = $1 AND (s.state IS NULL OR s.state NOT IN (""" + TERMINAL + """
                ))
                ORDER BY p.created_block, p.created_log_index""")
                .execute(Tuple.of(governor.id())), "reading the open proposals of " + governor.id())
                .forEach(row -> open.put(bigInteger(row.getNumeric("proposal_id")), known(row)));
        return open;
    }

    private static Known known(Row row) {
        return new Known(bigInteger(row.getNumeric("vote_start")),
                ProposalReading.of(row), row.getLong("chain_stale_since") != null);
    }

    private static Uni<Void> store(SqlClient tx, String governorId,
            List<Map.Entry<BigInteger, ProposalReading>> changed, long block) {
        return batch(tx, """
                INSERT INTO proposal_chain_state (governor_id, proposal_id, state, against, for_votes, abstain, quorum,
                    deadline, eta, read_block, stale_since)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)
                ON CONFLICT (governor_id, proposal_id) DO UPDATE SET state = EXCLUDED.state,
                    against = EXCLUDED.against, for_votes = EXCLUDED.for_votes, abstain = EXCLUDED.abstain,
                    quorum = EXCLUDED.quorum, deadline = EXCLUDED.deadline, eta = EXCLUDED.eta,
                    read_block = EXCLUDED.read_block, stale_since = NULL""",
                changed, entry -> {
                    ProposalReading r = entry.getValue();
                    return Tuple.from(Arrays.asList(governorId, numeric(entry.getKey()), r.state().name(),
                            numeric(r.against()), numeric(r.forVotes()), numeric(r.abstain()), numeric(r.quorum()),
                            numeric(r.deadline()), numeric(r.eta()), block));
                });
    }

    private static Uni<Void> markStale(SqlClient tx, String governorId,
            List<BigInteger> proposals, long block) {
        return batch(tx, "UPDATE proposal_chain_state SET stale_since = $3 WHERE governor_id = $1 AND proposal_id = $2",
                proposals, id -> Tuple.of(governorId, numeric(id), block));
    }
}
