package dev.govengine.rewards.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.rewards.scoring.Score;
import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EpochAllocatorProperties {
    @Provide
    Arbitrary<AllocationPolicy> policies() {
        return AllocationArbitraries.policies();
    }

    @Provide
    Arbitrary<EpochInput> epochs() {
        return AllocationArbitraries.epochs();
    }

    @Property(tries = 400)
    void amountsPlusCarryEqualTheBudgetExactly(@ForAll("policies") AllocationPolicy policy, @ForAll("epochs") EpochInput input) {
        EpochAllocation epoch = EpochAllocator.allocate(policy, input);
        assertEquals(input.budget().add(input.carryIn()), epoch.paid().add(epoch.carryOut()));
        BigInteger pools = BigInteger.ZERO;
        for (ProgramAllocation program : epoch.programs()) {
            BigInteger shares = program.shares().stream().map(RecipientShare::amount).reduce(BigInteger.ZERO, BigInteger::add);
            assertEquals(program.pool(), shares.add(program.unallocated()), program.program().toString());
            pools = pools.add(program.pool());
        }
        assertEquals(input.distributable(), pools);
        for (Payout payout : epoch.payouts()) {
            assertTrue(payout.amount().compareTo(policy.minPayout()) >= 0);
            assertEquals(payout.amount(), payout.byProgram().values().stream().reduce(BigInteger.ZERO, BigInteger::add));
        }
    }

    @Property(tries = 400)
    void nobodyIsAboveTheCapAndPoolIsLeftOnlyWhenEveryoneIsCapped(@ForAll("policies") AllocationPolicy policy,
                                                                  @ForAll("epochs") EpochInput input) {
        for (ProgramAllocation program : EpochAllocator.allocate(policy, input).programs()) {
            List<RecipientShare> scored = program.shares().stream().filter(s -> s.score().signum() > 0).toList();
            for (RecipientShare share : program.shares()) {
                assertTrue(share.amount().compareTo(program.cap()) <= 0, share + " above cap " + program.cap());
            }
            if (program.unallocated().signum() > 0 && !scored.isEmpty()) {
                assertTrue(scored.stream().allMatch(s -> s.capped() && s.amount().equals(program.cap())),
                        "pool left over in " + program.program() + " although not everyone is capped");
            }
        }
    }

    @Property(tries = 400)
    void amountsAreMonotonicInScoreWithinAProgram(@ForAll("policies") AllocationPolicy policy, @ForAll("epochs") EpochInput input) {
        EpochAllocation epoch = EpochAllocator.allocate(policy, input);
        Map<ChecksumAddress, BigInteger> paid = epoch.payouts().stream().collect(Collectors.toMap(Payout::account, Payout::amount));
        for (ProgramAllocation program : epoch.programs()) {
            Set<ChecksumAddress> onlyHere = program.shares().stream().map(RecipientShare::account)
                    .filter(account -> scoredOnlyIn(input, program.program(), account)).collect(Collectors.toSet());
            for (RecipientShare higher : program.shares()) {
                for (RecipientShare lower : program.shares()) {
                    if (higher.score().compareTo(lower.score()) > 0) {
                        assertTrue(higher.amount().compareTo(lower.amount()) >= 0, higher + " got less than " + lower);
                        if (onlyHere.contains(higher.account()) && onlyHere.contains(lower.account())) {
                            BigInteger paidHigher = paid.getOrDefault(higher.account(), BigInteger.ZERO);
                            assertTrue(paidHigher.compareTo(paid.getOrDefault(lower.account(), BigInteger.ZERO)) >= 0,
                                    "after the minimum payout, " + higher + " got less than " + lower);
                        }
                    }
                }
            }
        }
    }

    @Property(tries = 300)
    void inputOrderChangesNeitherTheAllocationNorTheRoot(@ForAll("policies") AllocationPolicy policy,
                                                         @ForAll("epochs") EpochInput input, @ForAll long shuffleSeed) {
        Random random = new Random(shuffleSeed);
        Map<Program, List<Score>> shuffled = new EnumMap<>(Program.class);
        input.scores().forEach((program, scores) -> {
            List<Score> copy = new ArrayList<>(scores);
            Collections.shuffle(copy, random);
            shuffled.put(program, copy);
        });
        EpochAllocation original = EpochAllocator.allocate(policy, input);
        EpochAllocation reordered = EpochAllocator.allocate(policy, new EpochInput(input.budget(), input.carryIn(), shuffled));
        assertEquals(original, reordered);
        CumulativeAmounts cumulative = CumulativeAmounts.empty().plus(original.payouts());
        if (!cumulative.isEmpty()) {
            List<Payout> payouts = new ArrayList<>(reordered.payouts());
            Collections.shuffle(payouts, random);
            assertEquals(StandardMerkleTree.of(cumulative.leaves()).root(),
                    StandardMerkleTree.of(CumulativeAmounts.empty().plus(payouts).leaves()).root());
        }
    }

    private static boolean scoredOnlyIn(EpochInput input, Program program, ChecksumAddress account) {
        return input.scores().entrySet().stream()
                .filter(entry -> entry.getKey() != program)
                .noneMatch(entry -> entry.getValue().stream().anyMatch(s -> s.account().equals(account)));
    }
}
