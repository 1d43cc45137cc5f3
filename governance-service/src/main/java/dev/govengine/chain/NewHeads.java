package dev.govengine.chain;

import dev.govengine.config.EngineConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * New blocks as the node announces them: {@code eth_subscribe} newHeads over a WebSocket, for each chain with a
 * {@code ws-url}. It only wakes whoever follows the chain; what a block holds is still read over JSON-RPC, so a missed
 * announcement costs time, never data.
 *
 * <p>A connection that closes, fails, or stays silent for the chain's {@code rpc-timeout} (it is pinged twice in that
 * time; no pong and no announcement) is dropped and made again after a backoff that doubles from
 * {@link #FIRST_RETRY_MILLIS} to {@link #MAX_RETRY_MILLIS};
 * every new subscription wakes the follower too, since blocks may have come while it was down. The lost connection is
 * logged once, at WARN, and its return at INFO.
 *
 * <p>Vert.x's WebSocket client rather than Web3j's {@code WebSocketService}: the latter neither reconnects nor notices
 * a silent peer, and its Java-WebSocket client would add a thread per chain; Vert.x is already the service's event
 * loop, and the subscription is one JSON message.
 */
@ApplicationScoped
public class NewHeads {
    private static final Logger LOG = Logger.getLogger(NewHeads.class);
    static final long FIRST_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 5_000;
    private static final String SUBSCRIBE = new JsonObject().put("jsonrpc", "2.0").put("id", 1)
            .put("method", "eth_subscribe").put("params", List.of("newHeads")).encode();

    /** Told on a Vert.x event loop: it must not block. */
    @FunctionalInterface
    public interface Listener {
        /** A new head, or a subscription just made, after which any block may be new. */
        void moved();
    }

    private final Vertx vertx;
    private final EngineConfig config;
    private final List<Follower> followers = new ArrayList<>();
    private WebSocketClient client;
    private boolean stopped;

    @Inject
    public NewHeads(Vertx vertx, EngineConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Whether the chain has a WebSocket endpoint to follow. */
    public boolean available(String chain) {
        EngineConfig.Chain configured = config.chains().get(chain);
        return configured != null && configured.wsUrl().isPresent();
    }

    /** Subscribes to the chain's new heads, from now until shutdown; {@link #available} must hold. */
    public synchronized void follow(String chain, Listener listener) {
        if (stopped) {
            return;
        }
        if (client == null) {
            client = vertx.createWebSocketClient(new WebSocketClientOptions());
        }
        EngineConfig.Chain configured = config.chains().get(chain);
        Follower follower = new Follower(chain, URI.create(configured.wsUrl().orElseThrow()),
                Math.max(2, configured.rpcTimeout().toMillis()), listener, vertx.getOrCreateContext());
        followers.add(follower);
        follower.context.runOnContext(ignored -> follower.connect());
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        followers.forEach(follower -> follower.context.runOnContext(ignored -> follower.stop()));
        if (client != null) {
            client.close();
        }
    }

    /** One chain's subscription. Everything runs on its own context, one callback at a time. */
    private final class Follower {
        private final String chain;
        private final WebSocketConnectOptions options;
        private final Listener listener;
        private final Context context;
        private final long silentAfterMillis;
        private WebSocket socket;
        private long heardAt;
        private long pinger = -1;
        private long retryMillis = FIRST_RETRY_MILLIS;
        /** The connection attempt under way, if any; an answer to an older one is closed unused. */
        private long attempt;
        private boolean connecting;
        /** The reason last logged for the connection's trouble; null while it is up. */
        private String trouble;
        private boolean ended;

        Follower(String chain, URI url, long timeoutMillis, Listener listener, Context context) {
            this.chain = chain;
            this.silentAfterMillis = timeoutMillis;
            this.listener = listener;
            this.context = context;
            boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("wss");
            String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            this.options = new WebSocketConnectOptions().setHost(url.getHost())
                    .setPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80).setSsl(tls).setURI(path)
                    .setConnectTimeout(timeoutMillis).setTimeout(timeoutMillis);
        }

        void connect() {
            if (ended) {
                return;
            }
            long current = ++attempt;
            connecting = true;
            // A peer that takes the connection but never answers the upgrade must not hold the next attempt up.
            long guard = vertx.setTimer(silentAfterMillis, timeout -> {
                if (connecting && attempt == current) {
                    connecting = false;
                    lost("no handshake within " + silentAfterMillis + " ms");
                }
            });
            client.connect(options, opened -> {
                vertx.cancelTimer(guard);
                if (!connecting || attempt != current || ended) {
                    if (opened.succeeded()) {
                        opened.result().close();
                    }
                    return;
                }
                connecting = false;
                if (opened.failed()) {
                    lost("cannot connect: " + opened.cause().getMessage());
                } else {
                    opened(opened.result());
                }
            });
        }

        private void opened(WebSocket opened) {
            socket = opened;
            heardAt = System.nanoTime();
            opened.textMessageHandler(this::message);
            opened.pongHandler(pong -> heardAt = System.nanoTime());
            opened.exceptionHandler(failure -> drop(opened, "failed: " + failure.getMessage()));
            opened.closeHandler(closed -> {
                if (socket == opened) {
                    socket = null;
                    lost("closed by the node" + (opened.closeStatusCode() == null ? "" : " (" + opened.closeStatusCode() + ")"));
                }
            });
            opened.writeTextMessage(SUBSCRIBE);
            pinger = vertx.setPeriodic(silentAfterMillis / 2, tick -> {
                if (System.nanoTime() - heardAt >= silentAfterMillis * 1_000_000) {
                    drop(opened, "silent for " + silentAfterMillis + " ms");
                } else {
                    opened.writePing(Buffer.buffer());
                }
            });
        }

        private void message(String text) {
            heardAt = System.nanoTime();
            JsonObject message;
            try {
                message = new JsonObject(text);
            } catch (DecodeException | ClassCastException notAnObject) {
                return;
            }
            if ("eth_subscription".equals(message.getString("method"))) {
                listener.moved();
            } else if (Integer.valueOf(1).equals(message.getValue("id"))) {
                if (message.containsKey("error")) {
                    drop(socket, "eth_subscribe newHeads refused: " + message.getValue("error"));
                    return;
                }
                retryMillis = FIRST_RETRY_MILLIS;
                if (trouble != null) {
                    LOG.infof("chain '%s': following new heads over WebSocket again", chain);
                    trouble = null;
                } else {
                    LOG.debugf("chain '%s': following new heads over WebSocket", chain);
                }
                listener.moved();
            }
        }

        /** Ends a connection from this side; its close handler sees it is no longer current. */
        private void drop(WebSocket which, String reason) {
            if (which != null && which == socket) {
                socket = null;
                which.close();
                lost(reason);
            }
        }

        private void lost(String reason) {
            if (pinger >= 0) {
                vertx.cancelTimer(pinger);
                pinger = -1;
            }
            if (ended) {
                return;
            }
            if (trouble == null) {
                LOG.warnf("chain '%s': new heads over WebSocket %s; polling meanwhile, reconnecting with backoff",
                        chain, reason);
            } else if (!reason.equals(trouble)) {
                LOG.debugf("chain '%s': new heads over WebSocket still down: %s", chain, reason);
            }
            trouble = reason;
            long delay = retryMillis;
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
            vertx.setTimer(delay, retry -> connect());
        }

        void stop() {
            ended = true;
            if (pinger >= 0) {
                vertx.cancelTimer(pinger);
            }
            if (socket != null) {
                socket.close();
            }
        }
    }
}
