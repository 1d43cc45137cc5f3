package dev.govengine.api;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the wallet operations published in graphql-schema/operations/, exactly as a wallet sends them. */
public final class WalletOperations {
    private static final Path OPERATIONS = Path.of("..", "graphql-schema", "operations");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WalletOperations() {
    }

    public static ValidatableResponse run(String operation, Map<String, Object> variables) {
        try {
            String document = Files.readString(OPERATIONS.resolve(operation + ".graphql"));
            String body = JSON.writeValueAsString(Map.of("query", document, "operationName", operation,
                    "variables", variables));
            return given().contentType(ContentType.JSON).body(body).when().post("/graphql").then().statusCode(200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read operation " + operation, e);
        }
    }

    public static ValidatableResponse run(String operation) {
        return run(operation, Map.of());
    }
}
