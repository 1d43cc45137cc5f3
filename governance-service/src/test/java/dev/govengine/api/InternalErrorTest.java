package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.governance.IndexReads;
import dev.govengine.testing.LogCapture;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A failure no resolver expected reaches the caller as INTERNAL with an error id and without its own text, and the
 * log holds it once, with its stack trace and the same id.
 */
@QuarkusTest
class InternalErrorTest {
    private static final String SECRET = "connection string with a password";

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    /** The read services' gateway, failing every statement as a bug in a read would. */
    static class FailingReads extends IndexReads {
        FailingReads(Pool pool, MeterRegistry registry) {
            super(pool, registry);
        }

        @Override
        public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
            return Uni.createFrom().failure(new IllegalStateException(SECRET));
        }

        @Override
        public Uni<RowSet<Row>> query(String sql) {
            return Uni.createFrom().failure(new IllegalStateException(SECRET));
        }
    }

    @Test
    void anUnexpectedFailureIsInternalWithAnErrorIdThatTheLogAlsoHas() {
        QuarkusMock.installMockForType(new FailingReads(pool, metrics), IndexReads.class);
        // An alias of its own keeps the response cache from answering with an earlier test's governors.
        String query = "{ g" + UUID.randomUUID().toString().replace("-", "") + ": governors { id name } }";
        try (LogCapture log = new LogCapture()) {
            JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("query", query))
                    .when().post("/graphql").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> errors = answer.getList("errors");
            assertEquals(1, errors.size(), answer.prettify());
            assertEquals("INTERNAL", answer.getString("errors[0].extensions.code"));
            String errorId = answer.getString("errors[0].extensions.errorId");
            assertNotNull(errorId, answer.prettify());
            assertFalse(answer.prettify().contains(SECRET), "the failure's own text stays in the log");
            assertFalse(answer.prettify().contains("java.lang"), "no exception class reaches the caller");

            List<LogCapture.Line> logged = log.atLeast(Level.SEVERE).stream()
                    .filter(line -> line.text().contains(errorId)).toList();
            assertEquals(1, logged.size(), log.all());
            assertTrue(logged.get(0).text().contains(SECRET), "logged with its exception: " + logged.get(0).text());
            assertEquals(1, log.atLeast(Level.SEVERE).stream().filter(line -> line.text().contains(SECRET)).count(),
                    "logged once: " + log.all());
        }
    }
}
