package dev.govengine.rewards.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.EpochAllocator;
import dev.govengine.rewards.allocation.EpochInput;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.rewards.tree.OzReference;
import dev.govengine.rewards.tree.RepositoryFiles;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reward store against real PostgreSQL: an epoch goes in whole, its rows read back as the allocation and the
 * proofs the tree gives, which are @openzeppelin/merkle-tree's getProof (also for an epoch stored the old way, a
 * proof per row), its dump is the library's byte for byte, from the stored node array (rebuilt from the rows for an
 * epoch stored with a proof per row), saving it again is a no-op, another root is refused,
 * and a save failing in the middle of its COPY, by a constraint or by losing its connection, leaves nothing behind
 * and the store working. Epoch numbers 101 and up are this class's own, since the store is shared by every test of
 * the run.
 */
@QuarkusTest
class RewardStoreTest {
    static final Distributor DISTRIBUTOR = new Distributor(31337, ChecksumAddress.of("0x00000000000000000000000000000000000d1570"));
    private static final AllocationPolicy POLICY = new AllocationPolicy(
            Map.of(Program.DEPIN, 5000, Program.ROLLUP, 3000, Program.GOVERNANCE, 2000), Program.DEPIN, 10_000,
            BigInteger.valueOf(50));
    /** A leaf row the save did not write, in the place of one it will. */
    private static final String STRAY_ROW = "INSERT INTO reward_allocation (epoch, account, depin_amount, rollup_amount, "
            + "governance_amount, amount, cumulative_amount, proof) VALUES ($1, $2, 0, 0, 0, 0, 0, ''::bytea)";

    @Inject
    RewardStore store;

    @Inject
    Pool pool;

