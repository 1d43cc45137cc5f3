package dev.govengine.rewards.store;

import static dev.govengine.persistence.Numerics.bigInteger;

import dev.govengine.persistence.BinaryCopyWriter;
import dev.govengine.rewards.allocation.AmountSum;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.Payout;
import dev.govengine.rewards.allocation.ProgramAllocation;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.tree.IndexedValue;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Stores computed epochs: the result row, one row per leaf of the cumulative tree with the account's allocation and
 * its leaf's tree index, and the tree's node array once, from which the database reads a leaf's proof in the same
 * query, so that serving a claim is one primary-key read. The node array is a tenth of what a proof per row took
 * at a million leaves (64 MB against 640 MB), and writing it was most of an epoch's store. An epoch is written whole or not at all, in one
 * transaction; saving it again with the same root changes nothing, and another root is refused, because the first
 * root may already be on chain with claims made against it.
 *
 * <p>Saving writes through JDBC, on one connection of the default datasource, because the leaf rows go in by one
 * binary COPY, which the reactive client cannot send: a million leaves load in a third of the time that the reactive
 * client's arrays through unnest took. The calls block, so they run on a worker thread. Reads, the save's first look
 * for a stored epoch included, stay on the reactive client.
 */
@ApplicationScoped
public class RewardStore {
    /** Stands in for the dump's digest until it is written, later in the same transaction. */
    private static final String DIGEST_PENDING = "0".repeat(64);
    /** Stands in for the root until the tree, built while the leaf rows go in, is done, later in the same transaction. */
    private static final String ROOT_PENDING = "0x" + "0".repeat(64);
    private static final int LEAF_FIELDS = 8;
    /**
     * The most a leaf row takes in the binary COPY: the field count, the epoch, the account's 42 characters, five
     * NUMERIC(78,0) (a header of four shorts and up to 20 base-10000 digits) and the tree index, each with its length.
     */
    private static final int MAX_ROW_BYTES = Short.BYTES + (Integer.BYTES + Long.BYTES) + (Integer.BYTES + 42)
            + 5 * (Integer.BYTES + 4 * Short.BYTES + 20 * Short.BYTES) + (Integer.BYTES + Integer.BYTES);
    /** Rows encoded as one piece on a worker: about half a megabyte, a few of which are in the heap at a time. */
    private static final int ROWS_PER_CHUNK = 4096;
    /** Chunks being encoded ahead of the one being sent: enough to keep both cores busy while PostgreSQL reads. */
    private static final int CHUNKS_AHEAD = 4;
    /** Bits of a checksummed hex character's rank in the text order: 22 characters, 0-9, A-F, a-f. */
    private static final int RANK_BITS = 5;

    private static final String COPY_LEAVES = """
            COPY reward_allocation (epoch, account, depin_amount, rollup_amount, governance_amount, amount,
                cumulative_amount, value_index) FROM STDIN (FORMAT binary)""";
    /**
     * The result row with the lifecycle's status from {@code reward_epoch}. A stored result is at least COMPUTED, so
     * a missing lifecycle row, or one that still says OPEN or CLOSED, reads COMPUTED.
     */
    private static final String RESULT_COLUMNS = """
            SELECT r.epoch, r.distributor_chain_id, r.distributor, r.root, r.total_cumulative, r.budget, r.carry_in,
                   r.paid, r.carry_out, r.pool_depin, r.pool_rollup, r.pool_governance, r.paid_depin, r.paid_rollup,
                   r.paid_governance, r.recipient_count, r.leaf_count, r.policy_version, r.dump_sha256, r.computed_at,
                   r.propose_tx_hash, r.dispute_tx_hash, r.resolve_tx_hash, r.dispute_deadline,
                   CASE WHEN e.status IS NULL OR e.status IN ('OPEN', 'CLOSED') THEN 'COMPUTED' ELSE e.status END AS status,
                   NULLIF(CONCAT_WS('; ', (
                       SELECT 'ALERT: the RewardDistributor holds a root this engine did not compute for epoch '
                              || r.epoch || ': ' || string_agg(f.root || ' (' || f.chain_status || ')', ', ' ORDER BY f.root)
                       FROM distributor_foreign_root f
                       WHERE f.chain_id = r.distributor_chain_id AND f.distributor = r.distributor AND f.epoch = r.epoch
                         AND f.chain_status <> 'GONE'), e.status_detail), '') AS status_detail, e.covered_by
            FROM reward_epoch_result r LEFT JOIN reward_epoch e ON e.epoch = r.epoch""";
    /**
     * A leaf's proof: stored in its row before V41, read from the epoch's stored tree since, at the row's tree index
     * before V50 and at the one stored for its value index since.
     */
    private static final String LEAF_COLUMNS = """
            SELECT a.epoch, a.account, a.depin_amount, a.rollup_amount, a.governance_amount, a.amount,
                   a.cumulative_amount,
                   COALESCE(a.proof, reward_tree_proof(a.epoch, COALESCE(a.tree_index,
                                                                         reward_tree_index(a.epoch, a.value_index)))) AS proof
            FROM reward_allocation a""";

