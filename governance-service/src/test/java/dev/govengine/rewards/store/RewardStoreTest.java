package dev.govengine.rewards.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.chain.ChecksumAddress;
import dev.govengine.rewards.allocation.AllocationPolicy;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.EpochAllocator;
import dev.govengine.rewards.allocation.EpochInput;
import dev.govengine.rewards.allocation.Program;
import dev.govengine.rewards.allocation.Score;
import dev.govengine.rewards.tree.LeafValue;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.rewards.tree.StandardTreeDump;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reward store against real PostgreSQL: an epoch goes in whole, its rows read back as the allocation and the
 * proofs the tree gives, its dump is rebuilt byte for byte, saving it again is a no-op, another root is refused,
 * and a failure in the last chunk leaves nothing behind. Epoch numbers 101 and up are this class's own, since the
 * store is shared by every test of the run.
 */
@QuarkusTest
class RewardStoreTest {
    static final Distributor DISTRIBUTOR = new Distributor(31337, ChecksumAddress.of("0x00000000000000000000000000000000000d1570"));
    private static final AllocationPolicy POLICY = new AllocationPolicy(
            Map.of(Program.DEPIN, 5000, Program.ROLLUP, 3000, Program.GOVERNANCE, 2000), Program.DEPIN, 10_000,
            BigInteger.valueOf(50));

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
        EpochResult result = result(allocation, cumulative, 12L);

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
        assertEquals(computedAt, store.epoch(103).await().indefinitely().orElseThrow().computedAt(), "the row was not rewritten");
        assertEquals(2L, count(103));

        EpochAllocation other = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.valueOf(1001), BigInteger.ZERO,
                Map.of(Program.DEPIN, List.of(score(address(11), 1), score(address(12), 2)))));
        EpochResult otherResult = result(other, CumulativeAmounts.empty().plus(other.payouts()), null);
        EpochConflictException conflict = assertThrows(EpochConflictException.class,
                () -> store.save(103, otherResult).await().indefinitely());
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
    void aFailureInTheLastChunkLeavesNothingStored() {
        int recipients = 2 * RewardStore.CHUNK + 500;
        List<Score> scores = new ArrayList<>(recipients);
        for (int i = 0; i < recipients; i++) {
            scores.add(score(address(100_000 + i), 1 + i % 7));
        }
        EpochAllocation allocation = EpochAllocator.allocate(POLICY, new EpochInput(BigInteger.TEN.pow(24), BigInteger.ZERO,
                Map.of(Program.ROLLUP, scores)));
        CumulativeAmounts cumulative = CumulativeAmounts.empty().plus(allocation.payouts());
        EpochResult result = result(allocation, cumulative, null);
        ChecksumAddress inLastChunk = result.tree().values().get(recipients - 3).value().account();
        // A stray row where the last chunk will insert: the primary key fails that chunk, after two have gone in.
        pool.preparedQuery("INSERT INTO reward_allocation (epoch, account, depin_amount, rollup_amount, governance_amount, "
                        + "amount, cumulative_amount, proof) VALUES (102, $1, 0, 0, 0, 0, 0, ''::bytea)")
                .execute(Tuple.of(inLastChunk.toString())).await().indefinitely();

        PgException failed = assertThrows(PgException.class, () -> store.save(102, result).await().indefinitely());
        assertEquals("23505", failed.getSqlState(), "unique violation");
        assertTrue(store.epoch(102).await().indefinitely().isEmpty(), "no result row");
        assertEquals(1L, count(102), "only the stray row: the first two chunks were rolled back");

        pool.query("DELETE FROM reward_allocation WHERE epoch = 102").execute().await().indefinitely();
        assertEquals(SaveOutcome.STORED, store.save(102, result).await().indefinitely());
        assertEquals(recipients, count(102));
        StoredLeaf last = store.leaf(102, inLastChunk).await().indefinitely().orElseThrow();
        assertTrue(StandardMerkleTree.verify(result.tree().root(), new LeafValue(inLastChunk, last.cumulativeAmount()),
                last.proof()));
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
