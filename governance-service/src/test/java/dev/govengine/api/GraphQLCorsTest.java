package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.govengine.testing.OperatorTokenFile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Browsers against the running service with the default {@code gov.api.cors-origins} ({@code *}): a dapp's page from
 * any origin may query {@code /graphql}, its preflight is answered, and it may open the WebSocket; no
 * credentials are ever allowed. The operator endpoints answer no origin, and refuse the preflight a page elsewhere
 * would need to send them a token.
 */
@QuarkusTest
class GraphQLCorsTest {
    static final String DAPP = "http://dapp.test:5173";
    private static final String TOKEN = OperatorTokenFile.TOKEN;
    private static final String QUERY = "{\"query\": \"{ governors { id } }\"}";

    @TestHTTPResource("/graphql")
    URL graphql;

    @ConfigProperty(name = "gov.operator.token-file")
    String tokenFile;

    @Test
    void anyOriginMayQueryTheApiWithoutCredentials() {
        given().header("Origin", DAPP).contentType("application/json").body(QUERY).when().post("/graphql").then()
                .statusCode(200).body("errors", nullValue())
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
        // A page opened from a file has the origin "null". GET takes no queries here (SmallRye's GET is off, so every
        // query passes the POST guard), but its refusal is readable too.
        given().header("Origin", "null").queryParam("query", "{ governors { id } }").when().get("/graphql").then()
                .statusCode(405).header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void aPreflightIsAnswered() {
        given().header("Origin", DAPP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-apollo-operation-name")
                .when().options("/graphql").then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("content-type"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("x-apollo-operation-name"))
                .header("Access-Control-Max-Age", "7200")
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void aPageFromAnyOriginOpensTheWebSocket() throws Exception {
        handshake(graphql, DAPP).sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void theOperatorEndpointsAnswerNoOrigin() throws Exception {
        OperatorTokenFile.write(tokenFile);
        for (String path : new String[] {"/operator/epochs/advance", "/operator/receipts/invalidate"}) {
            given().header("Origin", DAPP).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .when().options(path).then()
                    .statusCode(401).body("code", is("UNAUTHORIZED"))
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Methods", nullValue())
                    .header("Access-Control-Allow-Headers", nullValue());
        }
        // Even a request that carries the token (not one a page elsewhere could send) names no origin.
        given().header("Origin", DAPP).header("Authorization", "Bearer " + TOKEN)
                .when().post("/operator/epochs/zero/close").then()
                .statusCode(400).body("code", is("BAD_INPUT"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /** Opens a GraphQL WebSocket as a page of {@code origin} does; fails as the browser would on a refused handshake. */
    static WebSocket handshake(URL graphql, String origin) {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin)
                .subprotocols("graphql-transport-ws").connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(graphql.toString().replaceFirst("^http", "ws")), new WebSocket.Listener() {
                }).join();
    }
}
