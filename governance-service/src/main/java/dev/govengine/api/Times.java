package dev.govengine.api;

import dev.govengine.governance.BlockTime;
import java.time.Instant;

/** Times as the API writes them: ISO-8601 in UTC, to the second (2026-12-06T11:57:28Z). */
final class Times {
    private Times() {
    }

    static String iso(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    static String iso(BlockTime time) {
        return time == null ? null : iso(time.seconds());
    }

    static boolean estimated(BlockTime time) {
        return time != null && time.estimated();
    }
}
