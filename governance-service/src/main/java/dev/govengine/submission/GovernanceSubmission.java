package dev.govengine.submission;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalRecord;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Mode B: an epoch's root goes in as a Governor proposal whose one action, executed by the timelock, calls
 * {@code RewardDistributor.proposeRoot}; the timelock holds UPDATER_ROLE, the signer only needs the votes to propose.
 *
 * <p>{@link #propose} records the proposal in {@code governance_root_proposal} before anything is signed, then sends
 * {@code propose} under the purpose key {@value #PROPOSE} of the epoch: a proposal in flight is joined, a confirmed
 * one returned, and one that already exists (in the index, or by {@code proposalSnapshot} on chain) is adopted, so
 * the same epoch is never proposed twice, across crashes and replicas. The description ends with
 * {@code #proposer=<signer>}, which OpenZeppelin's Governor enforces, so nobody else can create the same proposal
 * first and cancel it. Once an epoch's proposal has failed (defeated, canceled, expired), the next {@link #propose}
 * is a new attempt, with a description (and so an id) of its own. {@link #advance} then follows the proposal
 * from the index's state at its head and calls {@code queue} and {@code execute} when they are due; since anyone may
 * call them, the chain's {@code state()} is read right before each, and what someone else did is adopted.
 */
public final class GovernanceSubmission {
    private static final Logger LOG = Logger.getLogger(GovernanceSubmission.class);
    static final String PROPOSE = "governanceProposeRoot";
    static final String QUEUE = "governanceQueueRoot";
    static final String EXECUTE = "governanceExecuteRoot";

    /** How {@link #propose} ended: PROPOSED by our transaction, ADOPTED (it existed, nothing sent), REVERTED, DROPPED. */
    public record Proposed(long epoch, BigInteger proposalId, GovernorProposal proposal, Result result, String txHash,
            String revertReason) {
        public enum Result { PROPOSED, ADOPTED, REVERTED, DROPPED }
    }

    /**
     * Where an epoch's proposal stands after {@link #advance}. {@code phase}: IN_PROGRESS (voting, waiting for the
     * timelock's eta, or an execution the distributor refuses for now, named in {@code detail}), EXECUTED (the root
     * is on the distributor, where its dispute period runs) or FAILED (defeated, canceled or expired: the epoch is
     * SUBMIT_FAILED). {@code sent} is what this call sent ({@code txHash} its transaction), NONE if nothing.
     */
    public record Progress(long epoch, BigInteger proposalId, ProposalState state, Phase phase, Step sent,
            String txHash, String detail) {
        public enum Phase { IN_PROGRESS, EXECUTED, FAILED }

        public enum Step { NONE, QUEUE, EXECUTE }
    }

    private final SubmissionService service;
    private final TransactionManager transactions;
    private final GovernanceRootProposalStore store;
    private final GovernanceQueries queries;
    private final GovernorRegistry registry;
    private final ChecksumAddress governor;
    private final DistributorReads distributor;

    public GovernanceSubmission(SubmissionService service, GovernanceRootProposalStore store, GovernanceQueries queries,
            GovernorRegistry registry, ChecksumAddress governor, ChecksumAddress distributor, long distributorBlock) {
        this.service = service;
        this.transactions = service.transactions().orElse(null);
        this.store = store;
        this.queries = queries;
        this.registry = registry;
        this.governor = governor;
        this.distributor = distributor == null ? null : new DistributorReads(distributor, distributorBlock);
    }

    /** Mode B without a key or deployment: every call fails as the submission service does. */
    public static GovernanceSubmission off(SubmissionService service) {
        return new GovernanceSubmission(service, null, null, null, null, null, 0);
    }

    /**
     * The proposal that carries {@code root} for {@code epoch}: one action, {@code distributor.proposeRoot(epoch,
     * root, totalCumulative, dataUri)}, and a description that names them, the attempt after the first, and ends with
     * {@code #proposer=<proposer>}, so the same inputs give the same id and only {@code proposer} can create it.
     */
    public static GovernorProposal rootProposal(ChecksumAddress governor, ChecksumAddress distributor, long epoch,
            int attempt, Bytes32 root, BigInteger totalCumulative, String dataUri, ChecksumAddress proposer) {
        String description = "# Reward root for epoch " + epoch + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                + "\n\n"
                + "Posts the reward root of epoch " + epoch + " to the RewardDistributor " + distributor + ".\n\n"
                + "- root: " + root + "\n"
                + "- total cumulative: " + totalCumulative + " base units\n"
                + "- inputs and tree: " + dataUri + "\n\n"
                + "Once executed, the root goes live after the distributor's dispute period unless it is disputed.\n\n"
                + "#proposer=" + proposer;
        return new GovernorProposal(governor, List.of(rootAction(distributor, epoch, root, totalCumulative, dataUri)),
                description);
    }

    private static GovernorProposal.Action rootAction(ChecksumAddress distributor, long epoch, Bytes32 root,
            BigInteger totalCumulative, String dataUri) {
        return GovernorProposal.Action.call(distributor, new Function("proposeRoot", List.of(
                new Uint256(epoch), new org.web3j.abi.datatypes.generated.Bytes32(root.toArray()),
                new Uint256(totalCumulative), new Utf8String(dataUri)), List.of()));
    }

    /** The purpose key of an attempt's transaction: the first attempt's is the action alone. */
    static TxPurpose purpose(String action, long epoch, int attempt) {
        return TxPurpose.forEpoch(attempt == 1 ? action : action + "#" + attempt, epoch);
    }

    /**
     * Proposes the epoch's root on the Governor, or adopts the proposal if it exists; completes once the propose
     * transaction is final. Fails without sending with {@link SubmissionDisabledException} (the timelock lacks
     * UPDATER_ROLE), {@link GovernanceProposalConflictException} (another proposal is recorded for the epoch) or
     * {@link SimulationRevertedException} with the Governor's decoded reason, e.g.
     * {@code GovernorInsufficientProposerVotes(proposer=…, votes=…, threshold=…)}.
     */
    public Uni<Proposed> propose(long epoch, Bytes32 root, BigInteger totalCumulative, String dataUri) {
        if (transactions == null || distributor == null) {
            return Uni.createFrom().failure(new SubmissionDisabledException(service.detail()));
        }
        if (!service.governanceMode()) {
            return Uni.createFrom().failure(optimistic());
        }
        return service.requireActive()
                .flatMap(active -> blocking(() -> store.find(transactions.settings().chainId(), governor.toString(), epoch)))
                .flatMap(this::attempt)
                .flatMap(attempt -> {
                    GovernorProposal proposal = rootProposal(governor, distributor.address(), epoch, attempt, root,
                            totalCumulative, dataUri, transactions.sender());
                    BigInteger id = proposal.id();
                    TxPurpose purpose = purpose(PROPOSE, epoch, attempt);
                    return blocking(() -> {
                        GovernanceRootProposal recorded = store.recordIfAbsent(row(epoch, attempt, root, totalCumulative,
                                dataUri, proposal, id));
                        if (!recorded.proposalId.equals(id)) {
                            throw new GovernanceProposalConflictException(epoch, recorded.proposalId, recorded.root, id,
                                    root);
                        }
                        return transactions.latest(purpose)
                                .filter(tx -> tx.status.candidate() || tx.status == TxStatus.CONFIRMED).isPresent();
                    }).flatMap(ours -> ours ? sendPropose(epoch, proposal, purpose) : exists(id).flatMap(exists -> exists
                            ? adopted(epoch, proposal) : sendPropose(epoch, proposal, purpose)));
                });
    }

    /**
     * The attempt a proposal for the epoch is now: the first, or the latest recorded one, or the next once the latest
     * has failed on chain, or was executed but the distributor has since discarded its root. A latest attempt that was
     * never created (its transaction reverted or was dropped) is tried again as it is.
     */
    private Uni<Integer> attempt(Optional<GovernanceRootProposal> latest) {
        if (latest.isEmpty()) {
            return Uni.createFrom().item(1);
        }
        GovernanceRootProposal row = latest.get();
        return exists(row.proposalId).flatMap(exists -> !exists ? Uni.createFrom().item(row.attempt)
                : chainState(row.proposalId).flatMap(state -> switch (state) {
                    case DEFEATED, CANCELED, EXPIRED -> next(row, state.name());
                    case EXECUTED -> transactions.read(node -> distributor.epochRoot(node, row.epoch)).flatMap(root ->
                            root.status() == DistributorReads.RootStatus.DISCARDED ? next(row, "executed, its root discarded")
                                    : Uni.createFrom().item(row.attempt));
                    default -> Uni.createFrom().item(row.attempt);
                }));
    }

    private static Uni<Integer> next(GovernanceRootProposal row, String why) {
        LOG.warnf("Submission: proposal %s (attempt %d) for epoch %d's root is %s; proposing attempt %d",
                row.proposalId, row.attempt, row.epoch, why, row.attempt + 1);
        return Uni.createFrom().item(row.attempt + 1);
    }

    private static SubmissionDisabledException optimistic() {
        return new SubmissionDisabledException("gov.submission.mode is optimistic: roots go to the distributor directly"
                + " (SubmissionService.proposeRoot)");
    }

    private Uni<Proposed> adopted(long epoch, GovernorProposal proposal) {
        LOG.infof("Submission: the proposal for epoch %d's root already exists on Governor %s (id %s); adopted, nothing sent",
                epoch, governor, proposal.id());
        return Uni.createFrom().item(new Proposed(epoch, proposal.id(), proposal, Proposed.Result.ADOPTED, null, null));
    }

    private Uni<Proposed> sendPropose(long epoch, GovernorProposal proposal, TxPurpose purpose) {
        return transactions.send(purpose, governor, proposal.proposeCalldata()).flatMap(tx -> {
            if (!tx.confirmed()) {
                Proposed.Result result = tx.status() == TxStatus.REVERTED ? Proposed.Result.REVERTED : Proposed.Result.DROPPED;
                return Uni.createFrom().item(new Proposed(epoch, proposal.id(), proposal, result, tx.txHash(),
                        tx.revertReason() != null ? tx.revertReason() : tx.error()));
            }
            return transactions.read(node -> node.receipt(tx.txHash()).orElseThrow()).map(receipt -> {
                checkCreated(receipt, proposal.id());
                LOG.infof("Submission: epoch %d's root proposed on Governor %s as proposal %s (%s)", epoch, governor,
                        proposal.id(), tx.txHash());
                return new Proposed(epoch, proposal.id(), proposal, Proposed.Result.PROPOSED, tx.txHash(), null);
            });
        });
    }

    /** The id the Governor announced must be the one computed here, or every later step would follow the wrong proposal. */
    static void checkCreated(TransactionReceipt receipt, BigInteger expected) {
        List<BigInteger> created = DaoGovernor.getProposalCreatedEvents(receipt).stream().map(e -> e.proposalId).toList();
        if (!created.equals(List.of(expected))) {
            throw new IllegalStateException("ProposalCreated in " + receipt.getTransactionHash() + " announced " + created
                    + ", not the computed id " + expected);
        }
    }

    /**
     * Moves the epoch's proposal on as far as it can go now: queues it once it succeeded, executes it once the
     * timelock's eta has passed. The state comes from the index (at its head); the chain's {@code state()} is read
     * only right before sending, to adopt a queue or execution someone else made since.
     */
    public Uni<Progress> advance(long epoch) {
        if (transactions == null || distributor == null) {
            return Uni.createFrom().failure(new SubmissionDisabledException(service.detail()));
        }
        if (!service.governanceMode()) {
            return Uni.createFrom().failure(optimistic());
        }
        return service.requireActive()
                .flatMap(active -> blocking(() -> store.find(transactions.settings().chainId(), governor.toString(), epoch)
                        .orElseThrow(() -> new IllegalStateException("no root proposal is recorded for epoch " + epoch
                                + " on Governor " + governor + "; propose it first"))))
                .flatMap(row -> {
                    Bytes32 root = Bytes32.fromHex(row.root);
                    GovernorProposal proposal = new GovernorProposal(governor, List.of(rootAction(distributor.address(),
                            epoch, root, row.totalCumulative, row.dataUri)), row.description);
                    return indexed(proposal.id()).flatMap(record -> step(epoch, row.attempt, proposal, root, record));
                });
    }

    private Uni<Progress> step(long epoch, int attempt, GovernorProposal proposal, Bytes32 root,
            Optional<ProposalRecord> indexed) {
        BigInteger id = proposal.id();
        if (indexed.isEmpty()) {
            return progress(epoch, id, null, Progress.Phase.IN_PROGRESS, "the index has not seen the proposal yet");
        }
        ProposalRecord record = indexed.get();
        return switch (record.state()) {
            case PENDING, ACTIVE -> progress(epoch, id, record.state(), Progress.Phase.IN_PROGRESS,
                    "voting until " + record.voteEnd() + " (for " + record.tally().forVotes() + ", against "
                            + record.tally().against() + ", quorum " + record.quorum() + ")");
            case DEFEATED, CANCELED, EXPIRED -> {
                String detail = "proposal " + id + " for epoch " + epoch + "'s root is " + record.state() + " (for "
                        + record.tally().forVotes() + ", against " + record.tally().against() + ", abstain "
                        + record.tally().abstain() + ", quorum " + record.quorum() + ")";
                LOG.errorf("Submission: %s", detail);
                yield progress(epoch, id, record.state(), Progress.Phase.FAILED, detail);
            }
            case SUCCEEDED -> queue(epoch, attempt, proposal, root);
            case QUEUED -> executeWhenDue(epoch, attempt, proposal, root, record.eta());
            case EXECUTED -> executed(epoch, id, root, Progress.Step.NONE, null);
        };
    }

    private Uni<Progress> queue(long epoch, int attempt, GovernorProposal proposal, Bytes32 root) {
        BigInteger id = proposal.id();
        return chainState(id).flatMap(onChain -> {
            if (onChain != ProposalState.SUCCEEDED) {
                LOG.infof("Submission: proposal %s is already %s on chain; adopted", id, onChain);
                return follow(epoch, attempt, proposal, root, onChain);
            }
            return transactions.send(purpose(QUEUE, epoch, attempt), governor, proposal.queueCalldata())
                    .flatMap(tx -> chainState(id).flatMap(after -> {
                        if (tx.confirmed()) {
                            LOG.infof("Submission: queued proposal %s for epoch %d (%s)", id, epoch, tx.txHash());
                            return progress(epoch, id, after, Progress.Phase.IN_PROGRESS, Progress.Step.QUEUE, tx.txHash(),
                                    "queued on the timelock");
                        }
                        // Another caller's queue landed first (same block): what counts is the proposal's state now.
                        return follow(epoch, attempt, proposal, root, after);
                    }));
        });
    }

    private Uni<Progress> executeWhenDue(long epoch, int attempt, GovernorProposal proposal, Bytes32 root,
            BigInteger indexedEta) {
        BigInteger id = proposal.id();
        Uni<BigInteger> eta = indexedEta != null && indexedEta.signum() > 0 ? Uni.createFrom().item(indexedEta)
                : transactions.read(node -> uint(node.call(governor.toString(), GovernorProposal.etaCall(id))));
        return eta.flatMap(due -> transactions.read(NodeClient::latestTimestamp).flatMap(now -> {
            if (BigInteger.valueOf(now).compareTo(due) < 0) {
                return progress(epoch, id, ProposalState.QUEUED, Progress.Phase.IN_PROGRESS,
                        "queued; executable from " + Instant.ofEpochSecond(due.longValueExact()) + " (eta " + due + ")");
            }
            return chainState(id).flatMap(onChain -> {
                if (onChain != ProposalState.QUEUED) {
                    return follow(epoch, attempt, proposal, root, onChain);
                }
                return transactions.send(purpose(EXECUTE, epoch, attempt), governor, proposal.executeCalldata())
                        .flatMap(tx -> tx.confirmed() ? executed(epoch, id, root, Progress.Step.EXECUTE, tx.txHash())
                                : chainState(id).flatMap(after -> after == ProposalState.EXECUTED
                                        ? executed(epoch, id, root, Progress.Step.NONE, null)
                                        : progress(epoch, id, after, Progress.Phase.IN_PROGRESS, Progress.Step.NONE,
                                                tx.txHash(), "execute " + tx.status() + ": " + tx.revertReason())))
                        // The distributor refuses for now (another epoch's root still pending, say): the proposal
                        // stays queued and can be executed later, so this is not the epoch's failure.
                        .onFailure(SimulationRevertedException.class).recoverWithItem(e -> new Progress(epoch, id,
                                ProposalState.QUEUED, Progress.Phase.IN_PROGRESS, Progress.Step.NONE, null,
                                "execute would revert: " + ((SimulationRevertedException) e).reason()));
            });
        }));
    }

    /** Continues from a state read on chain, which may be ahead of the index. */
    private Uni<Progress> follow(long epoch, int attempt, GovernorProposal proposal, Bytes32 root,
            ProposalState onChain) {
        BigInteger id = proposal.id();
        return switch (onChain) {
            case QUEUED -> executeWhenDue(epoch, attempt, proposal, root, null);
            case EXECUTED -> executed(epoch, id, root, Progress.Step.NONE, null);
            case DEFEATED, CANCELED, EXPIRED -> progress(epoch, id, onChain, Progress.Phase.FAILED,
                    "proposal " + id + " for epoch " + epoch + "'s root is " + onChain + " on chain");
            default -> progress(epoch, id, onChain, Progress.Phase.IN_PROGRESS, "state on chain: " + onChain);
        };
    }

    /** Executed: the distributor must now hold our root for the epoch (pending its dispute period, or live). */
    private Uni<Progress> executed(long epoch, BigInteger id, Bytes32 root, Progress.Step sent, String txHash) {
        return transactions.read(node -> distributor.epochRoot(node, epoch)).map(onChain -> {
            if (!root.equals(onChain.root())) {
                throw new IllegalStateException("proposal " + id + " executed, but RewardDistributor " + distributor.address()
                        + " holds " + onChain.root() + " (" + onChain.status() + ") for epoch " + epoch + ", not " + root);
            }
            if (sent == Progress.Step.EXECUTE) {
                LOG.infof("Submission: executed proposal %s: epoch %d's root %s is %s on the distributor (%s)", id, epoch,
                        root, onChain.status(), txHash);
            }
            return new Progress(epoch, id, ProposalState.EXECUTED, Progress.Phase.EXECUTED, sent, txHash,
                    "root " + onChain.status() + " on RewardDistributor " + distributor.address() + ", live at "
                            + onChain.liveAt());
        });
    }

    /** Whether the proposal exists: in the index if it follows this Governor, else by proposalSnapshot on chain. */
    private Uni<Boolean> exists(BigInteger id) {
        return indexed(id).flatMap(record -> record.isPresent() ? Uni.createFrom().item(true)
                : transactions.read(node -> uint(node.call(governor.toString(), GovernorProposal.snapshotCall(id))).signum() != 0));
    }

    private Uni<Optional<ProposalRecord>> indexed(BigInteger id) {
        Optional<String> governorId = registry.all().stream()
                .filter(g -> g.chainId() == transactions.settings().chainId() && g.address().equals(governor))
                .map(IndexedGovernor::id).findFirst();
        if (governorId.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("Governor " + governor + " is not indexed:"
                    + " Mode B follows proposals through the index; add it under gov.governors"));
        }
        return queries.proposal(governorId.get(), id);
    }

    private Uni<ProposalState> chainState(BigInteger id) {
        return transactions.read(node -> ProposalState.values()[
                uint(node.call(governor.toString(), GovernorProposal.stateCall(id))).intValueExact()]);
    }

    private static BigInteger uint(String hex) {
        return Numeric.toBigInt(hex);
    }

    private GovernanceRootProposal row(long epoch, int attempt, Bytes32 root, BigInteger total, String dataUri,
            GovernorProposal proposal, BigInteger id) {
        GovernanceRootProposal row = new GovernanceRootProposal();
        row.chainId = transactions.settings().chainId();
        row.governor = governor.toString();
        row.epoch = epoch;
        row.attempt = attempt;
        row.proposalId = id;
        row.distributor = distributor.address().toString();
        row.root = root.toHex();
        row.totalCumulative = total;
        row.dataUri = dataUri;
        row.description = proposal.description();
        row.createdAt = Instant.now();
        return row;
    }

    private static Uni<Progress> progress(long epoch, BigInteger id, ProposalState state, Progress.Phase phase, String detail) {
        return progress(epoch, id, state, phase, Progress.Step.NONE, null, detail);
    }

    private static Uni<Progress> progress(long epoch, BigInteger id, ProposalState state, Progress.Phase phase,
            Progress.Step sent, String txHash, String detail) {
        return Uni.createFrom().item(new Progress(epoch, id, state, phase, sent, txHash, detail));
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
