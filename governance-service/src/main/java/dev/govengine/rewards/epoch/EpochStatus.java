package dev.govengine.rewards.epoch;

/**
 * Where an epoch stands in its lifecycle, as {@code reward_epoch.status} holds it. An epoch without a row is
 * {@link #OPEN}; only an open epoch takes work receipts.
 */
public enum EpochStatus {
    OPEN, CLOSED, COMPUTED, SUBMITTED, SUBMIT_FAILED, DISPUTED, FINALIZED
}
