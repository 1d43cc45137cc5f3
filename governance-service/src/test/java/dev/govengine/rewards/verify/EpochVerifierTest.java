package dev.govengine.rewards.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.cli.EpochVerifyApplication;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.contributions.ReceiptContexts;
import dev.govengine.contributions.ReceiptIngestion;
import dev.govengine.contributions.ReceiptOutcome;
import dev.govengine.contributions.ReceiptSigning;
import dev.govengine.contributions.ReceiptSubmission;
import dev.govengine.contributions.WorkReceipt;
import dev.govengine.contributions.WorkReceiptDomain;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.lifecycle.EpochChain;
import dev.govengine.rewards.lifecycle.EpochLedger;
import dev.govengine.rewards.lifecycle.EpochLifecycle;
import dev.govengine.rewards.lifecycle.EpochRecord;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.StoredEpoch;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.testing.RewardLifecycleFixture;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.utils.Numeric;

/**
 * {@code epoch verify} on a contract set deployed on Anvil, with DePIN receipts, rollup events and governance votes in
 * the first epochs: the recomputation equals the root the lifecycle computed and the engine's key posted, and it does
 * not lean on the stored results (a tampered stored root is reported as disagreeing, the verdict unchanged); a wrong
 * root on the distributor is a mismatch; an epoch that has not ended, is not indexed through its last block, or has
 * no root on chain cannot be verified.
 */
@QuarkusTest
class EpochVerifierTest {
    private static final long EPOCH_LENGTH = 3600;
    private static final long DISPUTE_PERIOD = 600;
    private static final Credentials SEQUENCER = DevAccounts.account(2);
    private static final Credentials PROVER = DevAccounts.account(3);
    private static final Credentials CHALLENGER = DevAccounts.account(4);
    private static final ChecksumAddress GPU_PROVIDER = ChecksumAddress.of(DevAccounts.account(5).getAddress());
    private static final ChecksumAddress OTHER_GPU_PROVIDER = ChecksumAddress.of(DevAccounts.account(9).getAddress());

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    RewardLifecycleFixture fixture;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    EpochLifecycle lifecycle;

    @Inject
    EpochLedger ledger;

    @Inject
    EpochVerifier verifier;

    @Inject
    RewardStore store;

    @Inject
    ReceiptIngestion ingestion;

    @Inject
    ReceiptContexts receiptContexts;

    @Inject
    Pool pool;

    private GovernedDao dao;
    private IndexedGovernor indexed;

    @BeforeEach
    void deploy() throws Exception {
        dao = new GovernedDao(rpcUrl, false, BigInteger.ZERO);
        indexed = fixture.follow(dao, "verify");
        coordinator.runCycle();
    }

    @AfterEach
    void close() {
        fixture.forget(indexed);
        dao.close();
    }

