package dev.govengine.submission;

import dev.govengine.types.Bytes32;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;

/**
 * The one call the epoch lifecycle makes for a COMPUTED epoch, whichever gov.submission.mode is set; it is
 * idempotent, so the lifecycle calls it on every tick until the answer is no longer WAITING.
 *
 * <ul>
 * <li>Mode A (optimistic): {@link SubmissionService#proposeRoot}; SUBMITTED once the transaction is confirmed or the
 * root was already on chain.</li>
 * <li>Mode B (governance): {@link GovernanceSubmission#propose}, then {@link GovernanceSubmission#advance}; WAITING
 * while the DAO votes and the timelock delay runs, SUBMITTED once the proposal executed and the distributor holds the
 * root.</li>
 * </ul>
 * In both modes SUBMITTED means the root is pending on the distributor and its dispute period runs from there;
 * FAILED carries the reason for SUBMIT_FAILED. A submission that is off fails the Uni with
 * {@link SubmissionDisabledException}: that is not the epoch's fault, and the epoch stays COMPUTED.
 */
@ApplicationScoped
public class RootSubmitter {
    public enum Outcome { SUBMITTED, WAITING, FAILED }

    /** {@code proposalId} is set in Mode B; {@code txHash} is the transaction that proposed or executed, if any. */
    public record Status(long epoch, Outcome outcome, String detail, String txHash, BigInteger proposalId) {
    }

    private final SubmissionService submission;
    private final GovernanceSubmission governance;

    @Inject
    public RootSubmitter(SubmissionService submission, GovernanceSubmission governance) {
        this.submission = submission;
        this.governance = governance;
    }

    public Uni<Status> submit(long epoch, Bytes32 root, BigInteger totalCumulative, String dataUri) {
        Uni<Status> status = submission.governanceMode()
                ? throughGovernance(epoch, root, totalCumulative, dataUri)
                : submission.proposeRoot(epoch, root, totalCumulative, dataUri).map(outcome -> switch (outcome.result()) {
                    case PROPOSED, ADOPTED -> new Status(epoch, Outcome.SUBMITTED, outcome.result().name(), outcome.txHash(), null);
                    case REVERTED, DROPPED -> new Status(epoch, Outcome.FAILED, "proposeRoot " + outcome.result() + ": "
                            + outcome.revertReason(), outcome.txHash(), null);
                });
        return status.onFailure(e -> e instanceof SimulationRevertedException || e instanceof RootConflictException
                        || e instanceof GovernanceProposalConflictException || e instanceof PurposeConflictException)
                .recoverWithItem(e -> new Status(epoch, Outcome.FAILED, e.getMessage(), null, null));
    }

    private Uni<Status> throughGovernance(long epoch, Bytes32 root, BigInteger totalCumulative, String dataUri) {
        return governance.propose(epoch, root, totalCumulative, dataUri).flatMap(proposed -> {
            if (proposed.result() == GovernanceSubmission.Proposed.Result.REVERTED
                    || proposed.result() == GovernanceSubmission.Proposed.Result.DROPPED) {
                return Uni.createFrom().item(new Status(epoch, Outcome.FAILED, "propose " + proposed.result() + ": "
                        + proposed.revertReason(), proposed.txHash(), proposed.proposalId()));
            }
            return governance.advance(epoch).map(progress -> new Status(epoch, switch (progress.phase()) {
                case EXECUTED -> Outcome.SUBMITTED;
                case FAILED -> Outcome.FAILED;
                case IN_PROGRESS -> Outcome.WAITING;
            }, progress.detail(), progress.txHash(), progress.proposalId()));
        });
    }
}
