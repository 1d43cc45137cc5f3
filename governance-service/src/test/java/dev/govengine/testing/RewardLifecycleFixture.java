package dev.govengine.testing;

import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.EpochContributionReader;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.rewards.distributor.DistributorHistory;
import dev.govengine.rewards.lifecycle.EpochChain;
import dev.govengine.rewards.lifecycle.EpochLedger;
import dev.govengine.rewards.lifecycle.EpochLifecycle;
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
 * What the tests that drive reward epochs share: empty reward tables (they hold one deployment's epochs, and each test
 * deploys its own), quick submission settings for Anvil, and a lifecycle whose submitter is the test's own.
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
    EpochContributionReader contributions;

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

    public void clearRewardTables() {
        for (String table : List.of("reward_allocation", "reward_epoch_result", "reward_epoch", "work_receipt")) {
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
        return new EpochLifecycle(chain, ledger, policies, contributions, store, submitter, distributorHistory, meters,
                config);
    }
}
