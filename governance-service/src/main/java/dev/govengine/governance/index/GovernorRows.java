package dev.govengine.governance.index;

import static dev.govengine.persistence.Batches.batch;
import static dev.govengine.persistence.Batches.chunked;
import static dev.govengine.persistence.Numerics.numeric;
import static dev.govengine.persistence.Numerics.numerics;

import dev.govengine.governance.GovernanceEvent;
import dev.govengine.governance.GovernorFamily;
import dev.govengine.governance.GovernorSetting;
import dev.govengine.governance.ProposalTitle;
import dev.govengine.governance.TimelockOperationId;
import dev.govengine.governance.VoteSplit;
import dev.govengine.persistence.Numerics;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a governor's events become, written inside the range's transaction. Rows are keyed by their natural
 * identity (a log's block and index) and lifecycle marks use COALESCE, so a
 * duplicate log changes nothing.
 */
final class GovernorRows {
    private GovernorRows() {
    }

    /**
     * @param votesOnce whether the Governor's counting takes one vote per voter and proposal, so that every vote is
     *     its voter's first
     * @param clockAt the Governor's own clock at the range's voting power changes; empty for the others
     */
    static Uni<Void> write(SqlClient tx, IndexedGovernor governor, GovernorFamily family,
            TimelockOperationId.Salt timelockSalt, boolean votesOnce, List<GovernanceEvent> events,
            Map<Long, Long> clockAt) {
        String governorId = governor.id();
        List<GovernanceEvent.ProposalCreated> created = new ArrayList<>();
        List<GovernanceEvent.VoteCast> votes = new ArrayList<>();
        List<GovernanceEvent.VoteReduced> reductions = new ArrayList<>();
        List<GovernanceEvent.DelegateChanged> delegations = new ArrayList<>();
        List<GovernanceEvent.DelegateVotesChanged> powers = new ArrayList<>();
        List<GovernanceEvent.SettingChanged> settings = new ArrayList<>();
        List<GovernanceEvent.TimelockOperation> operations = new ArrayList<>();
        List<GovernanceEvent.TokenTransfer> transfers = new ArrayList<>();
        List<GovernanceEvent> lifecycle = new ArrayList<>();
        for (GovernanceEvent event : events) {
            if (event instanceof GovernanceEvent.ProposalCreated e) {
                created.add(e);
            } else if (event instanceof GovernanceEvent.VoteCast e) {
                votes.add(e);
            } else if (event instanceof GovernanceEvent.VoteReduced e) {
                reductions.add(e);
            } else if (event instanceof GovernanceEvent.DelegateChanged e) {
                delegations.add(e);
            } else if (event instanceof GovernanceEvent.DelegateVotesChanged e) {
                powers.add(e);
            } else if (event instanceof GovernanceEvent.SettingChanged e) {
                settings.add(e);
            } else if (event instanceof GovernanceEvent.TimelockOperation e) {
                operations.add(e);
            } else if (event instanceof GovernanceEvent.TokenTransfer e) {
                transfers.add(e);
            } else {
                lifecycle.add(event);
            }
        }
        // Proposals first: lifecycle updates in the same range must find the rows they update.
        return insertProposals(tx, governor, family, timelockSalt, created)
                .chain(() -> insertVotes(tx, governorId, votes, votesOnce))
                .chain(() -> insertVoteReductions(tx, governorId, reductions))
                .chain(() -> insertDelegations(tx, governorId, delegations))
                .chain(() -> insertVotingPower(tx, governorId, powers, clockAt))
                .chain(() -> insertBalanceChanges(tx, governorId, BalanceChanges.perBlock(transfers)))
                .chain(() -> applySettings(tx, governorId, settings))
                .chain(() -> insertTimelockOperations(tx, governorId, operations))
                .chain(() -> applyLifecycle(tx, governorId, lifecycle));
    }

    /**
     * A Bravo's Compound Timelock keys each action by its own hash, which includes the eta, so no operation id is
     * known at creation; the Governor's own state() answers for what the timelock does.
     */
    private static Uni<Void> insertProposals(SqlClient tx, IndexedGovernor governor, GovernorFamily family,
            TimelockOperationId.Salt timelockSalt, List<GovernanceEvent.ProposalCreated> created) {
        return batch(tx, """
                INSERT INTO proposal (governor_id, proposal_id, proposer, targets, "values", signatures, calldatas,
                    vote_start, vote_end, description, title, created_block, created_timestamp, created_tx, created_log_index,
                    timelock_operation)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                ON CONFLICT (governor_id, proposal_id) DO NOTHING""",
                created, e -> Tuple.from(Arrays.asList(governor.id(), numeric(e.proposalId()), e.proposer().toString(),
                        e.targets().stream().map(ChecksumAddress::toString).toArray(String[]::new),
                        numerics(e.values()), e.signatures().toArray(String[]::new), e.calldatas().toArray(String[]::new),
                        numeric(e.voteStart()), numeric(e.voteEnd()), e.description(), ProposalTitle.of(e.description()),
                        e.position().blockNumber(), e.position().blockTimestamp(), e.position().transactionHash(),
                        e.position().logIndex(), family == GovernorFamily.BRAVO ? null : TimelockOperationId.of(
                                timelockSalt, governor.address(), e.targets(), e.values(), e.calldatas(),
                                e.description()))));
    }

    private static Uni<Void> insertTimelockOperations(SqlClient tx, String governorId,
            List<GovernanceEvent.TimelockOperation> operations) {
        return batch(tx, """
                INSERT INTO timelock_operation_event (governor_id, timelock, operation_id, event, block_number,
                    log_index, tx_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (governor_id, block_number, log_index) DO NOTHING""",
                operations, e -> Tuple.from(List.of(governorId, e.timelock().toString(), e.operationId(),
                        e.event().name(), e.position().blockNumber(),
                        e.position().logIndex(), e.position().transactionHash())));
    }

    /**
     * Votes are nearly every event of a busy Governor, so they go in as columns of arrays through unnest: one
     * statement per chunk instead of one execution per row, which made the write several times faster in the
     * backfill benchmark. A log is a vote's identity (a fractional voter votes several times on one proposal), so
     * ON CONFLICT DO NOTHING drops a replayed log. The tally trigger counts voters by first_vote. Under a counting
     * that takes one vote per voter every vote is the first; otherwise (fractional, or a module this engine does not
     * know) a vote is the first when no earlier row and no earlier vote of the chunk has its voter, a lookup per vote
     * that made the benchmark's backfill (100,000 votes in one range) seconds slower, so it is made only there. For
     * the same reason the against/for/abstain split is sent only where a vote may be fractional; otherwise the
     * statement puts the weight on the side its support names.
     */
    private static Uni<Void> insertVotes(SqlClient tx, String governorId, List<GovernanceEvent.VoteCast> votes,
            boolean votesOnce) {
        String firstVote = votesOnce ? "true" : """
                row_number() OVER (PARTITION BY u.proposal_id, u.voter ORDER BY u.block_number, u.log_index) = 1
                AND NOT EXISTS (SELECT 1 FROM vote v WHERE v.governor_id = $1
                                AND v.proposal_id = u.proposal_id AND v.voter = u.voter)""";
        return chunked(votes, chunk -> {
            int n = chunk.size();
            Numeric[] proposals = new Numeric[n];
            String[] voters = new String[n];
            Short[] supports = new Short[n];
            Numeric[] weights = new Numeric[n];
            String[] reasons = new String[n];
            String[] params = new String[n];
            Long[] blocks = new Long[n];
            Long[] timestamps = new Long[n];
            String[] txHashes = new String[n];
            Integer[] logIndexes = new Integer[n];
            Numeric[] against = votesOnce ? null : new Numeric[n];
            Numeric[] forVotes = votesOnce ? null : new Numeric[n];
            Numeric[] abstain = votesOnce ? null : new Numeric[n];
            // The client sends a NUMERIC as its decimal text, which a Numeric's BigDecimal computes once and keeps:
            // one Numeric per distinct value makes a 256-bit proposal id's conversion (divisions, a quarter of all a
            // backfill allocated, JFR in docs/BENCHMARKS.md "Indexer backfill") once per proposal, not per vote.
            Map<BigInteger, Numeric> distinct = new HashMap<>();
            for (int i = 0; i < n; i++) {
                GovernanceEvent.VoteCast e = chunk.get(i);
                proposals[i] = distinct.computeIfAbsent(e.proposalId(), Numerics::numeric);
                voters[i] = e.voter().toString();
                supports[i] = (short) e.support();
                weights[i] = distinct.computeIfAbsent(e.weight(), Numerics::numeric);
                reasons[i] = e.reason();
                params[i] = e.params();
                blocks[i] = e.position().blockNumber();
                timestamps[i] = e.position().blockTimestamp();
                txHashes[i] = e.position().transactionHash();
                logIndexes[i] = e.position().logIndex();
                if (!votesOnce) {
                    VoteSplit split = VoteSplit.of(e.support(), e.weight(), e.params());
                    against[i] = numeric(split.against());
                    forVotes[i] = numeric(split.forVotes());
                    abstain[i] = numeric(split.abstain());
                }
            }
            return tx.preparedQuery("""
                    INSERT INTO vote (governor_id, proposal_id, voter, support, weight, reason, params,
                        block_number, block_timestamp, tx_hash, log_index, against_weight, for_weight, abstain_weight,
                        first_vote)
                    SELECT $1, u.proposal_id, u.voter, u.support, u.weight, u.reason, u.params, u.block_number,
                           u.block_timestamp, u.tx_hash, u.log_index,
                           COALESCE(u.against_weight, CASE WHEN u.support = 0 THEN u.weight ELSE 0 END),
                           COALESCE(u.for_weight, CASE WHEN u.support = 1 THEN u.weight ELSE 0 END),
                           COALESCE(u.abstain_weight, CASE WHEN u.support = 2 THEN u.weight ELSE 0 END),
                           """ + firstVote + """

                    FROM unnest($2::numeric[], $3::text[], $4::smallint[], $5::numeric[], $6::text[], $7::text[],
                        $8::bigint[], $9::bigint[], $10::text[], $11::integer[], $12::numeric[], $13::numeric[],
                        $14::numeric[])
                        AS u(proposal_id, voter, support, weight, reason, params, block_number, block_timestamp,
                             tx_hash, log_index, against_weight, for_weight, abstain_weight)
                    ON CONFLICT (governor_id, block_number, log_index) DO NOTHING""")
                    .execute(Tuple.from(Arrays.asList(governorId, proposals, voters, supports, weights, reasons, params,
                            blocks, timestamps, txHashes, logIndexes, against, forVotes, abstain)))
                    .replaceWithVoid();
        });
    }

    private static Uni<Void> insertVoteReductions(SqlClient tx, String governorId,
            List<GovernanceEvent.VoteReduced> reductions) {
        return batch(tx, """
                INSERT INTO vote_reduction (governor_id, proposal_id, delegate, support, weight, block_number,
                    log_index, tx_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (governor_id, block_number, log_index) DO NOTHING""",
                reductions, e -> Tuple.from(List.of(governorId, numeric(e.proposalId()), e.delegate().toString(),
                        (short) e.support(), numeric(e.weight()), e.position().blockNumber(), e.position().logIndex(),
                        e.position().transactionHash())));
    }

    /**
     * In bulk too, as one statement per chunk: the triggers that keep account_delegation and the delegator counts
     * run once per statement, and a batch is a statement per row, which made a token launch's thousand delegations
     * the costliest statements of the backfill benchmark's first range (pg_stat_statements).
     */
    private static Uni<Void> insertDelegations(SqlClient tx, String governorId, List<GovernanceEvent.DelegateChanged> changes) {
        return chunked(changes, chunk -> {
            int n = chunk.size();
            String[] delegators = new String[n];
            String[] from = new String[n];
            String[] to = new String[n];
            Long[] blocks = new Long[n];
            Long[] timestamps = new Long[n];
            Integer[] logIndexes = new Integer[n];
            String[] txHashes = new String[n];
            for (int i = 0; i < n; i++) {
                GovernanceEvent.DelegateChanged e = chunk.get(i);
                delegators[i] = e.delegator().toString();
                from[i] = e.fromDelegate().toString();
                to[i] = e.toDelegate().toString();
                blocks[i] = e.position().blockNumber();
                timestamps[i] = e.position().blockTimestamp();
                logIndexes[i] = e.position().logIndex();
                txHashes[i] = e.position().transactionHash();
            }
            return tx.preparedQuery("""
                    INSERT INTO delegation_change (governor_id, delegator, from_delegate, to_delegate,
                        block_number, block_timestamp, log_index, tx_hash)
                    SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
                        $7::integer[], $8::text[])
                    ON CONFLICT (governor_id, block_number, log_index) DO NOTHING""")
                    .execute(Tuple.from(new Object[] {governorId, delegators, from, to, blocks, timestamps,
                            logIndexes, txHashes}))
                    .replaceWithVoid();
        });
    }

    /** Every transfer between delegated holders moves voting power, so these come in bulk too: unnest, as votes. */
    private static Uni<Void> insertVotingPower(SqlClient tx, String governorId,
            List<GovernanceEvent.DelegateVotesChanged> changes, Map<Long, Long> clockAt) {
        return chunked(changes, chunk -> {
            int n = chunk.size();
            String[] delegates = new String[n];
            Numeric[] previous = new Numeric[n];
            Numeric[] current = new Numeric[n];
            Long[] blocks = new Long[n];
            Long[] timestamps = new Long[n];
            Integer[] logIndexes = new Integer[n];
            String[] txHashes = new String[n];
            Long[] timepoints = new Long[n];
            for (int i = 0; i < n; i++) {
                GovernanceEvent.DelegateVotesChanged e = chunk.get(i);
                timepoints[i] = clockAt.get(e.position().blockNumber());
                delegates[i] = e.delegate().toString();
                previous[i] = numeric(e.previousVotes());
                current[i] = numeric(e.newVotes());
                blocks[i] = e.position().blockNumber();
                timestamps[i] = e.position().blockTimestamp();
                logIndexes[i] = e.position().logIndex();
                txHashes[i] = e.position().transactionHash();
            }
            return tx.preparedQuery("""
                    INSERT INTO voting_power_change (governor_id, delegate, previous_votes, new_votes,
                        block_number, block_timestamp, log_index, tx_hash, timepoint)
                    SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::bigint[], $6::bigint[],
                        $7::integer[], $8::text[], $9::bigint[])
                    ON CONFLICT (governor_id, block_number, log_index) DO NOTHING""")
                    .execute(Tuple.from(new Object[] {governorId, delegates, previous, current, blocks, timestamps,
                            logIndexes, txHashes, timepoints}))
                    .replaceWithVoid();
        });
    }

    /**
     * A range's transfers as one row per account and block (their net amount), in bulk: on a busy token a block holds
     * many transfers of the same accounts, and a rollback needs no finer grain than the block.
     */
    static Uni<Void> insertBalanceChanges(SqlClient tx, String governorId, List<BalanceChanges.Change> changes) {
        return chunked(changes, chunk -> {
            int n = chunk.size();
            String[] accounts = new String[n];
            Long[] blocks = new Long[n];
            Numeric[] deltas = new Numeric[n];
            for (int i = 0; i < n; i++) {
                BalanceChanges.Change change = chunk.get(i);
                accounts[i] = change.account().toString();
                blocks[i] = change.block();
                deltas[i] = numeric(change.delta());
            }
            return tx.preparedQuery("""
                    INSERT INTO token_balance_change (governor_id, account, block_number, delta)
                    SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::numeric[])
                    ON CONFLICT (governor_id, account, block_number) DO NOTHING""")
                    .execute(Tuple.from(new Object[] {governorId, accounts, blocks, deltas}))
                    .replaceWithVoid();
        });
    }

    private static Uni<Void> applySettings(SqlClient tx, String governorId, List<GovernanceEvent.SettingChanged> changes) {
        Uni<Void> chain = batch(tx, """
                INSERT INTO governor_setting_change (governor_id, setting, new_value, block_number, log_index, tx_hash,
                    account)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (governor_id, block_number, log_index) DO NOTHING""",
                changes, e -> Tuple.from(Arrays.asList(governorId, e.setting().column(), e.newValue(),
                        e.position().blockNumber(), e.position().logIndex(), e.position().transactionHash(),
                        e.account() == null ? null : e.account().toString())));
        for (GovernanceEvent.SettingChanged change : changes) {
            if (!change.setting().onGovernorRow()) {
                continue;
            }
            Object value = change.setting() == GovernorSetting.TIMELOCK
                    ? change.newValue() : numeric(new BigInteger(change.newValue()));
            chain = chain.chain(() -> tx.preparedQuery("UPDATE governor SET " + change.setting().column() + " = $2 WHERE id = $1")
                    .execute(Tuple.of(governorId, value)).replaceWithVoid());
        }
        return chain;
    }

    /** Applied in log order; COALESCE keeps the first occurrence, so a repeated event moves nothing. */
    private static Uni<Void> applyLifecycle(SqlClient tx, String governorId, List<GovernanceEvent> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (GovernanceEvent event : events) {
            chain = chain.chain(() -> lifecycleUpdate(tx, governorId, event));
        }
        return chain;
    }

    private static Uni<Void> lifecycleUpdate(SqlClient tx, String governorId, GovernanceEvent event) {
        String sql;
        Tuple args;
        if (event instanceof GovernanceEvent.ProposalQueued e) {
            sql = "UPDATE proposal SET eta = COALESCE(eta, $3), queued_block = COALESCE(queued_block, $4), "
                    + "queued_tx = COALESCE(queued_tx, $5) WHERE governor_id = $1 AND proposal_id = $2";
            args = Tuple.of(governorId, numeric(e.proposalId()), numeric(e.eta()), e.position().blockNumber(),
                    e.position().transactionHash());
        } else if (event instanceof GovernanceEvent.ProposalExecuted e) {
            sql = "UPDATE proposal SET executed_block = COALESCE(executed_block, $3), "
                    + "executed_tx = COALESCE(executed_tx, $4) WHERE governor_id = $1 AND proposal_id = $2";
            args = Tuple.of(governorId, numeric(e.proposalId()), e.position().blockNumber(), e.position().transactionHash());
        } else if (event instanceof GovernanceEvent.ProposalCanceled e) {
            sql = "UPDATE proposal SET canceled_block = COALESCE(canceled_block, $3), "
                    + "canceled_tx = COALESCE(canceled_tx, $4) WHERE governor_id = $1 AND proposal_id = $2";
            args = Tuple.of(governorId, numeric(e.proposalId()), e.position().blockNumber(), e.position().transactionHash());
        } else if (event instanceof GovernanceEvent.ProposalExtended e) {
            sql = "UPDATE proposal SET extended_deadline = $3, extended_block = $4 "
                    + "WHERE governor_id = $1 AND proposal_id = $2 AND (extended_block IS NULL OR extended_block <= $4)";
            args = Tuple.of(governorId, numeric(e.proposalId()), numeric(e.extendedDeadline()), e.position().blockNumber());
        } else {
            throw new IllegalArgumentException("not a lifecycle event: " + event);
        }
        return tx.preparedQuery(sql).execute(args).replaceWithVoid();
    }
}
