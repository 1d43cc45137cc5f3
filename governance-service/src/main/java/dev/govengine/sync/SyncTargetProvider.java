package dev.govengine.sync;

import java.util.List;

/** Supplies {@link SyncTarget}s to the coordinator, which runs them on their chains before the plain log sources. */
public interface SyncTargetProvider {
    List<SyncTarget> targets();
}
