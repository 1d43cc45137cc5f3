package dev.govengine.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The URLs an endpoint may have: https to any host; http only to a loopback address (a tool on the engine's own
 * machine, the tests' receiver), since a delivery in clear text could be read and replayed on the way. No user
 * information (a password would sit in the table and the list), no fragment.
 */
final class WebhookUrl {
    static final int MAX_LENGTH = 2048;

    private WebhookUrl() {
    }

    /** @throws IllegalArgumentException naming the rule the URL breaks */
    static URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: required, an https URL");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("url: longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("url: '" + url + "' must be absolute, with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url: no user information and no fragment");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && loopback(uri.getHost())) {
            return uri;
        }
        throw new IllegalArgumentException("url: must be https; http is allowed only to a loopback address"
                + " (localhost, 127.0.0.0/8, [::1]), not '" + url + "'");
    }

    /** By name only for {@code localhost}: no other name is resolved, so a DNS answer cannot make a host loopback. */
    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
