package dev.govengine.sync;

import static dev.govengine.sync.DaoOnAnvil.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.Tally;
import dev.govengine.testing.AnvilResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** A reorg under the index: after following it, the index equals a fresh index of the canonical chain. */
@QuarkusTest
class ReorgTest {
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
    GovernanceQueries queries;

    @Inject
    Pool pool;

    @Test
    void reorgedVotesAndDelegationsAreReplacedByTheCanonicalOnes() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(alice, 100),
                DaoOnAnvil.holding(bob, 100), DaoOnAnvil.holding(carol, 100)))) {
            for (Credentials holder : List.of(alice, bob, carol)) {
                dao.token(holder).delegate(holder.getAddress()).send();
            }
            dao.anvil.mine(1);
            BigInteger proposal = dao.propose(alice, "# Reorg me\nbody");
            dao.anvil.mine(DaoOnAnvil.VOTING_DELAY.longValueExact() + 1);
            IndexedGovernor governor = registry.register(IndexedGovernor.of("reorg", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            coordinator.runCycle();

            String beforeFork = dao.anvil.snapshot();
            dao.vote(alice, proposal, 1);
            dao.vote(bob, proposal, 0);
            dao.token(carol).delegate(alice.getAddress()).send();
            dao.anvil.mine(2);
            coordinator.runCycle();
            assertEquals(2L, queries.tally(governor.id(), proposal).await().indefinitely().voters(), "orphaned votes indexed");
            List<String> orphanedIndex = IndexSnapshot.of(pool, governor.id());

            dao.anvil.revert(beforeFork);
            dao.vote(carol, proposal, 1);
            dao.vote(alice, proposal, 0);
            dao.token(bob).delegate(carol.getAddress()).send();
            dao.anvil.mine(3);
            assertEquals(dao.blockNumber(), coordinator.runCycle().get(governor.id()));

            Tally tally = queries.tally(governor.id(), proposal).await().indefinitely();
            assertEquals(2L, tally.voters());
            assertEquals(tokens(100), tally.forVotes(), "carol for");
            assertEquals(tokens(100), tally.against(), "alice against; bob's orphaned vote is gone");
            assertEquals(tokens(200), queries.votingPower(governor.id(), ChecksumAddress.of(carol.getAddress())).await().indefinitely());
            assertEquals(ChecksumAddress.of(carol.getAddress()),
                    queries.delegate(governor.id(), ChecksumAddress.of(carol.getAddress())).await().indefinitely().orElseThrow(),
                    "carol's orphaned delegation to alice is gone; she delegates to herself again");
            List<String> followedReorg = IndexSnapshot.of(pool, governor.id());
            assertNotEquals(orphanedIndex, followedReorg);

            rollback.rollBack(syncer.source(governor), null);
            assertEquals(0L, IndexSnapshot.count(pool, "vote", governor.id()), "the fresh index starts empty");
            coordinator.runCycle();
            assertEquals(followedReorg, IndexSnapshot.of(pool, governor.id()), "following the reorg equals a fresh index");
            assertTrue(followedReorg.size() > 10);
        }
    }
}
