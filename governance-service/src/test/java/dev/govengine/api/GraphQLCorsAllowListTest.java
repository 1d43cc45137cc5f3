package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.testing.TightLimits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@code gov.api.cors-origins} set to one origin (TightLimits): that origin's pages are let in, by name, and so
 * are the service's own; any other origin is refused, its WebSocket too. Each test is a client of its own for the rate limit.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class GraphQLCorsAllowListTest {
    /** Nothing to fetch, so TightLimits' microsecond time budget does not matter. */
    private static final String QUERY = "{\"query\": \"{ __typename }\"}";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void theListedOriginIsLetInByName() {
        given().header("X-Forwarded-For", "198.51.100.1").header("Origin", TightLimits.CORS_ORIGIN)
                .contentType("application/json").body(QUERY).when().post("/graphql").then()
                .statusCode(200).body("errors", nullValue())
                .header("Access-Control-Allow-Origin", TightLimits.CORS_ORIGIN);
        given().header("X-Forwarded-For", "198.51.100.1").header("Origin", TightLimits.CORS_ORIGIN)
                .header("Access-Control-Request-Method", "POST").when().options("/graphql").then()
                .statusCode(204).header("Access-Control-Allow-Origin", TightLimits.CORS_ORIGIN);
        GraphQLCorsTest.handshake(graphql, TightLimits.CORS_ORIGIN).sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void anotherOriginIsRefusedItsWebSocketToo() {
        given().header("X-Forwarded-For", "198.51.100.2").header("Origin", GraphQLCorsTest.DAPP)
                .contentType("application/json").body(QUERY).when().post("/graphql").then()
                .statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("X-Forwarded-For", "198.51.100.2").header("Origin", GraphQLCorsTest.DAPP)
                .header("Access-Control-Request-Method", "POST").when().options("/graphql").then()
                .statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        CompletionException refused = assertThrows(CompletionException.class,
                () -> GraphQLCorsTest.handshake(graphql, GraphQLCorsTest.DAPP));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    /** GraphiQL, served by the service itself, posts with its own origin, which is on no list. */
    @Test
    void aPageOfTheServiceItselfIsNotCrossOrigin() {
        String own = "http://" + graphql.getHost() + ":" + graphql.getPort();
        given().header("X-Forwarded-For", "198.51.100.3").header("Origin", own).contentType("application/json")
                .body(QUERY).when().post("/graphql").then()
                .statusCode(200).body("errors", nullValue()).header("Access-Control-Allow-Origin", nullValue());
    }
}
