package dev.govengine.rewards.allocation;

import dev.govengine.rewards.scoring.Program;
import java.math.BigInteger;
import java.util.List;

/**
 * One program's part of an epoch: its pool, the cap per recipient, every scored recipient's share (by address), and
 * the part of the pool nobody could receive (the whole pool when nobody scored, the rest when everyone is capped).
 */
public record ProgramAllocation(Program program, BigInteger pool, BigInteger cap, List<RecipientShare> shares,
                                BigInteger unallocated) {
    public ProgramAllocation {
        shares = List.copyOf(shares);
    }
}
