package dev.govengine.rewards.store;

import dev.govengine.rewards.scoring.Program;
import dev.govengine.types.Bytes32;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A stored epoch result. {@code pools} and {@code paidByProgram} hold every program; {@code recipientCount} counts the
 * accounts paid this epoch, {@code leafCount} the accounts in the cumulative tree. The transaction hashes and the
 * dispute deadline stay null until the submission side records them. {@code status} is the epoch lifecycle's
 * (COMPUTED, SUBMITTED, SUBMIT_FAILED, DISPUTED or FINALIZED), and {@code statusDetail} why it failed or what it waits
 * for, when there is something to say.
 */
public record StoredEpoch(long epoch, Distributor distributor, Bytes32 root, BigInteger totalCumulative,
                          BigInteger budget, BigInteger carryIn, BigInteger paid, BigInteger carryOut,
                          Map<Program, BigInteger> pools, Map<Program, BigInteger> paidByProgram, int recipientCount,
                          int leafCount, Long policyVersion, String dumpSha256, OffsetDateTime computedAt,
                          String proposeTxHash, String disputeTxHash, String resolveTxHash, Long disputeDeadline,
                          String status, String statusDetail, Long coveredBy) {
    public StoredEpoch {
        pools = Map.copyOf(pools);
        paidByProgram = Map.copyOf(paidByProgram);
    }
}
