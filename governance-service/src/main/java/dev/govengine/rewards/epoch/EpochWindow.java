package dev.govengine.rewards.epoch;

/** Epoch {@code number} holds the blocks whose timestamp lies in [startTimestamp, endTimestamp). */
public record EpochWindow(long number, long startTimestamp, long endTimestamp) {
    public EpochWindow {
        if (number < 1) {
            throw new IllegalArgumentException("epoch numbers start at 1, not " + number);
        }
        if (endTimestamp <= startTimestamp) {
            throw new IllegalArgumentException("epoch " + number + " ends at " + endTimestamp
                    + ", not after its start " + startTimestamp);
        }
    }

    public boolean contains(long timestamp) {
        return timestamp >= startTimestamp && timestamp < endTimestamp;
    }
}
