package dev.govengine.api.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.govengine.config.EngineConfig;
import dev.govengine.persistence.PgNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GraphQL answers kept by their request, each tagged with the data generation it was read in. The generation moves on
 * every {@code gov_data_changed} notification (migration V13: any committed write to any table, by any process), and
 * on every lost or regained LISTEN connection; an answer of an older generation is never served. While nothing
 * listens, changes would go unheard, so nothing is served or kept.
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
    private final Counter hits;
    private final Counter stores;
    private volatile boolean listening;

    private record Answer(long generation, byte[] body) {
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
    }

    void start(@Observes StartupEvent started) {
        if (enabled) {
            notifications.listen(CHANNEL, this);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The generation an execution starting now reads in, or {@link #UNKNOWN}. */
    long generation() {
        return listening ? generation.get() : UNKNOWN;
    }

    /** The answer to {@code key} if it was read in the current generation; null otherwise. */
    byte[] lookup(CacheKey key) {
        long now = generation();
        if (now == UNKNOWN) {
            return null;
        }
        Answer answer = answers.getIfPresent(key);
        if (answer == null || answer.generation() != now) {
            return null;
        }
        hits.increment();
        return answer.body();
    }

    /**
     * Keeps {@code body} as the answer to {@code key} if all of it was read in one generation, {@code readIn}: an
     * execution that a change overtook may hold data from both sides of it.
     */
    void store(CacheKey key, long readIn, byte[] body) {
        if (readIn != UNKNOWN && readIn == generation()) {
            answers.put(key, new Answer(readIn, body));
            stores.increment();
        }
    }

    @Override
    public void listening() {
        // Changes made while nothing listened went unheard: everything kept before is retired.
        generation.incrementAndGet();
        listening = true;
    }

    @Override
    public void notified(String payload) {
        generation.incrementAndGet();
    }

    @Override
    public void lost() {
        listening = false;
        generation.incrementAndGet();
    }
}
