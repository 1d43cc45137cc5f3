package dev.govengine.api.cache;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Notifications reach the cache on their own connection, a moment after the commit: tests wait for them. */
final class Notifications {
    private Notifications() {
    }

    /** A wait of up to 10 s for what a notification changes, checked at once and then every 10 ms. */
    static ConditionFactory delivery() {
        return await("a notification's delivery").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10));
    }
}
