package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.EngineConfig;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSamples;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up checks an operator meets first: every mistake is named by its key, with no stack trace. */
class PreflightTest {
    private static final Deployment SAMPLE_DEPLOYMENT = DeploymentSamples.SAMPLE;
    private static final String GOOD_ADDRESS = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";

    @TempDir
    Path temp;

    @Test
    void acceptsAWellFormedConfiguration() {
        EngineConfig engine = with(Map.of(
                "gov.chains.main.rpc-url", "https://rpc.example.org/v1",
                "gov.chains.main.ws-url", "wss://rpc.example.org/v1/ws",
                "gov.chains.main.chain-id", "1",
                "gov.governors.dao.chain", "main",
                "gov.governors.dao.address", GOOD_ADDRESS.toLowerCase(),
                "gov.governors.dao.start-block", "19000000"), () -> Preflight.load().engine());
        EngineConfig.Governor dao = engine.governors().get("dao");
        assertEquals(GOOD_ADDRESS, dao.address().toString(), "addresses are held checksummed");
        assertEquals(19_000_000L, dao.startBlock());
        assertEquals(1L, engine.chains().get("main").chainId());
        assertEquals(Optional.of("wss://rpc.example.org/v1/ws"), engine.chains().get("main").wsUrl());
        assertEquals("data", engine.database().dataDir());
        assertEquals(Duration.ofMinutes(10), engine.database().workerTimeout(), "a worker waits for the database");
    }

