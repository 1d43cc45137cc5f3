package dev.govengine.api;

import dev.govengine.rewards.store.StoredLeaf;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("AccountEpochReward")
@Description("An account's reward in one computed epoch, in base units.")
public record AccountEpochRewardView(
        @NonNull @Description("The epoch number, decimal.") String epoch,
        @NonNull @Description("Paid this epoch; 0 when the account is in the tree for earlier epochs only.") String amount,
        @NonNull @Description("This epoch's amount per program.") List<@NonNull RewardProgramAmountView> programs,
        @NonNull @Description("All the account has earned up to and including this epoch: its leaf.") String cumulativeAmount) {

    static AccountEpochRewardView of(StoredLeaf leaf) {
        return new AccountEpochRewardView(Long.toString(leaf.epoch()), leaf.amount().toString(),
                RewardProgramAmountView.of(leaf.byProgram()), leaf.cumulativeAmount().toString());
    }
}
