package dev.govengine.chain;

import dev.govengine.config.EngineConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthChainId;

/**
 * One Web3j client per configured chain, created once and shut down with the service; or taken over from
 * {@link #connectEarly}, with the chain id it asked.
 */
@ApplicationScoped
public class ChainClients {
    /** The clients {@link #connectEarly} made, by chain, until the service's instance takes them over. */
    private static final Map<String, Early> EARLY = new ConcurrentHashMap<>();

    private final Map<String, Web3j> clients = new TreeMap<>();
    /** The early clients' chain-id answers, each for the first check to take. */
    private final Map<String, CompletableFuture<EthChainId>> earlyChainIds = new ConcurrentHashMap<>();

    /** A client made before the service's start, for the endpoint and timeout it was made with. */
    private record Early(String rpcUrl, Duration rpcTimeout, Web3j client, CompletableFuture<EthChainId> chainId) {
        boolean serves(EngineConfig.Chain chain) {
            return rpcUrl.equals(chain.rpcUrl()) && rpcTimeout.equals(chain.rpcTimeout());
        }
    }

    @Inject
    public ChainClients(EngineConfig config) {
        config.chains().forEach((name, chain) -> {
            Early early = EARLY.remove(name);
            if (early != null && early.serves(chain)) {
                clients.put(name, early.client());
                earlyChainIds.put(name, early.chainId());
            } else {
                if (early != null) {
                    early.client().shutdown();
                }
                clients.put(name, connect(chain));
            }
        });
    }

    /**
     * Connects every configured chain's client and asks its chain id, before the service starts: {@code serve} calls
     * this beside Quarkus's boot. The chain's first request on a cold JVM took 333 ms at the head of
     * the indexer's first cycle (docs/BENCHMARKS.md, "Indexer backfill"), and none of it needs the database. The
     * service's instance takes these clients over; a client whose chain's endpoint or timeout it then reads
     * differently is shut down and replaced.
     */
    public static void connectEarly(Map<String, ? extends EngineConfig.Chain> chains) {
        chains.forEach((name, chain) -> {
            Web3j client = connect(chain);
            Early replaced = EARLY.put(name, new Early(chain.rpcUrl(), chain.rpcTimeout(), client,
                    client.ethChainId().sendAsync()));
            if (replaced != null) {
                replaced.client().shutdown();
            }
        });
    }

    /**
     * The chain id its early client asked (see {@link #connectEarly}), given once: the first check of the chain takes
     * it, and every later one asks again. Empty if there was none, or if it failed: a node down then may be up now.
     */
    Optional<CompletableFuture<EthChainId>> earlyChainId(String chain) {
        return Optional.ofNullable(earlyChainIds.remove(chain)).filter(answer -> !answer.isCompletedExceptionally());
    }

    private static Web3j connect(EngineConfig.Chain chain) {
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(chain.rpcTimeout())
                .build();
        return Web3j.build(new StreamingHttpService(chain.rpcUrl(), http));
    }

    public Set<String> names() {
        return clients.keySet();
    }

    public Web3j client(String chain) {
        Web3j client = clients.get(chain);
        if (client == null) {
            throw new NoSuchElementException("no chain named '" + chain + "' is configured");
        }
        return client;
    }

    @PreDestroy
    void close() {
        clients.values().forEach(Web3j::shutdown);
    }
}
