package dev.govengine.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Predicate;

/**
 * A request body whose every buffer passes a check before it goes on (to a line parser): the upload counts its bytes
 * there, and once it has refused the upload nothing more is parsed.
 */
final class CountingStream implements ReadStream<Buffer> {
    private final ReadStream<Buffer> source;
    private final Predicate<Buffer> admit;

    CountingStream(ReadStream<Buffer> source, Predicate<Buffer> admit) {
        this.source = source;
        this.admit = admit;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : buffer -> {
            if (admit.test(buffer)) {
                handler.handle(buffer);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(handler);
        return this;
    }
}
