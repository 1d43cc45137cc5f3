package dev.govengine.governance.index;

import static dev.govengine.persistence.Batches.execute;

import dev.govengine.chain.ChainLog;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.GovernanceEvent;
import dev.govengine.governance.GovernanceLogDecoder;
import dev.govengine.governance.GovernorDiscovery;
import dev.govengine.governance.TokenInfo;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.types.ChecksumAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The balances a governor's token held before the governor's start block, which its indexed range cannot show. They
 * are the sums of the token's Transfers from block 0 to the block before the start block, read once, before the
 * first range, in the indexer's adaptive ranges, and written as one row per account at that block, with the mark
 * that they are written, in one transaction. Summing the logs, rather than asking balanceOf at that block, needs no
 * state of an old block and finds every holder, including one that never moves its tokens afterwards.
 */
@ApplicationScoped
public class TokenBalanceSeed {
    private static final Logger LOG = Logger.getLogger(TokenBalanceSeed.class);

    private final GovernorDiscovery discovery;
    private final LogRangeFetcher fetcher;
    private final LogRangeFetcher.RangeBounds bounds;
    private final Pool pool;
    private final WorkerDb db;

    @Inject
    public TokenBalanceSeed(GovernorDiscovery discovery, LogRangeFetcher fetcher, EngineConfig config, Pool pool,
            WorkerDb db) {
        this.discovery = discovery;
        this.fetcher = fetcher;
        this.bounds = new LogRangeFetcher.RangeBounds(config.sync().initialRange(), config.sync().maxRange(),
                config.sync().maxLogsPerRange());
        this.pool = pool;
        this.db = db;
    }

    /**
     * Seeds the balances held before the start block unless done; a token without supply there (the common case:
     * deployed at or after the start block) needs no scan.
     */
    public void seedIfNeeded(IndexedGovernor governor, ChecksumAddress token) {
        if (seeded(governor)) {
            return;
        }
        TokenInfo info = discovery.token(governor.chain(), token, governor.startBlock());
        long before = governor.startBlock() - 1;
        List<BalanceChanges.Change> seeds = info.heldBeforeStart() ? held(governor, token, before) : List.of();
        db.await(pool.withTransaction(tx -> GovernorRows.insertBalanceChanges(tx, governor.id(), seeds)
                        .chain(() -> execute(tx, "UPDATE governor SET token_seeded = true WHERE id = $1",
                                governor.id()))),
                "seeding the token balances of " + governor.id());
        if (!seeds.isEmpty()) {
            LOG.infof("%s: %d balances held before start block %d seeded from the token's Transfers", governor.id(),
                    seeds.size(), governor.startBlock());
        }
    }

    private boolean seeded(IndexedGovernor governor) {
        return db.await(pool.preparedQuery("SELECT token_seeded FROM governor WHERE id = $1")
                .execute(Tuple.of(governor.id())), "reading whether " + governor.id() + " has its balances seeded")
                .iterator().next().getBoolean("token_seeded");
    }

    /** Netted range by range, so memory holds one entry per account, not every transfer since block 0. */
    private List<BalanceChanges.Change> held(IndexedGovernor governor, ChecksumAddress token, long before) {
        Map<ChecksumAddress, BigInteger> balances = new LinkedHashMap<>();
        long from = 0;
        while (from <= before) {
            LogRangeFetcher.Batch batch = fetcher.fetch(governor.chain(), from, before, bounds, List.of(token),
                    GovernanceLogDecoder.TRANSFER_TOPICS);
            List<GovernanceEvent.TokenTransfer> transfers = new ArrayList<>(batch.logs().size());
            for (ChainLog log : batch.logs()) {
                GovernanceLogDecoder.decode(log, 0, governor.address(), token)
                        .ifPresent(event -> transfers.add((GovernanceEvent.TokenTransfer) event));
            }
            BalanceChanges.atBlock(transfers, before)
                    .forEach(change -> balances.merge(change.account(), change.delta(), BigInteger::add));
            from = batch.to() + 1;
        }
        List<BalanceChanges.Change> seeds = new ArrayList<>(balances.size());
        balances.forEach((account, balance) -> {
            if (balance.signum() != 0) {
                seeds.add(new BalanceChanges.Change(account, before, balance));
            }
        });
        return seeds;
    }
}
