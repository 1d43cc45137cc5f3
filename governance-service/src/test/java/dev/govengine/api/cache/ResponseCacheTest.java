package dev.govengine.api.cache;

import static dev.govengine.api.cache.Notifications.delivery;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.ResponseCacheOn;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The response cache on an indexed DAO: a repeated query is answered from the cache with the bytes and content type
 * SmallRye sent the first time; an indexed vote, any other committed write, and a lost LISTEN connection each retire
 * what was kept; a move of the indexed head retires only the answers it changes; answers that read the chain live,
 * answers with errors and mutations are never kept; requests for an answer being computed wait for it; a vote
 * leaves served the pages that list its proposal without showing its tally; a request is looked up by what it asks,
 * not by its bytes; a served answer a change retires is computed again ahead of the next request.
 */
@QuarkusTest
@TestProfile(ResponseCacheOn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResponseCacheTest {
    private static final int CONFIRMATIONS = ResponseCacheOn.CONFIRMATIONS;

    private static final Path OPERATIONS = Path.of("..", "graphql-schema", "operations");

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ResponseCache cache;

    @Inject
    AnswerRefresher refresher;

    @Inject
    MeterRegistry metrics;

    @Inject
    Pool pool;

    private static GovernedDao dao;
    private static IndexedGovernor governor;
    private static BigInteger proposal;

    @BeforeEach
    void indexAProposalWithTwoVotes() throws Exception {
        delivery().until(() -> cache.generation() != ResponseCache.UNKNOWN);
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
        assertEquals("application/graphql-response+json; charset=UTF-8", defaultType.contentType());

        // Other variables are another answer.
        Response oneVote = post(proposalPage(1), "application/json");
        assertEquals(hits + 2, count("gov.api.cache.hits"));
        assertEquals(1, oneVote.jsonPath().getList("data.proposal.votes.edges").size());

        assertTrue(metrics.find("http.server.requests").meters().isEmpty(),
                "no timer per HTTP request (application.properties says why)");
    }

    /**
     * A body is looked up by its bytes once read (KnownRequests), so these check that the bytes decide nothing the
     * request does not: other bytes of the same request share its answer, and the same bytes as a bare document are
     * read as one (and refused by the guard, since a JSON object is no GraphQL document).
     */
    @Test
    void aRequestIsItsQueryAndVariablesNotItsBytes() throws IOException {
        String body = proposalPage(6);
        byte[] answer = post(body, "application/json").asByteArray();
        double hits = count("gov.api.cache.hits");
        assertArrayEquals(answer, post(body, "application/json").asByteArray());
        assertEquals(hits + 1, count("gov.api.cache.hits"), "the same bytes again: a hit");

        JsonObject request = new JsonObject(body);
        JsonObject variables = request.getJsonObject("variables");
        String reordered = new JsonObject().put("variables", new JsonObject().put("votes", 6)
                .put("proposalId", variables.getString("proposalId")).put("governor", variables.getString("governor")))
                .put("query", request.getString("query")).encodePrettily();
        assertArrayEquals(answer, post(reordered, "application/json").asByteArray());
        assertEquals(hits + 2, count("gov.api.cache.hits"), "other bytes of the same request: the same answer");

        Response bare = given().contentType("application/graphql").accept("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/graphql");
        assertEquals("BAD_INPUT", bare.jsonPath().getString("errors[0].extensions.code"),
                "the same bytes as a bare document are a document that does not parse");
        assertNull(bare.jsonPath().get("data"));
        assertEquals(hits + 2, count("gov.api.cache.hits"));
    }

    /**
     * With computing ahead on: a served answer that a vote retires is computed again right after the vote's
     * notification, so the next request is a hit, and shows the vote; an answer never served since it was kept is
     * not computed ahead.
     */
    @Test
    void aServedAnswerThatAChangeRetiresIsComputedAgainAheadOfTheNextRequest() throws Exception {
        String served = proposalPage(11);
        String notServed = proposalPage(12);
        int voters = post(served, "application/json").jsonPath().getInt("data.proposal.voterCount");
        post(served, "application/json");
        post(notServed, "application/json");
        double refreshes = count("gov.api.cache.refreshes");
        refresher.refreshAhead(true);
        try {
            dao.vote(proposal, 2, 6);
            afterWrite(() -> coordinator.runCycle());
            delivery().until(() -> count("gov.api.cache.refreshes") > refreshes && refresher.idle());
        } finally {
            refresher.refreshAhead(false);
        }
        double hits = count("gov.api.cache.hits");
        double stores = count("gov.api.cache.stores");
        assertEquals(voters + 1, post(served, "application/json").jsonPath().getInt("data.proposal.voterCount"),
                "computed after the vote");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "computed ahead: the request is a hit");
        post(notServed, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "never served: left to the next request");
        assertEquals(stores + 1, count("gov.api.cache.stores"));
        CompletableFuture<String> computedOn = new CompletableFuture<>();
        refresher.context().runOnContext(now -> computedOn.complete(
                Context.isOnEventLoopThread() ? "an event loop" : Thread.currentThread().getName()));
        assertTrue(computedOn.get(5, TimeUnit.SECONDS).startsWith(AnswerRefresher.POOL),
                "computed ahead on a thread of its own, off the event loops serving the hits");
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

    /**
     * Two new proposals, Active and final before the vote, so that the block the vote comes in changes nothing on
     * the first one's page. Runs after the others but the last: its blocks close the shared proposal's voting.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void anIndexedVoteOnAnotherProposalLeavesThePageServed() throws Exception {
        BigInteger watched = dao.propose(2, "# Read\n\nWhile another is voted on.");
        BigInteger votedOn = dao.propose(2, "# Voted on\n\nMeanwhile.");
        dao.openVoting();
        indexToChainHead();
        String body = proposalPage(watched, 7);
        JsonPath page = post(body, "application/json").jsonPath();
        assertEquals("ACTIVE", page.getString("data.proposal.state"));
        assertEquals(true, page.getBoolean("data.proposal.final"));
        byte[] before = post(body, "application/json").asByteArray();
        double hits = count("gov.api.cache.hits");

        dao.vote(votedOn, 1, 5);
        afterWrite(() -> coordinator.runCycle());
        assertEquals(1, post(proposalPage(votedOn, 7), "application/json").jsonPath()
                .getInt("data.proposal.voterCount"), "the other proposal's vote was indexed");
        assertArrayEquals(before, post(body, "application/json").asByteArray());
        assertEquals(hits + 1, count("gov.api.cache.hits"), "served from the cache across another proposal's vote");
    }

    @Test
    void requestsForAnAnswerBeingComputedWaitForItAndShareIt() throws Exception {
        String body = proposalPage(9);
        afterWrite(() -> pool.preparedQuery("UPDATE governor SET name = name WHERE id = $1")
                .execute(Tuple.of(governor.id())).await().indefinitely());
        double stores = count("gov.api.cache.stores");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> post(body, "application/json").asByteArray()));
            }
            byte[] first = answers.get(0).get();
            for (Future<byte[]> answer : answers) {
                assertArrayEquals(first, answer.get());
            }
        } finally {
            clients.shutdown();
        }
        assertEquals(stores + 1, count("gov.api.cache.stores"),
                "one execution: the requests that came while it ran waited for its answer");
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
        delivery().until(() -> cache.generation() != before);
        post(body, "application/json");
        assertEquals(hits, count("gov.api.cache.hits"), "nothing is served while nothing listens, or from before");

        delivery().until(() -> cache.generation() != ResponseCache.UNKNOWN);
        post(body, "application/json");
        post(body, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "kept and served again once it listens");
    }

    @Test
    void aHeadThatMovesBackRetiresEveryAnswer() throws IOException {
        dao.anvil.mine(1);
        long head = indexToChainHead();
        String body = proposalPage(6);
        post(body, "application/json");
        double hits = count("gov.api.cache.hits");
        post(body, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"));

        // As a rollback's cursor moves, without the rows it deletes: the move back alone retires the answer.
        long before = cache.generation();
        moveCursor(head - 1);
        delivery().until(() -> cache.generation() > before);
        moveCursor(head);
        delivery().until(() -> cache.announcedHead(governor.id()).orElse(-1) == head);
        post(body, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "read afresh after the head moved back");
    }

    private void moveCursor(long block) {
        pool.preparedQuery("UPDATE sync_cursor SET indexed_block = $2 WHERE governor_id = $1")
                .execute(Tuple.of(governor.id(), block)).await().indefinitely();
    }

    /**
     * A vote of no weight on a proposal an account's page lists: the proposal's page shows it, while the account's
     * page, which shows the proposal by its title and Active state, stays served, since neither depends on the tally.
     */
    @Test
    @Order(Integer.MAX_VALUE - 2)
    void aVoteLeavesServedTheAccountPagesThatListItsProposal() throws Exception {
        BigInteger listed = dao.propose(2, "# Listed\n\nOn an account's page.");
        dao.openVoting();
        dao.vote(listed, 1, 3);
        // Final before it is read, so that the blocks to come leave its vote's answer as it is.
        dao.anvil.mine(CONFIRMATIONS);
        indexToChainHead();
        String account = json(operation("Account"), Map.of("governor", governor.id(),
                "address", GovernedDao.holder(3).getAddress(), "timepoint", "1"));
        String page = proposalPage(listed, 7);
        JsonPath listing = post(account, "application/json").jsonPath();
        assertEquals(listed.toString(), listing.getString("data.account.votes.edges[0].node.proposal.proposalId"));
        assertEquals("ACTIVE", listing.getString("data.account.votes.edges[0].node.proposal.state"));
        byte[] before = post(account, "application/json").asByteArray();
        int voters = post(page, "application/json").jsonPath().getInt("data.proposal.voterCount");

        // Holder 7 holds no tokens.
        dao.vote(listed, 0, 7);
        indexToChainHead();
        assertEquals(voters + 1, post(page, "application/json").jsonPath().getInt("data.proposal.voterCount"),
                "the proposal's page shows the vote");
        double hits = count("gov.api.cache.hits");
        assertArrayEquals(before, post(account, "application/json").asByteArray());
        assertEquals(hits + 1, count("gov.api.cache.hits"), "the account's page served across the vote");
    }

    /**
     * Walks a new proposal's head-dependent fields block by block: Pending up to its snapshot, whose time is an
     * estimate until the head reaches its block, Active after it, and a vote final three blocks after its own. Each
     * indexed block moves the head; an answer is served again while every field it holds reads the same at the new
     * head, and read afresh at the block where one changes. Runs last: the blocks it mines close the shared
     * proposal's voting.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aHeadMoveRetiresOnlyTheAnswersItChanges() throws Exception {
        BigInteger watched = dao.propose(2, "# Watched\n\nBlock by block.");
        long created = indexToChainHead();
        String page = proposalPage(watched, 20);
        String introspection = json("{ __schema { queryType { name } } }", Map.of());

        JsonPath pending = post(page, "application/json").jsonPath();
        assertEquals("PENDING", pending.getString("data.proposal.state"));
        assertEquals(Long.toString(created + 1), pending.getString("data.proposal.voteStart"));
        assertEquals(true, pending.getBoolean("data.proposal.voteStartEstimated"));
        double hits = count("gov.api.cache.hits");
        assertEquals(pending.prettify(), post(page, "application/json").jsonPath().prettify());
        assertEquals(hits + 1, count("gov.api.cache.hits"), "the same head: served again");
        post(introspection, "application/json");

        dao.anvil.mine(1);
        indexToChainHead();
        hits = count("gov.api.cache.hits");
        JsonPath atSnapshot = post(page, "application/json").jsonPath();
        assertEquals(hits, count("gov.api.cache.hits"), "the snapshot block's time is known now: read afresh");
        assertEquals("PENDING", atSnapshot.getString("data.proposal.state"), "still Pending at the snapshot block");
        assertEquals(false, atSnapshot.getBoolean("data.proposal.voteStartEstimated"));
        assertEquals(true, atSnapshot.getBoolean("data.proposal.voteEndEstimated"));
        assertEquals(atSnapshot.prettify(), post(page, "application/json").jsonPath().prettify());
        assertEquals(hits + 1, count("gov.api.cache.hits"), "served again at the same head");
        post(introspection, "application/json");
        assertEquals(hits + 1, count("gov.api.cache.hits"), "an answer of unknown head dependence is retired");

        dao.anvil.mine(1);
        indexToChainHead();
        JsonPath active = post(page, "application/json").jsonPath();
        assertEquals(hits + 1, count("gov.api.cache.hits"), "the snapshot has passed: read afresh");
        assertEquals("ACTIVE", active.getString("data.proposal.state"));
        assertEquals(true, active.getBoolean("data.proposal.timeline.find { it.kind == 'VOTING_STARTS' }.reached"));
        assertEquals(false, active.getBoolean("data.proposal.final"));

        dao.vote(watched, 1, 3);
        long voted = indexToChainHead();
        JsonPath withVote = post(page, "application/json").jsonPath();
        assertEquals(Long.toString(voted), withVote.getString("data.proposal.votes.edges[0].node.blockNumber"));
        assertEquals(false, withVote.getBoolean("data.proposal.votes.edges[0].node.final"));
        assertEquals(true, withVote.getBoolean("data.proposal.final"), "created three blocks before the head");
        for (long head = voted + 1; head < voted + CONFIRMATIONS; head++) {
            dao.anvil.mine(1);
            assertEquals(head, indexToChainHead());
            double before = count("gov.api.cache.hits");
            assertEquals(withVote.prettify(), post(page, "application/json").jsonPath().prettify());
            assertEquals(before + 1, count("gov.api.cache.hits"), "the vote is not final yet at " + head);
        }
        dao.anvil.mine(1);
        assertEquals(voted + CONFIRMATIONS, indexToChainHead());
        double before = count("gov.api.cache.hits");
        JsonPath finalVote = post(page, "application/json").jsonPath();
        assertEquals(before, count("gov.api.cache.hits"), "the vote became final: read afresh");
        assertEquals(true, finalVote.getBoolean("data.proposal.votes.edges[0].node.final"));
        assertEquals("ACTIVE", finalVote.getString("data.proposal.state"));
    }

    /** Indexes up to the chain's head and waits until the cache has heard of it; returns the head's block. */
    private long indexToChainHead() throws IOException {
        long head = dao.web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        coordinator.runCycle();
        delivery().until(() -> cache.announcedHead(governor.id()).orElse(-1) == head);
        return head;
    }

    /** Runs a write and waits until its notification has retired what the cache held. */
    private void afterWrite(Runnable write) {
        long before = cache.generation();
        write.run();
        delivery().until(() -> cache.generation() > before);
    }


    private String proposalPage(int votes) throws IOException {
        return proposalPage(proposal, votes);
    }

    private static String proposalPage(BigInteger proposalId, int votes) throws IOException {
        return json(operation("ProposalPage"), Map.of("governor", governor.id(), "proposalId", proposalId.toString(),
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
