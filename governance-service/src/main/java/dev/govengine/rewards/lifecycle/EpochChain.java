package dev.govengine.rewards.lifecycle;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainClients;
import dev.govengine.chain.ChainDefaults;
import dev.govengine.chain.ChainReader;
import dev.govengine.chain.RpcException;
import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contributions.RollupSource;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.rewards.epoch.EpochWindow;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.sync.LogSource;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tuples.generated.Tuple5;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * What the lifecycle reads about time and the chain: the deployment's chain and its finalized head, the epoch
 * calendar, the blocks of an epoch, how far the index has read, and the distributor's record of an epoch's root.
 * Blocking: the lifecycle runs on the scheduler's worker thread, or an operator request's.
 */
@ApplicationScoped
public class EpochChain {
    private static final String ROOT_PROPOSED = EventEncoder.encode(RewardDistributor.ROOTPROPOSED_EVENT);
    private static final String DISPUTE_RESOLVED = EventEncoder.encode(RewardDistributor.DISPUTERESOLVED_EVENT);
    private static final String ROOT_CANCELED = EventEncoder.encode(RewardDistributor.ROOTCANCELED_EVENT);
    /** Headers asked per JSON-RPC batch while searching for an epoch's last block: a 17-ary search. */
    private static final int SEARCH_FANOUT = 16;

    private final EngineConfig config;
    private final ActiveDeployment active;
    private final ChainReader reader;
    private final ChainClients clients;
    private final PolicyHistory policies;
    private final RewardContractSources sources;
    private final Pool pool;
    private final WorkerDb db;
    private final Map<Deployment, Long> anchors = new ConcurrentHashMap<>();

    /** The deployment the lifecycle works for, and where its facts live. */
    public record Context(Deployment deployment, String chain, int confirmations, long anchor, String governorId) {
    }

    /** RewardDistributor.RootStatus, in declaration order. */
    public enum RootStatus { NONE, PENDING, DISPUTED, FINALIZED, DISCARDED }

    /** {@code epochRoot(epoch)} as the distributor answers it now (a matured undisputed root reads FINALIZED). */
    public record RootOnChain(Bytes32 root, BigInteger totalCumulative, long proposedAt, long liveAt, RootStatus status) {
    }

    @Inject
    public EpochChain(EngineConfig config, ActiveDeployment active, ChainReader reader, ChainClients clients,
            PolicyHistory policies, RewardContractSources sources, Pool pool, WorkerDb db) {
        this.config = config;
        this.active = active;
        this.reader = reader;
        this.clients = clients;
        this.policies = policies;
        this.sources = sources;
        this.pool = pool;
        this.db = db;
    }

    /**
     * The active deployment's context; empty without a deployment. Fails with {@link EpochNotReadyException} when the
     * deployment cannot be served: no configured chain has its chain id.
     */
    public Optional<Context> context() {
        Optional<Deployment> deployment = active.get();
        if (deployment.isEmpty()) {
            return Optional.empty();
        }
        Deployment d = deployment.get();
        String chain = ConfiguredChains.forChainId(config, d.chainId()).orElseThrow(() -> new EpochNotReadyException("no gov.chains entry has the deployment's chain id "
                        + d.chainId()));
        long anchor = anchors.computeIfAbsent(d, ignored -> reader.headers(chain, List.of(d.rewardPolicy().block()))
                .get(0).timestamp());
        return Optional.of(new Context(d, chain, ChainDefaults.confirmations(config.chains().get(chain)), anchor,
                "eip155:" + d.chainId() + ":" + d.governor().address()));
    }