    @Test
    void namesTheKeyOfAMalformedAddress() {
        String message = failure(Map.of(
                "gov.chains.main.rpc-url", "http://localhost:8545",
                "gov.chains.main.chain-id", "1",
                "gov.governors.dao.chain", "main",
                "gov.governors.dao.address", "0x1234"));
        assertTrue(message.contains("gov.governors.dao.address: '0x1234' is not an address"), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void namesEveryInvalidValue() {
        String message = failure(Map.of(
                "gov.chains.main.rpc-url", "ftp://example.org",
                "gov.chains.main.ws-url", "http://example.org",
                "gov.chains.main.chain-id", "0"));
        assertTrue(message.contains("gov.chains.main.rpc-url must be an http:// or https:// URL"), message);
        assertTrue(message.contains("gov.chains.main.ws-url must be a ws:// or wss:// URL"), message);
        assertTrue(message.contains("gov.chains.main.chain-id must be greater than or equal to 1"), message);
    }

    @Test
    void takesCorsOriginsOnlyAsOrigins() {
        Map<String, String> chain = Map.of("gov.chains.main.rpc-url", "http://localhost:8545",
                "gov.chains.main.chain-id", "1");
        Map<String, String> listed = new HashMap<>(chain);
        listed.put("gov.api.cors-origins", "https://wallet.test,http://localhost:5173");
        assertEquals(List.of("https://wallet.test", "http://localhost:5173"),
                with(listed, () -> Preflight.load().engine()).api().corsOrigins());
        assertEquals(List.of("*"), with(chain, () -> Preflight.load().engine()).api().corsOrigins());
        Map<String, String> withPath = new HashMap<>(chain);
        withPath.put("gov.api.cors-origins", "https://wallet.test/app");
        String message = failure(withPath);
        assertTrue(message.contains("gov.api.cors-origins"), message);
        assertTrue(message.contains("must be * or an origin, scheme://host[:port] with no path"), message);
    }

    @Test
    void namesAMissingKey() {
        String message = failure(Map.of("gov.chains.main.chain-id", "1"));
        assertTrue(message.contains("gov.chains.main.rpc-url is required"), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void checksTheOperatorTokenFileBeforeTheStart() throws Exception {
        Path missing = Files.createTempDirectory(temp, "operator").resolve("absent");
        String absent = failure(Map.of("gov.chains.main.rpc-url", "http://localhost:8545", "gov.chains.main.chain-id", "1",
                "gov.operator.token-file", missing.toString()));
        assertTrue(absent.contains("gov.operator.token-file: " + missing + " is not a readable file"), absent);

        Path shortToken = Files.writeString(Files.createTempFile(temp, "operator", ".token"), "too-short\n");
        String weak = failure(Map.of("gov.chains.main.rpc-url", "http://localhost:8545", "gov.chains.main.chain-id", "1",
                "gov.operator.token-file", shortToken.toString()));
        assertTrue(weak.contains("gov.operator.token-file: the token in " + shortToken + " is shorter than 32 characters"),
                weak);
        assertFalse(weak.contains("too-short"), "the token itself is never shown: " + weak);

        Path shared = Files.writeString(Files.createTempFile(temp, "operator", ".token"), "t".repeat(40));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw----"));
        String exposed = failure(Map.of("gov.chains.main.rpc-url", "http://localhost:8545", "gov.chains.main.chain-id", "1",
                "gov.operator.token-file", shared.toString()));
        assertTrue(exposed.contains("gov.operator.token-file: " + shared + " holds a secret but other users may read or"
                + " write it (rw-rw----); run chmod 600 " + shared), exposed);
    }

    @Test
    void rejectsAGovernorOnAnUnknownChain() {
        String message = failure(Map.of(
                "gov.chains.main.rpc-url", "http://localhost:8545",
                "gov.chains.main.chain-id", "1",
                "gov.governors.dao.chain", "mian",
                "gov.governors.dao.address", GOOD_ADDRESS));
        assertTrue(message.contains("gov.governors.dao.chain: 'mian' is not a configured chain"), message);
    }

    @Test
    void refusesTwoEntriesForTheSameGovernor() {
        Map<String, String> keys = new HashMap<>();
        keys.put("gov.chains.main.rpc-url", "http://localhost:8545");
        keys.put("gov.chains.main.chain-id", "1");
        keys.put("gov.chains.backup.rpc-url", "http://localhost:8546");
        keys.put("gov.chains.backup.chain-id", "1");
        keys.put("gov.governors.dao.chain", "main");
        keys.put("gov.governors.dao.address", GOOD_ADDRESS);
        keys.put("gov.governors.dao-again.chain", "backup");
        keys.put("gov.governors.dao-again.address", GOOD_ADDRESS.toLowerCase());
        String message = failure(keys);
        assertTrue(message.contains("gov.governors.dao-again: the same Governor as gov.governors.dao (eip155:1:"
                + GOOD_ADDRESS + "); configure it once"), message);
    }

    @Test
    void loadsAGoodDeploymentFile() throws Exception {
        Path file = deploymentFile(DeploymentJson.toJson(SAMPLE_DEPLOYMENT));
        EngineConfig engine = with(chainAnd(file), () -> Preflight.load().engine());
        assertEquals(Optional.of(file.toString()), engine.deploymentFile());
        assertEquals(SAMPLE_DEPLOYMENT, new ActiveDeployment(engine).get().orElseThrow());
    }

    @Test
    void withoutADeploymentFileThereIsNoDeployment() {
        EngineConfig engine = with(Map.of(), () -> Preflight.load().engine());
        assertEquals(Optional.empty(), new ActiveDeployment(engine).get());
    }

    @Test
    void refusesABadDeploymentFileNamingTheKeyAndTheField() throws Exception {
        Path file = deploymentFile(DeploymentSamples.edit(json -> json.withObject("/contracts/rewardPolicy")
                .put("address", "0xnot-an-address")));
        String message = failure(chainAnd(file));
        assertTrue(message.contains("gov.deployment-file: " + file
                + ": contracts.rewardPolicy.address: '0xnot-an-address' is not an address"), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void refusesADeploymentFileWithAContractMissing() throws Exception {
        Path file = deploymentFile(DeploymentSamples.edit(json -> json.withObject("/contracts").remove("rollupContributions")));
        String message = failure(chainAnd(file));
        assertTrue(message.contains("gov.deployment-file: " + file + ": contracts.rollupContributions: is missing"), message);
    }

    @Test
    void refusesADeploymentOnAChainThatIsNotConfigured() throws Exception {
        Path file = deploymentFile(DeploymentSamples.edit(json -> json.put("chainId", 10)));
        String message = failure(chainAnd(file));
        assertTrue(message.contains("gov.deployment-file: " + file
                + ": chainId 10 is not the chain id of a configured chain (gov.chains.*.chain-id: ["), message);
        // Other chains may be listed too: Quarkus test resources in this JVM publish theirs as system properties.
        assertTrue(message.matches("(?s).*chain-id: \\[[0-9, ]*\\b31337\\b[0-9, ]*]\\).*"), message);
    }

    @Test
    void refusesADeploymentFileThatIsNotThere() {
        Path file = Path.of("no-such-dir", "deployment.json");
        String message = failure(chainAnd(file));
        assertTrue(message.contains("gov.deployment-file: " + file + ": no such file " + file), message);
    }

    @Test
    void acceptsARollupMappingAndDefaultsItsAmount() throws Exception {
        Path file = deploymentFile(DeploymentJson.toJson(SAMPLE_DEPLOYMENT));
        Map<String, String> keys = new HashMap<>(chainAnd(file));
        keys.put("gov.rewards.rollup.poster.event",
                "BatchSubmitted(uint256 indexed batchIndex,address indexed submitter,uint256 txCount,bytes32 dataHash)");
        keys.put("gov.rewards.rollup.poster.contributor", "submitter");
        keys.put("gov.rewards.rollup.poster.amount", "txCount");
        keys.put("gov.rewards.rollup.loser.event", "ChallengeResolved(uint indexed batchIndex,address indexed challenger,bool challengerWon)");
        keys.put("gov.rewards.rollup.loser.contributor", "challenger");
        keys.put("gov.rewards.rollup.loser.when", "challengerWon=false");
        keys.put("gov.rewards.rollup.loser.contract", GOOD_ADDRESS.toLowerCase());
        EngineConfig engine = with(keys, () -> Preflight.load().engine());
        var mapping = dev.govengine.contributions.RollupMapping.fromConfig(engine.rewards());
        assertEquals(List.of("loser", "poster"), mapping.kinds().stream().map(k -> k.kind()).toList());
        assertEquals("ChallengeResolved(uint256,address,bool)", mapping.kinds().get(0).event().canonical(),
                "uint reads as uint256, as Solidity hashes it");
        assertEquals(GOOD_ADDRESS, mapping.kinds().get(0).contract().orElseThrow().toString());
        assertEquals(Optional.of("txCount"), mapping.kinds().get(1).amount());
    }

    @Test
    void namesTheKeyOfEveryRollupMappingMistake() throws Exception {
        Path file = deploymentFile(DeploymentJson.toJson(SAMPLE_DEPLOYMENT));
        Map<String, String> keys = new HashMap<>(chainAnd(file));
        keys.put("gov.rewards.rollup.a.event", "BatchSubmitted(uint256 indexed batchIndex,address indexed submitter");
        keys.put("gov.rewards.rollup.a.contributor", "submitter");
        keys.put("gov.rewards.rollup.b.event", "ProofSubmitted(uint256 indexed batchIndex,address indexed prover)");
        keys.put("gov.rewards.rollup.b.contributor", "batchIndex");
        keys.put("gov.rewards.rollup.b.amount", "prover");
        keys.put("gov.rewards.rollup.c.event", "ChallengeResolved(uint256 indexed batchIndex,address indexed challenger,bool challengerWon)");
        keys.put("gov.rewards.rollup.c.contributor", "challenger");
        keys.put("gov.rewards.rollup.c.when", "challengerWon=yes");
        keys.put("gov.rewards.rollup.d.event", "Posted(uint257 size,address who)");
        keys.put("gov.rewards.rollup.d.contributor", "poster");
        String message = failure(keys);
        assertTrue(message.contains("gov.rewards.rollup.a.event: 'BatchSubmitted(uint256 indexed batchIndex,address "
                + "indexed submitter' is not an event declaration"), message);
        assertTrue(message.contains("gov.rewards.rollup.b.contributor: 'batchIndex' has type uint256, expected address"), message);
        assertTrue(message.contains("gov.rewards.rollup.b.amount: 'prover' has type address, expected uint (any width)"), message);
        assertTrue(message.contains("gov.rewards.rollup.c.when: 'yes' is not a bool value (expected true or false)"), message);
        assertTrue(message.contains("gov.rewards.rollup.d.event: parameter 'size': 'uint257' is not a Solidity type"), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void outsideADevnetOnlyEventsOfTrustedEmittersArePaidFor() throws Exception {
        Path permissionless = deploymentFile(DeploymentSamples.edit(json -> {
            json.put("chainId", 10);
            json.withObject("/settings").put("rollupPermissionless", true);
        }));
        Map<String, String> keys = new HashMap<>(Map.of(
                "gov.chains.op.rpc-url", "http://127.0.0.1:8545",
                "gov.chains.op.chain-id", "10",
                "gov.deployment-file", permissionless.toString()));
        String refused = failure(keys);
        for (String kind : List.of("sequencer", "prover", "challenger")) {
            assertTrue(refused.contains("gov.rewards.rollup." + kind + ".trusted-emitter: "), refused);
        }
        assertTrue(refused.contains("gov.rewards.rollup.sequencer.trusted-emitter: BatchSubmitted of "
                + SAMPLE_DEPLOYMENT.rollupContributions().address() + " (the deployment's RollupContributions, deployed"
                + " permissionless) may be emitted by anyone on chain id 10, so anyone could pay themselves the rollup"
                + " pool"), refused);

        // Vouching for the default kinds needs only the key; a foreign contract needs it too.
        keys.put("gov.rewards.rollup.sequencer.trusted-emitter", "true");
        keys.put("gov.rewards.rollup.prover.trusted-emitter", "true");
        String oneLeft = failure(keys);
        assertTrue(oneLeft.contains("gov.rewards.rollup.challenger.trusted-emitter: "), oneLeft);
        assertFalse(oneLeft.contains("gov.rewards.rollup.sequencer.trusted-emitter"), oneLeft);
        keys.put("gov.rewards.rollup.challenger.trusted-emitter", "true");
        EngineConfig vouched = with(keys, () -> Preflight.load().engine());
        assertEquals(List.of("challenger", "prover", "sequencer"), dev.govengine.contributions.RollupMapping
                .fromConfig(vouched.rewards()).kinds().stream().map(k -> k.kind()).toList());

        // A RollupContributions deployed with its reporter role enforced needs no vouching.
        Path restricted = deploymentFile(DeploymentSamples.edit(json -> {
            json.put("chainId", 10);
            json.withObject("/settings").put("rollupPermissionless", false);
        }));
        with(Map.of("gov.chains.op.rpc-url", "http://127.0.0.1:8545", "gov.chains.op.chain-id", "10",
                "gov.deployment-file", restricted.toString()), () -> Preflight.load().engine());
        Map<String, String> foreign = new HashMap<>(Map.of("gov.chains.op.rpc-url", "http://127.0.0.1:8545",
                "gov.chains.op.chain-id", "10", "gov.deployment-file", restricted.toString()));
        foreign.put("gov.rewards.rollup.poster.event", "BatchPosted(address indexed poster)");
        foreign.put("gov.rewards.rollup.poster.contributor", "poster");
        foreign.put("gov.rewards.rollup.poster.contract", GOOD_ADDRESS);
        String foreignRefused = failure(foreign);
        assertTrue(foreignRefused.contains("gov.rewards.rollup.poster.trusted-emitter: BatchPosted of " + GOOD_ADDRESS
                + " may be emitted by anyone on chain id 10"), foreignRefused);
        foreign.put("gov.rewards.rollup.typo.trusted-emitter", "true");
        String typo = failure(foreign);
        assertTrue(typo.contains("gov.rewards.rollup.typo.event: required (only [challenger, prover,"
                + " sequencer] have a default event)"), typo);
    }

    @Test
    void refusesARollupMappingWithoutADeployment() {
        String message = failure(Map.of(
                "gov.chains.main.rpc-url", "http://localhost:8545",
                "gov.chains.main.chain-id", "1",
                "gov.rewards.rollup.poster.event", "BatchSubmitted(uint256 indexed batchIndex,address indexed submitter)",
                "gov.rewards.rollup.poster.contributor", "submitter"));
        assertTrue(message.contains("gov.rewards.rollup: rollup contributions are indexed on the deployment's chain; "
                + "set gov.deployment-file"), message);
    }

    @Test
    void startsAnEmbeddedDatabaseOnlyWhenNoDatasourceIsGiven() {
        assertFalse(with(Map.of(), () -> Preflight.load().datasourceConfigured()));
    }

    @Test
    void seesADatasourceGivenInTheEnvironmentOrProperties() {
        assertTrue(with(Map.of("quarkus.datasource.reactive.url", "postgresql://db:5432/gov"),
                () -> Preflight.load().datasourceConfigured()));
    }

    @Test
    void namesABusyHttpPortInOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            String problem = HttpPortCheck.problem(new ConfigPreflight.HttpListener("0.0.0.0", port)).orElseThrow();
            assertTrue(problem.startsWith("quarkus.http.port: cannot listen on 0.0.0.0:" + port + ": "), problem);
            assertTrue(problem.contains("-Dquarkus.http.port="), "says how to choose another: " + problem);
            assertFalse(problem.contains("\n"), problem);
        }
        try (ServerSocket free = new ServerSocket(0)) {
            ConfigPreflight.HttpListener listener = new ConfigPreflight.HttpListener("0.0.0.0", free.getLocalPort());
            free.close();
            assertEquals(Optional.empty(), HttpPortCheck.problem(listener));
        }
    }

    @Test
    void warnsThatServeWithoutAGovernorIndexesNothingAndSaysHowToAddOne() {
        String warning = with(Map.of(
                "gov.chains.main.rpc-url", "http://127.0.0.1:8545",
                "gov.chains.main.chain-id", "1"), () -> ServeCommand.noGovernorWarning(Preflight.load().engine()))
                .orElseThrow();
        assertTrue(warning.startsWith("Warning: no governor is configured, so the service indexes no proposals"),
                warning);
        assertTrue(warning.contains("gov.governors.<name>.address"), warning);
        assertFalse(warning.contains("\n"), warning);
        assertEquals(Optional.empty(), with(Map.of(
                "gov.chains.main.rpc-url", "http://127.0.0.1:8545",
                "gov.chains.main.chain-id", "1",
                "gov.governors.dao.chain", "main",
                "gov.governors.dao.address", GOOD_ADDRESS,
                "gov.governors.dao.start-block", "1"), () -> ServeCommand.noGovernorWarning(Preflight.load().engine())));
    }

    private static Map<String, String> chainAnd(Path deploymentFile) {
        return Map.of(
                "gov.chains.local.rpc-url", "http://127.0.0.1:8545",
                "gov.chains.local.chain-id", "31337",
                "gov.deployment-file", deploymentFile.toString());
    }

    private Path deploymentFile(String json) throws IOException {
        Path file = Files.createTempDirectory(temp, "preflight").resolve("deployment.json");
        Files.writeString(file, json);
        return file;
    }

    private static String failure(Map<String, String> properties) {
        return assertThrows(InvalidConfigurationException.class, () -> with(properties, Preflight::load)).getMessage();
    }

    /**
     * Runs {@code action} with exactly {@code properties} as the engine's system properties. Quarkus tests that ran
     * earlier in this JVM leave their test resources' and profiles' settings behind as system properties, so those
     * are set aside for the duration.
     */
    private static <T> T with(Map<String, String> properties, Supplier<T> action) {
        Map<String, String> leftOver = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("gov.") || key.startsWith("quarkus.datasource.")) {
                leftOver.put(key, System.getProperty(key));
                System.clearProperty(key);
            }
        }
        properties.forEach(System::setProperty);
        try {
            return action.get();
        } finally {
            properties.keySet().forEach(System::clearProperty);
            leftOver.forEach(System::setProperty);
        }
    }
}
