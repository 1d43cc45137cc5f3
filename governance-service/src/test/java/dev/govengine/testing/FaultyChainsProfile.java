package dev.govengine.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Chains that go wrong, beside the healthy test Anvil: one whose node is unreachable, one whose node answers with
 * another chain id, one reached through a flaky proxy that the test starts on {@link #FLAKY_PROXY_PORT}, and one
 * whose node takes connections on {@link #HANGING_PORT}, where the test listens, and never answers; and one reached
 * through a proxy on {@link #PRUNED_PROXY_PORT} that the test can make refuse eth_calls as a pruned node does; and one
 * reached through a proxy on {@link #OUTAGE_PROXY_PORT} that the test switches off and on; and one whose new heads come
 * over a WebSocket through a TCP proxy on {@link #NEW_HEADS_PROXY_PORT} that the test cuts and silences. The poll is
 * on, so that chain's heads are followed, but ticks only when a test calls {@code scheduled()} itself.
 * One profile for all of them, so Quarkus boots once for every test that needs a faulty chain.
 */
public class FaultyChainsProfile implements QuarkusTestProfile {
    public static final int FLAKY_PROXY_PORT = freePort();
    public static final int HANGING_PORT = freePort();
    public static final int PRUNED_PROXY_PORT = freePort();
    public static final int OUTAGE_PROXY_PORT = freePort();
    public static final int NEW_HEADS_PROXY_PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                // The node calls' retries start 50 ms apart here rather than 200: the faults come by the dozen.
                Map.entry("Retry/delay", "50"),
                Map.entry("gov.chains.offline.rpc-url", "http://127.0.0.1:9"),
                Map.entry("gov.chains.offline.chain-id", "1"),
                Map.entry("gov.chains.offline.rpc-timeout", "PT2S"),
                Map.entry("gov.chains.wrongid.rpc-url", "${" + AnvilResource.RPC_URL_KEY + "}"),
                Map.entry("gov.chains.wrongid.chain-id", "1"),
                Map.entry("gov.chains.flaky.rpc-url", "http://127.0.0.1:" + FLAKY_PROXY_PORT),
                Map.entry("gov.chains.flaky.chain-id", "31337"),
                Map.entry("gov.chains.flaky.rpc-timeout", "PT1S"),
                Map.entry("gov.chains.hanging.rpc-url", "http://127.0.0.1:" + HANGING_PORT),
                Map.entry("gov.chains.hanging.chain-id", "1"),
                Map.entry("gov.chains.hanging.rpc-timeout", "PT6S"),
                Map.entry("gov.chains.pruned.rpc-url", "http://127.0.0.1:" + PRUNED_PROXY_PORT),
                Map.entry("gov.chains.pruned.chain-id", "31337"),
                Map.entry("gov.chains.outage.rpc-url", "http://127.0.0.1:" + OUTAGE_PROXY_PORT),
                Map.entry("gov.chains.outage.chain-id", "31337"),
                Map.entry("gov.chains.outage.rpc-timeout", "PT1S"),
                Map.entry("gov.sync.poll-interval", "24h"),
                Map.entry("gov.chains.newheads.rpc-url", "${" + AnvilResource.RPC_URL_KEY + "}"),
                Map.entry("gov.chains.newheads.ws-url", "ws://127.0.0.1:" + NEW_HEADS_PROXY_PORT),
                Map.entry("gov.chains.newheads.chain-id", "31337"),
                // Also the silence after which the WebSocket is dropped and made again.
                Map.entry("gov.chains.newheads.rpc-timeout", "PT1S"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
