package dev.govengine.submission;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.LogCapture;
import dev.govengine.testing.SwitchableRpcProxy;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The submission transport against a real RewardDistributor on Anvil: each test deploys its own distributor and
 * signs with a fresh key, so nonces and table rows belong to that test alone.
 */
@QuarkusTest
class TransactionLifecycleTest {
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final BigInteger TOTAL = BigInteger.TEN.pow(21);
    private static final Bytes32 ROOT_A = Bytes32.fromHex("0x" + "a1".repeat(32));
    private static final Bytes32 ROOT_B = Bytes32.fromHex("0x" + "b2".repeat(32));
    private static final Duration NEVER = Duration.ofHours(1);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    SubmissionTxStore store;

    @Inject
    MeterRegistry registry;

    private HttpService rpc;
    private Web3j web3j;
    private AnvilPool anvil;

    private record Distributor(ChecksumAddress address, long block) {
    }

    @BeforeEach
    void connect() {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        anvil = new AnvilPool(rpc);
    }

    @AfterEach
    void disconnect() {
        anvil.automine(true);
        web3j.shutdown();
    }

    @Test
    void aProposalConfirmsAfterTheConfiguredConfirmationsAndIsNotSentTwice() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        try (LogCapture logs = new LogCapture();
             SubmissionService service = service(key, distributor, settings(2, NEVER))) {
            assertEquals(SubmissionService.State.ACTIVE, service.activate().await().atMost(Duration.ofSeconds(30)));
            CompletableFuture<SubmissionOutcome> proposal = service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1")
                    .subscribeAsCompletionStage();
            awaitRows(key, rows -> rows.size() == 1 && rows.get(0).status == TxStatus.MINED);
            Thread.sleep(500);
            assertFalse(proposal.isDone(), "mined, but two confirmations are still missing");

            mineBlocks(2);
            SubmissionOutcome outcome = proposal.get(30, TimeUnit.SECONDS);
            assertEquals(SubmissionOutcome.Result.PROPOSED, outcome.result());
            SubmissionTx row = store.history(AnvilNode.CHAIN_ID, address(key)).get(0);
            assertEquals(TxStatus.CONFIRMED, row.status);
            assertEquals(outcome.txHash(), row.txHash);
            assertEquals(0, row.nonce);
            assertEquals(1, row.broadcasts);
            assertEquals("proposeRoot", row.purpose);
            assertEquals(1L, row.epoch);
            assertTrue(row.maxPriorityFeePerGas.compareTo(row.maxFeePerGas) <= 0);
            var onChain = distributor(distributor, key).epochRoot(BigInteger.ONE).send();
            assertEquals(ROOT_A, Bytes32.wrap(onChain.component1()));
            assertEquals(TOTAL, onChain.component2());

            SubmissionOutcome again = service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1").await().atMost(Duration.ofSeconds(30));
            assertEquals(outcome.txHash(), again.txHash(), "the confirmed transaction, not a new one");
            assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.PENDING));
            assertEquals(1, store.history(AnvilNode.CHAIN_ID, address(key)).size());
            assertEquals(1, rootProposedLogs(distributor, 1));
            assertSecretsAbsent(logs, key);
        }
    }

    @Test
    void aRootAlreadyOnChainIsAdoptedAndAnotherRootForTheEpochIsRefused() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        String direct = distributor(distributor, key).proposeRoot(BigInteger.valueOf(3), ROOT_A.toArray(), TOTAL, "elsewhere")
                .send().getTransactionHash();
        try (SubmissionService service = service(key, distributor, settings(0, NEVER))) {
            SubmissionOutcome adopted = service.proposeRoot(3, ROOT_A, TOTAL, "ipfs://epoch-3").await().atMost(Duration.ofSeconds(30));
            assertEquals(SubmissionOutcome.Result.ADOPTED, adopted.result());
            assertEquals(direct, adopted.txHash(), "the proposal found in the RootProposed logs");

            CompletionFailure refused = failure(service.proposeRoot(3, ROOT_B, TOTAL, "ipfs://epoch-3").subscribeAsCompletionStage());
            assertInstanceOf(RootConflictException.class, refused.cause());
            assertTrue(refused.cause().getMessage().contains(ROOT_A.toHex()), refused.cause().getMessage());
            assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.PENDING), "only the direct proposal");
            assertTrue(store.history(AnvilNode.CHAIN_ID, address(key)).isEmpty(), "nothing signed");
        }
    }

    @Test
    void aStuckTransactionIsReplacedWithTheSameNonceAndHigherFees() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        try (SubmissionService service = service(key, distributor, settings(0, Duration.ofSeconds(1)))) {
            service.activate().await().atMost(Duration.ofSeconds(30));
            anvil.automine(false);
            CompletableFuture<SubmissionOutcome> proposal = service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1")
                    .subscribeAsCompletionStage();
            List<SubmissionTx> first = awaitRows(key, rows -> rows.size() == 1 && rows.get(0).broadcasts > 0);
            BigInteger highBaseFee = first.get(0).maxFeePerGas.multiply(BigInteger.valueOf(20));
            anvil.nextBlockBaseFee(highBaseFee);
            anvil.mine();
            // The block's base fee is above the first transaction's max fee, so only a replacement can get in.
            awaitRows(key, rows -> rows.get(rows.size() - 1).status == TxStatus.SENT && rows.get(rows.size() - 1).broadcasts > 0
                    && rows.get(rows.size() - 1).maxFeePerGas.compareTo(highBaseFee) > 0);
            anvil.mine();
            SubmissionOutcome outcome = proposal.get(30, TimeUnit.SECONDS);

            List<SubmissionTx> rows = store.history(AnvilNode.CHAIN_ID, address(key));
            assertTrue(rows.size() >= 2, "at least one replacement");
            SubmissionTx last = rows.get(rows.size() - 1);
            assertEquals(SubmissionOutcome.Result.PROPOSED, outcome.result());
            assertEquals(last.txHash, outcome.txHash(), "the replacement was mined");
            assertEquals(TxStatus.CONFIRMED, last.status);
            for (int i = 0; i < rows.size() - 1; i++) {
                SubmissionTx earlier = rows.get(i);
                SubmissionTx later = rows.get(i + 1);
                assertEquals(TxStatus.REPLACED, earlier.status);
                assertEquals(0, earlier.nonce);
                assertEquals(0, later.nonce);
                assertTrue(later.maxFeePerGas.multiply(BigInteger.valueOf(100))
                        .compareTo(earlier.maxFeePerGas.multiply(BigInteger.valueOf(110))) >= 0, "max fee +10%");
                assertTrue(later.maxPriorityFeePerGas.multiply(BigInteger.valueOf(100))
                        .compareTo(earlier.maxPriorityFeePerGas.multiply(BigInteger.valueOf(110))) >= 0, "priority fee +10%");
            }
            assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.LATEST));
            assertEquals(1, rootProposedLogs(distributor, 1));
        } finally {
            anvil.automine(true);
            anvil.nextBlockBaseFee(GWEI);
            anvil.mine();
        }
    }

    @Test
    void theDatabaseRefusesASecondTransactionInFlightForOnePurpose() throws Exception {
        String sender = address(Credentials.create(Keys.createEcKeyPair()));
        SubmissionTx first = row(sender, 7, 0, TxStatus.SENT);
        store.save(first);
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> store.save(row(sender, 7, 1, TxStatus.SENT)));
        assertTrue(String.valueOf(refused.getMessage()).contains("submission_tx_one_in_flight"), refused.getMessage());
        store.save(row(sender, 8, 1, TxStatus.SENT));

        // A replacement marks its predecessor REPLACED in the same write, so it is not a second one in flight.
        first.status = TxStatus.REPLACED;
        SubmissionTx replacement = row(sender, 7, 0, TxStatus.SENT);
        store.save(List.of(first, replacement));
        assertEquals(List.of(TxStatus.REPLACED, TxStatus.SENT, TxStatus.SENT),
                store.history(AnvilNode.CHAIN_ID, sender).stream().map(tx -> tx.status).toList());
    }

    @Test
    void aTransactionTheNodeDroppedIsBroadcastAgain() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        double before = registry.counter("gov.submission.rebroadcasts").count();
        try (SubmissionService service = service(key, distributor, settings(0, NEVER))) {
            service.activate().await().atMost(Duration.ofSeconds(30));
            anvil.automine(false);
            CompletableFuture<SubmissionOutcome> proposal = service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1")
                    .subscribeAsCompletionStage();
            String hash = awaitRows(key, rows -> rows.size() == 1 && rows.get(0).broadcasts == 1).get(0).txHash;
            anvil.dropTransaction(hash);
            awaitRows(key, rows -> rows.get(0).broadcasts >= 2);
            anvil.mine();
            SubmissionOutcome outcome = proposal.get(30, TimeUnit.SECONDS);

            assertEquals(SubmissionOutcome.Result.PROPOSED, outcome.result());
            assertEquals(hash, outcome.txHash(), "the same signed transaction, broadcast again");
            assertEquals(1, store.history(AnvilNode.CHAIN_ID, address(key)).size());
            assertTrue(registry.counter("gov.submission.rebroadcasts").count() > before);
            assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.LATEST));
        }
    }

    @Test
    void aNewManagerResumesATransactionLeftInFlightWithoutSendingItTwice() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        anvil.automine(false);
        String hash;
        CompletableFuture<SubmissionOutcome> crashed;
        try (SubmissionService first = service(key, distributor, settings(0, NEVER))) {
            first.activate().await().atMost(Duration.ofSeconds(30));
            crashed = first.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1").subscribeAsCompletionStage();
            hash = awaitRows(key, rows -> rows.size() == 1 && rows.get(0).broadcasts == 1).get(0).txHash;
        }
        // The process is gone between the broadcast and the receipt, and the node lost the transaction meanwhile.
        anvil.dropTransaction(hash);
        assertFalse(crashed.isDone() && !crashed.isCompletedExceptionally(), "the first run ended without an outcome");
        assertEquals(BigInteger.ZERO, nonce(key, DefaultBlockParameterName.PENDING));

        try (SubmissionService second = service(key, distributor, settings(0, NEVER))) {
            assertEquals(SubmissionService.State.ACTIVE, second.activate().await().atMost(Duration.ofSeconds(30)));
            CompletableFuture<List<TxOutcome>> resumed = second.resume().subscribeAsCompletionStage();
            CompletableFuture<SubmissionOutcome> retried = second.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1")
                    .subscribeAsCompletionStage();
            awaitRows(key, rows -> rows.get(0).broadcasts >= 2);
            anvil.mine();
            List<TxOutcome> outcomes = resumed.get(30, TimeUnit.SECONDS);
            assertEquals(1, outcomes.size());
            assertEquals(hash, outcomes.get(0).txHash());
            assertEquals(TxStatus.CONFIRMED, outcomes.get(0).status());
            assertEquals(hash, retried.get(30, TimeUnit.SECONDS).txHash(), "the same epoch joins the resumed transaction");
        }
        assertEquals(1, store.history(AnvilNode.CHAIN_ID, address(key)).size());
        assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.LATEST), "one transaction on chain");
        assertEquals(1, rootProposedLogs(distributor, 1));
    }

    @Test
    void aRevertIsReadFromTheReceiptAndItsReasonDecoded() throws Exception {
        Credentials key = fundedKey();
        Credentials rival = fundedKey();
        Distributor distributor = deployDistributor(key);
        Deployer chain = new Deployer(web3j, AnvilNode.CHAIN_ID);
        RewardDistributor asAdmin = RewardDistributor.load(distributor.address().toString(), web3j,
                chain.transactionManager(DevAccounts.account(0)), chain.gasProvider());
        asAdmin.grantRole(asAdmin.UPDATER_ROLE().send(), rival.getAddress()).send();
        double before = registry.counter("gov.submission.failures", "reason", "reverted").count();
        try (SubmissionService service = service(key, distributor, settings(0, NEVER))) {
            service.activate().await().atMost(Duration.ofSeconds(30));
            anvil.automine(false);
            CompletableFuture<SubmissionOutcome> ours = service.proposeRoot(2, ROOT_B, TOTAL, "ipfs://epoch-2")
                    .subscribeAsCompletionStage();
            awaitRows(key, rows -> rows.size() == 1 && rows.get(0).broadcasts == 1);
            // Another updater's proposal, sent after ours passed simulation, with a higher tip: mined first in the block.
            String calldata = DistributorReads.proposeRootCalldata(1, ROOT_A, TOTAL, "rival");
            var rivalTx = new org.web3j.tx.RawTransactionManager(web3j, rival, AnvilNode.CHAIN_ID).sendEIP1559Transaction(
                    AnvilNode.CHAIN_ID, GWEI.multiply(BigInteger.valueOf(50)), GWEI.multiply(BigInteger.valueOf(200)),
                    BigInteger.valueOf(500_000), distributor.address().toString(), calldata, BigInteger.ZERO, false);
            assertFalse(rivalTx.hasError(), () -> rivalTx.getError().getMessage());
            anvil.mine();

            SubmissionOutcome reverted = ours.get(30, TimeUnit.SECONDS);
            assertEquals(SubmissionOutcome.Result.REVERTED, reverted.result());
            assertEquals("PendingRootExists(pendingEpoch=1)", reverted.revertReason());
            SubmissionTx row = store.history(AnvilNode.CHAIN_ID, address(key)).get(0);
            assertEquals(TxStatus.REVERTED, row.status);
            assertEquals("PendingRootExists(pendingEpoch=1)", row.revertReason);
            assertEquals(reverted.txHash(), row.txHash);
            assertEquals(before + 1, registry.counter("gov.submission.failures", "reason", "reverted").count());
            assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.LATEST), "a reverted transaction uses its nonce");

            CompletionFailure conflict = failure(service.proposeRoot(1, ROOT_B, TOTAL, "ipfs://epoch-1").subscribeAsCompletionStage());
            assertInstanceOf(RootConflictException.class, conflict.cause(), "the rival's root holds epoch 1");
        }
    }

    @Test
    void aSubmissionOutlastsTheNodeGoingDownAndComingBack() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        try (SwitchableRpcProxy proxy = new SwitchableRpcProxy(rpcUrl)) {
            Web3j throughProxy = Web3j.build(new HttpService(proxy.url()));
            SubmissionService service = SubmissionService.of(
                    new TransactionManager(throughProxy, key, settings(1, NEVER), store, registry),
                    distributor.address(), distributor.block());
            try (service) {
                service.activate().await().atMost(Duration.ofSeconds(30));
                proxy.down();
                CompletableFuture<SubmissionOutcome> proposal = service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1")
                        .subscribeAsCompletionStage();
                Thread.sleep(1_500);
                assertFalse(proposal.isDone(), "waits for the node instead of failing");
                assertTrue(proxy.refused() > 0);
                proxy.up();
                awaitRows(key, rows -> rows.size() == 1 && rows.get(0).status == TxStatus.MINED);
                proxy.down();
                mineBlocks(1);
                Thread.sleep(1_000);
                assertFalse(proposal.isDone(), "the confirmation cannot be seen while the node is down");
                proxy.up();
                SubmissionOutcome outcome = proposal.get(30, TimeUnit.SECONDS);
                assertEquals(SubmissionOutcome.Result.PROPOSED, outcome.result());
            } finally {
                throughProxy.shutdown();
            }
        }
        assertEquals(1, store.history(AnvilNode.CHAIN_ID, address(key)).size());
        assertEquals(BigInteger.ONE, nonce(key, DefaultBlockParameterName.LATEST));
    }

    @Test
    void aKeyWithoutTheUpdaterRoleSendsNothingAndSaysSoOnce() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(fundedKey());
        try (LogCapture logs = new LogCapture();
             SubmissionService service = service(key, distributor, settings(0, NEVER))) {
            assertEquals(SubmissionService.State.UNAUTHORIZED, service.activate().await().atMost(Duration.ofSeconds(30)));
            CompletionFailure refused = failure(service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1").subscribeAsCompletionStage());
            assertInstanceOf(SubmissionDisabledException.class, refused.cause());

            List<LogCapture.Line> errors = logs.atLeast(Level.SEVERE);
            assertEquals(1, errors.size(), logs.all());
            assertTrue(errors.get(0).text().contains("does not hold UPDATER_ROLE"), errors.get(0).text());
            assertTrue(errors.get(0).text().contains(address(key)), errors.get(0).text());
            assertTrue(errors.get(0).text().contains(distributor.address().toString()), errors.get(0).text());
            HealthCheckResponse health = new SubmissionHealthCheck(service).call();
            assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
            assertEquals("UNAUTHORIZED", health.getData().orElseThrow().get("state"));
            assertSecretsAbsent(logs, key);
        }
        assertEquals(BigInteger.ZERO, nonce(key, DefaultBlockParameterName.PENDING), "nothing sent");
        assertTrue(store.history(AnvilNode.CHAIN_ID, address(key)).isEmpty());
    }

    @Test
    void feesAboveTheMaximumAreWaitedOutAndThenRefused() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        SubmissionSettings lowCap = settings(0, NEVER).withFees(
                new FeePolicy(5, 50, BigInteger.ONE, 200, BigInteger.valueOf(2)), Duration.ofSeconds(1));
        try (SubmissionService service = service(key, distributor, lowCap)) {
            service.activate().await().atMost(Duration.ofSeconds(30));
            CompletionFailure refused = failure(service.proposeRoot(1, ROOT_A, TOTAL, "ipfs://epoch-1").subscribeAsCompletionStage());
            assertInstanceOf(FeeCapExceededException.class, refused.cause());
            assertTrue(refused.cause().getMessage().contains("gov.submission.max-fee-per-gas"), refused.cause().getMessage());
        }
        assertEquals(BigInteger.ZERO, nonce(key, DefaultBlockParameterName.PENDING));
        assertTrue(store.history(AnvilNode.CHAIN_ID, address(key)).isEmpty());
    }

    @Test
    void aProposalThatWouldRevertIsNotSent() throws Exception {
        Credentials key = fundedKey();
        Distributor distributor = deployDistributor(key);
        try (SubmissionService service = service(key, distributor, settings(0, NEVER))) {
            service.activate().await().atMost(Duration.ofSeconds(30));
            CompletionFailure refused = failure(service.proposeRoot(1, ROOT_A, TOTAL.multiply(BigInteger.TEN.pow(9)),
                    "ipfs://epoch-1").subscribeAsCompletionStage());
            SimulationRevertedException simulation = assertInstanceOf(SimulationRevertedException.class, refused.cause());
            assertTrue(simulation.reason().startsWith("InsufficientFunding(required="), simulation.reason());
        }
        assertEquals(BigInteger.ZERO, nonce(key, DefaultBlockParameterName.PENDING));
        assertTrue(store.history(AnvilNode.CHAIN_ID, address(key)).isEmpty());
    }

    @Test
    void transactionsInFlightShareTheManagersFewThreads() throws Exception {
        Credentials key = fundedKey();
        ChecksumAddress self = ChecksumAddress.of(key.getAddress());
        anvil.automine(false);
        try (TransactionManager manager = new TransactionManager(web3j, key, settings(0, NEVER), store, registry)) {
            List<CompletableFuture<TxOutcome>> sent = new ArrayList<>();
            for (int epoch = 1; epoch <= 12; epoch++) {
                sent.add(manager.send(TxPurpose.forEpoch("transfer", epoch), self, "0x").subscribeAsCompletionStage());
            }
            awaitRows(key, rows -> rows.size() == 12 && rows.stream().allMatch(row -> row.broadcasts > 0));
            Thread.sleep(500); // every monitor polls a few times, waiting for a block
            List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> name.startsWith(manager.threadPrefix())).toList();
            assertTrue(threads.size() <= 4, "twelve transactions in flight on " + threads);
            assertTrue(sent.stream().noneMatch(CompletableFuture::isDone));

            anvil.mine();
            for (CompletableFuture<TxOutcome> each : sent) {
                assertEquals(TxStatus.CONFIRMED, each.get(30, TimeUnit.SECONDS).status());
            }
        } finally {
            anvil.automine(true);
        }
    }

    // ------------------------------------------------------------------ helpers

    private SubmissionSettings settings(int confirmations, Duration stuckAfter) {
        return new SubmissionSettings(AnvilNode.CHAIN_ID, confirmations, Duration.ofMillis(100), stuckAfter,
                new FeePolicy(5, 50, BigInteger.valueOf(1_000_000), 200, GWEI.multiply(BigInteger.valueOf(10_000))),
                Duration.ofSeconds(5), 20, Duration.ofSeconds(60));
    }

    private SubmissionService service(Credentials key, Distributor distributor, SubmissionSettings settings) {
        return SubmissionService.of(new TransactionManager(web3j, key, settings, store, registry),
                distributor.address(), distributor.block());
    }

    /** A key nobody else uses, with ether for gas. */
    private Credentials fundedKey() throws Exception {
        Credentials key = Credentials.create(Keys.createEcKeyPair());
        anvil.setBalance(key.getAddress(), BigInteger.TEN.pow(20));
        return key;
    }

    /** A funded RewardDistributor whose updater is {@code updater}, administered by dev account 0. */
    private Distributor deployDistributor(Credentials updater) throws Exception {
        Credentials admin = DevAccounts.account(0);
        Deployer chain = new Deployer(web3j, AnvilNode.CHAIN_ID);
        GovernanceToken token = GovernanceToken.deploy(web3j, chain.transactionManager(admin), chain.gasProvider(),
                "Reward", "RWD", admin.getAddress()).send();
        RewardDistributor distributor = RewardDistributor.deploy(web3j, chain.transactionManager(admin), chain.gasProvider(),
                token.getContractAddress(), admin.getAddress(), updater.getAddress(), admin.getAddress(),
                BigInteger.valueOf(3600), BigInteger.valueOf(3600), BigInteger.TEN.pow(17), BigInteger.TEN.pow(18),
                BigInteger.TEN).send();
        token.mint(distributor.getContractAddress(), TOTAL.multiply(BigInteger.TEN)).send();
        return new Distributor(ChecksumAddress.of(distributor.getContractAddress()),
                distributor.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact());
    }

    private RewardDistributor distributor(Distributor distributor, Credentials key) {
        Deployer chain = new Deployer(web3j, AnvilNode.CHAIN_ID);
        return RewardDistributor.load(distributor.address().toString(), web3j, chain.transactionManager(key), chain.gasProvider());
    }

    private void mineBlocks(int blocks) {
        for (int i = 0; i < blocks; i++) {
            anvil.mine();
        }
    }

    private BigInteger nonce(Credentials key, DefaultBlockParameterName block) throws Exception {
        return web3j.ethGetTransactionCount(key.getAddress(), block).send().getTransactionCount();
    }

    private int rootProposedLogs(Distributor distributor, long epoch) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(distributor.block())),
                DefaultBlockParameterName.LATEST, distributor.address().lowerCase());
        filter.addSingleTopic(EventEncoder.encode(RewardDistributor.ROOTPROPOSED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        return web3j.ethGetLogs(filter).send().getLogs().size();
    }

    private static SubmissionTx row(String sender, long epoch, long nonce, TxStatus status) {
        SubmissionTx row = new SubmissionTx();
        row.chainId = AnvilNode.CHAIN_ID;
        row.sender = sender;
        row.purpose = "proposeRoot";
        row.epoch = epoch;
        row.nonce = nonce;
        row.toAddress = sender;
        row.calldata = "0x";
        row.gasLimit = BigInteger.valueOf(21_000);
        row.maxFeePerGas = GWEI;
        row.maxPriorityFeePerGas = GWEI;
        row.txHash = Numeric.toHexStringWithPrefixZeroPadded(new BigInteger(255, new java.security.SecureRandom()), 64);
        row.rawTx = "0x00";
        row.status = status;
        row.createdAt = java.time.Instant.now();
        return row;
    }

    private static String address(Credentials key) {
        return ChecksumAddress.of(key.getAddress()).toString();
    }

    private List<SubmissionTx> awaitRows(Credentials key, java.util.function.Predicate<List<SubmissionTx>> condition) {
        AtomicReference<List<SubmissionTx>> rows = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    rows.set(store.history(AnvilNode.CHAIN_ID, address(key)));
                    assertTrue(!rows.get().isEmpty() && condition.test(rows.get()),
                            () -> "submission_tx never reached the expected state; last: " + rows.get().stream()
                                    .map(r -> r.nonce + " " + r.status + " " + r.txHash + " broadcasts " + r.broadcasts
                                            + " max fee " + r.maxFeePerGas).toList());
                });
        return rows.get();
    }

    private record CompletionFailure(Throwable cause) {
    }

    private static CompletionFailure failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object value = future.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return new CompletionFailure(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome within 60 s", e);
        }
    }

    private static void assertSecretsAbsent(LogCapture logs, Credentials key) {
        String privateKey = Numeric.toHexStringNoPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64);
        String all = logs.all().toLowerCase();
        assertFalse(all.contains(privateKey), "the private key appears in the log");
        assertNotEquals(0, logs.lines().size(), "the capture saw the service's log lines");
    }
}
