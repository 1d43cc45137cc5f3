package dev.govengine.sync;

import static dev.govengine.sync.DaoOnAnvil.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.FunctionSelectors;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalAction;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.Tally;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The indexer against a real Anvil and a real PostgreSQL: what it derives must be what the contracts say. */
@QuarkusTest
class GovernanceIndexerTest {
    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    GovernanceQueries queries;

    @Inject
    Pool pool;

    private IndexedGovernor register(DaoOnAnvil dao, String name) {
        return registry.register(IndexedGovernor.of(name, AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                dao.governorAddress(), dao.dao.startBlock()));
    }

    private long sync(IndexedGovernor governor) {
        Map<String, Long> reached = coordinator.runCycle();
        assertTrue(reached.containsKey(governor.id()), "synced " + governor.id() + ": " + error(governor));
        return reached.get(governor.id());
    }

    @Test
    void everyProposalStateMatchesTheGovernorAtTheIndexedHead() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl)) {
            DemoActivity.Summary demo = dao.seedDemo();
            Credentials alice = DevAccounts.account(1);
            Credentials bob = DevAccounts.account(2);

            String succeededText = "# Succeeded, never queued\nbody";
            BigInteger succeeded = dao.propose(alice, succeededText);
            String queuedText = "## Queued in the timelock\n\nbody";
            BigInteger queued = dao.propose(bob, queuedText);
            dao.anvil.mine(DaoOnAnvil.VOTING_DELAY.longValueExact() + 1);
            dao.vote(alice, succeeded, 1);
            dao.vote(alice, queued, 1);
            dao.vote(bob, queued, 2);
            dao.anvil.mine(DaoOnAnvil.VOTING_PERIOD.longValueExact());
            dao.queue(bob, queuedText);

            String canceledText = "Canceled while pending #proposer=" + alice.getAddress();
            BigInteger canceled = dao.propose(alice, canceledText);
            dao.cancel(alice, canceledText);
            BigInteger pending = dao.propose(bob, "# Pending\nvotes open next block");

            IndexedGovernor governor = register(dao, "states");
            long head = sync(governor);
            assertEquals(dao.blockNumber(), head, "indexed up to the head");

            Map<BigInteger, ProposalState> expected = Map.of(
                    demo.executedProposal(), ProposalState.EXECUTED,
                    demo.defeatedProposal(), ProposalState.DEFEATED,
                    demo.activeProposal(), ProposalState.SUCCEEDED,
                    succeeded, ProposalState.SUCCEEDED,
                    queued, ProposalState.QUEUED,
                    canceled, ProposalState.CANCELED,
                    pending, ProposalState.PENDING);
            for (Map.Entry<BigInteger, ProposalState> proposal : expected.entrySet()) {
                assertEquals(proposal.getValue(), dao.chainState(proposal.getKey()), "the chain agrees on the scenario");
                assertEquals(proposal.getValue(), queries.state(governor.id(), proposal.getKey()).await().indefinitely()
                        .orElseThrow(), "derived state of " + proposal.getValue().name().toLowerCase() + " proposal");
                var onChain = dao.governor(null).proposalVotes(proposal.getKey()).send();
                Tally tally = queries.tally(governor.id(), proposal.getKey()).await().indefinitely();
                assertEquals(onChain.component1(), tally.against());
                assertEquals(onChain.component2(), tally.forVotes());
                assertEquals(onChain.component3(), tally.abstain());
            }
            assertEquals(3, queries.tally(governor.id(), demo.executedProposal()).await().indefinitely().voters());

            Row executed = row("SELECT title, proposer, executed_block IS NOT NULL, eta FROM proposal "
                    + "WHERE governor_id = $1 AND proposal_id = $2", governor.id(), demo.executedProposal());
            assertEquals("Fund the GPU grants program", executed.getString(0));
            assertEquals(DevAccounts.account(1).getAddress(), executed.getString(1).toLowerCase());
            assertEquals(dao.governor(null).quorum(dao.governor(null).proposalSnapshot(demo.executedProposal()).send()).send(),
                    queries.proposal(governor.id(), demo.executedProposal()).await().indefinitely().orElseThrow()
                            .quorum(), "quorum read at the snapshot");
            assertTrue(executed.getBoolean(2));
            assertEquals("Queued in the timelock", row("SELECT title FROM proposal WHERE governor_id = $1 AND proposal_id = $2",
                    governor.id(), queued).getString(0));
            assertEquals("Canceled while pending", row("SELECT title FROM proposal WHERE governor_id = $1 AND proposal_id = $2",
                    governor.id(), canceled).getString(0));

            List<ProposalAction> grant = queries.actions(governor.id(), demo.executedProposal()).await().indefinitely();
            assertEquals(1, grant.size());
            assertEquals(dao.dao.token().address(), grant.get(0).target());
            assertEquals(BigInteger.ZERO, grant.get(0).value());
            assertEquals(Optional.of("mint(address,uint256)"), grant.get(0).signature());
            assertEquals(Optional.of("updateQuorumNumerator(uint256)"),
                    queries.actions(governor.id(), demo.defeatedProposal()).await().indefinitely().get(0).signature());
            assertEquals(Optional.of("setVotingDelay(uint48)"),
                    queries.actions(governor.id(), demo.activeProposal()).await().indefinitely().get(0).signature());
            assertEquals(Optional.empty(), FunctionSelectors.known().signatureOf("0xdeadbeef"), "unknown selectors stay unnamed");

            Row settings = row("SELECT name, token, timelock, clock_mode, voting_delay, voting_period, quorum_numerator, "
                    + "quorum_denominator FROM governor WHERE id = $1", governor.id());
            assertEquals("Indexed DAO Governor", settings.getString(0));
            assertEquals(dao.dao.token().address().toString(), settings.getString(1));
            assertEquals(dao.dao.timelock().address().toString(), settings.getString(2));
            assertEquals("blocknumber", settings.getString(3));
            assertEquals(BigInteger.ONE, settings.getNumeric(4).bigIntegerValue());
            assertEquals(BigInteger.valueOf(10), settings.getNumeric(5).bigIntegerValue());
            assertEquals(BigInteger.valueOf(4), settings.getNumeric(6).bigIntegerValue());
            assertEquals(BigInteger.valueOf(100), settings.getNumeric(7).bigIntegerValue());

            dao.anvil.mine(DaoOnAnvil.VOTING_DELAY.longValueExact() + 1);
            sync(governor);
            assertEquals(ProposalState.ACTIVE, dao.chainState(pending));
            assertEquals(ProposalState.ACTIVE, queries.state(governor.id(), pending).await().indefinitely().orElseThrow(),
                    "Pending becomes Active with the clock alone, without any event");
        }
    }

    @Test
    void votingPowerAtPastTimepointsFollowsRedelegationsAndTransfers() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl,
                List.of(DaoOnAnvil.holding(alice, 100), DaoOnAnvil.holding(bob, 40)))) {
            List<Long> checkpoints = new ArrayList<>();
            dao.token(alice).delegate(alice.getAddress()).send();
            checkpoints.add(dao.blockNumber());
            dao.token(bob).delegate(alice.getAddress()).send();
            checkpoints.add(dao.blockNumber());
            dao.token(alice).transfer(carol.getAddress(), tokens(30)).send();
            checkpoints.add(dao.blockNumber());
            dao.token(bob).delegate(carol.getAddress()).send();
            checkpoints.add(dao.blockNumber());
            dao.token(carol).delegate(carol.getAddress()).send();
            checkpoints.add(dao.blockNumber());
            dao.token(alice).transfer(bob.getAddress(), tokens(20)).send();
            checkpoints.add(dao.blockNumber());
            dao.token(alice).delegate(bob.getAddress()).send();
            checkpoints.add(dao.blockNumber());
            dao.anvil.mine(1);

            IndexedGovernor governor = register(dao, "power");
            sync(governor);
            List<Credentials> accounts = List.of(alice, bob, carol);
            long first = checkpoints.get(0) - 1;
            for (long block = first; block <= checkpoints.get(checkpoints.size() - 1); block++) {
                for (Credentials account : accounts) {
                    BigInteger onChain = dao.token(null).getPastVotes(account.getAddress(), BigInteger.valueOf(block)).send();
                    BigInteger indexed = queries.votingPowerAt(governor.id(), ChecksumAddress.of(account.getAddress()),
                            BigInteger.valueOf(block)).await().indefinitely();
                    assertEquals(onChain, indexed, "votes of account " + account.getAddress() + " at block " + block);
                }
            }
            for (Credentials account : accounts) {
                ChecksumAddress address = ChecksumAddress.of(account.getAddress());
                assertEquals(dao.token(null).getVotes(account.getAddress()).send(),
                        queries.votingPower(governor.id(), address).await().indefinitely());
                assertEquals(ChecksumAddress.of(dao.token(null).delegates(account.getAddress()).send()),
                        queries.delegate(governor.id(), address).await().indefinitely().orElseThrow());
            }
            assertEquals(1L, queries.delegatorCount(governor.id(), ChecksumAddress.of(bob.getAddress())).await().indefinitely(),
                    "alice moved to bob");
            assertEquals(2L, queries.delegatorCount(governor.id(), ChecksumAddress.of(carol.getAddress())).await().indefinitely(),
                    "bob moved from alice to carol, and carol delegates to herself");
            assertEquals(0L, queries.delegatorCount(governor.id(), ChecksumAddress.of(alice.getAddress())).await().indefinitely());
        }
    }

    private String error(IndexedGovernor governor) {
        var rows = pool.preparedQuery("SELECT sync_error FROM governor WHERE id = $1").execute(Tuple.of(governor.id()))
                .await().indefinitely();
        return rows.size() == 0 ? "not registered" : String.valueOf(rows.iterator().next().getString(0));
    }

    private Row row(String sql, String governorId, BigInteger proposalId) {
        Tuple args = proposalId == null ? Tuple.of(governorId)
                : Tuple.of(governorId, dev.govengine.persistence.Numerics.numeric(proposalId));
        return pool.preparedQuery(sql).execute(args).await().indefinitely().iterator().next();
    }

    private Row row(String sql, String governorId) {
        return row(sql, governorId, null);
    }
}
