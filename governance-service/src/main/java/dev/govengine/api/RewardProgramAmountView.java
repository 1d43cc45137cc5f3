package dev.govengine.api;

import dev.govengine.rewards.scoring.Program;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("RewardProgramAmount")
@Description("An amount in one reward program, in base units.")
public record RewardProgramAmountView(@NonNull RewardProgram program, @NonNull String amount) {

    /** Every program, in the policy's split order, zero where nothing was earned. */
    static List<RewardProgramAmountView> of(Map<Program, BigInteger> amounts) {
        List<RewardProgramAmountView> views = new ArrayList<>();
        for (Program program : Program.values()) {
            views.add(new RewardProgramAmountView(RewardProgram.of(program),
                    amounts.getOrDefault(program, BigInteger.ZERO).toString()));
        }
        return views;
    }
}