    @Test
    void anEpochIsStoredWholeAndReadBackAsComputed() {
        ChecksumAddress earlier = address(1);
        ChecksumAddress both = address(2);
        ChecksumAddress rollupOnly = address(3);
        ChecksumAddress belowMinimum = address(4);
        EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.valueOf(10_000),
                BigInteger.valueOf(7), Map.of(
                        Program.DEPIN, List.of(score(both, 600), score(belowMinimum, 1)),
                        Program.ROLLUP, List.of(score(rollupOnly, 3), score(both, 1)),
                        Program.GOVERNANCE, List.of())));
        CumulativeAmounts cumulative = CumulativeAmounts.of(Map.of(earlier, BigInteger.valueOf(900))).plus(allocation.payouts());
        // As the lifecycle saves an epoch: its tree hashed while the leaf rows go in.
        EpochResult result = EpochResult.treeAlongside(DISTRIBUTOR, 12L, allocation, cumulative);

        assertEquals(SaveOutcome.STORED, store.save(101, result).await().indefinitely());

        StoredEpoch stored = store.epoch(101).await().indefinitely().orElseThrow();
        assertEquals(DISTRIBUTOR, stored.distributor());
        assertEquals(result.tree().root(), stored.root());
        assertEquals(cumulative.total(), stored.totalCumulative());
        assertEquals(BigInteger.valueOf(10_000), stored.budget());
        assertEquals(BigInteger.valueOf(7), stored.carryIn());
        assertEquals(allocation.paid(), stored.paid());
        assertEquals(allocation.carryOut(), stored.carryOut());
        assertEquals(stored.budget().add(stored.carryIn()), stored.paid().add(stored.carryOut()));
        // Governance has no recipients, so its whole pool is carried: 20% of 10,007, floored.
        assertEquals(BigInteger.valueOf(2001), stored.pools().get(Program.GOVERNANCE));
        assertEquals(BigInteger.ZERO, stored.paidByProgram().get(Program.GOVERNANCE));
        assertEquals(2, stored.recipientCount(), "the account below the minimum is not paid");
        assertEquals(3, stored.leafCount(), "the earlier account stays in the tree");
        assertEquals(12L, stored.policyVersion());

        for (int i = 0; i < result.tree().size(); i++) {
            LeafValue value = result.tree().values().get(i).value();
            StoredLeaf leaf = store.leaf(101, value.account()).await().indefinitely().orElseThrow();
            assertEquals(value.amount(), leaf.cumulativeAmount());
            assertEquals(result.tree().proof(i), leaf.proof(), "the stored proof is the tree's");
            assertTrue(StandardMerkleTree.verify(stored.root(), value, leaf.proof()));
        }
        StoredLeaf paidInTwo = store.leaf(101, both).await().indefinitely().orElseThrow();
        assertEquals(payout(allocation, both), paidInTwo.amount());
        assertEquals(paidInTwo.amount(), paidInTwo.byProgram().get(Program.DEPIN).add(paidInTwo.byProgram().get(Program.ROLLUP)));
        StoredLeaf carriedOver = store.leaf(101, earlier).await().indefinitely().orElseThrow();
        assertEquals(BigInteger.ZERO, carriedOver.amount());
        assertEquals(BigInteger.valueOf(900), carriedOver.cumulativeAmount());
        assertTrue(store.leaf(101, belowMinimum).await().indefinitely().isEmpty(), "never paid, so not in the tree");

        assertEquals(StandardTreeDump.write(result.tree()), store.dump(101).await().indefinitely().orElseThrow(),
                "the dump is rebuilt from the rows byte for byte");
        assertEquals(List.of(101L), store.leaves(DISTRIBUTOR, earlier).await().indefinitely().stream().map(StoredLeaf::epoch).toList());
    }

    @Test
    void savingTheSameEpochAgainChangesNothingAndAnotherRootIsRefused() {
        EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.valueOf(1000), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(address(11), 1), score(address(12), 2)))));
        EpochResult result = result(allocation, CumulativeAmounts.empty().plus(allocation.payouts()), null);
        assertEquals(SaveOutcome.STORED, store.save(103, result).await().indefinitely());
        var computedAt = store.epoch(103).await().indefinitely().orElseThrow().computedAt();

        assertEquals(SaveOutcome.ALREADY_STORED, store.save(103, result).await().indefinitely());
        assertEquals(SaveOutcome.ALREADY_STORED, store.save(103, EpochResult.treeAlongside(DISTRIBUTOR, null, allocation,
                result.cumulative())).await().indefinitely(), "the same root, its tree still being built when asked");
        assertEquals(computedAt, store.epoch(103).await().indefinitely().orElseThrow().computedAt(), "the row was not rewritten");
        assertEquals(2L, count(103));

        EpochAllocation other = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.valueOf(1001), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(address(11), 1), score(address(12), 2)))));
        EpochResult otherResult = result(other, CumulativeAmounts.empty().plus(other.payouts()), null);
        EpochConflictException conflict = assertThrows(EpochConflictException.class,
                () -> store.save(103, otherResult).await().indefinitely());
        assertThrows(EpochConflictException.class, () -> store.save(103, EpochResult.treeAlongside(DISTRIBUTOR, null,
                other, otherResult.cumulative())).await().indefinitely(), "another root, its tree still being built");
        assertEquals(103, conflict.epoch());
        assertTrue(conflict.getMessage().contains(result.tree().root().toHex()), conflict.getMessage());
        assertTrue(conflict.getMessage().contains(otherResult.tree().root().toHex()), conflict.getMessage());
        assertEquals(result.tree().root(), store.epoch(103).await().indefinitely().orElseThrow().root());

        assertEquals("COMPUTED", store.epoch(103).await().indefinitely().orElseThrow().status());
        pool.query("INSERT INTO reward_epoch (epoch, status, start_timestamp, end_timestamp) VALUES (103, 'CLOSED', 1, 2)")
                .execute().await().indefinitely();
        assertEquals("COMPUTED", store.epoch(103).await().indefinitely().orElseThrow().status(), "a result is at least computed");
        pool.query("UPDATE reward_epoch SET status = 'FINALIZED' WHERE epoch = 103").execute().await().indefinitely();
        assertEquals("FINALIZED", store.epoch(103).await().indefinitely().orElseThrow().status(), "the lifecycle's status");

        Distributor elsewhere = new Distributor(1, DISTRIBUTOR.address());
        assertThrows(EpochConflictException.class, () -> store.save(103, new EpochResult(elsewhere, null, allocation,
                result.cumulative(), result.tree())).await().indefinitely(), "the same root for another distributor");
    }

    @Test
    void aConstraintFailingInTheMiddleOfTheCopyLeavesNothingStored() {
        EpochResult result = manyLeaves();
        ChecksumAddress halfway = result.tree().values().get(result.tree().size() / 2).value().account();
        // A stray row where the COPY will insert, megabytes into it: the primary key fails it there.
        pool.preparedQuery(STRAY_ROW).execute(Tuple.of(102L, halfway.toString())).await().indefinitely();

        SQLException failed = saveFailure(store.save(102, result));
        assertEquals("23505", failed.getSQLState(), "unique violation");
        assertTrue(store.epoch(102).await().indefinitely().isEmpty(), "no result row");
        assertEquals(1L, count(102), "only the stray row: the rows copied before it were rolled back");

        pool.query("DELETE FROM reward_allocation WHERE epoch = 102").execute().await().indefinitely();
        assertStoredWhole(102, result, halfway);
    }

    @Test
    void aConnectionKilledInTheMiddleOfTheCopyLeavesNothingStored() throws InterruptedException {
        EpochResult result = manyLeaves();
        ChecksumAddress halfway = result.tree().values().get(result.tree().size() / 2).value().account();
        // The same row, uncommitted: the COPY waits on its transaction halfway through, and is killed there.
        SqlConnection blocker = pool.getConnection().await().indefinitely();
        try {
            blocker.query("BEGIN").execute().await().indefinitely();
            blocker.preparedQuery(STRAY_ROW).execute(Tuple.of(104L, halfway.toString())).await().indefinitely();

            CompletableFuture<SaveOutcome> saving = store.save(104, result).subscribeAsCompletionStage();
            int copying = waitingCopy();
            assertTrue(pool.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(copying))
                    .await().indefinitely().iterator().next().getBoolean(0));
            ExecutionException killed = assertThrows(ExecutionException.class, () -> saving.get(1, TimeUnit.MINUTES));
            assertInstanceOf(SQLException.class, killed.getCause());

            blocker.query("ROLLBACK").execute().await().indefinitely();
        } finally {
            blocker.close().await().indefinitely();
        }
        assertTrue(store.epoch(104).await().indefinitely().isEmpty(), "no result row");
        assertEquals(0L, count(104), "no leaf row");

        assertStoredWhole(104, result, halfway);
    }

    @Test
    void storedProofsAreTheLibrarysAndEpochsStoredWithAProofPerRowReadTheSame() throws Exception {
        // 333 leaves, not a power of two, so that the leaves sit at two depths of the tree.
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < 333; i++) {
            scores.add(score(address(200_000 + i), 1 + i % 5));
        }
        EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.TEN.pow(21), BigInteger.ZERO,
                Map.of(Program.DEPIN, scores)));
        EpochResult result = result(allocation, CumulativeAmounts.empty().plus(allocation.payouts()), null);
        assertEquals(SaveOutcome.STORED, store.save(105, result).await().indefinitely());
        assertEquals(32L * (2 * 333 - 1), pool.query("SELECT octet_length(nodes) FROM reward_tree WHERE epoch = 105")
                .execute().await().indefinitely().iterator().next().getLong(0), "the tree is stored once, whole");

        List<List<String>> library = libraryProofs(result.tree());
        assertStoredProofs(105, result.tree(), library);
        String libraryDump = OzReference.dumps(List.of(result.cumulative().leaves())).get(0);
        assertEquals(libraryDump, store.dump(105).await().indefinitely().orElseThrow(),
                "the dump written from the stored node array is the library's");

        // Epochs stored before V50 carry their leaf's tree index in each row, and their tree no value map: the same
        // epoch in that form reads the same.
        assertEquals(333L, pool.query("SELECT count(*) FROM reward_allocation WHERE epoch = 105 AND value_index IS NOT NULL")
                .execute().await().indefinitely().iterator().next().getLong(0), "a row carries its value index");
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            connection.query("BEGIN").execute().await().indefinitely();
            connection.query("UPDATE reward_allocation SET tree_index = reward_tree_index(epoch, value_index), "
                    + "value_index = NULL WHERE epoch = 105").execute().await().indefinitely();
            connection.query("UPDATE reward_tree SET tree_index_of_value = NULL WHERE epoch = 105").execute()
                    .await().indefinitely();
            connection.query("COMMIT").execute().await().indefinitely();
        } finally {
            connection.close().await().indefinitely();
        }
        for (int i = 0; i < result.tree().size(); i++) {
            assertEquals(result.tree().treeIndex(i), pool.preparedQuery("SELECT tree_index FROM reward_allocation "
                    + "WHERE epoch = 105 AND account = $1").execute(Tuple.of(result.tree().value(i).account().toString()))
                    .await().indefinitely().iterator().next().getInteger(0), "the stored map's tree index of value " + i);
        }
        assertStoredProofs(105, result.tree(), library);
        assertEquals(libraryDump, store.dump(105).await().indefinitely().orElseThrow(),
                "the dump from rows that carry their tree index");

        // Epochs stored before the tree had its own table carry each leaf's proof in its row instead: the same epoch
        // in that form, written from the Java tree's proofs, reads the same.
        connection = pool.getConnection().await().indefinitely();
        try {
            connection.query("BEGIN").execute().await().indefinitely();
            List<Tuple> rows = new ArrayList<>();
            for (int i = 0; i < result.tree().size(); i++) {
                rows.add(Tuple.of(result.tree().values().get(i).value().account().toString(),
                        Buffer.buffer(result.tree().proofBytes(i))));
            }
            connection.preparedQuery("UPDATE reward_allocation SET proof = $2, tree_index = NULL WHERE epoch = 105 "
                    + "AND account = $1").executeBatch(rows).await().indefinitely();
            connection.query("DELETE FROM reward_tree WHERE epoch = 105").execute().await().indefinitely();
            connection.query("COMMIT").execute().await().indefinitely();
        } finally {
            connection.close().await().indefinitely();
        }
        assertStoredProofs(105, result.tree(), library);
        assertEquals(libraryDump, store.dump(105).await().indefinitely().orElseThrow(),
                "with no stored tree, the dump is rebuilt from the rows");

        EpochAllocation single = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.valueOf(1000), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(address(300_000), 1)))));
        EpochResult alone = result(single, CumulativeAmounts.empty().plus(single.payouts()), null);
        assertEquals(SaveOutcome.STORED, store.save(106, alone).await().indefinitely());
        assertEquals(List.of(), store.leaf(106, address(300_000)).await().indefinitely().orElseThrow().proof(),
                "a lone leaf is the root: its proof is empty");
    }

    /** Every leaf's stored proof, by one read and among the account's epochs, is the library's for that leaf. */
    private void assertStoredProofs(long epoch, StandardMerkleTree tree, List<List<String>> library) {
        for (int i = 0; i < tree.size(); i++) {
            ChecksumAddress account = tree.values().get(i).value().account();
            StoredLeaf leaf = store.leaf(epoch, account).await().indefinitely().orElseThrow();
            assertEquals(library.get(i), leaf.proof().stream().map(Bytes32::toHex).toList(), account.toString());
            assertTrue(StandardMerkleTree.verify(tree.root(), tree.values().get(i).value(), leaf.proof()));
        }
        ChecksumAddress last = tree.values().get(tree.size() - 1).value().account();
        assertEquals(library.get(tree.size() - 1), store.leaves(DISTRIBUTOR, last).await().indefinitely().get(0).proof()
                .stream().map(Bytes32::toHex).toList());
    }

    /** {@code getProof(i)} of {@code @openzeppelin/merkle-tree} for every value i of the tree, in value order. */
    private static List<List<String>> libraryProofs(StandardMerkleTree tree) throws Exception {
        Process node = new ProcessBuilder("node", RepositoryFiles.resolve("contracts/test/merkle/dump-tree.mjs").toString(),
                "--proofs").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder values = new StringBuilder("[");
        for (var indexed : tree.values()) {
            values.append(values.length() > 1 ? "," : "").append("[\"").append(indexed.value().account())
                    .append("\",\"").append(indexed.value().amount()).append("\"]");
        }
        try (var in = node.getOutputStream()) {
            in.write(values.append("]\n").toString().getBytes(StandardCharsets.UTF_8));
        }
        String answer = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(1, TimeUnit.MINUTES) && node.exitValue() == 0, "dump-tree.mjs --proofs failed (its stderr is above)");
        return new ObjectMapper().readValue(answer, new TypeReference<List<List<String>>>() { });
    }

    /** About 13 MB of COPY data: several buffers have gone out by the row in the middle. */
    private static EpochResult manyLeaves() {
        int recipients = 20_500;
        List<Score> scores = new ArrayList<>(recipients);
        for (int i = 0; i < recipients; i++) {
            scores.add(score(address(100_000 + i), 1 + i % 7));
        }
        EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.TEN.pow(24), BigInteger.ZERO,
                Map.of(Program.ROLLUP, scores)));
        return result(allocation, CumulativeAmounts.empty().plus(allocation.payouts()), null);
    }

    /** The backend of the store's COPY once it waits on another transaction's row lock. */
    private int waitingCopy() {
        RowSet<Row> copying = await("the store's COPY waiting on the uncommitted row").atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> pool.query("SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY reward_allocation%' "
                        + "AND wait_event_type = 'Lock'").execute().await().indefinitely(), rows -> rows.size() == 1);
        return copying.iterator().next().getInteger("pid");
    }

    /**
     * The primary key compares accounts byte by byte (V49), whatever the database's locale, so the rows go in in its
     * order: the text order the store sends them in, mixed case and all.
     */
    @Test
    void theKeyOrdersAccountsAsTheStoreSendsThem() {
        assertEquals("C", pool.query("""
                SELECT collation_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'reward_allocation' AND column_name = 'account'""")
                .execute().await().indefinitely().iterator().next().getString(0));
        List<Score> scores = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            // Checksummed, so upper and lower case letters, which the locales' orders tell apart differently.
            scores.add(score(ChecksumAddress.of(String.format("0x%040x", 0xabcdef0000L * i + 0xfa0L * i)), i));
        }
        EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.valueOf(1_000_000),
                BigInteger.ZERO, Map.of(Program.DEPIN, scores, Program.ROLLUP, List.of(), Program.GOVERNANCE, List.of())));
        EpochResult result = result(allocation, CumulativeAmounts.empty().plus(allocation.payouts()), null);
        assertEquals(SaveOutcome.STORED, store.save(107, result).await().indefinitely());

        List<String> keyOrder = new ArrayList<>();
        pool.query("SELECT account FROM reward_allocation WHERE epoch = 107 ORDER BY account").execute()
                .await().indefinitely().forEach(row -> keyOrder.add(row.getString("account")));
        List<String> sent = new ArrayList<>();
        for (int leaf : RewardStore.textOrder(result.tree().accountText(), result.tree().size())) {
            sent.add(result.tree().values().get(leaf).value().account().toString());
        }
        assertEquals(40, keyOrder.size());
        assertEquals(sent, keyOrder);
    }

    /** The store still works after a failed save: the epoch goes in whole, and its rows prove against its root. */
    private void assertStoredWhole(long epoch, EpochResult result, ChecksumAddress account) {
        assertEquals(SaveOutcome.STORED, store.save(epoch, result).await().indefinitely());
        assertEquals(result.tree().size(), count(epoch));
        StoredLeaf leaf = store.leaf(epoch, account).await().indefinitely().orElseThrow();
        assertTrue(StandardMerkleTree.verify(result.tree().root(), new LeafValue(account, leaf.cumulativeAmount()),
                leaf.proof()));
        assertEquals(StandardTreeDump.write(result.tree()), store.dump(epoch).await().indefinitely().orElseThrow(),
                "the digest written last matches the rows");
    }

    /** A save's failure from the database, which reaches the caller as the SQLException it is. */
    private static SQLException saveFailure(Uni<SaveOutcome> save) {
        CompletionException failed = assertThrows(CompletionException.class, () -> save.await().indefinitely());
        return assertInstanceOf(SQLException.class, failed.getCause());
    }

    private long count(long epoch) {
        return pool.preparedQuery("SELECT count(*) FROM reward_allocation WHERE epoch = $1").execute(Tuple.of(epoch))
                .await().indefinitely().iterator().next().getLong(0);
    }

    static EpochResult result(EpochAllocation allocation, CumulativeAmounts cumulative, Long policyVersion) {
        return new EpochResult(DISTRIBUTOR, policyVersion, allocation, cumulative, StandardMerkleTree.of(cumulative.leaves()));
    }

    private static BigInteger payout(EpochAllocation allocation, ChecksumAddress account) {
        return allocation.payouts().stream().filter(p -> p.account().equals(account)).findFirst().orElseThrow().amount();
    }

    private static ChecksumAddress address(int n) {
        return ChecksumAddress.of(String.format("0x%040x", 0xabc0000000L + n));
    }

    private static Score score(ChecksumAddress account, long score) {
        return new Score(account, BigInteger.valueOf(score));
    }
}
