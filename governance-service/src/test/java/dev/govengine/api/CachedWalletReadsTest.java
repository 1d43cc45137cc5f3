package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.persistence.PgNotifications;
import dev.govengine.testing.ResponseCacheOn;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The wallet reads of {@link WalletReadsTest} with the response cache on: every assertion holds for answers the cache
 * may serve, and after each test every request it sent that was answered without an error is sent again and must be
 * answered from the cache, byte for byte as first computed. It shares its profile with the cache's own tests, so it
 * adds no service start; the fixture is built again, on that service's own chain and database.
 */
@QuarkusTest
@TestProfile(ResponseCacheOn.class)
class CachedWalletReadsTest extends WalletReadsTest {
    private static final String CHANNEL = "gov_data_changed";
    private static final String SENTINEL = "cached-wallet-reads ";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The sentinels this test sent, as heard on the response cache's channel. */
    private static BlockingQueue<String> heard;

    @Inject
    PgNotifications notifications;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    private List<Filter> filters;
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    /** A GraphQL POST as sent, and the answer it got. */
    private record Exchange(String contentType, String accept, String body, byte[] answer, boolean cacheable) {
    }

    /**
     * Waits until the cache has heard every notification of the fixture's writes, so that none retires an answer
     * this test is about to keep: a sentinel sent after them is heard last, and the cache, listening since the start,
     * hears each notification before this test's listener does.
     */
    @BeforeEach
    void everyWriteHeardThenRecord() throws InterruptedException {
        if (heard == null) {
            heard = new LinkedBlockingQueue<>();
            notifications.listen(CHANNEL, payload -> {
                if (payload.startsWith(SENTINEL)) {
                    heard.add(payload);
                }
            });
        }
        String sentinel = SENTINEL + UUID.randomUUID();
        pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, sentinel)).await().indefinitely();
        String next;
        do {
            next = heard.poll(30, TimeUnit.SECONDS);
        } while (next != null && !next.equals(sentinel));
        assertEquals(sentinel, next, "the sentinel notification");

        filters = new ArrayList<>(RestAssured.filters());
        RestAssured.filters((request, response, context) -> {
            Response answer = context.next(request, response);
            if (request.getMethod().equals("POST") && request.getURI().endsWith("/graphql")) {
                exchanges.add(new Exchange(request.getContentType(), request.getHeaders().getValue("Accept"),
                        text(request.getBody()), answer.asByteArray(), answer.statusCode() == 200
                                && answer.jsonPath().get("errors") == null && answer.jsonPath().get("data") != null));
            }
            return answer;
        });
    }

    @AfterEach
    void everyAnswerComesBackFromTheCacheAsComputed() {
        RestAssured.replaceFiltersWith(filters);
        for (Exchange exchange : exchanges) {
            double hits = hits();
            var request = given().contentType(exchange.contentType()).body(exchange.body());
            if (exchange.accept() != null) {
                request.accept(exchange.accept());
            }
            Response again = request.when().post("/graphql");
            assertArrayEquals(exchange.answer(), again.asByteArray(), "answered again: " + exchange.body());
            assertEquals(exchange.cacheable() ? hits + 1 : hits, hits(),
                    (exchange.cacheable() ? "from the cache: " : "computed again: ") + exchange.body());
        }
    }

    private static String text(Object body) {
        if (body instanceof String text) {
            return text;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the request body " + body, e);
        }
    }

    private double hits() {
        return metrics.get("gov.api.cache.hits").counter().count();
    }
}
