package dev.govengine.persistence;

import dev.govengine.config.EngineConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * How the background workers (the sync writer, the epoch lifecycle), the NDJSON upload's blocking resource and the
 * command line wait for the database: they run on threads of their own and block, while the GraphQL read path never
 * does. Every wait has the same
 * bound, {@code gov.database.worker-timeout}, so a database that stops answering fails the worker's step with a
 * message naming what it waited for, instead of holding the worker (and any lock it holds) for ever.
 */
@ApplicationScoped
public class WorkerDb {
    static final String TIMEOUT_KEY = "gov.database.worker-timeout";

    private final Duration timeout;

    @Inject
    public WorkerDb(EngineConfig config) {
        this(config.database().workerTimeout());
    }

    WorkerDb(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The item of {@code work}, waited for on this thread.
     *
     * @param what what is waited for, completing "… while {@code what}": "reading epoch 3's record"
     * @throws DatabaseTimeoutException when no item or failure came within the timeout
     */
    public <T> T await(Uni<T> work, String what) {
        return bounded(work, what).await().indefinitely();
    }

    /**
     * {@code work}, failing with {@link DatabaseTimeoutException} when no item or failure came within the timeout:
     * for callers that must subscribe in a way of their own, such as on a fresh Vert.x context.
     */
    public <T> Uni<T> bounded(Uni<T> work, String what) {
        return work.ifNoItem().after(timeout).failWith(() -> new DatabaseTimeoutException(
                "the database gave no answer within " + timeout + " (" + TIMEOUT_KEY + ") while " + what, null));
    }
}
