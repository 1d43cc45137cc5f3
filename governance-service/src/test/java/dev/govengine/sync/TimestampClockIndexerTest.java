package dev.govengine.sync;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.api.WalletOperations;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.persistence.Numerics;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * The indexer on a Governor in ERC-6372 timestamp mode (its token is TimestampGovernanceToken): snapshots, deadlines
 * and past voting power are timestamps, and the derived state follows the indexed head's timestamp, not its number.
 * Blocks are mined at chosen timestamps, so every boundary is hit on the second whatever the wall clock does.
 */
@QuarkusTest
class TimestampClockIndexerTest {
    /** Seconds. Far more than the blocks the scenario mines, so a block-number reading of them would go wrong. */
    private static final BigInteger VOTING_DELAY = BigInteger.valueOf(100);
    private static final BigInteger VOTING_PERIOD = BigInteger.valueOf(1_000);

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

    private DaoOnAnvil timestampDao(List<DeploymentSettings.Allocation> supply) throws Exception {
        return new DaoOnAnvil(rpcUrl, supply, DeploymentSettings.Clock.TIMESTAMP, VOTING_DELAY, VOTING_PERIOD);
    }

    private IndexedGovernor register(DaoOnAnvil dao, String name) {
        return registry.register(IndexedGovernor.of(name, AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                dao.governorAddress(), dao.dao.startBlock()));
    }

    /** Indexes to the chain's head; nothing may be mined between this and the chain reads that follow it. */
    private void syncToHead(DaoOnAnvil dao, IndexedGovernor governor) throws Exception {
        Map<String, Long> reached = coordinator.runCycle();
        assertTrue(reached.containsKey(governor.id()), "synced " + governor.id() + ": " + error(governor));
        assertEquals(dao.blockNumber(), reached.get(governor.id()), "indexed up to the head");
        assertEquals(BigInteger.valueOf(dao.latestTimestamp()), queries.clock(governor.id()).await().indefinitely(),
                "the indexed clock is the head's timestamp");
    }

    private void assertStates(DaoOnAnvil dao, IndexedGovernor governor, Map<BigInteger, ProposalState> expected)
            throws Exception {
        syncToHead(dao, governor);
        for (Map.Entry<BigInteger, ProposalState> proposal : expected.entrySet()) {
            String what = proposal.getValue().name().toLowerCase() + " proposal";
            assertEquals(proposal.getValue(), dao.chainState(proposal.getKey()), "the chain agrees on the " + what);
            assertEquals(proposal.getValue(), queries.state(governor.id(), proposal.getKey()).await().indefinitely()
                    .orElseThrow(), "derived state of the " + what);
        }
    }

