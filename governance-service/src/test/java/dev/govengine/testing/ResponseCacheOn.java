package dev.govengine.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One profile, so one service start, for the tests that run with the response cache on (the other tests write and
 * read at once, and turn it off): the cache's own tests, the SmallRye adapter's, and the wallet reads run a second
 * time. Blocks are final {@link #CONFIRMATIONS} behind the indexed head, so that finality moves within a test's few
 * blocks. Answers are not computed ahead of demand (gov.api.response-cache.refresh-ahead): the tests count hits to see
 * which answers a change retired, and {@code ResponseCacheTest} turns it on where it tests it.
 */
public class ResponseCacheOn implements QuarkusTestProfile {
    public static final int CONFIRMATIONS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gov.api.response-cache.enabled", "true", "gov.api.response-cache.refresh-ahead", "false",
                "gov.chains." + AnvilResource.CHAIN + ".confirmations", Integer.toString(CONFIRMATIONS));
    }
}
