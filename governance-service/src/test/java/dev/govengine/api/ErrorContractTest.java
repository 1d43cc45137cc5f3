package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.testing.GraphQLOverWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The error contract a wallet codes against, over HTTP: every error carries {@code extensions.code}, a wrong value
 * is one BAD_INPUT naming what was wrong, no Java class reaches the caller, and an id nobody knows is NOT_FOUND
 * whichever query asks. None of these needs an indexed DAO.
 */
@QuarkusTest
class ErrorContractTest {
    @TestHTTPResource("/graphql")
    URI graphql;

    private static final String PAGE = "query Page($n: Int) { rewardEpochs(first: $n) { edges { cursor } } }";
    /** A Java class or package name as a stack trace or SmallRye's "exception" extension would show it. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(dev\\.govengine|java|javax|jakarta|io\\.smallrye|io\\.vertx|graphql|org\\.jboss)\\.[a-z]");

    /** An answer as the wallet gets it: the body as sent, and parsed. */
    private record Answer(String body, JsonPath json) {
    }

    private static Answer post(String body) {
        String answer = given().contentType(ContentType.JSON).body(body).when().post("/graphql").then().statusCode(200)
                .extract().asString();
        return new Answer(answer, JsonPath.from(answer));
    }

    private static Answer page(String variableJson) {
        return post("{\"query\": \"" + PAGE + "\", \"variables\": {\"n\": " + variableJson + "}}");
    }

    /** The answer has exactly one error, with this code, and it says this. */
    private static void assertOneError(Answer answer, String code, String... says) {
        List<Map<String, Object>> errors = answer.json().getList("errors");
        assertNotNull(errors, answer.body());
        assertEquals(1, errors.size(), answer.body());
        assertEquals(code, answer.json().getString("errors[0].extensions.code"), answer.body());
        for (String text : says) {
            assertTrue(answer.json().getString("errors[0].message").contains(text), text + " in " + answer.body());
        }
        assertContract(answer);
    }

    /** Every error has a code, and no error names a Java class or carries SmallRye's "exception" extension. */
    private static void assertContract(Answer answer) {
        List<Map<String, Object>> errors = answer.json().getList("errors");
        for (int i = 0; i < errors.size(); i++) {
            assertNotNull(answer.json().getString("errors[" + i + "].extensions.code"), answer.body());
            assertNull(answer.json().get("errors[" + i + "].extensions.exception"), answer.body());
        }
        assertFalse(JAVA_NAME.matcher(answer.body()).find(), "a Java name in " + answer.body());
    }

    @Test
    void aWrongVariableTypeIsOneBadInputNamingTheVariable() {
        assertOneError(page("1.5"), "BAD_INPUT", "Variable 'n'", "1.5 is not an Int");
        assertOneError(page("\"ten\""), "BAD_INPUT", "Variable 'n'", "the string \"ten\" is not an Int");
        assertOneError(page("\"10\""), "BAD_INPUT", "Variable 'n'", "the string \"10\" is not an Int");
        assertOneError(page("1e10"), "BAD_INPUT", "Variable 'n'", "10000000000 is not an Int");
        assertOneError(page("true"), "BAD_INPUT", "Variable 'n'", "true is not an Int");
        assertOneError(page("{\"a\": 1}"), "BAD_INPUT", "Variable 'n'", "an object is not an Int");
        for (String whole : List.of("2", "2.0", "null")) {
            Answer answer = page(whole);
            assertNull(answer.json().get("errors"), answer.body());
            assertNotNull(answer.json().get("data.rewardEpochs.edges"), answer.body());
        }
        Answer defaulted = post("{\"query\": \"{ rewardEpochs { edges { cursor } } }\"}");
        assertNull(defaulted.json().get("errors"), "the schema's default first is still an Int: " + defaulted.body());

        // An input object's Int field is checked the same way, before the mutation stores anything.
        assertOneError(post("""
                {"query": "mutation Submit($r: [WorkReceiptInput!]!) { submitWorkReceipts(receipts: $r) { accepted } }",
                 "variables": {"r": [{"epoch": "1", "gpuClass": 1.5, "gpuSeconds": "60", "jobId": "0x01",
                   "provider": "0x0000000000000000000000000000000000000001", "qualityBps": 10000,
                   "signature": "0x00"}]}}"""), "BAD_INPUT", "Variable 'r'", "1.5 is not an Int");
    }

    @Test
    void aNegativeFirstIsBadInputAndZeroIsAnEmptyPage() {
        assertOneError(page("-1"), "BAD_INPUT", "first must not be negative, got -1");
        Answer empty = post("{\"query\": \"{ rewardEpochs(first: 0) { edges { cursor } pageInfo { hasNextPage endCursor }"
                + " totalCount } }\"}");
        assertNull(empty.json().get("errors"), empty.body());
        assertEquals(List.of(), empty.json().getList("data.rewardEpochs.edges"), empty.body());
        assertNull(empty.json().get("data.rewardEpochs.pageInfo.endCursor"), empty.body());
        assertEquals(empty.json().getInt("data.rewardEpochs.totalCount") > 0,
                empty.json().getBoolean("data.rewardEpochs.pageInfo.hasNextPage"), empty.body());
    }

