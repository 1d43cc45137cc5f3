package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Rows written in the binary copy format read back from real PostgreSQL exactly as given: PostgreSQL itself is the
 * judge of the encoding, NUMERIC's above all.
 */
@QuarkusTest
class BinaryCopyWriterTest {
    private static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Inject
    DataSource dataSource;

    @Test
    void numericsReadBackExactly() throws SQLException {
        List<BigInteger> values = new ArrayList<>(List.of(
                BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(9999), BigInteger.valueOf(10_000),
                BigInteger.valueOf(10_001), BigInteger.TEN.pow(16).subtract(BigInteger.ONE), BigInteger.TEN.pow(16),
                BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
                BigInteger.TWO.pow(64), BigInteger.TEN.pow(18), BigInteger.TEN.pow(20).add(BigInteger.ONE),
                // Zero base-10000 digits inside the value, then at its end (which the encoding leaves out).
                new BigInteger("1000000000001"), new BigInteger("12340000000000005678"),
                new BigInteger("1234500000000000000000000000000000000"), BigInteger.TEN.pow(40),
                new BigInteger("99990000"), BigInteger.TEN.pow(77), BigInteger.TEN.pow(78).subtract(BigInteger.ONE),
                MAX_UINT256, BigInteger.ONE.negate(), MAX_UINT256.negate(), new BigInteger("-100000000")));
        // Enough rows to fill several buffers, so that rows are cut across writes.
        Random random = new Random(20261205);
        for (int i = 0; i < 100_000; i++) {
            values.add(new BigInteger(random.nextInt(257), random));
        }

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE numeric_round_trip (position BIGINT, amount NUMERIC(78,0))");
            try {
                BinaryCopyWriter rows = new BinaryCopyWriter(connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY numeric_round_trip (position, amount) FROM STDIN (FORMAT binary)"));
                for (int i = 0; i < values.size(); i++) {
                    rows.startRow(2);
                    rows.int8(i);
                    rows.numeric(values.get(i));
                }
                rows.finish();

                // As text, so that a stray scale (a "1.0") would show.
                try (ResultSet read = statement.executeQuery(
                        "SELECT position, amount::text FROM numeric_round_trip ORDER BY position")) {
                    int count = 0;
                    while (read.next()) {
                        int position = (int) read.getLong(1);
                        assertEquals(values.get(position).toString(), read.getString(2), "row " + position);
                        count++;
                    }
                    assertEquals(values.size(), count);
                }
            } finally {
                statement.execute("DROP TABLE numeric_round_trip");
            }
        }
    }

    @Test
    void textByteaAndInt8ReadBackExactly() throws SQLException {
        byte[] largerThanABuffer = new byte[(1 << 20) * 3 + 17];
        new Random(7).nextBytes(largerThanABuffer);
        List<String> texts = List.of("0xAbCdEf0000000000000000000000000000000001", "", "Zürich ✓ 東京");
        List<byte[]> bytes = List.of(new byte[] {0, 1, (byte) 0xff}, new byte[0], largerThanABuffer);
        List<Long> longs = List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE field_round_trip (position BIGINT, label TEXT, content BYTEA)");
            try {
                BinaryCopyWriter rows = new BinaryCopyWriter(connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY field_round_trip (position, label, content) FROM STDIN (FORMAT binary)"));
                for (int i = 0; i < texts.size(); i++) {
                    rows.startRow(3);
                    rows.int8(longs.get(i));
                    rows.text(texts.get(i));
                    rows.bytea(bytes.get(i));
                }
                rows.finish();

                try (ResultSet read = statement.executeQuery("SELECT position, label, content FROM field_round_trip")) {
                    int count = 0;
                    while (read.next()) {
                        int i = longs.indexOf(read.getLong(1));
                        assertEquals(texts.get(i), read.getString(2));
                        assertArrayEquals(bytes.get(i), read.getBytes(3));
                        count++;
                    }
                    assertEquals(texts.size(), count);
                }
            } finally {
                statement.execute("DROP TABLE field_round_trip");
            }
        }
    }

    @Test
    void rowsEncodedInChunksGoInBetweenRowsWrittenDirectly() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE chunk_round_trip (position BIGINT, label TEXT)");
            try {
                BinaryCopyWriter rows = new BinaryCopyWriter(connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY chunk_round_trip (position, label) FROM STDIN (FORMAT binary)"));
                rows.startRow(2);
                rows.int8(0);
                rows.ascii("0xAbCdEf0000000000000000000000000000000001");
                BinaryCopyWriter chunk = BinaryCopyWriter.chunk(100);
                for (int round = 1; round <= 2; round++) {
                    chunk.clear();
                    chunk.startRow(2);
                    chunk.int8(round);
                    if (round == 1) {
                        chunk.ascii("chunk " + round);
                    } else {
                        // The bytes of a longer text, read in place (as the reward store writes its accounts).
                        chunk.ascii(ByteBuffer.wrap(("..chunk " + round + "..").getBytes(StandardCharsets.US_ASCII))
                                .asReadOnlyBuffer(), 2, 7);
                    }
                    rows.send(chunk);
                }
                rows.startRow(2);
                rows.int8(3);
                rows.ascii("");
                rows.finish();

                List<String> read = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT label FROM chunk_round_trip ORDER BY position")) {
                    while (result.next()) {
                        read.add(result.getString(1));
                    }
                }
                assertEquals(List.of("0xAbCdEf0000000000000000000000000000000001", "chunk 1", "chunk 2", ""), read);
            } finally {
                statement.execute("DROP TABLE chunk_round_trip");
            }
        }
        BinaryCopyWriter full = BinaryCopyWriter.chunk(8);
        assertEquals("the rows do not fit the chunk's 8 bytes",
                assertThrows(IllegalStateException.class, () -> full.ascii("too long")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BinaryCopyWriter.chunk(100).ascii("Zürich"));
    }
}
