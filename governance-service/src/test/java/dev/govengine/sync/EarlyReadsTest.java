package dev.govengine.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.chain.ChainReader;
import dev.govengine.config.EngineConfig;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.governance.index.EarlyGovernors;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.GovernorSyncer;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What {@code serve} reads from the chain before the service has its database, on a fresh one ({@link EarlyGovernors},
 * {@link EarlyRanges}): the first cycle takes the governor's discovery and first range in place of its own reads and
 * indexes exactly what it would have indexed without them; reads that no longer fit the index are dropped.
 */
@QuarkusTest
class EarlyReadsTest {
    private static final String EARLY_MARK = "before the service started";

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ReorgRollback rollback;

    @Inject
    GovernorSyncer syncer;

    @Inject
    ChainReader reader;

    @Inject
    EngineConfig config;

    @Inject
    Pool pool;

    @Test
    void theFirstCycleTakesTheEarlyReadsAndIndexesWhatItWouldHaveRead() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl)) {
            dao.seedDemo();
            IndexedGovernor governor = IndexedGovernor.of("early", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                    dao.governorAddress(), dao.dao.startBlock());
            EarlyGovernors.read(List.of(governor), config.sync(), reader);
            registry.register(governor);
            try {
                List<String> early;
                try (LogCapture logs = new LogCapture()) {
                    assertEquals(dao.blockNumber(), coordinator.runCycle().get(governor.id()));
                    List<String> taken = lines(logs, governor);
                    assertEquals(2, taken.size(), "the discovery and the first range were taken: " + taken);
                    assertTrue(taken.get(1).startsWith(governor.id() + ": blocks " + dao.dao.startBlock() + " to "),
                            taken.get(1));
                }
                early = IndexSnapshot.of(pool, governor.id());
                assertEquals(8L, IndexSnapshot.count(pool, "vote", governor.id()), "the demo casts eight votes");

                rollback.rollBack(syncer.source(governor), null);
                try (LogCapture logs = new LogCapture()) {
                    assertEquals(dao.blockNumber(), coordinator.runCycle().get(governor.id()));
                    assertEquals(List.of(), lines(logs, governor), "the early reads are given once");
                }
                assertEquals(early, IndexSnapshot.of(pool, governor.id()),
                        "the same rows as the governor indexed from its own reads");
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    @Test
    void earlyReadsForAGovernorTheIndexAlreadyHoldsAreDropped() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl)) {
            dao.seedDemo();
            IndexedGovernor governor = registry.register(IndexedGovernor.of("indexed-before", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            try {
                coordinator.runCycle();
                List<String> indexed = IndexSnapshot.of(pool, governor.id());
                EarlyGovernors.read(List.of(governor), config.sync(), reader);
                try (LogCapture logs = new LogCapture()) {
                    coordinator.runCycle();
                    assertEquals(List.of(), lines(logs, governor),
                            "a discovered governor with a cursor takes neither the answers nor the first range");
                }
                // Were the early range still held, a start over from nothing would now take it: it was dropped.
                rollback.rollBack(syncer.source(governor), null);
                try (LogCapture logs = new LogCapture()) {
                    assertEquals(dao.blockNumber(), coordinator.runCycle().get(governor.id()));
                    assertEquals(List.of(), lines(logs, governor), "dropped, not kept for later");
                }
                assertEquals(indexed, IndexSnapshot.of(pool, governor.id()));
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    @Test
    void aGovernorConfiguredOtherwiseThanItWasReadForReadsItself() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl)) {
            dao.seedDemo();
            long start = dao.dao.startBlock();
            IndexedGovernor readFor = IndexedGovernor.of("moved-start", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                    dao.governorAddress(), start);
            EarlyGovernors.read(List.of(readFor), config.sync(), reader);
            IndexedGovernor governor = registry.register(IndexedGovernor.of("moved-start", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), start + 1));
            try (LogCapture logs = new LogCapture()) {
                assertEquals(dao.blockNumber(), coordinator.runCycle().get(governor.id()));
                assertEquals(List.of(), lines(logs, governor),
                        "read from another start block: neither the answers nor the range are taken");
                assertEquals(8L, IndexSnapshot.count(pool, "vote", governor.id()));
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    /** The lines saying the governor's discovery or a range of it was read before the service started. */
    private static List<String> lines(LogCapture logs, IndexedGovernor governor) {
        return logs.lines().stream().filter(line -> line.level().intValue() == Level.INFO.intValue()).map(LogCapture.Line::text)
                .filter(text -> text.startsWith(governor.id() + ":") && text.contains(EARLY_MARK)).toList();
    }
}