    private static final Logger LOG = Logger.getLogger(RewardStore.class);

    private final Pool pool;
    private final DataSource dataSource;

    @Inject
    public RewardStore(Pool pool, DataSource dataSource) {
        this.pool = pool;
        this.dataSource = dataSource;
    }

    /**
     * Stores {@code epoch}. Same epoch, distributor and root as already stored: nothing is written. Another root or
     * distributor for a stored epoch: fails with {@link EpochConflictException}, and nothing is written either. A
     * failure while writing (the database's as its {@link SQLException}) rolls the whole epoch back.
     */
    public Uni<SaveOutcome> save(long epoch, EpochResult result) {
        if (epoch < 1) {
            return Uni.createFrom().failure(new IllegalArgumentException("epoch " + epoch + " is not positive"));
        }
        return storedIdentity(pool, epoch).flatMap(stored -> {
            if (stored.isPresent()) {
                return Uni.createFrom().completionStage(result.treeBuilt())
                        .map(tree -> compare(epoch, stored.get(), result.distributor(), tree));
            }
            CompletableFuture<int[]> rowOrder = CompletableFuture.supplyAsync(
                    () -> textOrder(result.accountText(), result.cumulative().size()), Infrastructure.getDefaultWorkerPool());
            CompletableFuture<Payout[]> payouts = CompletableFuture.supplyAsync(() -> payoutOfLeaf(result),
                    Infrastructure.getDefaultWorkerPool());
            return Uni.createFrom().<SaveOutcome>emitter(emitter -> {
                try {
                    emitter.complete(write(epoch, result, rowOrder, payouts));
                } catch (Throwable failure) {
                    emitter.fail(failure);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    private record Identity(Distributor distributor, String root) {
    }

    private static Uni<Optional<Identity>> storedIdentity(SqlClient client, long epoch) {
        return client.preparedQuery("SELECT distributor_chain_id, distributor, root FROM reward_epoch_result WHERE epoch = $1")
                .execute(Tuple.of(epoch))
                .map(rows -> rows.size() == 0 ? Optional.<Identity>empty() : Optional.of(identity(rows.iterator().next())));
    }

    private static Identity identity(Row row) {
        return new Identity(new Distributor(row.getLong("distributor_chain_id"),
                ChecksumAddress.of(row.getString("distributor"))), row.getString("root"));
    }

    private static SaveOutcome compare(long epoch, Identity stored, Distributor distributor, StandardMerkleTree tree) {
        Identity mine = new Identity(distributor, tree.root().toHex());
        if (!stored.equals(mine)) {
            throw new EpochConflictException(epoch, "root " + stored.root() + " for " + stored.distributor().caip10(),
                    "root " + mine.root() + " for " + mine.distributor().caip10());
        }
        return SaveOutcome.ALREADY_STORED;
    }

    /** SHA-256 of the epoch's standard-v1 dump, streamed: a million-leaf dump is too large to hold as one string. */
    static String dumpSha256(StandardMerkleTree tree) {
        MessageDigest sha256 = sha256();
        StandardTreeDump.write(tree, new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The whole save in one transaction, which any failure rolls back. Blocks. */
    private SaveOutcome write(long epoch, EpochResult result, CompletableFuture<int[]> rowOrder,
                              CompletableFuture<Payout[]> payouts) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long start = System.nanoTime();
                if (!insertResult(connection, epoch, result)) {
                    // Another writer stored the epoch since the first look: judge against its row.
                    SaveOutcome outcome = compare(epoch, storedIdentity(connection, epoch), result.distributor(),
                            result.tree());
                    connection.commit();
                    return outcome;
                }
                long resultRow = System.nanoTime();
                copyLeaves(connection, epoch, result, rowOrder.join(), payouts.join(),
                        Infrastructure.getDefaultWorkerPool());
                long leafRows = System.nanoTime();
                StandardMerkleTree tree = result.tree();
                long treeBuilt = System.nanoTime();
                // The dump's digest (240 MB of JSON at a million leaves) and the sums over every leaf are taken while
                // PostgreSQL stores the tree's node array, its backend alone busy and the JVM otherwise idle, and
                // are written last in the same transaction, so no reader ever sees the row without them. Taken
                // during the COPY instead, they took CPU from its encoders and from PostgreSQL's backend, which
                // both cores were already busy with.
                CompletableFuture<String> digest = CompletableFuture.supplyAsync(() -> dumpSha256(tree),
                        Infrastructure.getDefaultWorkerPool());
                CompletableFuture<Sums> sums = CompletableFuture.supplyAsync(() -> Sums.of(result),
                        Infrastructure.getDefaultWorkerPool());
                insertTree(connection, epoch, tree);
                long treeRow = System.nanoTime();
                String sha256 = digest.join();
                Sums summed = sums.join();
                long digested = System.nanoTime();
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE reward_epoch_result
                        SET root = ?, dump_sha256 = ?, total_cumulative = ?, paid_depin = ?, paid_rollup = ?,
                            paid_governance = ?
                        WHERE epoch = ?""")) {
                    update.setString(1, tree.root().toHex());
                    update.setString(2, sha256);
                    update.setBigDecimal(3, decimal(summed.totalCumulative()));
                    update.setBigDecimal(4, decimal(summed.paid(Program.DEPIN)));
                    update.setBigDecimal(5, decimal(summed.paid(Program.ROLLUP)));
                    update.setBigDecimal(6, decimal(summed.paid(Program.GOVERNANCE)));
                    update.setLong(7, epoch);
                    update.executeUpdate();
                }
                connection.commit();
                long committed = System.nanoTime();
                // Where a large epoch's store spends its time, for whoever has to make it faster.
                LOG.infof("Stored epoch %d, %d leaves, in %d ms: result row %d, leaf rows %d, waiting for the tree %d,"
                                + " tree %d, waiting for the dump's digest and the sums %d, writing them and commit %d",
                        epoch, tree.size(), ms(committed - start), ms(resultRow - start), ms(leafRows - resultRow),
                        ms(treeBuilt - leafRows), ms(treeRow - treeBuilt), ms(digested - treeRow),
                        ms(committed - digested));
                return SaveOutcome.STORED;
            } catch (Throwable failure) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    failure.addSuppressed(rollback);
                }
                throw failure;
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static Identity storedIdentity(Connection connection, long epoch) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT distributor_chain_id, distributor, root FROM reward_epoch_result WHERE epoch = ?")) {
            select.setLong(1, epoch);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("epoch " + epoch + " was neither inserted nor found stored");
                }
                return new Identity(new Distributor(row.getLong("distributor_chain_id"),
                        ChecksumAddress.of(row.getString("distributor"))), row.getString("root"));
            }
        }
    }

    /** The result row's sums over every leaf and payout. */
    private record Sums(BigInteger totalCumulative, Map<Program, BigInteger> paidByProgram) {
        static Sums of(EpochResult result) {
            return new Sums(result.cumulative().total(), RewardStore.paidByProgram(result.allocation().payouts()));
        }

        BigInteger paid(Program program) {
            return paidByProgram.get(program);
        }
    }

    /**
     * Inserts the result row with the root, the digest and the sums over the leaves pending, false if the epoch is
     * already stored. Pending, the whole of {@code paid} (budget and carry in, less the carry out, as the check wants) stands
     * as DePIN's; the sums written later must then add up to it.
     */
    private static boolean insertResult(Connection connection, long epoch, EpochResult result) throws SQLException {
        EpochAllocation allocation = result.allocation();
        Map<Program, BigInteger> pools = new EnumMap<>(Program.class);
        for (ProgramAllocation program : allocation.programs()) {
            pools.put(program.program(), program.pool());
        }
        BigInteger paid = allocation.budget().add(allocation.carryIn()).subtract(allocation.carryOut());
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO reward_epoch_result (epoch, distributor_chain_id, distributor, root, total_cumulative, budget,
                    carry_in, paid, carry_out, pool_depin, pool_rollup, pool_governance, paid_depin, paid_rollup,
                    paid_governance, recipient_count, leaf_count, policy_version, dump_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (epoch) DO NOTHING
                RETURNING epoch""")) {
            Object[] values = {epoch, result.distributor().chainId(), result.distributor().address().toString(),
                    ROOT_PENDING, BigDecimal.ZERO, decimal(allocation.budget()),
                    decimal(allocation.carryIn()), decimal(paid), decimal(allocation.carryOut()),
                    decimal(pools.getOrDefault(Program.DEPIN, BigInteger.ZERO)),
                    decimal(pools.getOrDefault(Program.ROLLUP, BigInteger.ZERO)),
                    decimal(pools.getOrDefault(Program.GOVERNANCE, BigInteger.ZERO)),
                    decimal(paid), BigDecimal.ZERO, BigDecimal.ZERO, allocation.payouts().size(), result.cumulative().size()};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.setObject(values.length + 1, result.policyVersion(), Types.BIGINT);
            insert.setString(values.length + 2, DIGEST_PENDING);
            try (ResultSet inserted = insert.executeQuery()) {
                return inserted.next();
            }
        }
    }

    private static BigDecimal decimal(BigInteger value) {
        return new BigDecimal(value);
    }

    private static Map<Program, BigInteger> paidByProgram(List<Payout> payouts) {
        Map<Program, AmountSum> sums = new EnumMap<>(Program.class);
        for (Program program : Program.values()) {
            sums.put(program, new AmountSum());
        }
        Program[] programs = Program.values();
        for (Payout payout : payouts) {
            // A look-up per program, not forEach: its lambda and an EnumMap's entry iterator were garbage per payout.
            for (Program program : programs) {
                BigInteger amount = payout.byProgram().get(program);
                if (amount != null) {
                    sums.get(program).add(amount);
                }
            }
        }
        Map<Program, BigInteger> paid = new EnumMap<>(Program.class);
        sums.forEach((program, sum) -> paid.put(program, sum.total()));
        return paid;
    }

    /**
     * One row per leaf, in {@code rowOrder}, each with its value's index: the tree, hashed meanwhile, is not needed
     * until its node array and each value's tree index go in after the rows. The rows are encoded a chunk at a time
     * on {@code workers}, a few chunks ahead, while this thread sends the chunks in order: encoded on this thread, a
     * million rows kept PostgreSQL waiting half the time (reading the payouts in text order is mostly waiting for
     * memory). A COPY that fails is cancelled, so that the transaction can be rolled back.
     */
    private static void copyLeaves(Connection connection, long epoch, EpochResult result, int[] rowOrder,
                                   Payout[] payoutOfLeaf, Executor workers) throws SQLException {
        int chunks = (rowOrder.length + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
        BinaryCopyWriter[] slots = new BinaryCopyWriter[Math.min(CHUNKS_AHEAD, chunks)];
        List<CompletableFuture<Void>> encoded = new ArrayList<>(chunks);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_LEAVES);
        try {
            BinaryCopyWriter rows = new BinaryCopyWriter(copy);
            for (int chunk = 0; chunk < slots.length; chunk++) {
                slots[chunk] = BinaryCopyWriter.chunk(ROWS_PER_CHUNK * MAX_ROW_BYTES);
                encoded.add(encode(slots[chunk], chunk, epoch, result, rowOrder, payoutOfLeaf, workers));
            }
            for (int chunk = 0; chunk < chunks; chunk++) {
                try {
                    encoded.get(chunk).join();
                } catch (CompletionException failure) {
                    throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
                }
                BinaryCopyWriter slot = slots[chunk % slots.length];
                rows.send(slot);
                int next = chunk + slots.length;
                if (next < chunks) {
                    encoded.add(encode(slot, next, epoch, result, rowOrder, payoutOfLeaf, workers));
                }
            }
            rows.finish();
        } catch (Throwable failure) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    failure.addSuppressed(cancel);
                }
            }
            throw failure;
        }
    }

    /** Encodes the rows of chunk {@code chunk} of {@code rowOrder} into {@code slot}, emptied first, on a worker. */
    private static CompletableFuture<Void> encode(BinaryCopyWriter slot, int chunk, long epoch, EpochResult result,
                                                  int[] rowOrder, Payout[] payoutOfLeaf, Executor workers) {
        return CompletableFuture.runAsync(() -> {
            List<LeafValue> values = result.cumulative().leaves();
            ByteBuffer accounts = result.accountText();
            slot.clear();
            try {
                for (int row = chunk * ROWS_PER_CHUNK; row < Math.min(rowOrder.length, (chunk + 1) * ROWS_PER_CHUNK); row++) {
                    int leaf = rowOrder[row];
                    Payout payout = payoutOfLeaf[leaf];
                    slot.startRow(LEAF_FIELDS);
                    slot.int8(epoch);
                    slot.ascii(accounts, leaf * StandardMerkleTree.ACCOUNT_CHARS, StandardMerkleTree.ACCOUNT_CHARS);
                    slot.numeric(amount(payout, Program.DEPIN));
                    slot.numeric(amount(payout, Program.ROLLUP));
                    slot.numeric(amount(payout, Program.GOVERNANCE));
                    slot.numeric(payout == null ? BigInteger.ZERO : payout.amount());
                    slot.numeric(values.get(leaf).amount());
                    slot.int4(leaf);
                }
            } catch (SQLException cannotHappen) {
                throw new IllegalStateException("a chunk writer sends nothing", cannotHappen);
            }
        }, workers);
    }

    /**
     * The value indexes of {@code n} leaves, whose accounts' text is {@code accounts}, in the byte order of that
     * text: the order of the primary key's "C" collation (V49: digits, then upper case, then lower case), which is
     * not address order. Rows that go in in the
     * key's order all land on the index's rightmost page: PostgreSQL then skips the descent from the root and splits
     * full pages at the end, keeping them full, instead of splitting pages halfway all over the index.
     */
    static int[] textOrder(ByteBuffer accounts, int n) {
        int positionBits = Math.max(1, Integer.SIZE - Integer.numberOfLeadingZeros(n - 1));
        // As many characters after 0x as fit beside the position, in 5 bits each, make the key's leading bits.
        int characters = Math.min(StandardMerkleTree.ACCOUNT_CHARS - 2, (Long.SIZE - 1 - positionBits) / RANK_BITS);
        long[] keys = textKeys(accounts, n, characters, positionBits);
        Arrays.parallelSort(keys);
        return orderOfKeys(keys, accounts, positionBits);
    }

    /**
     * Each value's key: the ranks of the leading characters of its account's text, then its position. A rank is 5
     * bits where the character's ASCII took 7, so a million accounts' keys hold 8 characters and not 6, and the
     * accounts whose keys tie, ordered then by their whole text, are 50 instead of 17,000 (the benchmark's). With
     * 8,400 ties to order, the JIT compiled that sort into the loop that finds them, which took it longer than any
     * other compilation of the store (JFR's compilation events); the loops are split from {@link #textOrder} for the
     * same reason, so that each compiles small.
     */
    private static long[] textKeys(ByteBuffer accounts, int n, int characters, int positionBits) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long key = 0;
            for (int c = 0; c < characters; c++) {
                byte character = accounts.get(i * StandardMerkleTree.ACCOUNT_CHARS + 2 + c);
                // '0'-'9' < 'A'-'F' < 'a'-'f' in ASCII, and so in rank.
                int rank = character <= '9' ? character - '0' : character <= 'F' ? character - 'A' + 10 : character - 'a' + 16;
                key = key << RANK_BITS | rank;
            }
            keys[i] = key << positionBits | i;
        }
        return keys;
    }

