package dev.govengine.rewards.lifecycle;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.api.WalletOperations;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.contributions.ReceiptContexts;
import dev.govengine.contributions.ReceiptIngestion;
import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.contributions.ReceiptSigning;
import dev.govengine.contributions.ReceiptSubmission;
import dev.govengine.contributions.WorkReceipt;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.scoring.DepinReceipt;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.RollupEvent;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.StoredEpoch;
import dev.govengine.rewards.store.StoredLeaf;
import dev.govengine.rewards.verify.EpochVerification;
import dev.govengine.rewards.verify.InputsVerifier;
import dev.govengine.submission.AnvilPool;
import dev.govengine.submission.GovernanceSubmission;
import dev.govengine.submission.RootSubmitter;
import dev.govengine.submission.SubmissionService;
import dev.govengine.submission.SubmissionTxStore;
import dev.govengine.submission.TransactionManager;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.LogCapture;
import dev.govengine.testing.RewardLifecycleFixture;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The epoch lifecycle on Anvil against the whole contract set, in Mode A: contributions of all three programs in
 * epoch 1, the epoch closed, computed, submitted and finalized once its dispute window has passed, and a wallet's
 * claim with the proof GraphQL serves; a dispute that governance rejects and one it upholds; a revert that leaves the
 * epoch SUBMIT_FAILED with its decoded reason. Each test deploys its own contracts with its own updater key, and
 * starts from empty reward tables (they hold one deployment's epochs).
 */
@QuarkusTest
class EpochLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long EPOCH_LENGTH = 3600;
    private static final long DISPUTE_PERIOD = 600;
    private static final BigInteger ONE_ETHER = BigInteger.TEN.pow(18);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    RewardLifecycleFixture fixture;

    @Inject
    EpochLedger ledger;

    @Inject
    PolicyHistory policies;

    @Inject
    RewardStore store;

    @Inject
    SubmissionTxStore txStore;

    @Inject
    ReceiptContexts receiptContexts;

    @Inject
    ReceiptIngestion ingestion;

    @Inject
    MeterRegistry meters;

    @Inject
    ReceiptInvalidations invalidations;

    @Inject
    EpochDriverLock driver;

    @Inject
    Pool pool;

    @Inject
    ActiveDeployment active;

    private Credentials updater;
    private GovernedDao dao;
    private IndexedGovernor indexed;
    private SubmissionService submission;
    private EpochLifecycle lifecycle;

    @BeforeEach
    void deploy() throws Exception {
        updater = Credentials.create(Keys.createEcKeyPair());
        dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO, ChecksumAddress.of(updater.getAddress()));
        new AnvilPool(dao.rpc).setBalance(updater.getAddress(), BigInteger.TEN.pow(21));
        indexed = fixture.follow(dao, "lifecycle");
        submission = SubmissionService.of(new TransactionManager(dao.web3j, updater,
                        RewardLifecycleFixture.quickSubmission(), txStore, meters),
                dao.deployment.rewardDistributor().address(), dao.deployment.rewardDistributor().block());
        lifecycle = lifecycle(submission);
    }

    @AfterEach
    void close() {
        submission.close();
        fixture.forget(indexed);
        dao.close();
    }

    @Test
    void anEpochGoesFromItsContributionsToAClaimedReward() throws Exception {
        ChecksumAddress gpuA = randomAddress();
        ChecksumAddress gpuB = randomAddress();
        ChecksumAddress sequencer = address(GovernedDao.holder(1));
        ChecksumAddress prover = address(GovernedDao.holder(2));
        coordinator.runCycle();
        List<WorkReceipt> receipts = List.of(
                ReceiptSigning.receipt(gpuA, 1, "lifecycle job a", 2, 3_600, 9_000),
                ReceiptSigning.receipt(gpuB, 1, "lifecycle job b", 1, 7_200, 10_000));
        submitReceipts(receipts);
        rollup(GovernedDao.holder(1)).submitBatch(BigInteger.valueOf(120), new byte[32]).send();
        rollup(GovernedDao.holder(2)).submitProof(BigInteger.ZERO).send();
        BigInteger proposal = propose("Participation counts", dao.deployment.token().address(),
                FunctionEncoder.encode(new Function("name", List.of(), List.of())));
        dao.openVoting();
        dao.vote(proposal, 1, 1, 2, 3);
        dao.closeVoting();

        coordinator.runCycle();
        assertEquals(List.of(), lifecycle.advanceAll(), "epoch 1 has not ended");
        endEpochs(1);
        coordinator.runCycle();

        List<EpochLifecycle.Step> steps = lifecycle.advanceAll();
        assertEquals(List.of(EpochStatus.CLOSED, EpochStatus.COMPUTED, EpochStatus.SUBMITTED),
                steps.stream().filter(step -> step.epoch() == 1).map(EpochLifecycle.Step::to).toList(), steps.toString());
        EpochRecord closed = ledger.get(1).await().atMost(WAIT).orElseThrow();
        assertEquals(EpochStatus.SUBMITTED, closed.status());
        assertEquals(dao.deployment.rewardPolicy().block(), (long) closed.firstBlock(), "epoch 1 starts with the policy");

        // The same epoch, recomputed by hand from what happened on chain and what was signed.
        PolicySnapshot policy = policies.inForceAtBlock(closed.endBlock()).await().atMost(WAIT).orElseThrow();
        assertEquals(policy.version(), closed.policyVersion());
        List<GovernanceVote> votes = new ArrayList<>();
        for (int holder : new int[] {1, 2, 3}) {
            votes.add(new GovernanceVote(proposal, address(GovernedDao.holder(holder)), token().getPastVotes(
                    GovernedDao.holder(holder).getAddress(), dao.governor(null).proposalSnapshot(proposal).send()).send()));
        }
        EpochComputation.Result expected = EpochComputation.compute(policy, List.of("sequencer", "prover", "challenger"),
                BigInteger.ZERO, CumulativeAmounts.empty(), new EpochComputation.Contributions(
                        receipts.stream().map(r -> new DepinReceipt(r.provider(), r.gpuClass(), r.gpuSeconds(),
                                r.qualityBps())).toList(),
                        List.of(new RollupEvent(sequencer, "sequencer"), new RollupEvent(prover, "prover")), votes));
        StoredEpoch stored = store.epoch(1).await().atMost(WAIT).orElseThrow();
        assertEquals(expected.root().orElseThrow(), stored.root());
        assertEquals(expected.allocation().carryOut(), closed.carryOut());
        assertEquals(policy.budgetPerEpoch(), stored.paid().add(stored.carryOut()), "nothing is carried in to epoch 1");
        assertEquals(5, stored.recipientCount(), "two GPU providers and three voters, two of whom sequenced and proved");

        RewardDistributor distributor = dao.distributor();
        assertEquals(stored.root().toHex(), Numeric.toHexString(distributor.pendingRoot().send().component2()));
        assertNotNull(stored.proposeTxHash());
        assertEquals(distributor.epochRoot(BigInteger.ONE).send().component4().longValueExact(),
                (long) stored.disputeDeadline());

        // The inputs document: served as stored, the bytes whose keccak256 the posted dataUri names, and enough to
        // compute the root from it alone.
        byte[] served = RestAssured.get("/epochs/1/inputs").then().statusCode(200)
                .contentType("application/json").extract().asByteArray();
        coordinator.runCycle();
        String dataUri = pool.preparedQuery("SELECT data_uri FROM distributor_root_event WHERE event = 'RootProposed'"
                + " AND epoch = 1").execute().await().atMost(WAIT).iterator().next().getString(0);
        assertEquals("epoch:1#keccak256=" + EpochInputs.keccak(served), dataUri, "gov.public-url is unset in tests");
        EpochInputs document = EpochInputs.parse(served);
        assertEquals(stored.root(), document.compute().root().orElseThrow());
        assertEquals(2, document.receipts().size());
        assertEquals(List.of("sequencer", "prover"), document.rollupEvents().stream().map(EpochInputs.RollupLog::kind)
                .toList());
        assertEquals(List.of(proposal.toString()), document.governance().proposals().stream()
                .map(EpochInputs.Proposal::proposalId).toList());
        assertEquals(3, document.governance().votes().size());
        // Anyone checks it against the chain alone, and a changed fact is named.
        InputsVerifier.Result verified = new InputsVerifier(dao.web3j, dao.deployment).verify(1, served);
        assertEquals(EpochVerification.Verdict.MATCH, verified.verdict(), verified.toString());
        String text = new String(served, java.nio.charset.StandardCharsets.UTF_8);
        EpochInputs.Receipt first = document.receipts().get(0);
        String more = text.replace("\"gpuSeconds\":\"" + first.gpuSeconds() + "\",\"jobId\":\"" + first.jobId(),
                "\"gpuSeconds\":\"" + (Long.parseLong(first.gpuSeconds()) * 2) + "\",\"jobId\":\"" + first.jobId());
        InputsVerifier.Result tampered = new InputsVerifier(dao.web3j, dao.deployment).verify(1,
                more.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(EpochVerification.Verdict.MISMATCH, tampered.verdict());
        assertThat(tampered.reason(), containsString("the posted dataUri names keccak256 " + EpochInputs.keccak(served)));
        assertThat(tampered.reason(), containsString("receipt " + first.jobId() + ": its signature recovers to "));

        // Invalidating every receipt of the epoch's verifier, once the root is posted, changes nothing served.
        invalidations.record(AnvilNode.CHAIN_ID, dao.deployment.rewardPolicy().address(),
                address(DevAccounts.verifier()), java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60),
                "lifecycle test", "test").await().atMost(WAIT);
        assertTrue(java.util.Arrays.equals(served, RestAssured.get("/epochs/1/inputs").then().statusCode(200)
                .extract().asByteArray()), "the document of a posted root never changes");
        RestAssured.get("/epochs/2/inputs").then().statusCode(404).contentType("application/json")
                .body("code", is("NOT_FOUND"));
        RestAssured.get("/epochs/zero/inputs").then().statusCode(400).body("code", is("BAD_INPUT"));

        // A restarted engine, mid-window: nothing moves and nothing is sent twice.
        try (SubmissionService again = SubmissionService.of(new TransactionManager(dao.web3j, updater,
                RewardLifecycleFixture.quickSubmission(), txStore, meters),
                dao.deployment.rewardDistributor().address(), dao.deployment.rewardDistributor().block())) {
            assertEquals(List.of(), lifecycle(again).advanceAll());
        }
        assertEquals(BigInteger.ONE, nonce(updater), "one proposeRoot in all");

        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        List<EpochLifecycle.Step> finalized = lifecycle.advanceAll();
        assertEquals(EpochStatus.FINALIZED, finalized.get(0).to(), finalized.toString());

        // A wallet asks GraphQL for its claim and sends the calldata as it is.
        String distributorId = "eip155:" + AnvilNode.CHAIN_ID + ":" + dao.deployment.rewardDistributor().address();
        StoredLeaf leaf = store.leaf(1, sequencer).await().atMost(WAIT).orElseThrow();
        String calldata = WalletOperations.run("Claim", Map.of("distributor", distributorId, "account", sequencer.toString()))
                .body("errors", nullValue())
                .body("data.claim.epoch", is("1"))
                .body("data.claim.cumulativeAmount", is(leaf.cumulativeAmount().toString()))
                .body("data.claim.claimable", is(leaf.cumulativeAmount().toString()))
                .extract().path("data.claim.calldata");
        WalletOperations.run("RewardEpoch", Map.of("number", "1"))
                .body("data.rewardEpoch.status", is("FINALIZED"))
                .body("data.rewardEpoch.proposeTxHash", is(stored.proposeTxHash()));
        BigInteger before = token().balanceOf(sequencer.toString()).send();
        TransactionReceipt claim = send(GovernedDao.holder(1), dao.deployment.rewardDistributor().address(), calldata);
        assertTrue(claim.isStatusOK(), claim.toString());
        assertEquals(before.add(leaf.cumulativeAmount()), token().balanceOf(sequencer.toString()).send());
    }

    @Test
    void aDisputeGovernanceUpholdsFinalizesTheEpochAndAnEngineBehindSubmitsOnlyItsLatestRoot() throws Exception {
        coordinator.runCycle();
        rollup(GovernedDao.holder(4)).submitBatch(BigInteger.TEN, new byte[32]).send();
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.SUBMITTED, status(1));

        double alertsBefore = meters.counter("gov.epochs.disputes").count();
        TransactionReceipt disputed = distributor(GovernedDao.holder(6)).dispute("wrong sequencer weight", ONE_ETHER).send();
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.DISPUTED, status(1));
        assertEquals(alertsBefore + 1, meters.counter("gov.epochs.disputes").count(), "the alert's metric");
        assertEquals(disputed.getTransactionHash(), store.epoch(1).await().atMost(WAIT).orElseThrow().disputeTxHash());
        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        lifecycle.advanceAll();
        assertEquals(EpochStatus.DISPUTED, status(1), "a disputed root waits for governance, however long");

        // Upheld within the resolution period: epoch 1 is live. The engine was then down for two epochs: behind, it
        // proposes only its latest cumulative root.
        resolveDispute(true);
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.FINALIZED, status(1));
        assertNotNull(store.epoch(1).await().atMost(WAIT).orElseThrow().resolveTxHash());
        rollup(GovernedDao.holder(5)).submitBatch(BigInteger.TEN, new byte[32]).send();
        endEpochs(2);
        coordinator.runCycle();
        BigInteger sent = nonce(updater);
        lifecycle.advanceAll();
        long latest = latestEpoch();
        assertTrue(latest >= 3, "epochs 2 and 3 ended, and the vote took time: " + latest);
        assertEquals(EpochStatus.SUBMITTED, status(latest));
        assertEquals(sent.add(BigInteger.ONE), nonce(updater), "one proposeRoot for all of them");
        assertEquals(BigInteger.valueOf(latest), dao.distributor().pendingRoot().send().component1());
        for (long covered = 2; covered < latest; covered++) {
            EpochRecord record = ledger.get(covered).await().atMost(WAIT).orElseThrow();
            assertEquals(List.of(EpochStatus.COMPUTED, latest), List.of(record.status(), record.coveredBy()));
            assertEquals("covered by epoch " + latest + "'s cumulative root, which is submitted instead", record.detail());
        }
        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        lifecycle.advanceAll();
        assertEquals(EpochStatus.FINALIZED, status(latest));
        WalletOperations.run("RewardEpoch", Map.of("number", "2"))
                .body("data.rewardEpoch.status", is("FINALIZED"))
                .body("data.rewardEpoch.statusDetail", is("paid through epoch " + latest + "'s cumulative root"))
                .body("data.rewardEpoch.coveredBy", is(Long.toString(latest)));
        StoredEpoch carried = store.epoch(latest).await().atMost(WAIT).orElseThrow();
        assertEquals(carried.root().toHex(), Numeric.toHexString(dao.distributor().liveRoot().send().component2()));
        assertTrue(carried.totalCumulative().compareTo(store.epoch(2).await().atMost(WAIT).orElseThrow()
                .totalCumulative()) >= 0, "the cumulative root carries epoch 2's amounts");

        rollup(GovernedDao.holder(5)).submitBatch(BigInteger.TEN, new byte[32]).send();
        ChecksumAddress leakedKeysProvider = randomAddress();
        submitReceipts(List.of(ReceiptSigning.receipt(leakedKeysProvider, latestEpoch() + 1,
                "signed with a leaked key " + leakedKeysProvider, 1, 3_600, 10_000)));
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();
        long discarded = latestEpoch();
        assertTrue(store.leaf(discarded, leakedKeysProvider).await().atMost(WAIT).isPresent());
        assertEquals(EpochStatus.SUBMITTED, status(discarded));
        distributor(GovernedDao.holder(6)).dispute("double counts", ONE_ETHER).send();
        resolveDispute(false);
        coordinator.runCycle();
        lifecycle.advanceAll();
        EpochRecord failed = ledger.get(discarded).await().atMost(WAIT).orElseThrow();
        assertEquals(EpochStatus.SUBMIT_FAILED, failed.status());
        assertTrue(failed.detail().contains("discarded"), failed.detail());

        // The verifier's key had leaked: the operator invalidates what it signed, then has the epoch computed again
        // from the corrected inputs; what was posted stays on record.
        StoredEpoch posted = store.epoch(discarded).await().atMost(WAIT).orElseThrow();
        var invalidation = invalidations.record(AnvilNode.CHAIN_ID, dao.deployment.rewardPolicy().address(),
                ChecksumAddress.of(DevAccounts.verifier().getAddress()), java.time.Instant.now().minusSeconds(3_600),
                java.time.Instant.now().plusSeconds(60), "the verifier's key leaked", "operator").await().atMost(WAIT);
        assertTrue(invalidation.fromEpoch() > discarded, "recorded for the epochs not closed yet");
        EpochLifecycle.Step reopened = lifecycle.operate(discarded, OperatorStep.RECOMPUTE);
        assertEquals(EpochStatus.CLOSED, reopened.to());
        assertTrue(reopened.detail().startsWith("recomputed by an operator after: governance upheld the dispute"),
                reopened.detail());
        var history = pool.preparedQuery("SELECT revision, root, superseded_reason FROM reward_epoch_result_superseded"
                + " WHERE epoch = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(discarded)).await().atMost(WAIT);
        assertEquals(1, history.size());
        var revision = history.iterator().next();
        assertEquals(List.of(1, posted.root().toHex()), List.of(revision.getInteger("revision"), revision.getString("root")));
        assertEquals(reopened.detail().substring(0, reopened.detail().indexOf("; superseded")),
                revision.getString("superseded_reason"));
        assertEquals(posted.leafCount(), pool.preparedQuery("SELECT count(*) FROM reward_allocation_superseded"
                + " WHERE epoch = $1 AND revision = 1").execute(io.vertx.mutiny.sqlclient.Tuple.of(discarded))
                .await().atMost(WAIT).iterator().next().getLong(0).intValue());
        assertTrue(store.epoch(discarded).await().atMost(WAIT).isEmpty(), "the current result is gone until recomputed");
        assertEquals(List.of(0L, 1L), List.of(
                pool.preparedQuery("SELECT count(*) FROM reward_tree WHERE epoch = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(discarded)).await().atMost(WAIT).iterator().next().getLong(0),
                pool.preparedQuery("SELECT count(*) FROM reward_tree_superseded WHERE epoch = $1 AND revision = 1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(discarded)).await().atMost(WAIT).iterator().next().getLong(0)),
                "the tree its proofs are read from moves with the rows");
        assertEquals(1L, pool.preparedQuery("SELECT count(*) FROM reward_epoch_inputs_superseded WHERE epoch = $1"
                + " AND revision = 1").execute(io.vertx.mutiny.sqlclient.Tuple.of(discarded)).await().atMost(WAIT)
                .iterator().next().getLong(0), "the inputs document the discarded root named is kept");
        lifecycle.advanceAll();
        assertEquals(EpochStatus.SUBMITTED, status(discarded), "computed again, and the contract takes the epoch again");
        assertTrue(store.leaf(discarded, leakedKeysProvider).await().atMost(WAIT).isEmpty(),
                "the invalidated receipt no longer counts in the reopened epoch");
        assertNotEquals(posted.root(), store.epoch(discarded).await().atMost(WAIT).orElseThrow().root());
        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        lifecycle.advanceAll();
        assertEquals(EpochStatus.FINALIZED, status(discarded));
        assertEquals(store.epoch(discarded).await().atMost(WAIT).orElseThrow().root().toHex(),
                Numeric.toHexString(dao.distributor().liveRoot().send().component2()));
    }

    @Test
    void aDisputeGovernanceLetsExpireFreezesNothingAndTheRootGoesInAgain() throws Exception {
        coordinator.runCycle();
        rollup(GovernedDao.holder(4)).submitBatch(BigInteger.TEN, new byte[32]).send();
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.SUBMITTED, status(1));
        Credentials disputer = GovernedDao.holder(6);
        distributor(disputer).dispute("a stranger's frivolous dispute", ONE_ETHER).send();
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.DISPUTED, status(1));

        // An epoch later, past the resolution period, with no ruling: the root is discarded unjudged, its bond
        // returned, and the engine proposes its latest cumulative root, which carries epoch 1 too.
        rollup(GovernedDao.holder(5)).submitBatch(BigInteger.TEN, new byte[32]).send();
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();
        EpochRecord expired = ledger.get(1).await().atMost(WAIT).orElseThrow();
        assertEquals(List.of(EpochStatus.COMPUTED, 2L), List.of(expired.status(), expired.coveredBy()));
        assertEquals(EpochStatus.SUBMITTED, status(2));
        assertEquals(ONE_ETHER, dao.distributor().bondCredit(disputer.getAddress()).send());
        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        lifecycle.advanceAll();
        assertEquals(List.of(EpochStatus.FINALIZED, EpochStatus.FINALIZED), List.of(status(1), status(2)));
        assertEquals(store.epoch(2).await().atMost(WAIT).orElseThrow().root().toHex(),
                Numeric.toHexString(dao.distributor().liveRoot().send().component2()));
    }

    @Test
    void aReceiptCountsOnlyIfItsVerifierIsInTheSetAtTheEndOfItsEpoch() throws Exception {
        ChecksumAddress kept = randomAddress();
        ChecksumAddress dropped = randomAddress();
        coordinator.runCycle();
        submitReceipts(List.of(ReceiptSigning.receipt(kept, 1, "verifier kept " + kept, 1, 3_600, 10_000)));
        endEpochs(1);
        coordinator.runCycle();
        submitReceipts(List.of(ReceiptSigning.receipt(dropped, 2, "verifier dropped " + dropped, 1, 3_600, 10_000)));
        // Governance removes the verifier during epoch 2: after epoch 1 ended, before epoch 2 ends.
        byGovernance("Remove the verifier " + System.nanoTime(), dao.deployment.rewardPolicy().address(),
                FunctionEncoder.encode(new Function("removeVerifier",
                        List.of(new Address(DevAccounts.verifier().getAddress())), List.of())));
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();

        assertEquals(EpochStatus.SUBMITTED, status(2), "the latest root, covering epoch 1");
        assertTrue(store.leaf(1, kept).await().atMost(WAIT).isPresent(), "the verifier was in the set when epoch 1 ended");
        StoredEpoch second = store.epoch(2).await().atMost(WAIT).orElseThrow();
        assertTrue(store.leaf(2, dropped).await().atMost(WAIT).isEmpty(), "the verifier was gone when epoch 2 ended");
        assertEquals(BigInteger.ZERO, second.paidByProgram().getOrDefault(Program.DEPIN, BigInteger.ZERO),
                "epoch 2 had no other DePIN work: " + second);
    }

    @Test
    void aRevertLeavesTheEpochSubmitFailedWithItsDecodedReason() throws Exception {
        coordinator.runCycle();
        rollup(GovernedDao.holder(4)).submitBatch(BigInteger.TEN, new byte[32]).send();
        // The updater's key, used outside the engine, posts a root for epoch 9, which is live once epoch 1 has ended.
        distributor(updater).proposeRoot(BigInteger.valueOf(9), Hash.sha3("not the engine's".getBytes()), BigInteger.ZERO,
                "elsewhere").send();
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();

        EpochRecord failed = ledger.get(1).await().atMost(WAIT).orElseThrow();
        assertEquals(EpochStatus.SUBMIT_FAILED, failed.status());
        assertTrue(failed.detail().contains("EpochNotIncreasing(epoch=1, liveEpoch=9)"), failed.detail());
        WalletOperations.run("RewardEpoch", Map.of("number", "1"))
                .body("errors", nullValue())
                .body("data.rewardEpoch.status", is("SUBMIT_FAILED"))
                .body("data.rewardEpoch.statusDetail", is(failed.detail()));

        endEpochs(1);
        coordinator.runCycle();
        List<EpochLifecycle.Step> later = lifecycle.advanceAll();
        assertEquals(EpochStatus.COMPUTED, status(2), "later epochs are computed, " + later);
        assertEquals(BigInteger.ONE, nonce(updater), "and nothing is submitted past a failed epoch");
    }

    @Test
    void onlyTheReplicaHoldingTheEpochLockRunsStepsOrOperatorCommands() throws Exception {
        driver.release();
        var otherReplica = pool.getConnection().await().atMost(WAIT);
        try {
            assertEquals(true, otherReplica.query("SELECT pg_try_advisory_lock(" + EpochDriverLock.KEY + ")").execute()
                    .await().atMost(WAIT).iterator().next().getBoolean(0));
            endEpochs(1);
            coordinator.runCycle();
            assertThrows(EpochDriverElsewhereException.class, () -> lifecycle.advanceAll());
            EpochDriverElsewhereException refused = assertThrows(EpochDriverElsewhereException.class,
                    () -> lifecycle.operate(1, OperatorStep.CLOSE));
            assertTrue(refused.getMessage().contains("another replica drives the reward epochs"), refused.getMessage());
            assertTrue(ledger.get(1).await().atMost(WAIT).isEmpty(), "nothing moved");
        } finally {
            // Closing a pooled connection keeps its session, and with it the lock: the other replica stops.
            otherReplica.query("SELECT pg_advisory_unlock(" + EpochDriverLock.KEY + ")").execute().await().atMost(WAIT);
            otherReplica.close().await().atMost(WAIT);
        }
        assertEquals(EpochStatus.CLOSED, lifecycle.operate(1, OperatorStep.CLOSE).to(), "the lock is taken once it is free");
    }

    @Test
    void aRootTheEngineDidNotComputeRaisesAnAlertUntilItIsGone() throws Exception {
        coordinator.runCycle();
        rollup(GovernedDao.holder(4)).submitBatch(BigInteger.TEN, new byte[32]).send();
        byte[] stolen = Hash.sha3("posted with a stolen updater key".getBytes());
        double detectedBefore = meters.counter("gov.epochs.foreign_roots.detected").count();
        try (LogCapture logs = new LogCapture()) {
            distributor(updater).proposeRoot(BigInteger.ONE, stolen, BigInteger.ZERO, "elsewhere").send();
            coordinator.runCycle();
            lifecycle.advanceAll();
            assertEquals(1, meters.get("gov.epochs.foreign_roots").gauge().value());
            assertEquals(detectedBefore + 1, meters.counter("gov.epochs.foreign_roots.detected").count());
            assertTrue(logs.atLeast(java.util.logging.Level.SEVERE).stream().anyMatch(line -> line.text().startsWith(
                    "ALERT: the RewardDistributor holds a root this engine did not compute for epoch 1: "
                            + Numeric.toHexString(stolen) + " (PENDING)")), logs.all());
        }
        RestAssured.get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'foreign-roots' }.status", is("DOWN"))
                .body("checks.find { it.name == 'foreign-roots' }.data.held", is(1));

        // Nobody disputes it, and it goes live: the engine computes epoch 1 itself, its root is refused, and the
        // epoch says why, the alert first.
        endEpochs(1);
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.SUBMIT_FAILED, status(1));
        WalletOperations.run("RewardEpoch", Map.of("number", "1"))
                .body("errors", nullValue())
                .body("data.rewardEpoch.statusDetail", startsWith("ALERT: the RewardDistributor holds a root this"
                        + " engine did not compute for epoch 1: " + Numeric.toHexString(stolen) + " (LIVE); "));

        // The operator lets the engine go on: its root for epoch 2, covering epoch 1, supersedes the stolen one.
        rollup(GovernedDao.holder(5)).submitBatch(BigInteger.TEN, new byte[32]).send();
        endEpochs(1);
        coordinator.runCycle();
        assertEquals(EpochStatus.COMPUTED, lifecycle.operate(1, OperatorStep.RETRY).to());
        lifecycle.advanceAll();
        assertEquals(EpochStatus.SUBMITTED, status(2));
        assertEquals(1, meters.get("gov.epochs.foreign_roots").gauge().value(), "live until the next root is");
        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        lifecycle.advanceAll();
        assertEquals(List.of(EpochStatus.FINALIZED, EpochStatus.FINALIZED), List.of(status(1), status(2)));
        assertEquals(0, meters.get("gov.epochs.foreign_roots").gauge().value());
        RestAssured.get("/q/health/well").then()
                .body("checks.find { it.name == 'foreign-roots' }.status", is("UP"));
        WalletOperations.run("RewardEpoch", Map.of("number", "1"))
                .body("data.rewardEpoch.statusDetail", not(containsString("ALERT")));
    }

    @Test
    void operatorsAreAnsweredAtOnceWhileARootAwaitsItsReceipt() throws Exception {
        coordinator.runCycle();
        rollup(GovernedDao.holder(4)).submitBatch(BigInteger.TEN, new byte[32]).send();
        endEpochs(1);
        coordinator.runCycle();
        AnvilPool node = new AnvilPool(dao.rpc);
        node.automine(false);
        try {
            CompletableFuture<List<EpochLifecycle.Step>> tick = CompletableFuture.supplyAsync(lifecycle::advanceAll);
            String sender = ChecksumAddress.of(updater.getAddress()).toString();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (txStore.history(AnvilNode.CHAIN_ID, sender).stream().noneMatch(tx -> tx.broadcasts > 0)) {
                assertTrue(System.nanoTime() < deadline, "the root's transaction was never broadcast");
                Thread.sleep(50);
            }

            // The tick waits for the receipt, which no block brings; operators are not kept waiting behind it.
            IllegalStateException refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> assertThrows(IllegalStateException.class, () -> lifecycle.operate(1, OperatorStep.RECOMPUTE)));
            assertThat(refused.getMessage(), startsWith("epoch 1's root is on its way to the distributor"));
            EpochLifecycle.Step notYet = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> lifecycle.operate(2, OperatorStep.CLOSE));
            assertEquals(EpochStatus.OPEN, notYet.to(), notYet.detail());

            assertEquals(List.of(EpochStatus.CLOSED, EpochStatus.COMPUTED),
                    tick.get(30, TimeUnit.SECONDS).stream().map(EpochLifecycle.Step::to).toList(),
                    "the tick leaves the receipt to a later one");
            EpochRecord waiting = ledger.get(1).await().atMost(WAIT).orElseThrow();
            assertEquals(EpochStatus.COMPUTED, waiting.status());
            assertThat(waiting.detail(), containsString("is on its way to the distributor"));

            node.mine();
            assertEquals(List.of(EpochStatus.SUBMITTED),
                    lifecycle.advanceAll().stream().map(EpochLifecycle.Step::to).toList());
            assertEquals(1, txStore.history(AnvilNode.CHAIN_ID, sender).size(), "one transaction, never sent twice");
        } finally {
            node.automine(true);
        }
    }

    @Test
    void aFailingTickIsLoggedOnceWithItsStackTrace() throws Exception {
        endEpochs(1);
        coordinator.runCycle();
        EpochScheduler scheduler = new EpochScheduler(lifecycle, driver);
        Deployment deployed = dao.deployment;
        active.use(new Deployment(424242, deployed.token(), deployed.timelock(), deployed.governor(),
                deployed.rewardPolicy(), deployed.rewardDistributor(), deployed.rollupContributions(),
                deployed.settings()));
        try (LogCapture logs = new LogCapture()) {
            scheduler.tick();
            scheduler.tick();
            List<LogCapture.Line> errors = logs.atLeast(java.util.logging.Level.SEVERE).stream()
                    .filter(line -> line.logger().equals(EpochScheduler.class.getName())).toList();
            assertEquals(1, errors.size(), "logged once in two ticks: " + logs.all());
            assertThat(errors.get(0).text(), startsWith("Reward epochs: EpochNotReadyException: no gov.chains entry"
                    + " has the deployment's chain id 424242 (retried every tick)"));
            assertTrue(errors.get(0).thrown() instanceof EpochNotReadyException, "with its stack trace: " + errors);
        } finally {
            active.use(deployed);
        }
        scheduler.tick();
        assertEquals(EpochStatus.FINALIZED, status(1), "nobody was paid in epoch 1: nothing to submit");
    }

    private EpochLifecycle lifecycle(SubmissionService service) {
        return fixture.lifecycle(new RootSubmitter(service, GovernanceSubmission.off(service)));
    }

    /** Moves the chain's clock past the end of the next {@code epochs} epochs, with a block at the new time. */
    private void endEpochs(int epochs) {
        dao.anvil.increaseTime(EPOCH_LENGTH * epochs);
        dao.anvil.mine(1);
    }

    private void submitReceipts(List<WorkReceipt> receipts) {
        var context = receiptContexts.current().await().atMost(WAIT);
        List<ReceiptSubmission> submissions = receipts.stream().map(r -> new ReceiptSubmission(r.provider().toString(),
                r.epoch().toString(), r.jobId().toHex(), (long) r.gpuClass(), r.gpuSeconds().toString(),
                (long) r.qualityBps(), ReceiptSigning.signHex(context.hasher().domain(), r, DevAccounts.verifier())))
                .toList();
        ingestion.submit(context, submissions).await().atMost(WAIT).forEach(outcome ->
                assertTrue(outcome.isAccepted(), outcome.toString()));
    }

    /** Proposes one call through the Governor as holder 1 and returns the proposal id. */
    private BigInteger propose(String description, ChecksumAddress target, String calldata) throws Exception {
        dao.governor(GovernedDao.holder(1)).propose(List.of(target.toString()), List.of(BigInteger.ZERO),
                List.of(Numeric.hexStringToByteArray(calldata)), description).send();
        return dao.governor(null).hashProposal(List.of(target.toString()), List.of(BigInteger.ZERO),
                List.of(Numeric.hexStringToByteArray(calldata)), Hash.sha3(description.getBytes())).send();
    }

    /** Governance's ruling on the disputed root: a proposal voted by holder 1, queued and executed through the timelock. */
    private void resolveDispute(boolean valid) throws Exception {
        byGovernance("Resolve the dispute: " + valid + " " + System.nanoTime(), dao.deployment.rewardDistributor().address(),
                FunctionEncoder.encode(new Function("resolveDispute", List.of(new Bool(valid)), List.of())));
    }

    /** One call proposed by holder 1, voted for by holder 1, queued and executed through the timelock. */
    private void byGovernance(String description, ChecksumAddress target, String calldata) throws Exception {
        BigInteger proposal = propose(description, target, calldata);
        dao.openVoting();
        dao.vote(proposal, 1, 1);
        dao.closeVoting();
        byte[] descriptionHash = Hash.sha3(description.getBytes());
        List<byte[]> calldatas = List.of(Numeric.hexStringToByteArray(calldata));
        dao.governor(GovernedDao.holder(1)).queue(List.of(target.toString()), List.of(BigInteger.ZERO), calldatas,
                descriptionHash).send();
        dao.passTimelockDelay();
        dao.governor(GovernedDao.holder(1)).execute(List.of(target.toString()), List.of(BigInteger.ZERO), calldatas,
                descriptionHash, BigInteger.ZERO).send();
    }

    private long latestEpoch() {
        return ledger.all().await().atMost(WAIT).stream().mapToLong(EpochRecord::epoch).max().orElseThrow();
    }

    private EpochStatus status(long epoch) {
        return ledger.get(epoch).await().atMost(WAIT).orElseThrow().status();
    }

    private RollupContributions rollup(Credentials as) {
        return RollupContributions.load(dao.deployment.rollupContributions().address().toString(), dao.web3j,
                dao.deployer.transactionManager(as), dao.deployer.gasProvider());
    }

    private RewardDistributor distributor(Credentials as) {
        return RewardDistributor.load(dao.deployment.rewardDistributor().address().toString(), dao.web3j,
                dao.deployer.transactionManager(as), dao.deployer.gasProvider());
    }

    private GovernanceToken token() {
        return GovernanceToken.load(dao.deployment.token().address().toString(), dao.web3j,
                dao.deployer.transactionManager(DevAccounts.account(0)), dao.deployer.gasProvider());
    }

    private TransactionReceipt send(Credentials from, ChecksumAddress to, String calldata) throws Exception {
        String hash = dao.deployer.transactionManager(from).sendTransaction(
                dao.deployer.gasProvider().getGasPrice(""), BigInteger.valueOf(500_000), to.toString(), calldata,
                BigInteger.ZERO).getTransactionHash();
        return new PollingTransactionReceiptProcessor(dao.web3j, 100, 600).waitForTransactionReceipt(hash);
    }

    private BigInteger nonce(Credentials key) throws Exception {
        return dao.web3j.ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
    }

    private static ChecksumAddress address(Credentials credentials) {
        return ChecksumAddress.of(credentials.getAddress());
    }

    private static ChecksumAddress randomAddress() throws Exception {
        return ChecksumAddress.of(Credentials.create(Keys.createEcKeyPair()).getAddress());
    }
}
