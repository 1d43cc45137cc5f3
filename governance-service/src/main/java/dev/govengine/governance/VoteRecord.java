package dev.govengine.governance;

import dev.govengine.chain.ChecksumAddress;
import java.math.BigInteger;

/** One VoteCast as indexed; {@code support} is GovernorCountingSimple's 0 against, 1 for, 2 abstain. */
public record VoteRecord(String governorId, BigInteger proposalId, ChecksumAddress voter, int support,
        BigInteger weight, String reason, String params, long blockNumber, String txHash, int logIndex) {
}
