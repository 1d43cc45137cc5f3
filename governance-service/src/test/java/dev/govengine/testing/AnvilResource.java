package dev.govengine.testing;

import dev.govengine.devnet.AnvilNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real EVM node (Anvil) for tests, registered as the chain {@value #CHAIN}. {@code GOV_TEST_ANVIL} picks the
 * backend: {@code container} (Foundry's image through Testcontainers), {@code local} (the binary that npm installs
 * under contracts/node_modules), or {@code auto} (the default: a container where Docker answers, local otherwise).
 */
public class AnvilResource implements QuarkusTestResourceLifecycleManager {
    private static final Logger LOG = Logger.getLogger(AnvilResource.class);
    public static final String CHAIN = "anvil";
    public static final String RPC_URL_KEY = "gov.chains." + CHAIN + ".rpc-url";
    static final String BACKEND_ENV = "GOV_TEST_ANVIL";
    private static final DockerImageName IMAGE = DockerImageName.parse("ghcr.io/foundry-rs/foundry:v1.7.1");
    private static final int RPC_PORT = 8545;
    /**
     * The last 500 blocks' states in memory, none on disk, as a full node serves the state of its recent blocks only
     * (tests read states a few blocks back: the epoch lifecycle, the reward contracts' history, a token's clock). By
     * default Anvil keeps 500, then shrinks that to 10 and writes every older state to disk as JSON, the whole state
     * each time: in a test JVM's node, which holds every test's contracts, that was about a megabyte for every block
     * mined, gigabytes in a run, while the service's tests had the CPU fully used. The number is needed: without it
     * Anvil keeps next to no history.
     */
    static final String[] STATE_HISTORY = {"--prune-history", "500"};

    private GenericContainer<?> container;
    private AnvilNode local;

    @Override
    public Map<String, String> start() {
        String rpcUrl;
        Backend backend = Backend.choose(BACKEND_ENV, "local");
        if (backend == Backend.CONTAINER) {
            container = new GenericContainer<>(IMAGE)
                    .withCommand("anvil --host 0.0.0.0 --port " + RPC_PORT + " --chain-id " + AnvilNode.CHAIN_ID
                            + " --mnemonic '" + AnvilNode.DEV_MNEMONIC + "' --accounts 10 "
                            + String.join(" ", STATE_HISTORY))
                    .withExposedPorts(RPC_PORT)
                    .waitingFor(Wait.forLogMessage(".*Listening on.*", 1));
            container.start();
            rpcUrl = "http://" + container.getHost() + ":" + container.getMappedPort(RPC_PORT);
            LOG.infof("Anvil for tests: Testcontainers %s at %s", IMAGE, rpcUrl);
        } else if (backend == Backend.LOCAL) {
            local = AnvilNode.start(logFile(), STATE_HISTORY);
            rpcUrl = local.rpcUrl();
            LOG.infof("Anvil for tests: local binary %s at %s (no Docker engine, or %s=local)",
                    AnvilNode.locateBinary(), rpcUrl, BACKEND_ENV);
        } else {
            throw new IllegalArgumentException(BACKEND_ENV + " does not support 'external': tests move the chain's clock");
        }
        return Map.of(
                RPC_URL_KEY, rpcUrl,
                "gov.chains." + CHAIN + ".chain-id", Long.toString(AnvilNode.CHAIN_ID),
                "gov.chains." + CHAIN + ".confirmations", "0");
    }

    /** Under the build's own directory, so that a failed run's node logs are kept with its reports and go with it. */
    private static Path logFile() {
        try {
            return Files.createTempFile(Files.createDirectories(Path.of("target", "anvil-logs")), "anvil-test", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        if (local != null) {
            local.close();
        }
    }
}
