package dev.govengine.api;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.store.StoredEpoch;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("RewardProgramTotal")
@Description("One program's part of an epoch, in base units.")
public record RewardProgramTotalView(
        @NonNull RewardProgram program,
        @NonNull @Description("The program's pool: its split of budget plus carry in.") String pool,
        @NonNull @Description("Paid to accounts this epoch; the rest of the pool is carried.") String paid) {

    static List<RewardProgramTotalView> of(StoredEpoch epoch) {
        List<RewardProgramTotalView> views = new ArrayList<>();
        for (Program program : Program.values()) {
            views.add(new RewardProgramTotalView(RewardProgram.of(program), epoch.pools().get(program).toString(),
                    epoch.paidByProgram().get(program).toString()));
        }
        return views;
    }
}
