package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSamples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code epoch verify}'s refusals before it boots anything: usage, and a configuration it cannot verify with. Each
 * exits 2 with one line naming the option or key. The verification itself is {@code EpochVerifierTest}, and the
 * booted command against a running service is the system suite's {@code EpochVerifySystemIT}.
 */
class EpochVerifyCommandTest {
    @TempDir
    Path dir;

    private final List<String> setProperties = new ArrayList<>();

    @AfterEach
    void clearProperties() {
        setProperties.forEach(System::clearProperty);
    }

    @Test
    void aMissingOrNonPositiveEpochIsBadUsage() {
        Run missing = run("epoch", "verify");
        assertEquals(2, missing.exit);
        assertTrue(missing.err.contains("Missing required option: '--epoch=N'"), missing.err);

        Run zero = run("epoch", "verify", "--epoch", "0");
        assertEquals(2, zero.exit);
        assertEquals("--epoch: epochs are numbered from 1, not 0\n", zero.err);

        Run word = run("epoch", "verify", "--epoch", "latest");
        assertEquals(2, word.exit);
        assertTrue(word.err.contains("Invalid value for option '--epoch'"), word.err);
    }

    @Test
    void withoutTheDeploymentsGovernorAmongTheGovernorsThereIsNothingToVerifyWith() throws Exception {
        Path deployment = dir.resolve("deployment.json");
        DeploymentJson.write(DeploymentSamples.SAMPLE, deployment);
        set("gov.chains.verify-test.rpc-url", "http://127.0.0.1:1");
        set("gov.chains.verify-test.chain-id", "31337");
        set("gov.deployment-file", deployment.toString());

        Run refused = run("epoch", "verify", "--epoch", "1");
        assertEquals(2, refused.exit);
        assertEquals("gov.governors: no entry is the deployment's Governor " + DeploymentSamples.SAMPLE.governor().address()
                + " on chain id 31337; its votes are the governance program's input\n", refused.err);
    }

    private void set(String key, String value) {
        System.setProperty(key, value);
        setProperties.add(key);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new EngineCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString().replace(System.lineSeparator(), "\n"));
    }
}
