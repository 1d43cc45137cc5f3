package dev.govengine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * {@link StreamingHttpService} against a local HTTP server that answers as a node would: a large eth_getLogs answer is
 * parsed whole from the stream and the response is closed afterwards (its connection goes back to the pool, to be
 * reused), and an HTTP error fails as web3j's own service fails, with the status and the body.
 */
class StreamingHttpServiceTest {
    private static final int LOGS = 20_000;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int status, byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String word(long value) {
        return String.format(Locale.ROOT, "%064x", value);
    }

    @Test
    void aLargeAnswerIsParsedFromTheStreamAndItsConnectionReused() throws IOException {
        StringBuilder json = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[");
        for (int i = 0; i < LOGS; i++) {
            json.append(i == 0 ? "" : ",").append("{\"address\":\"0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0\",")
                    .append("\"topics\":[\"0x").append(word(7)).append("\",\"0x").append(word(i)).append("\"],")
                    .append("\"data\":\"0x").append(word(i * 3L)).append(word(1)).append("\",")
                    .append("\"blockNumber\":\"0x").append(Integer.toHexString(10 + i / 100)).append("\",")
                    .append("\"blockHash\":\"0x").append(word(i / 100)).append("\",")
                    .append("\"transactionHash\":\"0x").append(word(i + 1_000_000L)).append("\",")
                    .append("\"transactionIndex\":\"0x0\",\"logIndex\":\"0x").append(Integer.toHexString(i % 100))
                    .append("\",\"removed\":false}");
        }
        String url = serve(200, json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        Web3j client = Web3j.build(new StreamingHttpService(url, http));
        try {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.TEN),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(209)), "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
            for (int call = 0; call < 2; call++) {
                List<EthLog.LogResult> logs = client.ethGetLogs(filter).send().getLogs();
                assertEquals(LOGS, logs.size());
                Log last = (Log) logs.get(LOGS - 1).get();
                assertEquals(List.of("0x" + word(7), "0x" + word(LOGS - 1)), last.getTopics());
                assertEquals("0x" + word((LOGS - 1) * 3L) + word(1), last.getData());
                assertEquals(BigInteger.valueOf(10 + (LOGS - 1) / 100), last.getBlockNumber());
                assertEquals(BigInteger.valueOf((LOGS - 1) % 100), last.getLogIndex());
                assertEquals(1, http.connectionPool().connectionCount(), "one connection, reused");
                assertEquals(1, http.connectionPool().idleConnectionCount(), "the response was closed once parsed");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anHttpErrorFailsWithItsStatusAndBody() throws IOException {
        String url = serve(503, "over capacity".getBytes(StandardCharsets.UTF_8));
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        Web3j client = Web3j.build(new StreamingHttpService(url, http));
        try {
            ClientConnectionException failure = assertThrows(ClientConnectionException.class,
                    () -> client.ethBlockNumber().send());
            assertEquals("Invalid response received: 503; over capacity", failure.getMessage());
            assertEquals(1, http.connectionPool().idleConnectionCount(), "the failed response was closed");
        } finally {
            client.shutdown();
        }
    }
}
