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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GraphQL answers kept by their request, each with the data generation it was read in and the indexed heads at which
 * it holds. The data generation moves on every {@code gov_data_changed} notification of a data change (migrations
 * V13, V14: any committed write to any table, by any process), and on every lost or regained LISTEN connection; an
 * answer of an older generation is never served. A move of a Governor's indexed head is not a data change: an answer
 * stays servable while every head it depends on is inside the range it declared ({@link HeadDependence}), and one of
 * unknown dependence on the heads only until any head moves. A head that moves back (a reorg's rollback) is a data
 * change. While nothing listens, changes would go unheard, so nothing is served or kept.
 *
 * <p>An answer is at most one notification delivery behind its data: a write committed a moment ago may still be
 * answered from before it until its notification arrives, as a read that ran a moment earlier would have been.
 */
@ApplicationScoped
public class ResponseCache implements PgNotifications.Listener {
    static final String CHANNEL = "gov_data_changed";
    /** No generation: the cache is off or nothing listens. */
    static final long UNKNOWN = -1;

    private final boolean enabled;
    private final PgNotifications notifications;
    private final Cache<CacheKey, Answer> answers;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong headMoves = new AtomicLong();
    /** Each Governor's indexed head as last announced since LISTEN took effect; absent: not moved since. */
    private final Map<String, Head> heads = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter stores;
    private volatile boolean listening;

    /** The generations an execution starts in. */
    record Reading(long generation, long headMoves) {
    }

    /** @param holds per Governor, the heads at which the answer holds; null if any head move retires it */
    private record Answer(Reading readIn, Map<String, HeadRange> holds, byte[] body) {
    }

    private record Head(long block, Long timestamp) {
    }

    @Inject
    public ResponseCache(EngineConfig config, PgNotifications notifications, MeterRegistry metrics) {
        EngineConfig.Api.ResponseCache settings = config.api().responseCache();
        this.enabled = settings.enabled();
        this.notifications = notifications;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(settings.maxSize().asLongValue())
                .weigher((CacheKey key, Answer answer) -> key.weight() + answer.body().length)
                .build();
        hits = Counter.builder("gov.api.cache.hits").description("GraphQL answers served from the response cache")
                .register(metrics);
        stores = Counter.builder("gov.api.cache.stores").description("GraphQL answers put in the response cache")
                .register(metrics);
        Gauge.builder("gov.api.cache.generation", generation, AtomicLong::get)
                .description("Data changes this replica has heard of; each one retires every cached answer")
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

    /** The data generation an execution starting now reads in, or {@link #UNKNOWN}. */
    long generation() {
        return listening ? generation.get() : UNKNOWN;
    }

    /** What an execution starting now reads in; null while nothing listens. */
    Reading reading() {
        long now = generation();
        return now == UNKNOWN ? null : new Reading(now, headMoves.get());
    }

    /** The block of the Governor's indexed head as last announced; empty if it has not moved since LISTEN began. */
    OptionalLong announcedHead(String governorId) {
        Head head = heads.get(governorId);
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.block());
    }

    /** The answer to {@code key} if it holds now; null otherwise. */
    byte[] lookup(CacheKey key) {
        long now = generation();
        if (now == UNKNOWN) {
            return null;
        }
        Answer answer = answers.getIfPresent(key);
        if (answer == null || answer.readIn().generation() != now || !holdsAtTheHeads(answer)) {
            return null;
        }
        hits.increment();
        return answer.body();
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
     * Keeps {@code body} as the answer to {@code key} if all of it was read in the generation it started in: an
     * execution that a data change overtook may hold data from both sides of it. One that depends on the heads in
     * an unknown way must also have seen no head move; one with declared ranges is judged by them when served.
     */
    void store(CacheKey key, Reading readIn, Map<String, HeadRange> holds, byte[] body) {
        if (readIn == null || readIn.generation() != generation()
                || holds == null && readIn.headMoves() != headMoves.get()) {
            return;
        }
        answers.put(key, new Answer(readIn, holds, body));
        stores.increment();
    }

    @Override
    public void listening() {
        // Changes made while nothing listened went unheard: everything kept before is retired.
        heads.clear();
        generation.incrementAndGet();
        listening = true;
    }

    @Override
    public void notified(String payload) {
        ChangeNotice notice = ChangeNotice.parse(payload);
        switch (notice.kind()) {
            case GOVERNOR_HEAD -> {
                Head previous = heads.put(notice.governorId(), new Head(notice.block(), notice.timestamp()));
                if (previous != null && notice.block() < previous.block()) {
                    generation.incrementAndGet();
                }
                headMoves.incrementAndGet();
            }
            case OTHER_HEAD -> headMoves.incrementAndGet();
            case DATA -> generation.incrementAndGet();
        }
    }

    @Override
    public void lost() {
        listening = false;
        generation.incrementAndGet();
    }
}
