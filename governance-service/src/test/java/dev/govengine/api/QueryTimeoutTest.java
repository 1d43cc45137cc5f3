package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.govengine.testing.TightLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * A query that outlives gov.api.timeout fails with TIMEOUT, and the service carries on. The budget here
 * (TightLimits) is a microsecond, so every field's fetch starts after it has run out, which makes the outcome certain rather than
 * a race with the database.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class QueryTimeoutTest {
    @Test
    void aQueryOverItsTimeBudgetFailsWithTimeoutAndTheServiceStaysReady() {
        WalletOperations.run("Governors")
                .body("errors[0].extensions.code", is("TIMEOUT"))
                .body("errors[0].message", containsString("time budget"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
