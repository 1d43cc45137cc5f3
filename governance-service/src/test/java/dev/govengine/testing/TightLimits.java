package dev.govengine.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One profile, so one service start, for the tests of limits too small for the other tests to live with: a query time
 * budget of a microsecond, and a rate limit of 1 request per second in bursts of 10, whose clients are told apart by
 * X-Forwarded-For (trusted here as behind a proxy), so each test is a client of its own; NDJSON uploads of at most
 * 1 MiB, two in flight, one per client; two GraphQL WebSocket connections per client, two subscriptions on each; and
 * the narrowest exposure: CORS for one origin only, {@value #CORS_ORIGIN}, and the operator endpoints off (no token
 * file).
 */
public class TightLimits implements QuarkusTestProfile {
    public static final String CORS_ORIGIN = "http://wallet.test:5173";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("gov.api.timeout", "PT0.000001S"),
                Map.entry("gov.api.rate-limit.enabled", "true"),
                Map.entry("gov.api.rate-limit.requests-per-second", "1"),
                Map.entry("gov.api.rate-limit.burst", "10"),
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("gov.receipts.max-bytes", "1M"),
                Map.entry("gov.receipts.max-uploads", "2"),
                Map.entry("gov.receipts.max-uploads-per-client", "1"),
                Map.entry("gov.api.max-subscriptions-per-connection", "2"),
                Map.entry("gov.api.max-connections-per-client", "2"),
                Map.entry("gov.api.cors-origins", CORS_ORIGIN),
                // An empty value is no value: the key is unset.
                Map.entry("gov.operator.token-file", ""));
    }
}
