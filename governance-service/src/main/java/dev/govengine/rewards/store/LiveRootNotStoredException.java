package dev.govengine.rewards.store;

/**
 * The distributor's live root is not one this service stored (its epoch is missing here, or was stored with
 * another root), so no proof from here would verify against it.
 */
public class LiveRootNotStoredException extends RuntimeException {
    public LiveRootNotStoredException(String message) {
        super(message);
    }
}
