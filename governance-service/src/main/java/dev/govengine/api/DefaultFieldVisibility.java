package dev.govengine.api;

import dev.govengine.api.cache.SmallRyeGraphQL;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives the schema SmallRye executes graphql-java's default field visibility when
 * {@code quarkus.smallrye-graphql.field-visibility} is left at its default. SmallRye reads that default, "default", as
 * a list of patterns of fields to hide ({@link SmallRyeGraphQL#isDefaultVisibilityAsPattern}): it hides nothing, but
 * graphql-java then builds the field's coordinates as a string and runs a regular expression over them for every field
 * of every request, about a tenth of what an uncached proposal page allocates. Any other setting is left as SmallRye
 * reads it.
 */
@ApplicationScoped
class DefaultFieldVisibility {
    @ConfigProperty(name = "quarkus.smallrye-graphql.field-visibility", defaultValue = "default")
    String configured;

    private volatile boolean replaced;

    void install(@Observes GraphQL.Builder builder) {
        GraphQLSchema schema = builder.build().getGraphQLSchema();
        if (configured.equals("default")
                && SmallRyeGraphQL.isDefaultVisibilityAsPattern(schema.getCodeRegistry().getFieldVisibility())) {
            builder.schema(schema.transform(changed -> changed.codeRegistry(schema.getCodeRegistry().transform(
                    code -> code.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY)))));
            replaced = true;
        }
    }

    /** Whether SmallRye's visibility was replaced. */
    boolean replaced() {
        return replaced;
    }
}
