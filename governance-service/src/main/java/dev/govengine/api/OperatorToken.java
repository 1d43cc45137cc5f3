package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import dev.govengine.config.SecretFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bearer token of the operator endpoints, read from {@code gov.operator.token-file}. The configuration names a
 * file rather than holding the secret, like the signer's password, so that printing or checking the configuration
 * never shows it. The file is read again when it changes, so a token is rotated without a restart.
 */
public final class OperatorToken {
    static final int MIN_LENGTH = 32;
    private static final Logger LOG = Logger.getLogger(OperatorToken.class);
    private static final String KEY = "gov.operator.token-file";

    private final Path file;
    private volatile Read read;
    private volatile String exposure;

    private record Read(FileTime modified, byte[] token) {
    }

    private OperatorToken(Path file) {
        this.file = file;
    }

    /** The configured token; empty when the operator endpoints are off. */
    public static Optional<OperatorToken> of(EngineConfig.Operator config) {
        return config.tokenFile().map(file -> new OperatorToken(Path.of(file)));
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
        Optional<String> exposed = SecretFile.exposure(KEY, file);
        if (exposed.isPresent()) {
            problems.add(exposed.get());
            return problems;
        }
        try {
            if (read(file).length() < MIN_LENGTH) {
                problems.add(KEY + ": the token in " + file + " is shorter than " + MIN_LENGTH + " characters");
            }
        } catch (IOException e) {
            problems.add(KEY + ": cannot read " + file + ": " + e.getMessage());
        }
        return problems;
    }

    /**
     * Whether a bearer token is this one; compared in constant time. A token file that is missing, unreadable, too
     * short or no longer private to its owner accepts nothing.
     */
    boolean accepts(String bearer) {
        byte[] token = current();
        return token != null && MessageDigest.isEqual(token, bearer.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] current() {
        try {
            Optional<String> exposed = SecretFile.exposure(KEY, file);
            if (exposed.isPresent()) {
                // Once per change, not per request: a stranger's requests must not flood the log.
                if (!exposed.get().equals(exposure)) {
                    LOG.error(exposed.get() + "; operator requests are refused until then");
                }
                exposure = exposed.get();
                return null;
            }
            exposure = null;
            FileTime modified = Files.getLastModifiedTime(file);
            Read known = read;
            if (known == null || !known.modified().equals(modified)) {
                String token = read(file);
                known = new Read(modified, token.length() < MIN_LENGTH ? null : token.getBytes(StandardCharsets.UTF_8));
                read = known;
                if (known.token() == null) {
                    LOG.errorf("%s: the token in %s is shorter than %d characters; operator requests are refused", KEY,
                            file, MIN_LENGTH);
                }
            }
            return known.token();
        } catch (IOException e) {
            LOG.errorf("%s: cannot read %s (%s); operator requests are refused", KEY, file, e.getMessage());
            return null;
        }
    }

    private static String read(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
