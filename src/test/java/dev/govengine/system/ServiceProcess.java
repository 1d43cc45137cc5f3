package dev.govengine.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged service ({@code quarkus-run.jar}) run as its own process, exactly as an operator runs it: the suites
 * here test what ships, not a test-mode build.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path output;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts {@code java -jar quarkus-run.jar <command>} with the given system properties on a free HTTP port. */
    static ServiceProcess start(String command, Map<String, String> properties) {
        return start(List.of(command), properties);
    }

    /** Starts {@code java -jar quarkus-run.jar <arguments...>}, a command with its options, as {@link #start(String, Map)}. */
    static ServiceProcess start(List<String> arguments, Map<String, String> properties) {
        int port = freePort();
        Path appDir = Path.of(System.getProperty("gov.service.app-dir"));
        Path jar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the governance-service module must be packaged first");
        }
        List<String> commandLine = new ArrayList<>();
        commandLine.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        commandLine.add("-Xmx512m");
        // Each process lives seconds and boots most of that time: the C1 compiler alone gets there sooner on two
        // cores than with C2 compiling beside it (EpochVerifySystemIT: 36 s to 28 s).
        commandLine.add("-XX:TieredStopAtLevel=1");
        commandLine.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> commandLine.add("-D" + key + "=" + value));
        commandLine.add("-jar");
        commandLine.add(jar.toString());
        commandLine.addAll(arguments);
        try {
            // Kept under the build's directory with the failsafe reports, where a failed run's logs are looked for.
            Path output = Files.createTempFile(Files.createDirectories(Path.of("target", "service-logs")),
                    "service-" + arguments.get(0), ".log");
            Process process = new ProcessBuilder(commandLine)
                    .directory(Path.of(System.getProperty("gov.repo.root")).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new ServiceProcess(process, output, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early if the process dies. */
    void awaitReady() {
        try {
            await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("service exited with " + process.exitValue() + ":\n" + output());
                        }
                        return get("/q/health/ready").statusCode() == 200;
                    });
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("service not ready within " + READY_TIMEOUT + ":\n" + output(), late);
        }
    }

    /**
     * Waits until the process has printed {@code text}: devnet prints its summary a moment after readiness, from
     * beside the service.
     */
    String awaitPrinted(String text, Duration timeout) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> output().contains(text));
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("'" + text + "' not printed within " + timeout + ":\n" + output(), late);
        }
        return output();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> graphql(String query) throws IOException, InterruptedException {
        String body = "{\"query\":\"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return http.send(HttpRequest.newBuilder(uri("/graphql"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a wallet operation of graphql-schema/operations/ with its variables, as a wallet sends it. */
    HttpResponse<String> operation(String name, Map<String, Object> variables) throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("gov.repo.root"), "graphql-schema", "operations", name + ".graphql");
        String body = JSON.writeValueAsString(Map.of("query", Files.readString(file), "operationName", name,
                "variables", variables));
        return http.send(HttpRequest.newBuilder(uri("/graphql"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** Every process the service started (Anvil, PostgreSQL and its workers), while it runs. */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Sends SIGTERM, as a service manager or Ctrl-C in a terminal would, and waits for the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service did not stop within 60 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: the process gets no chance to clean up, as in a power cut or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGSTOP (false) or SIGCONT (true): a process stalled as by a long pause of its machine, with its connections
     * left open.
     */
    void running(boolean running) throws IOException, InterruptedException {
        Process signal = new ProcessBuilder("kill", running ? "-CONT" : "-STOP", Long.toString(process.pid()))
                .inheritIO().start();
        if (signal.waitFor() != 0) {
            throw new AssertionError("kill " + (running ? "-CONT" : "-STOP") + " failed");
        }
    }

    /** Waits for the service to exit on its own, as it does when it refuses to start. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("service still running after 60 s:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * After a failed assertion the service may still run: stop it with SIGTERM first, so that it stops the
     * PostgreSQL it started (a daemon no signal to the service's process tree would reach), and force it only if
     * it hangs.
     */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
