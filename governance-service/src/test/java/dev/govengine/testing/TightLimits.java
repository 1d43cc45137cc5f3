package dev.govengine.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One profile, so one service start, for the tests of limits too small for the other tests to live with: a query time
 * budget of a microsecond, and a rate limit of 1 request per second in bursts of 10, whose clients are told apart by
 * X-Forwarded-For (trusted here as behind a proxy), so each test is a client of its own; NDJSON uploads of at most
 * 1 MiB, two in flight, one per client.
 */
public class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gov.api.timeout", "PT0.000001S",
                "gov.api.rate-limit.enabled", "true",
                "gov.api.rate-limit.requests-per-second", "1",
                "gov.api.rate-limit.burst", "10",
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "gov.receipts.max-bytes", "1M",
                "gov.receipts.max-uploads", "2",
                "gov.receipts.max-uploads-per-client", "1");
    }
}
