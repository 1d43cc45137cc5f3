package dev.govengine.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.config.EngineConfig;
import dev.govengine.testing.LogCapture;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * The signer's key from an encrypted keystore (password in a file or an environment variable) or, for development,
 * from a raw key in an environment variable; configured through the service's gov.submission.* mapping. Neither the
 * key nor the password ever shows in a log line or an error message.
 */
class SignerLoaderTest {
    private static final String PASSWORD = "correct horse battery staple 7f3a";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path temp;

    @Test
    void loadsAKeystoreWithItsPasswordFromAFile() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        Path dir = Files.createTempDirectory(temp, "keystore");
        Path keystore = privateKeystore(pair, dir);
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, OWNER_ONLY);

        try (LogCapture logs = new LogCapture()) {
            EngineConfig.Submission config = config(Map.of("gov.submission.keystore-file", keystore.toString(),
                    "gov.submission.keystore-password-file", passwordFile.toString()));
            SignerLoader.Signer signer = SignerLoader.load(config, name -> null).orElseThrow();
            assertEquals(Keys.toChecksumAddress(Keys.getAddress(pair)), ChecksumAddress.of(signer.credentials().getAddress()).toString());
            assertEquals(pair.getPrivateKey(), signer.credentials().getEcKeyPair().getPrivateKey());
            assertTrue(signer.toString().contains("keystore " + keystore), signer.toString());
            assertNoSecrets(logs.all() + signer, pair);
        }
    }

    @Test
    void loadsAKeystoreWithItsPasswordFromAnEnvironmentVariable() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        Path dir = Files.createTempDirectory(temp, "keystore");
        Path keystore = privateKeystore(pair, dir);
        EngineConfig.Submission config = config(Map.of("gov.submission.keystore-file", keystore.toString(),
                "gov.submission.keystore-password-env", "GOV_TEST_KEYSTORE_PASSWORD"));
        Map<String, String> environment = Map.of("GOV_TEST_KEYSTORE_PASSWORD", PASSWORD);

        Credentials credentials = SignerLoader.load(config, environment::get).orElseThrow().credentials();
        assertEquals(pair.getPrivateKey(), credentials.getEcKeyPair().getPrivateKey());

        SignerLoadException unset = assertThrows(SignerLoadException.class, () -> SignerLoader.load(config, name -> null));
        assertEquals("gov.submission.keystore-password-env: the environment variable GOV_TEST_KEYSTORE_PASSWORD is not set",
                unset.getMessage());
    }

    @Test
    void aWrongPasswordIsRefusedWithoutRepeatingIt() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        Path dir = Files.createTempDirectory(temp, "keystore");
        Path keystore = privateKeystore(pair, dir);
        String wrong = "not-the-password-91c2";
        try (LogCapture logs = new LogCapture()) {
            EngineConfig.Submission config = config(Map.of("gov.submission.keystore-file", keystore.toString(),
                    "gov.submission.keystore-password-env", "PW"));
            SignerLoadException refused = assertThrows(SignerLoadException.class,
                    () -> SignerLoader.load(config, Map.of("PW", wrong)::get));
            assertTrue(refused.getMessage().contains("wrong password"), refused.getMessage());
            assertFalse(refused.getMessage().contains(wrong));
            assertFalse(logs.all().contains(wrong));
            assertNoSecrets(refused.getMessage() + logs.all(), pair);
        }
    }

    @Test
    void aRawKeyFromTheEnvironmentIsForDevelopmentOnlyAndSaysSo() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        String raw = Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64);
        try (LogCapture logs = new LogCapture()) {
            EngineConfig.Submission config = config(Map.of("gov.submission.dev-private-key-env", "GOV_DEV_KEY"));
            SignerLoader.Signer signer = SignerLoader.load(config, Map.of("GOV_DEV_KEY", raw)::get).orElseThrow();
            String address = ChecksumAddress.of(signer.credentials().getAddress()).toString();

            List<LogCapture.Line> warnings = logs.atLeast(Level.WARNING);
            assertEquals(1, warnings.size(), logs.all());
            assertTrue(warnings.get(0).text().contains("for development only"), warnings.get(0).text());
            assertTrue(warnings.get(0).text().contains(address), "the warning shows the address");
            assertTrue(warnings.get(0).text().contains("GOV_DEV_KEY"), "and names the variable");
            assertNoSecrets(logs.all() + signer, pair);

            String malformed = raw.substring(0, 40) + "zz";
            SignerLoadException refused = assertThrows(SignerLoadException.class,
                    () -> SignerLoader.load(config, Map.of("GOV_DEV_KEY", malformed)::get));
            assertFalse(refused.getMessage().contains(malformed.substring(2, 40)), refused.getMessage());
        }
    }

    @Test
    void submissionIsOffWithoutAKeyAndRefusesAmbiguousSources() throws Exception {
        EngineConfig.Submission none = config(Map.of());
        assertFalse(SignerLoader.configured(none));
        assertEquals(Optional.empty(), SignerLoader.load(none, name -> null));

        SignerLoadException both = assertThrows(SignerLoadException.class, () -> SignerLoader.load(config(Map.of(
                "gov.submission.keystore-file", "/nonexistent", "gov.submission.dev-private-key-env", "X")), name -> "1"));
        assertTrue(both.getMessage().contains("choose one"), both.getMessage());
        SignerLoadException noPassword = assertThrows(SignerLoadException.class, () -> SignerLoader.load(config(Map.of(
                "gov.submission.keystore-file", "/nonexistent")), name -> null));
        assertTrue(noPassword.getMessage().contains("exactly one of gov.submission.keystore-password-file"), noPassword.getMessage());
    }

    @Test
    void keystoreAndPasswordFilesOthersMayReadAreRefusedWithTheFix() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        Path dir = Files.createTempDirectory(temp, "keystore");
        Path keystore = privateKeystore(pair, dir);
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r-----"));
        EngineConfig.Submission config = config(Map.of("gov.submission.keystore-file", keystore.toString(),
                "gov.submission.keystore-password-file", passwordFile.toString()));

        SignerLoadException groupReadable = assertThrows(SignerLoadException.class,
                () -> SignerLoader.load(config, name -> null));
        assertEquals("gov.submission.keystore-password-file: " + passwordFile + " holds a secret but other users may"
                + " read or write it (rw-r-----); run chmod 600 " + passwordFile, groupReadable.getMessage());

        Files.setPosixFilePermissions(passwordFile, OWNER_ONLY);
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r--r--"));
        SignerLoadException worldReadable = assertThrows(SignerLoadException.class,
                () -> SignerLoader.load(config, name -> null));
        assertEquals("gov.submission.keystore-file: " + keystore + " holds a secret but other users may read or write"
                + " it (rw-r--r--); run chmod 600 " + keystore, worldReadable.getMessage());

        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("r--------"));
        assertEquals(pair.getPrivateKey(), SignerLoader.load(config, name -> null).orElseThrow().credentials()
                .getEcKeyPair().getPrivateKey(), "an owner-only file loads");
    }

    /** A keystore as an operator keeps it: readable by its owner only. */
    private static Path privateKeystore(ECKeyPair pair, Path dir) throws Exception {
        Path keystore = dir.resolve(WalletUtils.generateWalletFile(PASSWORD, pair, dir.toFile(), false));
        Files.setPosixFilePermissions(keystore, OWNER_ONLY);
        return keystore;
    }

    private static void assertNoSecrets(String text, ECKeyPair pair) {
        String lower = text.toLowerCase();
        assertFalse(lower.contains(Numeric.toHexStringNoPrefixZeroPadded(pair.getPrivateKey(), 64)), "private key in: " + text);
        assertFalse(lower.contains(pair.getPrivateKey().toString()), "private key (decimal) in: " + text);
        assertFalse(text.contains(PASSWORD), "password in: " + text);
    }

    @Test
    void thePreflightNamesEveryMistakeInTheSubmissionKeys() {
        List<String> problems = SignerLoader.configurationProblems(engine(Map.of(
                "gov.submission.keystore-file", "/etc/engine/key.json",
                "gov.submission.dev-private-key-env", "GOV_DEV_KEY", "gov.submission.chain", "nowhere")));
        String all = String.join("\n", problems);
        assertEquals(4, problems.size(), all);
        assertTrue(all.contains("gov.submission.dev-private-key-env is set too; choose one"), all);
        assertTrue(all.contains("needs exactly one of gov.submission.keystore-password-file"), all);
        assertTrue(all.contains("gov.deployment-file, which names the RewardDistributor"), all);
        assertTrue(all.contains("gov.submission.chain: 'nowhere' is not a configured chain"), all);
        assertEquals(List.of(), SignerLoader.configurationProblems(engine(Map.of())), "no key, nothing to check");
    }

    /** gov.submission.* through the service's configuration mapping, from system properties. */
    private static EngineConfig.Submission config(Map<String, String> properties) {
        return engine(properties).submission();
    }

    private static EngineConfig engine(Map<String, String> properties) {
        properties.forEach(System::setProperty);
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultSources().addDiscoveredConverters()
                    .withMapping(EngineConfig.class).build();
            return config.getConfigMapping(EngineConfig.class);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
