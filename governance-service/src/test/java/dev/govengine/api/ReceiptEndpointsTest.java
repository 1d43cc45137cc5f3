package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.contributions.ReceiptSigning;
import dev.govengine.contributions.WorkReceipt;
import dev.govengine.contributions.WorkReceiptDomain;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Receipts through the service's two endpoints, against a contract set deployed on Anvil whose RewardPolicy the
 * indexer has read: the GraphQL mutation with per-item results, the NDJSON upload of 10,000 lines with bad lines
 * among them, the limits, and the same job id from concurrent requests. The domain, the verifier set and the epoch
 * come from the chain and the index, not from the test.
 */
@QuarkusTest
class ReceiptEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Credentials VERIFIER = DevAccounts.verifier();
    private static final ChecksumAddress PROVIDER = ChecksumAddress.of(DevAccounts.account(5).getAddress());
    private static Deployment deployment;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @TestHTTPResource(ReceiptUploadResource.PATH)
    URL uploadUrl;

    @TestHTTPResource("/graphql")
    URL graphqlUrl;

    @Inject
    ActiveDeployment active;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    Pool pool;

    private WorkReceiptDomain domain;

    @BeforeEach
    void deployedAndIndexed() throws Exception {
        if (deployment == null) {
            Web3j web3j = Web3j.build(new HttpService(rpcUrl));
            try {
                deployment = new Deployer(web3j, AnvilNode.CHAIN_ID).deploy(DevAccounts.account(0),
                        DeploymentSettings.devnet("Receipts DAO", "RCP", ChecksumAddress.of(DevAccounts.engine().getAddress()),
                                List.of(ChecksumAddress.of(VERIFIER.getAddress())), List.of()));
            } finally {
                web3j.shutdown();
            }
        }
        active.use(deployment);
        coordinator.runCycle();
        domain = new WorkReceiptDomain("RewardPolicy", "1", AnvilNode.CHAIN_ID, deployment.rewardPolicy().address());
    }

    @AfterEach
    void forgetOpenEpochRows() {
        // Epoch numbers restart at 1 on every deployment; leave the rows of epochs nobody closed as if never touched.
        pool.preparedQuery("DELETE FROM reward_epoch WHERE epoch <= 2 AND status = 'OPEN'").execute().await().indefinitely();
    }

    @Test
    void theMutationAnswersEachReceiptInOrder() {
        WorkReceipt good = receipt("graphql good", 1);
        WorkReceipt future = receipt("graphql future", 2);
        WorkReceipt forged = receipt("graphql forged", 1);
        String goodSignature = ReceiptSigning.signHex(domain, good, VERIFIER);
        List<Map<String, Object>> receipts = List.of(
                input(good, goodSignature),
                input(future, ReceiptSigning.signHex(domain, future, VERIFIER)),
                input(forged, ReceiptSigning.signHex(domain, forged, DevAccounts.account(2))),
                withField(input(good, goodSignature), "provider", "0xnot-an-address"),
                withField(input(good, goodSignature), "signature", "0x1234"),
                withField(input(good, goodSignature), "qualityBps", 10_001),
                input(good, goodSignature));

        JsonNode results = WalletOperations.run("SubmitWorkReceipts", Map.of("receipts", receipts))
                .extract().as(JsonNode.class).at("/data/submitWorkReceipts");

        assertEquals(7, results.size());
        assertEquals(List.of("ACCEPTED", "OUT_OF_RANGE", "UNKNOWN_VERIFIER", "BAD_ADDRESS", "BAD_SIGNATURE",
                "OUT_OF_RANGE", "DUPLICATE_JOB"), codes(results));
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).get("index").asInt());
        }
        JsonNode first = results.get(0);
        assertTrue(first.get("accepted").asBoolean());
        assertEquals(ChecksumAddress.of(VERIFIER.getAddress()).toString(), first.get("verifier").asText());
        assertEquals(good.jobId().toHex(), first.get("jobId").asText());
        assertTrue(first.get("code").isNull());
        assertEquals("epoch: 2 is after the current epoch 1", results.get(1).get("message").asText());
        assertEquals(1, storedCount(List.of(good.jobId().toHex(), future.jobId().toHex(), forged.jobId().toHex())));
    }

    @Test
    void anOversizedBatchIsRefusedWhole() {
        WorkReceipt receipt = receipt("one of too many", 1);
        Map<String, Object> item = input(receipt, ReceiptSigning.signHex(domain, receipt, VERIFIER));
        List<Map<String, Object>> tooMany = IntStream.range(0, 1_001).mapToObj(i -> item).toList();
        JsonNode response = WalletOperations.run("SubmitWorkReceipts", Map.of("receipts", tooMany))
                .extract().as(JsonNode.class);
        assertTrue(response.path("data").isMissingNode() || response.get("data").isNull(), response.toString());
        assertEquals("LIMIT_EXCEEDED", response.at("/errors/0/extensions/code").asText());
        assertEquals("1001 receipts in one operation, counting every submitWorkReceipts in it; at most 1000"
                + " (gov.receipts.max-batch)", response.at("/errors/0/message").asText());
        assertEquals(0, storedCount(List.of(receipt.jobId().toHex())));
    }

    @Test
    void anNdjsonUploadOfTenThousandLinesReportsEveryLine() throws Exception {
        int count = 10_000;
        List<WorkReceipt> receipts = IntStream.range(0, count).mapToObj(i -> receipt("bulk " + i, 1)).toList();
        List<String> signatures = receipts.parallelStream().map(r -> ReceiptSigning.signHex(domain, r, VERIFIER)).toList();
        StringBuilder body = new StringBuilder();
        Map<Integer, String> expected = new HashMap<>();
        List<String> acceptedJobs = new ArrayList<>();
        int line = 0;
        for (int i = 0; i < count; i++) {
            line++;
            String json = JSON.writeValueAsString(input(receipts.get(i), signatures.get(i)));
            switch (i % 1_000) {
                case 17 -> {
                    json = json.substring(0, json.length() - 1);
                    expected.put(line, "BAD_INPUT");
                }
                case 18 -> {
                    json = "[1, 2]";
                    expected.put(line, "BAD_INPUT");
                }
                case 19 -> {
                    json = json.replace("\"gpuClass\":", "\"color\":\"red\",\"gpuClass\":");
                    expected.put(line, "BAD_INPUT");
                }
                case 20 -> {
                    json = json.replace("\"epoch\":\"1\"", "\"epoch\":1");
                    expected.put(line, "BAD_INPUT");
                }
                case 21 -> {
                    json = JSON.writeValueAsString(input(receipts.get(i), signatures.get(i - 1)));
                    expected.put(line, "UNKNOWN_VERIFIER");
                }
                case 22 -> {
                    json = JSON.writeValueAsString(input(receipts.get(i - 6), signatures.get(i - 6)));
                    expected.put(line, "DUPLICATE_JOB");
                }
                case 23 -> {
                    body.append("\n   \r\n");
                    line += 2;
                    expected.put(line, "ACCEPTED");
                    acceptedJobs.add(receipts.get(i).jobId().toHex());
                }
                default -> {
                    expected.put(line, "ACCEPTED");
                    acceptedJobs.add(receipts.get(i).jobId().toHex());
                }
            }
            body.append(json).append(i % 2 == 0 ? "\n" : "\r\n");
        }

        HttpResponse<String> response = upload(body.toString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
        String[] reports = response.body().split("\n");
        assertEquals(count, reports.length, "one report per non-blank line");
        int accepted = 0;
        for (String text : reports) {
            JsonNode report = JSON.readTree(text);
            int number = report.get("line").asInt();
            String status = report.get("status").asText();
            String code = status.equals("ACCEPTED") ? "ACCEPTED" : report.get("code").asText();
            assertEquals(expected.get(number), code, text);
            if (status.equals("ACCEPTED")) {
                accepted++;
                assertEquals(ChecksumAddress.of(VERIFIER.getAddress()).toString(), report.get("verifier").asText());
            } else {
                assertTrue(report.get("message").asText().length() > 5, text);
            }
        }
        assertEquals(count - 60, accepted);
        assertEquals(acceptedJobs.size(), storedCount(acceptedJobs));
        assertEquals(accepted, storedCount(receipts.stream().map(r -> r.jobId().toHex()).toList()),
                "refused lines stored nothing");
        JsonNode malformed = JSON.readTree(reports[17]);
        assertEquals(18, malformed.get("line").asInt());
        assertTrue(malformed.get("message").asText().startsWith("not JSON"), malformed.toString());
    }

    @Test
    void uploadsThatBreakTheRequestRulesAreRefusedWhole() throws Exception {
        HttpResponse<String> wrongType = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uploadUrl.toURI())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrongType.statusCode());
        assertEquals("BAD_INPUT", JSON.readTree(wrongType.body()).get("code").asText());

        HttpResponse<String> tooMany = upload("x\n".repeat(100_001));
        assertEquals(413, tooMany.statusCode());
        assertEquals("LIMIT_EXCEEDED", JSON.readTree(tooMany.body()).get("code").asText());

        HttpResponse<String> longLine = upload("{\"provider\":\"" + "a".repeat(20_000) + "\"}\n");
        assertEquals(400, longLine.statusCode());
        assertEquals("BAD_INPUT", JSON.readTree(longLine.body()).get("code").asText());

        HttpResponse<String> empty = upload("");
        assertEquals(200, empty.statusCode());
        assertEquals("", empty.body());
    }

    /**
     * An upload has its own body bound (gov.receipts.max-bytes, 64 MiB) above Quarkus's global one (10 MiB), which
     * every other request keeps: a Content-Length past 10 MiB is taken on /receipts, and refused 413 before any body
     * is read on /graphql and on any other path; a chunked GraphQL body is refused once it passes 10 MiB.
     */
    @Test
    void anUploadHasItsOwnBodyBoundWhileOtherRequestsKeepTheGlobalOne() throws Exception {
        WorkReceipt receipt = receipt("signature too short", 1);
        String line = JSON.writeValueAsString(input(receipt, "0x1234")) + "\n";
        long elevenMiB = 11L * 1024 * 1024;
        int count = (int) (elevenMiB / line.length()) + 1;
        HttpResponse<String> response = upload(line.repeat(count));
        assertEquals(200, response.statusCode(), response.body());
        String[] reports = response.body().split("\n");
        assertEquals(count, reports.length, "one report per line");
        JsonNode last = JSON.readTree(reports[count - 1]);
        assertEquals(count, last.get("line").asInt());
        assertEquals("BAD_SIGNATURE", last.get("code").asText());

        String graphql = post("/graphql", "Content-Length: " + elevenMiB, null);
        assertTrue(graphql.startsWith("HTTP/1.1 413 "), graphql);
        String elsewhere = post("/epochs/1/inputs", "Content-Length: " + elevenMiB, null);
        assertTrue(elsewhere.startsWith("HTTP/1.1 413 "), elsewhere);
        byte[] chunk = chunk(" ".repeat(64 * 1024));
        String chunked = post("/graphql", "Transfer-Encoding: chunked", out -> {
            out.write(chunk("{\"query\": \"{ __typename }\""));
            for (long sent = 0; sent <= elevenMiB; sent += chunk.length) {
                out.write(chunk);
            }
        });
        assertTrue(chunked.startsWith("HTTP/1.1 413 "), chunked);
    }

    /** The status line of the answer to a JSON POST with {@code header} and the body {@code send} writes, if any. */
    private String post(String path, String header, Body send) throws IOException {
        try (Socket socket = new Socket(uploadUrl.getHost(), uploadUrl.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + header
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                if (send != null) {
                    send.to(out);
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedByTheServer) {
                // The answer came before the body's end; it is read below.
            }
            StringBuilder statusLine = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
                statusLine.append((char) next);
            }
            return statusLine.toString();
        }
    }

    private interface Body {
        void to(OutputStream out) throws IOException;
    }

    private static byte[] chunk(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return (Integer.toHexString(data.length) + "\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameJobFromConcurrentRequestsIsAcceptedOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            WorkReceipt receipt = receipt("raced " + round, 1);
            String line = JSON.writeValueAsString(input(receipt, ReceiptSigning.signHex(domain, receipt, VERIFIER))) + "\n";
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racing.add(client.sendAsync(uploadRequest(line), HttpResponse.BodyHandlers.ofString()));
            }
            int accepted = 0;
            for (CompletableFuture<HttpResponse<String>> each : racing) {
                HttpResponse<String> response = each.get();
                assertEquals(200, response.statusCode(), response.body());
                JsonNode report = JSON.readTree(response.body());
                if (report.get("status").asText().equals("ACCEPTED")) {
                    accepted++;
                } else {
                    assertEquals("DUPLICATE_JOB", report.get("code").asText(), response.body());
                }
            }
            assertEquals(1, accepted, "round " + round);
            assertEquals(1, storedCount(List.of(receipt.jobId().toHex())));
        }
    }

    @Test
    void aClosedEpochTakesNoMoreReceipts() {
        pool.preparedQuery("INSERT INTO reward_epoch (epoch, status, updated_at) VALUES (1, 'CLOSED', now()) "
                + "ON CONFLICT (epoch) DO UPDATE SET status = 'CLOSED'").execute().await().indefinitely();
        try {
            WorkReceipt late = receipt("late", 1);
            JsonNode results = WalletOperations.run("SubmitWorkReceipts", Map.of("receipts",
                            List.of(input(late, ReceiptSigning.signHex(domain, late, VERIFIER)))))
                    .extract().as(JsonNode.class).at("/data/submitWorkReceipts");
            assertEquals(List.of("EPOCH_CLOSED"), codes(results));
            assertEquals("epoch 1 is CLOSED, not OPEN", results.get(0).get("message").asText());
        } finally {
            pool.preparedQuery("DELETE FROM reward_epoch WHERE epoch = 1").execute().await().indefinitely();
        }
    }

    private WorkReceipt receipt(String job, long epoch) {
        return ReceiptSigning.receipt(PROVIDER, epoch, job + " " + deployment.rewardPolicy().address(), 2, 1_800, 8_000);
    }

    private static Map<String, Object> input(WorkReceipt receipt, String signature) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("provider", receipt.provider().toString().toLowerCase());
        input.put("epoch", receipt.epoch().toString());
        input.put("jobId", receipt.jobId().toHex().toUpperCase().replace("0X", "0x"));
        input.put("gpuClass", receipt.gpuClass());
        input.put("gpuSeconds", receipt.gpuSeconds().toString());
        input.put("qualityBps", receipt.qualityBps());
        input.put("signature", signature);
        return input;
    }

    private static Map<String, Object> withField(Map<String, Object> input, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(input);
        changed.put(field, value);
        return changed;
    }

    private static List<String> codes(JsonNode results) {
        List<String> codes = new ArrayList<>();
        results.forEach(r -> codes.add(r.get("accepted").asBoolean() ? "ACCEPTED" : r.get("code").asText()));
        return codes;
    }

    private HttpRequest uploadRequest(String body) throws Exception {
        return HttpRequest.newBuilder(uploadUrl.toURI()).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> upload(String body) throws Exception {
        return HttpClient.newHttpClient().send(uploadRequest(body), HttpResponse.BodyHandlers.ofString());
    }

    private long storedCount(List<String> jobIds) {
        return pool.preparedQuery("SELECT count(*) FROM work_receipt WHERE chain_id = $1 AND policy = $2 AND job_id = ANY($3)")
                .execute(Tuple.of(AnvilNode.CHAIN_ID, deployment.rewardPolicy().address().toString(),
                        jobIds.toArray(String[]::new)))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
