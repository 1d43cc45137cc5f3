package dev.govengine.cli;

import dev.govengine.config.ConfigPreflight.HttpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Whether the service's HTTP port is free, asked before a command starts anything: otherwise {@code devnet} found out
 * after deploying and seeding a DAO, when Quarkus failed to bind, among errors that did not name the port.
 */
final class HttpPortCheck {
    private HttpPortCheck() {
    }

    /** Empty when the service can listen where it is configured to, else the one line that says why not. */
    static Optional<String> problem(HttpListener listener) {
        if (listener.port() == 0) {
            return Optional.empty();
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As Vert.x binds: a port left in TIME_WAIT by a service that just stopped is free to it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(listener.host(), listener.port()));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("quarkus.http.port: cannot listen on " + listener.host() + ":" + listener.port() + ": "
                    + e.getMessage() + ". Stop what listens there, or choose another port, for example with"
                    + " JAVA_OPTS=-Dquarkus.http.port=9090");
        }
    }
}
