package dev.govengine.sync;

/**
 * Something more than a plain {@link LogSource} that the coordinator brings to its chain's head each cycle, such as
 * a governor, which is discovered first and keeps its errors where the API shows them. Plain log sources need no
 * target: the coordinator runs them itself.
 */
public interface SyncTarget {
    String chain();

    /** The key of the block it reached in {@link SyncCoordinator#runCycle()}. */
    String id();

    /** How the log names it. */
    String name();

    /** Indexes it up to its chain's current head; returns the block it reached. */
    long syncToHead();

    /** Records why this cycle did not index it; the coordinator logs the reason. */
    void failed(String reason);

    /** Records that this cycle indexed it. */
    void succeeded();
}
