package dev.govengine.governance.index;

import dev.govengine.chain.ChainReader;
import dev.govengine.governance.ClockMode;
import dev.govengine.governance.GovernorDiscovery;
import dev.govengine.governance.GovernorFamily;
import dev.govengine.governance.GovernorInfo;
import dev.govengine.governance.TokenInfo;
import dev.govengine.sync.Cursor;
import dev.govengine.sync.IndexedNotice;
import dev.govengine.sync.LogSourceSyncer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One governor's cycle: discover the Governor the first time, run its {@link GovernorSource} through the pipeline,
 * then read the quorums whose snapshots have passed.
 */
@ApplicationScoped
public class GovernorSyncer {
    private static final Logger LOG = Logger.getLogger(GovernorSyncer.class);

    private final ChainReader reader;
    private final GovernorDiscovery discovery;
    private final GovernorStore store;
    private final LogSourceSyncer pipeline;
    private final ProposalChainStates chainStates;
    private final TokenBalanceSeed balanceSeed;
    private final VoteIndexes voteIndexes;

    @Inject
    public GovernorSyncer(ChainReader reader, GovernorDiscovery discovery, GovernorStore store, LogSourceSyncer pipeline,
            ProposalChainStates chainStates, TokenBalanceSeed balanceSeed, VoteIndexes voteIndexes) {
        this.balanceSeed = balanceSeed;
        this.voteIndexes = voteIndexes;
        this.reader = reader;
        this.discovery = discovery;
        this.store = store;
        this.pipeline = pipeline;
        this.chainStates = chainStates;
    }

    /** Indexes the governor up to the chain's current head; returns the block it reached. */
    public long syncToHead(IndexedGovernor governor) {
        // Taken whether or not it is used: what was asked before the service started is for its first cycle only.
        EarlyGovernors.Discovered early = EarlyGovernors.take(governor).orElse(null);
        if (!store.discovered(governor)) {
            GovernorInfo info = early != null ? early.info() : discovery.discover(governor.chain(), governor.address());
            TokenInfo token = early != null ? early.token()
                    : discovery.token(governor.chain(), info.token(), governor.startBlock());
            store.storeToken(governor, token);
            store.storeDiscovery(governor, info);
            LOG.infof("%s: %s (%s), token %s, timelock %s (salt %s), clock %s%s, counting %s%s", governor.id(),
                    info.name(), info.family().column(), info.token(), info.timelock(),
                    info.timelockSalt() == null ? "none" : info.timelockSalt().value(), info.clockMode().value(),
                    info.ownClock() ? " (its own)" : "", info.countingMode(),
                    early != null ? "; asked before the service started" : "");
        }
        GovernorSource source = source(governor);
        balanceSeed.seedIfNeeded(governor, source.token());
        Optional<Cursor> cursor;
        try (VoteIndexes.Cycle indexing = voteIndexes.cycle(governor, source.votesOnce())) {
            cursor = pipeline.syncToHead(source);
        }
        readQuorums(governor, source.family(), cursor);
        return cursor.map(Cursor::block).orElse(governor.startBlock() - 1);
    }

    /** The governor as a log source; it must have been discovered (its token is known). */
    public GovernorSource source(IndexedGovernor governor) {
        return store.source(governor, chainStates);
    }

    /**
     * Quorum is the Governor's own answer at the snapshot. It comes with the Governor's other answers at the indexed
     * block (ProposalChainStates); this reads it at the latest block, where a past snapshot's quorum is the same, for
     * the proposals a node without old state could not answer for, whose state is then derived from events.
     */
    private void readQuorums(IndexedGovernor governor, GovernorFamily family, Optional<Cursor> cursor) {
        if (cursor.isEmpty()) {
            return;
        }
        BigInteger now = clockAt(governor, cursor.get());
        boolean stored = false;
        for (Map.Entry<BigInteger, BigInteger> proposal : store.proposalsAwaitingQuorum(governor, now)) {
            BigInteger quorum = discovery.quorum(governor.chain(), governor.address(), family, proposal.getValue());
            if (quorum != null) {
                store.storeQuorum(governor, proposal.getKey(), quorum, cursor.get().block());
                stored = true;
            }
        }
        if (stored) {
            // A state past the deadline needs the quorum: live events derive it again once the quorum is in.
            store.announce(IndexedNotice.factsChanged(governor.id(), cursor.get().block()));
        }
    }

    private BigInteger clockAt(IndexedGovernor governor, Cursor cursor) {
        if (store.clockMode(governor) == ClockMode.TIMESTAMP) {
            return BigInteger.valueOf(reader.headers(governor.chain(), List.of(cursor.block())).get(0).timestamp());
        }
        return BigInteger.valueOf(cursor.block());
    }
}
