package dev.govengine.api.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.govengine.config.EngineConfig;
import dev.govengine.governance.HeadRange;
import dev.govengine.persistence.PgNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GraphQL answers kept by their request, each with what it depends on ({@link AnswerDependence}): the tables it read
 * whole, the rows it read of the tables that name their changed rows, and the indexed heads at which it holds. Every
 * committed write to any table, by any process, is announced on {@code gov_data_changed} in the vocabulary of {@link
 * Table}. A change of a table's rows retires the answers that read that table whole, and those that read one of the
 * changed rows (an answer that may have read any table: every answer). A move of a Governor's indexed head is not a
 * data change: an answer stays servable while every head it depends on is inside the range it declared, and one of
 * unknown dependence on the heads only until any head moves. A head that moves back (a reorg's rollback), and a lost or
 * regained LISTEN connection, retire everything. While nothing listens, changes would go unheard, so nothing is served
 * or kept.
 *
 * <p>Changes are numbered in the order they are heard; an answer is read in the number current when its execution
 * starts, and holds while no table it read, and no reset, has a later number. An answer is thus at most one
 * notification delivery behind its data: a write committed a moment ago may still be answered from before it until
 * its notification arrives, as a read that ran a moment earlier would have been.
 */
@ApplicationScoped
public class ResponseCache implements PgNotifications.Listener {
    static final String CHANNEL = "gov_data_changed";
    /** No generation: the cache is off or nothing listens. */
    static final long UNKNOWN = -1;
    /** Rows remembered one by one; past this many, all are forgotten at once and count as changed then. */
    static final int ROWS_REMEMBERED = 100_000;

    private final boolean enabled;
    private final boolean readBarrier;
    private final PgNotifications notifications;
    private final Cache<CacheKey, Answer> answers;
    /** Data changes and resets heard so far; each takes the next number. */
    private final AtomicLong changes = new AtomicLong();
    /** The number of each table's latest change, of any of its rows. */
    private final Map<Table, Long> tableChangedAt = new ConcurrentHashMap<>();
    /** The number of each table's latest change that did not say which rows. */
    private final Map<Table, Long> wholeTableChangedAt = new ConcurrentHashMap<>();
    /** The number of each row's latest change; bounded, see {@link #rowsChanged}. */
    private final Map<Table.Row, Long> rowChangedAt = new ConcurrentHashMap<>();
    /** What a row missing from {@link #rowChangedAt} may have changed at, since rows are forgotten in bulk. */
    private volatile long rowsForgottenAt;
    private volatile long anyTableChangedAt;
    private volatile long resetAt;
    private final AtomicLong headMoves = new AtomicLong();
    /** Each Governor's indexed head as last announced since LISTEN took effect; absent: not moved since. */
    private final Map<String, Head> heads = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter stores;
    private final Counter waits;
    private final Counter refreshes;
    /**
     * The answers being computed, each done when its execution has ended; see {@link CachedAnswerRoute}. Kept here,
     * where both ends of an execution meet: the route starts it, the instrumentation sees it end.
     */
    private final Map<CacheKey, CompletableFuture<Void>> computing = new ConcurrentHashMap<>();
    private volatile boolean listening;

    /** Where an execution starts: the changes and head moves heard so far. */
    record Reading(long changes, long headMoves) {
    }

    /**
     * @param tables the tables the answer read whole; null if it may have read any
     * @param rows the rows it read
     * @param holds per Governor, the heads at which the answer holds; null if any head move retires it
     * @param served whether it was served since it was kept: only such answers are computed again ahead of demand
     */
    private record Answer(Reading readIn, Set<Table> tables, Set<Table.Row> rows, Map<String, HeadRange> holds,
            byte[] body, AtomicBoolean served) {
    }

    /** The computation of an answer ahead of demand ({@link AnswerRefresher}), not one a request asked for. */
    static final class Refresh extends CompletableFuture<Void> {
    }

    private record Head(long block, Long timestamp) {
    }

    @Inject
    public ResponseCache(EngineConfig config, PgNotifications notifications, MeterRegistry metrics) {
        this(config.api().responseCache().enabled(), config.api().responseCache().maxSize().asLongValue(),
                config.api().standbyReadBarrier(), notifications, metrics);
    }

    /**
     * @param maxBytes what the kept answers may weigh, their keys included
     * @param readBarrier whether a lookup on a standby waits for the changes replayed before it ({@link #caughtUp})
     */
    ResponseCache(boolean enabled, long maxBytes, boolean readBarrier, PgNotifications notifications,
            MeterRegistry metrics) {
        this.enabled = enabled;
        this.readBarrier = readBarrier;
        this.notifications = notifications;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey key, Answer answer) -> key.weight() + answer.body().length)
                .build();
        hits = Counter.builder("gov.api.cache.hits").description("GraphQL answers served from the response cache")
                .register(metrics);
        stores = Counter.builder("gov.api.cache.stores").description("GraphQL answers put in the response cache")
                .register(metrics);
        waits = Counter.builder("gov.api.cache.waits")
                .description("GraphQL requests that waited for another request computing the same answer")
                .register(metrics);
        refreshes = Counter.builder("gov.api.cache.refreshes")
                .description("GraphQL answers computed again ahead of demand after a change retired them")
                .register(metrics);
        Gauge.builder("gov.api.cache.generation", changes, AtomicLong::get)
                .description("Data changes and resets this replica has heard of; each retires the answers that read "
                        + "what changed")
                .register(metrics);
        Gauge.builder("gov.api.cache.head-moves", headMoves, AtomicLong::get)
                .description("Indexed head moves this replica has heard of; each retires the answers it leaves behind")
                .register(metrics);
    }

    void start(@Observes StartupEvent started) {
        if (enabled) {
            notifications.listen(CHANNEL, this);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The data changes and resets heard so far, or {@link #UNKNOWN} while nothing listens. */
    long generation() {
        return listening ? changes.get() : UNKNOWN;
    }

    /** Where an execution starting now reads; null while nothing listens. */
    Reading reading() {
        long now = generation();
        return now == UNKNOWN ? null : new Reading(now, headMoves.get());
    }

    /** The block of the Governor's indexed head as last announced; empty if it has not moved since LISTEN began. */
    OptionalLong announcedHead(String governorId) {
        Head head = heads.get(governorId);
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.block());
    }

    /**
     * On a standby, done when every change it had replayed at this call has been heard, so that a lookup after it
     * cannot return an answer those changes retired. Null where nothing is waited for: on the primary, whose NOTIFY
     * brings each change as it commits (see above), and with {@code gov.api.standby-read-barrier} off.
     */
    Future<Void> caughtUp() {
        return readBarrier ? notifications.caughtUp() : null;
    }

    /** The answer to {@code key} if it holds now; null otherwise. */
    byte[] lookup(CacheKey key) {
        if (!listening) {
            return null;
        }
        Answer answer = answers.getIfPresent(key);
        if (answer == null || !holds(answer)) {
            return null;
        }
        if (!answer.served().get()) {
            answer.served().set(true);
        }
        hits.increment();
        return answer.body();
    }

    private boolean holds(Answer answer) {
        return unchangedSince(answer.readIn(), answer.tables(), answer.rows()) && holdsAtTheHeads(answer);
    }

    /**
     * Forgets the answers that no longer hold (none ever holds again: a change stays, and a head moves on or resets
     * everything), and returns the keys of those among them that were served since they were kept.
     */
    List<CacheKey> dropRetired() {
        List<CacheKey> served = new ArrayList<>();
        if (listening) {
            answers.asMap().forEach((key, answer) -> {
                if (!holds(answer) && answers.asMap().remove(key, answer) && answer.served().get()) {
                    served.add(key);
                }
            });
        }
        return served;
    }

    /**
     * Takes on the computation of {@code key}'s answer ahead of demand, unless one is under way: false then. Requests
     * that miss meanwhile wait for it as for another request's ({@link #computing}).
     */
    boolean refreshing(CacheKey key, Refresh refresh) {
        return computing.putIfAbsent(key, refresh) == null;
    }

    /**
     * Where a request that found no current answer to {@code key} stands: null if it is to compute the answer itself
     * (and {@link #computed} follows), or the computation already under way, done when that has ended.
     */
    CompletableFuture<Void> computing(CacheKey key, CompletableFuture<Void> mine) {
        CompletableFuture<Void> theirs = computing.putIfAbsent(key, mine);
        if (theirs != null) {
            waits.increment();
        }
        return theirs;
    }

    /** The computation of {@code key}'s answer has ended: what it kept, if anything, is in the cache. */
    void computed(CacheKey key) {
        CompletableFuture<Void> computation = computing.remove(key);
        if (computation != null) {
            computation.complete(null);
        }
    }

    /**
     * {@code computation} of {@code key}'s answer has ended, or is given up on: forgotten if it is still the one under
     * way, so that the next request to miss computes afresh.
     */
    void ended(CacheKey key, CompletableFuture<Void> computation) {
        if (computing.remove(key, computation)) {
            computation.complete(null);
        }
    }

    /**
     * Whether nothing was reset, and none of {@code tables} (any, if null) and none of {@code rows} changed, after
     * {@code readIn}.
     */
    private boolean unchangedSince(Reading readIn, Set<Table> tables, Set<Table.Row> rows) {
        long start = readIn.changes();
        if (anyTableChangedAt <= start) {
            // Nothing at all changed since: the common case, decided without a look at what the answer read.
            return true;
        }
        if (resetAt > start || tables == null) {
            return false;
        }
        for (Table table : tables) {
            if (tableChangedAt.getOrDefault(table, 0L) > start) {
                return false;
            }
        }
        for (Table.Row row : rows) {
            if (row.key() == null ? tableChangedAt.getOrDefault(row.table(), 0L) > start
                    : wholeTableChangedAt.getOrDefault(row.table(), 0L) > start
                            || rowChangedAt.getOrDefault(row, rowsForgottenAt) > start) {
                return false;
            }
        }
        return true;
    }

    private boolean holdsAtTheHeads(Answer answer) {
        if (answer.holds() == null) {
            return answer.readIn().headMoves() == headMoves.get();
        }
        for (Map.Entry<String, HeadRange> governor : answer.holds().entrySet()) {
            Head head = heads.get(governor.getKey());
            if (head != null && !governor.getValue().contains(head.block(), head.timestamp())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps {@code body} as the answer to {@code key} if nothing it read changed while it was read: an execution
     * that a change overtook may hold data from both sides of it. One that depends on the heads in an unknown way
     * must also have seen no head move; one with declared ranges is judged by them when served.
     */
    void store(CacheKey key, Reading readIn, Set<Table> tables, Set<Table.Row> rows, Map<String, HeadRange> holds,
            byte[] body) {
        if (readIn == null || !listening || !unchangedSince(readIn, tables, rows)
                || holds == null && readIn.headMoves() != headMoves.get()) {
            return;
        }
        answers.put(key, new Answer(readIn, tables, rows, holds, body, new AtomicBoolean()));
        (computing.get(key) instanceof Refresh ? refreshes : stores).increment();
    }

    @Override
    public void listening() {
        // Changes made while nothing listened went unheard: everything kept before is retired.
        heads.clear();
        reset();
        listening = true;
    }

    @Override
    public void notified(String payload) {
        ChangeNotice notice = ChangeNotice.parse(payload);
        switch (notice.kind()) {
            case GOVERNOR_HEAD -> {
                Head previous = heads.put(notice.governorId(), new Head(notice.block(), notice.timestamp()));
                if (previous != null && notice.block() < previous.block()) {
                    reset();
                }
                headMoves.incrementAndGet();
            }
            case OTHER_HEAD -> headMoves.incrementAndGet();
            case DATA -> {
                long at = changes.incrementAndGet();
                if (notice.table() == null) {
                    resetAt = at;
                } else if (notice.keys() == null) {
                    wholeTableChangedAt.put(notice.table(), at);
                } else {
                    rowsChanged(notice.table(), notice.keys(), at);
                }
                if (notice.table() != null) {
                    tableChangedAt.put(notice.table(), at);
                }
                anyTableChangedAt = at;
            }
        }
    }

    @Override
    public void lost() {
        listening = false;
        reset();
    }

    /**
     * Notes the rows' change at {@code at}. Past {@link #ROWS_REMEMBERED} rows, every row is forgotten, and a row
     * not remembered counts as changed when the rows were forgotten: the mark moves before the rows go, so that no
     * lookup in between sees a forgotten row as older.
     */
    private void rowsChanged(Table table, Set<String> keys, long at) {
        if (rowChangedAt.size() + keys.size() > ROWS_REMEMBERED) {
            rowsForgottenAt = at;
            rowChangedAt.clear();
        }
        for (String key : keys) {
            rowChangedAt.put(new Table.Row(table, key), at);
        }
    }

    private void reset() {
        long at = changes.incrementAndGet();
        resetAt = at;
        anyTableChangedAt = at;
    }
}