    @Test
    void theRecomputationMatchesTheRootOnChainAndAWrongRootIsAMismatch() throws Exception {
        // Epoch 1: two receipts, three rollup contributions, three votes on a proposal whose voting ends in it.
        List<ReceiptOutcome> receipts = submitReceipts(
                ReceiptSigning.receipt(GPU_PROVIDER, 1, "verify job 1", 2, 3_600, 9_500),
                ReceiptSigning.receipt(OTHER_GPU_PROVIDER, 1, "verify job 2", 3, 1_800, 10_000));
        assertTrue(receipts.stream().allMatch(ReceiptOutcome::isAccepted), receipts.toString());
        rollup(SEQUENCER).submitBatch(BigInteger.valueOf(120), new byte[32]).send();
        rollup(PROVER).submitProof(BigInteger.ZERO).send();
        rollup(PROVER).resolveChallenge(BigInteger.ZERO, CHALLENGER.getAddress(), true).send();
        BigInteger proposalId = propose("# Epoch one's proposal");
        dao.openVoting();
        dao.vote(proposalId, 1, 1, 2);
        dao.vote(proposalId, 0, 3);
        dao.closeVoting();
        endEpoch();
        // Epoch 2: rollup only, one contributor new.
        rollup(SEQUENCER).submitBatch(BigInteger.valueOf(40), new byte[32]).send();
        rollup(DevAccounts.account(6)).submitBatch(BigInteger.valueOf(10), new byte[32]).send();
        endEpoch();
        coordinator.runCycle();
        lifecycle.advanceAll();
        assertEquals(EpochStatus.COMPUTED, record(1).status(), "no signer in tests: computed, not submitted");
        assertEquals(EpochStatus.COMPUTED, record(2).status());

        StoredEpoch stored1 = store.epoch(1).await().indefinitely().orElseThrow();
        assertEquals(EpochVerification.Verdict.NOTHING_PENDING, verifier.verifyPending().verdict());
        assertTrue(report(verifier.verifyPending(), 0).startsWith("pending root: NONE\n"));
        proposeRoot(1, stored1.root(), stored1.totalCumulative());
        assertEquals(EpochVerification.Verdict.MATCH, verifier.verifyPending().verdict(), "what a disputer's cron runs");
        EpochVerification first = verifier.verify(1);
        assertEquals(EpochVerification.Verdict.MATCH, first.verdict(), first.reason());
        EpochVerification.Recomputed recomputed = first.recomputed();
        assertEquals(Optional.of(stored1.root()), recomputed.root());
        assertEquals(Bytes32.wrap(dao.distributor().epochRoot(BigInteger.ONE).send().component1()), recomputed.root().get(),
                "the root the distributor answers");
        assertEquals(stored1.totalCumulative(), recomputed.totalCumulative());
        assertEquals(EpochChain.RootStatus.PENDING, first.onChain().status());
        assertEquals(List.of(2, 3, 3), List.of(recomputed.depinReceipts(), recomputed.rollupContributions(),
                recomputed.governanceVotes()));
        // Receipts pay accounts 5 and 9, rollup 2, 3 and 4, votes 1, 2 and 3: six accounts.
        assertEquals(6, recomputed.allocation().payouts().size());
        assertEquals(Optional.of(true), first.storedAgrees());
        EpochRecord closed1 = record(1);
        assertEquals(List.of(closed1.firstBlock(), closed1.endBlock(), closed1.policyVersion()),
                List.of(recomputed.firstBlock(), recomputed.endBlock(), recomputed.policyVersion()));
        long epoch1End = ledger.get(2).await().indefinitely().orElseThrow().startTimestamp();
        assertTrue(timestamp(recomputed.endBlock()) < epoch1End, "the last block is inside the epoch");
        assertTrue(timestamp(recomputed.endBlock() + 1) >= epoch1End, "and the next one is not");

        String report = report(first, 0);
        assertTrue(report.startsWith("epoch 1: MATCH\n"), report);
        assertTrue(report.contains("contributions      2 DePIN receipts, 3 rollup contributions, 3 governance votes\n"),
                report);
        assertTrue(report.contains("recomputed root    " + stored1.root() + "\n"), report);
        assertTrue(report.contains("on-chain root      " + stored1.root() + " (PENDING, live at "), report);
        assertTrue(report.contains("stored root        " + stored1.root() + " (agrees with the recomputation)\n"), report);

        dao.anvil.increaseTime(DISPUTE_PERIOD + 1);
        dao.anvil.mine(1);
        StoredEpoch stored2 = store.epoch(2).await().indefinitely().orElseThrow();
        proposeRoot(2, stored2.root(), stored2.totalCumulative());
        // Were the verifier to build on stored results, a tampered epoch would drag its answer along.
        Bytes32 tampered = Bytes32.fromHex("0x" + "ee".repeat(32));
        pool.preparedQuery("UPDATE reward_epoch_result SET root = $1 WHERE epoch = 2").execute(Tuple.of(tampered.toHex()))
                .await().indefinitely();
        pool.query("DELETE FROM reward_allocation WHERE epoch = 1").execute().await().indefinitely();
        EpochVerification second = verifier.verify(2);
        assertEquals(EpochVerification.Verdict.MATCH, second.verdict(), second.reason());
        assertEquals(Optional.of(stored2.root()), second.recomputed().root());
        assertNotEquals(stored1.root(), stored2.root(), "epoch 2 paid more");
        assertEquals(List.of(0, 2, 0), List.of(second.recomputed().depinReceipts(),
                second.recomputed().rollupContributions(), second.recomputed().governanceVotes()));
        assertEquals(Optional.of(false), second.storedAgrees());
        assertEquals(EpochChain.RootStatus.PENDING, second.onChain().status());
        assertTrue(report(second, 0).contains("stored root        " + tampered + " (DIFFERS from the recomputation)\n"));

        // Epoch 3 has no contributions: it pays nothing, its tree is epoch 2's amounts again.
        endEpoch();
        coordinator.runCycle();
        Bytes32 wrong = Bytes32.wrap(Hash.sha3("not epoch 3's root".getBytes()));
        proposeRoot(3, wrong, stored2.totalCumulative());
        EpochVerification third = verifier.verify(3);
        assertEquals(EpochVerification.Verdict.MISMATCH, third.verdict());
        EpochVerification pendingThird = verifier.verifyPending();
        assertEquals(List.of(3L, EpochVerification.Verdict.MISMATCH), List.of(pendingThird.epoch(), pendingThird.verdict()));
        assertEquals(Optional.of(stored2.root()), third.recomputed().root(), "nothing paid in epoch 3");
        assertEquals("the distributor holds root " + wrong + ", the recomputation gives " + stored2.root(), third.reason());
        assertEquals(Optional.empty(), third.stored(), "the lifecycle has not computed epoch 3 here");
        String mismatch = report(third, 1);
        assertTrue(mismatch.startsWith("epoch 3: MISMATCH\n  the distributor holds root " + wrong), mismatch);
        assertTrue(mismatch.contains("stored root        none (this database's lifecycle has not stored the epoch)\n"),
                mismatch);
    }

