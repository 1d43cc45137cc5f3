package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.testing.TightLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-client rate limit on /graphql and POST /receipts (TightLimits: bursts of 10, then 1 per second): past the
 * burst a request is 429 RATE_LIMITED with a Retry-After, another client is not affected, and after Retry-After
 * seconds the client is served again. Clients are told apart by X-Forwarded-For, which the profile trusts.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class RateLimitTest {
    @Test
    void aClientOverItsRateIsToldWhenToRetry() throws Exception {
        String client = "198.51.100.7";
        int served = 0;
        Response limited = query(client);
        // Tokens come back at 1 per second, so on a slow machine a few more than the burst may pass.
        while (limited.statusCode() == 200 && served < 100) {
            served++;
            limited = query(client);
        }
        assertTrue(served >= 10, "the burst of 10 is served: " + served);
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.header("Retry-After"));
        limited.then().body("errors[0].extensions.code", is(RateLimiter.RATE_LIMITED))
                .body("errors[0].message", is("more than 1 requests per second (bursts of 10) from " + client
                        + "; retry in 1 s (gov.api.rate-limit.*)"));
        Response upload = uploadNothing(client);
        // The service's first upload loads the REST stack's classes, seconds on a busy machine, and the bucket refills
        // meanwhile, up to its burst: the uploads after it take those tokens first.
        for (int tries = 0; upload.statusCode() != 429 && tries < 12; tries++) {
            upload = uploadNothing(client);
        }
        upload.then().statusCode(429).header("Retry-After", "1").body("code", is(RateLimiter.RATE_LIMITED));

        assertEquals(200, query("198.51.100.8").statusCode(), "another client has a bucket of its own");

        Thread.sleep(Long.parseLong(limited.header("Retry-After")) * 1_000);
        assertEquals(200, query(client).statusCode(), "served again after Retry-After");
    }

    private static Response uploadNothing(String client) {
        return given().header("X-Forwarded-For", client).contentType("application/x-ndjson").body(new byte[0])
                .when().post(ReceiptUploadResource.PATH);
    }

    private static Response query(String client) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON)
                .body(Map.of("query", "{ __typename }")).when().post("/graphql");
    }
}
