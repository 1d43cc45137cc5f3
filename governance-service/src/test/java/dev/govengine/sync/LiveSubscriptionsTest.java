package dev.govengine.sync;

import static dev.govengine.sync.DaoOnAnvil.holding;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.live.LiveEvents;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GraphQLOverWebSocket;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The live subscriptions, as a wallet's WebSocket client sees them: real votes cast on Anvil and real indexer cycles
 * must arrive as the Governor and its token report them, and state changes no event announces must match state().
 */
@QuarkusTest
class LiveSubscriptionsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VOTES = operation("VoteCast");
    private static final String STATES = operation("ProposalStateChanged");
    private static final String DELEGATIONS = operation("DelegationChanged");

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    LiveEvents live;

    @Test
    void votesAndStateChangesArriveAsTheChainHasThem() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, List.of(holding(alice, 500_000), holding(bob, 300_000),
                holding(carol, 100_000)))) {
            for (Credentials holder : List.of(alice, bob, carol)) {
                dao.token(holder).delegate(holder.getAddress()).send();
            }
            IndexedGovernor governor = registry.register(IndexedGovernor.of("live", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            sync(governor);

            int before = live.subscribers();
            try (GraphQLOverWebSocket wallet = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS, graphql);
                    GraphQLOverWebSocket legacy = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.LEGACY_WS, graphql)) {
                assertEquals(GraphQLOverWebSocket.TRANSPORT_WS, wallet.subprotocol());
                assertEquals(GraphQLOverWebSocket.LEGACY_WS, legacy.subprotocol());
                // The lower-case id is the same governor: ids are parsed as the queries parse them.
                wallet.subscribe("states", STATES, Map.of("governor",
                        "eip155:31337:" + dao.governorAddress().lowerCase()));
                wallet.subscribe("votes", VOTES, Map.of("governor", governor.id()));
                awaitSubscribers(before + 2);

                BigInteger passing = dao.propose(alice, "# Passes\nFor wins with quorum");
                BigInteger failing = dao.propose(alice, "# Fails\nNobody votes");
                legacy.subscribe("one", VOTES, Map.of("governor", governor.id(), "proposalId", passing.toString()));
                awaitSubscribers(before + 3);
                long created = sync(governor);
                for (BigInteger proposal : List.of(passing, failing)) {
                    assertStateChange(wallet.next(WAIT), governor, dao, proposal, null, ProposalState.PENDING, created);
                }

                dao.anvil.mine(2);
                long active = sync(governor);
                for (BigInteger proposal : List.of(passing, failing)) {
                    assertStateChange(wallet.next(WAIT), governor, dao, proposal, ProposalState.PENDING,
                            ProposalState.ACTIVE, active);
                }

                dao.governor(alice).castVoteWithReason(passing, BigInteger.ONE, "ship it").send();
                dao.vote(bob, passing, 0);
                dao.vote(carol, passing, 2);
                sync(governor);
                BigInteger snapshot = dao.governor(null).proposalSnapshot(passing).send();
                List<Object[]> expected = List.of(new Object[] {alice, "FOR", "ship it"},
                        new Object[] {bob, "AGAINST", ""}, new Object[] {carol, "ABSTAIN", ""});
                for (Object[] vote : expected) {
                    Credentials voter = (Credentials) vote[0];
                    BigInteger weight = dao.token(null).getPastVotes(voter.getAddress(), snapshot).send();
                    for (GraphQLOverWebSocket client : List.of(wallet, legacy)) {
                        JsonNode cast = data(client.next(WAIT), "voteCast");
                        assertEquals(ChecksumAddress.of(voter.getAddress()).toString(), cast.path("voter").asText(),
                                "voter, checksummed");
                        assertEquals(vote[1], cast.path("support").asText());
                        assertEquals(weight.toString(), cast.path("weight").asText(), "weight is getPastVotes at the snapshot");
                        assertTrue(weight.signum() > 0);
                        assertEquals(vote[2], cast.path("reason").asText());
                        assertTrue(cast.path("params").isNull());
                        assertTrue(cast.path("txHash").asText().matches("0x[0-9a-f]{64}"));
                        assertEquals(java.time.Instant.ofEpochSecond(dao.timestampOf(cast.path("blockNumber").asLong()))
                                .toString(), cast.path("timestamp").asText(), "the vote's block time");
                        assertEquals(passing.toString(), cast.path("proposal").path("proposalId").asText());
                        assertEquals("ACTIVE", cast.path("proposal").path("state").asText());
                    }
                }

                dao.anvil.mine(DaoOnAnvil.VOTING_PERIOD.longValueExact());
                long closed = sync(governor);
                assertStateChange(wallet.next(WAIT), governor, dao, passing, ProposalState.ACTIVE,
                        ProposalState.SUCCEEDED, closed);
                assertStateChange(wallet.next(WAIT), governor, dao, failing, ProposalState.ACTIVE,
                        ProposalState.DEFEATED, closed);

                // Delegations: all of the governor's over graphql-ws, only those alice takes part in over the legacy
                // protocol; bob's move to carol does not involve her.
                wallet.subscribe("delegations", DELEGATIONS, Map.of("governor", governor.id()));
                legacy.subscribe("alice's", DELEGATIONS, Map.of("governor", governor.id(),
                        "account", alice.getAddress().toLowerCase(Locale.ROOT)));
                legacy.subscribe("bad account", DELEGATIONS, Map.of("governor", governor.id(), "account", "0x12"));
                assertError(legacy.next(WAIT), "bad account", "BAD_ADDRESS");
                awaitSubscribers(before + 5);
                TransactionReceipt toAlice = dao.token(carol).delegate(alice.getAddress()).send();
                TransactionReceipt toCarol = dao.token(bob).delegate(carol.getAddress()).send();
                sync(governor);
                assertDelegation(data(wallet.next(WAIT), "delegationChanged"), dao, toAlice);
                assertDelegation(data(wallet.next(WAIT), "delegationChanged"), dao, toCarol);
                assertDelegation(data(legacy.next(WAIT), "delegationChanged"), dao, toAlice);
                legacy.complete("alice's");
                wallet.complete("delegations");
                awaitSubscribers(before + 3);

                legacy.complete("one");
                wallet.complete("votes");
                awaitSubscribers(before + 1);
                sync(governor);
                wallet.expectNothingFor(Duration.ofSeconds(1));
                legacy.expectNothingFor(Duration.ofMillis(100));
            }
            awaitSubscribers(before);
        }
    }

    @Test
    void aBadGovernorIsRefusedWithItsCodeAndTheServiceStaysHealthy() {
        try (GraphQLOverWebSocket wallet = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS, graphql)) {
            wallet.subscribe("malformed", STATES, Map.of("governor", "eip155:31337:0x12345"));
            assertError(wallet.next(WAIT), "malformed", "BAD_ADDRESS");
            wallet.subscribe("unknown", VOTES, Map.of("governor", "eip155:1:0x0000000000000000000000000000000000000001"));
            assertError(wallet.next(WAIT), "unknown", "NOT_FOUND");
            wallet.subscribe("not-caip", VOTES, Map.of("governor", "mainnet:0xabc"));
            assertError(wallet.next(WAIT), "not-caip", "BAD_INPUT");
        }
        try (GraphQLOverWebSocket legacy = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.LEGACY_WS, graphql)) {
            legacy.subscribe("malformed", STATES, Map.of("governor", "eip155:31337:0x12345"));
            assertError(legacy.next(WAIT), "malformed", "BAD_ADDRESS");
        }
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    /** The wallet operations published beside the schema, sent as they are. */
    private static String operation(String name) {
        try {
            return Files.readString(Path.of("..", "graphql-schema", "operations", name + ".graphql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long sync(IndexedGovernor governor) {
        Map<String, Long> reached = coordinator.runCycle();
        assertTrue(reached.containsKey(governor.id()), "synced " + governor.id());
        return reached.get(governor.id());
    }

    /** The server has no "subscribed" message, so wait until this replica counts the new subscriptions. */
    private void awaitSubscribers(int count) {
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertEquals(count, live.subscribers(), "subscriptions this replica counts"));
    }

    private static void assertStateChange(JsonNode message, IndexedGovernor governor, DaoOnAnvil dao, BigInteger proposal,
            ProposalState from, ProposalState to, long head) throws Exception {
        JsonNode change = data(message, "proposalStateChanged");
        assertEquals(governor.id(), change.path("governor").asText());
        assertEquals(proposal.toString(), change.path("proposalId").asText(), "proposal of " + message);
        assertEquals(from == null ? null : from.name(), change.path("from").isNull() ? null : change.path("from").asText());
        assertEquals(to.name(), change.path("to").asText());
        assertEquals(to, dao.chainState(proposal), "the Governor's state() agrees");
        assertEquals(Long.toString(head), change.path("blockNumber").asText());
        assertEquals(Long.toString(head), change.path("timepoint").asText(), "block-number clock");
    }

    /** The event as the token emitted it in the receipt, and the token's delegates() now agreeing with it. */
    private static void assertDelegation(JsonNode change, DaoOnAnvil dao, TransactionReceipt receipt) throws Exception {
        GovernanceToken.DelegateChangedEventResponse emitted = GovernanceToken.getDelegateChangedEvents(receipt).get(0);
        assertEquals(ChecksumAddress.of(emitted.delegator).toString(), change.path("delegator").asText());
        assertEquals(ChecksumAddress.of(emitted.fromDelegate).toString(), change.path("fromDelegate").asText());
        assertEquals(ChecksumAddress.of(emitted.toDelegate).toString(), change.path("toDelegate").asText());
        assertEquals(ChecksumAddress.of(dao.token(null).delegates(emitted.delegator).send()).toString(),
                change.path("toDelegate").asText(), "the token's delegates() agrees");
        assertEquals(receipt.getBlockNumber().toString(), change.path("blockNumber").asText());
        assertEquals(receipt.getTransactionHash(), change.path("txHash").asText());
        assertEquals(java.time.Instant.ofEpochSecond(dao.timestampOf(receipt.getBlockNumber().longValueExact()))
                .toString(), change.path("timestamp").asText(), "the event's block time");
    }

    private static JsonNode data(JsonNode message, String field) {
        assertTrue(List.of("next", "data").contains(message.path("type").asText()), "a result: " + message);
        assertTrue(message.path("payload").path("errors").isMissingNode(), "no errors: " + message);
        return message.path("payload").path("data").path(field);
    }

    private static void assertError(JsonNode message, String id, String code) {
        assertEquals(id, message.path("id").asText(), message.toString());
        assertEquals(code, message.toString().replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1"), message.toString());
        assertFalse(message.findParent("exception") != null || message.toString().contains("dev.govengine"),
                "no Java class name reaches the wallet: " + message);
    }
}
