package dev.govengine.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where devnet keeps its keystore and password: never in the shared temporary directory, and never left behind. */
class DevnetDirectoryTest {
    @Test
    void aPrivateDirectoryUnderDotDevnetThatGoesWithTheRunAndTakesAKilledRunsWithIt() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor(10, TimeUnit.SECONDS);
        Path killedRun = DevnetDirectory.PARENT.resolve(Long.toString(exited.pid()));
        Files.createDirectories(killedRun);
        Files.writeString(killedRun.resolve("engine-keystore.password"), "left by a kill -9");
        Path liveRun = DevnetDirectory.PARENT.resolve(Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
        Files.createDirectories(liveRun);
        try {
            Path path;
            try (DevnetDirectory directory = DevnetDirectory.create()) {
                path = directory.path();
                assertEquals(Path.of(".devnet", Long.toString(ProcessHandle.current().pid())).toAbsolutePath(), path);
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                assertFalse(Files.exists(killedRun), "the directory of a devnet no longer running is removed");
                assertTrue(Files.isDirectory(liveRun), "a running devnet's directory is kept");
                Files.writeString(directory.resolve("engine-keystore.password"), "secret");
            }
            assertFalse(Files.exists(path), "removed with everything in it");
            assertTrue(Files.isDirectory(DevnetDirectory.PARENT), "kept while another devnet's directory is in it");
        } finally {
            Files.deleteIfExists(liveRun);
            Files.deleteIfExists(DevnetDirectory.PARENT);
        }
    }
}
