package dev.govengine.api;

import dev.govengine.rewards.scoring.Program;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("RewardProgram")
@Description("A reward program of the policy's split.")
public enum RewardProgram {
    DEPIN,
    ROLLUP,
    GOVERNANCE;

    static RewardProgram of(Program program) {
        return valueOf(program.name());
    }
}
