package dev.govengine.rewards.allocation;

import java.math.BigInteger;
import java.util.List;

/**
 * The outcome of one epoch. {@code payouts} are paid; {@code belowMinimum} are the accounts whose total stayed under
 * the minimum payout and is carried instead. {@code carryOut}, the next epoch's incoming carry, is every program's
 * unallocated part plus everything below the minimum, so that paid + carryOut = budget + carryIn exactly.
 * Lists are ordered by account.
 */
public record EpochAllocation(BigInteger budget, BigInteger carryIn, List<ProgramAllocation> programs,
                              List<Payout> payouts, List<Payout> belowMinimum, BigInteger carryOut) {
    public EpochAllocation {
        programs = List.copyOf(programs);
        payouts = List.copyOf(payouts);
        belowMinimum = List.copyOf(belowMinimum);
    }

    public BigInteger paid() {
        return payouts.stream().map(Payout::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
