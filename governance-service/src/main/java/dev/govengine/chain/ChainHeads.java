package dev.govengine.chain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * The chain-side facts the service asks of every RPC endpoint: its head, which network it really is, and whether a
 * block the index holds is still on its chain.
 */
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

    /** The hash of the node's block {@code number}, lower case; empty if the node has no such block. */
    public Uni<Optional<String>> blockHash(String chain, long number) {
        return Uni.createFrom().completionStage(() -> clients.client(chain)
                        .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).sendAsync())
                .map(response -> {
                    if (response.hasError()) {
                        throw new RpcException(chain, "eth_getBlockByNumber", response.getError().getMessage());
                    }
                    return Optional.ofNullable(response.getBlock()).map(b -> b.getHash().toLowerCase(Locale.ROOT));
                });
    }

    /** The node's chain id; the first call may take the answer to the one asked before the service started. */
    public Uni<Long> chainId(String chain) {
        return Uni.createFrom().completionStage(() -> clients.earlyChainId(chain)
                        .orElseGet(() -> clients.client(chain).ethChainId().sendAsync()))
                .map(response -> {
                    if (response.hasError()) {
                        throw new RpcException(chain, "eth_chainId", response.getError().getMessage());
                    }
                    BigInteger id = response.getChainId();
                    return id.longValueExact();
                });
    }
}
