package dev.govengine.api;

import dev.govengine.api.cache.SmallRyeGraphQL;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.DelegatingDataFetchingEnvironment;
import graphql.schema.SelectedField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/**
 * Keeps SmallRye from copying the selection of every field it resolves. Before calling a resolver, SmallRye's fetcher
 * walks the field's whole selection below it into a JSON array for its request context ({@link
 * SmallRyeGraphQL#isResolverFetcher}): for the proposal page's {@code proposal} that is the whole page, again for its
 * votes, each action's decoded call, and so on; about 30 % of what an uncached proposal page allocated. No resolver
 * here reads that array, so SmallRye's resolver fetchers are handed an environment whose selection set is empty, and a
 * resolver that needs to know what was selected asks {@link #of} for the real one.
 */
@ApplicationScoped
class ResolverSelections {
    private static final DataFetchingFieldSelectionSet NONE = new DataFetchingFieldSelectionSet() {
        @Override
        public boolean contains(String fieldGlobPattern) {
            return false;
        }

        @Override
        public boolean containsAnyOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public boolean containsAllOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public List<SelectedField> getFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getImmediateFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getFields(String fieldGlobPattern, String... fieldGlobPatterns) {
            return List.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey() {
            return Map.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey(String fieldGlobPattern,
                String... fieldGlobPatterns) {
            return Map.of();
        }
    };

    private volatile int wrapped;

    /** The fields selected below the field {@code environment} resolves, as graphql-java gives them. */
    static DataFetchingFieldSelectionSet of(DataFetchingEnvironment environment) {
        return environment instanceof Unselected unselected ? unselected.selected() : environment.getSelectionSet();
    }

    void install(@Observes GraphQL.Builder builder) {
        wrapped = SchemaFetchers.replace(builder, (field, fetcher) -> SmallRyeGraphQL.isResolverFetcher(fetcher)
                ? (DataFetcher<?>) environment -> fetcher.get(new Unselected(environment)) : null);
    }

    /** How many fields' resolvers are handed an empty selection. */
    int wrapped() {
        return wrapped;
    }

    private static final class Unselected extends DelegatingDataFetchingEnvironment {
        Unselected(DataFetchingEnvironment environment) {
            super(environment);
        }

        @Override
        public DataFetchingFieldSelectionSet getSelectionSet() {
            return NONE;
        }

        DataFetchingFieldSelectionSet selected() {
            return delegateEnvironment.getSelectionSet();
        }
    }
}
