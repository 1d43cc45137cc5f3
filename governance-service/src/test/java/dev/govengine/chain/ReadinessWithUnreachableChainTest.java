package dev.govengine.chain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ReadinessWithUnreachableChainTest.OfflineChain.class)
class ReadinessWithUnreachableChainTest {
    public static class OfflineChain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gov.chains.offline.rpc-url", "http://127.0.0.1:9",
                    "gov.chains.offline.chain-id", "1",
                    "gov.chains.offline.rpc-timeout", "PT2S");
        }
    }

    @Test
    void notReadyWhileAnyConfiguredChainIsUnreachable() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'rpc' }.status", is("DOWN"))
                .body("checks.find { it.name == 'rpc' }.data.offline", startsWith("unreachable: "))
                .body("checks.find { it.name == 'rpc' }.data.anvil", matchesPattern("head \\d+"));
    }

    @Test
    void livenessStaysUpSoTheServiceIsNotRestartedForAnRpcOutage() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
