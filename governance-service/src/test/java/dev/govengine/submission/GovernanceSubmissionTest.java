package dev.govengine.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * Mode B on Anvil against the whole contract set deployed with the timelock as the distributor's updater: an epoch's
 * root is proposed, voted by the dev accounts, queued and executed by the engine as the index says it is due, and the
 * distributor then holds it; a restarted engine does not propose twice; a defeated proposal is a failure; a queue
 * and execution made by someone else are adopted.
 */
@QuarkusTest
class GovernanceSubmissionTest {
    private static final BigInteger TOTAL = BigInteger.TEN.pow(21);
    private static final Bytes32 ROOT = Bytes32.fromHex("0x" + "c3".repeat(32));
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SubmissionTxStore txStore;

    @Inject
    GovernanceRootProposalStore proposals;

    @Inject
    GovernanceQueries queries;

    @Inject
    GovernorRegistry governors;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    MeterRegistry meters;

    private GovernedDao dao;
    private IndexedGovernor indexed;

    @BeforeEach
    void deploy() throws Exception {
        dao = new GovernedDao(rpcUrl, true, BigInteger.ZERO);
        indexed = governors.register(IndexedGovernor.of("mode-b-" + dao.deployment.governor().address().lowerCase(),
                AnvilResource.CHAIN, AnvilNode.CHAIN_ID, dao.deployment.governor().address(), dao.deployment.startBlock()));
    }

    @AfterEach
    void close() {
        governors.unregister(indexed.id());
        dao.close();
    }

    @Test
    void theRootIsProposedVotedQueuedAndExecutedAndARestartDoesNotProposeTwice() throws Exception {
        byte[] updaterRole = dao.distributor().UPDATER_ROLE().send();
        assertTrue(dao.distributor().hasRole(updaterRole, dao.deployment.timelock().address().toString()).send(),
                "in Mode B the timelock is the updater");
        assertFalse(dao.distributor().hasRole(updaterRole, DevAccounts.engine().getAddress()).send(),
                "and the engine's signer cannot post a root past the DAO");

        Credentials key = fundedKey();
        GovernorProposal expected = GovernanceSubmission.rootProposal(dao.deployment.governor().address(),
                dao.deployment.rewardDistributor().address(), 1, 1, ROOT, TOTAL, "ipfs://epoch-1",
                ChecksumAddress.of(key.getAddress()));
        assertTrue(expected.description().endsWith("\n\n#proposer=" + ChecksumAddress.of(key.getAddress())),
                expected.description());
        GovernanceSubmission.Proposed proposed;
        try (SubmissionService service = service(key)) {
            GovernanceSubmission engine = governance(service);
            proposed = engine.propose(1, ROOT, TOTAL, "ipfs://epoch-1").await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Proposed.Result.PROPOSED, proposed.result());
            assertEquals(expected.id(), proposed.proposalId());
            assertEquals(dao.governor(null).hashProposal(
                    expected.actions().stream().map(a -> a.target().toString()).toList(), List.of(BigInteger.ZERO),
                    expected.actions().stream().map(GovernorProposal.Action::calldata).toList(),
                    expected.descriptionHash()).send(), proposed.proposalId(), "the Governor's own hashProposal");
        }

        // A crash after the proposal, before the queue: a new engine (new manager, new instance) picks the epoch up.
        try (SubmissionService service = service(key)) {
            GovernanceSubmission engine = governance(service);
            GovernanceSubmission.Proposed again = engine.propose(1, ROOT, TOTAL, "ipfs://epoch-1").await().atMost(WAIT);
            assertEquals(proposed.txHash(), again.txHash(), "the confirmed transaction, not a new one");
            assertEquals(BigInteger.ONE, nonce(key), "one transaction signed in all");
            assertEquals(1, proposalsCreated(), "one ProposalCreated on the Governor");

            coordinator.runCycle();
            GovernanceSubmission.Progress voting = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Phase.IN_PROGRESS, voting.phase());
            assertEquals(ProposalState.PENDING, voting.state());
            assertEquals(GovernanceSubmission.Progress.Step.NONE, voting.sent());

