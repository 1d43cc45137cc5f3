package dev.govengine.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.testing.TightLimits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What POST /receipts bounds before any receipt is checked (TightLimits: 1 MiB, two uploads in flight, one per
 * client): an upload that passes its byte limit is answered 413 while the client is still sending, and its
 * connection closed (over HTTP/2, its stream reset), or at once when its Content-Length says so; uploads beyond the
 * limits in flight are refused at once, and admitted again when one ends. Uploads here are raw chunked HTTP over a
 * socket, or Vert.x's HTTP/2 client, so that a body can stay unfinished.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class ReceiptUploadLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(ReceiptUploadResource.PATH)
    URL uploadUrl;

    @Inject
    Vertx vertx;

    @Test
    void anUploadOverItsBytesIsRefusedBeforeItEnds() throws Exception {
        try (Socket socket = open("203.0.113.1")) {
            OutputStream out = socket.getOutputStream();
            String line = "{\"jobId\":\"" + "a".repeat(990) + "\"}\n";
            byte[] chunk = chunk(line.repeat(64));
            long sent = 0;
            try {
                // 2 MiB, twice the limit, and never the last chunk: the body does not end.
                while (sent < 2L * 1024 * 1024) {
                    out.write(chunk);
                    out.flush();
                    sent += chunk.length;
                }
            } catch (IOException closedByTheServer) {
                assertTrue(sent >= 1024 * 1024, "closed after " + sent + " bytes");
            }
            assertRefusedAsTooLong(readAll(socket.getInputStream()));
        }
    }

    @Test
    void aContentLengthOverTheBoundIsRefusedBeforeTheBody() throws Exception {
        try (Socket socket = new Socket(uploadUrl.getHost(), uploadUrl.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + ReceiptUploadResource.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-ndjson\r\nContent-Length: " + (2 * 1024 * 1024)
                    + "\r\nX-Forwarded-For: 203.0.113.6\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertRefusedAsTooLong(readAll(socket.getInputStream()));
        }
    }

    /** The answer read off the socket: 413 LIMIT_EXCEEDED, naming the upload's bound. */
    private static void assertRefusedAsTooLong(String answer) throws Exception {
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        JsonNode error = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("LIMIT_EXCEEDED", error.get("code").asText());
        assertEquals("the upload is longer than 1048576 bytes (gov.receipts.max-bytes); nothing was stored",
                error.get("message").asText());
    }

    /** Over HTTP/2 a refusal resets the upload's stream alone: the connection goes on serving other requests. */
    @Test
    void overHttp2ARefusalResetsTheStreamAndKeepsTheConnection() throws Exception {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                .setDefaultHost(uploadUrl.getHost()).setDefaultPort(uploadUrl.getPort()));
        try {
            HttpClientRequest upload = get(client.request(HttpMethod.POST, ReceiptUploadResource.PATH));
            CompletableFuture<Long> reset = new CompletableFuture<>();
            upload.exceptionHandler(e -> {
                if (e instanceof StreamResetException stream) {
                    reset.complete(stream.getCode());
                }
            });
            upload.putHeader("Content-Type", "application/x-ndjson").putHeader("X-Forwarded-For", "203.0.113.7")
                    .setChunked(true);
            Buffer chunk = Buffer.buffer(("{\"jobId\":\"" + "a".repeat(990) + "\"}\n").repeat(64));
            // 2.5 MiB, more than twice the limit, and never ended.
            for (int i = 0; i < 40; i++) {
                upload.write(chunk);
            }
            HttpClientResponse refused = get(upload.response());
            assertEquals(413, refused.statusCode());
            assertEquals(8, get(reset), "CANCEL");

            HttpClientRequest next = get(client.request(HttpMethod.POST, ReceiptUploadResource.PATH));
            next.putHeader("Content-Type", "application/x-ndjson").putHeader("X-Forwarded-For", "203.0.113.7");
            HttpClientResponse served = get(next.send(""));
            assertEquals(200, served.statusCode());
            assertSame(upload.connection(), next.connection(), "the same HTTP/2 connection");
        } finally {
            client.close();
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        return get(future.toCompletionStage().toCompletableFuture());
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void uploadsInFlightAreBoundedPerClientAndInAll() throws Exception {
        try (Socket first = open("203.0.113.2")) {
            first.getOutputStream().write(chunk("{}\n"));
            first.getOutputStream().flush();
            HttpResponse<String> again = uploadUntil("203.0.113.2", response -> response.statusCode() != 200);
            assertEquals(429, again.statusCode(), again.body());
            assertEquals("1", again.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("TOO_MANY_UPLOADS", JSON.readTree(again.body()).get("code").asText());

            try (Socket second = open("203.0.113.3")) {
                second.getOutputStream().write(chunk("{}\n"));
                second.getOutputStream().flush();
                HttpResponse<String> third = uploadUntil("203.0.113.4", response -> response.statusCode() != 200);
                assertEquals(503, third.statusCode(), third.body());
                assertEquals("BUSY", JSON.readTree(third.body()).get("code").asText());
            }
        }
        HttpResponse<String> admitted = uploadUntil("203.0.113.5", response -> response.statusCode() == 200);
        assertEquals("", admitted.body(), "an empty upload, once the others ended");
    }

    /** Opens an upload as {@code client} (through the trusted X-Forwarded-For) and sends its headers only. */
    private Socket open(String client) throws IOException {
        Socket socket = new Socket(uploadUrl.getHost(), uploadUrl.getPort());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("POST " + ReceiptUploadResource.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nX-Forwarded-For: " + client
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static byte[] chunk(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(data, 0, chunk, head.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    /** Everything the server sends until it closes the connection (which the refusal does). */
    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Uploads nothing as {@code client} every 200 ms, for up to 2 s, until the answer is the one wanted. */
    private HttpResponse<String> uploadUntil(String client, Predicate<HttpResponse<String>> wanted) {
        return await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> upload(client), wanted);
    }

    private HttpResponse<String> upload(String client) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uploadUrl.toURI())
                        .header("Content-Type", "application/x-ndjson").header("X-Forwarded-For", client)
                        .POST(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
