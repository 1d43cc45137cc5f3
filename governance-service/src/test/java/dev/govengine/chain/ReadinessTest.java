package dev.govengine.chain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadinessTest {
    @Test
    void readyWhenPostgresAndEveryRpcEndpointAnswer() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("rpc"))
                .body("checks.find { it.name == 'rpc' }.data.anvil", matchesPattern("head \\d+"))
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", is("UP"));
    }

    @Test
    void startedOnceTheServiceHasBooted() {
        given().when().get("/q/health/started")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'boot' }.status", is("UP"))
                .body("checks.find { it.name == 'boot' }.data.bootedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("# TYPE jvm_memory_used_bytes gauge"));
    }
}
