package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer token of the operator endpoints, read from {@code gov.operator.token-file}. The configuration names a
 * file rather than holding the secret, like the signer's password, so that printing or checking the configuration
 * never shows it.
 */
public final class OperatorToken {
    static final int MIN_LENGTH = 32;
    private static final String KEY = "gov.operator.token-file";

    private final byte[] token;

    private OperatorToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token; empty when the operator endpoints are off. */
    public static Optional<OperatorToken> load(EngineConfig.Operator config) {
        if (config.tokenFile().isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.get(0));
        }
        return Optional.of(new OperatorToken(read(Path.of(config.tokenFile().get()))));
    }

    /** What is wrong with the configured token file, as {@code key: problem} lines; checked before the service starts. */
    public static List<String> problems(EngineConfig.Operator config) {
        List<String> problems = new ArrayList<>();
        if (config.tokenFile().isEmpty()) {
            return problems;
        }
        Path file = Path.of(config.tokenFile().get());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(KEY + ": " + file + " is not a readable file");
            return problems;
        }
        try {
            if (read(file).length() < MIN_LENGTH) {
                problems.add(KEY + ": the token in " + file + " is shorter than " + MIN_LENGTH + " characters");
            }
        } catch (IllegalStateException e) {
            problems.add(KEY + ": " + e.getMessage());
        }
        return problems;
    }

    /** Whether an {@code Authorization} header carries this token; compared in constant time. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
