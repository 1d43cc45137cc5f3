package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The README's run command, as a new user meets it: no configuration, everything local, a summary that is served by
 * the time it is printed, a first epoch paid without anyone moving the clock, and nothing left behind.
 */
class DevnetSystemIT {
    private static final Pattern GOVERNOR_LINE = Pattern.compile("Governor\\s+(0x[0-9a-fA-F]{40})");
    private static final Pattern POSTGRES_LINE = Pattern.compile("PostgreSQL: embedded PostgreSQL on port (\\d+)");
    private static final Pattern DEPLOYMENT_FILE_LINE = Pattern.compile("Deployment file\\s+(\\S+)");
    private static final Pattern RPC_LINE = Pattern.compile("RPC URL\\s+(http://127\\.0\\.0\\.1:\\d+) \\(chain id 31337\\)");
    private static final Pattern GOVERNOR_ID_LINE = Pattern.compile("Governor id\\s+(eip155:31337:0x[0-9a-fA-F]{40}) ");
    private static final Pattern WORK_DIR_LINE = Pattern.compile("Working directory\\s+(\\S+) \\(removed on exit\\)");
    private static final Pattern OPEN_PROPOSAL_LINE = Pattern.compile("Open proposal\\s+(\\d+) ");
    private static final Pattern CURL_LINE = Pattern.compile("(?m)^  curl -s (http://localhost:\\d+/graphql) .* -d '(.*)'$");
    /** The voters the summary lists, by name and dev account. */
    private static final Map<String, Integer> VOTERS = Map.of("alice", 1, "bob", 2, "erin", 5);
    /**
     * Epoch 1 has ended by the time the service is up (the seeding moves the chain's clock two minutes ahead, a
     * timelock delay for each proposal it executes), so the test waits for the dispute window and the ticks alone: a
     * window of one block keeps that short.
     */
    private static final String EPOCH_LENGTH = "60";
    private static final String DISPUTE_PERIOD = "2";
    private static final Duration REWARD_WAIT = Duration.ofSeconds(120);
    /** Devnet prints its summary once the service is ready, from beside it: a moment after readiness. */
    private static final Duration SUMMARY_WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBusyHttpPortIsNamedInOneLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            String port = Integer.toString(taken.getLocalPort());
            try (ServiceProcess devnet = ServiceProcess.start("devnet", Map.of("quarkus.http.port", port))) {
                assertEquals(2, devnet.awaitExit(), devnet.output());
                String output = devnet.output();
                assertTrue(output.startsWith("quarkus.http.port: cannot listen on 0.0.0.0:" + port + ": "), output);
                assertEquals(1, output.lines().count(), "one line, and nothing started:\n" + output);
            }
        }
    }

    @Test
    void startsEverythingPaysAFirstEpochWithoutMovingTheClockAndLeavesNothingBehind() throws Exception {
        List<ProcessHandle> started;
        Path workDir;
        try (ServiceProcess devnet = ServiceProcess.start(List.of("devnet", "--epoch-length", EPOCH_LENGTH,
                "--dispute-period", DISPUTE_PERIOD), Map.of("gov.rewards.epochs.tick-interval", "1s"))) {
            devnet.awaitReady();
            long ready = System.nanoTime();
            Matcher deploymentFile = DEPLOYMENT_FILE_LINE.matcher(devnet.awaitPrinted("Press Ctrl-C", SUMMARY_WAIT));
            assertTrue(deploymentFile.find(), "prints the deployment file:\n" + devnet.output());
            Deployment deployment = DeploymentJson.read(Path.of(deploymentFile.group(1)));
            String governorId = "eip155:31337:" + deployment.governor().address();
            // Ready means indexed: the very first query sees the seeded proposals (two executed, the one that gave
            // votes their hour among them, one defeated, one open).
            JsonNode proposals = data(devnet, devnet.graphql("{ proposals(governor: \"" + governorId + "\") { edges {"
                    + " node { title state } } } }"));
            assertEquals(4, proposals.path("proposals").path("edges").size(), proposals.toString());

            String output = devnet.output();
            assertSummary(output, deployment, governorId, deploymentFile.group(1));
            workDir = Path.of(printed(output, WORK_DIR_LINE));
            assertEquals(Path.of(System.getProperty("gov.repo.root"), ".devnet").toAbsolutePath().normalize(),
                    workDir.getParent().normalize(), "under ./.devnet, not in the shared temporary directory");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir)));
            assertTrue(Files.isRegularFile(workDir.resolve("engine-keystore.password")), "the keystore's password");

            Matcher curl = CURL_LINE.matcher(output);
            assertTrue(curl.find(), "prints a query to paste:\n" + output);
            assertEquals(devnet.uri("/graphql").toString(), curl.group(1));
            JsonNode pasted = data(devnet, devnet.graphql(JSON.readTree(curl.group(2)).path("query").asText()));
            assertEquals("ACTIVE", pasted.path("proposals").path("edges").get(0).path("node").path("state").asText(),
                    pasted.toString());
            assertOpenForAnHour(devnet, governorId, printed(output, OPEN_PROPOSAL_LINE));

            // With nobody touching the chain's clock, epoch 1 (the seeded votes) is posted, finalized and claimable.
            awaitEpochOneFinalized(devnet);
            Credentials alice = DevAccounts.account(VOTERS.get("alice"));
            JsonNode claim = data(devnet, devnet.operation("Claim", Map.of(
                    "distributor", "eip155:31337:" + deployment.rewardDistributor().address(),
                    "account", alice.getAddress()))).path("claim");
            // Under the live root, epoch 1's or, with epochs this short, already a later one's.
            assertTrue(claim.path("epoch").asLong() >= 1, claim.toString());
            assertTrue(new BigInteger(claim.path("claimable").asText()).signum() > 0, claim.toString());
            System.out.printf("devnet --epoch-length %s --dispute-period %s: claimable %d s after ready%n",
                    EPOCH_LENGTH, DISPUTE_PERIOD, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - ready));

            started = new ArrayList<>(devnet.descendants());
            assertTrue(started.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/anvil")),
                    "Anvil runs as a child: " + describe(started));
            List<ProcessHandle> postgres = postgresServing(printed(output, POSTGRES_LINE));
            assertFalse(postgres.isEmpty(), "PostgreSQL serves on the printed port");
            started.addAll(postgres);

            assertEquals(143, devnet.terminate(), "stopped by SIGTERM");
        }
        for (ProcessHandle child : started) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(child.isAlive(), "left behind: " + child.pid() + " " + child.info().command().orElse("?"));
        }
        assertFalse(Files.exists(workDir), "the keystore and its password go with the devnet: " + workDir);
    }

    private static void assertSummary(String output, Deployment deployment, String governorId, String deploymentFile) {
        String summary = output.substring(output.indexOf("Devnet ready"));
        assertTrue(summary.indexOf("Devnet ready") < summary.indexOf("Press Ctrl-C"), output);
        assertEquals(governorId, printed(summary, GOVERNOR_ID_LINE), "the CAIP-10 id every query takes");
        Matcher governor = GOVERNOR_LINE.matcher(summary);
        assertTrue(governor.find(), "prints the Governor address:\n" + output);
        assertEquals(deployment.governor().address().toString(), governor.group(1));
        assertTrue(RPC_LINE.matcher(summary).find(), "prints the RPC URL:\n" + output);
        assertTrue(summary.contains("/q/graphql-ui"), "prints the GraphQL UI URL:\n" + output);
        assertTrue(output.contains("Seeded proposals: executed "), output);
        assertPrinted(summary, "Token", deployment.token().address());
        assertPrinted(summary, "Timelock", deployment.timelock().address());
        assertPrinted(summary, "RewardPolicy", deployment.rewardPolicy().address());
        assertPrinted(summary, "RewardDistributor", deployment.rewardDistributor().address());
        assertPrinted(summary, "RollupContributions", deployment.rollupContributions().address());
        assertTrue(summary.contains("DEVELOPMENT ONLY"), "the keys are marked as development keys:\n" + output);
        VOTERS.forEach((name, account) -> {
            Credentials voter = DevAccounts.account(account);
            String key = Numeric.toHexStringWithPrefixZeroPadded(voter.getEcKeyPair().getPrivateKey(), 64);
            assertTrue(Pattern.compile("\\s" + name + "\\s+" + ChecksumAddress.of(voter.getAddress()) + " key " + key
                    + "\\R").matcher(summary).find(), name + "'s address and key are printed:\n" + output);
        });
        assertTrue(output.contains("Deployment " + deploymentFile + ": chain id 31337"),
                "the service loaded the deployment devnet wrote:\n" + output);
    }

    /** The seeded open proposal takes votes for at least an hour of the devnet's 2-second blocks. */
    private static void assertOpenForAnHour(ServiceProcess devnet, String governorId, String proposalId)
            throws Exception {
        JsonNode answer = data(devnet, devnet.graphql("{ proposal(governor: \"" + governorId + "\", proposalId: \""
                + proposalId + "\") { state voteEnd } indexerStatus { headBlock } }"));
        assertEquals("ACTIVE", answer.path("proposal").path("state").asText(), answer.toString());
        long blocksLeft = answer.path("proposal").path("voteEnd").asLong()
                - answer.path("indexerStatus").get(0).path("headBlock").asLong();
        assertTrue(blocksLeft * 2 >= 3600, "open for " + blocksLeft * 2 + " s more: " + answer);
    }

    private static void awaitEpochOneFinalized(ServiceProcess devnet) {
        List<String> stops = List.of("FINALIZED", "DISPUTED", "SUBMIT_FAILED");
        AtomicReference<JsonNode> epoch = new AtomicReference<>();
        try {
            await().atMost(REWARD_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode answer = JSON.readTree(devnet.operation("RewardEpoch", Map.of("number", "1")).body());
                if ("NOT_FOUND".equals(answer.path("errors").path(0).path("extensions").path("code").asText())) {
                    return false; // not computed yet
                }
                epoch.set(data(devnet, answer).path("rewardEpoch"));
                return stops.contains(epoch.get().path("status").asText());
            });
        } catch (ConditionTimeoutException late) {
            fail("epoch 1 not FINALIZED within " + REWARD_WAIT + "; last answer: " + epoch.get() + "\n"
                    + devnet.output());
        }
        assertEquals("FINALIZED", epoch.get().path("status").asText(), epoch.get() + "\n" + devnet.output());
    }

    private static JsonNode data(ServiceProcess devnet, HttpResponse<String> response) throws Exception {
        return data(devnet, JSON.readTree(response.body()));
    }

    private static JsonNode data(ServiceProcess devnet, JsonNode answer) {
        assertTrue(answer.path("errors").isMissingNode(), answer + "\n" + devnet.output());
        return answer.path("data");
    }

    private static String printed(String output, Pattern line) {
        Matcher matcher = line.matcher(output);
        assertTrue(matcher.find(), "prints " + line + ":\n" + output);
        return matcher.group(1);
    }

    private static void assertPrinted(String output, String label, ChecksumAddress address) {
        assertTrue(Pattern.compile("\\s" + label + "\\s+" + address + "\\R").matcher(output).find(),
                label + " " + address + " is printed:\n" + output);
    }

    /** pg_ctl daemonizes the server, so it is no descendant of the service: find it by the port it serves. */
    private static List<ProcessHandle> postgresServing(String port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(port))
                .toList();
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList().toString();
    }
}
