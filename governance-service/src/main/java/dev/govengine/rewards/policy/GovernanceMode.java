package dev.govengine.rewards.policy;

/** How a vote's weight becomes a governance score, as RewardPolicy's governanceMode says. */
public enum GovernanceMode {
    /** The vote's weight itself. */
    LINEAR,
    /** The integer square root of the vote's weight (rounded down), which damps large holders. */
    SQUARE_ROOT
}
