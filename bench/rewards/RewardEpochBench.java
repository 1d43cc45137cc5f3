import dev.govengine.persistence.EmbeddedDatabase;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.EpochAllocator;
import dev.govengine.rewards.allocation.EpochInput;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.rewards.store.Distributor;
import dev.govengine.rewards.store.EpochResult;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.SaveOutcome;
import dev.govengine.rewards.store.StoredLeaf;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One run of the reward epoch benchmark, in a fresh JVM: generates RECIPIENTS recipients (seeded, so every run and
 * the node baseline see the same input), then times the epoch end to end as the engine runs it: allocation, the
 * cumulative amounts, the tree, and the store's save (dump digest, every leaf row, and the tree's node array from
 * which every proof is read, in PostgreSQL, in one transaction). It writes the tree's values to VALUES_FILE for the node baseline and prints one line of results, with the CPU
 * each phase cost the JVM, its collectors' pauses and PostgreSQL (see {@code Cpu}).
 *
 * PostgreSQL is a fresh ephemeral embedded server (the one `serve` runs), migrated with the service's own Flyway
 * migrations; its time to start is not counted. The store reaches it as in the service: reads through a reactive pool,
 * the save over JDBC, here a PGSimpleDataSource, whose one new connection per save is counted in the store's time
 * (a few milliseconds on localhost; the service's Agroal pool would usually have one open). Both clients are used
 * once before the clock starts, as the service's are long before it stores an epoch.
 *
 * Usage: java -Xmx1g -cp CLASSPATH RewardEpochBench.java RECIPIENTS VALUES_FILE
 */
public class RewardEpochBench {
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    public static void main(String[] args) throws Exception {
        int recipients = Integer.parseInt(args[0]);
        Path valuesFile = Path.of(args[1]);

        long t = System.nanoTime();
        EpochInput input = input(recipients);
        long generateMs = ms(t);

        try (EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(true)) {
            Map<String, String> datasource = database.datasourceProperties();
            String user = datasource.get("quarkus.datasource.username");
            String password = datasource.get("quarkus.datasource.password");
            Flyway.configure().dataSource(datasource.get("quarkus.datasource.jdbc.url"), user, password)
                    .locations("classpath:db/migration").load().migrate();
            Vertx vertx = Vertx.vertx();
            Pool pool = PgPool.pool(vertx, PgConnectOptions.fromUri(datasource.get("quarkus.datasource.reactive.url"))
                    .setUser(user).setPassword(password), new PoolOptions().setMaxSize(4));
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(datasource.get("quarkus.datasource.jdbc.url"));
            dataSource.setUser(user);
            dataSource.setPassword(password);
            RewardStore store = new RewardStore(pool, dataSource);
            // The service's pools are open and its database drivers loaded long before an epoch is stored; here the
            // first reactive query and JDBC connection took 0.4 s, nearly all of it loading their classes.
            pool.query("SELECT 1").execute().await().indefinitely();
            try (var connection = dataSource.getConnection()) {
                connection.createStatement().execute("SELECT 1");
            }
            AllocationPolicy policy = new AllocationPolicy(
                    Map.of(Program.DEPIN, 5000, Program.ROLLUP, 3000, Program.GOVERNANCE, 2000), Program.DEPIN, 100,
                    BigInteger.ZERO);

            String dataDirectory = pool.query("SHOW data_directory").execute().await().indefinitely().iterator().next()
                    .getString(0);
            long postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());
            Cpu cpu = new Cpu(postmaster);

            long start = System.nanoTime();
            t = start;
            EpochAllocation allocation = EpochAllocator.allocate(policy, input);
            // The engine lets go of the scores once allocated; so does the benchmark, to measure the same heap.
            input = null;
            CumulativeAmounts cumulative = CumulativeAmounts.empty().plus(allocation.payouts());
            List<LeafValue> leaves = cumulative.leaves();
            long allocationMs = ms(t);
            String allocationCpu = cpu.phase();
            String allocationThreads = cpu.threads();

            // As the lifecycle stores an epoch: the tree is hashed while the leaf rows go in, so the store's time
            // holds the tree's, which is timed on its own as well.
            t = System.nanoTime();
            Distributor distributor = new Distributor(31337, ChecksumAddress.of("0x00000000000000000000000000000000000d1570"));
            EpochResult computed = EpochResult.treeAlongside(distributor, 1L, allocation, cumulative);
            long storeStart = t;
            long[] treeDone = new long[1];
            Thread treeTimed = new Thread(() -> {
                computed.tree();
                treeDone[0] = System.nanoTime();
            }, "tree-timer");
            treeTimed.start();
            SaveOutcome outcome = store.save(1, computed).await().indefinitely();
            long storeMs = ms(storeStart);
            long totalMs = ms(start);
            treeTimed.join();
            StandardMerkleTree tree = computed.tree();
            long treeMs = (treeDone[0] - storeStart) / 1_000_000;
            // The save's backend ends with its connection; its CPU counts once the postmaster has reaped it.
            Thread.sleep(500);
            String storeCpu = cpu.phase();
            String storeThreads = cpu.threads();
            if (outcome != SaveOutcome.STORED) {
                throw new IllegalStateException("expected a fresh store, got " + outcome);
            }

            // Not part of the end-to-end time: a spot check that a claim reads a proof that verifies.
            LeafValue sample = leaves.get(recipients / 3);
            StoredLeaf leaf = store.leaf(1, sample.account()).await().indefinitely().orElseThrow();
            if (!StandardMerkleTree.verify(tree.root(), sample, leaf.proof())) {
                throw new IllegalStateException("the stored proof of " + sample.account() + " does not verify");
            }
            var sizes = pool.query("SELECT pg_total_relation_size('reward_allocation') AS leaves, "
                    + "pg_total_relation_size('reward_tree') AS tree").execute().await().indefinitely().iterator().next();
            long tableBytes = sizes.getLong("leaves");
            long treeBytes = sizes.getLong("tree");
            pool.close().await().indefinitely();
            vertx.close().await().indefinitely();

            try (BufferedWriter out = Files.newBufferedWriter(valuesFile, StandardCharsets.US_ASCII)) {
                for (LeafValue value : leaves) {
                    out.write(value.account().toString());
                    out.write(',');
                    out.write(value.amount().toString());
                    out.write('\n');
                }
            }
            System.out.printf("recipients=%d leaves=%d root=%s generate_ms=%d allocation_ms=%d tree_ms=%d store_ms=%d "
                            + "total_ms=%d table_mb=%d tree_mb=%d heap_max_mb=%d allocation_cpu=%s "
                            + "store_cpu=%s allocation_threads=%s store_threads=%s%n", recipients,
                    tree.size(), tree.root(), generateMs, allocationMs, treeMs, storeMs, totalMs, tableBytes >> 20,
                    treeBytes >> 20, Runtime.getRuntime().maxMemory() >> 20, allocationCpu, storeCpu,
                    allocationThreads, storeThreads);
        }
        // The reactive client's and Mutiny's worker threads would keep the JVM alive.
        System.exit(0);
    }

    /**
     * Scores for RECIPIENTS distinct accounts: six in ten score in DePIN, three in ten in rollup (one of them also in
     * DePIN), two in ten in governance; scores are uniform in 1..1,000,000. No cap binds and the minimum payout is 0,
     * so every account is paid and gets a leaf.
     */
    private static EpochInput input(int recipients) {
        SplittableRandom random = new SplittableRandom(20261124);
        Map<Program, List<Score>> scores = new EnumMap<>(Program.class);
        for (Program program : Program.values()) {
            scores.put(program, new ArrayList<>());
        }
        byte[] address = new byte[20];
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < recipients; i++) {
            random.nextBytes(address);
            ChecksumAddress account = ChecksumAddress.of("0x" + hex.formatHex(address));
            int slot = i % 10;
            if (slot <= 5) {
                scores.get(Program.DEPIN).add(new Score(account, BigInteger.valueOf(1 + random.nextInt(1_000_000))));
            }
            if (slot >= 5 && slot <= 7) {
                scores.get(Program.ROLLUP).add(new Score(account, BigInteger.valueOf(1 + random.nextInt(1_000_000))));
            }
            if (slot >= 8) {
                scores.get(Program.GOVERNANCE).add(new Score(account, BigInteger.valueOf(1 + random.nextInt(1_000_000))));
            }
        }
        return new EpochInput(TOKEN.multiply(BigInteger.valueOf(1_000_000)), BigInteger.ZERO, scores);
    }

    /**
     * CPU time per phase, which the machine's other work hardly changes where wall time follows it: the JVM's, its
     * collectors' (stopped time, summed over the collector beans), and the PostgreSQL server's (postmaster and every
     * child, from /proc), each in ms, as jvm/gc/pg.
     */
    private static final class Cpu {
        private final long postmaster;
        private final long clockTicksPerSecond = 100;
        private long jvm;
        private long gc;
        private long pg;

        /** Each live JVM thread's CPU in ticks, by thread id, at the last {@link #threads}. */
        private Map<Long, Long> threadTicks = new java.util.HashMap<>();

        Cpu(long postmaster) throws IOException {
            this.postmaster = postmaster;
            phase();
            threads();
        }

        /**
         * The JVM's CPU since the last call by kind of thread, in ms, as kind:ms joined by commas, largest first: the
         * collector's parallel workers ("GC Thread"), its concurrent marking ("G1 Conc", "G1 Main Marker") and
         * refinement, the JIT's compilers, the worker pools, the JDBC thread. From /proc's per-thread stat, whose name
         * is the thread's first 15 characters; a thread that ended within the phase is not counted.
         */
        String threads() throws IOException {
            Map<Long, Long> now = new java.util.HashMap<>();
            Map<String, Long> byKind = new java.util.TreeMap<>();
            try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    Stat stat = Stat.of(task);
                    if (stat == null) {
                        continue;
                    }
                    long tid = Long.parseLong(task.getFileName().toString());
                    long ticks = stat.ticks(11) + stat.ticks(12);
                    now.put(tid, ticks);
                    long spent = ticks - threadTicks.getOrDefault(tid, 0L);
                    if (spent > 0) {
                        byKind.merge(kind(stat.name()), spent * 1000 / clockTicksPerSecond, Long::sum);
                    }
                }
            }
            threadTicks = now;
            return byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(kind -> kind.getKey() + ":" + kind.getValue())
                    .collect(java.util.stream.Collectors.joining(","));
        }

        /** A thread's name without its number, spaces as underscores: "GC Thread#1" is "GC_Thread". */
        private static String kind(String name) {
            return name.replaceAll("[-#]?[0-9]+$", "").replaceAll("[-#][0-9]+-", "-").replace(' ', '_');
        }

        String phase() throws IOException {
            long jvmNow = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1_000_000;
            long gcNow = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
            long pgNow = postgresCpuMs();
            String phase = (jvmNow - jvm) + "/" + (gcNow - gc) + "/" + (pgNow - pg);
            jvm = jvmNow;
            gc = gcNow;
            pg = pgNow;
            return phase;
        }

        /**
         * The server's processes are the postmaster and its children; /proc's stat gives each one's ticks, and the
         * postmaster's also those of the children that have exited (a save's backend ends with its connection).
         */
        private long postgresCpuMs() throws IOException {
            long ticks = 0;
            try (var processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    Stat stat = Stat.of(process);
                    if (stat == null) {
                        continue;
                    }
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (pid == postmaster || stat.ticks(1) == postmaster) {
                        ticks += stat.ticks(11) + stat.ticks(12);
                    }
                    if (pid == postmaster) {
                        ticks += stat.ticks(13) + stat.ticks(14);
                    }
                }
            }
            return ticks * 1000 / clockTicksPerSecond;
        }
    }

    /**
     * A process's or thread's /proc stat: its name, then its fields after the name, numbered from the state (0), as
     * proc(5) numbers them less three (so 11 and 12 are utime and stime).
     */
    private record Stat(String name, String[] fields) {
        /** The stat in {@code directory}, or null when the process or thread has ended meanwhile. */
        static Stat of(Path directory) {
            String stat;
            try {
                stat = Files.readString(directory.resolve("stat"));
            } catch (IOException gone) {
                return null;
            }
            return new Stat(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                    stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        }

        long ticks(int field) {
            return Long.parseLong(fields[field]);
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
