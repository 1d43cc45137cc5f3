package dev.govengine.submission;

import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.utils.Numeric;

/**
 * Signs, sends and sees through to the end the transactions of one signer on one chain.
 *
 * <p>Every transaction is written to {@code submission_tx} before it is broadcast, so a crash at any point leaves a
 * row that {@link #resume()} picks up. Nonces come from the node's pending count, raised above any nonce still in
 * flight in the table. While a nonce is in flight, a monitor polls its attempts: a receipt settles it after the
 * configured confirmations (CONFIRMED, or REVERTED with the decoded reason); an attempt the node no longer knows
 * while its nonce is unused is broadcast again; one not mined within {@code stuckAfter} is replaced with the same
 * nonce and fees raised by at least 10%, never above the configured maximum. A failure to reach the node is never
 * a decision: the monitor polls again, and reads before a send are retried through an outage.
 */
public final class TransactionManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionManager.class);
    /** Polls in a row that see the nonce used while none of our attempts has a receipt, before they count as dropped. */
    private static final int NONCE_USED_POLLS = 3;
    private static final Duration MAX_RPC_BACKOFF = Duration.ofSeconds(30);
    /**
     * The manager's threads: one signs and sends (sends are serialized anyway), the others run reads and monitor polls,
     * which are short, since a monitor holds no thread between its polls.
     */
    private static final int THREADS = 4;

    private final NodeClient node;
    private final Credentials signer;
    private final ChecksumAddress sender;
    private final SubmissionSettings settings;
    private final SubmissionTxStore store;
    private final RevertDecoder reverts;
    private final MeterRegistry registry;
    private final Guard rpcGuard;
    private final ScheduledExecutorService executor;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Map<Long, CompletableFuture<TxOutcome>> monitors = new ConcurrentHashMap<>();
    private final Counter replacements;
    private final Counter rebroadcasts;

    public TransactionManager(Web3j web3j, Credentials signer, SubmissionSettings settings, SubmissionTxStore store,
            MeterRegistry registry) {
        this.reverts = RevertDecoder.known();
        this.node = new NodeClient(web3j, reverts);
        this.signer = signer;
        this.sender = ChecksumAddress.of(signer.getAddress());
        this.settings = settings;
        this.store = store;
        this.registry = registry;
        this.rpcGuard = Guard.create()
                .withDescription("submission RPC reads of " + sender)
                .withRetry()
                    .maxRetries(-1)
                    .maxDuration(settings.rpcOutageTolerance().toMillis(), ChronoUnit.MILLIS)
                    .delay(settings.pollInterval().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .retryOn(List.of(UncheckedIOException.class, ClientConnectionException.class, NodeErrorException.class))
                    .beforeRetry((Throwable e) -> LOG.warnf("Submission: the node did not answer (%s); trying again", e.getMessage()))
                    .withExponentialBackoff().maxDelay(MAX_RPC_BACKOFF.toMillis(), ChronoUnit.MILLIS).done()
                    .done()
                .build();
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, task -> {
            Thread thread = new Thread(task, threadPrefix() + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        this.replacements = Counter.builder("gov.submission.replacements")
                .description("Stuck transactions replaced with higher fees").register(registry);
        this.rebroadcasts = Counter.builder("gov.submission.rebroadcasts")
                .description("Transactions broadcast again after the node dropped them").register(registry);
    }

    public ChecksumAddress sender() {
        return sender;
    }

    /** How this manager's threads are named, each followed by its number. */
    String threadPrefix() {
        return "submission " + sender + " #";
    }

    public SubmissionSettings settings() {
        return settings;
    }

    /**
     * Sends a transaction for {@code purpose} and completes once it is final: its outcome is CONFIRMED, REVERTED
     * (with the decoded reason) or DROPPED. If a transaction for the same purpose is in flight, this joins it; if
     * one is confirmed, this returns it; neither signs anything new. Fails with {@link SimulationRevertedException}
     * (it would revert), {@link FeeCapExceededException}, {@link BroadcastRejectedException} or
     * {@link PurposeConflictException} without sending anything that could be mined.
     */
    public Uni<TxOutcome> send(TxPurpose purpose, ChecksumAddress to, String calldata) {
        String data = Numeric.prependHexPrefix(calldata).toLowerCase(Locale.ROOT);
        return Uni.createFrom().completionStage(() -> CompletableFuture
                .supplyAsync(() -> submit(purpose, to, data), executor)
                .thenCompose(monitor -> monitor));
    }

    /**
     * Finishes what a previous run left in flight: every nonce with a SENT or MINED row is monitored to the end,
     * broadcast again if the node never got it. Completes with their outcomes, in nonce order.
     */
    public Uni<List<TxOutcome>> resume() {
        return Uni.createFrom().completionStage(() -> CompletableFuture
                .supplyAsync(() -> store.inFlightNonces(settings.chainId(), sender.toString()), executor)
                .thenCompose(nonces -> {
                    if (!nonces.isEmpty()) {
                        LOG.infof("Submission: resuming %d transaction(s) of %s in flight, nonces %s", nonces.size(), sender, nonces);
                    }
                    List<CompletableFuture<TxOutcome>> watched = nonces.stream().map(this::monitor).toList();
                    return CompletableFuture.allOf(watched.toArray(CompletableFuture[]::new))
                            .thenApply(done -> watched.stream().map(CompletableFuture::join).toList());
                }));
    }

    /** The newest transaction recorded for a purpose, if any. */
    Optional<SubmissionTx> latest(TxPurpose purpose) {
        return store.latestForPurpose(settings.chainId(), sender.toString(), purpose);
    }

    /** Runs node reads on this manager's threads, retried through an outage like its own reads. */
    <T> Uni<T> read(java.util.function.Function<NodeClient, T> reads) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> rpc(() -> reads.apply(node)), executor));
    }

    private CompletableFuture<TxOutcome> submit(TxPurpose purpose, ChecksumAddress to, String data) {
        try {
            sendLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("transaction manager closed");
        }
        try {
            Optional<SubmissionTx> existing = latest(purpose);
            if (existing.isPresent()) {
                SubmissionTx row = existing.get();
                boolean same = row.toAddress.equals(to.toString()) && row.calldata.equals(data);
                if ((row.status.candidate() || row.status == TxStatus.CONFIRMED) && !same) {
                    throw new PurposeConflictException(purpose, row.txHash, row.status);
                }
                if (row.status == TxStatus.CONFIRMED) {
                    LOG.infof("Submission: %s was already confirmed in %s; nothing sent", purpose, row.txHash);
                    return CompletableFuture.completedFuture(outcome(row, 1));
                }
                if (row.status.candidate()) {
                    LOG.infof("Submission: %s is in flight as %s (nonce %d); waiting for it instead of sending again",
                            purpose, row.txHash, row.nonce);
                    return monitor(row.nonce);
                }
            }
            BigInteger gasLimit;
            try {
                BigInteger estimate = rpc(() -> node.estimateGas(purpose.toString(), sender.toString(), to.toString(), data));
                gasLimit = estimate.multiply(BigInteger.valueOf(100L + settings.gasLimitMarginPercent())).divide(BigInteger.valueOf(100));
            } catch (SimulationRevertedException e) {
                failure("simulation_reverted");
                LOG.errorf("Submission: %s", e.getMessage());
                throw e;
            }
            Fees fees = feesUnderCap(purpose);
            long nonce = nextNonce();
            SubmissionTx row = sign(purpose, to, data, nonce, gasLimit, fees);
            store.save(row);
            NodeClient.Broadcast result = broadcastOnce(row);
            if (result != null && result.result() != NodeClient.BroadcastResult.ACCEPTED
                    && result.result() != NodeClient.BroadcastResult.ALREADY_KNOWN) {
                row.status = TxStatus.DROPPED;
                row.error = result.message();
                store.save(row);
                failure("rejected");
                BroadcastRejectedException rejected = new BroadcastRejectedException(purpose.toString(), row.txHash, result.message());
                LOG.errorf("Submission: %s", rejected.getMessage());
                throw rejected;
            }
            LOG.infof("Submission: %s sent as %s (nonce %d, %s, gas limit %s)", purpose, row.txHash, nonce, fees, gasLimit);
            return monitor(nonce);
        } finally {
            sendLock.unlock();
        }
    }

    private Fees feesUnderCap(TxPurpose purpose) {
        FeePolicy policy = settings.fees();
        Instant giveUpAt = Instant.now().plus(settings.maxFeeWait());
        boolean warned = false;
        while (true) {
            FeePolicy.Market market = rpc(() -> node.market(policy));
            Optional<Fees> fees = policy.initial(market);
            if (fees.isPresent()) {
                return fees.get();
            }
            BigInteger needed = market.pendingBaseFee().add(market.priorityFee());
            if (!Instant.now().isBefore(giveUpAt)) {
                failure("fee_cap");
                FeeCapExceededException exceeded = new FeeCapExceededException(purpose.toString(), needed,
                        policy.maxFeePerGas(), settings.maxFeeWait());
                LOG.errorf("Submission: %s", exceeded.getMessage());
                throw exceeded;
            }
            if (!warned) {
                LOG.warnf("Submission: %s waits: the next block needs %s wei per gas, above the maximum %s", purpose,
                        needed, policy.maxFeePerGas());
                warned = true;
            }
            sleep(settings.pollInterval());
        }
    }

    private long nextNonce() {
        long pending = rpc(() -> node.nonce(sender.toString(), DefaultBlockParameterName.PENDING)).longValueExact();
        OptionalLong inFlight = store.maxInFlightNonce(settings.chainId(), sender.toString());
        return inFlight.isPresent() ? Math.max(pending, inFlight.getAsLong() + 1) : pending;
    }

    private SubmissionTx sign(TxPurpose purpose, ChecksumAddress to, String data, long nonce, BigInteger gasLimit, Fees fees) {
        RawTransaction transaction = RawTransaction.createTransaction(settings.chainId(), BigInteger.valueOf(nonce),
                gasLimit, to.toString(), BigInteger.ZERO, data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(transaction, signer));
        SubmissionTx row = new SubmissionTx();
        row.chainId = settings.chainId();
        row.sender = sender.toString();
        row.purpose = purpose.action();
        row.epoch = purpose.epoch();
        row.nonce = nonce;
        row.toAddress = to.toString();
        row.calldata = data;
        row.gasLimit = gasLimit;
        row.maxFeePerGas = fees.maxFeePerGas();
        row.maxPriorityFeePerGas = fees.maxPriorityFeePerGas();
        row.rawTx = raw.toLowerCase(Locale.ROOT);
        row.txHash = Hash.sha3(row.rawTx).toLowerCase(Locale.ROOT);
        row.status = TxStatus.SENT;
        row.createdAt = Instant.now();
        return row;
    }

    /** One broadcast; null if the node could not be reached, in which case the monitor finds out what happened. */
    private NodeClient.Broadcast broadcastOnce(SubmissionTx row) {
        NodeClient.Broadcast result;
        try {
            result = node.broadcast(row.rawTx);
        } catch (UncheckedIOException | ClientConnectionException e) {
            LOG.warnf("Submission: broadcast of %s failed (%s); it will be checked and broadcast again", row.txHash, e.getMessage());
            return null;
        }
        if (result.result() == NodeClient.BroadcastResult.ACCEPTED || result.result() == NodeClient.BroadcastResult.ALREADY_KNOWN) {
            row.broadcasts++;
            row.broadcastAt = Instant.now();
            store.save(row);
        }
        return result;
    }

    private CompletableFuture<TxOutcome> monitor(long nonce) {
        Watch created = new Watch(nonce);
        CompletableFuture<TxOutcome> watched = monitors.computeIfAbsent(nonce, key -> created.outcome);
        if (watched == created.outcome) {
            watched.whenComplete((outcome, failure) -> monitors.remove(nonce, watched));
            created.next(0);
        }
        return watched;
    }

    /**
     * One nonce followed to its end, one poll every {@code pollInterval}. Between polls it holds no thread, so a
     * transaction waiting for its block or its confirmations costs nothing, however many are in flight.
     */
    private final class Watch {
        private final long nonce;
        private final CompletableFuture<TxOutcome> outcome = new CompletableFuture<>();
        private int nonceUsedPolls;
        private Instant nextReplacement;
        private Instant nextForcedReplacement = Instant.MIN;
        private boolean nodeDown;

        Watch(long nonce) {
            this.nonce = nonce;
        }

        void next(long delayMillis) {
            try {
                executor.schedule(this::poll, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                outcome.completeExceptionally(new CancellationException("transaction manager closed"));
            }
        }

        private void poll() {
            try {
                Optional<TxOutcome> settled = step();
                if (settled.isPresent()) {
                    outcome.complete(settled.get());
                    return;
                }
            } catch (RuntimeException failure) {
                outcome.completeExceptionally(failure);
                return;
            }
            next(settings.pollInterval().toMillis());
        }

        private Optional<TxOutcome> step() {
            String self = sender.toString();
            try {
                List<SubmissionTx> attempts = store.attempts(settings.chainId(), self, nonce);
                List<SubmissionTx> candidates = attempts.stream().filter(a -> a.status.candidate()).toList();
                if (candidates.isEmpty()) {
                    SubmissionTx last = attempts.stream()
                            .filter(a -> a.status == TxStatus.CONFIRMED || a.status == TxStatus.REVERTED)
                            .findFirst().orElse(attempts.get(attempts.size() - 1));
                    return Optional.of(outcome(last, attempts.size()));
                }
                Optional<TxOutcome> settled = checkReceipts(nonce, attempts, candidates);
                if (settled.isPresent()) {
                    return settled;
                }
                if (candidates.stream().noneMatch(a -> a.status == TxStatus.MINED)) {
                    long used = node.nonce(self, DefaultBlockParameterName.LATEST).longValueExact();
                    if (used > nonce) {
                        if (++nonceUsedPolls >= NONCE_USED_POLLS) {
                            return Optional.of(dropAll(nonce, attempts, candidates));
                        }
                    } else {
                        nonceUsedPolls = 0;
                        SubmissionTx newest = candidates.get(candidates.size() - 1);
                        if (nextReplacement == null) {
                            nextReplacement = newest.createdAt.plus(settings.stuckAfter());
                        }
                        if (candidates.stream().noneMatch(a -> node.known(a.txHash))) {
                            if (rebroadcast(newest) == NodeClient.BroadcastResult.UNDERPRICED
                                    && !Instant.now().isBefore(nextForcedReplacement)) {
                                // The node evicted it for its fees (the base fee rose above its max fee) and will not
                                // take it back: only higher fees help, so it is replaced without waiting for stuckAfter,
                                // though not more often than every ten polls.
                                replace(newest, "refused back for its fees");
                                nextReplacement = Instant.now().plus(settings.stuckAfter());
                                nextForcedReplacement = Instant.now().plus(settings.pollInterval().multipliedBy(10));
                            }
                        } else if (!Instant.now().isBefore(nextReplacement)) {
                            replace(newest, "not mined after " + settings.stuckAfter());
                            nextReplacement = Instant.now().plus(settings.stuckAfter());
                        }
                    }
                } else {
                    nonceUsedPolls = 0;
                }
                if (nodeDown) {
                    LOG.infof("Submission: the node answers again; following nonce %d", nonce);
                    nodeDown = false;
                }
            } catch (UncheckedIOException | ClientConnectionException | NodeErrorException e) {
                if (!nodeDown) {
                    LOG.warnf("Submission: cannot check nonce %d (%s); polling again", nonce, e.getMessage());
                    nodeDown = true;
                }
            }
            return Optional.empty();
        }
    }

    /** Looks for a receipt among the attempts, newest first; settles the nonce once it is confirmed. */
    private Optional<TxOutcome> checkReceipts(long nonce, List<SubmissionTx> attempts, List<SubmissionTx> candidates) {
        for (int i = candidates.size() - 1; i >= 0; i--) {
            SubmissionTx attempt = candidates.get(i);
            Optional<TransactionReceipt> found = node.receipt(attempt.txHash);
            if (found.isEmpty()) {
                if (attempt.status == TxStatus.MINED) {
                    LOG.warnf("Submission: %s (nonce %d) left the chain in a reorg; waiting for it again", attempt.txHash, nonce);
                    attempt.status = TxStatus.SENT;
                    attempt.blockNumber = null;
                    attempt.blockHash = null;
                    attempt.gasUsed = null;
                    store.save(attempt);
                }
                continue;
            }
            TransactionReceipt receipt = found.get();
            long block = receipt.getBlockNumber().longValueExact();
            String blockHash = receipt.getBlockHash().toLowerCase(Locale.ROOT);
            if (attempt.status != TxStatus.MINED || !blockHash.equals(attempt.blockHash)) {
                attempt.status = TxStatus.MINED;
                attempt.blockNumber = block;
                attempt.blockHash = blockHash;
                attempt.gasUsed = receipt.getGasUsed();
                store.save(attempt);
                LOG.infof("Submission: %s mined in block %d as %s; waiting for %d confirmation(s)",
                        attempt.purposeKey(), block, attempt.txHash, settings.confirmations());
            }
            if (node.head() - block < settings.confirmations()) {
                return Optional.empty();
            }
            List<SubmissionTx> changed = new ArrayList<>();
            if (receipt.isStatusOK()) {
                attempt.status = TxStatus.CONFIRMED;
                LOG.infof("Submission: %s confirmed: %s in block %d", attempt.purposeKey(), attempt.txHash, block);
            } else {
                attempt.status = TxStatus.REVERTED;
                attempt.revertReason = revertReason(attempt, block);
                failure("reverted");
                LOG.errorf("Submission: %s reverted: %s in block %d: %s", attempt.purposeKey(), attempt.txHash, block,
                        attempt.revertReason);
            }
            changed.add(attempt);
            for (SubmissionTx other : candidates) {
                if (other != attempt && other.status != TxStatus.REPLACED) {
                    other.status = TxStatus.DROPPED;
                    other.error = "nonce " + nonce + " was mined in " + attempt.txHash;
                    changed.add(other);
                }
            }
            store.save(changed);
            return Optional.of(outcome(attempt, attempts.size()));
        }
        return Optional.empty();
    }

    /**
     * Receipts carry no revert data, so the call is replayed: at the end of its block first (a reverted transaction
     * changed nothing, and what made it fail is most often an earlier transaction of the same block), then at the
     * end of the block before.
     */
    private String revertReason(SubmissionTx attempt, long block) {
        for (long at : new long[] {block, block - 1}) {
            Optional<String> reason = node.revertReason(attempt.sender, attempt.toAddress, attempt.calldata,
                    attempt.gasLimit, at);
            if (reason.isPresent()) {
                return reason.get();
            }
        }
        if (attempt.gasUsed != null && attempt.gasUsed.compareTo(attempt.gasLimit) >= 0) {
            return "out of gas (used all " + attempt.gasLimit + ")";
        }
        return "reverted, but replaying it at blocks " + block + " and " + (block - 1) + " does not";
    }

    private TxOutcome dropAll(long nonce, List<SubmissionTx> attempts, List<SubmissionTx> candidates) {
        for (SubmissionTx attempt : candidates) {
            attempt.status = TxStatus.DROPPED;
            attempt.error = "nonce " + nonce + " was used by a transaction that is none of ours";
        }
        store.save(candidates);
        failure("dropped");
        SubmissionTx newest = candidates.get(candidates.size() - 1);
        LOG.errorf("Submission: %s dropped: nonce %d of %s was used by another transaction", newest.purposeKey(), nonce, sender);
        return outcome(newest, attempts.size());
    }

    /** Broadcasts an attempt the node does not know again; returns the node's answer, null if unreachable. */
    private NodeClient.BroadcastResult rebroadcast(SubmissionTx newest) {
        NodeClient.Broadcast result = broadcastOnce(newest);
        if (result == null) {
            return null;
        }
        switch (result.result()) {
            case ACCEPTED, ALREADY_KNOWN -> {
                rebroadcasts.increment();
                LOG.warnf("Submission: %s (nonce %d) was unknown to the node; broadcast it again", newest.txHash, newest.nonce);
            }
            case NONCE_USED -> LOG.infof("Submission: nonce %d is already used; looking for the receipt", newest.nonce);
            case UNDERPRICED -> LOG.warnf("Submission: the node dropped %s (nonce %d) and refuses it for its fees: %s",
                    newest.txHash, newest.nonce, result.message());
            default -> LOG.warnf("Submission: the node refused to take %s back: %s", newest.txHash, result.message());
        }
        return result.result();
    }

    private void replace(SubmissionTx newest, String why) {
        Fees previous = new Fees(newest.maxFeePerGas, newest.maxPriorityFeePerGas);
        Optional<Fees> raised = settings.fees().replacement(previous, node.market(settings.fees()));
        if (raised.isEmpty()) {
            LOG.warnf("Submission: %s (nonce %d) is stuck, but a replacement would exceed the maximum fee %s; waiting",
                    newest.txHash, newest.nonce, settings.fees().maxFeePerGas());
            return;
        }
        SubmissionTx replacement = sign(newest.purposeKey(), ChecksumAddress.of(newest.toAddress), newest.calldata,
                newest.nonce, newest.gasLimit, raised.get());
        newest.status = TxStatus.REPLACED;
        store.save(List.of(newest, replacement));
        NodeClient.Broadcast result = broadcastOnce(replacement);
        if (result != null && (result.result() == NodeClient.BroadcastResult.UNDERPRICED
                || result.result() == NodeClient.BroadcastResult.REFUSED)) {
            replacement.status = TxStatus.DROPPED;
            replacement.error = result.message();
            newest.status = TxStatus.SENT;
            store.save(List.of(replacement, newest));
            LOG.warnf("Submission: the node refused the replacement of %s: %s", newest.txHash, result.message());
            return;
        }
        replacements.increment();
        LOG.infof("Submission: nonce %d %s; replaced %s (%s) with %s (%s)", newest.nonce, why, newest.txHash, previous,
                replacement.txHash, raised.get());
    }

    private static TxOutcome outcome(SubmissionTx row, int attempts) {
        return new TxOutcome(row.purposeKey(), row.nonce, row.txHash, row.status, row.blockNumber, row.gasUsed,
                row.revertReason, row.error, attempts);
    }

    private void failure(String reason) {
        Counter.builder("gov.submission.failures").description("Submissions that failed, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @SuppressWarnings("unchecked")
    private <T> T rpc(Supplier<T> read) {
        return (T) rpcGuard.get((Supplier<Object>) read, Object.class);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("transaction manager closed");
        }
    }

    /** Stops every monitor; what is in flight stays in the table for the next {@link #resume()}. */
    @Override
    public void close() {
        executor.shutdownNow();
        monitors.values().forEach(watched -> watched.completeExceptionally(
                new CancellationException("transaction manager closed")));
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Submission: monitors did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