            dao.openVoting();
            dao.vote(proposed.proposalId(), 1, 1, 2, 3);
            dao.closeVoting();
            coordinator.runCycle();
            GovernanceSubmission.Progress queued = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Step.QUEUE, queued.sent());
            assertEquals(ProposalState.QUEUED, queued.state());
            assertEquals(ProposalState.QUEUED, dao.chainState(proposed.proposalId()));

            coordinator.runCycle();
            GovernanceSubmission.Progress waiting = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Phase.IN_PROGRESS, waiting.phase());
            assertEquals(GovernanceSubmission.Progress.Step.NONE, waiting.sent(), "the timelock's eta has not passed");
            assertTrue(waiting.detail().startsWith("queued; executable from"), waiting.detail());

            dao.passTimelockDelay();
            GovernanceSubmission.Progress executed = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Phase.EXECUTED, executed.phase());
            assertEquals(GovernanceSubmission.Progress.Step.EXECUTE, executed.sent());
            var pending = dao.distributor().pendingRoot().send();
            assertEquals(BigInteger.ONE, pending.component1());
            assertEquals(ROOT, Bytes32.wrap(pending.component2()), "the root waits out its dispute period");
            assertEquals(TOTAL, pending.component3());

            coordinator.runCycle();
            GovernanceSubmission.Progress done = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Phase.EXECUTED, done.phase());
            assertEquals(GovernanceSubmission.Progress.Step.NONE, done.sent(), "nothing more to send");
            assertEquals(BigInteger.valueOf(3), nonce(key), "propose, queue, execute");
            List<String> purposes = txStore.history(AnvilNode.CHAIN_ID, ChecksumAddress.of(key.getAddress()).toString())
                    .stream().map(row -> row.purpose + " " + row.status).toList();
            assertEquals(List.of("governanceProposeRoot CONFIRMED", "governanceQueueRoot CONFIRMED",
                    "governanceExecuteRoot CONFIRMED"), purposes);
        }
    }

    @Test
    void aDefeatedRootProposalIsReportedAsFailed() throws Exception {
        Credentials key = fundedKey();
        try (SubmissionService service = service(key)) {
            GovernanceSubmission engine = governance(service);
            BigInteger id = engine.propose(1, ROOT, TOTAL, "ipfs://epoch-1").await().atMost(WAIT).proposalId();
            dao.openVoting();
            dao.vote(id, 1, 2, 3);
            dao.vote(id, 0, 1);
            dao.closeVoting();
            coordinator.runCycle();
            GovernanceSubmission.Progress defeated = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Phase.FAILED, defeated.phase());
            assertEquals(ProposalState.DEFEATED, defeated.state());
            assertTrue(defeated.detail().contains("DEFEATED"), defeated.detail());
            assertEquals(BigInteger.ONE, nonce(key), "nothing sent after the proposal");
            assertEquals(BigInteger.ZERO, dao.distributor().pendingRoot().send().component1());

            // Trying again needs no hand edit: the failed attempt stays on record, the next has an id of its own.
            GovernanceSubmission.Proposed second = engine.propose(1, ROOT, TOTAL, "ipfs://epoch-1").await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Proposed.Result.PROPOSED, second.result());
            assertNotEquals(id, second.proposalId());
            assertTrue(second.proposal().description().startsWith("# Reward root for epoch 1 (attempt 2)\n"),
                    second.proposal().description());
            assertEquals(ProposalState.PENDING, dao.chainState(second.proposalId()));
            GovernanceRootProposal recorded = proposals.find(AnvilNode.CHAIN_ID,
                    dao.deployment.governor().address().toString(), 1).orElseThrow();
            assertEquals(2, recorded.attempt);
            assertEquals(second.proposalId(), recorded.proposalId);
            assertEquals(List.of("governanceProposeRoot CONFIRMED", "governanceProposeRoot#2 CONFIRMED"),
                    txStore.history(AnvilNode.CHAIN_ID, ChecksumAddress.of(key.getAddress()).toString()).stream()
                            .map(row -> row.purpose + " " + row.status).toList());
        }
    }

    @Test
    void nobodyElseCanCreateTheEnginesProposalFirst() throws Exception {
        Credentials key = fundedKey();
        Credentials frontRunner = GovernedDao.holder(4);
        GovernorProposal ours = GovernanceSubmission.rootProposal(dao.deployment.governor().address(),
                dao.deployment.rewardDistributor().address(), 1, 1, ROOT, TOTAL, "ipfs://epoch-1",
                ChecksumAddress.of(key.getAddress()));
        // The copy a front-runner would send, simulated as it: OpenZeppelin's Governor checks the #proposer= suffix.
        var copied = dao.web3j.ethCall(Transaction.createEthCallTransaction(frontRunner.getAddress(),
                dao.deployment.governor().address().toString(), ours.proposeCalldata()), DefaultBlockParameterName.LATEST)
                .send();
        assertTrue(copied.hasError(), "the Governor refuses the copy");
        String reason = RevertDecoder.known().decode(copied.getError().getData().replace("\"", ""));
        assertTrue(reason.toLowerCase(java.util.Locale.ROOT).startsWith("governorrestrictedproposer(proposer="
                + frontRunner.getAddress().toLowerCase(java.util.Locale.ROOT)), reason);
        try (SubmissionService service = service(key)) {
            GovernanceSubmission.Proposed proposed = governance(service).propose(1, ROOT, TOTAL, "ipfs://epoch-1")
                    .await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Proposed.Result.PROPOSED, proposed.result());
            assertEquals(ours.id(), proposed.proposalId());
        }
    }

    @Test
    void aQueueAndAnExecutionBySomeoneElseAreAdoptedAndAnotherRootForTheEpochIsRefused() throws Exception {
        Credentials key = fundedKey();
        try (SubmissionService service = service(key)) {
            GovernanceSubmission engine = governance(service);
            GovernanceSubmission.Proposed proposed = engine.propose(1, ROOT, TOTAL, "ipfs://epoch-1").await().atMost(WAIT);
            Throwable refused = failure(engine.propose(1, Bytes32.fromHex("0x" + "d4".repeat(32)), TOTAL, "ipfs://epoch-1"));
            assertInstanceOf(GovernanceProposalConflictException.class, refused);

            dao.openVoting();
            dao.vote(proposed.proposalId(), 1, 1);
            dao.closeVoting();
            coordinator.runCycle();
            GovernorProposal proposal = proposed.proposal();
            List<String> targets = proposal.actions().stream().map(a -> a.target().toString()).toList();
            List<byte[]> calldatas = proposal.actions().stream().map(GovernorProposal.Action::calldata).toList();
            DaoGovernor anyone = dao.governor(GovernedDao.holder(4));
            anyone.queue(targets, List.of(BigInteger.ZERO), calldatas, proposal.descriptionHash()).send();
            dao.passTimelockDelay();
            anyone.execute(targets, List.of(BigInteger.ZERO), calldatas, proposal.descriptionHash(), BigInteger.ZERO).send();

            // The index still says Succeeded (no cycle since): the chain's state() before queueing tells the truth.
            GovernanceSubmission.Progress adopted = engine.advance(1).await().atMost(WAIT);
            assertEquals(GovernanceSubmission.Progress.Phase.EXECUTED, adopted.phase());
            assertEquals(GovernanceSubmission.Progress.Step.NONE, adopted.sent());
            assertNull(adopted.txHash());
            assertEquals(BigInteger.ONE, nonce(key), "only the proposal was ours");
            assertEquals(ROOT, Bytes32.wrap(dao.distributor().pendingRoot().send().component2()));
        }
    }

    private SubmissionService service(Credentials key) {
        SubmissionSettings settings = new SubmissionSettings(AnvilNode.CHAIN_ID, 0, Duration.ofMillis(100),
                Duration.ofHours(1), new FeePolicy(5, 50, BigInteger.valueOf(1_000_000), 200,
                        BigInteger.TEN.pow(13)), Duration.ofSeconds(5), 20, Duration.ofSeconds(60));
        return SubmissionService.throughGovernance(new TransactionManager(dao.web3j, key, settings, txStore, meters),
                dao.deployment.rewardDistributor().address(), dao.deployment.rewardDistributor().block(),
                dao.deployment.timelock().address());
    }

    private GovernanceSubmission governance(SubmissionService service) {
        return new GovernanceSubmission(service, proposals, queries, governors, dao.deployment.governor().address(),
                dao.deployment.rewardDistributor().address(), dao.deployment.rewardDistributor().block());
    }

    /** A key nobody else uses, with ether for gas; the Governor's threshold is zero, so it may propose. */
    private Credentials fundedKey() throws Exception {
        Credentials key = Credentials.create(Keys.createEcKeyPair());
        new AnvilPool(dao.rpc).setBalance(key.getAddress(), BigInteger.TEN.pow(20));
        return key;
    }

    private BigInteger nonce(Credentials key) throws Exception {
        return dao.web3j.ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
    }

    private int proposalsCreated() throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(dao.deployment.governor().block())),
                DefaultBlockParameterName.LATEST, dao.deployment.governor().address().lowerCase());
        filter.addSingleTopic(EventEncoder.encode(DaoGovernor.PROPOSALCREATED_EVENT));
        return dao.web3j.ethGetLogs(filter).send().getLogs().size();
    }

    private static Throwable failure(io.smallrye.mutiny.Uni<?> uni) throws Exception {
        try {
            uni.subscribeAsCompletionStage().get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
