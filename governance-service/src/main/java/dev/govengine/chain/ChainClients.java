package dev.govengine.chain;

import dev.govengine.config.EngineConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** One Web3j client per configured chain, created once and shut down with the service. */
@ApplicationScoped
public class ChainClients {
    private final Map<String, Web3j> clients = new TreeMap<>();

    @Inject
    public ChainClients(EngineConfig config) {
        config.chains().forEach((name, chain) -> clients.put(name, connect(chain)));
    }

    private static Web3j connect(EngineConfig.Chain chain) {
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(chain.rpcTimeout())
                .build();
        return Web3j.build(new HttpService(chain.rpcUrl(), http));
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
