import dev.govengine.persistence.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * What the change log (migration V38) costs the writer: transactions shaped like one indexed block at the head (a
 * block header, five votes, the Governor's cursor moved, the gov_indexed notice: four notifications), timed with
 * announce() as V38 makes it (NOTIFY and the log) and as V31 had it (NOTIFY alone), in alternating blocks, with
 * synchronous_commit as the embedded server sets it (off) and on. Prints ms per transaction for each.
 *
 * <p>Run by bench/changelog/run.sh: java -cp <service classpath> ChangeLogCost.java ROUNDS TRANSACTIONS
 */
public class ChangeLogCost {
    private static final String NOTIFY_ONLY = """
            CREATE OR REPLACE FUNCTION announce(channel text, payload text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify(channel, payload);
            END;
            $$""";
    private static final String GOVERNOR = "eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3";

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int transactions = Integer.parseInt(args[1]);
        Path migrations = Path.of("governance-service/src/main/resources/db/migration").toAbsolutePath();
        try (EmbeddedDatabase server = EmbeddedDatabase.startEphemeral(true)) {
            Map<String, String> properties = server.datasourceProperties();
            String url = properties.get("quarkus.datasource.jdbc.url");
            String user = properties.get("quarkus.datasource.username");
            String password = properties.get("quarkus.datasource.password");
            Flyway.configure().dataSource(url, user, password).locations("filesystem:" + migrations).load().migrate();
            String logging;
            try (Connection connection = DriverManager.getConnection(url, user, password);
                    Statement statement = connection.createStatement()) {
                try (var rows = statement.executeQuery(
                        "SELECT pg_get_functiondef('announce(text,text)'::regprocedure)")) {
                    rows.next();
                    logging = rows.getString(1);
                }
                statement.execute("INSERT INTO governor (id, config_name, chain, chain_id, address, start_block) "
                        + "VALUES ('" + GOVERNOR + "', 'bench', 'bench', 31337, '0x5fbdb2315678afecb367f032d93f642f64180aa3', 0)");
                statement.execute("INSERT INTO sync_cursor (governor_id, indexed_block, indexed_hash) VALUES ('"
                        + GOVERNOR + "', 0, '0x" + "0".repeat(64) + "')");
            }
            long block = 1;
            for (String synchronousCommit : List.of("off", "on")) {
                List<Double> withLog = new ArrayList<>();
                List<Double> notifyOnly = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    // Each first in every other round, so that neither always runs on a warmer (or fuller) server.
                    for (boolean log : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        try (Connection connection = DriverManager.getConnection(url, user, password)) {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute(log ? logging : NOTIFY_ONLY);
                                statement.execute("SET synchronous_commit = " + synchronousCommit);
                            }
                            block = run(connection, block, transactions / 10);
                            long started = System.nanoTime();
                            block = run(connection, block, transactions);
                            double perTransaction = (System.nanoTime() - started) / 1e6 / transactions;
                            (log ? withLog : notifyOnly).add(perTransaction);
                        }
                    }
                }
                double a = median(notifyOnly);
                double b = median(withLog);
                System.out.printf(Locale.ROOT, "synchronous_commit=%s: NOTIFY alone %.3f ms/tx, NOTIFY and the log %.3f "
                        + "ms/tx (+%.3f ms, %+.0f %%); rounds: %s vs %s%n", synchronousCommit, a, b, b - a,
                        (b - a) / a * 100, notifyOnly, withLog);
            }
        }
    }

    /** {@code count} blocks from {@code block} on, one transaction each; returns the next block. */
    private static long run(Connection connection, long block, int count) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement header = connection.prepareStatement(
                        "INSERT INTO block_header (chain, number, hash, parent_hash, timestamp) VALUES ('bench', ?, ?, ?, ?)");
                PreparedStatement votes = connection.prepareStatement("""
                        INSERT INTO vote (governor_id, proposal_id, voter, support, weight, reason, block_number,
                                          block_timestamp, tx_hash, log_index)
                        SELECT ?, 1, '0x' || lpad(to_hex(? * 10 + i), 40, '0'), 1, 1000, '', ?, ?, '0x' || lpad(to_hex(i), 64, '0'), i
                        FROM generate_series(1, 5) AS i""");
                PreparedStatement cursor = connection.prepareStatement(
                        "UPDATE sync_cursor SET indexed_block = ? WHERE governor_id = ?");
                PreparedStatement indexed = connection.prepareStatement("SELECT announce('gov_indexed', ?)")) {
            for (int i = 0; i < count; i++, block++) {
                String hash = "0x" + String.format("%064x", block);
                header.setLong(1, block);
                header.setString(2, hash);
                header.setString(3, hash);
                header.setLong(4, block);
                header.executeUpdate();
                votes.setString(1, GOVERNOR);
                votes.setLong(2, block);
                votes.setLong(3, block);
                votes.setLong(4, block);
                votes.executeUpdate();
                cursor.setLong(1, block);
                cursor.setString(2, GOVERNOR);
                cursor.executeUpdate();
                indexed.setString(1, GOVERNOR + " " + block + " " + block);
                indexed.execute();
                connection.commit();
            }
        }
        connection.setAutoCommit(true);
        return block;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
