package dev.govengine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.config.EngineConfig;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.SwitchableRpcProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Test
    void theFirstCheckTakesTheEarlyAnswerAndLaterOnesAskAgain() {
        ChainClients.connectEarly(config.chains(), Runnable::run);
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
        ChainClients.connectEarly(config.chains(), Runnable::run);
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
        ChainClients.connectEarly(Map.of(CHAIN, new Endpoint("http://127.0.0.1:9", config.chains().get(CHAIN))),
                Runnable::run);
        ChainClients clients = new ChainClients(config);
        try {
            assertTrue(clients.earlyChainId(CHAIN).isEmpty(), "an answer from another endpoint must not be used");
            assertEquals(config.chains().get(CHAIN).chainId(),
                    new ChainHeads(clients).chainId(CHAIN).await().atMost(WAIT));
        } finally {
            clients.close();
        }
    }

    @Test
    void anEarlyClientMadeAfterTheServicesIsNotKept() {
        List<Runnable> making = new ArrayList<>();
        ChainClients.connectEarly(config.chains(), making::add);
        ChainClients clients = new ChainClients(config);
        try {
            assertTrue(clients.earlyChainId(CHAIN).isEmpty(), "nothing made early yet to take over");
            making.forEach(Runnable::run);
            assertTrue(ChainClients.early().names().isEmpty(), "made late, it is shut down and offered to no one");
            assertEquals(config.chains().get(CHAIN).chainId(),
                    new ChainHeads(clients).chainId(CHAIN).await().atMost(WAIT));
        } finally {
            clients.close();
        }
    }

    @Test
    void aFailedEarlyChainIdIsNotGivenAndTheNextCheckAsksTheNode() throws Exception {
        try (SwitchableRpcProxy node = new SwitchableRpcProxy(rpcUrl)) {
            EngineConfig throughProxy = withChain(new Endpoint(node.url(), config.chains().get(CHAIN)));
            node.down();
            ChainClients.connectEarly(throughProxy.chains(), Runnable::run);
            ChainClients clients = new ChainClients(throughProxy);
            try {
                ChainHeads heads = new ChainHeads(clients);
                assertThrows(RuntimeException.class, () -> heads.chainId(CHAIN).await().atMost(WAIT),
                        "the node was down when the early client asked");
                node.up();
                assertEquals(config.chains().get(CHAIN).chainId(), heads.chainId(CHAIN).await().atMost(WAIT),
                        "the failed answer is not given again: the check asks the node, up now");
                assertTrue(node.forwarded() >= 1, "asked through the endpoint the service reads");
            } finally {
                clients.close();
            }
        }
    }

    /** The service's configuration with its test chain served at another endpoint. */
    private EngineConfig withChain(EngineConfig.Chain chain) {
        return (EngineConfig) Proxy.newProxyInstance(EngineConfig.class.getClassLoader(),
                new Class<?>[] {EngineConfig.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("chains") && method.getParameterCount() == 0) {
                        return Map.of(CHAIN, chain);
                    }
                    try {
                        return method.invoke(config, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
