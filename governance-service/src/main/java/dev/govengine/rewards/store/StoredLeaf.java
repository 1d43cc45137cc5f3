package dev.govengine.rewards.store;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * One account's row of a stored epoch: what it was paid this epoch (in total and per program; zero when it is in
 * the tree only for earlier epochs), its cumulative amount, which is its leaf, and the leaf's proof.
 */
public record StoredLeaf(long epoch, ChecksumAddress account, Map<Program, BigInteger> byProgram, BigInteger amount,
                         BigInteger cumulativeAmount, List<Bytes32> proof) {
    public StoredLeaf {
        byProgram = Map.copyOf(byProgram);
        proof = List.copyOf(proof);
    }
}
