package dev.govengine.sync;

import static dev.govengine.sync.DaoOnAnvil.tokens;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.api.WalletOperations;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.Tally;
import dev.govengine.governance.index.ChainStatus;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.GovernorSyncer;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.governance.index.IndexerStatusService;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.tuples.generated.Tuple3;

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

    @Inject
    IndexerStatusService status;

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
            long forkTimestamp = dao.latestTimestamp();
            long deadline = dao.governor(null).proposalDeadline(proposal).send().longValueExact();
            dao.vote(alice, proposal, 1);
            dao.vote(bob, proposal, 0);
            dao.token(carol).delegate(alice.getAddress()).send();
            // Past the deadline, a day later than the canonical chain will be: its block holds no log.
            dao.anvil.increaseTime(86_400);
            dao.anvil.mine(deadline + 1 - dao.blockNumber());
            coordinator.runCycle();
            assertEquals(2L, queries.tally(governor.id(), proposal).await().indefinitely().voters(), "orphaned votes indexed");
            assertEquals(iso(dao.timestampOf(deadline)), voteEndAt(governor, proposal), "the orphaned deadline's time");
            List<String> orphanedIndex = IndexSnapshot.of(pool, governor.id());

            dao.anvil.revert(beforeFork);
            dao.anvil.setNextBlockTimestamp(forkTimestamp + 1);
            dao.vote(carol, proposal, 1);
            dao.vote(alice, proposal, 0);
            dao.token(bob).delegate(carol.getAddress()).send();
            dao.anvil.mine(deadline + 2 - dao.blockNumber());
            assertEquals(dao.blockNumber(), coordinator.runCycle().get(governor.id()));
            assertTrue(dao.timestampOf(deadline) < forkTimestamp + 86_400);
            assertEquals(iso(dao.timestampOf(deadline)), voteEndAt(governor, proposal),
                    "the canonical deadline block's time replaces the orphaned one");

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

    private static String voteEndAt(IndexedGovernor governor, BigInteger proposal) {
        return WalletOperations.run("ProposalPage", Map.of("governor", governor.id(), "proposalId",
                proposal.toString())).body("errors", nullValue()).extract().jsonPath().getString("data.proposal.voteEndAt");
    }

    private static String iso(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    @Test
    void aShorterChainIsAReorgAndItsOrphanedRowsGoOnTheNextCycle() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        List<Credentials> holders = List.of(alice, bob, carol);
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(alice, 100),
                DaoOnAnvil.holding(bob, 100), DaoOnAnvil.holding(carol, 100)))) {
            for (Credentials holder : holders) {
                dao.token(holder).delegate(holder.getAddress()).send();
            }
            dao.anvil.mine(1);
            BigInteger kept = dao.propose(alice, "# Kept\nbody");
            dao.anvil.mine(DaoOnAnvil.VOTING_DELAY.longValueExact() + 1);
            IndexedGovernor governor = registry.register(IndexedGovernor.of("shorter", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            try {
                coordinator.runCycle();

                String beforeFork = dao.anvil.snapshot();
                long forkHead = dao.blockNumber();
                BigInteger orphaned = dao.propose(bob, "# Orphaned\nbody");
                dao.vote(alice, kept, 1);
                dao.vote(bob, kept, 0);
                dao.token(carol).delegate(alice.getAddress()).send();
                dao.anvil.mine(1);
                assertEquals(forkHead + 5, dao.blockNumber());
                assertEquals(forkHead + 5, coordinator.runCycle().get(governor.id()));
                assertEquals(2L, queries.tally(governor.id(), kept).await().indefinitely().voters(), "orphaned votes indexed");
                assertTrue(queries.proposal(governor.id(), orphaned).await().indefinitely().isPresent());

                dao.anvil.revert(beforeFork);
                dao.anvil.mine(2);
                long head = dao.blockNumber();
                assertEquals(forkHead + 2, head, "the chain is now 3 blocks shorter than the index");
                ChainStatus offChain = anvilStatus();
                assertEquals(Long.toString(head), offChain.headBlock());
                assertEquals(Long.toString(forkHead + 5), offChain.indexedBlock());
                assertNull(offChain.lagBlocks(), "no lag, 0 least of all, while the index is above the head");
                assertEquals(Boolean.FALSE, offChain.indexedBlockCanonical());

                assertEquals(head, coordinator.runCycle().get(governor.id()));

                assertNull(syncError(governor));
                assertTrue(queries.proposal(governor.id(), orphaned).await().indefinitely().isEmpty(),
                        "the orphaned proposal is gone");
                assertThrows(Exception.class, () -> dao.chainState(orphaned), "the chain does not know it either");
                assertEquals(0L, queries.tally(governor.id(), kept).await().indefinitely().voters(), "orphaned votes are gone");
                Tuple3<BigInteger, BigInteger, BigInteger> votes = dao.governor(null).proposalVotes(kept).send();
                assertEquals(new Tally(votes.component1(), votes.component2(), votes.component3(), 0),
                        queries.tally(governor.id(), kept).await().indefinitely(), "tally equals proposalVotes()");
                assertEquals(dao.chainState(kept), queries.state(governor.id(), kept).await().indefinitely().orElseThrow(),
                        "state equals state()");
                for (Credentials holder : holders) {
                    ChecksumAddress account = ChecksumAddress.of(holder.getAddress());
                    assertEquals(dao.token(null).getVotes(holder.getAddress()).send(),
                            queries.votingPower(governor.id(), account).await().indefinitely(), "getVotes of " + account);
                    assertEquals(account, queries.delegate(governor.id(), account).await().indefinitely().orElseThrow(),
                            "carol's orphaned delegation is gone");
                }
                List<String> followedReorg = IndexSnapshot.of(pool, governor.id());
                rollback.rollBack(syncer.source(governor), null);
                coordinator.runCycle();
                assertEquals(followedReorg, IndexSnapshot.of(pool, governor.id()), "following the reorg equals a fresh index");

                ChainStatus followed = anvilStatus();
                assertEquals(Boolean.TRUE, followed.indexedBlockCanonical());
                assertEquals("0", followed.lagBlocks());
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    @Test
    void aReorgDeeperThanTheLimitStopsThatGovernorAloneWithAClearError() throws Exception {
        Credentials alice = DevAccounts.account(1);
        try (DaoOnAnvil deep = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(alice, 100)));
                DaoOnAnvil later = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(alice, 100)))) {
            IndexedGovernor stopped = registry.register(IndexedGovernor.of("deep", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, deep.governorAddress(), deep.dao.startBlock()));
            IndexedGovernor other = null;
            try {
                String beforeFork = deep.anvil.snapshot();
                long forkHead = deep.blockNumber();
                deep.token(alice).delegate(alice.getAddress()).send();
                deep.anvil.mine(39);
                long indexed = coordinator.runCycle().get(stopped.id());
                assertEquals(forkHead + 40, indexed);
                List<String> orphanedIndex = IndexSnapshot.of(pool, stopped.id());

                deep.anvil.revert(beforeFork);
                deep.anvil.mine(3);
                other = registry.register(IndexedGovernor.of("later", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                        later.governorAddress(), later.dao.startBlock()));
                Map<String, Long> reached = coordinator.runCycle();

                assertFalse(reached.containsKey(stopped.id()), "the deep reorg is not followed");
                assertEquals(later.blockNumber(), reached.get(other.id()), "the other governor is indexed");
                String error = syncError(stopped);
                assertTrue(error.startsWith("reorg deeper than gov.sync.max-reorg-depth (32 blocks): indexed block "
                        + indexed + " ("), error);
                assertTrue(error.contains("(head " + (forkHead + 3) + "), nor is any stored block from "
                        + (indexed - 32) + "; indexing of " + stopped.id() + " stopped"), error);
                assertEquals(orphanedIndex, IndexSnapshot.of(pool, stopped.id()),
                        "nothing is rolled back to a guessed ancestor");

                later.token(alice).delegate(alice.getAddress()).send();
                deep.anvil.mine(40);
                reached = coordinator.runCycle();
                assertFalse(reached.containsKey(stopped.id()), "a stopped governor stays stopped, though the chain "
                        + "is as high again");
                assertEquals(later.blockNumber(), reached.get(other.id()));
                assertEquals(ChecksumAddress.of(alice.getAddress()), queries.delegate(other.id(),
                        ChecksumAddress.of(alice.getAddress())).await().indefinitely().orElseThrow());
                assertEquals(error, syncError(stopped));
                assertEquals(Boolean.FALSE, anvilStatus().indexedBlockCanonical());
            } finally {
                registry.unregister(stopped.id());
                if (other != null) {
                    registry.unregister(other.id());
                }
            }
        }
    }

    private ChainStatus anvilStatus() {
        return status.status().await().indefinitely().stream().filter(c -> c.chain().equals(AnvilResource.CHAIN))
                .findFirst().orElseThrow();
    }

    private String syncError(IndexedGovernor governor) {
        return pool.preparedQuery("SELECT sync_error FROM governor WHERE id = $1").execute(Tuple.of(governor.id()))
                .await().indefinitely().iterator().next().getString(0);
    }
}
