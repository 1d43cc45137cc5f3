package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.rewards.tree.RepositoryFiles;
import graphql.introspection.IntrospectionQuery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * graphql-schema/schema.graphql is the public contract wallets build against; the schema the service serves must
 * be exactly that file, so any change to the API shows up as a reviewed change to the contract. Clients read it by
 * introspection too (GraphiQL's Docs panel, code generators), which the depth and complexity limits must let through.
 */
@QuarkusTest
class SchemaContractTest {
    private static final Path CONTRACT = Path.of("..", "graphql-schema", "schema.graphql");

    @Test
    void theStandardIntrospectionQueryIsAnsweredWhileDeepDataQueriesAreNot() {
        // graphql-java's own introspection query, 13 levels of ofType deep, as GraphiQL and code generators send it.
        given().contentType(ContentType.JSON).body(Map.of("query", IntrospectionQuery.INTROSPECTION_QUERY))
                .when().post("/graphql").then().statusCode(200)
                .body("errors", nullValue())
                .body("data.__schema.queryType.name", is("Query"))
                .body("data.__schema.types.name", hasItems("Governor", "Proposal", "RewardEpoch"));

        // Introspection nested to make the server work is refused by graphql-java's good-faith check.
        given().contentType(ContentType.JSON).body(Map.of("query", "{ __schema { types { fields { type { fields {"
                        + " type { fields { name } } } } } } } }"))
                .when().post("/graphql").then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].message", notNullValue());

        // A data query as deep as the introspection query still meets the depth limit.
        given().contentType(ContentType.JSON).body(Map.of("query", "{ proposal(governor: \"eip155:1:0x0\", proposalId:"
                        + " \"1\") { votes(first: 1) { edges { node { proposal { votes(first: 1) { edges { node {"
                        + " proposal { votes(first: 1) { edges { node { voter } } } } } } } } } } } } }"))
                .when().post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"));
    }

    /**
     * graphql-js's own query (contracts/test/graphql/introspection-query.mjs runs the graphql-js version GraphiQL
     * bundles): with the options GraphiQL passes by default (none), and with every option a tool may set.
     */
    @Test
    void graphqlJsIntrospectionQueryIsAnsweredWithEveryOption() throws Exception {
        for (String options : List.of("{}", "{\"descriptions\": true, \"specifiedByUrl\": true, "
                + "\"directiveIsRepeatable\": true, \"schemaDescription\": true, \"inputValueDeprecation\": true}")) {
            String query = graphqlJsIntrospectionQuery(options);
            given().contentType(ContentType.JSON).body(Map.of("query", query))
                    .when().post("/graphql").then().statusCode(200)
                    .body("errors", nullValue())
                    .body("data.__schema.queryType.name", is("Query"))
                    .body("data.__schema.types.name", hasItems("Governor", "Proposal", "DecodedCall"))
                    .body("data.__schema.directives.name", hasItems("include", "skip"));
        }
    }

    private static String graphqlJsIntrospectionQuery(String options) throws Exception {
        Process node = new ProcessBuilder("node",
                RepositoryFiles.resolve("contracts/test/graphql/introspection-query.mjs").toString(), options)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String query = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0, "introspection-query.mjs failed");
        assertTrue(query.contains("query IntrospectionQuery"), query);
        return query;
    }

    @Test
    void servedSchemaIsTheContract() throws Exception {
        String served = given().when().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        assertEquals(Files.readString(CONTRACT).strip(), served.strip(),
                "the served schema drifted from " + CONTRACT.normalize() + "; update the contract deliberately");
    }
}
