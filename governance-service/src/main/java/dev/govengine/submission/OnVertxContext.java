package dev.govengine.submission;

import dev.govengine.persistence.WorkerDb;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Hibernate Reactive work for the submission's plain threads: {@code work} runs on a fresh Vert.x context, where its
 * session opens and closes, and the caller blocks until it is done, at most for the workers' database timeout.
 */
final class OnVertxContext {
    private OnVertxContext() {
    }

    static <T> T await(WorkerDb db, String table, Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> db.bounded(work.get(), "using " + table));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(table + ": " + e.getMessage(), e);
        }
    }
}