    @Test
    void everyProposalStateMatchesTheGovernorAtTheIndexedHeadInTimestampMode() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        // With the distributor's 100,000 tokens the supply is 175,000 and the 4% quorum 7,000: carol alone misses it.
        try (DaoOnAnvil dao = timestampDao(List.of(DaoOnAnvil.holding(alice, 50_000), DaoOnAnvil.holding(bob, 20_000),
                DaoOnAnvil.holding(carol, 5_000)))) {
            for (Credentials holder : List.of(alice, bob, carol)) {
                dao.token(holder).delegate(holder.getAddress()).send();
            }
            dao.anvil.mine(1);

            String executedText = "# Executed through the timelock";
            BigInteger executed = dao.propose(alice, executedText);
            String queuedText = "# Queued in the timelock";
            BigInteger queued = dao.propose(bob, queuedText);
            BigInteger succeeded = dao.propose(bob, "# Succeeded, never queued");
            BigInteger outvoted = dao.propose(carol, "# Defeated: more against than for");
            BigInteger shortOfQuorum = dao.propose(carol, "# Defeated: short of quorum");
            BigInteger snapshot = dao.governor(null).proposalSnapshot(shortOfQuorum).send();
            assertEquals(BigInteger.valueOf(dao.latestTimestamp()).add(VOTING_DELAY), snapshot,
                    "voteStart is the proposal's timestamp plus the delay in seconds");

            dao.mineAt(snapshot.longValueExact() + 1);
            dao.vote(alice, executed, DemoActivity.FOR);
            dao.vote(alice, queued, DemoActivity.FOR);
            dao.vote(bob, succeeded, DemoActivity.FOR);
            dao.vote(alice, outvoted, DemoActivity.AGAINST);
            dao.vote(bob, outvoted, DemoActivity.FOR);
            dao.vote(carol, shortOfQuorum, DemoActivity.FOR);
            dao.mineAt(dao.governor(null).proposalDeadline(shortOfQuorum).send().longValueExact() + 1);
            dao.queue(bob, executedText);
            dao.queue(bob, queuedText);
            dao.mineAt(dao.governor(null).proposalEta(executed).send().longValueExact());
            dao.execute(carol, executedText);

            String canceledText = "# Canceled while pending";
            BigInteger canceled = dao.propose(alice, canceledText);
            dao.cancel(alice, canceledText);
            BigInteger active = dao.propose(alice, "# Active: open for votes");
            long activeStart = dao.governor(null).proposalSnapshot(active).send().longValueExact();
            long activeEnd = dao.governor(null).proposalDeadline(active).send().longValueExact();
            dao.mineAt(activeStart + 1);
            dao.vote(bob, active, DemoActivity.FOR);
            BigInteger pending = dao.propose(carol, "# Pending: votes open in 100 seconds");
            long pendingStart = dao.governor(null).proposalSnapshot(pending).send().longValueExact();

            IndexedGovernor governor = register(dao, "timestamp-states");
            Map<BigInteger, ProposalState> expected = new LinkedHashMap<>();
            expected.put(executed, ProposalState.EXECUTED);
            expected.put(queued, ProposalState.QUEUED);
            expected.put(succeeded, ProposalState.SUCCEEDED);
            expected.put(outvoted, ProposalState.DEFEATED);
            expected.put(shortOfQuorum, ProposalState.DEFEATED);
            expected.put(canceled, ProposalState.CANCELED);
            expected.put(active, ProposalState.ACTIVE);
            expected.put(pending, ProposalState.PENDING);
            assertStates(dao, governor, expected);

            // No event marks these transitions: the head's timestamp alone moves them, and OpenZeppelin's
            // boundaries are inclusive (Pending at the snapshot itself, Active at the deadline itself).
            dao.mineAt(pendingStart);
            assertStates(dao, governor, Map.of(pending, ProposalState.PENDING, active, ProposalState.ACTIVE));
            dao.mineAt(pendingStart + 1);
            assertStates(dao, governor, Map.of(pending, ProposalState.ACTIVE, active, ProposalState.ACTIVE));
            dao.mineAt(activeEnd);
            assertStates(dao, governor, Map.of(pending, ProposalState.ACTIVE, active, ProposalState.ACTIVE));
            dao.mineAt(activeEnd + 1);
            assertStates(dao, governor, Map.of(pending, ProposalState.ACTIVE, active, ProposalState.SUCCEEDED));

            Row settings = row("SELECT clock_mode, voting_delay, voting_period FROM governor WHERE id = $1",
                    Tuple.of(governor.id()));
            assertEquals("timestamp", settings.getString(0));
            assertEquals(VOTING_DELAY, settings.getNumeric(1).bigIntegerValue());
            assertEquals(VOTING_PERIOD, settings.getNumeric(2).bigIntegerValue());
            Row timepoints = row("SELECT vote_start, vote_end FROM proposal WHERE governor_id = $1 AND proposal_id = $2",
                    Tuple.of(governor.id(), Numerics.numeric(active)));
            assertEquals(BigInteger.valueOf(activeStart), timepoints.getNumeric(0).bigIntegerValue(), "vote start is a timestamp");
            assertEquals(BigInteger.valueOf(activeEnd), timepoints.getNumeric(1).bigIntegerValue(), "vote end is a timestamp");
            assertEquals(dao.governor(null).quorum(BigInteger.valueOf(activeStart)).send(),
                    queries.proposal(governor.id(), active).await().indefinitely().orElseThrow().quorum(),
                    "quorum read at the snapshot timestamp");

            // On this clock the timepoints are the times: never estimated, and the past ones its blocks' own.
            JsonPath page = WalletOperations.run("ProposalPage", Map.of("governor", governor.id(),
                    "proposalId", active.toString())).body("errors", nullValue()).extract().jsonPath();
            String createdAt = iso(dao.timestampOf(Long.parseLong(page.getString("data.proposal.timeline[0].blockNumber"))));
            assertEquals(createdAt, page.getString("data.proposal.createdAt"));
            assertEquals(iso(activeStart), page.getString("data.proposal.voteStartAt"));
            assertEquals(iso(activeEnd), page.getString("data.proposal.voteEndAt"));
            assertEquals(false, page.getBoolean("data.proposal.voteStartEstimated"));
            assertEquals(false, page.getBoolean("data.proposal.voteEndEstimated"));
            assertEquals(List.of(createdAt, iso(activeStart), iso(activeEnd)),
                    page.getList("data.proposal.timeline.timestamp"));
            assertEquals(List.of(false, false, false), page.getList("data.proposal.timeline.timestampEstimated"));
            assertEquals(iso(dao.timestampOf(Long.parseLong(
                    page.getString("data.proposal.votes.edges[0].node.blockNumber")))),
                    page.getString("data.proposal.votes.edges[0].node.timestamp"));
        }
    }

    private static String iso(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    @Test
    void votingPowerAtPastTimestampsFollowsRedelegationsAndTransfers() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        try (DaoOnAnvil dao = timestampDao(List.of(DaoOnAnvil.holding(alice, 100), DaoOnAnvil.holding(bob, 40)))) {
            // Each move lands in its own block, seven seconds after the one before: the seconds in between have no
            // checkpoint of their own and must answer with the one before them.
            List<Long> moments = new ArrayList<>();
            long next = dao.latestTimestamp() + 7;
            List<ThrowingMove> moves = List.of(
                    () -> dao.token(alice).delegate(alice.getAddress()).send(),
                    () -> dao.token(bob).delegate(alice.getAddress()).send(),
                    () -> dao.token(alice).transfer(carol.getAddress(), DaoOnAnvil.tokens(30)).send(),
                    () -> dao.token(bob).delegate(carol.getAddress()).send(),
                    () -> dao.token(carol).delegate(carol.getAddress()).send(),
                    () -> dao.token(alice).transfer(bob.getAddress(), DaoOnAnvil.tokens(20)).send(),
                    () -> dao.token(alice).delegate(bob.getAddress()).send());
            for (ThrowingMove move : moves) {
                dao.anvil.setNextBlockTimestamp(next);
                move.run();
                moments.add(next);
                next += 7;
            }
            // getPastVotes only answers for timepoints before the chain's clock.
            dao.mineAt(next);

            IndexedGovernor governor = register(dao, "timestamp-power");
            syncToHead(dao, governor);
            List<Credentials> accounts = List.of(alice, bob, carol);
            for (long timestamp = moments.get(0) - 1; timestamp <= moments.get(moments.size() - 1) + 1; timestamp++) {
                for (Credentials account : accounts) {
                    BigInteger onChain = dao.token(null).getPastVotes(account.getAddress(), BigInteger.valueOf(timestamp))
                            .send();
                    BigInteger indexed = queries.votingPowerAt(governor.id(), ChecksumAddress.of(account.getAddress()),
                            BigInteger.valueOf(timestamp)).await().indefinitely();
                    assertEquals(onChain, indexed, "votes of " + account.getAddress() + " at timestamp " + timestamp);
                }
            }
            assertEquals(DaoOnAnvil.tokens(140), dao.token(null).getPastVotes(alice.getAddress(),
                    BigInteger.valueOf(moments.get(1))).send(), "the scenario delegates bob's tokens to alice");
            for (Credentials account : accounts) {
                assertEquals(dao.token(null).getVotes(account.getAddress()).send(),
                        queries.votingPower(governor.id(), ChecksumAddress.of(account.getAddress())).await().indefinitely());
            }
        }
    }

    /** One token transaction of the scenario. */
    @FunctionalInterface
    private interface ThrowingMove {
        void run() throws Exception;
    }

    private String error(IndexedGovernor governor) {
        var rows = pool.preparedQuery("SELECT sync_error FROM governor WHERE id = $1").execute(Tuple.of(governor.id()))
                .await().indefinitely();
        return rows.size() == 0 ? "not registered" : String.valueOf(rows.iterator().next().getString(0));
    }

    private Row row(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).await().indefinitely().iterator().next();
    }
}
