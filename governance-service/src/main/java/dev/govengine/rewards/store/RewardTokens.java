package dev.govengine.rewards.store;

import dev.govengine.chain.ChainReader;
import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.GovernorDiscovery;
import dev.govengine.governance.TokenInfo;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * The token a distributor pays in, read by eth_call the first time it is asked for and kept for the life of the
 * process (a failed or empty read is not kept): the distributor's {@code token} is immutable, and a token's name,
 * symbol and decimals do not change (the votes token's are read once, at discovery, on the same assumption).
 */
@ApplicationScoped
public class RewardTokens {
    private static final Function TOKEN = new Function("token", List.of(), List.of(new TypeReference<Address>() { }));
    private static final String TOKEN_CALL = FunctionEncoder.encode(TOKEN);

    private final ChainReader chain;
    private final GovernorDiscovery discovery;
    private final EngineConfig config;
    private final Map<Distributor, Uni<Optional<RewardToken>>> known = new ConcurrentHashMap<>();

    @Inject
    public RewardTokens(ChainReader chain, GovernorDiscovery discovery, EngineConfig config) {
        this.chain = chain;
        this.discovery = discovery;
        this.config = config;
    }

    /**
     * The distributor's reward token; empty when no configured chain has the distributor's chain id, or the address
     * does not answer {@code token()} (no contract there). A node that cannot be reached fails the Uni, and nothing
     * is kept, so that the next request asks again.
     */
    public Uni<Optional<RewardToken>> of(Distributor distributor) {
        Optional<String> chainName = ConfiguredChains.forChainId(config, distributor.chainId());
        if (chainName.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        // One read per distributor, shared by the epochs of a page that ask at once. A read that is not kept is
        // forgotten only if it is still the one kept, never a newer one another request started since.
        Uni<Optional<RewardToken>> shared = known.computeIfAbsent(distributor,
                key -> Uni.createFrom().item(() -> read(chainName.get(), key))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .memoize().indefinitely());
        return shared
                .invoke(read -> {
                    if (read.isEmpty()) {
                        known.remove(distributor, shared);
                    }
                })
                .onFailure().invoke(() -> known.remove(distributor, shared));
    }

    private Optional<RewardToken> read(String chainName, Distributor distributor) {
        String answer = chain.call(chainName, distributor.address(), TOKEN_CALL);
        List<Type> decoded = answer == null ? List.of() : FunctionReturnDecoder.decode(answer, TOKEN.getOutputParameters());
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        ChecksumAddress token = ChecksumAddress.of(((Address) decoded.get(0)).getValue());
        // Start block 0: the supply before it is not asked for, so this reads name, symbol and decimals only.
        TokenInfo info = discovery.token(chainName, token, 0);
        return Optional.of(new RewardToken(token, info.name(), info.symbol(), info.decimals()));
    }
}
