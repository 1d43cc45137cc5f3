package dev.govengine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.config.EngineConfig;
import dev.govengine.testing.AnvilResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What {@code serve} starts before the service ({@link ChainClients#connectEarly}): the service's clients take the
 * early ones over with their chain-id answer, against the test's real Anvil, and only where the configuration the
 * service reads names the same endpoint.
 */
@QuarkusTest
class EarlyChainClientsTest {
    private static final String CHAIN = AnvilResource.CHAIN;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EngineConfig config;

    @Test
    void theFirstCheckTakesTheEarlyAnswerAndLaterOnesAskAgain() {
        ChainClients.connectEarly(config.chains());
        ChainClients clients = new ChainClients(config);
        try {
            ChainHeads heads = new ChainHeads(clients);
            long configured = config.chains().get(CHAIN).chainId();
            assertEquals(configured, heads.chainId(CHAIN).await().atMost(WAIT));
            assertTrue(clients.earlyChainId(CHAIN).isEmpty(), "the early answer is given once, to the first check");
            assertEquals(configured, heads.chainId(CHAIN).await().atMost(WAIT));
        } finally {
            clients.close();
        }
    }

    @Test
    void theEarlyClientAnswersWithTheNodesChainId() {
        ChainClients.connectEarly(config.chains());
        ChainClients clients = new ChainClients(config);
        try {
            BigInteger answered = clients.earlyChainId(CHAIN).orElseThrow().join().getChainId();
            assertEquals(BigInteger.valueOf(config.chains().get(CHAIN).chainId()), answered);
        } finally {
            clients.close();
        }
    }

    @Test
    void anEarlyClientForAnotherEndpointIsNotTakenOver() {
        ChainClients.connectEarly(Map.of(CHAIN, new Endpoint("http://127.0.0.1:9", config.chains().get(CHAIN))));
        ChainClients clients = new ChainClients(config);
        try {
            assertTrue(clients.earlyChainId(CHAIN).isEmpty(), "an answer from another endpoint must not be used");
            assertEquals(config.chains().get(CHAIN).chainId(),
                    new ChainHeads(clients).chainId(CHAIN).await().atMost(WAIT));
        } finally {
            clients.close();
        }
    }

    /** The configured chain at another endpoint, as a configuration read before the service's might differ. */
    private record Endpoint(String rpcUrl, EngineConfig.Chain configured) implements EngineConfig.Chain {
        @Override
        public Optional<String> wsUrl() {
            return Optional.empty();
        }

        @Override
        public long chainId() {
            return configured.chainId();
        }

        @Override
        public OptionalInt confirmations() {
            return configured.confirmations();
        }

        @Override
        public Duration rpcTimeout() {
            return configured.rpcTimeout();
        }
    }
}
