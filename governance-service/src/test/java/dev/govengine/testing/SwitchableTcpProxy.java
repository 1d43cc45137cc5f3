package dev.govengine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real node, for what rides on one long connection (a WebSocket), where
 * {@link SwitchableRpcProxy} proxies single requests. {@link #down()} cuts every open connection and refuses new
 * ones, as a node restart or a load balancer's drop does; {@link #silent(boolean)} keeps the connections open but
 * lets nothing of the node's reach the client, as a peer that hangs does.
 */
public final class SwitchableTcpProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean silent = new AtomicBoolean();
    private final AtomicInteger accepted = new AtomicInteger();

    /** On a fixed port, for a chain a test profile configured before the proxy runs. */
    public SwitchableTcpProxy(int port, String upstreamUrl) throws IOException {
        URI url = URI.create(upstreamUrl);
        this.upstream = new InetSocketAddress(url.getHost(), url.getPort());
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections taken so far, refused ones included. */
    public int accepted() {
        return accepted.get();
    }

    /** Once this returns, every connection is cut and new ones are closed at once. */
    public void down() {
        down.set(true);
        open.forEach(SwitchableTcpProxy::closeQuietly);
        open.clear();
    }

    public void up() {
        down.set(false);
    }

    /** While silent, the node's bytes are dropped on their way to the client; the client's still reach the node. */
    public void silent(boolean on) {
        silent.set(on);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            if (down.get()) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket node = new Socket(upstream.getAddress(), upstream.getPort());
                open.add(client);
                open.add(node);
                pipe(client, node, false);
                pipe(node, client, true);
            } catch (IOException unreachable) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean fromNode) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    if (!(fromNode && silent.get())) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException cut) {
                // one side closed; the other follows below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    @Override
    public void close() {
        down();
        closeQuietly(server);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }
}
