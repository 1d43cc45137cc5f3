package dev.govengine.sync;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.chain.ChainReader;
import dev.govengine.chain.ChecksumAddress;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.ClockMode;
import dev.govengine.governance.GovernanceEvent;
import dev.govengine.governance.GovernanceLogDecoder;
import dev.govengine.governance.GovernorDiscovery;
import dev.govengine.governance.GovernorInfo;
import dev.govengine.live.IndexedNotice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * One governor's pipeline, run on a worker thread: discover the Governor, check the cursor is still on the
 * canonical chain (rolling back to the common ancestor if not), then index block ranges up to the head, each in
 * one transaction with its cursor.
 */
@ApplicationScoped
public class GovernorSyncer {
    private static final Logger LOG = Logger.getLogger(GovernorSyncer.class);
    /** How far back a reorg is searched for; deeper ones re-index the governor from its start block. */
    private static final int MAX_REORG_DEPTH = 256;

    private final ChainReader reader;
    private final LogRangeFetcher fetcher;
    private final GovernorDiscovery discovery;
    private final SyncStore store;
    private final RangeWriter writer;
    private final ReorgRollback rollback;
    private final SyncProgress progress;
    private final LogRangeFetcher.RangeBounds bounds;

    @Inject
    public GovernorSyncer(ChainReader reader, LogRangeFetcher fetcher, GovernorDiscovery discovery, SyncStore store,
            RangeWriter writer, ReorgRollback rollback, SyncProgress progress, EngineConfig config) {
        this.reader = reader;
        this.fetcher = fetcher;
        this.discovery = discovery;
        this.store = store;
        this.writer = writer;
        this.rollback = rollback;
        this.progress = progress;
        this.bounds = new LogRangeFetcher.RangeBounds(config.sync().initialRange(), config.sync().maxRange());
    }

    /** Indexes the governor up to the chain's current head; returns the block it reached. */
    public long syncToHead(IndexedGovernor governor) {
        if (!store.discovered(governor)) {
            GovernorInfo info = discovery.discover(governor.chain(), governor.address());
            store.storeDiscovery(governor, info);
            LOG.infof("%s: %s, token %s, timelock %s, clock %s", governor.id(), info.name(), info.token(),
                    info.timelock(), info.clockMode().value());
        }
        ChecksumAddress token = ChecksumAddress.of(store.token(governor));
        List<ChecksumAddress> addresses = List.of(governor.address(), token);

        long head = reader.headBlock(governor.chain());
        Optional<Cursor> cursor = store.cursor(governor);
        if (cursor.isPresent() && !onCanonicalChain(governor, cursor.get())) {
            cursor = rollBackToAncestor(governor, cursor.get());
        }
        long from = cursor.map(c -> c.block() + 1).orElse(governor.startBlock());
        progress.started(governor, from, head);
        while (from <= head) {
            LogRangeFetcher.Batch batch = fetcher.fetch(governor.chain(), from, head, bounds, addresses,
                    GovernanceLogDecoder.ALL_TOPICS);
            Optional<Cursor> next = indexBatch(governor, token, batch, cursor);
            if (next.isEmpty()) {
                cursor = rollBackToAncestor(governor, cursor.orElseThrow());
                from = cursor.map(c -> c.block() + 1).orElse(governor.startBlock());
                continue;
            }
            cursor = next;
            from = batch.to() + 1;
            progress.advanced(governor, batch.to(), head, batch.logs().size());
        }
        readQuorums(governor, cursor);
        return cursor.map(Cursor::block).orElse(governor.startBlock() - 1);
    }

    /**
     * Writes one batch; returns empty if the chain reorganized under it (the block before the batch is no longer the
     * cursor's block), in which case nothing was written.
     */
    private Optional<Cursor> indexBatch(IndexedGovernor governor, ChecksumAddress token, LogRangeFetcher.Batch batch,
            Optional<Cursor> cursor) {
        TreeSet<Long> blocks = new TreeSet<>();
        batch.logs().forEach(log -> blocks.add(log.blockNumber()));
        blocks.add(batch.to());
        cursor.ifPresent(c -> blocks.add(c.block()));
        Map<Long, BlockHeader> headers = new TreeMap<>();
        reader.headers(governor.chain(), blocks).forEach(h -> headers.put(h.number(), h));

        if (cursor.isPresent() && !headers.get(cursor.get().block()).hash().equals(cursor.get().hash())) {
            return Optional.empty();
        }
        for (ChainLog log : batch.logs()) {
            if (!headers.get(log.blockNumber()).hash().equals(log.blockHash())) {
                throw new ReorgDuringFetchException(governor.chain(), log.blockNumber());
            }
        }
        List<GovernanceEvent> events = new ArrayList<>(batch.logs().size());
        for (ChainLog log : batch.logs()) {
            GovernanceLogDecoder.decode(log, headers.get(log.blockNumber()).timestamp(), governor.address(), token)
                    .ifPresent(events::add);
        }
        cursor.ifPresent(c -> headers.remove(c.block()));
        Cursor next = new Cursor(batch.to(), headers.get(batch.to()).hash());
        writer.write(governor, events, headers.values(), cursor.orElse(null), next);
        return Optional.of(next);
    }

    private boolean onCanonicalChain(IndexedGovernor governor, Cursor cursor) {
        return reader.headers(governor.chain(), List.of(cursor.block())).get(0).hash().equals(cursor.hash());
    }

    private Optional<Cursor> rollBackToAncestor(IndexedGovernor governor, Cursor orphaned) {
        Map<Long, String> stored = store.storedHashes(governor.chain(), orphaned.block(), governor.startBlock(), MAX_REORG_DEPTH);
        List<BlockHeader> canonical = reader.headers(governor.chain(), stored.keySet());
        Cursor ancestor = null;
        for (BlockHeader header : canonical) {
            if (header.hash().equals(stored.get(header.number()))) {
                ancestor = new Cursor(header.number(), header.hash());
                break;
            }
        }
        LOG.warnf("%s: reorg below block %d; rolling back to %s", governor.id(), orphaned.block(),
                ancestor == null ? "the start block" : "block " + ancestor.block());
        rollback.rollBack(governor, ancestor);
        progress.reorged(governor);
        return Optional.ofNullable(ancestor);
    }

    /** Quorum is the Governor's own answer at the snapshot, read once the snapshot is in the past. */
    private void readQuorums(IndexedGovernor governor, Optional<Cursor> cursor) {
        if (cursor.isEmpty()) {
            return;
        }
        BigInteger now = clockAt(governor, cursor.get());
        boolean stored = false;
        for (Map.Entry<BigInteger, BigInteger> proposal : store.proposalsAwaitingQuorum(governor, now)) {
            BigInteger quorum = discovery.quorum(governor.chain(), governor.address(), proposal.getValue());
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
