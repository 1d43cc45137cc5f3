package dev.govengine.rewards.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Epochs large enough that the programs' merge and the cumulative step run in slices on several threads (from 2^15
 * shares or payouts): their results must be what one merge in address order gives, worked out here with sorted maps.
 */
class AllocationSlicesTest {
    private static final int ACCOUNTS = 100_000;

    @Test
    void slicedMergesGiveWhatOneMergeInAddressOrderGives() {
        SplittableRandom random = new SplittableRandom(18);
        List<ChecksumAddress> accounts = accounts(random, ACCOUNTS);
        Map<Program, List<Score>> scores = new EnumMap<>(Program.class);
        for (Program program : Program.values()) {
            scores.put(program, new ArrayList<>());
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            // Every account in DePIN, every other in rollup, every third in governance; a few score nothing.
            scores.get(Program.DEPIN).add(new Score(accounts.get(i), BigInteger.valueOf(random.nextInt(1_000))));
            if (i % 2 == 0) {
                scores.get(Program.ROLLUP).add(new Score(accounts.get(i), BigInteger.valueOf(1 + random.nextInt(1_000))));
            }
            if (i % 3 == 0) {
                scores.get(Program.GOVERNANCE).add(new Score(accounts.get(i), BigInteger.valueOf(1 + random.nextInt(1_000))));
            }
        }
        AllocationPolicy policy = new AllocationPolicy(Map.of(Program.DEPIN, 5000, Program.ROLLUP, 3000,
                Program.GOVERNANCE, 2000), Program.DEPIN, 100, BigInteger.ZERO);
        EpochAllocation epoch = EpochAllocator.allocate(policy, new EpochInput(BigInteger.TEN.pow(24), BigInteger.ZERO,
                scores));

        TreeMap<ChecksumAddress, Map<Program, BigInteger>> expected = new TreeMap<>();
        for (ProgramAllocation program : epoch.programs()) {
            for (RecipientShare share : program.shares()) {
                if (share.amount().signum() > 0) {
                    expected.computeIfAbsent(share.account(), account -> new EnumMap<>(Program.class))
                            .put(program.program(), share.amount());
                }
            }
        }
        List<Payout> payouts = new ArrayList<>();
        expected.forEach((account, byProgram) -> payouts.add(new Payout(account,
                byProgram.values().stream().reduce(BigInteger.ZERO, BigInteger::add), byProgram)));
        assertEquals(payouts, epoch.payouts());

        // The epoch before paid every other of these accounts and some that nobody pays now; the payouts come
        // shuffled, and two payouts of the same account add up.
        TreeMap<ChecksumAddress, BigInteger> held = new TreeMap<>();
        for (int i = 0; i < ACCOUNTS; i += 2) {
            held.put(accounts.get(i), BigInteger.valueOf(1 + random.nextInt(1_000_000)));
        }
        for (ChecksumAddress stranger : accounts(random, 40_000)) {
            held.put(stranger, BigInteger.valueOf(1 + random.nextInt(1_000_000)));
        }
        CumulativeAmounts previous = CumulativeAmounts.of(held);
        List<Payout> added = new ArrayList<>(epoch.payouts());
        for (int i = 0; i < added.size(); i += 7) {
            Payout again = added.get(i);
            added.add(new Payout(again.account(), BigInteger.TWO, Map.of(Program.DEPIN, BigInteger.TWO)));
        }
        Collections.shuffle(added, new Random(6));
        TreeMap<ChecksumAddress, BigInteger> sums = new TreeMap<>(held);
        for (Payout payout : added) {
            sums.merge(payout.account(), payout.amount(), BigInteger::add);
        }
        List<LeafValue> leaves = new ArrayList<>();
        sums.forEach((account, amount) -> leaves.add(new LeafValue(account, amount)));
        assertEquals(leaves, previous.plus(added).leaves());
    }

    private static List<ChecksumAddress> accounts(SplittableRandom random, int count) {
        List<ChecksumAddress> accounts = new ArrayList<>(count);
        byte[] address = new byte[20];
        for (int i = 0; i < count; i++) {
            random.nextBytes(address);
            accounts.add(ChecksumAddress.of("0x" + HexFormat.of().formatHex(address)));
        }
        return accounts;
    }
}