    @Test
    void aWrongValueForAStringVariableIsOneBadInputNamingTheType() {
        String proposal = "query P($p: String!) { proposal(governor: \\\"eip155:1:0x0000000000000000000000000000000000000001\\\","
                + " proposalId: $p) { state } }";
        // graphql-java refuses it while coercing variables, before any resolver: no INTERNAL beside it.
        // The value is named by its JSON kind, not by the Java class graphql-java read it into.
        Map<String, String> kinds = Map.of("12", "but it was a number", "1.5", "but it was a number",
                "true", "but it was a boolean", "[\"1\"]", "but it was a list", "{\"a\": 1}", "but it was an object");
        for (Map.Entry<String, String> wrong : kinds.entrySet()) {
            assertOneError(post("{\"query\": \"" + proposal + "\", \"variables\": {\"p\": " + wrong.getKey() + "}}"),
                    "BAD_INPUT", "Variable 'p'", "Expected a String input", wrong.getValue());
        }
    }

    /**
     * A message GraphQL over WebSocket does not define closes the connection with 4400 and a reason naming the fault,
     * on both subprotocols, rather than being ignored while the client waits.
     */
    @Test
    void aWebSocketMessageThatIsNoProtocolMessageClosesWithBadRequest() {
        Map<String, String> transportWs = Map.of(
                "{not json", "the message is not JSON",
                "[]", "a message must be a JSON object",
                "{\"type\": 5}", "a message needs a string \"type\"",
                "{\"type\": \"start\", \"id\": \"1\"}", "unknown message type \"start\" for graphql-transport-ws",
                "{\"type\": \"subscribe\", \"payload\": {\"query\": \"subscription { x }\"}}",
                "a subscribe message needs a non-empty string \"id\"",
                "{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": \"x\"}",
                "a subscribe message needs a \"payload\" object with a string \"query\"",
                "{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"s\", \"variables\": \"x\"}}",
                "\"variables\" must be an object");
        Map<String, String> legacyWs = Map.of(
                "42", "a message must be a JSON object",
                "{\"type\": \"subscribe\", \"id\": \"1\"}", "unknown message type \"subscribe\" for graphql-ws",
                "{\"type\": \"start\", \"id\": \"1\", \"payload\": {\"query\": 5}}",
                "a start message needs a \"payload\" object with a string \"query\"",
                "{\"type\": \"stop\"}", "a stop message needs a non-empty string \"id\"");
        for (Map.Entry<String, Map<String, String>> protocol : Map.of(GraphQLOverWebSocket.TRANSPORT_WS, transportWs,
                GraphQLOverWebSocket.LEGACY_WS, legacyWs).entrySet()) {
            for (Map.Entry<String, String> bad : protocol.getValue().entrySet()) {
                GraphQLOverWebSocket socket = GraphQLOverWebSocket.connect(protocol.getKey(), graphql);
                socket.sendText(bad.getKey());
                JsonNode closed = socket.next(Duration.ofSeconds(10));
                String what = protocol.getKey() + " " + bad.getKey() + ": " + closed;
                assertEquals("close", closed.path("type").asText(), what);
                assertEquals(4400, closed.path("code").asInt(), what);
                assertEquals("BAD_REQUEST: " + bad.getValue(), closed.path("reason").asText()
                        .replaceFirst("^(BAD_REQUEST: the message is not JSON).*", "$1"), what);
            }
        }
    }

    @Test
    void aLiteralOutsideIntIsBadInputNotAnotherNumber() {
        Answer answer = post("{\"query\": \"{ rewardEpochs(first: 10000000000) { edges { cursor } } }\"}");
        assertOneError(answer, "BAD_INPUT", "argument 'first'", "10000000000 is not an Int");
        assertOneError(post("{\"query\": \"{ rewardEpochs(first: \\\"5\\\") { edges { cursor } } }\"}"), "BAD_INPUT",
                "the string \"5\" is not an Int");
    }

    @Test
    void noErrorNamesAJavaClass() {
        for (String body : List.of(
                "{\"query\": \"{ nope }\"}",
                "{\"query\": \"{ rewardEpochs(first: 1.5) { edges { cursor } } }\"}",
                "{\"query\": \"{ governor(id: \\\"mainnet\\\") { id } }\"}",
                "{\"query\": \"query($p: String!) { rewardEpoch(number: $p) { epoch } }\", \"variables\": {\"p\": 5}}",
                "{\"query\": \"query($p: String!) { rewardEpoch(number: $p) { epoch } }\"}",
                "{\"query\": \"query A { __typename } query B { __typename }\"}",
                "{\"query\": \"{ rewardEpoch(number: \\\"0\\\") { epoch } }\"}")) {
            Answer answer = post(body);
            assertNotNull(answer.json().get("errors"), body);
            assertContract(answer);
        }
    }

    @Test
    void anIdNobodyKnowsIsNotFoundWhicheverQueryAsks() {
        String governor = "eip155:1:0x00000000000000000000000000000000000000aa";
        String distributor = "eip155:1:0x00000000000000000000000000000000000000bb";
        String account = "0x0000000000000000000000000000000000000001";
        for (String query : List.of(
                "{ governor(id: \"" + governor + "\") { id } }",
                "{ proposal(governor: \"" + governor + "\", proposalId: \"1\") { proposalId } }",
                "{ proposals(governor: \"" + governor + "\") { edges { cursor } } }",
                "{ votes(governor: \"" + governor + "\") { edges { cursor } } }",
                "{ delegates(governor: \"" + governor + "\") { edges { cursor } } }",
                "{ account(governor: \"" + governor + "\", address: \"" + account + "\") { votingPower } }",
                "{ rewardEpoch(number: \"999999\") { epoch } }",
                "{ claim(distributor: \"" + distributor + "\", account: \"" + account + "\") { claimable } }",
                "{ rewards(distributor: \"" + distributor + "\", account: \"" + account + "\") { epoch } }")) {
            assertOneError(post(new JsonObject().put("query", query).encode()), "NOT_FOUND");
        }
    }
}
