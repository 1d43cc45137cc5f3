package dev.govengine.api;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Has SmallRye build its GraphQL instance while the service starts, on a thread of its own. SmallRye builds it on
 * the first request, on the event loop serving that request, and the observers of its builder ({@link ApiLimits},
 * {@link StrictInt}, {@link SchemaFetchers} and the cache's) each build the schema once more: the first answer after
 * a start waited for all of it (0.4 to 1 s on the benchmark's quiet machine, 10 s in a devnet at a load of 20), and
 * every request on that event loop behind it. Here it overlaps the end of Quarkus's start and the indexer's first
 * steps instead. SmallRye has no public way to build it but a first execution, so this executes the smallest query
 * there is; a request that arrives before it is done builds an instance of its own, as before (SmallRye does not
 * lock), and whichever is assigned last serves, the two being alike.
 */
@ApplicationScoped
public class GraphQLBuildAtStart {
    private static final Logger LOG = Logger.getLogger(GraphQLBuildAtStart.class);

    @Inject
    Instance<ExecutionService> executionService;

    private final CompletableFuture<String> answered = new CompletableFuture<>();

    void build(@Observes StartupEvent started) {
        Thread builder = new Thread(this::build, "graphql-build");
        builder.setDaemon(true);
        builder.start();
    }

    private void build() {
        long starting = System.nanoTime();
        // The request scope, as for a request: the instrumentations' beans may be request scoped.
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            ExecutionResponse response = executionService.get()
                    .execute(Json.createObjectBuilder().add("query", "{ __typename }").build());
            answered.complete(response.getExecutionResultAsString());
            LOG.debugf("GraphQL built in %d ms", (System.nanoTime() - starting) / 1_000_000);
        } catch (RuntimeException failure) {
            // The first request builds it then, and meets the same failure with its own answer.
            LOG.warnf(failure, "building GraphQL at start failed");
            answered.completeExceptionally(failure);
        } finally {
            requestContext.terminate();
        }
    }

    /** The answer to the query that built it, once it is built. */
    CompletionStage<String> answered() {
        return answered;
    }
}
