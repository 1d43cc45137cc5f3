package dev.govengine.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which URLs an endpoint may have: https anywhere, http only to loopback, each refusal naming its rule. */
class WebhookUrlTest {
    @Test
    void httpsAnywhereAndHttpOnlyToLoopback() {
        for (String url : List.of("https://192.0.2.1/hook", "https://hooks.internal:8443/a?b=c", "http://localhost:9/x",
                "http://127.0.0.1/x", "http://127.3.4.5:80/x", "http://[::1]:8080/x", "HTTPS://192.0.2.1/")) {
            assertEquals(url, WebhookUrl.check(url).toString());
        }
    }

    @Test
    void theRefusalNamesTheRule() {
        for (String url : List.of("http://192.0.2.1/hook", "http://10.0.0.1/x", "http://hooks.internal/x",
                "http://localhost.hooks.internal/x", "http://[::2]/x", "ftp://127.0.0.1/x", "ws://127.0.0.1/x")) {
            String message = assertThrows(IllegalArgumentException.class, () -> WebhookUrl.check(url)).getMessage();
            assertTrue(message.contains("must be https; http is allowed only to a loopback address"), message);
        }
        assertRefused("https://user:password@192.0.2.1/x", "no user information");
        assertRefused("https://192.0.2.1/x#part", "no fragment");
        assertRefused("/relative", "must be absolute");
        assertRefused("https://192.0.2.1/" + "x".repeat(WebhookUrl.MAX_LENGTH), "longer than");
        assertRefused(" ", "required");
        assertRefused("https://exa mple/", "not a URL");
    }

    private static void assertRefused(String url, String rule) {
        String message = assertThrows(IllegalArgumentException.class, () -> WebhookUrl.check(url)).getMessage();
        assertTrue(message.startsWith("url: ") && message.contains(rule), message);
    }
}
