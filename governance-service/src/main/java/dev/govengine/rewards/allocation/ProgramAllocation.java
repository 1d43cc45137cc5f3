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
        // The allocator's own list is unmodifiable already, and a copy would make an object per share.
        shares = shares instanceof ShareList ? shares : List.copyOf(shares);
    }
}
