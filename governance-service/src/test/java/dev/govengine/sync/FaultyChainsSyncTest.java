package dev.govengine.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.FaultyChainsProfile;
import dev.govengine.testing.FlakyRpcProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The indexer meets real-world failure: flaky providers, a node on the wrong network, an address that is no Governor. */
@QuarkusTest
@TestProfile(FaultyChainsProfile.class)
class FaultyChainsSyncTest {
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
    Pool pool;

    @Test
    void aFlakyProviderEndsWithTheSameIndexAsAHealthyOne() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl);
                FlakyRpcProxy proxy = new FlakyRpcProxy(FaultyChainsProfile.FLAKY_PROXY_PORT, rpcUrl)) {
            dao.seedDemo();
            IndexedGovernor direct = registry.register(IndexedGovernor.of("direct", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            coordinator.runCycle();
            List<String> healthy = IndexSnapshot.of(pool, direct.id());
            assertEquals(8L, IndexSnapshot.count(pool, "vote", direct.id()), "the demo casts eight votes");

            rollback.rollBack(syncer.source(direct), null);
            IndexedGovernor flaky = registry.register(IndexedGovernor.of("through-proxy", "flaky",
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            long head = dao.blockNumber();
            for (int cycle = 0; cycle < 20 && !Long.valueOf(head).equals(coordinator.runCycle().get(flaky.id())); cycle++) {
                // a cycle that fails keeps its cursor; the next one resumes from it
            }
            assertEquals(healthy, IndexSnapshot.of(pool, flaky.id()),
                    "same rows, none missing, none twice: " + proxy + ", last error: " + syncError(flaky));
            assertTrue(proxy.faults() > 5, "the proxy really failed requests: " + proxy);
            assertTrue(proxy.refusedRanges() > 0, "ranges were narrowed to what the provider accepts");
            registry.register(direct);
        }
    }

    @Test
    void aGovernorOnTheWrongChainOrNotAGovernorFailsAloneWithAClearError() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl)) {
            dao.seedDemo();
            IndexedGovernor healthy = registry.register(IndexedGovernor.of("healthy", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            IndexedGovernor wrongChain = registry.register(IndexedGovernor.of("wrong-chain", "wrongid", 1,
                    dao.governorAddress(), dao.dao.startBlock()));
            IndexedGovernor token = registry.register(IndexedGovernor.of("not-a-governor", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.dao.token().address(), dao.dao.startBlock()));

            Map<String, Long> reached = coordinator.runCycle();

            assertEquals(dao.blockNumber(), reached.get(healthy.id()), "the healthy governor is fully indexed");
            assertFalse(reached.containsKey(wrongChain.id()));
            assertFalse(reached.containsKey(token.id()));
            assertNull(syncError(healthy));
            assertEquals("gov.chains.wrongid.chain-id is 1 but the node reports 31337", syncError(wrongChain));
            assertTrue(syncError(token).contains(dao.dao.token().address() + " on chain 'anvil' does not answer votingPeriod() "
                    + "and token(): it is not an OpenZeppelin Governor"), syncError(token));
        }
    }

    private String syncError(IndexedGovernor governor) {
        return pool.preparedQuery("SELECT sync_error FROM governor WHERE id = $1").execute(Tuple.of(governor.id()))
                .await().indefinitely().iterator().next().getString(0);
    }
}
