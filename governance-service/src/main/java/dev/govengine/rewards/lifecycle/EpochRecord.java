package dev.govengine.rewards.lifecycle;

import dev.govengine.rewards.epoch.EpochStatus;
import java.math.BigInteger;

/**
 * An epoch's row of {@code reward_epoch}: its status and what closing and computing it fixed. The blocks and the
 * policy version are set once it is CLOSED, the carry once it is COMPUTED; {@code detail} says why it failed or waits.
 * {@code coveredBy} is the later epoch whose cumulative root carries this one's amounts, when its own root is skipped.
 */
public record EpochRecord(long epoch, EpochStatus status, Long startTimestamp, Long endTimestamp, Long firstBlock,
        Long endBlock, Long policyVersion, BigInteger carryOut, String detail, Long coveredBy) {
}
