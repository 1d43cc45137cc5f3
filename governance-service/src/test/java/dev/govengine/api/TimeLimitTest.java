package dev.govengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The query's time budget on graphql-java alone: a field still loading when the budget runs out fails with the
 * timeout, at the deadline and not before, and a field that completed keeps its value.
 */
class TimeLimitTest {
    private static final Duration BUDGET = Duration.ofMillis(500);

    private final GraphQL graphQL = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(
                    new SchemaParser().parse("type Query { loaded: String never: String }"),
                    RuntimeWiring.newRuntimeWiring().type("Query", type -> type
                            .dataFetcher("loaded", environment -> CompletableFuture.completedFuture("here"))
                            .dataFetcher("never", environment -> new CompletableFuture<String>())).build()))
            .instrumentation(new ApiLimits.TimeLimit(BUDGET)).build();

    TimeLimitTest() {
        // The budget counts from the start of execution, parsing included: graphql-java's first parse in a JVM may
        // take longer than the whole budget.
        graphQL.execute("{ loaded }");
    }

    @Test
    void aFieldStillLoadingAtTheDeadlineFailsWithTheTimeout() {
        long start = System.nanoTime();
        ExecutionResult result = graphQL.execute("{ loaded never }");
        long elapsed = System.nanoTime() - start;

        assertTrue(elapsed >= BUDGET.toNanos(), "answered after " + elapsed + " ns");
        Map<String, Object> data = new HashMap<>();
        data.put("loaded", "here");
        data.put("never", null);
        assertEquals(data, result.getData());
        assertEquals(1, result.getErrors().size());
        ExceptionWhileDataFetching error = assertInstanceOf(ExceptionWhileDataFetching.class, result.getErrors().get(0));
        assertEquals(List.of("never"), error.getPath());
        assertInstanceOf(QueryTimeoutException.class, error.getException());
        assertEquals("the query ran out of its PT0.5S time budget", error.getException().getMessage());
    }

    @Test
    void fieldsThatCompleteInTimeKeepTheirValues() {
        for (int query = 0; query < 3; query++) {
            ExecutionResult result = graphQL.execute("{ a: loaded b: loaded }");

            assertEquals(List.of(), result.getErrors());
            assertEquals(Map.of("a", "here", "b", "here"), result.getData());
        }
    }
}
