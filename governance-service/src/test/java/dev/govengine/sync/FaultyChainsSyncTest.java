package dev.govengine.sync;

import static dev.govengine.sync.DaoOnAnvil.holding;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.chain.LogRangeFetcher;
import dev.govengine.chain.RangeTooLargeException;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ClockMode;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.GovernorDiscovery;
import dev.govengine.governance.GovernorFamily;
import dev.govengine.governance.GovernorInfo;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.TimelockOperationId;
import dev.govengine.governance.TokenInfo;
import dev.govengine.governance.index.ChainStatus;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.GovernorSyncStatus;
import dev.govengine.governance.index.GovernorSyncer;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.governance.index.IndexerStatusService;
import dev.govengine.live.LiveEvents;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.FaultyChainsProfile;
import dev.govengine.testing.FlakyRpcProxy;
import dev.govengine.testing.GraphQLOverWebSocket;
import dev.govengine.testing.LogCapture;
import dev.govengine.testing.PrunedStateProxy;
import dev.govengine.testing.SwitchableRpcProxy;
import dev.govengine.testing.SwitchableTcpProxy;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

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

    @Inject
    IndexerStatusService status;

    @Inject
    GovernanceQueries governors;

    @Inject
    LogRangeFetcher fetcher;

    @Inject
    LiveEvents live;

    @Inject
    GovernorDiscovery discovery;

    @TestHTTPResource("/graphql")
    URI graphql;

    /**
     * The poll never ticks here on its own, so only the node's new heads can move the chain "newheads": each vote must
     * reach a subscriber soon after it is mined. The bounds are loose, for a loaded machine; the benchmark
     * (bench/head) has the real figures.
     */
    @Test
    void newHeadsOverWebSocketPushEachVoteAtOnce() throws Exception {
        List<Credentials> voters = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3),
                DevAccounts.account(4), DevAccounts.account(5));
        // The proxy first: the service has been retrying the WebSocket since it started, with a backoff of up to 5 s.
        try (SwitchableTcpProxy ws = new SwitchableTcpProxy(FaultyChainsProfile.NEW_HEADS_PROXY_PORT, rpcUrl);
                DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, voters.stream().map(voter -> holding(voter, 1_000)).toList())) {
            for (Credentials voter : voters) {
                dao.token(voter).delegate(voter.getAddress()).send();
            }
            BigInteger proposal = dao.propose(voters.get(0), "# Followed over WebSocket\nno poll needed");
            dao.anvil.mine(2);
            IndexedGovernor governor = registry.register(IndexedGovernor.of("over-websocket", "newheads",
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            try (GraphQLOverWebSocket wallet = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS, graphql)) {
                // A mined block makes sure a head is announced once the governor is registered.
                dao.anvil.mine(1);
                long head = dao.blockNumber();
                await("the governor indexed to block " + head + " by new heads alone").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20)).until(() -> indexedBlock(governor) >= head);
                assertTrue(live.knows(governor.id()));
                wallet.subscribe("votes", operation("VoteCast"), Map.of("governor", governor.id()));
                await().atMost(Duration.ofSeconds(10)).until(() -> live.subscribers() > 0);

                List<Long> millis = new ArrayList<>();
                for (Credentials voter : voters) {
                    long sent = System.nanoTime();
                    long block = dao.governor(voter).castVote(proposal, BigInteger.ONE).send().getBlockNumber()
                            .longValueExact();
                    JsonNode cast = wallet.next(Duration.ofSeconds(5)).path("payload").path("data").path("voteCast");
                    millis.add((System.nanoTime() - sent) / 1_000_000);
                    assertEquals(ChecksumAddress.of(voter.getAddress()).toString(), cast.path("voter").asText());
                    assertEquals(block, cast.path("blockNumber").asLong());
                }
                List<Long> sorted = millis.stream().sorted().toList();
                // From before the transaction is sent, receipt polling included: the poll (24 h here) never ran.
                assertTrue(sorted.get(sorted.size() / 2) < 1_000, "median sent -> pushed under 1 s: " + millis);
                assertTrue(sorted.get(sorted.size() - 1) < 3_000, "every vote pushed within 3 s: " + millis);
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    /**
     * A WebSocket that is cut, or that stays open but falls silent, leaves the poll to follow the chain; once it is
     * back, the new heads take over again without a tick.
     */
    @Test
    void aDroppedOrSilentWebSocketLeavesThePollToFollowTheChain() throws Exception {
        try (SwitchableTcpProxy ws = new SwitchableTcpProxy(FaultyChainsProfile.NEW_HEADS_PROXY_PORT, rpcUrl);
                DaoOnAnvil dao = new DaoOnAnvil(rpcUrl)) {
            IndexedGovernor governor = registry.register(IndexedGovernor.of("websocket-cut", "newheads",
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            try {
                dao.anvil.mine(1);
                awaitIndexedByNewHeads(governor, dao);

                ws.down();
                awaitIndexedByPoll(governor, dao);
                ws.up();
                awaitIndexedByNewHeads(governor, dao);

                ws.silent(true);
                int before = ws.accepted();
                awaitIndexedByPoll(governor, dao);
                // The silent connection is dropped after the chain's rpc-timeout (1 s) and made again.
                await("a new connection").atMost(Duration.ofSeconds(10)).until(() -> ws.accepted() > before);
                ws.silent(false);
                awaitIndexedByNewHeads(governor, dao);
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    private void awaitIndexedByNewHeads(IndexedGovernor governor, DaoOnAnvil dao) throws Exception {
        dao.anvil.mine(1);
        long head = dao.blockNumber();
        // Up to the reconnection's backoff (at most 5 s) and a cycle, with no tick.
        await("block " + head + " indexed by new heads").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> indexedBlock(governor) >= head);
    }

    private void awaitIndexedByPoll(IndexedGovernor governor, DaoOnAnvil dao) throws Exception {
        dao.anvil.mine(1);
        long head = dao.blockNumber();
        await("block " + head + " indexed by the poll").atMost(Duration.ofSeconds(10)).pollInSameThread()
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (indexedBlock(governor) >= head) {
                        return true;
                    }
                    coordinator.scheduled();
                    return false;
                });
    }

    private static String operation(String name) throws IOException {
        return Files.readString(Path.of("..", "graphql-schema", "operations", name + ".graphql"));
    }

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
                    + "and token() (OpenZeppelin) or quorumVotes() (GovernorBravo): it is not a Governor this engine "
                    + "serves"), syncError(token));
        }
    }

    @Test
    void brokenEntriesNeitherSlowNorHideTheHealthyGovernorAndAreLoggedOnce() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl); LogCapture logs = new LogCapture()) {
            dao.seedDemo();
            IndexedGovernor healthy = registry.register(IndexedGovernor.of("healthy-beside-broken", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            IndexedGovernor offline = registry.register(IndexedGovernor.of("on-offline-chain", "offline", 1,
                    dao.governorAddress(), 0));
            IndexedGovernor token = registry.register(IndexedGovernor.of("token-not-governor", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.dao.token().address(), dao.dao.startBlock()));
            try {
                // Not ready before the first cycle: the first query would find the index empty.
                given().when().get("/q/health/ready").then().statusCode(503).body("status", is("DOWN"))
                        .body("checks.find { it.name == 'governors' }.data.'healthy-beside-broken'",
                                is("first index cycle not finished"));
                coordinator.runCycle();
                for (int cycle = 0; cycle < 3; cycle++) {
                    dao.anvil.mine(1);
                    long started = System.nanoTime();
                    Map<String, Long> reached = coordinator.runCycle();
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(dao.blockNumber(), reached.get(healthy.id()));
                    assertTrue(millis < 2_500, "a cycle beside the broken entries took " + millis + " ms");
                }
                assertTrue(syncError(offline).startsWith("chain 'offline' unreachable: "), syncError(offline));

                List<LogCapture.Line> warnings = logs.atLeast(Level.WARNING).stream()
                        .filter(line -> line.logger().equals(SyncCoordinator.class.getName())).toList();
                for (String subject : List.of("chain 'offline'", "token-not-governor (" + token.id() + ")")) {
                    List<LogCapture.Line> about = warnings.stream().filter(line -> line.text().startsWith(subject + ": "))
                            .toList();
                    // the chain may have been logged before this test, by an earlier one in this profile
                    assertEquals(subject.startsWith("chain") ? Math.min(1, about.size()) : 1, about.size(),
                            "logged once in four cycles: " + about);
                    about.forEach(line -> assertEquals(Level.WARNING, line.level()));
                }
                LogCapture.Line failedGovernor = warnings.stream()
                        .filter(line -> line.text().startsWith("token-not-governor (")).findFirst().orElseThrow();
                assertNotNull(failedGovernor.thrown(), "the failure is logged with its stack trace: " + failedGovernor);
                assertTrue(failedGovernor.thrown().getStackTrace().length > 0);

                ChainStatus anvil = status.status().await().indefinitely().stream()
                        .filter(chain -> chain.chain().equals(AnvilResource.CHAIN)).findFirst().orElseThrow();
                assertEquals(Long.toString(dao.blockNumber()), anvil.indexedBlock(),
                        "the address that is no Governor does not blank its chain's indexed block");
                GovernorSyncStatus notAGovernor = anvil.governors().stream()
                        .filter(g -> g.id().equals(token.id())).findFirst().orElseThrow();
                assertEquals(syncError(token), notAGovernor.syncError());
                assertNull(notAGovernor.indexedBlock());
                assertNull(anvil.governors().stream().filter(g -> g.id().equals(healthy.id())).findFirst()
                        .orElseThrow().syncError());
                assertEquals(syncError(offline), governors.governors().await().indefinitely().stream()
                        .filter(g -> g.id().equals(offline.id())).findFirst().orElseThrow().syncError());
                given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                        .body("checks.find { it.name == 'governors' }.data.'token-not-governor'",
                                is(syncError(token)))
                        .body("checks.find { it.name == 'governors' }.data.'healthy-beside-broken'",
                                is("no sync error"));
                for (String query : List.of(
                        "query($g: ID!) { proposals(governor: $g) { edges { node { proposalId } } } }",
                        "query($g: ID!) { account(governor: $g, address: \"" + dao.governorAddress()
                                + "\") { votingPower } }")) {
                    given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", Map.of("g", token.id())))
                            .when().post("/graphql").then().statusCode(200)
                            .body("errors[0].extensions.code", is("UNAVAILABLE"))
                            .body("errors[0].message", containsString(syncError(token)));
                }
            } finally {
                registry.unregister(offline.id());
                registry.unregister(token.id());
            }
        }
    }

    @Test
    void aNodeThatNeverAnswersDelaysOnlyItsOwnChain() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl); ServerSocket silent = new ServerSocket(
                FaultyChainsProfile.HANGING_PORT, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            IndexedGovernor healthy = registry.register(IndexedGovernor.of("healthy-beside-hanging",
                    AnvilResource.CHAIN, AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            IndexedGovernor hanging = registry.register(IndexedGovernor.of("on-hanging-chain", "hanging", 1,
                    dao.governorAddress(), 0));
            try {
                coordinator.scheduled();
                for (int block = 0; block < 3; block++) {
                    dao.anvil.mine(1);
                    long head = dao.blockNumber();
                    // Ticks as the scheduler sends them, while the hanging chain's cycles wait out their 6 s each: within
                    // 4 s, well under that, even on a busy machine running the other test JVM beside this one.
                    await("the healthy chain at block " + head + ", not waiting for the hanging one")
                            .atMost(Duration.ofSeconds(4)).pollInSameThread().pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(100)).until(() -> {
                                if (indexedBlock(healthy) >= head) {
                                    return true;
                                }
                                coordinator.scheduled();
                                return false;
                            });
                }
                assertFalse(held.isEmpty(), "the hanging node was asked");
            } finally {
                registry.unregister(hanging.id());
                registry.unregister(healthy.id());
                silent.close();
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aNodeThatCannotAnswerCallsLeavesTheLastAnswersMarkedStale() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl);
                PrunedStateProxy node = new PrunedStateProxy(FaultyChainsProfile.PRUNED_PROXY_PORT, rpcUrl)) {
            dao.seedDemo();
            BigInteger proposal = dao.propose(DevAccounts.account(1), "# Behind a pruned node\nanswers go stale");
            IndexedGovernor governor = registry.register(IndexedGovernor.of("behind-pruned-node", "pruned",
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            try {
                dao.anvil.mine(2);
                coordinator.runCycle();
                assertEquals(ProposalState.ACTIVE, dao.chainState(proposal));
                assertEquals(ProposalState.ACTIVE, governors.state(governor.id(), proposal).await().indefinitely()
                        .orElseThrow());
                assertEquals(0, staleProposals(governor));

                node.pruned(true);
                dao.vote(DevAccounts.account(2), proposal, 1);
                coordinator.runCycle();
                assertTrue(node.refusedCalls() > 0, "the node was asked and could not answer");
                assertTrue(dao.governor(null).proposalVotes(proposal).send().component2().signum() > 0);
                assertEquals(BigInteger.ZERO, governors.tally(governor.id(), proposal).await().indefinitely().forVotes(),
                        "the last good answers are kept, not half-new ones");
                assertTrue(staleProposals(governor) > 0, "indexerStatus says the answers are stale");
                int refusedBefore = node.refusedCalls();
                dao.anvil.mine(1);
                coordinator.runCycle();
                assertEquals(1, node.refusedCalls() - refusedBefore,
                        "a node that refused the last block is asked one call, not the whole batch, for the next");

                node.pruned(false);
                dao.anvil.mine(1);
                coordinator.runCycle();
                assertEquals(0, staleProposals(governor));
                assertEquals(dao.governor(null).proposalVotes(proposal).send().component2(),
                        governors.tally(governor.id(), proposal).await().indefinitely().forVotes());

                // A range's rows are sent to the database while its answers are asked: answers that fail take the
                // rows back with the range, and the next cycle writes the range whole.
                long indexed = indexedBlock(governor);
                long votes = IndexSnapshot.count(pool, "vote", governor.id());
                node.callsFail(true);
                dao.vote(DevAccounts.account(3), proposal, 0);
                coordinator.runCycle();
                assertEquals(indexed, indexedBlock(governor), "the range whose answers failed did not commit");
                assertEquals(votes, IndexSnapshot.count(pool, "vote", governor.id()), "nor did its rows");
                node.callsFail(false);
                coordinator.runCycle();
                assertEquals(votes + 1, IndexSnapshot.count(pool, "vote", governor.id()));
                assertEquals(dao.governor(null).proposalVotes(proposal).send().component1(),
                        governors.tally(governor.id(), proposal).await().indefinitely().against());
            } finally {
                registry.unregister(governor.id());
            }
        }
    }

    /**
     * Discovery stands before a backfill's first read, so it asks in batches: the Governor's questions of both
     * families in one round trip, the token's in one more, whatever the number of questions. The chain's own
     * answers, through the Governor's wrapper, are the oracle.
     */
    @Test
    void discoveryTakesAFewRoundTripsAndAnswersAsTheChainDoes() throws Exception {
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl);
                SwitchableRpcProxy node = new SwitchableRpcProxy(FaultyChainsProfile.OUTAGE_PROXY_PORT, rpcUrl)) {
            GovernorInfo info = discovery.discover("outage", dao.governorAddress());
            assertEquals(2, node.forwarded(), "the head block, then every question in one batch");
            TokenInfo token = discovery.token("outage", info.token(), dao.dao.startBlock());
            assertEquals(5, node.forwarded(), "the head block, the token's questions, its supply before the start");

            DaoGovernor governor = dao.governor(null);
            assertEquals(GovernorFamily.OPENZEPPELIN, info.family());
            assertEquals(governor.name().send(), info.name());
            assertEquals(ChecksumAddress.of(governor.token().send()), info.token());
            assertEquals(ChecksumAddress.of(governor.timelock().send()), info.timelock());
            assertEquals(governor.votingDelay().send(), info.votingDelay());
            assertEquals(governor.votingPeriod().send(), info.votingPeriod());
            assertEquals(governor.proposalThreshold().send(), info.proposalThreshold());
            assertEquals(governor.quorumNumerator().send(), info.quorumNumerator());
            assertEquals(governor.quorumDenominator().send(), info.quorumDenominator());
            assertEquals(governor.COUNTING_MODE().send(), info.countingMode());
            assertEquals(ClockMode.fromClockModeString(governor.CLOCK_MODE().send()), info.clockMode());
            assertFalse(info.ownClock());
            assertEquals(TimelockOperationId.Salt.GOVERNOR_XOR_DESCRIPTION, info.timelockSalt());
            assertEquals(18, token.decimals());
            assertEquals(BigInteger.ZERO, token.supplyBeforeStart(), "no token before the start block: it is where the token was created");
        }
    }

    @Test
    void anOutageLeavesTheLogRangeAsItWas() throws Exception {
        try (SwitchableRpcProxy node = new SwitchableRpcProxy(FaultyChainsProfile.OUTAGE_PROXY_PORT, rpcUrl)) {
            Web3j web3j = Web3j.build(new HttpService(rpcUrl));
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            if (head < 200) {
                new AnvilControl(new HttpService(rpcUrl)).mine(200 - head);
                head = 200;
            }
            web3j.shutdown();
            LogRangeFetcher.RangeBounds bounds = new LogRangeFetcher.RangeBounds(4, 64, 10_000);
            List<ChecksumAddress> contract = List.of(ChecksumAddress.of("0x0000000000000000000000000000000000000001"));
            List<String> topics = List.of(Hash.sha3String("Transfer(address,address,uint256)"));
            long next = 0;
            for (long width : List.of(4L, 8L, 16L, 32L)) {
                LogRangeFetcher.Batch batch = fetcher.fetch("outage", next, head, bounds, contract, topics);
                assertEquals(width, batch.to() - batch.from() + 1, "the range doubles while the node answers");
                next = batch.to() + 1;
            }

            node.down();
            long from = next;
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> fetcher.fetch("outage", from, Long.MAX_VALUE, bounds, contract, topics));
            assertFalse(failure instanceof RangeTooLargeException, failure.toString());
            assertTrue(node.refused() > 1, "the node read was retried before the failure came out");

            node.up();
            LogRangeFetcher.Batch after = fetcher.fetch("outage", from, head, bounds, contract, topics);
            assertEquals(64, after.to() - after.from() + 1, "the range is where it was before the outage");
        }
    }

    private int staleProposals(IndexedGovernor governor) {
        return status.status().await().indefinitely().stream().flatMap(chain -> chain.governors().stream())
                .filter(g -> g.id().equals(governor.id())).findFirst().orElseThrow().staleProposals();
    }

    private long indexedBlock(IndexedGovernor governor) {
        var rows = pool.preparedQuery("SELECT indexed_block FROM sync_cursor WHERE governor_id = $1")
                .execute(Tuple.of(governor.id())).await().indefinitely();
        return rows.size() == 0 ? -1 : rows.iterator().next().getLong(0);
    }

    private String syncError(IndexedGovernor governor) {
        return pool.preparedQuery("SELECT sync_error FROM governor WHERE id = $1").execute(Tuple.of(governor.id()))
                .await().indefinitely().iterator().next().getString(0);
    }
}
