package dev.govengine.api;

import dev.govengine.api.cache.SmallRyeGraphQL;
import graphql.GraphQL;
import graphql.schema.PropertyDataFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Serves the fields that only read a property of their parent (a record component of VoteView, ProposalView, ...)
 * with graphql-java's own PropertyDataFetcher instead of SmallRye's FieldDataFetcher (which fetchers those are is
 * {@link SmallRyeGraphQL#isPlainFieldFetcher}'s call). SmallRye's fills its
 * request context for every such field, walking the field's selection into a JSON array, which was about 30 % of
 * the CPU of a proposal page; nothing here reads that context from a plain field, and the views need none of the
 * transformations SmallRye would apply (number or date formats, adapters): their quantities are already strings.
 * PropertyDataFetcher reads a record's accessor, a getter, or for a renamed boolean ({@code final}) its
 * {@code is} getter. Fields with resolvers of their own (batches, arguments) keep SmallRye's fetchers.
 */
@ApplicationScoped
public class PlainFieldFetchers {
    private static final Logger LOG = Logger.getLogger(PlainFieldFetchers.class);

    private volatile int replaced;

    void install(@Observes GraphQL.Builder builder) {
        replaced = SchemaFetchers.replace(builder, (field, fetcher) -> SmallRyeGraphQL.isPlainFieldFetcher(fetcher)
                ? PropertyDataFetcher.fetching(field.getName()) : null);
        if (replaced == 0) {
            // Answers stay right, only slower: SmallRye no longer serves plain fields the way SmallRyeGraphQL knows.
            LOG.warn("no GraphQL field is served by SmallRye's FieldDataFetcher, so none was given graphql-java's "
                    + "PropertyDataFetcher: see SmallRyeGraphQL");
        }
    }

    /** How many fields were given graphql-java's fetcher. */
    int replaced() {
        return replaced;
    }
}
