package dev.govengine.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.live.LiveEvents;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.GraphQLOverWebSocket;
import dev.govengine.testing.TightLimits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * GraphQL over WebSocket within its bounds (TightLimits: two connections per address, two subscriptions on each): a
 * third subscription is refused as its operation's error with LIMIT_EXCEEDED while the connection goes on, a slot
 * freed by completing one is taken again, and a third connection is closed with 4429 and a LIMIT_EXCEEDED reason.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class SubscriptionLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STATES = "subscription($governor: ID!) { proposalStateChanged(governor: $governor) { to } }";

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

    /** The next message within a second; null when none comes. */
    private static JsonNode poll(GraphQLOverWebSocket socket) {
        try {
            return socket.next(Duration.ofSeconds(1));
        } catch (AssertionError quiet) {
            return null;
        }
    }

    @Test
    void connectionsAndSubscriptionsAreBounded() throws Exception {
        try (GovernedDao dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO)) {
            IndexedGovernor governor = registry.register(IndexedGovernor.of("subscription-limits", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.deployment.governor().address(), dao.deployment.startBlock()));
            try {
                coordinator.runCycle();
                await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                        .until(() -> live.knows(governor.id()));
                Map<String, Object> variables = Map.of("governor", governor.id());
                try (GraphQLOverWebSocket wallet = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS, graphql);
                        GraphQLOverWebSocket second = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.LEGACY_WS, graphql)) {
                    wallet.subscribe("a", STATES, variables);
                    wallet.subscribe("b", STATES, variables);
                    wallet.subscribe("c", STATES, variables);
                    JsonNode refused = wallet.next(WAIT);
                    assertEquals("error", refused.get("type").asText(), refused.toString());
                    assertEquals("c", refused.get("id").asText());
                    assertEquals("LIMIT_EXCEEDED", refused.at("/payload/0/extensions/code").asText(), refused.toString());
                    assertEquals("this connection has 2 subscriptions already; at most 2 per connection"
                            + " (gov.api.max-subscriptions-per-connection)", refused.at("/payload/0/message").asText());

                    wallet.complete("a");
                    wallet.subscribe("d", STATES, variables);
                    for (JsonNode message = poll(wallet); message != null; message = poll(wallet)) {
                        assertTrue(!message.path("type").asText().equals("error"),
                                "a completed subscription frees its slot: " + message);
                    }

                    IllegalStateException closed = assertThrows(IllegalStateException.class,
                            () -> GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS, graphql));
                    assertTrue(closed.getMessage().contains("\"code\":4429"), closed.getMessage());
                    assertTrue(closed.getMessage().contains("LIMIT_EXCEEDED: at most 2 connections per address"
                            + " (gov.api.max-connections-per-client)"), closed.getMessage());
                }
            } finally {
                registry.unregister(governor.id());
            }
        }
    }
}
