package dev.govengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline commands through the {@code engine} launcher, as an operator runs them: a plain main on the packaged
 * jars, started in the caller's directory, whose relative paths it reads and writes.
 */
class OfflineCommandsSystemIT {
    private static final Path REPO = Path.of(System.getProperty("gov.repo.root"));
    private static final List<List<String>> ROWS = List.of(
            List.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "1000000000000000000"),
            List.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0"),
            List.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906", "123456789012345678901234567890"));

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void merkleBuildWritesTheLibrarysDumpInTheCallersDirectory() throws Exception {
        StringBuilder csv = new StringBuilder("account,amount\n");
        ROWS.forEach(row -> csv.append(row.get(0)).append(',').append(row.get(1)).append('\n'));
        Files.writeString(dir.resolve("amounts.csv"), csv);

        Run run = run(List.of(REPO.resolve("engine").toString(), "merkle", "build", "--input", "amounts.csv",
                "--output", "tree.json"), "");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        String rowsJson = ROWS.stream().map(row -> "[\"" + row.get(0) + "\",\"" + row.get(1) + "\"]")
                .reduce((a, b) -> a + "," + b).map(rows -> "[" + rows + "]\n").orElseThrow();
        Run library = run(List.of("node", REPO.resolve("contracts/test/merkle/dump-tree.mjs").toString()), rowsJson);
        assertEquals(0, library.exitCode(), library.err());
        assertEquals(library.out().strip(), Files.readString(dir.resolve("tree.json")));
        assertTrue(run.out().startsWith("root 0x"), run.out());
    }

    @Test
    void epochComputeReadsFromTheCallersDirectory() throws Exception {
        Files.writeString(dir.resolve("epoch.json"), "{}");

        Run run = run(List.of(REPO.resolve("engine").toString(), "epoch", "compute", "--input", "epoch.json",
                "--output", "out"), "");

        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("epoch.json: "), run.err());
        assertFalse(run.err().contains("not found"), run.err());
    }

    private Run run(List<String> command, String input) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
