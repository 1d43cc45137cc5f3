package dev.govengine.submission;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Hibernate Reactive work for the submission's plain threads: {@code work} runs on a fresh Vert.x context, where its
 * session opens and closes, and the caller blocks until it is done.
 */
final class OnVertxContext {
    private OnVertxContext() {
    }

    static <T> T await(String table, Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(table + ": " + e.getMessage(), e);
        }
    }
}
