package dev.govengine.api;

import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.function.BiFunction;

/** Swaps data fetchers in the schema SmallRye is about to build its GraphQL instance from. */
final class SchemaFetchers {
    private SchemaFetchers() {
    }

    /**
     * Gives every field of an object type the fetcher {@code replacement} returns for it and its current fetcher,
     * keeping the current one where it returns null; returns how many fields got another.
     */
    static int replace(GraphQL.Builder builder,
            BiFunction<GraphQLFieldDefinition, DataFetcher<?>, DataFetcher<?>> replacement) {
        GraphQLSchema schema = builder.build().getGraphQLSchema();
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        int[] count = {0};
        GraphQLCodeRegistry changedCode = registry.transform(code -> {
            for (GraphQLObjectType type : schema.getAllTypesAsList().stream()
                    .filter(GraphQLObjectType.class::isInstance).map(GraphQLObjectType.class::cast).toList()) {
                for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
                    FieldCoordinates coordinates = FieldCoordinates.coordinates(type, field);
                    DataFetcher<?> replaced = replacement.apply(field, registry.getDataFetcher(coordinates, field));
                    if (replaced != null) {
                        code.dataFetcher(coordinates, replaced);
                        count[0]++;
                    }
                }
            }
        });
        builder.schema(schema.transform(changed -> changed.codeRegistry(changedCode)));
        return count[0];
    }
}
