package dev.govengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.api.ReceiptInvalidationResource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "invalidate",
        mixinStandardHelpOptions = true,
        description = {
            "Invalidates the receipts a verifier signed within a time range.",
            "The running engine stops counting those it took in [--from, --to) in every",
            "epoch not yet closed. Nothing is deleted; the engine keeps the invalidation,",
            "who asked and why.",
            "Sends POST " + ReceiptInvalidationResource.PATH + " with the operator's bearer token.",
            "Exit status: 0 recorded (the answer is printed); 1 refused or failed (the",
            "engine's code and message are printed); 2 bad usage."})
public class ReceiptsInvalidateCommand implements Callable<Integer> {
    static final int FAILED = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080", paramLabel = "URL",
            description = "The engine's URL; default ${DEFAULT-VALUE}.")
    URI url;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "The file holding the operator token (the engine's gov.operator.token-file).")
    Path tokenFile;

    @Option(names = "--verifier", required = true, paramLabel = "ADDRESS", description = "The verifier whose receipts stop counting.")
    String verifier;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start of the intake range, included: ISO-8601 with an offset (2026-03-01T00:00:00Z) or Unix seconds.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the intake range, excluded.")
    String to;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept with the invalidation.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "Who asks, kept with the invalidation (default: the user name, ${DEFAULT-VALUE}).")
    String by;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            err.println(tokenFile + ": cannot read the token: " + e.getMessage());
            return FAILED;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("verifier", verifier);
        body.put("from", from);
        body.put("to", to);
        body.put("reason", reason);
        body.put("by", by);
        URI endpoint = url.resolve(ReceiptInvalidationResource.PATH);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(response.body())));
                return 0;
            }
            err.println(endpoint + ": " + response.statusCode() + " " + refusal(response.body()));
            return FAILED;
        } catch (IOException e) {
            err.println(endpoint + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private static String refusal(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.hasNonNull("code")) {
                return error.path("code").asText() + ": " + error.path("message").asText();
            }
        } catch (IOException notJson) {
            // The body is shown as it came.
        }
        return body;
    }
}
