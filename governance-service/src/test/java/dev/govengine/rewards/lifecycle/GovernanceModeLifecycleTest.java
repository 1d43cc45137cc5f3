package dev.govengine.rewards.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.config.EngineConfig;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.StoredEpoch;
import dev.govengine.submission.AnvilPool;
import dev.govengine.submission.GovernanceRootProposalStore;
import dev.govengine.submission.GovernanceSubmission;
import dev.govengine.submission.RootSubmitter;
import dev.govengine.submission.SubmissionService;
import dev.govengine.submission.SubmissionTxStore;
import dev.govengine.submission.TransactionManager;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.RewardLifecycleFixture;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The epoch lifecycle in Mode B on Anvil: the root of epoch 1 goes in as a Governor proposal, the epoch waits as
 * COMPUTED while the DAO votes and the timelock runs, the engine queues and executes it when due, and the epoch is
 * SUBMITTED once the distributor holds the root, then FINALIZED after the dispute window, as in Mode A.
 */
@QuarkusTest
class GovernanceModeLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    RewardLifecycleFixture fixture;

    @Inject
    GovernorRegistry governors;

    @Inject
    EpochLedger ledger;

    @Inject
    RewardStore store;

    @Inject
    SubmissionTxStore txStore;

    @Inject
    GovernanceRootProposalStore proposals;

    @Inject
    GovernanceQueries queries;

    @Inject
    MeterRegistry meters;

    @Inject
    EngineConfig config;

    private GovernedDao dao;
    private IndexedGovernor indexed;
    private SubmissionService submission;
    private EpochLifecycle lifecycle;

    private Credentials proposer;

    @BeforeEach
    void deploy() throws Exception {
        dao = new GovernedDao(rpcUrl, true, BigInteger.ZERO);
        indexed = fixture.follow(dao, "mode-b-lifecycle");
        proposer = Credentials.create(Keys.createEcKeyPair());
        new AnvilPool(dao.rpc).setBalance(proposer.getAddress(), BigInteger.TEN.pow(21));
        submission = SubmissionService.throughGovernance(new TransactionManager(dao.web3j, proposer,
                        RewardLifecycleFixture.quickSubmission(), txStore, meters),
                dao.deployment.rewardDistributor().address(), dao.deployment.rewardDistributor().block(),
                dao.deployment.timelock().address());
        GovernanceSubmission governance = new GovernanceSubmission(submission, proposals, queries, governors,
                dao.deployment.governor().address(), dao.deployment.rewardDistributor().address(),
                dao.deployment.rewardDistributor().block());
        lifecycle = fixture.lifecycle(new RootSubmitter(submission, governance));
    }

    @AfterEach
    void close() {
        submission.close();
        fixture.forget(indexed);
        dao.close();
    }

    @Test
    void theDaoVotesTheRootInAndTheEpochIsFinalizedAfterItsWindow() throws Exception {
        coordinator.runCycle();
        RollupContributions.load(dao.deployment.rollupContributions().address().toString(), dao.web3j,
                dao.deployer.transactionManager(GovernedDao.holder(4)), dao.deployer.gasProvider())
                .submitBatch(BigInteger.TEN, new byte[32]).send();
        dao.anvil.increaseTime(3_600);
        dao.anvil.mine(1);
        coordinator.runCycle();

        lifecycle.advanceAll();
        EpochRecord proposed = ledger.get(1).await().atMost(WAIT).orElseThrow();
        assertEquals(EpochStatus.COMPUTED, proposed.status(), "the DAO has not voted yet");
        assertEquals("the index has not seen the proposal yet", proposed.detail(), "proposed in this very tick");
        StoredEpoch stored = store.epoch(1).await().atMost(WAIT).orElseThrow();
        // The proposal's action and description carry the dataUri naming the served inputs document's keccak256.
        String dataUri = config.rewards().epochs().dataUri().replace("{epoch}", "1") + "#keccak256="
                + EpochInputs.keccak(RestAssured.get("/epochs/1/inputs").then().statusCode(200).extract().asByteArray());
        BigInteger proposalId = GovernanceSubmission.rootProposal(dao.deployment.governor().address(),
                dao.deployment.rewardDistributor().address(), 1, 1, stored.root(), stored.totalCumulative(),
                dataUri, ChecksumAddress.of(proposer.getAddress())).id();

        coordinator.runCycle();
        dao.openVoting();
        dao.vote(proposalId, 1, 1, 2, 3);
        dao.closeVoting();
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.COMPUTED, ledger.get(1).await().atMost(WAIT).orElseThrow().status(),
                "queued: the timelock's delay runs");

        dao.passTimelockDelay();
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.SUBMITTED, ledger.get(1).await().atMost(WAIT).orElseThrow().status());
        assertEquals(stored.root().toHex(), Numeric.toHexString(dao.distributor().pendingRoot().send().component2()));

        dao.anvil.increaseTime(dao.deployment.settings().disputePeriodSeconds().longValueExact() + 1);
        dao.anvil.mine(1);
        lifecycle.advanceAll();
        assertEquals(EpochStatus.FINALIZED, ledger.get(1).await().atMost(WAIT).orElseThrow().status());
        assertEquals(stored.root().toHex(), Numeric.toHexString(dao.distributor().liveRoot().send().component2()));
    }
}
