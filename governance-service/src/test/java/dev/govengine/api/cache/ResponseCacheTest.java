package dev.govengine.api.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.sync.GovernorRegistry;
import dev.govengine.sync.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache on an indexed DAO: a repeated query is answered from the cache with the bytes and content type
 * SmallRye sent the first time; an indexed vote, any other committed write, and a lost LISTEN connection each retire
 * what was kept; answers that read the chain live, answers with errors and mutations are never kept.
 */
@QuarkusTest
@TestProfile(ResponseCacheTest.CacheOn.class)
class ResponseCacheTest {
    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gov.api.response-cache.enabled", "true");
        }
    }

    private static final Path OPERATIONS = Path.of("..", "graphql-schema", "operations");
    private static final Duration NOTIFICATION = Duration.ofSeconds(10);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ResponseCache cache;

    @Inject
    MeterRegistry metrics;

    @Inject
    Pool pool;

    private static GovernedDao dao;
    private static IndexedGovernor governor;
    private static BigInteger proposal;

    @BeforeEach
    void indexAProposalWithTwoVotes() throws Exception {
        waitFor(() -> cache.generation() != ResponseCache.UNKNOWN);
        if (governor != null) {
            return;
        }
        dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO);
        proposal = dao.propose(1, "# Cached proposal\n\nRead many times.");
        dao.openVoting();
        dao.vote(proposal, 1, 2);
        dao.vote(proposal, 0, 3);
        governor = registry.register(IndexedGovernor.of("cached", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                dao.deployment.governor().address(), dao.deployment.startBlock()));
        afterWrite(() -> coordinator.runCycle());
    }

    @Test
    void aRepeatedQueryIsAnsweredFromTheCacheAsSmallRyeAnsweredIt() throws IOException {
        String body = proposalPage(5);
        double hits = count("gov.api.cache.hits");
        double stores = count("gov.api.cache.stores");
        Response first = post(body, "application/json");
        Response second = post(body, "application/json");
        assertEquals(stores + 1, count("gov.api.cache.stores"));
        assertEquals(hits + 1, count("gov.api.cache.hits"), "the second request is a hit");
        assertArrayEquals(first.asByteArray(), second.asByteArray());
        assertEquals(first.contentType(), second.contentType());
        assertEquals(proposal.toString(), first.jsonPath().getString("data.proposal.proposalId"));
        assertNull(first.jsonPath().get("errors"));

        // The same request with no Accept header: the same bytes under SmallRye's default content type.
        Response defaultType = post(body, null);
        assertEquals(hits + 2, count("gov.api.cache.hits"));
        assertArrayEquals(first.asByteArray(), defaultType.asByteArray());
        assertEquals("application/graphql+json; charset=UTF-8", defaultType.contentType());

        // Other variables are another answer.
        Response oneVote = post(proposalPage(1), "application/json");
        assertEquals(hits + 2, count("gov.api.cache.hits"));
        assertEquals(1, oneVote.jsonPath().getList("data.proposal.votes.edges").size());
    }

    @Test
    void anIndexedVoteRetiresTheCachedAnswer() throws Exception {
        String body = proposalPage(20);
        int voters = post(body, "application/json").jsonPath().getInt("data.proposal.voterCount");
        assertEquals(voters, post(body, "application/json").jsonPath().getInt("data.proposal.voterCount"));

        dao.vote(proposal, 2, 4);
        afterWrite(() -> coordinator.runCycle());
        JsonPath after = post(body, "application/json").jsonPath();
        assertEquals(voters + 1, after.getInt("data.proposal.voterCount"));
        assertEquals(voters + 1, after.getList("data.proposal.votes.edges").size());
    }

    @Test
    void anyCommittedWriteRetiresEveryCachedAnswer() throws IOException {
        String body = proposalPage(3);
        post(body, "application/json");
        double hits = count("gov.api.cache.hits");
        post(body, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"));

        afterWrite(() -> pool.preparedQuery("UPDATE governor SET name = name WHERE id = $1")
                .execute(Tuple.of(governor.id())).await().indefinitely());
        double stores = count("gov.api.cache.stores");
        post(body, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "read afresh after the write");
        assertEquals(stores + 1, count("gov.api.cache.stores"));
    }

    @Test
    void liveReadsErrorsAndMutationsAreNeverKept() throws IOException {
        double stores = count("gov.api.cache.stores");
        for (int i = 0; i < 2; i++) {
            post(json(operation("IndexerStatus"), Map.of()), "application/json");
            post(json("query { ...status } fragment status on Query { indexerStatus { chain indexedBlock } }", Map.of()),
                    "application/json");
            JsonPath unknown = post(json(operation("Proposal"), Map.of("governor", governor.id(),
                    "proposalId", "12345")), "application/json").jsonPath();
            JsonPath badGovernor = post(json(operation("Proposals"), Map.of("governor", "eip155:1:0xnot-an-address")),
                    "application/json").jsonPath();
            assertNotNull(badGovernor.get("errors[0].extensions.code"));
            assertNull(unknown.get("data.proposal"));
            post(json("mutation { submitWorkReceipts(receipts: []) { accepted } }", Map.of()), "application/json");
        }
        assertEquals(stores, count("gov.api.cache.stores"), "nothing was kept");
    }

    @Test
    void aLostListenConnectionServesNothingUntilItListensAgain() throws IOException {
        String body = proposalPage(4);
        post(body, "application/json");
        long before = cache.generation();

        pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
                .execute().await().indefinitely();
        double hits = count("gov.api.cache.hits");
        waitFor(() -> cache.generation() != before);
        post(body, "application/json");
        assertEquals(hits, count("gov.api.cache.hits"), "nothing is served while nothing listens, or from before");

        waitFor(() -> cache.generation() != ResponseCache.UNKNOWN);
        post(body, "application/json");
        post(body, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "kept and served again once it listens");
    }

    /** Runs a write and waits until its notification has retired what the cache held. */
    private void afterWrite(Runnable write) {
        long before = cache.generation();
        write.run();
        waitFor(() -> cache.generation() > before);
    }

    /** Notifications arrive on their own connection, a moment after the commit. */
    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + NOTIFICATION.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + NOTIFICATION);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String proposalPage(int votes) throws IOException {
        return json(operation("ProposalPage"), Map.of("governor", governor.id(), "proposalId", proposal.toString(),
                "votes", votes));
    }

    private static String operation(String name) throws IOException {
        return Files.readString(OPERATIONS.resolve(name + ".graphql"));
    }

    private static String json(String document, Map<String, Object> variables) {
        return new JsonObject().put("query", document).put("variables", variables).encode();
    }

    private static Response post(String body, String accept) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (accept != null) {
            request.accept(accept);
        }
        Response response = request.when().post("/graphql");
        assertEquals(200, response.statusCode());
        return response;
    }

    private double count(String counter) {
        return metrics.get(counter).counter().count();
    }
}