    @Test
    void anEpochNotEndedNotIndexedOrWithoutARootCannotBeVerified() throws Exception {
        EpochVerification current = verifier.verify(1);
        assertEquals(EpochVerification.Verdict.CANNOT_VERIFY, current.verdict());
        assertTrue(current.reason().startsWith("epoch 1 ends at "), current.reason());
        assertTrue(current.reason().endsWith(", so the epoch's blocks are not all final yet"), current.reason());
        assertNull(current.recomputed());
        assertTrue(report(current, 3).startsWith("epoch 1: CANNOT VERIFY\n  epoch 1 ends at "));

        rollup(SEQUENCER).submitBatch(BigInteger.ONE, new byte[32]).send();
        endEpoch();
        long head = dao.web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        EpochVerification behind = verifier.verify(1);
        assertEquals(EpochVerification.Verdict.CANNOT_VERIFY, behind.verdict());
        assertTrue(behind.reason().matches("the index has read through block \\d+; epoch 1 ends with block "
                + (head - 1)), behind.reason());

        coordinator.runCycle();
        EpochVerification noRoot = verifier.verify(1);
        assertEquals(EpochVerification.Verdict.CANNOT_VERIFY, noRoot.verdict());
        assertEquals("the distributor " + dao.deployment.rewardDistributor().address() + " holds no root for epoch 1",
                noRoot.reason());

        // A root for an epoch that has not ended cannot be anyone's honest computation.
        Bytes32 early = Bytes32.wrap(Hash.sha3("epoch 9, early".getBytes()));
        proposeRoot(9, early, BigInteger.ZERO);
        EpochVerification premature = verifier.verifyPending();
        assertEquals(EpochVerification.Verdict.MISMATCH, premature.verdict());
        assertTrue(premature.reason().startsWith("the distributor's pending root " + early + " is for epoch 9, which"
                + " ends at "), premature.reason());
        assertTrue(report(premature, 1).startsWith("pending root: MISMATCH\n  the distributor's pending root "));
    }

    private List<ReceiptOutcome> submitReceipts(WorkReceipt... receipts) {
        WorkReceiptDomain domain = new WorkReceiptDomain("RewardPolicy", "1", AnvilNode.CHAIN_ID,
                dao.deployment.rewardPolicy().address());
        List<ReceiptSubmission> submissions = new ArrayList<>();
        for (WorkReceipt receipt : receipts) {
            submissions.add(ReceiptSigning.submission(receipt, ReceiptSigning.signHex(domain, receipt, DevAccounts.verifier())));
        }
        return ingestion.submit(receiptContexts.current().await().indefinitely(), submissions).await().indefinitely();
    }

    /** Moves the chain's clock a whole epoch on and mines a block there, so the epoch that was running has ended. */
    private void endEpoch() {
        dao.anvil.increaseTime(EPOCH_LENGTH);
        dao.anvil.mine(1);
    }

    private EpochRecord record(long epoch) {
        return ledger.get(epoch).await().indefinitely().orElseThrow();
    }

    private long timestamp(long block) throws Exception {
        return dao.web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send()
                .getBlock().getTimestamp().longValueExact();
    }

    /** The engine's dev key holds UPDATER_ROLE on devnet deployments: the root goes in as the engine would post it. */
    private void proposeRoot(long epoch, Bytes32 root, BigInteger total) throws Exception {
        RewardDistributor.load(dao.deployment.rewardDistributor().address().toString(), dao.web3j,
                        dao.deployer.transactionManager(DevAccounts.engine()), dao.deployer.gasProvider())
                .proposeRoot(BigInteger.valueOf(epoch), root.toArray(), total, "epoch:" + epoch).send();
    }

    private BigInteger propose(String description) throws Exception {
        byte[] calldata = Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("balanceOf",
                List.of(new Address(dao.deployment.timelock().address().toString())), List.of())));
        return DaoGovernor.getProposalCreatedEvents(dao.governor(GovernedDao.holder(1)).propose(
                List.of(dao.deployment.token().address().toString()), List.of(BigInteger.ZERO), List.of(calldata),
                description).send()).get(0).proposalId;
    }

    private RollupContributions rollup(Credentials as) {
        return RollupContributions.load(dao.deployment.rollupContributions().address().toString(), dao.web3j,
                dao.deployer.transactionManager(as), dao.deployer.gasProvider());
    }

    private static String report(EpochVerification verification, int expectedExit) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        assertEquals(expectedExit, EpochVerifyApplication.report(verification, out));
        out.flush();
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
