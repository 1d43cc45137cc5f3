package dev.govengine.governance;

/** GovernorCountingSimple's support values, in their on-chain order (0, 1, 2). */
public enum VoteSupport {
    AGAINST, FOR, ABSTAIN;

    public static VoteSupport of(int support) {
        if (support < 0 || support >= values().length) {
            throw new IllegalStateException("support " + support + " is not GovernorCountingSimple's");
        }
        return values()[support];
    }
}
