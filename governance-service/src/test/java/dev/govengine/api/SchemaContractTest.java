package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * graphql-schema/schema.graphql is the public contract wallets build against; the schema the service serves must
 * be exactly that file, so any change to the API shows up as a reviewed change to the contract.
 */
@QuarkusTest
class SchemaContractTest {
    private static final Path CONTRACT = Path.of("..", "graphql-schema", "schema.graphql");

    @Test
    void servedSchemaIsTheContract() throws Exception {
        String served = given().when().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        assertEquals(Files.readString(CONTRACT).strip(), served.strip(),
                "the served schema drifted from " + CONTRACT.normalize() + "; update the contract deliberately");
    }
}
