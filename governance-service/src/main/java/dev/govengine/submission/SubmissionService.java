package dev.govengine.submission;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What the epoch lifecycle calls to put results on chain. It is off without a key, and stays off if the key does
 * not hold the distributor's UPDATER_ROLE (checked by eth_call before anything is sent); indexing and the API do not
 * depend on it. A proposal is idempotent: a root already on chain for the epoch is adopted, a transaction in flight
 * for it is joined, and a different root on chain is refused.
 */
public final class SubmissionService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    static final String PROPOSE_ROOT = "proposeRoot";

    /** OFF: no key configured; UNCHECKED: the role could not be read yet; UNAUTHORIZED: no role (or no distributor). */
    public enum State { OFF, UNCHECKED, UNAUTHORIZED, ACTIVE }

    private final TransactionManager transactions;
    private final DistributorReads distributor;
    /** Mode B only: the timelock, which must then hold UPDATER_ROLE instead of the signer. */
    private final ChecksumAddress timelock;
    private volatile State state;
    private volatile String detail;

    private SubmissionService(State state, String detail, TransactionManager transactions, DistributorReads distributor,
            ChecksumAddress timelock) {
        this.state = state;
        this.detail = detail;
        this.transactions = transactions;
        this.distributor = distributor;
        this.timelock = timelock;
    }

    /** A service that refuses every submission, for the given reason. */
    public static SubmissionService off(String why) {
        return new SubmissionService(State.OFF, why, null, null, null);
    }

    /**
     * @param distributorBlock the distributor's creation block, where the search for its RootProposed logs starts
     */
    public static SubmissionService of(TransactionManager transactions, ChecksumAddress distributor, long distributorBlock) {
        return new SubmissionService(State.UNCHECKED, "UPDATER_ROLE not checked yet", transactions,
                new DistributorReads(distributor, distributorBlock), null);
    }

    /**
     * Mode B (gov.submission.mode=governance): roots reach the distributor through Governor proposals that the
     * timelock executes, so the timelock, not the signer, must hold UPDATER_ROLE; the signer only proposes, queues
     * and executes (see {@link GovernanceSubmission}), and {@link #proposeRoot} is refused.
     */
    public static SubmissionService throughGovernance(TransactionManager transactions, ChecksumAddress distributor,
            long distributorBlock, ChecksumAddress timelock) {
        return new SubmissionService(State.UNCHECKED, "UPDATER_ROLE of the timelock not checked yet", transactions,
                new DistributorReads(distributor, distributorBlock), timelock);
    }

    /** Whether roots go through governance (Mode B). */
    public boolean governanceMode() {
        return timelock != null;
    }

    public State state() {
        return state;
    }

    /** Why the service is in its state, in one line for logs and health. */
    public String detail() {
        return detail;
    }

    public Optional<ChecksumAddress> signer() {
        return Optional.ofNullable(transactions).map(TransactionManager::sender);
    }

    public Optional<ChecksumAddress> distributor() {
        return Optional.ofNullable(distributor).map(DistributorReads::address);
    }

    /**
     * Checks on chain that the signer holds UPDATER_ROLE. Without it the service stays off, with one error line;
     * if the node cannot be reached, it stays UNCHECKED and the next submission checks again.
     */
    public Uni<State> activate() {
        if (state == State.OFF || state == State.ACTIVE || state == State.UNAUTHORIZED) {
            return Uni.createFrom().item(state);
        }
        ChecksumAddress signer = transactions.sender();
        ChecksumAddress updater = governanceMode() ? timelock : signer;
        String who = governanceMode() ? "timelock " + timelock + " (gov.submission.mode=governance, signer " + signer + ")"
                : "signer " + signer;
        return transactions.read(node -> distributor.hasUpdaterRole(node, updater))
                .map(authorized -> {
                    if (authorized) {
                        become(State.ACTIVE, who + " holds UPDATER_ROLE on RewardDistributor " + distributor.address());
                        LOG.infof("Submission on: %s", detail);
                    } else {
                        become(State.UNAUTHORIZED, who + " does not hold UPDATER_ROLE on RewardDistributor "
                                + distributor.address() + "; grant it through governance (grantRole) and restart");
                        LOG.errorf("Submission off: %s", detail);
                    }
                    return state;
                })
                .onFailure(DistributorReads.NotADistributorException.class).recoverWithItem(e -> {
                    become(State.UNAUTHORIZED, e.getMessage());
                    LOG.errorf("Submission off: %s", detail);
                    return state;
                })
                .onFailure().recoverWithItem(e -> {
                    detail = "cannot check UPDATER_ROLE of " + signer + " yet: " + e.getMessage();
                    LOG.warnf("Submission: %s", detail);
                    return state;
                });
    }

    /**
     * Proposes {@code root} for {@code epoch} (RewardDistributor.proposeRoot) and completes once the outcome is
     * final. Fails with {@link SubmissionDisabledException} or {@link RootConflictException} without sending.
     */
    public Uni<SubmissionOutcome> proposeRoot(long epoch, Bytes32 root, BigInteger totalCumulative, String dataUri) {
        if (governanceMode()) {
            return Uni.createFrom().failure(new SubmissionDisabledException("gov.submission.mode is governance: the"
                    + " signer holds no UPDATER_ROLE, and roots go in as proposals (GovernanceSubmission.propose)"));
        }
        String calldata = DistributorReads.proposeRootCalldata(epoch, root, totalCumulative, dataUri);
        return requireActive()
                .flatMap(active -> transactions.read(node -> distributor.discards(node, epoch)))
                .flatMap(discards -> {
                    // Each root governance discards ends a proposal of the epoch: the next one is a new purpose, or
                    // the confirmed proposal of the discarded root would be returned again.
                    TxPurpose purpose = TxPurpose.forEpoch(discards == 0 ? PROPOSE_ROOT : PROPOSE_ROOT + "#" + (discards + 1),
                            epoch);
                    return proposeRoot(purpose, epoch, root, calldata);
                });
    }

    private Uni<SubmissionOutcome> proposeRoot(TxPurpose purpose, long epoch, Bytes32 root, String calldata) {
        return Uni.createFrom().item(() -> transactions.latest(purpose))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(recorded -> {
                    if (recorded.filter(row -> row.status.candidate() || row.status == TxStatus.CONFIRMED).isPresent()) {
                        return send(purpose, epoch, root, calldata);
                    }
                    return transactions.read(node -> distributor.epochRoot(node, epoch))
                            .flatMap(onChain -> decide(purpose, epoch, root, calldata, onChain));
                });
    }

    private Uni<SubmissionOutcome> decide(TxPurpose purpose, long epoch, Bytes32 root, String calldata,
            DistributorReads.EpochRoot onChain) {
        if (onChain.status() == DistributorReads.RootStatus.NONE || onChain.status() == DistributorReads.RootStatus.DISCARDED) {
            return send(purpose, epoch, root, calldata);
        }
        if (!onChain.root().equals(root)) {
            RootConflictException conflict = new RootConflictException(epoch, onChain.root(), onChain.status().name(), root,
                    distributor.address());
            LOG.errorf("Submission: %s", conflict.getMessage());
            return Uni.createFrom().failure(conflict);
        }
        return transactions.read(node -> distributor.proposal(node, epoch, root)).map(found -> {
            LOG.infof("Submission: epoch %d already has root %s on chain (%s%s); adopted, nothing sent", epoch, root,
                    onChain.status(), found.map(p -> ", proposed in " + p.txHash()).orElse(""));
            return new SubmissionOutcome(epoch, root, SubmissionOutcome.Result.ADOPTED,
                    found.map(DistributorReads.Proposal::txHash).orElse(null),
                    found.map(DistributorReads.Proposal::blockNumber).orElse(null), null);
        });
    }

    private Uni<SubmissionOutcome> send(TxPurpose purpose, long epoch, Bytes32 root, String calldata) {
        return transactions.send(purpose, distributor.address(), calldata).map(tx -> SubmissionOutcome.of(epoch, root, tx));
    }

    /** Any other transaction of the signer, such as a governance-mode proposal, through the same lifecycle. */
    public Uni<TxOutcome> send(TxPurpose purpose, ChecksumAddress to, String calldata) {
        return requireActive().flatMap(active -> transactions.send(purpose, to, calldata));
    }

    /**
     * Finishes the transactions a previous run left in flight (see {@link TransactionManager#resume()}); nothing to
     * do while the service is not active.
     */
    public Uni<List<TxOutcome>> resume() {
        return requireActive().flatMap(active -> transactions.resume());
    }

    /** The signer's transaction manager, shared with {@link GovernanceSubmission} so that one lock orders its nonces. */
    Optional<TransactionManager> transactions() {
        return Optional.ofNullable(transactions);
    }

    Uni<State> requireActive() {
        return activate().flatMap(now -> now == State.ACTIVE
                ? Uni.createFrom().item(now)
                : Uni.createFrom().failure(new SubmissionDisabledException(detail)));
    }

    private void become(State next, String why) {
        detail = why;
        state = next;
    }

    @Override
    public void close() {
        if (transactions != null) {
            transactions.close();
        }
    }
}
