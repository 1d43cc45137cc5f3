package dev.govengine.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed: {@code X-Gov-Signature: t=<unix seconds>,v1=<hex>}, where the hex is the lower-case
 * HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes, prefix included), of {@code <t>.<body>}: the
 * decimal timestamp, a full stop, and the body's bytes exactly as sent. Signing the timestamp lets a receiver refuse
 * a replayed delivery by its age; docs/ARCHITECTURE.md ("Webhooks") has a receiver's check.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Gov-Signature";
    private static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new endpoint's secret: 32 random bytes, hex, after a prefix that says what it is when found in a file. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + HexFormat.of().formatHex(key);
    }

    /** The header's value for {@code body} sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
