package dev.govengine.rewards.lifecycle;

import dev.govengine.chain.BlockHeader;
import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.ReceiptInvalidations;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.distributor.DistributorEvent;
import dev.govengine.rewards.distributor.DistributorHistory;
import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.rewards.epoch.EpochStatus;
import dev.govengine.rewards.epoch.EpochWindow;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.rewards.inputs.EpochInputsStore;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.store.Distributor;
import dev.govengine.rewards.store.EpochResult;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.StoredEpoch;
import dev.govengine.submission.RootSubmitter;
import dev.govengine.submission.SubmissionDisabledException;
import dev.govengine.types.Bytes32;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Moves reward epochs through {@code OPEN → CLOSED → COMPUTED → SUBMITTED → (DISPUTED →) FINALIZED}, or to
 * SUBMIT_FAILED, as far as the chain and the index allow. Every step starts from the status held in
 * {@code reward_epoch} and moves it by compare-and-set, and what a step writes elsewhere is idempotent (the reward
 * store keeps one root per epoch, the submission reads the chain before it sends), so a step repeated after a crash,
 * by another replica or by an operator, does nothing twice.
 *
 * <ul>
 *   <li><b>Close</b>: once the first block at or after the epoch's end is final (the chain's confirmations deep), the
 *       epoch's blocks are found by timestamp, and every source it is scored on must be indexed through its last
 *       block. The policy in force at that block is fixed with it.</li>
 *   <li><b>Compute</b>: the epoch's inputs document (its contributions, the previous epoch's carry and the previous
 *       cumulative amounts; {@link EpochInputsAssembler}) is stored, and goes through {@link EpochComputation}; the
 *       result is stored whole. An epoch after which nobody has ever been paid
 *       has no tree: it hands its carry on and is FINALIZED with nothing to submit.</li>
 *   <li><b>Submit</b>: the latest COMPUTED epoch, once no root is pending on the distributor, which takes one root at
 *       a time. Roots are cumulative, so an engine that fell behind (a frozen root, a long vote) skips the earlier
 *       computed epochs: they are covered by the latest's root, and FINALIZED with it. {@link RootSubmitter} posts
 *       it (Mode A) or takes it through a vote (Mode B). Nobody waits for the transaction under the lifecycle's lock:
 *       the submission is started, its transaction is recorded in {@code submission_tx}, and its outcome is taken
 *       by the step that finds it settled, on the same pass when it settles within {@link #SUBMISSION_GRACE}, else on
 *       a later tick (after a restart, the submitter joins the transaction it finds in flight).</li>
 *   <li><b>Watch</b>: the distributor's {@code epochRoot} decides: a dispute moves the epoch to DISPUTED and raises an
 *       alert; a root that went live, by time or by governance upholding it, is FINALIZED; a root governance discarded
 *       is SUBMIT_FAILED, for an operator to look at before it is retried.</li>
 * </ul>
 * One step runs at a time. Ticks and operators take turns on a lock that nothing holds for long: an operator waits
 * at most {@link #STEP_LOCK_WAIT} for a running pass and is otherwise refused, never queued behind it.
 */
@ApplicationScoped
public class EpochLifecycle {
    private static final Logger LOG = Logger.getLogger(EpochLifecycle.class);
    /**
     * How long a pass (or an operator's submit), with the lock released, waits for a submission it started or found
     * to settle before it leaves the outcome to a later tick: long enough for a node that mines at once (a devnet),
     * far too short for a public chain's confirmations.
     */
    static final Duration SUBMISSION_GRACE = Duration.ofSeconds(5);
    /** How long an operator's step waits for the pass that holds the lock before it is refused. */
    static final Duration STEP_LOCK_WAIT = Duration.ofSeconds(5);

    private final EpochChain chain;
    private final EpochLedger ledger;
    private final PolicyHistory policies;
    private final EpochInputsAssembler inputs;
    private final EpochInputsStore inputsStore;
    private final RewardStore store;
    private final RootSubmitter submitter;
    private final DistributorHistory distributorHistory;
    private final String dataUriTemplate;
    private final Optional<String> publicUrl;
    private final Counter submitFailures;
    private final Counter disputes;
    private final Map<String, Counter> steps = new HashMap<>();
    private final MeterRegistry meters;
    private final EpochDriverLock driver;
    private final ForeignRoots foreignRoots;
    private final ReceiptInvalidations invalidations;
    private final WorkerDb db;
    private final ReentrantLock stepping = new ReentrantLock();
    /** Roots on their way to the distributor, by epoch: at most one, since the distributor takes one at a time. */
    private final Map<Long, InFlight> submissions = new ConcurrentHashMap<>();

    /** A submission started by a step: the root it carries, since when, and the submitter's answer once it has one. */
    private record InFlight(Bytes32 root, Instant since, CompletableFuture<RootSubmitter.Status> status) {
    }

    /** What one step did to one epoch. {@code moved} is false when the epoch stayed where it was. */
    public record Step(long epoch, EpochStatus from, EpochStatus to, boolean moved, String detail) {
    }

    @Inject
    public EpochLifecycle(EpochChain chain, EpochLedger ledger, PolicyHistory policies,
            EpochInputsAssembler inputs, EpochInputsStore inputsStore, RewardStore store, RootSubmitter submitter,
            DistributorHistory distributorHistory, MeterRegistry meters, EngineConfig config, EpochDriverLock driver,
            ForeignRoots foreignRoots, ReceiptInvalidations invalidations, WorkerDb db) {
        this.chain = chain;
        this.db = db;
        this.invalidations = invalidations;
        this.driver = driver;
        this.foreignRoots = foreignRoots;
        this.ledger = ledger;
        this.policies = policies;
        this.inputs = inputs;
        this.inputsStore = inputsStore;
        this.store = store;
        this.submitter = submitter;
        this.distributorHistory = distributorHistory;
        this.meters = meters;
        this.dataUriTemplate = config.rewards().epochs().dataUri();
        this.publicUrl = config.publicUrl().map(url -> url.replaceAll("/+$", ""));
        this.submitFailures = Counter.builder("gov.epochs.submit.failures")
                .description("Epochs that ended SUBMIT_FAILED: a revert, a conflict, a defeated proposal, a discarded root")
                .register(meters);
        this.disputes = Counter.builder("gov.epochs.disputes")
                .description("Roots of this engine's epochs disputed on the distributor").register(meters);
    }

    /**
     * Takes every epoch that has ended as far as it can go now, oldest first; returns the steps that moved an epoch.
     * An epoch that cannot close stops the pass (the later ones cannot close either); a root pending on chain or an
     * epoch that failed stops only the submissions after it, and the epochs behind it are still computed. Fails with
     * {@link EpochDriverElsewhereException} on a replica that does not hold the epoch lock, and with
     * {@link EpochLifecycleBusyException} when an operator's step holds the lifecycle for longer than
     * {@link #STEP_LOCK_WAIT}. A submission that settles within {@link #SUBMISSION_GRACE} is taken by a second pass.
     */
    public List<Step> advanceAll() {
        List<Step> moved = new ArrayList<>();
        locked(() -> pass(moved));
        if (submissionSettles()) {
            locked(() -> pass(moved));
        }
        return moved;
    }

    private List<Step> pass(List<Step> moved) {
        driver.require();
        Optional<EpochChain.Context> found = chain.context();
        if (found.isEmpty()) {
            return moved;
        }
        EpochChain.Context context = found.get();
        foreignRoots.check(context);
        Optional<EpochCalendar> calendar = chain.calendar(context);
        if (calendar.isEmpty()) {
            return moved;
        }
        BlockHeader finalized = chain.finalizedHead(context);
        Map<Long, EpochRecord> records = new HashMap<>();
        db.await(ledger.all(), "reading the epochs").forEach(record -> records.put(record.epoch(), record));
        List<EpochRecord> computed = new ArrayList<>();
        for (long epoch = 1; ; epoch++) {
            EpochWindow window = calendar.get().window(epoch);
            EpochRecord record = records.get(epoch);
            if (record == null || record.status() == EpochStatus.OPEN) {
                if (window.endTimestamp() > finalized.timestamp()) {
                    break;
                }
                Step closed = close(context, calendar.get(), epoch, finalized, records.get(epoch - 1));
                if (!closed.moved()) {
                    break;
                }
                moved.add(closed);
                record = record(epoch).orElseThrow();
            }
            if (record.status() == EpochStatus.CLOSED) {
                Step step = compute(context, record, records.get(epoch - 1));
                if (step.moved()) {
                    moved.add(step);
                }
                record = record(epoch).orElseThrow();
            }
            records.put(epoch, record);
            if (record.status() == EpochStatus.CLOSED) {
                break;
            }
            computed.add(record);
        }
        submitAndWatch(context, computed, moved);
        return moved;
    }

    /**
     * Watches the root on chain, or submits the latest computed one. The distributor holds one pending root at a time,
     * so a SUBMITTED or DISPUTED epoch stops the pass. Roots are cumulative: the COMPUTED epochs waiting since the last
     * FINALIZED one go on chain as one root, the latest's, and the earlier ones are covered by it (FINALIZED with it).
     * A root already being submitted (a Mode B vote) stays the target until it is settled.
     */
    private void submitAndWatch(EpochChain.Context context, List<EpochRecord> computed, List<Step> moved) {
        List<EpochRecord> waiting = new ArrayList<>();
        for (EpochRecord record : computed) {
            EpochRecord current = record;
            if (current.status() == EpochStatus.SUBMITTED || current.status() == EpochStatus.DISPUTED) {
                Step watched = watch(context, current);
                if (watched.moved()) {
                    moved.add(watched);
                }
                current = record(current.epoch()).orElseThrow();
            }
            EpochStatus status = current.status();
            if (status == EpochStatus.FINALIZED) {
                long live = current.epoch();
                waiting.removeIf(earlier -> earlier.epoch() < live);
            } else if (status == EpochStatus.COMPUTED) {
                waiting.add(current);
            } else if (status == EpochStatus.SUBMITTED || status == EpochStatus.DISPUTED) {
                return;
            } else {
                break;
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        BigInteger bound = chain.maxProposableEpoch(context);
        List<EpochRecord> proposable = waiting.stream()
                .filter(record -> BigInteger.valueOf(record.epoch()).compareTo(bound) <= 0).toList();
        if (proposable.isEmpty()) {
            waits(waiting.get(0).epoch(), EpochStatus.COMPUTED, "the distributor takes roots up to epoch " + bound
                    + " (its live epoch plus maxEpochSkip); governance can raise maxEpochSkip");
            return;
        }
        EpochRecord target = target(proposable);
        List<Long> covered = proposable.stream().map(EpochRecord::epoch).filter(epoch -> epoch < target.epoch())
                .toList();
        if (!covered.isEmpty()) {
            db.await(ledger.cover(covered, target.epoch()),
                    "marking epochs " + covered + " covered by epoch " + target.epoch());
        }
        Step submitted = submit(context, target);
        if (submitted.moved()) {
            moved.add(submitted);
        }
        EpochRecord current = record(target.epoch()).orElseThrow();
        if (current.status() == EpochStatus.SUBMITTED) {
            Step watched = watch(context, current);
            if (watched.moved()) {
                moved.add(watched);
            }
        }
    }

    /**
     * The epoch being submitted for the waiting ones (a root on its way, or in a Mode B vote), else the latest of
     * them.
     */
    private EpochRecord target(List<EpochRecord> waiting) {
        return waiting.stream().filter(record -> submissions.containsKey(record.epoch())).findFirst()
                .or(() -> waiting.stream().map(EpochRecord::coveredBy).filter(Objects::nonNull)
                        .flatMap(target -> waiting.stream().filter(record -> record.epoch() == target))
                        .max(Comparator.comparingLong(EpochRecord::epoch)))
                .orElse(waiting.get(waiting.size() - 1));
    }

    /**
     * An operator's step on one epoch; only on the replica that holds the epoch lock, like {@link #advanceAll}. A
     * running pass is waited for at most {@link #STEP_LOCK_WAIT} ({@link EpochLifecycleBusyException} after that), and
     * a submission at most {@link #SUBMISSION_GRACE}, with the lock released; one still on its way then answers that
     * it waits.
     */
    public Step operate(long epoch, OperatorStep step) {
        Step done = locked(() -> operateLocked(epoch, step));
        if (step == OperatorStep.SUBMIT && !done.moved() && submissionSettles()) {
            return locked(() -> {
                driver.require();
                EpochRecord record = record(epoch).orElse(null);
                return record == null || record.status() != EpochStatus.COMPUTED || !submissions.containsKey(epoch)
                        ? done
                        : submit(chain.context().orElseThrow(), record);
            });
        }
        return done;
    }

    private Step operateLocked(long epoch, OperatorStep step) {
        driver.require();
        EpochChain.Context context = chain.context().orElseThrow(() -> new EpochNotReadyException(
                "no contract deployment is configured (gov.deployment-file)"));
        EpochRecord record = record(epoch).orElse(null);
        EpochRecord previous = epoch == 1 ? null : record(epoch - 1).orElse(null);
        EpochStatus status = record == null ? EpochStatus.OPEN : record.status();
        return switch (step) {
            case CLOSE -> {
                requireStatus(epoch, status, EpochStatus.OPEN);
                EpochCalendar calendar = chain.calendar(context).orElseThrow(() -> new EpochNotReadyException(
                        "the RewardPolicy is not indexed yet"));
                yield close(context, calendar, epoch, chain.finalizedHead(context), previous);
            }
            case COMPUTE -> {
                requireStatus(epoch, status, EpochStatus.CLOSED);
                yield compute(context, record, previous);
            }
            case SUBMIT -> {
                requireStatus(epoch, status, EpochStatus.COMPUTED);
                requireNoOtherSubmission(epoch);
                List<Long> covered = requireEarlierSettled(epoch);
                if (!covered.isEmpty()) {
                    db.await(ledger.cover(covered, epoch), "marking epochs " + covered + " covered by epoch " + epoch);
                }
                yield submit(context, record);
            }
            case WATCH -> {
                if (status != EpochStatus.SUBMITTED && status != EpochStatus.DISPUTED) {
                    throw new IllegalStateException("epoch " + epoch + " is " + status
                            + "; only a SUBMITTED or DISPUTED epoch is watched");
                }
                yield watch(context, record);
            }
            case RETRY -> {
                requireStatus(epoch, status, EpochStatus.SUBMIT_FAILED);
                boolean reopened = db.await(ledger.move(epoch, EpochStatus.SUBMIT_FAILED, EpochStatus.COMPUTED,
                        "retried by an operator after: " + record.detail()), "moving epoch " + epoch + " to COMPUTED");
                count("retry", reopened);
                LOG.warnf("Epoch %d: retried by an operator (it had failed: %s)", epoch, record.detail());
                yield new Step(epoch, status, reopened ? EpochStatus.COMPUTED : status, reopened, record.detail());
            }
            case RECOMPUTE -> recompute(epoch, record);
        };
    }

    /**
     * Reopens a COMPUTED or SUBMIT_FAILED epoch, and every later one, for computing again from inputs corrected since
     * (receipts invalidated, a mapping fixed): what an operator does after governance discarded a root. The results
     * they replace are kept as superseded revisions. Refused while any of them has a root pending, disputed or live.
     */
    private Step recompute(long epoch, EpochRecord record) {
        EpochStatus status = record == null ? EpochStatus.OPEN : record.status();
        if (status != EpochStatus.COMPUTED && status != EpochStatus.SUBMIT_FAILED) {
            throw new IllegalStateException("epoch " + epoch + " is " + status
                    + "; only a COMPUTED or SUBMIT_FAILED epoch is computed again");
        }
        for (long submitting : submissions.keySet()) {
            if (submitting >= epoch) {
                throw new IllegalStateException("epoch " + submitting + "'s root is on its way to the distributor;"
                        + " recompute once its submission has settled");
            }
        }
        for (EpochRecord later : db.await(ledger.all(), "reading the epochs")) {
            if (later.epoch() > epoch && (later.status() == EpochStatus.SUBMITTED
                    || later.status() == EpochStatus.DISPUTED || later.status() == EpochStatus.FINALIZED)) {
                throw new IllegalStateException("epoch " + later.epoch() + " is " + later.status()
                        + "; its root went on chain, so the epochs before it cannot be computed again");
            }
        }
        String detail = "recomputed by an operator" + (record.detail() == null ? "" : " after: " + record.detail());
        List<Long> superseded = db.await(ledger.reopen(store, inputsStore, invalidations, epoch, detail),
                "reopening epoch " + epoch + " and the later ones");
        count("recompute", true);
        LOG.warnf("Epoch %d and later reopened for computing again; results superseded (kept as revisions): %s", epoch,
                superseded);
        return new Step(epoch, status, EpochStatus.CLOSED, true, detail + "; superseded results of epochs " + superseded);
    }

    private Step close(EpochChain.Context context, EpochCalendar calendar, long epoch, BlockHeader finalized,
            EpochRecord previous) {
        EpochWindow window = calendar.window(epoch);
        if (window.endTimestamp() > finalized.timestamp()) {
            return waits(epoch, EpochStatus.OPEN, "the epoch ends at " + window.endTimestamp()
                    + "; the newest final block " + finalized.number() + " is at " + finalized.timestamp());
        }
        if (!chain.governorIndexed(context)) {
            throw new EpochNotReadyException("the deployment's Governor " + context.deployment().governor().address()
                    + " is not among gov.governors, and its votes are the governance program's input");
        }
        EpochChain.EpochBlocks blocks = chain.blocks(context, window, previous == null ? null : previous.endBlock(),
                finalized);
        long firstBlock = blocks.firstBlock();
        long endBlock = blocks.endBlock();
        OptionalLong indexed = chain.indexedThrough(context);
        if (indexed.isEmpty() || indexed.getAsLong() < endBlock) {
            return waits(epoch, EpochStatus.OPEN, "the index has read through block "
                    + (indexed.isEmpty() ? "none yet" : indexed.getAsLong()) + "; the epoch ends with block " + endBlock);
        }
        PolicySnapshot policy = db.await(policies.inForceAtBlock(endBlock),
                        "reading the RewardPolicy in force at block " + endBlock)
                .orElseThrow(() -> new EpochNotReadyException("no RewardPolicy version is in force at block " + endBlock));
        boolean closed = db.await(ledger.close(window, firstBlock, endBlock, policy.version()), "closing epoch " + epoch);
        count("close", closed);
        if (closed) {
            LOG.infof("Epoch %d closed: blocks %d to %d, policy version %d", epoch, firstBlock, endBlock, policy.version());
        }
        return new Step(epoch, EpochStatus.OPEN, closed ? EpochStatus.CLOSED : EpochStatus.OPEN, closed,
                "blocks " + firstBlock + " to " + endBlock + ", policy version " + policy.version());
    }

    private Step compute(EpochChain.Context context, EpochRecord record, EpochRecord previous) {
        long epoch = record.epoch();
        if (epoch > 1 && (previous == null || previous.carryOut() == null)) {
            throw new EpochNotReadyException("epoch " + (epoch - 1) + " is not computed yet; its carry and cumulative"
                    + " amounts are epoch " + epoch + "'s starting point");
        }
        PolicySnapshot policy = db.await(policies.inForceAtBlock(record.endBlock()),
                        "reading the RewardPolicy in force at block " + record.endBlock())
                .filter(found -> found.version() == record.policyVersion())
                .orElseThrow(() -> new IllegalStateException("epoch " + epoch + " closed under policy version "
                        + record.policyVersion() + ", which the index no longer holds at block " + record.endBlock()));
        BigInteger carryIn = previous == null ? BigInteger.ZERO : previous.carryOut();
        EpochInputs document = inputs.assemble(context, record, policy, carryIn);
        EpochComputation.Contributions contributed = document.contributions();
        EpochComputation.Allocated result = document.allocate();
        boolean moved;
        EpochStatus next;
        String detail;
        Optional<Bytes32> root = Optional.empty();
        if (!result.cumulative().isEmpty()) {
            Distributor distributor = new Distributor(context.deployment().chainId(),
                    context.deployment().rewardDistributor().address());
            // The tree is hashed while the store sends the leaf rows, which need only the allocation.
            EpochResult computed = EpochResult.treeAlongside(distributor, policy.version(), result.allocation(),
                    result.cumulative());
            db.await(store.save(epoch, computed), "storing the result of epoch " + epoch);
            root = Optional.of(computed.tree().root());
            next = EpochStatus.COMPUTED;
            detail = null;
        } else {
            next = EpochStatus.FINALIZED;
            detail = "nobody has been paid yet: no tree, nothing to submit; carry " + result.allocation().carryOut();
        }
        moved = db.await(ledger.computed(epoch, result.allocation().carryOut(), next, detail),
                "moving epoch " + epoch + " to " + next);
        count("compute", moved);
        LOG.infof("Epoch %d computed: %d contributions, paid %s to %d accounts, carry %s, root %s", epoch,
                contributed.depin().size() + contributed.rollup().size() + contributed.governance().size(),
                result.allocation().paid(),
                result.allocation().payouts().size(), result.allocation().carryOut(),
                root.map(Object::toString).orElse("none"));
        return new Step(epoch, EpochStatus.CLOSED, moved ? next : EpochStatus.CLOSED, moved, detail);
    }

    /**
     * Starts the epoch's submission, or takes the outcome of the one started earlier once it has one. The submitter
     * is idempotent, so a submission started again after a restart joins the transaction left in flight.
     */
    private Step submit(EpochChain.Context context, EpochRecord record) {
        long epoch = record.epoch();
        StoredEpoch stored = stored(epoch);
        InFlight inFlight = submissions.get(epoch);
        if (inFlight == null) {
            String dataUri = dataUri(epoch);
            inFlight = new InFlight(stored.root(), Instant.now(), submitter.submit(epoch, stored.root(),
                    stored.totalCumulative(), dataUri).subscribeAsCompletionStage());
            submissions.put(epoch, inFlight);
        }
        if (!inFlight.status().isDone()) {
            return waits(epoch, EpochStatus.COMPUTED, "its root " + inFlight.root() + " is on its way to the"
                    + " distributor (since " + inFlight.since() + "); the outcome is taken on a later tick");
        }
        submissions.remove(epoch);
        RootSubmitter.Status status;
        try {
            status = inFlight.status().join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof SubmissionDisabledException off) {
                return waits(epoch, EpochStatus.COMPUTED, off.getMessage());
            }
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        switch (status.outcome()) {
            case SUBMITTED -> {
                EpochChain.RootOnChain onChain = chain.epochRoot(context, epoch);
                db.await(ledger.recordChain(epoch, status.txHash(), onChain.liveAt(), null, null),
                        "recording the submission of epoch " + epoch);
                boolean moved = db.await(ledger.move(epoch, EpochStatus.COMPUTED, EpochStatus.SUBMITTED, status.detail()),
                        "moving epoch " + epoch + " to SUBMITTED");
                count("submit", moved);
                LOG.infof("Epoch %d submitted: root %s, total %s, %s, dispute window until %d", epoch, stored.root(),
                        stored.totalCumulative(), status.txHash() == null ? "already on chain" : "tx " + status.txHash(),
                        onChain.liveAt());
                return new Step(epoch, EpochStatus.COMPUTED, EpochStatus.SUBMITTED, moved, status.detail());
            }
            case WAITING -> {
                return waits(epoch, EpochStatus.COMPUTED, status.detail());
            }
            default -> {
                boolean moved = db.await(
                        ledger.move(epoch, EpochStatus.COMPUTED, EpochStatus.SUBMIT_FAILED, status.detail()),
                        "moving epoch " + epoch + " to SUBMIT_FAILED");
                if (moved) {
                    submitFailures.increment();
                    LOG.errorf("Epoch %d SUBMIT_FAILED: %s", epoch, status.detail());
                }
                return new Step(epoch, EpochStatus.COMPUTED, EpochStatus.SUBMIT_FAILED, moved, status.detail());
            }
        }
    }

    /**
     * Where the epoch's inputs document is, and its keccak256, so that a copy found anywhere can be checked: no hash
     * for an epoch computed before documents were stored.
     */
    private String dataUri(long epoch) {
        String where = publicUrl.map(url -> url + "/epochs/" + epoch + "/inputs")
                .orElseGet(() -> dataUriTemplate.replace("{epoch}", Long.toString(epoch)));
        return where + db.await(inputsStore.find(epoch), "reading the inputs document of epoch " + epoch)
                .map(stored -> "#keccak256=" + stored.keccak()).orElse("");
    }

    private Step watch(EpochChain.Context context, EpochRecord record) {
        long epoch = record.epoch();
        StoredEpoch stored = stored(epoch);
        EpochChain.RootOnChain onChain = chain.epochRoot(context, epoch);
        EpochStatus from = record.status();
        if (onChain.status() == EpochChain.RootStatus.NONE) {
            // The transaction that proposed it was orphaned: submitting again is safe, it reads the chain first.
            return moveTo(epoch, from, EpochStatus.COMPUTED, "the distributor no longer holds a root for the epoch"
                    + " (a reorg?); submitting again");
        }
        if (!onChain.root().equals(stored.root())) {
            return fail(epoch, from, "the distributor holds root " + onChain.root() + " for epoch " + epoch
                    + ", not this engine's " + stored.root());
        }
        List<DistributorEvent.RootEvent> events = db.await(distributorHistory.rootEvents(BigInteger.valueOf(epoch)),
                "reading the root events of epoch " + epoch);
        Optional<DistributorEvent.RootEvent> disputed = last(events, "RootDisputed");
        Optional<DistributorEvent.RootEvent> resolved = last(events, "DisputeResolved");
        switch (onChain.status()) {
            case PENDING -> {
                return new Step(epoch, from, from, false, "in its dispute window until " + onChain.liveAt());
            }
            case DISPUTED -> {
                if (from == EpochStatus.DISPUTED) {
                    return new Step(epoch, from, from, false, "disputed; governance has not resolved it yet");
                }
                String detail = "disputed" + disputed.map(e -> " by " + e.disputer() + ": " + e.reason()).orElse("")
                        + "; governance resolves it";
                Step step = moveTo(epoch, from, EpochStatus.DISPUTED, detail);
                if (step.moved()) {
                    disputes.increment();
                    LOG.errorf("ALERT: the root %s of epoch %d is disputed%s. It is frozen until governance resolves"
                            + " the dispute (resolveDispute on the distributor, through a proposal).", stored.root(),
                            epoch, disputed.map(e -> " by " + e.disputer() + " (" + e.reason() + ")").orElse(""));
                }
                disputed.ifPresent(e -> db.await(ledger.recordChain(epoch, null, null, e.position().transactionHash(), null),
                        "recording the dispute of epoch " + epoch));
                return step;
            }
            case FINALIZED -> {
                if (from == EpochStatus.DISPUTED && resolved.isEmpty()) {
                    return new Step(epoch, from, from, false, "upheld on chain; waiting for the index to read the"
                            + " DisputeResolved event");
                }
                disputed.ifPresent(e -> db.await(ledger.recordChain(epoch, null, null, e.position().transactionHash(), null),
                        "recording the dispute of epoch " + epoch));
                resolved.ifPresent(e -> db.await(ledger.recordChain(epoch, null, null, null, e.position().transactionHash()),
                        "recording the resolution of epoch " + epoch + "'s dispute"));
                String detail = from == EpochStatus.DISPUTED ? "the dispute was resolved: governance upheld the root"
                        : null;
                Step step = moveTo(epoch, from, EpochStatus.FINALIZED, detail);
                if (step.moved()) {
                    LOG.infof("Epoch %d FINALIZED: root %s is live on the distributor", epoch, stored.root());
                }
                List<Long> covered = db.await(ledger.finalizeCovered(epoch),
                        "finalizing the epochs covered by epoch " + epoch);
                if (!covered.isEmpty()) {
                    count("finalized", true);
                    LOG.infof("Epochs %s FINALIZED: paid through epoch %d's cumulative root", covered, epoch);
                }
                return step;
            }
            case DISCARDED -> {
                resolved.ifPresent(e -> db.await(ledger.recordChain(epoch, null, null, null, e.position().transactionHash()),
                        "recording the resolution of epoch " + epoch + "'s dispute"));
                return switch (chain.discardOf(context, epoch, stored.root())) {
                    case EXPIRY -> {
                        LOG.warnf("Epoch %d: the dispute of root %s expired without a ruling; the root goes in again",
                                epoch, stored.root());
                        yield moveTo(epoch, from, EpochStatus.COMPUTED, "the dispute expired without governance's"
                                + " ruling; the root goes in again, as part of the latest cumulative root");
                    }
                    case CANCEL -> fail(epoch, from, "governance canceled the pending root; the epoch's inputs need"
                            + " checking before it is retried or recomputed");
                    case RULING -> fail(epoch, from, "governance upheld the dispute and discarded the root; the epoch's"
                            + " inputs need checking before it is retried or recomputed");
                };
            }
            default -> throw new IllegalStateException("unexpected root status " + onChain.status());
        }
    }

    private Step fail(long epoch, EpochStatus from, String detail) {
        Step step = moveTo(epoch, from, EpochStatus.SUBMIT_FAILED, detail);
        if (step.moved()) {
            submitFailures.increment();
            LOG.errorf("Epoch %d SUBMIT_FAILED: %s", epoch, detail);
        }
        return step;
    }

    private Step moveTo(long epoch, EpochStatus from, EpochStatus to, String detail) {
        boolean moved = db.await(ledger.move(epoch, from, to, detail), "moving epoch " + epoch + " to " + to);
        count(to.name().toLowerCase(Locale.ROOT), moved);
        return new Step(epoch, from, moved ? to : from, moved, detail);
    }

    private Step waits(long epoch, EpochStatus status, String detail) {
        if (status != EpochStatus.OPEN) {
            db.await(ledger.note(epoch, detail), "noting why epoch " + epoch + " waits");
        }
        LOG.debugf("Epoch %d waits (%s): %s", epoch, status, detail);
        return new Step(epoch, status, status, false, detail);
    }

    /** The distributor takes one root at a time: another epoch's submission must settle first. */
    private void requireNoOtherSubmission(long epoch) {
        for (long submitting : submissions.keySet()) {
            if (submitting != epoch) {
                throw new IllegalStateException("epoch " + submitting + "'s root is on its way to the distributor,"
                        + " which takes one root at a time; submit epoch " + epoch + " once it has settled");
            }
        }
    }

    /**
     * Waits, without the lock, up to {@link #SUBMISSION_GRACE} for a submission in flight to settle; true if one
     * did, so that a step can take its outcome now rather than on the next tick.
     */
    private boolean submissionSettles() {
        List<CompletableFuture<RootSubmitter.Status>> pending = submissions.values().stream()
                .map(InFlight::status).toList();
        if (pending.isEmpty()) {
            return false;
        }
        try {
            CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new))
                    .get(SUBMISSION_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillOnItsWay) {
            return false;
        } catch (ExecutionException failed) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /**
     * Runs {@code work} holding the lifecycle's lock, waiting at most {@link #STEP_LOCK_WAIT} for it. A pass holds
     * it only while it reads and writes, never while a transaction waits for its block.
     */
    private <T> T locked(Supplier<T> work) {
        try {
            if (!stepping.tryLock(STEP_LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EpochLifecycleBusyException(STEP_LOCK_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EpochLifecycleBusyException(STEP_LOCK_WAIT);
        }
        try {
            return work.get();
        } finally {
            stepping.unlock();
        }
    }

    private Optional<EpochRecord> record(long epoch) {
        return db.await(ledger.get(epoch), "reading the record of epoch " + epoch);
    }

    private StoredEpoch stored(long epoch) {
        return db.await(store.epoch(epoch), "reading the result of epoch " + epoch)
                .orElseThrow(() -> new IllegalStateException(
                        "epoch " + epoch + " is past COMPUTED but its result is not stored"));
    }

    private void requireStatus(long epoch, EpochStatus actual, EpochStatus expected) {
        if (actual != expected) {
            throw new IllegalStateException("epoch " + epoch + " is " + actual + "; this step starts from " + expected);
        }
    }

    /** Every earlier epoch is FINALIZED or COMPUTED; returns the COMPUTED ones, which the epoch's root covers. */
    private List<Long> requireEarlierSettled(long epoch) {
        List<Long> covered = new ArrayList<>();
        for (EpochRecord earlier : db.await(ledger.all(), "reading the epochs")) {
            if (earlier.epoch() >= epoch || earlier.status() == EpochStatus.FINALIZED) {
                continue;
            }
            if (earlier.status() != EpochStatus.COMPUTED) {
                throw new IllegalStateException("epoch " + earlier.epoch() + " is " + earlier.status()
                        + "; the distributor takes one root at a time, and a later root covers only computed epochs");
            }
            covered.add(earlier.epoch());
        }
        return covered;
    }

    private static Optional<DistributorEvent.RootEvent> last(List<DistributorEvent.RootEvent> events, String name) {
        DistributorEvent.RootEvent found = null;
        for (DistributorEvent.RootEvent event : events) {
            if (event.event().equals(name)) {
                found = event;
            }
        }
        return Optional.ofNullable(found);
    }

    private void count(String step, boolean moved) {
        if (moved) {
            steps.computeIfAbsent(step, name -> Counter.builder("gov.epochs.steps").tag("step", name)
                    .description("Lifecycle steps that moved an epoch").register(meters)).increment();
        }
    }
}
