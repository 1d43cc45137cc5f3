package dev.govengine.rewards.allocation;

import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;

/** A recipient's integer share of one program's pool, before the minimum payout is applied. */
public record RecipientShare(ChecksumAddress account, BigInteger score, BigInteger amount, boolean capped) {
}
