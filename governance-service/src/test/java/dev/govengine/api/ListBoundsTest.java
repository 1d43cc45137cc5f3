package dev.govengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every list of objects in the schema contract that takes no {@code first} has a bound in ListBounds, so no list
 * falls back to the full-page guess, and ListBounds bounds no field the schema does not have.
 */
class ListBoundsTest {
    private static final Path CONTRACT = Path.of("..", "graphql-schema", "schema.graphql");

    @Test
    void everyUnpagedListOfObjectsHasItsBound() throws Exception {
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(
                new SchemaParser().parse(Files.readString(CONTRACT)), RuntimeWiring.MOCKED_WIRING);
        Set<String> unpaged = new TreeSet<>();
        for (GraphQLObjectType type : schema.getAllTypesAsList().stream()
                .filter(GraphQLObjectType.class::isInstance).map(GraphQLObjectType.class::cast)
                .filter(type -> !type.getName().startsWith("__")).toList()) {
            for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
                boolean list = GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getType()));
                boolean ofObjects = GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLObjectType;
                if (list && ofObjects && field.getArgument("first") == null) {
                    unpaged.add(type.getName() + "." + field.getName());
                }
            }
        }
        assertTrue(unpaged.contains("Proposal.actions"), unpaged.toString());
        assertEquals(unpaged, new TreeSet<>(new ListBounds(null, null, null).boundedFields()));
    }
}
