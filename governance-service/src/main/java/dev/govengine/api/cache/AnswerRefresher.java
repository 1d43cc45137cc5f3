package dev.govengine.api.cache;

import dev.govengine.config.EngineConfig;
import dev.govengine.persistence.PgNotifications;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.graphql.execution.ExecutionService;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Computes again, ahead of demand, the answers a change has just retired, so that the next request for one finds it
 * kept instead of computing it while it waits. A block retires a handful of the answers a busy wallet API serves, each
 * asked for again within a second; computed on the request's path, each such miss took several milliseconds and
 * set the latency's tail at a steady rate of requests. Only answers served from the cache since they were kept are
 * computed again, so the work follows demand: an answer nobody asks for is computed at most once more.
 *
 * <p>Shortly after a notification ({@link #SWEEP_DELAY_MILLIS}: the changes of one commit arrive together), the
 * retired answers are dropped and the served ones queued; {@link #PARALLEL} are computed at a time, each through
 * SmallRye GraphQL as a request would be, so the cache's own rules decide what is kept: the execution reads in the
 * change number current when it starts, and its answer is kept only if nothing it read changed meanwhile. A request
 * that misses while its answer is being computed ahead waits for it, as for another request's execution ({@link
 * CachedAnswerRoute}).
 *
 * <p>The computations run on a context of their own, a worker context on one thread of its own ({@link #POOL}), not on
 * the event loops that serve the hits: on an event loop, a hit that arrived while a computation of a few milliseconds
 * ran there waited for all of it, and a block's dozen computations set the latency's tail at a steady rate of
 * requests. On a thread of its own, a computation takes at most one of the two cores, and the operating system
 * shares them between it and the hits. The resolvers do not block (the read path is reactive), so one thread serves
 * {@link #PARALLEL} computations at once, each waiting on PostgreSQL most of its time.
 */
@ApplicationScoped
public class AnswerRefresher implements PgNotifications.Listener {
    static final long SWEEP_DELAY_MILLIS = 5;
    /** Computations at once: the answers still kept are served meanwhile on the same cores. */
    static final int PARALLEL = 2;
    /** The name of the one thread's pool the computations run on. */
    static final String POOL = "gov-answer-refresher";
    private static final Logger LOG = Logger.getLogger(AnswerRefresher.class);

    @Inject
    ResponseCache cache;

    @Inject
    PgNotifications notifications;

    @Inject
    EngineConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Instance<ExecutionService> executionService;

    private volatile boolean on;
    private volatile Context own;
    private final AtomicBoolean sweepDue = new AtomicBoolean();
    private final Queue<CacheKey> due = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    void start(@Observes StartupEvent started) {
        on = config.api().responseCache().refreshAhead();
        if (cache.enabled()) {
            vertx.deployVerticle(new AbstractVerticle() {
                @Override
                public void start() {
                    own = context;
                }
            }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(POOL)
                    .setWorkerPoolSize(1)).toCompletionStage().toCompletableFuture().join();
            notifications.listen(ResponseCache.CHANNEL, this);
        }
    }

    /** The context the computations run on. */
    Context context() {
        return own;
    }

    /** Turns computing ahead on or off while the service runs; for tests that count what requests compute. */
    void refreshAhead(boolean on) {
        this.on = on;
    }

    /** Whether no computation is queued or under way. */
    boolean idle() {
        return due.isEmpty() && running.get() == 0;
    }

    @Override
    public void notified(String payload) {
        if (on && sweepDue.compareAndSet(false, true)) {
            vertx.setTimer(SWEEP_DELAY_MILLIS, fired -> own.runOnContext(sweeping -> sweep()));
        }
    }

    private void sweep() {
        sweepDue.set(false);
        due.addAll(cache.dropRetired());
        startNext();
    }

    private void startNext() {
        while (running.incrementAndGet() <= PARALLEL) {
            CacheKey key = due.poll();
            if (key == null) {
                break;
            }
            ResponseCache.Refresh refresh = new ResponseCache.Refresh();
            if (cache.refreshing(key, refresh)) {
                compute(key, refresh);
            } else {
                // A request is computing it already.
                running.decrementAndGet();
            }
        }
        running.decrementAndGet();
    }

    private void compute(CacheKey key, ResponseCache.Refresh refresh) {
        VertxContext.createNewDuplicatedContext(own).runOnContext(started -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            InjectableContext.ContextState state = requestContext.getState();
            AtomicBoolean once = new AtomicBoolean();
            Runnable ended = () -> {
                if (!once.compareAndSet(false, true)) {
                    return;
                }
                cache.ended(key, refresh);
                requestContext.destroy(state);
                running.decrementAndGet();
                startNext();
            };
            try {
                SmallRyeGraphQL.execute(executionService.get(), key.document(), key.operationName(), key.variables(),
                        state, ended);
            } catch (RuntimeException failure) {
                LOG.debugf(failure, "computing an answer ahead failed");
                ended.run();
            } finally {
                requestContext.deactivate();
            }
        });
    }
}
