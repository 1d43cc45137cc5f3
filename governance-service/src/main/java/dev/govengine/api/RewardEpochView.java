package dev.govengine.api;

import dev.govengine.rewards.store.StoredEpoch;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("RewardEpoch")
@Description("A computed reward epoch. Amounts are decimal strings in the reward token's base units.")
public record RewardEpochView(
        @NonNull @Description("The epoch number, decimal.") String epoch,
        @NonNull @Id @Description("The RewardDistributor the root is for, CAIP-10.") String distributor,
        @NonNull RewardEpochStatus status,
        @Description("Why the epoch is SUBMIT_FAILED (the decoded revert, the conflict, the dispute's outcome), or what it"
                + " waits for; null when there is nothing to say.") String statusDetail,
        @NonNull @Description("Root of the cumulative tree, 0x-prefixed bytes32.") String root,
        @NonNull @Description("Sum of every leaf: proposeRoot's totalCumulative.") String totalCumulative,
        @NonNull String budget,
        @NonNull @Description("Carried in from the previous epoch.") String carryIn,
        @NonNull @Description("Paid to accounts this epoch.") String paid,
        @NonNull @Description("Carried to the next epoch: paid + carryOut = budget + carryIn.") String carryOut,
        @NonNull List<@NonNull RewardProgramTotalView> programs,
        @Description("Accounts paid this epoch.") int recipientCount,
        @Description("Accounts in the cumulative tree.") int leafCount,
        @Description("The RewardPolicy version the epoch was computed under; null if computed offline.") String policyVersion,
        @Description("The proposeRoot transaction; null until submitted.") String proposeTxHash,
        @Description("The dispute transaction; null unless disputed.") String disputeTxHash,
        @Description("The resolveDispute transaction; null unless resolved.") String resolveTxHash,
        @Description("When the dispute window closes, seconds since the Unix epoch; null until submitted.") String disputeDeadline,
        @NonNull @Description("When the result was stored, ISO-8601.") String computedAt,
        @Description("The later epoch whose cumulative root carried this epoch's amounts on chain, when this epoch's own"
                + " root was skipped because the engine had fallen behind; null otherwise.") String coveredBy) {

    static RewardEpochView of(StoredEpoch epoch) {
        return new RewardEpochView(Long.toString(epoch.epoch()), epoch.distributor().caip10(),
                RewardEpochStatus.valueOf(epoch.status()), epoch.statusDetail(),
                epoch.root().toHex(), epoch.totalCumulative().toString(), epoch.budget().toString(),
                epoch.carryIn().toString(), epoch.paid().toString(), epoch.carryOut().toString(),
                RewardProgramTotalView.of(epoch), epoch.recipientCount(), epoch.leafCount(),
                GovernorView.text(epoch.policyVersion()), epoch.proposeTxHash(), epoch.disputeTxHash(),
                epoch.resolveTxHash(), GovernorView.text(epoch.disputeDeadline()), epoch.computedAt().toString(),
                GovernorView.text(epoch.coveredBy()));
    }
}
