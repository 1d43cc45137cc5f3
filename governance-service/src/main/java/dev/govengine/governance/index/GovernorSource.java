package dev.govengine.governance.index;

import static dev.govengine.persistence.Batches.execute;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.governance.GovernanceEvent;
import dev.govengine.governance.GovernanceLogDecoder;
import dev.govengine.governance.GovernorFamily;
import dev.govengine.governance.TimelockOperationId;
import dev.govengine.sync.LogSource;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A governor with its voting token and its timelock (null: it has none), indexed under the governor's cursor. The
 * timelock's operation outcomes are read because OpenZeppelin's GovernorTimelockControl reports a queued proposal
 * Executed or Canceled when its operation was executed or cancelled directly on the timelock; {@code timelockSalt}
 * says which operation id each proposal is queued under; a Compound Timelock's queued, executed and cancelled
 * transactions are kept as its history.
 */
public record GovernorSource(IndexedGovernor governor, GovernorFamily family, ChecksumAddress token,
        ChecksumAddress timelock, TimelockOperationId.Salt timelockSalt, boolean votesOnce, boolean ownClock,
        ProposalChainStates chainStates) implements LogSource {
    private static final List<String> ROW_TABLES = List.of("vote", "vote_reduction", "delegation_change",
            "voting_power_change", "governor_setting_change", "timelock_operation_event", "token_balance_change");
    private static final List<String> WITH_TIMELOCK_TOPICS = List.copyOf(java.util.stream.Stream.concat(
            GovernanceLogDecoder.ALL_TOPICS.stream(), GovernanceLogDecoder.TIMELOCK_TOPICS.stream()).toList());

    @Override
    public String id() {
        return governor.id();
    }

    @Override
    public String chain() {
        return governor.chain();
    }

    @Override
    public long startBlock() {
        return governor.startBlock();
    }

    @Override
    public CursorTable cursorTable() {
        return CursorTable.GOVERNOR;
    }

    @Override
    public List<ChecksumAddress> addresses() {
        return addresses(governor, token, timelock);
    }

    @Override
    public List<String> topics() {
        return topics(timelock);
    }

    /** The addresses of a governor's logs, before there is a source: for its first range read early (EarlyGovernors). */
    static List<ChecksumAddress> addresses(IndexedGovernor governor, ChecksumAddress token, ChecksumAddress timelock) {
        return timelock == null ? List.of(governor.address(), token) : List.of(governor.address(), token, timelock);
    }

    /** The topics of a governor's logs, as {@link #addresses(IndexedGovernor, ChecksumAddress, ChecksumAddress)}. */
    static List<String> topics(ChecksumAddress timelock) {
        return timelock == null ? GovernanceLogDecoder.ALL_TOPICS : WITH_TIMELOCK_TOPICS;
    }

    /**
     * For a governor on its own clock, the token's clock at the blocks whose voting power changed is read here, on
     * the read-ahead thread: the rows carry it, and it does not depend on what the index holds.
     */
    @Override
    public RangeRows decode(List<ChainLog> logs, Map<Long, BlockHeader> headers, boolean firstRange) {
        List<GovernanceEvent> events = new ArrayList<>(logs.size());
        for (ChainLog log : logs) {
            GovernanceLogDecoder.decode(log, headers.get(log.blockNumber()).timestamp(), governor.address(), token,
                    timelock).ifPresent(events::add);
        }
        if (!ownClock) {
            return new Range(this, events, Map.of());
        }
        // Checkpoints are the token's, on its clock.
        TreeSet<Long> powerBlocks = new TreeSet<>();
        for (GovernanceEvent event : events) {
            if (event instanceof GovernanceEvent.DelegateVotesChanged e) {
                powerBlocks.add(e.position().blockNumber());
            }
        }
        return new Range(this, events, chainStates.clockAt(governor, token, powerBlocks));
    }

    /**
     * A range's events: its rows, and the proposals it creates, which the Governor is asked about at its end; for a
     * governor on its own clock, the token's clock at the blocks whose voting power changed.
     */
    private record Range(GovernorSource source, List<GovernanceEvent> events, Map<Long, Long> clockAt)
            implements RangeRows {
        @Override
        public Uni<Void> write(SqlClient tx) {
            return GovernorRows.write(tx, source.governor(), source.family(), source.timelockSalt(),
                    source.votesOnce(), events, clockAt);
        }
    }

    @Override
    public RangeRows atEnd(RangeRows rows, long lastBlock) {
        Map<BigInteger, BigInteger> created = new LinkedHashMap<>();
        for (GovernanceEvent event : ((Range) rows).events()) {
            if (event instanceof GovernanceEvent.ProposalCreated e) {
                created.put(e.proposalId(), e.voteStart());
            }
        }
        if (!ownClock) {
            return chainStates.answers(governor, family, created, lastBlock, null);
        }
        // The Governor's clock at the head is its own answer, and the token's (which a GovernorVotes Governor reads)
        // in ranges that end before the Governor was deployed.
        Long headClock = chainStates.clockAt(governor, governor.address(), List.of(lastBlock)).get(lastBlock);
        if (headClock == null) {
            headClock = chainStates.clockAt(governor, token, List.of(lastBlock)).get(lastBlock);
        }
        return chainStates.answers(governor, family, created, lastBlock, headClock);
    }

    /**
     * On a block clock, the snapshot and deadline blocks of its proposals, those the range creates or extends
     * included, so that the API gives their times once the head has passed them.
     */
    @Override
    public Collection<Long> referencedBlocks(RangeRows rows, long firstBlock, long lastBlock) {
        List<BigInteger> scheduled = new ArrayList<>();
        for (GovernanceEvent event : ((Range) rows).events()) {
            if (event instanceof GovernanceEvent.ProposalCreated e) {
                scheduled.add(e.voteStart());
                scheduled.add(e.voteEnd());
            } else if (event instanceof GovernanceEvent.ProposalExtended e) {
                scheduled.add(e.extendedDeadline());
            }
        }
        return chainStates.scheduledBlocks(governor, scheduled, firstBlock, lastBlock);
    }

    /** Rows created above {@code keep} are deleted, and lifecycle marks and quorums set above it cleared. */
    @Override
    public Uni<Void> rollBack(SqlClient tx, long keep) {
        String id = governor.id();
        Uni<Void> work = Uni.createFrom().voidItem();
        for (String table : ROW_TABLES) {
            work = work.chain(() -> execute(tx, "DELETE FROM " + table + " WHERE governor_id = $1 AND block_number > $2",
                    id, keep));
        }
        return work
                .chain(() -> execute(tx, "DELETE FROM proposal WHERE governor_id = $1 AND created_block > $2", id, keep))
                .chain(() -> execute(tx, """
                        UPDATE proposal SET
                            eta = CASE WHEN queued_block > $2 THEN NULL ELSE eta END,
                            queued_tx = CASE WHEN queued_block > $2 THEN NULL ELSE queued_tx END,
                            queued_block = CASE WHEN queued_block > $2 THEN NULL ELSE queued_block END,
                            executed_tx = CASE WHEN executed_block > $2 THEN NULL ELSE executed_tx END,
                            executed_block = CASE WHEN executed_block > $2 THEN NULL ELSE executed_block END,
                            canceled_tx = CASE WHEN canceled_block > $2 THEN NULL ELSE canceled_tx END,
                            canceled_block = CASE WHEN canceled_block > $2 THEN NULL ELSE canceled_block END,
                            extended_deadline = CASE WHEN extended_block > $2 THEN NULL ELSE extended_deadline END,
                            extended_block = CASE WHEN extended_block > $2 THEN NULL ELSE extended_block END,
                            quorum = CASE WHEN quorum_block > $2 THEN NULL ELSE quorum END,
                            quorum_block = CASE WHEN quorum_block > $2 THEN NULL ELSE quorum_block END
                        WHERE governor_id = $1""", id, keep))
                // Answers first read above it may not hold below it (a proposal created above it was read above it
                // too); the next range asks again.
                .chain(() -> execute(tx, "DELETE FROM proposal_chain_state WHERE governor_id = $1 AND read_block > $2",
                        id, keep))
                .chain(() -> execute(tx, "DELETE FROM governor_clock WHERE governor_id = $1 AND block_number > $2",
                        id, keep))
                .chain(() -> execute(tx, "UPDATE proposal_chain_state SET stale_since = NULL "
                        + "WHERE governor_id = $1 AND stale_since > $2", id, keep))
                // Settings rolled back are re-read by eth_call on the next cycle, from the canonical chain.
                .chain(() -> execute(tx, "UPDATE governor SET discovered_at = NULL WHERE id = $1", id));
    }
}
