package dev.govengine.api.cache;

import graphql.GraphQL;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.spi.EventingService;

/**
 * Fires SmallRye's GraphQL builder as a CDI event, once, when SmallRye builds its GraphQL instance: the observers of
 * {@code GraphQL.Builder} (the API's limits, its Int, the plain field fetchers, the declared reads and the response
 * cache) install themselves there. SmallRye's own CDI events would fire it too, but they also fire several events for
 * every field of every request, whose observers Arc resolves anew each time (5 % or more of an uncached page's CPU),
 * so they stay off ({@code quarkus.smallrye-graphql.events.enabled=false}) and this service, found by SmallRye through
 * {@code META-INF/services}, fires the one event the API needs. {@code SmallRyeAdapterTest} checks that it runs.
 */
public final class GraphQLBuildEvent implements EventingService {
    /** None: a service with no configuration key is always on. */
    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        Arc.container().beanManager().getEvent().select(GraphQL.Builder.class).fire(builder);
        return builder;
    }
}
