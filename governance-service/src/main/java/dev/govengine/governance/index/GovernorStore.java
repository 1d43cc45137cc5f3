package dev.govengine.governance.index;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.governance.ClockMode;
import dev.govengine.governance.GovernorFamily;
import dev.govengine.governance.GovernorInfo;
import dev.govengine.governance.TimelockOperationId;
import dev.govengine.governance.TokenInfo;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.sync.IndexedHook;
import dev.govengine.sync.IndexedNotice;
import dev.govengine.types.ChecksumAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The governor indexer's own reads and small writes: governors, their discovery and errors, quorums. */
@ApplicationScoped
public class GovernorStore {
    private final Pool pool;
    private final WorkerDb db;
    private final Instance<IndexedHook> hooks;

    @Inject
    public GovernorStore(Pool pool, WorkerDb db, Instance<IndexedHook> hooks) {
        this.pool = pool;
        this.db = db;
        this.hooks = hooks;
    }

    /** Records a governor from the configuration; its discovered settings, if any, are kept. */
    public void upsertGovernor(IndexedGovernor governor) {
        db.await(pool.preparedQuery("""
                INSERT INTO governor (id, config_name, chain, chain_id, address, start_block)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (id) DO UPDATE SET config_name = EXCLUDED.config_name, chain = EXCLUDED.chain,
                    start_block = EXCLUDED.start_block""")
                .execute(Tuple.of(governor.id(), governor.configName(), governor.chain(), governor.chainId(),
                        governor.address().toString(), governor.startBlock())),
                "recording " + governor.id());
    }

    public boolean discovered(IndexedGovernor governor) {
        return db.await(pool.preparedQuery("""
                SELECT discovered_at IS NOT NULL AND token IS NOT NULL AS discovered FROM governor WHERE id = $1""")
                .execute(Tuple.of(governor.id())), "reading whether " + governor.id() + " is discovered")
                .iterator().next().getBoolean("discovered");
    }

    public void storeDiscovery(IndexedGovernor governor, GovernorInfo info) {
        db.await(pool.preparedQuery("""
                UPDATE governor SET name = $2, token = $3, timelock = $4, clock_mode = $5, voting_delay = $6,
                    voting_period = $7, proposal_threshold = $8, quorum_numerator = $9, quorum_denominator = $10,
                    family = $11, own_clock = $12, counting_mode = $13, timelock_salt = $14, discovered_at = now(),
                    sync_error = NULL
                WHERE id = $1""")
                .execute(Tuple.from(Arrays.asList(governor.id(), info.name(), info.token().toString(),
                        info.timelock() == null ? null : info.timelock().toString(), info.clockMode().value(),
                        numeric(info.votingDelay()), numeric(info.votingPeriod()), numeric(info.proposalThreshold()),
                        numeric(info.quorumNumerator()), numeric(info.quorumDenominator()),
                        info.family().column(), info.ownClock(), info.countingMode(),
                        info.timelockSalt() == null ? null : info.timelockSalt().value()))),
                "storing the discovered settings of " + governor.id());
    }

