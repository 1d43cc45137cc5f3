package dev.govengine.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Backfill progress for operators: blocks behind head and events indexed as metrics, and during a backfill a log
 * line every few seconds with the rate and an ETA.
 */
@ApplicationScoped
public class SyncProgress {
    private static final Logger LOG = Logger.getLogger(SyncProgress.class);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final MeterRegistry registry;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    @Inject
    public SyncProgress(MeterRegistry registry) {
        this.registry = registry;
    }

    private final class Run {
        final AtomicLong behind = new AtomicLong();
        final Counter events;
        final Counter reorgs;
        long startedNanos;
        long startBlock;
        long eventsThisRun;
        long lastLogNanos;

        Run(String sourceId) {
            Gauge.builder("gov.sync.blocks.behind", behind, AtomicLong::get)
                    .description("Blocks between the indexed block and the chain head").tag("source", sourceId)
                    .register(registry);
            events = Counter.builder("gov.sync.events").description("Logs indexed")
                    .tag("source", sourceId).register(registry);
            reorgs = Counter.builder("gov.sync.reorgs").description("Reorgs rolled back")
                    .tag("source", sourceId).register(registry);
        }
    }

    void started(String sourceId, long from, long head) {
        Run run = runs.computeIfAbsent(sourceId, Run::new);
        run.startedNanos = System.nanoTime();
        run.lastLogNanos = run.startedNanos;
        run.startBlock = from;
        run.eventsThisRun = 0;
        run.behind.set(Math.max(0, head - from + 1));
    }

    void advanced(String sourceId, long indexed, long head, int events) {
        Run run = runs.get(sourceId);
        run.behind.set(Math.max(0, head - indexed));
        run.events.increment(events);
        run.eventsThisRun += events;
        long now = System.nanoTime();
        if (now - run.lastLogNanos < LOG_EVERY_NANOS) {
            return;
        }
        run.lastLogNanos = now;
        double seconds = (now - run.startedNanos) / 1e9;
        long done = indexed - run.startBlock + 1;
        long remaining = head - indexed;
        long etaSeconds = done == 0 ? -1 : Math.round(seconds * remaining / done);
        LOG.infof("%s: block %d of %d, %d behind, %.0f events/s, ETA %ds", sourceId, indexed, head, remaining,
                run.eventsThisRun / Math.max(seconds, 1e-3), etaSeconds);
    }

    void reorged(String sourceId) {
        runs.computeIfAbsent(sourceId, Run::new).reorgs.increment();
    }
}
