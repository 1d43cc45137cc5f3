package dev.govengine.submission;

import dev.govengine.config.EngineConfig;
import dev.govengine.config.SecretFile;
import dev.govengine.types.ChecksumAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Loads the submission key: from an encrypted JSON keystore with its password in a file or an environment
 * variable, or, for development only, from a raw hex key in an environment variable. No message it logs or throws
 * contains the key or the password, and no exception from a parser that might quote its input is passed on.
 */
public final class SignerLoader {
    private static final Logger LOG = Logger.getLogger(SignerLoader.class);
    private static final Pattern RAW_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    /** A loaded key and where it came from, for the start-up log line. */
    public record Signer(Credentials credentials, String source) {
        @Override
        public String toString() {
            return ChecksumAddress.of(credentials.getAddress()) + " (" + source + ")";
        }
    }

    private SignerLoader() {
    }

    /** Whether any key source is configured: submission is off otherwise. */
    public static boolean configured(EngineConfig.Submission config) {
        return config.keystoreFile().isPresent() || config.devPrivateKeyEnv().isPresent();
    }

    /**
     * Mistakes in gov.submission.* that can be named before the service starts, as "key: what is wrong"; the files
     * and variables themselves are read only at start, so no secret passes through the configuration check.
     */
    public static List<String> configurationProblems(EngineConfig engine) {
        EngineConfig.Submission config = engine.submission();
        List<String> problems = new ArrayList<>();
        if (config.keystoreFile().isPresent() && config.devPrivateKeyEnv().isPresent()) {
            problems.add("gov.submission.keystore-file: gov.submission.dev-private-key-env is set too; choose one");
        }
        if (config.keystoreFile().isPresent() && config.keystorePasswordFile().isPresent() == config.keystorePasswordEnv().isPresent()) {
            problems.add("gov.submission.keystore-file: needs exactly one of gov.submission.keystore-password-file and"
                    + " gov.submission.keystore-password-env");
        }
        if (configured(config) && engine.deploymentFile().isEmpty()) {
            problems.add("gov.submission: a signing key is configured but gov.deployment-file, which names the"
                    + " RewardDistributor to submit to, is not");
        }
        config.chain().filter(chain -> !engine.chains().containsKey(chain)).ifPresent(chain -> problems.add(
                "gov.submission.chain: '" + chain + "' is not a configured chain (configured: " + engine.chains().keySet() + ")"));
        return problems;
    }

    /**
     * The configured key, or empty if none is configured.
     *
     * @param environment the process environment ({@code System::getenv} in the service)
     */
    public static Optional<Signer> load(EngineConfig.Submission config, Function<String, String> environment) {
        if (config.keystoreFile().isPresent() && config.devPrivateKeyEnv().isPresent()) {
            throw new SignerLoadException("gov.submission.keystore-file and gov.submission.dev-private-key-env are both set; choose one");
        }
        if (config.keystoreFile().isPresent()) {
            return Optional.of(fromKeystore(config, environment));
        }
        if (config.devPrivateKeyEnv().isPresent()) {
            return Optional.of(fromEnvironment(config.devPrivateKeyEnv().get(), environment));
        }
        return Optional.empty();
    }

    private static Signer fromKeystore(EngineConfig.Submission config, Function<String, String> environment) {
        Path keystore = Path.of(config.keystoreFile().get());
        String password = password(config, environment);
        if (!Files.isReadable(keystore)) {
            throw new SignerLoadException("gov.submission.keystore-file: " + keystore + " does not exist or is not readable");
        }
        refuseIfShared("gov.submission.keystore-file", keystore);
        try {
            Credentials credentials = WalletUtils.loadCredentials(password, keystore.toFile());
            return new Signer(credentials, "keystore " + keystore);
        } catch (CipherException e) {
            throw new SignerLoadException("gov.submission.keystore-file: cannot decrypt " + keystore
                    + ": wrong password, or not a Web3 Secret Storage keystore");
        } catch (IOException | RuntimeException e) {
            throw new SignerLoadException("gov.submission.keystore-file: " + keystore + " is not a readable JSON keystore ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String password(EngineConfig.Submission config, Function<String, String> environment) {
        if (config.keystorePasswordFile().isPresent() == config.keystorePasswordEnv().isPresent()) {
            throw new SignerLoadException("gov.submission.keystore-file needs exactly one of gov.submission.keystore-password-file"
                    + " and gov.submission.keystore-password-env");
        }
        if (config.keystorePasswordFile().isPresent()) {
            Path file = Path.of(config.keystorePasswordFile().get());
            refuseIfShared("gov.submission.keystore-password-file", file);
            try {
                return stripLineEnd(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new SignerLoadException("gov.submission.keystore-password-file: cannot read " + file);
            }
        }
        String variable = config.keystorePasswordEnv().get();
        String password = environment.apply(variable);
        if (password == null || password.isEmpty()) {
            throw new SignerLoadException("gov.submission.keystore-password-env: the environment variable " + variable + " is not set");
        }
        return password;
    }

    private static Signer fromEnvironment(String variable, Function<String, String> environment) {
        String key = environment.apply(variable);
        if (key == null || key.isBlank()) {
            throw new SignerLoadException("gov.submission.dev-private-key-env: the environment variable " + variable + " is not set");
        }
        if (!RAW_KEY.matcher(key.strip()).matches()) {
            throw new SignerLoadException("gov.submission.dev-private-key-env: the environment variable " + variable
                    + " does not hold a private key (64 hex digits, optionally 0x-prefixed)");
        }
        Credentials credentials = Credentials.create(key.strip());
        LOG.warnf("Submission key %s comes from the environment variable %s: for development only. In production, use an"
                + " encrypted keystore (gov.submission.keystore-file).", ChecksumAddress.of(credentials.getAddress()), variable);
        return new Signer(credentials, "environment variable " + variable + ", development only");
    }

    private static void refuseIfShared(String key, Path file) {
        SecretFile.exposure(key, file).ifPresent(problem -> {
            throw new SignerLoadException(problem);
        });
    }

    /** Editors and {@code echo} end a password file with a newline that is not part of the password. */
    private static String stripLineEnd(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
