package dev.govengine.api;

/** GovernorCountingSimple's support values, in the contract's order (0, 1, 2). */
public enum VoteSupport {
    AGAINST, FOR, ABSTAIN;

    static VoteSupport of(int support) {
        return values()[support];
    }
}
