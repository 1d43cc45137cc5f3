package dev.govengine.chain;

import dev.govengine.types.ChecksumAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * eth_getLogs over an adaptive block range, per chain: the range doubles while calls succeed (up to a maximum) and
 * halves when the node refuses or fails one, so a backfill finds the widest range a provider accepts. A range is
 * never skipped: when even a one-block range keeps failing, the failure propagates and the caller retries the same
 * blocks on its next cycle.
 */
@ApplicationScoped
public class LogRangeFetcher {
    private static final Logger LOG = Logger.getLogger(LogRangeFetcher.class);
    private static final int MAX_SINGLE_BLOCK_ATTEMPTS = 4;

    private final ChainReader reader;
    private final ConcurrentHashMap<String, Long> rangeByChain = new ConcurrentHashMap<>();

    @Inject
    public LogRangeFetcher(ChainReader reader) {
        this.reader = reader;
    }

    /** The logs of one range starting at {@code from}; the range actually covered ends at {@link Batch#to()}. */
    public record Batch(long from, long to, List<ChainLog> logs) {
    }

    public Batch fetch(String chain, long from, long limit, RangeBounds bounds,
            List<ChecksumAddress> addresses, List<String> topic0s) {
        long range = rangeByChain.getOrDefault(chain, bounds.initial());
        int singleBlockFailures = 0;
        while (true) {
            long to = Math.min(limit, from + range - 1);
            try {
                List<ChainLog> logs = reader.logs(chain, from, to, addresses, topic0s);
                rangeByChain.put(chain, Math.min(bounds.max(), range * 2));
                return new Batch(from, to, logs);
            } catch (RuntimeException failure) {
                if (to > from) {
                    range = Math.max(1, (to - from + 1) / 2);
                    rangeByChain.put(chain, range);
                    LOG.debugf("%s: eth_getLogs [%d, %d] failed (%s); narrowing to %d blocks", chain, from, to,
                            failure.getMessage(), range);
                    continue;
                }
                if (++singleBlockFailures >= MAX_SINGLE_BLOCK_ATTEMPTS) {
                    throw failure;
                }
                sleepWithJitter(singleBlockFailures);
            }
        }
    }

    /** The range a chain starts with and the widest it may grow to. */
    public record RangeBounds(long initial, long max) {
    }

    private static void sleepWithJitter(int attempt) {
        long base = 250L << Math.min(attempt, 5);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
