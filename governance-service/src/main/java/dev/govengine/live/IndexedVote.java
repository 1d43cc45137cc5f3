package dev.govengine.live;

import dev.govengine.governance.HeadRange;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/**
 * A vote as indexed; {@code support} as cast (0 against, 1 for, 2 abstain, 255 fractional), {@code blockTimestamp} its block's time in
 * seconds since the epoch; {@code isFinal} at the
 * indexed head it was announced at, and {@code holds} where the head can move without changing that.
 */
public record IndexedVote(
        String governorId,
        BigInteger proposalId,
        ChecksumAddress voter,
        int support,
        BigInteger weight,
        String reason,
        String params,
        long blockNumber,
        long blockTimestamp,
        String txHash,
        int logIndex,
        boolean isFinal,
        HeadRange holds) {
}
