package dev.govengine.rewards.store;

/** What {@link RewardStore#save} did. */
public enum SaveOutcome {
    /** The epoch was new and is now stored in full. */
    STORED,
    /** The same epoch with the same root was already stored; nothing was written. */
    ALREADY_STORED
}
