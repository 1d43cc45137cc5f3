package dev.govengine.rewards.lifecycle;

import dev.govengine.contributions.EventSignature;
import dev.govengine.contributions.RollupKindMapping;
import dev.govengine.deployment.Deployment;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.inputs.EpochContributionReader;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.rewards.inputs.EpochInputsStore;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.types.ChecksumAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds a closed epoch's inputs document from the index and stores it: the lifecycle computes the epoch from the
 * document it gets back, so the published inputs are exactly what the root was computed from.
 */
@ApplicationScoped
public class EpochInputsAssembler {
    private final EpochChain chain;
    private final EpochContributionReader contributions;
    private final RewardStore rewards;
    private final EpochInputsStore store;
    private final Pool pool;
    private final WorkerDb db;

    @Inject
    public EpochInputsAssembler(EpochChain chain, EpochContributionReader contributions, RewardStore rewards,
            EpochInputsStore store, Pool pool, WorkerDb db) {
        this.chain = chain;
        this.contributions = contributions;
        this.rewards = rewards;
        this.store = store;
        this.pool = pool;
        this.db = db;
    }

    /** The document of {@code record}'s epoch under {@code policy}, after {@code carryIn}; stored before it returns. */
    public EpochInputs assemble(EpochChain.Context context, EpochRecord record, PolicySnapshot policy,
            BigInteger carryIn) {
        Deployment deployment = context.deployment();
        long epoch = record.epoch();
        EpochContributionReader.Detail detail = db.await(contributions.readDetail(new EpochContributionReader.Scope(
                deployment.chainId(), deployment.rewardPolicy().address(), policy.verifiers(), context.governorId(),
                chain.rollupContracts(), epoch, record.firstBlock(), record.endBlock(), record.startTimestamp(),
                record.endTimestamp())), "reading the contributions of epoch " + epoch);
        Map<String, String> gpuWeights = new TreeMap<>();
        policy.gpuClassWeights().forEach((gpuClass, weight) -> gpuWeights.put(gpuClass.toString(), weight.toString()));
        Map<String, String> kindWeights = new TreeMap<>();
        policy.scoringPolicy(chain.rollupKinds()).rollupKindWeights()
                .forEach((kind, weight) -> kindWeights.put(kind, weight.toString()));
        EpochInputs.Policy policyValues = new EpochInputs.Policy(policy.version(), policy.budgetPerEpoch().toString(),
                policy.depinBps(), policy.rollupBps(), policy.governanceBps(), policy.recipientCapBps(),
                policy.minPayout().toString(), EpochInputs.modeName(policy.governanceMode()), gpuWeights, kindWeights,
                policy.verifiers().stream().map(ChecksumAddress::toString).toList());
        EpochInputs inputs = new EpochInputs(EpochInputs.FORMAT, deployment.chainId(), epoch,
                new EpochInputs.Contracts(deployment.rewardPolicy().address().toString(),
                        deployment.rewardDistributor().address().toString(), deployment.governor().address().toString()),
                new EpochInputs.Window(record.startTimestamp(), record.endTimestamp(), record.firstBlock(),
                        record.endBlock()),
                policyValues, detail.receipts(),
                chain.rollupSources().stream().map(source -> new EpochInputs.RollupSourceMapping(
                        source.contract().toString(), source.kinds().stream().map(EpochInputsAssembler::kind).toList()))
                        .toList(),
                detail.rollup(),
                new EpochInputs.Governance(deployment.governor().address().toString(), detail.proposals(),
                        detail.votes(), detail.voteReductions()),
                carryIn.toString(), previous(epoch)).sorted();
        db.await(store.save(epoch, inputs), "storing the inputs of epoch " + epoch);
        return inputs;
    }

    /** The newest stored epoch before {@code epoch}: its number, root and cumulative amounts. */
    private EpochInputs.Previous previous(long epoch) {
        var rows = db.await(pool.preparedQuery("SELECT epoch, root FROM reward_epoch_result WHERE epoch < $1"
                + " ORDER BY epoch DESC LIMIT 1").execute(Tuple.of(epoch)), "reading the stored epoch before " + epoch);
        if (rows.size() == 0) {
            return new EpochInputs.Previous(null, null, List.of());
        }
        Row row = rows.iterator().next();
        CumulativeAmounts amounts = db.await(rewards.cumulativeBefore(epoch),
                "reading the cumulative amounts before epoch " + epoch);
        return new EpochInputs.Previous(row.getLong("epoch"), row.getString("root"), amounts.leaves().stream()
                .map(leaf -> new EpochInputs.Amount(leaf.account().toString(), leaf.amount().toString())).toList());
    }

    /** A kind as the document declares it: the event with its indexed flags and names, so it parses back. */
    private static EpochInputs.RollupKind kind(RollupKindMapping mapping) {
        EventSignature event = mapping.event();
        String declaration = event.name() + event.parameters().stream()
                .map(p -> p.type() + (p.indexed() ? " indexed " : " ") + p.name())
                .collect(Collectors.joining(",", "(", ")"));
        return new EpochInputs.RollupKind(mapping.kind(), declaration, mapping.contributor(),
                mapping.amount().orElse(null), mapping.when().map(RollupKindMapping.Condition::toString).orElse(null));
    }
}
