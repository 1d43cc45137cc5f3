package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GraphQLRequestGuard parses a document once and lets it through unparsed afterwards; what it refuses it parses every
 * time, so a refusal never depends on what was sent before. Each document here carries a unique comment, so no other
 * test has sent it. A body that is no GraphQL request is refused before any of it.
 */
@QuarkusTest
class RequestGuardCacheTest {
    @Inject
    MeterRegistry registry;

    @Test
    void aDocumentThatParsedIsNotParsedAgain() {
        String document = "# " + System.nanoTime() + "\n{ __typename }";
        double before = parses();
        graphql(document).body("errors", nullValue()).body("data.__typename", is("Query"));
        graphql(document).body("errors", nullValue()).body("data.__typename", is("Query"));
        assertEquals(1, parses() - before, "parsed on the first request only");
    }

    @Test
    void refusalsAreTheSameEveryTime() {
        String unparseable = "# " + System.nanoTime() + "\n{ __typename";
        double before = parses();
        String first = graphql(unparseable).body("errors[0].extensions.code", is("BAD_INPUT"))
                .extract().path("errors[0].message");
        graphql(unparseable).body("errors[0].extensions.code", is("BAD_INPUT")).body("errors[0].message", is(first));
        assertEquals(2, parses() - before, "a refused document is parsed each time");

        String tooLong = "# " + System.nanoTime() + " " + "padding ".repeat(2100) + "\n{ __typename }";
        graphql(tooLong).body("errors[0].extensions.code", is("LIMIT_EXCEEDED"));
        graphql(tooLong).body("errors[0].extensions.code", is("LIMIT_EXCEEDED"));
        assertEquals(2, parses() - before, "a document over the length limit is refused unparsed");
    }

    @Test
    void aBodyThatIsNotAGraphQLRequestIsABadRequestWithItsCode() {
        for (Map.Entry<String, String> body : Map.of(
                "{\"query\": \"{ __typename }\"",
                "the request body is not JSON: a GraphQL request is a JSON object with a query",
                "[1, 2]", "the request body is an array, not a JSON object with a query",
                "{\"variables\": {}}", "query must be a string holding the GraphQL document, not missing",
                "{\"query\": \"{ __typename }\", \"variables\": \"x\"}",
                "variables must be a JSON object of the operation's variables, not a string",
                "{\"query\": \"{ __typename }\", \"operationName\": 7}", "operationName must be a string, not a number")
                .entrySet()) {
            given().contentType(ContentType.JSON).body(body.getKey()).when().post("/graphql").then()
                    .statusCode(400).contentType(ContentType.JSON)
                    .body("errors[0].extensions.code", is("BAD_REQUEST"))
                    .body("errors[0].message", is(body.getValue()));
        }
        given().contentType(ContentType.JSON).body("{\"query\": \"{ __typename }\", \"variables\": null}")
                .when().post("/graphql").then().statusCode(200).body("data.__typename", is("Query"));
    }

    private double parses() {
        return registry.get("gov.api.document.parses").counter().count();
    }

    private static ValidatableResponse graphql(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query))
                .when().post("/graphql").then().statusCode(200);
    }
}
