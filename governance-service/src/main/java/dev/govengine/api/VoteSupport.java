package dev.govengine.api;

import dev.govengine.governance.VoteSplit;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** A vote's support: GovernorCountingSimple's values (0, 1, 2), fractional (255), or one no known module defines. */
@Enum("VoteSupport")
@Description("AGAINST, FOR and ABSTAIN are support 0, 1 and 2. FRACTIONAL is GovernorCountingFractional's support 255, split across the sides by its params. OTHER is a support no known counting module defines: see supportValue and params.")
public enum VoteSupport {
    AGAINST, FOR, ABSTAIN, FRACTIONAL, OTHER;

    static VoteSupport of(int support) {
        if (support <= 2) {
            return values()[support];
        }
        return support == VoteSplit.FRACTIONAL ? FRACTIONAL : OTHER;
    }
}
