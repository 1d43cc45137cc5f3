package dev.govengine.contributions;

import dev.govengine.chain.ChainClients;
import dev.govengine.chain.RpcException;
import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.tuples.generated.Tuple7;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Builds the {@link ReceiptContext} of a request from the active deployment, the indexed policy and the chain:
 * <ul>
 *   <li>the EIP-712 domain is what the RewardPolicy reports through {@code eip712Domain()}, and its separator must
 *       equal the contract's {@code domainSeparator()}, read once per deployment;</li>
 *   <li>the verifier set is that of the policy in force at the latest indexed block of the policy, so a verifier
 *       removed by governance is refused as soon as the removal is indexed;</li>
 *   <li>the calendar's anchor is the timestamp of the policy's deployment block, its lengths come from every
 *       indexed policy version;</li>
 *   <li>the current epoch is the calendar's epoch at the timestamp of the chain's latest block (not the indexed
 *       one), so that a lagging index does not refuse receipts for an epoch that has started.</li>
 * </ul>
 */
@ApplicationScoped
public class ReceiptContexts {
    private final ActiveDeployment active;
    private final PolicyHistory history;
    private final ChainClients clients;
    private final EngineConfig config;
    private volatile Fixed fixed;

    /** What never changes for one deployment: its chain, domain and anchor. */
    private record Fixed(Deployment deployment, String chain, WorkReceiptHasher hasher, long anchor) {
    }

    @Inject
    public ReceiptContexts(ActiveDeployment active, PolicyHistory history, ChainClients clients, EngineConfig config) {
        this.active = active;
        this.history = history;
        this.clients = clients;
        this.config = config;
    }

    public Uni<ReceiptContext> current() {
        Optional<Deployment> deployment = active.get();
        if (deployment.isEmpty()) {
            return Uni.createFrom().failure(new ReceiptsNotReadyException(
                    "no contract deployment is configured (gov.deployment-file), so there is no verifier set"));
        }
        return fixed(deployment.get()).chain(fixed -> Uni.combine().all()
                .unis(history.indexedThroughBlock(), history.versions(), latestTimestamp(fixed.chain()))
                .asTuple()
                .chain(all -> {
                    OptionalLong indexed = all.getItem1();
                    List<PolicySnapshot> versions = all.getItem2();
                    if (indexed.isEmpty() || versions.isEmpty()) {
                        return Uni.createFrom().failure(new ReceiptsNotReadyException(
                                "the RewardPolicy " + fixed.deployment().rewardPolicy().address()
                                        + " is not indexed yet"));
                    }
                    return history.inForceAtBlock(indexed.getAsLong()).map(policy -> {
                        EpochCalendar calendar = new EpochCalendar(fixed.anchor(), versions.stream()
                                .map(v -> new EpochCalendar.PolicyVersion(v.blockTimestamp(), v.epochLength()))
                                .toList());
                        long head = all.getItem3();
                        long current = head < fixed.anchor() ? 0 : calendar.epochAt(head);
                        return new ReceiptContext(fixed.hasher(), policy.orElseThrow().verifiers(), calendar, current);
                    });
                }));
    }

    private Uni<Fixed> fixed(Deployment deployment) {
        Fixed known = fixed;
        if (known != null && known.deployment().equals(deployment)) {
            return Uni.createFrom().item(known);
        }
        return Uni.createFrom().item(() -> read(deployment))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(read -> fixed = read);
    }

    /** Blocking reads, on a worker thread: the domain as the contract reports it, and the anchor block's timestamp. */
    private Fixed read(Deployment deployment) {
        String chain = chainOf(deployment);
        Web3j web3j = clients.client(chain);
        ChecksumAddress address = deployment.rewardPolicy().address();
        RewardPolicy policy = RewardPolicy.load(address.toString(), web3j,
                new ReadonlyTransactionManager(web3j, address.toString()), new DefaultGasProvider());
        try {
            Tuple7<byte[], String, String, BigInteger, String, byte[], List<BigInteger>> eip712 = policy.eip712Domain().send();
            WorkReceiptDomain domain = new WorkReceiptDomain(eip712.component2(), eip712.component3(),
                    eip712.component4().longValueExact(), ChecksumAddress.of(eip712.component5()));
            if (domain.chainId() != deployment.chainId() || !domain.verifyingContract().equals(address)
                    || !Arrays.equals(domain.separator(), policy.domainSeparator().send())) {
                throw new ReceiptsNotReadyException("the RewardPolicy at " + address + " reports " + domain
                        + ", which does not match the deployment or its own domain separator");
            }
            EthBlock.Block block = web3j.ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(deployment.rewardPolicy().block())), false)
                    .send().getBlock();
            if (block == null) {
                throw new RpcException(chain, "eth_getBlockByNumber", "no block " + deployment.rewardPolicy().block());
            }
            return new Fixed(deployment, chain, new WorkReceiptHasher(domain), block.getTimestamp().longValueExact());
        } catch (ReceiptsNotReadyException | RpcException e) {
            throw e;
        } catch (Exception e) {
            throw new RpcException(chain, "eth_call", "reading the RewardPolicy's EIP-712 domain: " + e.getMessage());
        }
    }

    private Uni<Long> latestTimestamp(String chain) {
        return Uni.createFrom().completionStage(() -> clients.client(chain)
                        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).sendAsync())
                .map(response -> {
                    if (response.hasError() || response.getBlock() == null) {
                        throw new RpcException(chain, "eth_getBlockByNumber",
                                response.hasError() ? response.getError().getMessage() : "no latest block");
                    }
                    return response.getBlock().getTimestamp().longValueExact();
                });
    }

    /** The first configured chain, by name, with the deployment's chain id (ConfigPreflight checked there is one). */
    private String chainOf(Deployment deployment) {
        return ConfiguredChains.forChainId(config, deployment.chainId()).orElseThrow(() -> new ReceiptsNotReadyException(
                        "no configured chain has the deployment's chain id " + deployment.chainId()));
    }
}
