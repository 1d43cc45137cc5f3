package dev.govengine.persistence;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster that initdb made once, copied into each fresh data directory instead of running initdb there again.
 * initdb spends about 1.3 s here, nearly all of it in the server's bootstrap and post-bootstrap runs that fill the
 * catalogs, which no option of its own shortens; the copy of the 42 MB it writes takes a tenth of that
 * (docs/BENCHMARKS.md, "Indexer backfill"). The template is named by everything initdb's output depends on (the
 * binaries, zonky's initdb options, the user, the locale and time zone of the environment), so a copy holds what
 * initdb would have written; only the cluster's system identifier, drawn once by initdb, is the template's.
 *
 * <p>It lives beside zonky's extracted binaries, outside their directory, whose timestamps zonky checks. It is made
 * in a directory of its own and renamed into place whole, and its manifest (the count of its directories and files
 * and their bytes) is checked at each copy, so that a template a temp-file cleaner trimmed is made again.
 */
final class ClusterTemplate {
    /** zonky's own initdb options (EmbeddedPostgres.initdb), which the copies must match. */
    private static final List<String> INITDB_OPTIONS = List.of("-A", "trust", "-U", "postgres", "-E", "UTF-8");
    /** What initdb reads from the environment into the cluster: its locale and its default time zone. */
    private static final List<String> ENVIRONMENT = List.of("LANG", "LC_ALL", "LC_COLLATE", "LC_CTYPE", "LC_MESSAGES",
            "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "TZ");
    private static final String MANIFEST = "engine-template-manifest";
    /** Copied last: a data directory holds a cluster once it has one (EmbeddedDatabase.start), so not before the rest. */
    private static final String VERSION_FILE = "PG_VERSION";
    /** A partial template this old was left by a start that was killed while making it. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);

    private final Path binaries;
    private final Path template;

    private ClusterTemplate(Path binaries, Path template) {
        this.binaries = binaries;
        this.template = template;
    }

    /** The template for the binaries in {@code binaries}, kept in {@code root}. */
    static ClusterTemplate of(Path binaries, Path root) {
        return new ClusterTemplate(binaries, root.resolve("cluster-" + key(binaries)));
    }

    Path directory() {
        return template;
    }

    private static String key(Path binaries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>(List.of(binaries.toAbsolutePath().normalize().toString(),
                    String.join(" ", INITDB_OPTIONS), "user " + System.getProperty("user.name")));
            ENVIRONMENT.forEach(name -> parts.add(name + "=" + System.getenv().getOrDefault(name, "")));
            digest.update(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot name the PostgreSQL cluster template: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the template's cluster into {@code dataDirectory}, an empty directory or one a killed copy left partly
     * filled, making the template first if there is none or it is incomplete.
     */
    void copyInto(Path dataDirectory) throws IOException {
        if (!Files.isDirectory(template) || !copied(dataDirectory)) {
            make();
            if (!copied(dataDirectory)) {
                throw new IOException("the PostgreSQL cluster template " + template + " changed while it was copied");
            }
        }
        Files.copy(template.resolve(VERSION_FILE), dataDirectory.resolve(VERSION_FILE),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** Copies all but the version file, and whether what was copied is what the manifest lists. */
    private boolean copied(Path dataDirectory) throws IOException {
        String manifest;
        try {
            manifest = Files.readString(template.resolve(MANIFEST), StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return false;
        }
        Tally copied = new Tally();
        Files.walkFileTree(template, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path target = dataDirectory.resolve(template.relativize(directory).toString());
                Files.createDirectories(target);
                // initdb's permissions (0700): PostgreSQL refuses a data directory that others may read.
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(directory));
                copied.count(attributes);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = template.relativize(file).toString();
                if (!relative.equals(MANIFEST)) {
                    copied.count(attributes);
                    if (!relative.equals(VERSION_FILE)) {
                        Files.copy(file, dataDirectory.resolve(relative), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return copied.toString().equals(manifest);
    }

    /**
     * Runs initdb in a directory of its own, then renames it into the template's place, replacing an incomplete
     * template; a complete one that another start made meanwhile is kept.
     */
    private void make() throws IOException {
        if (Files.isDirectory(template)) {
            if (complete(template)) {
                return;
            }
            delete(template);
        }
        Path root = template.getParent();
        Files.createDirectories(root);
        removeAbandoned(root);
        Path partial = root.resolve(template.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            initdb(partial);
            Files.writeString(partial.resolve(MANIFEST), tally(partial).toString(), StandardCharsets.UTF_8);
            try {
                Files.move(partial, template, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException madeMeanwhile) {
                // Another start made it at the same moment, from the same binaries and environment: its copy serves.
                if (!Files.isDirectory(template)) {
                    throw madeMeanwhile;
                }
            }
        } finally {
            if (Files.exists(partial)) {
                delete(partial);
            }
        }
    }

    private static boolean complete(Path cluster) throws IOException {
        try {
            String manifest = Files.readString(cluster.resolve(MANIFEST), StandardCharsets.UTF_8);
            Tally tally = tally(cluster);
            tally.files--; // the manifest itself
            tally.bytes -= manifest.getBytes(StandardCharsets.UTF_8).length;
            return tally.toString().equals(manifest);
        } catch (NoSuchFileException missing) {
            return false;
        }
    }

    private static Tally tally(Path cluster) throws IOException {
        Tally tally = new Tally();
        Files.walkFileTree(cluster, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                tally.count(attributes);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                tally.count(attributes);
                return FileVisitResult.CONTINUE;
            }
        });
        return tally;
    }

    private void initdb(Path directory) throws IOException {
        List<String> command = new ArrayList<>();
        // As zonky runs its commands: as root, in a user namespace, since PostgreSQL refuses to run as root.
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("bin").resolve("initdb").toString());
        command.addAll(INITDB_OPTIONS);
        command.addAll(List.of("-D", directory.toString()));
        Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(initdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!initdb.waitFor(INITDB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                initdb.destroyForcibly();
                throw new IOException("initdb did not finish within " + INITDB_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            initdb.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while initdb ran", e);
        }
        if (initdb.exitValue() != 0) {
            throw new IOException("initdb failed (exit " + initdb.exitValue() + "): " + output.strip());
        }
    }

    private void removeAbandoned(Path root) throws IOException {
        String prefix = template.getFileName() + ".partial-";
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED));
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.filter(entry -> entry.getFileName().toString().startsWith(prefix)).toList()) {
                if (Files.getLastModifiedTime(entry).compareTo(before) < 0) {
                    delete(entry);
                }
            }
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The directories, files and bytes of a cluster: what its manifest says. */
    private static final class Tally {
        private long directories;
        private long files;
        private long bytes;

        void count(BasicFileAttributes attributes) {
            if (attributes.isDirectory()) {
                directories++;
            } else {
                files++;
                bytes += attributes.size();
            }
        }

        @Override
        public String toString() {
            return "directories " + directories + " files " + files + " bytes " + bytes + "\n";
        }
    }
}
