package dev.govengine.chain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;

/** The chain-side facts the service asks of every RPC endpoint: its head and which network it really is. */
@ApplicationScoped
public class ChainHeads {
    private final ChainClients clients;

    @Inject
    public ChainHeads(ChainClients clients) {
        this.clients = clients;
    }

    public Uni<Long> headBlock(String chain) {
        return Uni.createFrom().completionStage(() -> clients.client(chain).ethBlockNumber().sendAsync())
                .map(response -> {
                    if (response.hasError()) {
                        throw new RpcException(chain, "eth_blockNumber", response.getError().getMessage());
                    }
                    return response.getBlockNumber().longValueExact();
                });
    }

    public Uni<Long> chainId(String chain) {
        return Uni.createFrom().completionStage(() -> clients.client(chain).ethChainId().sendAsync())
                .map(response -> {
                    if (response.hasError()) {
                        throw new RpcException(chain, "eth_chainId", response.getError().getMessage());
                    }
                    BigInteger id = response.getChainId();
                    return id.longValueExact();
                });
    }
}