    /** The calendar of every indexed policy version; empty before the policy's first indexed range. */
    public Optional<EpochCalendar> calendar(Context context) {
        List<PolicySnapshot> versions = db.await(policies.versions(), "reading the RewardPolicy versions");
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EpochCalendar(context.anchor(), versions.stream()
                .map(v -> new EpochCalendar.PolicyVersion(v.blockTimestamp(), v.epochLength())).toList()));
    }

    /** The newest block counted final: the head minus the chain's confirmations. */
    public BlockHeader finalizedHead(Context context) {
        long head = reader.headBlock(context.chain());
        return reader.headers(context.chain(), List.of(Math.max(0, head - context.confirmations()))).get(0);
    }

    /** The blocks an epoch holds: {@code firstBlock} to {@code endBlock}, both included. */
    public record EpochBlocks(long firstBlock, long endBlock) {
    }

    /**
     * The blocks of {@code window}, which must end at or before {@code finalized}'s timestamp: its last block is the last
     * one before its end, and its first the block after the previous epoch's last ({@code previousEndBlock}, null when
     * unknown, then found by the window's start). Epoch 1 starts at the RewardPolicy's deployment block, whose
     * timestamp is its start: earlier blocks of the same second came before there was a policy to earn under. The
     * lifecycle's close and {@code epoch verify} both take an epoch's blocks from here, so a recomputation scores
     * exactly the blocks the lifecycle scored.
     */
    public EpochBlocks blocks(Context context, EpochWindow window, Long previousEndBlock, BlockHeader finalized) {
        long policyBlock = context.deployment().rewardPolicy().block();
        long firstBlock;
        if (window.number() == 1) {
            firstBlock = policyBlock;
        } else if (previousEndBlock != null) {
            firstBlock = previousEndBlock + 1;
        } else {
            firstBlock = lastBlockBefore(context, window.startTimestamp(), policyBlock, finalized.number()) + 1;
        }
        return new EpochBlocks(firstBlock, lastBlockBefore(context, window.endTimestamp(), firstBlock, finalized.number()));
    }

    /**
     * The last block in [low, high] whose timestamp is before {@code timestamp}, or {@code low - 1} if there is none.
     * The caller knows that the block after the answer, if any, is at or after {@code timestamp}: timestamps never
     * decrease along a chain.
     */
    private long lastBlockBefore(Context context, long timestamp, long low, long high) {
        long before = low - 1;
        long notBefore = high + 1;
        while (notBefore - before > 1) {
            long span = notBefore - before;
            List<Long> probes = new ArrayList<>();
            for (int i = 1; i <= SEARCH_FANOUT; i++) {
                long probe = before + span * i / (SEARCH_FANOUT + 1);
                if (probe > before && probe < notBefore && (probes.isEmpty() || probes.get(probes.size() - 1) < probe)) {
                    probes.add(probe);
                }
            }
            if (probes.isEmpty()) {
                probes.add(before + 1);
            }
            long newBefore = before;
            long newNotBefore = notBefore;
            for (BlockHeader header : reader.headers(context.chain(), probes)) {
                if (header.timestamp() < timestamp) {
                    newBefore = header.number();
                } else {
                    newNotBefore = header.number();
                    break;
                }
            }
            before = newBefore;
            notBefore = newNotBefore;
        }
        return before;
    }

    /**
     * The block up to which everything an epoch is scored on has been indexed: the lowest cursor among the reward
     * contracts (policy, distributor, rollup sources) and the DAO's Governor. Empty while one of them has none.
     */
    public OptionalLong indexedThrough(Context context) {
        List<String> contractIds = sources.sources().stream()
                .filter(source -> source.cursorTable() == LogSource.CursorTable.CONTRACT)
                .map(LogSource::id).toList();
        var contracts = db.await(pool.preparedQuery("""
                        SELECT count(*) AS cursors, min(indexed_block) AS indexed_block FROM source_cursor
                        WHERE source_id = ANY($1)""").execute(Tuple.of(contractIds.toArray(String[]::new))),
                "reading the cursors of the reward contracts").iterator().next();
        var governor = db.await(pool.preparedQuery("SELECT indexed_block FROM sync_cursor WHERE governor_id = $1")
                .execute(Tuple.of(context.governorId())), "reading the cursor of " + context.governorId());
        if (contracts.getLong("cursors") < contractIds.size() || governor.size() == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.min(contracts.getLong("indexed_block"),
                governor.iterator().next().getLong("indexed_block")));
    }

    /** Whether the deployment's Governor is one the index follows; its votes are the governance program's input. */
    public boolean governorIndexed(Context context) {
        return db.await(pool.preparedQuery("SELECT 1 FROM governor WHERE id = $1")
                        .execute(Tuple.of(context.governorId())),
                "looking up " + context.governorId()).size() == 1;
    }

    public RootOnChain epochRoot(Context context, long epoch) {
        Web3j web3j = clients.client(context.chain());
        String address = context.deployment().rewardDistributor().address().toString();
        RewardDistributor distributor = RewardDistributor.load(address, web3j,
                new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
        try {
            Tuple5<byte[], BigInteger, BigInteger, BigInteger, BigInteger> root =
                    distributor.epochRoot(BigInteger.valueOf(epoch)).send();
            return new RootOnChain(Bytes32.wrap(root.component1()), root.component2(),
                    root.component3().longValueExact(), root.component4().longValueExact(),
                    RootStatus.values()[root.component5().intValueExact()]);
        } catch (Exception e) {
            throw new RpcException(context.chain(), "eth_call", "RewardDistributor.epochRoot(" + epoch + ") at "
                    + address + ": " + e.getMessage());
        }
    }

    /** A root the distributor holds now: {@code state} is PENDING, DISPUTED or LIVE. */
    public record HeldRoot(BigInteger epoch, Bytes32 root, String state) {
    }

    /** The distributor's live root and its pending root (in its window or disputed), as it answers now. */
    public List<HeldRoot> heldRoots(Context context) {
        Web3j web3j = clients.client(context.chain());
        String address = context.deployment().rewardDistributor().address().toString();
        RewardDistributor distributor = RewardDistributor.load(address, web3j,
                new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
        try {
            List<HeldRoot> held = new ArrayList<>(2);
            var live = distributor.liveRoot().send();
            if (new BigInteger(1, live.component2()).signum() != 0) {
                held.add(new HeldRoot(live.component1(), Bytes32.wrap(live.component2()), "LIVE"));
            }
            var pending = distributor.pendingRoot().send();
            if (new BigInteger(1, pending.component2()).signum() != 0) {
                held.add(new HeldRoot(pending.component1(), Bytes32.wrap(pending.component2()),
                        pending.component5() ? "DISPUTED" : "PENDING"));
            }
            return held;
        } catch (Exception e) {
            throw new RpcException(context.chain(), "eth_call", "RewardDistributor.liveRoot/pendingRoot at " + address
                    + ": " + e.getMessage());
        }
    }

    /** How the distributor came to discard a root: governance's ruling or cancel, or a dispute it let expire. */
    public enum Discard { RULING, CANCEL, EXPIRY }

    /**
     * Why the distributor discarded {@code root} for {@code epoch}, from its logs read at the head (the index may lag
     * behind a ruling). A discard with neither a {@code DisputeResolved(valid = false)} nor a {@code RootCanceled}
     * after the root's last {@code RootProposed} is an expiry: recorded by {@code DisputeExpired}, or not yet recorded
     * by anyone, since the distributor's views discard an unruled dispute at its deadline by themselves.
     */
    public Discard discardOf(Context context, long epoch, Bytes32 root) {
        Web3j web3j = clients.client(context.chain());
        String address = context.deployment().rewardDistributor().address().lowerCase();
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(
                context.deployment().rewardDistributor().block())), DefaultBlockParameterName.LATEST, address);
        filter.addOptionalTopics(ROOT_PROPOSED, DISPUTE_RESOLVED, ROOT_CANCELED);
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        filter.addSingleTopic(root.toHex());
        List<EthLog.LogResult> logs;
        try {
            logs = web3j.ethGetLogs(filter).send().getLogs();
        } catch (Exception e) {
            throw new RpcException(context.chain(), "eth_getLogs", "RewardDistributor root events of epoch " + epoch
                    + " at " + address + ": " + e.getMessage());
        }
        Discard discard = Discard.EXPIRY;
        for (EthLog.LogResult<?> result : logs) {
            Log log = (Log) result.get();
            String topic = log.getTopics().get(0);
            if (topic.equals(ROOT_PROPOSED)) {
                discard = Discard.EXPIRY;
            } else if (topic.equals(ROOT_CANCELED)) {
                discard = Discard.CANCEL;
            } else if (Numeric.toBigInt(log.getData().substring(2, 66)).signum() == 0) {
                // DisputeResolved's first data word is `valid`; an upheld root is not a discard.
                discard = Discard.RULING;
            }
        }
        return discard;
    }

    /** The highest epoch the distributor takes a root for now: its live epoch (0 before any) plus maxEpochSkip. */
    public BigInteger maxProposableEpoch(Context context) {
        Web3j web3j = clients.client(context.chain());
        String address = context.deployment().rewardDistributor().address().toString();
        RewardDistributor distributor = RewardDistributor.load(address, web3j,
                new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
        try {
            return distributor.liveRoot().send().component1().add(distributor.maxEpochSkip().send());
        } catch (Exception e) {
            throw new RpcException(context.chain(), "eth_call", "RewardDistributor.liveRoot/maxEpochSkip at " + address
                    + ": " + e.getMessage());
        }
    }

    /** The contracts the rollup mapping reads, as indexed for the active deployment. */
    public List<ChecksumAddress> rollupContracts() {
        return rollupSources().stream().map(RollupSource::contract).toList();
    }

    /** The contracts the rollup mapping reads, each with the kinds it maps. */
    public List<RollupSource> rollupSources() {
        return sources.sources().stream().filter(RollupSource.class::isInstance).map(RollupSource.class::cast).toList();
    }

    /** The rollup kinds the index maps, by the names RewardPolicy weighs. */
    public List<String> rollupKinds() {
        return sources.rollupMapping().kinds().stream().map(kind -> kind.kind()).toList();
    }
}
