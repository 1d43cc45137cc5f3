import dev.govengine.persistence.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * What a million leaf rows cost PostgreSQL's own backend to take in, and how much of it is the primary key: the CPU
 * time of the backend (from /proc) for a server-side binary COPY of the same million rows into
 *   1. reward_allocation as migrated (its primary key updated row by row),
 *   2. a new table of the same columns and checks without the key, the key added after the COPY in the same
 *      transaction (one sorted build), as an epoch's own partition could be,
 *   3. the same table without any key (the heap and its WAL alone).
 * The rows are the shape of the reward benchmark's (an account's 42 characters, five amounts near 10^18, most of the
 * per-program ones zero, a tree index), sent in the key's order. A fresh embedded PostgreSQL (the one the service
 * runs), migrated; the file is read by the server, so no client or socket is counted. Each variant is committed,
 * then emptied and checkpointed before the next.
 *
 * Usage: java -cp CLASSPATH LeafRowsCopyCost.java ROUNDS
 */
public class LeafRowsCopyCost {
    private static final String COLUMNS = "(epoch, account, depin_amount, rollup_amount, governance_amount, amount, "
            + "cumulative_amount, tree_index)";

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        try (EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(true)) {
            Map<String, String> settings = database.datasourceProperties();
            String url = settings.get("quarkus.datasource.jdbc.url");
            String user = settings.get("quarkus.datasource.username");
            String password = settings.get("quarkus.datasource.password");
            Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement sql = connection.createStatement()) {
                sql.execute("""
                        CREATE TEMPORARY TABLE source AS SELECT 1::bigint AS epoch,
                          '0x' || substr(md5(i::text), 1, 20) || upper(substr(md5((i + 7)::text), 1, 20)) AS account,
                          CASE WHEN i % 10 <= 5 THEN (random() * 1e18)::numeric(78,0) ELSE 0 END AS depin_amount,
                          CASE WHEN i % 10 BETWEEN 5 AND 7 THEN (random() * 1e18)::numeric(78,0) ELSE 0 END AS rollup_amount,
                          CASE WHEN i % 10 >= 8 THEN (random() * 1e18)::numeric(78,0) ELSE 0 END AS governance_amount,
                          (random() * 2e18)::numeric(78,0) AS amount, (random() * 2e18)::numeric(78,0) AS cumulative_amount,
                          (i + 999999)::int AS tree_index
                        FROM generate_series(0, 999999) i""");
                Path file = Files.createTempDirectory("leaf-rows").resolve("rows.bin");
                sql.execute("COPY (SELECT * FROM source ORDER BY account COLLATE \"C\") TO '" + file + "' (FORMAT binary)");
                String copy = "COPY %s " + COLUMNS + " FROM '" + file + "' (FORMAT binary)";
                String newTable = "CREATE TABLE epoch_rows (LIKE reward_allocation INCLUDING DEFAULTS INCLUDING CONSTRAINTS)";
                Map<String, List<String>> variants = Map.of(
                        "1 key kept during the COPY", List.of(copy.formatted("reward_allocation")),
                        "2 key built after the COPY", List.of(newTable, copy.formatted("epoch_rows"),
                                "ALTER TABLE epoch_rows ADD PRIMARY KEY (epoch, account)"),
                        "3 no key", List.of(newTable, copy.formatted("epoch_rows")));
                int backend;
                try (ResultSet row = sql.executeQuery("SELECT pg_backend_pid()")) {
                    row.next();
                    backend = row.getInt(1);
                }
                connection.setAutoCommit(false);
                for (int round = 1; round <= rounds; round++) {
                    for (String variant : variants.keySet().stream().sorted().toList()) {
                        StringBuilder line = new StringBuilder();
                        long total = 0;
                        for (String statement : variants.get(variant)) {
                            long before = cpuMs(backend);
                            sql.execute(statement);
                            long spent = cpuMs(backend) - before;
                            total += spent;
                            line.append(' ').append(statement.split(" ")[0]).append('=').append(spent);
                        }
                        long before = cpuMs(backend);
                        connection.commit();
                        total += cpuMs(backend) - before;
                        long bytes;
                        try (ResultSet row = sql.executeQuery("SELECT pg_total_relation_size('"
                                + (variant.startsWith("1") ? "reward_allocation" : "epoch_rows") + "')")) {
                            row.next();
                            bytes = row.getLong(1);
                        }
                        System.out.printf("round=%d variant=\"%s\" backend_cpu_ms=%d size_mb=%d%s%n", round, variant,
                                total, bytes >> 20, line);
                        sql.execute("TRUNCATE reward_allocation");
                        sql.execute("DROP TABLE IF EXISTS epoch_rows");
                        connection.commit();
                        sql.execute("CHECKPOINT");
                        connection.commit();
                    }
                }
            }
        }
        System.exit(0);
    }

    /** The backend's user and system CPU in ms, from /proc (clock ticks of 10 ms). */
    private static long cpuMs(int pid) throws Exception {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
