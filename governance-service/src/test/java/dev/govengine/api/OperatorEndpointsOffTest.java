package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.govengine.testing.OperatorTokenFile;
import dev.govengine.testing.TightLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Without {@code gov.operator.token-file} (TightLimits) the operator endpoints are off: 404, token or not. */
@QuarkusTest
@TestProfile(TightLimits.class)
class OperatorEndpointsOffTest {
    @Test
    void withoutATokenFileTheOperatorEndpointsAreOff() {
        for (String path : new String[] {"/operator/epochs/advance", "/operator/epochs/1/close",
                "/operator/receipts/invalidate"}) {
            given().when().post(path).then().statusCode(404).body("code", is("NOT_FOUND"))
                    .body("message", is("the operator endpoints are off: gov.operator.token-file is not set"))
                    .header("WWW-Authenticate", nullValue());
            given().header("Authorization", "Bearer " + OperatorTokenFile.TOKEN).when().post(path)
                    .then().statusCode(404).body("code", is("NOT_FOUND"));
        }
    }
}
