package dev.govengine.chain;

import dev.govengine.types.ChecksumAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * eth_getLogs over an adaptive block range, per chain and filter (each source's logs have a density of their own, and
 * a governor's votes would otherwise be read in ranges sized by its token's sparse transfers): the range doubles while calls succeed (up to a maximum) and
 * halves when the node refuses one as too large, so a backfill finds the widest range a provider accepts. It also
 * follows the logs' density: a range that brought more than the most logs wanted shrinks to the blocks that would
 * hold that many, and none grows past them, since a range's logs are held in memory, decoded, until its transaction
 * commits, and smaller ranges let the next one be read while one is written. Any other
 * failure (the node down, a timeout, an error) says nothing about the range: {@link ChainReader} has retried it, and it
 * propagates with the range as it was, so an outage does not leave the indexer crawling one block at a time once the
 * node is back. A range is never skipped: the caller retries the same blocks on its next cycle.
 */
@ApplicationScoped
public class LogRangeFetcher {
    private static final Logger LOG = Logger.getLogger(LogRangeFetcher.class);

    private final ChainReader reader;
    private final ConcurrentHashMap<Filter, Long> rangeByFilter = new ConcurrentHashMap<>();

    private record Filter(String chain, List<ChecksumAddress> addresses, List<String> topic0s) {
    }

    @Inject
    public LogRangeFetcher(ChainReader reader) {
        this.reader = reader;
    }

    /** The logs of one range starting at {@code from}; the range actually covered ends at {@link Batch#to()}. */
    public record Batch(long from, long to, List<ChainLog> logs) {
    }

    /**
     * @throws RangeTooLargeException when the node refuses even the single block {@code from}
     */
    public Batch fetch(String chain, long from, long limit, RangeBounds bounds,
            List<ChecksumAddress> addresses, List<String> topic0s) {
        Filter filter = new Filter(chain, List.copyOf(addresses), List.copyOf(topic0s));
        long range = rangeByFilter.getOrDefault(filter, bounds.initial());
        while (true) {
            long to = Math.min(limit, from + range - 1);
            try {
                List<ChainLog> logs = reader.logs(chain, from, to, addresses, topic0s);
                long laterFrom = to - (to - from + 1) / 2 + 1;
                int later = (int) logs.stream().filter(log -> log.blockNumber() >= laterFrom).count();
                rangeByFilter.put(filter, next(range, to - from + 1, logs.size(), later, bounds));
                return new Batch(from, to, logs);
            } catch (RangeTooLargeException refused) {
                if (to == from) {
                    throw refused;
                }
                range = Math.max(1, (to - from + 1) / 2);
                rangeByFilter.put(filter, range);
                LOG.debugf("%s: eth_getLogs [%d, %d] refused (%s); narrowing to %d blocks", chain, from, to,
                        refused.getMessage(), range);
            }
        }
    }

    /** How many blocks this fetcher's next read of the filter asks for. */
    public long nextRange(String chain, List<ChecksumAddress> addresses, List<String> topic0s, RangeBounds bounds) {
        return rangeByFilter.getOrDefault(new Filter(chain, List.copyOf(addresses), List.copyOf(topic0s)),
                bounds.initial());
    }

    /** Goes on from where another fetcher left the filter's range (one that read a first range before this existed). */
    public void continueFrom(String chain, List<ChecksumAddress> addresses, List<String> topic0s, long range) {
        rangeByFilter.put(new Filter(chain, List.copyOf(addresses), List.copyOf(topic0s)), range);
    }

    /**
     * The range after one of {@code range} blocks read {@code logs} logs over the {@code covered} blocks it reached,
     * {@code later} of them in the later half of those blocks. The denser of the whole and its later half judges:
     * where logs start (a token's launch, then its votes) the later half is what the next blocks are like, and a
     * range judged by the sparse blocks before would bring several times the most logs wanted.
     */
    static long next(long range, long covered, int logs, int later, RangeBounds bounds) {
        long next = Math.min(bounds.max(), range * 2);
        if (logs > 0) {
            next = Math.min(next, Math.max(1, covered * bounds.maxLogs() / logs));
        }
        long half = covered / 2;
        if (later > 0 && half > 0) {
            next = Math.min(next, Math.max(1, half * bounds.maxLogs() / later));
        }
        return next;
    }

    /**
     * The range a chain starts with, the widest it may grow to, and the most logs a range should bring (a range of
     * one block brings all of its own, however many).
     */
    public record RangeBounds(long initial, long max, long maxLogs) {
    }
}
