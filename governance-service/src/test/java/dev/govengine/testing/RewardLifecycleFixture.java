package dev.govengine.testing;

import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.distributor.DistributorHistory;
import dev.govengine.rewards.inputs.EpochInputsStore;
import dev.govengine.rewards.lifecycle.EpochChain;
import dev.govengine.rewards.lifecycle.EpochDriverLock;
import dev.govengine.rewards.lifecycle.EpochInputsAssembler;
import dev.govengine.rewards.lifecycle.EpochLedger;
import dev.govengine.rewards.lifecycle.EpochLifecycle;
import dev.govengine.rewards.lifecycle.ForeignRoots;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.submission.FeePolicy;
import dev.govengine.submission.RootSubmitter;
import dev.govengine.submission.SubmissionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/**
 * What the tests that drive reward epochs share: their deployment followed, empty reward tables before and after
 * each test (they hold one deployment's epochs, each test deploys its own, and other tests store receipts for epoch
 * 1), quick submission settings for Anvil, and a lifecycle whose submitter is the test's own.
 */
@ApplicationScoped
public class RewardLifecycleFixture {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EpochChain chain;

    @Inject
    EpochLedger ledger;

    @Inject
    PolicyHistory policies;

    @Inject
    EpochInputsAssembler inputs;

    @Inject
    EpochInputsStore inputsStore;

    @Inject
    RewardStore store;

    @Inject
    DistributorHistory distributorHistory;

    @Inject
    MeterRegistry meters;

    @Inject
    EngineConfig config;

    @Inject
    Pool pool;

    @Inject
    ActiveDeployment active;

    @Inject
    GovernorRegistry governors;

    @Inject
    EpochDriverLock driver;

    @Inject
    ForeignRoots foreignRoots;

    @Inject
    ReceiptInvalidations invalidations;

    @Inject
    WorkerDb db;

    /**
     * Starts a test on {@code dao}: empty reward tables, its deployment active, and its Governor followed by the index
     * under a name of its own ({@code name}, then the Governor's address).
     */
    public IndexedGovernor follow(GovernedDao dao, String name) {
        clearRewardTables();
        active.use(dao.deployment);
        return governors.register(IndexedGovernor.of(name + "-" + dao.deployment.governor().address().lowerCase(),
                AnvilResource.CHAIN, AnvilNode.CHAIN_ID, dao.deployment.governor().address(), dao.deployment.startBlock()));
    }

    /** Ends a test begun with {@link #follow}: the Governor no longer followed, the reward tables empty again. */
    public void forget(IndexedGovernor governor) {
        governors.unregister(governor.id());
        clearRewardTables();
    }

    public void clearRewardTables() {
        for (String table : List.of("reward_allocation", "reward_epoch_result", "reward_epoch", "work_receipt",
                "distributor_foreign_root", "receipt_invalidation", "reward_epoch_inputs",
                "reward_epoch_inputs_superseded", "reward_epoch_result_superseded", "reward_allocation_superseded",
                "reward_tree", "reward_tree_superseded")) {
            pool.query("DELETE FROM " + table).execute().await().atMost(WAIT);
        }
    }

    /** No confirmations, polls every 100 ms, never replaced, fees Anvil accepts. */
    public static SubmissionSettings quickSubmission() {
        return new SubmissionSettings(AnvilNode.CHAIN_ID, 0, Duration.ofMillis(100), Duration.ofHours(1),
                new FeePolicy(5, 50, BigInteger.valueOf(1_000_000), 200, BigInteger.TEN.pow(13)),
                Duration.ofSeconds(5), 20, Duration.ofSeconds(60));
    }

    public EpochLifecycle lifecycle(RootSubmitter submitter) {
        return new EpochLifecycle(chain, ledger, policies, inputs, inputsStore, store, submitter, distributorHistory, meters,
                config, driver, foreignRoots, invalidations, db);
    }
}
