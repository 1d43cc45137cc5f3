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
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthChainId;

/**
 * One Web3j client per configured chain, created once and shut down with the service; or taken over from
 * {@link #connectEarly}, with the chain id it asked.
 */
@ApplicationScoped
public class ChainClients {
    /**
     * The clients {@link #connectEarly} makes, by chain, until the service's instance takes them over: each entry is
     * there from the call on, before its client is made, so that an instance made first still finds it.
     */
    private static final Map<String, CompletableFuture<Early>> EARLY = new ConcurrentHashMap<>();

    private final Map<String, Web3j> clients = new TreeMap<>();
    /** The early clients' chain-id answers, each for the first check to take. */
    private final Map<String, CompletableFuture<EthChainId>> earlyChainIds = new ConcurrentHashMap<>();

    /** A client made before the service's start, for the endpoint and timeout it was made with. */
    private record Early(String rpcUrl, Duration rpcTimeout, Web3j client, CompletableFuture<EthChainId> chainId) {
        boolean serves(EngineConfig.Chain chain) {
            return rpcUrl.equals(chain.rpcUrl()) && rpcTimeout.equals(chain.rpcTimeout());
        }

        void shutdown() {
            client.shutdown();
        }

        /** The client once made, if making it did not fail; empty while it is being made. */
        static Optional<Early> made(CompletableFuture<Early> early) {
            return early.isDone() && !early.isCompletedExceptionally() ? Optional.of(early.join()) : Optional.empty();
        }
    }

    @Inject
    public ChainClients(EngineConfig config) {
        config.chains().forEach((name, chain) -> {
            CompletableFuture<Early> pending = EARLY.remove(name);
            Optional<Early> early = Optional.ofNullable(pending).flatMap(Early::made).filter(made -> made.serves(chain));
            if (early.isPresent()) {
                clients.put(name, early.get().client());
                earlyChainIds.put(name, early.get().chainId());
            } else {
                if (pending != null) {
                    // For another endpoint, or still being made: nothing will use it, now or once it is made.
                    pending.thenAccept(Early::shutdown);
                }
                clients.put(name, connect(chain));
            }
        });
    }

    /**
     * Connects every configured chain's client and asks its chain id, before the service starts, the clients made by
     * a task given to {@code executor}: {@code serve} runs it beside Quarkus's boot. The chain's first request on a
     * cold JVM took 333 ms at the head of the indexer's first cycle (docs/BENCHMARKS.md, "Indexer backfill"), and none
     * of it needs the database. The service's instance takes these clients over; a client whose chain's endpoint or
     * timeout it then reads differently, or that is made only after the instance, is shut down.
     */
    public static void connectEarly(Map<String, ? extends EngineConfig.Chain> chains, Executor executor) {
        Map<String, CompletableFuture<Early>> making = new TreeMap<>();
        chains.keySet().forEach(name -> {
            CompletableFuture<Early> early = new CompletableFuture<>();
            making.put(name, early);
            CompletableFuture<Early> replaced = EARLY.put(name, early);
            if (replaced != null) {
                replaced.thenAccept(Early::shutdown);
            }
        });
        executor.execute(() -> making.forEach((name, early) -> {
            try {
                EngineConfig.Chain chain = chains.get(name);
                Web3j client = connect(chain);
                early.complete(new Early(chain.rpcUrl(), chain.rpcTimeout(), client, client.ethChainId().sendAsync()));
            } catch (RuntimeException failure) {
                early.completeExceptionally(failure);
            }
        }));
    }

    /**
     * The clients {@link #connectEarly} made, for reads before the service starts ({@code governance.index}'s
     * EarlyGovernors), with the chain ids they asked, so that those reads do not ask again; the service's instance
     * still takes the clients and the answers over, and only it shuts the clients down.
     */
    public static ChainClients early() {
        Map<String, Web3j> clients = new TreeMap<>();
        Map<String, CompletableFuture<EthChainId>> chainIds = new TreeMap<>();
        EARLY.forEach((name, pending) -> Early.made(pending).ifPresent(made -> {
            clients.put(name, made.client());
            chainIds.put(name, made.chainId());
        }));
        return new ChainClients(clients, chainIds);
    }

    private ChainClients(Map<String, Web3j> clients, Map<String, CompletableFuture<EthChainId>> chainIds) {
        this.clients.putAll(clients);
        earlyChainIds.putAll(chainIds);
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