    /** The token's metadata for the wallet API; its supply before the start block only decides the seeding. */
    public void storeToken(IndexedGovernor governor, TokenInfo token) {
        db.await(pool.preparedQuery(
                        "UPDATE governor SET token_name = $2, token_symbol = $3, token_decimals = $4 WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(governor.id(), token.name(), token.symbol(),
                        token.decimals() == null ? null : token.decimals().shortValue()))),
                "storing the token of " + governor.id());
    }

    /** Read first, as in {@link #clearError}: a governor failing for the same reason every cycle changes nothing. */
    public void recordError(IndexedGovernor governor, String error) {
        String recorded = db.await(pool.preparedQuery("SELECT sync_error FROM governor WHERE id = $1")
                .execute(Tuple.of(governor.id())), "reading the error of " + governor.id())
                .iterator().next().getString("sync_error");
        if (!error.equals(recorded)) {
            db.await(pool.preparedQuery("UPDATE governor SET sync_error = $2 WHERE id = $1")
                    .execute(Tuple.of(governor.id(), error)), "recording the error of " + governor.id());
        }
    }

    /**
     * Read first: an UPDATE that matches no row still fires the statement-level trigger that announces a change to
     * the API's response cache (V13), and this runs on every cycle.
     */
    public void clearError(IndexedGovernor governor) {
        boolean failing = db.await(pool.preparedQuery(
                        "SELECT sync_error IS NOT NULL AS failing FROM governor WHERE id = $1")
                .execute(Tuple.of(governor.id())), "reading the error of " + governor.id())
                .iterator().next().getBoolean("failing");
        if (failing) {
            db.await(pool.preparedQuery("UPDATE governor SET sync_error = NULL WHERE id = $1")
                    .execute(Tuple.of(governor.id())), "clearing the error of " + governor.id());
        }
    }

    /**
     * Records that a cycle of the governor has finished (indexed, or its error recorded) if none had: readiness waits
     * for it ({@link GovernorsReadinessCheck}).
     */
    public void recordFirstCycle(IndexedGovernor governor) {
        db.await(pool.preparedQuery(
                        "UPDATE governor SET first_cycle_at = now() WHERE id = $1 AND first_cycle_at IS NULL")
                .execute(Tuple.of(governor.id())), "recording the first cycle of " + governor.id());
    }

    /**
     * The discovered governor as a log source, from one read of its row: its token, its timelock as discovered or
     * last changed (none: null), its family, how it salts timelock operations (unused for a GovernorBravo, whose
     * proposals have no operation id), whether its clock() is its own, and whether its counting takes one vote per
     * voter and proposal (GovernorCountingSimple's {@code COUNTING_MODE}, or a GovernorBravo; fractional counting and
     * modules this engine does not know may take several).
     */
    public GovernorSource source(IndexedGovernor governor, ProposalChainStates chainStates) {
        Row row = db.await(pool.preparedQuery("""
                SELECT token, timelock, family, timelock_salt, own_clock, counting_mode FROM governor WHERE id = $1""")
                .execute(Tuple.of(governor.id())), "reading the discovered settings of " + governor.id())
                .iterator().next();
        GovernorFamily family = GovernorFamily.fromColumn(row.getString("family"));
        String timelock = row.getString("timelock");
        return new GovernorSource(governor, family, ChecksumAddress.of(row.getString("token")),
                timelock == null ? null : ChecksumAddress.of(timelock),
                TimelockOperationId.Salt.fromValue(row.getString("timelock_salt")),
                family == GovernorFamily.BRAVO || "support=bravo&quorum=for,abstain".equals(row.getString("counting_mode")),
                row.getBoolean("own_clock"), chainStates);
    }

    public ClockMode clockMode(IndexedGovernor governor) {
        String mode = db.await(pool.preparedQuery("SELECT clock_mode FROM governor WHERE id = $1")
                .execute(Tuple.of(governor.id())), "reading the clock mode of " + governor.id())
                .iterator().next().getString("clock_mode");
        return ClockMode.fromValue(mode);
    }

    /**
     * Proposals whose snapshot has passed but whose quorum is known neither from the Governor's answers at the
     * indexed block (a node without that block's state) nor from an earlier read, with their snapshots.
     */
    public List<Map.Entry<BigInteger, BigInteger>> proposalsAwaitingQuorum(IndexedGovernor governor, BigInteger now) {
        List<Map.Entry<BigInteger, BigInteger>> waiting = new ArrayList<>();
        db.await(pool.preparedQuery("""
                SELECT p.proposal_id, p.vote_start FROM proposal p
                WHERE p.governor_id = $1 AND p.quorum IS NULL AND p.vote_start < $2
                  AND NOT EXISTS (SELECT 1 FROM proposal_chain_state s WHERE s.governor_id = p.governor_id
                                  AND s.proposal_id = p.proposal_id AND s.quorum IS NOT NULL)""")
                .execute(Tuple.of(governor.id(), numeric(now))), "reading the proposals of " + governor.id()
                        + " awaiting a quorum")
                .forEach(row -> waiting.add(Map.entry(bigInteger(row.getNumeric("proposal_id")),
                        bigInteger(row.getNumeric("vote_start")))));
        return waiting;
    }

    public void storeQuorum(IndexedGovernor governor, BigInteger proposalId, BigInteger quorum, long readAtBlock) {
        db.await(pool.preparedQuery(
                        "UPDATE proposal SET quorum = $3, quorum_block = $4 WHERE governor_id = $1 AND proposal_id = $2")
                .execute(Tuple.of(governor.id(), numeric(proposalId), numeric(quorum), readAtBlock)),
                "storing the quorum of proposal " + proposalId + " of " + governor.id());
    }

    /**
     * Sends {@code notice} after what it announces was committed, in a transaction of its own with the
     * {@link IndexedHook}s' work: a crash between the two leaves that work to the governor's next range.
     */
    public void announce(IndexedNotice notice) {
        db.await(pool.withTransaction(tx -> IndexedHook.runAndSend(hooks, tx, notice)),
                "announcing what was indexed for " + notice.governorId());
    }
}
