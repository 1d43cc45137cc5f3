package dev.govengine.governance;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/**
 * One VoteCast as indexed; {@code support} as cast (see {@link VoteSplit}), {@code blockTimestamp} its block's time
 * in seconds since the epoch. Whether its
 * block is final was read with it, at the indexed head, and {@code holds} is where the head can move without
 * changing that.
 */
public record VoteRecord(String governorId, BigInteger proposalId, ChecksumAddress voter, int support,
        BigInteger weight, String reason, String params, long blockNumber, long blockTimestamp, String txHash, int logIndex,
        boolean isFinal, HeadRange holds) {
}
