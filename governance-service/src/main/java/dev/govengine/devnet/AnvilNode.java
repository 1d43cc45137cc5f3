package dev.govengine.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A local Anvil node run from the binary that the npm package {@code @foundry-rs/anvil-linux-amd64} installs under
 * {@code contracts/node_modules}. Used by {@code devnet} and by tests on machines without a Docker engine.
 */
public final class AnvilNode implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    /** Anvil's default dev mnemonic, whose first accounts are funded and whose keys are public knowledge. */
    public static final String DEV_MNEMONIC = "test test test test test test test test test test test junk";

    static final String BINARY_ENV = "GOV_ANVIL_BINARY";
    private static final Path NPM_BINARY = Path.of("contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;
    private final Path home;

    private AnvilNode(Process process, int port, Path log, Path home) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.home = home;
    }

    /**
     * Starts Anvil on a free loopback port with automatic mining, and waits until it answers JSON-RPC.
     *
     * @param extraArguments further Anvil flags, such as {@code --block-time}
     */
    public static AnvilNode start(Path logFile, String... extraArguments) {
        Path binary = locateBinary();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--chain-id", Long.toString(CHAIN_ID),
                "--mnemonic", DEV_MNEMONIC,
                "--accounts", "10"));
        command.addAll(List.of(extraArguments));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            // Anvil writes the states it evicts from memory under $HOME/.foundry/anvil/tmp and leaves them there
            // when it is stopped: gigabytes a run for a large chain. A home of its own goes with the node.
            Path home = Files.createTempDirectory("anvil-home");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            builder.environment().put("HOME", home.toString());
            Process process = builder.start();
            AnvilNode node = new AnvilNode(process, port, logFile, home);
            node.awaitRpc();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Anvil binary: {@value #BINARY_ENV} if set, else the npm-installed one found from the working directory
     * upwards, so that it is found from the repository root and from any module directory.
     */
    public static Path locateBinary() {
        String configured = System.getenv(BINARY_ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(BINARY_ENV + "=" + configured + " is not an executable file");
            }
            return path;
        }
        return findUpwards(NPM_BINARY).orElseThrow(() -> new IllegalStateException(
                "Anvil not found: run 'npm ci' in contracts/ (it installs " + NPM_BINARY + "), or set " + BINARY_ENV));
    }

    private static Optional<Path> findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for Anvil", e);
        }
    }

    private void awaitRpc() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest chainId = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Anvil exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(chainId, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                sleep(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("Anvil did not answer on " + rpcUrl() + " within " + START_TIMEOUT + "; see " + log);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Anvil serves JSON-RPC over WebSocket on the same port, newHeads subscriptions included. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteHome();
    }

    private void deleteHome() {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Anvil's home " + home, e);
        }
    }
}
