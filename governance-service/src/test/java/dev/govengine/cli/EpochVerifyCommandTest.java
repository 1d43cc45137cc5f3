package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code epoch verify}'s usage refusals, before it reads any configuration: each exits 2 naming the option. The
 * configuration's refusals are checked by the system suite's {@code EpochVerifySystemIT}, in a JVM of their own,
 * since this one holds the configuration other tests' profiles set; the verification itself is
 * {@code EpochVerifierTest}.
 */
class EpochVerifyCommandTest {
    @Test
    void aMissingOrNonPositiveEpochOrTwoTargetsAreBadUsage() {
        Run missing = run("epoch", "verify");
        assertEquals(2, missing.exit);
        assertTrue(missing.err.contains("Missing required argument (specify one of these): (--epoch=N | --pending)"),
                missing.err);

        Run both = run("epoch", "verify", "--epoch", "1", "--pending");
        assertEquals(2, both.exit);
        assertTrue(both.err.contains("--epoch=N, --pending are mutually exclusive"), both.err);

        Run zero = run("epoch", "verify", "--epoch", "0");
        assertEquals(2, zero.exit);
        assertEquals("--epoch: epochs are numbered from 1, not 0\n", zero.err);

        Run word = run("epoch", "verify", "--epoch", "latest");
        assertEquals(2, word.exit);
        assertTrue(word.err.contains("Invalid value for option '--epoch'"), word.err);
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
