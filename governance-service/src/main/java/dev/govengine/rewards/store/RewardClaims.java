package dev.govengine.rewards.store;

import dev.govengine.chain.ChainReader;
import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Claims as a wallet needs them: the stored proof of the epoch that is live on chain, what the distributor has
 * already paid, and the call to send. The live epoch and {@code claimed(account)} are read from the distributor
 * by eth_call, because a pending or disputed root is not claimable and claims made elsewhere are not in the store.
 */
@ApplicationScoped
public class RewardClaims {
    private static final Function LIVE_ROOT = new Function("liveRoot", List.of(), List.of(
            new TypeReference<Uint256>() { }, new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<Uint256>() { }));
    private static final String LIVE_ROOT_CALL = FunctionEncoder.encode(LIVE_ROOT);

    private final RewardStore store;
    private final ChainReader chain;
    private final EngineConfig config;
    private final ActiveDeployment deployment;

    @Inject
    public RewardClaims(RewardStore store, ChainReader chain, EngineConfig config, ActiveDeployment deployment) {
        this.store = store;
        this.chain = chain;
        this.config = config;
        this.deployment = deployment;
    }

    /**
     * The configured chain a distributor is read on. This service answers for the distributors it stores epochs for
     * and for the active deployment's, each only if a configured chain has its chain id; others fail with
     * {@link UnknownDistributorException}.
     */
    public Uni<String> chainOf(Distributor distributor) {
        return store.distributors().map(stored -> {
            boolean active = deployment.get().map(d -> d.chainId() == distributor.chainId()
                    && d.rewardDistributor().address().equals(distributor.address())).orElse(false);
            if (!active && !stored.contains(distributor)) {
                throw new UnknownDistributorException("no reward distributor " + distributor.caip10() + " is served here");
            }
            return ConfiguredChains.forChainId(config, distributor.chainId()).orElseThrow(() -> new UnknownDistributorException(
                    "reward distributor " + distributor.caip10() + " is on chain " + distributor.chainId()
                            + ", which this service is not configured to read"));
        });
    }

    public Uni<Claim> claim(Distributor distributor, ChecksumAddress account) {
        return chainOf(distributor).flatMap(chainName -> Uni.createFrom()
                .item(() -> readChain(chainName, distributor, account))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .flatMap(onChain -> Uni.combine().all().unis(liveLeaf(distributor, account, onChain), latest(distributor, account))
                        .asTuple()
                        .map(both -> claim(distributor, account, onChain, both.getItem1(), both.getItem2())));
    }

    /** {@code liveEpoch} as the chain says, uint256: a root someone else made live may carry any epoch. */
    private record OnChain(BigInteger liveEpoch, Bytes32 liveRoot, BigInteger claimed) {
        boolean hasLiveRoot() {
            return liveEpoch.signum() != 0;
        }
    }

    private OnChain readChain(String chainName, Distributor distributor, ChecksumAddress account) {
        String live = chain.call(chainName, distributor.address(), LIVE_ROOT_CALL);
        Function claimedOf = new Function("claimed", List.of(new Address(account.lowerCase())),
                List.of(new TypeReference<Uint256>() { }));
        String claimed = chain.call(chainName, distributor.address(), FunctionEncoder.encode(claimedOf));
        if (live == null || claimed == null) {
            throw new UnknownDistributorException(distributor.caip10() + " does not answer as a RewardDistributor");
        }
        List<Type> root = FunctionReturnDecoder.decode(live, LIVE_ROOT.getOutputParameters());
        List<Type> paid = FunctionReturnDecoder.decode(claimed, claimedOf.getOutputParameters());
        return new OnChain((BigInteger) root.get(0).getValue(),
                Bytes32.wrap((byte[]) root.get(1).getValue()), (BigInteger) paid.get(0).getValue());
    }

    private record LiveLeaf(Optional<StoredLeaf> leaf) {
    }

    private Uni<LiveLeaf> liveLeaf(Distributor distributor, ChecksumAddress account, OnChain onChain) {
        if (!onChain.hasLiveRoot()) {
            return Uni.createFrom().item(new LiveLeaf(Optional.empty()));
        }
        if (onChain.liveEpoch().bitLength() >= Long.SIZE) {
            // The engine numbers its epochs in a long; a live epoch beyond that was not proposed by it.
            throw new LiveRootNotStoredException("the live root of " + distributor.caip10() + " (epoch "
                    + onChain.liveEpoch() + ", root " + onChain.liveRoot() + ") is not stored here");
        }
        long liveEpoch = onChain.liveEpoch().longValueExact();
        return store.epoch(liveEpoch).flatMap(stored -> {
            if (stored.isEmpty() || !stored.get().root().equals(onChain.liveRoot())
                    || !stored.get().distributor().equals(distributor)) {
                throw new LiveRootNotStoredException("the live root of " + distributor.caip10() + " (epoch "
                        + onChain.liveEpoch() + ", root " + onChain.liveRoot() + ") is not stored here"
                        + stored.map(s -> "; epoch " + s.epoch() + " is stored with root " + s.root()).orElse(""));
            }
            return store.leaf(liveEpoch, account).map(LiveLeaf::new);
        });
    }

    /** The newest epoch the account has a leaf in; a leaf, once there, is in every later tree (amounts are cumulative). */
    private record Latest(Long epoch, BigInteger cumulativeAmount) {
    }

    private Uni<Latest> latest(Distributor distributor, ChecksumAddress account) {
        return store.leaves(distributor, account).map(leaves -> leaves.isEmpty()
                ? new Latest(null, BigInteger.ZERO)
                : new Latest(leaves.get(0).epoch(), leaves.get(0).cumulativeAmount()));
    }

    private static Claim claim(Distributor distributor, ChecksumAddress account, OnChain onChain, LiveLeaf live,
                               Latest latest) {
        BigInteger cumulative = live.leaf().map(StoredLeaf::cumulativeAmount).orElse(BigInteger.ZERO);
        List<Bytes32> proof = live.leaf().map(StoredLeaf::proof).orElse(List.of());
        BigInteger claimable = cumulative.subtract(onChain.claimed()).max(BigInteger.ZERO);
        return new Claim(distributor, account, onChain.hasLiveRoot() ? onChain.liveEpoch().longValueExact() : null,
                onChain.hasLiveRoot() ? onChain.liveRoot() : null, cumulative, onChain.claimed(), claimable, proof,
                claimable.signum() > 0 ? claimCalldata(account, cumulative, proof) : null, latest.epoch(),
                latest.cumulativeAmount());
    }

    /** {@code RewardDistributor.claim(address account, uint256 cumulativeAmount, bytes32[] proof)}, ABI-encoded. */
    public static String claimCalldata(ChecksumAddress account, BigInteger cumulativeAmount, List<Bytes32> proof) {
        List<org.web3j.abi.datatypes.generated.Bytes32> nodes = proof.stream()
                .map(node -> new org.web3j.abi.datatypes.generated.Bytes32(node.toArray())).toList();
        return FunctionEncoder.encode(new Function("claim", List.of(new Address(account.lowerCase()),
                new Uint256(cumulativeAmount), new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, nodes)),
                List.of()));
    }

    /** Every stored epoch's leaf of the account for this distributor, newest first. */
    public Uni<List<StoredLeaf>> rewards(Distributor distributor, ChecksumAddress account) {
        return chainOf(distributor).flatMap(ignored -> store.leaves(distributor, account));
    }
}
