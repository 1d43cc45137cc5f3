package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Notifications reach the cache on their own connection, a moment after the commit: tests wait for them. */
final class Notifications {
    private static final Duration DELIVERY = Duration.ofSeconds(10);

    private Notifications() {
    }

    static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + DELIVERY);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