    /** The positions of the sorted {@code keys}, accounts whose keys tie ordered by their whole text. */
    private static int[] orderOfKeys(long[] keys, ByteBuffer accounts, int positionBits) {
        int n = keys.length;
        int[] order = new int[n];
        long positionMask = (1L << positionBits) - 1;
        int runStart = 0;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & positionMask);
            if (i + 1 == n || keys[i + 1] >>> positionBits != keys[runStart] >>> positionBits) {
                if (i > runStart) {
                    sortByText(order, runStart, i + 1, accounts);
                }
                runStart = i + 1;
            }
        }
        return order;
    }

    /** Orders {@code order[from..to)}, accounts that share the key's characters, by their whole text. */
    private static void sortByText(int[] order, int from, int to, ByteBuffer accounts) {
        int width = StandardMerkleTree.ACCOUNT_CHARS;
        Integer[] run = new Integer[to - from];
        for (int r = 0; r < run.length; r++) {
            run[r] = order[from + r];
        }
        Arrays.sort(run, (a, b) -> accounts.slice(a * width, width).compareTo(accounts.slice(b * width, width)));
        for (int r = 0; r < run.length; r++) {
            order[from + r] = run[r];
        }
    }

    /**
     * The node array once, from which every leaf's proof is read by its tree index, and each value's tree index, by
     * which a leaf row finds its leaf.
     */
    private static void insertTree(Connection connection, long epoch, StandardMerkleTree tree) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO reward_tree (epoch, nodes, tree_index_of_value) VALUES (?, ?, ?)")) {
            insert.setLong(1, epoch);
            insert.setBinaryStream(2, tree.nodeStream(), tree.tree().size() * 32);
            insert.setBinaryStream(3, tree.treeIndexStream(), tree.size() * Integer.BYTES);
            insert.executeUpdate();
        }
    }

    /** The payout of each leaf, null for an account paid nothing this epoch. */
    private static Payout[] payoutOfLeaf(EpochResult result) {
        List<LeafValue> values = result.cumulative().leaves();
        // Payouts and tree values are both in address order, and every paid account has a leaf: one merge pass.
        Payout[] payoutOfLeaf = new Payout[values.size()];
        List<Payout> payouts = result.allocation().payouts();
        int next = 0;
        for (int leaf = 0; leaf < values.size() && next < payouts.size(); leaf++) {
            // The same address is most often the same object (the cumulative step keeps the payout's): the identity
            // spares a look at two objects scattered over the heap per leaf, on the way to the COPY's start.
            ChecksumAddress account = values.get(leaf).account();
            ChecksumAddress paid = payouts.get(next).account();
            if (account == paid || account.equals(paid)) {
                payoutOfLeaf[leaf] = payouts.get(next++);
            }
        }
        if (next != payouts.size()) {
            throw new IllegalArgumentException("paid account " + payouts.get(next).account() + " has no leaf in the tree");
        }
        return payoutOfLeaf;
    }

    private static BigInteger amount(Payout payout, Program program) {
        BigInteger amount = payout == null ? null : payout.byProgram().get(program);
        return amount == null ? BigInteger.ZERO : amount;
    }

    /**
     * Moves the results of {@code from} and every later epoch to the superseded tables (V29), each as the next revision
     * of its epoch, within the caller's transaction; returns the epochs moved.
     */
    public Uni<List<Long>> supersede(SqlConnection connection, long from, String reason) {
        return connection.preparedQuery("""
                        INSERT INTO reward_epoch_result_superseded
                        SELECT r.*, COALESCE((SELECT max(s.revision) FROM reward_epoch_result_superseded s
                                              WHERE s.epoch = r.epoch), 0) + 1, now(), $2
                        FROM reward_epoch_result r WHERE r.epoch >= $1
                        RETURNING epoch, revision""")
                .execute(Tuple.of(from, reason))
                .flatMap(moved -> connection.preparedQuery("""
                                INSERT INTO reward_allocation_superseded (epoch, account, depin_amount, rollup_amount,
                                    governance_amount, amount, cumulative_amount, proof, tree_index, value_index,
                                    revision)
                                SELECT a.epoch, a.account, a.depin_amount, a.rollup_amount, a.governance_amount, a.amount,
                                       a.cumulative_amount, a.proof, a.tree_index, a.value_index,
                                       (SELECT max(s.revision) FROM reward_epoch_result_superseded s WHERE s.epoch = a.epoch)
                                FROM reward_allocation a WHERE a.epoch >= $1""")
                        .execute(Tuple.of(from))
                        .flatMap(ignored -> connection.preparedQuery("""
                                INSERT INTO reward_tree_superseded (epoch, nodes, tree_index_of_value, revision)
                                SELECT t.epoch, t.nodes, t.tree_index_of_value,
                                       (SELECT max(s.revision) FROM reward_epoch_result_superseded s WHERE s.epoch = t.epoch)
                                FROM reward_tree t WHERE t.epoch >= $1""")
                                .execute(Tuple.of(from)))
                        .flatMap(ignored -> connection.preparedQuery("DELETE FROM reward_allocation WHERE epoch >= $1")
                                .execute(Tuple.of(from)))
                        .flatMap(ignored -> connection.preparedQuery("DELETE FROM reward_tree WHERE epoch >= $1")
                                .execute(Tuple.of(from)))
                        .flatMap(ignored -> connection.preparedQuery("DELETE FROM reward_epoch_result WHERE epoch >= $1")
                                .execute(Tuple.of(from)))
                        .map(ignored -> {
                            List<Long> epochs = new ArrayList<>();
                            moved.forEach(row -> epochs.add(row.getLong("epoch")));
                            epochs.sort(null);
                            return epochs;
                        }));
    }

    // ---------------------------------------------------------------- reads

    public Uni<Optional<StoredEpoch>> epoch(long epoch) {
        return pool.preparedQuery(RESULT_COLUMNS + " WHERE r.epoch = $1").execute(Tuple.of(epoch))
                .map(rows -> rows.size() == 0 ? Optional.<StoredEpoch>empty() : Optional.of(storedEpoch(rows.iterator().next())));
    }

    /** Up to {@code limit} epochs, newest first, each below {@code before} when it is given. */
    public Uni<List<StoredEpoch>> epochs(int limit, Long before) {
        return pool.preparedQuery(RESULT_COLUMNS + " WHERE ($1::bigint IS NULL OR r.epoch < $1) ORDER BY r.epoch DESC LIMIT $2")
                .execute(Tuple.of(before, limit))
                .map(rows -> {
                    List<StoredEpoch> epochs = new ArrayList<>(rows.size());
                    rows.forEach(row -> epochs.add(storedEpoch(row)));
                    return epochs;
                });
    }

    /** How many epochs are stored, as {@link #epochs} lists them. */
    public Uni<Long> epochCount() {
        return pool.query("SELECT COUNT(*) AS total FROM reward_epoch_result").execute()
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    /** The distributors that stored epochs belong to. */
    public Uni<Set<Distributor>> distributors() {
        return pool.query("SELECT DISTINCT distributor_chain_id, distributor FROM reward_epoch_result").execute()
                .map(rows -> {
                    Set<Distributor> distributors = new LinkedHashSet<>();
                    rows.forEach(row -> distributors.add(new Distributor(row.getLong("distributor_chain_id"),
                            ChecksumAddress.of(row.getString("distributor")))));
                    return distributors;
                });
    }

    /** The account's leaf in {@code epoch}: its allocation, cumulative amount and proof, in one primary-key read. */
    public Uni<Optional<StoredLeaf>> leaf(long epoch, ChecksumAddress account) {
        return pool.preparedQuery(LEAF_COLUMNS + " WHERE a.epoch = $1 AND a.account = $2")
                .execute(Tuple.of(epoch, account.toString()))
                .map(rows -> rows.size() == 0 ? Optional.<StoredLeaf>empty() : Optional.of(storedLeaf(rows.iterator().next())));
    }

    /** The account's leaves in every epoch stored for {@code distributor}, newest first. */
    public Uni<List<StoredLeaf>> leaves(Distributor distributor, ChecksumAddress account) {
        // One primary-key probe per stored epoch; no index by account is kept, since it would slow every save.
        return pool.preparedQuery(LEAF_COLUMNS + """
                 JOIN reward_epoch_result r ON r.epoch = a.epoch
                WHERE a.account = $1 AND r.distributor_chain_id = $2 AND r.distributor = $3
                ORDER BY a.epoch DESC""")
                .execute(Tuple.of(account.toString(), distributor.chainId(), distributor.address().toString()))
                .map(rows -> {
                    List<StoredLeaf> leaves = new ArrayList<>(rows.size());
                    rows.forEach(row -> leaves.add(storedLeaf(row)));
                    return leaves;
                });
    }

    /**
     * The cumulative amounts of the newest stored epoch before {@code epoch}: what the next tree adds to. Empty when no
     * earlier epoch has a tree.
     */
    public Uni<CumulativeAmounts> cumulativeBefore(long epoch) {
        return pool.preparedQuery("""
                        SELECT account, cumulative_amount FROM reward_allocation
                        WHERE epoch = (SELECT max(epoch) FROM reward_epoch_result WHERE epoch < $1)""")
                .execute(Tuple.of(epoch))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Map<ChecksumAddress, BigInteger> amounts = new HashMap<>(rows.size() * 4 / 3 + 1);
                    rows.forEach(row -> amounts.put(ChecksumAddress.of(row.getString("account")),
                            bigInteger(row.getNumeric("cumulative_amount"))));
                    return CumulativeAmounts.of(amounts);
                });
    }

    /**
     * The epoch's standard-v1 dump, from its stored node array and its rows (values in address order), checked
     * against the root and the digest taken when it was saved; empty if the epoch is not stored. An epoch stored
     * before its tree had a table of its own (V41) has a proof per row instead, and its tree is rebuilt from the rows.
     */
    public Uni<Optional<String>> dump(long epoch) {
        return epoch(epoch).flatMap(stored -> stored.isEmpty()
                ? Uni.createFrom().item(Optional.<String>empty())
                : pool.preparedQuery("SELECT nodes, tree_index_of_value FROM reward_tree WHERE epoch = $1")
                        .execute(Tuple.of(epoch))
                        .flatMap(tree -> pool.preparedQuery("""
                                        SELECT account, cumulative_amount, tree_index, value_index FROM reward_allocation
                                        WHERE epoch = $1""")
                                .execute(Tuple.of(epoch))
                                .emitOn(Infrastructure.getDefaultWorkerPool())
                                .map(rows -> Optional.of(tree.size() == 0 ? rebuild(stored.get(), rows)
                                        : fromStoredTree(stored.get(), tree.iterator().next(), rows)))));
    }

    /** The dump from the tree's row and the leaf rows, which carry their tree index (before V50) or value index. */
    private static String fromStoredTree(StoredEpoch stored, Row tree, RowSet<Row> rows) {
        byte[] nodes = tree.getBuffer("nodes").getBytes();
        Buffer treeIndexOfValue = tree.getBuffer("tree_index_of_value");
        List<IndexedValue> values = new ArrayList<>(rows.size());
        rows.forEach(row -> {
            Integer treeIndex = row.getInteger("tree_index");
            values.add(new IndexedValue(new LeafValue(ChecksumAddress.of(row.getString("account")),
                    bigInteger(row.getNumeric("cumulative_amount"))),
                    treeIndex != null ? treeIndex : treeIndexOfValue.getInt(row.getInteger("value_index") * Integer.BYTES)));
        });
        values.sort(Comparator.comparing(indexed -> indexed.value().account()));
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        MessageDigest sha256 = sha256();
        StandardTreeDump.write(nodes, values, new DigestOutputStream(dump, sha256));
        if (!Bytes32.wrap(Arrays.copyOf(nodes, 32)).equals(stored.root())
                || !HexFormat.of().formatHex(sha256.digest()).equals(stored.dumpSha256())) {
            throw new IllegalStateException("the stored tree and rows of epoch " + stored.epoch()
                    + " no longer give its root " + stored.root() + " and dump digest " + stored.dumpSha256());
        }
        return dump.toString(StandardCharsets.US_ASCII);
    }

    private static String rebuild(StoredEpoch stored, RowSet<Row> rows) {
        List<LeafValue> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(new LeafValue(ChecksumAddress.of(row.getString("account")),
                bigInteger(row.getNumeric("cumulative_amount")))));
        values.sort(Comparator.comparing(LeafValue::account));
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        if (!tree.root().equals(stored.root()) || !dumpSha256(tree).equals(stored.dumpSha256())) {
            throw new IllegalStateException("the stored rows of epoch " + stored.epoch() + " no longer give its root "
                    + stored.root() + " and dump digest " + stored.dumpSha256());
        }
        return StandardTreeDump.write(tree);
    }

    private static StoredEpoch storedEpoch(Row row) {
        Map<Program, BigInteger> pools = new EnumMap<>(Program.class);
        pools.put(Program.DEPIN, bigInteger(row.getNumeric("pool_depin")));
        pools.put(Program.ROLLUP, bigInteger(row.getNumeric("pool_rollup")));
        pools.put(Program.GOVERNANCE, bigInteger(row.getNumeric("pool_governance")));
        Map<Program, BigInteger> paid = new EnumMap<>(Program.class);
        paid.put(Program.DEPIN, bigInteger(row.getNumeric("paid_depin")));
        paid.put(Program.ROLLUP, bigInteger(row.getNumeric("paid_rollup")));
        paid.put(Program.GOVERNANCE, bigInteger(row.getNumeric("paid_governance")));
        return new StoredEpoch(row.getLong("epoch"),
                new Distributor(row.getLong("distributor_chain_id"), ChecksumAddress.of(row.getString("distributor"))),
                Bytes32.fromHex(row.getString("root")), bigInteger(row.getNumeric("total_cumulative")),
                bigInteger(row.getNumeric("budget")), bigInteger(row.getNumeric("carry_in")),
                bigInteger(row.getNumeric("paid")), bigInteger(row.getNumeric("carry_out")), pools, paid,
                row.getInteger("recipient_count"), row.getInteger("leaf_count"), row.getLong("policy_version"),
                row.getString("dump_sha256"), row.getOffsetDateTime("computed_at"), row.getString("propose_tx_hash"),
                row.getString("dispute_tx_hash"), row.getString("resolve_tx_hash"), row.getLong("dispute_deadline"),
                row.getString("status"), row.getString("status_detail"), row.getLong("covered_by"));
    }

    private static StoredLeaf storedLeaf(Row row) {
        Map<Program, BigInteger> byProgram = new EnumMap<>(Program.class);
        byProgram.put(Program.DEPIN, bigInteger(row.getNumeric("depin_amount")));
        byProgram.put(Program.ROLLUP, bigInteger(row.getNumeric("rollup_amount")));
        byProgram.put(Program.GOVERNANCE, bigInteger(row.getNumeric("governance_amount")));
        Buffer stored = row.getBuffer("proof");
        if (stored == null) {
            throw new IllegalStateException("the leaf of " + row.getString("account") + " in epoch " + row.getLong("epoch")
                    + " has no proof: its epoch's tree is not stored");
        }
        byte[] proof = stored.getBytes();
        List<Bytes32> nodes = new ArrayList<>(proof.length / 32);
        for (int offset = 0; offset < proof.length; offset += 32) {
            nodes.add(Bytes32.wrap(Arrays.copyOfRange(proof, offset, offset + 32)));
        }
        return new StoredLeaf(row.getLong("epoch"), ChecksumAddress.of(row.getString("account")), byProgram,
                bigInteger(row.getNumeric("amount")), bigInteger(row.getNumeric("cumulative_amount")), nodes);
    }
}
