package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.lifecycle.EpochLedger;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.OperatorTokenFile;
import dev.govengine.testing.RewardLifecycleFixture;
import dev.govengine.testing.WebhookReceiver;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.webhooks.WebhookDispatcher;
import dev.govengine.webhooks.WebhookSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * The operator endpoints with the token file the test profile names: refusals without the token, with a wrong one,
 * with a token file too short to trust and with one other users may read; no validation before the token; bad paths,
 * each refused with a code; the token looked at on the operator paths only; and an epoch taken through close and
 * compute by hand, a step repeated out of order refused, and a submission that is off leaving the epoch COMPUTED with
 * the reason.
 */
@QuarkusTest
class OperatorEpochResourceTest {
    private static final String TOKEN = OperatorTokenFile.TOKEN;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "gov.operator.token-file")
    String tokenFile;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    EpochLedger ledger;

    @Inject
    RewardLifecycleFixture fixture;

    @Inject
    MeterRegistry meters;

    @Inject
    WebhookDispatcher dispatcher;

    private GovernedDao dao;
    private IndexedGovernor indexed;

    @BeforeEach
    void deploy() throws Exception {
        OperatorTokenFile.write(tokenFile, TOKEN + "\n");
        dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO,
                ChecksumAddress.of(Credentials.create(Keys.createEcKeyPair()).getAddress()));
        indexed = fixture.follow(dao, "operator");
    }

    @AfterEach
    void close() {
        fixture.forget(indexed);
        dao.close();
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        for (String path : List.of("/operator/epochs/zero/close", "/operator/epochs/0/close", "/operator/epochs/1/finalize",
                "/operator/epochs/1/close/extra", "/operator/epochs")) {
            given().when().post(path).then().statusCode(401).header("WWW-Authenticate", "Bearer")
                    .body("code", is("UNAUTHORIZED"));
        }
        given().contentType("application/json").body("{not json").when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        given().when().get("/operator/epochs/1/close").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        given().when().post("/operator/epochs/1/close").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("code", is("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + TOKEN + "x").when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        given().header("Authorization", TOKEN).when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));

        Files.setPosixFilePermissions(Path.of(tokenFile), PosixFilePermissions.fromString("rw-r--r--"));
        given().header("Authorization", "Bearer " + TOKEN).when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        Files.setPosixFilePermissions(Path.of(tokenFile), PosixFilePermissions.fromString("rw-------"));
        operator("/operator/epochs/zero/close").statusCode(400).body("code", is("BAD_INPUT"));

        OperatorTokenFile.write(tokenFile, "short");
        given().header("Authorization", "Bearer short").when().post("/operator/epochs/advance").then()
                .statusCode(401).body("code", is("UNAUTHORIZED"));
        assertEquals(EpochStatus.OPEN, ledger.get(1).await().atMost(WAIT).map(r -> r.status()).orElse(EpochStatus.OPEN),
                "nothing ran");
    }

    @Test
    void badPathsAreRefusedWithACode() {
        operator("/operator/epochs/zero/close").statusCode(400).body("code", is("BAD_INPUT"))
                .body("message", is("the epoch is a number from 1, not 'zero'"));
        operator("/operator/epochs/0/close").statusCode(400).body("code", is("BAD_INPUT"));
        operator("/operator/epochs/1/finalize").statusCode(404).body("code", is("NOT_FOUND"))
                .body("message", is("unknown step 'finalize': expected one of close, compute, submit, watch, retry,"
                        + " recompute"));
        operator("/operator/epochs/1/close/extra").statusCode(404).body("code", is("NOT_FOUND"));
        operator("/operator/elsewhere").statusCode(404).body("code", is("NOT_FOUND"));
        given().header("Authorization", "Bearer " + TOKEN).when().get("/operator/epochs/1/close").then()
                .statusCode(405).body("code", is("METHOD_NOT_ALLOWED"));
    }

    /** The token belongs to the operator paths: elsewhere an Authorization header, right or wrong, changes nothing. */
    @Test
    void aBearerTokenIsLookedAtOnlyOnTheOperatorPaths() {
        for (String authorization : List.of("Bearer wrong", "Bearer " + TOKEN, "Basic b3BlcmF0b3I6eA==")) {
            given().header("Authorization", authorization).contentType("application/json")
                    .body("{\"query\": \"{ governors { id } }\"}").when().post("/graphql").then()
                    .statusCode(200).body("errors", nullValue());
            given().header("Authorization", authorization).when().get("/epochs/999999/inputs").then()
                    .statusCode(404).body("code", is("NOT_FOUND"));
        }
    }

    @Test
    void anOperatorTakesAnEpochThroughItsStepsOneAtATime() throws Exception {
        coordinator.runCycle();
        operator("/operator/epochs/1/close").statusCode(200)
                .body("moved", is(false))
                .body("to", is("OPEN"))
                .body("detail", containsString("the epoch ends at"));

        dao.anvil.increaseTime(3_600);
        dao.anvil.mine(1);
        coordinator.runCycle();
        operator("/operator/epochs/1/compute").statusCode(409).body("code", is("CONFLICT"))
                .body("message", is("epoch 1 is OPEN; this step starts from CLOSED"));
        operator("/operator/epochs/1/close").statusCode(200)
                .body("epoch", is("1"))
                .body("from", is("OPEN"))
                .body("to", is("CLOSED"))
                .body("moved", is(true));
        operator("/operator/epochs/1/close").statusCode(409).body("code", is("CONFLICT"));
        operator("/operator/epochs/1/compute").statusCode(200)
                .body("to", is("FINALIZED"))
                .body("detail", containsString("nobody has been paid yet"));
        operator("/operator/epochs/advance").statusCode(200).body("steps", empty());

        // Epoch 2 has work; with no signing key in the test configuration, submission is off and the epoch waits.
        RollupContributions.load(dao.deployment.rollupContributions().address().toString(), dao.web3j,
                dao.deployer.transactionManager(GovernedDao.holder(4)), dao.deployer.gasProvider())
                .submitBatch(BigInteger.TEN, new byte[32]).send();
        dao.anvil.increaseTime(3_600);
        dao.anvil.mine(1);
        coordinator.runCycle();
        operator("/operator/epochs/2/close").statusCode(200).body("to", is("CLOSED"));
        operator("/operator/epochs/2/compute").statusCode(200).body("to", is("COMPUTED"));
        operator("/operator/epochs/2/submit").statusCode(200)
                .body("moved", is(false))
                .body("to", is("COMPUTED"))
                .body("detail", containsString("submission is off"));
        assertEquals(EpochStatus.COMPUTED, ledger.get(2).await().atMost(WAIT).orElseThrow().status());
        operator("/operator/epochs/3/submit").statusCode(409).body("code", is("CONFLICT"));
    }

    /**
     * Webhooks end to end: endpoints registered over the operator API get a real Governor's votes and state changes
     * and the epochs' status moves, each signed as documented (checked here with javax.crypto directly), through a
     * receiver that fails, times out and recovers (every event arrives, retries back off); a receiver that never
     * answers 2xx ends DEAD, listed, and is sent again by hand once it recovers.
     */
    @Test
    void webhooksDeliverEveryEventAtLeastOnceSignedThroughFailures() throws Exception {
        // No host name: http is refused to anything but a loopback address, before any lookup.
        registerWebhook("{\"url\": \"http://192.0.2.1/hook\", \"events\": [\"voteCast\"]}").statusCode(400)
                .body("code", is("BAD_INPUT"))
                .body("message", containsString("must be https; http is allowed only to a loopback address"));
        registerWebhook("{\"url\": \"https://192.0.2.1/hook\", \"events\": [\"voteCasts\"]}").statusCode(400)
                .body("code", is("BAD_INPUT")).body("message", containsString("unknown event 'voteCasts'"));
        registerWebhook("{\"url\": \"https://192.0.2.1/hook\", \"events\": [\"voteCast\"], \"governor\":"
                + " \"eip155:31337:0x0000000000000000000000000000000000000001\"}").statusCode(400)
                .body("code", is("BAD_INPUT")).body("message", containsString("is not in the index"));

        try (WebhookReceiver flaky = new WebhookReceiver(200); WebhookReceiver down = new WebhookReceiver(500)) {
            // Two refusals, then no answer within the timeout, then the receiver recovers.
            flaky.failNext(500, 500, WebhookReceiver.HANG);
            coordinator.runCycle();
            JsonNode all = registered(registerWebhook("{\"url\": \"" + flaky.url() + "\", \"events\": [\"voteCast\","
                    + " \"proposalStateChanged\", \"rewardEpochStatusChanged\"], \"governor\": \"" + indexed.id()
                    + "\"}"));
            JsonNode states = registered(registerWebhook("{\"url\": \"" + down.url()
                    + "\", \"events\": [\"proposalStateChanged\"], \"governor\": \"" + indexed.id() + "\"}"));
            String secret = all.path("secret").asText();
            assertTrue(secret.matches("whsec_[0-9a-f]{64}"), secret);

            BigInteger proposal = dao.propose(1, "# Webhooks\nA proposal the receivers hear of");
            coordinator.runCycle();
            dao.openVoting();
            coordinator.runCycle();
            dao.vote(proposal, 1, 1);
            // A reason longer than a delivery carries: cut, and marked so.
            dao.governor(GovernedDao.holder(2)).castVoteWithReason(proposal, BigInteger.ONE, "why ".repeat(5_000)).send();
            coordinator.runCycle();
            dao.closeVoting();
            coordinator.runCycle();
            assertEquals(ProposalState.SUCCEEDED, dao.chainState(proposal));
            dao.anvil.increaseTime(3_600);
            dao.anvil.mine(1);
            coordinator.runCycle();
            operator("/operator/epochs/1/close").statusCode(200).body("to", is("CLOSED"));
            String computed = operator("/operator/epochs/1/compute").statusCode(200).extract().path("to");

            BigInteger snapshot = dao.governor(null).proposalSnapshot(proposal).send();
            GovernanceToken token = GovernanceToken.load(dao.deployment.token().address().toString(), dao.web3j,
                    new ReadonlyTransactionManager(dao.web3j, GovernedDao.holder(0).getAddress()),
                    dao.deployer.gasProvider());
            List<String> expected = new ArrayList<>();
            for (String[] change : new String[][] {{null, "PENDING"}, {"PENDING", "ACTIVE"}, {"ACTIVE", "SUCCEEDED"}}) {
                expected.add("proposalStateChanged " + indexed.id() + " " + proposal + " " + change[0] + " " + change[1]);
            }
            for (int voter : new int[] {1, 2}) {
                String address = ChecksumAddress.of(GovernedDao.holder(voter).getAddress()).toString();
                expected.add("voteCast " + indexed.id() + " " + proposal + " " + address + " 1 "
                        + token.getPastVotes(address, snapshot).send() + " false");
            }
            expected.add("rewardEpochStatusChanged 1 null CLOSED");
            expected.add("rewardEpochStatusChanged 1 CLOSED " + computed);

            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertEquals(new TreeSet<>(expected), new TreeSet<>(flaky.accepted().stream()
                            .map(OperatorEpochResourceTest::summary).toList()), "events the receiver took"));
            List<WebhookReceiver.Request> received = flaky.received();
            assertEquals(expected.size(), flaky.accepted().size(), "each event accepted once: " + received);
            assertEquals(expected.size() + 3, received.size(), "the failed attempts were sent again, no more");
            for (WebhookReceiver.Request request : received) {
                assertSigned(request, secret);
                assertEquals(request.body().path("id").asText(), request.header(WebhookDispatcher.EVENT_ID_HEADER));
                assertEquals(request.body().path("type").asText(), request.header(WebhookDispatcher.EVENT_HEADER));
            }
            List<JsonNode> votes = flaky.accepted().stream().map(WebhookReceiver.Request::body)
                    .filter(body -> body.path("type").asText().equals("voteCast")).map(body -> body.path("data"))
                    .sorted(Comparator.comparing((JsonNode data) -> Long.parseLong(data.path("blockNumber").asText()))
                            .thenComparing(data -> data.path("logIndex").asInt())).toList();
            for (JsonNode vote : votes) {
                assertTrue(vote.path("txHash").asText().matches("0x[0-9a-f]{64}"), vote.toString());
                assertTrue(vote.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                        vote.toString());
                assertTrue(vote.path("params").isNull(), vote.toString());
            }
            assertEquals("", votes.get(0).path("reason").asText());
            assertFalse(votes.get(0).path("truncated").asBoolean());
            assertEquals("why ".repeat(4_096), votes.get(1).path("reason").asText());
            assertTrue(votes.get(1).path("truncated").asBoolean());

            // The attempts of each event that failed at first: waits of at least half the doubled backoff.
            Map<String, List<WebhookReceiver.Request>> byEvent = received.stream()
                    .collect(Collectors.groupingBy(request -> request.header(WebhookDispatcher.EVENT_ID_HEADER)));
            long retried = 0;
            for (List<WebhookReceiver.Request> attempts : byEvent.values()) {
                for (int i = 1; i < attempts.size(); i++) {
                    retried++;
                    long waited = Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()).toMillis();
                    assertTrue(waited >= 100L << (i - 1), "attempt " + (i + 1) + " waited " + waited + " ms");
                }
            }
            assertEquals(3, retried, "three attempts failed, each retried once or more: " + byEvent);

            // The receiver that never recovers: each of its deliveries DEAD after four attempts, listed, counted.
            String statesId = states.path("id").asText();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> operatorGet("/operator/webhooks")
                    .statusCode(200)
                    .body("endpoints.find { it.id == '" + statesId + "' }.deliveries.dead", is(3))
                    .body("endpoints.find { it.id == '" + statesId + "' }.deliveries.pending", is(0))
                    .body("endpoints.find { it.id == '" + all.path("id").asText() + "' }.deliveries.delivered",
                            is(expected.size())));
            assertEquals(12, down.received().size(), "four attempts of each of three events");
            ValidatableResponse dead = operatorGet("/operator/webhooks/" + statesId + "/deliveries?state=DEAD")
                    .statusCode(200).body("deliveries.size()", is(3))
                    .body("deliveries.attempts", everyItem(is(4)))
                    .body("deliveries.lastError", everyItem(is("HTTP 500")))
                    .body("deliveries.payload.type", everyItem(is("proposalStateChanged")));
            assertTrue(meters.counter("gov.webhooks.deliveries", "outcome", "dead").count() >= 3, "the dead count");
            operatorGet("/operator/webhooks/" + all.path("id").asText() + "/deliveries?state=DEAD").statusCode(200)
                    .body("deliveries", empty());
            operatorGet("/operator/webhooks/" + statesId + "/deliveries?state=LOST").statusCode(400)
                    .body("code", is("BAD_INPUT"));

            // Delivered rows go once the retention has passed; DEAD ones stay for the operator.
            assertEquals(expected.size(), dispatcher.prune(Duration.ZERO));
            operatorGet("/operator/webhooks").statusCode(200)
                    .body("endpoints.find { it.id == '" + all.path("id").asText() + "' }.deliveries.delivered", is(0))
                    .body("endpoints.find { it.id == '" + statesId + "' }.deliveries.dead", is(3));

            // Sent again by hand once it recovers: the same event, delivered.
            String deliveryId = dead.extract().path("deliveries[0].id");
            String eventId = dead.extract().path("deliveries[0].eventId");
            down.recover();
            operator("/operator/webhooks/" + statesId + "/deliveries/" + deliveryId + "/redeliver").statusCode(202);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertEquals(1,
                    down.accepted().size()));
            WebhookReceiver.Request redelivered = down.accepted().get(0);
            assertEquals(eventId, redelivered.header(WebhookDispatcher.EVENT_ID_HEADER));
            assertSigned(redelivered, states.path("secret").asText());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> operatorGet(
                    "/operator/webhooks/" + statesId + "/deliveries?state=DELIVERED").statusCode(200)
                    .body("deliveries.id", is(List.of(deliveryId))));
            operator("/operator/webhooks/" + statesId + "/deliveries/" + deliveryId + "/redeliver").statusCode(409)
                    .body("code", is("CONFLICT"));
            operator("/operator/webhooks/" + statesId + "/deliveries/999999999/redeliver").statusCode(404)
                    .body("code", is("NOT_FOUND"));
        } finally {
            for (Object id : operatorGet("/operator/webhooks").extract().jsonPath().getList("endpoints.id")) {
                given().header("Authorization", "Bearer " + TOKEN).when().delete("/operator/webhooks/" + id).then()
                        .statusCode(204);
            }
        }
        operatorGet("/operator/webhooks").statusCode(200).body("endpoints", empty());
        given().header("Authorization", "Bearer " + TOKEN).when().delete("/operator/webhooks/1").then()
                .statusCode(404).body("code", is("NOT_FOUND"));
    }

    /** An event as the test expects it: its type and the fields that identify it, with the values it must carry. */
    private static String summary(WebhookReceiver.Request request) {
        JsonNode body = request.body();
        JsonNode data = body.path("data");
        return switch (body.path("type").asText()) {
            case "voteCast" -> String.join(" ", "voteCast", data.path("governor").asText(),
                    data.path("proposalId").asText(), data.path("voter").asText(), data.path("support").asText(),
                    data.path("weight").asText(), data.path("removed").asText());
            case "proposalStateChanged" -> String.join(" ", "proposalStateChanged", data.path("governor").asText(),
                    data.path("proposalId").asText(), data.path("from").isNull() ? "null" : data.path("from").asText(),
                    data.path("to").asText());
            default -> String.join(" ", body.path("type").asText(), data.path("epoch").asText(),
                    data.path("from").isNull() ? "null" : data.path("from").asText(), data.path("to").asText());
        };
    }

    /** The signature as docs/ARCHITECTURE.md tells a receiver to check it, computed here with javax.crypto. */
    private static void assertSigned(WebhookReceiver.Request request, String secret) throws Exception {
        Matcher header = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})")
                .matcher(request.header(WebhookSignature.HEADER));
        assertTrue(header.matches(), request.header(WebhookSignature.HEADER));
        long sentAt = Long.parseLong(header.group(1));
        assertTrue(Math.abs(sentAt - request.at().getEpochSecond()) <= 5, "signed when sent");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((header.group(1) + ".").getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(mac.doFinal(request.raw())), header.group(2), "v1 of " + request);
    }

    private static ValidatableResponse registerWebhook(String body) {
        return given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(body)
                .when().post("/operator/webhooks").then();
    }

    private static JsonNode registered(ValidatableResponse response) throws Exception {
        String body = response.extract().asString();
        assertEquals(201, response.extract().statusCode(), body);
        return new ObjectMapper().readTree(body);
    }

    private static ValidatableResponse operatorGet(String path) {
        return given().header("Authorization", "Bearer " + TOKEN).when().get(path).then();
    }

    /** The token file as an operator keeps it: readable by its owner only. */
    private ValidatableResponse operator(String path) {
        return given().header("Authorization", "Bearer " + TOKEN).when().post(path).then();
    }
}
