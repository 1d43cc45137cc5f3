package dev.govengine.sync;

import java.util.List;

/**
 * Log sources beyond the configured governors (the reward contracts of the active deployment), asked for afresh every
 * cycle so that a source switched at run time is picked up on the next one.
 */
public interface LogSourceProvider {
    List<LogSource> sources();
}
