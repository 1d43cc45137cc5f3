package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.types.ChecksumAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** The README's run command, as a new user meets it: no configuration, everything local, nothing left behind. */
class DevnetSystemIT {
    private static final Pattern GOVERNOR_LINE = Pattern.compile("Governor\\s+(0x[0-9a-fA-F]{40})");
    private static final Pattern POSTGRES_LINE = Pattern.compile("PostgreSQL: embedded PostgreSQL on port (\\d+)");
    private static final Pattern DEPLOYMENT_FILE_LINE = Pattern.compile("Deployment file\\s+(\\S+)");
    private static final Pattern RPC_LINE = Pattern.compile("RPC URL\\s+(http://127\\.0\\.0\\.1:\\d+) \\(chain id 31337\\)");

    @Test
    void startsEverythingServesTheUiAndLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> started;
        try (ServiceProcess devnet = ServiceProcess.start("devnet", Map.of())) {
            devnet.awaitReady();
            String output = devnet.output();
            Matcher governor = GOVERNOR_LINE.matcher(output);
            assertTrue(governor.find(), "prints the Governor address:\n" + output);
            assertTrue(RPC_LINE.matcher(output).find(), "prints the RPC URL:\n" + output);
            assertTrue(output.contains("/q/graphql-ui"), "prints the GraphQL UI URL:\n" + output);
            assertTrue(output.contains("Seeded proposals: executed "), output);

            Matcher deploymentFile = DEPLOYMENT_FILE_LINE.matcher(output);
            assertTrue(deploymentFile.find(), "prints the deployment file:\n" + output);
            Deployment deployment = DeploymentJson.read(Path.of(deploymentFile.group(1)));
            assertEquals(31337, deployment.chainId());
            assertEquals(governor.group(1), deployment.governor().address().toString());
            assertPrinted(output, "Token", deployment.token().address());
            assertPrinted(output, "Timelock", deployment.timelock().address());
            assertPrinted(output, "RewardPolicy", deployment.rewardPolicy().address());
            assertPrinted(output, "RewardDistributor", deployment.rewardDistributor().address());
            assertPrinted(output, "RollupContributions", deployment.rollupContributions().address());
            assertTrue(output.contains("Deployment " + deploymentFile.group(1) + ": chain id 31337"),
                    "the service loaded the deployment devnet wrote:\n" + output);

            assertEquals(200, devnet.get("/q/graphql-ui/").statusCode(), "the GraphQL UI is served");
            HttpResponse<String> health = devnet.get("/q/health");
            assertTrue(health.body().contains("\"status\": \"UP\""), health.body());

            HttpResponse<String> status = devnet.graphql("{ indexerStatus { chain chainId headBlock } }");
            assertTrue(status.body().startsWith("{\"data\":{\"indexerStatus\":[{\"chain\":\"devnet\",\"chainId\":\"31337\",\"headBlock\":\""),
                    status.body());
            awaitIndexed(devnet);

            started = new ArrayList<>(devnet.descendants());
            assertTrue(started.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/anvil")),
                    "Anvil runs as a child: " + describe(started));
            Matcher postgresPort = POSTGRES_LINE.matcher(output);
            assertTrue(postgresPort.find(), output);
            List<ProcessHandle> postgres = postgresServing(postgresPort.group(1));
            assertFalse(postgres.isEmpty(), "PostgreSQL serves on the printed port");
            started.addAll(postgres);

            devnet.terminate();
        }
        for (ProcessHandle child : started) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(child.isAlive(), "left behind: " + child.pid() + " " + child.info().command().orElse("?"));
        }
    }

    private static void assertPrinted(String output, String label, ChecksumAddress address) {
        assertTrue(Pattern.compile("\\s" + label + "\\s+" + address + "\\R").matcher(output).find(),
                label + " " + address + " is printed:\n" + output);
    }

    /** Polls indexerStatus until the scheduled indexer has caught up with the seeded history. */
    private static void awaitIndexed(ServiceProcess devnet) {
        Pattern caughtUp = Pattern.compile("\"indexedBlock\":\"\\d+\",\"lagBlocks\":\"[0-9]\"");
        try {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> caughtUp.matcher(devnet.graphql("{ indexerStatus { indexedBlock lagBlocks } }").body())
                            .find());
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("the indexer reaches the demo DAO's head:\n" + devnet.output(), late);
        }
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
