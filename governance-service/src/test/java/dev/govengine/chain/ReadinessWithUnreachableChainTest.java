package dev.govengine.chain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import dev.govengine.testing.FaultyChainsProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(FaultyChainsProfile.class)
class ReadinessWithUnreachableChainTest {
    @Test
    void readyWhileOneChainAnswersWithEveryFailingChainInTheDetails() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'rpc' }.status", is("UP"))
                .body("checks.find { it.name == 'rpc' }.data.offline", startsWith("unreachable: "))
                .body("checks.find { it.name == 'rpc' }.data.wrongid",
                        is("eth_chainId is 31337 but gov.chains.wrongid.chain-id is 1"))
                .body("checks.find { it.name == 'rpc' }.data.anvil", matchesPattern("head \\d+"));
    }

    @Test
    void livenessStaysUpSoTheServiceIsNotRestartedForAnRpcOutage() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
